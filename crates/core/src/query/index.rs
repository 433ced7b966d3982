//! [`SearchIndex`]: the compact in-memory index the customer list queries on
//! every keystroke.
//!
//! The design follows from the budget (100 000 customers, a query well under
//! a frame in wasm):
//!
//! - Every live customer has a slot. Per slot the index keeps the few fields
//!   the filters read (`Row`, a handful of bytes, scanned in slot order), the
//!   sort keys, and its folded search text.
//! - All search texts live in one string (`TextArena`), in slot order, and
//!   each has a 256-bit signature of its byte pairs (`Signature`): a search
//!   word rules out most customers with a few AND operations and is looked
//!   for only in the texts that remain.
//! - Every sort order is kept as an array of slots, sorted at all times
//!   (`ORDERS`): a query marks the matching slots in a bitset and walks the
//!   order, so it never sorts. An upsert or removal moves one slot within
//!   each order; a large batch re-sorts them once. A fresh index sorts its
//!   orders in bounded steps ([`Finishing`]), a merge sort that can pause
//!   between any two steps.

use std::cmp::{Ordering, Reverse};
use std::collections::HashMap;

use super::steps::StepSort;
use super::terms::{self, Needle};
use super::{CustomerQuery, Facets, SortBy};
use crate::model::{Customer, Id, Tier};
use crate::text;

/// "No value" in u32 columns (no city).
const NONE: u32 = u32::MAX;

/// From this many customers on, [`SearchIndex::upsert_many`] re-sorts every
/// order once instead of moving each customer (the break-even is around a
/// thousand at any size: both costs grow with the index).
const BULK: usize = 500;

/// The fields the filters read, kept small so a scan stays in cache.
#[derive(Debug, Clone, Default)]
struct Row {
    live: bool,
    social: bool,
    tier: Tier,
    /// Interned folded city and its spelling, or [`NONE`].
    city: u32,
    city_spelling: u32,
    /// Interned folded tags, sorted, each once.
    tags: Box<[u32]>,
    /// The spelling of each of `tags`, for the menus' counts.
    tag_spellings: Box<[u32]>,
}

/// What the sort orders compare.
#[derive(Debug, Clone, Default)]
struct SortKeys {
    /// [`Customer::sort_key`]: Turkish order of last then first name.
    name: Box<str>,
    /// [`text::sort_key`] of the city's display spelling, and its number:
    /// spellings that fold alike (`İstanbul`, `Istanbul`) sort as one city
    /// even where their sort keys differ (`I` is `ı` in Turkish).
    city: Option<(Box<str>, u32)>,
    tier: Tier,
    created: i64,
    updated: i64,
    /// The largest follower count over the customer's social identities.
    followers: Option<u64>,
}

/// How one order array is sorted.
#[derive(Debug, Clone, Copy)]
struct OrderSpec {
    by: SortBy,
    /// The primary key descends (ties still by name then id, ascending).
    descending: bool,
}

/// The kept orders. Name, created and updated are unique or nearly so, and
/// their descending order is the ascending one walked backwards; city, tier
/// and followers group many customers, and keep a descending array of
/// their own so each group stays in name order and customers without a
/// value stay last either way.
const ORDERS: [OrderSpec; 9] = [
    OrderSpec {
        by: SortBy::Name,
        descending: false,
    },
    OrderSpec {
        by: SortBy::City,
        descending: false,
    },
    OrderSpec {
        by: SortBy::City,
        descending: true,
    },
    OrderSpec {
        by: SortBy::Tier,
        descending: false,
    },
    OrderSpec {
        by: SortBy::Tier,
        descending: true,
    },
    OrderSpec {
        by: SortBy::Created,
        descending: false,
    },
    OrderSpec {
        by: SortBy::Updated,
        descending: false,
    },
    OrderSpec {
        by: SortBy::Followers,
        descending: false,
    },
    OrderSpec {
        by: SortBy::Followers,
        descending: true,
    },
];

/// The order array that answers a sort, and whether to walk it backwards.
fn order_for(by: SortBy, descending: bool) -> (usize, bool) {
    match by {
        SortBy::Name => (0, descending),
        SortBy::City => (if descending { 2 } else { 1 }, false),
        SortBy::Tier => (if descending { 4 } else { 3 }, false),
        SortBy::Created => (5, descending),
        SortBy::Updated => (6, descending),
        SortBy::Followers => (if descending { 8 } else { 7 }, false),
    }
}

