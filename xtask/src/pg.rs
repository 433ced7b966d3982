//! A throwaway PostgreSQL server for the sync server's tests and benchmark.
//!
//! The tests run against a real PostgreSQL, so the test command brings its
//! own: Debian's `postgresql` package (installed by `setup` when missing),
//! a fresh cluster in `target/pg/<pid>/` on a free loopback port and a
//! socket in that folder, never Debian's own cluster or port 5432. The
//! server binaries refuse to run as root, so they run as the `postgres`
//! user through `runuser` when we are root. Durability is switched off
//! (`fsync=off`…): the data is thrown away after the run.
//!
//! [`Cluster`] stops the server when dropped, and a cluster left by a run
//! that was killed is stopped by the next start.

use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::env::{self, RunExt};

/// Where Debian puts the server programs (not on PATH).
const DEBIAN_PG: &str = "/usr/lib/postgresql";

/// The folder of `pg_ctl`, `initdb` and `postgres`, newest version first.
pub fn bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir(DEBIAN_PG)
        .ok()?
        .filter_map(|e| {
            let e = e.ok()?;
            let version: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("pg_ctl").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// Whether this process runs as root.
fn is_root() -> bool {
    env::command("id")
        .arg("-u")
        .output_text("id -u")
        .map(|uid| uid.trim() == "0")
        .unwrap_or(false)
}

/// A running PostgreSQL server; stopped when dropped.
pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    as_postgres: bool,
    pub port: u16,
}

impl Cluster {
    /// Starts a fresh cluster with database `ilgi_test` owned by `ilgi`.
    pub fn start() -> Result<Cluster> {
        let bin = bin_dir().context(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl); run `cargo xtask setup`",
        )?;
        let base = env::root().join("target").join("pg");
        stop_stale(&bin, &base);
        let dir = base.join(std::process::id().to_string());
        if dir.exists() {
            fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
        }
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let as_postgres = is_root();
        let mut cluster = Cluster {
            bin,
            dir,
            as_postgres,
            port: free_port()?,
        };
        if as_postgres {
            cluster.give_to_postgres()?;
        }
        let data = cluster.dir.join("data");
        cluster
            .tool("initdb")
            .arg("-D")
            .arg(&data)
            .args([
                "-U",
                "ilgi",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ])
            .stdout(std::process::Stdio::null())
            .run("initdb")?;
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {} -k {} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
            cluster.port,
            cluster.dir.display()
        );
        cluster
            .tool("pg_ctl")
            .arg("-D")
            .arg(&data)
            .arg("-l")
            .arg(cluster.dir.join("log"))
            .args(["-w", "-o", &options, "start"])
            .stdout(std::process::Stdio::null())
            .run("pg_ctl start")
            .with_context(|| {
                format!(
                    "PostgreSQL did not start; its log: {}",
                    cluster.dir.join("log").display()
                )
            })?;
        let created = Command::new("psql")
            .args(["-h", "127.0.0.1", "-p", &cluster.port.to_string()])
            .args(["-U", "ilgi", "-d", "postgres", "-q", "-c"])
            .arg("CREATE DATABASE ilgi_test")
            .status();
        match created {
            Ok(s) if s.success() => {}
            _ => {
                // psql is a separate package; the server's own single-user
                // tool is not usable while it runs, so fall back on createdb.
                cluster
                    .tool("createdb")
                    .args(["-h", "127.0.0.1", "-p", &cluster.port.to_string()])
                    .args(["-U", "ilgi", "ilgi_test"])
                    .run("createdb ilgi_test")?;
            }
        }
        Ok(cluster)
    }

    /// The connection URL of the test database.
    pub fn url(&self) -> String {
        format!("postgres://ilgi@127.0.0.1:{}/ilgi_test", self.port)
    }

    /// A server program, run as `postgres` when we are root.
    fn tool(&self, name: &str) -> Command {
        let program = self.bin.join(name);
        if self.as_postgres {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", "postgres", "--"]).arg(program);
            cmd
        } else {
            Command::new(program)
        }
    }

    /// The `postgres` user must own the data folder and be able to reach
    /// it; a checkout under a folder it cannot enter moves to /tmp.
    fn give_to_postgres(&mut self) -> Result<()> {
        let reachable = Command::new("runuser")
            .args(["-u", "postgres", "--", "test", "-x"])
            .arg(self.dir.parent().unwrap_or(&self.dir))
            .status()
            .is_ok_and(|s| s.success());
        if !reachable {
            let _ = fs::remove_dir_all(&self.dir);
            self.dir = std::env::temp_dir().join(format!("ilgi-pg-{}", std::process::id()));
            let _ = fs::remove_dir_all(&self.dir);
            fs::create_dir_all(&self.dir)?;
        }
        Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(&self.dir)
            .status()
            .context("chown postgres")?
            .success()
            .then_some(())
            .context("chown of the PostgreSQL folder failed")
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self
            .tool("pg_ctl")
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "immediate", "-w", "stop"])
            .stdout(std::process::Stdio::null())
            .status();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Stops clusters of earlier runs that were killed before they could.
