//! The dashboard: customers per RFM segment with the recommended action for
//! each, computed in the browser over the whole database.

use ilgi_core::i18n::Arg;
use ilgi_core::rfm::Segment;
use ilgi_core::section::Section;
use ilgi_core::units;
use leptos::prelude::*;

use crate::components::charts::{Bar, BarChart};
use crate::components::progress::JobProgress;
use crate::crm::{Status, use_crm};
use crate::i18n::use_i18n;
use crate::jobs::JobHandle;
use crate::jobs::analytics::{self, Overview};

#[component]
pub fn Dashboard() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let job = JobHandle::new();
    let overview: RwSignal<Option<Overview>> = RwSignal::new(None);
    // Recompute when the data changes (and once the database is ready).
    Effect::new(move |_| {
        let revision = crm.revision();
        if crm.status() != Status::Ready {
            return;
        }
        let _ = revision;
        leptos::task::spawn_local(async move {
            match analytics::overview(crm, job).await {
                Ok(o) => overview.set(Some(o)),
                Err(e) => crm.report(&e),
            }
            job.finish();
        });
    });

    let bars = Signal::derive(move || {
        let lang = i18n.lang();
        overview.with(|o| {
            let Some(o) = o else { return Vec::new() };
            let mut bars: Vec<Bar> = Segment::ALL
                .iter()
                .map(|s| {
                    let n = o.rfm.count(*s);
                    Bar {
                        key: s.code().to_string(),
                        label: i18n.t(s.key()),
                        value: n as f64,
                        shown: units::count(n as u64, lang),
                        tooltip: format!("{}: {}", i18n.t(s.key()), i18n.t(s.action_key())),
                    }
                })
                .collect();
            bars.push(Bar {
                key: "no-purchases".into(),
                label: i18n.t("dashboard-no-purchases"),
                value: o.without_purchases as f64,
                shown: units::count(o.without_purchases as u64, lang),
                tooltip: i18n.t("dashboard-no-purchases-tip"),
            });
            bars
        })
    });

    view! {
        <section class="page" data-page=Section::Dashboard.slug()>
            <h1>{move || i18n.t(&Section::Dashboard.title_key())}</h1>
            <Show when=move || { crm.status() == Status::Ready && crm.is_empty() }>
                <div class="panel">
                    <p>{move || i18n.t("dashboard-empty")}</p>
                    <a class="button primary" href="/customers">{move || i18n.t("dashboard-go-customers")}</a>
                </div>
            </Show>
            <JobProgress job=job label="dashboard-computing"/>
            {move || overview.get().filter(|o| o.customers > 0).map(|o| {
                let lang = i18n.lang();
                view! {
                    <div class="stat-cards">
                        <div class="panel stat" data-testid="stat-customers">
                            <span class="stat-value">{units::count(o.customers as u64, lang)}</span>
                            <span class="muted">{i18n.t("dashboard-customers")}</span>
                        </div>
                        <div class="panel stat" data-testid="stat-purchases">
                            <span class="stat-value">{units::count(o.purchases as u64, lang)}</span>
                            <span class="muted">{i18n.t("dashboard-purchases")}</span>
                        </div>
                        <div class="panel stat" data-testid="stat-scored">
                            <span class="stat-value">{units::count(o.rfm.scored() as u64, lang)}</span>
                            <span class="muted">{i18n.t("dashboard-scored")}</span>
                        </div>
                    </div>
                    <div class="panel">
                        <h2>{i18n.t("dashboard-segments-title")}</h2>
                        <p class="muted">{i18n.t_with("dashboard-segments-intro", &[("date", Arg::Str(&crate::jobs::today().to_string()))])}</p>
                        <BarChart
                            bars=bars
                            title=Signal::derive(move || i18n.t("dashboard-segments-title"))
                            axis_label=Signal::derive(move || i18n.t("dashboard-axis-customers"))
                            format_tick=Callback::new(move |v: f64| units::count(v as u64, i18n.lang()))
                        />
                    </div>
                    <div class="panel">
                        <h2>{i18n.t("dashboard-actions-title")}</h2>
                        <div class="table-wrap">
                            <table data-testid="segment-table">
                                <thead><tr>
                                    <th scope="col">{i18n.t("dashboard-col-segment")}</th>
                                    <th scope="col" class="num">{i18n.t("dashboard-col-customers")}</th>
                                    <th scope="col">{i18n.t("dashboard-col-action")}</th>
                                </tr></thead>
                                <tbody>
                                    {Segment::ALL.iter().map(|s| {
                                        let n = o.rfm.count(*s);
                                        view! {
                                            <tr data-testid="segment-count" data-segment=s.code() data-count=n.to_string()>
                                                <td>{i18n.t(s.key())}</td>
                                                <td class="num">{units::count(n as u64, lang)}</td>
                                                <td>{i18n.t(s.action_key())}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                    <tr data-testid="segment-count" data-segment="no-purchases" data-count=o.without_purchases.to_string()>
                                        <td>{i18n.t("dashboard-no-purchases")}</td>
                                        <td class="num">{units::count(o.without_purchases as u64, lang)}</td>
                                        <td>{i18n.t("dashboard-no-purchases-tip")}</td>
                                    </tr>
                                </tbody>
                            </table>
                        </div>
                    </div>
                }
            })}
        </section>
    }
}
