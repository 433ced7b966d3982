//! `ilgi-server`: the optional sync server of ilgi (accounts, workspaces and,
//! on top of them, the sync routes), and the static host of the built app.
//!
//! The key design choice: **the server keeps no state outside its database.**
//! Sessions, invitations, login rate-limit counters and (later) sync cursors
//! are rows, so any number of instances can answer any request. The storage
//! is one synchronous, object-safe trait ([`store::Store`]) that handlers
//! call on tokio's blocking pool ([`AppState::store`]): SQLite is synchronous
//! anyway, and one trait over a synchronous API keeps a second backend
//! (PostgreSQL) a matter of one more implementation.
//!
//! [`app`] builds the whole HTTP surface from an [`AppState`] without binding
//! a socket, so the integration tests drive it with `tower::ServiceExt::oneshot`.
//!
//! The API is described by an OpenAPI 3 document, served at
//! `GET /api/v1/openapi.json` ([`routes::openapi`]) and committed as
//! `crates/server/openapi.json`. A test fails when the two differ; after a
//! deliberate change of the API, regenerate the file with
//! `ILGI_BLESS=1 cargo test -p ilgi-server --test api openapi` and commit
//! it.

pub mod auth;
pub mod clock;
pub mod config;
pub mod error;
pub mod rate_limit;
pub mod routes;
pub mod secrets;
pub mod static_files;
pub mod store;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, MatchedPath};
use axum::http::{Request, Response, StatusCode};
use tower_http::cors::{AllowHeaders, AllowMethods, AllowOrigin, CorsLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tracing::Span;

pub use clock::Clock;
pub use config::Config;
pub use error::{ApiJson, AppError};
use secrets::Passwords;
use store::{Store, StoreError};

/// Everything a request handler may use. Cheap to clone (all shared).
#[derive(Clone)]
pub struct AppState {
    /// The database, behind the backend-neutral trait.
    pub store: Arc<dyn Store>,
    pub config: Arc<Config>,
    /// "Now" for expiries and rate-limit windows; tests move it by hand.
    pub clock: Clock,
    /// Argon2id with the configured cost (and the dummy hash that unknown
    /// emails are checked against).
    pub passwords: Arc<Passwords>,
}

impl AppState {
    /// The state for `store` and `config`.
    ///
    /// # Errors
    ///
    /// The configured password cost is not valid for Argon2.
    pub fn new(store: Arc<dyn Store>, config: Config, clock: Clock) -> Result<AppState, AppError> {
        let passwords = Passwords::new(config.password_cost)
            .map_err(|e| AppError::internal(format!("password hashing setup: {e}")))?;
        Ok(AppState {
            store,
            config: Arc::new(config),
            clock,
            passwords: Arc::new(passwords),
        })
    }

    /// Runs `f` with the store on tokio's blocking pool: every storage call
    /// blocks (SQLite's I/O, a lock, later a PostgreSQL round trip) and must
    /// not hold up the async workers.
    ///
    /// # Errors
    ///
    /// The store's error as an [`AppError`], or a 500 if `f` panicked.
    pub async fn store<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&dyn Store) -> Result<T, StoreError> + Send + 'static,
        T: Send + 'static,
    {
        let store = Arc::clone(&self.store);
        blocking(move || f(store.as_ref()).map_err(AppError::from)).await
    }
}

/// Runs CPU-heavy or blocking work (password hashing, storage) on tokio's
/// blocking pool, inside the caller's tracing span and subscriber, so what
/// it logs is tied to its request.
///
/// # Errors
///
/// `f`'s error, or a 500 if it panicked.
pub async fn blocking<T, F>(f: F) -> Result<T, AppError>
where
    F: FnOnce() -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    let span = Span::current();
    let dispatch = tracing::dispatcher::get_default(Clone::clone);
    tokio::task::spawn_blocking(move || {
        tracing::dispatcher::with_default(&dispatch, || span.in_scope(f))
    })
    .await
    .map_err(|e| AppError::internal(format!("blocking task failed: {e}")))?
}

/// The whole HTTP surface: the JSON API under `/api/`, and the built app
/// from `config.dist` (if given) for every other path.
pub fn app(state: AppState) -> Router {
    let config = Arc::clone(&state.config);
    let router = routes::api()
        .with_state(state)
        .fallback_service(static_files::service(config.dist.as_deref()));
    let router = match cors(&config) {
        Some(cors) => router.layer(cors),
        None => router,
    };
    router
        .layer(DefaultBodyLimit::max(config.body_limit))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            config.request_timeout,
        ))
        .layer(request_tracing())
}

/// Cross-origin access only for the origins given with `--allow-origin`:
/// without any, the browser's same-origin rule applies (no CORS headers).
fn cors(config: &Config) -> Option<CorsLayer> {
    if config.allow_origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(config.allow_origins.iter().cloned()))
            .allow_methods(AllowMethods::list([
                axum::http::Method::GET,
                axum::http::Method::POST,
            ]))
            .allow_headers(AllowHeaders::list([
                axum::http::header::AUTHORIZATION,
                axum::http::header::CONTENT_TYPE,
            ]))
            .max_age(Duration::from_secs(600)),
    )
}

/// One span per request with the method and the *route* (`/api/v1/me`,
/// never the raw URI: a query string could carry a secret), then a line
/// with the status and the latency. Headers and bodies are never recorded;
/// the bearer token and passwords live only there. `user_id` is filled in
/// by the [`auth::Principal`] extractor.
#[allow(clippy::type_complexity)]
fn request_tracing() -> TraceLayer<
    tower_http::classify::SharedClassifier<tower_http::classify::ServerErrorsAsFailures>,
    fn(&Request<Body>) -> Span,
    (),
    fn(&Response<Body>, Duration, &Span),
> {
    fn make_span(request: &Request<Body>) -> Span {
        let route = request
            .extensions()
            .get::<MatchedPath>()
            .map_or("(static)", MatchedPath::as_str);
        tracing::info_span!(
            "request",
            method = %request.method(),
            route = %route,
            user_id = tracing::field::Empty,
        )
    }
    fn on_response(response: &Response<Body>, latency: Duration, _span: &Span) {
        tracing::info!(
            status = response.status().as_u16(),
            latency_ms = %format_args!("{:.3}", latency.as_secs_f64() * 1000.0),
            "answered"
        );
    }
    TraceLayer::new_for_http()
        .make_span_with(make_span as fn(&Request<Body>) -> Span)
        .on_request(())
        .on_response(on_response as fn(&Response<Body>, Duration, &Span))
}
