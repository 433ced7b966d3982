//! The noise dashboard's parts: posts per day by sentiment, topics with
//! their trend, spikes and the authors who reach most.

use super::*;

#[component]
pub(super) fn PerDay(noise: Arc<Noise>) -> impl IntoView {
    let i18n = use_i18n();
    let columns = Signal::derive(move || {
        let lang = i18n.lang();
        noise
            .days
            .iter()
            .map(|d| Stack {
                key: d.day.to_string(),
                label: short_day(d.day, lang),
                parts: vec![
                    f64::from(d.negative),
                    f64::from(d.neutral),
                    f64::from(d.positive),
                ],
                tooltip: i18n.t_with(
                    "noise-day-tip",
                    &[
                        ("date", Arg::Str(&format_date(d.day, lang))),
                        ("negative", Arg::Num(f64::from(d.negative))),
                        ("neutral", Arg::Num(f64::from(d.neutral))),
                        ("positive", Arg::Num(f64::from(d.positive))),
                    ],
                ),
            })
            .collect()
    });
    let series = Signal::derive(move || {
        vec![
            Series {
                key: "negative",
                label: i18n.t("noise-negative"),
            },
            Series {
                key: "neutral",
                label: i18n.t("noise-neutral"),
            },
            Series {
                key: "positive",
                label: i18n.t("noise-positive"),
            },
        ]
    });
    view! {
        <div class="panel">
            <h2>{move || i18n.t("noise-per-day-title")}</h2>
            <StackedColumnChart
                columns
                series
                title=Signal::derive(move || i18n.t("noise-per-day-title"))
                axis_label=Signal::derive(move || i18n.t("noise-axis-posts"))
                format_tick=Callback::new(move |v: f64| units::count(v as u64, i18n.lang()))
                testid="noise-per-day"
            />
            <ChartTable
                caption=Signal::derive(move || i18n.t("noise-per-day-title"))
                headers=Signal::derive(move || {
                    std::iter::once(i18n.t("chart-day"))
                        .chain(series.get().into_iter().map(|s| s.label))
                        .collect()
                })
                rows=stack_rows(columns, move |v| units::count(v as u64, i18n.lang()))
                testid="noise-per-day-table"
            />
        </div>
    }
}

/// "▲ 23%", "▼ 45%", "new" or "—".
fn trend_text(t: &Topic, i18n: I18n) -> (String, &'static str) {
    match t.trend {
        Some(x) if x > 0.0 => (format!("▲ {}", units::percent(x, i18n.lang())), "trend-up"),
        Some(x) if x < 0.0 => (
            format!("▼ {}", units::percent(-x, i18n.lang())),
            "trend-down",
        ),
        Some(_) => (i18n.t("noise-trend-flat"), "trend-flat"),
        None if t.recent > 0 => (i18n.t("noise-trend-new"), "trend-up"),
        None => ("—".to_string(), "trend-flat"),
    }
}

