//! Special functions the lifetime value models need beyond `statrs`: the
//! log-gamma function with its sign for negative arguments, and the Gauss
//! hypergeometric function ₂F₁ on `0 ≤ z < 1`.
//!
//! ₂F₁ is summed as its power series while `z ≤ 0.9`, where the series
//! converges geometrically, and through the `z → 1 − z` connection formula
//! (Abramowitz & Stegun 15.3.6) above that, where the two series in `1 − z`
//! converge fast. When `c − a − b` is (nearly) an integer the connection
//! formula's two terms both blow up and cancel; there the function is
//! evaluated at four values of `c` around the integer case and interpolated
//! with a cubic, which keeps about ten of the sixteen digits at worst and
//! every result finite. Sums are carried with a separate
//! logarithmic scale so that large parameters cannot overflow.

use statrs::function::gamma::ln_gamma;

/// Stop a series once a term is this small relative to the sum.
const SERIES_TOLERANCE: f64 = 1e-17;
/// Upper bound on terms; the callers' parameters converge in a few hundred.
const SERIES_MAX_TERMS: usize = 1_000_000;
/// Above this `z` the connection formula in `1 − z` is used.
const CONNECTION_FROM: f64 = 0.9;
/// Spacing of the interpolation points around an integer `c − a − b`:
/// wide enough that the connection formula's cancellation costs at most
/// about four digits, narrow enough that a cubic through four points is
/// exact to about 1e-11 even where the function varies like ln(1 − z)⁴.
pub(crate) const NEAR_INTEGER: f64 = 1e-4;

/// `(ln |Γ(x)|, sign of Γ(x))`; the sign is 0 at the poles (0, −1, −2, …),
/// where `1/Γ` vanishes.
pub(crate) fn ln_gamma_signed(x: f64) -> (f64, f64) {
    if x > 0.0 {
        return (ln_gamma(x), 1.0);
    }
    if x == x.floor() {
        return (f64::INFINITY, 0.0);
    }
    // Reflection: Γ(x) Γ(1 − x) = π / sin(πx), and Γ(1 − x) > 0 here.
    let sin = sin_pi(x);
    (
        std::f64::consts::PI.ln() - sin.abs().ln() - ln_gamma(1.0 - x),
        sin.signum(),
    )
}

/// sin(πx), accurate near the integers too: the argument is first reduced
/// exactly to [−½, ½] (π·x itself would carry an absolute error of ~1e-16
/// that is a large relative error of a sine near 0).
fn sin_pi(x: f64) -> f64 {
    let n = x.round();
    let sin = (std::f64::consts::PI * (x - n)).sin();
    if n.rem_euclid(2.0) == 0.0 { sin } else { -sin }
}

/// A sum kept as `value × e^scale`, so that huge partial sums do not
/// overflow before a tiny prefactor brings them back.
#[derive(Debug, Clone, Copy)]
struct Scaled {
    pub value: f64,
    pub scale: f64,
}

impl Scaled {
    /// `ln |self|` and the sign.
    fn ln_abs(self) -> (f64, f64) {
        (self.value.abs().ln() + self.scale, self.value.signum())
    }
}