/// `a` against `b`, a missing value after every present one in either
/// direction.
fn present_first<T: Ord>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) if descending => b.cmp(&a),
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The total order of `spec` over slots: primary key, then name (for the
/// grouping keys), then id.
fn compare(spec: OrderSpec, keys: &[SortKeys], ids: &[Id], a: u32, b: u32) -> Ordering {
    let (ka, kb) = (&keys[a as usize], &keys[b as usize]);
    let directed = |o: Ordering| if spec.descending { o.reverse() } else { o };
    let primary = match spec.by {
        SortBy::Name => ka.name.cmp(&kb.name),
        SortBy::City => present_first(ka.city.as_ref(), kb.city.as_ref(), spec.descending),
        SortBy::Tier => directed(ka.tier.cmp(&kb.tier)),
        SortBy::Created => directed(ka.created.cmp(&kb.created)),
        SortBy::Updated => directed(ka.updated.cmp(&kb.updated)),
        SortBy::Followers => present_first(ka.followers, kb.followers, spec.descending),
    };
    primary
        .then_with(|| match spec.by {
            SortBy::City | SortBy::Tier | SortBy::Followers => ka.name.cmp(&kb.name),
            SortBy::Name | SortBy::Created | SortBy::Updated => Ordering::Equal,
        })
        .then_with(|| ids[a as usize].cmp(&ids[b as usize]))
}

/// Folded values (cities, tags) numbered, and each spelling of a value
/// numbered too, so the menus can show the spelling most customers use.
#[derive(Debug, Clone, Default)]
struct Interner {
    /// Folded value → value number.
    values: HashMap<String, u32>,
    /// Per value, the first spelling seen: where the value's group sorts.
    /// It never changes, so sort keys built from it stay valid.
    first_spelling: Vec<String>,
    /// Trimmed spelling → spelling number.
    spellings: HashMap<String, u32>,
    /// Per spelling: its text and its value.
    spelling_text: Vec<String>,
    spelling_value: Vec<u32>,
}

impl Interner {
    /// The (value, spelling) numbers of a text, added if new; `None` for a
    /// blank text.
    fn intern(&mut self, text: &str) -> Option<(u32, u32)> {
        let spelling = text.trim();
        if let Some(&s) = self.spellings.get(spelling) {
            return Some((self.spelling_value[s as usize], s));
        }
        let folded = text::fold(spelling);
        if folded.is_empty() {
            return None;
        }
        let value = match self.values.get(&folded) {
            Some(&value) => value,
            None => {
                let value = self.first_spelling.len() as u32;
                self.values.insert(folded, value);
                self.first_spelling.push(spelling.to_string());
                value
            }
        };
        let s = self.spelling_text.len() as u32;
        self.spellings.insert(spelling.to_string(), s);
        self.spelling_text.push(spelling.to_string());
        self.spelling_value.push(value);
        Some((value, s))
    }

    fn find(&self, text: &str) -> Option<u32> {
        self.values.get(&text::fold(text)).copied()
    }

    /// (spelling, customers) per value in use, from customer counts per
    /// spelling. A value shows its most used spelling; on a tie, the one
    /// that looks most carefully written (mixed case, then more non-ASCII
    /// letters: `İstanbul` over `ISTANBUL` and `Istanbul`), then the first
    /// in Turkish alphabetical order. The list is in Turkish alphabetical
    /// order of what it shows.
    fn facet(&self, per_spelling: &[usize]) -> Vec<(String, usize)> {
        let mut totals = vec![0usize; self.first_spelling.len()];
        let mut shown: Vec<Option<(usize, u32)>> = vec![None; self.first_spelling.len()];
        let rank = |s: u32| {
            let text = &self.spelling_text[s as usize];
            let mixed_case =
                text.chars().any(char::is_uppercase) && text.chars().any(char::is_lowercase);
            let non_ascii = text.chars().filter(|c| !c.is_ascii()).count();
            (
                Reverse(mixed_case),
                Reverse(non_ascii),
                text::sort_key(text),
                text,
            )
        };
        for (s, &count) in per_spelling.iter().enumerate().filter(|(_, c)| **c > 0) {
            let s = s as u32;
            let value = self.spelling_value[s as usize] as usize;
            totals[value] += count;
            let better = match shown[value] {
                None => true,
                Some((best, b)) => count > best || (count == best && rank(s) < rank(b)),
            };
            if better {
                shown[value] = Some((count, s));
            }
        }
        let mut out: Vec<(String, String, usize)> = shown
            .iter()
            .zip(&totals)
            .filter_map(|(shown, &total)| {
                let text = self.spelling_text[shown.as_ref()?.1 as usize].clone();
                Some((text::sort_key(&text), text, total))
            })
            .collect();
        out.sort();
        out.into_iter()
            .map(|(_, text, total)| (text, total))
            .collect()
    }
}

/// The search texts of all slots in one string, so checking them in slot
/// order reads memory front to back instead of chasing 100 000 pointers.
///
/// A replaced or removed slot's text stays in the arena as dead text until
/// dead text is half the arena; then the arena is rebuilt.
#[derive(Debug, Clone, Default)]
struct TextArena {
    text: String,
    /// Per slot: (start, length) of its text.
    spans: Vec<(u32, u32)>,
    dead_bytes: usize,
}

impl TextArena {
    fn add(&mut self, slot: u32, haystack: &str) {
        let s = slot as usize;
        if self.spans.len() <= s {
            self.spans.resize(s + 1, (0, 0));
        }
        self.spans[s] = (self.text.len() as u32, haystack.len() as u32);
        self.text.push_str(haystack);
    }

    fn remove(&mut self, slot: u32) {
        let Some(span) = self.spans.get_mut(slot as usize) else {
            return;
        };
        self.dead_bytes += span.1 as usize;
        *span = (0, 0);
        if self.dead_bytes > 1 << 16 && self.dead_bytes * 2 > self.text.len() {
            self.compact();
        }
    }

    fn text_of(&self, slot: u32) -> &str {
        match self.spans.get(slot as usize) {
            Some(&(start, len)) => &self.text[start as usize..(start + len) as usize],
            None => "",
        }
    }

    fn compact(&mut self) {
        let mut text = String::with_capacity(self.text.len() - self.dead_bytes);
        for span in &mut self.spans {
            let (start, len) = (span.0 as usize, span.1 as usize);
            let new_start = text.len() as u32;
            text.push_str(&self.text[start..start + len]);
            span.0 = new_start;
        }
        self.text = text;
        self.dead_bytes = 0;
    }
}

/// A summary of which bytes and byte pairs occur in a text: the ASCII
/// bytes exactly (one bit each), the pairs hashed into 256 bits. If a needle
/// occurs in a text, every bit of the needle's signature is set in the
/// text's, so most customers are ruled out with a few AND operations before
/// any substring search, and a one-letter needle needs no search at all.
/// Pairs with a control byte (the part separators) are left out: needles
/// never contain them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Signature {
    ascii: u128,
    pairs: [u64; 4],
}

