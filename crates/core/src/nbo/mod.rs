//! Next best offer: explainable item-to-item association rules mined from
//! co-purchases ("bought an iPhone 15; customers who buy an iPhone 15 buy a
//! MagSafe charger 4.1× more often").
//!
//! Items are SKUs and a customer's basket is the set of SKUs they bought up
//! to a cut-off date (how often or when does not matter). Between two items
//! X and Y, over the N customers with a basket:
//!
//! - support = share of customers who bought both, n(X∧Y) / N;
//! - confidence of X → Y = P(Y | X) = n(X∧Y) / n(X);
//! - lift = confidence / P(Y) = how many times more often buyers of X buy Y
//!   than customers in general.
//!
//! [`Model::train`] keeps the rules that pass every threshold of [`Params`].
//!
//! **Scoring.** An offer's score estimates the chance that the customer
//! buys the item soon: the item's *take-up rate* (the share of customers
//! without it who bought it within [`Params::take_up_days`], measured over
//! the last [`Params::take_up_windows`] such periods of the training data)
//! times the lift of the strongest kept rule X → Y whose X the customer
//! owns (1 when no rule applies). Every item the customer lacks competes on
//! that one scale; an item lifted by a rule is offered
//! [`Reason::BoughtWith`] that rule, the others [`Reason::Popular`]. One
//! rule decides the score, so every offer has exactly one reason, which the
//! UI shows as a sentence ([`Offer::reason_text`]).
//!
//! Why this rule and not "rules first, by confidence × lift": on the demo
//! data, offers ranked by confidence × lift (AirPods and watches for every
//! iPhone owner) are bought within 90 days less often than plain best
//! sellers, because most co-purchases happen within days of the device and
//! are already in the customer's basket. Lift says *what goes with what*;
//! the take-up rate says *how likely a customer who lacks the item is to
//! buy it now*; their product is the expected chance. The holdout tests
//! compare it with a best-seller baseline ([`evaluate_holdout`]).
//!
//! Every customer gets offers as long as the catalogue has items they lack.
//!
//! Cost: SKUs and customers are interned to dense ids, baskets and buyers
//! are kept as two flat adjacency lists (built by counting sorts), and
//! pairs are counted one antecedent at a time into a dense counter: time is
//! the sum of squared basket sizes (~10 items per customer: ~100 steps),
//! memory is linear in the purchases, never items². A million purchases
//! train in about 0.3 s natively. The model is plain data and builds for
//! wasm32.
//!
//! **In steps.** [`Model::train`] interns the purchase records into
//! [`Baskets`] and runs a [`Training`] to the end. The browser, which must
//! not freeze for 0.3 s, fills [`Baskets`] from its compact purchase table
//! instead (see [`crate::value`]) and runs the [`Training`] in bounded
//! steps; both give the same model.

mod evaluate;
#[cfg(test)]
mod tests;
mod train;

use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::NaiveDate;

use crate::analytics::day_of;
use crate::i18n::{Arg, Lang, catalog};
use crate::model::{Id, Purchase};

pub use evaluate::{HitRate, Holdout, evaluate_holdout, hit_rate_at_k};
pub use train::{Baskets, Training};

/// What [`Model::train`] keeps and how it measures take-up. The rule
/// thresholds are inclusive (a rule exactly at a threshold is kept).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Least support, as a share of customers who bought both X and Y.
    /// Default 0.002 (0.2 %): 200 of 100,000 customers.
    pub min_support: f64,
    /// Least number of customers who bought both X and Y, whatever the
    /// share: on a small data set a share of 0.2 % is one or two people,
    /// and a rule seen twice is a coincidence. Default 10.
    pub min_customers: u32,
    /// Least confidence P(Y | X). Default 0.05: at least one in twenty
    /// buyers of X also bought Y.
    pub min_confidence: f64,
    /// Least lift. Default 1.2: buyers of X buy Y at least 1.2× as often
    /// as customers in general. Rules at or below 1 would say "customers
    /// who buy X buy Y 0.8× more often", which is no reason to offer Y.
    pub min_lift: f64,
    /// The period of the take-up rate, in days. Default 90 (a quarter: the
    /// horizon a campaign plans for).
    pub take_up_days: u32,
    /// How many periods, ending on the training cut-off, the take-up rate
    /// is measured over. Default 4 (the last year with 90-day periods).
    /// With 0, or when no customer was buying before the first of them,
    /// an item's share of customers stands in for its take-up rate.
    pub take_up_windows: u32,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            min_support: 0.002,
            min_customers: 10,
            min_confidence: 0.05,
            min_lift: 1.2,
            take_up_days: 90,
            take_up_windows: 4,
        }
    }
}

