//! Installs what the build and the tests need, only when it is missing.
//!
//! Every step checks first and does nothing when the tool is there in the
//! right version, so a warm run prints one line. A failing step says which
//! step failed and what to do.

use std::fs;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::env::{self, RunExt};

/// Trunk version installed when missing (builds here with
/// `--ignore-rust-version`, see shared/docs/toolchain.md).
const TRUNK_VERSION: &str = "0.22.1";

pub fn all() -> Result<()> {
    let started = Instant::now();
    let mut installed = Vec::new();
    for (name, step) in STEPS {
        match step() {
            Ok(true) => installed.push(*name),
            Ok(false) => {}
            Err(e) => bail!("setup step '{name}' failed: {e:#}"),
        }
    }
    check_pins()?;
    if installed.is_empty() {
        println!("setup: all tools present");
    } else {
        println!(
            "setup: installed {} in {:.0?}",
            installed.join(", "),
            started.elapsed()
        );
    }
    Ok(())
}

type Step = fn() -> Result<bool>;

const STEPS: &[(&str, Step)] = &[
    ("wasm32 target", wasm_target),
    ("rust-src", rust_src),
    ("trunk", trunk),
    ("wasm-bindgen-cli", wasm_bindgen_cli),
    ("npm tools", npm_tools),
    ("chromium", chromium),
    ("postgresql", crate::pg::install),
];

fn wasm_target() -> Result<bool> {
    rustup_add("target", "wasm32-unknown-unknown")
}

/// The standard library's source: the release wasm builds compile `std`
/// themselves (`split::with_own_std`, panics that abort at once).
fn rust_src() -> Result<bool> {
    rustup_add("component", "rust-src")
}

/// `rustup <kind> add <name>` unless `rustup <kind> list --installed`
/// already names it.
fn rustup_add(kind: &str, name: &str) -> Result<bool> {
    let installed = env::command("rustup")
        .args([kind, "list", "--installed"])
        .output_text(&format!("rustup {kind} list"))?;
    if installed.lines().any(|l| l.trim() == name) {
        return Ok(false);
    }
    println!("setup: adding the {name} {kind}");
    env::command("rustup")
        .args([kind, "add", name])
        .run(&format!("rustup {kind} add {name}"))?;
    Ok(true)
}

fn trunk() -> Result<bool> {
    if env::version_of("trunk").is_some() {
        return Ok(false);
    }
    println!("setup: installing trunk {TRUNK_VERSION} (about 12 minutes on 2 cores)");
    light_install(env::cargo(&[
        "install",
        "trunk",
        "--version",
        TRUNK_VERSION,
        "--locked",
        "--ignore-rust-version",
    ]))
    .run("cargo install trunk")?;
    Ok(true)
}

/// A cheaper release profile for installing tools: they are not the
/// product, and their speed at run time hardly matters, but their build is
/// most of a cold CI run. No LTO, many codegen units, `opt-level = 1`, no
/// debug info (profile settings from the environment override the tool's
/// own `Cargo.toml`).
fn light_install(mut cmd: std::process::Command) -> std::process::Command {
    cmd.env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "false");
    cmd
}

/// The version of a package in Cargo.lock.
pub fn locked_version(package: &str) -> Result<String> {
    let lock = fs::read_to_string(env::root().join("Cargo.lock"))
        .context("Cargo.lock is missing; run `cargo generate-lockfile`")?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock
        .find(&needle)
        .with_context(|| format!("Cargo.lock has no package {package}"))?
        + needle.len();
    let end = lock[start..]
        .find('"')
        .context("Cargo.lock version line is not closed")?;
    Ok(lock[start..start + end].to_owned())
}

