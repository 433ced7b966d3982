//! Small random samplers for the demo generator: normal, gamma, beta,
//! exponential, Pareto, lognormal, Poisson and weighted choice.
//!
//! Written here rather than taken from `rand_distr` because the generator
//! needs only these few, each a handful of lines, and keeping them local
//! keeps the wasm bundle and the dependency list small. Every sampler takes
//! the caller's generator, so a seeded generator gives repeatable draws.

use rand::Rng;

/// A uniform draw in (0, 1]: safe to take the logarithm of.
fn open_unit(rng: &mut impl Rng) -> f64 {
    1.0 - rng.random::<f64>()
}

/// A standard normal draw (Marsaglia's polar method: no trigonometry).
pub fn normal(rng: &mut impl Rng) -> f64 {
    loop {
        let u = rng.random::<f64>() * 2.0 - 1.0;
        let v = rng.random::<f64>() * 2.0 - 1.0;
        let s = u * u + v * v;
        if s > 0.0 && s < 1.0 {
            return u * (-2.0 * s.ln() / s).sqrt();
        }
    }
}

/// A Gamma(shape, scale) draw (mean `shape * scale`), by Marsaglia and
/// Tsang's squeeze method; shapes below 1 use the `U^(1/shape)` boost.
pub fn gamma(rng: &mut impl Rng, shape: f64, scale: f64) -> f64 {
    debug_assert!(shape > 0.0 && scale > 0.0);
    if shape < 1.0 {
        let boost = open_unit(rng).powf(1.0 / shape);
        return gamma(rng, shape + 1.0, scale) * boost;
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let x = normal(rng);
        let v = 1.0 + c * x;
        if v <= 0.0 {
            continue;
        }
        let v = v * v * v;
        let u = open_unit(rng);
        let x2 = x * x;
        if u < 1.0 - 0.0331 * x2 * x2 || u.ln() < 0.5 * x2 + d * (1.0 - v + v.ln()) {
            return d * v * scale;
        }
    }
}

/// A Beta(a, b) draw (mean `a / (a + b)`), as the ratio of two gammas.
pub fn beta(rng: &mut impl Rng, a: f64, b: f64) -> f64 {
    let x = gamma(rng, a, 1.0);
    let y = gamma(rng, b, 1.0);
    x / (x + y)
}

/// An exponential waiting time with the given rate (mean `1 / rate`).
pub fn exponential(rng: &mut impl Rng, rate: f64) -> f64 {
    -open_unit(rng).ln() / rate
}

/// A Pareto draw: at least `min`, tail index `alpha` (smaller is heavier;
/// the median is `min * 2^(1/alpha)`).
pub fn pareto(rng: &mut impl Rng, min: f64, alpha: f64) -> f64 {
    min / open_unit(rng).powf(1.0 / alpha)
}

/// A lognormal draw whose logarithm is Normal(mu, sigma): median `e^mu`.
pub fn lognormal(rng: &mut impl Rng, mu: f64, sigma: f64) -> f64 {
    (mu + sigma * normal(rng)).exp()
}

/// A Poisson count with the given mean (Knuth's product method, fine for
/// the small means the generator uses).
pub fn poisson(rng: &mut impl Rng, mean: f64) -> u32 {
    let limit = (-mean).exp();
    let mut product = rng.random::<f64>();
    let mut count = 0;
    while product > limit {
        count += 1;
        product *= rng.random::<f64>();
    }
    count
}

/// Picks an index with probability proportional to its weight, by a linear
/// scan: for the short tables (a few dozen entries) the generator uses
/// inline. Returns 0 when every weight is zero.
pub fn pick_index(rng: &mut impl Rng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut x = rng.random::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
}

/// Picks one item of a weighted table (`(item, weight)` pairs).
pub fn pick<'a, T>(rng: &mut impl Rng, table: &'a [(T, f64)]) -> &'a T {
    let mut x = rng.random::<f64>() * table.iter().map(|(_, w)| w).sum::<f64>();
    for (item, w) in table {
        if x < *w {
            return item;
        }
        x -= w;
    }
    &table[table.len() - 1].0
}

/// A precomputed weighted choice over many items (cities, names): a binary
/// search over cumulative weights.
#[derive(Debug, Clone)]
pub struct Weighted {
    cumulative: Vec<f64>,
}

impl Weighted {
    /// Invariant: at least one weight, all finite and non-negative, and a
    /// positive total.
    pub fn new(weights: impl IntoIterator<Item = f64>) -> Weighted {
        let mut total = 0.0;
        let cumulative: Vec<f64> = weights
            .into_iter()
            .map(|w| {
                total += w;
                total
            })
            .collect();
        debug_assert!(total > 0.0);
        Weighted { cumulative }
    }