impl Signature {
    fn of(text: &str) -> Signature {
        let mut signature = Signature::default();
        let bytes = text.as_bytes();
        for &byte in bytes {
            if byte < 0x80 {
                signature.ascii |= 1 << byte;
            }
        }
        for pair in bytes.windows(2) {
            if pair[0] < 0x20 || pair[1] < 0x20 {
                continue;
            }
            let pair = u32::from(pair[0]) << 8 | u32::from(pair[1]);
            // Fibonacci hashing: the top 8 bits of the product pick the bit.
            let bit = pair.wrapping_mul(0x9E37_79B1) >> 24;
            signature.pairs[(bit / 64) as usize] |= 1 << (bit % 64);
        }
        signature
    }

    /// Whether every bit of `needle` is set here.
    fn covers(&self, needle: &Signature) -> bool {
        // Branch-free: the outcome is unpredictable row to row, so one
        // combined test is faster than five early exits.
        let missing_ascii = needle.ascii & !self.ascii;
        let missing_pairs = (needle.pairs[0] & !self.pairs[0])
            | (needle.pairs[1] & !self.pairs[1])
            | (needle.pairs[2] & !self.pairs[2])
            | (needle.pairs[3] & !self.pairs[3]);
        missing_ascii == 0 && missing_pairs == 0
    }

    /// The bits set in both.
    fn common(&self, other: &Signature) -> Signature {
        Signature {
            ascii: self.ascii & other.ascii,
            pairs: std::array::from_fn(|i| self.pairs[i] & other.pairs[i]),
        }
    }

    /// The bits set in either.
    fn either(&self, other: &Signature) -> Signature {
        Signature {
            ascii: self.ascii | other.ascii,
            pairs: std::array::from_fn(|i| self.pairs[i] | other.pairs[i]),
        }
    }
}

/// Whether `needle` occurs in `haystack`. Written out because search texts
/// are short (about 100 bytes) and needles shorter: finding the first byte
/// and comparing the rest beats a general algorithm's setup, and wasm has no
/// SIMD path in `str::contains` anyway.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    let Some(last_start) = haystack.len().checked_sub(needle.len()) else {
        return false;
    };
    let mut i = 0;
    while let Some(found) = haystack[i..=last_start].iter().position(|&b| b == first) {
        i += found;
        if &haystack[i + 1..i + needle.len()] == rest {
            return true;
        }
        i += 1;
        if i > last_start {
            break;
        }
    }
    false
}

/// A needle alternative ready to test: its bytes and signature.
struct Probe<'a> {
    bytes: &'a [u8],
    signature: Signature,
}

impl Probe<'_> {
    fn is_in(&self, haystack: &str, signature: &Signature) -> bool {
        match self.bytes {
            // One ASCII byte: the signature's ASCII bits are exact.
            [byte] if *byte < 0x80 => signature.covers(&self.signature),
            _ => signature.covers(&self.signature) && contains(haystack.as_bytes(), self.bytes),
        }
    }
}

/// The needles of a query ready to test, and the signature bits any
/// matching text has (each needle's bits common to its alternatives).
struct Probes<'a> {
    needles: Vec<Vec<Probe<'a>>>,
    required: Signature,
}

impl<'a> Probes<'a> {
    fn new(needles: &'a [Needle]) -> Probes<'a> {
        let needles: Vec<Vec<Probe<'a>>> = needles
            .iter()
            .map(|needle| {
                needle
                    .alternatives()
                    .map(|text| Probe {
                        bytes: text.as_bytes(),
                        signature: Signature::of(text),
                    })
                    .collect()
            })
            .collect();
        let required = needles
            .iter()
            .filter_map(|alternatives| {
                alternatives
                    .iter()
                    .map(|p| p.signature)
                    .reduce(|a, b| a.common(&b))
            })
            .fold(Signature::default(), |a, b| a.either(&b));
        Probes { needles, required }
    }

    fn all_in(&self, haystack: &str, signature: &Signature) -> bool {
        signature.covers(&self.required)
            && self
                .needles
                .iter()
                .all(|alternatives| alternatives.iter().any(|p| p.is_in(haystack, signature)))
    }
}

/// One bit per slot.
#[derive(Debug, Clone)]
struct Bitset(Vec<u64>);

impl Bitset {
    fn new(len: usize) -> Bitset {
        Bitset(vec![0; len.div_ceil(64)])
    }

