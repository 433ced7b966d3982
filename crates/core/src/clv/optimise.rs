//! A small quasi-Newton minimiser (BFGS with a backtracking Armijo line
//! search) for the models' negative log-likelihoods, which come with exact
//! gradients.
//!
//! Why not a crate: `argmin` (the maintained Rust optimisation framework)
//! depends on `web-time`, which pulls `wasm-bindgen` and `js-sys` into this
//! crate's wasm build (core must know nothing about the browser), plus
//! `anyhow`, `paste`, `rand_xoshiro` and `argmin-math`; the three- and
//! four-parameter smooth problems here need about a hundred lines. BFGS
//! rather than Nelder–Mead because with exact gradients it converges in a few
//! dozen likelihood evaluations instead of several hundred, and each
//! evaluation is a pass over up to 100,000 customers in the browser.

/// Where a minimisation ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Minimum<const N: usize> {
    pub point: [f64; N],
    pub value: f64,
    pub iterations: usize,
}

/// Why a minimisation failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The gradient was still not small after this many iterations.
    NotConverged { iterations: usize },
    /// The objective is not finite at the start.
    NotFiniteAtStart,
}

/// Converged when every gradient component is below this (the objectives
/// are per-customer means, so this does not depend on the data size).
const GRADIENT_TOLERANCE: f64 = 1e-9;
/// When the line search can no longer decrease the objective (rounding),
/// a gradient below this still counts as converged.
const ROUNDING_GRADIENT_TOLERANCE: f64 = 1e-6;
const MAX_ITERATIONS: usize = 1_000;
/// Largest change of any coordinate in one step; the coordinates are
/// logarithms, so this is a factor of e³ ≈ 20 on a parameter.
const MAX_STEP: f64 = 3.0;
const ARMIJO: f64 = 1e-4;

fn dot<const N: usize>(u: &[f64; N], v: &[f64; N]) -> f64 {
    u.iter().zip(v).map(|(a, b)| a * b).sum()
}

fn largest<const N: usize>(v: &[f64; N]) -> f64 {
    v.iter().fold(0.0, |m, x| m.max(x.abs()))
}

fn identity<const N: usize>() -> [[f64; N]; N] {
    let mut h = [[0.0; N]; N];
    for (i, row) in h.iter_mut().enumerate() {
        row[i] = 1.0;
    }
    h
}

/// Minimises `objective`, which returns the value and gradient at a point,
/// or `None` where it is not finite (the line search then steps back).
pub(crate) fn minimise<const N: usize>(
    mut objective: impl FnMut(&[f64; N]) -> Option<(f64, [f64; N])>,
    start: [f64; N],
) -> Result<Minimum<N>, Failure> {
    let (mut value, mut gradient) = objective(&start).ok_or(Failure::NotFiniteAtStart)?;
    let mut point = start;
    // Approximation of the inverse Hessian.
    let mut inverse = identity::<N>();
    let mut fresh = true;

    for iteration in 0..MAX_ITERATIONS {
        if largest(&gradient) < GRADIENT_TOLERANCE {
            return Ok(Minimum {
                point,
                value,
                iterations: iteration,
            });
        }
        let mut direction = [0.0; N];
        for (d, row) in direction.iter_mut().zip(&inverse) {
            *d = -dot(row, &gradient);
        }
        let mut slope = dot(&gradient, &direction);
        if slope >= 0.0 {
            // Not a descent direction: forget the curvature learnt so far.
            inverse = identity();
            fresh = true;
            direction = gradient.map(|g| -g);
            slope = dot(&gradient, &direction);
        }
        let mut step = (MAX_STEP / largest(&direction)).min(1.0);

        let accepted = loop {
            let mut trial = point;
            for (t, d) in trial.iter_mut().zip(&direction) {
                *t += step * d;
            }
            if let Some((trial_value, trial_gradient)) = objective(&trial)
                && trial_value <= value + ARMIJO * step * slope
            {
                break Some((trial, trial_value, trial_gradient));
            }
            step *= 0.5;
            if step * largest(&direction) < 1e-14 {
                break None;
            }
        };

        let Some((next, next_value, next_gradient)) = accepted else {
            if largest(&gradient) < ROUNDING_GRADIENT_TOLERANCE {
                return Ok(Minimum {
                    point,
                    value,
                    iterations: iteration,
                });
            }
            if fresh {
                return Err(Failure::NotConverged {
                    iterations: iteration,
                });
            }
            inverse = identity();
            fresh = true;
            continue;
        };

        let mut s = [0.0; N];
        let mut y = [0.0; N];
        for i in 0..N {
            s[i] = next[i] - point[i];
            y[i] = next_gradient[i] - gradient[i];
        }
        let sy = dot(&s, &y);
        if sy > 1e-12 * dot(&s, &s).sqrt() * dot(&y, &y).sqrt() {
            if fresh {
                // Scale the first guess to the observed curvature
                // (Nocedal & Wright, eq. 6.20).
                let scale = sy / dot(&y, &y);
                for (i, row) in inverse.iter_mut().enumerate() {
                    row[i] = scale;
                }
                fresh = false;
            }
            inverse = bfgs_update(&inverse, &s, &y, sy);
        }
        point = next;
        value = next_value;
        gradient = next_gradient;
    }
    Err(Failure::NotConverged {
        iterations: MAX_ITERATIONS,
    })
}

