//! The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005,
//! "RFM and CLV: Using Iso-Value Curves for Customer Base Analysis", and
//! Hardie's note "The Gamma-Gamma Model of Monetary Value", 2013): each
//! purchase of a customer is Gamma(p, ν) with the customer's ν ~ Gamma(q, γ)
//! (γ is `v` here, as in `lifetimes`), independent of how often they buy.
//!
//! It is fitted on the repeat buyers only (frequency > 0, mean spend > 0),
//! by maximum likelihood over the logarithms of (p, q, v) with exact
//! gradients, like the BG/NBD.

use serde::{Deserialize, Serialize};
use statrs::function::gamma::{digamma, ln_gamma};

use super::optimise::{Minimiser, Minimum, Progress};
use super::{ClvError, MIN_CUSTOMERS, Summary};

/// A fitted Gamma-Gamma spend model, in the currency units of the
/// summaries' `monetary` (major units).
///
/// A model returned by [`GammaGamma::fit`] has finite, positive parameters
/// and `q > 1`, so the mean spend `p·v/(q−1)` is finite.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GammaGamma {
    /// Shape of the spend per purchase.
    pub p: f64,
    /// Shape of the Gamma distribution of customers' spend rates ν.
    pub q: f64,
    /// Scale (γ) of the Gamma distribution of customers' spend rates ν.
    pub v: f64,
}

/// Repeat buyers with the same (x, mean spend) merged, grouped by x.
#[derive(Debug, Clone)]
struct Prepared {
    /// (x, range of `rows`).
    groups: Vec<(f64, std::ops::Range<usize>)>,
    /// (mean spend, number of customers).
    rows: Vec<(f64, f64)>,
    customers: f64,
}

impl Prepared {
    fn new(data: &[Summary]) -> Result<Prepared, ClvError> {
        let mut keys = Vec::new();
        let mut repeat_buyers = 0;
        for (i, s) in data.iter().enumerate() {
            if let Some(problem) = s.problem() {
                return Err(ClvError::Degenerate(format!("summary {i}: {problem}")));
            }
            if s.frequency > 0.0 {
                repeat_buyers += 1;
                // A repeat buyer whose purchases were free (or refunded)
                // says nothing a Gamma distribution can hold.
                if s.monetary > 0.0 {
                    keys.push((s.frequency, s.monetary));
                }
            }
        }
        if repeat_buyers == 0 {
            return Err(ClvError::NoRepeatBuyers);
        }
        if keys.len() < MIN_CUSTOMERS {
            return Err(ClvError::TooFewCustomers {
                found: keys.len(),
                needed: MIN_CUSTOMERS,
            });
        }
        let customers = keys.len() as f64;
        keys.sort_unstable_by(|p, q| p.0.total_cmp(&q.0).then(p.1.total_cmp(&q.1)));
        let mut groups: Vec<(f64, std::ops::Range<usize>)> = Vec::new();
        let mut rows: Vec<(f64, f64)> = Vec::new();
        for (x, m) in keys {
            match groups.last_mut() {
                Some((gx, range)) if *gx == x => {
                    match rows.last_mut() {
                        Some(last) if last.0 == m => last.1 += 1.0,
                        _ => rows.push((m, 1.0)),
                    }
                    range.end = rows.len();
                }
                _ => {
                    rows.push((m, 1.0));
                    groups.push((x, rows.len() - 1..rows.len()));
                }
            }
        }
        Ok(Prepared {
            groups,
            rows,
            customers,
        })
    }

    /// Log-likelihood of the mean spends (Hardie's note, eq. 3) and its
    /// gradient with respect to (p, q, v).
    fn log_likelihood(&self, [p, q, v]: [f64; 3]) -> (f64, [f64; 3]) {
        let (ln_v, lg_q, psi_q) = (v.ln(), ln_gamma(q), digamma(q));
        let mut ll = 0.0;
        let mut grad = [0.0; 3];
        for (x, range) in &self.groups {
            let x = *x;
            let u = p * x;
            let ln_x = x.ln();
            let psi_uq = digamma(u + q);
            let base = ln_gamma(u + q) - ln_gamma(u) - lg_q + q * ln_v + u * ln_x;
            let d_base_p = x * (psi_uq - digamma(u) + ln_x);
            let d_base_q = psi_uq - psi_q + ln_v;
            for &(m, w) in &self.rows[range.clone()] {
                let ln_m = m.ln();
                let ln_total = (x * m + v).ln();
                ll += w * (base + (u - 1.0) * ln_m - (u + q) * ln_total);
                grad[0] += w * (d_base_p + x * ln_m - x * ln_total);
                grad[1] += w * (d_base_q - ln_total);
                grad[2] += w * (q / v - (u + q) / (x * m + v));
            }
        }
        (ll, grad)
    }
}

