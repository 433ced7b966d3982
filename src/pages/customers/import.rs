//! CSV import: choose customers or purchases, pick a file, check the column
//! mapping, import with progress and cancel, then read (and download) the
//! report of every rejected row.

use ilgi_core::csv_io::{self, CustomerField, CustomerMapping, PurchaseField, PurchaseMapping};
use ilgi_core::i18n::Arg;
use ilgi_core::units;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::progress::JobProgress;
use crate::crm::use_crm;
use crate::download;
use crate::i18n::use_i18n;
use crate::jobs::JobHandle;
use crate::jobs::import::{self, ImportKind, Preview, Report};
use crate::toast::use_toasts;

/// Rejected rows shown on the page; the download has all of them.
const SHOWN_REJECTED: usize = 200;

#[derive(Clone, PartialEq)]
enum Mapping {
    Customers(Vec<CustomerField>),
    Purchases(Vec<PurchaseField>),
}

#[component]
pub fn CustomerImport() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let toasts = use_toasts();
    let kind = RwSignal::new(ImportKind::Customers);
    let prepared: RwSignal<Option<Preview>> = RwSignal::new(None);
    let mapping: RwSignal<Option<Mapping>> = RwSignal::new(None);
    let report: RwSignal<Option<Report>> = RwSignal::new(None);
    let file_error: RwSignal<Option<String>> = RwSignal::new(None);
    let job = JobHandle::new();

    let remap = move || {
        let m = prepared.with_untracked(|p| {
            p.as_ref().map(|p| match kind.get_untracked() {
                ImportKind::Customers => {
                    Mapping::Customers(csv_io::auto_map_customers(&p.headers).columns)
                }
                ImportKind::Purchases => {
                    Mapping::Purchases(csv_io::auto_map_purchases(&p.headers).columns)
                }
            })
        });
        mapping.set(m);
    };

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
                Ok(bytes) => match import::prepare_in_worker(&name, bytes, job).await {
                    Ok(Ok(p)) => {
                        prepared.set(Some(p));
                        remap();
                    }
                    Err(e) => {
                        prepared.set(None);
                        mapping.set(None);
                        crm.report(&e);
                    }
                    Ok(Err(e)) => {
                        prepared.set(None);
                        mapping.set(None);
                        let lang = i18n.lang_untracked();
                        file_error.set(Some(format!(
                            "{} {e}",
                            ilgi_core::i18n::catalog().text(lang, e.key())
                        )));
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
        file_error.set(None);
        leptos::task::spawn_local(async move {
            // Refuse before writing anything when the browser says the data
            // will not fit.
            if let Some(short) = import::space_shortage(p.file_bytes).await {
                let lang = i18n.lang_untracked();
                file_error.set(Some(i18n.t_with(
                    "import-no-space",
                    &[
                        ("needed", Arg::Str(&units::bytes(short.needed, lang))),
                        ("available", Arg::Str(&units::bytes(short.available, lang))),
                    ],
                )));
                return;
            }
            let chosen = match m {
                Mapping::Customers(columns) => {
                    import::Mapping::Customers(CustomerMapping { columns })
                }
                Mapping::Purchases(columns) => {
                    import::Mapping::Purchases(PurchaseMapping { columns })
                }
            };
            match import::run(crm, &p, chosen, job).await {
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
            download::save_text("ilgi-import-report.csv", "text/csv;charset=utf-8", &text)
        {
            toasts.error_key("download-failed", e);
        }
    };

    view! {
        <section class="page" data-page="customer-import">
            <p><a href="/customers" class="back">{move || i18n.t("customer-back")}</a></p>
            <h1>{move || i18n.t("import-title")}</h1>
            <div class="panel">
                <p>{move || i18n.t("import-intro")}</p>
                <fieldset class="sizes" disabled=move || job.running.get()>
                    <legend>{move || i18n.t("import-kind")}</legend>
                    <label class="check">
                        <input type="radio" name="import-kind" value="customers" prop:checked=move || kind.get() == ImportKind::Customers
                            on:change=move |_| { kind.set(ImportKind::Customers); remap(); }/>
                        <span>{move || i18n.t("import-kind-customers")}</span>
                    </label>
                    <label class="check">
                        <input type="radio" name="import-kind" value="purchases" prop:checked=move || kind.get() == ImportKind::Purchases
                            on:change=move |_| { kind.set(ImportKind::Purchases); remap(); }/>
                        <span>{move || i18n.t("import-kind-purchases")}</span>
                    </label>
                </fieldset>
                <label class="field">
                    <span>{move || i18n.t("import-file")}</span>
                    <input type="file" accept=".csv,.txt,text/csv" data-testid="import-file" on:change=on_file disabled=move || job.running.get()
                        aria-invalid=move || file_error.with(Option::is_some).to_string()
                        aria-describedby=move || file_error.with(Option::is_some).then_some("import-file-error")/>
                </label>
                <Show when=move || file_error.get().is_some()>
                    <p id="import-file-error" class="form-error" role="alert" data-testid="import-file-error">{move || file_error.get().unwrap_or_default()}</p>
                </Show>
            </div>
            <Show when=move || prepared.with(Option::is_some)>
                <div class="panel" data-testid="import-mapping">
                    <h2>{move || i18n.t("import-mapping-title")}</h2>
                    <p class="muted">
                        {move || prepared.with(|p| p.as_ref().map(|p| i18n.t_with(
                            "import-file-summary",
                            &[
                                ("file", Arg::Str(&p.file_name)),
                                ("rows", Arg::Num(p.rows as f64)),
                                ("shown", Arg::Str(&units::count(p.rows as u64, i18n.lang()))),
                                ("encoding", Arg::Str(&p.encoding)),
                                ("delimiter", Arg::Str(match p.delimiter { b';' => ";", b'\t' => "TAB", _ => "," })),
                            ],
                        )).unwrap_or_default())}
                    </p>
                    <MappingTable prepared=prepared mapping=mapping/>
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
                        view! {
                            <ul class="plain" data-testid="import-summary">
                                <li data-testid="import-created">{i18n.t_with("import-created", &[("count", Arg::Str(&n(r.created)))])}</li>
                                <li data-testid="import-updated">{i18n.t_with("import-updated", &[("count", Arg::Str(&n(r.updated)))])}</li>
                                <li data-testid="import-unchanged">{i18n.t_with("import-unchanged", &[("count", Arg::Str(&n(r.unchanged)))])}</li>
                                <li data-testid="import-rejected">{i18n.t_with("import-rejected", &[("shown", Arg::Str(&n(r.rejected.len())))])}</li>
                                {r.cancelled.then(|| view! { <li class="form-error">{i18n.t("import-cancelled")}</li> })}
                            </ul>
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
fn MappingTable(
    prepared: RwSignal<Option<Preview>>,
    mapping: RwSignal<Option<Mapping>>,
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
                let (labels, selected): (Vec<&'static str>, usize) = match mapping.get() {
                    Some(Mapping::Customers(cols)) => {
                        let options = CustomerField::options(&header);
                        let current = cols.get(i).cloned().unwrap_or(CustomerField::Ignore);
                        (options.iter().map(|o| o.label_key()).collect(), options.iter().position(|o| *o == current).unwrap_or(0))
                    }
                    Some(Mapping::Purchases(cols)) => {
                        let options = PurchaseField::options();
                        let current = cols.get(i).cloned().unwrap_or(PurchaseField::Ignore);
                        (options.iter().map(|o| o.label_key()).collect(), options.iter().position(|o| *o == current).unwrap_or(0))
                    }
                    None => (Vec::new(), 0),
                };
                let header_for_change = header.clone();
                let on_change = move |ev: leptos::ev::Event| {
                    let Ok(choice) = event_target_value(&ev).parse::<usize>() else { return };
                    mapping.update(|m| match m {
                        Some(Mapping::Customers(cols)) => {
                            if let (Some(slot), Some(field)) = (cols.get_mut(i), CustomerField::options(&header_for_change).get(choice)) {
                                *slot = field.clone();
                            }
                        }
                        Some(Mapping::Purchases(cols)) => {
                            if let (Some(slot), Some(field)) = (cols.get_mut(i), PurchaseField::options().get(choice)) {
                                *slot = field.clone();
                            }
                        }
                        None => {}
                    });
                };
                view! {
                    <tr data-testid="mapping-row">
                        <th scope="row">{header.clone()}</th>
                        <td class="muted">{sample}</td>
                        <td>
                            <select aria-label=header.clone() data-column=header on:change=on_change>
                                {labels.into_iter().enumerate().map(|(k, label)| view! {
                                    <option value=k.to_string() selected=k == selected>{move || i18n.t(label)}</option>
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
