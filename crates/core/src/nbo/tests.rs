//! Tests of the next-best-offer model: rule statistics on hand-made
//! baskets, the offer invariants, determinism, and the model's accuracy on
//! the demo data against a popularity baseline.

use std::sync::OnceLock;
use std::time::Instant;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::demo::{AFFINITIES, Brand, CATALOGUE, DemoGenerator, DemoSpec, Kind};
use crate::model::{Currency, Money, SalesChannel, Stamp};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, d).unwrap()
}

fn purchase(customer: u64, sku: &str, date: NaiveDate) -> Purchase {
    Purchase {
        id: Id::v7(customer, [0; 10]),
        customer_id: Id::v7(customer, [1; 10]),
        external_id: None,
        date,
        amount: Money::from_minor(10_000),
        currency: Currency::TRY,
        sku: sku.to_string(),
        product: format!("Product {sku}"),
        category: "test".to_string(),
        channel: SalesChannel::Store,
        updated_at: 0,
        version: Stamp::default(),
        stamps: Default::default(),
        deleted: false,
    }
}

/// One purchase per item of each basket; customer `i` owns `baskets[i]`.
fn baskets(baskets: &[&[&str]]) -> Vec<Purchase> {
    baskets
        .iter()
        .enumerate()
        .flat_map(|(c, items)| items.iter().map(move |sku| purchase(c as u64, sku, day(1))))
        .collect()
}

/// Ten customers: A in 5 baskets, B in 4, both in 3; C in 2, once with A;
/// D in 3, alone.
fn ten_customers() -> Vec<Purchase> {
    baskets(&[
        &["A", "B"],
        &["A", "B"],
        &["A", "B"],
        &["A", "C"],
        &["A"],
        &["B"],
        &["C"],
        &["D"],
        &["D"],
        &["D"],
    ])
}

