//! Tests of RFM: the segment table cell by cell, quintile scoring and its
//! tie rule on hand-made data, the analysis day, property tests over random
//! purchases, the translation keys, and a timing print for 1M purchases.

use std::time::Instant;

use proptest::prelude::*;

use super::*;
use crate::analytics::{Transactions, Txn};
use crate::i18n::{Lang, catalog};

fn txn(customer: u32, day: i32, amount: i64) -> Txn {
    Txn {
        customer,
        day,
        amount,
    }
}

fn table(customers: usize, txns: Vec<Txn>) -> Transactions {
    Transactions { customers, txns }
}

#[test]
fn every_recency_and_frequency_cell_maps_to_the_segment_in_the_table() {
    use Segment::*;
    // Rows are R = 5 down to 1, columns F = 1 to 5, as the issue's table
    // reads.
    #[rustfmt::skip]
    let grid = [
        (5, [New,          PotentialLoyalists, PotentialLoyalists, Champions, Champions]),
        (4, [Promising,    PotentialLoyalists, PotentialLoyalists, Loyal,     Loyal]),
        (3, [AboutToSleep, AboutToSleep,       NeedAttention,      Loyal,     Loyal]),
        (2, [Hibernating,  Hibernating,        AtRisk,             AtRisk,    CannotLoseThem]),
        (1, [Hibernating,  Hibernating,        AtRisk,             AtRisk,    CannotLoseThem]),
    ];
    for (r, row) in grid {
        for (f, expected) in (1u8..=5).zip(row) {
            assert_eq!(Segment::from_scores(r, f), expected, "R{r} F{f}");
        }
    }
}

#[test]
fn the_rules_of_the_issue_cover_all_25_cells_exactly_once() {
    // The issue's table as ranges, independent of `from_scores`' match arms.
    let rules: [(
        Segment,
        std::ops::RangeInclusive<u8>,
        std::ops::RangeInclusive<u8>,
    ); 10] = [
        (Segment::Champions, 5..=5, 4..=5),
        (Segment::Loyal, 3..=4, 4..=5),
        (Segment::PotentialLoyalists, 4..=5, 2..=3),
        (Segment::New, 5..=5, 1..=1),
        (Segment::Promising, 4..=4, 1..=1),
        (Segment::NeedAttention, 3..=3, 3..=3),
        (Segment::AboutToSleep, 3..=3, 1..=2),
        (Segment::AtRisk, 1..=2, 3..=4),
        (Segment::CannotLoseThem, 1..=2, 5..=5),
        (Segment::Hibernating, 1..=2, 1..=2),
    ];
    let mut cells_per_segment = [0usize; 10];
    for r in 1..=5u8 {
        for f in 1..=5u8 {
            let matching: Vec<Segment> = rules
                .iter()
                .filter(|(_, rs, fs)| rs.contains(&r) && fs.contains(&f))
                .map(|(s, _, _)| *s)
                .collect();
            assert_eq!(matching.len(), 1, "R{r} F{f} matches {matching:?}");
            assert_eq!(Segment::from_scores(r, f), matching[0], "R{r} F{f}");
            cells_per_segment[matching[0].index()] += 1;
        }
    }
    assert_eq!(cells_per_segment.iter().sum::<usize>(), 25);
    assert!(
        cells_per_segment.iter().all(|&n| n > 0),
        "every segment is reachable: {cells_per_segment:?}"
    );
}

#[test]
fn scores_outside_one_to_five_are_clamped() {
    assert_eq!(Segment::from_scores(0, 0), Segment::Hibernating);
    assert_eq!(Segment::from_scores(9, 9), Segment::Champions);
}

#[test]
fn segment_index_is_the_position_in_all() {
    for (i, s) in Segment::ALL.into_iter().enumerate() {
        assert_eq!(s.index(), i);
    }
}

#[test]
fn segment_codes_are_unique_snake_case_and_round_trip() {
    for s in Segment::ALL {
        let code = s.code();
        assert!(
            code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{code}"
        );
        assert_eq!(Segment::from_code(code), Some(s));
        assert_eq!(s.key(), format!("rfm-segment-{code}"));
        assert_eq!(s.action_key(), format!("rfm-action-{code}"));
        assert_eq!(
            serde_json::to_string(&s).ok(),
            Some(format!("\"{code}\"")),
            "serde form is the code"
        );
    }
    assert_eq!(Segment::from_code("vip"), None);
}

