//! Matching the author of a social post to a customer. Deterministic keys
//! first (the handle on that platform, in any written form: `@name`,
//! `NAME`, a profile address — `model::Handle` parses them all), then a
//! scored fuzzy match (folded name similarity, handle-to-name similarity,
//! city) over candidates found by blocking keys, never all customers.
//!
//! Four buckets, as Zoho's social tab has them:
//! - **customer**: linked — only when a deterministic key matches or the
//!   score is very high and the name is not a common one;
//! - **possible**: a review queue (confirm or reject; a rejected pair is
//!   never suggested again);
//! - **prospect**: an unknown author with buying intent (one click adds a
//!   lead);
//! - **unknown**.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::names::{Folded, is_common, similarity};
use crate::model::{Customer, Handle, Id};
use crate::text::fold;

/// Who wrote a post, as the platform shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Author {
    /// The handle, parsed for its platform (`None` when the export has
    /// none, e.g. a private message with a display name only).
    pub handle: Option<Handle>,
    /// The display name (`Ayşe K. 🌸`).
    pub name: String,
    /// A city the post or profile gives, if any.
    pub city: Option<String>,
    /// The post's text (buying intent makes an unknown author a prospect).
    pub text: String,
}

/// The four buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Bucket {
    Customer,
    Possible,
    Prospect,
    Unknown,
}

impl Bucket {
    pub fn slug(self) -> &'static str {
        match self {
            Bucket::Customer => "customer",
            Bucket::Possible => "possible",
            Bucket::Prospect => "prospect",
            Bucket::Unknown => "unknown",
        }
    }
}

/// Why an author looks like a customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    SameHandle {
        handle: String,
    },
    SameName {
        common: bool,
    },
    SimilarName {
        similarity: f64,
    },
    /// The handle spells the customer's name (`sukrucaglar34`).
    HandleSpellsName {
        similarity: f64,
    },
    SameCity,
    DifferentCity,
    /// The post asks about buying (prospect).
    BuyingIntent {
        cue: String,
    },
}

impl Reason {
    pub fn describe(&self) -> String {
        match self {
            Reason::SameHandle { handle } => format!("same handle {handle}"),
            Reason::SameName { common: true } => "same name (a common one)".into(),
            Reason::SameName { common: false } => "same name".into(),
            Reason::SimilarName { similarity } => format!("similar name ({similarity:.2})"),
            Reason::HandleSpellsName { similarity } => {
                format!("the handle spells the name ({similarity:.2})")
            }
            Reason::SameCity => "same city".into(),
            Reason::DifferentCity => "different city".into(),
            Reason::BuyingIntent { cue } => format!("asks about buying (\"{cue}\")"),
        }
    }
}

/// A customer the author may be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub customer: Id,
    pub score: f64,
    pub reasons: Vec<Reason>,
}

/// The result for one author.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Match {
    pub bucket: Bucket,
    /// The linked customer (bucket `customer` only).
    pub customer: Option<Id>,
    /// The best candidates, best first (at most five).
    pub candidates: Vec<Candidate>,
    pub score: f64,
    pub reasons: Vec<Reason>,
}

/// A score this high links a person whose name is not common.
pub const LINK: f64 = 0.95;
/// A score this high goes to the review queue.
pub const REVIEW: f64 = 0.6;
/// Fuzzy candidates scored per author at most (the blocks are small; this
/// bounds a pathological one).
const MAX_CANDIDATES: usize = 100;

struct Entry {
    id: Id,
    name: Folded,
    /// The name without spaces, and surname first: what a handle spells.
    spelled: [String; 2],
    city: String,
}

/// The customers, indexed for matching.
pub struct Index {
    entries: Vec<Entry>,
    handles: HashMap<String, Vec<u32>>,
    blocks: HashMap<String, Vec<u32>>,
}

