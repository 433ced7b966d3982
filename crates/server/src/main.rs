//! `ilgi-server`: serves the sync API and, with `--dist`, the built app.
//!
//! ```text
//! ilgi-server [--addr 127.0.0.1:8080] [--database sqlite://./data/ilgi.db | postgres://…]
//!             [--dist dist] [--allow-origin https://crm.example.com]… [--pool 4]
//! ```
//!
//! Logs go to stderr (`RUST_LOG`, default `info`); stdout gets one line,
//! `ilgi is being served at http://ADDR/ (Ctrl-C stops it)`, which the
//! end-to-end tests read to learn the port. Ctrl-C or SIGTERM stops taking
//! connections and lets running requests finish.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use clap::Parser;
use ilgi_server::config::{DEFAULT_DATABASE, DatabaseUrl, parse_origin};
use ilgi_server::store::Store;
use ilgi_server::store::postgres::PostgresStore;
use ilgi_server::store::sqlite::SqliteStore;
use ilgi_server::{AppState, Clock, Config, app};
use tracing_subscriber::EnvFilter;

#[derive(Debug, Parser)]
#[command(name = "ilgi-server", version, about = "ilgi sync server")]
struct Cli {
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Where the data lives: sqlite://PATH (the file and its folder are
    /// created on first start) or postgres://USER@HOST:PORT/DATABASE (the
    /// schema is created on first start; several servers may share it).
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE, value_parser = DatabaseUrl::parse)]
    database: DatabaseUrl,
    /// The built app to serve for every path outside /api/ (e.g. dist).
    #[arg(long)]
    dist: Option<PathBuf>,
    /// An origin allowed to call the API from another site (CORS);
    /// repeatable. Without it only the same origin can.
    #[arg(long = "allow-origin", value_parser = parse_origin)]
    allow_origins: Vec<axum::http::HeaderValue>,
    /// Read connections to keep open to the database.
    #[arg(long, default_value_t = 4)]
    pool: u32,
}

fn main() {
    if let Err(e) = run() {
        eprintln!("ilgi-server: error: {e:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        // Colours only for a person at a terminal, not in files or CI logs.
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    if let Some(dist) = &cli.dist
        && !dist.join("index.html").is_file()
    {
        bail!(
            "{} has no index.html; build the app first (cargo xtask build)",
            dist.display()
        );
    }
    let store: Arc<dyn Store> = match &cli.database {
        DatabaseUrl::Sqlite(path) => {
            let store = SqliteStore::open(path, cli.pool)
                .with_context(|| format!("opening the database {}", path.display()))?;
            tracing::info!(database = %path.display(), "SQLite database ready");
            Arc::new(store)
        }
        DatabaseUrl::Postgres(url) => {
            // The URL may hold a password: it is never logged.
            let store = PostgresStore::open(url, None, cli.pool.max(2))
                .context("connecting to PostgreSQL")?;
            tracing::info!("PostgreSQL database ready");
            Arc::new(store)
        }
    };
    let config = Config {
        dist: cli.dist,
        allow_origins: cli.allow_origins,
        ..Config::default()
    };
    let state = AppState::new(Arc::clone(&store), config, Clock::system())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let served = runtime.block_on(serve(cli.addr, state));
    // The store is dropped here, outside the runtime: the PostgreSQL
    // client closes its connections by blocking, which async code may not.
    drop(runtime);
    drop(store);
    served
}

async fn serve(addr: SocketAddr, state: AppState) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr} (is the port in use?)"))?;
    let local = listener.local_addr()?;
    // The e2e tests read this exact line to learn the port.
    println!("ilgi is being served at http://{local}/ (Ctrl-C stops it)");
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("server failed")?;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM (what `docker stop` and systemd
/// send).
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(cause = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut sigterm) => {
                sigterm.recv().await;
            }
            Err(e) => {
                tracing::error!(cause = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("stopping: finishing running requests");
}
