//! The figures of the value dashboard, computed once per analysis from the
//! per-customer results: the CLV distribution, monthly acquisition
//! cohorts, new customers per month, valuable customers who are slipping
//! away, and share of wallet by category.
//!
//! Months are calendar months of [`crate::analytics::date_of`] (the
//! analysis has no time zone: a day is a date). Only purchases on or before
//! the analysis day count, as everywhere in the analysis.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::analytics::{date_of, day_of};
use crate::metrics::Metrics;
use crate::model::Id;

/// Bins of the CLV histogram, the top one open-ended.
pub const HISTOGRAM_BINS: usize = 10;
/// The share of customers (by CLV) whose values the closed bins are scaled
/// to cover: the top 5 % may fall into the open-ended top bin.
pub const HISTOGRAM_COVERED: f64 = 0.95;
/// Monthly acquisition cohorts shown (the analysis month and the 11 before).
pub const COHORTS: usize = 12;
/// Months followed per cohort (offsets 0–11).
pub const COHORT_MONTHS: usize = 12;
/// Months of new customers shown (the analysis month and the 23 before).
pub const NEW_MONTHS: usize = 24;
/// "Valuable": the top share of customers by CLV.
pub const SLIPPING_TOP_SHARE: f64 = 0.2;
/// "Slipping": P(alive) fell by at least this much …
pub const SLIPPING_DROP: f64 = 0.2;
/// … between this many days before the analysis day and the analysis day.
pub const SLIPPING_DAYS: i32 = 90;
/// Most slipping customers listed.
pub const SLIPPING_MAX: usize = 50;

/// A calendar month. Orders chronologically; shown as `2026-03`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct YearMonth {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl YearMonth {
    /// The month of a date.
    pub fn of_date(date: NaiveDate) -> YearMonth {
        YearMonth {
            year: date.year(),
            month: date.month(),
        }
    }

    /// The month of a day number (see [`crate::analytics::day_of`]).
    pub fn of_day(day: i32) -> YearMonth {
        YearMonth::of_date(date_of(day))
    }

    /// Months since January of year 0 (for arithmetic).
    pub fn ordinal(self) -> i32 {
        self.year * 12 + self.month as i32 - 1
    }

    /// The month of an [`YearMonth::ordinal`].
    pub fn from_ordinal(ordinal: i32) -> YearMonth {
        YearMonth {
            year: ordinal.div_euclid(12),
            month: ordinal.rem_euclid(12) as u32 + 1,
        }
    }

    /// The month `months` later (earlier when negative).
    pub fn plus(self, months: i32) -> YearMonth {
        YearMonth::from_ordinal(self.ordinal() + months)
    }

    /// The day number of the month's first day.
    pub fn first_day(self) -> i32 {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
            .map(day_of)
            .unwrap_or_default()
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// One bar of the CLV histogram: customers whose CLV is in
/// `[from, to)`, or `≥ from` for the open-ended top bin (`to` is `None`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ClvBin {
    /// Lower bound, in major units (lira), inclusive.
    pub from: f64,
    /// Upper bound, exclusive; `None` for the top bin ("≥ from").
    pub to: Option<f64>,
    pub customers: usize,
}

/// How the customers' 12-month CLVs are distributed.
///
/// Bounds are multiples of a round `width` (1, 2, 2.5 or 5 × 10ⁿ lira),
/// the smallest such that nine bins reach the 95th percentile of the CLVs
/// ([`HISTOGRAM_COVERED`]); bins run from 0 up to the bin holding the
/// largest CLV, at most [`HISTOGRAM_BINS`] of them, and the last bin is
/// open-ended ("≥ from") so a few huge values do not squash the others
/// into the first bar. The counts sum to the customers with a CLV.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClvHistogram {
    /// Empty when no customer has a CLV.
    pub bins: Vec<ClvBin>,
    /// The width of every closed bin (0 without bins).
    pub width: f64,
    /// Customers without a CLV (no purchase, or the models could not be
    /// fitted).
    pub without_clv: usize,
}

/// A monthly acquisition cohort: the customers whose first purchase fell
/// in `month`, and which share of them bought in each following month.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Cohort {
    pub month: YearMonth,
    /// Customers whose first purchase was in `month`.
    pub size: usize,
    /// `active[k]`: the share of the cohort who bought at least once in
    /// month `month + k` (so `active[0]` is 1). `None` for months after
    /// the analysis month, and for every month of an empty cohort. The
    /// analysis month itself counts up to the analysis day.
    pub active: [Option<f64>; COHORT_MONTHS],
}

