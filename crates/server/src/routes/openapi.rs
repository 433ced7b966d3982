//! `GET /api/v1/openapi.json`: the OpenAPI 3 document of this API.
//!
//! The document is generated with `utoipa` from the handlers'
//! `#[utoipa::path]` attributes (in each route's file, next to the code
//! whose answers they describe) and from core's wire types, whose schemas
//! come from core's `openapi` feature. [`ApiDoc`] lists the operations;
//! [`document`] is the JSON served, built once.
//!
//! The same JSON is committed as `crates/server/openapi.json`, so a change
//! of the API shows in review and clients can be generated without running
//! the server. The test `openapi` of the `api` test binary fails when the
//! committed file differs from what the server serves; after a deliberate
//! change of the API, rewrite the file with
//!
//! ```text
//! ILGI_BLESS=1 cargo test -p ilgi-server --test api openapi
//! ```
//!
//! (no database needed) and commit it. When you add a route, give its
//! handler a `#[utoipa::path]` with every status it can answer and list it
//! in [`ApiDoc`]: the test also checks that every route of
//! `routes/mod.rs` is in the document.

use std::sync::OnceLock;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use ilgi_core::sync::protocol::ErrorBody;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{auth, health, invitations, sync};

/// The name of the bearer-token security scheme in the document.
pub const BEARER: &str = "bearer";

// Error answers shared by several operations. Each names the `error.code`s
// the server sends with that status.

/// 400 of an operation that reads a JSON body.
pub const BAD_JSON: &str = "`invalid_json`: the body is not JSON.";
/// 401 of an operation that needs a session.
pub const UNAUTHORIZED: &str = "`unauthorized`: no valid session token (missing, malformed, \
     unknown, expired or signed out); answered with `WWW-Authenticate: Bearer`.";
/// 413 of an operation that reads a JSON body.
pub const TOO_LARGE: &str = "`too_large`: the body is over the server's limit (4 MiB by default).";
/// 415 of an operation that reads a JSON body.
pub const NOT_JSON: &str =
    "`unsupported_media_type`: the body was not sent as `Content-Type: application/json`.";
/// 422 of a body of the wrong shape.
pub const INVALID_BODY: &str = "`invalid_body`: the JSON does not have the request's \
     shape (a field missing, unknown or of the wrong type).";
/// 429 of the operations that check a password or an invitation code.
pub const RATE_LIMITED: &str = "`rate_limited`: too many failed attempts from this address (or \
     for this email) in the current window; try again after `Retry-After` seconds.";
/// 500 of every operation that uses the database.
pub const INTERNAL: &str =
    "`internal`: something went wrong on the server; the cause is in its log, never in the body.";

/// The OpenAPI document of `/api/v1`.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "ilgi sync server API",
        version = "1",
        description = "Accounts, workspaces and multi-device sync of ilgi (issue 11, contract v1).\n\n\
            Every error is a JSON `ErrorBody`: `{\"error\": {\"code\", \"message\"[, \"field\", \
            \"seq\"]}}`, where `code` is stable for programs and `message` an English sentence; \
            `field` names the request field a 4xx is about and `seq` the pushed mutation. Besides \
            the statuses listed per operation, any `/api/` path that is not an operation answers \
            404 `not_found`, a known path with another method 405 `method_not_allowed`, and a \
            request that takes longer than the server's timeout (30 s by default) 408 with no \
            body. Every answer carries `Cache-Control: no-store`.\n\n\
            Operations marked with the `bearer` scheme need `Authorization: Bearer <token>`, the \
            session token that sign-up, login and accepting an invitation hand out."
    ),
    paths(
        health::health,
        serve,
        auth::signup,
        auth::login,
        auth::logout,
        auth::logout_all,
        auth::accept,
        auth::me,
        invitations::create,
        sync::push,
        sync::pull,
    ),
    components(schemas(ErrorBody)),
    modifiers(&BearerScheme),
    tags(
        (name = "server", description = "Health and this document."),
        (name = "accounts", description = "Sign-up, login, sessions and the signed-in account."),
        (name = "invitations", description = "Admins invite people into their workspace."),
        (name = "sync", description = "Push local mutations, pull merged changes."),
    )
)]
pub struct ApiDoc;

/// Adds the bearer-token scheme the operations' `security` names.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A session token (`ilgi_…`) from sign-up, login or accepting an \
                         invitation. It lasts 30 days unless signed out.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The document as served and committed: pretty JSON and a final newline.
pub fn document() -> &'static str {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let mut json = ApiDoc::openapi()
            .to_pretty_json()
            .expect("an OpenAPI document always serialises");
        json.push('\n');
        json
    })
}

/// This document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    operation_id = "openapi",
    tag = "server",
    summary = "This API's OpenAPI 3 document",
    responses(
        (status = 200, description = "The OpenAPI 3.1 document of `/api/v1` (this JSON).",
            body = Object, content_type = "application/json"),
    )
)]
pub async fn serve() -> Response {
    let mut response = document().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
