//! `cargo xtask test`: every check and test, in one command, with a summary.
//!
//! Steps run in order; a failing step does not stop the independent ones
//! after it (so one run shows every problem), but steps that need a build
//! are skipped when the build failed. The exit code is non-zero when any step
//! failed. Servers are started by the e2e suite itself and stopped by it.

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::env::{self, RunExt};
use crate::{build_release, setup, sizes};

enum Outcome {
    Passed,
    Failed(String),
    Skipped(&'static str),
}

struct Report {
    rows: Vec<(&'static str, Outcome, Duration)>,
}

impl Report {
    fn step(&mut self, name: &'static str, f: impl FnOnce() -> Result<()>) -> bool {
        println!("\n==> {name}");
        let started = Instant::now();
        let outcome = match f() {
            Ok(()) => Outcome::Passed,
            Err(e) => {
                eprintln!("xtask: step '{name}' failed: {e:#}");
                Outcome::Failed(format!("{e:#}"))
            }
        };
        let ok = matches!(outcome, Outcome::Passed);
        self.rows.push((name, outcome, started.elapsed()));
        ok
    }

    fn skip(&mut self, name: &'static str, why: &'static str) {
        self.rows
            .push((name, Outcome::Skipped(why), Duration::default()));
    }
}

pub fn all() -> Result<()> {
    let started = Instant::now();
    let mut report = Report { rows: Vec::new() };

    if !report.step("setup", setup::all) {
        print_summary(&report, started.elapsed());
        bail!("setup failed; nothing else can run");
    }
    report.step("rustfmt", || {
        env::cargo(&["fmt", "--all", "--check"]).run("cargo fmt --all --check")
    });
    report.step("clippy (native)", || {
        env::cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ])
        .run("cargo clippy --workspace")
    });
    report.step("clippy (app, wasm32)", || {
        env::cargo(&[
            "clippy",
            "-p",
            "ilgi",
            "--all-targets",
            "--target",
            "wasm32-unknown-unknown",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ])
        .run("cargo clippy -p ilgi --target wasm32-unknown-unknown")
    });
    report.step("unit and integration tests (native)", || {
        // The sync server's tests run against SQLite and a real PostgreSQL,
        // started here for the run and stopped after it.
        let postgres = crate::pg::Cluster::start()?;
        env::cargo(&["test", "--workspace", "--no-fail-fast"])
            .env("ILGI_TEST_POSTGRES", postgres.url())
            .run("cargo test --workspace")
    });
    report.step(
        "browser tests (wasm-bindgen-test, headless Chromium)",
        || {
            env::cargo(&[
                "test",
                "-p",
                "ilgi",
                "--target",
                "wasm32-unknown-unknown",
                "--no-fail-fast",
            ])
            .run("cargo test -p ilgi --target wasm32-unknown-unknown")
        },
    );
    let built = report.step("release build (trunk)", || {
        build_release()?;
        sizes::report(&env::root().join("dist"))
    });
    if built {
        report.step("end-to-end tests (Playwright, headless Chromium)", e2e);
    } else {
        report.skip(
            "end-to-end tests (Playwright, headless Chromium)",
            "release build failed",
        );
    }

    print_summary(&report, started.elapsed());
    let failed = report
        .rows
        .iter()
        .filter(|(_, o, _)| matches!(o, Outcome::Failed(_)))
        .count();
    if failed > 0 {
        bail!("{failed} step(s) failed");
    }
    Ok(())
}

fn e2e() -> Result<()> {
    let root = env::root();
    let dir = root.join("tests").join("e2e");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("no *.test.mjs files in {}", dir.display());
    }
    // The suite starts, stops and restarts the sync server itself (it must
    // stop it to test offline reloads); every start that is not a restart
    // gets a fresh database.
    let server = crate::server::build_debug()?;
    let shots = root.join("target").join("screenshots");
    fs::create_dir_all(&shots)?;
    env::command("node")
        .arg("--test")
        .arg("--test-concurrency=1")
        .args(&files)
        .env("ILGI_SERVER_BIN", server)
        .env("ILGI_DIST", root.join("dist"))
        .env("ILGI_SCREENSHOTS", &shots)
        .run("node --test tests/e2e")
}

fn print_summary(report: &Report, total: Duration) {
    println!("\n==> summary ({:.0?} in all)", total);
    let mut passed = 0;
    let mut failed = 0;
    for (name, outcome, took) in &report.rows {
        match outcome {
            Outcome::Passed => {
                passed += 1;
                println!("  ok      {name} ({took:.1?})");
            }
            Outcome::Failed(why) => {
                failed += 1;
                println!("  FAILED  {name} ({took:.1?}): {why}");
            }
            Outcome::Skipped(why) => println!("  skipped {name}: {why}"),
        }
    }
    println!("steps: {passed} passed, {failed} failed");
}
