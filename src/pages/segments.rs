//! Rule segments: the saved list, and the builder with a live member
//! count, the member list and a CSV export of the members.
//!
//! Definitions are core data (`ilgi_core::segment`): the builder keeps a
//! draft of reactive fields, turns it into a [`Group`] on every change
//! (parsing what the user typed with `segment::parse_value`), and core
//! evaluates the group against the shared analysis ([`crate::insights`]).
//! Saving writes a `Record::Segment` through the one write path.

use std::sync::atomic::{AtomicU64, Ordering};

use ilgi_core::i18n::{Arg, Lang};
use ilgi_core::model::{Batch, Id, Record};
use ilgi_core::segment::{
    Condition, Facts, Field, Group, Join, Kind, Node, Op, SavedSegment, Value, parse_value,
};
use ilgi_core::units;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::components::progress::JobProgress;
use crate::crm::{Status, use_crm};
use crate::download;
use crate::i18n::{I18n, use_i18n};
use crate::insights::use_insights;
use crate::jobs::JobHandle;
use crate::jobs::analytics::Computed;
use crate::pages::customers::customer_href;
use crate::storage::db::new_id;
use crate::toast::use_toasts;

/// Members listed on the page at first, and added by "show more" (the
/// export has all of them).
const SHOWN_MEMBERS: usize = 50;

/// Indexes (into the analysis) of the customers `group` selects, most
/// valuable first (CLV, then total spent).
fn members(group: &Group, computed: &Computed) -> Vec<u32> {
    let analysis = &computed.analysis;
    let compiled = group.compile();
    let mut out: Vec<u32> = computed
        .customers
        .iter()
        .enumerate()
        .filter(|(i, customer)| {
            compiled.matches(&Facts {
                customer,
                metrics: analysis.metrics.get(*i),
                items: &analysis.items,
                as_of: analysis.as_of,
            })
        })
        .map(|(i, _)| i as u32)
        .collect();
    let value = |i: u32| {
        analysis
            .metrics
            .get(i as usize)
            .map_or((0.0, 0), |m| (m.clv.unwrap_or(-1.0), m.total_spent))
    };
    out.sort_by(|&a, &b| {
        let (va, vb) = (value(a), value(b));
        vb.0.total_cmp(&va.0).then(vb.1.cmp(&va.1)).then(a.cmp(&b))
    });
    out
}

