//! A labelled progress bar with an optional cancel button.

use ilgi_core::i18n::Arg;
use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::jobs::JobHandle;

/// Shows `job`'s progress while it runs: "label — done of total".
#[component]
pub fn JobProgress(
    job: JobHandle,
    label: &'static str,
    #[prop(optional)] cancellable: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let percent = move || {
        let total = job.total.get().max(1);
        (job.done.get() * 100 / total).min(100)
    };
    view! {
        <Show when=move || job.running.get()>
            <div class="job" data-testid="job-progress">
                <div class="job-label">
                    <span data-testid="job-label">{move || i18n.t(job.phase.get().unwrap_or(label))}</span>
                    <span class="job-count">
                        {move || {
                            let lang = i18n.lang();
                            // Until the job knows its size there is no
                            // "0 of 0" to show.
                            if job.total.get() == 0 {
                                return String::new();
                            }
                            i18n.t_with(
                                "job-progress",
                                &[
                                    ("done", Arg::Str(&ilgi_core::units::count(job.done.get() as u64, lang))),
                                    ("total", Arg::Str(&ilgi_core::units::count(job.total.get() as u64, lang))),
                                ],
                            )
                        }}
                    </span>
                </div>
                <div
                    class="progress"
                    role="progressbar"
                    aria-valuemin="0"
                    aria-valuemax="100"
                    aria-valuenow=move || percent().to_string()
                    aria-label=move || i18n.t(label)
                >
                    <div class="progress-fill" style:width=move || format!("{}%", percent())></div>
                </div>
                <Show when=move || cancellable>
                    <button type="button" class="secondary" data-testid="job-cancel" on:click=move |_| job.request_cancel()>
                        {move || i18n.t("job-cancel")}
                    </button>
                </Show>
            </div>
        </Show>
    }
}
