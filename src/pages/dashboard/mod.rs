//! The dashboard, along the CRM steps of seed 002: selection (RFM segments,
//! lifetime value distribution), acquisition (new customers per month),
//! retention (cohort retention, valuable customers who are slipping) and
//! deepening (share of wallet by category). Everything is computed in the
//! browser over the whole database by the shared analysis.

mod views;

use ilgi_core::analytics::date_of;
use ilgi_core::i18n::Arg;
use ilgi_core::rfm::Segment;
use ilgi_core::section::Section;
use ilgi_core::units;
use ilgi_core::value::Overview;
use std::sync::Arc;

use leptos::prelude::*;

use crate::components::chart_table::{ChartTable, bar_rows};
use crate::components::charts::{Bar, BarChart, ColumnChart};
use crate::components::customers::DemoPanel;
use crate::components::later::Later;
use crate::components::progress::JobProgress;
use crate::crm::{Status, use_crm};
use crate::i18n::{I18n, use_i18n};
use crate::insights::use_insights;
use crate::pages::customers::{customer_href, format_date};
use views::{Categories, ClvDistribution, Cohorts, NewCustomers, Slipping};

#[component]
pub fn Dashboard() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let insights = use_insights();
    Effect::new(move |_| insights.ensure());
    let drawn = StoredValue::new(false);

    view! {
        <section class="page" data-page=Section::Dashboard.slug()>
            <h1>{move || i18n.t(&Section::Dashboard.title_key())}</h1>
            <Show when=move || { crm.status() == Status::Ready && crm.is_empty() }>
                // Someone trying ilgi starts here: demo data (with its size)
                // and the CSV import are one click away.
                <p data-testid="dashboard-empty">{move || i18n.t("dashboard-empty")}</p>
                <DemoPanel/>
            </Show>
            <JobProgress job=insights.job label="dashboard-computing"/>
            {move || insights.error().map(|e| {
                let (kind, key) = (format!("{:?}", e.kind), e.key());
                view! {
                <div class="panel notice" role="alert" data-testid="insights-error" data-kind=kind>
                    <p>{move || i18n.t("dashboard-analysis-failed")}</p>
                    <p>{move || i18n.t(key)}</p>
                    <p class="muted">{e.detail}</p>
                    <button class="button primary" type="button" data-testid="insights-retry"
                        on:click=move |_| insights.retry()>
                        {move || i18n.t("error-retry")}
                    </button>
                </div>
                }
            })}
            {move || insights.cached_at().map(|at| view! {
                <p class="muted" data-testid="insights-cached">{move || i18n.t_with("dashboard-cached", &[("date", Arg::Str(&format_time(at, i18n.lang())))])}</p>
            })}
            {move || {
                let overview = insights.get()?;
                (overview.customers > 0 && !crm.is_empty()).then(|| {
                    // Drawn in steps the first time; newer figures replace
                    // the shown ones at once.
                    let stagger = !drawn.get_value();
                    drawn.set_value(true);
                    view! { <Figures overview stagger/> }
                })
            }}
        </section>
    }
}

/// A time as the language writes it (local time zone).
fn format_time(ms: f64, lang: ilgi_core::i18n::Lang) -> String {
    crate::pages::customers::format_time(ms as i64, lang)
}

