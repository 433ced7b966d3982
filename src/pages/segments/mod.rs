//! Rule segments: the saved list, and the builder with a live member
//! count, the member list and a CSV export of the members.
//!
//! Definitions are core data (`ilgi_core::segment`): the builder keeps a
//! draft of reactive fields ([`draft`]), turns it into a `Group` on every
//! change (core reads what the user typed:
//! `segment::condition_from_input`), and the worker, which keeps the
//! value analysis, counts and ranks the members ([`crate::insights`]).
//! Saving writes a `Record::Segment` through the one write path.
//!
//! - `mod.rs`: the saved list and the two routes;
//! - [`editor`]: name, rule, live member count, member list, export;
//! - [`rule`]: the rule's groups and condition rows;
//! - [`draft`]: the reactive draft of a rule.

mod draft;
mod editor;
mod rule;

use ilgi_core::model::Id;
use ilgi_core::segment::SavedSegment;
use ilgi_core::units;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::progress::JobProgress;
use crate::crm::{Status, use_crm};
use crate::i18n::use_i18n;
use crate::insights::use_insights;
use crate::storage::db::new_id;
use editor::SegmentEditor;

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
            <Transition fallback=move || view! { <p>{move || i18n.t("loading")}</p> }>
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
            </Transition>
        </section>
    }
}

#[component]
fn SavedTable(list: Vec<SavedSegment>) -> impl IntoView {
    let i18n = use_i18n();
    let insights = use_insights();
    // Counted in the worker, where the analysis is; again when a new
    // analysis is in.
    let groups: Vec<_> = list.iter().map(|s| s.rule.clone()).collect();
    let counts = LocalResource::new(move || {
        insights.version();
        let groups = groups.clone();
        async move { insights.segment_counts(groups).await }
    });
    view! {
        <div class="panel table-wrap" role="region" tabindex="0" aria-label=move || i18n.t("segments-table")>
            <table data-testid="segments-table">
                <thead><tr>
                    <th scope="col">{move || i18n.t("segment-name")}</th>
                    <th scope="col">{move || i18n.t("segment-rule")}</th>
                    <th scope="col" class="num">{move || i18n.t("segment-members")}</th>
                </tr></thead>
                <tbody>
                    {list.into_iter().enumerate().map(|(i, s)| {
                        let rule = s.rule.clone();
                        let count = move || {
                            counts
                                .get()
                                .flatten()
                                .and_then(|c| c.get(i).copied())
                                .map(|n| units::count(n, i18n.lang()))
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
            <Transition fallback=move || view! { <p>{move || i18n.t("loading")}</p> }>
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
            </Transition>
        </section>
    }
}
