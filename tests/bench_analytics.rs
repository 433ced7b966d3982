//! Benchmark (not a test): RFM + segment counts over 1,000,000 purchases and
//! the BG/NBD + Gamma-Gamma fits on the CDNOW weekly summary, in the browser
//! (release wasm, headless Chromium). Runs only with `--features bench`
//! (`cargo xtask bench`, or `cargo xtask bench analytics` for this part
//! alone) and prints `BENCH rfm_1m_wasm_ms_median …` lines; nothing here
//! asserts a time.
//!
//! The native twin is `crates/core/examples/bench_analytics.rs`: both run
//! [`ilgi_core::workload::analytics_bench`] on the same data, only the
//! clock differs (`performance.now()` here).
#![cfg(all(target_arch = "wasm32", feature = "bench"))]

use ilgi_core::workload::{analytics_bench, cases_bench, social_bench, value_bench};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn bench_rfm_1m_and_cdnow_fits_in_wasm() {
    let performance = web_sys::window()
        .and_then(|w| w.performance())
        .expect("window.performance");
    let mut lines = analytics_bench("wasm", || performance.now()).lines();
    lines.extend(value_bench("wasm", || performance.now()).lines());
    lines.extend(cases_bench("wasm", || performance.now()).lines());
    for line in lines {
        web_sys::console::log_1(&line.into());
    }
}

/// Issue 12: reading 10,000 posts, a duplicate scan of 100,000 customers
/// and matching 10,000 authors, in the browser.
#[wasm_bindgen_test]
fn bench_social_in_wasm() {
    let performance = web_sys::window()
        .and_then(|w| w.performance())
        .expect("window.performance");
    for line in social_bench("wasm", || performance.now()).lines() {
        web_sys::console::log_1(&line.into());
    }
}