    /// An index drawn with probability proportional to its weight.
    pub fn sample(&self, rng: &mut impl Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let x = rng.random::<f64>() * total;
        self.cumulative
            .partition_point(|c| *c <= x)
            .min(self.cumulative.len().saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    const N: usize = 40_000;

    fn rng() -> ChaCha8Rng {
        ChaCha8Rng::seed_from_u64(7)
    }

    fn mean_and_variance(xs: &[f64]) -> (f64, f64) {
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
        (mean, var)
    }

    fn median(mut xs: Vec<f64>) -> f64 {
        xs.sort_by(f64::total_cmp);
        xs[xs.len() / 2]
    }

    fn close(actual: f64, expected: f64, tolerance: f64) -> bool {
        (actual - expected).abs() <= tolerance * expected.abs().max(1e-9)
    }

    #[test]
    fn normal_draws_have_mean_zero_and_variance_one() {
        let mut r = rng();
        let xs: Vec<f64> = (0..N).map(|_| normal(&mut r)).collect();
        let (mean, var) = mean_and_variance(&xs);
        assert!(mean.abs() < 0.03, "{mean}");
        assert!(close(var, 1.0, 0.04), "{var}");
    }

    #[test]
    fn gamma_draws_match_mean_and_variance_for_large_and_small_shapes() {
        for (shape, scale) in [(0.4, 2.0), (1.0, 1.0), (2.5, 0.05), (9.0, 3.0)] {
            let mut r = rng();
            let xs: Vec<f64> = (0..N).map(|_| gamma(&mut r, shape, scale)).collect();
            assert!(xs.iter().all(|x| *x > 0.0 && x.is_finite()));
            let (mean, var) = mean_and_variance(&xs);
            assert!(close(mean, shape * scale, 0.03), "{shape}: {mean}");
            assert!(close(var, shape * scale * scale, 0.08), "{shape}: {var}");
        }
    }

    #[test]
    fn beta_draws_lie_in_the_unit_interval_with_the_right_mean() {
        let mut r = rng();
        let xs: Vec<f64> = (0..N).map(|_| beta(&mut r, 1.2, 6.0)).collect();
        assert!(xs.iter().all(|x| (0.0..=1.0).contains(x)));
        let (mean, _) = mean_and_variance(&xs);
        assert!(close(mean, 1.2 / 7.2, 0.03), "{mean}");
    }

    #[test]
    fn exponential_waits_have_mean_one_over_rate() {
        let mut r = rng();
        let xs: Vec<f64> = (0..N).map(|_| exponential(&mut r, 0.25)).collect();
        let (mean, _) = mean_and_variance(&xs);
        assert!(close(mean, 4.0, 0.03), "{mean}");
    }

    #[test]
    fn pareto_draws_start_at_the_minimum_and_have_a_heavy_tail() {
        let mut r = rng();
        let xs: Vec<f64> = (0..N).map(|_| pareto(&mut r, 100.0, 1.0)).collect();
        assert!(xs.iter().all(|x| *x >= 100.0));
        assert!(close(median(xs.clone()), 200.0, 0.05));
        // P(X > 100 * 1000) = 1/1000 for alpha = 1.
        let far = xs.iter().filter(|x| **x > 100_000.0).count();
        assert!((15..=70).contains(&far), "{far}");
    }

    #[test]
    fn lognormal_draws_have_median_e_to_the_mu() {
        let mut r = rng();
        let xs: Vec<f64> = (0..N).map(|_| lognormal(&mut r, 5.0, 1.0)).collect();
        assert!(close(median(xs), 5f64.exp(), 0.04));
    }

    #[test]
    fn poisson_counts_have_the_requested_mean() {
        let mut r = rng();
        for mean in [0.5, 2.0, 6.0] {
            let xs: Vec<f64> = (0..N).map(|_| f64::from(poisson(&mut r, mean))).collect();
            let (m, var) = mean_and_variance(&xs);
            assert!(close(m, mean, 0.03), "{mean}: {m}");
            assert!(close(var, mean, 0.06), "{mean}: {var}");
        }
    }

    #[test]
    fn weighted_choices_follow_their_weights() {
        let mut r = rng();
        let weights = [1.0, 0.0, 3.0];
        let table = Weighted::new(weights);
        let mut by_table = [0usize; 3];
        let mut by_scan = [0usize; 3];
        let mut by_pick = [0usize; 3];
        let items = [(0usize, 1.0), (1, 0.0), (2, 3.0)];
        for _ in 0..N {
            by_table[table.sample(&mut r)] += 1;
            by_scan[pick_index(&mut r, &weights)] += 1;
            by_pick[*pick(&mut r, &items)] += 1;
        }
        for counts in [by_table, by_scan, by_pick] {
            assert_eq!(counts[1], 0);
            let share = counts[2] as f64 / N as f64;
            assert!(close(share, 0.75, 0.03), "{counts:?}");
        }
    }
}
