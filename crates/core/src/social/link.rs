//! What a post does to the customer database: its author is matched
//! ([`crate::identity::matching`]), and the post is linked to a customer
//! (automatically when the match is certain, or when a person confirms a
//! suggestion), or the suggestion is rejected for good, or an unknown
//! author who wants to buy becomes a lead. Linking adds the author's handle
//! to the customer as a social identity, with where it came from.
//!
//! Every function here returns records; the caller writes them as one
//! [`Batch`], so an import, a confirmation or a new lead is all or nothing.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::mention::Mention;
use crate::identity::matching::{Author, Bucket, Index, Match, Reason, author_key};
use crate::model::{Batch, Customer, Id, Record, SocialIdentity};

/// The author of a post, as matching reads them.
pub fn author_of(mention: &Mention) -> Author {
    Author {
        handle: mention.handle.clone(),
        name: mention.author.clone(),
        city: None,
        text: mention.text.clone(),
    }
}

/// Every (author, customer) pair a person rejected, from the posts that
/// carry the rejections: a rejection made on one post holds for every
/// post of the same author.
pub fn rejections(mentions: &[Mention]) -> HashSet<(String, Id)> {
    mentions
        .iter()
        .filter(|m| !m.deleted && !m.rejected.is_empty())
        .flat_map(|m| {
            let who = author_key(&author_of(m));
            m.rejected.iter().map(move |&id| (who.clone(), id))
        })
        .collect()
}

/// How a post came to be linked (recorded on the identity it adds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkedBy {
    /// By the match itself: the same handle, or a very high score for a
    /// name that is not common.
    Match,
    /// A person confirmed the suggestion in the review queue.
    Confirmed,
    /// A person made a lead of the author.
    Lead,
}

impl LinkedBy {
    pub fn code(self) -> &'static str {
        match self {
            LinkedBy::Match => "match",
            LinkedBy::Confirmed => "confirmed",
            LinkedBy::Lead => "lead",
        }
    }
}

/// The source an identity records: the post's key and how it was linked
/// (`x:1790… · match: same handle`).
pub fn identity_source(mention: &Mention, how: LinkedBy, reasons: &[Reason]) -> String {
    let mut s = format!("{} · {}", mention.key(), how.code());
    if how == LinkedBy::Match && !reasons.is_empty() {
        let why: Vec<String> = reasons.iter().map(Reason::describe).collect();
        s.push_str(": ");
        s.push_str(&why.join(", "));
    }
    s
}

/// Adds the post's handle to the customer when they do not have it yet on
/// that platform (a customer who already has it keeps theirs, with its own
/// source and followers). `true` when the customer changed.
pub fn add_identity(customer: &mut Customer, mention: &Mention, source: String) -> bool {
    let Some(handle) = &mention.handle else {
        return false;
    };
    if customer
        .identities
        .iter()
        .any(|i| i.handle.key() == handle.key())
    {
        return false;
    }
    customer.identities.push(SocialIdentity {
        handle: handle.clone(),
        followers: mention.reach,
        source: Some(source),
    });
    true
}

/// Links one post to a customer (a confirmation from the review queue):
/// the post names the customer, and the customer gains the handle. One
/// batch.
pub fn confirm(mention: &Mention, customer: &Customer) -> Batch {
    let mut batch = Batch::new();
    let mut linked = mention.clone();
    linked.customer_id = Some(customer.id);
    batch.update(Record::Mention(mention.clone()), Record::Mention(linked));
    let mut with = customer.clone();
    if add_identity(
        &mut with,
        mention,
        identity_source(mention, LinkedBy::Confirmed, &[]),
    ) {
        batch.update(Record::Customer(customer.clone()), Record::Customer(with));
    }
    batch
}

/// Says the post's author is not `customer`: never suggested again for any
/// post of this author.
pub fn reject(mention: &Mention, customer: Id) -> Batch {
    let mut batch = Batch::new();
    if mention.rejected.contains(&customer) {
        return batch;
    }
    let mut changed = mention.clone();
    changed.rejected.push(customer);
    if changed.customer_id == Some(customer) {
        changed.customer_id = None;
    }
    batch.update(Record::Mention(mention.clone()), Record::Mention(changed));
    batch
}

