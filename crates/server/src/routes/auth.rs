//! Accounts and sessions: sign-up, login, logout (one session or all),
//! accepting an invitation, and `/me`.
//!
//! Every sign-up creates a new workspace with the new account as its admin;
//! others join through an invitation. Email addresses are unique across the
//! server (case-insensitively), so a login names no workspace. A wrong
//! password and an unknown address get the same 401, in the same time (an
//! unknown address is checked against a dummy hash). Passwords, tokens and
//! codes are moved into the work that needs them and never formatted into
//! a log line.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ilgi_core::model::{Email, Id};
use ilgi_core::sync::protocol::{
    AcceptRequest, ErrorBody, LoginRequest, MeResponse, Role, SignupRequest, SignupResponse,
    TokenResponse,
};

use crate::auth::{ClientIp, Principal};
use crate::clock::{Millis, millis};
use crate::rate_limit::{note_failure, refuse_when_over};
use crate::routes::openapi::{
    BAD_JSON, INTERNAL, INVALID_BODY, NOT_JSON, RATE_LIMITED, TOO_LARGE, UNAUTHORIZED,
};
use crate::secrets::{Minted, hash_secret, new_id, new_session_token};
use crate::store::{NewSession, NewUser, NewWorkspace, StoreError};
use crate::{ApiJson, AppError, AppState, blocking};

/// Shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Longest password accepted, in bytes: Argon2 takes any length, but a
/// megabyte "password" would only be a way to make the server work.
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// Longest workspace name, in characters.
pub const MAX_WORKSPACE_CHARS: usize = 100;

/// Parses an email address with core's parser (the app's rules).
///
/// # Errors
///
/// 422 naming `field`.
pub fn parse_email(field: &str, text: &str) -> Result<Email, AppError> {
    Email::parse(text).map_err(|e| AppError::invalid(field, format!("{field}: {e}")))
}

/// Checks a new password's length.
///
/// # Errors
///
/// 422 naming `password`.
pub fn check_password(password: &str) -> Result<(), AppError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AppError::invalid(
            "password",
            format!("the password must have at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(AppError::invalid(
            "password",
            format!("the password must be at most {MAX_PASSWORD_BYTES} bytes"),
        ));
    }
    Ok(())
}

fn invalid_credentials() -> AppError {
    AppError::new(
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
        "wrong email address or password",
    )
}

/// A new token and the session row that stores its hash.
fn new_session(state: &AppState, now: Millis) -> Result<(Minted, NewSession), AppError> {
    let minted = new_session_token().map_err(|e| AppError::internal(e.to_string()))?;
    let session = NewSession {
        token_hash: minted.hash.clone(),
        created_at: now,
        expires_at: now.saturating_add(millis(state.config.session_ttl)),
    };
    Ok((minted, session))
}

fn fresh_id(now: Millis) -> Result<Id, AppError> {
    new_id(now).map_err(|e| AppError::internal(e.to_string()))
}

/// Hashes a password on the blocking pool (Argon2 takes tens of
/// milliseconds of CPU by design).
async fn hash_password(state: &AppState, password: String) -> Result<String, AppError> {
    let passwords = state.passwords.clone();
    blocking(move || {
        passwords
            .hash(&password)
            .map_err(|e| AppError::internal(e.to_string()))
    })
    .await
}

/// `POST /api/v1/auth/signup` → 201 `{token, workspace_id, user_id}`.
#[utoipa::path(
    post,
    path = "/api/v1/auth/signup",
    tag = "accounts",
    summary = "Create a workspace and its admin, signed in",
    description = "The email address must be new to the server (addresses are unique across \
        workspaces, case-insensitively); the password needs at least 8 characters.",
    request_body = SignupRequest,
    responses(
        (status = 201, description = "The workspace, its admin and a session token.",
            body = SignupResponse),
        (status = 400, description = BAD_JSON, body = ErrorBody),
        (status = 409, description = "`email_taken` (`field`: `email`): an account with this \
            address exists.", body = ErrorBody),
        (status = 413, description = TOO_LARGE, body = ErrorBody),
        (status = 415, description = NOT_JSON, body = ErrorBody),
        (status = 422, description = "`invalid_body`: the JSON is not a sign-up; \
            `invalid_value`: `field` (`workspace`, `email` or `password`) is empty, too long, \
            not an email address or too short.", body = ErrorBody),
        (status = 500, description = INTERNAL, body = ErrorBody),
    )
)]
pub async fn signup(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<SignupRequest>,
) -> Result<(StatusCode, Json<SignupResponse>), AppError> {
    let SignupRequest {
        workspace,
        email,
        password,
    } = request;
    let name = workspace.trim().to_string();
    if name.is_empty() {
        return Err(AppError::invalid("workspace", "name the workspace"));
    }
    if name.chars().count() > MAX_WORKSPACE_CHARS {
        return Err(AppError::invalid(
            "workspace",
            format!("the workspace name must be at most {MAX_WORKSPACE_CHARS} characters"),
        ));
    }
    let email = parse_email("email", &email)?;
    check_password(&password)?;
    let email_key = email.match_key();
    // Refuse a taken address before spending a password hash on it; the
    // transaction below checks again.
    let key = email_key.clone();
    if state.store(move |store| store.email_taken(&key)).await? {
        return Err(StoreError::EmailTaken.into());
    }
    let password_hash = hash_password(&state, password).await?;
    let now = state.clock.now();
    let workspace = NewWorkspace {
        id: fresh_id(now)?,
        name,
        created_at: now,
    };
    let admin = NewUser {
        id: fresh_id(now)?,
        email: email.as_str().to_string(),
        email_key,
        password_hash,
        role: Role::Admin,
        created_at: now,
    };
    let (token, session) = new_session(&state, now)?;
    let response = SignupResponse {
        token: token.secret,
        workspace_id: workspace.id,
        user_id: admin.id,
    };
    state
        .store(move |store| store.create_workspace(&workspace, &admin, &session))
        .await?;
    tracing::info!(user_id = %response.user_id, workspace_id = %response.workspace_id, "signed up");
    Ok((StatusCode::CREATED, Json(response)))
}

