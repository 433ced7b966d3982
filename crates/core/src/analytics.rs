//! The compact purchase table every analysis reads (RFM, CLV, next best
//! offer): one `Txn` per purchase with a dense customer index, the day as an
//! integer and the amount in minor units, so a million purchases fit in
//! 16 MB and scan fast in wasm.
//!
//! A table holds amounts of **one currency**: amounts in different
//! currencies are never added together. [`CurrencyTally`] counts the
//! purchases per currency and names the main one (the most purchases,
//! TRY on ties); builders keep the main currency's purchases and report
//! the others.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::{Currency, Id, Purchase};

/// One purchase as the analyses see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Txn {
    /// Index into the customer list of the [`Transactions`].
    pub customer: u32,
    /// Days since 1970-01-01 (see [`day_of`]).
    pub day: i32,
    /// Amount in minor units (kuruş, cents) of the table's one currency.
    pub amount: i64,
}

/// The live purchases of one currency: how many, and their total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CurrencyTotal {
    pub currency: Currency,
    pub purchases: usize,
    /// Sum of the amounts in minor units of `currency` (saturating).
    pub total: i64,
}

/// Purchases counted per currency, to pick the one an analysis reads.
///
/// Invariant: at most one entry per currency; the main currency is the one
/// with the most purchases, [`Currency::TRY`] on a tie with it, otherwise
/// the smaller code on a tie (so the choice never depends on page order);
/// TRY when there are no purchases.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CurrencyTally {
    totals: Vec<CurrencyTotal>,
}

impl CurrencyTally {
    /// Counts one purchase of `amount` minor units in `currency`; returns
    /// the currency's index in the tally (stable for the tally's life).
    pub fn add(&mut self, currency: Currency, amount: i64) -> usize {
        // Data sets hold a handful of currencies: a linear scan beats a map.
        let i = match self.totals.iter().position(|t| t.currency == currency) {
            Some(i) => i,
            None => {
                self.totals.push(CurrencyTotal {
                    currency,
                    purchases: 0,
                    total: 0,
                });
                self.totals.len() - 1
            }
        };
        let t = &mut self.totals[i];
        t.purchases += 1;
        t.total = t.total.saturating_add(amount);
        i
    }

    /// The currency with the most purchases (see the type's invariant).
    pub fn main(&self) -> Currency {
        self.totals
            .iter()
            .max_by(|a, b| {
                a.purchases
                    .cmp(&b.purchases)
                    .then_with(|| (a.currency == Currency::TRY).cmp(&(b.currency == Currency::TRY)))
                    .then_with(|| b.currency.cmp(&a.currency))
            })
            .map_or(Currency::TRY, |t| t.currency)
    }

    /// The index [`CurrencyTally::add`] returned for `currency`.
    pub fn index_of(&self, currency: Currency) -> Option<usize> {
        self.totals.iter().position(|t| t.currency == currency)
    }

    /// Every currency but `main`, most purchases first (then by code).
    pub fn others(&self, main: Currency) -> Vec<CurrencyTotal> {
        let mut others: Vec<CurrencyTotal> = self
            .totals
            .iter()
            .filter(|t| t.currency != main)
            .copied()
            .collect();
        others.sort_by(|a, b| {
            b.purchases
                .cmp(&a.purchases)
                .then_with(|| a.currency.cmp(&b.currency))
        });
        others
    }

    /// Every currency counted, in the order first seen.
    pub fn all(&self) -> &[CurrencyTotal] {
        &self.totals
    }
}

/// Purchases of `customers` customers (indexes `0..customers`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transactions {
    pub customers: usize,
    pub txns: Vec<Txn>,
}

/// The day number of a date (days since 1970-01-01).
pub fn day_of(date: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (date - epoch).num_days() as i32
}

/// The date of a day number.
pub fn date_of(day: i32) -> NaiveDate {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    epoch + chrono::Duration::days(i64::from(day))
}

/// Builds [`Transactions`] page by page from stored purchases. Keeps the
/// purchases of every currency until [`TransactionsBuilder::finish`], which
/// keeps only the main currency's (see [`CurrencyTally`]).
#[derive(Debug, Default)]
pub struct TransactionsBuilder {
    index: HashMap<Id, u32>,
    ids: Vec<Id>,
    txns: Vec<Txn>,
    /// The tally index of each purchase's currency.
    currency_of: Vec<usize>,
    tally: CurrencyTally,
}

impl TransactionsBuilder {
    pub fn new() -> TransactionsBuilder {
        TransactionsBuilder::default()
    }

    /// Registers a customer without purchases (so it has an index too).
    pub fn customer(&mut self, id: Id) -> u32 {
        let ids = &mut self.ids;
        *self.index.entry(id).or_insert_with(|| {
            ids.push(id);
            (ids.len() - 1) as u32
        })
    }