/// Thresholds that keep every rule with some lift, for tiny data sets.
fn loose() -> Params {
    Params {
        min_support: 0.0,
        min_customers: 1,
        min_confidence: 0.0,
        min_lift: 1.2,
        ..Params::default()
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn rules_have_the_support_confidence_and_lift_of_a_hand_made_basket_set() {
    let model = Model::train(&ten_customers(), day(31), &loose());
    assert_eq!(model.customers(), 10);
    assert_eq!(model.items(), 4);

    let ab = model.rule("A", "B").expect("A → B is kept");
    assert_eq!(ab.customers, 3);
    assert!(close(ab.support, 0.3), "{ab:?}");
    assert!(close(ab.confidence, 0.6), "{ab:?}");
    assert!(close(ab.lift, 1.5), "{ab:?}"); // 0.6 / P(B) = 0.6 / 0.4

    let ba = model.rule("B", "A").expect("B → A is kept");
    assert!(close(ba.support, 0.3) && close(ba.confidence, 0.75) && close(ba.lift, 1.5));

    // A and C: confidence 0.2 = P(C), lift 1: no reason to offer C.
    assert!(model.rule("A", "C").is_none());
    assert!(model.rule("C", "A").is_none());
    assert!(model.rule("B", "D").is_none());
    assert_eq!(model.rules().len(), 2);
}

#[test]
fn each_threshold_drops_the_rules_below_it() {
    // (what changes, is A → B kept, is B → A kept); A → B has support 0.3,
    // 3 customers, confidence 0.6, lift 1.5; B → A confidence 0.75.
    let cases: [(Params, bool, bool); 7] = [
        (loose(), true, true),
        (
            Params {
                min_support: 0.3,
                ..loose()
            },
            true,
            true,
        ),
        (
            Params {
                min_support: 0.31,
                ..loose()
            },
            false,
            false,
        ),
        (
            Params {
                min_customers: 4,
                ..loose()
            },
            false,
            false,
        ),
        (
            Params {
                min_confidence: 0.7,
                ..loose()
            },
            false,
            true,
        ),
        (
            Params {
                min_confidence: 0.8,
                ..loose()
            },
            false,
            false,
        ),
        (
            Params {
                min_lift: 1.6,
                ..loose()
            },
            false,
            false,
        ),
    ];
    for (params, ab, ba) in cases {
        let model = Model::train(&ten_customers(), day(31), &params);
        assert_eq!(model.rule("A", "B").is_some(), ab, "A → B with {params:?}");
        assert_eq!(model.rule("B", "A").is_some(), ba, "B → A with {params:?}");
    }
}

#[test]
fn purchases_after_the_cut_off_deleted_ones_and_blank_skus_are_not_counted() {
    let mut purchases = ten_customers();
    purchases.push(purchase(3, "B", day(20)));
    let mut deleted = purchase(4, "B", day(1));
    deleted.deleted = true;
    purchases.push(deleted);
    purchases.push(purchase(4, "  ", day(1)));
    let model = Model::train(&purchases, day(19), &loose());
    assert_eq!(model.rule("A", "B").map(|r| r.customers), Some(3));
    assert_eq!(model.items(), 4);

    // The cut-off day itself counts.
    let model = Model::train(&purchases, day(20), &loose());
    assert_eq!(model.rule("A", "B").map(|r| r.customers), Some(4));
}

#[test]
fn a_customer_who_bought_an_item_twice_counts_once() {
    let mut purchases = ten_customers();
    purchases.push(purchase(0, "A", day(2)));
    purchases.push(purchase(0, "B", day(3)));
    let model = Model::train(&purchases, day(31), &loose());
    let ab = model.rule("A", "B").unwrap();
    assert_eq!(ab.customers, 3);
    assert!(close(ab.confidence, 0.6));
}

#[test]
fn the_product_name_is_the_one_on_the_latest_purchase() {
    let mut purchases = ten_customers();
    let mut renamed = purchase(9, "D", day(5));
    renamed.product = "Product D, new name".to_string();
    purchases.insert(0, renamed);
    let model = Model::train(&purchases, day(31), &loose());
    assert_eq!(model.product("D"), Some("Product D, new name"));
    assert_eq!(model.product("E"), None);
}

#[test]
fn offers_are_ranked_by_take_up_times_the_lift_of_the_best_rule() {
    // All purchases fall on one day, so there is no history to measure
    // take-up on: each item's share of customers stands in.
    let model = Model::train(&ten_customers(), day(31), &loose());
    assert_eq!(model.take_up("B"), Some(0.4));
    let offers = model.offers(&["A"], 3);
    let skus: Vec<&str> = offers.iter().map(|o| o.sku.as_str()).collect();
    // B: 0.4 × lift 1.5 = 0.6 by rule; then D (0.3) and C (0.2) unlifted.
    assert_eq!(skus, ["B", "D", "C"]);

    let b = &offers[0];
    assert_eq!(b.reason, Reason::BoughtWith);
    assert_eq!(
        (b.because_of.as_str(), b.product.as_str()),
        ("A", "Product B")
    );
    assert_eq!(b.because_product, "Product A");
    assert!(close(b.confidence, 0.6) && close(b.lift, 1.5) && close(b.score, 0.6));

    let d = &offers[1];
    assert_eq!(d.reason, Reason::Popular);
    assert!(d.because_of.is_empty() && d.because_product.is_empty());
    assert!(close(d.confidence, 0.3) && close(d.lift, 1.0) && close(d.score, 0.3));
}

#[test]
fn take_up_is_the_share_of_customers_without_the_item_who_bought_it_in_a_period() {
    // Two 10-day periods end on the 31st: the 12th–21st and the 22nd–31st.
    let purchases = vec![
        purchase(0, "A", day(1)),
        purchase(0, "B", day(25)), // takes B in the second period
        purchase(1, "A", day(1)),
        purchase(2, "C", day(15)), // joins during the first period
        purchase(3, "D", day(1)),
        purchase(3, "E", day(13)), // takes E in the first period
    ];
    let params = Params {
        take_up_days: 10,
        take_up_windows: 2,
        ..loose()
    };
    let model = Model::train(&purchases, day(31), &params);
    // Customer-periods with a customer already buying: 3 + 4 = 7.
    let rate = |sku| model.take_up(sku).unwrap();
    assert!(close(rate("B"), 1.0 / 7.0), "{}", rate("B"));
    assert!(close(rate("E"), 1.0 / 6.0), "{}", rate("E")); // owned in one
    assert_eq!((rate("A"), rate("C"), rate("D")), (0.0, 0.0, 0.0));
    assert_eq!(model.take_up("F"), None);

    let without_periods = Params {
        take_up_windows: 0,
        ..params
    };
    let model = Model::train(&purchases, day(31), &without_periods);
    assert_eq!(model.take_up("A"), Some(0.5)); // its share of customers
}

#[test]
fn owned_items_are_never_offered() {
    let model = Model::train(&ten_customers(), day(31), &loose());
    let offers = model.offers(&["A", "D", "unknown"], 10);
    let skus: Vec<&str> = offers.iter().map(|o| o.sku.as_str()).collect();
    assert_eq!(skus, ["B", "C"]);
    assert!(model.offers(&["A", "B", "C", "D"], 3).is_empty());
    let popular = model.popular_offers(&["A", "D"], 10);
    assert!(popular.iter().all(|o| o.sku != "A" && o.sku != "D"));
}

#[test]
fn ties_are_broken_by_sku_whatever_the_order_of_the_purchases() {
    // A goes with X and with Y exactly as often; X and Y sell equally.
    let purchases = baskets(&[
        &["A", "Y"],
        &["A", "X"],
        &["A", "Y"],
        &["A", "X"],
        &["A", "Y"],
        &["A", "X"],
        &["Z"],
        &["Z"],
        &["Z"],
        &["Z"],
    ]);
    let model = Model::train(&purchases, day(31), &loose());
    let offers = model.offers(&["A"], 3);
    let skus: Vec<&str> = offers.iter().map(|o| o.sku.as_str()).collect();
    assert_eq!(skus, ["X", "Y", "Z"]);
    assert_eq!(offers[0].score, offers[1].score);

    // Two owned items with the same rule to a third: the smaller SKU is
    // the reason.
    let purchases = baskets(&[&["P", "Q", "R"], &["P", "Q", "R"], &["S"], &["S"]]);
    let model = Model::train(&purchases, day(31), &loose());
    let offers = model.offers(&["Q", "P"], 1);
    assert_eq!(
        (offers[0].sku.as_str(), offers[0].because_of.as_str()),
        ("R", "P")
    );

    let mut reversed = ten_customers();
    reversed.reverse();
    assert_eq!(
        Model::train(&reversed, day(31), &loose()),
        Model::train(&ten_customers(), day(31), &loose())
    );
}

#[test]
fn every_customer_gets_n_offers_when_there_are_enough_items() {
    let model = Model::train(&ten_customers(), day(31), &loose());
    for owned in [
        &[][..],
        &["A"],
        &["B"],
        &["C", "D"],
        &["new customer's sku"],
    ] {
        assert_eq!(model.offers(owned, 2).len(), 2, "{owned:?}");
    }
    assert!(
        Model::train(&[], day(31), &loose())
            .offers(&[], 3)
            .is_empty()
    );
}

#[test]
fn the_reason_reads_as_a_sentence_in_both_languages() {
    let model = Model::train(&ten_customers(), day(31), &loose());
    let offers = model.offers(&["A"], 2);
    assert_eq!(offers[0].reason_key(), "nbo-reason-bought-with");
    assert_eq!(
        offers[0].reason_text(Lang::En),
        "Bought Product A; customers who buy Product A buy Product B 1.5× more often"
    );
    assert_eq!(
        offers[0].reason_text(Lang::Tr),
        "Product A satın aldı; Product A alan müşteriler Product B ürününü 1,5 kat daha sık satın alıyor"
    );
    assert_eq!(offers[1].reason_key(), "nbo-reason-popular");
    assert_ne!(
        offers[1].reason_text(Lang::En),
        offers[1].reason_text(Lang::Tr)
    );
}

#[test]
fn lifts_are_shown_with_one_decimal_in_the_language_style() {
    assert_eq!(format_lift(3.2149, Lang::En), "3.2");
    assert_eq!(format_lift(3.2149, Lang::Tr), "3,2");
    assert_eq!(format_lift(12.0, Lang::Tr), "12,0");
}

#[test]
fn nbo_keys_exist_in_both_languages() {
    for key in ["nbo-title", "nbo-reason-bought-with", "nbo-reason-popular"] {
        assert!(crate::i18n::catalog().has(key), "{key}");
    }
}

#[test]
fn a_holdout_counts_only_customers_who_buy_something_new() {
    let mut purchases = ten_customers();
    // Customer 4 (owns A) buys B later: a hit for the model (A → B).
    purchases.push(purchase(4, "B", day(20)));
    // Customer 7 buys D again: nothing new, not evaluated.
    purchases.push(purchase(7, "D", day(20)));
    // A new customer buys C: popular offers are A, B, D: a miss.
    purchases.push(purchase(10, "C", day(21)));
    // After the horizon: ignored.
    purchases.push(purchase(5, "A", day(30)));
    let holdout = evaluate_holdout(&purchases, day(15), 10, 3, &loose());
    assert_eq!(holdout.model.customers_evaluated, 2);
    assert_eq!(holdout.model.hits, 1);
    assert!(close(holdout.model.rate, 0.5));
    // The best sellers customer 4 lacks are B, D, C: also a hit.
    assert_eq!(holdout.popular.hits, 1);
    assert_eq!(
        hit_rate_at_k(&purchases, day(15), 10, 3, &loose()),
        holdout.model
    );

    let nobody = evaluate_holdout(&purchases, day(31), 10, 3, &loose());
    assert_eq!(
        (nobody.model.customers_evaluated, nobody.model.rate),
        (0, 0.0)
    );
}

proptest! {
    #[test]
    fn offers_are_distinct_unowned_ranked_and_as_many_as_possible(
        masks in proptest::collection::vec(1u8..=255, 1..40),
        owned_mask in any::<u8>(),
        n in 0usize..10,
    ) {
        const SKUS: [&str; 8] = ["S0", "S1", "S2", "S3", "S4", "S5", "S6", "S7"];
        let chosen = |mask: u8| -> Vec<&str> {
            SKUS.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, s)| *s).collect()
        };
        let purchases: Vec<Purchase> = masks
            .iter()
            .enumerate()
            .flat_map(|(c, &m)| chosen(m).into_iter().map(move |s| purchase(c as u64, s, day(1))))
            .collect();
        let model = Model::train(&purchases, day(31), &loose());
        let owned = chosen(owned_mask);
        let offers = model.offers(&owned, n);

        let unowned = (0..model.items()).count()
            - owned.iter().filter(|s| model.product(s).is_some()).count();
        prop_assert_eq!(offers.len(), n.min(unowned));
        for (i, o) in offers.iter().enumerate() {
            prop_assert!(!owned.contains(&o.sku.as_str()));
            prop_assert!(offers[..i].iter().all(|p| p.sku != o.sku));
            prop_assert!(o.score.is_finite() && o.score >= 0.0);
            match o.reason {
                Reason::BoughtWith => prop_assert!(o.lift >= loose().min_lift),
                Reason::Popular => prop_assert!(o.lift == 1.0),
            }
        }
        for w in offers.windows(2) {
            let ordered = w[0].score > w[1].score || (w[0].score == w[1].score && w[0].sku < w[1].sku);
            prop_assert!(ordered, "{:?} before {:?}", w[0], w[1]);
        }
        for o in offers.iter().filter(|o| o.reason == Reason::BoughtWith) {
            prop_assert!(owned.contains(&o.because_of.as_str()));
        }
    }
}

