//! `cargo xtask serve`: runs the sync server (`ilgi-server`), which serves
//! the built app and the API on one origin, as a child process; and the
//! builds of the server that `serve`, `bench server` and `test` use.
//!
//! The server is built with the `server` profile (optimised, unwinding,
//! quick to link) into `target/server/ilgi-server` and started from the
//! workspace root, so its default database is `./data/ilgi.db` there. It
//! prints the URL itself. Ctrl-C reaches it directly from the terminal (same
//! process group); xtask only waits for it to finish its requests, and
//! passes on a SIGINT sent to xtask alone.

use std::path::PathBuf;
use std::process::ExitStatus;

use anyhow::{Context, Result, bail};

use crate::env::{self, RunExt};

/// Builds `ilgi-server` with the server profile; returns its path.
pub fn build() -> Result<PathBuf> {
    env::cargo(&["build", "-p", "ilgi-server", "--profile", "server"])
        .run("cargo build -p ilgi-server --profile server")?;
    Ok(binary("server"))
}

/// Builds the debug `ilgi-server` the end-to-end tests run; returns its
/// path. The native tests have just compiled the server's dependencies in
/// debug, so this adds seconds (its own feature set recompiles a handful
/// of crates once, then only the server itself when it changes), where
/// the server profile would compile the whole tree optimised (minutes
/// from clean, ~40 s after an edit of ilgi-core) for speed the tests do
/// not need.
pub fn build_debug() -> Result<PathBuf> {
    env::cargo(&["build", "-p", "ilgi-server", "--quiet"]).run("cargo build -p ilgi-server")?;
    Ok(binary("debug"))
}

/// `target/<profile folder>/ilgi-server`.
fn binary(profile_dir: &str) -> PathBuf {
    env::root()
        .join("target")
        .join(profile_dir)
        .join(format!("ilgi-server{}", std::env::consts::EXE_SUFFIX))
}

/// Serves `dist/` and the API on 127.0.0.1:`port` until Ctrl-C.
pub fn run(port: u16) -> Result<()> {
    let binary = build()?;
    let dist = env::root().join("dist");
    // Listen before the child exists, so no Ctrl-C can find xtask
    // without a handler (it would die and leave the server behind).
    let interrupts = Interrupts::listen()?;
    let mut child = env::command(&binary)
        .arg("--dist")
        .arg(&dist)
        .arg("--addr")
        .arg(format!("127.0.0.1:{port}"))
        .spawn()
        .with_context(|| format!("starting {}", binary.display()))?;
    interrupts.forward_to(child.id());
    let status = child.wait().context("waiting for ilgi-server")?;
    finished(status)
}

/// SIGINT caught by xtask (so it waits for the server to finish) and
/// passed on to the server.
struct Interrupts {
    runtime: tokio::runtime::Runtime,
    #[cfg(unix)]
    signal: tokio::signal::unix::Signal,
}

impl Interrupts {
    fn listen() -> Result<Interrupts> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("starting a signal listener")?;
        #[cfg(unix)]
        let signal = {
            let _inside = runtime.enter();
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
                .context("listening for Ctrl-C")?
        };
        Ok(Interrupts {
            runtime,
            #[cfg(unix)]
            signal,
        })
    }

    fn forward_to(self, pid: u32) {
        #[cfg(unix)]
        std::thread::spawn(move || {
            let Interrupts {
                runtime,
                mut signal,
            } = self;
            runtime.block_on(async move {
                while signal.recv().await.is_some() {
                    // `kill` rather than a libc binding: xtask needs no
                    // other. A server already stopping ignores another one.
                    let _ = std::process::Command::new("kill")
                        .args(["-INT", &pid.to_string()])
                        .status();
                }
            });
        });
        #[cfg(not(unix))]
        drop((self, pid));
    }
}

fn finished(status: ExitStatus) -> Result<()> {
    if status.success() {
        return Ok(());
    }
    // Stopped by the signal itself rather than by its graceful exit.
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if status.signal() == Some(2) {
            return Ok(());
        }
    }
    bail!("ilgi-server stopped with {status}")
}
