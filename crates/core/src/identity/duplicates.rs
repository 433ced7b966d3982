//! Duplicate customers in the whole database: blocking keys put people
//! who could be the same into small groups (never all pairs), every pair
//! of a group is scored with its reasons, and the pairs that score get a
//! level: **certain**, **likely**, **possible**.
//!
//! What real data looks like: the same phone written three ways (already
//! one E.164 form in the model), `Şükrü Çağlar` typed as `Sukru Caglar`,
//! upper case, transposed letters, the same mailbox name at another
//! provider. People who only share a name (and a common one at that) stay
//! apart; so do family members who share a phone or an email but have
//! different first names (a shared contact with another name is at most
//! "possible").

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::names::{Folded, is_common, similarity};
use crate::model::{Customer, Id};
use crate::text::fold;

/// How sure a pair is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Possible,
    Likely,
    Certain,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Certain, Level::Likely, Level::Possible];

    /// The translation key of the level's name.
    pub fn key(self) -> &'static str {
        match self {
            Level::Possible => "dup-level-possible",
            Level::Likely => "dup-level-likely",
            Level::Certain => "dup-level-certain",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.slug() == slug)
    }

    pub fn slug(self) -> &'static str {
        match self {
            Level::Possible => "possible",
            Level::Likely => "likely",
            Level::Certain => "certain",
        }
    }
}

/// Why two customers look like one person (or not).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    SameEmail {
        email: String,
    },
    /// The same mailbox name at another provider (`ayse.k@gmail.com`,
    /// `ayse.k@hotmail.com`).
    SameMailbox {
        name: String,
    },
    SamePhone {
        phone: String,
    },
    SameHandle {
        handle: String,
    },
    SameExternalId {
        id: String,
    },
    /// The folded names are equal (`common`: a frequent name, weak alone).
    SameName {
        common: bool,
    },
    SimilarName {
        similarity: f64,
    },
    /// The names differ although a contact is shared (family members).
    DifferentName {
        similarity: f64,
    },
    SameCity,
    DifferentCity,
}

impl Reason {
    /// The translation key of the reason (`dup-reason-…`); its argument
    /// `value` is [`Reason::value`].
    pub fn key(&self) -> &'static str {
        match self {
            Reason::SameEmail { .. } => "dup-reason-same-email",
            Reason::SameMailbox { .. } => "dup-reason-same-mailbox",
            Reason::SamePhone { .. } => "dup-reason-same-phone",
            Reason::SameHandle { .. } => "dup-reason-same-handle",
            Reason::SameExternalId { .. } => "dup-reason-same-external-id",
            Reason::SameName { common: true } => "dup-reason-same-common-name",
            Reason::SameName { common: false } => "dup-reason-same-name",
            Reason::SimilarName { .. } => "dup-reason-similar-name",
            Reason::DifferentName { .. } => "dup-reason-different-name",
            Reason::SameCity => "dup-reason-same-city",
            Reason::DifferentCity => "dup-reason-different-city",
        }
    }

    /// What the reason names: the shared contact as text, or a name
    /// similarity in whole percent (`0.93` → `93`); empty when nothing.
    pub fn value(&self) -> String {
        match self {
            Reason::SameEmail { email } => email.clone(),
            Reason::SameMailbox { name } => name.clone(),
            Reason::SamePhone { phone } => phone.clone(),
            Reason::SameHandle { handle } => handle.clone(),
            Reason::SameExternalId { id } => id.clone(),
            Reason::SimilarName { similarity } | Reason::DifferentName { similarity } => {
                format!("{}", (similarity * 100.0).round() as i64)
            }
            Reason::SameName { .. } | Reason::SameCity | Reason::DifferentCity => String::new(),
        }
    }

    /// A short English text for the CLI and logs (the app translates the
    /// kind).
    pub fn describe(&self) -> String {
        match self {
            Reason::SameEmail { email } => format!("same email {email}"),
            Reason::SameMailbox { name } => format!("same mailbox name {name} at another provider"),
            Reason::SamePhone { phone } => format!("same phone {phone}"),
            Reason::SameHandle { handle } => format!("same social handle {handle}"),
            Reason::SameExternalId { id } => format!("same external id {id}"),
            Reason::SameName { common: true } => "same name (a common one)".into(),
            Reason::SameName { common: false } => "same name".into(),
            Reason::SimilarName { similarity } => format!("similar name ({similarity:.2})"),
            Reason::DifferentName { similarity } => format!("different name ({similarity:.2})"),
            Reason::SameCity => "same city".into(),
            Reason::DifferentCity => "different city".into(),
        }
    }
}

/// Two customers that may be one person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    pub a: Id,
    pub b: Id,
    pub score: f64,
    pub level: Level,
    pub reasons: Vec<Reason>,
}

/// A contact (email, phone, handle, external id) on more records than this
/// is a placeholder or a shop's number, not evidence of one person.
const SHARED_CONTACT: usize = 5;

/// Name blocks bigger than this are not paired: a name that many people
/// share says nothing by itself (and 5,000 Mehmet Y. are not 12 million
/// pairs). Contact blocks stop at [`SHARED_CONTACT`] for the same reason.
const MAX_NAME_BLOCK: usize = 30;