/// Customers whose first purchase was in `month`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCount {
    pub month: YearMonth,
    pub customers: usize,
}

/// A valuable customer who is slipping away (see [`Views::slipping`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Slipping {
    /// Index of the customer in the analysis.
    pub index: u32,
    /// 12-month CLV in major units.
    pub clv: f64,
    /// P(alive) on the analysis day.
    pub p_alive_now: f64,
    /// P(alive) [`SLIPPING_DAYS`] days before, from the customer's
    /// purchases up to then, with the same fitted model.
    pub p_alive_before: f64,
    /// Day number of the last purchase.
    pub last_day: i32,
}

/// Revenue and share of wallet of one purchase category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryShare {
    /// The category as written on the purchases (trimmed); "" for
    /// purchases without one (the UI shows `value-category-none`).
    pub category: String,
    /// Net revenue in minor units (kuruş; refunds reduce it).
    pub revenue: i64,
    /// `revenue` / the revenue of all categories (the shares sum to 1;
    /// all 0 when the total is not positive).
    pub revenue_share: f64,
    /// Customers with at least one purchase in the category.
    pub customers: usize,
    /// `customers` / customers with at least one purchase.
    pub customer_share: f64,
    /// Share of wallet: for each customer who bought in the category, the
    /// part of their own spend that went to it, averaged over those
    /// customers. Spend per category is net of refunds and floored at 0
    /// (a fully refunded category counts as 0), so a customer's shares sum
    /// to 1 over their categories; customers whose spend is 0 in every
    /// category are left out. `None` when no buyer is left.
    pub wallet_share: Option<f64>,
}

/// Everything the value dashboard shows besides the per-customer figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Views {
    pub clv_histogram: ClvHistogram,
    /// [`COHORTS`] cohorts, oldest first, ending with the analysis month.
    pub cohorts: Vec<Cohort>,
    /// New customers (by first purchase) in each of the last
    /// [`NEW_MONTHS`] months, oldest first, ending with the analysis month;
    /// months without a new customer are listed with 0.
    pub new_per_month: Vec<MonthCount>,
    /// "Valuable but slipping": customers in the top
    /// [`SLIPPING_TOP_SHARE`] by CLV (ties at the boundary included) whose
    /// P(alive) fell by at least [`SLIPPING_DROP`] over the last
    /// [`SLIPPING_DAYS`] days; highest CLV first (ties by customer id), at
    /// most [`SLIPPING_MAX`]. Customers who had not bought before that
    /// earlier day cannot slip.
    pub slipping: Vec<Slipping>,
    /// Every category with a purchase, highest revenue first (ties by
    /// name).
    pub categories: Vec<CategoryShare>,
}

/// Fixed-point scale of the summed wallet shares: integer sums do not
/// depend on the order customers are added in (float sums would, in their
/// last bits), so the views do not depend on page order.
const WALLET_SCALE: f64 = (1u64 << 40) as f64;

#[derive(Debug, Clone, Default)]
struct CategoryTotals {
    revenue: i128,
    customers: usize,
    wallet_customers: usize,
    wallet_sum: u128,
}

/// Collects the per-customer parts of the views while the customers are
/// scored, chunk by chunk.
#[derive(Debug, Clone, Default)]
pub(super) struct ViewsBuilder {
    /// First month of the new-customer window ([`NEW_MONTHS`] months).
    first_new: i32,
    /// First cohort month (ordinal).
    first_cohort: i32,
    last_month: i32,
    /// Month ordinal of each day from `table_start` to `as_of`.
    table_start: i32,
    months: Vec<i32>,
    new_counts: [usize; NEW_MONTHS],
    cohort_sizes: [usize; COHORTS],
    cohort_active: [[usize; COHORT_MONTHS]; COHORTS],
    categories: Vec<CategoryTotals>,
    buyers: usize,
    spend: Vec<(u32, i64)>,
}

