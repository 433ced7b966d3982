//! The header's sync status (only while signed in to a workspace):
//! "Synced 2 min ago · 3 waiting", "Offline", an error with "Retry", or
//! the progress of a long first pull.

use ilgi_core::i18n::Arg;
use ilgi_core::units;
use leptos::prelude::*;

use crate::components::sync::summary;
use crate::i18n::use_i18n;
use crate::sync::{Phase, use_sync};

#[component]
pub fn SyncStatus() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let phase_slug = move || match sync.phase.get() {
        Phase::SignedOut => "signed-out",
        Phase::Idle => "idle",
        Phase::Syncing => "syncing",
        Phase::Offline => "offline",
        Phase::Failed { .. } => "failed",
        Phase::SignInAgain => "sign-in-again",
        Phase::Incompatible(_) => "incompatible",
    };
    let detail = move || match sync.phase.get() {
        Phase::Failed { detail, .. } | Phase::Incompatible(detail) => detail,
        _ => summary(i18n, sync, false),
    };
    let progress = move || {
        let job = sync.bootstrap;
        job.running.get().then(|| {
            let lang = i18n.lang();
            i18n.t_with(
                "sync-bootstrap-progress",
                &[
                    ("done", Arg::Str(&units::count(job.done.get() as u64, lang))),
                    (
                        "total",
                        Arg::Str(&units::count(job.total.get() as u64, lang)),
                    ),
                ],
            )
        })
    };
    let signed_in = Memo::new(move |_| sync.signed_in());
    view! {
        <Show when=move || signed_in.get()>
            <div class="sync-status" data-testid="sync-status" data-phase=phase_slug role="status" title=detail>
                <span class="sync-dot" aria-hidden="true"></span>
                <a href="/settings#sync" data-testid="sync-status-text">
                    {move || progress().unwrap_or_else(|| summary(i18n, sync, true))}
                </a>
                <Show when=move || matches!(sync.phase.get(), Phase::Failed { .. })>
                    <button type="button" class="secondary small" data-testid="sync-retry" on:click=move |_| sync.now()>
                        {move || i18n.t("sync-retry")}
                    </button>
                </Show>
                {move || sync.clock_off_ms.get().map(|off| view! {
                    <span class="form-error" data-testid="sync-clock">
                        {i18n.t_with("sync-clock-off", &[("seconds", Arg::Num((off.abs() / 1000) as f64))])}
                    </span>
                })}
            </div>
        </Show>
    }
}
