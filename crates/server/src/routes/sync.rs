//! Sync: `POST /api/v1/sync/push` and `GET /api/v1/sync/pull`.
//!
//! A push is read as JSON first so that an unknown `protocol` gets the
//! 400 that says which protocols this server speaks, whatever else the
//! body holds; then as core's `PushRequest`. The whole batch is applied
//! in one transaction by the store (`store::sync_tx::push`, deciding with
//! core's `hub::plan_push`): a refused mutation stores nothing.
//!
//! A pull hands out the stored bodies as they are (core `Change` JSON),
//! so a page of 1,000 records is one query and a string join. The cursor
//! is opaque to clients: `c1.<change number>` in base64url.

use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Json, body::Body};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ilgi_core::sync::Mutation;
use ilgi_core::sync::protocol::{
    ErrorBody, PullResponse, PushRequest, PushResponse, check_protocol,
};
use serde::Deserialize;
use serde_json::Value;
use utoipa::IntoParams;

use crate::auth::Principal;
use crate::routes::openapi::{INTERNAL, NOT_JSON, UNAUTHORIZED};
use crate::store::sync_tx::PushFailure;
use crate::{ApiJson, AppError, AppState, blocking};

/// At most this many mutations in one push.
pub const MAX_MUTATIONS: usize = 1_000;
/// Changes per pull page when the client does not say.
pub const DEFAULT_LIMIT: usize = 1_000;
/// The most changes a pull page may ask for.
pub const MAX_LIMIT: usize = 2_000;

/// Applies a batch of mutations; answers the client's high-water mark.
#[utoipa::path(
    post,
    path = "/api/v1/sync/push",
    tag = "sync",
    summary = "Push a batch of local mutations (admins and agents)",
    description = "The batch is applied in one transaction: a refused mutation stores nothing. \
        Mutations at or below the client's high-water mark are replays and skipped. The answer \
        is the new high-water mark: the client drops its outbox up to it. At most 1,000 \
        mutations per push.",
    security(("bearer" = [])),
    request_body = PushRequest,
    responses(
        (status = 200, description = "Applied (or already applied): the client's high-water \
            mark.", body = PushResponse),
        (status = 400, description = "`invalid_json`: the body is not JSON; \
            `unsupported_protocol`: the push names no protocol or one this server does not \
            speak (the message lists the ones it does).", body = ErrorBody),
        (status = 401, description = UNAUTHORIZED, body = ErrorBody),
        (status = 403, description = "`forbidden`: a viewer may read the workspace but not \
            change it.", body = ErrorBody),
        (status = 409, description = "`client_prefix_taken`: another device of the workspace \
            numbers its cases with this client id's prefix; make a new client id and push \
            again.", body = ErrorBody),
        (status = 413, description = "`too_large`: the body is over the server's limit (4 MiB \
            by default); `too_many_mutations`: more than 1,000 mutations.", body = ErrorBody),
        (status = 415, description = NOT_JSON, body = ErrorBody),
        (status = 422, description = "Refused, nothing stored. `invalid_body`: the JSON is not \
            a push; `unknown_entity` (`field`: `entity`): an entity this server does not know; \
            `invalid_value` (`seq`, `field`): a mutation's field is unknown or its value not \
            valid; `seq_order` (`seq`): sequence numbers do not increase; `clock_ahead` \
            (`seq`): a stamp is more than a minute ahead of the server's clock.",
            body = ErrorBody),
        (status = 500, description = INTERNAL, body = ErrorBody),
    )
)]
pub async fn push(
    State(state): State<AppState>,
    principal: Principal,
    body: Result<ApiJson<Value>, AppError>,
) -> Result<Json<PushResponse>, AppError> {
    if !principal.role.writes() {
        return Err(AppError::forbidden(
            "a viewer of the workspace can read it but not change it",
        ));
    }
    let ApiJson(body) = body?;
    let protocol = body
        .get("protocol")
        .and_then(Value::as_u64)
        .ok_or_else(|| {
            AppError::new(
                StatusCode::BAD_REQUEST,
                "unsupported_protocol",
                "the push names no protocol; this server speaks protocol 1",
            )
        })?;
    if let Err(e) = check_protocol(u32::try_from(protocol).unwrap_or(u32::MAX)) {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "unsupported_protocol",
            e.error.message,
        ));
    }
    let request: PushRequest = serde_json::from_value(body).map_err(|e| {
        let message = e.to_string();
        if message.contains("unknown variant") && message.contains("customer") {
            AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "unknown_entity", message)
                .with_field("entity")
        } else {
            AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", message)
        }
    })?;
    if request.mutations.len() > MAX_MUTATIONS {
        return Err(AppError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_mutations",
            format!(
                "a push carries at most {MAX_MUTATIONS} mutations, this one {}",
                request.mutations.len()
            ),
        ));
    }
    let client = request.client_id;
    let mutations: Vec<Mutation> = request
        .mutations
        .into_iter()
        .map(|m| m.into_mutation(client))
        .collect();
    let now = state.clock.now();
    let store = state.store.clone();
    let (workspace, user) = (principal.workspace_id, principal.user_id);
    let count = mutations.len();
    let acked = blocking(move || {
        store
            .push(workspace, user, client, &mutations, now)
            .map_err(push_error)
    })
    .await?;
    tracing::info!(mutations = count, acked, "push applied");
    Ok(Json(PushResponse { acked }))
}