#[component]
pub(super) fn Topics(noise: Arc<Noise>, window: i64) -> impl IntoView {
    let i18n = use_i18n();
    let topics: Vec<Topic> = noise.topics.clone();
    let empty = topics.is_empty();
    view! {
        <div class="panel">
            <h2>{move || i18n.t("noise-topics-title")}</h2>
            <p class="muted">{move || i18n.t_with("noise-topics-intro", &[("days", Arg::Num(window as f64))])}</p>
            {if empty {
                view! { <p>{move || i18n.t("noise-topics-none")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" role="region" tabindex="0" aria-label=move || i18n.t("noise-topics-title")>
                        <table data-testid="noise-topics">
                            <thead><tr>
                                <th scope="col">{move || i18n.t("noise-col-topic")}</th>
                                <th scope="col" class="num">{move || i18n.t("noise-col-posts")}</th>
                                <th scope="col" class="num">{move || i18n.t("noise-col-community")}</th>
                                <th scope="col" class="num">{move || i18n.t("noise-col-trend")}</th>
                            </tr></thead>
                            <tbody>
                                {topics.into_iter().map(|t| {
                                    let topic = t.topic;
                                    let (posts, authors, before) = (t.posts, t.authors, t.before);
                                    let trend = t.clone();
                                    view! {
                                        <tr data-testid="noise-topic" data-topic=topic.code() data-posts=posts.to_string() data-authors=authors.to_string()>
                                            <td>{move || i18n.t(topic.key())}</td>
                                            <td class="num">{move || units::count(u64::from(posts), i18n.lang())}</td>
                                            <td class="num">{move || units::count(u64::from(authors), i18n.lang())}</td>
                                            <td class="num"
                                                title=move || i18n.t_with("noise-trend-tip", &[
                                                    ("before", Arg::Num(f64::from(before))),
                                                    ("days", Arg::Num(window as f64)),
                                                ])>
                                                {move || {
                                                    let (text, class) = trend_text(&trend, i18n);
                                                    view! { <span class=class>{text}</span> }
                                                }}
                                            </td>
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
pub(super) fn Spikes(noise: Arc<Noise>) -> impl IntoView {
    let i18n = use_i18n();
    let spikes = noise.spikes.clone();
    let empty = spikes.is_empty();
    view! {
        <div class="panel">
            <h2>{move || i18n.t("noise-spikes-title")}</h2>
            <p class="muted">{move || i18n.t("noise-spikes-intro")}</p>
            {if empty {
                view! { <p data-testid="noise-spikes-none">{move || i18n.t("noise-spikes-none")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" role="region" tabindex="0" aria-label=move || i18n.t("noise-spikes-title")>
                        <table data-testid="noise-spikes">
                            <thead><tr>
                                <th scope="col">{move || i18n.t("noise-col-topic")}</th>
                                <th scope="col">{move || i18n.t("noise-col-day")}</th>
                                <th scope="col" class="num">{move || i18n.t("noise-col-posts")}</th>
                                <th scope="col" class="num">{move || i18n.t("noise-col-baseline")}</th>
                            </tr></thead>
                            <tbody>
                                {spikes.into_iter().map(|s| view! {
                                    <tr data-testid="noise-spike" data-topic=s.topic.code() data-day=s.day.to_string() data-posts=s.posts.to_string()>
                                        <td>{move || i18n.t(s.topic.key())}</td>
                                        <td class="nowrap">{move || format_date(s.day, i18n.lang())}</td>
                                        <td class="num"><strong>{move || units::count(u64::from(s.posts), i18n.lang())}</strong></td>
                                        <td class="num nowrap">{move || i18n.t_with("noise-baseline", &[("shown", Arg::Str(&units_decimal1(s.baseline, i18n.lang())))])}</td>
                                    </tr>
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
pub(super) fn Authors(noise: Arc<Noise>, names: Arc<HashMap<Id, String>>) -> impl IntoView {
    let i18n = use_i18n();
    let authors = noise.authors.clone();
    view! {
        <div class="panel">
            <h2>{move || i18n.t("noise-authors-title")}</h2>
            <p class="muted">{move || i18n.t("noise-authors-intro")}</p>
            <div class="table-wrap" role="region" tabindex="0" aria-label=move || i18n.t("noise-authors-title")>
                <table data-testid="noise-authors">
                    <thead><tr>
                        <th scope="col">{move || i18n.t("noise-col-author")}</th>
                        <th scope="col">{move || i18n.t("noise-col-platform")}</th>
                        <th scope="col" class="num">{move || i18n.t("noise-col-followers")}</th>
                        <th scope="col" class="num">{move || i18n.t("noise-col-posts")}</th>
                        <th scope="col">{move || i18n.t("noise-col-customer")}</th>
                    </tr></thead>
                    <tbody>
                        {authors.into_iter().map(|a| {
                            let customer = a.customer_id.map(|id| {
                                let name = names.get(&id).cloned().unwrap_or_else(|| i18n.t("noise-customer-unnamed"));
                                view! { <a href=customer_href(id) data-testid="noise-author-customer">{name}</a> }
                            });
                            let linked = customer.is_some();
                            view! {
                                <tr data-testid="noise-author" data-reach=a.reach.to_string() data-linked=linked.to_string()>
                                    <td>
                                        <span class="author-name">{a.name.clone()}</span>
                                        {a.handle.clone().map(|h| view! { " " <span class="muted">"@"{h}</span> })}
                                    </td>
                                    <td>{a.platform.name()}</td>
                                    <td class="num">{move || units::count(a.reach, i18n.lang())}</td>
                                    <td class="num">{move || units::count(u64::from(a.posts), i18n.lang())}</td>
                                    <td>{customer.map_or_else(
                                        || view! { <span class="muted">{move || i18n.t("noise-not-linked")}</span> }.into_any(),
                                        |c| c.into_any(),
                                    )}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
    }
}