/// Why an item is offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Reason {
    /// A rule: the customer owns `because_of`, whose buyers often buy this.
    BoughtWith,
    /// No rule lifts the item: it is offered for its own take-up rate.
    Popular,
}

/// One offer for a customer.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Offer {
    pub sku: String,
    pub product: String,
    /// The rank key: the item's take-up rate × `lift` (see the module
    /// documentation). Offers are sorted by it, highest first.
    pub score: f64,
    pub reason: Reason,
    /// The SKU the offer is based on (empty for [`Reason::Popular`]).
    pub because_of: String,
    /// That SKU's product name (empty for [`Reason::Popular`]).
    pub because_product: String,
    /// P(offered | because_of); for a popular item, its share of customers.
    pub confidence: f64,
    /// confidence / P(offered); 1 for a popular item.
    pub lift: f64,
}

impl Offer {
    /// The translation key of the offer's reason.
    pub fn reason_key(&self) -> &'static str {
        match self.reason {
            Reason::BoughtWith => "nbo-reason-bought-with",
            Reason::Popular => "nbo-reason-popular",
        }
    }

    /// The arguments of [`Offer::reason_key`]: `x` (the product the offer
    /// is based on), `y` (the offered product) and `lift` with one decimal
    /// in the language's style (`3,2` / `3.2`).
    pub fn reason_args(&self, lang: Lang) -> Vec<(&'static str, String)> {
        vec![
            ("x", self.because_product.clone()),
            ("y", self.product.clone()),
            ("lift", format_lift(self.lift, lang)),
        ]
    }

    /// The reason as a sentence in `lang`.
    pub fn reason_text(&self, lang: Lang) -> String {
        let args = self.reason_args(lang);
        let args: Vec<(&str, Arg<'_>)> = args
            .iter()
            .map(|(name, value)| (*name, Arg::Str(value.as_str())))
            .collect();
        catalog().text_with(lang, self.reason_key(), &args)
    }
}

/// A lift with one decimal and the language's decimal separator.
pub fn format_lift(lift: f64, lang: Lang) -> String {
    let text = format!("{lift:.1}");
    match lang {
        Lang::Tr => text.replace('.', ","),
        Lang::En => text,
    }
}

/// A kept association rule, for listing and inspection.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub antecedent: String,
    pub consequent: String,
    /// Customers who bought both.
    pub customers: u32,
    pub support: f64,
    pub confidence: f64,
    pub lift: f64,
}

/// A rule as the model stores it, under its antecedent.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Edge {
    to: u32,
    together: u32,
    confidence: f64,
    lift: f64,
}

/// A trained next-best-offer model: the items, their buyer counts and
/// take-up rates, and the kept rules.
///
/// Invariants: `skus` is sorted and unique, and an item's id is its index
/// there, so comparing ids compares SKUs (ties break by SKU); the rules of
/// each antecedent are sorted by lift, highest first, then by consequent.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Model {
    skus: Vec<String>,
    products: Vec<String>,
    /// Customers who bought each item.
    buyers: Vec<u32>,
    /// Each item's take-up rate (or share of customers, see
    /// [`Params::take_up_windows`]).
    take_up: Vec<f64>,
    /// Customers with at least one counted purchase (N).
    customers: u32,
    /// Rules of item `i` are `edges[edge_start[i]..edge_start[i + 1]]`.
    edge_start: Vec<u32>,
    edges: Vec<Edge>,
    /// Item ids, most buyers first, then by SKU (the best sellers).
    popular: Vec<u32>,
    /// Item ids, highest take-up rate first, then by SKU (the order
    /// [`Model::offers`] ranks items no rule lifts).
    by_take_up: Vec<u32>,
}

