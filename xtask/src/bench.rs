//! `cargo xtask bench`: the browser benchmarks, in one command.
//!
//! 0. Analytics (`cargo xtask bench analytics` runs this step alone, in a
//!    few minutes, and only prints): RFM + segment counts over 1,000,000
//!    purchases and the BG/NBD + Gamma-Gamma fits on the CDNOW weekly
//!    summary, natively (`crates/core/examples/bench_analytics.rs`) and in
//!    release wasm in headless Chromium (`tests/bench_analytics.rs`), both
//!    built with the release profile (`opt-level = "z"`) and both running
//!    `ilgi_core::workload::analytics_bench`. Three alternating rounds,
//!    best of each figure kept; the wasm/native ratios of the medians
//!    (`*_wasm_native_ratio`) and of the minimums (`…_ratio_min`) are
//!    computed here.
//! 1. Storage import (wasm-bindgen test `tests/bench_storage.rs`, release
//!    build, feature `bench`): 100k customers through the storage layer vs a
//!    raw-JS put loop of the same documents, same browser run.
//! 2. App at 100k customers (`tests/bench/app.bench.mjs`, Playwright): cold
//!    open to first list paint, search time per keystroke.
//!
//! 3. Search index build (`cargo xtask bench index` alone): 100k customers
//!    natively, the whole sort and its bounded steps
//!    (`crates/core/examples/bench_index.rs`).
//! 4. Sync server (`cargo xtask bench server` alone): push, pull and mixed
//!    load on loopback, SQLite and PostgreSQL (`bench_server.rs`).
//!
//! Every figure is printed as `BENCH name value`; the collected lines are
//! written between the `bench:start`/`bench:end` markers of BENCHMARKS.md
//! with the date, so the file always shows the last measured run.

use std::fs;

use anyhow::{Context, Result, bail};

use crate::env::{self, RunExt};
use crate::{build_release, setup};

fn bench_lines(output: &str) -> Vec<(String, String)> {
    output
        .lines()
        .filter_map(|l| l.trim().strip_prefix("BENCH "))
        .filter_map(|l| l.split_once(' '))
        .map(|(k, v)| (k.to_string(), v.trim().to_string()))
        .collect()
}

/// `cargo xtask bench [analytics|index|cases|server]`.
pub fn run(args: &[String]) -> Result<()> {
    match args.first().map(String::as_str) {
        None | Some("all") => all(),
        Some("analytics") => {
            setup::all()?;
            for (name, value) in analytics()? {
                println!("{name:40} {value}");
            }
            println!("BENCHMARKS.md not changed (only `cargo xtask bench` rewrites its last run)");
            Ok(())
        }
        Some("server") => {
            setup::all()?;
            for (name, value) in crate::bench_server::run()? {
                println!("{name:40} {value}");
            }
            println!("BENCHMARKS.md not changed (only `cargo xtask bench` rewrites its last run)");
            Ok(())
        }
        Some("index") => {
            setup::all()?;
            for (name, value) in index()? {
                println!("{name:40} {value}");
            }
            println!("BENCHMARKS.md not changed (only `cargo xtask bench` rewrites its last run)");
            Ok(())
        }
        Some("cases") => {
            setup::all()?;
            for (name, value) in cases()? {
                println!("{name:40} {value}");
            }
            println!("BENCHMARKS.md not changed (only `cargo xtask bench` rewrites its last run)");
            Ok(())
        }
        Some(other) => {
            bail!("unknown benchmark '{other}': `cargo xtask bench [analytics|index|cases|server]`")
        }
    }
}

/// Building the customer list's index natively at 100,000 customers
/// (`crates/core/examples/bench_index.rs`, release profile): the whole
/// sort and the longest of its bounded steps.
fn index() -> Result<Vec<(String, String)>> {
    println!("==> search index build, 100,000 customers (native, release, opt-level z)");
    let out = env::cargo(&[
        "run",
        "--release",
        "-p",
        "ilgi-core",
        "--example",
        "bench_index",
    ])
    .output_text("native index benchmark")?;
    Ok(bench_lines(&out))
}

/// The case queue with 10,000 open cases against 100 (release build,
/// Playwright): frame times while an agent works the queue.
fn cases() -> Result<Vec<(String, String)>> {
    println!("==> case queue benchmark, 10,000 open cases vs 100 (release build, Playwright)");
    let root = env::root();
    build_release()?;
    let server = std::env::current_exe().context("locating the xtask binary")?;
    let out = env::command("node")
        .arg("tests/bench/cases.bench.mjs")
        .env("ILGI_SERVER_BIN", server)
        .env("ILGI_DIST", root.join("dist"))
        .output_text("case queue benchmark")?;
    Ok(bench_lines(&out))
}

/// Alternating native/wasm rounds of the analytics benchmark: the machine
/// is shared, so each figure is the best (lowest) of the rounds, and both
/// targets get the same rule and see the same load over time.
const ANALYTICS_ROUNDS: usize = 3;