impl Index {
    /// Indexes the live customers (tombstones and merged-away records are
    /// left out).
    pub fn new(customers: &[Customer]) -> Index {
        let mut index = Index {
            entries: Vec::with_capacity(customers.len()),
            handles: HashMap::new(),
            blocks: HashMap::new(),
        };
        for c in customers
            .iter()
            .filter(|c| !c.deleted && c.merged_into.is_none())
        {
            let n = index.entries.len() as u32;
            let name = Folded::of(&c.first_name, &c.last_name);
            for i in &c.identities {
                index.handles.entry(i.handle.key()).or_default().push(n);
            }
            for key in name_keys(&name) {
                index.blocks.entry(key).or_default().push(n);
            }
            let spelled = [
                name.tokens.concat(),
                name.tokens
                    .iter()
                    .rev()
                    .cloned()
                    .collect::<Vec<_>>()
                    .concat(),
            ];
            index.entries.push(Entry {
                id: c.id,
                name,
                spelled,
                city: c.city.as_deref().map(fold).unwrap_or_default(),
            });
        }
        index
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Matches one author. `rejected` holds pairs a person rejected in the
    /// review queue (`(handle key or folded name, customer)`): they are
    /// never suggested again.
    pub fn match_author(&self, author: &Author, rejected: &HashSet<(String, Id)>) -> Match {
        let who = author_key(author);
        let not_rejected = |id: Id| !rejected.contains(&(who.clone(), id));
        // 1. The handle on that platform.
        if let Some(h) = &author.handle
            && let Some(hits) = self.handles.get(&h.key())
        {
            let ids: Vec<Id> = hits
                .iter()
                .map(|&n| self.entries[n as usize].id)
                .filter(|&id| not_rejected(id))
                .collect();
            if let Some(&id) = ids.first() {
                let reasons = vec![Reason::SameHandle { handle: h.key() }];
                let candidates = ids
                    .iter()
                    .map(|&customer| Candidate {
                        customer,
                        score: 1.0,
                        reasons: reasons.clone(),
                    })
                    .collect();
                // Two customers with one handle: a person decides.
                let bucket = if ids.len() == 1 {
                    Bucket::Customer
                } else {
                    Bucket::Possible
                };
                return Match {
                    bucket,
                    customer: (bucket == Bucket::Customer).then_some(id),
                    candidates,
                    score: 1.0,
                    reasons,
                };
            }
        }
        // 2. Fuzzy: names and what the handle spells, within blocks.
        let name = Folded::new(&author.name);
        let handle_letters: String = author
            .handle
            .as_ref()
            .map(|h| {
                fold(h.name())
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .collect()
            })
            .unwrap_or_default();
        let city = author.city.as_deref().map(fold).unwrap_or_default();
        let mut seen: HashSet<u32> = HashSet::new();
        let mut keys = name_keys(&name);
        keys.extend(handle_keys(&handle_letters));
        for key in keys {
            if let Some(members) = self.blocks.get(&key) {
                seen.extend(members.iter().take(MAX_CANDIDATES));
            }
            if seen.len() >= MAX_CANDIDATES {
                break;
            }
        }
        let mut candidates: Vec<Candidate> = seen
            .into_iter()
            .map(|n| &self.entries[n as usize])
            .filter(|e| not_rejected(e.id))
            .filter_map(|e| score(e, &name, &handle_letters, &city))
            .collect();
        candidates.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.customer.cmp(&b.customer))
        });
        candidates.truncate(5);
        let best = candidates.first().cloned();
        let common = is_common(&name);
        match best {
            Some(b) if b.score >= LINK && !common && clear_lead(&candidates) => Match {
                bucket: Bucket::Customer,
                customer: Some(b.customer),
                score: b.score,
                reasons: b.reasons,
                candidates,
            },
            Some(b) if b.score >= REVIEW => Match {
                bucket: Bucket::Possible,
                customer: None,
                score: b.score,
                reasons: b.reasons,
                candidates,
            },
            _ => {
                let intent = buying_intent(&author.text);
                let score = candidates.first().map_or(0.0, |c| c.score);
                match intent {
                    Some(cue) => Match {
                        bucket: Bucket::Prospect,
                        customer: None,
                        score,
                        reasons: vec![Reason::BuyingIntent { cue: cue.into() }],
                        candidates,
                    },
                    None => Match {
                        bucket: Bucket::Unknown,
                        customer: None,
                        score,
                        reasons: Vec::new(),
                        candidates,
                    },
                }
            }
        }
    }
}

/// The best candidate leads the second clearly (two customers with the
/// same uncommon name are for a person to decide).
fn clear_lead(candidates: &[Candidate]) -> bool {
    match candidates {
        [first, second, ..] => first.score - second.score >= 0.1,
        _ => true,
    }
}

