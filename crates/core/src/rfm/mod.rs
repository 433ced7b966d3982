//! RFM analysis: how recently, how often and how much each customer bought,
//! scored 1–5 per dimension and mapped to the ten standard named segments
//! (Champions, At Risk, …), each with a recommended action.
//!
//! Everything is computed from the compact purchase table
//! ([`Transactions`]) as of an analysis day, in one pass over the purchases
//! plus a linear-time selection of the quintile boundaries per dimension
//! (no per-purchase allocation, no hash map, no full sort), because the
//! browser runs it over a million purchases.
//!
//! Tie rule of the quintile scores (see [`quintile_scores`]): customers are
//! ranked from worst to best, and every customer gets the score of the first
//! (worst) position of its group of equal values, `1 + ⌊5 × position / n⌋`;
//! equal values therefore always share one score and a tie group never
//! straddles two quintiles.

use serde::{Deserialize, Serialize};

use crate::analytics::Transactions;

/// One of the ten standard RFM segments, decided by the recency and
/// frequency scores alone (see [`Segment::from_scores`]).
///
/// Every (R, F) pair in 1–5 × 1–5 belongs to exactly one segment. The serde
/// form is [`Segment::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    /// R5, F4–5: bought recently and often.
    Champions,
    /// R3–4, F4–5: buy often, fairly recently.
    Loyal,
    /// R4–5, F2–3: recent customers who came back.
    PotentialLoyalists,
    /// R5, F1: first purchase very recently.
    New,
    /// R4, F1: one purchase, fairly recently.
    Promising,
    /// R3, F3: average recency and frequency.
    NeedAttention,
    /// R3, F1–2: few purchases, not lately.
    AboutToSleep,
    /// R1–2, F3–4: used to buy often, gone for a long time.
    AtRisk,
    /// R1–2, F5: were among the most frequent buyers, gone for a long time.
    CannotLoseThem,
    /// R1–2, F1–2: few purchases, long ago.
    Hibernating,
}

impl Segment {
    /// Every segment in display order: from the most valuable and active to
    /// the dormant. [`RfmResult::counts`] uses this order.
    pub const ALL: [Segment; 10] = [
        Segment::Champions,
        Segment::Loyal,
        Segment::PotentialLoyalists,
        Segment::New,
        Segment::Promising,
        Segment::NeedAttention,
        Segment::AboutToSleep,
        Segment::AtRisk,
        Segment::CannotLoseThem,
        Segment::Hibernating,
    ];

    /// The segment of a recency score `r` and frequency score `f`.
    ///
    /// Scores outside 1–5 are clamped into that range first, so the function
    /// is total.
    pub fn from_scores(r: u8, f: u8) -> Segment {
        let row = usize::from(5 - r.clamp(1, 5));
        let column = usize::from(f.clamp(1, 5) - 1);
        GRID[row][column]
    }

    /// The position of the segment in [`Segment::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// A stable snake_case identifier for URLs, CSV files and saved segment
    /// definitions; never changes once released.
    pub fn code(self) -> &'static str {
        match self {
            Segment::Champions => "champions",
            Segment::Loyal => "loyal",
            Segment::PotentialLoyalists => "potential_loyalists",
            Segment::New => "new",
            Segment::Promising => "promising",
            Segment::NeedAttention => "need_attention",
            Segment::AboutToSleep => "about_to_sleep",
            Segment::AtRisk => "at_risk",
            Segment::CannotLoseThem => "cannot_lose_them",
            Segment::Hibernating => "hibernating",
        }
    }

    /// The segment whose [`Segment::code`] is `code`.
    pub fn from_code(code: &str) -> Option<Segment> {
        Segment::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Translation key of the segment's name (`rfm-segment-<code>`).
    pub fn key(self) -> &'static str {
        match self {
            Segment::Champions => "rfm-segment-champions",
            Segment::Loyal => "rfm-segment-loyal",
            Segment::PotentialLoyalists => "rfm-segment-potential_loyalists",
            Segment::New => "rfm-segment-new",
            Segment::Promising => "rfm-segment-promising",
            Segment::NeedAttention => "rfm-segment-need_attention",
            Segment::AboutToSleep => "rfm-segment-about_to_sleep",
            Segment::AtRisk => "rfm-segment-at_risk",
            Segment::CannotLoseThem => "rfm-segment-cannot_lose_them",
            Segment::Hibernating => "rfm-segment-hibernating",
        }
    }

    /// Translation key of what the business should do for customers in the
    /// segment (`rfm-action-<code>`).
    pub fn action_key(self) -> &'static str {
        match self {
            Segment::Champions => "rfm-action-champions",
            Segment::Loyal => "rfm-action-loyal",
            Segment::PotentialLoyalists => "rfm-action-potential_loyalists",
            Segment::New => "rfm-action-new",
            Segment::Promising => "rfm-action-promising",
            Segment::NeedAttention => "rfm-action-need_attention",
            Segment::AboutToSleep => "rfm-action-about_to_sleep",
            Segment::AtRisk => "rfm-action-at_risk",
            Segment::CannotLoseThem => "rfm-action-cannot_lose_them",
            Segment::Hibernating => "rfm-action-hibernating",
        }
    }
}