/// H⁺ = (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ with ρ = 1 / (yᵀ s).
fn bfgs_update<const N: usize>(
    h: &[[f64; N]; N],
    s: &[f64; N],
    y: &[f64; N],
    sy: f64,
) -> [[f64; N]; N] {
    let rho = 1.0 / sy;
    let mut hy = [0.0; N];
    for (v, row) in hy.iter_mut().zip(h) {
        *v = dot(row, y);
    }
    let yhy = dot(y, &hy);
    let mut next = *h;
    for i in 0..N {
        for j in 0..N {
            next[i][j] +=
                -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
        }
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimise_finds_the_minimum_of_the_rosenbrock_valley() {
        let rosenbrock = |p: &[f64; 2]| {
            let (x, y) = (p[0], p[1]);
            let value = (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2);
            let gradient = [
                -2.0 * (1.0 - x) - 400.0 * x * (y - x * x),
                200.0 * (y - x * x),
            ];
            Some((value, gradient))
        };
        let found = minimise(rosenbrock, [-1.2, 1.0]).expect("converges");
        assert!((found.point[0] - 1.0).abs() < 1e-6, "{found:?}");
        assert!((found.point[1] - 1.0).abs() < 1e-6, "{found:?}");
        assert!(found.iterations < 100, "{found:?}");
    }

    #[test]
    fn minimise_steps_back_where_the_objective_is_undefined() {
        // ln-barrier: undefined for x ≤ 0; minimum of x − 2 ln x at x = 2.
        let barrier =
            |p: &[f64; 1]| (p[0] > 0.0).then(|| (p[0] - 2.0 * p[0].ln(), [1.0 - 2.0 / p[0]]));
        let found = minimise(barrier, [0.1]).expect("converges");
        assert!((found.point[0] - 2.0).abs() < 1e-8, "{found:?}");
    }

    #[test]
    fn minimise_reports_an_unbounded_objective_as_not_converged() {
        let slope = |p: &[f64; 1]| Some((-p[0], [-1.0]));
        assert!(matches!(
            minimise(slope, [0.0]),
            Err(Failure::NotConverged { .. })
        ));
    }

    #[test]
    fn minimise_refuses_a_start_where_the_objective_is_undefined() {
        let never = |_: &[f64; 1]| None;
        assert_eq!(minimise(never, [0.0]), Err(Failure::NotFiniteAtStart));
    }
}
