//! The customer value analysis: everything the dashboard, the segments and
//! the customer page show about what customers are worth, computed in the
//! browser over the whole database in bounded steps.
//!
//! **Flow.** The app reads customers and purchases page by page into a
//! [`Collector`] (which keeps 20 bytes per purchase, never the records),
//! then runs an [`Analyser`] one [`Analyser::step`] at a time, yielding to
//! the browser in between, and takes the [`Analysis`] from
//! [`Analyser::finish`]:
//!
//! ```text
//! Collector::customer / purchases (per page) → finish → Collected
//! Analyser::new(collected, Options::new(today))
//!   step() … step() → Step::Done        (each step bounded)
//!   finish() → Analysis { metrics per customer, RFM, models, offers, views }
//! ```
//!
//! **Phases** ([`Phase`], in order; each step does one bounded piece; `c`
//! is [`Options::chunk`], 5,000 by default):
//! 1. `Group`: items and categories resolved (one step), then the
//!    purchases renumbered and grouped by customer by a counting sort
//!    (10·c purchases per step, two passes).
//! 2. `Rfm`: per-customer totals, the quintile bounds (one step: three
//!    linear-time selections), scores and segments, exactly as
//!    [`crate::rfm::analyse`] computes them (tested against it); c
//!    customers per step.
//! 3. `Summaries`: the BG/NBD summary of every customer as of the
//!    analysis day and [`views::SLIPPING_DAYS`] before, by
//!    [`clv::summarise`] on each chunk of c/4 customers; then the fit
//!    sample (one step).
//! 4. `FitPurchases`, `FitSpend`: the BG/NBD and Gamma-Gamma fits on the
//!    sample, resumed step by step ([`clv::BgNbd::fitter`],
//!    [`clv::GammaGamma::fitter`]): one step checks and condenses the
//!    sample, then each step evaluates the likelihood as often as 8·c
//!    customers allow (twice on 20,000; at least once); progress counts
//!    optimiser iterations (of about 50). The results equal
//!    [`clv::BgNbd::fit`] and [`clv::GammaGamma::fit`] on the sample.
//! 5. `Customers`: every customer's [`Metrics`] (model scores, items), the
//!    next-best-offer baskets and the per-customer parts of the views; c/12
//!    customers per step (scoring runs the BG/NBD series at 13 horizons).
//! 6. `Offers`: the [`nbo::Model`] trained in steps ([`nbo::Training`],
//!    30·c work units per step); it equals [`nbo::Model::train`] on the
//!    same purchases with `until` = the analysis day.
//! 7. `Views`: the CLV histogram, the slipping customers, then cohorts,
//!    new customers per month and categories; one step each ([`Views`]).
//!
//! **Cost**, measured natively (release, a shared 2-core machine, the
//! shortest of three runs per step) on 100,000 demo customers with 940,000
//! purchases: about 590 steps and 0.7 s in all; every step takes at most
//! about 5 ms (most well under 1 ms). The fits on 20,000 customers (about
//! 45 and 55 ms of work) take 25 and 85 steps of at most 3.6 ms (the
//! longest is the one that condenses the sample; an evaluation of the
//! BG/NBD likelihood takes about 0.9 ms, of the Gamma-Gamma's 0.2 ms).
//! Collecting a page of 1,000 purchases takes under 2 ms. The test
//! `step_durations_on_100_000_demo_customers` prints the figures.
//!
//! The result does not depend on the chunk size nor on the order of the
//! pages (customers known only from purchases are ordered by id; the fit
//! sample is chosen and ordered by a hash of the id; sums that could
//! depend on order are integers).
//!
//! **Fit sample.** The models are fitted on at most
//! [`Options::fit_sample`] customers (default 20,000) with a purchase up to
//! the analysis day: those whose id hashes lowest, a pseudo-random sample
//! that stays the same whatever the order of the data. Four BG/NBD and
//! three Gamma-Gamma parameters are pinned down well by 20,000 customers
//! (the standard errors shrink as 1/√n; CDNOW's 2,357 customers already
//! give stable estimates; on the demo data, disjoint samples of 20,000
//! agree within a few per cent), while a fit on 100,000 would take several
//! times as long. Every customer is then scored with the fitted
//! models. A fit error (too few customers, no repeat buyer, …) is kept in
//! [`Analysis::bgnbd`] / [`Analysis::gamma_gamma`], and the model figures
//! of every customer are `None` (P(alive) and expected purchases need the
//! BG/NBD; CLV needs both models).
//!
//! **Only purchases up to the analysis day count** everywhere; later ones
//! (typing errors, imports of planned orders) are counted in
//! [`Analysis::purchases_after`] and otherwise ignored.
//!
//! **One currency.** Amounts in different currencies are never added: the
//! whole analysis (RFM, summaries, fits, CLV, views, offers) reads the
//! purchases of the main currency ([`Analysis::currency`]: the one with the
//! most live purchases, TRY on ties, see
//! [`crate::analytics::CurrencyTally`]); every other currency is reported
//! with its purchase count and total in [`Analysis::other_currencies`] and
//! otherwise left out. We chose this over running the monetary parts once
//! per currency because the models are fitted on spend and frequency
//! together: a second run per currency would double the work and the
//! figures the pages show, for data sets where the other currencies are
//! almost always a small remainder (foreign orders of a Turkish shop).
//! Purchases in another currency still make their customer known (with no
//! purchases, if they have none in the main currency).

mod collect;
mod overview;
#[cfg(test)]
mod tests;
pub mod views;

use std::cmp::Reverse;
use std::collections::HashMap;

