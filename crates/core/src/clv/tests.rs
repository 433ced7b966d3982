//! Validation of the lifetime value models against published results (the
//! CDNOW sample of Fader, Hardie & Lee), against the `lifetimes` package,
//! and against the invariants the app relies on.

use std::time::Instant;

use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;
use crate::i18n::{Lang, catalog};
// The raw CDNOW sample is also the fit benchmark's workload.
use crate::workload::{cdnow_end_day, cdnow_transactions};

const CDNOW_SUMMARY: &str = include_str!("../../tests/fixtures/cdnow_customers_summary.csv");
const CDNOW_WITH_SPEND: &str =
    include_str!("../../tests/fixtures/cdnow_customers_summary_with_transactions.csv");
const CDNOW_WEEKLY_LIFETIMES: &str =
    include_str!("../../tests/fixtures/cdnow_weekly_summary_lifetimes.csv");

/// The published BG/NBD estimates (Fader, Hardie & Lee 2005, section 4).
const PAPER: BgNbd = BgNbd {
    r: 0.243,
    alpha: 4.414,
    a: 0.793,
    b: 2.426,
    log_likelihood: -9582.4,
};

/// The published Gamma-Gamma estimates (Hardie, "The Gamma-Gamma Model of
/// Monetary Value").
const NOTE: GammaGamma = GammaGamma {
    p: 6.25,
    q: 3.74,
    v: 15.44,
};

/// Rows of a CSV fixture after the header, as numbers.
fn rows(csv: &str) -> Vec<Vec<f64>> {
    csv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            l.split(',')
                .map(|cell| cell.trim().parse().expect("numeric cell"))
                .collect()
        })
        .collect()
}

/// The 2,357 CDNOW customers in weeks: x, t_x, T (and the mean repeat
/// spend `zbar` in dollars).
fn cdnow() -> Vec<Summary> {
    rows(CDNOW_WITH_SPEND)
        .into_iter()
        .map(|r| Summary {
            frequency: r[1],
            recency: r[2],
            t: r[3],
            monetary: r[4],
        })
        .collect()
}

