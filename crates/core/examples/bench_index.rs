//! Building the customer list's search index from demo data, natively:
//! `cargo run -p ilgi-core --release --example bench_index [CUSTOMERS]`
//! (default 100,000; the release profile is the wasm one, `opt-level = "z"`).
//!
//! Prints, best of three rounds, as `BENCH` lines: adding the customers in
//! pages of 500 (the app's page-thread read size: the longest page), the
//! whole finish (`IndexBuilder::finish`, every order sorted) and the steps
//! of `IndexBuilder::finish_steps` (how many, the longest, the 99th
//! percentile), and freeing a whole index (a reload replaces one) at once
//! and in steps (`SearchIndex::free_in_steps`, the longest). The app yields to the browser between steps, so the longest
//! step bounds the page thread's task.

use std::time::{Duration, Instant};

use ilgi_core::demo::{DemoGenerator, DemoSpec};
use ilgi_core::model::Customer;
use ilgi_core::query::IndexBuilder;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The builder with every customer added, and the longest page.
fn added(customers: &[Customer]) -> (IndexBuilder, f64) {
    let mut builder = IndexBuilder::with_capacity(0);
    let mut longest = 0f64;
    for page in customers.chunks(500) {
        let started = Instant::now();
        builder.add(page);
        longest = longest.max(ms(started.elapsed()));
    }
    (builder, longest)
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let end = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let mut generator = DemoGenerator::new(DemoSpec::new(7, n, end));
    let mut customers = Vec::with_capacity(n);
    while let Some(chunk) = generator.next_chunk(5_000) {
        customers.extend(chunk.customers);
    }
    let mut best = [f64::MAX; 8];
    for round in 0..3 {
        let (builder, add_page) = added(&customers);
        let started = Instant::now();
        let whole = builder.finish();
        let finish = ms(started.elapsed());

        let (builder, _) = added(&customers);
        let mut finishing = builder.finish_steps();
        let mut steps = Vec::new();
        let started = Instant::now();
        loop {
            let step = Instant::now();
            let more = finishing.step();
            steps.push(ms(step.elapsed()));
            if !more {
                break;
            }
        }
        let stepped_total = ms(started.elapsed());
        let stepped = finishing.finish();
        assert_eq!(stepped.len(), whole.len());
        let n = whole.len();
        let started = Instant::now();
        drop(whole);
        let dropped = ms(started.elapsed());
        let mut freeing = stepped.free_in_steps();
        let mut free_longest = 0f64;
        loop {
            let step = Instant::now();
            let more = freeing.step();
            free_longest = free_longest.max(ms(step.elapsed()));
            if std::env::var("VERBOSE").is_ok() {
                println!("free step {:.2} ms (more: {more})", ms(step.elapsed()));
            }
            if !more {
                break;
            }
        }
        steps.sort_by(f64::total_cmp);
        let longest = steps[steps.len() - 1];
        let p99 = steps[(steps.len() * 99 / 100).min(steps.len() - 1)];
        println!(
            "round {round}: {} customers, add page of 500 ≤ {add_page:.1} ms, finish {finish:.1} ms; \
             in steps {stepped_total:.1} ms: {} steps, longest {longest:.2} ms, p99 {p99:.2} ms; \
             dropping the index {dropped:.1} ms, in steps ≤ {free_longest:.2} ms",
            n,
            steps.len()
        );
        let figures = [
            add_page,
            finish,
            stepped_total,
            longest,
            p99,
            steps.len() as f64,
            dropped,
            free_longest,
        ];
        for (b, f) in best.iter_mut().zip(figures) {
            *b = b.min(f);
        }
    }
    let names = [
        "index_add_page_500_ms",
        "index_finish_ms",
        "index_finish_steps_total_ms",
        "index_finish_step_longest_ms",
        "index_finish_step_p99_ms",
        "index_finish_steps",
        "index_drop_ms",
        "index_free_step_longest_ms",
    ];
    for (name, value) in names.iter().zip(best) {
        println!("BENCH {name} {value:.2}");
    }
}
