//! The social-noise dashboard's figures (issue 12): mentions per day by
//! sentiment, the top topics with their trend, spikes (a topic whose daily
//! volume jumps against its own recent baseline), the authors who reach
//! the most people, how many posts are matched to customers, and the
//! community view (how many distinct people talk about each topic).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use serde::Serialize;

use super::mention::Mention;
use super::sentiment::Label;
use crate::cases::Category;
use crate::model::{Id, Platform};

/// One post with what the app read from it.
#[derive(Debug, Clone)]
pub struct Read<'a> {
    pub mention: &'a Mention,
    pub label: Label,
    pub topics: Vec<Category>,
    /// Linked to a customer.
    pub matched: bool,
}

/// What the figures need from a post's reading ([`super::reading::read`]):
/// its sentiment label and its topics. Reading is the costly part, so the
/// app keeps readings and pairs them with the posts for every new figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub label: Label,
    pub topics: Vec<Category>,
}

impl Reading {
    /// The post's label and topics, in its language (the export's, else
    /// detected).
    pub fn of(mention: &Mention) -> Reading {
        let r = super::reading::read(&mention.text, mention.lang);
        Reading {
            label: r.sentiment.label,
            topics: r.topics,
        }
    }
}

impl<'a> Read<'a> {
    /// A post with its reading; matched when it is linked to a customer.
    pub fn new(mention: &'a Mention, reading: &Reading) -> Read<'a> {
        Read {
            mention,
            label: reading.label,
            topics: reading.topics.clone(),
            matched: mention.customer_id.is_some(),
        }
    }
}

/// Posts of one day by sentiment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Day {
    pub day: NaiveDate,
    pub positive: u32,
    pub neutral: u32,
    pub negative: u32,
}

/// A topic over the period, and over the half before the last `window`
/// days against the last `window` days (its trend).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Topic {
    pub topic: Category,
    pub posts: u32,
    /// Distinct authors who wrote about it (the community).
    pub authors: u32,
    pub recent: u32,
    pub before: u32,
    /// `recent / before - 1` (None when there was nothing before).
    pub trend: Option<f64>,
}

/// A day on which a topic jumped.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spike {
    pub topic: Category,
    pub day: NaiveDate,
    pub posts: u32,
    /// The topic's mean daily posts over the days before.
    pub baseline: f64,
}

/// An author by reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Author {
    /// The handle key (`x:name`), or the display name when there is none.
    pub key: String,
    pub name: String,
    /// The handle without its platform (`name`), when there is one.
    pub handle: Option<String>,
    pub platform: Platform,
    /// The customer the author's latest linked post is linked to.
    pub customer_id: Option<Id>,
    pub reach: u64,
    pub posts: u32,
}

/// Everything the dashboard shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Noise {
    pub days: Vec<Day>,
    pub topics: Vec<Topic>,
    pub spikes: Vec<Spike>,
    pub authors: Vec<Author>,
    pub posts: u32,
    pub matched: u32,
}

/// Days of baseline before a day can be a spike.
pub const BASELINE_DAYS: i64 = 7;
/// A spike has at least this many posts that day.
pub const SPIKE_MIN: u32 = 5;

fn day_of(at: i64, offset: FixedOffset) -> Option<NaiveDate> {
    DateTime::from_timestamp_millis(at).map(|t| t.with_timezone(&offset).date_naive())
}

fn author_key(m: &Mention) -> String {
    match &m.handle {
        Some(h) => h.key(),
        None => format!("name:{}", crate::text::fold(&m.author)),
    }
}

/// The figures of `posts`, with days in `offset`; trends compare the last
/// `window` days with the `window` days before; `top` authors.
pub fn noise(posts: &[Read], offset: FixedOffset, window: i64, top: usize) -> Noise {
    figures(posts, offset, window, top, None)
}