fn round_to(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

#[test]
fn the_fixture_summaries_agree_with_each_other() {
    let plain = rows(CDNOW_SUMMARY);
    let with_spend = cdnow();
    assert_eq!(plain.len(), 2357);
    assert_eq!(with_spend.len(), 2357);
    for (p, s) in plain.iter().zip(&with_spend) {
        assert_eq!((p[1], p[2], p[3]), (s.frequency, s.recency, s.t));
    }
}

#[test]
fn bgnbd_fit_on_cdnow_reproduces_the_published_parameters() {
    let fit = BgNbd::fit(&cdnow()).expect("CDNOW fits");
    println!("BG/NBD on CDNOW: {fit:?}");
    // The paper reports three decimals (one for the log-likelihood).
    assert_eq!(round_to(fit.r, 3), 0.243, "{fit:?}");
    assert_eq!(round_to(fit.alpha, 3), 4.414, "{fit:?}");
    assert_eq!(round_to(fit.a, 3), 0.793, "{fit:?}");
    assert_eq!(round_to(fit.b, 3), 2.426, "{fit:?}");
    assert_eq!(round_to(fit.log_likelihood, 1), -9582.4, "{fit:?}");
    // lifetimes 0.11.3 (scipy BFGS) on the same file: 1e-3 relative.
    for (got, want) in [
        (fit.r, 0.242593),
        (fit.alpha, 4.413532),
        (fit.a, 0.792886),
        (fit.b, 2.425752),
    ] {
        assert!(
            (got - want).abs() < 1e-3 * want,
            "{got} vs lifetimes' {want}"
        );
    }
}

/// A fit in bounded steps, for the tests that step both models' fitters.
trait Stepwise: Clone {
    type Model: PartialEq + std::fmt::Debug + Clone;
    fn step(&mut self) -> Option<Result<Self::Model, ClvError>>;
    fn evaluations(&self) -> usize;
    fn iterations(&self) -> usize;
}

impl Stepwise for BgNbdFit {
    type Model = BgNbd;
    fn step(&mut self) -> Option<Result<BgNbd, ClvError>> {
        BgNbdFit::step(self)
    }
    fn evaluations(&self) -> usize {
        BgNbdFit::evaluations(self)
    }
    fn iterations(&self) -> usize {
        BgNbdFit::iterations(self)
    }
}

impl Stepwise for GammaGammaFit {
    type Model = GammaGamma;
    fn step(&mut self) -> Option<Result<GammaGamma, ClvError>> {
        GammaGammaFit::step(self)
    }
    fn evaluations(&self) -> usize {
        GammaGammaFit::evaluations(self)
    }
    fn iterations(&self) -> usize {
        GammaGammaFit::iterations(self)
    }
}

/// Steps `fitter` to the end, checking that every step evaluates the
/// likelihood exactly once, that iterations only grow, and that a copy
/// taken half-way ends the same; the result and the number of steps.
fn step_to_the_end<F: Stepwise>(mut fitter: F) -> (Result<F::Model, ClvError>, usize) {
    let mut copy = None;
    let mut steps = 0;
    let result = loop {
        let (evaluations, iterations) = (fitter.evaluations(), fitter.iterations());
        let done = fitter.step();
        steps += 1;
        assert_eq!(fitter.evaluations(), evaluations + 1, "step {steps}");
        assert!(fitter.iterations() >= iterations, "step {steps}");
        if let Some(result) = done {
            break result;
        }
        if steps == 10 {
            copy = Some(fitter.clone());
        }
    };
    // Done stays done, with no more work.
    let evaluations = fitter.evaluations();
    assert_eq!(fitter.step(), Some(result.clone()));
    assert_eq!(fitter.evaluations(), evaluations);
    assert_eq!(steps, evaluations);
    let mut copy = copy.expect("more than 10 steps");
    let from_copy = loop {
        if let Some(result) = copy.step() {
            break result;
        }
    };
    assert_eq!(from_copy, result);
    assert_eq!(copy.evaluations(), evaluations);
    (result, steps)
}

#[test]
fn fitters_stepped_to_the_end_equal_the_fits_on_cdnow() {
    let data = cdnow();
    let close = |got: f64, want: f64| (got - want).abs() <= 1e-12 * want.abs();

    let (bg, steps) = step_to_the_end(BgNbd::fitter(&data).expect("CDNOW is valid"));
    let bg = bg.expect("CDNOW fits");
    assert_eq!(Ok(bg), BgNbd::fit(&data));
    // The one-loop optimiser's result before it became resumable.
    for (got, want) in [
        (bg.r, 0.2425929072884186),
        (bg.alpha, 4.413531565349725),
        (bg.a, 0.7928861472961265),
        (bg.b, 2.4257534315212737),
        (bg.log_likelihood, -9582.42556056736),
    ] {
        assert!(close(got, want), "{bg:?}");
    }
    println!("BG/NBD on CDNOW: {steps} steps");

    let (gg, steps) = step_to_the_end(GammaGamma::fitter(&data).expect("CDNOW is valid"));
    let gg = gg.expect("CDNOW spend fits");
    assert_eq!(Ok(gg), GammaGamma::fit(&data));
    for (got, want) in [
        (gg.p, 6.2488025074063165),
        (gg.q, 3.7445884526539395),
        (gg.v, 15.447747957847342),
    ] {
        assert!(close(got, want), "{gg:?}");
    }
    println!("Gamma-Gamma on CDNOW: {steps} steps");
}

#[test]
fn fitters_report_bad_data_before_any_step_and_failures_at_the_end() {
    let few: Vec<Summary> = (0..5)
        .map(|i| summary(f64::from(i), f64::from(i), 10.0, 5.0))
        .collect();
    assert_eq!(BgNbd::fitter(&few).err(), BgNbd::fit(&few).err());
    assert_eq!(GammaGamma::fitter(&few).err(), GammaGamma::fit(&few).err());
    let mut data = cdnow();
    data[17].t = f64::NAN;
    assert!(matches!(BgNbd::fitter(&data), Err(ClvError::Degenerate(_))));
    assert!(matches!(
        GammaGamma::fitter(&data),
        Err(ClvError::Degenerate(_))
    ));

    // Everyone spends the same: the spend model has no finite-mean fit,
    // which only the end of the optimisation can tell.
    let same: Vec<Summary> = (0..40)
        .map(|i| summary(f64::from(1 + i % 4), 5.0, 10.0, 20.0))
        .collect();
    let fitter = GammaGamma::fitter(&same).expect("valid data");
    let (stepped, _) = step_to_the_end(fitter);
    assert!(stepped.is_err(), "{stepped:?}");
    assert_eq!(stepped, GammaGamma::fit(&same));
}

#[test]
fn the_fitters_on_20_000_simulated_customers_equal_the_fits() {
    let truth = BgNbd {
        r: 0.5,
        alpha: 6.0,
        a: 0.7,
        b: 2.9,
        log_likelihood: 0.0,
    };
    let data = simulate(&truth, 20_000, 7);
    let (bg, bg_steps) = step_to_the_end(BgNbd::fitter(&data).expect("valid"));
    assert_eq!(bg, BgNbd::fit(&data));
    let (gg, gg_steps) = step_to_the_end(GammaGamma::fitter(&data).expect("valid"));
    assert_eq!(gg, GammaGamma::fit(&data));
    println!("20,000 simulated customers: BG/NBD {bg_steps} steps, Gamma-Gamma {gg_steps}");
    assert!(bg.is_ok(), "{bg:?}");
}

#[test]
fn bgnbd_log_likelihood_at_the_published_parameters_is_minus_9582_4() {
    let ll = BgNbd::log_likelihood_at([PAPER.r, PAPER.alpha, PAPER.a, PAPER.b], &cdnow())
        .expect("valid data and parameters");
    assert!((ll - -9582.4).abs() < 0.1, "{ll}");
}

#[test]
fn gamma_gamma_fit_on_cdnow_repeat_buyers_reproduces_the_published_parameters() {
    let data = cdnow();
    assert_eq!(data.iter().filter(|s| s.frequency > 0.0).count(), 946);
    let fit = GammaGamma::fit(&data).expect("CDNOW spend fits");
    println!("Gamma-Gamma on CDNOW: {fit:?}");
    assert_eq!(round_to(fit.p, 2), 6.25, "{fit:?}");
    assert_eq!(round_to(fit.q, 2), 3.74, "{fit:?}");
    // Hardie's note prints 15.44, lifetimes' docs 15.45: the likelihood is
    // nearly flat along a ridge in (q, v).
    assert!((fit.v - 15.445).abs() <= 0.006, "{fit:?}");
    // The maximum is at least as high as at the published values.
    let at_note = GammaGamma::log_likelihood_at([NOTE.p, NOTE.q, NOTE.v], &data).expect("valid");
    let at_fit = GammaGamma::log_likelihood_at([fit.p, fit.q, fit.v], &data).expect("valid");
    assert!(at_fit >= at_note - 1e-9, "{at_fit} < {at_note}");
}

#[test]
fn clv_matches_lifetimes_at_the_published_parameters() {
    // lifetimes 0.11.3 customer_lifetime_value(time = 12, discount_rate =
    // 0.01, freq = "W") with the published BG/NBD and Gamma-Gamma
    // parameters (tests/fixtures/lifetimes_reference.py).
    for (x, t_x, t, m, want) in [
        (2.0, 30.43, 38.86, 22.35, 36.28921112559952),
        (0.0, 0.0, 38.86, 0.0, 8.369004358920185),
        (7.0, 29.43, 38.86, 73.74, 283.5327763170912),
        (1.0, 1.71, 38.86, 11.77, 4.637294659747194),
        (26.0, 30.86, 31.0, 48.2, 1169.330663872192),
        (50.0, 38.0, 38.86, 10.0, 403.08322540774054),
    ] {
        let s = Summary {
            frequency: x,
            recency: t_x,
            t,
            monetary: m,
        };
        let got = clv(&PAPER, &NOTE, &s, Period::Week, 12, 0.01);
        assert!((got - want).abs() < 1e-8 * want, "{s:?}: {got} vs {want}");
    }
}

#[test]
fn clv_discounts_later_months_and_grows_with_the_horizon() {
    let s = cdnow()[0];
    let undiscounted = clv(&PAPER, &NOTE, &s, Period::Week, 12, 0.0);
    let discounted = clv(&PAPER, &NOTE, &s, Period::Week, 12, 0.01);
    let longer = clv(&PAPER, &NOTE, &s, Period::Week, 24, 0.01);
    assert!(discounted < undiscounted && discounted < longer);
    let expected = PAPER.expected_purchases(&s, 12.0 * 4.345) * NOTE.conditional_expected_spend(&s);
    assert!((undiscounted - expected).abs() < 1e-9 * expected);
    assert_eq!(clv(&PAPER, &NOTE, &s, Period::Week, 0, 0.01), 0.0);
    assert_eq!(
        clv(&PAPER, &NOTE, &s, Period::Week, 12, f64::NAN),
        undiscounted
    );
}

#[test]
fn summarise_in_days_reproduces_hardies_cdnow_summary() {
    // Hardie's summary is the daily summary up to 1997-09-30 with times
    // divided by 7 and rounded to two decimals.
    let ours = summarise(&cdnow_transactions(), Period::Day, cdnow_end_day());
    for (i, (got, want)) in ours.iter().zip(cdnow()).enumerate() {
        let got = got.expect("every CDNOW customer bought in the first quarter");
        assert_eq!(got.frequency, want.frequency, "customer {}", i + 1);
        assert_eq!(
            round_to(got.recency / 7.0, 2),
            want.recency,
            "customer {}",
            i + 1
        );
        assert_eq!(round_to(got.t / 7.0, 2), want.t, "customer {}", i + 1);
        assert!(
            (got.monetary - want.monetary).abs() <= 0.005 + 1e-9,
            "customer {}: {} vs {}",
            i + 1,
            got.monetary,
            want.monetary
        );
    }
}

#[test]
fn summarise_in_weeks_reproduces_lifetimes() {
    // lifetimes' summary_data_from_transaction_data(freq = "W",
    // monetary_value_col = "value") of the sample up to 1997-09-30.
    let ours = summarise(&cdnow_transactions(), Period::Week, cdnow_end_day());
    let theirs = rows(CDNOW_WEEKLY_LIFETIMES);
    assert_eq!(theirs.len(), ours.len());
    for row in theirs {
        let id = row[0] as usize;
        let got = ours[id - 1].expect("customer bought");
        assert_eq!(
            (got.frequency, got.recency, got.t),
            (row[1], row[2], row[3]),
            "customer {id}"
        );
        assert!(
            (got.monetary - row[4]).abs() < 1e-6,
            "customer {id}: {} vs {}",
            got.monetary,
            row[4]
        );
    }
}

fn summary(frequency: f64, recency: f64, t: f64, monetary: f64) -> Summary {
    Summary {
        frequency,
        recency,
        t,
        monetary,
    }
}

#[test]
fn fits_refuse_too_few_customers() {
    let few: Vec<Summary> = (0..5)
        .map(|i| summary(f64::from(i), f64::from(i), 10.0, 5.0))
        .collect();
    assert_eq!(
        BgNbd::fit(&few),
        Err(ClvError::TooFewCustomers {
            found: 5,
            needed: MIN_CUSTOMERS
        })
    );
    assert_eq!(
        GammaGamma::fit(&few),
        Err(ClvError::TooFewCustomers {
            found: 4,
            needed: MIN_CUSTOMERS
        })
    );
}

#[test]
fn fits_refuse_data_without_repeat_buyers() {
    let once: Vec<Summary> = (0..50)
        .map(|i| summary(0.0, 0.0, f64::from(i), 0.0))
        .collect();
    assert_eq!(BgNbd::fit(&once), Err(ClvError::NoRepeatBuyers));
    assert_eq!(GammaGamma::fit(&once), Err(ClvError::NoRepeatBuyers));
}

#[test]
fn fits_refuse_non_finite_or_inconsistent_summaries() {
    let mut data = cdnow();
    data[17].t = f64::NAN;
    let Err(ClvError::Degenerate(why)) = BgNbd::fit(&data) else {
        panic!("NaN accepted");
    };
    assert!(why.contains("summary 17"), "{why}");
    assert!(matches!(
        GammaGamma::fit(&data),
        Err(ClvError::Degenerate(_))
    ));
    let mut data = cdnow();
    data[3].recency = data[3].t + 1.0;
    assert!(matches!(BgNbd::fit(&data), Err(ClvError::Degenerate(_))));
    assert!(matches!(
        BgNbd::log_likelihood_at([0.2, f64::INFINITY, 1.0, 1.0], &cdnow()),
        Err(ClvError::Degenerate(_))
    ));
}

#[test]
fn every_clv_error_has_a_message_in_both_languages() {
    for error in [
        ClvError::TooFewCustomers {
            found: 3,
            needed: 10,
        },
        ClvError::NoRepeatBuyers,
        ClvError::NotConverged { iterations: 1000 },
        ClvError::Degenerate("q ≤ 1".into()),
    ] {
        assert!(catalog().has(error.key()), "{} missing", error.key());
        let (tr, en) = (error.message(Lang::Tr), error.message(Lang::En));
        assert_ne!(tr, en);
        if let ClvError::TooFewCustomers { .. } = error {
            assert!(tr.contains('3') && en.contains("10"), "{tr} / {en}");
        }
    }
}

/// A Gamma(shape, 1) draw (Marsaglia & Tsang, with the boost for shape < 1).
fn gamma_draw(rng: &mut impl Rng, shape: f64) -> f64 {
    if shape < 1.0 {
        let u: f64 = rng.random();
        return gamma_draw(rng, shape + 1.0) * u.powf(1.0 / shape);
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        // Standard normal by Box–Muller.
        let (u1, u2): (f64, f64) = (rng.random(), rng.random());
        let n = (-2.0 * (1.0 - u1).ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
        let v = (1.0 + c * n).powi(3);
        if v <= 0.0 {
            continue;
        }
        let u: f64 = rng.random();
        if (1.0 - u).ln() < 0.5 * n * n + d - d * v + d * v.ln() {
            return d * v;
        }
    }
}

/// Customers drawn from the BG/NBD process itself, observed for 20–52
/// weeks of continuous time.
fn simulate(model: &BgNbd, customers: usize, seed: u64) -> Vec<Summary> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..customers)
        .map(|_| {
            let rate = gamma_draw(&mut rng, model.r) / model.alpha;
            let (ga, gb) = (gamma_draw(&mut rng, model.a), gamma_draw(&mut rng, model.b));
            let dropout = ga / (ga + gb);
            let observed = rng.random_range(20.0..52.0);
            let (mut now, mut x, mut last) = (0.0, 0.0, 0.0);
            loop {
                let u: f64 = rng.random();
                now += -(1.0 - u).ln() / rate;
                if now > observed {
                    break;
                }
                x += 1.0;
                last = now;
                if rng.random::<f64>() < dropout {
                    break;
                }
            }
            let monetary = if x > 0.0 {
                10.0 + 40.0 * rng.random::<f64>()
            } else {
                0.0
            };
            summary(x, last, observed, monetary)
        })
        .collect()
}