    fn set(&mut self, i: u32) {
        self.0[(i / 64) as usize] |= 1 << (i % 64);
    }

    fn has(&self, i: u32) -> bool {
        self.0[(i / 64) as usize] & (1 << (i % 64)) != 0
    }

    fn count(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }
}

/// What a query selects ([`SearchIndex::select`]).
struct Selection<'a> {
    /// The matching slots; `None`: every slot of `order`.
    selected: Option<Bitset>,
    /// The slots in the query's sort order (ascending).
    order: &'a [u32],
    /// Walk `order` from the end.
    backwards: bool,
}

/// One page of a query's result ([`SearchIndex::run_page`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultPage {
    /// How many customers match the query in all.
    pub total: usize,
    /// The page given (1-based): the one asked for, or the last one when
    /// it asked past the end.
    pub page: usize,
    /// The ids on that page, in the query's order.
    pub ids: Vec<Id>,
}

impl ResultPage {
    /// How many pages of `page_size` the whole result fills (at least 1).
    pub fn pages(&self, page_size: usize) -> usize {
        self.total.div_ceil(page_size.max(1)).max(1)
    }
}

/// The filters of a query, resolved to interned numbers.
struct RowFilter {
    tier: Option<Tier>,
    city: Option<u32>,
    tag: Option<u32>,
    social: Option<bool>,
}

impl RowFilter {
    fn is_empty(&self) -> bool {
        self.tier.is_none() && self.city.is_none() && self.tag.is_none() && self.social.is_none()
    }

    fn accepts(&self, row: &Row) -> bool {
        row.live
            && self.tier.is_none_or(|t| row.tier == t)
            && self.city.is_none_or(|c| row.city == c)
            && self.social.is_none_or(|s| row.social == s)
            && self.tag.is_none_or(|t| row.tags.contains(&t))
    }
}

/// The customer list's index: every live customer, ready to search, filter
/// and sort.
///
/// Invariants: tombstoned customers are never in the index; every order
/// holds exactly the live slots, sorted; a query's result is in a total
/// order (ties broken by id), so the same data and query always give the
/// same list.
#[derive(Debug, Clone)]
pub struct SearchIndex {
    ids: Vec<Id>,
    rows: Vec<Row>,
    keys: Vec<SortKeys>,
    slot_of: HashMap<Id, u32>,
    free: Vec<u32>,
    text: TextArena,
    /// Per slot: the signature of its search text.
    signatures: Vec<Signature>,
    orders: [Vec<u32>; ORDERS.len()],
    cities: Interner,
    tags: Interner,
}

impl Default for SearchIndex {
    fn default() -> SearchIndex {
        SearchIndex::build(&[])
    }
}

impl SearchIndex {
    /// Indexes the live customers (tombstones are skipped). When an id
    /// appears twice, the later customer wins.
    pub fn build(customers: &[Customer]) -> SearchIndex {
        let mut builder = IndexBuilder::with_capacity(customers.len());
        builder.add(customers);
        builder.finish()
    }

    /// Sorts every order from scratch, all at once (see [`Sorter`]).
    fn sort_all(&mut self) {
        let mut sorter = Sorter::new(RUN);
        while sorter.step(self) {}
    }

    /// Every order array (slots), for tests.
    #[cfg(test)]
    pub(super) fn orders(&self) -> &[Vec<u32>] {
        &self.orders
    }

    /// Every order array as a plain sort of the live slots by [`compare`]
    /// gives it: what the orders must be.
    #[cfg(test)]
    pub(super) fn reference_orders(&self) -> Vec<Vec<u32>> {
        ORDERS
            .iter()
            .map(|&spec| {
                let mut live: Vec<u32> = (0..self.rows.len() as u32)
                    .filter(|&s| self.rows[s as usize].live)
                    .collect();
                live.sort_by(|&a, &b| compare(spec, &self.keys, &self.ids, a, b));
                live
            })
            .collect()
    }

    /// How many customers the index holds.
    pub fn len(&self) -> usize {
        self.slot_of.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slot_of.is_empty()
    }

    /// Whether a customer is in the index.
    pub fn contains(&self, id: Id) -> bool {
        self.slot_of.contains_key(&id)
    }

    /// The spelling whose place a city's customers take in the city sort.
    #[cfg(test)]
    pub(super) fn city_sort_spelling(&self, city: &str) -> Option<&str> {
        let value = self.cities.find(city)?;
        Some(&self.cities.first_spelling[value as usize])
    }

    /// Adds or replaces a customer after an edit; a tombstone removes it.
    pub fn upsert(&mut self, customer: &Customer) {
        if customer.deleted {
            self.remove(customer.id);
            return;
        }
        let slot = match self.slot_of.get(&customer.id) {
            Some(&slot) => {
                self.unlink(slot);
                slot
            }
            None => self.allocate(customer.id),
        };
        self.fill(slot, customer);
        self.link(slot);
    }

