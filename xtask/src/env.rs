//! Paths and child processes with the project's environment: the tools that
//! setup installs come first on PATH, and Trunk never phones home.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

/// The workspace root (the folder holding the root `Cargo.toml`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

pub fn home() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/root"))
}

/// PATH with `node_modules/.bin` (npm's wasm-opt, never Debian's) and
/// `~/.cargo/bin` first.
pub fn path_var() -> std::ffi::OsString {
    let mut dirs = vec![
        root().join("node_modules").join(".bin"),
        home().join(".cargo").join("bin"),
    ];
    if let Some(existing) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&existing));
    }
    std::env::join_paths(dirs).unwrap_or_default()
}

/// A command run from the workspace root with the project's environment.
pub fn command(program: impl AsRef<OsStr>) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(root())
        .env("PATH", path_var())
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("CARGO_TERM_COLOR", "never");
    cmd
}

pub fn cargo(args: &[&str]) -> Command {
    let mut cmd = command(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.args(args);
    cmd
}

/// Runs a command to completion, failing with the step's name.
pub trait RunExt {
    fn run(&mut self, what: &str) -> Result<()>;
    fn output_text(&mut self, what: &str) -> Result<String>;
}

impl RunExt for Command {
    fn run(&mut self, what: &str) -> Result<()> {
        let status = self
            .status()
            .with_context(|| format!("{what}: could not start {:?}", self.get_program()))?;
        if !status.success() {
            bail!("{what} failed ({status})");
        }
        Ok(())
    }

    fn output_text(&mut self, what: &str) -> Result<String> {
        let out = self
            .stderr(Stdio::inherit())
            .output()
            .with_context(|| format!("{what}: could not start {:?}", self.get_program()))?;
        if !out.status.success() {
            bail!("{what} failed ({})", out.status);
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

/// Whether `program --version` runs; returns its first line.
pub fn version_of(program: &str) -> Option<String> {
    let out = command(program)
        .arg("--version")
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .to_owned()
    })
}
