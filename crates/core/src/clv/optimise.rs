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
//!
//! It is a resumable state machine ([`Minimiser`]: one evaluation of the
//! objective per step) so that the browser's analysis can spread a fit over
//! steps of a few milliseconds; `minimise` runs it to the end.

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

/// What [`Minimiser::step`] left to do.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Progress<const N: usize> {
    /// More evaluations are needed.
    Working,
    /// The minimisation ended (the same answer on every later call).
    Done(Result<Minimum<N>, Failure>),
}

/// Where the minimiser is between two evaluations of the objective.
#[derive(Debug, Clone, Copy, PartialEq)]
enum State<const N: usize> {
    /// The objective has not been evaluated at the start yet.
    Start,
    /// In the line search of an iteration: the next evaluation is at
    /// `point + step · direction`.
    Search {
        direction: [f64; N],
        slope: f64,
        step: f64,
    },
    Done(Result<Minimum<N>, Failure>),
}

/// BFGS as a resumable state machine: each [`Minimiser::step`] evaluates the
/// objective once (the start, or one trial point of a line search), so a
/// caller that must not block for long (the browser) can spread a
/// minimisation over many short steps. An iteration is one line search:
/// one evaluation when its first trial is accepted (the usual case near the
/// minimum), more when it backtracks. [`minimise`] is the loop over the
/// steps.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Minimiser<const N: usize> {
    start: [f64; N],
    point: [f64; N],
    value: f64,
    gradient: [f64; N],
    /// Approximation of the inverse Hessian.
    inverse: [[f64; N]; N],
    /// `inverse` is the identity, not yet scaled to the curvature.
    fresh: bool,
    /// Iterations completed.
    iteration: usize,
    evaluations: usize,
    state: State<N>,
}

impl<const N: usize> Minimiser<N> {
    /// A minimisation from `start`; nothing is evaluated yet.
    pub(crate) fn new(start: [f64; N]) -> Minimiser<N> {
        Minimiser {
            start,
            point: start,
            value: f64::NAN,
            gradient: [0.0; N],
            inverse: identity(),
            fresh: true,
            iteration: 0,
            evaluations: 0,
            state: State::Start,
        }
    }

    /// Iterations (line searches) completed so far.
    pub(crate) fn iterations(&self) -> usize {
        self.iteration
    }

    /// Evaluations of the objective so far.
    pub(crate) fn evaluations(&self) -> usize {
        self.evaluations
    }

    /// Evaluates `objective` (which returns the value and gradient at a
    /// point, or `None` where it is not finite: the line search then steps
    /// back) once and moves on. Once done, returns the result again without
    /// evaluating. `objective` must be the same function on every call.
    pub(crate) fn step(
        &mut self,
        mut objective: impl FnMut(&[f64; N]) -> Option<(f64, [f64; N])>,
    ) -> Progress<N> {
        match self.state {
            State::Done(result) => return Progress::Done(result),
            State::Start => {
                self.evaluations += 1;
                match objective(&self.start) {
                    None => self.state = State::Done(Err(Failure::NotFiniteAtStart)),
                    Some((value, gradient)) => {
                        self.value = value;
                        self.gradient = gradient;
                        self.begin_iteration();
                    }
                }
            }
            State::Search {
                direction,
                slope,
                step,
            } => {
                let mut trial = self.point;
                for (t, d) in trial.iter_mut().zip(&direction) {
                    *t += step * d;
                }
                self.evaluations += 1;
                if let Some((trial_value, trial_gradient)) = objective(&trial)
                    && trial_value <= self.value + ARMIJO * step * slope
                {
                    self.accept(trial, trial_value, trial_gradient);
                    self.iteration += 1;
                    self.begin_iteration();
                } else {
                    let step = step * 0.5;
                    if step * largest(&direction) < 1e-14 {
                        self.line_search_failed();
                    } else {
                        self.state = State::Search {
                            direction,
                            slope,
                            step,
                        };
                    }
                }
            }
        }
        match self.state {
            State::Done(result) => Progress::Done(result),
            _ => Progress::Working,
        }
    }

    fn finish(&mut self, result: Result<Minimum<N>, Failure>) {
        self.state = State::Done(result);
    }

    fn minimum(&self) -> Result<Minimum<N>, Failure> {
        Ok(Minimum {
            point: self.point,
            value: self.value,
            iterations: self.iteration,
        })
    }