    /// Adds or replaces many customers at once (an import, a sync pull);
    /// tombstones remove. Equivalent to [`SearchIndex::upsert`] on each in
    /// turn, but a large batch re-sorts the orders once instead of moving
    /// every customer within them (about 0.4 ms each at 100 000 customers).
    pub fn upsert_many<'a>(&mut self, customers: impl IntoIterator<Item = &'a Customer>) {
        let customers: Vec<&Customer> = customers.into_iter().collect();
        if customers.len() < BULK {
            customers.into_iter().for_each(|c| self.upsert(c));
        } else {
            self.upsert_in_bulk(customers);
        }
    }

    /// The large-batch path of [`SearchIndex::upsert_many`]: write every
    /// slot, then sort every order once.
    pub(super) fn upsert_in_bulk(&mut self, customers: Vec<&Customer>) {
        for customer in customers {
            let existing = self.slot_of.get(&customer.id).copied();
            if let Some(slot) = existing {
                self.text.remove(slot);
            }
            match (existing, customer.deleted) {
                (Some(slot), true) => {
                    self.slot_of.remove(&customer.id);
                    self.clear_slot(slot);
                }
                (None, true) => {}
                (Some(slot), false) => self.fill(slot, customer),
                (None, false) => {
                    let slot = self.allocate(customer.id);
                    self.fill(slot, customer);
                }
            }
        }
        self.sort_all();
    }

    /// Removes a customer; returns whether it was there.
    pub fn remove(&mut self, id: Id) -> bool {
        let Some(slot) = self.slot_of.remove(&id) else {
            return false;
        };
        self.unlink(slot);
        self.clear_slot(slot);
        true
    }

    /// Empties a slot that is out of the orders and frees it for reuse.
    fn clear_slot(&mut self, slot: u32) {
        self.text.remove(slot);
        self.rows[slot as usize] = Row::default();
        self.keys[slot as usize] = SortKeys::default();
        self.signatures[slot as usize] = Signature::default();
        self.free.push(slot);
    }

    /// The ids of the customers matching `query`, in its sort order.
    pub fn run(&self, query: &CustomerQuery) -> Vec<Id> {
        let mut out = Vec::new();
        self.run_into(query, &mut out);
        out
    }

    /// [`SearchIndex::run`] into a reused vector (cleared first), so a list
    /// that queries on every keystroke does not allocate each time.
    pub fn run_into(&self, query: &CustomerQuery, out: &mut Vec<Id>) {
        out.clear();
        let Some(selection) = self.select(query) else {
            return;
        };
        let Selection {
            selected,
            order,
            backwards,
        } = selection;
        if selected.is_none() {
            out.reserve(order.len());
        }
        let ids = &self.ids;
        let mut push = |slot: &u32| {
            if selected.as_ref().is_none_or(|s| s.has(*slot)) {
                out.push(ids[*slot as usize]);
            }
        };
        if backwards {
            order.iter().rev().for_each(&mut push);
        } else {
            order.iter().for_each(&mut push);
        }
    }

    /// One page (1-based, `page_size` ids) of [`SearchIndex::run`]'s result
    /// and how many customers match in all, without building the whole
    /// list: a keystroke at 100,000 customers writes 50 ids, not 100,000.
    /// A page past the end gives the last page.
    pub fn run_page(&self, query: &CustomerQuery, page: usize, page_size: usize) -> ResultPage {
        let page_size = page_size.max(1);
        let Some(selection) = self.select(query) else {
            return ResultPage {
                total: 0,
                page: 1,
                ids: Vec::new(),
            };
        };
        let marks = selection.selected.as_ref();
        let total = marks.map_or(selection.order.len(), Bitset::count);
        let page = page.clamp(1, total.div_ceil(page_size).max(1));
        let skip = (page - 1) * page_size;
        let take = |slots: &mut dyn Iterator<Item = &u32>| -> Vec<Id> {
            slots
                .filter(|slot| marks.is_none_or(|m| m.has(**slot)))
                .skip(skip)
                .take(page_size)
                .map(|slot| self.ids[*slot as usize])
                .collect()
        };
        let ids = if selection.backwards {
            take(&mut selection.order.iter().rev())
        } else {
            take(&mut selection.order.iter())
        };
        ResultPage { total, page, ids }
    }

    /// The slots `query` selects (`None` inside: every slot in the order)
    /// and the order to walk; `None` when nothing can match.
    fn select(&self, query: &CustomerQuery) -> Option<Selection<'_>> {
        let filter = self.resolve(query)?;
        let needles = terms::needles(&query.text);
        let selected = if needles.is_empty() {
            (!filter.is_empty()).then(|| self.filter_rows(&filter))
        } else {
            Some(self.search(&needles, &filter))
        };
        let (order, backwards) = order_for(query.sort, query.descending);
        Some(Selection {
            selected,
            order: &self.orders[order],
            backwards,
        })
    }

    /// The query's filters as interned numbers; `None` when a filter names
    /// a city or tag no customer has, so nothing can match.
    fn resolve(&self, query: &CustomerQuery) -> Option<RowFilter> {
        let lookup = |interner: &Interner, value: &Option<String>| match value {
            Some(v) if !text::fold(v).is_empty() => interner.find(v).map(Some),
            _ => Some(None),
        };
        Some(RowFilter {
            tier: query.tier,
            city: lookup(&self.cities, &query.city)?,
            tag: lookup(&self.tags, &query.tag)?,
            social: query.social,
        })
    }

    /// The slots passing the filters (no search text).
    fn filter_rows(&self, filter: &RowFilter) -> Bitset {
        let mut marks = Bitset::new(self.rows.len());
        for (slot, row) in self.rows.iter().enumerate() {
            if filter.accepts(row) {
                marks.set(slot as u32);
            }
        }
        marks
    }

    /// The slots whose search text contains every needle and that pass the
    /// filters: one pass in slot order, each check cheaper than the next
    /// (filters, signatures, substring search).
    fn search(&self, needles: &[Needle], filter: &RowFilter) -> Bitset {
        let probes = Probes::new(needles);
        let mut marks = Bitset::new(self.rows.len());
        let check_rows = !filter.is_empty();
        for (slot, signature) in self.signatures.iter().enumerate() {
            // A free slot has an empty signature and text, so it fails
            // every needle.
            if !signature.covers(&probes.required)
                || (check_rows && !filter.accepts(&self.rows[slot]))
            {
                continue;
            }
            let slot = slot as u32;
            if probes.all_in(self.text.text_of(slot), signature) {
                marks.set(slot);
            }
        }
        marks
    }

    /// Counts for the filter menus, over every customer in the index.
    pub fn facets(&self) -> Facets {
        let mut cities = vec![0; self.cities.spelling_text.len()];
        let mut tags = vec![0; self.tags.spelling_text.len()];
        let mut tiers = Tier::ALL.map(|t| (t, 0));
        for row in self.rows.iter().filter(|r| r.live) {
            if row.city_spelling != NONE {
                cities[row.city_spelling as usize] += 1;
            }
            for &tag in &row.tag_spellings {
                tags[tag as usize] += 1;
            }
            tiers[row.tier as usize].1 += 1;
        }
        Facets {
            cities: self.cities.facet(&cities),
            tags: self.tags.facet(&tags),
            tiers,
        }
    }

    fn allocate(&mut self, id: Id) -> u32 {
        let slot = match self.free.pop() {
            Some(slot) => {
                self.ids[slot as usize] = id;
                slot
            }
            None => {
                self.ids.push(id);
                self.rows.push(Row::default());
                self.keys.push(SortKeys::default());
                self.signatures.push(Signature::default());
                (self.ids.len() - 1) as u32
            }
        };
        self.slot_of.insert(id, slot);
        slot
    }

    /// Writes a customer's row, keys and search text into its slot (not the
    /// orders).
    fn fill(&mut self, slot: u32, c: &Customer) {
        let s = slot as usize;
        let mut tags: Vec<(u32, u32)> = c.tags.iter().filter_map(|t| self.tags.intern(t)).collect();
        // One spelling per tag: the first the customer has.
        tags.sort_by_key(|&(value, _)| value);
        tags.dedup_by_key(|&mut (value, _)| value);
        let city = c.city.as_deref().and_then(|city| self.cities.intern(city));
        self.rows[s] = Row {
            live: true,
            social: !c.identities.is_empty(),
            tier: c.tier,
            city: city.map_or(NONE, |(value, _)| value),
            city_spelling: city.map_or(NONE, |(_, spelling)| spelling),
            tags: tags.iter().map(|&(value, _)| value).collect(),
            tag_spellings: tags.iter().map(|&(_, spelling)| spelling).collect(),
        };
        self.keys[s] = SortKeys {
            name: c.sort_key().into_boxed_str(),
            city: city.map(|(value, _)| {
                let spelling = &self.cities.first_spelling[value as usize];
                (text::sort_key(spelling).into_boxed_str(), value)
            }),
            tier: c.tier,
            created: c.created_at,
            updated: c.updated_at,
            followers: c.identities.iter().map(|i| i.followers).max(),
        };
        let haystack = c.search_text();
        self.signatures[s] = Signature::of(&haystack);
        self.text.add(slot, &haystack);
    }

    /// Puts a filled slot into every order.
    fn link(&mut self, slot: u32) {
        for (order, &spec) in self.orders.iter_mut().zip(ORDERS.iter()) {
            let at = order.partition_point(|&other| {
                compare(spec, &self.keys, &self.ids, other, slot) == Ordering::Less
            });
            order.insert(at, slot);
        }
    }

    /// Takes a slot out of every order and drops its search text, while its
    /// keys still say where it is.
    fn unlink(&mut self, slot: u32) {
        for (order, &spec) in self.orders.iter_mut().zip(ORDERS.iter()) {
            let at = order.partition_point(|&other| {
                compare(spec, &self.keys, &self.ids, other, slot) == Ordering::Less
            });
            if order.get(at) == Some(&slot) {
                order.remove(at);
            } else if let Some(at) = order.iter().position(|&s| s == slot) {
                // Unreachable while the orders stay sorted; kept so a bug
                // cannot leave a removed customer in the list.
                order.remove(at);
            }
        }
        self.text.remove(slot);
    }
}

