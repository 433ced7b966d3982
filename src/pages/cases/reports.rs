//! `/cases/reports`: SLA compliance by department and level, median first
//! response and resolution, the open backlog by age (chart and table),
//! hand-offs between departments and escalations — all from core
//! `cases::report::report`.

use ilgi_core::cases::EscalationStep;
use ilgi_core::cases::report::{AGE_BUCKETS, CaseReport, report};
use ilgi_core::i18n::Arg;
use ilgi_core::units;
use leptos::prelude::*;

use super::{Desk, LevelChip, department_name, duration, load_desk};
use crate::components::chart_table::{ChartTable, bar_rows};
use crate::components::charts::{Bar, BarChart, ColumnChart};
use crate::crm::use_crm;
use crate::i18n::use_i18n;
use crate::storage::db::now_millis;

#[component]
pub fn CaseReports() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    let desk = LocalResource::new(move || async move {
        crm.revision();
        match crm.db() {
            Some(_) => load_desk(crm).await.map(Some),
            None => Ok(None),
        }
    });
    view! {
        <section class="page" data-page="case-reports">
            <p><a href="/cases" class="back">{move || i18n.t("cases-back")}</a></p>
            <h1>{move || i18n.t("reports-title")}</h1>
            <Transition fallback=move || view! { <p>{move || i18n.t("loading")}</p> }>
                {move || Suspend::new(async move {
                    match desk.await {
                        Ok(Some(desk)) => view! { <Reports desk/> }.into_any(),
                        Ok(None) => view! { <p>{move || i18n.t("loading")}</p> }.into_any(),
                        Err(e) => {
                            crm.report(&e);
                            view! { <p>{move || i18n.t(e.key())}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// `part` of `whole` as the language writes a share (`%12`, `12%`), or a
/// dash when there is nothing to measure.
fn on_time(part: u32, whole: u32, lang: ilgi_core::i18n::Lang) -> String {
    if whole == 0 {
        return "—".into();
    }
    units::percent(f64::from(part) / f64::from(whole), lang)
}

/// A count as the language writes it (`1.234`, `1,234`), following the
/// language.
fn count(n: u32, i18n: crate::i18n::I18n) -> impl Fn() -> String + Copy {
    move || units::count(u64::from(n), i18n.lang())
}

#[component]
fn Reports(desk: Desk) -> impl IntoView {
    let i18n = use_i18n();
    let rows: Vec<_> = desk
        .cases
        .iter()
        .map(|f| (&f.case, &f.state, f.journey.as_slice()))
        .collect();
    let r: CaseReport = match report(&rows, &desk.rules, now_millis()) {
        Ok(r) => r,
        Err(e) => {
            let message = e.to_string();
            return view! { <p class="form-error" role="alert">{message}</p> }.into_any();
        }
    };
    let rules = StoredValue::new(desk.rules.clone());
    let backlog = r.backlog_by_age;
    let bars = Signal::derive(move || {
        AGE_BUCKETS
            .iter()
            .zip(backlog)
            .map(|((key, _), n)| Bar {
                key: (*key).to_string(),
                label: i18n.t(key),
                value: f64::from(n),
                shown: units::count(u64::from(n), i18n.lang()),
                tooltip: format!("{}: {n}", i18n.t(key)),
            })
            .collect()
    });
    // Counts: whole ticks as counts, a half tick (small backlogs) with
    // its decimal in the language's style.
    let count_tick = Callback::new(move |v: f64| {
        if v.fract() == 0.0 {
            units::count(v as u64, i18n.lang())
        } else {
            let text = format!("{v:.1}");
            match i18n.lang() {
                ilgi_core::i18n::Lang::Tr => text.replace('.', ","),
                ilgi_core::i18n::Lang::En => text,
            }
        }
    });
    // Compliance charts: first responses on time per department,
    // resolutions on time per level (the table below has every pair).
    let share = |rate: Option<f64>| rate.map_or(0.0, |r| (r * 100.0).round());
    let shown = move |rate: Option<f64>| {
        rate.map_or_else(|| "—".to_string(), |r| units::percent(r, i18n.lang()))
    };
    let by_department = r.compliance_by_department();
    let by_level = r.compliance_by_level();
    let rules_for_bars = rules;
    let first_bars = Signal::derive(move || {
        by_department
            .iter()
            .map(|(dept, c)| {
                let label = rules_for_bars.with_value(|rules| department_name(rules, dept, i18n));
                Bar {
                    key: dept.to_string(),
                    tooltip: format!("{label}: {}", shown(c.first_response_rate())),
                    label,
                    value: share(c.first_response_rate()),
                    shown: shown(c.first_response_rate()),
                }
            })
            .collect()
    });
    let resolution_bars = Signal::derive(move || {
        by_level
            .iter()
            .map(|(level, c)| {
                let label = i18n.t(level.key());
                Bar {
                    key: level.number().to_string(),
                    tooltip: format!("{label}: {}", shown(c.resolution_rate())),
                    label,
                    value: share(c.resolution_rate()),
                    shown: shown(c.resolution_rate()),
                }
            })
            .collect()
    });
    let percent_tick = Callback::new(move |v: f64| units::percent(v / 100.0, i18n.lang()));
    let median =
        |m: Option<u32>| m.map_or_else(|| "—".to_string(), |m| duration(u64::from(m), i18n));
    let (first, resolution) = (
        median(r.median_first_response_minutes),
        median(r.median_resolution_minutes),
    );
    view! {
        <div class="panel">
            <dl class="facts" data-testid="reports-summary">
                <dt>{move || i18n.t("reports-cases")}</dt><dd>{count(r.cases, i18n)}</dd>
                <dt>{move || i18n.t("reports-open")}</dt><dd>{count(r.open, i18n)}</dd>
                <dt>{move || i18n.t("reports-median-first-response")}</dt><dd data-testid="reports-median-first">{first}</dd>
                <dt>{move || i18n.t("reports-median-resolution")}</dt><dd data-testid="reports-median-resolution">{resolution}</dd>
            </dl>
        </div>
        <div class="panel">
            <h2>{move || i18n.t("reports-chart-first-response")}</h2>
            <BarChart
                bars=first_bars
                title=Signal::derive(move || i18n.t("reports-chart-first-response"))
                axis_label=Signal::derive(move || i18n.t("reports-share-on-time"))
                format_tick=percent_tick
                testid="reports-first-response-chart"
                scale_to=100.0
            />
            <ChartTable
                caption=Signal::derive(move || i18n.t("reports-chart-first-response"))
                headers=Signal::derive(move || vec![i18n.t("case-department"), i18n.t("reports-share-on-time")])
                rows=bar_rows(first_bars)
                testid="reports-first-response-table"
            />
            <h2>{move || i18n.t("reports-chart-resolution")}</h2>
            <BarChart
                bars=resolution_bars
                title=Signal::derive(move || i18n.t("reports-chart-resolution"))
                axis_label=Signal::derive(move || i18n.t("reports-share-on-time"))
                format_tick=percent_tick
                testid="reports-resolution-chart"
                scale_to=100.0
            />
            <ChartTable
                caption=Signal::derive(move || i18n.t("reports-chart-resolution"))
                headers=Signal::derive(move || vec![i18n.t("case-level"), i18n.t("reports-share-on-time")])
                rows=bar_rows(resolution_bars)
                testid="reports-resolution-table"
            />
        </div>
        <div class="panel table-wrap" role="region" tabindex="0" aria-label=move || i18n.t("reports-compliance")>
            <h2>{move || i18n.t("reports-compliance")}</h2>
            <table data-testid="reports-compliance">
                <thead><tr>
                    <th scope="col">{move || i18n.t("case-department")}</th>
                    <th scope="col">{move || i18n.t("case-level")}</th>
                    <th scope="col" class="num">{move || i18n.t("reports-cases")}</th>
                    <th scope="col" class="num">{move || i18n.t("reports-first-response-met")}</th>
                    <th scope="col" class="num">{move || i18n.t("reports-resolution-met")}</th>
                </tr></thead>
                <tbody>
                    {r.compliance.iter().map(|((dept, level), c)| {
                        let name = rules.with_value(|rules| department_name(rules, dept, i18n));
                        let (met, missed) = (c.first_response_met, c.first_response_missed);
                        let first = move || on_time(met, met + missed, i18n.lang());
                        let (met, missed) = (c.resolution_met, c.resolution_missed);
                        let resolved = move || on_time(met, met + missed, i18n.lang());
                        view! {
                            <tr data-department=dept.to_string() data-level=level.number()>
                                <td>{name}</td>
                                <td><LevelChip level=Some(*level)/></td>
                                <td class="num">{count(c.cases, i18n)}</td>
                                <td class="num">{first}</td>
                                <td class="num">{resolved}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <div class="panel">
            <h2>{move || i18n.t("reports-backlog")}</h2>
            <ColumnChart
                bars
                title=Signal::derive(move || i18n.t("reports-backlog"))
                axis_label=Signal::derive(move || i18n.t("reports-open"))
                format_tick=count_tick
                testid="reports-backlog-chart"
            />
            <table data-testid="reports-backlog">
                <thead><tr>
                    <th scope="col">{move || i18n.t("reports-age")}</th>
                    <th scope="col" class="num">{move || i18n.t("reports-open")}</th>
                </tr></thead>
                <tbody>
                    {AGE_BUCKETS.iter().zip(backlog).map(|((key, _), n)| view! {
                        <tr><th scope="row">{move || i18n.t(key)}</th><td class="num">{count(n, i18n)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <div class="detail-grid">
            <div class="panel">
                <h2>{move || i18n.t("reports-hand-offs")}</h2>
                <table data-testid="reports-bounces">
                    <thead><tr>
                        <th scope="col">{move || i18n.t("reports-hand-offs-col")}</th>
                        <th scope="col" class="num">{move || i18n.t("reports-cases")}</th>
                    </tr></thead>
                    <tbody>
                        {r.bounces.iter().enumerate().map(|(times, n)| {
                            let label = move || if times == 3 {
                                i18n.t_with("reports-bounced", &[("times", Arg::Str("3+"))])
                            } else {
                                i18n.t_with("reports-bounced", &[("times", Arg::Num(times as f64))])
                            };
                            view! {
                                <tr><th scope="row">{label}</th><td class="num">{count(*n, i18n)}</td></tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <ul class="plain" data-testid="reports-hand-offs">
                    {r.hand_offs.iter().map(|(from, to, n)| {
                        let (from, to) = rules.with_value(|rules| (department_name(rules, from, i18n), department_name(rules, to, i18n)));
                        view! { <li>{format!("{from} → {to}: {n}")}</li> }
                    }).collect_view()}
                </ul>
            </div>
            <div class="panel">
                <h2>{move || i18n.t("reports-escalations")}</h2>
                <table data-testid="reports-escalations">
                    <thead><tr>
                        <th scope="col">{move || i18n.t("reports-step")}</th>
                        <th scope="col" class="num">{move || i18n.t("reports-cases")}</th>
                    </tr></thead>
                    <tbody>
                        {EscalationStep::ALL.into_iter().map(|step| {
                            let n = r.escalations.get(&step).copied().unwrap_or(0);
                            view! { <tr><th scope="row">{move || i18n.t(step.key())}</th><td class="num">{count(n, i18n)}</td></tr> }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
    }
    .into_any()
}