    /// Adds the live purchases of a page.
    pub fn add(&mut self, purchases: &[Purchase]) {
        self.txns.reserve(purchases.len());
        for p in purchases.iter().filter(|p| !p.deleted) {
            let customer = self.customer(p.customer_id);
            self.currency_of
                .push(self.tally.add(p.currency, p.amount.minor()));
            self.txns.push(Txn {
                customer,
                day: day_of(p.date),
                amount: p.amount.minor(),
            });
        }
    }

    /// The purchases counted per currency so far.
    pub fn tally(&self) -> &CurrencyTally {
        &self.tally
    }

    /// The main currency's purchases and the customer ids in index order
    /// (customers known only from purchases in other currencies keep their
    /// index, without purchases). [`TransactionsBuilder::tally`] tells what
    /// was left out.
    pub fn finish(self) -> (Transactions, Vec<Id>) {
        let main = self.tally.index_of(self.tally.main());
        let txns = self
            .txns
            .into_iter()
            .zip(self.currency_of)
            .filter(|&(_, c)| Some(c) == main)
            .map(|(t, _)| t)
            .collect();
        (
            Transactions {
                customers: self.ids.len(),
                txns,
            },
            self.ids,
        )
    }
}

impl Transactions {
    /// The live purchases of stored records in their main currency (see
    /// [`CurrencyTally`]), with the customer ids in index order. Deleted
    /// purchases are skipped.
    pub fn from_purchases(purchases: &[Purchase]) -> (Transactions, Vec<Id>) {
        let mut builder = TransactionsBuilder::new();
        builder.add(purchases);
        builder.finish()
    }

    /// The last purchase day, if any.
    pub fn last_day(&self) -> Option<i32> {
        self.txns.iter().map(|t| t.day).max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_through_dates() {
        let d = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(date_of(day_of(d)), d);
        assert_eq!(day_of(NaiveDate::from_ymd_opt(1970, 1, 2).unwrap()), 1);
    }

    fn currency(code: &str) -> Currency {
        Currency::parse(code).unwrap()
    }

    #[test]
    fn the_main_currency_has_the_most_purchases_and_lira_wins_ties() {
        let (usd, eur) = (currency("USD"), currency("EUR"));
        assert_eq!(CurrencyTally::default().main(), Currency::TRY);
        let mut tally = CurrencyTally::default();
        tally.add(usd, 100);
        tally.add(Currency::TRY, 100);
        assert_eq!(tally.main(), Currency::TRY);
        tally.add(usd, 250);
        assert_eq!(tally.main(), usd);
        let mut tally = CurrencyTally::default();
        tally.add(usd, 1);
        tally.add(eur, 1);
        assert_eq!(tally.main(), eur, "the smaller code on a tie without lira");
        assert_eq!(tally.others(eur)[0].currency, usd);
    }

    #[test]
    fn a_mixed_currency_table_keeps_only_the_main_currency() {
        use crate::demo::{DemoGenerator, DemoSpec};
        use crate::model::Money;
        let who = Id::v7(1_700_000_000_000, [1; 10]);
        let other = Id::v7(1_700_000_000_001, [1; 10]);
        let date = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        // A stored purchase to copy (the record has many fields).
        let spec = DemoSpec::new(DemoSpec::DEFAULT_SEED, 20, date);
        let template = DemoGenerator::new(spec)
            .next_chunk(20)
            .and_then(|chunk| chunk.purchases.into_iter().next())
            .expect("the demo has purchases");
        let purchase = |n: u64, customer: Id, minor: i64, code: &str| {
            let mut p = template.clone();
            p.id = Id::v7(1_800_000_000_000 + n, [2; 10]);
            p.customer_id = customer;
            p.date = date;
            p.amount = Money::from_minor(minor);
            p.currency = currency(code);
            p.deleted = false;
            p
        };
        let purchases = [
            purchase(1, who, 10_000, "TRY"),
            purchase(2, who, 20_000, "TRY"),
            purchase(3, who, 7_000, "USD"),
            purchase(4, other, 5_000, "EUR"),
        ];
        let mut builder = TransactionsBuilder::new();
        builder.add(&purchases);
        let others = builder.tally().others(Currency::TRY);
        let (tx, ids) = builder.finish();
        assert_eq!(ids, vec![who, other]);
        let amounts: Vec<i64> = tx.txns.iter().map(|t| t.amount).collect();
        assert_eq!(amounts, vec![10_000, 20_000]);
        assert_eq!(
            others,
            vec![
                CurrencyTotal {
                    currency: currency("EUR"),
                    purchases: 1,
                    total: 5_000
                },
                CurrencyTotal {
                    currency: currency("USD"),
                    purchases: 1,
                    total: 7_000
                },
            ]
        );
    }
}