fn wasm_bindgen_cli() -> Result<bool> {
    let wanted = locked_version("wasm-bindgen")?;
    let have = env::version_of("wasm-bindgen");
    let runner = env::version_of("wasm-bindgen-test-runner");
    let matches = |v: &Option<String>| {
        v.as_deref()
            .is_some_and(|v| v.split_whitespace().nth(1) == Some(wanted.as_str()))
    };
    if matches(&have) && runner.is_some() {
        return Ok(false);
    }
    println!(
        "setup: installing wasm-bindgen-cli {wanted} (found {})",
        have.as_deref().unwrap_or("none")
    );
    // No --locked: a locked dependency of the CLI is newer than the index
    // reachable here (shared/docs/toolchain.md).
    light_install(env::cargo(&[
        "install",
        "wasm-bindgen-cli",
        "--version",
        &wanted,
        "--force",
    ]))
    .run("cargo install wasm-bindgen-cli")?;
    Ok(true)
}

fn npm_tools() -> Result<bool> {
    let root = env::root();
    let lock = fs::read(root.join("package-lock.json")).context("package-lock.json is missing")?;
    let stamp_path = root.join("node_modules").join(".ilgi-lock-stamp");
    let stamp = format!("{:016x}", fnv1a(&lock));
    let tools_present = root.join("node_modules/.bin/wasm-opt").exists()
        && root
            .join("node_modules/playwright-core/package.json")
            .exists()
        && root.join("node_modules/axe-core/axe.min.js").exists();
    if tools_present && fs::read_to_string(&stamp_path).ok().as_deref() == Some(stamp.as_str()) {
        return Ok(false);
    }
    println!("setup: installing npm tools from package-lock.json");
    env::command("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .run("npm ci")?;
    fs::write(&stamp_path, stamp).context("writing node_modules/.ilgi-lock-stamp")?;
    Ok(true)
}

/// A small stable hash, enough to notice that package-lock.json changed.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn chromium() -> Result<bool> {
    if Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists() {
        return Ok(false);
    }
    println!("setup: installing Debian's chromium and chromium-driver");
    let is_root = env::command("id")
        .arg("-u")
        .output_text("id -u")
        .map(|uid| uid.trim() == "0")
        .unwrap_or(false);
    let prefix: &[&str] = if is_root { &[] } else { &["sudo"] };
    let apt = |args: &[&str]| {
        let mut all: Vec<&str> = prefix.to_vec();
        all.push("apt-get");
        all.extend_from_slice(args);
        let mut cmd = env::command(all[0]);
        cmd.args(&all[1..]).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    apt(&["update", "-qq"]).run("apt-get update")?;
    apt(&["install", "-y", "-qq", "chromium", "chromium-driver"])
        .run("apt-get install chromium chromium-driver")?;
    Ok(true)
}

/// Trunk.toml must pin exactly the tools that are installed; otherwise Trunk
/// would try to download them (impossible here) or pick up a broken one.
fn check_pins() -> Result<()> {
    let trunk_toml =
        fs::read_to_string(env::root().join("Trunk.toml")).context("Trunk.toml is missing")?;
    let pinned = |key: &str| -> Option<String> {
        trunk_toml.lines().find_map(|line| {
            let (k, v) = line.split_once('=')?;
            (k.trim() == key).then(|| v.trim().trim_matches('"').to_owned())
        })
    };
    let bindgen = locked_version("wasm-bindgen")?;
    if pinned("wasm_bindgen").as_deref() != Some(bindgen.as_str()) {
        bail!(
            "Trunk.toml pins wasm_bindgen = {:?} but Cargo.lock has {bindgen}; set them equal",
            pinned("wasm_bindgen")
        );
    }
    let wasm_opt = env::version_of("wasm-opt").context("wasm-opt is not on PATH")?;
    let major = wasm_opt.split_whitespace().nth(2).unwrap_or("?");
    let wanted = format!("version_{major}");
    if pinned("wasm_opt").as_deref() != Some(wanted.as_str()) {
        bail!(
            "Trunk.toml pins wasm_opt = {:?} but node_modules has `{wasm_opt}`; expected \"{wanted}\"",
            pinned("wasm_opt")
        );
    }
    Ok(())
}
