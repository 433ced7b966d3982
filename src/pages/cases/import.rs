//! Importing past or outside complaints from a CSV file (the columns of
//! `ilgi triage`: `case id, customer id, channel, text, public, followers,
//! created at`): every row is triaged with the workspace's rules and
//! recorded as a case with its number, journey and department, in one
//! all-or-nothing write. Every rejected row is reported with its line and
//! column; a case id already recorded is skipped, so importing a file twice
//! creates nothing new.

use ilgi_core::i18n::Arg;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::progress::JobProgress;
use crate::crm::{Crm, use_crm};
use crate::i18n::use_i18n;
use crate::jobs::JobHandle;
use crate::jobs::cases::CaseImport;
use crate::storage::StorageError;
use crate::worker::{self, Done, Task};

/// Imports in the worker, then reloads (the queue reads the new cases)
/// and tells the other tabs.
async fn import(crm: Crm, bytes: Vec<u8>, job: JobHandle) -> Result<CaseImport, String> {
    job.reset();
    let done = worker::run(Task::ImportCases { bytes }, job).await;
    job.finish();
    let report = match done.map_err(|e| e.detail)? {
        Done::ImportedCases(report) => report?,
        other => return Err(worker::unexpected(&other).detail),
    };
    if report.created > 0 && !report.cancelled {
        if let Some(db) = crm.db() {
            db.announce_bulk();
        }
        crm.reload().await.map_err(|e: StorageError| e.detail)?;
    }
    Ok(report)
}

/// The import panel of the queue.
#[component]
pub fn CaseImport() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let outcome: RwSignal<Option<CaseImport>> = RwSignal::new(None);
    let job = JobHandle::new();
    let failure: RwSignal<Option<String>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let chosen = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = match crate::download::read_file(&file).await {
                Ok(bytes) => import(crm, bytes, job).await,
                Err(e) => Err(e),
            };
            busy.set(false);
            match result {
                Ok(o) => {
                    failure.set(None);
                    outcome.set(Some(o));
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <details class="panel" data-testid="case-import">
            <summary>{move || i18n.t("cases-import")}</summary>
            <p class="muted">{move || i18n.t("cases-import-help")}</p>
            <label for="case-import-file">{move || i18n.t("cases-import-file")}</label>
            <input id="case-import-file" type="file" accept=".csv,text/csv" data-testid="case-import-file"
                disabled=move || busy.get() on:change=chosen/>
            <JobProgress job=job label="cases-import" cancellable=true/>
            {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || outcome.get().map(|o| {
                let lang = i18n.lang();
                view! {
                    <p role="status" data-testid="case-import-result">
                        {i18n.t_with("cases-import-result", &[
                            ("rows", Arg::Num(o.rows as f64)),
                            ("created", Arg::Num(o.created as f64)),
                            ("already", Arg::Num(o.already as f64)),
                            ("rejected", Arg::Num(o.rejected.len() as f64)),
                        ])}
                    </p>
                    <ul class="plain" data-testid="case-import-rejected">
                        {o.rejected.into_iter().map(|e| {
                            let column = if e.column.is_empty() { String::new() } else { format!(", {}", e.column) };
                            let value = if e.value.is_empty() { String::new() } else { format!(" ({:?})", e.value) };
                            view! { <li>{format!("{} {}{column}{value}: {}", i18n.t("import-report-line"), e.line, e.reason.message(lang))}</li> }
                        }).collect_view()}
                    </ul>
                }
            })}
        </details>
    }
}