/// An offer before its strings are copied out.
#[derive(Debug, Clone, Copy)]
struct Candidate<'a> {
    item: u32,
    score: f64,
    /// The rule behind it, with its antecedent.
    rule: Option<(u32, &'a Edge)>,
}

impl Model {
    /// Mines the rules and measures the take-up rates from the live
    /// purchases dated on or before `until` (deleted purchases and
    /// purchases without a SKU are skipped). An item's product name is the
    /// one on its latest purchase. Deterministic: the order of `purchases`
    /// does not matter.
    pub fn train(purchases: &[Purchase], until: NaiveDate, params: &Params) -> Model {
        let baskets = Interned::from_purchases(purchases, until).into_baskets();
        Training::new(baskets, day_of(until), params).finish()
    }

    /// Customers the model learnt from (those with a counted purchase).
    pub fn customers(&self) -> u32 {
        self.customers
    }

    /// Distinct SKUs the model knows.
    pub fn items(&self) -> usize {
        self.skus.len()
    }

    /// The product name of a known SKU.
    pub fn product(&self, sku: &str) -> Option<&str> {
        self.id(sku).map(|i| self.products[i as usize].as_str())
    }

    /// The take-up rate of a known SKU: the share of customers without it
    /// who bought it within [`Params::take_up_days`].
    pub fn take_up(&self, sku: &str) -> Option<f64> {
        self.id(sku).map(|i| self.take_up[i as usize])
    }

    /// The kept rule `from → to`, if it passed the thresholds.
    pub fn rule(&self, from: &str, to: &str) -> Option<Rule> {
        let (x, y) = (self.id(from)?, self.id(to)?);
        self.edges_of(x)
            .iter()
            .find(|e| e.to == y)
            .map(|e| self.rule_of(x, e))
    }

    /// Every kept rule, highest lift first (then by antecedent, consequent).
    pub fn rules(&self) -> Vec<Rule> {
        let mut all: Vec<(u32, &Edge)> = (0..self.skus.len() as u32)
            .flat_map(|x| self.edges_of(x).iter().map(move |e| (x, e)))
            .collect();
        all.sort_by(|a, b| {
            b.1.lift
                .total_cmp(&a.1.lift)
                .then(a.0.cmp(&b.0))
                .then(a.1.to.cmp(&b.1.to))
        });
        all.into_iter().map(|(x, e)| self.rule_of(x, e)).collect()
    }

    /// The top `n` offers for a customer who owns `owned` (SKUs; unknown
    /// ones are ignored), highest score first, ties by SKU. Never offers an
    /// owned SKU; offers are distinct; there are `n` of them unless the
    /// customer owns all but fewer than `n` known items.
    pub fn offers(&self, owned: &[&str], n: usize) -> Vec<Offer> {
        let owned = self.owned_ids(owned);
        // The strongest rule per consequent; ties go to the smaller
        // antecedent.
        let mut lifted: Vec<(u32, &Edge)> = owned
            .iter()
            .flat_map(|&x| self.edges_of(x).iter().map(move |e| (x, e)))
            .filter(|(_, e)| owned.binary_search(&e.to).is_err())
            .collect();
        lifted.sort_by(|a, b| {
            a.1.to
                .cmp(&b.1.to)
                .then(b.1.lift.total_cmp(&a.1.lift))
                .then(a.0.cmp(&b.0))
        });
        lifted.dedup_by_key(|(_, e)| e.to);

        let mut candidates: Vec<Candidate<'_>> = lifted
            .iter()
            .map(|&(x, e)| Candidate {
                item: e.to,
                score: self.take_up[e.to as usize] * e.lift,
                rule: Some((x, e)),
            })
            .collect();
        // Without a rule, an item's score is its take-up rate, so the first
        // `n` eligible items in take-up order are the only ones that can
        // make the list.
        let unlifted = self
            .by_take_up
            .iter()
            .filter(|&&y| {
                owned.binary_search(&y).is_err()
                    && lifted.binary_search_by(|(_, e)| e.to.cmp(&y)).is_err()
            })
            .take(n)
            .map(|&y| Candidate {
                item: y,
                score: self.take_up[y as usize],
                rule: None,
            });
        candidates.extend(unlifted);
        candidates.sort_by(|a, b| by_score_then_id(a.score, a.item, b.score, b.item));
        candidates.truncate(n);
        candidates.iter().map(|c| self.offer_of(c)).collect()
    }