/// The RFM figures of one customer who bought at least once up to the
/// analysis day.
///
/// Invariants: `recency_days >= 0`, `frequency >= 1`, `r`, `f` and `m` are
/// in 1–5, and `segment == Segment::from_scores(r, f)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRfm {
    /// Days from the last purchase to the analysis day (0 = bought that day).
    pub recency_days: i32,
    /// Number of purchases up to the analysis day (several on one day count
    /// separately).
    pub frequency: u32,
    /// Total spend up to the analysis day in minor units (kuruş); refunds
    /// recorded as negative amounts reduce it.
    pub monetary: i64,
    /// Recency score: 5 for the most recent fifth.
    pub r: u8,
    /// Frequency score: 5 for the most frequent fifth.
    pub f: u8,
    /// Monetary score: 5 for the biggest-spending fifth.
    pub m: u8,
    /// The named segment of (`r`, `f`).
    pub segment: Segment,
}

/// RFM of every customer of a [`Transactions`] as of one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RfmResult {
    /// Indexed by [`Txn::customer`](crate::analytics::Txn::customer); `None`
    /// for customers without a purchase up to `as_of`. Its length is
    /// `Transactions::customers` (or more, if a purchase names a larger
    /// index).
    pub per_customer: Vec<Option<CustomerRfm>>,
    /// Customers per segment, in [`Segment::ALL`] order; sums to
    /// [`RfmResult::scored`].
    pub counts: [usize; 10],
    /// The analysis day (days since 1970-01-01).
    pub as_of: i32,
}

impl RfmResult {
    /// Customers in `segment`.
    pub fn count(&self, segment: Segment) -> usize {
        self.counts[segment.index()]
    }

    /// Customers with RFM figures (at least one purchase up to `as_of`).
    pub fn scored(&self) -> usize {
        self.per_customer.iter().flatten().count()
    }

    /// The RFM figures of customer `customer`, if they bought.
    pub fn get(&self, customer: u32) -> Option<&CustomerRfm> {
        self.per_customer.get(customer as usize)?.as_ref()
    }
}

/// The segment table: rows R = 5 down to 1, columns F = 1 to 5. A table
/// rather than a `match` so that every cell is visibly assigned exactly once.
#[rustfmt::skip]
const GRID: [[Segment; 5]; 5] = {
    use Segment::*;
    [
        [New,          PotentialLoyalists, PotentialLoyalists, Champions, Champions],
        [Promising,    PotentialLoyalists, PotentialLoyalists, Loyal,     Loyal],
        [AboutToSleep, AboutToSleep,       NeedAttention,      Loyal,     Loyal],
        [Hibernating,  Hibernating,        AtRisk,             AtRisk,    CannotLoseThem],
        [Hibernating,  Hibernating,        AtRisk,             AtRisk,    CannotLoseThem],
    ]
};

/// Per-customer running totals of the single pass over the purchases.
#[derive(Debug, Clone, Copy)]
struct Totals {
    last_day: i32,
    frequency: u32,
    monetary: i64,
}

const NO_PURCHASE: Totals = Totals {
    last_day: i32::MIN,
    frequency: 0,
    monetary: 0,
};

