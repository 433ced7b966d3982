//! Training the next-best-offer model in bounded steps, so the browser can
//! learn from a million purchases without freezing the page.
//!
//! [`Baskets`] holds what training reads: the items (in SKU order) and each
//! customer's distinct items with the day they first bought them. It is
//! filled one customer at a time, either by [`Model::train`] from purchase
//! records or by the [`value`](crate::value) analysis from its compact
//! purchase table. [`Training`] then does the work of [`Model::train`] in
//! steps of a given budget; [`Training::finish`] returns the model. Both
//! paths run the same code, so a model trained in steps equals the one
//! [`Model::train`] returns for the same purchases.
//!
//! The stages, with their work units (one unit is about one visit of a
//! (customer, item) pair):
//!
//! 1. count the buyers of each item (one unit per pair);
//! 2. list the buyers of each item, in customer order (one per pair);
//! 3. mine the rules, one antecedent X at a time: the co-purchases of X are
//!    the baskets of X's buyers (one unit per item of those baskets, so
//!    the sum of squared basket sizes in all);
//! 4. the day each customer started buying, and the customer-periods of the
//!    take-up rate (one per pair);
//! 5. first buyers and owners of each item per period (one per pair).
//!
//! A step finishes the customer it is on, so it can run over its budget by
//! one customer's basket.

use super::{Edge, Model, Params, by_score_then_id};

/// The baskets a model learns from: the items, sorted by SKU (an item's id
/// is its position), and per customer the distinct items they bought up to
/// the training cut-off with the day they first bought each.
///
/// Days may be numbered from any origin as long as
/// [`Training::new`]'s `until_day` uses the same one
/// ([`crate::analytics::day_of`] does for both here).
#[derive(Debug, Clone, PartialEq)]
pub struct Baskets {
    pub(super) skus: Vec<String>,
    pub(super) products: Vec<String>,
    /// The basket of customer `c` is `items[start[c]..start[c + 1]]`
    /// (ascending), with `first_days` in the same places.
    pub(super) start: Vec<u32>,
    pub(super) items: Vec<u32>,
    pub(super) first_days: Vec<i32>,
}

impl Baskets {
    /// No baskets yet, over `skus` (sorted, unique) named `products` (the
    /// product name shown for each SKU, in the same order).
    ///
    /// Panics if `skus` is not sorted and unique or the lengths differ: a
    /// caller's bug, which would give items the wrong ids.
    pub fn new(skus: Vec<String>, products: Vec<String>) -> Baskets {
        assert!(
            skus.len() == products.len() && skus.windows(2).all(|w| w[0] < w[1]),
            "Baskets::new needs sorted, unique SKUs and one product name per SKU"
        );
        Baskets {
            skus,
            products,
            start: vec![0],
            items: Vec::new(),
            first_days: Vec::new(),
        }
    }

    /// Adds the next customer: `(item id, day)` of each of their purchases
    /// up to the cut-off, in any order and with repeats (the list is
    /// sorted in place). Ids outside the items are ignored; a customer left
    /// with no item is not added.
    pub fn add_customer(&mut self, purchases: &mut [(u32, i32)]) {
        purchases.sort_unstable();
        let before = self.items.len();
        for &(item, day) in purchases.iter() {
            if item as usize >= self.skus.len() {
                continue;
            }
            // Sorted by (item, day): the first of an item has its first day.
            if self.items.len() > before && self.items.last() == Some(&item) {
                continue;
            }
            self.items.push(item);
            self.first_days.push(day);
        }
        if self.items.len() > before {
            self.start.push(self.items.len() as u32);
        }
    }

    /// Customers with a basket.
    pub fn customers(&self) -> usize {
        self.start.len() - 1
    }

    /// Items (SKUs).
    pub fn items(&self) -> usize {
        self.skus.len()
    }

    /// (customer, item) pairs over all baskets.
    pub fn pairs(&self) -> usize {
        self.items.len()
    }