/// The customer record of a lead made from a prospect's post: the display
/// name split into first name and surname (emoji and decorations left
/// out; the handle when there is no name), the handle as an identity, the
/// tag `lead`. The caller links the post to it ([`lead`]).
pub fn lead_customer(mention: &Mention, id: Id) -> Customer {
    let cleaned: String = mention
        .author
        .chars()
        .map(|c| {
            if c.is_alphabetic() || c == '\'' || c == '-' || c == '.' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let (first, last) = match words.as_slice() {
        [] => (
            mention
                .handle
                .as_ref()
                .map(|h| h.name().to_string())
                .unwrap_or_default(),
            String::new(),
        ),
        [one] => (one.to_string(), String::new()),
        [rest @ .., last] => (rest.join(" "), last.to_string()),
    };
    let mut c = Customer::new(id, &first, &last);
    c.tags.push(LEAD_TAG.to_string());
    add_identity(
        &mut c,
        mention,
        identity_source(mention, LinkedBy::Lead, &[]),
    );
    c
}

/// The tag of customers made from a prospect's post.
pub const LEAD_TAG: &str = "lead";

/// A lead from a prospect's post, linked to it: one batch.
pub fn lead(mention: &Mention, id: Id) -> (Customer, Batch) {
    let customer = lead_customer(mention, id);
    let mut batch = Batch::new();
    batch.put(Record::Customer(customer.clone()));
    let mut linked = mention.clone();
    linked.customer_id = Some(id);
    batch.update(Record::Mention(mention.clone()), Record::Mention(linked));
    (customer, batch)
}

/// How an import's posts were sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sorted {
    /// Posts linked to a customer by the match.
    pub linked: usize,
    /// Posts waiting in the review queue.
    pub possible: usize,
    pub prospects: usize,
    pub unknown: usize,
    /// Customers who gained a social identity.
    pub identities: usize,
}

impl Sorted {
    fn count(&mut self, bucket: Bucket) {
        match bucket {
            Bucket::Customer => self.linked += 1,
            Bucket::Possible => self.possible += 1,
            Bucket::Prospect => self.prospects += 1,
            Bucket::Unknown => self.unknown += 1,
        }
    }
}

/// New posts after matching: linked where the author is certainly a
/// customer, and the customers who gained an identity.
#[derive(Debug, Clone, Default)]
pub struct Linked {
    pub posts: Vec<Mention>,
    /// Each post's match, in the posts' order.
    pub matches: Vec<Match>,
    /// `(stored, with the new identities)`.
    pub customers: Vec<(Customer, Customer)>,
    pub sorted: Sorted,
}

impl Linked {
    /// Everything as one batch: the posts are new, the customers edits.
    pub fn into_batch(self) -> Batch {
        let mut batch = Batch::with_capacity(self.posts.len() + self.customers.len());
        for post in self.posts {
            batch.put(Record::Mention(post));
        }
        for (before, after) in self.customers {
            batch.update(Record::Customer(before), Record::Customer(after));
        }
        batch
    }
}

/// Matches new posts and links those whose author is certainly a customer
/// (the post names the customer; the customer gains the handle, with its
/// source). `stored` are the posts already kept: their rejections hold.
pub fn link_new(posts: Vec<Mention>, customers: &[Customer], stored: &[Mention]) -> Linked {
    let index = Index::new(customers);
    let mut rejected = rejections(stored);
    rejected.extend(rejections(&posts));
    let by_id: HashMap<Id, &Customer> = customers.iter().map(|c| (c.id, c)).collect();
    let mut changed: BTreeMap<Id, Customer> = BTreeMap::new();
    let mut out = Linked {
        posts: Vec::with_capacity(posts.len()),
        matches: Vec::with_capacity(posts.len()),
        ..Linked::default()
    };
    for mut post in posts {
        let m = index.match_author(&author_of(&post), &rejected);
        out.sorted.count(m.bucket);
        if let Some(id) = m.customer
            && post.customer_id.is_none()
            && let Some(&c) = by_id.get(&id)
        {
            post.customer_id = Some(id);
            let customer = changed.entry(id).or_insert_with(|| c.clone());
            let source = identity_source(&post, LinkedBy::Match, &m.reasons);
            add_identity(customer, &post, source);
        }
        out.posts.push(post);
        out.matches.push(m);
    }
    for (id, customer) in changed {
        let before = by_id[&id];
        if customer.identities.len() != before.identities.len() {
            out.sorted.identities += 1;
            out.customers.push((before.clone(), customer));
        }
    }
    out
}

/// The review queue and the prospects: every live post not linked to a
/// customer, matched again against today's customers (new customers and
/// rejections count), with its match. Posts whose match is `unknown` are
/// left out.
pub fn queue<'a>(mentions: &'a [Mention], customers: &[Customer]) -> Vec<(&'a Mention, Match)> {
    let index = Index::new(customers);
    let rejected = rejections(mentions);
    mentions
        .iter()
        .filter(|m| !m.deleted && m.customer_id.is_none())
        .filter_map(|m| {
            let found = index.match_author(&author_of(m), &rejected);
            (found.bucket != Bucket::Unknown).then_some((m, found))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, Handle, Platform};
    use crate::sync::Shape;

    fn post(n: u8, handle: Option<&str>, author: &str, text: &str) -> Mention {
        let mut m: Mention =
            serde_json::from_value(Shape::of(Entity::Mention).blank(Id::v7(2, [n; 10]))).unwrap();
        m.platform = Platform::Instagram;
        m.post_id = format!("C{n}abc");
        m.handle = handle.map(|h| Handle::parse(Platform::Instagram, h).unwrap());
        m.author = author.into();
        m.text = text.into();
        m.reach = 1_200;
        m
    }

    fn customer(n: u8, first: &str, last: &str, handle: Option<&str>) -> Customer {
        let mut c = Customer::new(Id::v7(1, [n; 10]), first, last);
        if let Some(h) = handle {
            c.identities.push(SocialIdentity {
                handle: Handle::parse(Platform::Instagram, h).unwrap(),
                followers: 10,
                source: None,
            });
        }
        c
    }

    fn records(batch: Batch) -> Vec<Record> {
        let mut clock = crate::model::Clock::new(1);
        let mut seq = crate::model::Sequence::new(Id::v7(9, [9; 10]));
        batch
            .seal(&mut clock, 1_000, &mut seq)
            .into_iter()
            .map(|s| s.record)
            .collect()
    }

    #[test]
    fn an_import_links_certain_authors_and_adds_the_handle_with_its_source() {
        let known = customer(1, "Şükrü", "Çağlar", Some("sukrucaglar"));
        let rare = customer(2, "Gülizar", "Tekinalp", None);
        let common = customer(3, "Mehmet", "Yılmaz", None);
        let posts = vec![
            post(1, Some("@SukruCaglar"), "Şükrü", "Kargom gelmedi"),
            post(
                2,
                Some("gulizartekinalp"),
                "Gülizar Tekinalp",
                "Çok memnunum",
            ),
            post(3, Some("mehmet_y"), "Mehmet Yılmaz", "Faturam yanlış"),
            post(
                4,
                Some("ahmetk"),
                "Ahmet K",
                "iPhone 16 fiyatı ne kadar, taksit var mı?",
            ),
            post(5, Some("rastgele"), "Rastgele Biri", "Bugün hava güzel"),
        ];
        let customers = [known.clone(), rare.clone(), common];
        let linked = link_new(posts, &customers, &[]);
        let buckets: Vec<Bucket> = linked.matches.iter().map(|m| m.bucket).collect();
        let sorted = linked.sorted.clone();
        let batch = linked.into_batch();
        assert_eq!(
            buckets[0],
            Bucket::Customer,
            "same handle in another spelling"
        );
        assert_eq!(
            buckets[2],
            Bucket::Possible,
            "a common name alone never links"
        );
        assert_eq!(buckets[3], Bucket::Prospect);
        assert_eq!(buckets[4], Bucket::Unknown);
        assert_eq!(
            sorted.linked,
            buckets.iter().filter(|b| **b == Bucket::Customer).count()
        );
        let out = records(batch);
        let linked: Vec<(String, Option<Id>)> = out
            .iter()
            .filter_map(|r| match r {
                Record::Mention(m) => Some((m.post_id.clone(), m.customer_id)),
                _ => None,
            })
            .collect();
        assert_eq!(linked[0], ("C1abc".to_string(), Some(known.id)));
        assert_eq!(linked[2].1, None);
        // Şükrü had the handle already: unchanged. Gülizar, if linked,
        // gains it with its source.
        assert!(
            !out.iter()
                .any(|r| matches!(r, Record::Customer(c) if c.id == known.id))
        );
        if buckets[1] == Bucket::Customer {
            let Some(Record::Customer(g)) = out
                .iter()
                .find(|r| matches!(r, Record::Customer(c) if c.id == rare.id))
            else {
                panic!("Gülizar gains the handle")
            };
            let source = g.identities[0].source.as_deref().unwrap();
            assert!(source.starts_with("instagram:C2abc · match"), "{source}");
        }
    }

    #[test]
    fn a_rejected_pair_is_never_suggested_again_for_any_post_of_the_author() {
        let c = customer(3, "Mehmet", "Yılmaz", None);
        let first = post(3, Some("mehmet_y"), "Mehmet Yılmaz", "Faturam yanlış");
        let q = queue(std::slice::from_ref(&first), std::slice::from_ref(&c));
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].1.candidates[0].customer, c.id);
        let Record::Mention(rejected) = records(reject(&first, c.id)).remove(0) else {
            panic!("the post")
        };
        assert_eq!(rejected.rejected, vec![c.id]);
        let second = post(4, Some("mehmet_y"), "Mehmet Yılmaz", "Hâlâ düzelmedi");
        let both = [rejected, second];
        let q = queue(&both, std::slice::from_ref(&c));
        assert!(
            q.iter()
                .all(|(_, m)| m.candidates.iter().all(|x| x.customer != c.id)),
            "{q:?}"
        );
    }

    #[test]
    fn confirming_links_the_post_and_adds_the_identity_once() {
        let c = customer(3, "Mehmet", "Yılmaz", None);
        let p = post(3, Some("mehmet_y"), "Mehmet Yılmaz", "Faturam yanlış");
        let out = records(confirm(&p, &c));
        let Record::Mention(m) = &out[0] else {
            panic!("post")
        };
        assert_eq!(m.customer_id, Some(c.id));
        let Record::Customer(with) = &out[1] else {
            panic!("customer")
        };
        assert_eq!(with.identities.len(), 1);
        assert_eq!(
            with.identities[0].source.as_deref(),
            Some("instagram:C3abc · confirmed")
        );
        // Confirmed again (another post, same handle): nothing to add.
        let out = records(confirm(&post(4, Some("MEHMET_Y"), "M", "x"), with));
        assert_eq!(out.len(), 1);
    }

    #[test]
    fn a_lead_takes_the_name_without_decorations_and_the_handle() {
        let p = post(4, Some("ahmetk"), "Ahmet Can Kara 🌸", "fiyatı ne kadar?");
        let (c, batch) = lead(&p, Id::v7(5, [5; 10]));
        assert_eq!(
            (c.first_name.as_str(), c.last_name.as_str()),
            ("Ahmet Can", "Kara")
        );
        assert_eq!(c.tags, vec![LEAD_TAG.to_string()]);
        assert_eq!(c.identities[0].handle.name(), "ahmetk");
        let out = records(batch);
        assert!(matches!(&out[1], Record::Mention(m) if m.customer_id == Some(c.id)));
        let nameless = post(6, Some("kimse"), "✨✨", "taksit var mı");
        assert_eq!(
            lead_customer(&nameless, Id::v7(6, [6; 10])).first_name,
            "kimse"
        );
    }
}
