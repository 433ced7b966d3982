//! Builds the app's main module split into lazily loaded pieces.
//!
//! Trunk (0.22) cannot split a wasm module (trunk-rs/trunk#1022), so the
//! release build does it here, before Trunk runs:
//!
//! 1. `cargo rustc --bin ilgi-web --features split` with `--emit-relocs`:
//!    each page is a `#[lazy_route]` (`src/routes.rs`), compiled as a
//!    pair of wasm import and export that marks a split point;
//! 2. `wasm_split_cli_support` cuts the module at those points: the main
//!    module (shell, router, storage), one module per page and shared
//!    chunks, plus `__wasm_split.js` that fetches them on first use;
//! 3. wasm-bindgen (`--target web`, keeping the exports the pieces link
//!    against) and wasm-opt `-Oz` on every piece, as Trunk does;
//! 4. everything lands in `target/ilgi-split/wasm/<content hash>/`, which
//!    `index.html` copies into `dist/wasm/`, and `target/ilgi-split/boot.js`
//!    (imports the hashed main module) that `index.html` loads as a module.
//!
//! The page modules' names and files are in `manifest.json` beside them:
//! `cargo xtask sizes` reads it to count, for each page, what the browser
//! fetches before that page's first paint.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use crate::env::{self, RunExt};

/// What `index.html` picks up: `boot.js` and the `wasm/` folder.
pub fn out_dir() -> PathBuf {
    target_dir().join("ilgi-split")
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| env::root().join("target"))
}

/// Where the release wasm builds go (see [`with_own_std`]): their own
/// folder, so that native and test builds (ordinary `std`) and these do not
/// rebuild each other's dependencies.
pub fn std_build_dir() -> PathBuf {
    target_dir().join("split-std")
}

/// Makes a cargo command (or Trunk, which runs cargo) compile the standard
/// library with the app (`-Zbuild-std`, `optimize_for_size`) so that a
/// panic aborts at once (`-Cpanic=immediate-abort`): no panic messages,
/// locations or their formatting code in the download (measured:
/// first download 793 → 746 KiB brotli, see BENCHMARKS.md). These are
/// unstable flags: `RUSTC_BOOTSTRAP` lets the stable toolchain, the only
/// one these machines can fetch, take them; `rust-src` is installed by
/// `cargo xtask setup`. The price: a panic in the release build stops the
/// module without a message in the console (it stopped the app before as
/// well, `panic = "abort"`); debug builds keep their messages.
pub fn with_own_std(cmd: &mut Command) -> &mut Command {
    // Replaces `.cargo/config.toml`'s rustflags: keep its cfg.
    let rustflags = [
        "--cfg",
        "erase_components",
        "-Zunstable-options",
        "-Cpanic=immediate-abort",
    ]
    .join("\x1f");
    cmd.env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
        .env("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size")
        .env("CARGO_TARGET_DIR", std_build_dir())
        .env("CARGO_ENCODED_RUSTFLAGS", rustflags)
}

/// What the loader runs before it fetches a piece: the fetches of one page
/// (about a hundred pieces) are started a few at a time, each batch in a
/// task of its own, instead of all in the task that opened the page.
const PACED_LOADER: &str = "    const loader = async () => {
        await ilgiTurn();
        const parallelStuff = deps.map(d => d());";

/// Takes turns: a batch of at most 24 fetches, or about 8 ms of a task,
/// then the next batch waits for a new task (a `MessageChannel` message,
/// which a hidden tab does not slow down the way it slows timers).
/// `tests/e2e/split.test.mjs` checks the batches.
///
/// Not for the first page: its pieces are what the cold open waits for,
/// and turns taken among the start's other tasks made it slower
/// (measured at 100k customers, first rows 1,460–1,570 → 1,685–1,784 ms
/// median). Pacing starts once the first page module has loaded
/// ([`FIRST_LOADED`]).
const TURNS: &str = "
let ilgiPaced = false;
let ilgiQueue = Promise.resolve();
let ilgiBatchStart = -1;
let ilgiInBatch = 0;
function ilgiNextTask() {
    return new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(0);
    });
}
function ilgiTurn() {
    if (!ilgiPaced) return Promise.resolve();
    ilgiQueue = ilgiQueue.then(async () => {
        if (ilgiBatchStart >= 0 && (ilgiInBatch >= 24 || performance.now() - ilgiBatchStart > 8)) {
            await ilgiNextTask();
            ilgiBatchStart = -1;
        }
        if (ilgiBatchStart < 0) {
            ilgiBatchStart = performance.now();
            ilgiInBatch = 0;
        }
        ilgiInBatch += 1;
    });
    return ilgiQueue;
}
";

/// Where a page module's load ends (the split point's callback): from
/// then on, fetches are paced.
const FIRST_LOADED: (&str, &str) = (
    "        } finally {
            const sharedImports = getSharedImports();",
    "        } finally {
            ilgiPaced = true;
            const sharedImports = getSharedImports();",
);