/// The key a rejection is remembered under: the handle, else the name.
pub fn author_key(author: &Author) -> String {
    match &author.handle {
        Some(h) => h.key(),
        None => format!("name:{}", Folded::new(&author.name).joined()),
    }
}

fn name_keys(name: &Folded) -> Vec<String> {
    let (first, last) = (name.first(), name.last());
    // One word ("Kerem") says too little to look anyone up by.
    if name.tokens.len() < 2 {
        return Vec::new();
    }
    let initial = |s: &str| s.chars().next().unwrap_or('_');
    // The exact name first: when a block is cut short, the namesakes are
    // in.
    vec![
        format!("j:{}", name.joined()),
        format!("n:{last}:{}", initial(first)),
        format!("f:{first}:{}", initial(last)),
        format!("n:{first}:{}", initial(last)),
    ]
}

/// Keys for a handle that spells a name (`sukrucaglar`, `caglarsukru`):
/// every split into two parts of at least three letters, as a first name
/// and surname. Bounded by the handle's length (≤ 30 letters).
fn handle_keys(letters: &str) -> Vec<String> {
    let chars: Vec<char> = letters.chars().take(30).collect();
    let mut out = Vec::new();
    for cut in 3..chars.len().saturating_sub(2) {
        let (a, b): (String, String) =
            (chars[..cut].iter().collect(), chars[cut..].iter().collect());
        let ia = a.chars().next().unwrap_or('_');
        let ib = b.chars().next().unwrap_or('_');
        out.push(format!("n:{b}:{ia}"));
        out.push(format!("n:{a}:{ib}"));
    }
    out
}

fn score(e: &Entry, name: &Folded, handle: &str, city: &str) -> Option<Candidate> {
    let mut reasons = Vec::new();
    let sim = if name.is_empty() {
        0.0
    } else {
        similarity(name, &e.name)
    };
    let spelled = if handle.len() >= 6 {
        e.spelled
            .iter()
            .map(|s| {
                // Digits and separators are gone; a handle may add a
                // suffix ("ayseyilmaz.tr" → "ayseyilmaztr").
                if handle.starts_with(s.as_str()) && s.len() >= 6 {
                    1.0
                } else {
                    strsim::jaro_winkler(handle, s)
                }
            })
            .fold(0.0, f64::max)
    } else {
        0.0
    };
    let common = is_common(&e.name);
    let mut total: f64 = 0.0;
    if sim >= 0.999 {
        reasons.push(Reason::SameName { common });
        total = if common { 0.7 } else { 0.85 };
    } else if sim >= 0.85 {
        reasons.push(Reason::SimilarName {
            similarity: round2(sim),
        });
        total = 0.6 + (sim - 0.85);
    }
    if spelled >= 0.92 {
        reasons.push(Reason::HandleSpellsName {
            similarity: round2(spelled),
        });
        total = if total > 0.0 {
            total + 0.12
        } else {
            0.55 + (spelled - 0.92)
        };
    }
    if total == 0.0 {
        return None;
    }
    if !city.is_empty() && !e.city.is_empty() {
        if city == e.city {
            reasons.push(Reason::SameCity);
            total += 0.05;
        } else {
            reasons.push(Reason::DifferentCity);
            total -= 0.15;
        }
    }
    Some(Candidate {
        customer: e.id,
        score: round2(total.clamp(0.0, 1.0)),
        reasons,
    })
}

/// A phrase that asks about buying, if the text has one (folded match).
pub fn buying_intent(text: &str) -> Option<&'static str> {
    let t = fold(text);
    BUYING_CUES.iter().copied().find(|cue| t.contains(cue))
}

/// Folded cues of buying intent, Turkish and English.
const BUYING_CUES: &[&str] = &[
    "fiyat",
    "kac para",
    "kac tl",
    "ne kadar",
    "satin al",
    "almak istiyorum",
    "almayi dusun",
    "siparis vermek",
    "stokta var mi",
    "stokta mi",
    "taksit",
    "kampanya var mi",
    "nereden alabilirim",
    "abone olmak",
    "tarife",
    "how much",
    "price",
    "where can i buy",
    "want to buy",
    "looking to buy",
    "in stock",
    "do you ship",
    "how do i order",
    "sign up for",
];

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
