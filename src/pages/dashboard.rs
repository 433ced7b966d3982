//! The dashboard, along the CRM steps of seed 002: selection (RFM segments,
//! lifetime value distribution), acquisition (new customers per month),
//! retention (cohort retention, valuable customers who are slipping) and
//! deepening (share of wallet by category). Everything is computed in the
//! browser over the whole database by the shared analysis.

use ilgi_core::analytics::date_of;
use ilgi_core::i18n::Arg;
use ilgi_core::rfm::Segment;
use ilgi_core::section::Section;
use ilgi_core::units;
use ilgi_core::value::{Analysis, Views};
use leptos::prelude::*;

use crate::components::charts::{Bar, BarChart, ColumnChart};
use crate::components::customers::DemoPanel;
use crate::components::progress::JobProgress;
use crate::crm::{Status, use_crm};
use crate::i18n::{I18n, use_i18n};
use crate::insights::use_insights;
use crate::pages::customers::{customer_href, format_date};

#[component]
pub fn Dashboard() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let insights = use_insights();
    Effect::new(move |_| insights.ensure());

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
            {move || {
                let computed = insights.get()?;
                (computed.analysis.customers > 0).then(|| view! { <Overview computed/> })
            }}
        </section>
    }
}

#[component]
fn Overview(computed: std::sync::Arc<crate::jobs::analytics::Computed>) -> impl IntoView {
    let i18n = use_i18n();
    let a = &computed.analysis;
    let without_purchases = a.customers.saturating_sub(a.rfm.scored());
    let valued: Vec<f64> = a.metrics.iter().filter_map(|m| m.clv).collect();
    let total_clv: f64 = valued.iter().sum();
    let alive: Vec<f64> = a.metrics.iter().filter_map(|m| m.p_alive).collect();
    let mean_alive = if alive.is_empty() {
        None
    } else {
        Some(alive.iter().sum::<f64>() / alive.len() as f64)
    };
    let model_error = match (&a.bgnbd, &a.gamma_gamma) {
        (Err(e), _) | (Ok(_), Err(e)) => Some(e.clone()),
        _ => None,
    };
    let (customers, purchases, scored) = (a.customers, a.purchases, a.rfm.scored());
    let currency = a.currency;
    let other_currencies = a.other_currencies.clone();
    let as_of = date_of(a.as_of);
    let computed_for_segments = computed.clone();
    let rfm_bars = Signal::derive(move || {
        let lang = i18n.lang();
        let a = &computed_for_segments.analysis;
        let mut bars: Vec<Bar> = Segment::ALL
            .iter()
            .map(|s| {
                let n = a.rfm.count(*s);
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
    let segment_rows = Segment::ALL
        .iter()
        .map(|s| (*s, a.rfm.count(*s)))
        .collect::<Vec<_>>();

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
        </div>
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
                        {segment_rows.into_iter().map(|(s, n)| view! {
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
        <ClvDistribution computed=computed.clone()/>

        <h2 class="step-title">{move || i18n.t("dashboard-step-acquisition")}</h2>
        <NewCustomers computed=computed.clone()/>

        <h2 class="step-title">{move || i18n.t("dashboard-step-retention")}</h2>
        <Cohorts computed=computed.clone()/>
        <Slipping computed=computed.clone()/>

        <h2 class="step-title">{move || i18n.t("dashboard-step-deepening")}</h2>
        <Categories computed/>
    }
}

fn views(computed: &crate::jobs::analytics::Computed) -> &Views {
    &computed.analysis.views
}

#[component]
fn ClvDistribution(computed: std::sync::Arc<crate::jobs::analytics::Computed>) -> impl IntoView {
    let i18n = use_i18n();
    let histogram = views(&computed).clv_histogram.clone();
    let currency = computed.analysis.currency;
    let unvalued = histogram.without_clv;
    let bars = Signal::derive(move || {
        let lang = i18n.lang();
        histogram
            .bins
            .iter()
            .enumerate()
            .map(|(i, bin)| {
                let range = match bin.to {
                    Some(to) => {
                        format!(
                            "{}–{}",
                            units::money(bin.from, currency, lang),
                            units::money(to, currency, lang)
                        )
                    }
                    None => format!("≥ {}", units::money(bin.from, currency, lang)),
                };
                Bar {
                    key: format!("clv-{i}"),
                    label: units::money_short(bin.from, currency, lang),
                    value: bin.customers as f64,
                    shown: units::count(bin.customers as u64, lang),
                    tooltip: i18n.t_with(
                        "dashboard-clv-bin-tip",
                        &[
                            ("range", Arg::Str(&range)),
                            ("count", Arg::Num(bin.customers as f64)),
                            ("shown", Arg::Str(&units::count(bin.customers as u64, lang))),
                        ],
                    ),
                }
            })
            .collect()
    });
    view! {
        <div class="panel">
            <h3>{move || i18n.t("dashboard-clv-title")}</h3>
            <p class="muted">{move || i18n.t("dashboard-clv-intro")}</p>
            <ColumnChart
                bars
                title=Signal::derive(move || i18n.t("dashboard-clv-title"))
                axis_label=Signal::derive(move || i18n.t("dashboard-axis-customers"))
                format_tick=Callback::new(move |v: f64| units::count(v as u64, i18n.lang()))
                testid="clv-chart"
            />
            <p class="muted">{move || i18n.t_with("dashboard-clv-unvalued", &[("count", Arg::Num(unvalued as f64)), ("shown", Arg::Str(&units::count(unvalued as u64, i18n.lang())))])}</p>
        </div>
    }
}

fn month_label(ym: &ilgi_core::value::YearMonth, i18n: I18n) -> String {
    let name = i18n.t(&format!("month-short-{}", ym.month));
    format!("{name} {}", ym.year % 100)
}

#[component]
fn NewCustomers(computed: std::sync::Arc<crate::jobs::analytics::Computed>) -> impl IntoView {
    let i18n = use_i18n();
    let months = views(&computed).new_per_month.clone();
    let bars = Signal::derive(move || {
        let lang = i18n.lang();
        months
            .iter()
            .map(|m| Bar {
                key: m.month.to_string(),
                label: month_label(&m.month, i18n),
                value: m.customers as f64,
                shown: units::count(m.customers as u64, lang),
                tooltip: i18n.t_with(
                    "dashboard-new-tip",
                    &[
                        ("month", Arg::Str(&month_label(&m.month, i18n))),
                        ("count", Arg::Num(m.customers as f64)),
                        ("shown", Arg::Str(&units::count(m.customers as u64, lang))),
                    ],
                ),
            })
            .collect()
    });
    view! {
        <div class="panel">
            <h3>{move || i18n.t("dashboard-new-title")}</h3>
            <p class="muted">{move || i18n.t("dashboard-new-intro")}</p>
            <ColumnChart
                bars
                title=Signal::derive(move || i18n.t("dashboard-new-title"))
                axis_label=Signal::derive(move || i18n.t("dashboard-axis-new-customers"))
                format_tick=Callback::new(move |v: f64| units::count(v as u64, i18n.lang()))
                testid="new-customers-chart"
            />
        </div>
    }
}

#[component]
fn Cohorts(computed: std::sync::Arc<crate::jobs::analytics::Computed>) -> impl IntoView {
    let i18n = use_i18n();
    let cohorts = views(&computed).cohorts.clone();
    let width = cohorts.first().map_or(0, |c| c.active.len());
    view! {
        <div class="panel">
            <h3>{move || i18n.t("dashboard-cohorts-title")}</h3>
            <p class="muted">{move || i18n.t("dashboard-cohorts-intro")}</p>
            <div class="table-wrap" role="region" tabindex="0" aria-label=move || i18n.t("dashboard-cohorts-title")>
                <table class="cohorts" data-testid="cohort-table">
                    <thead><tr>
                        <th scope="col">{move || i18n.t("dashboard-cohort")}</th>
                        <th scope="col" class="num">{move || i18n.t("dashboard-cohort-size")}</th>
                        {(0..width).map(|k| view! {
                            <th scope="col" class="num">{move || i18n.t_with("dashboard-cohort-month", &[("n", Arg::Num(k as f64))])}</th>
                        }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {cohorts.into_iter().map(|c| {
                            let month = c.month;
                            let size = c.size;
                            view! {
                                <tr data-testid="cohort-row" data-month=month.to_string() data-size=size.to_string()>
                                    <th scope="row">{move || month_label(&month, i18n)}</th>
                                    <td class="num">{move || units::count(size as u64, i18n.lang())}</td>
                                    {c.active.into_iter().map(|share| match share {
                                        Some(s) => view! {
                                            <td class="num heat" style=format!("--heat: {:.3}", s.clamp(0.0, 1.0))
                                                title=move || i18n.t_with("dashboard-cohort-tip", &[("share", Arg::Str(&units::percent(s, i18n.lang())))])>
                                                {move || units::percent(s, i18n.lang())}
                                            </td>
                                        }.into_any(),
                                        None => view! { <td class="num muted">"·"</td> }.into_any(),
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
    }
}

#[component]
fn Slipping(computed: std::sync::Arc<crate::jobs::analytics::Computed>) -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let analysis: &Analysis = &computed.analysis;
    let list = views(&computed).slipping.clone();
    let currency = analysis.currency;
    let ids: Vec<_> = list
        .iter()
        .filter_map(|s| analysis.ids.get(s.index as usize).copied())
        .collect();
    let rows = crm.rows(&ids);
    let empty = list.is_empty();
    view! {
        <div class="panel">
            <h3>{move || i18n.t("dashboard-slipping-title")}</h3>
            <p class="muted">{move || i18n.t("dashboard-slipping-intro")}</p>
            {if empty {
                view! { <p data-testid="slipping-empty">{move || i18n.t("dashboard-slipping-none")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" role="region" tabindex="0" aria-label=move || i18n.t("dashboard-slipping-title")>
                        <table data-testid="slipping-table">
                            <thead><tr>
                                <th scope="col">{move || i18n.t("col-name")}</th>
                                <th scope="col" class="num">{move || i18n.t("value-clv")}</th>
                                <th scope="col" class="num">{move || i18n.t("dashboard-alive-before")}</th>
                                <th scope="col" class="num">{move || i18n.t("dashboard-alive-now")}</th>
                                <th scope="col">{move || i18n.t("value-last-purchase")}</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().zip(ids).map(|(s, id)| {
                                    let name = rows.iter().find(|r| r.id == id).map(|r| r.name.clone()).unwrap_or_default();
                                    view! {
                                        <tr data-testid="slipping-row">
                                            <td><a href=customer_href(id)>{name}</a></td>
                                            <td class="num">{move || units::money(s.clv, currency, i18n.lang())}</td>
                                            <td class="num">{move || units::percent(s.p_alive_before, i18n.lang())}</td>
                                            <td class="num">{move || units::percent(s.p_alive_now, i18n.lang())}</td>
                                            <td>{move || format_date(date_of(s.last_day), i18n.lang())}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </div>
    }
}

#[component]
fn Categories(computed: std::sync::Arc<crate::jobs::analytics::Computed>) -> impl IntoView {
    let i18n = use_i18n();
    let categories = views(&computed).categories.clone();
    let currency = computed.analysis.currency;
    let for_bars = categories.clone();
    let bars = Signal::derive(move || {
        let lang = i18n.lang();
        for_bars
            .iter()
            .map(|c| {
                let name = category_name(&c.category, i18n);
                Bar {
                    key: format!("cat-{}", c.category),
                    label: name.clone(),
                    value: c.revenue_share * 100.0,
                    shown: units::percent(c.revenue_share, lang),
                    tooltip: i18n.t_with(
                        "dashboard-category-tip",
                        &[
                            ("category", Arg::Str(&name)),
                            ("share", Arg::Str(&units::percent(c.revenue_share, lang))),
                            (
                                "wallet",
                                Arg::Str(
                                    &c.wallet_share
                                        .map(|w| units::percent(w, lang))
                                        .unwrap_or_else(|| i18n.t("figure-unknown")),
                                ),
                            ),
                        ],
                    ),
                }
            })
            .collect()
    });
    view! {
        <div class="panel">
            <h3>{move || i18n.t("dashboard-categories-title")}</h3>
            <p class="muted">{move || i18n.t("dashboard-categories-intro")}</p>
            <BarChart
                bars
                title=Signal::derive(move || i18n.t("dashboard-categories-title"))
                axis_label=Signal::derive(move || i18n.t("dashboard-axis-revenue-share"))
                format_tick=Callback::new(move |v: f64| units::percent(v / 100.0, i18n.lang()))
                testid="category-chart"
            />
            <div class="table-wrap" role="region" tabindex="0" aria-label=move || i18n.t("dashboard-categories-title")>
                <table data-testid="category-table">
                    <thead><tr>
                        <th scope="col">{move || i18n.t("dashboard-category")}</th>
                        <th scope="col" class="num">{move || i18n.t("dashboard-revenue")}</th>
                        <th scope="col" class="num">{move || i18n.t("dashboard-revenue-share")}</th>
                        <th scope="col" class="num">{move || i18n.t("dashboard-buyers")}</th>
                        <th scope="col" class="num">{move || i18n.t("dashboard-wallet-share")}</th>
                    </tr></thead>
                    <tbody>
                        {categories.into_iter().map(|c| view! {
                            <tr data-testid="category-row" data-share=c.revenue_share.to_string()>
                                <td>{let cat = c.category.clone(); move || category_name(&cat, i18n)}</td>
                                <td class="num">{move || units::money_exact(c.revenue, currency, i18n.lang())}</td>
                                <td class="num">{move || units::percent(c.revenue_share, i18n.lang())}</td>
                                <td class="num">{move || format!("{} ({})", units::count(c.customers as u64, i18n.lang()), units::percent(c.customer_share, i18n.lang()))}</td>
                                <td class="num">{move || c.wallet_share.map(|w| units::percent(w, i18n.lang())).unwrap_or_else(|| i18n.t("figure-unknown"))}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
    }
}

/// A category as stored (free text), or "no category" for an empty one.
fn category_name(category: &str, i18n: I18n) -> String {
    if category.trim().is_empty() {
        i18n.t("dashboard-no-category")
    } else {
        category.to_string()
    }
}
