//! One customer: contact data, social identities, consents, purchases and
//! the timeline, with edit and delete.

use ilgi_core::i18n::Arg;
use ilgi_core::model::{ConsentChannel, Customer, Id, Interaction, Purchase};
use ilgi_core::social::sentiment::Label;
use ilgi_core::units;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::interaction::{AddInteraction, NoteDraft};
use crate::components::customers::ValuePanel;
use crate::crm::use_crm;
use crate::i18n::use_i18n;
use crate::toast::use_toasts;

/// Everything the page shows, read in one go.
#[derive(Clone)]
struct Loaded {
    customer: Customer,
    purchases: Vec<Purchase>,
    interactions: Vec<Interaction>,
    /// Social posts linked to the customer, newest first, with their
    /// sentiment (read in the worker; `None` if it could not).
    mentions: Vec<(ilgi_core::social::Mention, Option<Label>)>,
}

/// One entry of the timeline: a logged interaction or a social post.
enum Entry {
    Interaction(Interaction),
    Post(ilgi_core::social::Mention, Option<Label>),
}

impl Entry {
    fn at(&self) -> i64 {
        match self {
            Entry::Interaction(i) => i.at,
            Entry::Post(m, _) => m.at,
        }
    }
}

pub fn format_time(millis: i64, lang: ilgi_core::i18n::Lang) -> String {
    let Some(t) = chrono::DateTime::from_timestamp_millis(millis) else {
        return String::new();
    };
    // Shown in the browser's offset.
    let offset = -js_sys::Date::new_0().get_timezone_offset() as i64;
    let local = t.naive_utc() + chrono::Duration::minutes(offset);
    match lang {
        ilgi_core::i18n::Lang::Tr => local.format("%d.%m.%Y %H:%M").to_string(),
        ilgi_core::i18n::Lang::En => local.format("%Y-%m-%d %H:%M").to_string(),
    }
}

pub fn format_date(date: chrono::NaiveDate, lang: ilgi_core::i18n::Lang) -> String {
    ilgi_core::units::date(date, lang)
}

#[component]
pub fn CustomerDetail() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<Id>().ok())));
    // The note being written outlives the redraws a write causes.
    let draft = NoteDraft::new();
    Effect::watch(move || id.get(), move |_, _, _| draft.clear(), false);
    let data = LocalResource::new(move || async move {
        crm.revision();
        let (Some(id), Some(db)) = (id.get(), crm.db()) else {
            return Ok(None);
        };
        let Some(customer) = db.customer(id).await? else {
            return Ok(None);
        };
        let purchases = db.purchases_of(id).await?;
        let interactions = db.interactions_of(id).await?;
        let mentions = db.mentions_of(id).await?;
        let labels: Vec<Option<Label>> = if mentions.is_empty() {
            Vec::new()
        } else {
            let posts = mentions.iter().map(|m| (m.text.clone(), m.lang)).collect();
            match crate::jobs::posts::read_in_worker(posts).await {
                Ok(readings) => readings
                    .into_iter()
                    .map(|r| Some(r.sentiment.label))
                    .collect(),
                Err(e) => {
                    crm.report(&e);
                    Vec::new()
                }
            }
        };
        let mentions = mentions
            .into_iter()
            .enumerate()
            .map(|(i, m)| (m, labels.get(i).copied().flatten()))
            .collect();
        Ok::<_, crate::storage::StorageError>(Some(Loaded {
            customer,
            purchases,
            interactions,
            mentions,
        }))
    });

    // The note form is drawn once per customer, outside the part a reload
    // redraws: a keystroke that lands while the timeline is drawn again
    // goes into the field the person sees, not into a detached copy.
    let shown = Memo::new(move |before: Option<&bool>| {
        data.with(|d| match d {
            Some(Ok(Some(_))) => true,
            Some(_) => false,
            // Reading again: what was shown stays.
            None => before.copied().unwrap_or(false),
        })
    });

    view! {
        <section class="page" data-page="customer">
            <p><a href="/customers" class="back">{move || i18n.t("customer-back")}</a></p>
            // A write reloads the customer: the page already shown stays
            // until the new one is read, with no "loading" flash between.
            <Transition fallback=move || view! { <p>{i18n.t("loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some(loaded)) => view! { <CustomerView loaded/> }.into_any(),
                        Ok(None) => view! {
                            <h1>{move || i18n.t("customer-missing")}</h1>
                        }.into_any(),
                        Err(e) => {
                            crm.report(&e);
                            view! { <h1>{move || i18n.t(e.key())}</h1> }.into_any()
                        }
                    }
                })}
            </Transition>
            <Show when=move || shown.get()>
                <div class="panel">
                    <h2>{move || i18n.t("customer-timeline")}</h2>
                    {move || id.get().map(|customer| view! { <AddInteraction customer draft/> })}
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            data.await.ok().flatten().map(|loaded| view! { <Timeline loaded/> })
                        })}
                    </Transition>
                </div>
            </Show>
        </section>
    }
}