use chrono::NaiveDate;

pub use collect::{Collected, Collector};
pub use overview::{CustomerValue, Overview};
pub use views::{
    CategoryShare, ClvBin, ClvHistogram, Cohort, MonthCount, Slipping, Views, YearMonth,
};

use crate::analytics::{CurrencyTotal, Transactions, Txn, day_of};
use crate::clv::{self, BgNbd, BgNbdFit, ClvError, GammaGamma, GammaGammaFit, Period, Summary};
use crate::metrics::{Item, ItemTable, Metrics};
use crate::model::{Currency, Id};
use crate::nbo::{self, Baskets, FastHash, Training};
use crate::rfm::{CustomerRfm, QuintileBounds, RfmResult, Segment};
use collect::{Label, NONE};
use views::ViewsBuilder;

/// How the analysis runs. Build with [`Options::new`] (core has no clock:
/// the caller passes today).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// The analysis day: purchases after it are ignored, recency and the
    /// models' ages count up to it.
    pub as_of: NaiveDate,
    /// The time unit of the BG/NBD summaries. Default [`Period::Week`]:
    /// daily purchase counts are too sparse to model, and weeks are what
    /// `lifetimes` users expect.
    pub period: Period,
    /// CLV horizon in months. Default 12.
    pub months: u32,
    /// Monthly discount rate of the CLV. Default 0.01 (about 12.7 % a
    /// year).
    pub monthly_discount: f64,
    /// Most customers the models are fitted on. Default 20,000 (see the
    /// module documentation).
    pub fit_sample: usize,
    /// The size of a step, in customers for the light passes (the heavier
    /// passes take a fraction, the grouping 10 purchases per customer: see
    /// the module documentation). Default 5,000: at most about 5 ms per
    /// step natively on 100,000 customers with a million purchases. The
    /// result does not depend on it.
    pub chunk: usize,
    /// Thresholds of the next-best-offer model.
    pub offers: nbo::Params,
}

impl Options {
    /// The defaults, analysing as of `as_of`.
    pub fn new(as_of: NaiveDate) -> Options {
        Options {
            as_of,
            period: Period::Week,
            months: 12,
            monthly_discount: 0.01,
            fit_sample: 20_000,
            chunk: 5_000,
            offers: nbo::Params::default(),
        }
    }
}

/// What the analysis is doing, for a progress label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    Group,
    Rfm,
    Summaries,
    FitPurchases,
    FitSpend,
    Customers,
    Offers,
    Views,
}

impl Phase {
    /// Every phase, in the order they run.
    pub const ALL: [Phase; 8] = [
        Phase::Group,
        Phase::Rfm,
        Phase::Summaries,
        Phase::FitPurchases,
        Phase::FitSpend,
        Phase::Customers,
        Phase::Offers,
        Phase::Views,
    ];

    /// Translation key of the phase's progress label.
    pub fn key(self) -> &'static str {
        match self {
            Phase::Group => "value-phase-group",
            Phase::Rfm => "value-phase-rfm",
            Phase::Summaries => "value-phase-summaries",
            Phase::FitPurchases => "value-phase-fit-purchases",
            Phase::FitSpend => "value-phase-fit-spend",
            Phase::Customers => "value-phase-customers",
            Phase::Offers => "value-phase-offers",
            Phase::Views => "value-phase-views",
        }
    }
}

/// What [`Analyser::step`] left to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// More steps are needed. `phase` is the phase the analysis is in now
    /// (the next step works on it), with its progress in its own units
    /// (`done ≤ total`; `total` may be 0 for an empty phase).
    Working {
        phase: Phase,
        done: usize,
        total: usize,
    },
    /// Everything is computed: call [`Analyser::finish`].
    Done,
}

/// Purchases per step in the grouping phase, per [`Options::chunk`]
/// (placing a purchase is a random write into a 16 MB table).
const PURCHASES_PER_CUSTOMER: usize = 10;
/// Work units of the offers training per step, per [`Options::chunk`]
/// (a unit is about one basket item visited, see [`nbo::Training`]).
const OFFER_UNITS_PER_CUSTOMER: usize = 30;
/// Customers summarised per step, as a divisor of [`Options::chunk`]: two
/// summaries per customer, each sorting the customer's purchases.
const SUMMARY_DIVISOR: usize = 4;
/// Customers scored per step, as a divisor of [`Options::chunk`]: scoring
/// (P(alive) twice, the 90-day expectation, 12 discounted months of the
/// BG/NBD series) costs several times a lighter pass.
const SCORING_DIVISOR: usize = 12;

/// Customers per step of the fits' likelihood evaluations, per
/// [`Options::chunk`]: an evaluation is a pass over the fit's customers
/// (condensed: customers with the same summary count once; about 0.9 ms
/// for the BG/NBD on 20,000 natively, less for the Gamma-Gamma), so a step
/// with the default chunk evaluates the likelihood twice on a sample of
/// 20,000, more often on a smaller sample.
const FIT_CUSTOMERS_PER_CHUNK: usize = 8;
/// The fits' progress total, in optimiser iterations: most fits converge
/// in a few dozen (a fit that takes longer shows `done = total`).
const FIT_ITERATIONS: usize = 50;

/// One purchase, grouped under its customer.
#[derive(Debug, Clone, Copy, Default)]
struct Rec {
    day: i32,
    label: u32,
    amount: i64,
}

/// One customer's purchases up to the analysis day.
#[derive(Debug, Clone, Copy)]
struct Totals {
    first_day: i32,
    last_day: i32,
    frequency: u32,
    monetary: i64,
}