/// A [`GammaGamma`] fit in progress (see [`GammaGamma::fitter`]). Owns the
/// condensed data, not the summaries.
#[derive(Debug, Clone)]
pub struct GammaGammaFit {
    prepared: Prepared,
    minimiser: Minimiser<3>,
    result: Option<Result<GammaGamma, ClvError>>,
}

impl GammaGammaFit {
    /// Evaluates the likelihood (and its gradient) once: `None` while the
    /// fit goes on, then the model or why it failed (the same on every
    /// later call, without more work). One evaluation costs a pass over the
    /// condensed data, at most [`GammaGammaFit::customers`] rows.
    pub fn step(&mut self) -> Option<Result<GammaGamma, ClvError>> {
        if self.result.is_none() {
            let prepared = &self.prepared;
            if let Progress::Done(found) = self.minimiser.step(|theta| objective(prepared, theta)) {
                self.result = Some(found.map_err(ClvError::from).and_then(checked));
            }
        }
        self.result.clone()
    }

    /// Optimiser iterations completed so far.
    pub fn iterations(&self) -> usize {
        self.minimiser.iterations()
    }

    /// Likelihood evaluations (steps that did work) so far.
    pub fn evaluations(&self) -> usize {
        self.minimiser.evaluations()
    }

    /// Repeat buyers with spend the model is fitted on.
    pub fn customers(&self) -> usize {
        self.prepared.customers as usize
    }
}

/// The mean negative log-likelihood and its gradient with respect to the
/// logarithms of the parameters, or `None` where they are not finite.
fn objective(prepared: &Prepared, theta: &[f64; 3]) -> Option<(f64, [f64; 3])> {
    let n = prepared.customers;
    let params = theta.map(f64::exp);
    if !usable(&params) {
        return None;
    }
    let (ll, grad) = prepared.log_likelihood(params);
    let value = -ll / n;
    let gradient = [0, 1, 2].map(|i| -grad[i] * params[i] / n);
    (value.is_finite() && gradient.iter().all(|g| g.is_finite())).then_some((value, gradient))
}

/// The model at the minimum found, if it is a usable one.
fn checked(found: Minimum<3>) -> Result<GammaGamma, ClvError> {
    let [p, q, v] = found.point.map(f64::exp);
    for (name, value) in [("p", p), ("q", q), ("v", v)] {
        if !(value.is_finite() && (1e-8..=1e12).contains(&value)) {
            return Err(ClvError::Degenerate(format!(
                "the Gamma-Gamma parameter {name} ran off to {value:e}: the data do not pin the model down"
            )));
        }
    }
    if q <= 1.0 {
        return Err(ClvError::Degenerate(format!(
            "the fitted spend distribution has no finite mean (q = {q:.3} ≤ 1)"
        )));
    }
    if !found.value.is_finite() {
        return Err(ClvError::Degenerate(
            "the log-likelihood is not finite".into(),
        ));
    }
    Ok(GammaGamma { p, q, v })
}

fn usable(params: &[f64]) -> bool {
    params.iter().all(|p| p.is_finite() && *p > 0.0)
}

impl GammaGamma {
    /// Fits the model on the repeat buyers of `data` (frequency > 0 and
    /// monetary > 0); other customers are skipped. [`GammaGamma::fitter`]
    /// stepped to the end.
    ///
    /// Errors: a summary with a [`Summary::problem`] (`Degenerate`), no
    /// repeat buyer, fewer than [`MIN_CUSTOMERS`] repeat buyers with spend,
    /// an optimiser that does not converge, parameters that run off to 0 or
    /// infinity, or `q ≤ 1` (spend with no finite mean), both `Degenerate`.
    pub fn fit(data: &[Summary]) -> Result<GammaGamma, ClvError> {
        let mut fitter = GammaGamma::fitter(data)?;
        loop {
            if let Some(result) = fitter.step() {
                return result;
            }
        }
    }

    /// The fit of [`GammaGamma::fit`] in bounded steps, as
    /// [`super::BgNbd::fitter`]: checks and condenses `data` here (its
    /// errors are returned here), then each [`GammaGammaFit::step`]
    /// evaluates the likelihood once. Stepped to the end it returns exactly
    /// what [`GammaGamma::fit`] returns.
    pub fn fitter(data: &[Summary]) -> Result<GammaGammaFit, ClvError> {
        let prepared = Prepared::new(data)?;
        let n = prepared.customers;
        let mean_spend = prepared.rows.iter().map(|&(m, w)| m * w).sum::<f64>() / n;
        // Start where the mean spend p·v/(q−1) equals the observed mean.
        let start = [0.0, 2f64.ln(), mean_spend.ln()];
        Ok(GammaGammaFit {
            prepared,
            minimiser: Minimiser::new(start),
            result: None,
        })
    }

