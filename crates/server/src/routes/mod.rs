//! The JSON API (`/api/v1/…`): which path goes to which handler.
//!
//! Any other path under `/api/` is a JSON 404 and a known path with the
//! wrong method a JSON 405: the app's static files (and its SPA fallback)
//! never answer under `/api/`, so a typo in the client shows as an API
//! error, not as `index.html`.
//!
//! Every route here is described in the OpenAPI document
//! (`GET /api/v1/openapi.json`, [`openapi`]): a new one needs a
//! `#[utoipa::path]` on its handler and a line in [`openapi::ApiDoc`].

pub mod auth;
pub mod health;
pub mod invitations;
pub mod openapi;
pub mod sync;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use axum::routing::{any, get, post};

use crate::AppState;
use crate::error::{api_not_found, method_not_allowed};

/// Every API route, with the state they need still to be given.
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/api/v1/health", get(health::health))
        .route("/api/v1/openapi.json", get(openapi::serve))
        .route("/api/v1/auth/signup", post(auth::signup))
        .route("/api/v1/auth/login", post(auth::login))
        .route("/api/v1/auth/logout", post(auth::logout))
        .route("/api/v1/auth/logout-all", post(auth::logout_all))
        .route("/api/v1/auth/accept", post(auth::accept))
        .route("/api/v1/me", get(auth::me))
        .route("/api/v1/invitations", post(invitations::create))
        .route("/api/v1/sync/push", post(sync::push))
        .route("/api/v1/sync/pull", get(sync::pull))
        .method_not_allowed_fallback(method_not_allowed)
        .route("/api", any(api_not_found))
        .route("/api/", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
        .layer(axum::middleware::map_response(no_store))
}

/// Answers carry tokens and workspace data: no cache may keep them.
async fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
