//! Create and edit a customer, with an error next to each bad field.

use ilgi_core::model::draft::{CustomerDraft, Field, FieldError, IdentityDraft};
use ilgi_core::model::{Batch, ConsentChannel, Customer, Id, Platform, Record, Tier};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::customer_href;
use crate::crm::use_crm;
use crate::i18n::use_i18n;
use crate::storage::ErrorKind;
use crate::storage::db::{new_id, now_millis};

#[component]
pub fn CustomerNew() -> impl IntoView {
    let i18n = use_i18n();
    let draft = CustomerDraft {
        tier: Tier::Standard.code().into(),
        identities: vec![IdentityDraft {
            platform: Platform::Instagram.code().into(),
            ..IdentityDraft::default()
        }],
        consents: ConsentChannel::ALL.iter().map(|c| (*c, None)).collect(),
        ..CustomerDraft::default()
    };
    view! {
        <section class="page" data-page="customer-new">
            <p><a href="/customers" class="back">{move || i18n.t("customer-back")}</a></p>
            <h1>{move || i18n.t("customer-new-title")}</h1>
            <CustomerForm draft existing=None/>
        </section>
    }
}

#[component]
pub fn CustomerEdit() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<Id>().ok())));
    // Read once when the database is open (a direct load of this page
    // opens it meanwhile); later writes do not refill the form: it keeps
    // the copy the user started from, and saving merges against it.
    // `None` while the database is still opening.
    let existing = LocalResource::new(move || async move {
        if !crm.is_open() {
            return None;
        }
        let (Some(id), Some(db)) = (id.get(), crm.db()) else {
            return Some(None);
        };
        Some(db.customer(id).await.ok().flatten())
    });
    view! {
        <section class="page" data-page="customer-edit">
            <p><a href="/customers" class="back">{move || i18n.t("customer-back")}</a></p>
            <h1>{move || i18n.t("customer-edit-title")}</h1>
            <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
                {move || Suspend::new(async move {
                    match existing.await {
                        None => view! { <p>{move || i18n.t("loading")}</p> }.into_any(),
                        Some(Some(c)) => {
                            let mut draft = CustomerDraft::from_customer(&c);
                            draft.identities.push(IdentityDraft { platform: Platform::Instagram.code().into(), ..IdentityDraft::default() });
                            view! { <CustomerForm draft existing=Some(c)/> }.into_any()
                        }
                        Some(None) => view! { <p>{move || i18n.t("customer-missing")}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The translation key of a customer field's label.
fn field_label(field: &str) -> Option<&'static str> {
    Some(match field {
        "first_name" => "field-first-name",
        "last_name" => "field-last-name",
        "emails" => "field-emails",
        "phones" => "field-phones",
        "city" => "field-city",
        "tier" => "field-tier",
        "tags" => "field-tags",
        "products" => "field-products",
        "owner" => "field-owner",
        "external_id" => "field-external-id",
        "identities" => "customer-identities",
        "consents" => "customer-consents",
        _ => return None,
    })
}

/// A text input bound to one draft field, with its error below.
#[component]
fn TextField(
    label: &'static str,
    name: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] error: Option<Signal<Option<String>>>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let id = format!("field-{name}");
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    // The error (when there is one) and the hint describe the field.
    let described_by = match hint {
        Some(_) => format!("{err_id} {hint_id}"),
        None => err_id.clone(),
    };
    let input = if multiline {
        view! {
            <textarea id=id.clone() name=name rows="2" data-field=name
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described_by.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() name=name type="text" data-field=name
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described_by.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id>{move || i18n.t(label)}</label>
            {input}
            {hint.map(|h| view! { <small class="muted" id=hint_id>{move || i18n.t(h)}</small> })}
            <small class="field-error" id=err_id data-error-for=name>{move || error.get().unwrap_or_default()}</small>
        </div>
    }
}

#[component]
fn CustomerForm(draft: CustomerDraft, existing: Option<Customer>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = crate::toast::use_toasts();
    let crm = use_crm();
    let navigate = use_navigate();
    let first = RwSignal::new(draft.first_name);
    let last = RwSignal::new(draft.last_name);
    let emails = RwSignal::new(draft.emails);
    let phones = RwSignal::new(draft.phones);
    let city = RwSignal::new(draft.city);
    let tier = RwSignal::new(draft.tier);
    let tags = RwSignal::new(draft.tags);
    let products = RwSignal::new(draft.products);
    let owner = RwSignal::new(draft.owner);
    let external = RwSignal::new(draft.external_id);
    let identities = RwSignal::new(draft.identities);
    let consents = RwSignal::new(draft.consents);
    let errors: RwSignal<Vec<FieldError>> = RwSignal::new(Vec::new());
    let existing = StoredValue::new(existing);
    let form_ref = NodeRef::<leptos::html::Form>::new();

    let error_for = move |field: Field| {
        Signal::derive(move || {
            let lang = i18n.lang();
            let list: Vec<String> = errors
                .get()
                .iter()
                .filter(|e| e.field == field)
                .map(|e| {
                    let reason = ilgi_core::i18n::catalog().text(lang, e.error.key());
                    if e.value.is_empty() {
                        reason
                    } else {
                        format!("{}: {reason}", e.value)
                    }
                })
                .collect();
            (!list.is_empty()).then(|| list.join("; "))
        })
    };

    // An edit is saved as the difference from the copy the form was
    // filled from, merged per field with what is stored now; a field that
    // changed underneath (another tab, sync) is refused, never overwritten.
    let save = Action::new_local(move |customer: &Customer| {
        let customer = customer.clone();
        let base = existing.get_value();
        async move {
            let mut batch = Batch::new();
            match base {
                Some(base) => {
                    batch.update(Record::Customer(base), Record::Customer(customer.clone()))
                }
                None => batch.put(Record::Customer(customer.clone())),
            }
            crm.apply(batch).await.map(|_| customer.id)
        }
    });
    // After a conflict the form takes the stored values of the clashing
    // fields (the user's other edits stay) and the stored copy becomes the
    // new base, so saving again is a deliberate choice.
    let refill = Action::new_local(move |fields: &Vec<String>| {
        let fields = fields.clone();
        let id = existing.get_value().map(|c| c.id);
        async move {
            let (Some(id), Some(db)) = (id, crm.db()) else {
                return;
            };
            let Ok(Some(current)) = db.customer(id).await else {
                return;
            };
            let fresh = CustomerDraft::from_customer(&current);
            for field in &fields {
                match field.as_str() {
                    "first_name" => first.set(fresh.first_name.clone()),
                    "last_name" => last.set(fresh.last_name.clone()),
                    "emails" => emails.set(fresh.emails.clone()),
                    "phones" => phones.set(fresh.phones.clone()),
                    "city" => city.set(fresh.city.clone()),
                    "tier" => tier.set(fresh.tier.clone()),
                    "tags" => tags.set(fresh.tags.clone()),
                    "products" => products.set(fresh.products.clone()),
                    "owner" => owner.set(fresh.owner.clone()),
                    "external_id" => external.set(fresh.external_id.clone()),
                    "identities" => identities.set(fresh.identities.clone()),
                    "consents" => consents.set(fresh.consents.clone()),
                    _ => {}
                }
            }
            existing.set_value(Some(current));
        }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(id)) => navigate(&customer_href(id), Default::default()),
        Some(Err(e)) => {
            if e.kind == ErrorKind::Conflict {
                let fields: Vec<String> = e.detail.split(", ").map(str::to_string).collect();
                // Name the fields as the form labels them.
                let labels: Vec<String> = fields
                    .iter()
                    .map(|f| field_label(f).map_or_else(|| f.clone(), |key| i18n.t(key)))
                    .collect();
                refill.dispatch(fields);
                toasts.error_key("storage-error-conflict", labels.join(", "));
            } else {
                crm.report(&e);
            }
        }
        None => {}
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = CustomerDraft {
            first_name: first.get_untracked(),
            last_name: last.get_untracked(),
            emails: emails.get_untracked(),
            phones: phones.get_untracked(),
            city: city.get_untracked(),
            tier: tier.get_untracked(),
            tags: tags.get_untracked(),
            products: products.get_untracked(),
            owner: owner.get_untracked(),
            external_id: external.get_untracked(),
            identities: identities.get_untracked(),
            consents: consents.get_untracked(),
        };
        let mut customer = existing
            .get_value()
            .unwrap_or_else(|| Customer::new(new_id(), "", ""));
        match draft.apply(&mut customer, now_millis()) {
            Ok(()) => {
                errors.set(Vec::new());
                save.dispatch(customer);
            }
            Err(list) => {
                errors.set(list);
                // Once the errors are drawn, the first field in error (in
                // the form's order) takes the focus.
                set_timeout(
                    move || {
                        let first = form_ref.get_untracked().and_then(|form| {
                            form.query_selector("[aria-invalid=true]").ok().flatten()
                        });
                        if let Some(el) = first {
                            let _ =
                                wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(el)
                                    .focus();
                        }
                    },
                    std::time::Duration::ZERO,
                );
            }
        }
    };

    let identity_rows = move || {
        identities
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, row)| {
                let set = move |f: &dyn Fn(&mut IdentityDraft)| identities.update(|rows| if let Some(r) = rows.get_mut(i) { f(r) });
                let handle_err = error_for(Field::Identity(i));
                let followers_err = error_for(Field::Followers(i));
                let platform = row.platform.clone();
                view! {
                    <div class="identity-row" data-testid="identity-row">
                        <select aria-label=move || i18n.t("field-platform") data-field=format!("platform-{i}")
                            on:change=move |ev| { let v = event_target_value(&ev); set(&|r| r.platform = v.clone()); }>
                            {Platform::ALL.into_iter().map(|p| {
                                let selected = p.code() == platform;
                                view! { <option value=p.code() selected=selected>{p.name()}</option> }
                            }).collect_view()}
                        </select>
                        <div class="field" class:invalid=move || handle_err.get().is_some()>
                            <input type="text" aria-label=move || i18n.t("field-handle") data-field=format!("identity-{i}")
                                aria-invalid=move || handle_err.get().is_some().to_string()
                                aria-describedby=format!("identity-{i}-error")
                                placeholder="@kullanici" prop:value=row.handle.clone()
                                on:input=move |ev| { let v = event_target_value(&ev); set(&|r| r.handle = v.clone()); }/>
                            <small class="field-error" id=format!("identity-{i}-error") data-error-for=format!("identity-{i}")>{move || handle_err.get().unwrap_or_default()}</small>
                        </div>
                        <div class="field" class:invalid=move || followers_err.get().is_some()>
                            <input type="text" inputmode="numeric" aria-label=move || i18n.t("field-followers") data-field=format!("followers-{i}")
                                aria-invalid=move || followers_err.get().is_some().to_string()
                                aria-describedby=format!("followers-{i}-error")
                                prop:value=row.followers.clone()
                                on:input=move |ev| { let v = event_target_value(&ev); set(&|r| r.followers = v.clone()); }/>
                            <small class="field-error" id=format!("followers-{i}-error") data-error-for=format!("followers-{i}")>{move || followers_err.get().unwrap_or_default()}</small>
                        </div>
                    </div>
                }
            })
            .collect_view()
    };

    view! {
        <form class="panel form" node_ref=form_ref on:submit=submit novalidate=true data-testid="customer-form">
            <div class="form-grid">
                <TextField label="field-first-name" name="first_name" value=first error=error_for(Field::Name)/>
                <TextField label="field-last-name" name="last_name" value=last/>
                <TextField label="field-emails" name="emails" value=emails error=error_for(Field::Emails) hint="field-list-hint"/>
                <TextField label="field-phones" name="phones" value=phones error=error_for(Field::Phones) hint="field-phone-hint"/>
                <TextField label="field-city" name="city" value=city/>
                <div class="field">
                    <label for="field-tier">{move || i18n.t("field-tier")}</label>
                    <select id="field-tier" data-field="tier" on:change=move |ev| tier.set(event_target_value(&ev))>
                        {Tier::ALL.into_iter().map(|t| view! {
                            <option value=t.code() selected=move || tier.get() == t.code()>{move || i18n.t(t.key())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <TextField label="field-tags" name="tags" value=tags hint="field-list-hint"/>
                <TextField label="field-products" name="products" value=products hint="field-list-hint"/>
                <TextField label="field-owner" name="owner" value=owner/>
                <TextField label="field-external-id" name="external_id" value=external/>
            </div>
            <fieldset>
                <legend>{move || i18n.t("customer-identities")}</legend>
                {identity_rows}
                <button type="button" class="secondary" on:click=move |_| identities.update(|r| r.push(IdentityDraft { platform: Platform::Instagram.code().into(), ..IdentityDraft::default() }))>
                    {move || i18n.t("identity-add")}
                </button>
            </fieldset>
            <fieldset>
                <legend>{move || i18n.t("customer-consents")}</legend>
                <div class="consents">
                    {ConsentChannel::ALL.into_iter().enumerate().map(|(i, ch)| {
                        let current = move || consents.get().get(i).and_then(|(_, v)| *v);
                        view! {
                            <label>
                                <span>{move || i18n.t(ch.key())}</span>
                                <select data-field=format!("consent-{}", ch.code()) on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    consents.update(|list| if let Some(entry) = list.get_mut(i) {
                                        entry.1 = match v.as_str() { "yes" => Some(true), "no" => Some(false), _ => None };
                                    });
                                }>
                                    <option value="" selected=move || current().is_none()>{move || i18n.t("consent-unknown")}</option>
                                    <option value="yes" selected=move || current() == Some(true)>{move || i18n.t("consent-yes")}</option>
                                    <option value="no" selected=move || current() == Some(false)>{move || i18n.t("consent-no")}</option>
                                </select>
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <Show when=move || !errors.get().is_empty()>
                <p class="form-error" role="alert" data-testid="form-errors">{move || i18n.t("form-has-errors")}</p>
            </Show>
            <div class="page-actions">
                <button type="submit" class="primary" data-testid="save-customer" disabled=move || save.pending().get()>{move || i18n.t("save")}</button>
                <a class="button" href="/customers">{move || i18n.t("cancel")}</a>
            </div>
        </form>
    }
}