    /// The best-seller baseline: the `n` items bought by most customers
    /// that the customer does not own (ties by SKU), as popular offers
    /// scored by their share of customers.
    pub fn popular_offers(&self, owned: &[&str], n: usize) -> Vec<Offer> {
        let owned = self.owned_ids(owned);
        let n_customers = f64::from(self.customers.max(1));
        self.popular
            .iter()
            .filter(|y| owned.binary_search(y).is_err())
            .take(n)
            .map(|&y| Offer {
                score: f64::from(self.buyers[y as usize]) / n_customers,
                ..self.offer_of(&Candidate {
                    item: y,
                    score: 0.0,
                    rule: None,
                })
            })
            .collect()
    }

    fn offer_of(&self, candidate: &Candidate<'_>) -> Offer {
        let y = candidate.item as usize;
        let sku = self.skus[y].clone();
        let product = self.products[y].clone();
        match candidate.rule {
            Some((x, e)) => Offer {
                sku,
                product,
                score: candidate.score,
                reason: Reason::BoughtWith,
                because_of: self.skus[x as usize].clone(),
                because_product: self.products[x as usize].clone(),
                confidence: e.confidence,
                lift: e.lift,
            },
            None => Offer {
                sku,
                product,
                score: candidate.score,
                reason: Reason::Popular,
                because_of: String::new(),
                because_product: String::new(),
                confidence: f64::from(self.buyers[y]) / f64::from(self.customers.max(1)),
                lift: 1.0,
            },
        }
    }

    fn id(&self, sku: &str) -> Option<u32> {
        self.skus
            .binary_search_by(|s| s.as_str().cmp(sku))
            .ok()
            .map(|i| i as u32)
    }

    /// The known ids of `owned`, sorted and unique.
    fn owned_ids(&self, owned: &[&str]) -> Vec<u32> {
        let mut ids: Vec<u32> = owned.iter().filter_map(|s| self.id(s.trim())).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    fn edges_of(&self, x: u32) -> &[Edge] {
        let x = x as usize;
        &self.edges[self.edge_start[x] as usize..self.edge_start[x + 1] as usize]
    }

    fn rule_of(&self, x: u32, e: &Edge) -> Rule {
        Rule {
            antecedent: self.skus[x as usize].clone(),
            consequent: self.skus[e.to as usize].clone(),
            customers: e.together,
            support: f64::from(e.together) / f64::from(self.customers.max(1)),
            confidence: e.confidence,
            lift: e.lift,
        }
    }
}

/// Higher score first, then the smaller item id (= SKU order).
fn by_score_then_id(score_a: f64, a: u32, score_b: f64, b: u32) -> Ordering {
    score_b.total_cmp(&score_a).then(a.cmp(&b))
}

/// One (customer, item) pair of a basket, both as dense ids, with the day
/// the customer first bought the item (days from the common era).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pair {
    customer: u32,
    item: u32,
    first_day: i32,
}

/// The counted purchases with SKUs and customers interned to dense ids.
struct Interned {
    /// Sorted SKUs; an item's id is its index.
    skus: Vec<String>,
    products: Vec<String>,
    /// Sorted, one per customer and item: each customer's distinct items.
    pairs: Vec<Pair>,
}