    /// The log-likelihood of the repeat buyers of `data` at `[p, q, v]`.
    ///
    /// Errors as [`GammaGamma::fit`] for the data; `Degenerate` for
    /// parameters that are not finite and positive.
    pub fn log_likelihood_at(params: [f64; 3], data: &[Summary]) -> Result<f64, ClvError> {
        if !usable(&params) {
            return Err(ClvError::Degenerate(
                "Gamma-Gamma parameters must be finite and positive".into(),
            ));
        }
        let ll = Prepared::new(data)?.log_likelihood(params).0;
        if ll.is_finite() {
            Ok(ll)
        } else {
            Err(ClvError::Degenerate(
                "the log-likelihood is not finite".into(),
            ))
        }
    }

    /// The population's mean spend per purchase, `p·v/(q−1)`.
    pub fn mean_spend(&self) -> f64 {
        self.p * self.v / (self.q - 1.0)
    }

    /// Expected spend per future purchase of a customer with this history:
    /// a weighted mean of the customer's own mean spend and the
    /// population's, `p(v + x·m)/(p·x + q − 1)` (Hardie's note, eq. 5). The
    /// population mean for customers without repeat purchases.
    ///
    /// Never negative or NaN: 0 for a summary with a [`Summary::problem`]
    /// and for a model that breaks the invariants of a fitted one.
    pub fn conditional_expected_spend(&self, s: &Summary) -> f64 {
        if s.problem().is_some() {
            return 0.0;
        }
        let (x, m) = (s.frequency, s.monetary.max(0.0));
        let spend = self.p * (self.v + x * m) / (self.p * x + self.q - 1.0);
        if spend.is_finite() && spend >= 0.0 {
            spend
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: GammaGamma = GammaGamma {
        p: 6.25,
        q: 3.74,
        v: 15.44,
    };

    fn summary(frequency: f64, monetary: f64) -> Summary {
        Summary {
            frequency,
            recency: frequency,
            t: 40.0,
            monetary,
        }
    }

    #[test]
    fn expected_spend_matches_lifetimes_at_the_published_parameters() {
        // lifetimes 0.11.3 conditional_expected_average_profit with
        // p = 6.25, q = 3.74, v = 15.44 (tests/fixtures/lifetimes_reference.py).
        for (x, m, want) in [
            (2.0, 22.35, 24.663713910761157),
            (0.0, 0.0, 35.21897810218978),
            (7.0, 73.74, 71.46967089696707),
            (1.0, 11.77, 18.91685205784205),
        ] {
            let got = NOTE.conditional_expected_spend(&summary(x, m));
            assert!(
                (got - want).abs() < 1e-9 * want,
                "x = {x}, m = {m}: {got} vs {want}"
            );
        }
        assert!((NOTE.mean_spend() - 35.21897810218978).abs() < 1e-9);
    }

    #[test]
    fn the_log_likelihood_gradient_matches_finite_differences() {
        let data: Vec<Summary> = [
            (1.0, 10.0),
            (2.0, 30.0),
            (2.0, 12.5),
            (5.0, 44.0),
            (9.0, 3.0),
        ]
        .iter()
        .cycle()
        .take(12)
        .map(|&(x, m)| summary(x, m))
        .collect();
        let prepared = Prepared::new(&data).expect("valid data");
        let params = [4.0, 3.0, 12.0];
        let (_, grad) = prepared.log_likelihood(params);
        for i in 0..3 {
            let h = 1e-6 * params[i];
            let mut up = params;
            up[i] += h;
            let mut down = params;
            down[i] -= h;
            let numeric =
                (prepared.log_likelihood(up).0 - prepared.log_likelihood(down).0) / (2.0 * h);
            assert!(
                (numeric - grad[i]).abs() < 1e-5 * (1.0 + numeric.abs()),
                "parameter {i}: analytic {} numeric {numeric}",
                grad[i]
            );
        }
    }

    #[test]
    fn a_broken_model_or_summary_expects_no_spend_rather_than_nan() {
        let broken = GammaGamma { q: 0.5, ..NOTE };
        assert_eq!(broken.conditional_expected_spend(&summary(0.0, 0.0)), 0.0);
        assert_eq!(
            NOTE.conditional_expected_spend(&summary(1.0, f64::NAN)),
            0.0
        );
    }
}