/// Customers whose sort keys and rows one [`Freeing`] step frees.
const FREE_PER_STEP: usize = 8192;

/// A [`SearchIndex`] being freed in bounded steps
/// ([`SearchIndex::free_in_steps`]).
#[derive(Debug)]
pub struct Freeing {
    keys: std::vec::IntoIter<SortKeys>,
    rows: std::vec::IntoIter<Row>,
    /// The rest: a few large allocations, freed in the last step.
    rest: Option<SearchIndex>,
}

impl Freeing {
    /// Frees the next customers' keys and rows (the rest of the index in
    /// the last step); returns whether more remain.
    pub fn step(&mut self) -> bool {
        let keys = self.keys.by_ref().take(FREE_PER_STEP).count();
        let rows = self.rows.by_ref().take(FREE_PER_STEP).count();
        if keys + rows == 0 {
            self.rest = None;
        }
        self.rest.is_some()
    }
}

impl SearchIndex {
    /// Frees the index in bounded steps: at 100,000 customers its 200,000
    /// or so small allocations (sort keys, tags) take 30-40 ms to free
    /// natively, too long for one task on a browser's page thread.
    pub fn free_in_steps(mut self) -> Freeing {
        Freeing {
            keys: std::mem::take(&mut self.keys).into_iter(),
            rows: std::mem::take(&mut self.rows).into_iter(),
            rest: Some(self),
        }
    }
}