/// `Σ_{n ≥ 0} term_n` where `term_0 = 1` and
/// `term_{n+1} = term_n · (a + n)(b + n) / ((c + n)(n + 1)) · z`, i.e.
/// ₂F₁(a, b; c; z), for `0 ≤ z < 1`. `None` when the series does not settle
/// in [`SERIES_MAX_TERMS`] or a denominator vanishes.
fn series(a: f64, b: f64, c: f64, z: f64) -> Option<Scaled> {
    const RESCALE_ABOVE: f64 = 1e150;
    let mut term = 1.0;
    let mut sum = 1.0;
    let mut scale = 0.0;
    let mut n = 0.0;
    for _ in 0..SERIES_MAX_TERMS {
        let ratio = (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
        if !ratio.is_finite() {
            return None;
        }
        term *= ratio;
        sum += term;
        // Stop only once the terms shrink: with large parameters they first
        // grow for a while.
        if term == 0.0 || (term.abs() <= SERIES_TOLERANCE * sum.abs() && ratio.abs() < 1.0) {
            return Some(Scaled { value: sum, scale });
        }
        if sum.abs() > RESCALE_ABOVE {
            sum /= RESCALE_ABOVE;
            term /= RESCALE_ABOVE;
            scale += RESCALE_ABOVE.ln();
        }
        n += 1.0;
    }
    None
}

/// The Gauss hypergeometric function ₂F₁(a, b; c; z) for real parameters
/// and `0 ≤ z < 1`. NaN outside that domain, when `c` is a pole
/// (0, −1, −2, …), or when the value is not representable.
pub(crate) fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> f64 {
    if !(a.is_finite() && b.is_finite() && c.is_finite() && (0.0..1.0).contains(&z)) {
        return f64::NAN;
    }
    if z == 0.0 || a == 0.0 || b == 0.0 {
        return 1.0;
    }
    if c <= 0.0 && c == c.floor() {
        return f64::NAN;
    }
    if z <= CONNECTION_FROM {
        return series(a, b, c, z).map_or(f64::NAN, |s| s.value * s.scale.exp());
    }
    let m = c - a - b;
    let nearest = m.round();
    if (m - nearest).abs() >= NEAR_INTEGER {
        return connection(a, b, c, z);
    }
    // Interpolate in c around the integer case.
    around_singularity(m - nearest, |offset| {
        connection(a, b, c + (nearest + offset - m), z)
    })
}

/// `f(at)` for a function with a removable singularity (or a numerically
/// hopeless point) at offset 0 and `|at| < NEAR_INTEGER`: the cubic
/// through `f` at offsets ±NEAR_INTEGER and ±2·NEAR_INTEGER, evaluated at
/// `at`.
pub(crate) fn around_singularity(at: f64, mut f: impl FnMut(f64) -> f64) -> f64 {
    let offsets = [-2.0, -1.0, 1.0, 2.0].map(|k| k * NEAR_INTEGER);
    let mut total = 0.0;
    for (i, &xi) in offsets.iter().enumerate() {
        let mut weight = 1.0;
        for (j, &xj) in offsets.iter().enumerate() {
            if i != j {
                weight *= (at - xj) / (xi - xj);
            }
        }
        total += weight * f(xi);
    }
    total
}

/// A&S 15.3.6, for `c − a − b` not an integer:
/// ₂F₁(a,b;c;z) = Γ(c)Γ(m)/(Γ(c−a)Γ(c−b)) ₂F₁(a, b; 1−m; 1−z)
///              + (1−z)^m Γ(c)Γ(−m)/(Γ(a)Γ(b)) ₂F₁(c−a, c−b; 1+m; 1−z),
/// with m = c − a − b.
fn connection(a: f64, b: f64, c: f64, z: f64) -> f64 {
    let m = c - a - b;
    let w = 1.0 - z;
    let (ln_c, sign_c) = ln_gamma_signed(c);
    let mut total = 0.0;
    let parts = [
        (a, b, 1.0 - m, 0.0, m, c - a, c - b),
        (c - a, c - b, 1.0 + m, m * w.ln(), -m, a, b),
    ];
    for (pa, pb, pc, ln_prefactor, top, bottom1, bottom2) in parts {
        let (ln_top, sign_top) = ln_gamma_signed(top);
        let (ln_b1, sign_b1) = ln_gamma_signed(bottom1);
        let (ln_b2, sign_b2) = ln_gamma_signed(bottom2);
        // A pole in the denominator makes the whole term vanish.
        if sign_b1 == 0.0 || sign_b2 == 0.0 {
            continue;
        }
        let Some(sum) = series(pa, pb, pc, w) else {
            return f64::NAN;
        };
        let (ln_sum, sign_sum) = sum.ln_abs();
        let sign = sign_c * sign_top * sign_b1 * sign_b2 * sign_sum;
        total += sign * (ln_prefactor + ln_c + ln_top - ln_b1 - ln_b2 + ln_sum).exp();
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: f64, want: f64, rel: f64) -> bool {
        (got - want).abs() <= rel * want.abs().max(1e-300)
    }

    /// Reference values from mpmath's `hyp2f1` at 40 significant digits.
    const MPMATH: [(f64, f64, f64, f64, f64); 12] = [
        (0.5, 0.5, 1.5, 0.25, std::f64::consts::FRAC_PI_3),
        (1.0, 1.0, 2.0, 0.9, 2.5584278811044956),
        // c − a − b = 0 and 1: the integer cases of the connection formula.
        (1.0, 1.0, 2.0, 0.999, 6.914669948931067),
        (1.5, 2.0, 4.5, 0.95, 3.2972216378551336),
        (0.3, 0.7, 0.5, 0.97, 4.895657283034929),
        (2.243, 4.426, 4.219, 0.5, 5.161693901383613),
        // The BG/NBD's ₂F₁(r+x, b+x; a+b+x−1; z) at the CDNOW parameters,
        // x = 50, and its Euler transform.
        (50.243, 52.426, 52.219, 0.8224, 7.290252594144832e+37),
        (1.976, -0.207, 52.219, 0.8224, 0.9934361990799114),
        (0.243, 2.426, 2.219, 0.99125, 4.605200844489075),
        (1.976, -0.207, 2.219, 0.99999, 0.4681454839118203),
        (3.0, 2.0, 5.0, 0.999999, 135.7870254147726),
        (0.2, 0.3, 0.500000001, 0.9, 1.2856839497435373),
    ];

    #[test]
    fn hyp2f1_matches_high_precision_reference_values() {
        for (a, b, c, z, want) in MPMATH {
            let got = hyp2f1(a, b, c, z);
            assert!(
                close(got, want, 1e-10),
                "2F1({a}, {b}; {c}; {z}) = {got}, want {want}"
            );
        }
    }

    #[test]
    fn hyp2f1_matches_closed_forms_across_the_branch_switch() {
        for z in [
            0.0f64, 0.1, 0.5, 0.89, 0.9, 0.9000001, 0.95, 0.999, 0.999_999,
        ] {
            // ₂F₁(1, 1; 2; z) = −ln(1 − z)/z (integer case c − a − b = 0).
            let log = if z == 0.0 { 1.0 } else { -(-z).ln_1p() / z };
            assert!(
                close(hyp2f1(1.0, 1.0, 2.0, z), log, 1e-9),
                "log form at {z}"
            );
            // ₂F₁(a, b; b; z) = (1 − z)^(−a) (c − a − b = −a).
            let power = (1.0 - z).powf(-0.37);
            assert!(
                close(hyp2f1(0.37, 2.5, 2.5, z), power, 1e-10),
                "power form at {z}"
            );
            // ₂F₁(½, ½; 3/2; z²) = arcsin(z)/z.
            let s = z.sqrt();
            let arcsin = if z == 0.0 { 1.0 } else { s.asin() / s };
            assert!(
                close(hyp2f1(0.5, 0.5, 1.5, z), arcsin, 1e-9),
                "arcsin form at {z}"
            );
        }
    }

    #[test]
    fn hyp2f1_approaches_gauss_sum_at_one() {
        // ₂F₁(a, b; c; 1) = Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) when c − a − b > 0.
        let (a, b, c) = (0.4, 0.9, 2.7);
        let gauss = (ln_gamma(c) + ln_gamma(c - a - b) - ln_gamma(c - a) - ln_gamma(c - b)).exp();
        assert!(close(hyp2f1(a, b, c, 1.0 - 1e-12), gauss, 1e-9));
    }

    #[test]
    fn hyp2f1_rejects_points_outside_its_domain() {
        assert!(hyp2f1(1.0, 1.0, 2.0, 1.0).is_nan());
        assert!(hyp2f1(1.0, 1.0, 2.0, -0.5).is_nan());
        assert!(hyp2f1(1.0, 1.0, -2.0, 0.5).is_nan());
        assert!(hyp2f1(f64::NAN, 1.0, 2.0, 0.5).is_nan());
    }

    #[test]
    fn sin_pi_is_accurate_next_to_integers() {
        // sin(π(−1 − 1e-4)) = sin(π·1e-4); mpmath: 3.1415926019126656e-4.
        let want = 3.1415926019126656e-4;
        assert!(close(sin_pi(-1.0001), want, 1e-11), "{}", sin_pi(-1.0001));
        assert!(close(sin_pi(2.0001), want, 1e-11), "{}", sin_pi(2.0001));
        assert_eq!(sin_pi(3.0), 0.0);
    }

    #[test]
    fn signed_log_gamma_reflects_negative_arguments() {
        // Γ(−0.5) = −2√π, Γ(−1.5) = 4√π/3.
        let sqrt_pi = std::f64::consts::PI.sqrt();
        let (l, s) = ln_gamma_signed(-0.5);
        assert!(close(s * l.exp(), -2.0 * sqrt_pi, 1e-13));
        let (l, s) = ln_gamma_signed(-1.5);
        assert!(close(s * l.exp(), 4.0 * sqrt_pi / 3.0, 1e-13));
        assert_eq!(ln_gamma_signed(-2.0).1, 0.0);
        let (l, s) = ln_gamma_signed(5.0);
        assert!(close(l, 24f64.ln(), 1e-14) && s == 1.0);
    }
}