// The demo data: its AFFINITIES are the ground truth the model should find.

fn demo_end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
}

fn demo_purchases(customers: usize) -> Vec<Purchase> {
    let spec = DemoSpec::new(DemoSpec::DEFAULT_SEED, customers, demo_end());
    let mut generator = DemoGenerator::new(spec);
    let mut purchases = Vec::new();
    while let Some(chunk) = generator.next_chunk(1_000) {
        purchases.extend(chunk.purchases);
    }
    purchases
}

/// 3,000 demo customers, made once for the tests that share them.
fn demo() -> &'static [Purchase] {
    static DATA: OnceLock<Vec<Purchase>> = OnceLock::new();
    DATA.get_or_init(|| demo_purchases(3_000))
}

/// The SKUs the demo's affinities attach to a purchase of `product`.
fn affinity_targets(product: &crate::demo::Product) -> Vec<&'static str> {
    AFFINITIES
        .iter()
        .filter(|a| a.after.matches(product))
        .flat_map(|a| a.then.iter().copied())
        .collect()
}

#[test]
fn iphone_buyers_are_offered_accessories_insurance_or_tariffs_the_demo_attaches_to_iphones() {
    let model = Model::train(demo(), demo_end(), &Params::default());
    let iphones = CATALOGUE
        .iter()
        .filter(|p| p.brand == Brand::Apple && p.kind == Kind::Phone);
    for phone in iphones {
        let truth = affinity_targets(phone);
        let offers = model.offers(&[phone.sku], 3);
        for o in &offers {
            println!(
                "{} → {} {:.3}: {}",
                phone.sku,
                o.sku,
                o.score,
                o.reason_text(Lang::En)
            );
        }
        assert_eq!(offers.len(), 3);
        // Every offer is a co-purchase the generator attaches to iPhones,
        // offered because of the iPhone ...
        for o in &offers {
            assert!(truth.contains(&o.sku.as_str()), "{}: {o:?}", phone.sku);
            assert_eq!(
                (o.reason, o.because_of.as_str()),
                (Reason::BoughtWith, phone.sku)
            );
        }
        // ... and one is an accessory or insurance for the phone itself.
        let for_the_phone = |o: &Offer| {
            CATALOGUE
                .iter()
                .any(|p| p.sku == o.sku && matches!(p.kind, Kind::Accessory | Kind::Insurance))
        };
        assert!(
            offers.iter().any(for_the_phone),
            "{}: {offers:?}",
            phone.sku
        );
    }
}