/// Builds a [`SearchIndex`] in steps: [`IndexBuilder::add`] the customers
/// page by page as they are read (folding and sort keys), then sort every
/// order once, either at once ([`IndexBuilder::finish`]) or in bounded
/// steps ([`IndexBuilder::finish_steps`]: 100,000 customers take about
/// 150 ms to sort natively, too long for one task on a browser's page
/// thread). The app adds each page between two reads and yields to the
/// browser between sort steps, so building the index for 100,000
/// customers never blocks the page for long.
#[derive(Debug)]
pub struct IndexBuilder {
    index: SearchIndex,
}

impl IndexBuilder {
    pub fn with_capacity(n: usize) -> IndexBuilder {
        IndexBuilder {
            index: SearchIndex {
                ids: Vec::with_capacity(n),
                rows: Vec::with_capacity(n),
                keys: Vec::with_capacity(n),
                slot_of: HashMap::with_capacity(n),
                free: Vec::new(),
                text: TextArena::default(),
                signatures: Vec::with_capacity(n),
                orders: Default::default(),
                cities: Interner::default(),
                tags: Interner::default(),
            },
        }
    }

    /// Adds live customers (tombstones are skipped; a repeated id replaces
    /// the earlier customer).
    pub fn add(&mut self, customers: &[Customer]) {
        let index = &mut self.index;
        for customer in customers.iter().filter(|c| !c.deleted) {
            let slot = match index.slot_of.get(&customer.id) {
                Some(&slot) => {
                    index.text.remove(slot);
                    slot
                }
                None => index.allocate(customer.id),
            };
            index.fill(slot, customer);
        }
    }

    /// How many customers were added.
    pub fn len(&self) -> usize {
        self.index.slot_of.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.slot_of.is_empty()
    }

    /// Sorts every order and returns the index, in one go (native
    /// callers, tests); the app runs [`IndexBuilder::finish_steps`].
    pub fn finish(self) -> SearchIndex {
        self.finish_steps().finish()
    }

    /// Sorts every order in bounded steps (see [`Finishing`]).
    pub fn finish_steps(self) -> Finishing {
        self.finish_steps_of(RUN)
    }

    /// [`IndexBuilder::finish_steps`] sorting `run` customers per step (and
    /// merging [`MERGE_PER_RUN`] times as many); the index is the same for
    /// any `run`.
    pub fn finish_steps_of(self, run: usize) -> Finishing {
        Finishing {
            index: self.index,
            sorter: Sorter::new(run),
        }
    }
}

/// The end of building a [`SearchIndex`]: sorting every order, in steps
/// that each take a bounded time (about a millisecond natively at 100,000
/// customers, see `examples/bench_index.rs`), so the app can let the
/// browser paint and handle input between two steps.
#[derive(Debug)]
pub struct Finishing {
    index: SearchIndex,
    sorter: Sorter,
}

impl Finishing {
    /// Does one step; returns whether more remain.
    pub fn step(&mut self) -> bool {
        self.sorter.step(&mut self.index)
    }

    /// The index, after the steps that remain (none when [`Finishing::step`]
    /// returned `false`).
    pub fn finish(mut self) -> SearchIndex {
        while self.step() {}
        self.index
    }
}

/// Customers sorted in one step of [`Sorter`].
const RUN: usize = 4096;

/// A merge step of [`Sorter`] moves this many times [`RUN`] customers: a
/// move is one comparison, sorting a run about log2(RUN) per customer.
pub const MERGE_PER_RUN: usize = 8;

/// An order's sort key with its slot, for the orders sorted by numbers:
/// created and updated as (time, id); city, tier and followers as one
/// packed number (`0`, primary key then name rank).
type Keyed = (u64, u128, u32);

/// Where [`Sorter`] is.
#[derive(Debug)]
enum Stage {
    /// Nothing done yet.
    Start,
    /// Sorting the live slots by name (comparing sort-key strings).
    Names(StepSort<u32>),
    /// Ranking names and cities.
    Ranks,
    /// Sorting `ORDERS[order]` by numbers.
    Keyed(usize, StepSort<Keyed>),
    Done,
}

/// Sorts every order of an index from scratch in bounded steps. Gives the
/// order of [`compare`], but sorts by name once and then sorts numbers (a
/// customer's rank by name, a city's rank) instead of comparing strings in
/// every comparison, which makes building the index several times faster.
#[derive(Debug)]
struct Sorter {
    run: usize,
    stage: Stage,
    /// The live slots, in slot order.
    live: Vec<u32>,
    /// Per slot, its place in the name order.
    name_rank: Vec<u32>,
    /// Per city value, its place among the cities in Turkish order.
    city_rank: Vec<u32>,
}

