//! The built app (`--dist DIR`) for every path outside `/api/`.
//!
//! Files are served as they are, with content types from their extensions
//! (`.wasm` as `application/wasm`, the web manifest as
//! `application/manifest+json`). A path that is no file and has no
//! extension gets `index.html`, so deep links such as `/customers` work on
//! reload (the app routes in the browser); a missing file with an
//! extension is a plain 404, never the app. Nothing is cached by HTTP
//! (`Cache-Control: no-cache`): the service worker does the caching, and
//! `sw.js` must always be fresh. Moved from `xtask serve`, unchanged in
//! behaviour.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{HeaderValue, Request, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower_http::services::ServeDir;

use crate::AppError;

/// What answers the paths no API route takes: the files of `dist`, or a
/// JSON 404 when the server was started without `--dist`.
pub fn service(dist: Option<&Path>) -> Router {
    match dist {
        Some(dir) => files(Arc::new(dir.to_path_buf())),
        None => Router::new().fallback(|| async {
            AppError::not_found("this server has no app to serve (start it with --dist DIR)")
        }),
    }
}

fn files(dir: Arc<PathBuf>) -> Router {
    let index_dir = Arc::clone(&dir);
    let spa_fallback = move |uri: Uri| {
        let dir = Arc::clone(&index_dir);
        async move { app_shell(&dir, &uri).await }
    };
    let files = ServeDir::new(dir.as_ref()).fallback(spa_fallback.into_service());
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(no_http_cache))
}

/// `index.html` for an extension-less path; 404 for a missing file.
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
        Err(e) => AppError::internal(format!("index.html unreadable: {e}")).into_response(),
    }
}

async fn no_http_cache(request: Request<Body>, next: Next) -> Response {
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