/// A name held by more customers than this in the data is not evidence by
/// itself: namesakes are usual there, whatever a list of common names
/// says.
const NAMESAKES: usize = 2;

/// Mailbox names too generic to say anything.
const GENERIC_MAILBOXES: &[&str] = &[
    "info", "admin", "contact", "iletisim", "mail", "office", "sales", "satis", "destek",
    "support", "muhasebe", "test", "noreply",
];

struct Prepared<'a> {
    c: &'a Customer,
    name: Folded,
    city: String,
    /// Mailbox names that may count (`mailbox_counts`), lower case.
    mailboxes: Vec<String>,
}

/// Every pair of live customers that scores at least "possible", the
/// most certain first (then by ids, so the order is stable).
pub fn scan(customers: &[Customer]) -> Vec<Pair> {
    let live: Vec<Prepared> = customers
        .iter()
        .filter(|c| !c.deleted && c.merged_into.is_none())
        .map(|c| Prepared {
            c,
            name: Folded::of(&c.first_name, &c.last_name),
            city: c.city.as_deref().map(fold).unwrap_or_default(),
            mailboxes: c
                .emails
                .iter()
                .filter_map(|e| {
                    let e = e.as_str().to_lowercase();
                    let (local, _) = e.split_once('@')?;
                    mailbox_counts(local).then(|| local.to_string())
                })
                .collect(),
        })
        .collect();
    let mut blocks: HashMap<String, Vec<u32>> = HashMap::new();
    for (i, p) in live.iter().enumerate() {
        for key in keys(p) {
            blocks.entry(key).or_default().push(i as u32);
        }
    }
    let mut names: HashMap<&str, usize> = HashMap::new();
    for p in &live {
        *names.entry(p.name.joined()).or_default() += 1;
    }
    let mut candidates: Vec<(u32, u32)> = Vec::new();
    for (key, members) in &blocks {
        let name_key = matches!(key.as_bytes().first(), Some(b'n' | b'f' | b's'));
        let max = if name_key {
            MAX_NAME_BLOCK
        } else {
            SHARED_CONTACT
        };
        if members.len() < 2 || members.len() > max {
            continue;
        }
        for (n, &x) in members.iter().enumerate() {
            for &y in &members[n + 1..] {
                if x != y {
                    candidates.push((x.min(y), x.max(y)));
                }
            }
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    let placeholder = |key: String| blocks.get(&key).is_some_and(|m| m.len() > SHARED_CONTACT);
    let rare = |p: &Prepared| names.get(p.name.joined()).is_some_and(|n| *n <= NAMESAKES);
    let mut pairs: Vec<Pair> = candidates
        .into_iter()
        .filter_map(|(x, y)| {
            let (x, y) = (&live[x as usize], &live[y as usize]);
            score(x, y, &placeholder, rare(x) && rare(y))
        })
        .collect();
    pairs.sort_by(|p, q| {
        q.level
            .cmp(&p.level)
            .then(q.score.total_cmp(&p.score))
            .then((p.a, p.b).cmp(&(q.a, q.b)))
    });
    pairs
}

/// The blocking keys of a customer: every contact exactly, the mailbox
/// name, and name keys that survive one typo in either part or a swap.
fn keys(p: &Prepared) -> Vec<String> {
    let c = p.c;
    let mut out = Vec::new();
    for e in &c.emails {
        let e = e.as_str().to_lowercase();
        if let Some((local, _)) = e.split_once('@')
            && mailbox_counts(local)
        {
            out.push(format!("l:{local}"));
        }
        out.push(format!("e:{e}"));
    }
    for ph in &c.phones {
        out.push(format!("p:{}", ph.as_str()));
    }
    for i in &c.identities {
        out.push(format!("h:{}", i.handle.key()));
    }
    if let Some(x) = &c.external_id {
        out.push(format!("x:{}", x.trim()));
    }
    let (first, last) = (p.name.first(), p.name.last());
    if !first.is_empty() && !last.is_empty() && p.name.tokens.len() >= 2 {
        let initial = |s: &str| s.chars().next().unwrap_or('_');
        out.push(format!("n:{last}:{}", initial(first)));
        out.push(format!("f:{first}:{}", initial(last)));
        // Swapped first and last name.
        out.push(format!("n:{first}:{}", initial(last)));
        // A transposition in the surname keeps its letters.
        let mut letters: Vec<char> = last.chars().collect();
        letters.sort_unstable();
        out.push(format!(
            "s:{}:{}",
            letters.into_iter().collect::<String>(),
            initial(first)
        ));
    }
    out.sort();
    out.dedup();
    out
}

fn mailbox_counts(local: &str) -> bool {
    local.chars().count() >= 5
        && !local.chars().all(|c| c.is_ascii_digit())
        && !GENERIC_MAILBOXES.contains(&local)
}

/// The score of a pair and its reasons, or `None` below "possible".
/// `rare`: neither name is held by more than [`NAMESAKES`] customers, so
/// the names may count without a shared contact.
fn score(
    x: &Prepared,
    y: &Prepared,
    placeholder: &dyn Fn(String) -> bool,
    rare: bool,
) -> Option<Pair> {
    let (a, b) = (x.c, y.c);
    let mut reasons = Vec::new();
    let mut contact = 0.0f64;
    for e in &a.emails {
        let same = b
            .emails
            .iter()
            .any(|f| f.as_str().eq_ignore_ascii_case(e.as_str()));
        if same && !placeholder(format!("e:{}", e.as_str().to_lowercase())) {
            contact = contact.max(0.9);
            reasons.push(Reason::SameEmail {
                email: e.as_str().to_lowercase(),
            });
        }
    }
    if !reasons
        .iter()
        .any(|r| matches!(r, Reason::SameEmail { .. }))
    {
        // `ayse.kaya@` at two providers is every Ayşe Kaya's address: a
        // mailbox that only spells the name counts when the name is rare.
        let found = x.mailboxes.iter().find(|l| {
            y.mailboxes.contains(l)
                && !placeholder(format!("l:{l}"))
                && (rare || !spells_name(l, &x.name) || !spells_name(l, &y.name))
        });
        if let Some(name) = found.cloned() {
            contact = contact.max(0.35);
            reasons.push(Reason::SameMailbox { name });
        }
    }
    for ph in &a.phones {
        if b.phones.contains(ph) && !placeholder(format!("p:{}", ph.as_str())) {
            contact = contact.max(0.85);
            reasons.push(Reason::SamePhone {
                phone: ph.as_str().to_string(),
            });
        }
    }
    for i in &a.identities {
        if b.identities.iter().any(|j| j.handle == i.handle)
            && !placeholder(format!("h:{}", i.handle.key()))
        {
            contact = contact.max(0.9);
            reasons.push(Reason::SameHandle {
                handle: i.handle.key(),
            });
        }
    }
    if let (Some(p), Some(q)) = (&a.external_id, &b.external_id)
        && p.trim() == q.trim()
        && !p.trim().is_empty()
        && !placeholder(format!("x:{}", p.trim()))
    {
        contact = contact.max(0.9);
        reasons.push(Reason::SameExternalId {
            id: p.trim().to_string(),
        });
    }
    // Several shared contacts are stronger than one.
    let shared = reasons.len();
    if shared >= 2 {
        contact = (contact + 0.1).min(1.0);
    }

    // Names alone do not count for names many customers share: most
    // candidates of a name block end here, before any string comparison.
    if contact == 0.0 && !rare {
        return None;
    }
    let sim = similarity(&x.name, &y.name);
    let common = is_common(&x.name) || is_common(&y.name);
    let exact = x.name.joined() == y.name.joined() || sim >= 0.999;
    let mut name = 0.0;
    if exact {
        name = if common { 0.25 } else { 0.4 };
        reasons.push(Reason::SameName { common });
    } else if sim >= 0.9 {
        name = 0.3;
        reasons.push(Reason::SimilarName {
            similarity: round2(sim),
        });
    } else if sim >= 0.82 {
        name = 0.15;
        reasons.push(Reason::SimilarName {
            similarity: round2(sim),
        });
    } else if contact > 0.0 {
        // A shared phone or email under another name: a family, a shop's
        // number, a shared mailbox. At most "possible".
        reasons.push(Reason::DifferentName {
            similarity: round2(sim),
        });
        contact = contact.min(0.45);
    }
    let mut city = 0.0;
    if !x.city.is_empty() && !y.city.is_empty() {
        if x.city == y.city {
            city = 0.05;
            reasons.push(Reason::SameCity);
        } else {
            city = -0.1;
            reasons.push(Reason::DifferentCity);
        }
    }
    let total = if contact > 0.0 {
        contact + name + city
    } else if rare {
        // A name alone (and the city) can be at most "possible".
        (name + city).min(0.55)
    } else {
        return None;
    };
    let total = round2(total.clamp(0.0, 1.0));
    let level = if total >= 0.9 {
        Level::Certain
    } else if total >= 0.6 {
        Level::Likely
    } else if total >= 0.4 {
        Level::Possible
    } else {
        return None;
    };
    let (a, b) = if a.id <= b.id {
        (a.id, b.id)
    } else {
        (b.id, a.id)
    };
    Some(Pair {
        a,
        b,
        score: total,
        level,
        reasons,
    })
}

/// Whether a mailbox name is only the person's name (`ayse.kaya`,
/// `kayaayse`, `akaya`, `ayse_k`): letters of the name and nothing else.
fn spells_name(local: &str, name: &Folded) -> bool {
    let letters: String = fold(local).chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() != fold(local).chars().filter(|c| c.is_alphanumeric()).count() {
        // Digits make it someone's own ("gokhan.yilmaz77").
        return false;
    }
    let (first, last) = (name.first(), name.last());
    let fi = first.chars().next().map(String::from).unwrap_or_default();
    let li = last.chars().next().map(String::from).unwrap_or_default();
    [
        format!("{first}{last}"),
        format!("{last}{first}"),
        format!("{fi}{last}"),
        format!("{first}{li}"),
        first.to_string(),
        last.to_string(),
        name.tokens.concat(),
    ]
    .contains(&letters)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