    /// The start of an iteration: stop if converged or out of iterations,
    /// else choose the search direction and the first step.
    fn begin_iteration(&mut self) {
        if self.iteration >= MAX_ITERATIONS {
            return self.finish(Err(Failure::NotConverged {
                iterations: MAX_ITERATIONS,
            }));
        }
        let gradient = &self.gradient;
        if largest(gradient) < GRADIENT_TOLERANCE {
            return self.finish(self.minimum());
        }
        let mut direction = [0.0; N];
        for (d, row) in direction.iter_mut().zip(&self.inverse) {
            *d = -dot(row, gradient);
        }
        let mut slope = dot(gradient, &direction);
        if slope >= 0.0 {
            // Not a descent direction: forget the curvature learnt so far.
            self.inverse = identity();
            self.fresh = true;
            direction = gradient.map(|g| -g);
            slope = dot(gradient, &direction);
        }
        let step = (MAX_STEP / largest(&direction)).min(1.0);
        self.state = State::Search {
            direction,
            slope,
            step,
        };
    }

    /// The line search cannot decrease the objective any more.
    fn line_search_failed(&mut self) {
        if largest(&self.gradient) < ROUNDING_GRADIENT_TOLERANCE {
            return self.finish(self.minimum());
        }
        if self.fresh {
            return self.finish(Err(Failure::NotConverged {
                iterations: self.iteration,
            }));
        }
        // Retry along the steepest descent.
        self.inverse = identity();
        self.fresh = true;
        self.iteration += 1;
        self.begin_iteration();
    }

    /// Moves to an accepted trial point and updates the curvature.
    fn accept(&mut self, next: [f64; N], next_value: f64, next_gradient: [f64; N]) {
        let mut s = [0.0; N];
        let mut y = [0.0; N];
        for i in 0..N {
            s[i] = next[i] - self.point[i];
            y[i] = next_gradient[i] - self.gradient[i];
        }
        let sy = dot(&s, &y);
        if sy > 1e-12 * dot(&s, &s).sqrt() * dot(&y, &y).sqrt() {
            if self.fresh {
                // Scale the first guess to the observed curvature
                // (Nocedal & Wright, eq. 6.20).
                let scale = sy / dot(&y, &y);
                for (i, row) in self.inverse.iter_mut().enumerate() {
                    row[i] = scale;
                }
                self.fresh = false;
            }
            self.inverse = bfgs_update(&self.inverse, &s, &y, sy);
        }
        self.point = next;
        self.value = next_value;
        self.gradient = next_gradient;
    }
}