#[test]
fn apple_accessories_are_offered_to_iphone_owners_and_never_to_samsung_owners() {
    let model = Model::train(demo(), demo_end(), &Params::default());
    // An iPhone owner who already has the generic phone extras.
    let iphone_owner = [
        "APL-IP15",
        "ACC-GLASS",
        "ACC-CASE-CLR",
        "TRF-20GB",
        "INS-SCR",
    ];
    let offers = model.offers(&iphone_owner, 3);
    println!("{offers:#?}");
    assert!(
        offers.iter().any(|o| o.sku.starts_with("APL-")),
        "{offers:?}"
    );

    let samsung_owner = [
        "SAM-S24",
        "ACC-GLASS",
        "ACC-CASE-CLR",
        "TRF-20GB",
        "INS-SCR",
    ];
    let offers = model.offers(&samsung_owner, 10);
    assert!(
        offers.iter().all(|o| !o.sku.starts_with("APL-")),
        "{offers:?}"
    );
}

#[test]
fn hit_rate_at_3_on_a_time_based_holdout_beats_the_popularity_baseline() {
    let cutoff = demo_end() - chrono::Days::new(90);
    let holdout = evaluate_holdout(demo(), cutoff, 90, 3, &Params::default());
    println!(
        "hit-rate@3, 3,000 demo customers, cutoff {cutoff}, 90 days: model {:.3} ({}/{}), best sellers {:.3} ({}/{})",
        holdout.model.rate,
        holdout.model.hits,
        holdout.model.customers_evaluated,
        holdout.popular.rate,
        holdout.popular.hits,
        holdout.popular.customers_evaluated,
    );
    assert!(holdout.model.customers_evaluated > 0);
    assert!(holdout.model.rate > holdout.popular.rate, "{holdout:?}");
}