const NO_PURCHASE: Totals = Totals {
    first_day: i32::MAX,
    last_day: i32::MIN,
    frequency: 0,
    monetary: 0,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Labels,
    Count,
    Place,
    Totals,
    Bounds,
    Score,
    Summaries,
    Sample,
    FitPurchases,
    FitSpend,
    Customers,
    Offers,
    Views,
    Done,
}

impl Stage {
    fn phase(self) -> Phase {
        match self {
            Stage::Labels | Stage::Count | Stage::Place => Phase::Group,
            Stage::Totals | Stage::Bounds | Stage::Score => Phase::Rfm,
            Stage::Summaries | Stage::Sample => Phase::Summaries,
            Stage::FitPurchases => Phase::FitPurchases,
            Stage::FitSpend => Phase::FitSpend,
            Stage::Customers => Phase::Customers,
            Stage::Offers => Phase::Offers,
            Stage::Views | Stage::Done => Phase::Views,
        }
    }
}

/// The analysis in bounded steps (see the module documentation).
#[derive(Debug, Clone)]
pub struct Analyser {
    options: Options,
    as_of: i32,
    chunk: usize,
    stage: Stage,
    cursor: usize,

    ids: Vec<Id>,
    index: HashMap<Id, u32, FastHash>,
    remap: Option<Vec<u32>>,
    txns: Vec<Txn>,
    labels_of: Vec<u32>,
    labels: Vec<Label>,
    purchases_total: usize,
    /// The currency analysed, and every other one found.
    currency: Currency,
    other_currencies: Vec<CurrencyTotal>,
    /// Whether each label's purchases are in the analysed currency.
    label_counted: Vec<bool>,

    label_item: Vec<u32>,
    label_category: Vec<u32>,
    items: ItemTable,
    categories: Vec<String>,

    /// Purchases of customer `c` are `recs[start[c]..start[c + 1]]`.
    start: Vec<u32>,
    fill: Vec<u32>,
    recs: Vec<Rec>,

    totals: Vec<Totals>,
    analysed: usize,
    after: usize,
    /// Quintile bounds of recency, frequency and spend.
    bounds: [QuintileBounds; 3],
    rfm: Vec<Option<CustomerRfm>>,
    counts: [usize; 10],

    summaries: Vec<Option<Summary>>,
    before: Vec<Option<Summary>>,
    /// (key, id, index) of every customer with a summary.
    sample_keys: Vec<(u64, Id, u32)>,
    sample: Vec<Summary>,
    sample_size: usize,
    bgnbd_fit: Option<BgNbdFit>,
    bgnbd: Option<Result<BgNbd, ClvError>>,
    gamma_gamma_fit: Option<GammaGammaFit>,
    gamma_gamma: Option<Result<GammaGamma, ClvError>>,

    metrics: Vec<Metrics>,
    p_before: Vec<Option<f64>>,
    baskets: Baskets,
    views_builder: ViewsBuilder,
    basket: Vec<(u32, i32)>,

    training: Option<Training>,
    offers: Option<nbo::Model>,
    views: Views,
}

impl Analyser {
    /// Prepares the analysis of `data`. Cheap: the work happens in
    /// [`Analyser::step`].
    pub fn new(data: Collected, options: Options) -> Analyser {
        let Collected {
            ids,
            index,
            remap,
            txns,
            labels_of,
            labels,
            tally,
        } = data;
        let currency = tally.main();
        Analyser {
            currency,
            other_currencies: tally.others(currency),
            label_counted: Vec::new(),
            as_of: day_of(options.as_of),
            chunk: options.chunk.max(1),
            options,
            stage: Stage::Labels,
            cursor: 0,
            purchases_total: txns.len(),
            ids,
            index,
            remap,
            txns,
            labels_of,
            labels,
            label_item: Vec::new(),
            label_category: Vec::new(),
            items: ItemTable::default(),
            categories: Vec::new(),
            start: Vec::new(),
            fill: Vec::new(),
            recs: Vec::new(),
            totals: Vec::new(),
            analysed: 0,
            after: 0,
            bounds: [QuintileBounds::select(&mut []); 3],
            rfm: Vec::new(),
            counts: [0; 10],
            summaries: Vec::new(),
            before: Vec::new(),
            sample_keys: Vec::new(),
            sample: Vec::new(),
            sample_size: 0,
            bgnbd_fit: None,
            bgnbd: None,
            gamma_gamma_fit: None,
            gamma_gamma: None,
            metrics: Vec::new(),
            p_before: Vec::new(),
            baskets: Baskets::new(Vec::new(), Vec::new()),
            views_builder: ViewsBuilder::default(),
            basket: Vec::new(),
            training: None,
            offers: None,
            views: Views::default(),
        }
    }

    /// Customers analysed.
    fn customers(&self) -> usize {
        self.ids.len()
    }

    /// Does one bounded piece of work and says what is left.
    pub fn step(&mut self) -> Step {
        match self.stage {
            Stage::Labels => self.resolve_labels(),
            Stage::Count => self.count(),
            Stage::Place => self.place(),
            Stage::Totals => self.add_totals(),
            Stage::Bounds => self.select_bounds(),
            Stage::Score => self.score_rfm(),
            Stage::Summaries => self.summarise(),
            Stage::Sample => self.choose_sample(),
            Stage::FitPurchases => self.fit_purchases(),
            Stage::FitSpend => self.fit_spend(),
            Stage::Customers => self.score_customers(),
            Stage::Offers => self.train_offers(),
            Stage::Views => self.make_views(),
            Stage::Done => {}
        }
        if self.stage == Stage::Done {
            return Step::Done;
        }
        let (done, total) = self.progress();
        Step::Working {
            phase: self.stage.phase(),
            done,
            total,
        }
    }