fn stop_stale(bin: &Path, base: &Path) {
    let Ok(entries) = fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let data = entry.path().join("data");
        if data.join("postmaster.pid").exists() {
            let mut cmd = if is_root() {
                let mut c = Command::new("runuser");
                c.args(["-u", "postgres", "--"]).arg(bin.join("pg_ctl"));
                c
            } else {
                Command::new(bin.join("pg_ctl"))
            };
            let _ = cmd
                .arg("-D")
                .arg(&data)
                .args(["-m", "immediate", "-w", "stop"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status();
        }
        let _ = fs::remove_dir_all(entry.path());
    }
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

/// `cargo xtask pg`: a cluster for running the server's tests by hand;
/// prints its URL and holds it until Ctrl-C.
pub fn hold() -> Result<()> {
    let cluster = Cluster::start()?;
    println!("PostgreSQL is running: {}", cluster.url());
    println!(
        "ILGI_TEST_POSTGRES={} cargo test -p ilgi-server   (Ctrl-C stops it)",
        cluster.url()
    );
    let (tx, rx) = std::sync::mpsc::channel();
    ctrlc_channel(tx)?;
    let _ = rx.recv();
    drop(cluster);
    Ok(())
}

/// Sends on `tx` at Ctrl-C (a tiny runtime for tokio's signal handling,
/// already a dependency of xtask).
fn ctrlc_channel(tx: std::sync::mpsc::Sender<()>) -> Result<()> {
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build();
        if let Ok(runtime) = runtime {
            runtime.block_on(async {
                let _ = tokio::signal::ctrl_c().await;
            });
        }
        let _ = tx.send(());
    });
    Ok(())
}

/// Installs Debian's PostgreSQL server when it is missing (setup step).
pub fn install() -> Result<bool> {
    if bin_dir().is_some() {
        return Ok(false);
    }
    println!("setup: installing Debian's postgresql (the sync server's tests use a real one)");
    let prefix: &[&str] = if is_root() { &[] } else { &["sudo"] };
    let apt = |args: &[&str]| {
        let mut all: Vec<&str> = prefix.to_vec();
        all.push("apt-get");
        all.extend_from_slice(args);
        let mut cmd = env::command(all[0]);
        cmd.args(&all[1..]).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    if apt(&["install", "-y", "-qq", "postgresql", "postgresql-client"])
        .run("apt-get install postgresql")
        .is_err()
    {
        apt(&["update", "-qq"]).run("apt-get update")?;
        apt(&["install", "-y", "-qq", "postgresql", "postgresql-client"])
            .run("apt-get install postgresql")?;
    }
    if bin_dir().is_none() {
        bail!("postgresql installed, but {DEBIAN_PG}/*/bin/pg_ctl is still missing");
    }
    Ok(true)
}
