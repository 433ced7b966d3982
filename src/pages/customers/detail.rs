//! One customer: contact data, social identities, consents, purchases and
//! the timeline, with edit and delete.

use ilgi_core::i18n::Arg;
use ilgi_core::model::{
    Batch, ConsentChannel, Customer, Direction, Id, Interaction, InteractionKind, Purchase, Record,
    Stamp,
};
use ilgi_core::units;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

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
    /// Social posts linked to the customer, newest first.
    mentions: Vec<ilgi_core::social::Mention>,
}

/// One entry of the timeline: a logged interaction or a social post.
enum Entry {
    Interaction(Interaction),
    Post(ilgi_core::social::Mention),
}

impl Entry {
    fn at(&self) -> i64 {
        match self {
            Entry::Interaction(i) => i.at,
            Entry::Post(m) => m.at,
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
    match lang {
        ilgi_core::i18n::Lang::Tr => date.format("%d.%m.%Y").to_string(),
        ilgi_core::i18n::Lang::En => date.format("%Y-%m-%d").to_string(),
    }
}

#[component]
pub fn CustomerDetail() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<Id>().ok())));
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
        Ok::<_, crate::storage::StorageError>(Some(Loaded {
            customer,
            purchases,
            interactions,
            mentions,
        }))
    });

    view! {
        <section class="page" data-page="customer">
            <p><a href="/customers" class="back">{move || i18n.t("customer-back")}</a></p>
            <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
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
            </Suspense>
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
        interactions,
        mentions,
    } = loaded;
    let mut timeline: Vec<Entry> = interactions
        .into_iter()
        .map(Entry::Interaction)
        .chain(mentions.iter().cloned().map(Entry::Post))
        .collect();
    timeline.sort_by_key(|e| std::cmp::Reverse(e.at()));
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
        <div class="panel">
            <h2>{move || i18n.t("customer-timeline")}</h2>
            <AddInteraction customer=id/>
            <ol class="timeline" data-testid="customer-timeline">
                {timeline.into_iter().map(|entry| match entry {
                    Entry::Interaction(it) => view! {
                        <li>
                            <span class="when">{move || format_time(it.at, i18n.lang())}</span>
                            <span class="what">{move || format!("{} · {}", i18n.t(it.kind.key()), i18n.t(it.direction.key()))}</span>
                            <p>{it.text.clone()}</p>
                        </li>
                    }.into_any(),
                    Entry::Post(m) => {
                        let reading = ilgi_core::social::reading::read(&m.text, m.lang);
                        let label = reading.sentiment.label;
                        let platform = m.platform.name();
                        let url = m.url.clone();
                        let case = m.case_id;
                        view! {
                            <li class="post" data-testid="timeline-post" data-post=m.key()>
                                <span class="when">{move || format_time(m.at, i18n.lang())}</span>
                                <span class="what">
                                    {move || i18n.t_with("timeline-post", &[("platform", Arg::Str(platform))])}
                                    " · "
                                    <span class=format!("chip {}", label.code())>{move || i18n.t(label.key())}</span>
                                    {url.map(|u| view! { " " <a href=u rel="noopener noreferrer" target="_blank">{move || i18n.t("mention-open-post")}</a> })}
                                    {case.map(|c| view! { " " <a href=format!("/cases/{c}")>{move || i18n.t("mention-see-case")}</a> })}
                                </span>
                                <p>{m.text.clone()}</p>
                            </li>
                        }.into_any()
                    }
                }).collect_view()}
            </ol>
        </div>
    }
}

/// Logs a call, visit, message or note on the customer's timeline.
#[component]
fn AddInteraction(customer: Id) -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let kind = RwSignal::new(InteractionKind::Note);
    let direction = RwSignal::new(Direction::Internal);
    let text = RwSignal::new(String::new());
    let save = Action::new_local(move |interaction: &Interaction| {
        let interaction = interaction.clone();
        async move {
            let mut batch = Batch::new();
            batch.put(Record::Interaction(interaction));
            crm.apply(batch).await.map(|_| ())
        }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => text.set(String::new()),
        Some(Err(e)) => crm.report(&e),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = text.get_untracked();
        if body.trim().is_empty() {
            return;
        }
        save.dispatch(Interaction {
            id: crate::storage::db::new_id(),
            customer_id: customer,
            kind: kind.get_untracked(),
            direction: direction.get_untracked(),
            at: crate::storage::db::now_millis(),
            text: body.trim().to_string(),
            updated_at: 0,
            version: Stamp::default(),
            stamps: Default::default(),
            deleted: false,
        });
    };
    const DIRECTIONS: [Direction; 3] =
        [Direction::Internal, Direction::Inbound, Direction::Outbound];
    view! {
        <form class="add-interaction" on:submit=submit data-testid="add-interaction">
            <select aria-label=move || i18n.t("interaction-kind") on:change=move |ev| {
                let v = event_target_value(&ev);
                if let Some(k) = InteractionKind::ALL.into_iter().find(|k| k.key() == v) { kind.set(k) }
            }>
                {InteractionKind::ALL.into_iter().map(|k| view! {
                    <option value=k.key() selected=move || kind.get() == k>{move || i18n.t(k.key())}</option>
                }).collect_view()}
            </select>
            <select aria-label=move || i18n.t("interaction-direction") on:change=move |ev| {
                let v = event_target_value(&ev);
                if let Some(d) = DIRECTIONS.into_iter().find(|d| d.key() == v) { direction.set(d) }
            }>
                {DIRECTIONS.into_iter().map(|d| view! {
                    <option value=d.key() selected=move || direction.get() == d>{move || i18n.t(d.key())}</option>
                }).collect_view()}
            </select>
            <input type="text" data-testid="interaction-text" aria-label=move || i18n.t("interaction-text")
                placeholder=move || i18n.t("interaction-placeholder")
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))/>
            <button type="submit" class="primary" disabled=move || save.pending().get()>{move || i18n.t("interaction-add")}</button>
        </form>
    }
}