    /// Progress within the current phase.
    fn progress(&self) -> (usize, usize) {
        let (n, p) = (self.customers(), self.purchases_total);
        match self.stage {
            Stage::Labels => (0, 2 * p),
            Stage::Count => (self.cursor, 2 * p),
            Stage::Place => (p + self.cursor, 2 * p),
            Stage::Totals => (self.cursor, 2 * n),
            Stage::Bounds => (n, 2 * n),
            Stage::Score => (n + self.cursor, 2 * n),
            Stage::Summaries => (self.cursor, n + 1),
            Stage::Sample => (n, n + 1),
            Stage::FitPurchases => fit_progress(self.bgnbd_fit.as_ref().map(BgNbdFit::iterations)),
            Stage::FitSpend => {
                fit_progress(self.gamma_gamma_fit.as_ref().map(GammaGammaFit::iterations))
            }
            Stage::Customers => (self.cursor, n),
            Stage::Offers => self.training.as_ref().map_or((0, 0), |t| t.progress()),
            Stage::Views => (self.cursor, 3),
            Stage::Done => (3, 3),
        }
    }

    /// Runs the steps that are left and returns the result.
    pub fn finish(mut self) -> Analysis {
        while self.step() != Step::Done {}
        let folded_products = self
            .items
            .items
            .iter()
            .map(|item| crate::text::fold(item.product.trim()))
            .collect();
        let bgnbd = self.bgnbd.unwrap_or(Err(ClvError::TooFewCustomers {
            found: 0,
            needed: clv::MIN_CUSTOMERS,
        }));
        let gamma_gamma = self.gamma_gamma.unwrap_or(Err(ClvError::TooFewCustomers {
            found: 0,
            needed: clv::MIN_CUSTOMERS,
        }));
        Analysis {
            as_of: self.as_of,
            customers: self.ids.len(),
            ids: self.ids,
            rfm: RfmResult {
                per_customer: self.rfm,
                counts: self.counts,
                as_of: self.as_of,
            },
            metrics: self.metrics,
            items: self.items,
            bgnbd,
            gamma_gamma,
            offers: self.offers.unwrap_or_default(),
            views: self.views,
            purchases: self.analysed,
            purchases_after: self.after,
            currency: self.currency,
            other_currencies: self.other_currencies,
            fit_customers: self.sample_size,
            index: self.index,
            folded_products,
        }
    }

    /// Items (SKUs with a purchase up to the analysis day, in SKU order,
    /// named after their latest such purchase) and categories.
    fn resolve_labels(&mut self) {
        let as_of = self.as_of;
        let currency = self.currency;
        self.label_counted = self.labels.iter().map(|l| l.currency == currency).collect();
        let latest: Vec<Option<(i32, i64)>> = self
            .labels
            .iter()
            .map(|label| label.latest(as_of))
            .collect();
        let mut order: Vec<u32> = (0..self.labels.len() as u32)
            .filter(|&l| self.label_counted[l as usize] && !self.labels[l as usize].sku.is_empty())
            .collect();
        let labels = &self.labels;
        order.sort_by(|&a, &b| labels[a as usize].sku.cmp(&labels[b as usize].sku));
        self.label_item = vec![NONE; labels.len()];
        for group in order.chunk_by(|&a, &b| labels[a as usize].sku == labels[b as usize].sku) {
            // The latest purchase names the item: by day, then change time,
            // then the smaller product name (as nbo::Model::train), then the
            // smaller category.
            let best = group
                .iter()
                .filter_map(|&l| {
                    let label = &labels[l as usize];
                    let (day, stamp) = latest[l as usize]?;
                    Some((
                        (
                            day,
                            stamp,
                            Reverse(&label.product),
                            Reverse(&label.category),
                        ),
                        label,
                    ))
                })
                .max_by(|a, b| a.0.cmp(&b.0));
            if let Some((_, label)) = best {
                let item = self.items.items.len() as u32;
                self.items.items.push(Item {
                    sku: label.sku.clone(),
                    product: label.product.clone(),
                    category: label.category.clone(),
                });
                for &l in group {
                    self.label_item[l as usize] = item;
                }
            }
        }
        let mut categories: Vec<&str> = labels
            .iter()
            .filter(|l| l.currency == currency)
            .map(|l| l.category.as_str())
            .collect();
        categories.sort_unstable();
        categories.dedup();
        self.label_category = labels
            .iter()
            .map(|l| {
                if l.currency != currency {
                    return NONE;
                }
                categories
                    .binary_search(&l.category.as_str())
                    .map_or(NONE, |i| i as u32)
            })
            .collect();
        self.categories = categories.into_iter().map(str::to_string).collect();
        self.start = vec![0; self.customers() + 1];
        self.stage = Stage::Count;
    }

    fn new_index(&self, collected: u32) -> usize {
        match &self.remap {
            Some(remap) => remap[collected as usize] as usize,
            None => collected as usize,
        }
    }

    /// Purchases per customer (first pass of the counting sort), in the
    /// analysed currency only.
    fn count(&mut self) {
        let end = (self.cursor + self.chunk * PURCHASES_PER_CUSTOMER).min(self.txns.len());
        let mut counted = 0;
        for i in self.cursor..end {
            if !self.label_counted[self.labels_of[i] as usize] {
                continue;
            }
            let c = self.new_index(self.txns[i].customer);
            self.start[c + 1] += 1;
            counted += 1;
        }
        // The grouped table is initialised a slice per step too (16 MB for a
        // million purchases would take a step of its own).
        self.recs.resize(self.recs.len() + counted, Rec::default());
        self.cursor = end;
        if self.cursor == self.txns.len() {
            for c in 0..self.customers() {
                self.start[c + 1] += self.start[c];
            }
            self.fill = self.start.clone();
            self.cursor = 0;
            self.stage = Stage::Place;
        }
    }