impl Interned {
    fn from_purchases(purchases: &[Purchase], until: NaiveDate) -> Interned {
        // Items in first-seen order, each with the purchase its name comes
        // from: the latest (date, then change time), then the smaller name,
        // so the input order does not matter.
        let mut items: Vec<(&str, &Purchase)> = Vec::new();
        let mut item_ids: HashMap<&str, u32, FastHash> = HashMap::default();
        let mut customer_ids: HashMap<Id, u32, FastHash> = HashMap::default();
        let mut pairs = Vec::with_capacity(purchases.len());
        for p in purchases {
            let sku = p.sku.trim();
            if p.deleted || p.date > until || sku.is_empty() {
                continue;
            }
            let item = *item_ids.entry(sku).or_insert_with(|| {
                items.push((sku, p));
                (items.len() - 1) as u32
            });
            let named = &mut items[item as usize].1;
            let newer = (p.date, p.updated_at, std::cmp::Reverse(&p.product));
            if newer
                > (
                    named.date,
                    named.updated_at,
                    std::cmp::Reverse(&named.product),
                )
            {
                *named = p;
            }
            let next = customer_ids.len() as u32;
            let customer = *customer_ids.entry(p.customer_id).or_insert(next);
            pairs.push(Pair {
                customer,
                item,
                first_day: day_of(p.date),
            });
        }

        // Renumber items in SKU order so ids compare like SKUs.
        let mut order: Vec<u32> = (0..items.len() as u32).collect();
        order.sort_by(|&a, &b| items[a as usize].0.cmp(items[b as usize].0));
        let mut rank = vec![0u32; items.len()];
        for (new, &old) in order.iter().enumerate() {
            rank[old as usize] = new as u32;
        }
        for pair in &mut pairs {
            pair.item = rank[pair.item as usize];
        }
        let pairs = group_by_customer(pairs, customer_ids.len());
        Interned {
            skus: order
                .iter()
                .map(|&i| items[i as usize].0.to_string())
                .collect(),
            products: order
                .iter()
                .map(|&i| items[i as usize].1.product.clone())
                .collect(),
            pairs,
        }
    }

    /// The training input: the pairs are already grouped by customer (in
    /// order) and sorted by item within each basket.
    fn into_baskets(self) -> Baskets {
        let mut baskets = Baskets::new(self.skus, self.products);
        for (i, p) in self.pairs.iter().enumerate() {
            baskets.items.push(p.item);
            baskets.first_days.push(p.first_day);
            if self
                .pairs
                .get(i + 1)
                .is_none_or(|next| next.customer != p.customer)
            {
                baskets.start.push(baskets.items.len() as u32);
            }
        }
        baskets
    }
}

/// The pairs ordered by customer, then item, one per customer and item
/// with the earliest day. A counting sort by customer and a small sort per
/// basket: over a million purchases this is several times faster than
/// sorting the whole list.
fn group_by_customer(pairs: Vec<Pair>, customers: usize) -> Vec<Pair> {
    let mut start = vec![0usize; customers + 1];
    for p in &pairs {
        start[p.customer as usize + 1] += 1;
    }
    for c in 0..customers {
        start[c + 1] += start[c];
    }
    let mut fill = start.clone();
    let mut grouped = pairs.clone();
    for p in pairs {
        grouped[fill[p.customer as usize]] = p;
        fill[p.customer as usize] += 1;
    }
    let mut kept = 0;
    for c in 0..customers {
        let basket = &mut grouped[start[c]..start[c + 1]];
        basket.sort_unstable_by_key(|p| (p.item, p.first_day));
        let first = kept;
        for i in start[c]..start[c + 1] {
            let p = grouped[i];
            if kept > first && grouped[kept - 1].item == p.item {
                continue;
            }
            grouped[kept] = p;
            kept += 1;
        }
    }
    grouped.truncate(kept);
    grouped
}

/// A multiply-rotate hasher (rustc's "Fx") for interning SKUs and customer
/// ids: over a million purchases SipHash took most of the training time,
/// and these keys come from the business's own records, so the defence
/// against chosen keys that SipHash buys is not needed here. Written here
/// because it is a dozen lines; `rustc-hash` is the crate to use if the
/// workspace takes it on.
#[derive(Default)]
pub(crate) struct Fx(u64);

pub(crate) type FastHash = BuildHasherDefault<Fx>;

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}
