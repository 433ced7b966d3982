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

    let export = move |which: &'static str| {
        if job.running.get_untracked() {
            return;
        }
        leptos::task::spawn_local(async move {
            let (name, result) = match which {
                "customers" => (
                    "ilgi-customers.csv",
                    jobs::export::customers_csv(crm, job).await,
                ),
                _ => (
                    "ilgi-purchases.csv",
                    jobs::export::purchases_csv(crm, job).await,
                ),
            };
            job.finish();
            match result {
                Ok(text) => {
                    if let Err(e) = download::save_text(name, "text/csv;charset=utf-8", &text) {
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
                            ("purchases", Arg::Str(&units::count(c.purchases.into(), lang))),
                            ("interactions", Arg::Str(&units::count(c.interactions.into(), lang))),
                            ("outbox", Arg::Str(&units::count(c.outbox.into(), lang))),
                        ],
                    )
                })}
            </p>
            <div class="page-actions">
                <button type="button" data-testid="export-customers" disabled=move || job.running.get() on:click=move |_| export("customers")>
                    {move || i18n.t("data-export-customers")}
                </button>
                <button type="button" data-testid="export-purchases" disabled=move || job.running.get() on:click=move |_| export("purchases")>
                    {move || i18n.t("data-export-purchases")}
                </button>
            </div>
            <JobProgress job=job label="data-working"/>
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
            </Show>
        </div>
    }
}