#[test]
fn bgnbd_fit_recovers_the_parameters_of_simulated_customers() {
    let truth = BgNbd {
        r: 0.5,
        alpha: 6.0,
        a: 0.7,
        b: 3.0,
        log_likelihood: 0.0,
    };
    let data = simulate(&truth, 20_000, 7);
    let fit = BgNbd::fit(&data).expect("simulated data fit");
    println!("BG/NBD on 20,000 simulated customers: {fit:?}");
    // The maximum is at least as likely as the truth, and near it.
    let at_truth =
        BgNbd::log_likelihood_at([truth.r, truth.alpha, truth.a, truth.b], &data).expect("valid");
    assert!(
        fit.log_likelihood >= at_truth,
        "{} < {at_truth}",
        fit.log_likelihood
    );
    for (got, want) in [
        (fit.r, truth.r),
        (fit.alpha, truth.alpha),
        (fit.a, truth.a),
        (fit.b, truth.b),
    ] {
        assert!((got - want).abs() < 0.3 * want, "{fit:?}");
    }
}

#[test]
fn clv_fit_and_scoring_times_are_printed() {
    // Timing only (no assertion on speed): run with --release --nocapture
    // for numbers worth quoting.
    let data = cdnow();
    let started = Instant::now();
    let bg = BgNbd::fit(&data).expect("CDNOW fits");
    let gg = GammaGamma::fit(&data).expect("CDNOW spend fits");
    let fit_time = started.elapsed();
    println!(
        "clv timing: BG/NBD + Gamma-Gamma fit on {} CDNOW customers: {:.1} ms",
        data.len(),
        fit_time.as_secs_f64() * 1e3
    );

    let truth = BgNbd {
        r: 0.25,
        alpha: 4.0,
        a: 0.8,
        b: 2.5,
        log_likelihood: 0.0,
    };
    let many = simulate(&truth, 100_000, 11);
    let started = Instant::now();
    let bg_many = BgNbd::fit(&many).expect("simulated data fit");
    let gg_many = GammaGamma::fit(&many).expect("simulated spend fits");
    let fit_time = started.elapsed();
    let started = Instant::now();
    let total: f64 = many
        .iter()
        .map(|s| bg_many.p_alive(s) + clv(&bg_many, &gg_many, s, Period::Week, 12, 0.01))
        .sum();
    let score_time = started.elapsed();
    println!(
        "clv timing: fit on 100,000 simulated customers: {:.1} ms; P(alive) + 12-month CLV for all: {:.1} ms (checksum {total:.0})",
        fit_time.as_secs_f64() * 1e3,
        score_time.as_secs_f64() * 1e3
    );
    assert!(bg.log_likelihood.is_finite() && gg.q > 1.0);
}

