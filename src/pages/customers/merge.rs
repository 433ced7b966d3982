//! `/customers/merge/:a/:b`: two records of one person side by side,
//! field by field. The person picks the record that stays and, where the
//! two differ, whose value to keep; lists are kept from both. "Merge"
//! reads the other record's purchases, timeline, cases and posts, has core
//! `sync::merge_customers` build the one batch and writes it through
//! `Crm::apply`, then opens the record that stayed.

use std::collections::BTreeMap;

use ilgi_core::identity::merge::{FieldPair, default_survivor, differing, field_pairs};
use ilgi_core::model::{Customer, Id, Tier};
use ilgi_core::sync::{Belongings, MergeChoice, MergeError, merge_customers};
use ilgi_core::units;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::customer_href;
use crate::crm::{Crm, use_crm};
use crate::i18n::{I18n, use_i18n};
use crate::storage::db::{new_id, now_millis};
use crate::storage::{Db, StorageError};
use crate::toast::use_toasts;

/// One record as the screen shows it: the customer and how much belongs
/// to it.
#[derive(Debug, Clone)]
struct Side {
    customer: Customer,
    purchases: usize,
    timeline: usize,
    cases: usize,
    posts: usize,
}

async fn read_side(db: &Db, id: Id, cases: usize) -> Result<Option<Side>, StorageError> {
    let Some(customer) = db.customer(id).await? else {
        return Ok(None);
    };
    Ok(Some(Side {
        purchases: db.purchases_of(id).await?.len(),
        timeline: db.interactions_of(id).await?.len(),
        posts: db.mentions_of(id).await?.len(),
        customer,
        cases,
    }))
}

