//! Benchmark (not a test): RFM + segment counts over 1,000,000 purchases and
//! the BG/NBD + Gamma-Gamma fits on the CDNOW weekly summary, natively.
//!
//! `cargo run --release -p ilgi-core --example bench_analytics` prints
//! `BENCH rfm_1m_native_ms_median …` lines (and `_min`, and the same for
//! `fit_cdnow_native_…`). The browser twin is `tests/bench_analytics.rs` of
//! the app; both run [`ilgi_core::workload::analytics_bench`], so only the
//! clock differs. `cargo xtask bench analytics` runs both and prints the
//! wasm/native ratios.

use std::time::Instant;

use ilgi_core::workload::{analytics_bench, cases_bench, social_bench, value_bench};

fn main() {
    if cfg!(debug_assertions) {
        eprintln!("bench_analytics: debug build; add --release for figures worth quoting");
    }
    let started = Instant::now();
    let mut lines = analytics_bench("native", || started.elapsed().as_secs_f64() * 1e3).lines();
    lines.extend(value_bench("native", || started.elapsed().as_secs_f64() * 1e3).lines());
    lines.extend(cases_bench("native", || started.elapsed().as_secs_f64() * 1e3).lines());
    lines.extend(social_bench("native", || started.elapsed().as_secs_f64() * 1e3).lines());
    for line in lines {
        println!("{line}");
    }
}