impl ViewsBuilder {
    pub(super) fn new(as_of: i32, categories: usize) -> ViewsBuilder {
        let last = YearMonth::of_day(as_of);
        let first_new = last.ordinal() - NEW_MONTHS as i32 + 1;
        let table_start = YearMonth::from_ordinal(first_new).first_day();
        let months = (table_start..=as_of)
            .map(|day| YearMonth::of_day(day).ordinal())
            .collect();
        ViewsBuilder {
            first_new,
            first_cohort: last.ordinal() - COHORTS as i32 + 1,
            last_month: last.ordinal(),
            table_start,
            months,
            new_counts: [0; NEW_MONTHS],
            cohort_sizes: [0; COHORTS],
            cohort_active: [[0; COHORT_MONTHS]; COHORTS],
            categories: vec![CategoryTotals::default(); categories],
            buyers: 0,
            spend: Vec::new(),
        }
    }

    /// The month ordinal of a day within the table (`None` before it).
    fn month(&self, day: i32) -> Option<i32> {
        let i = usize::try_from(day - self.table_start).ok()?;
        self.months.get(i).copied()
    }

    /// Adds one customer with at least one purchase up to the analysis day:
    /// `purchases` are (day, category, amount) of those purchases.
    pub(super) fn add_customer(
        &mut self,
        first_day: i32,
        purchases: impl Iterator<Item = (i32, u32, i64)> + Clone,
    ) {
        self.buyers += 1;
        if let Some(first) = self.month(first_day) {
            self.new_counts[(first - self.first_new) as usize] += 1;
            if first >= self.first_cohort {
                let cohort = (first - self.first_cohort) as usize;
                self.cohort_sizes[cohort] += 1;
                let mut bought = 0u32;
                for (day, ..) in purchases.clone() {
                    if let Some(month) = self.month(day) {
                        let offset = month - first;
                        if (0..COHORT_MONTHS as i32).contains(&offset) {
                            bought |= 1 << offset;
                        }
                    }
                }
                for (k, active) in self.cohort_active[cohort].iter_mut().enumerate() {
                    *active += usize::from(bought & (1 << k) != 0);
                }
            }
        }

        // Spend per category, then each category's share of this wallet.
        self.spend.clear();
        self.spend
            .extend(purchases.map(|(_, category, amount)| (category, amount)));
        self.spend.sort_unstable_by_key(|&(category, _)| category);
        let mut merged = 0;
        for i in 0..self.spend.len() {
            let (category, amount) = self.spend[i];
            if merged > 0 && self.spend[merged - 1].0 == category {
                let total = &mut self.spend[merged - 1].1;
                *total = total.saturating_add(amount);
            } else {
                self.spend[merged] = (category, amount);
                merged += 1;
            }
        }
        self.spend.truncate(merged);
        let wallet: i128 = self
            .spend
            .iter()
            .map(|&(_, amount)| i128::from(amount.max(0)))
            .sum();
        for &(category, amount) in &self.spend {
            let totals = &mut self.categories[category as usize];
            totals.revenue += i128::from(amount);
            totals.customers += 1;
            if wallet > 0 {
                let share = amount.max(0) as f64 / wallet as f64;
                totals.wallet_customers += 1;
                totals.wallet_sum += (share * WALLET_SCALE).round() as u128;
            }
        }
    }

    /// The cohorts, new customers per month and categories (`names[i]` is
    /// category `i`).
    pub(super) fn finish(
        &self,
        names: &[String],
    ) -> (Vec<Cohort>, Vec<MonthCount>, Vec<CategoryShare>) {
        let cohorts = (0..COHORTS)
            .map(|i| {
                let month = self.first_cohort + i as i32;
                let size = self.cohort_sizes[i];
                let mut active = [None; COHORT_MONTHS];
                for (k, share) in active.iter_mut().enumerate() {
                    if size > 0 && month + k as i32 <= self.last_month {
                        *share = Some(self.cohort_active[i][k] as f64 / size as f64);
                    }
                }
                Cohort {
                    month: YearMonth::from_ordinal(month),
                    size,
                    active,
                }
            })
            .collect();
        let new_per_month = (0..NEW_MONTHS)
            .map(|i| MonthCount {
                month: YearMonth::from_ordinal(self.first_new + i as i32),
                customers: self.new_counts[i],
            })
            .collect();

        let total: i128 = self.categories.iter().map(|c| c.revenue).sum();
        let mut categories: Vec<CategoryShare> = self
            .categories
            .iter()
            .zip(names)
            .filter(|(totals, _)| totals.customers > 0)
            .map(|(totals, name)| CategoryShare {
                category: name.clone(),
                revenue: totals
                    .revenue
                    .clamp(i128::from(i64::MIN), i128::from(i64::MAX))
                    as i64,
                revenue_share: if total > 0 {
                    totals.revenue as f64 / total as f64
                } else {
                    0.0
                },
                customers: totals.customers,
                customer_share: totals.customers as f64 / self.buyers.max(1) as f64,
                wallet_share: (totals.wallet_customers > 0).then(|| {
                    totals.wallet_sum as f64 / WALLET_SCALE / totals.wallet_customers as f64
                }),
            })
            .collect();
        categories.sort_by(|a, b| {
            b.revenue
                .cmp(&a.revenue)
                .then_with(|| a.category.cmp(&b.category))
        });
        (cohorts, new_per_month, categories)
    }
}