#[test]
fn hit_rate_and_training_time_on_20_000_demo_customers() {
    let customers = if cfg!(debug_assertions) {
        1_000
    } else {
        20_000
    };
    let purchases = demo_purchases(customers);
    let started = Instant::now();
    let model = Model::train(&purchases, demo_end(), &Params::default());
    let trained = started.elapsed();

    let cutoff = demo_end() - chrono::Days::new(90);
    let started = Instant::now();
    let holdout = evaluate_holdout(&purchases, cutoff, 90, 3, &Params::default());
    let evaluated = started.elapsed();
    println!(
        "{customers} demo customers, {} purchases: trained in {trained:?} ({} items, {} rules); \
         holdout in {evaluated:?}: hit-rate@3 model {:.3} ({}/{}), best sellers {:.3} ({}/{})",
        purchases.len(),
        model.items(),
        model.rules().len(),
        holdout.model.rate,
        holdout.model.hits,
        holdout.model.customers_evaluated,
        holdout.popular.rate,
        holdout.popular.hits,
        holdout.popular.customers_evaluated,
    );
    assert!(holdout.model.rate > holdout.popular.rate, "{holdout:?}");
}

#[test]
fn baskets_keep_each_item_once_with_its_first_day() {
    let skus = ["A", "B", "C"].map(String::from).to_vec();
    let products = ["Product A", "Product B", "Product C"]
        .map(String::from)
        .to_vec();
    let mut baskets = Baskets::new(skus, products);
    baskets.add_customer(&mut [(2, 30), (0, 12), (2, 10), (0, 11), (9, 1)]);
    // Unknown items only: no basket.
    baskets.add_customer(&mut [(7, 5)]);
    baskets.add_customer(&mut []);
    baskets.add_customer(&mut [(1, 4)]);
    assert_eq!(
        (baskets.customers(), baskets.items(), baskets.pairs()),
        (2, 3, 3)
    );
    assert_eq!(baskets.items, [0, 2, 1]);
    assert_eq!(baskets.first_days, [11, 10, 4]);
    assert_eq!(baskets.start, [0, 2, 3]);
}

#[test]
#[should_panic(expected = "sorted, unique SKUs")]
fn baskets_need_sorted_skus() {
    Baskets::new(vec!["B".into(), "A".into()], vec!["b".into(), "a".into()]);
}

#[test]
fn training_in_small_steps_equals_training_at_once() {
    for (purchases, until, budget) in [
        (ten_customers(), day(31), 1),
        (demo().to_vec(), demo_end(), 997),
        (demo().to_vec(), demo_end() - chrono::Days::new(400), 50),
    ] {
        let baskets = Interned::from_purchases(&purchases, until).into_baskets();
        let mut training = Training::new(baskets, day_of(until), &Params::default());
        let mut last = training.progress();
        let mut steps = 0;
        while !training.step(budget) {
            let now = training.progress();
            assert!(
                now.0 >= last.0 && now.0 <= now.1 && now.1 == last.1,
                "{last:?} → {now:?}"
            );
            last = now;
            steps += 1;
        }
        assert!(training.is_done());
        assert_eq!(training.progress().0, training.progress().1);
        assert!(steps > 1);
        assert_eq!(
            training.finish(),
            Model::train(&purchases, until, &Params::default())
        );
    }
}