/// `POST /api/v1/auth/login` → 200 `{token}`; 401 for a wrong password or
/// an unknown address; 429 after too many failures.
#[utoipa::path(
    post,
    path = "/api/v1/auth/login",
    tag = "accounts",
    summary = "Sign in: a new session token",
    description = "A wrong password and an unknown address get the same 401. Failures are \
        counted per address and per client; past the limit the answer is 429 until the \
        window ends.",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "A new session token.", body = TokenResponse),
        (status = 400, description = BAD_JSON, body = ErrorBody),
        (status = 401, description = "`invalid_credentials`: wrong email address or password.",
            body = ErrorBody),
        (status = 413, description = TOO_LARGE, body = ErrorBody),
        (status = 415, description = NOT_JSON, body = ErrorBody),
        (status = 422, description = INVALID_BODY, body = ErrorBody),
        (status = 429, description = RATE_LIMITED, body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds until a new attempt counts."))),
        (status = 500, description = INTERNAL, body = ErrorBody),
    )
)]
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<Json<TokenResponse>, AppError> {
    let LoginRequest { email, password } = request;
    // An address that does not parse cannot have an account; it is still
    // counted, under its lower-cased text.
    let email_key = Email::parse(&email)
        .map(|e| e.match_key())
        .unwrap_or_else(|_| email.trim().to_lowercase());
    let limits = state.config.login_limits;
    let counters = [limits.email(&email_key), limits.ip(ip)];
    refuse_when_over(&state, &counters).await?;

    let credentials = state
        .store(move |store| store.credentials(&email_key))
        .await?;
    let stored = credentials.as_ref().map(|c| c.password_hash.clone());
    let passwords = state.passwords.clone();
    let matches = blocking(move || Ok(passwords.verify(&password, stored.as_deref()))).await?;
    let Some(credentials) = credentials.filter(|_| matches) else {
        note_failure(&state, &counters).await?;
        return Err(invalid_credentials());
    };
    let (token, session) = new_session(&state, state.clock.now())?;
    let user_id = credentials.user_id;
    state
        .store(move |store| store.create_session(user_id, &session))
        .await?;
    tracing::info!(%user_id, "signed in");
    Ok(Json(TokenResponse {
        token: token.secret,
    }))
}