    /// Each purchase into its customer's range (second pass).
    fn place(&mut self) {
        let end = (self.cursor + self.chunk * PURCHASES_PER_CUSTOMER).min(self.txns.len());
        for i in self.cursor..end {
            if !self.label_counted[self.labels_of[i] as usize] {
                continue;
            }
            let t = self.txns[i];
            let c = self.new_index(t.customer);
            let slot = &mut self.fill[c];
            self.recs[*slot as usize] = Rec {
                day: t.day,
                label: self.labels_of[i],
                amount: t.amount,
            };
            *slot += 1;
        }
        self.cursor = end;
        if self.cursor == self.txns.len() {
            self.txns = Vec::new();
            self.labels_of = Vec::new();
            self.labels = Vec::new();
            self.label_counted = Vec::new();
            self.fill = Vec::new();
            self.remap = None;
            self.totals = Vec::with_capacity(self.customers());
            self.cursor = 0;
            self.stage = Stage::Totals;
        }
    }

    /// The purchases of customer `c` (all, including those after the
    /// analysis day).
    fn recs(&self, c: usize) -> &[Rec] {
        &self.recs[self.start[c] as usize..self.start[c + 1] as usize]
    }

    /// The next chunk of customers, `cursor..end`.
    fn next_chunk(&self, size: usize) -> std::ops::Range<usize> {
        self.cursor..(self.cursor + size.max(1)).min(self.customers())
    }

    fn add_totals(&mut self) {
        for c in self.next_chunk(self.chunk) {
            let mut t = NO_PURCHASE;
            let mut after = 0;
            for r in self.recs(c) {
                if r.day > self.as_of {
                    after += 1;
                    continue;
                }
                t.first_day = t.first_day.min(r.day);
                t.last_day = t.last_day.max(r.day);
                t.frequency += 1;
                t.monetary = t.monetary.saturating_add(r.amount);
            }
            self.analysed += t.frequency as usize;
            self.after += after;
            self.totals.push(t);
        }
        self.cursor = self.totals.len();
        if self.cursor == self.customers() {
            self.stage = Stage::Bounds;
        }
    }

    /// The quintile bounds of recency, frequency and spend (as
    /// [`crate::rfm::analyse`]: linear-time selections over the buyers).
    fn select_bounds(&mut self) {
        let buyers = || self.totals.iter().filter(|t| t.frequency > 0);
        let mut scratch: Vec<i64> = Vec::with_capacity(self.totals.len());
        let mut bounds = |value: fn(&Totals) -> i64| {
            scratch.clear();
            scratch.extend(buyers().map(value));
            QuintileBounds::select(&mut scratch)
        };
        self.bounds = [
            bounds(|t| i64::from(t.last_day)),
            bounds(|t| i64::from(t.frequency)),
            bounds(|t| t.monetary),
        ];
        self.rfm = Vec::with_capacity(self.customers());
        self.cursor = 0;
        self.stage = Stage::Score;
    }

    fn score_rfm(&mut self) {
        let [r_bounds, f_bounds, m_bounds] = self.bounds;
        for c in self.next_chunk(self.chunk) {
            let t = self.totals[c];
            if t.frequency == 0 {
                self.rfm.push(None);
                continue;
            }
            let r = r_bounds.score(i64::from(t.last_day));
            let f = f_bounds.score(i64::from(t.frequency));
            let segment = Segment::from_scores(r, f);
            self.counts[segment.index()] += 1;
            self.rfm.push(Some(CustomerRfm {
                recency_days: self.as_of.saturating_sub(t.last_day),
                frequency: t.frequency,
                monetary: t.monetary,
                r,
                f,
                m: m_bounds.score(t.monetary),
                segment,
            }));
        }
        self.cursor = self.rfm.len();
        if self.cursor == self.customers() {
            self.summaries = Vec::with_capacity(self.customers());
            self.before = Vec::with_capacity(self.customers());
            self.cursor = 0;
            self.stage = Stage::Summaries;
        }
    }

    /// The summaries of a chunk of customers as of `end_day`, by
    /// [`clv::summarise`] over the chunk's purchases.
    fn summaries_of(
        &self,
        chunk: std::ops::Range<usize>,
        end_days: [i32; 2],
    ) -> [Vec<Option<Summary>>; 2] {
        let first = chunk.start;
        let mut table = Transactions {
            customers: chunk.len(),
            txns: Vec::with_capacity((self.start[chunk.end] - self.start[chunk.start]) as usize),
        };
        for c in chunk {
            table.txns.extend(self.recs(c).iter().map(|r| Txn {
                customer: (c - first) as u32,
                day: r.day,
                amount: r.amount,
            }));
        }
        end_days.map(|end| clv::summarise(&table, self.options.period, end))
    }

    fn summarise(&mut self) {
        let chunk = self.next_chunk(self.chunk / SUMMARY_DIVISOR);
        let [now, before] = self.summaries_of(
            chunk.clone(),
            [self.as_of, self.as_of - views::SLIPPING_DAYS],
        );
        for (c, summary) in chunk.zip(&now) {
            if summary.is_some() {
                let id = self.ids[c];
                self.sample_keys.push((sample_key(id), id, c as u32));
            }
        }
        self.summaries.extend(now);
        self.before.extend(before);
        self.cursor = self.summaries.len();
        if self.cursor == self.customers() {
            self.stage = Stage::Sample;
        }
    }