#[component]
fn Figures(overview: Arc<Overview>, stagger: bool) -> impl IntoView {
    // The step of each part below, or 0 (at once) when not staggered.
    let step = move |n: u32| if stagger { n } else { 0 };
    let i18n = use_i18n();
    let a = &*overview;
    let without_purchases = a.without_purchases;
    let (total_clv, mean_alive) = (a.total_clv, a.mean_alive);
    let model_error = a.model_error.clone();
    let (customers, purchases, scored) = (a.customers, a.purchases, a.scored);
    let currency = a.currency;
    let other_currencies = a.other_currencies.clone();
    let as_of = date_of(a.as_of);
    let for_bars = overview.clone();
    let rfm_bars = Signal::derive(move || {
        let lang = i18n.lang();
        let a = &*for_bars;
        let mut bars: Vec<Bar> = Segment::ALL
            .iter()
            .map(|s| {
                let n = a.count(*s);
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
            value: without_purchases as f64,
            shown: units::count(without_purchases as u64, lang),
            tooltip: i18n.t("dashboard-no-purchases-tip"),
        });
        bars
    });
    let count_tick = Callback::new(move |v: f64| units::count(v as u64, i18n.lang()));
    let segment_rows = a.segments.clone();
    let (clv, acquisition, cohorts, slipping) = (
        overview.clone(),
        overview.clone(),
        overview.clone(),
        overview.clone(),
    );

    view! {
        <div class="stat-cards">
            <div class="panel stat" data-testid="stat-customers">
                <span class="stat-value">{move || units::count(customers as u64, i18n.lang())}</span>
                <span class="muted">{move || i18n.t("dashboard-customers")}</span>
            </div>
            <div class="panel stat" data-testid="stat-purchases">
                <span class="stat-value">{move || units::count(purchases as u64, i18n.lang())}</span>
                <span class="muted">{move || i18n.t("dashboard-purchases")}</span>
            </div>
            <div class="panel stat" data-testid="stat-scored">
                <span class="stat-value">{move || units::count(scored as u64, i18n.lang())}</span>
                <span class="muted">{move || i18n.t("dashboard-scored")}</span>
            </div>
            <div class="panel stat" data-testid="stat-clv">
                <span class="stat-value" title=move || units::money(total_clv, currency, i18n.lang())>{move || units::money_short(total_clv, currency, i18n.lang())}</span>
                <span class="muted">{move || i18n.t("dashboard-total-clv")}</span>
            </div>
            <div class="panel stat" data-testid="stat-alive">
                <span class="stat-value">{move || mean_alive.map(|p| units::percent(p, i18n.lang())).unwrap_or_else(|| i18n.t("figure-unknown"))}</span>
                <span class="muted">{move || i18n.t("dashboard-mean-alive")}</span>
            </div>
        </div>
        {(!other_currencies.is_empty()).then(|| view! {
            <div class="panel notice" data-testid="other-currencies">
                <p>{move || i18n.t_with("dashboard-currency-main", &[("currency", Arg::Str(currency.as_str()))])}</p>
                <ul>
                    {other_currencies.into_iter().map(|other| view! {
                        <li data-testid="other-currency" data-currency=other.currency.as_str().to_string() data-count=other.purchases.to_string()>
                            {move || {
                                let lang = i18n.lang();
                                i18n.t_with(
                                    "dashboard-currency-other",
                                    &[
                                        ("count", Arg::Num(other.purchases as f64)),
                                        ("shown", Arg::Str(&units::count(other.purchases as u64, lang))),
                                        ("currency", Arg::Str(other.currency.as_str())),
                                        ("total", Arg::Str(&units::money_exact(other.total, other.currency, lang))),
                                    ],
                                )
                            }}
                        </li>
                    }).collect_view()}
                </ul>
            </div>
        })}
        {model_error.map(|e| view! {
            <div class="panel notice" data-testid="model-error">
                <p>{move || i18n.t("dashboard-model-error")}</p>
                <p class="muted">{move || e.message(i18n.lang())}</p>
            </div>
        })}

        <h2 class="step-title">{move || i18n.t("dashboard-step-selection")}</h2>
        // Every chart and table is drawn in a task of its own: a first
        // opening drew the whole dashboard in the click's task (62–86 ms
        // at 10,000 customers).
        <Later step=step(1)>
            <div class="panel">
                <h3>{move || i18n.t("dashboard-segments-title")}</h3>
                <p class="muted">{move || i18n.t_with("dashboard-segments-intro", &[("date", Arg::Str(&format_date(as_of, i18n.lang())))])}</p>
                <BarChart
                    bars=rfm_bars
                    title=Signal::derive(move || i18n.t("dashboard-segments-title"))
                    axis_label=Signal::derive(move || i18n.t("dashboard-axis-customers"))
                    format_tick=count_tick
                    testid="rfm-chart"
                />
                <ChartTable
                    caption=Signal::derive(move || i18n.t("dashboard-segments-title"))
                    headers=Signal::derive(move || vec![i18n.t("dashboard-col-segment"), i18n.t("dashboard-axis-customers")])
                    rows=bar_rows(rfm_bars)
                    testid="rfm-chart-table"
                />
            </div>
        </Later>
        <Later step=step(2)>
            <div class="panel">
                <h3>{move || i18n.t("dashboard-actions-title")}</h3>
                <div class="table-wrap" role="region" tabindex="0" aria-label=move || i18n.t("dashboard-actions-title")>
                    <table data-testid="segment-table">
                        <thead><tr>
                            <th scope="col">{move || i18n.t("dashboard-col-segment")}</th>
                            <th scope="col" class="num">{move || i18n.t("dashboard-col-customers")}</th>
                            <th scope="col">{move || i18n.t("dashboard-col-action")}</th>
                        </tr></thead>
                        <tbody>
                            {segment_rows.clone().into_iter().map(|(s, n)| view! {
                                <tr data-testid="segment-count" data-segment=s.code() data-count=n.to_string()>
                                    <td>{move || i18n.t(s.key())}</td>
                                    <td class="num">{move || units::count(n as u64, i18n.lang())}</td>
                                    <td>{move || i18n.t(s.action_key())}</td>
                                </tr>
                            }).collect_view()}
                            <tr data-testid="segment-count" data-segment="no-purchases" data-count=without_purchases.to_string()>
                                <td>{move || i18n.t("dashboard-no-purchases")}</td>
                                <td class="num">{move || units::count(without_purchases as u64, i18n.lang())}</td>
                                <td>{move || i18n.t("dashboard-no-purchases-tip")}</td>
                            </tr>
                        </tbody>
                    </table>
                </div>
            </div>
        </Later>
        <Later step=step(3)>
            <ClvDistribution overview=clv.clone()/>
        </Later>
        <Later step=step(4)>
            <h2 class="step-title">{move || i18n.t("dashboard-step-acquisition")}</h2>
            <NewCustomers overview=acquisition.clone()/>
        </Later>
        <Later step=step(5)>
            <h2 class="step-title">{move || i18n.t("dashboard-step-retention")}</h2>
            <Cohorts overview=cohorts.clone()/>
        </Later>
        <Later step=step(6)>
            <Slipping overview=slipping.clone()/>
        </Later>
        <Later step=step(7)>
            <h2 class="step-title">{move || i18n.t("dashboard-step-deepening")}</h2>
            <Categories overview=overview.clone()/>
        </Later>
    }
}
