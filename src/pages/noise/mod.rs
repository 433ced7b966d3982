//! `/mentions/noise`: the social-noise dashboard. What people say about
//! the business over the last 7, 30 or 90 days: posts per day by
//! sentiment, the topics with their trend and community, the days a topic
//! jumped (spikes), the authors who reach most and how many posts are
//! linked to customers. Core reads every post (`noise::Reading`) and makes
//! the figures (`noise::period`); this page loads the posts, has the
//! worker read them (the lexicons live there) and draws.

mod views;

/// `1.3` / `1,3`.
fn units_decimal1(value: f64, lang: Lang) -> String {
    units::decimal(value, 1, lang)
}

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{FixedOffset, NaiveDate};
use ilgi_core::i18n::{Arg, Lang};
use ilgi_core::model::Id;
use ilgi_core::social::Mention;
use ilgi_core::social::noise::{Noise, Read, Reading, Topic, period};
use ilgi_core::units;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::chart_table::{ChartTable, stack_rows};
use crate::components::charts::{Series, Stack, StackedColumnChart};
use crate::components::shell::MentionsTabs;
use crate::crm::use_crm;
use crate::i18n::{I18n, use_i18n};
use crate::jobs::{today, yield_to_browser};
use crate::pages::customers::{customer_href, format_date};
use crate::storage::StorageError;
use views::{Authors, PerDay, Spikes, Topics};

/// The periods offered, in days.
const WINDOWS: [i64; 3] = [7, 30, 90];
const DEFAULT_WINDOW: i64 = 30;
/// Authors listed by reach.
const TOP_AUTHORS: usize = 10;

/// The posts of one data revision with their readings.
#[derive(Clone)]
struct Loaded {
    revision: u64,
    posts: Arc<Vec<Mention>>,
    readings: Arc<Vec<Reading>>,
    read_ms: f64,
}

/// What the page draws.
#[derive(Clone)]
struct Shown {
    noise: Arc<Noise>,
    window: i64,
    /// Every live post, whatever its day.
    total: usize,
    newest: Option<NaiveDate>,
    /// Names of the linked customers among the top authors.
    names: Arc<HashMap<Id, String>>,
    read_ms: f64,
    noise_ms: f64,
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The device's offset from UTC now (days are the device's days).
fn device_offset() -> FixedOffset {
    let minutes = js_sys::Date::new_0().get_timezone_offset();
    FixedOffset::west_opt((minutes * 60.0) as i32)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"))
}

/// `16.06` / `06-16`: a day on a chart's axis.
fn short_day(day: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Tr => day.format("%d.%m").to_string(),
        Lang::En => day.format("%m-%d").to_string(),
    }
}

/// The stored posts and their readings, and when reading started.
async fn read_stored(
    db: &crate::storage::Db,
) -> Result<(Vec<Mention>, Vec<Reading>, f64), StorageError> {
    let posts = db.mentions().await?;
    let started = now_ms();
    let readings = read_posts(&posts).await?;
    Ok((posts, readings, started))
}

/// Reads every post (sentiment and topics) in the worker, where the
/// lexicons are.
async fn read_posts(posts: &[Mention]) -> Result<Vec<Reading>, StorageError> {
    let texts = posts.iter().map(|m| (m.text.clone(), m.lang)).collect();
    let readings = crate::jobs::posts::read_in_worker(texts).await?;
    Ok(readings
        .into_iter()
        .map(|r| Reading {
            label: r.sentiment.label,
            topics: r.topics,
        })
        .collect())
}

