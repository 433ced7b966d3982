//! The one error type of the API and the JSON body extractor.
//!
//! Every failure becomes `{"error": {"code", "message"[, "field", "seq"]}}`
//! (core's [`ErrorBody`], so the app reads exactly what is written here).
//! `code` is stable, for programs; `message` is an English sentence. A 5xx
//! says only "something went wrong" and logs its cause; 4xx messages never
//! echo a password, token or code back into a log. axum's own rejections
//! (bad JSON, body too large, unknown route, wrong method) are plain text,
//! so they are mapped here too.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ilgi_core::sync::protocol::{ErrorBody, ErrorDetail};
use serde::de::DeserializeOwned;

use crate::store::StoreError;

/// An API failure: the status and the body to answer with. The details
/// are boxed so that `Result<T, AppError>` stays small on the happy path.
#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub code: &'static str,
    detail: Box<Detail>,
}

#[derive(Debug)]
struct Detail {
    message: String,
    /// The request field a 422 is about.
    field: Option<String>,
    /// The pushed mutation a 422 is about.
    seq: Option<u64>,
    /// Seconds, for a 429.
    retry_after: Option<u64>,
    /// What went wrong inside, for the log of a 5xx (never sent).
    cause: Option<String>,
}

impl AppError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> AppError {
        AppError {
            status,
            code,
            detail: Box::new(Detail {
                message: message.into(),
                field: None,
                seq: None,
                retry_after: None,
                cause: None,
            }),
        }
    }

    /// Names the request field the error is about.
    #[must_use]
    pub fn with_field(mut self, field: &str) -> AppError {
        self.detail.field = Some(field.to_string());
        self
    }

    /// Names the pushed mutation (by its seq) the error is about.
    #[must_use]
    pub fn with_seq(mut self, seq: u64) -> AppError {
        self.detail.seq = Some(seq);
        self
    }

    /// The sentence for people.
    pub fn message(&self) -> &str {
        &self.detail.message
    }

    /// The field named, if any.
    pub fn field(&self) -> Option<&str> {
        self.detail.field.as_deref()
    }

    /// 422 `invalid_value` naming the field.
    pub fn invalid(field: &str, message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_value", message).with_field(field)
    }

    /// 401 `unauthorized`: no valid session token (`WWW-Authenticate` is
    /// added).
    pub fn unauthorized() -> AppError {
        AppError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "sign in first: this needs a valid session token (Authorization: Bearer …)",
        )
    }

    /// 403 `forbidden`.
    pub fn forbidden(message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// 404 `not_found`.
    pub fn not_found(message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 429 `rate_limited` with `Retry-After: seconds`.
    pub fn rate_limited(seconds: u64) -> AppError {
        let mut e = AppError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("too many failed attempts; try again in {seconds} seconds"),
        );
        e.detail.retry_after = Some(seconds);
        e
    }

    /// 500: the cause goes to the log, the client learns nothing more.
    pub fn internal(cause: impl Into<String>) -> AppError {
        let mut e = AppError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "something went wrong",
        );
        e.detail.cause = Some(cause.into());
        e
    }

    /// The body this error is answered with.
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.detail.message.clone(),
                field: self.detail.field.clone(),
                seq: self.detail.seq,
            },
        }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.detail.message
        )
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            tracing::error!(
                code = self.code,
                cause = self.detail.cause.as_deref().unwrap_or(""),
                "request failed"
            );
        }
        let mut response = (self.status, Json(self.body())).into_response();
        let headers = response.headers_mut();
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(seconds) = self.detail.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::EmailTaken => AppError::new(
                StatusCode::CONFLICT,
                "email_taken",
                "an account with this email address already exists",
            )
            .with_field("email"),
            StoreError::InvitationUnknown => AppError::new(
                StatusCode::NOT_FOUND,
                "invitation_not_found",
                "no invitation has this code",
            ),
            StoreError::InvitationUsed => AppError::new(
                StatusCode::GONE,
                "invitation_used",
                "this invitation has already been accepted",
            ),
            StoreError::InvitationExpired => AppError::new(
                StatusCode::GONE,
                "invitation_expired",
                "this invitation has expired; ask for a new one",
            ),
            StoreError::Backend { .. } => AppError::internal(e.to_string()),
        }
    }
}

/// `Json<T>` whose rejections are [`AppError`]s: malformed JSON → 400
/// `invalid_json`, the wrong shape → 422 `invalid_body`, over the body
/// limit → 413 `too_large`, no JSON content type → 415.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<ApiJson<T>, AppError> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(rejection.into()),
        }
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> AppError {
        match rejection {
            JsonRejection::JsonSyntaxError(e) => {
                AppError::new(StatusCode::BAD_REQUEST, "invalid_json", e.body_text())
            }
            JsonRejection::JsonDataError(e) => AppError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_body",
                e.body_text(),
            ),
            JsonRejection::MissingJsonContentType(_) => AppError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as JSON, with Content-Type: application/json",
            ),
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => too_large(),
            other => AppError::new(other.status(), "bad_request", other.body_text()),
        }
    }
}

fn too_large() -> AppError {
    AppError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        "the request body is larger than this server accepts",
    )
}

/// Fallback of `/api/…` paths no route matches: a JSON 404, never the app.
pub async fn api_not_found() -> AppError {
    AppError::not_found("no such API route")
}

/// A known `/api/…` route called with a method it does not take.
pub async fn method_not_allowed() -> AppError {
    AppError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this route does not take that method",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_has_code_and_message_and_only_the_extras_that_apply() {
        let body = serde_json::to_value(AppError::invalid("password", "too short").body()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"error": {"code": "invalid_value", "message": "too short", "field": "password"}})
        );
        let plain = serde_json::to_value(AppError::not_found("gone").body()).unwrap();
        assert_eq!(
            plain,
            serde_json::json!({"error": {"code": "not_found", "message": "gone"}})
        );
    }

    #[test]
    fn a_server_error_keeps_its_cause_out_of_the_body() {
        let e = AppError::internal("disk I/O error at /var/lib/ilgi");
        let text = serde_json::to_string(&e.body()).unwrap();
        assert!(!text.contains("disk"), "{text}");
        let response = e.into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn an_error_stays_small() {
        assert!(std::mem::size_of::<AppError>() <= 32);
    }

    #[test]
    fn headers_follow_the_status() {
        let r = AppError::unauthorized().into_response();
        assert_eq!(r.headers()[header::WWW_AUTHENTICATE], "Bearer");
        let r = AppError::rate_limited(42).into_response();
        assert_eq!(r.headers()[header::RETRY_AFTER], "42");
    }
}