    /// At most [`Options::fit_sample`] customers with a summary: those whose
    /// id hashes lowest, in hash order.
    fn choose_sample(&mut self) {
        let mut keyed = std::mem::take(&mut self.sample_keys);
        let size = self.options.fit_sample.min(keyed.len());
        if size < keyed.len() && size > 0 {
            keyed.select_nth_unstable(size - 1);
        }
        keyed.truncate(size);
        keyed.sort_unstable();
        self.sample = keyed
            .iter()
            .filter_map(|&(.., c)| self.summaries[c as usize])
            .collect();
        self.sample_size = self.sample.len();
        self.stage = Stage::FitPurchases;
    }

    /// The BG/NBD fit: the sample checked and condensed in one step
    /// ([`BgNbd::fitter`]), then a bounded number of likelihood evaluations
    /// per step.
    fn fit_purchases(&mut self) {
        let Some(fit) = self.bgnbd_fit.as_mut() else {
            match BgNbd::fitter(&self.sample) {
                Ok(fit) => self.bgnbd_fit = Some(fit),
                Err(error) => {
                    self.bgnbd = Some(Err(error));
                    self.stage = Stage::FitSpend;
                }
            }
            return;
        };
        let evaluations = fit_evaluations(self.chunk, fit.customers());
        let done = (0..evaluations).find_map(|_| fit.step());
        if let Some(result) = done {
            self.bgnbd = Some(result);
            self.bgnbd_fit = None;
            self.stage = Stage::FitSpend;
        }
    }

    /// The Gamma-Gamma fit, as [`Analyser::fit_purchases`].
    fn fit_spend(&mut self) {
        let Some(fit) = self.gamma_gamma_fit.as_mut() else {
            match GammaGamma::fitter(&self.sample) {
                Ok(fit) => self.gamma_gamma_fit = Some(fit),
                Err(error) => {
                    self.gamma_gamma = Some(Err(error));
                    self.end_fits();
                }
            }
            return;
        };
        let evaluations = fit_evaluations(self.chunk, fit.customers());
        let done = (0..evaluations).find_map(|_| fit.step());
        if let Some(result) = done {
            self.gamma_gamma = Some(result);
            self.gamma_gamma_fit = None;
            self.end_fits();
        }
    }

    fn end_fits(&mut self) {
        self.sample = Vec::new();
        self.start_customers();
    }

    fn start_customers(&mut self) {
        let items = &self.items.items;
        self.baskets = Baskets::new(
            items.iter().map(|i| i.sku.clone()).collect(),
            items.iter().map(|i| i.product.clone()).collect(),
        );
        self.views_builder = ViewsBuilder::new(self.as_of, self.categories.len());
        self.metrics = Vec::with_capacity(self.customers());
        self.p_before = Vec::with_capacity(self.customers());
        self.cursor = 0;
        self.stage = Stage::Customers;
    }

    /// Model scores, items, baskets and the views' per-customer parts.
    fn score_customers(&mut self) {
        // Moved out while the customers' purchases are borrowed.
        let mut baskets =
            std::mem::replace(&mut self.baskets, Baskets::new(Vec::new(), Vec::new()));
        let mut builder = std::mem::take(&mut self.views_builder);
        let bgnbd = self.bgnbd.as_ref().and_then(|fit| fit.as_ref().ok());
        let gamma_gamma = self.gamma_gamma.as_ref().and_then(|fit| fit.as_ref().ok());
        let horizon_90 = periods_in_days(self.options.period, 90);
        let mut basket = std::mem::take(&mut self.basket);
        for c in self.next_chunk(self.chunk / SCORING_DIVISOR) {
            let t = self.totals[c];
            let bought = t.frequency > 0;
            let summary = self.summaries[c];
            let p_alive = bgnbd.zip(summary).map(|(m, s)| m.p_alive(&s));
            let expected = bgnbd
                .zip(summary)
                .map(|(m, s)| m.expected_purchases(&s, horizon_90));
            let clv = bgnbd.zip(gamma_gamma).zip(summary).map(|((bg, gg), s)| {
                clv::clv(
                    bg,
                    gg,
                    &s,
                    self.options.period,
                    self.options.months,
                    self.options.monthly_discount,
                )
            });
            self.p_before
                .push(bgnbd.zip(self.before[c]).map(|(m, s)| m.p_alive(&s)));

            let as_of = self.as_of;
            let analysed = self.recs(c).iter().filter(|r| r.day <= as_of);
            basket.clear();
            basket.extend(analysed.clone().filter_map(|r| {
                let item = self.label_item[r.label as usize];
                (item != NONE).then_some((item, r.day))
            }));
            let mut items: Vec<u32> = basket.iter().map(|&(item, _)| item).collect();
            items.sort_unstable();
            items.dedup();
            baskets.add_customer(&mut basket);
            if bought {
                let categories = &self.label_category;
                builder.add_customer(
                    t.first_day,
                    analysed.map(|r| (r.day, categories[r.label as usize], r.amount)),
                );
            }
            self.metrics.push(Metrics {
                purchases: t.frequency,
                total_spent: t.monetary,
                first_day: bought.then_some(t.first_day),
                last_day: bought.then_some(t.last_day),
                rfm: self.rfm[c],
                p_alive,
                expected_purchases_90d: expected,
                clv,
                items,
            });
        }
        self.basket = basket;
        self.views_builder = builder;
        self.cursor = self.metrics.len();
        if self.cursor == self.customers() {
            self.training = Some(Training::new(baskets, self.as_of, &self.options.offers));
            self.summaries = Vec::new();
            self.before = Vec::new();
            self.recs = Vec::new();
            self.start = Vec::new();
            self.totals = Vec::new();
            self.cursor = 0;
            self.stage = Stage::Offers;
        } else {
            self.baskets = baskets;
        }
    }