/// The dashboard's figures for the `window` days ending on `end` (today
/// in `offset`): every day of the period (days without posts count
/// zero), the topics of the period with their trend against the `window`
/// days before, the spikes of the period (each against the topic's own
/// baseline, which may reach back before the period), and the period's
/// authors, posts and matched share. Posts outside the period only feed
/// trends and baselines.
pub fn period(
    posts: &[Read],
    offset: FixedOffset,
    end: NaiveDate,
    window: i64,
    top: usize,
) -> Noise {
    let window = window.max(1);
    let age = |p: &Read| day_of(p.mention.at, offset).map(|d| (end - d).num_days());
    let within = |days: i64| -> Vec<Read> {
        posts
            .iter()
            .filter(|p| age(p).is_some_and(|a| (0..days).contains(&a)))
            .cloned()
            .collect()
    };
    let current = figures(&within(window), offset, window, top, Some(end));
    let wider = figures(
        &within((2 * window).max(window + BASELINE_DAYS)),
        offset,
        window,
        top,
        Some(end),
    );
    let mut topics: Vec<Topic> = wider
        .topics
        .into_iter()
        .map(|t| {
            let now = current.topics.iter().find(|c| c.topic == t.topic);
            Topic {
                posts: now.map_or(0, |c| c.posts),
                authors: now.map_or(0, |c| c.authors),
                ..t
            }
        })
        .collect();
    topics.sort_by(|a, b| {
        b.posts
            .cmp(&a.posts)
            .then(b.before.cmp(&a.before))
            .then(a.topic.code().cmp(b.topic.code()))
    });
    let first = end - Duration::days(window - 1);
    let spikes = wider
        .spikes
        .into_iter()
        .filter(|s| s.day >= first && s.day <= end)
        .collect();
    let mut days: Vec<Day> = Vec::with_capacity(window as usize);
    let mut have = current.days.into_iter().peekable();
    for k in 0..window {
        let day = first + Duration::days(k);
        match have.next_if(|d| d.day == day) {
            Some(d) => days.push(d),
            None => days.push(Day {
                day,
                positive: 0,
                neutral: 0,
                negative: 0,
            }),
        }
    }
    Noise {
        days,
        topics,
        spikes,
        authors: current.authors,
        posts: current.posts,
        matched: current.matched,
    }
}