/// Makes the generated loader pace its fetches ([`PACED_LOADER`]).
///
/// wasm-split's loader starts every fetch a page needs in one go:
/// measured at 100,000 customers, opening the dashboard (about 100
/// pieces) spent 40 of a 57–75 ms task in `fetch()` calls and the
/// loader. Fails when the loader no longer looks as expected (a new
/// `wasm_split_cli_support`), rather than ship it unpaced.
fn pace_fetches(loader: &Path) -> Result<()> {
    let text =
        fs::read_to_string(loader).with_context(|| format!("reading {}", loader.display()))?;
    let original = "    const loader = async () => {
        const parallelStuff = deps.map(d => d());";
    if text.matches(original).count() != 1 {
        anyhow::bail!(
            "{}: the piece loader changed (wasm_split_cli_support); pacing its fetches needs a look",
            loader.display()
        );
    }
    if text.matches(FIRST_LOADED.0).count() != 1 {
        anyhow::bail!(
            "{}: the split point's callback changed (wasm_split_cli_support); pacing its fetches needs a look",
            loader.display()
        );
    }
    let paced =
        text.replacen(original, PACED_LOADER, 1)
            .replacen(FIRST_LOADED.0, FIRST_LOADED.1, 1);
    // After the imports (a module's `import` lines come first).
    let at = paced
        .find("\nlet sharedImports")
        .with_context(|| format!("{}: no `let sharedImports`", loader.display()))?;
    let paced = format!("{}\n{TURNS}{}", &paced[..at], &paced[at..]);
    fs::write(loader, paced).with_context(|| format!("writing {}", loader.display()))
}

/// Builds, splits, binds and optimises the main module.
pub fn build() -> Result<()> {
    let build_dir = std_build_dir();
    with_own_std(&mut env::cargo(&[
        "rustc",
        "--quiet",
        "-p",
        "ilgi",
        "--bin",
        "ilgi-web",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "--features",
        "split",
        "--",
        "-C",
        "link-arg=--emit-relocs",
    ]))
    .run("cargo rustc --bin ilgi-web --features split")?;
    let input = build_dir.join("wasm32-unknown-unknown/release/ilgi-web.wasm");
    let bytes = fs::read(&input).with_context(|| format!("reading {}", input.display()))?;

    let out = out_dir();
    let work = out.join("work");
    if work.exists() {
        fs::remove_dir_all(&work).with_context(|| format!("clearing {}", work.display()))?;
    }
    fs::create_dir_all(&work)?;
    let main_split = work.join("main.wasm");
    let split = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(&bytes);
        options.output_dir = &work;
        options.main_out_path = &main_split;
        options.main_module = "./ilgi-web.js";
        options.link_name = "./__wasm_split.js";
        options
    })
    .map_err(|e| anyhow::anyhow!("wasm-split of {}: {e:#}", input.display()))?;

    pace_fetches(&work.join("__wasm_split.js"))?;

    env::command("wasm-bindgen")
        .args(["--target", "web", "--keep-lld-exports", "--no-typescript"])
        .args(["--out-name", "ilgi-web", "--out-dir"])
        .arg(&work)
        .arg(&main_split)
        .run("wasm-bindgen (split main module)")?;
    // Kept beside (names and all) for the breakdown `cargo xtask sizes` prints.
    fs::rename(&main_split, out.join("main-before-bindgen.wasm"))?;

    let mut pieces: Vec<PathBuf> = split.split_modules.clone();
    pieces.push(work.join("ilgi-web_bg.wasm"));
    // `ILGI_WASM_NAMES=1` keeps the functions' names (`wasm-opt -g`) so
    // that a browser profile or a look inside a piece can name them; for
    // profiling only (the pieces grow), never for a measured build.
    let names = std::env::var_os("ILGI_WASM_NAMES").is_some_and(|v| !v.is_empty());
    for piece in &pieces {
        let optimised = piece.with_extension("opt.wasm");
        env::command("wasm-opt")
            .arg("-Oz")
            .args(names.then_some("-g"))
            .arg(piece)
            .arg("-o")
            .arg(&optimised)
            .run(&format!("wasm-opt {}", piece.display()))?;
        fs::rename(&optimised, piece)?;
    }

    let manifest = manifest(&split.prefetch_map)?;
    fs::write(work.join("manifest.json"), &manifest)?;

    // The folder is named by the hash of its contents, so a browser never
    // mixes pieces of two builds.
    let mut files: Vec<PathBuf> = fs::read_dir(&work)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    files.sort();
    let mut hash = Sha256::new();
    for file in &files {
        hash.update(file.file_name().unwrap_or_default().as_encoded_bytes());
        hash.update(fs::read(file)?);
    }
    let hash: String = hash.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let wasm = out.join("wasm");
    if wasm.exists() {
        fs::remove_dir_all(&wasm)?;
    }
    fs::create_dir_all(&wasm)?;
    fs::rename(&work, wasm.join(&hash))?;
    fs::write(out.join("boot.js"), boot_js(&hash))?;
    println!(
        "split: main module and {} pieces in wasm/{hash}/",
        split.split_modules.len()
    );
    Ok(())
}

/// The module `index.html` loads: starts the hashed main module.
fn boot_js(hash: &str) -> String {
    format!(
        "// Written by `cargo xtask build` (xtask/src/split.rs): starts this build's app.\n\
         import init from \"/wasm/{hash}/ilgi-web.js\";\n\
         init({{ module_or_path: \"/wasm/{hash}/ilgi-web_bg.wasm\" }});\n"
    )
}

/// `{"page module": ["file", …]}`: what each lazily loaded piece needs.
fn manifest(prefetch: &std::collections::HashMap<String, Vec<String>>) -> Result<String> {
    let sorted: BTreeMap<&String, Vec<String>> = prefetch
        .iter()
        .map(|(name, deps)| (name, deps.iter().map(|d| format!("{d}.wasm")).collect()))
        .collect();
    Ok(serde_json::to_string_pretty(&sorted)?)
}

/// Reads `manifest.json` of a built `dist/wasm/<hash>/`: page → files.
pub fn read_manifest(dir: &Path) -> Result<BTreeMap<String, Vec<String>>> {
    let path = dir.join("manifest.json");
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text)
        .with_context(|| format!("{}: not a page → files map", path.display()))
}