    fn train_offers(&mut self) {
        let Some(training) = self.training.as_mut() else {
            self.stage = Stage::Views;
            return;
        };
        if training.step(self.chunk.saturating_mul(OFFER_UNITS_PER_CUSTOMER)) {
            self.offers = self.training.take().map(Training::finish);
            self.cursor = 0;
            self.stage = Stage::Views;
        }
    }

    fn make_views(&mut self) {
        match self.cursor {
            0 => {
                self.views.clv_histogram = views::clv_histogram(self.metrics.iter().map(|m| m.clv));
            }
            1 => {
                self.views.slipping = views::slipping(&self.metrics, &self.p_before, &self.ids);
                self.p_before = Vec::new();
            }
            _ => {
                let (cohorts, new_per_month, categories) =
                    self.views_builder.finish(&self.categories);
                self.views.cohorts = cohorts;
                self.views.new_per_month = new_per_month;
                self.views.categories = categories;
                self.stage = Stage::Done;
            }
        }
        self.cursor += 1;
    }
}

/// Likelihood evaluations per fit step, for a fit on `customers` (at least
/// one).
fn fit_evaluations(chunk: usize, customers: usize) -> usize {
    (chunk.saturating_mul(FIT_CUSTOMERS_PER_CHUNK) / customers.max(1)).max(1)
}

/// A fit's progress from its iterations so far (`None` before the fitter
/// is made).
fn fit_progress(iterations: Option<usize>) -> (usize, usize) {
    let done = iterations.unwrap_or(0);
    (done, done.max(FIT_ITERATIONS))
}

/// `days` in the periods of `period` (90 days = 90/7 weeks).
fn periods_in_days(period: Period, days: u32) -> f64 {
    match period {
        Period::Day => f64::from(days),
        Period::Week => f64::from(days) / 7.0,
    }
}

/// The fit sample's key of a customer: a 64-bit mix (SplitMix64's
/// finaliser) of the id's bytes, so that the sample is spread over the
/// customers whatever order they were created or registered in.
fn sample_key(id: Id) -> u64 {
    let bytes = id.as_bytes();
    let mut high = [0u8; 8];
    let mut low = [0u8; 8];
    high.copy_from_slice(&bytes[..8]);
    low.copy_from_slice(&bytes[8..]);
    let mix = |mut z: u64| {
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    mix(mix(u64::from_le_bytes(high)) ^ u64::from_le_bytes(low))
}

/// The result of the value analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The analysis day (see [`crate::analytics::day_of`]).
    pub as_of: i32,
    /// Customer ids in index order: registered customers in registration
    /// order, then customers known only from purchases, by id.
    pub ids: Vec<Id>,
    /// RFM of every customer, as [`crate::rfm::analyse`] computes it.
    pub rfm: RfmResult,
    /// One per customer, in index order.
    pub metrics: Vec<Metrics>,
    /// Every SKU bought up to the analysis day, in SKU order, named after
    /// its latest purchase; also the offers model's items, in its order.
    pub items: ItemTable,
    /// The BG/NBD fit on the sample, or why it failed.
    pub bgnbd: Result<BgNbd, ClvError>,
    /// The Gamma-Gamma fit on the sample, or why it failed.
    pub gamma_gamma: Result<GammaGamma, ClvError>,
    /// The next-best-offer model, trained on the purchases up to the
    /// analysis day.
    pub offers: nbo::Model,
    pub views: Views,
    /// Customers analysed (`ids.len()`), with or without purchases.
    pub customers: usize,
    /// Live purchases in [`Analysis::currency`] up to the analysis day.
    pub purchases: usize,
    /// Live purchases in [`Analysis::currency`] dated after the analysis
    /// day (ignored).
    pub purchases_after: usize,
    /// The currency of every amount in the analysis (totals, RFM spend,
    /// CLV, category revenue).
    pub currency: Currency,
    /// Every other currency found, most purchases first: its live purchases
    /// (whatever their date) and their total, none of them analysed.
    pub other_currencies: Vec<CurrencyTotal>,
    /// Customers the models were fitted on (the sample).
    pub fit_customers: usize,
    index: HashMap<Id, u32, FastHash>,
    /// Each item's product name, folded for matching owned products.
    folded_products: Vec<String>,
}

impl Analysis {
    /// The index of a customer.
    pub fn index_of(&self, id: Id) -> Option<u32> {
        self.index.get(&id).copied()
    }

    /// The metrics of a customer.
    pub fn metrics_of(&self, id: Id) -> Option<&Metrics> {
        self.metrics.get(self.index_of(id)? as usize)
    }

    /// Customers with at least one purchase up to the analysis day.
    pub fn buyers(&self) -> usize {
        self.rfm.scored()
    }