#[test]
fn every_segment_name_and_action_is_translated() {
    let catalog = catalog();
    for s in Segment::ALL {
        for key in [s.key(), s.action_key()] {
            assert!(catalog.has(key), "missing translation {key}");
            assert_ne!(
                catalog.text(Lang::Tr, key),
                catalog.text(Lang::En, key),
                "{key} is not translated into Turkish"
            );
        }
    }
    assert_eq!(
        catalog.text(Lang::Tr, Segment::Champions.key()),
        "Şampiyonlar"
    );
}

#[test]
fn all_equal_values_get_the_same_score() {
    assert_eq!(quintile_scores(&[7; 6]), vec![1; 6]);
    assert_eq!(quintile_scores(&[7]), vec![1]);
    assert_eq!(quintile_scores(&[]), Vec::<u8>::new());
}

#[test]
fn ten_distinct_values_get_two_of_each_score() {
    let values = [50, 10, 90, 30, 70, 20, 100, 40, 80, 60];
    assert_eq!(quintile_scores(&values), vec![3, 1, 5, 2, 4, 1, 5, 2, 4, 3]);
}

#[test]
fn five_distinct_values_get_one_of_each_score() {
    assert_eq!(quintile_scores(&[-3, 9, 0, 4, 1]), vec![1, 5, 2, 4, 3]);
}

#[test]
fn a_tie_group_takes_the_score_of_its_first_position() {
    // Sorted: 1 1 1 1 1 1 2 3 3 9; positions 0, 6, 7, 9 start the groups.
    let values = [1, 3, 1, 9, 1, 2, 1, 3, 1, 1];
    // 1 + ⌊5p/10⌋: p=0 → 1, p=6 → 4, p=7 → 4, p=9 → 5.
    assert_eq!(quintile_scores(&values), vec![1, 4, 1, 5, 1, 4, 1, 4, 1, 1]);
}

#[test]
fn quintile_bounds_are_the_values_at_the_fifths() {
    let mut values: Vec<i64> = (1..=10).rev().collect();
    let bounds = QuintileBounds::select(&mut values);
    // t_k = 2, 4, 6, 8 → the 2nd, 4th, 6th and 8th smallest.
    assert_eq!(bounds.bounds, [2, 4, 6, 8]);
    assert_eq!(
        (bounds.score(2), bounds.score(3), bounds.score(9)),
        (1, 2, 5)
    );
    assert_eq!(bounds.score(i64::MIN), 1);
    assert_eq!(bounds.score(i64::MAX), 5);
}

#[test]
fn a_tie_spanning_the_top_quintiles_starts_where_it_starts() {
    // Three best customers tie: they start at position 2 of 5 → score 3.
    assert_eq!(quintile_scores(&[1, 2, 8, 8, 8]), vec![1, 2, 3, 3, 3]);
}

#[test]
fn recency_frequency_and_monetary_are_counted_up_to_the_analysis_day() {
    let tx = table(
        2,
        vec![
            txn(0, 100, 1_000),
            txn(0, 110, 2_500),
            txn(0, 110, 500),
            txn(1, 90, 700),
        ],
    );
    let result = analyse(&tx, 120);
    assert_eq!(result.as_of, 120);
    let a = result
        .get(0)
        .copied()
        .map(|c| (c.recency_days, c.frequency, c.monetary));
    assert_eq!(a, Some((10, 3, 4_000)));
    let b = result
        .get(1)
        .copied()
        .map(|c| (c.recency_days, c.frequency, c.monetary));
    assert_eq!(b, Some((30, 1, 700)));
}

#[test]
fn recency_ignores_purchases_after_the_analysis_day() {
    let tx = table(1, vec![txn(0, 10, 100), txn(0, 20, 200), txn(0, 30, 400)]);
    let c = analyse(&tx, 25).per_customer[0].expect("bought before day 25");
    assert_eq!((c.recency_days, c.frequency, c.monetary), (5, 2, 300));
    let same_day = analyse(&tx, 30).per_customer[0].expect("bought on day 30");
    assert_eq!(same_day.recency_days, 0);
}

