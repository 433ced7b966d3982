//! `cargo xtask bench`: the browser benchmarks, in one command.
//!
//! 1. Storage import (wasm-bindgen test `tests/bench_storage.rs`, release
//!    build, feature `bench`): 100k customers through the storage layer vs a
//!    raw-JS put loop of the same documents, same browser run.
//! 2. App at 100k customers (`tests/bench/app.bench.mjs`, Playwright): cold
//!    open to first list paint, search time per keystroke.
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

pub fn run() -> Result<()> {
    setup::all()?;
    let root = env::root();
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
    let mut results = bench_lines(&storage);

    println!("==> app benchmark at 100k customers (release build, Playwright)");
    build_release()?;
    let server = std::env::current_exe().context("locating the xtask binary")?;
    let app = env::command("node")
        .arg("tests/bench/app.bench.mjs")
        .env("ILGI_SERVER_BIN", server)
        .env("ILGI_DIST", root.join("dist"))
        .output_text("app benchmark")?;
    results.extend(bench_lines(&app));
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
