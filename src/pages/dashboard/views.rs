//! The dashboard's value views: CLV distribution, new customers per
//! month, cohort retention, valuable customers who are slipping and share
//! of wallet by category.

use super::*;

#[component]
pub(super) fn ClvDistribution(overview: Arc<Overview>) -> impl IntoView {
    let i18n = use_i18n();
    let histogram = overview.views.clv_histogram.clone();
    let currency = overview.currency;
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
            <ChartTable
                caption=Signal::derive(move || i18n.t("dashboard-clv-title"))
                headers=Signal::derive(move || vec![i18n.t("dashboard-clv-from"), i18n.t("dashboard-axis-customers")])
                rows=bar_rows(bars)
                testid="clv-chart-table"
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
pub(super) fn NewCustomers(overview: Arc<Overview>) -> impl IntoView {
    let i18n = use_i18n();
    let months = overview.views.new_per_month.clone();
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
            <ChartTable
                caption=Signal::derive(move || i18n.t("dashboard-new-title"))
                headers=Signal::derive(move || vec![i18n.t("chart-month"), i18n.t("dashboard-axis-new-customers")])
                rows=bar_rows(bars)
                testid="new-customers-chart-table"
            />
        </div>
    }
}

#[component]
pub(super) fn Cohorts(overview: Arc<Overview>) -> impl IntoView {
    let i18n = use_i18n();
    let cohorts = overview.views.cohorts.clone();
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
pub(super) fn Slipping(overview: Arc<Overview>) -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let list = overview.views.slipping.clone();
    let currency = overview.currency;
    let ids = overview.slipping_ids.clone();
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
pub(super) fn Categories(overview: Arc<Overview>) -> impl IntoView {
    let i18n = use_i18n();
    let categories = overview.views.categories.clone();
    let currency = overview.currency;
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
