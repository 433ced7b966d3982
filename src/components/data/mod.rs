//! The "Your data" card in Settings: counts, CSV exports, backup and
//! restore, and reset.

use ilgi_core::i18n::Arg;
use ilgi_core::units;
use leptos::prelude::*;

use crate::components::progress::JobProgress;
use crate::crm::use_crm;
use crate::download;
use crate::i18n::use_i18n;
use crate::jobs::{self, JobHandle};
use crate::toast::use_toasts;

#[component]
pub fn DataCard() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let toasts = use_toasts();
    let job = JobHandle::new();
    let counts = LocalResource::new(move || async move {
        crm.revision();
        match crm.db() {
            Some(db) => db.counts().await.ok(),
            None => None,
        }
    });
    let confirming_reset = RwSignal::new(false);
    // The chosen file's name and bytes (decoded, strictly, by the restore).
    let restore_file: RwSignal<Option<(String, Vec<u8>)>, LocalStorage> = RwSignal::new_local(None);
    let restore_errors: RwSignal<Option<ilgi_core::backup::BackupErrors>> = RwSignal::new(None);

    let backup = move |_| {
        if job.running.get_untracked() {
            return;
        }
        leptos::task::spawn_local(async move {
            match jobs::backup::create(job).await {
                Ok(url) => {
                    let name = format!("ilgi-backup-{}.jsonl", jobs::today());
                    if let Err(e) = download::save_url(&name, &url) {
                        toasts.error_key("download-failed", e);
                    }
                }
                Err(e) => crm.report(&e),
            }
        });
    };

    let choose_backup = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        restore_errors.set(None);
        leptos::task::spawn_local(async move {
            match download::read_file(&file).await {
                Ok(bytes) => restore_file.set(Some((file.name(), bytes))),
                Err(e) => toasts.error_key("download-failed", e),
            }
        });
    };

    let restore = move |mode: jobs::backup::RestoreMode| {
        // Taken out, not cloned: the file can be large.
        let Some((_, bytes)) = restore_file.try_update(Option::take).flatten() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match jobs::backup::restore(crm, bytes, mode, job).await {
                Ok(jobs::Outcome::Done) => toasts.info("backup-restored"),
                Ok(jobs::Outcome::Cancelled) => toasts.info("backup-restore-cancelled"),
                Err(jobs::backup::RestoreError::Invalid(errors)) => {
                    restore_errors.set(Some(errors))
                }
                Err(jobs::backup::RestoreError::Storage(e)) => crm.report(&e),
            }
        });
    };

    let export = move |kind: jobs::export::ExportKind| {
        if job.running.get_untracked() {
            return;
        }
        leptos::task::spawn_local(async move {
            match jobs::export::create(kind, job).await {
                Ok(url) => {
                    if let Err(e) = download::save_url(kind.file_name(), &url) {
                        toasts.error_key("download-failed", e);
                    }
                }
                Err(e) => crm.report(&e),
            }
        });
    };

    let reset = move |_| {
        confirming_reset.set(false);
        leptos::task::spawn_local(async move {
            match jobs::demo::reset(crm).await {
                Ok(()) => toasts.info("data-reset-done"),
                Err(e) => crm.report(&e),
            }
        });
    };

    // Replacing or resetting deletes changes no server has confirmed:
    // say how many, next to the button that would lose them.
    let unsent_warning = move || {
        let pending = counts.get().flatten().map_or(0, |c| c.pending);
        (pending > 0).then(|| {
            let text = i18n.t_with(
                "data-unsent-warning",
                &[(
                    "count",
                    Arg::Str(&units::count(pending.into(), i18n.lang())),
                )],
            );
            view! { <p class="form-error" role="alert" data-testid="unsent-warning">{text}</p> }
        })
    };

    view! {
        <div class="panel" data-testid="data-card">
            <h2>{move || i18n.t("data-title")}</h2>
            <p data-testid="data-counts">
                {move || counts.get().flatten().map(|c| {
                    let lang = i18n.lang();
                    i18n.t_with(
                        "data-counts",
                        &[
                            ("customers", Arg::Str(&units::count(c.customers.into(), lang))),
                            ("customerCount", Arg::Num(f64::from(c.customers))),
                            ("purchases", Arg::Str(&units::count(c.purchases.into(), lang))),
                            ("purchaseCount", Arg::Num(f64::from(c.purchases))),
                            ("interactions", Arg::Str(&units::count(c.interactions.into(), lang))),
                            ("interactionCount", Arg::Num(f64::from(c.interactions))),
                            ("outbox", Arg::Str(&units::count(c.pending.into(), lang))),
                            ("outboxCount", Arg::Num(f64::from(c.pending))),
                        ],
                    )
                })}
            </p>
            <div class="page-actions">
                <button type="button" data-testid="export-customers" disabled=move || job.running.get() on:click=move |_| export(jobs::export::ExportKind::Customers)>
                    {move || i18n.t("data-export-customers")}
                </button>
                <button type="button" data-testid="export-purchases" disabled=move || job.running.get() on:click=move |_| export(jobs::export::ExportKind::Purchases)>
                    {move || i18n.t("data-export-purchases")}
                </button>
            </div>
            <h3>{move || i18n.t("backup-title")}</h3>
            <p class="muted">{move || i18n.t("backup-intro")}</p>
            <div class="page-actions">
                <button type="button" data-testid="backup-download" disabled=move || job.running.get() on:click=backup>
                    {move || i18n.t("backup-download")}
                </button>
                <label class="button">
                    <span>{move || i18n.t("backup-restore")}</span>
                    <input type="file" class="visually-hidden" accept=".jsonl,.json,application/x-ndjson" data-testid="restore-file"
                        disabled=move || job.running.get() on:change=choose_backup/>
                </label>
            </div>
            <Show when=move || restore_file.with(Option::is_some)>
                <div class="page-actions">
                    <span class="confirm" role="alert">
                        {move || i18n.t_with("backup-restore-confirm", &[("file", Arg::Str(&restore_file.with(|f| f.as_ref().map(|f| f.0.clone()).unwrap_or_default())))])}
                    </span>
                    <button type="button" data-testid="restore-confirm" on:click=move |_| restore(jobs::backup::RestoreMode::Merge)>{move || i18n.t("backup-restore-yes")}</button>
                    <button type="button" class="danger" data-testid="restore-replace" on:click=move |_| restore(jobs::backup::RestoreMode::Replace)>{move || i18n.t("backup-restore-replace")}</button>
                    <button type="button" on:click=move |_| restore_file.set(None)>{move || i18n.t("cancel")}</button>
                </div>
                {unsent_warning}
            </Show>
            <Show when=move || restore_errors.with(Option::is_some)>
                <div class="restore-errors" role="alert" data-testid="restore-errors">
                    <p class="form-error">{move || i18n.t("backup-invalid")}</p>
                    <ul>
                        {move || restore_errors.get().map(|errors| {
                            let lang = i18n.lang();
                            errors.errors.iter().map(|e| {
                                let offset = e.offset.map(|o| units::count(o as u64, lang)).unwrap_or_default();
                                let problem = ilgi_core::i18n::catalog().text_with(lang, e.message_key, &[("offset", Arg::Str(&offset))]);
                                let text = i18n.t_with("backup-error-line", &[
                                    ("line", Arg::Num(e.line as f64)),
                                    ("problem", Arg::Str(&problem)),
                                ]);
                                view! { <li data-line=e.line.to_string()>{text}" "<span class="muted">{e.detail.clone()}</span></li> }
                            }).collect_view()
                        })}
                    </ul>
                </div>
            </Show>
            <JobProgress job=job label="data-working" cancellable=true/>
            <h3>{move || i18n.t("data-reset-title")}</h3>
            <p class="muted">{move || i18n.t("data-reset-intro")}</p>
            <Show
                when=move || confirming_reset.get()
                fallback=move || view! {
                    <button type="button" class="danger" data-testid="reset-data" on:click=move |_| confirming_reset.set(true)>
                        {move || i18n.t("data-reset")}
                    </button>
                }
            >
                <div class="page-actions">
                    <span class="confirm" role="alert">{move || i18n.t("data-reset-confirm")}</span>
                    <button type="button" class="danger" data-testid="reset-confirm" on:click=reset>{move || i18n.t("data-reset-yes")}</button>
                    <button type="button" on:click=move |_| confirming_reset.set(false)>{move || i18n.t("cancel")}</button>
                </div>
                {unsent_warning}
            </Show>
        </div>
    }
}