    fn range(&self, customer: usize) -> std::ops::Range<usize> {
        self.start[customer] as usize..self.start[customer + 1] as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Count,
    Place,
    Mine,
    Joined,
    TakeUp,
    Done,
}

/// [`Model::train`] in bounded steps (see the module documentation).
#[derive(Debug, Clone)]
pub struct Training {
    params: Params,
    until_day: i32,
    baskets: Baskets,
    stage: Stage,
    /// Position in the current stage (pair, customer or item).
    cursor: usize,
    done: usize,
    total: usize,
    /// Buyers of item `i` are `buyers[buyer_start[i]..buyer_start[i + 1]]`.
    buyer_start: Vec<u32>,
    fill: Vec<u32>,
    buyers: Vec<u32>,
    /// The next buyer (index into `buyers`) whose basket stage 3 visits.
    buyer: usize,
    together: Vec<u32>,
    touched: Vec<u32>,
    edges: Vec<Edge>,
    edge_start: Vec<u32>,
    /// Per customer, the first day with a counted purchase.
    joined: Vec<i32>,
    /// First day of each take-up period, latest first.
    period_starts: Vec<i32>,
    /// Customer-periods in which the customer was already buying.
    present: u64,
    owners: Vec<u64>,
    takers: Vec<u64>,
}

impl Training {
    /// Prepares training on `baskets`, cut off at `until_day` (for the
    /// take-up periods), with `params`. Cheap: one pass over the customers.
    pub fn new(baskets: Baskets, until_day: i32, params: &Params) -> Training {
        let pairs = baskets.pairs();
        let squares: usize = (0..baskets.customers())
            .map(|c| baskets.range(c).len().pow(2))
            .sum();
        let total = 4 * pairs + squares + baskets.items();
        let items = baskets.items();
        Training {
            params: *params,
            until_day,
            baskets,
            stage: Stage::Count,
            cursor: 0,
            done: 0,
            total,
            buyer_start: vec![0; items + 1],
            fill: Vec::new(),
            buyers: Vec::new(),
            buyer: 0,
            together: Vec::new(),
            touched: Vec::new(),
            edges: Vec::new(),
            edge_start: Vec::new(),
            joined: Vec::new(),
            period_starts: Vec::new(),
            present: 0,
            owners: Vec::new(),
            takers: Vec::new(),
        }
    }

    /// Work done and the total, in the units of the module documentation.
    pub fn progress(&self) -> (usize, usize) {
        (self.done.min(self.total), self.total)
    }

    /// Whether every stage has run ([`Training::finish`] is then cheap).
    pub fn is_done(&self) -> bool {
        self.stage == Stage::Done
    }

    /// Does about `budget` units of work (at least some); returns whether
    /// training is complete.
    pub fn step(&mut self, budget: usize) -> bool {
        let mut left = budget.max(1);
        while left > 0 && self.stage != Stage::Done {
            let used = match self.stage {
                Stage::Count => self.count(left),
                Stage::Place => self.place(left),
                Stage::Mine => self.mine(left),
                Stage::Joined => self.join(left),
                Stage::TakeUp => self.take_up(left),
                Stage::Done => 0,
            };
            self.done = self.done.saturating_add(used);
            left = left.saturating_sub(used.max(1));
        }
        self.stage == Stage::Done
    }

    /// Runs what is left and returns the model.
    pub fn finish(mut self) -> Model {
        while !self.step(usize::MAX) {}
        let items = self.baskets.items();
        let customers = self.baskets.customers() as u32;
        let n = f64::from(customers.max(1));
        let buyer_counts: Vec<u32> = (0..items)
            .map(|i| self.buyer_start[i + 1] - self.buyer_start[i])
            .collect();
        // With no customer-period to measure in, an item's share of
        // customers stands in for its take-up rate.
        let take_up: Vec<f64> = if self.present == 0 {
            buyer_counts.iter().map(|&b| f64::from(b) / n).collect()
        } else {
            (0..items)
                .map(|i| {
                    let without = self.present - self.owners[i];
                    if without == 0 {
                        0.0
                    } else {
                        self.takers[i] as f64 / without as f64
                    }
                })
                .collect()
        };
        let mut popular: Vec<u32> = (0..items as u32).collect();
        popular.sort_by(|&a, &b| {
            buyer_counts[b as usize]
                .cmp(&buyer_counts[a as usize])
                .then(a.cmp(&b))
        });
        let mut by_take_up: Vec<u32> = (0..items as u32).collect();
        by_take_up
            .sort_by(|&a, &b| by_score_then_id(take_up[a as usize], a, take_up[b as usize], b));
        Model {
            skus: self.baskets.skus,
            products: self.baskets.products,
            buyers: buyer_counts,
            take_up,
            customers,
            edge_start: self.edge_start,
            edges: self.edges,
            popular,
            by_take_up,
        }
    }

    /// Stage 1: buyers per item.
    fn count(&mut self, budget: usize) -> usize {
        let pairs = self.baskets.pairs();
        let end = self.cursor.saturating_add(budget).min(pairs);
        for &item in &self.baskets.items[self.cursor..end] {
            self.buyer_start[item as usize + 1] += 1;
        }
        let used = end - self.cursor;
        self.cursor = end;
        if self.cursor == pairs {
            for i in 0..self.baskets.items() {
                self.buyer_start[i + 1] += self.buyer_start[i];
            }
            self.fill = self.buyer_start.clone();
            self.buyers = vec![0; pairs];
            self.next(Stage::Place);
        }
        used
    }

