//! A static file server for the built app, bound to 127.0.0.1.
//!
//! Files are served as they are with their proper content types (the web
//! manifest as `application/manifest+json`, wasm as `application/wasm`). Any
//! path that is not a file and has no extension gets `index.html`, so deep links
//! such as `/customers` work on reload. Nothing is cached by HTTP: the service
//! worker does the caching, and `sw.js` must always be fresh.
//!
//! Only `cargo xtask serve-dist` uses this now (the end-to-end tests);
//! `cargo xtask serve` runs `ilgi-server`, whose `static_files` module does
//! the same job. This file goes when the e2e tests move to the server.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use axum::Router;
use axum::body::Body;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{HeaderValue, Request, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower_http::services::ServeDir;

pub fn run(dir: &Path, port: u16) -> Result<()> {
    if !dir.join("index.html").is_file() {
        bail!(
            "{} has no index.html; build first with `cargo xtask build`",
            dir.display()
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(serve(dir.to_path_buf(), port))
}

async fn serve(dir: PathBuf, port: u16) -> Result<()> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr} (is the port in use?)"))?;
    let local = listener.local_addr()?;
    // The e2e tests read this exact line to learn the port.
    println!("ilgi is being served at http://{local}/ (Ctrl-C stops it)");

    let app = router(Arc::new(dir));
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("server failed")?;
    println!("server stopped");
    Ok(())
}

fn router(dir: Arc<PathBuf>) -> Router {
    let index_dir = dir.clone();
    let spa_fallback = move |uri: Uri| {
        let dir = index_dir.clone();
        async move { app_shell(&dir, &uri).await }
    };
    let files = ServeDir::new(dir.as_ref()).fallback(spa_fallback.into_service());
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(no_http_cache))
}

async fn app_shell(dir: &Path, uri: &Uri) -> Response {
    let last = uri.path().rsplit('/').next().unwrap_or("");
    if last.contains('.') {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    match tokio::fs::read(dir.join("index.html")).await {
        Ok(body) => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            Body::from(body),
        )
            .into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("index.html unreadable: {e}"),
        )
            .into_response(),
    }
}

async fn no_http_cache(request: Request<Body>, next: Next) -> Response {
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
