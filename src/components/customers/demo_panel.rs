//! The empty-database panel: load demo data of a chosen size.

use ilgi_core::demo::DemoSize;
use ilgi_core::units;
use leptos::prelude::*;

use crate::components::progress::JobProgress;
use crate::crm::use_crm;
use crate::i18n::use_i18n;
use crate::jobs::{self, JobHandle, Outcome};
use crate::toast::use_toasts;

#[component]
pub fn DemoPanel() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let toasts = use_toasts();
    let size = RwSignal::new(DemoSize::Small);
    let job = JobHandle::new();
    let load = move |_| {
        if job.running.get_untracked() {
            return;
        }
        let chosen = size.get_untracked();
        leptos::task::spawn_local(async move {
            match jobs::demo::load(crm, chosen, job).await {
                Ok(Outcome::Done) => toasts.info("demo-loaded"),
                Ok(Outcome::Cancelled) => toasts.info("demo-cancelled"),
                Err(e) => crm.report(&e),
            }
        });
    };
    view! {
        <div class="panel empty-panel" data-testid="demo-panel">
            <h2>{move || i18n.t("demo-title")}</h2>
            <p>{move || i18n.t("demo-intro")}</p>
            <fieldset class="sizes" disabled=move || job.running.get()>
                <legend>{move || i18n.t("demo-size")}</legend>
                {DemoSize::ALL
                    .into_iter()
                    .map(|s| view! {
                        <label class="check">
                            <input
                                type="radio"
                                name="demo-size"
                                value=s.customers().to_string()
                                prop:checked=move || size.get() == s
                                on:change=move |_| size.set(s)
                            />
                            <span>{move || i18n.t_with(
                                "demo-size-option",
                                &[
                                    ("count", ilgi_core::i18n::Arg::Num(s.customers() as f64)),
                                    ("shown", ilgi_core::i18n::Arg::Str(&units::count(s.customers() as u64, i18n.lang()))),
                                ],
                            )}</span>
                        </label>
                    })
                    .collect_view()}
            </fieldset>
            <div class="page-actions">
                <button type="button" class="primary" data-testid="demo-load" disabled=move || job.running.get() on:click=load>
                    {move || i18n.t("demo-load")}
                </button>
                <a class="button" href="/customers/import">{move || i18n.t("customers-import")}</a>
            </div>
            <JobProgress job=job label="demo-loading" cancellable=true/>
        </div>
    }
}