    /// The top `n` next best offers for a customer: never an item they
    /// bought, nor one they own (`owned_products`, as on the customer
    /// record: SKUs or product names, matched case- and
    /// accent-insensitively via [`crate::text::fold`]).
    pub fn offers_for(&self, id: Id, owned_products: &[String], n: usize) -> Vec<nbo::Offer> {
        let mut owned: Vec<&str> = self
            .metrics_of(id)
            .map(|m| {
                m.items
                    .iter()
                    .filter_map(|&i| self.items.get(i))
                    .map(|item| item.sku.as_str())
                    .collect()
            })
            .unwrap_or_default();
        for product in owned_products {
            let product = product.trim();
            if product.is_empty() {
                continue;
            }
            let folded = crate::text::fold(product);
            for (item, name) in self.items.items.iter().zip(&self.folded_products) {
                if item.sku == product || *name == folded {
                    owned.push(&item.sku);
                }
            }
        }
        self.offers.offers(&owned, n)
    }
}

#[cfg(test)]
mod fit_steps {
    //! The fit phases in bounded steps (the rest of the analysis is tested
    //! in `tests.rs`).

    use super::*;
    use crate::demo::{DemoGenerator, DemoSpec};

    fn analyser(customers: usize, options: Options) -> Analyser {
        let as_of = options.as_of;
        let spec = DemoSpec::new(DemoSpec::DEFAULT_SEED, customers, as_of);
        let mut generator = DemoGenerator::new(spec);
        let mut collector = Collector::new();
        while let Some(chunk) = generator.next_chunk(1_000) {
            for c in &chunk.customers {
                collector.customer(c);
            }
            collector.purchases(&chunk.purchases);
        }
        Analyser::new(collector.finish(), options)
    }

    #[test]
    fn a_step_evaluates_the_likelihood_twice_on_the_default_sample() {
        let options = Options::new(NaiveDate::from_ymd_opt(2026, 5, 20).expect("date"));
        assert_eq!(fit_evaluations(options.chunk, options.fit_sample), 2);
        assert_eq!(fit_evaluations(options.chunk, 17_000), 2);
        assert_eq!(fit_evaluations(options.chunk, 2_000), 20);
        assert_eq!(fit_evaluations(1, 20_000), 1);
        assert_eq!(fit_evaluations(5_000, 0), 40_000);
    }

    #[test]
    fn the_fits_run_in_bounded_steps_and_equal_the_one_shot_fits() {
        let options = Options {
            chunk: 250,
            ..Options::new(NaiveDate::from_ymd_opt(2026, 5, 20).expect("date"))
        };
        let mut analyser = analyser(2_000, options);
        while analyser.stage != Stage::FitPurchases {
            assert!(matches!(analyser.step(), Step::Working { .. }));
        }
        let sample = analyser.sample.clone();
        assert!(sample.len() > 1_500, "{}", sample.len());
        let budget = |customers: usize| fit_evaluations(options.chunk, customers);
        assert_eq!(budget(sample.len()), 1);

        let mut steps = [0usize; 2];
        let mut last_done = 0;
        loop {
            let stage = analyser.stage;
            let before = match stage {
                Stage::FitPurchases => analyser.bgnbd_fit.as_ref().map(BgNbdFit::evaluations),
                Stage::FitSpend => analyser
                    .gamma_gamma_fit
                    .as_ref()
                    .map(GammaGammaFit::evaluations),
                _ => break,
            };
            let step = analyser.step();
            let after = match stage {
                Stage::FitPurchases => analyser.bgnbd_fit.as_ref().map(BgNbdFit::evaluations),
                _ => analyser
                    .gamma_gamma_fit
                    .as_ref()
                    .map(GammaGammaFit::evaluations),
            };
            steps[usize::from(stage == Stage::FitSpend)] += 1;
            match (before, after) {
                // Preparing evaluates nothing.
                (None, _) => assert_eq!(after, Some(0)),
                // One evaluation per step here (the last one ends the fit
                // and drops the fitter).
                (Some(b), Some(a)) => assert_eq!(a, b + 1),
                (Some(_), None) => {}
            }
            let Step::Working { phase, done, total } = step else {
                panic!("the analysis ended in the fits");
            };
            assert!(done <= total, "{phase:?}: {done} > {total}");
            if phase == stage.phase() {
                assert!(done >= last_done, "{phase:?}: {done} < {last_done}");
                last_done = done;
            } else {
                assert_eq!(done, 0, "{phase:?}");
                last_done = 0;
            }
        }
        // Many steps each: an evaluation per step, several per iteration.
        assert!(steps.iter().all(|&n| n > 15), "{steps:?}");

        let analysis = analyser.finish();
        assert_eq!(analysis.fit_customers, sample.len());
        let bgnbd = BgNbd::fit(&sample);
        assert!(bgnbd.is_ok(), "{bgnbd:?}");
        assert_eq!(analysis.bgnbd, bgnbd);
        let gamma_gamma = GammaGamma::fit(&sample);
        assert!(gamma_gamma.is_ok(), "{gamma_gamma:?}");
        assert_eq!(analysis.gamma_gamma, gamma_gamma);
    }

    #[test]
    fn a_fit_error_in_the_data_ends_its_phase_in_one_step() {
        let options = Options::new(NaiveDate::from_ymd_opt(2026, 5, 20).expect("date"));
        let mut analyser = analyser(5, options);
        while analyser.stage != Stage::FitPurchases {
            analyser.step();
        }
        analyser.step();
        assert_eq!(analyser.stage, Stage::FitSpend);
        analyser.step();
        assert_eq!(analyser.stage, Stage::Customers);
        let analysis = analyser.finish();
        assert!(
            matches!(analysis.bgnbd, Err(ClvError::TooFewCustomers { .. })),
            "{:?}",
            analysis.bgnbd
        );
        assert!(analysis.gamma_gamma.is_err(), "{:?}", analysis.gamma_gamma);
    }
}
