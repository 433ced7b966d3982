//! The sync server's HTTP API (`/api/v1`), one function per route, over
//! `gloo-net` (fetch). Types come from core (`ilgi_core::sync::protocol`);
//! a failure keeps the status, the error body and `Retry-After`, and core
//! (`engine::Outcome::of_status`) says what it means.

use gloo_net::http::{Request, RequestBuilder, Response};
use ilgi_core::sync::engine::Outcome;
use ilgi_core::sync::protocol::{
    AcceptRequest, ErrorBody, InviteRequest, InviteResponse, LoginRequest, MeResponse,
    PullResponse, PushRequest, PushResponse, SignupRequest, SignupResponse, TokenResponse,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A request that did not succeed: status 0 when no answer came.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub body: Option<ErrorBody>,
    pub retry_after_s: Option<u64>,
    /// The browser's words when no answer came.
    pub detail: String,
}

impl ApiError {
    /// What the sync loop does about it.
    pub fn outcome(&self) -> Outcome {
        Outcome::of_status(self.status, self.body.as_ref(), self.retry_after_s)
    }

    /// The server's error code (`""` when it sent none).
    pub fn code(&self) -> &str {
        self.body.as_ref().map_or("", |b| b.error.code.as_str())
    }

    /// The server's message, or the browser's words.
    pub fn message(&self) -> String {
        match &self.body {
            Some(b) => b.error.message.clone(),
            None if self.status == 0 => self.detail.clone(),
            None => format!("HTTP {}", self.status),
        }
    }

    /// The translation key of the message a person sees.
    pub fn key(&self) -> &'static str {
        match (self.status, self.code()) {
            (0, _) => "sync-error-network",
            (401, _) => "sync-error-unauthorized",
            (429, _) => "sync-error-rate-limited",
            (_, "email_taken") => "sync-error-email-taken",
            (_, "invitation_not_found") => "sync-error-invitation-not-found",
            (_, "invitation_used") => "sync-error-invitation-used",
            (_, "invitation_expired") => "sync-error-invitation-expired",
            (_, "invalid_value" | "invalid_body" | "invalid_json") => "sync-error-invalid",
            (_, "unsupported_protocol") => "sync-error-protocol",
            (403, _) => "sync-error-forbidden",
            (500..=599, _) => "sync-error-server",
            _ => "sync-error-refused",
        }
    }
}

/// A server at `base` (`""`: this origin), with a session token or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    base: String,
    token: Option<String>,
}

impl Client {
    pub fn new(base: &str, token: Option<&str>) -> Client {
        Client {
            base: base.trim_end_matches('/').to_string(),
            token: token.map(str::to_string),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api/v1/{path}", self.base)
    }

    fn authorised(&self, builder: RequestBuilder) -> RequestBuilder {
        match &self.token {
            Some(token) => builder.header("Authorization", &format!("Bearer {token}")),
            None => builder,
        }
    }

    async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        let request = self
            .authorised(Request::post(&self.url(path)))
            .json(body)
            .map_err(network)?;
        read(request.send().await.map_err(network)?).await
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let request = self.authorised(Request::get(&self.url(path)));
        read(request.send().await.map_err(network)?).await
    }

    /// Whether a sync server answers at this address.
    pub async fn health(&self) -> bool {
        match Request::get(&self.url("health")).send().await {
            Ok(r) => r.ok(),
            Err(_) => false,
        }
    }

    pub async fn signup(&self, body: &SignupRequest) -> Result<SignupResponse, ApiError> {
        self.post("auth/signup", body).await
    }

    pub async fn login(&self, body: &LoginRequest) -> Result<TokenResponse, ApiError> {
        self.post("auth/login", body).await
    }

    pub async fn accept(&self, body: &AcceptRequest) -> Result<TokenResponse, ApiError> {
        self.post("auth/accept", body).await
    }

    /// Ends the session (the token stops working).
    pub async fn logout(&self) -> Result<(), ApiError> {
        let request = self.authorised(Request::post(&self.url("auth/logout")));
        let response = request.send().await.map_err(network)?;
        if response.ok() {
            Ok(())
        } else {
            Err(failure(&response).await)
        }
    }

    pub async fn me(&self) -> Result<MeResponse, ApiError> {
        self.get("me").await
    }

    pub async fn invite(&self, body: &InviteRequest) -> Result<InviteResponse, ApiError> {
        self.post("invitations", body).await
    }

    pub async fn push(&self, body: &PushRequest) -> Result<PushResponse, ApiError> {
        self.post("sync/push", body).await
    }

    /// A page of changes after `cursor`, and the server's clock (its
    /// `Date` header, ms since the epoch) when it sent one.
    pub async fn pull(
        &self,
        cursor: &str,
        limit: u32,
    ) -> Result<(PullResponse, Option<i64>), ApiError> {
        let limit = limit.to_string();
        let request = self
            .authorised(Request::get(&self.url("sync/pull")))
            .query([("cursor", cursor), ("limit", limit.as_str())]);
        let response = request.send().await.map_err(network)?;
        let date = response
            .headers()
            .get("date")
            .and_then(|d| chrono::DateTime::parse_from_rfc2822(&d).ok())
            .map(|d| d.timestamp_millis());
        Ok((read(response).await?, date))
    }
}

fn network(e: gloo_net::Error) -> ApiError {
    ApiError {
        status: 0,
        body: None,
        retry_after_s: None,
        detail: e.to_string(),
    }
}

async fn failure(response: &Response) -> ApiError {
    let retry_after_s = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.trim().parse().ok());
    ApiError {
        status: response.status(),
        body: response.json::<ErrorBody>().await.ok(),
        retry_after_s,
        detail: response.status_text(),
    }
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    if !response.ok() {
        return Err(failure(&response).await);
    }
    response.json::<T>().await.map_err(|e| ApiError {
        status: response.status(),
        body: None,
        retry_after_s: None,
        detail: format!("the answer did not read: {e}"),
    })
}