/// The analytics benchmarks, native and wasm in alternating rounds, and the
/// wasm/native ratios of the medians (and of the minimums).
fn analytics() -> Result<Vec<(String, String)>> {
    let mut best: Vec<(String, f64)> = Vec::new();
    let mut info: Vec<String> = Vec::new();
    for round in 1..=ANALYTICS_ROUNDS {
        println!(
            "==> analytics benchmark {round}/{ANALYTICS_ROUNDS}, native (release, opt-level z); load {}",
            load_average()
        );
        let native = env::cargo(&[
            "run",
            "--release",
            "-p",
            "ilgi-core",
            "--example",
            "bench_analytics",
        ])
        .output_text("native analytics benchmark")?;
        println!(
            "==> analytics benchmark {round}/{ANALYTICS_ROUNDS}, wasm (release, opt-level z, headless Chromium); load {}",
            load_average()
        );
        let wasm = env::cargo(&[
            "test",
            "-p",
            "ilgi",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "--features",
            "bench",
            "--test",
            "bench_analytics",
            "--",
            "--nocapture",
        ])
        .env("WASM_BINDGEN_TEST_TIMEOUT", "900")
        .output_text("wasm analytics benchmark")?;
        for (target, output) in [("native", &native), ("wasm", &wasm)] {
            for line in output.lines() {
                if let Some(text) = line.trim().strip_prefix("info ") {
                    let text = format!("{target}: {text}");
                    if !info.contains(&text) {
                        info.push(text);
                    }
                }
            }
            for (name, value) in bench_lines(output) {
                let value: f64 = value
                    .parse()
                    .with_context(|| format!("`BENCH {name}` is not a number: {value}"))?;
                println!("    {name} {value}");
                match best.iter_mut().find(|(k, _)| *k == name) {
                    Some((_, v)) => *v = v.min(value),
                    None => best.push((name, value)),
                }
            }
        }
    }
    for line in &info {
        println!("  {line}");
    }
    let figure = |name: &str| -> Result<f64> {
        best.iter()
            .find(|(k, _)| k == name)
            .map(|&(_, v)| v)
            .with_context(|| format!("the analytics benchmark printed no `{name}`"))
    };
    let mut ratios = Vec::new();
    for (work, stats) in [
        ("rfm_1m", [("median", ""), ("min", "_min")]),
        ("fit_cdnow", [("median", ""), ("min", "_min")]),
        (
            "value_100k",
            [("total", ""), ("longest_step", "_longest_step")],
        ),
        ("cases_triage_10k", [("median", ""), ("min", "_min")]),
        ("cases_derive_10k", [("median", ""), ("min", "_min")]),
        ("sentiment_10k", [("median", ""), ("min", "_min")]),
        ("social_read_10k", [("median", ""), ("min", "_min")]),
        ("dedupe_100k", [("median", ""), ("min", "_min")]),
        ("match_10k", [("median", ""), ("min", "_min")]),
    ] {
        for (stat, suffix) in stats {
            let ratio = figure(&format!("{work}_wasm_ms_{stat}"))?
                / figure(&format!("{work}_native_ms_{stat}"))?;
            ratios.push((format!("{work}_wasm_native_ratio{suffix}"), ratio));
        }
    }
    let mut results: Vec<(String, String)> = best
        .iter()
        .map(|(k, v)| (k.clone(), format!("{v:.2}")))
        .collect();
    for (name, ratio) in ratios {
        println!("BENCH {name} {ratio:.2}");
        results.push((name, format!("{ratio:.2}")));
    }
    Ok(results)
}

/// The 1-, 5- and 15-minute load averages, for the record ("?" off Linux).
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "?".to_string())
}

fn all() -> Result<()> {
    setup::all()?;
    let root = env::root();
    let mut results = analytics()?;
    results.extend(index()?);
    println!("==> storage import benchmark (release wasm, headless Chromium)");
    let storage = env::cargo(&[
        "test",
        "-p",
        "ilgi",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "--features",
        "bench",
        "--test",
        "bench_storage",
        "--",
        "--nocapture",
    ])
    .env("WASM_BINDGEN_TEST_TIMEOUT", "1800")
    .output_text("storage benchmark")?;
    results.extend(bench_lines(&storage));

    println!("==> app benchmark at 100k customers (release build, Playwright)");
    build_release()?;
    let server = std::env::current_exe().context("locating the xtask binary")?;
    let app = env::command("node")
        .arg("tests/bench/app.bench.mjs")
        .env("ILGI_SERVER_BIN", server)
        .env("ILGI_DIST", root.join("dist"))
        .output_text("app benchmark")?;
    results.extend(bench_lines(&app));
    results.extend(cases()?);
    println!("==> sync server on loopback (SQLite and PostgreSQL)");
    results.extend(crate::bench_server::run()?);
    if results.is_empty() {
        bail!("the benchmarks printed no BENCH lines");
    }

    let date = env::command("date")
        .arg("+%Y-%m-%d")
        .output_text("date")
        .unwrap_or_default();
    let mut block = format!(
        "<!-- bench:start -->\nLast run: {} (`cargo xtask bench`, this machine)\n\n| figure | value |\n|---|---|\n",
        date.trim()
    );
    for (name, value) in &results {
        println!("{name:40} {value}");
        block.push_str(&format!("| `{name}` | {value} |\n"));
    }
    block.push_str("<!-- bench:end -->");
    let path = root.join("BENCHMARKS.md");
    let text = fs::read_to_string(&path).context("reading BENCHMARKS.md")?;
    let updated = match (
        text.find("<!-- bench:start -->"),
        text.find("<!-- bench:end -->"),
    ) {
        (Some(start), Some(end)) if start < end => {
            format!(
                "{}{}{}",
                &text[..start],
                block,
                &text[end + "<!-- bench:end -->".len()..]
            )
        }
        _ => format!("{text}\n## Last run\n\n{block}\n"),
    };
    fs::write(&path, updated).context("writing BENCHMARKS.md")?;
    println!("BENCHMARKS.md updated");
    Ok(())
}