/// The smallest of 1, 2, 2.5 and 5 × 10ⁿ that is at least `x` (> 0).
pub(super) fn nice_ceiling(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let base = 10f64.powi(x.log10().floor() as i32);
    [1.0, 2.0, 2.5, 5.0, 10.0, 20.0]
        .into_iter()
        .map(|m| m * base)
        .find(|&bound| bound >= x * (1.0 - 1e-12))
        .unwrap_or(20.0 * base)
}

/// The CLV histogram of every customer's CLV (`None` without one).
pub(super) fn clv_histogram(clvs: impl Iterator<Item = Option<f64>>) -> ClvHistogram {
    let mut values: Vec<f64> = Vec::new();
    let mut without_clv = 0;
    for clv in clvs {
        match clv {
            Some(v) => values.push(v),
            None => without_clv += 1,
        }
    }
    if values.is_empty() {
        return ClvHistogram {
            bins: Vec::new(),
            width: 0.0,
            without_clv,
        };
    }
    let max = values.iter().copied().fold(0.0, f64::max);
    let rank = ((values.len() as f64 * HISTOGRAM_COVERED).ceil() as usize).clamp(1, values.len());
    let (_, covered, _) = values.select_nth_unstable_by(rank - 1, f64::total_cmp);
    let covered = if *covered > 0.0 { *covered } else { max };
    let width = nice_ceiling(covered / (HISTOGRAM_BINS - 1) as f64);
    let bins_used = ((max / width).floor() as usize + 1).min(HISTOGRAM_BINS);
    let mut bins: Vec<ClvBin> = (0..bins_used)
        .map(|i| ClvBin {
            from: i as f64 * width,
            to: (i + 1 < bins_used).then(|| (i + 1) as f64 * width),
            customers: 0,
        })
        .collect();
    for &v in &values {
        let bin = ((v / width).floor().max(0.0) as usize).min(bins_used - 1);
        bins[bin].customers += 1;
    }
    ClvHistogram {
        bins,
        width,
        without_clv,
    }
}

/// The valuable customers who are slipping (see [`Views::slipping`]):
/// `p_before[i]` is customer `i`'s P(alive) [`SLIPPING_DAYS`] days before
/// the analysis day; `ids` break ties.
pub(super) fn slipping(metrics: &[Metrics], p_before: &[Option<f64>], ids: &[Id]) -> Vec<Slipping> {
    let mut values: Vec<f64> = metrics.iter().filter_map(|m| m.clv).collect();
    if values.is_empty() {
        return Vec::new();
    }
    let top = ((values.len() as f64 * SLIPPING_TOP_SHARE).ceil() as usize).clamp(1, values.len());
    let (_, threshold, _) = values.select_nth_unstable_by(top - 1, |a, b| b.total_cmp(a));
    let threshold = *threshold;
    let mut found: Vec<Slipping> = metrics
        .iter()
        .zip(p_before)
        .enumerate()
        .filter_map(|(i, (m, before))| {
            let clv = m.clv.filter(|&clv| clv >= threshold)?;
            let (now, before) = (m.p_alive?, (*before)?);
            (before - now >= SLIPPING_DROP).then_some(Slipping {
                index: i as u32,
                clv,
                p_alive_now: now,
                p_alive_before: before,
                last_day: m.last_day?,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        b.clv
            .total_cmp(&a.clv)
            .then_with(|| ids[a.index as usize].cmp(&ids[b.index as usize]))
    });
    found.truncate(SLIPPING_MAX);
    found
}
