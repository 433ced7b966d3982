//! Customer lifetime value: the BG/NBD model of how often customers buy and
//! when they drop out, the Gamma-Gamma model of how much they spend per
//! purchase, and the discounted value of the purchases both predict — the
//! method of the Python `lifetimes` package, in pure Rust for the browser.
//!
//! The pipeline: [`summarise`] turns the purchase table into one
//! [`Summary`] per customer (frequency, recency, age T, mean repeat spend,
//! with `lifetimes`' definitions, in days or calendar weeks);
//! [`BgNbd::fit`] and [`GammaGamma::fit`] estimate the models by maximum
//! likelihood; [`BgNbd::p_alive`], [`BgNbd::expected_purchases`],
//! [`GammaGamma::conditional_expected_spend`] and [`clv`] score each
//! customer.
//!
//! Design choices:
//! - Special functions: `statrs` for log-gamma and digamma. ₂F₁ (which the
//!   BG/NBD's conditional expectation needs) is our own (`special.rs`: its
//!   power series, the `z → 1 − z` connection formula near 1, care for the
//!   integer cases) because the crates that have it do not fit a wasm
//!   build: `GSL` binds the C library, `mathru` pulls BLAS and LAPACK.
//! - Optimiser: our own BFGS (`optimise.rs` says why `argmin` does not
//!   fit).
//! - A fit either returns finite parameters and log-likelihood or a
//!   [`ClvError`]; scoring functions never return NaN or a negative value
//!   (bad input scores 0), so nothing invalid reaches a screen as a number.
//!
//! Validation (tests in this module): the fits reproduce the CDNOW
//! parameters of Fader, Hardie & Lee (2005) and Hardie's Gamma-Gamma note,
//! the log-likelihood at the published parameters is −9582.4, expectations
//! match the paper's example, `lifetimes` and high-precision values, and the
//! summary of the raw CDNOW sample matches Hardie's summary (days) and
//! `lifetimes`' (weeks). Fixtures are in `tests/fixtures/`.

mod bgnbd;
mod gamma_gamma;
mod optimise;
mod special;
mod summary;
#[cfg(test)]
mod tests;

pub use bgnbd::{BgNbd, BgNbdFit};
pub use gamma_gamma::{GammaGamma, GammaGammaFit};
pub use summary::{Period, Summary, summarise};

/// Fewest customers (for the Gamma-Gamma: repeat buyers with spend) a fit
/// accepts; fewer cannot identify three or four parameters.
pub const MIN_CUSTOMERS: usize = 10;

/// Why a model could not be fitted. English text for logs and the CLI,
/// [`ClvError::key`] for the UI.
#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum ClvError {
    /// Fewer customers than [`MIN_CUSTOMERS`].
    #[error("too few customers to fit the model: {found}, at least {needed} are needed")]
    TooFewCustomers { found: usize, needed: usize },
    /// Nobody bought in more than one period, so there is no repeat buying
    /// to model.
    #[error("no customer has bought more than once")]
    NoRepeatBuyers,
    /// The optimiser stopped before it found the maximum.
    #[error("the model fit did not converge after {iterations} iterations")]
    NotConverged { iterations: usize },
    /// The data (or parameters) cannot be modelled; the text says why.
    #[error("the data cannot be modelled: {0}")]
    Degenerate(String),
}

impl ClvError {
    /// Translation key of the error (`clv-error-…` in the catalogue).
    pub fn key(&self) -> &'static str {
        match self {
            ClvError::TooFewCustomers { .. } => "clv-error-too-few-customers",
            ClvError::NoRepeatBuyers => "clv-error-no-repeat-buyers",
            ClvError::NotConverged { .. } => "clv-error-not-converged",
            ClvError::Degenerate(_) => "clv-error-degenerate",
        }
    }

    /// The error as a sentence in `lang`, with its numbers filled in (the
    /// detail of `Degenerate` stays in English, for support).
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::{Arg, catalog};
        match self {
            ClvError::TooFewCustomers { found, needed } => catalog().text_with(
                lang,
                self.key(),
                &[
                    ("found", Arg::Num(*found as f64)),
                    ("needed", Arg::Num(*needed as f64)),
                ],
            ),
            ClvError::NotConverged { iterations } => catalog().text_with(
                lang,
                self.key(),
                &[("iterations", Arg::Num(*iterations as f64))],
            ),
            ClvError::Degenerate(detail) => {
                catalog().text_with(lang, self.key(), &[("detail", Arg::Str(detail))])
            }
            ClvError::NoRepeatBuyers => catalog().text(lang, self.key()),
        }
    }
}

impl From<optimise::Failure> for ClvError {
    fn from(failure: optimise::Failure) -> ClvError {
        match failure {
            optimise::Failure::NotConverged { iterations } => ClvError::NotConverged { iterations },
            optimise::Failure::NotFiniteAtStart => {
                ClvError::Degenerate("the likelihood is not finite at the starting point".into())
            }
        }
    }
}

/// Discounted value of a customer's purchases over the next `months`
/// months, as `lifetimes`' `customer_lifetime_value` computes it:
///
/// Σ_{i=1..months} (E[purchases up to month i] − E[purchases up to month
/// i−1]) × expected spend / (1 + monthly_discount)^i,
///
/// with a month of [`Period::per_month`] periods (30 days, or 4.345 weeks as
/// in `lifetimes`), E from [`BgNbd::expected_purchases`] and the spend from
/// [`GammaGamma::conditional_expected_spend`]. `period` must be the unit
/// the summaries and models were made in.
///
/// Always finite and ≥ 0: a negative or non-finite discount rate counts as
/// 0, and a summary with a [`Summary::problem`] is worth 0.
pub fn clv(
    bg: &BgNbd,
    gg: &GammaGamma,
    s: &Summary,
    period: Period,
    months: u32,
    monthly_discount: f64,
) -> f64 {
    let spend = gg.conditional_expected_spend(s);
    let discount = if monthly_discount.is_finite() && monthly_discount > 0.0 {
        1.0 + monthly_discount
    } else {
        1.0
    };
    let per_month = period.per_month();
    let horizons: Vec<f64> = (1..=months).map(|m| f64::from(m) * per_month).collect();
    let mut upto = vec![0.0; horizons.len()];
    bg.expected_purchases_over(s, &horizons, &mut upto);
    let mut value = 0.0;
    let mut before = 0.0;
    let mut factor = 1.0;
    for &now in &upto {
        factor /= discount;
        // E is non-decreasing in t; max() absorbs rounding.
        value += (now - before).max(0.0) * spend * factor;
        before = now;
    }
    if value.is_finite() { value } else { 0.0 }
}
