//! `cargo xtask`: the project's own automation, in Rust instead of shell.
//!
//! - `cargo xtask serve`  — set up, build the release app and the sync
//!   server, run the server on 127.0.0.1 (app + API, data in `./data/ilgi.db`).
//! - `cargo xtask test`   — set up, then run every check and test; CI runs this.
//! - `cargo xtask setup`  — install missing tools only (idempotent, quiet).
//! - `cargo xtask pg`     — start a throwaway PostgreSQL for the server's
//!   tests and print its URL (held until Ctrl-C).
//! - `cargo xtask build`  — set up and build the release `dist/`, print sizes.
//! - `cargo xtask bench`  — benchmarks; writes BENCHMARKS.md.
//!   `cargo xtask bench analytics` runs only the analytics part and prints.
//! - `cargo xtask sizes`  — print the sizes of the built `dist/`.
//!
//! The end-to-end tests start, stop and restart `ilgi-server` themselves
//! (`tests/e2e/support.mjs`); `test` hands them the binary.

mod bench;
mod bench_server;
mod env;
mod pg;
mod server;
mod setup;
mod sizes;
mod split;
mod test;

use env::RunExt;

use anyhow::{Context, Result, bail};

fn main() {
    if let Err(e) = run() {
        eprintln!("xtask: error: {e:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = args.first().map(String::as_str).unwrap_or("help");
    let rest = &args[args.len().min(1)..];
    match command {
        "setup" => setup::all(),
        "bench" => bench::run(rest),
        "build" => {
            setup::all()?;
            build_release()?;
            sizes::report(&env::root().join("dist"))
        }
        "serve" => {
            let port = port_arg(rest, 8080)?;
            setup::all()?;
            build_release()?;
            sizes::report(&env::root().join("dist"))?;
            server::run(port)
        }
        "test" => test::all(),
        "pg" => {
            setup::all()?;
            pg::hold()
        }
        "sizes" => sizes::report(&env::root().join("dist")),
        "help" | "--help" | "-h" => {
            println!("{}", HELP);
            Ok(())
        }
        other => bail!("unknown command '{other}'\n{HELP}"),
    }
}

const HELP: &str = "usage: cargo xtask <serve [--port N] | test | setup | build | bench [analytics|cases|server] | sizes | pg>";

/// Builds the release app into `dist/`: the split main module
/// (`split.rs`), then Trunk (offline, pinned tools) for the rest.
pub fn build_release() -> Result<()> {
    env::cargo(&["fetch", "--quiet"]).run("cargo fetch")?;
    split::build()?;
    // The worker too: the same standard library and target folder.
    split::with_own_std(env::command("trunk").args(["build", "--release"]))
        .run("trunk build --release")
}

fn flag_value(args: &[String], flag: &str) -> Result<Option<String>> {
    match args.iter().position(|a| a == flag) {
        None => Ok(None),
        Some(i) => args
            .get(i + 1)
            .cloned()
            .map(Some)
            .with_context(|| format!("{flag} needs a value")),
    }
}

fn port_arg(args: &[String], default: u16) -> Result<u16> {
    match flag_value(args, "--port")? {
        None => Ok(default),
        Some(p) => p
            .parse()
            .with_context(|| format!("--port takes a number from 0 to 65535, not '{p}'")),
    }
}