#[test]
fn customers_without_purchases_up_to_the_analysis_day_get_none() {
    let tx = table(4, vec![txn(0, 10, 100), txn(2, 50, 100)]);
    let result = analyse(&tx, 20);
    assert!(result.per_customer[0].is_some());
    assert_eq!(result.per_customer[1], None, "never bought");
    assert_eq!(result.per_customer[2], None, "bought only after as_of");
    assert_eq!(result.per_customer[3], None, "never bought");
    assert_eq!(result.per_customer.len(), 4);
    assert_eq!(result.scored(), 1);
    assert_eq!(result.counts.iter().sum::<usize>(), 1);
}

#[test]
fn no_purchases_give_an_empty_result() {
    let result = analyse(&Transactions::default(), 0);
    assert!(result.per_customer.is_empty());
    assert_eq!(result.scored(), 0);
    assert_eq!(result.counts, [0; 10]);
}

#[test]
fn a_purchase_naming_an_unknown_customer_is_kept() {
    let result = analyse(&table(1, vec![txn(3, 0, 100)]), 0);
    assert_eq!(result.per_customer.len(), 4);
    assert!(result.per_customer[3].is_some());
}

#[test]
fn scores_and_segments_follow_the_ranking() {
    // Five customers, all different: customer i last bought on day 10 × i,
    // i + 1 times, spending 100 × (5 − i) in total.
    let mut txns = Vec::new();
    for i in 0..5u32 {
        let purchases = i + 1;
        for k in 0..purchases {
            let amount = if k == 0 { 100 * i64::from(5 - i) } else { 0 };
            txns.push(txn(i, 10 * i as i32 - k as i32, amount));
        }
    }
    let result = analyse(&table(5, txns), 50);
    let scores: Vec<(u8, u8, u8, Segment)> = result
        .per_customer
        .iter()
        .flatten()
        .map(|c| (c.r, c.f, c.m, c.segment))
        .collect();
    assert_eq!(
        scores,
        vec![
            (1, 1, 5, Segment::Hibernating),
            (2, 2, 4, Segment::Hibernating),
            (3, 3, 3, Segment::NeedAttention),
            (4, 4, 2, Segment::Loyal),
            (5, 5, 1, Segment::Champions),
        ]
    );
    assert_eq!(result.count(Segment::Hibernating), 2);
    assert_eq!(result.count(Segment::Champions), 1);
    assert_eq!(result.scored(), 5);
}

#[test]
fn one_time_buyers_share_the_lowest_frequency_score() {
    // Most customers buy once: their tie group starts at position 0, so they
    // are all F1 and the recent ones can be New.
    let mut txns: Vec<Txn> = (0..8).map(|c| txn(c, 100 + c as i32, 100)).collect();
    txns.extend([
        txn(8, 50, 100),
        txn(8, 60, 100),
        txn(9, 70, 100),
        txn(9, 80, 100),
    ]);
    let result = analyse(&table(10, txns), 110);
    for c in 0..8 {
        assert_eq!(result.per_customer[c].map(|x| x.f), Some(1), "customer {c}");
    }
    assert_eq!(result.per_customer[8].map(|x| x.f), Some(5));
    assert_eq!(
        result.per_customer[7].map(|x| x.segment),
        Some(Segment::New)
    );
}

#[test]
fn the_result_does_not_depend_on_the_order_of_purchases() {
    let txns = vec![
        txn(0, 5, 300),
        txn(1, 7, 100),
        txn(2, 7, 100),
        txn(0, 9, 50),
        txn(3, 1, 900),
        txn(2, 3, 20),
    ];
    let mut reversed = txns.clone();
    reversed.reverse();
    assert_eq!(
        analyse(&table(4, txns), 10),
        analyse(&table(4, reversed), 10)
    );
}

fn transactions() -> impl Strategy<Value = (Transactions, i32)> {
    (1usize..40).prop_flat_map(|customers| {
        let txn = (0..customers as u32, -20i32..60, -500i64..100_000).prop_map(
            |(customer, day, amount)| Txn {
                customer,
                day,
                amount,
            },
        );
        (proptest::collection::vec(txn, 0..200), -10i32..70)
            .prop_map(move |(txns, as_of)| (Transactions { customers, txns }, as_of))
    })
}