    /// Stage 2: the buyers of each item, in customer order.
    fn place(&mut self, budget: usize) -> usize {
        let mut used = 0;
        while used < budget && self.cursor < self.baskets.customers() {
            let c = self.cursor;
            let range = self.baskets.range(c);
            used += range.len();
            for &item in &self.baskets.items[range] {
                let slot = &mut self.fill[item as usize];
                self.buyers[*slot as usize] = c as u32;
                *slot += 1;
            }
            self.cursor += 1;
        }
        if self.cursor == self.baskets.customers() {
            self.fill = Vec::new();
            self.together = vec![0; self.baskets.items()];
            self.edge_start = Vec::with_capacity(self.baskets.items() + 1);
            self.edge_start.push(0);
            self.next(Stage::Mine);
        }
        used
    }

    /// Stage 3: the rules of each antecedent X.
    fn mine(&mut self, budget: usize) -> usize {
        let params = self.params;
        let n = f64::from((self.baskets.customers() as u32).max(1));
        let count_of = |start: &[u32], i: usize| start[i + 1] - start[i];
        let mut used = 0;
        while used < budget && self.cursor < self.baskets.items() {
            let x = self.cursor;
            // The buyers' ranges follow each other, so `buyer` runs from
            // the first buyer of item 0 to the last of the last item; a
            // popular item's buyers may take several steps.
            let end = self.buyer_start[x + 1] as usize;
            while self.buyer < end && used < budget {
                let c = self.buyers[self.buyer];
                let basket = self.baskets.range(c as usize);
                used += basket.len();
                for &y in &self.baskets.items[basket] {
                    if y as usize != x {
                        if self.together[y as usize] == 0 {
                            self.touched.push(y);
                        }
                        self.together[y as usize] += 1;
                    }
                }
                self.buyer += 1;
            }
            if self.buyer < end {
                break;
            }
            used += 1;
            let first = self.edges.len();
            let bought_x = count_of(&self.buyer_start, x);
            for &y in &self.touched {
                let both = std::mem::take(&mut self.together[y as usize]);
                let confidence = f64::from(both) / f64::from(bought_x);
                let share_y = f64::from(count_of(&self.buyer_start, y as usize)) / n;
                let lift = confidence / share_y;
                if both >= params.min_customers
                    && f64::from(both) / n >= params.min_support
                    && confidence >= params.min_confidence
                    && lift >= params.min_lift
                {
                    self.edges.push(Edge {
                        to: y,
                        together: both,
                        confidence,
                        lift,
                    });
                }
            }
            self.touched.clear();
            self.edges[first..].sort_by(|a, b| b.lift.total_cmp(&a.lift).then(a.to.cmp(&b.to)));
            self.edge_start.push(self.edges.len() as u32);
            self.cursor += 1;
        }
        if self.cursor == self.baskets.items() {
            self.together = Vec::new();
            self.touched = Vec::new();
            let days = self.params.take_up_days.max(1) as i32;
            self.period_starts = (1..=self.params.take_up_windows as i32)
                .map(|j| self.until_day + 1 - days * j)
                .collect();
            self.joined = Vec::with_capacity(self.baskets.customers());
            self.next(Stage::Joined);
        }
        used
    }

    /// Stage 4: when each customer started buying, and the customer-periods
    /// in which they were already buying.
    fn join(&mut self, budget: usize) -> usize {
        let mut used = 0;
        while used < budget && self.cursor < self.baskets.customers() {
            let range = self.baskets.range(self.cursor);
            used += range.len();
            let joined = self.baskets.first_days[range]
                .iter()
                .copied()
                .min()
                .unwrap_or(i32::MAX);
            self.joined.push(joined);
            self.present += self
                .period_starts
                .iter()
                .filter(|&&start| joined < start)
                .count() as u64;
            self.cursor += 1;
        }
        if self.cursor == self.baskets.customers() {
            if self.present == 0 {
                self.stage = Stage::Done;
                self.done = self.total;
            } else {
                self.owners = vec![0; self.baskets.items()];
                self.takers = vec![0; self.baskets.items()];
                self.next(Stage::TakeUp);
            }
        }
        used
    }

    /// Stage 5: per item and period, customers who already had it and
    /// customers who first bought it during the period.
    fn take_up(&mut self, budget: usize) -> usize {
        let days = self.params.take_up_days.max(1) as i32;
        let mut used = 0;
        while used < budget && self.cursor < self.baskets.customers() {
            let c = self.cursor;
            let joined = self.joined[c];
            let range = self.baskets.range(c);
            used += range.len();
            for i in range {
                let (item, first_day) =
                    (self.baskets.items[i] as usize, self.baskets.first_days[i]);
                for &start in self.period_starts.iter().filter(|&&start| joined < start) {
                    if first_day < start {
                        self.owners[item] += 1;
                    } else if first_day < start + days {
                        self.takers[item] += 1;
                    }
                }
            }
            self.cursor += 1;
        }
        if self.cursor == self.baskets.customers() {
            self.stage = Stage::Done;
            self.done = self.total;
        }
        used
    }

    fn next(&mut self, stage: Stage) {
        self.stage = stage;
        self.cursor = 0;
    }
}