/// The figures of `posts` with trends against the day `last` (the newest
/// post's day when `None`).
fn figures(
    posts: &[Read],
    offset: FixedOffset,
    window: i64,
    top: usize,
    last: Option<NaiveDate>,
) -> Noise {
    let fixed_last = last;
    let mut days: BTreeMap<NaiveDate, Day> = BTreeMap::new();
    let mut by_topic_day: HashMap<Category, BTreeMap<NaiveDate, u32>> = HashMap::new();
    let mut topic_authors: HashMap<Category, HashSet<String>> = HashMap::new();
    let mut authors: HashMap<String, Author> = HashMap::new();
    let mut matched = 0;
    let mut last: Option<NaiveDate> = fixed_last;
    // The latest linked post of each author names the customer.
    let mut linked_at: HashMap<String, i64> = HashMap::new();
    for p in posts {
        let Some(day) = day_of(p.mention.at, offset) else {
            continue;
        };
        if fixed_last.is_none() {
            last = last.max(Some(day));
        }
        let d = days.entry(day).or_insert(Day {
            day,
            positive: 0,
            neutral: 0,
            negative: 0,
        });
        match p.label {
            Label::Positive => d.positive += 1,
            Label::Neutral => d.neutral += 1,
            Label::Negative => d.negative += 1,
        }
        if p.matched {
            matched += 1;
        }
        let key = author_key(p.mention);
        for t in &p.topics {
            *by_topic_day.entry(*t).or_default().entry(day).or_default() += 1;
            topic_authors.entry(*t).or_default().insert(key.clone());
        }
        if let Some(customer) = p.mention.customer_id {
            let at = linked_at.entry(key.clone()).or_insert(i64::MIN);
            if p.mention.at >= *at {
                *at = p.mention.at;
                if let Some(a) = authors.get_mut(&key) {
                    a.customer_id = Some(customer);
                }
            }
        }
        let a = authors.entry(key.clone()).or_insert(Author {
            key,
            name: p.mention.author.clone(),
            handle: p.mention.handle.as_ref().map(|h| h.name().to_string()),
            platform: p.mention.platform,
            customer_id: p.mention.customer_id,
            reach: 0,
            posts: 0,
        });
        a.reach = a.reach.max(p.mention.reach);
        a.posts += 1;
    }
    let mut topics: Vec<Topic> = by_topic_day
        .iter()
        .map(|(topic, per_day)| {
            let posts = per_day.values().sum();
            let (mut recent, mut before) = (0, 0);
            if let Some(last) = last {
                for (day, n) in per_day {
                    let age = (last - *day).num_days();
                    if age < window {
                        recent += n;
                    } else if age < 2 * window {
                        before += n;
                    }
                }
            }
            Topic {
                topic: *topic,
                posts,
                authors: topic_authors.get(topic).map_or(0, |a| a.len() as u32),
                recent,
                before,
                trend: (before > 0).then(|| recent as f64 / before as f64 - 1.0),
            }
        })
        .collect();
    topics.sort_by(|a, b| {
        b.posts
            .cmp(&a.posts)
            .then(a.topic.code().cmp(b.topic.code()))
    });
    let mut spikes = Vec::new();
    for (topic, per_day) in &by_topic_day {
        for (day, n) in per_day {
            let baseline: u32 = (1..=BASELINE_DAYS)
                .filter_map(|k| per_day.get(&(*day - Duration::days(k))))
                .sum();
            let baseline = f64::from(baseline) / BASELINE_DAYS as f64;
            // Poisson-like: well above what the topic usually has.
            let n = *n;
            if n >= SPIKE_MIN && f64::from(n) > baseline + 3.0 * (baseline + 1.0).sqrt() {
                spikes.push(Spike {
                    topic: *topic,
                    day: *day,
                    posts: n,
                    baseline: (baseline * 100.0).round() / 100.0,
                });
            }
        }
    }
    spikes.sort_by(|a, b| b.day.cmp(&a.day).then(b.posts.cmp(&a.posts)));
    let mut authors: Vec<Author> = authors.into_values().collect();
    authors.sort_by(|a, b| {
        b.reach
            .cmp(&a.reach)
            .then(b.posts.cmp(&a.posts))
            .then(a.key.cmp(&b.key))
    });
    authors.truncate(top);
    Noise {
        days: days.into_values().collect(),
        topics,
        spikes,
        authors,
        posts: posts.len() as u32,
        matched,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Handle, Id, Platform};

    const DAY: i64 = 86_400_000;
    // 2026-11-01T09:00:00Z
    const T0: i64 = 1_793_523_600_000;

    fn post(n: u128, day: i64, handle: &str, reach: u64) -> Mention {
        Mention {
            id: Id::from_uuid(uuid::Uuid::from_u128(n)),
            platform: Platform::X,
            post_id: n.to_string(),
            handle: Handle::parse(Platform::X, handle).ok(),
            author: handle.to_string(),
            text: String::new(),
            at: T0 + day * DAY,
            reach,
            url: None,
            public: true,
            lang: None,
            customer_id: None,
            case_id: None,
            rejected: Vec::new(),
            created_at: 0,
            updated_at: 0,
            version: Default::default(),
            stamps: Default::default(),
            deleted: false,
        }
    }

    #[test]
    fn a_topic_that_jumps_against_its_own_baseline_is_a_spike() {
        let mut mentions = Vec::new();
        // Connectivity: one post a day for ten days, then twelve on day 10.
        for d in 0..10 {
            mentions.push((
                post(d as u128, d, &format!("a{d}"), 10),
                Category::Connectivity,
                Label::Negative,
            ));
        }
        for k in 0..12 {
            mentions.push((
                post(100 + k, 10, &format!("b{}", k % 6), 50),
                Category::Connectivity,
                Label::Negative,
            ));
        }
        // Billing: three a day every day: steady, never a spike.
        for d in 0..11 {
            for k in 0..3 {
                mentions.push((
                    post(1_000 + (d * 3 + k) as u128, d, "kerem", 9_000),
                    Category::Billing,
                    Label::Neutral,
                ));
            }
        }
        let read: Vec<Read> = mentions
            .iter()
            .map(|(m, t, l)| Read {
                mention: m,
                label: *l,
                topics: vec![*t],
                matched: m.reach == 9_000,
            })
            .collect();
        let tr = FixedOffset::east_opt(3 * 3600).unwrap();
        let n = noise(&read, tr, 3, 2);
        assert_eq!(n.posts, 55);
        assert_eq!(n.matched, 33);
        assert_eq!(n.days.len(), 11);
        assert_eq!(n.days[10].negative, 12);
        assert_eq!(n.spikes.len(), 1, "{:?}", n.spikes);
        let s = &n.spikes[0];
        assert_eq!(
            (s.topic, s.posts, s.baseline),
            (Category::Connectivity, 12, 1.0)
        );
        assert_eq!(s.day, NaiveDate::from_ymd_opt(2026, 11, 11).unwrap());
        // Topics by volume; connectivity has 16 distinct authors, billing one.
        assert_eq!(n.topics[0].topic, Category::Billing);
        assert_eq!(n.topics[0].authors, 1);
        let c = n
            .topics
            .iter()
            .find(|t| t.topic == Category::Connectivity)
            .unwrap();
        assert_eq!((c.posts, c.authors, c.recent, c.before), (22, 16, 14, 3));
        assert!((c.trend.unwrap() - 11.0 / 3.0).abs() < 1e-9);
        // The author who reaches most first.
        assert_eq!(n.authors[0].key, "x:kerem");
        assert_eq!(n.authors[0].posts, 33);
        assert_eq!(n.authors.len(), 2);
    }

    #[test]
    fn a_period_counts_its_own_days_and_compares_topics_with_the_period_before() {
        // Billing: two posts a day on days 0..20; connectivity: nine on day 18.
        let mut mentions = Vec::new();
        for d in 0..20 {
            for k in 0..2 {
                mentions.push((
                    post((d * 2 + k) as u128, d, &format!("p{d}"), 5),
                    Category::Billing,
                ));
            }
        }
        for k in 0..9 {
            mentions.push((
                post(500 + k, 18, &format!("q{k}"), 70),
                Category::Connectivity,
            ));
        }
        let readings: Vec<(Mention, Reading)> = mentions
            .into_iter()
            .map(|(mut m, t)| {
                if m.reach == 70 {
                    m.customer_id = Some(Id::from_uuid(uuid::Uuid::from_u128(9)));
                }
                (
                    m,
                    Reading {
                        label: Label::Negative,
                        topics: vec![t],
                    },
                )
            })
            .collect();
        let read: Vec<Read> = readings.iter().map(|(m, r)| Read::new(m, r)).collect();
        let tr = FixedOffset::east_opt(3 * 3600).unwrap();
        // Day 0 is 2026-11-01; a week ending on day 21 (no posts that day).
        let end = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let n = period(&read, tr, end, 7, 3);
        assert_eq!(n.days.len(), 7);
        assert_eq!(
            n.days[0].day,
            NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()
        );
        assert_eq!(n.days[6].day, end);
        assert_eq!(n.days[6].negative + n.days[5].negative, 0);
        // Days 15..=19 in the period: ten billing posts, nine connectivity.
        assert_eq!((n.posts, n.matched), (19, 9));
        let billing = n
            .topics
            .iter()
            .find(|t| t.topic == Category::Billing)
            .unwrap();
        assert_eq!(
            (billing.posts, billing.recent, billing.before),
            (10, 10, 14)
        );
        assert_eq!(n.topics[0].topic, Category::Billing);
        assert_eq!(n.topics[1].topic, Category::Connectivity);
        assert_eq!((n.topics[1].authors, n.topics[1].trend), (9, None));
        assert_eq!(n.spikes.len(), 1);
        assert_eq!(n.spikes[0].topic, Category::Connectivity);
        // The authors who reach most, linked to their customer.
        assert_eq!(n.authors.len(), 3);
        assert_eq!(n.authors[0].reach, 70);
        assert!(n.authors[0].customer_id.is_some());
        assert_eq!(n.authors[0].handle.as_deref(), Some("q0"));
        assert_eq!(n.authors[0].platform, Platform::X);
        // Nothing in a period after every post.
        let later = period(&read, tr, end + Duration::days(30), 7, 3);
        assert_eq!(
            (later.posts, later.days.len(), later.spikes.len()),
            (0, 7, 0)
        );
        assert!(later.topics.iter().all(|t| t.posts == 0));
    }

    #[test]
    fn no_posts_no_figures() {
        let n = noise(&[], FixedOffset::east_opt(0).unwrap(), 7, 5);
        assert!(n.days.is_empty() && n.topics.is_empty() && n.spikes.is_empty());
        assert_eq!((n.posts, n.matched), (0, 0));
    }
}
