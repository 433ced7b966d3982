//! The segment builder: name, rule, the live member count and list (from
//! the worker, which keeps the value analysis) and the CSV export.

use ilgi_core::i18n::Arg;
use ilgi_core::model::{Batch, Id, Record};
use ilgi_core::segment::SavedSegment;
use ilgi_core::units;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::draft::GroupDraft;
use super::rule::GroupEditor;
use crate::components::progress::JobProgress;
use crate::crm::use_crm;
use crate::download;
use crate::i18n::use_i18n;
use crate::insights::use_insights;
use crate::jobs::JobHandle;
use crate::pages::customers::customer_href;
use crate::toast::use_toasts;
use crate::worker::protocol::Members;

/// Members listed on the page at first, and added by "show more" (the
/// export has all of them).
const SHOWN_MEMBERS: usize = 50;

#[component]
pub(super) fn SegmentEditor(segment: SavedSegment, is_new: bool) -> impl IntoView {
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
    // Live members, from the worker: asked again on every change of the
    // draft, of how many are shown, or of the analysis.
    let valid = Memo::new(move |_| {
        rule.with(|(group, problems)| {
            (problems.is_empty() && group.validate().is_ok()).then(|| group.clone())
        })
    });
    let shown = RwSignal::new(SHOWN_MEMBERS);
    // A changed rule starts the list from the top again.
    Effect::new(move |_| {
        valid.track();
        shown.set(SHOWN_MEMBERS);
    });
    let found = LocalResource::new(move || {
        insights.version();
        let (group, limit) = (valid.get(), shown.get());
        async move { insights.members(group?, limit).await }
    });
    let found = Signal::derive(move || found.get().flatten());

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
        let Some(group) = valid.get_untracked() else {
            return;
        };
        let file = format!("{}.csv", name.get_untracked().trim());
        export_job.reset();
        leptos::task::spawn_local(async move {
            match insights
                .export_segment(group, i18n.lang_untracked(), export_job)
                .await
            {
                Ok(url) => {
                    if let Err(e) = download::save_url(&file, &url) {
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
                    aria-describedby=move || name_missing().then_some("segment-name-error")
                    on:input=move |ev| name.set(event_target_value(&ev))/>
                <Show when=name_missing>
                    <span id="segment-name-error" class="field-error" role="alert">{move || i18n.t("segment-name-missing")}</span>
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
                <h2 data-testid="segment-count" data-count=move || found.with(|m| m.as_ref().map(|m| m.total.to_string()).unwrap_or_default())>
                    {move || match found.with(|m| m.as_ref().map(|m| m.total)) {
                        Some(total) => i18n.t_with("segment-count", &[
                            ("count", Arg::Num(total as f64)),
                            ("shown", Arg::Str(&units::count(total, i18n.lang()))),
                        ]),
                        None if insights.version() == 0 => i18n.t("insights-computing"),
                        None => i18n.t("segment-count-unknown"),
                    }}
                </h2>
                <div class="page-actions">
                    <button type="button" data-testid="segment-export"
                        disabled=move || { found.with(|m| m.as_ref().is_none_or(|m| m.total == 0)) || export_job.running.get() }
                        on:click=export>
                        {move || i18n.t("segment-export")}
                    </button>
                </div>
            </div>
            <JobProgress job=insights.job label="insights-computing"/>
            <JobProgress job=export_job label="segment-exporting"/>
            <MemberTable found shown/>
        </div>
    }
}

#[component]
fn MemberTable(found: Signal<Option<Members>>, shown: RwSignal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let total = move || found.with(|m| m.as_ref().map_or(0, |m| m.total as usize));
    let rows = move || {
        let members = found.get()?;
        let ids: Vec<Id> = members.top.iter().map(|(id, _)| *id).collect();
        let list = crm.rows(&ids);
        let lang = i18n.lang();
        let currency = members.currency;
        Some(
            list.into_iter()
                .zip(members.top)
                .map(|(row, (_, m))| {
                    view! {
                        <tr data-testid="member-row">
                            <td><a href=customer_href(row.id)>{row.name.clone()}</a></td>
                            <td>{row.city.clone().unwrap_or_default()}</td>
                            <td>{m.rfm.map(|r| i18n.t(r.segment.key())).unwrap_or_default()}</td>
                            <td class="num">{m.clv.map(|v| units::money(v, currency, lang)).unwrap_or_default()}</td>
                            <td class="num">{m.p_alive.map(|p| units::percent(p, lang)).unwrap_or_default()}</td>
                        </tr>
                    }
                })
                .collect_view(),
        )
    };
    view! {
        <Show when=move || { total() > 0 }>
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
