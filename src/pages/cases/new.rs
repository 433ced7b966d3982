//! `/cases/new` (`?customer=<id>` from a customer page): record a
//! complaint. Triage runs as the form is filled in, so the level, its
//! reasons and the department show before saving.

use ilgi_core::cases::{
    CaseChannel, Category, Complaint, CustomerFacts, Opening, Triage, case_number, open_case,
    triage::customer_facts,
};
use ilgi_core::model::{Batch, Customer, Id, Record};
use ilgi_core::query::CustomerQuery;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{AGENT, Desk, LevelChip, cases_by_customer, department_name, load_desk};
use crate::crm::use_crm;
use crate::i18n::use_i18n;
use crate::insights::use_insights;
use crate::storage::StorageError;
use crate::storage::db::{new_id, now_millis};

#[component]
pub fn CaseNew() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let query = use_query_map();
    let loaded = LocalResource::new(move || async move {
        if !crm.is_open() {
            return Ok(None);
        }
        let Some(db) = crm.db() else {
            return Ok(None);
        };
        let desk = load_desk(crm).await?;
        let client = db.client_id().await?;
        let customer = match query
            .with_untracked(|q| q.get("customer"))
            .and_then(|s| s.parse::<Id>().ok())
        {
            Some(id) => db.customer(id).await?,
            None => None,
        };
        Ok::<_, StorageError>(Some((desk, client, customer)))
    });
    view! {
        <section class="page" data-page="case-new">
            <p><a href="/cases" class="back">{move || i18n.t("cases-back")}</a></p>
            <h1>{move || i18n.t("case-new-title")}</h1>
            <Suspense fallback=move || view! { <p>{move || i18n.t("loading")}</p> }>
                {move || Suspend::new(async move {
                    match loaded.await {
                        Ok(Some((desk, client, customer))) => view! { <CaseForm desk client customer/> }.into_any(),
                        Ok(None) => view! { <p>{move || i18n.t("loading")}</p> }.into_any(),
                        Err(e) => {
                            crm.report(&e);
                            view! { <p>{move || i18n.t(e.key())}</p> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The next number of this installation.
fn next_number(desk: &Desk, client: Id) -> String {
    let prefix = case_number(client, 0);
    let prefix = prefix.trim_end_matches("0000");
    let last = desk
        .cases
        .iter()
        .filter_map(|f| f.case.number.strip_prefix(prefix))
        .filter_map(|n| n.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    case_number(client, last + 1)
}

#[component]
fn CaseForm(desk: Desk, client: Id, customer: Option<Customer>) -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let insights = use_insights();
    Effect::new(move |_| insights.ensure());
    let navigate = use_navigate();
    let desk = StoredValue::new(desk);
    let chosen: RwSignal<Option<Customer>> = RwSignal::new(customer);
    let search = RwSignal::new(String::new());
    let author = RwSignal::new(String::new());
    let channel = RwSignal::new(CaseChannel::Phone);
    let category: RwSignal<Option<Category>> = RwSignal::new(None);
    let products = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let public = RwSignal::new(false);
    let reach = RwSignal::new(String::new());
    let text_error = RwSignal::new(false);
    let saving = RwSignal::new(false);

    let matches = move || {
        let typed = search.get();
        if typed.trim().chars().count() < 2 {
            return Vec::new();
        }
        let ids = crm.query(&CustomerQuery {
            text: typed,
            ..CustomerQuery::default()
        });
        crm.rows(&ids[..ids.len().min(6)])
    };
    let pick = move |id: Id| {
        leptos::task::spawn_local(async move {
            if let Some(db) = crm.db()
                && let Ok(Some(c)) = db.customer(id).await
            {
                chosen.set(Some(c));
                search.set(String::new());
            }
        });
    };

    let complaint = move || Complaint {
        category: category
            .get()
            .unwrap_or_else(|| desk.with_value(|d| d.rules.detect_category(&text.get()))),
        channel: channel.get(),
        text: text.get(),
        products: products
            .get()
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect(),
        public: public.get(),
        reach: reach
            .get()
            .replace(['.', ',', ' '], "")
            .parse()
            .unwrap_or(0),
        at: chrono::DateTime::from_timestamp_millis(now_millis()).unwrap_or_default(),
    };
    let value = insights.value_of(
        move || chosen.with(|c| c.as_ref().map(|c| (c.id, Vec::new()))),
        0,
    );
    let facts = move || -> CustomerFacts {
        let Some(c) = chosen.get() else {
            return CustomerFacts::default();
        };
        let metrics = value.get().flatten().map(|v| v.metrics);
        let earlier = desk.with_value(|d| cases_by_customer(d).remove(&c.id).unwrap_or_default());
        desk.with_value(|d| {
            customer_facts(
                &c,
                metrics.as_ref(),
                earlier,
                now_millis(),
                d.rules.recent_days,
            )
        })
    };
    let triage = Memo::new(move |_| -> Triage {
        let complaint = complaint();
        let facts = facts();
        desk.with_value(|d| d.rules.triage(&complaint, &facts))
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if text.get_untracked().trim().is_empty() {
            text_error.set(true);
            if let Some(el) = document().get_element_by_id("case-text") {
                let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(el).focus();
            }
            return;
        }
        text_error.set(false);
        saving.set(true);
        let complaint = untrack(complaint);
        let t = triage.get_untracked();
        let customer = chosen.get_untracked();
        let number = desk.with_value(|d| next_number(d, client));
        let now = now_millis();
        let opened = open_case(
            &complaint,
            t,
            Opening {
                number,
                customer_id: customer.as_ref().map(|c| c.id),
                author: customer
                    .is_none()
                    .then(|| author.get_untracked().trim().to_string()),
                at: now,
                by: AGENT.to_string(),
            },
            &mut new_id,
        );
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let Ok((case, events)) = opened else {
                saving.set(false);
                return;
            };
            let id = case.id;
            let mut batch = Batch::new();
            batch.put(Record::Case(case));
            for e in events {
                batch.put(Record::CaseEvent(e));
            }
            match crm.apply(batch).await {
                Ok(_) => navigate(&format!("/cases/{id}"), Default::default()),
                Err(e) => {
                    saving.set(false);
                    crm.report(&e);
                }
            }
        });
    };

    view! {
        <form class="panel form" on:submit=save data-testid="case-form" novalidate>
            <fieldset>
                <legend>{move || i18n.t("case-who")}</legend>
                {move || match chosen.get() {
                    Some(c) => view! {
                        <p data-testid="case-customer">
                            <strong>{c.full_name()}</strong>" · "{move || i18n.t(c.tier.key())}" "
                            <button type="button" class="link" on:click=move |_| chosen.set(None)>{move || i18n.t("case-customer-change")}</button>
                        </p>
                    }.into_any(),
                    None => view! {
                        <div class="field">
                            <label for="case-customer-search">{move || i18n.t("case-customer-search")}</label>
                            <input id="case-customer-search" type="search" autocomplete="off" data-field="customer-search"
                                prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
                        </div>
                        <ul class="plain picks" data-testid="case-customer-matches">
                            {move || matches().into_iter().map(|row| {
                                let id = row.id;
                                view! { <li><button type="button" class="link" on:click=move |_| pick(id)>{row.name.clone()}</button></li> }
                            }).collect_view()}
                        </ul>
                        <div class="field">
                            <label for="case-author">{move || i18n.t("case-author")}</label>
                            <input id="case-author" data-field="author" prop:value=move || author.get()
                                on:input=move |ev| author.set(event_target_value(&ev))/>
                        </div>
                    }.into_any(),
                }}
            </fieldset>
            <div class="field" class:invalid=move || text_error.get() && text.get().trim().is_empty()>
                <label for="case-text">{move || i18n.t("case-text")}</label>
                <textarea id="case-text" data-field="text" rows="4"
                    aria-invalid=move || (text_error.get() && text.get().trim().is_empty()).to_string()
                    aria-describedby="case-text-error"
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <small id="case-text-error" class="field-error" role="alert">
                    {move || (text_error.get() && text.get().trim().is_empty()).then(|| i18n.t("case-text-required"))}
                </small>
            </div>
            <div class="form-grid">
                <div class="field">
                    <label for="case-channel">{move || i18n.t("case-channel")}</label>
                    <select id="case-channel" data-field="channel" on:change=move |ev| {
                        if let Some(c) = CaseChannel::parse(&event_target_value(&ev)) { channel.set(c) }
                    }>
                        {CaseChannel::ALL.into_iter().map(|c| view! {
                            <option value=c.code() selected=move || channel.get() == c>{move || i18n.t(c.key())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="case-category">{move || i18n.t("case-category")}</label>
                    <select id="case-category" data-field="category" on:change=move |ev| {
                        category.set(Category::parse(&event_target_value(&ev)))
                    }>
                        <option value="" selected=move || category.get().is_none()>{move || i18n.t("case-category-detect")}</option>
                        {Category::ALL.into_iter().map(|c| view! {
                            <option value=c.code() selected=move || category.get() == Some(c)>{move || i18n.t(c.key())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="case-products">{move || i18n.t("case-products")}</label>
                    <input id="case-products" data-field="products" prop:value=move || products.get()
                        on:input=move |ev| products.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="case-reach">{move || i18n.t("case-reach")}</label>
                    <input id="case-reach" data-field="reach" inputmode="numeric" prop:value=move || reach.get()
                        on:input=move |ev| reach.set(event_target_value(&ev))/>
                </div>
            </div>
            <label class="inline">
                <input type="checkbox" data-field="public" prop:checked=move || public.get()
                    on:change=move |ev| public.set(event_target_checked(&ev))/>
                {move || i18n.t("case-public")}
            </label>
            <div class="triage-preview" data-testid="triage-preview" aria-live="polite">
                <h2>{move || i18n.t("case-triage")}</h2>
                <p>
                    {move || view! { <LevelChip level=Some(triage.get().level)/> }}" → "
                    <span data-testid="triage-department">
                        {move || desk.with_value(|d| department_name(&d.rules, &triage.get().department, i18n))}
                    </span>
                </p>
                <ul class="plain" data-testid="triage-reasons">
                    {move || {
                        let t = triage.get();
                        if t.reasons.is_empty() {
                            return view! { <li class="muted">{move || i18n.t("case-reason-default")}</li> }.into_any();
                        }
                        t.reasons.into_iter().map(|r| view! {
                            <li>
                                {r.name.clone()}" "
                                <span class="muted">{move || if r.discriminator {
                                    i18n.t_with("case-reason-at-least", &[("level", ilgi_core::i18n::Arg::Str(&i18n.t(r.level.key())))])
                                } else {
                                    i18n.t(r.level.key())
                                }}</span>
                            </li>
                        }).collect_view().into_any()
                    }}
                </ul>
            </div>
            <div class="form-actions">
                <button type="submit" class="primary" data-testid="save-case" disabled=move || saving.get()>
                    {move || i18n.t("case-save")}
                </button>
            </div>
        </form>
    }
}