impl Sorter {
    fn new(run: usize) -> Sorter {
        Sorter {
            run: run.max(1),
            stage: Stage::Start,
            live: Vec::new(),
            name_rank: Vec::new(),
            city_rank: Vec::new(),
        }
    }

    fn sort<T: Copy>(&self, items: Vec<T>) -> StepSort<T> {
        StepSort::new(items, self.run, self.run * MERGE_PER_RUN)
    }

    /// Does one step; returns whether more remain.
    fn step(&mut self, index: &mut SearchIndex) -> bool {
        match &mut self.stage {
            Stage::Start => {
                self.live = (0..index.rows.len() as u32)
                    .filter(|&s| index.rows[s as usize].live)
                    .collect();
                self.stage = Stage::Names(self.sort(self.live.clone()));
            }
            Stage::Names(sort) => {
                let (keys, ids) = (&index.keys, &index.ids);
                let more = sort.step(|&a, &b| {
                    let (a, b) = (a as usize, b as usize);
                    keys[a]
                        .name
                        .cmp(&keys[b].name)
                        .then_with(|| ids[a].cmp(&ids[b]))
                });
                if !more
                    && let Stage::Names(sort) = std::mem::replace(&mut self.stage, Stage::Ranks)
                {
                    index.orders[0] = sort.into_sorted();
                    self.check(index, 0);
                }
            }
            Stage::Ranks => {
                self.rank(index);
                self.stage = Stage::Keyed(1, self.sort(self.keyed(index, 1)));
            }
            Stage::Keyed(order, sort) => {
                let order = *order;
                if !sort.step(Ord::cmp)
                    && let Stage::Keyed(_, sort) = std::mem::replace(&mut self.stage, Stage::Done)
                {
                    index.orders[order] = sort.into_sorted().into_iter().map(|k| k.2).collect();
                    self.check(index, order);
                    if order + 1 < ORDERS.len() {
                        self.stage =
                            Stage::Keyed(order + 1, self.sort(self.keyed(index, order + 1)));
                    }
                }
            }
            Stage::Done => {}
        }
        !matches!(self.stage, Stage::Done)
    }

    /// Every slot's rank by name, and every city's rank among the cities
    /// of live customers (the sort key of its first spelling, then its
    /// number).
    fn rank(&mut self, index: &SearchIndex) {
        self.name_rank = vec![0; index.keys.len()];
        for (rank, &slot) in index.orders[0].iter().enumerate() {
            self.name_rank[slot as usize] = rank as u32;
        }
        let mut city_key: Vec<Option<&str>> = vec![None; index.cities.first_spelling.len()];
        for &slot in &self.live {
            if let Some((key, value)) = &index.keys[slot as usize].city {
                city_key[*value as usize] = Some(key);
            }
        }
        let mut cities: Vec<(&str, u32)> = city_key
            .iter()
            .enumerate()
            .filter_map(|(value, key)| Some(((*key)?, value as u32)))
            .collect();
        cities.sort_unstable();
        self.city_rank = vec![0; city_key.len()];
        for (rank, (_, value)) in cities.iter().enumerate() {
            self.city_rank[*value as usize] = rank as u32;
        }
    }

    /// The live slots with their key in `ORDERS[order]` (not the name
    /// order).
    fn keyed(&self, index: &SearchIndex, order: usize) -> Vec<Keyed> {
        let desc = ORDERS[order].descending;
        let time = |t: i64| (t as u64) ^ (1 << 63);
        self.live
            .iter()
            .map(|&slot| {
                let s = slot as usize;
                let key = &index.keys[s];
                let name = u128::from(self.name_rank[s]);
                // The uuid's bytes in order: as the id compares.
                let id = u128::from_be_bytes(*index.ids[s].as_bytes());
                let packed = match ORDERS[order].by {
                    SortBy::Name => name,
                    SortBy::City => {
                        let city = key.city.as_ref().map(|(_, v)| self.city_rank[*v as usize]);
                        let rank = city.map_or(0, |r| if desc { !r } else { r });
                        (u128::from(city.is_none()) << 64 | u128::from(rank)) << 32 | name
                    }
                    SortBy::Tier => {
                        let tier = key.tier as u8;
                        u128::from(if desc { !tier } else { tier }) << 32 | name
                    }
                    SortBy::Followers => {
                        let count = key.followers.map_or(0, |f| if desc { !f } else { f });
                        (u128::from(key.followers.is_none()) << 64 | u128::from(count)) << 32 | name
                    }
                    SortBy::Created => return (time(key.created), id, slot),
                    SortBy::Updated => return (time(key.updated), id, slot),
                };
                (0, packed, slot)
            })
            .collect()
    }

    /// In debug builds: `ORDERS[order]` is in the order of [`compare`].
    fn check(&self, index: &SearchIndex, order: usize) {
        debug_assert!(index.orders[order].windows(2).all(|w| {
            compare(ORDERS[order], &index.keys, &index.ids, w[0], w[1]) == Ordering::Less
        }));
    }
}