#[component]
pub fn CustomerMerge() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let params = use_params_map();
    let ids = Memo::new(move |_| {
        params.with(|p| {
            let id = |k: &str| p.get(k).and_then(|s| s.parse::<Id>().ok());
            id("a").zip(id("b"))
        })
    });
    // Read once the database is open (not after every write: the merge
    // itself is a write, and the page leaves right after it).
    let data = LocalResource::new(move || async move {
        let (Some((a, b)), true, Some(db)) = (ids.get(), crm.is_open(), crm.db()) else {
            return Ok(None);
        };
        let cases = db.cases().await?;
        let count = |id: Id| cases.iter().filter(|c| c.customer_id == Some(id)).count();
        let left = read_side(&db, a, count(a)).await?;
        let right = read_side(&db, b, count(b)).await?;
        Ok::<_, StorageError>(
            left.zip(right)
                .filter(|(l, r)| l.customer.id != r.customer.id),
        )
    });
    view! {
        <section class="page" data-page="merge">
            <p><a href="/customers/duplicates" class="back">{move || i18n.t("merge-back")}</a></p>
            <h1>{move || i18n.t("merge-title")}</h1>
            <Suspense fallback=move || view! { <p>{move || i18n.t("loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some((left, right))) => view! { <MergeForm left right/> }.into_any(),
                        Ok(None) => view! {
                            <p class="form-error" role="alert" data-testid="merge-missing">{move || i18n.t("merge-missing")}</p>
                        }.into_any(),
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

/// The label of a choosable field.
fn field_key(field: &str) -> &'static str {
    match field {
        "first_name" => "field-first-name",
        "last_name" => "field-last-name",
        "external_id" => "field-external-id",
        "city" => "field-city",
        "owner" => "field-owner",
        "tier" => "field-tier",
        _ => "merge-custom",
    }
}

/// A field's value as the screen shows it (a tier by its name).
fn shown(field: &str, value: &Option<String>, i18n: I18n) -> String {
    match value {
        None => "—".to_string(),
        Some(code) if field == "tier" => {
            Tier::parse(code).map_or_else(|_| code.clone(), |t| i18n.t(t.key()))
        }
        Some(v) => v.clone(),
    }
}

/// Why a merge did not happen.
#[derive(Debug, Clone)]
enum Failed {
    Storage(StorageError),
    /// One of the two is gone (merged or deleted meanwhile).
    Missing,
    Refused(MergeError),
}

impl From<StorageError> for Failed {
    fn from(e: StorageError) -> Failed {
        Failed::Storage(e)
    }
}

/// Reads what the merge needs fresh, merges in core, writes the batch:
/// `Ok(survivor id)`.
async fn merge(
    crm: Crm,
    survivor: Id,
    other: Id,
    choices: BTreeMap<String, MergeChoice>,
) -> Result<Id, Failed> {
    let db = crm.db().ok_or_else(StorageError::not_open)?;
    let (Some(kept), Some(gone)) = (db.customer(survivor).await?, db.customer(other).await?) else {
        return Err(Failed::Missing);
    };
    let purchases = db.purchases_of(other).await?;
    let interactions = db.interactions_of(other).await?;
    let mentions = db.mentions_of(other).await?;
    let cases: Vec<_> = db
        .cases()
        .await?
        .into_iter()
        .filter(|c| c.customer_id == Some(other))
        .collect();
    let belongings = Belongings {
        purchases: &purchases,
        interactions: &interactions,
        cases: &cases,
        mentions: &mentions,
    };
    let mut next_id = new_id;
    let batch = merge_customers(
        &kept,
        &gone,
        &choices,
        &belongings,
        &mut next_id,
        now_millis(),
    )
    .map_err(Failed::Refused)?;
    crm.apply(batch).await?;
    Ok(survivor)
}

#[component]
fn MergeForm(left: Side, right: Side) -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let sides = StoredValue::new([left, right]);
    let ids = sides.with_value(|s| [s[0].customer.id, s[1].customer.id]);
    let default = sides.with_value(|s| {
        default_survivor(
            (&s[0].customer, s[0].purchases),
            (&s[1].customer, s[1].purchases),
        )
    });
    // 0: the left record stays, 1: the right one.
    let survivor = RwSignal::new(usize::from(default == ids[1]));
    // Explicit picks by field (0 left, 1 right); a field not picked keeps
    // the surviving record's value.
    let picks = RwSignal::new(BTreeMap::<&'static str, usize>::new());
    let pick_of = move |field: &'static str| {
        picks
            .with(|p| p.get(field).copied())
            .unwrap_or_else(|| survivor.get())
    };
    let (pairs, to_choose) = sides.with_value(|s| {
        let to_choose: Vec<&'static str> = differing(&s[0].customer, &s[1].customer)
            .iter()
            .map(|p| p.field)
            .collect();
        (field_pairs(&s[0].customer, &s[1].customer), to_choose)
    });
    let to_choose = StoredValue::new(to_choose);

    let run = Action::new_local(move |_: &()| {
        let kept = survivor.get_untracked();
        let choices: BTreeMap<String, MergeChoice> = to_choose.with_value(|fields| {
            fields
                .iter()
                .map(|&f| {
                    let side = picks.with_untracked(|p| p.get(f).copied()).unwrap_or(kept);
                    let choice = if side == kept {
                        MergeChoice::Survivor
                    } else {
                        MergeChoice::Other
                    };
                    (f.to_string(), choice)
                })
                .collect()
        });
        merge(crm, ids[kept], ids[1 - kept], choices)
    });
    Effect::new(move |_| match run.value().get() {
        Some(Ok(id)) => {
            toasts.info("merge-done");
            navigate(&customer_href(id), Default::default());
        }
        Some(Err(Failed::Storage(e))) => crm.report(&e),
        Some(Err(Failed::Missing)) => toasts.error_key("merge-missing", String::new()),
        Some(Err(Failed::Refused(e))) => toasts.error_key("merge-refused", e.to_string()),
        None => {}
    });

    let head = move |side: usize| {
        let name = sides.with_value(|s| s[side].customer.full_name());
        let id = ids[side];
        view! {
            <th scope="col" class=move || if survivor.get() == side { "merge-side survivor" } else { "merge-side" }>
                <a href=customer_href(id) class="row-name" data-testid="merge-name">{name}</a>
                <label class="check merge-keep">
                    <input
                        type="radio"
                        name="survivor"
                        data-testid=format!("merge-survivor-{side}")
                        prop:checked=move || survivor.get() == side
                        on:change=move |_| survivor.set(side)
                    />
                    <span>{move || i18n.t("merge-keep-record")}</span>
                </label>
            </th>
        }
    };
    let field_row = move |pair: FieldPair| {
        let field = pair.field;
        let choose = to_choose.with_value(|f| f.contains(&field));
        let cell = move |side: usize, value: Option<String>| {
            if choose {
                view! {
                    <td class=move || if pick_of(field) == side { "picked" } else { "" }>
                        <label class="check">
                            <input
                                type="radio"
                                name=format!("pick-{field}")
                                data-testid=format!("merge-pick-{field}-{side}")
                                prop:checked=move || pick_of(field) == side
                                on:change=move |_| picks.update(|p| { p.insert(field, side); })
                            />
                            <span class="merge-value">{move || shown(field, &value, i18n)}</span>
                        </label>
                    </td>
                }
                .into_any()
            } else {
                view! { <td><span class="merge-value">{move || shown(field, &value, i18n)}</span></td> }.into_any()
            }
        };
        view! {
            <tr data-testid="merge-field" data-field=field data-differs=choose.to_string()>
                <th scope="row">{move || i18n.t(field_key(field))}</th>
                {cell(0, pair.left)}
                {cell(1, pair.right)}
            </tr>
        }
    };
    let list_row = move |key: &'static str, values: fn(&Customer) -> Vec<String>| {
        let [l, r] = sides.with_value(|s| [values(&s[0].customer), values(&s[1].customer)]);
        let cell = |v: Vec<String>| {
            view! {
                <td>
                    {if v.is_empty() { "—".to_string() } else { v.join(", ") }}
                </td>
            }
        };
        view! {
            <tr>
                <th scope="row">{move || i18n.t(key)}<div class="muted">{move || i18n.t("merge-both-kept")}</div></th>
                {cell(l)}
                {cell(r)}
            </tr>
        }
    };
    let count_row = move |key: &'static str, testid: &'static str, n: fn(&Side) -> usize| {
        let [l, r] = sides.with_value(|s| [n(&s[0]), n(&s[1])]);
        let cell = move |side: usize, n: usize| {
            view! {
                <td class="num" data-testid=format!("{testid}-{side}")>
                    {move || units::count(n as u64, i18n.lang())}
                </td>
            }
        };
        view! {
            <tr>
                <th scope="row">{move || i18n.t(key)}<div class="muted">{move || i18n.t("merge-both-kept")}</div></th>
                {cell(0, l)}
                {cell(1, r)}
            </tr>
        }
    };

    view! {
        <p class="muted intro">{move || i18n.t("merge-intro")}</p>
        <p class="muted">{move || i18n.t("merge-choose-hint")}</p>
        <div class="table-wrap" role="region" tabindex="0" aria-label=move || i18n.t("merge-title")>
            <table class="merge" data-testid="merge-table">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t("merge-field")}</th>
                        {head(0)}
                        {head(1)}
                    </tr>
                </thead>
                <tbody>
                    {pairs.into_iter().map(field_row).collect_view()}
                    {list_row("field-emails", |c| c.emails.iter().map(|e| e.to_string()).collect())}
                    {list_row("field-phones", |c| c.phones.iter().map(|p| p.display()).collect())}
                    {list_row("field-tags", |c| c.tags.clone())}
                    {list_row("field-products", |c| c.products.clone())}
                    {list_row("customer-identities", |c| c.identities.iter().map(|i| format!("{} @{}", i.handle.platform().name(), i.handle.name())).collect())}
                    {count_row("merge-purchases", "merge-purchases", |s| s.purchases)}
                    {count_row("merge-timeline", "merge-timeline", |s| s.timeline)}
                    {count_row("merge-cases", "merge-cases", |s| s.cases)}
                    {count_row("merge-posts", "merge-posts", |s| s.posts)}
                </tbody>
            </table>
        </div>
        <div class="form-actions">
            <button
                type="button"
                class="primary"
                data-testid="merge-submit"
                disabled=move || run.pending().get()
                on:click=move |_| { run.dispatch(()); }
            >
                {move || i18n.t(if run.pending().get() { "merge-merging" } else { "merge-submit" })}
            </button>
            <a class="button" href="/customers/duplicates">{move || i18n.t("cancel")}</a>
        </div>
    }
}