/// Computes recency, frequency, monetary, the three quintile scores and the
/// segment of every customer as of day `as_of`.
///
/// Purchases after `as_of` are ignored; customers without a purchase up to
/// `as_of` get `None` and are not part of the ranking. Scores follow the
/// tie rule of [`quintile_scores`] over the scored customers: R ranks the
/// last purchase day (more recent is better), F the number of purchases and
/// M the total spend (more is better). The result depends only on the
/// purchases, not on their order.
///
/// Cost: one pass over the purchases into a vector indexed by customer (no
/// allocation per purchase), then per dimension one linear-time selection
/// of the four quintile boundaries over the `n` scored customers (see
/// [`QuintileBounds`]); no full sort is needed.
pub fn analyse(tx: &Transactions, as_of: i32) -> RfmResult {
    let mut totals = vec![NO_PURCHASE; tx.customers];
    for t in &tx.txns {
        if t.day > as_of {
            continue;
        }
        let c = t.customer as usize;
        if c >= totals.len() {
            // A purchase naming a customer beyond `customers` breaks the
            // table's contract; keep it rather than lose data silently.
            totals.resize(c + 1, NO_PURCHASE);
        }
        let acc = &mut totals[c];
        acc.last_day = acc.last_day.max(t.day);
        acc.frequency += 1;
        acc.monetary = acc.monetary.saturating_add(t.amount);
    }

    let buyers = || totals.iter().filter(|t| t.frequency > 0);
    let mut scratch: Vec<i64> = Vec::with_capacity(totals.len());
    let mut bounds = |value: fn(&Totals) -> i64| {
        scratch.clear();
        scratch.extend(buyers().map(value));
        QuintileBounds::select(&mut scratch)
    };
    let r_bounds = bounds(|t| i64::from(t.last_day));
    let f_bounds = bounds(|t| i64::from(t.frequency));
    let m_bounds = bounds(|t| t.monetary);

    let mut counts = [0usize; 10];
    let per_customer = totals
        .iter()
        .map(|t| {
            if t.frequency == 0 {
                return None;
            }
            let r = r_bounds.score(i64::from(t.last_day));
            let f = f_bounds.score(i64::from(t.frequency));
            let segment = Segment::from_scores(r, f);
            counts[segment.index()] += 1;
            Some(CustomerRfm {
                recency_days: as_of.saturating_sub(t.last_day),
                frequency: t.frequency,
                monetary: t.monetary,
                r,
                f,
                m: m_bounds.score(t.monetary),
                segment,
            })
        })
        .collect();
    RfmResult {
        per_customer,
        counts,
        as_of,
    }
}

/// Quintile scores 1–5 of `values`, where a larger value is better; the
/// result has one score per value, in the same order.
///
/// Tie rule: sort the values ascending (worst first) and number the
/// positions `0..n`; every value gets `1 + ⌊5 × p / n⌋`, where `p` is the
/// position of the *first* element of its group of equal values (that is,
/// the number of strictly smaller values). So equal values always get the
/// same score, a tie group never straddles two quintiles, ties pull a group
/// down to the score where it starts, and a strictly larger value never gets
/// a lower score. With `n` distinct values each score is given to `⌊n/5⌋`
/// or `⌈n/5⌉` of them (10 values: two each); when all values are equal, all
/// get 1.
///
/// Deterministic (the score depends only on the multiset of values) and
/// `O(n)`: see [`QuintileBounds`].
pub fn quintile_scores(values: &[i64]) -> Vec<u8> {
    let bounds = QuintileBounds::select(&mut values.to_vec());
    values.iter().map(|&v| bounds.score(v)).collect()
}

/// The four quintile boundaries of a list of values: with the values sorted
/// ascending as `s` and `t_k = ⌈k × n / 5⌉`, boundary `k` is `s[t_k − 1]`
/// (k = 1…4).
///
/// This is the tie rule of [`quintile_scores`] without a sort: if `p(v)` is
/// the number of values smaller than `v`, then `⌊5 p(v) / n⌋ ≥ k` exactly
/// when `p(v) ≥ t_k`, which holds exactly when at least `t_k` values are
/// below `v`, i.e. when `v > s[t_k − 1]`. So the score is one plus the
/// number of boundaries `v` exceeds. The boundaries are order statistics,
/// found by `select_nth_unstable` in worst-case linear time; an empty list
/// has no boundaries (every score would be 1, but there is nothing to
/// score).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuintileBounds {
    bounds: [i64; 4],
}

impl QuintileBounds {
    /// The boundaries of `values`, which are reordered in the process.
    pub fn select(values: &mut [i64]) -> QuintileBounds {
        let n = values.len();
        if n == 0 {
            return QuintileBounds {
                bounds: [i64::MAX; 4],
            };
        }
        let mut bounds = [0i64; 4];
        // From the top boundary down: after selecting index i, the prefix
        // `..=i` holds exactly the i + 1 smallest values, so the lower
        // boundaries (indexes ≤ i) can be selected inside it.
        let mut prefix = n;
        for k in (1..=4).rev() {
            let index = (k * n).div_ceil(5) - 1;
            let (_, nth, _) = values[..prefix].select_nth_unstable(index);
            bounds[k - 1] = *nth;
            prefix = index + 1;
        }
        QuintileBounds { bounds }
    }

    /// The score 1–5 of `value` among the values the boundaries came from.
    pub fn score(&self, value: i64) -> u8 {
        1 + self.bounds.iter().filter(|&&b| value > b).count() as u8
    }
}

#[cfg(test)]
mod tests;