proptest! {
    #[test]
    fn random_purchases_give_scores_within_one_to_five_and_one_segment_each(
        (tx, as_of) in transactions()
    ) {
        let result = analyse(&tx, as_of);
        prop_assert_eq!(result.per_customer.len(), tx.customers);
        let mut counted = [0usize; 10];
        for (c, rfm) in result.per_customer.iter().enumerate() {
            let bought = tx.txns.iter().any(|t| t.customer as usize == c && t.day <= as_of);
            prop_assert_eq!(rfm.is_some(), bought, "customer {}", c);
            let Some(rfm) = rfm else { continue };
            for score in [rfm.r, rfm.f, rfm.m] {
                prop_assert!((1..=5).contains(&score), "score {} of customer {}", score, c);
            }
            prop_assert!(rfm.recency_days >= 0);
            prop_assert!(rfm.frequency >= 1);
            let in_segments = Segment::ALL.iter().filter(|&&s| s == rfm.segment).count();
            prop_assert_eq!(in_segments, 1);
            prop_assert_eq!(rfm.segment, Segment::from_scores(rfm.r, rfm.f));
            counted[rfm.segment.index()] += 1;
        }
        prop_assert_eq!(counted, result.counts);
        prop_assert_eq!(result.counts.iter().sum::<usize>(), result.scored());
    }

    #[test]
    fn a_better_value_never_gets_a_lower_score_and_ties_never_split(
        (tx, as_of) in transactions()
    ) {
        let result = analyse(&tx, as_of);
        let scored: Vec<&CustomerRfm> = result.per_customer.iter().flatten().collect();
        for a in &scored {
            for b in &scored {
                if a.monetary > b.monetary {
                    prop_assert!(a.m >= b.m, "{:?} vs {:?}", a, b);
                }
                if a.monetary == b.monetary {
                    prop_assert_eq!(a.m, b.m);
                }
                if a.frequency > b.frequency {
                    prop_assert!(a.f >= b.f, "{:?} vs {:?}", a, b);
                }
                if a.frequency == b.frequency {
                    prop_assert_eq!(a.f, b.f);
                }
                if a.recency_days < b.recency_days {
                    prop_assert!(a.r >= b.r, "{:?} vs {:?}", a, b);
                }
                if a.recency_days == b.recency_days {
                    prop_assert_eq!(a.r, b.r);
                }
            }
        }
    }

    #[test]
    fn quintile_scores_match_the_tie_rule_computed_by_counting(
        values in prop_oneof![
            proptest::collection::vec(-5i64..5, 0..60),
            proptest::collection::vec(any::<i64>(), 0..60),
        ]
    ) {
        let n = values.len();
        let scores = quintile_scores(&values);
        for (i, &v) in values.iter().enumerate() {
            // The first position of v's tie group is the number of smaller values.
            let first = values.iter().filter(|&&w| w < v).count();
            prop_assert_eq!(usize::from(scores[i]), 1 + 5 * first / n);
        }
    }
}

/// Purchases of `customers` customers over two years from a fixed seed, with
/// a skewed number of purchases per customer like real shops have.
fn synthetic(customers: u32, purchases: usize) -> Transactions {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        // xorshift64*: fast, seeded, good enough for test data.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let txns = (0..purchases)
        .map(|_| {
            let a = (next() % u64::from(customers)) as u32;
            let b = (next() % u64::from(customers)) as u32;
            Txn {
                // The smaller of two uniform draws: low indexes buy more often.
                customer: a.min(b),
                day: 19_000 + (next() % 730) as i32,
                amount: 1_000 + (next() % 500_000) as i64,
            }
        })
        .collect();
    Transactions {
        customers: customers as usize,
        txns,
    }
}

#[test]
fn prints_the_time_to_analyse_a_million_purchases() {
    // Debug builds are ~20× slower; keep the suite fast there.
    let (customers, purchases) = if cfg!(debug_assertions) {
        (10_000, 100_000)
    } else {
        (100_000, 1_000_000)
    };
    let tx = synthetic(customers, purchases);
    let as_of = 19_000 + 730;
    let started = Instant::now();
    let result = analyse(&tx, as_of);
    let elapsed = started.elapsed();
    println!(
        "rfm::analyse over {purchases} purchases of {customers} customers: {elapsed:?} \
         ({} scored; counts {:?})",
        result.scored(),
        result.counts
    );
    assert_eq!(result.scored(), result.counts.iter().sum::<usize>());
}
