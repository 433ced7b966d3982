//! The per-customer summary the models read (frequency, recency, age T,
//! mean repeat spend), built from the purchase table with the same
//! definitions as the Python `lifetimes` package's
//! `summary_data_from_transaction_data`.

use serde::{Deserialize, Serialize};

use crate::analytics::Transactions;

/// The time unit of a summary, and so of every model fitted on it.
///
/// Purchases are first put into periods; several purchases in one period
/// count as one repeat purchase with their amounts summed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Calendar days (pandas `to_period("D")`).
    Day,
    /// Calendar weeks from Monday to Sunday, as pandas `to_period("W")`
    /// (`W-SUN`, weeks ending on Sunday) numbers them: a purchase on Sunday
    /// and one on the following Monday are one week apart, even though
    /// they are a day apart. Weeks are not counted from the customer's first
    /// purchase.
    Week,
}

impl Period {
    /// The period number of a day number (days since 1970-01-01).
    pub fn of_day(self, day: i32) -> i32 {
        match self {
            Period::Day => day,
            // 1970-01-01 was a Thursday, so the Monday that starts week 0
            // is day −3 (1969-12-29).
            Period::Week => (day + 3).div_euclid(7),
        }
    }

    /// Periods in a month as `lifetimes`' `customer_lifetime_value` counts
    /// them: 30 days, or 4.345 weeks.
    pub fn per_month(self) -> f64 {
        match self {
            Period::Day => 30.0,
            Period::Week => 4.345,
        }
    }
}

/// What the BG/NBD and Gamma-Gamma models know about one customer, all times
/// in [`Period`]s.
///
/// Invariants of a summary made by [`summarise`]: every field is finite;
/// `frequency` is a whole number ≥ 0; `0 ≤ recency ≤ t`; `recency` and
/// `monetary` are 0 when `frequency` is 0. The models reject summaries that
/// break the first three (see [`Summary::problem`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Repeat purchase periods: periods with a purchase, minus the first.
    pub frequency: f64,
    /// Age at the last purchase: last purchase period − first purchase period.
    pub recency: f64,
    /// Age at the end of observation: end period − first purchase period.
    pub t: f64,
    /// Mean amount of the repeat periods (the first period is left out), in
    /// major units (lira, not kuruş); 0 without repeat purchases.
    pub monetary: f64,
}

impl Summary {
    /// Why the models cannot use this summary, if they cannot.
    pub fn problem(&self) -> Option<&'static str> {
        let Summary {
            frequency: x,
            recency: t_x,
            t,
            monetary,
        } = *self;
        if !(x.is_finite() && t_x.is_finite() && t.is_finite() && monetary.is_finite()) {
            return Some("a value is not a finite number");
        }
        if x < 0.0 || x != x.floor() {
            return Some("frequency is not a whole number ≥ 0");
        }
        if t_x < 0.0 || t_x > t {
            return Some("recency is not between 0 and T");
        }
        if x == 0.0 && t_x != 0.0 {
            return Some("recency is not 0 although there are no repeat purchases");
        }
        None
    }
}

/// Summarises every customer's purchases up to and including `end_day`
/// (days since 1970-01-01, see [`crate::analytics::day_of`]).
///
/// Index `i` of the result is customer `i`; `None` when the customer bought
/// nothing up to `end_day`. Amounts are minor units (kuruş) in, major units
/// out (÷ 100).
///
/// Same definitions as `lifetimes.utils.summary_data_from_transaction_data`
/// (with `monetary_value_col`), with one deliberate difference: `lifetimes`
/// keeps purchases made after the end date but in the end date's week,
/// whereas here every purchase after `end_day` is left out. Purchases of
/// customers outside `0..tx.customers` are ignored.
pub fn summarise(tx: &Transactions, period: Period, end_day: i32) -> Vec<Option<Summary>> {
    let customers = tx.customers;
    let end = period.of_day(end_day);
    let kept = |t: &&crate::analytics::Txn| t.day <= end_day && (t.customer as usize) < customers;

    // Bucket the purchases by customer (a counting sort: one pass to count,
    // one to place), then sort each customer's few purchases by period.
    let mut starts = vec![0usize; customers + 1];
    for t in tx.txns.iter().filter(kept) {
        starts[t.customer as usize + 1] += 1;
    }
    for i in 0..customers {
        starts[i + 1] += starts[i];
    }
    let mut next = starts.clone();
    let mut items = vec![(0i32, 0i64); starts[customers]];
    for t in tx.txns.iter().filter(kept) {
        let slot = &mut next[t.customer as usize];
        items[*slot] = (period.of_day(t.day), t.amount);
        *slot += 1;
    }

    (0..customers)
        .map(|c| {
            let own = &mut items[starts[c]..starts[c + 1]];
            own.sort_unstable_by_key(|&(p, _)| p);
            summarise_one(own, end)
        })
        .collect()
}