/// The saved segments, with their member counts once the analysis is there.
#[component]
pub fn SegmentList() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let insights = use_insights();
    Effect::new(move |_| insights.ensure());
    let saved = LocalResource::new(move || async move {
        crm.revision();
        match crm.db() {
            Some(db) => db.segments().await,
            None => Ok(Vec::new()),
        }
    });

    view! {
        <section class="page" data-page="segments">
            <div class="page-head">
                <h1>{move || i18n.t(&ilgi_core::section::Section::Segments.title_key())}</h1>
                <div class="page-actions">
                    <a class="button primary" href="/segments/new" data-testid="new-segment">{move || i18n.t("segment-new")}</a>
                </div>
            </div>
            <p class="muted">{move || i18n.t("segments-intro")}</p>
            <JobProgress job=insights.job label="insights-computing"/>
            <Suspense fallback=move || view! { <p>{move || i18n.t("loading")}</p> }>
                {move || Suspend::new(async move {
                    match saved.await {
                        Ok(list) if list.is_empty() => view! {
                            <div class="panel"><p data-testid="segments-empty">{move || i18n.t("segments-empty")}</p></div>
                        }.into_any(),
                        Ok(list) => view! { <SavedTable list/> }.into_any(),
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

#[component]
fn SavedTable(list: Vec<SavedSegment>) -> impl IntoView {
    let i18n = use_i18n();
    let insights = use_insights();
    view! {
        <div class="panel table-wrap" role="region" tabindex="0" aria-label=move || i18n.t("segments-table")>
            <table data-testid="segments-table">
                <thead><tr>
                    <th scope="col">{move || i18n.t("segment-name")}</th>
                    <th scope="col">{move || i18n.t("segment-rule")}</th>
                    <th scope="col" class="num">{move || i18n.t("segment-members")}</th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|s| {
                        let rule = s.rule.clone();
                        let rule_for_count = s.rule.clone();
                        let count = move || {
                            insights
                                .get()
                                .map(|c| units::count(members(&rule_for_count, &c).len() as u64, i18n.lang()))
                                .unwrap_or_else(|| "…".into())
                        };
                        view! {
                            <tr data-testid="segment-row" data-name=s.name.clone()>
                                <td><a href=format!("/segments/{}", s.id)>{s.name.clone()}</a>
                                    {(!s.description.is_empty()).then(|| view! { <div class="muted">{s.description.clone()}</div> })}
                                </td>
                                <td class="muted">{move || rule.describe(i18n.lang())}</td>
                                <td class="num" data-testid="segment-row-count">{count}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// `/segments/new`: the builder on an empty segment.
#[component]
pub fn SegmentNew() -> impl IntoView {
    let i18n = use_i18n();
    let segment = SavedSegment::new(new_id(), &i18n.t_untracked("segment-untitled"));
    view! {
        <section class="page" data-page="segment">
            <p><a href="/segments" class="back">{move || i18n.t("segment-back")}</a></p>
            <SegmentEditor segment is_new=true/>
        </section>
    }
}

/// `/segments/:id`: the builder on a saved segment.
#[component]
pub fn SegmentEdit() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<Id>().ok())));
    let saved = LocalResource::new(move || async move {
        // Waits for the database; not for later writes (the editor keeps
        // its draft while the user saves).
        let ready = crm.status() == Status::Ready;
        let (Some(id), Some(db), true) = (id.get(), crm.db(), ready) else {
            return Ok(None);
        };
        db.segment(id).await
    });
    view! {
        <section class="page" data-page="segment">
            <p><a href="/segments" class="back">{move || i18n.t("segment-back")}</a></p>
            <Suspense fallback=move || view! { <p>{move || i18n.t("loading")}</p> }>
                {move || Suspend::new(async move {
                    match saved.await {
                        Ok(Some(segment)) => view! { <SegmentEditor segment is_new=false/> }.into_any(),
                        Ok(None) if crm.status() != Status::Ready => view! { <p>{move || i18n.t("loading")}</p> }.into_any(),
                        Ok(None) => view! { <h1>{move || i18n.t("segment-missing")}</h1> }.into_any(),
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

static NEXT_KEY: AtomicU64 = AtomicU64::new(1);

fn next_key() -> u64 {
    NEXT_KEY.fetch_add(1, Ordering::Relaxed)
}

/// One condition being edited.
#[derive(Clone, Copy)]
struct CondDraft {
    key: u64,
    field: RwSignal<Field>,
    op: RwSignal<Op>,
    /// What the user typed (numbers, text).
    text: RwSignal<String>,
    /// Picked choice codes (segments, tiers, platforms).
    choices: RwSignal<Vec<String>>,
}

/// A group being edited: conditions first, then subgroups (the order of
/// items in an AND/OR group does not change what it selects).
#[derive(Clone, Copy)]
struct GroupDraft {
    key: u64,
    join: RwSignal<Join>,
    conds: RwSignal<Vec<CondDraft>>,
    groups: RwSignal<Vec<GroupDraft>>,
}

/// A number as the user would type it in `lang` (no grouping).
fn number_text(n: f64, lang: Lang) -> String {
    let text = if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    };
    match lang {
        Lang::Tr => text.replace('.', ","),
        Lang::En => text,
    }
}

impl CondDraft {
    fn new(field: Field) -> CondDraft {
        CondDraft {
            key: next_key(),
            field: RwSignal::new(field),
            op: RwSignal::new(field.ops()[0]),
            text: RwSignal::new(String::new()),
            choices: RwSignal::new(Vec::new()),
        }
    }

    fn of(c: &Condition, lang: Lang) -> CondDraft {
        let d = CondDraft::new(c.field);
        d.op.set(c.op);
        match &c.value {
            Value::Number(n) => d.text.set(number_text(*n, lang)),
            Value::Text(t) => d.text.set(t.clone()),
            Value::Choices(list) => d.choices.set(list.clone()),
            Value::None => {}
        }
        d
    }

    /// The condition, or why it is not one yet (translated).
    fn build(&self, i18n: I18n) -> Result<Condition, String> {
        let field = self.field.get();
        let op = self.op.get();
        let value = if op == Op::HasAny {
            Value::None
        } else if field.kind() == Kind::Choice {
            let picked = self.choices.get();
            if picked.is_empty() {
                return Err(i18n.t("segment-pick-one"));
            }
            Value::Choices(picked)
        } else {
            parse_value(field, op, &self.text.get()).map_err(|e| e.message(i18n.lang()))?
        };
        Ok(Condition::new(field, op, value))
    }
}

impl GroupDraft {
    fn new(join: Join) -> GroupDraft {
        GroupDraft {
            key: next_key(),
            join: RwSignal::new(join),
            conds: RwSignal::new(Vec::new()),
            groups: RwSignal::new(Vec::new()),
        }
    }

    fn of(g: &Group, lang: Lang) -> GroupDraft {
        let d = GroupDraft::new(g.join);
        let mut conds = Vec::new();
        let mut groups = Vec::new();
        for item in &g.items {
            match item {
                Node::Condition(c) => conds.push(CondDraft::of(c, lang)),
                Node::Group(sub) => groups.push(GroupDraft::of(sub, lang)),
            }
        }
        d.conds.set(conds);
        d.groups.set(groups);
        d
    }

    /// The group, and the problems by condition key.
    fn build(&self, i18n: I18n, problems: &mut Vec<(u64, String)>) -> Group {
        let mut items = Vec::new();
        for c in self.conds.get() {
            match c.build(i18n) {
                Ok(cond) => items.push(Node::Condition(cond)),
                Err(e) => problems.push((c.key, e)),
            }
        }
        for g in self.groups.get() {
            items.push(Node::Group(g.build(i18n, problems)));
        }
        Group {
            join: self.join.get(),
            items,
        }
    }
}

#[component]
fn SegmentEditor(segment: SavedSegment, is_new: bool) -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let insights = use_insights();
    let toasts = use_toasts();
    let navigate = use_navigate();
    Effect::new(move |_| insights.ensure());

    let lang = i18n.lang_untracked();
    let original = StoredValue::new(segment.clone());
    let name = RwSignal::new(segment.name.clone());
    let description = RwSignal::new(segment.description.clone());
    let root = GroupDraft::of(&segment.rule, lang);
    let saved_once = RwSignal::new(!is_new);

    // The draft as a core group, and the problems by condition.
    let rule = Memo::new(move |_| {
        let mut problems = Vec::new();
        let group = root.build(i18n, &mut problems);
        (group, problems)
    });
    let problem_of = move |key: u64| {
        rule.with(|(_, problems)| {
            problems
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, e)| e.clone())
        })
    };
    let invalid = Memo::new(move |_| {
        rule.with(|(group, problems)| {
            let mut all: Vec<String> = Vec::new();
            if !problems.is_empty() {
                all.push(i18n.t("segment-fix-conditions"));
            }
            if let Err(errors) = group.validate() {
                all.extend(errors.iter().map(|e| e.message(i18n.lang())));
            }
            all
        })
    });
    // Live members: recomputed on every change of the draft or the data.
    let found = Memo::new(move |_| {
        let computed = insights.get()?;
        rule.with(|(group, problems)| {
            (problems.is_empty() && group.validate().is_ok()).then(|| members(group, &computed))
        })
    });

    let save = Action::new_local(move |_: &()| {
        let mut segment = original.get_value();
        segment.name = name.get_untracked().trim().to_string();
        segment.description = description.get_untracked().trim().to_string();
        segment.rule = rule.with_untracked(|(g, _)| g.clone());
        async move {
            let mut batch = Batch::new();
            batch.put(Record::Segment(segment));
            let written = crm.apply(batch).await?;
            Ok::<_, crate::storage::StorageError>(written)
        }
    });
    {
        let navigate = navigate.clone();
        Effect::new(move |_| match save.value().get() {
            Some(Ok(records)) => {
                if let Some(Record::Segment(s)) = records.first() {
                    original.set_value(s.clone());
                }
                toasts.info("segment-saved");
                if !saved_once.get_untracked() {
                    saved_once.set(true);
                    let id = original.with_value(|s| s.id);
                    navigate(&format!("/segments/{id}"), Default::default());
                }
            }
            Some(Err(e)) => crm.report(&e),
            None => {}
        });
    }
    let confirming = RwSignal::new(false);
    let delete = Action::new_local(move |_: &()| {
        let segment = original.get_value();
        async move {
            let mut batch = Batch::new();
            batch.delete(Record::Segment(segment));
            crm.apply(batch).await.map(|_| ())
        }
    });
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(())) => {
            toasts.info("segment-deleted");
            navigate("/segments", Default::default());
        }
        Some(Err(e)) => crm.report(&e),
        None => {}
    });
    let name_missing = move || name.with(|n| n.trim().is_empty());
    let can_save = move || !name_missing() && invalid.with(Vec::is_empty) && !save.pending().get();

    let export_job = JobHandle::new();
    let export = move |_| {
        let Some(ids) = found.get_untracked() else {
            return;
        };
        let Some(computed) = insights.get_untracked() else {
            return;
        };
        let file = format!("{}.csv", name.get_untracked().trim());
        leptos::task::spawn_local(async move {
            match members_csv(crm.db(), &computed, &ids, export_job, i18n).await {
                Ok(text) => {
                    if let Err(e) = download::save_text(&file, "text/csv;charset=utf-8", &text) {
                        toasts.error_key("download-failed", e);
                    }
                }
                Err(e) => crm.report(&e),
            }
            export_job.finish();
        });
    };

    view! {
        <div class="page-head">
            <h1 data-testid="segment-title">{move || {
                let n = name.get();
                if n.trim().is_empty() { i18n.t("segment-untitled") } else { n }
            }}</h1>
            <div class="page-actions">
                <button type="button" class="primary" data-testid="segment-save" disabled=move || !can_save() on:click=move |_| { save.dispatch(()); }>
                    {move || i18n.t("segment-save")}
                </button>
                <Show when=move || saved_once.get()>
                    <Show
                        when=move || confirming.get()
                        fallback=move || view! {
                            <button type="button" class="danger" data-testid="segment-delete" on:click=move |_| confirming.set(true)>
                                {move || i18n.t("segment-delete")}
                            </button>
                        }
                    >
                        <span class="confirm" role="alert">{move || i18n.t("segment-delete-confirm")}</span>
                        <button type="button" class="danger" data-testid="segment-delete-yes" on:click=move |_| { delete.dispatch(()); }>
                            {move || i18n.t("customer-delete-yes")}
                        </button>
                        <button type="button" on:click=move |_| confirming.set(false)>{move || i18n.t("cancel")}</button>
                    </Show>
                </Show>
            </div>
        </div>
        <div class="panel form-grid">
            <label class="field">
                <span>{move || i18n.t("segment-name")}</span>
                <input type="text" data-testid="segment-name" prop:value=move || name.get()
                    aria-invalid=move || name_missing().to_string()
                    on:input=move |ev| name.set(event_target_value(&ev))/>
                <Show when=name_missing>
                    <span class="field-error" role="alert">{move || i18n.t("segment-name-missing")}</span>
                </Show>
            </label>
            <label class="field">
                <span>{move || i18n.t("segment-description")}</span>
                <input type="text" data-testid="segment-description" prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))/>
            </label>
        </div>
        <div class="panel">
            <h2>{move || i18n.t("segment-rule")}</h2>
            <GroupEditor group=root depth=0 problem_of=Callback::new(problem_of) on_remove=None/>
            <ul class="plain errors" data-testid="segment-errors">
                {move || invalid.get().into_iter().map(|e| view! { <li class="field-error">{e}</li> }).collect_view()}
            </ul>
        </div>
        <div class="panel">
            <div class="page-head">
                <h2 data-testid="segment-count" data-count=move || found.get().map(|m| m.len().to_string()).unwrap_or_default()>
                    {move || match found.get() {
                        Some(m) => i18n.t_with("segment-count", &[
                            ("count", Arg::Num(m.len() as f64)),
                            ("shown", Arg::Str(&units::count(m.len() as u64, i18n.lang()))),
                        ]),
                        None if insights.get().is_none() => i18n.t("insights-computing"),
                        None => i18n.t("segment-count-unknown"),
                    }}
                </h2>
                <div class="page-actions">
                    <button type="button" data-testid="segment-export"
                        disabled=move || found.with(|m| m.as_ref().is_none_or(Vec::is_empty)) || export_job.running.get()
                        on:click=export>
                        {move || i18n.t("segment-export")}
                    </button>
                </div>
            </div>
            <JobProgress job=insights.job label="insights-computing"/>
            <JobProgress job=export_job label="segment-exporting"/>
            <MemberTable found=found/>
        </div>
    }
}

/// The members' full records as CSV, with their value figures appended.
async fn members_csv(
    db: Option<crate::storage::Db>,
    computed: &Computed,
    members: &[u32],
    job: JobHandle,
    i18n: I18n,
) -> Result<String, crate::storage::StorageError> {
    let db = db.ok_or_else(crate::storage::StorageError::not_open)?;
    let analysis = &computed.analysis;
    job.reset();
    job.start(computed.customers.len());
    let wanted: std::collections::HashMap<Id, u32> = members
        .iter()
        .filter_map(|&i| analysis.ids.get(i as usize).map(|id| (*id, i)))
        .collect();
    let mut all = db.all_customers_with_consents(|n| job.progress(n)).await?;
    all.retain(|c| wanted.contains_key(&c.id));
    // Same order as the page: most valuable first.
    let rank: std::collections::HashMap<u32, usize> =
        members.iter().enumerate().map(|(r, &i)| (i, r)).collect();
    all.sort_by_key(|c| wanted.get(&c.id).and_then(|i| rank.get(i)).copied());
    let lang = i18n.lang_untracked();
    let extra = [
        "rfm_segment",
        "clv",
        "p_alive",
        "expected_purchases_90d",
        "total_spent",
        "purchases",
    ];
    Ok(ilgi_core::csv_io::export_customers_with(
        &all,
        &extra,
        |c| {
            let Some(m) = wanted
                .get(&c.id)
                .and_then(|&i| analysis.metrics.get(i as usize))
            else {
                return Vec::new();
            };
            vec![
                m.rfm
                    .map(|r| i18n_text(lang, r.segment.key()))
                    .unwrap_or_default(),
                m.clv.map(|v| format!("{v:.2}")).unwrap_or_default(),
                m.p_alive.map(|p| format!("{p:.4}")).unwrap_or_default(),
                m.expected_purchases_90d
                    .map(|e| format!("{e:.3}"))
                    .unwrap_or_default(),
                ilgi_core::model::Money::from_minor(m.total_spent).to_plain(),
                m.purchases.to_string(),
            ]
        },
    ))
}

fn i18n_text(lang: Lang, key: &str) -> String {
    ilgi_core::i18n::catalog().text(lang, key)
}

#[component]
fn MemberTable(found: Memo<Option<Vec<u32>>>) -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let insights = use_insights();
    let shown = RwSignal::new(SHOWN_MEMBERS);
    // A changed rule starts the list from the top again.
    Effect::new(move |_| {
        found.track();
        shown.set(SHOWN_MEMBERS);
    });
    let total = move || found.with(|m| m.as_ref().map_or(0, Vec::len));
    let rows = move || {
        let computed = insights.get()?;
        let members = found.get()?;
        let analysis = &computed.analysis;
        let ids: Vec<Id> = members
            .iter()
            .take(shown.get())
            .filter_map(|&i| analysis.ids.get(i as usize).copied())
            .collect();
        let list = crm.rows(&ids);
        let lang = i18n.lang();
        Some(
            list.into_iter()
                .map(|row| {
                    let m = analysis.metrics_of(row.id).cloned().unwrap_or_default();
                    view! {
                        <tr data-testid="member-row">
                            <td><a href=customer_href(row.id)>{row.name.clone()}</a></td>
                            <td>{row.city.clone().unwrap_or_default()}</td>
                            <td>{m.rfm.map(|r| i18n.t(r.segment.key())).unwrap_or_default()}</td>
                            <td class="num">{m.clv.map(|v| units::money(v, analysis.currency, lang)).unwrap_or_default()}</td>
                            <td class="num">{m.p_alive.map(|p| units::percent(p, lang)).unwrap_or_default()}</td>
                        </tr>
                    }
                })
                .collect_view(),
        )
    };
    view! {
        <Show when=move || found.with(|m| m.as_ref().is_some_and(|m| !m.is_empty()))>
            <div class="table-wrap" role="region" tabindex="0" aria-label=move || i18n.t("segment-members")>
                <table data-testid="member-table">
                    <thead><tr>
                        <th scope="col">{move || i18n.t("col-name")}</th>
                        <th scope="col">{move || i18n.t("field-city")}</th>
                        <th scope="col">{move || i18n.t("value-rfm")}</th>
                        <th scope="col" class="num">{move || i18n.t("value-clv")}</th>
                        <th scope="col" class="num">{move || i18n.t("value-p-alive")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="muted" data-testid="member-showing">{move || {
                let total = total();
                i18n.t_with("segment-showing", &[
                    ("shown", Arg::Str(&units::count(total.min(shown.get()) as u64, i18n.lang()))),
                    ("total", Arg::Str(&units::count(total as u64, i18n.lang()))),
                ])
            }}</p>
            <Show when=move || { total() > shown.get() }>
                <button type="button" data-testid="member-more" on:click=move |_| shown.update(|n| *n += SHOWN_MEMBERS)>
                    {move || {
                        let next = total().saturating_sub(shown.get()).min(SHOWN_MEMBERS);
                        i18n.t_with("segment-show-more", &[("n", Arg::Num(next as f64))])
                    }}
                </button>
            </Show>
        </Show>
    }
}

/// A group's join, its conditions and (at the top level) its subgroups.
#[component]
fn GroupEditor(
    group: GroupDraft,
    depth: usize,
    problem_of: Callback<u64, Option<String>>,
    on_remove: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let add_condition = move |_| {
        group
            .conds
            .update(|c| c.push(CondDraft::new(Field::RfmSegment)))
    };
    let add_group = move |_| {
        let sub = GroupDraft::new(Join::Any);
        sub.conds.update(|c| c.push(CondDraft::new(Field::City)));
        group.groups.update(|g| g.push(sub));
    };
    let testid = if depth == 0 {
        "rule-root"
    } else {
        "rule-group"
    };
    view! {
        <fieldset class=if depth == 0 { "rule-group" } else { "rule-group nested" } data-testid=testid>
            <legend class="rule-join">
                <label>
                    <span class="visually-hidden">{move || i18n.t("segment-join-label")}</span>
                    <select data-testid="rule-join" on:change=move |ev| {
                        group.join.set(if event_target_value(&ev) == "any" { Join::Any } else { Join::All });
                    }>
                        <option value="all" selected=move || group.join.get() == Join::All>{move || i18n.t(Join::All.key())}</option>
                        <option value="any" selected=move || group.join.get() == Join::Any>{move || i18n.t(Join::Any.key())}</option>
                    </select>
                </label>
                {on_remove.map(|remove| view! {
                    <button type="button" class="link" data-testid="rule-group-remove" on:click=move |_| remove.run(())>
                        {move || i18n.t("segment-remove-group")}
                    </button>
                })}
            </legend>
            <For each=move || group.conds.get() key=|c| c.key let:cond>
                <ConditionRow
                    cond
                    problem=Signal::derive(move || problem_of.run(cond.key))
                    on_remove=Callback::new(move |_| group.conds.update(|c| c.retain(|x| x.key != cond.key)))
                />
            </For>
            {(depth == 0).then(|| view! {
                <For each=move || group.groups.get() key=|g| g.key let:sub>
                    <SubGroup
                        group=sub
                        problem_of
                        on_remove=Callback::new(move |_| group.groups.update(|g| g.retain(|x| x.key != sub.key)))
                    />
                </For>
            })}
            <div class="rule-actions">
                <button type="button" data-testid="rule-add-condition" on:click=add_condition>{move || i18n.t("segment-add-condition")}</button>
                {(depth == 0).then(|| view! {
                    <button type="button" data-testid="rule-add-group" on:click=add_group>{move || i18n.t("segment-add-group")}</button>
                })}
            </div>
        </fieldset>
    }
}

/// A nested group (one level: the builder keeps rules readable).
#[component]
fn SubGroup(
    group: GroupDraft,
    problem_of: Callback<u64, Option<String>>,
    on_remove: Callback<()>,
) -> impl IntoView {
    view! { <GroupEditor group depth=1 problem_of on_remove=Some(on_remove)/> }.into_any()
}

/// Field, operator and value of one condition.
#[component]
fn ConditionRow(
    cond: CondDraft,
    problem: Signal<Option<String>>,
    on_remove: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let set_field = move |ev| {
        let Some(field) = Field::from_code(&event_target_value(&ev)) else {
            return;
        };
        if field.kind() != cond.field.get_untracked().kind() {
            cond.text.set(String::new());
        }
        cond.choices.set(Vec::new());
        if !field.allows(cond.op.get_untracked()) {
            cond.op.set(field.ops()[0]);
        }
        cond.field.set(field);
    };
    let value_input = move || {
        let field = cond.field.get();
        if cond.op.get() == Op::HasAny {
            return ().into_any();
        }
        if field.kind() == Kind::Choice {
            return view! {
                <div class="choices" data-testid="rule-choices" role="group">
                    {field.choices().iter().map(|&code| {
                        let code = code.to_string();
                        let checked = {
                            let code = code.clone();
                            move || cond.choices.with(|c| c.contains(&code))
                        };
                        let toggle = {
                            let code = code.clone();
                            move |_| cond.choices.update(|c| {
                                if let Some(at) = c.iter().position(|x| *x == code) {
                                    c.remove(at);
                                } else {
                                    c.push(code.clone());
                                }
                            })
                        };
                        let label = {
                            let code = code.clone();
                            move || field.choice_label(&code, i18n.lang())
                        };
                        view! {
                            <label class="choice">
                                <input type="checkbox" data-code=code.clone() prop:checked=checked on:change=toggle/>
                                {label}
                            </label>
                        }
                    }).collect_view()}
                </div>
            }.into_any();
        }
        let hint = match field.kind() {
            Kind::Money => "segment-hint-money",
            Kind::Percent => "segment-hint-percent",
            Kind::Days => "segment-hint-days",
            Kind::Number => "segment-hint-number",
            _ => "segment-hint-text",
        };
        view! {
            <input type="text" class="rule-value" data-testid="rule-value"
                inputmode=if field.kind().is_numeric() { "decimal" } else { "text" }
                placeholder=move || i18n.t(hint)
                aria-label=move || i18n.t("segment-value-label")
                aria-invalid=move || problem.with(Option::is_some).to_string()
                prop:value=move || cond.text.get()
                on:input=move |ev| cond.text.set(event_target_value(&ev))/>
        }
        .into_any()
    };
    view! {
        <div class="rule-condition" data-testid="rule-condition">
            <select data-testid="rule-field" aria-label=move || i18n.t("segment-field-label") on:change=set_field>
                {Field::ALL.iter().map(|&f| view! {
                    <option value=f.code() selected=move || cond.field.get() == f>{move || i18n.t(f.key())}</option>
                }).collect_view()}
            </select>
            <select data-testid="rule-op" aria-label=move || i18n.t("segment-op-label") on:change=move |ev| {
                let code = event_target_value(&ev);
                if let Some(op) = Op::ALL.iter().find(|o| o.code() == code) {
                    cond.op.set(*op);
                }
            }>
                {move || cond.field.get().ops().into_iter().map(|op| view! {
                    <option value=op.code() selected=move || cond.op.get() == op>{move || i18n.t(op.key())}</option>
                }).collect_view()}
            </select>
            {value_input}
            <button type="button" class="link" data-testid="rule-remove" aria-label=move || i18n.t("segment-remove-condition") on:click=move |_| on_remove.run(())>
                "×"
            </button>
            {move || problem.get().map(|p| view! { <span class="field-error" role="alert">{p}</span> })}
        </div>
    }
}