fn push_error(failure: PushFailure) -> AppError {
    match failure {
        PushFailure::Refused(refused) => match refused.answer() {
            Some((_, body)) => {
                let error = AppError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    code_of(&body.error.code),
                    body.error.message,
                );
                let error = match body.error.field {
                    Some(field) => error.with_field(&field),
                    None => error,
                };
                match body.error.seq {
                    Some(seq) => error.with_seq(seq),
                    None => error,
                }
            }
            None => AppError::internal(refused.to_string()),
        },
        PushFailure::PrefixTaken(prefix) => AppError::new(
            StatusCode::CONFLICT,
            "client_prefix_taken",
            format!(
                "another device of this workspace numbers its cases K-{prefix}-…; make a new client id and push again"
            ),
        ),
        PushFailure::Store(e) => e.into(),
    }
}

/// The static code of a refusal (`AppError` codes are `&'static str`).
fn code_of(code: &str) -> &'static str {
    match code {
        "seq_order" => "seq_order",
        "clock_ahead" => "clock_ahead",
        _ => "invalid_value",
    }
}

/// `GET /api/v1/sync/pull` query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PullQuery {
    /// The `cursor` of the previous page; empty or absent: from the start.
    #[serde(default)]
    #[param(required = false)]
    cursor: String,
    /// Changes per page, 1 to 2,000 (default 1,000).
    #[param(minimum = 1, maximum = 2000)]
    limit: Option<usize>,
}

/// A page of the records changed since the cursor.
#[utoipa::path(
    get,
    path = "/api/v1/sync/pull",
    tag = "sync",
    summary = "Pull a page of the records changed since a cursor (any role)",
    description = "Each change is a record's merged state with the stamp of every path, \
        tombstones included. Pull again with the answer's `cursor` while `more` is true.",
    security(("bearer" = [])),
    params(PullQuery),
    responses(
        (status = 200, description = "A page of changes, oldest change first.",
            body = PullResponse),
        (status = 400, description = "`bad_cursor` (`field`: `cursor`): not a cursor this \
            server handed out, pull again from the start; `invalid_limit` (`field`: `limit`): \
            not between 1 and 2,000; `invalid_query`: the query string does not read.",
            body = ErrorBody),
        (status = 401, description = UNAUTHORIZED, body = ErrorBody),
        (status = 500, description = INTERNAL, body = ErrorBody),
    )
)]
pub async fn pull(
    State(state): State<AppState>,
    principal: Principal,
    query: Result<Query<PullQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let Query(query) = query
        .map_err(|e| AppError::new(StatusCode::BAD_REQUEST, "invalid_query", e.body_text()))?;
    let after = decode_cursor(&query.cursor)?;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "invalid_limit",
            format!("limit must be between 1 and {MAX_LIMIT}"),
        )
        .with_field("limit"));
    }
    let workspace = principal.workspace_id;
    let page = state
        .store(move |store| store.pull(workspace, after, limit))
        .await?;
    let mut json = String::with_capacity(64 + page.bodies.iter().map(String::len).sum::<usize>());
    json.push_str("{\"changes\":[");
    json.push_str(&page.bodies.join(","));
    json.push_str("],\"cursor\":\"");
    json.push_str(&encode_cursor(page.last));
    json.push_str("\",\"more\":");
    json.push_str(if page.more { "true" } else { "false" });
    json.push_str(",\"remaining\":");
    json.push_str(&page.remaining.to_string());
    json.push('}');
    let mut response = Response::new(Body::from(json));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(response.into_response())
}

/// The cursor after change number `n`.
pub fn encode_cursor(n: u64) -> String {
    URL_SAFE_NO_PAD.encode(format!("c1.{n}"))
}

/// The change number a cursor stands for (0 for the empty cursor).
///
/// # Errors
///
/// 400 `bad_cursor` for anything this server did not hand out.
pub fn decode_cursor(cursor: &str) -> Result<u64, AppError> {
    if cursor.is_empty() {
        return Ok(0);
    }
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.strip_prefix("c1.")?.parse().ok())
        .ok_or_else(|| {
            AppError::new(
                StatusCode::BAD_REQUEST,
                "bad_cursor",
                "this cursor was not handed out by this server; pull again from the start",
            )
            .with_field("cursor")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_read_back_and_anything_else_is_refused() {
        for n in [0, 1, 42, u64::MAX] {
            assert_eq!(decode_cursor(&encode_cursor(n)).unwrap(), n);
        }
        assert_eq!(decode_cursor("").unwrap(), 0);
        for bad in ["42", "c1.5", "!!", &URL_SAFE_NO_PAD.encode("c2.5")] {
            let e = decode_cursor(bad).unwrap_err();
            assert_eq!((e.status, e.code), (StatusCode::BAD_REQUEST, "bad_cursor"));
        }
    }
}