/// `POST /api/v1/auth/logout` → 204; the token stops working.
#[utoipa::path(
    post,
    path = "/api/v1/auth/logout",
    tag = "accounts",
    summary = "Sign out this session",
    description = "The token used stops working; other sessions of the account go on.",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Signed out."),
        (status = 401, description = UNAUTHORIZED, body = ErrorBody),
        (status = 500, description = INTERNAL, body = ErrorBody),
    )
)]
pub async fn logout(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<StatusCode, AppError> {
    let now = state.clock.now();
    state
        .store(move |store| store.revoke_session(&principal.session, now))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/auth/logout-all` → 204; every session of the account
/// stops working (a lost device).
#[utoipa::path(
    post,
    path = "/api/v1/auth/logout-all",
    tag = "accounts",
    summary = "Sign out every session of the account",
    description = "Every token of the account stops working, this one included (a lost \
        device).",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Every session ended."),
        (status = 401, description = UNAUTHORIZED, body = ErrorBody),
        (status = 500, description = INTERNAL, body = ErrorBody),
    )
)]
pub async fn logout_all(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<StatusCode, AppError> {
    let now = state.clock.now();
    let ended = state
        .store(move |store| store.revoke_sessions_of(principal.user_id, now))
        .await?;
    tracing::info!(ended, "signed out everywhere");
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/me` → the account, its workspace and role.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "accounts",
    summary = "The signed-in account, its workspace and role",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The account the token belongs to.", body = MeResponse),
        (status = 401, description = UNAUTHORIZED, body = ErrorBody),
        (status = 500, description = INTERNAL, body = ErrorBody),
    )
)]
pub async fn me(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<Json<MeResponse>, AppError> {
    let user_id = principal.user_id;
    let member = state
        .store(move |store| store.member(user_id))
        .await?
        .ok_or_else(AppError::unauthorized)?;
    Ok(Json(MeResponse {
        user_id: member.user_id,
        workspace_id: member.workspace_id,
        workspace: member.workspace,
        email: member.email,
        role: member.role,
    }))
}

/// `POST /api/v1/auth/accept {code, password}` → 201 `{token}`: creates the
/// invited account (the invitation's address and role) and signs it in.
/// An unknown code is 404, a used or expired one 410; each counts as a
/// failure for the client's address (codes must not be guessable by
/// trying).
#[utoipa::path(
    post,
    path = "/api/v1/auth/accept",
    tag = "accounts",
    summary = "Accept an invitation: create the invited account, signed in",
    description = "The account gets the invitation's email address, workspace and role. A code \
        that is unknown, used or expired counts as a failure of the client's address, like a \
        wrong password.",
    request_body = AcceptRequest,
    responses(
        (status = 201, description = "The new account's session token.", body = TokenResponse),
        (status = 400, description = BAD_JSON, body = ErrorBody),
        (status = 404, description = "`invitation_not_found`: no invitation has this code.",
            body = ErrorBody),
        (status = 409, description = "`email_taken` (`field`: `email`): an account got the \
            invited address meanwhile.", body = ErrorBody),
        (status = 410, description = "`invitation_used`: the invitation was accepted already; \
            `invitation_expired`: it is past its time (7 days by default).", body = ErrorBody),
        (status = 413, description = TOO_LARGE, body = ErrorBody),
        (status = 415, description = NOT_JSON, body = ErrorBody),
        (status = 422, description = "`invalid_body`: the JSON is not an acceptance; \
            `invalid_value` (`field`: `password`): the password is too short or too long.",
            body = ErrorBody),
        (status = 429, description = RATE_LIMITED, body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds until a new attempt counts."))),
        (status = 500, description = INTERNAL, body = ErrorBody),
    )
)]
pub async fn accept(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(request): ApiJson<AcceptRequest>,
) -> Result<(StatusCode, Json<TokenResponse>), AppError> {
    let AcceptRequest { code, password } = request;
    let counters = [state.config.login_limits.ip(ip)];
    refuse_when_over(&state, &counters).await?;

    let code_hash = hash_secret(code.trim());
    let now = state.clock.now();
    let lookup = code_hash.clone();
    let found = state.store(move |store| store.invitation(&lookup)).await?;
    let invitation = match found {
        None => Err(StoreError::InvitationUnknown),
        Some(invitation) => invitation.check_open(now).map(|()| invitation),
    };
    let invitation = match invitation {
        Ok(invitation) => invitation,
        Err(refusal) => {
            note_failure(&state, &counters).await?;
            return Err(refusal.into());
        }
    };
    check_password(&password)?;
    let email = Email::parse(&invitation.email)
        .map_err(|e| AppError::internal(format!("stored invitation email: {e}")))?;
    let password_hash = hash_password(&state, password).await?;
    let user = NewUser {
        id: fresh_id(now)?,
        email: invitation.email.clone(),
        email_key: email.match_key(),
        password_hash,
        role: invitation.role,
        created_at: now,
    };
    let (token, session) = new_session(&state, now)?;
    let accepted = state
        .store(move |store| store.accept_invitation(&code_hash, &user, &session, now))
        .await?;
    tracing::info!(user_id = %accepted.user_id, workspace_id = %accepted.workspace_id, "invitation accepted");
    Ok((
        StatusCode::CREATED,
        Json(TokenResponse {
            token: token.secret,
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_counted_in_characters() {
        assert!(check_password("1234567").is_err());
        assert!(check_password("12345678").is_ok());
        // Eight Turkish letters are eight characters (16 bytes).
        assert!(check_password("ğüşöçığü").is_ok());
        assert!(check_password("ğüşöçığ").is_err());
        let e = check_password(&"x".repeat(MAX_PASSWORD_BYTES + 1)).unwrap_err();
        assert_eq!(e.field(), Some("password"));
    }

    #[test]
    fn emails_use_the_apps_parser_and_name_the_field() {
        assert_eq!(
            parse_email("email", " Ayse@ORNEK.com ").unwrap().as_str(),
            "Ayse@ornek.com"
        );
        let e = parse_email("email", "ayse.ornek.com").unwrap_err();
        assert_eq!((e.status.as_u16(), e.field()), (422, Some("email")));
    }
}