#[component]
fn CustomerView(loaded: Loaded) -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let Loaded {
        customer,
        purchases,
        ..
    } = loaded;
    let c = StoredValue::new(customer);
    let confirming = RwSignal::new(false);
    let delete = Action::new_local(move |_: &()| {
        let customer = c.get_value();
        async move {
            let db = crm
                .db()
                .ok_or_else(crate::storage::StorageError::not_open)?;
            // Erasure: the customer's purchases, timeline, complaint
            // cases and linked posts go too, and the consents in force are withdrawn (core
            // builds the one batch; the decisions stay as proof).
            let purchases = db.purchases_of(customer.id).await?;
            let interactions = db.interactions_of(customer.id).await?;
            let mentions = db.mentions_of(customer.id).await?;
            let mut journeys = db.journeys().await?;
            let cases: Vec<_> = db
                .cases()
                .await?
                .into_iter()
                .filter(|c| c.customer_id == Some(customer.id))
                .map(|c| {
                    let journey = journeys.remove(&c.id).unwrap_or_default();
                    (c, journey)
                })
                .collect();
            let batch = ilgi_core::sync::erase(
                &customer,
                &purchases,
                &interactions,
                &cases,
                &mentions,
                crate::storage::db::now_millis(),
            );
            crm.apply(batch).await.map(|_| ())
        }
    });
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(())) => {
            toasts.info("customer-deleted");
            navigate("/customers", Default::default());
        }
        Some(Err(e)) => crm.report(&e),
        None => {}
    });

    let total: i64 = purchases.iter().map(|p| p.amount.minor()).sum();
    // One currency is shown with the total; mixed currencies are not added
    // up into one misleading number.
    let currency = purchases.first().map(|p| p.currency);
    let mixed = purchases.iter().any(|p| Some(p.currency) != currency);
    let has_identities = c.with_value(|c| !c.identities.is_empty());
    let purchase_count = purchases.len();
    let id = c.with_value(|c| c.id);

    view! {
        <div class="page-head">
            <h1 data-testid="customer-name">{c.with_value(|c| c.full_name())}</h1>
            <div class="page-actions">
                <a class="button" href=format!("/cases/new?customer={id}") data-testid="new-case-for-customer">{move || i18n.t("case-new")}</a>
                <a class="button" href=format!("/customers/{id}/edit") data-testid="edit-customer">{move || i18n.t("customer-edit")}</a>
                <Show
                    when=move || confirming.get()
                    fallback=move || view! {
                        <button type="button" class="danger" data-testid="delete-customer" on:click=move |_| confirming.set(true)>
                            {move || i18n.t("customer-delete")}
                        </button>
                    }
                >
                    <span class="confirm" role="alert">{move || i18n.t("customer-delete-confirm")}</span>
                    <button type="button" class="danger" data-testid="delete-confirm" on:click=move |_| { delete.dispatch(()); }>
                        {move || i18n.t("customer-delete-yes")}
                    </button>
                    <button type="button" on:click=move |_| confirming.set(false)>{move || i18n.t("cancel")}</button>
                </Show>
            </div>
        </div>
        <div class="detail-grid">
            <div class="panel">
                <h2>{move || i18n.t("customer-contact")}</h2>
                <dl class="facts">
                    <dt>{move || i18n.t("field-emails")}</dt>
                    <dd data-testid="customer-emails">{c.with_value(|c| c.emails.iter().map(|e| e.to_string()).collect::<Vec<_>>().join(", "))}</dd>
                    <dt>{move || i18n.t("field-phones")}</dt>
                    <dd data-testid="customer-phones">{c.with_value(|c| c.phones.iter().map(|p| p.display()).collect::<Vec<_>>().join(", "))}</dd>
                    <dt>{move || i18n.t("field-city")}</dt>
                    <dd data-testid="customer-city">{c.with_value(|c| c.city.clone().unwrap_or_default())}</dd>
                    <dt>{move || i18n.t("field-tier")}</dt>
                    <dd>{move || i18n.t(c.with_value(|c| c.tier.key()))}</dd>
                    <dt>{move || i18n.t("field-tags")}</dt>
                    <dd>{c.with_value(|c| c.tags.join(", "))}</dd>
                    <dt>{move || i18n.t("field-products")}</dt>
                    <dd>{c.with_value(|c| c.products.join(", "))}</dd>
                    <dt>{move || i18n.t("field-owner")}</dt>
                    <dd data-testid="customer-owner">{c.with_value(|c| c.owner.clone().unwrap_or_default())}</dd>
                    <dt>{move || i18n.t("field-external-id")}</dt>
                    <dd>{c.with_value(|c| c.external_id.clone().unwrap_or_default())}</dd>
                    {c.with_value(|c| c.custom.iter().map(|(k, v)| view! { <dt>{k.clone()}</dt><dd>{v.clone()}</dd> }).collect_view())}
                </dl>
            </div>
            <div class="panel">
                <h2>{move || i18n.t("customer-identities")}</h2>
                <Show when=move || !has_identities>
                    <p class="muted">{move || i18n.t("customer-no-identities")}</p>
                </Show>
                <ul class="plain" data-testid="customer-identities">
                    {c.with_value(|c| c.identities.iter().map(|ident| {
                        let url = ident.handle.profile_url();
                        let followers = ident.followers;
                        view! {
                            <li>
                                <strong>{ident.handle.platform().name()}</strong>" "
                                <a href=url rel="noopener noreferrer" target="_blank">{format!("@{}", ident.handle.name())}</a>" · "
                                {move || i18n.t_with("followers", &[("count", Arg::Num(followers as f64)), ("shown", Arg::Str(&units::count(followers, i18n.lang())))])}
                            </li>
                        }
                    }).collect_view())}
                </ul>
                <h2>{move || i18n.t("customer-consents")}</h2>
                <ul class="plain" data-testid="customer-consents">
                    {ConsentChannel::ALL.into_iter().map(|ch| {
                        let consent = c.with_value(|c| c.consent(ch).cloned());
                        view! {
                            <li>
                                <strong>{move || i18n.t(ch.key())}</strong>": "
                                {move || match &consent {
                                    Some(k) => i18n.t_with(
                                        if k.granted { "consent-granted" } else { "consent-withdrawn" },
                                        &[("when", Arg::Str(&format_time(k.at, i18n.lang()))), ("source", Arg::Str(&k.source))],
                                    ),
                                    None => i18n.t("consent-none"),
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {c.with_value(|c| (!c.consents.is_empty()).then(|| {
                    // Every decision, newest first: the proof of what the
                    // customer agreed to and when.
                    let mut history = c.consents.clone();
                    history.sort_by_key(|k| std::cmp::Reverse(k.at));
                    let count = history.len();
                    view! {
                        <details class="consent-history" data-testid="consent-history">
                            <summary>{move || i18n.t_with("consent-history", &[("count", Arg::Num(count as f64))])}</summary>
                            <ul class="plain">
                                {history.into_iter().map(|k| view! {
                                    <li>
                                        <strong>{move || i18n.t(k.channel.key())}</strong>": "
                                        {move || i18n.t_with(
                                            if k.granted { "consent-granted" } else { "consent-withdrawn" },
                                            &[("when", Arg::Str(&format_time(k.at, i18n.lang()))), ("source", Arg::Str(&k.source))],
                                        )}
                                    </li>
                                }).collect_view()}
                            </ul>
                        </details>
                    }
                }))}
            </div>
        </div>
        <ValuePanel id=id products=c.with_value(|c| c.products.clone())/>
        <div class="panel">
            <h2>
                {move || {
                    if purchase_count == 0 {
                        return i18n.t("customer-no-purchases");
                    }
                    let total = match (mixed, currency) {
                        (false, Some(cur)) => format!("{} {cur}", ilgi_core::model::Money::from_minor(total).format(i18n.lang())),
                        _ => i18n.t("customer-mixed-currencies"),
                    };
                    i18n.t_with(
                        "customer-purchases",
                        &[("count", Arg::Num(purchase_count as f64)), ("total", Arg::Str(&total))],
                    )
                }}
            </h2>
            <div class="table-wrap" role="region" tabindex="0" aria-label=move || i18n.t("customer-purchases-table")>
                <table data-testid="customer-purchases">
                    <thead><tr>
                        <th scope="col">{move || i18n.t("col-date")}</th>
                        <th scope="col">{move || i18n.t("col-product")}</th>
                        <th scope="col">{move || i18n.t("col-category")}</th>
                        <th scope="col">{move || i18n.t("col-channel")}</th>
                        <th scope="col" class="num">{move || i18n.t("col-amount")}</th>
                    </tr></thead>
                    <tbody>
                        {purchases.into_iter().map(|p| view! {
                            <tr>
                                <td>{move || format_date(p.date, i18n.lang())}</td>
                                <td>{p.product.clone()}<span class="muted">{format!(" {}", p.sku)}</span></td>
                                <td>{p.category.clone()}</td>
                                <td>{move || i18n.t(p.channel.key())}</td>
                                <td class="num">{move || format!("{} {}", p.amount.format(i18n.lang()), p.currency)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
    }
}

/// The customer's interactions and linked posts, newest first.
#[component]
fn Timeline(loaded: Loaded) -> impl IntoView {
    let i18n = use_i18n();
    let Loaded {
        interactions,
        mentions,
        ..
    } = loaded;
    let mut timeline: Vec<Entry> = interactions
        .into_iter()
        .map(Entry::Interaction)
        .chain(mentions.into_iter().map(|(m, label)| Entry::Post(m, label)))
        .collect();
    timeline.sort_by_key(|e| std::cmp::Reverse(e.at()));
    view! {
        <ol class="timeline" data-testid="customer-timeline">
            {timeline.into_iter().map(|entry| match entry {
                Entry::Interaction(it) => view! {
                    <li>
                        <span class="when">{move || format_time(it.at, i18n.lang())}</span>
                        <span class="what">{move || format!("{} · {}", i18n.t(it.kind.key()), i18n.t(it.direction.key()))}</span>
                        <p>{it.text.clone()}</p>
                    </li>
                }.into_any(),
                Entry::Post(m, label) => {
                    let platform = m.platform.name();
                    let url = m.url.clone();
                    let case = m.case_id;
                    view! {
                        <li class="post" data-testid="timeline-post" data-post=m.key()>
                            <span class="when">{move || format_time(m.at, i18n.lang())}</span>
                            <span class="what">
                                {move || i18n.t_with("timeline-post", &[("platform", Arg::Str(platform))])}
                                {label.map(|label| view! {
                                    " · "
                                    <span class=format!("chip {}", label.code())>{move || i18n.t(label.key())}</span>
                                })}
                                {url.map(|u| view! { " " <a href=u rel="noopener noreferrer" target="_blank">{move || i18n.t("mention-open-post")}</a> })}
                                {case.map(|c| view! { " " <a href=format!("/cases/{c}")>{move || i18n.t("mention-see-case")}</a> })}
                            </span>
                            <p>{m.text.clone()}</p>
                        </li>
                    }.into_any()
                }
            }).collect_view()}
        </ol>
    }
}