/// Minimises `objective`, which returns the value and gradient at a point,
/// or `None` where it is not finite (the line search then steps back): the
/// [`Minimiser`] stepped to the end. (The fits step their own minimisers,
/// through `BgNbd::fitter` and `GammaGamma::fitter`, so only tests call it.)
#[cfg(test)]
pub(crate) fn minimise<const N: usize>(
    mut objective: impl FnMut(&[f64; N]) -> Option<(f64, [f64; N])>,
    start: [f64; N],
) -> Result<Minimum<N>, Failure> {
    let mut minimiser = Minimiser::new(start);
    loop {
        if let Progress::Done(result) = minimiser.step(&mut objective) {
            return result;
        }
    }
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

    /// The minimiser as one loop, as it was before it became a state
    /// machine: the stepped minimiser must follow it exactly.
    fn reference<const N: usize>(
        mut objective: impl FnMut(&[f64; N]) -> Option<(f64, [f64; N])>,
        start: [f64; N],
    ) -> (Result<Minimum<N>, Failure>, usize) {
        let mut evaluations = 0;
        let mut objective = |p: &[f64; N]| {
            evaluations += 1;
            objective(p)
        };
        let result = (|| {
            let (mut value, mut gradient) = objective(&start).ok_or(Failure::NotFiniteAtStart)?;
            let mut point = start;
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
        })();
        (result, evaluations)
    }

    /// Steps a [`Minimiser`] to the end, checking that every step evaluates
    /// the objective exactly once; the result, evaluations and steps.
    fn stepped<const N: usize>(
        objective: impl Fn(&[f64; N]) -> Option<(f64, [f64; N])>,
        start: [f64; N],
    ) -> (Result<Minimum<N>, Failure>, usize, usize) {
        let mut minimiser = Minimiser::new(start);
        let mut steps = 0;
        let mut last_iterations = 0;
        loop {
            let mut calls = 0;
            let progress = minimiser.step(|p| {
                calls += 1;
                objective(p)
            });
            steps += 1;
            assert_eq!(calls, 1, "step {steps} evaluated {calls} times");
            assert!(minimiser.iterations() >= last_iterations);
            last_iterations = minimiser.iterations();
            if let Progress::Done(result) = progress {
                // Done stays done, without evaluating again.
                let again = minimiser.step(|_| panic!("evaluated after the end"));
                assert_eq!(again, Progress::Done(result));
                return (result, minimiser.evaluations(), steps);
            }
        }
    }

    fn rosenbrock(p: &[f64; 2]) -> Option<(f64, [f64; 2])> {
        let (x, y) = (p[0], p[1]);
        let value = (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2);
        let gradient = [
            -2.0 * (1.0 - x) - 400.0 * x * (y - x * x),
            200.0 * (y - x * x),
        ];
        Some((value, gradient))
    }

    #[test]
    fn the_stepped_minimiser_follows_the_one_loop_minimiser_exactly() {
        fn same<const N: usize>(
            objective: impl Fn(&[f64; N]) -> Option<(f64, [f64; N])> + Copy,
            start: [f64; N],
        ) -> Result<Minimum<N>, Failure> {
            let (want, want_evaluations) = reference(objective, start);
            let (got, evaluations, steps) = stepped(objective, start);
            // Bit for bit: same point, value and iterations.
            assert_eq!(got, want, "from {start:?}");
            assert_eq!(evaluations, want_evaluations, "from {start:?}");
            assert_eq!(steps, evaluations, "from {start:?}");
            assert_eq!(minimise(objective, start), want, "from {start:?}");
            want
        }
        for start in [[-1.2, 1.0], [2.0, -3.0], [0.0, 0.0], [-5.0, 25.0]] {
            let found = same(rosenbrock, start).expect("converges");
            assert!((found.point[0] - 1.0).abs() < 1e-6, "{found:?}");
            assert!(found.iterations > 10, "{found:?}");
        }
        // Backtracking into the region where the objective is undefined.
        let barrier =
            |p: &[f64; 1]| (p[0] > 0.0).then(|| (p[0] - 2.0 * p[0].ln(), [1.0 - 2.0 / p[0]]));
        same(barrier, [0.1]).expect("converges");
        // Out of iterations, and refused at the start.
        let slope = |p: &[f64; 1]| Some((-p[0], [-1.0]));
        assert_eq!(
            same(slope, [0.0]),
            Err(Failure::NotConverged {
                iterations: MAX_ITERATIONS
            })
        );
        let never = |_: &[f64; 1]| None;
        assert_eq!(same(never, [0.0]), Err(Failure::NotFiniteAtStart));
        // A line search that fails: the gradient is wrong, so no step
        // along it decreases the value.
        let lying = |p: &[f64; 2]| Some((p[0] * p[0] + p[1] * p[1], [-1.0, 1.0]));
        assert!(matches!(
            same(lying, [1.0, 1.0]),
            Err(Failure::NotConverged { .. })
        ));
        // The gradient turns wrong after two good iterations: the line
        // search fails with learnt curvature, retries along the steepest
        // descent, and fails again.
        let turns = |p: &[f64; 1]| {
            let x = p[0];
            let g = 2.0 * (x - 10.0);
            Some(((x - 10.0).powi(2), [if x < 5.0 { g } else { -g }]))
        };
        assert_eq!(
            same(turns, [0.0]),
            Err(Failure::NotConverged { iterations: 3 })
        );
    }

    #[test]
    fn a_rosenbrock_step_is_one_evaluation_and_an_iteration_usually_one_or_two() {
        let (found, evaluations, steps) = stepped(rosenbrock, [-1.2, 1.0]);
        let found = found.expect("converges");
        assert_eq!(steps, evaluations);
        // The start, then at least one evaluation per iteration.
        assert!(evaluations > found.iterations, "{evaluations} {found:?}");
        assert!(
            evaluations < 3 * found.iterations,
            "{evaluations} {found:?}"
        );
    }

    #[test]
    fn minimise_finds_the_minimum_of_the_rosenbrock_valley() {
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