fn any_bgnbd() -> impl Strategy<Value = BgNbd> {
    (0.01f64..10.0, 0.01f64..500.0, 0.01f64..10.0, 0.01f64..10.0).prop_map(|(r, alpha, a, b)| {
        BgNbd {
            r,
            alpha,
            a,
            b,
            log_likelihood: 0.0,
        }
    })
}

fn any_gamma_gamma() -> impl Strategy<Value = GammaGamma> {
    (0.1f64..20.0, 1.01f64..20.0, 0.1f64..1000.0).prop_map(|(p, q, v)| GammaGamma { p, q, v })
}

fn any_summary() -> impl Strategy<Value = Summary> {
    (0u32..300, 0.0f64..1.0, 0.0f64..1000.0, 0.0f64..10_000.0).prop_map(|(x, share, t, m)| {
        let x = f64::from(x);
        if x == 0.0 {
            summary(0.0, 0.0, t, 0.0)
        } else {
            summary(x, share * t, t, m)
        }
    })
}

proptest! {
    #[test]
    fn clv_is_finite_and_never_negative(
        bg in any_bgnbd(),
        gg in any_gamma_gamma(),
        s in any_summary(),
        weekly in any::<bool>(),
        months in 0u32..60,
        discount in -0.5f64..0.5,
    ) {
        let period = if weekly { Period::Week } else { Period::Day };
        let value = clv(&bg, &gg, &s, period, months, discount);
        prop_assert!(value.is_finite() && value >= 0.0, "{value}");
    }

    #[test]
    fn p_alive_is_a_probability(bg in any_bgnbd(), s in any_summary()) {
        let p = bg.p_alive(&s);
        prop_assert!((0.0..=1.0).contains(&p), "{p}");
    }

    #[test]
    fn expected_purchases_are_never_negative_and_grow_with_time(
        bg in any_bgnbd(),
        s in any_summary(),
        t1 in 0.0f64..5000.0,
        more in 0.0f64..5000.0,
    ) {
        let early = bg.expected_purchases(&s, t1);
        let late = bg.expected_purchases(&s, t1 + more);
        prop_assert!(early.is_finite() && early >= 0.0, "{early}");
        prop_assert!(late >= early - 1e-9 * (1.0 + early), "{early} then {late}");
        let new = bg.expected_purchases_new(t1);
        prop_assert!(new.is_finite() && new >= 0.0, "{new}");
    }

    #[test]
    fn fits_return_finite_parameters_or_an_error(
        data in prop::collection::vec(any_summary(), 0..40),
    ) {
        match BgNbd::fit(&data) {
            Ok(m) => prop_assert!(
                [m.r, m.alpha, m.a, m.b, m.log_likelihood].iter().all(|v| v.is_finite()),
                "{m:?}"
            ),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        match GammaGamma::fit(&data) {
            Ok(m) => prop_assert!(
                [m.p, m.q, m.v].iter().all(|v| v.is_finite()) && m.q > 1.0,
                "{m:?}"
            ),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}