#[component]
pub fn SocialNoise() -> impl IntoView {
    let i18n = use_i18n();
    let crm = use_crm();
    // The period lives in the URL (`?days=7`), so it can be linked to.
    let query = use_query_map();
    let initial = query
        .with_untracked(|q| q.get("days"))
        .and_then(|d| d.parse::<i64>().ok())
        .filter(|d| WINDOWS.contains(d))
        .unwrap_or(DEFAULT_WINDOW);
    let window = RwSignal::new(initial);
    let navigate = use_navigate();
    Effect::new(move |first: Option<()>| {
        let days = window.get();
        if first.is_some() {
            navigate(
                &format!("/mentions/noise?days={days}"),
                leptos_router::NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    });

    let cache: StoredValue<Option<Loaded>> = StoredValue::new(None);
    let run = StoredValue::new(0u64);
    let shown: RwSignal<Option<Shown>> = RwSignal::new(None);
    let busy = RwSignal::new(true);
    let failed: RwSignal<Option<&'static str>> = RwSignal::new(None);
    Effect::new(move |_| {
        let revision = crm.data_revision();
        let days = window.get();
        let Some(db) = crm.db() else {
            return;
        };
        run.update_value(|r| *r += 1);
        let generation = run.get_value();
        busy.set(true);
        failed.set(None);
        leptos::task::spawn_local(async move {
            // Let the spinner paint before any work.
            yield_to_browser().await;
            let loaded = match cache.get_value() {
                Some(l) if l.revision == revision => l,
                _ => match read_stored(&db).await {
                    Ok((posts, readings, started)) => {
                        let l = Loaded {
                            revision,
                            posts: Arc::new(posts),
                            readings: Arc::new(readings),
                            read_ms: now_ms() - started,
                        };
                        cache.set_value(Some(l.clone()));
                        l
                    }
                    Err(e) => {
                        crm.report(&e);
                        failed.set(Some(e.key()));
                        busy.set(false);
                        return;
                    }
                },
            };
            if run.get_value() != generation {
                return;
            }
            yield_to_browser().await;
            let offset = device_offset();
            let started = now_ms();
            let reads: Vec<Read> = loaded
                .posts
                .iter()
                .zip(loaded.readings.iter())
                .map(|(m, r)| Read::new(m, r))
                .collect();
            let noise = period(&reads, offset, today(), days, TOP_AUTHORS);
            let noise_ms = now_ms() - started;
            let newest = loaded.posts.first().and_then(|m| {
                chrono::DateTime::from_timestamp_millis(m.at)
                    .map(|t| t.with_timezone(&offset).date_naive())
            });
            let linked: Vec<Id> = noise.authors.iter().filter_map(|a| a.customer_id).collect();
            let names = crm
                .rows(&linked)
                .into_iter()
                .map(|r| (r.id, r.name))
                .collect();
            if run.get_value() != generation {
                return;
            }
            shown.set(Some(Shown {
                noise: Arc::new(noise),
                window: days,
                total: loaded.posts.len(),
                newest,
                names: Arc::new(names),
                read_ms: loaded.read_ms,
                noise_ms,
            }));
            busy.set(false);
        });
    });

    view! {
        <section class="page noise" data-page="noise"
            data-read-ms=move || shown.with(|s| s.as_ref().map(|s| format!("{:.1}", s.read_ms)))
            data-noise-ms=move || shown.with(|s| s.as_ref().map(|s| format!("{:.2}", s.noise_ms)))>
            <div class="page-head">
                <h1>{move || i18n.t("noise-title")}</h1>
                <label class="inline-field">
                    <span>{move || i18n.t("noise-window")}</span>
                    <select data-testid="noise-window"
                        prop:value=move || window.get().to_string()
                        on:change=move |ev| {
                            if let Ok(days) = event_target_value(&ev).parse::<i64>() {
                                window.set(days);
                            }
                        }>
                        {WINDOWS.into_iter().map(|d| view! {
                            <option value=d.to_string() selected=move || window.get() == d>
                                {move || i18n.t_with("noise-window-days", &[("days", Arg::Num(d as f64))])}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <MentionsTabs/>
            <p class="muted">{move || i18n.t("noise-intro")}</p>
            <Show when=move || busy.get()>
                <p class="busy" role="status" data-testid="noise-busy">
                    <span class="spinner" aria-hidden="true"></span>
                    {move || i18n.t("noise-computing")}
                </p>
            </Show>
            {move || failed.get().map(|key| view! {
                <div class="panel notice" role="alert" data-testid="noise-error">
                    <p>{move || i18n.t(key)}</p>
                </div>
            })}
            {move || shown.get().map(|s| {
                if s.total == 0 {
                    view! { <Empty/> }.into_any()
                } else if s.noise.posts == 0 {
                    let newest = s.newest;
                    let days = s.window;
                    view! {
                        <div class="panel" data-testid="noise-none-in-period">
                            <p>{move || i18n.t_with("noise-none-in-period", &[
                                ("days", Arg::Num(days as f64)),
                                ("date", Arg::Str(&newest.map(|d| format_date(d, i18n.lang())).unwrap_or_default())),
                            ])}</p>
                        </div>
                    }.into_any()
                } else {
                    view! { <Figures shown=s/> }.into_any()
                }
            })}
        </section>
    }
}

/// No posts at all: where they come from.
#[component]
fn Empty() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="panel empty-panel" data-testid="noise-empty">
            <h2>{move || i18n.t("noise-empty-title")}</h2>
            <p>{move || i18n.t("noise-empty")}</p>
            <div class="page-actions">
                <a class="button primary" href="/mentions">{move || i18n.t("noise-empty-import")}</a>
                <a class="button" href="/customers">{move || i18n.t("noise-empty-demo")}</a>
            </div>
        </div>
    }
}

#[component]
fn Figures(shown: Shown) -> impl IntoView {
    let i18n = use_i18n();
    let n = shown.noise.clone();
    let (posts, matched) = (n.posts, n.matched);
    let negative: u32 = n.days.iter().map(|d| d.negative).sum();
    let spikes = n.spikes.len();
    let days = shown.window;
    let share = move |part: u32| f64::from(part) / f64::from(posts.max(1));
    view! {
        <div class="stat-cards">
            <div class="panel stat" data-testid="noise-stat-posts" data-count=posts.to_string()>
                <span class="stat-value">{move || units::count(u64::from(posts), i18n.lang())}</span>
                <span class="muted">{move || i18n.t_with("noise-stat-posts", &[("days", Arg::Num(days as f64))])}</span>
            </div>
            <div class="panel stat" data-testid="noise-stat-negative">
                <span class="stat-value">{move || units::percent(share(negative), i18n.lang())}</span>
                <span class="muted">{move || i18n.t("noise-stat-negative")}</span>
            </div>
            <div class="panel stat" data-testid="noise-stat-spikes" data-count=spikes.to_string()>
                <span class="stat-value">{move || units::count(spikes as u64, i18n.lang())}</span>
                <span class="muted">{move || i18n.t_with("noise-stat-spikes", &[("count", Arg::Num(spikes as f64))])}</span>
            </div>
            <div class="panel stat" data-testid="noise-matched" data-matched=matched.to_string() data-posts=posts.to_string()>
                <span class="stat-value">{move || units::percent(share(matched), i18n.lang())}</span>
                <span class="muted">{move || {
                    let lang = i18n.lang();
                    i18n.t_with("noise-matched", &[
                        ("matched", Arg::Str(&units::count(u64::from(matched), lang))),
                        ("posts", Arg::Str(&units::count(u64::from(posts), lang))),
                    ])
                }}</span>
            </div>
        </div>
        <PerDay noise=n.clone()/>
        <div class="noise-grid">
            <Topics noise=n.clone() window=days/>
            <Spikes noise=n.clone()/>
        </div>
        <Authors noise=n names=shown.names.clone()/>
    }
}
