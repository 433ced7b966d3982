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

/// One post with what the app read from it.
#[derive(Debug, Clone)]
pub struct Read<'a> {
    pub mention: &'a Mention,
    pub label: Label,
    pub topics: Vec<Category>,
    /// Linked to a customer.
    pub matched: bool,
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
    let mut days: BTreeMap<NaiveDate, Day> = BTreeMap::new();
    let mut by_topic_day: HashMap<Category, BTreeMap<NaiveDate, u32>> = HashMap::new();
    let mut topic_authors: HashMap<Category, HashSet<String>> = HashMap::new();
    let mut authors: HashMap<String, Author> = HashMap::new();
    let mut matched = 0;
    let mut last: Option<NaiveDate> = None;
    for p in posts {
        let Some(day) = day_of(p.mention.at, offset) else {
            continue;
        };
        last = last.max(Some(day));
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
        let a = authors.entry(key.clone()).or_insert(Author {
            key,
            name: p.mention.author.clone(),
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
    fn no_posts_no_figures() {
        let n = noise(&[], FixedOffset::east_opt(0).unwrap(), 7, 5);
        assert!(n.days.is_empty() && n.topics.is_empty() && n.spikes.is_empty());
        assert_eq!((n.posts, n.matched), (0, 0));
    }
}