/// One customer's purchases, sorted by period.
fn summarise_one(purchases: &[(i32, i64)], end: i32) -> Option<Summary> {
    let &(first, _) = purchases.first()?;
    let mut last = first;
    let mut repeat_periods = 0u32;
    let mut repeat_total: i128 = 0;
    for &(p, amount) in purchases {
        if p != last {
            repeat_periods += 1;
            last = p;
        }
        // Amounts of the first period do not count towards the mean.
        if p != first {
            repeat_total += i128::from(amount);
        }
    }
    let frequency = f64::from(repeat_periods);
    let monetary = if repeat_periods == 0 {
        0.0
    } else {
        repeat_total as f64 / frequency / 100.0
    };
    Some(Summary {
        frequency,
        recency: f64::from(last - first),
        t: f64::from(end - first),
        monetary,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::{Txn, day_of};
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> i32 {
        day_of(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    fn txn(customer: u32, day: i32, amount: i64) -> Txn {
        Txn {
            customer,
            day,
            amount,
        }
    }

    #[test]
    fn weeks_run_from_monday_to_sunday() {
        // 2024-01-01 was a Monday.
        let monday = Period::Week.of_day(day(2024, 1, 1));
        assert_eq!(Period::Week.of_day(day(2024, 1, 7)), monday);
        assert_eq!(Period::Week.of_day(day(2023, 12, 31)), monday - 1);
        assert_eq!(Period::Week.of_day(day(2024, 1, 8)), monday + 1);
        assert_eq!(Period::Week.of_day(day(1969, 12, 29)), 0);
        assert_eq!(Period::Week.of_day(day(1969, 12, 28)), -1);
    }

    #[test]
    fn purchases_in_one_period_count_once_with_amounts_summed() {
        let tx = Transactions {
            customers: 3,
            txns: vec![
                txn(0, day(2024, 1, 10), 1_000),
                txn(0, day(2024, 1, 10), 500),
                txn(0, day(2024, 1, 3), 9_999),
                txn(0, day(2024, 1, 20), 2_000),
                txn(0, day(2024, 1, 20), 250),
                // After the end: ignored.
                txn(0, day(2024, 2, 1), 7_000),
                txn(2, day(2024, 1, 30), 1_234),
            ],
        };
        let end = day(2024, 1, 31);
        let s = summarise(&tx, Period::Day, end);
        assert_eq!(
            s[0],
            Some(Summary {
                frequency: 2.0,
                recency: 17.0,
                t: 28.0,
                monetary: (15.0 + 22.5) / 2.0,
            })
        );
        assert_eq!(s[1], None);
        assert_eq!(
            s[2],
            Some(Summary {
                frequency: 0.0,
                recency: 0.0,
                t: 1.0,
                monetary: 0.0,
            })
        );

        // In weeks, Jan 3 and Jan 10 (Wednesdays) are one week apart; the
        // end (Wednesday Jan 31) is four weeks after Jan 3.
        let w = summarise(&tx, Period::Week, end);
        assert_eq!(
            w[0],
            Some(Summary {
                frequency: 2.0,
                recency: 2.0,
                t: 4.0,
                monetary: (15.0 + 22.5) / 2.0,
            })
        );
    }

    #[test]
    fn a_sunday_and_the_next_monday_fall_in_different_weeks() {
        let tx = Transactions {
            customers: 1,
            txns: vec![txn(0, day(2024, 1, 7), 100), txn(0, day(2024, 1, 8), 300)],
        };
        let s = summarise(&tx, Period::Week, day(2024, 1, 8))
            .remove(0)
            .unwrap();
        assert_eq!(
            (s.frequency, s.recency, s.t, s.monetary),
            (1.0, 1.0, 1.0, 3.0)
        );
    }

    #[test]
    fn customers_without_purchases_before_the_end_have_no_summary() {
        let tx = Transactions {
            customers: 2,
            txns: vec![txn(0, 100, 100), txn(1, 50, 100), txn(7, 10, 100)],
        };
        let s = summarise(&tx, Period::Day, 60);
        assert_eq!(s.len(), 2);
        assert!(s[0].is_none());
        assert!(s[1].is_some());
    }

    #[test]
    fn problems_name_what_is_wrong_with_a_summary() {
        let ok = Summary {
            frequency: 2.0,
            recency: 3.0,
            t: 5.0,
            monetary: 1.0,
        };
        assert_eq!(ok.problem(), None);
        for bad in [
            Summary { t: f64::NAN, ..ok },
            Summary {
                monetary: f64::INFINITY,
                ..ok
            },
            Summary {
                frequency: 1.5,
                ..ok
            },
            Summary {
                frequency: -1.0,
                ..ok
            },
            Summary { recency: 6.0, ..ok },
            Summary {
                frequency: 0.0,
                ..ok
            },
        ] {
            assert!(bad.problem().is_some(), "{bad:?}");
        }
    }
}
