//! `/mentions/import`: a CSV or JSON export of posts (X, Instagram,
//! Facebook or any platform; `docs/formats/mentions.md`). Pick the file,
//! check the column mapping (and the platform of a file that has no
//! platform column), import with progress and cancel, then read what
//! happened to the posts and every rejected row.

use ilgi_core::csv_io;
use ilgi_core::i18n::Arg;
use ilgi_core::model::Platform;
use ilgi_core::social::mention_import::{MentionField, MentionMapping, auto_map_mentions};
use ilgi_core::units;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::progress::JobProgress;
use crate::crm::use_crm;
use crate::download;
use crate::i18n::use_i18n;
use crate::jobs::JobHandle;
use crate::jobs::import::Preview;
use crate::jobs::mentions::{self, MentionReport};
use crate::toast::use_toasts;

/// Rejected rows shown on the page; the download has all of them.
const SHOWN_REJECTED: usize = 200;

#[component]
pub fn MentionImport() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let toasts = use_toasts();
    let prepared: RwSignal<Option<Preview>> = RwSignal::new(None);
    let mapping: RwSignal<Option<MentionMapping>> = RwSignal::new(None);
    let report: RwSignal<Option<MentionReport>> = RwSignal::new(None);
    let file_error: RwSignal<Option<String>> = RwSignal::new(None);
    let job = JobHandle::new();

    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        report.set(None);
        file_error.set(None);
        leptos::task::spawn_local(async move {
            let name = file.name();
            match download::read_file(&file).await {
                Ok(bytes) => match mentions::prepare_in_worker(&name, bytes, job).await {
                    Ok(Ok(p)) => {
                        mapping.set(Some(auto_map_mentions(&p.headers, None)));
                        prepared.set(Some(p));
                    }
                    Err(e) => {
                        prepared.set(None);
                        mapping.set(None);
                        crm.report(&e);
                    }
                    Ok(Err(e)) => {
                        prepared.set(None);
                        mapping.set(None);
                        file_error.set(Some(e));
                    }
                },
                Err(e) => file_error.set(Some(e)),
            }
        });
    };

    let start = move |_| {
        let (Some(p), Some(m)) = (prepared.get_untracked(), mapping.get_untracked()) else {
            return;
        };
        if job.running.get_untracked() {
            return;
        }
        job.reset();
        report.set(None);
        leptos::task::spawn_local(async move {
            match mentions::run(crm, &p, m, job).await {
                Ok(r) => {
                    toasts.info(if r.cancelled {
                        "import-cancelled"
                    } else {
                        "import-done"
                    });
                    report.set(Some(r));
                    prepared.set(None);
                    mapping.set(None);
                }
                Err(e) => crm.report(&e),
            }
        });
    };

    let download_report = move |_| {
        let Some(r) = report.get_untracked() else {
            return;
        };
        let text = csv_io::report_csv(&r.rejected, i18n.lang_untracked());
        if let Err(e) =
            download::save_text("ilgi-mentions-report.csv", "text/csv;charset=utf-8", &text)
        {
            toasts.error_key("download-failed", e);
        }
    };

    let has_platform_column = move || {
        mapping.with(|m| {
            m.as_ref()
                .is_some_and(|m| m.fields.contains(&MentionField::Platform))
        })
    };

    view! {
        <section class="page" data-page="mention-import">
            <p><a href="/mentions" class="back">{move || i18n.t("mentions-back")}</a></p>
            <h1>{move || i18n.t("mentions-import-title")}</h1>
            <div class="panel">
                <p>{move || i18n.t("mentions-import-intro")}</p>
                <label class="field">
                    <span>{move || i18n.t("import-file")}</span>
                    <input type="file" accept=".csv,.json,.txt,text/csv,application/json" data-testid="mention-import-file"
                        on:change=on_file disabled=move || job.running.get()/>
                </label>
                <Show when=move || file_error.get().is_some()>
                    <p class="form-error" role="alert" data-testid="import-file-error">{move || file_error.get().unwrap_or_default()}</p>
                </Show>
            </div>
            <Show when=move || prepared.with(Option::is_some)>
                <div class="panel" data-testid="import-mapping">
                    <h2>{move || i18n.t("import-mapping-title")}</h2>
                    <p class="muted">
                        {move || prepared.with(|p| p.as_ref().map(|p| i18n.t_with(
                            "mentions-file-summary",
                            &[
                                ("file", Arg::Str(&p.file_name)),
                                ("rows", Arg::Num(p.rows as f64)),
                                ("shown", Arg::Str(&units::count(p.rows as u64, i18n.lang()))),
                            ],
                        )).unwrap_or_default())}
                    </p>
                    <div class="field">
                        <label for="mention-import-platform">
                            {move || i18n.t(if has_platform_column() { "mentions-platform-fallback" } else { "mentions-platform" })}
                        </label>
                        <select id="mention-import-platform" data-testid="mention-import-platform" on:change=move |ev| {
                            let chosen = Platform::ALL.into_iter().find(|p| p.code() == event_target_value(&ev));
                            mapping.update(|m| if let Some(m) = m { m.platform = chosen; });
                        }>
                            <option value="">{move || i18n.t("mentions-platform-none")}</option>
                            {Platform::ALL.into_iter().map(|p| view! { <option value=p.code()>{p.name()}</option> }).collect_view()}
                        </select>
                    </div>
                    <MentionMappingTable prepared mapping/>
                    <div class="page-actions">
                        <button type="button" class="primary" data-testid="import-start" disabled=move || job.running.get() on:click=start>
                            {move || i18n.t("import-start")}
                        </button>
                    </div>
                    <JobProgress job=job label="import-running" cancellable=true/>
                </div>
            </Show>
            <Show when=move || report.with(Option::is_some)>
                <div class="panel" data-testid="import-report">
                    <h2>{move || i18n.t("import-report-title")}</h2>
                    {move || report.get().map(|r| {
                        let lang = i18n.lang();
                        let n = |v: usize| units::count(v as u64, lang);
                        let line = |key: &'static str, v: usize, id: &'static str| view! {
                            <li data-testid=id>{i18n.t_with(key, &[("count", Arg::Num(v as f64)), ("shown", Arg::Str(&n(v)))])}</li>
                        };
                        view! {
                            <ul class="plain" data-testid="import-summary">
                                {line("mentions-created", r.created, "mentions-created")}
                                {line("mentions-already", r.already, "mentions-already")}
                                {line("mentions-linked", r.sorted.linked, "mentions-linked")}
                                {line("mentions-possible", r.sorted.possible, "mentions-possible")}
                                {line("mentions-prospects", r.sorted.prospects, "mentions-prospects")}
                                {line("mentions-identities", r.sorted.identities, "mentions-identities")}
                                {line("mentions-cases", r.cases, "mentions-cases")}
                                {line("import-rejected", r.rejected.len(), "import-rejected")}
                                {r.cancelled.then(|| view! { <li class="form-error">{i18n.t("import-cancelled")}</li> })}
                            </ul>
                            <p><a href="/mentions?tab=review" data-testid="to-review">{i18n.t("mentions-to-review")}</a></p>
                            {(!r.rejected.is_empty()).then(|| view! {
                                <button type="button" data-testid="import-report-download" on:click=download_report>
                                    {i18n.t("import-report-download")}
                                </button>
                                <div class="table-wrap" role="region" tabindex="0" aria-label=move || i18n.t("import-rejected-table")>
                                    <table data-testid="import-rejected-table">
                                        <thead><tr>
                                            <th scope="col" class="num">{i18n.t("import-report-line")}</th>
                                            <th scope="col">{i18n.t("import-report-column")}</th>
                                            <th scope="col">{i18n.t("import-report-value")}</th>
                                            <th scope="col">{i18n.t("import-report-reason")}</th>
                                        </tr></thead>
                                        <tbody>
                                            {r.rejected.iter().take(SHOWN_REJECTED).map(|e| view! {
                                                <tr data-testid="rejected-row" data-line=e.line.to_string()>
                                                    <td class="num">{e.line}</td>
                                                    <td>{e.column.clone()}</td>
                                                    <td>{e.value.clone()}</td>
                                                    <td>{e.reason.message(lang)}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                {(r.rejected.len() > SHOWN_REJECTED).then(|| view! {
                                    <p class="muted">{i18n.t_with("import-more-rejected", &[("count", Arg::Str(&n(r.rejected.len() - SHOWN_REJECTED)))])}</p>
                                })}
                            })}
                        }
                    })}
                </div>
            </Show>
        </section>
    }
}

/// One row per file column: header, first value, target select.
#[component]
fn MentionMappingTable(
    prepared: RwSignal<Option<Preview>>,
    mapping: RwSignal<Option<MentionMapping>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = move || {
        let (headers, sample) = prepared.with(|p| {
            p.as_ref()
                .map(|p| (p.headers.clone(), p.sample.clone()))
                .unwrap_or_default()
        });
        headers
            .into_iter()
            .enumerate()
            .map(|(i, header)| {
                let sample = sample.get(i).cloned().unwrap_or_default();
                let current = mapping.with_untracked(|m| {
                    m.as_ref()
                        .and_then(|m| m.fields.get(i).copied())
                        .unwrap_or(MentionField::Ignore)
                });
                let on_change = move |ev: leptos::ev::Event| {
                    let Ok(choice) = event_target_value(&ev).parse::<usize>() else {
                        return;
                    };
                    mapping.update(|m| {
                        if let (Some(m), Some(field)) = (m, MentionField::ALL.get(choice))
                            && let Some(slot) = m.fields.get_mut(i)
                        {
                            *slot = *field;
                        }
                    });
                };
                view! {
                    <tr data-testid="mapping-row">
                        <th scope="row">{header.clone()}</th>
                        <td class="muted">{sample}</td>
                        <td>
                            <select aria-label=header.clone() data-column=header on:change=on_change>
                                {MentionField::ALL.into_iter().enumerate().map(|(k, field)| view! {
                                    <option value=k.to_string() selected=field == current>{move || i18n.t(field.label_key())}</option>
                                }).collect_view()}
                            </select>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="table-wrap" role="region" tabindex="0" aria-label=move || i18n.t("import-mapping-title")>
            <table>
                <thead><tr>
                    <th scope="col">{move || i18n.t("import-col-header")}</th>
                    <th scope="col">{move || i18n.t("import-col-sample")}</th>
                    <th scope="col">{move || i18n.t("import-col-target")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
