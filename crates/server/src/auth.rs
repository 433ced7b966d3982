//! Who is asking: the [`Principal`] behind a bearer session token, and the
//! client's address for rate limiting ([`ClientIp`]).
//!
//! Any handler that takes a `Principal` requires a valid token: missing,
//! malformed, unknown, revoked and expired tokens are all the same 401, so
//! a caller learns nothing about which tokens exist. The token is hashed
//! before the lookup and never logged; the request span gets the user id.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use ilgi_core::model::Id;
use ilgi_core::sync::protocol::Role;

use crate::secrets::{TOKEN_PREFIX, hash_secret};
use crate::{AppError, AppState};

/// The signed-in account a request acts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: Id,
    /// The only workspace this request may see.
    pub workspace_id: Id,
    /// The account's role now (a role change applies to open sessions).
    pub role: Role,
    /// SHA-256 hex of the token used (what sign-out revokes).
    pub session: String,
}

impl Principal {
    /// 403 unless the account is an admin.
    ///
    /// # Errors
    ///
    /// 403 `forbidden`.
    pub fn require_admin(&self) -> Result<(), AppError> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(AppError::forbidden(
                "only an admin of the workspace may do this",
            ))
        }
    }
}

/// The token in `Authorization: Bearer ilgi_…`, if the header is well
/// formed. The length bound keeps junk from reaching the database.
fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    let well_formed = scheme.eq_ignore_ascii_case("bearer")
        && token.starts_with(TOKEN_PREFIX)
        && token.len() <= 128;
    well_formed.then_some(token)
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token_hash = bearer_token(parts)
            .map(hash_secret)
            .ok_or_else(AppError::unauthorized)?;
        let now = state.clock.now();
        let principal = state
            .store(move |store| store.session(&token_hash, now))
            .await?
            .ok_or_else(AppError::unauthorized)?;
        tracing::Span::current().record("user_id", tracing::field::display(principal.user_id));
        Ok(principal)
    }
}

/// The address the request came from (the TCP peer). Behind a reverse
/// proxy this is the proxy's; trusting `X-Forwarded-For` would need a
/// configured list of proxies, which this server does not have yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // Present when served with `into_make_service_with_connect_info`;
        // a test that does not set it is counted as one client.
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
        Ok(ClientIp(ip))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn parts(authorization: Option<&str>) -> Parts {
        let mut request = Request::builder().uri("/api/v1/me");
        if let Some(value) = authorization {
            request = request.header(AUTHORIZATION, value);
        }
        request.body(()).unwrap().into_parts().0
    }

    #[test]
    fn only_a_well_formed_bearer_token_is_read() {
        assert_eq!(
            bearer_token(&parts(Some("Bearer ilgi_abc"))),
            Some("ilgi_abc")
        );
        assert_eq!(
            bearer_token(&parts(Some("bearer ilgi_abc"))),
            Some("ilgi_abc")
        );
        assert_eq!(bearer_token(&parts(None)), None);
        assert_eq!(bearer_token(&parts(Some("Basic ilgi_abc"))), None);
        assert_eq!(bearer_token(&parts(Some("Bearer abc"))), None);
        assert_eq!(bearer_token(&parts(Some("Bearerilgi_abc"))), None);
        let long = format!("Bearer ilgi_{}", "a".repeat(200));
        assert_eq!(bearer_token(&parts(Some(&long))), None);
    }
}
