//! `POST /api/v1/invitations {email, role}` (admins only) → 201 `{code}`.
//!
//! The code (16 random bytes) is shown once, to the admin, who passes it
//! on; the database keeps its SHA-256. It can be accepted once, within the
//! configured time (7 days), and gives the invited address the role chosen
//! here in the admin's workspace.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ilgi_core::sync::protocol::{ErrorBody, InviteRequest, InviteResponse};

use crate::auth::Principal;
use crate::clock::millis;
use crate::routes::auth::parse_email;
use crate::routes::openapi::{BAD_JSON, INTERNAL, NOT_JSON, TOO_LARGE, UNAUTHORIZED};
use crate::secrets::new_invitation_code;
use crate::store::{NewInvitation, StoreError};
use crate::{ApiJson, AppError, AppState};

/// Creates an invitation. A non-admin gets 403 whatever the body says
/// (the body is read after the role check); an address that already has
/// an account gets 409 `email_taken`.
#[utoipa::path(
    post,
    path = "/api/v1/invitations",
    operation_id = "create_invitation",
    tag = "invitations",
    summary = "Invite someone into the workspace (admins only)",
    description = "The code is shown once: hand it to the person invited, who accepts it with \
        `POST /api/v1/auth/accept` within 7 days (by default). It can be accepted once and gives \
        the invited address the role chosen here.",
    security(("bearer" = [])),
    request_body = InviteRequest,
    responses(
        (status = 201, description = "The invitation's code.", body = InviteResponse),
        (status = 400, description = BAD_JSON, body = ErrorBody),
        (status = 401, description = UNAUTHORIZED, body = ErrorBody),
        (status = 403, description = "`forbidden`: only an admin of the workspace may invite.",
            body = ErrorBody),
        (status = 409, description = "`email_taken` (`field`: `email`): an account with this \
            address exists.", body = ErrorBody),
        (status = 413, description = TOO_LARGE, body = ErrorBody),
        (status = 415, description = NOT_JSON, body = ErrorBody),
        (status = 422, description = "`invalid_body`: the JSON is not an invitation (or names \
            an unknown role); `invalid_value` (`field`: `email`): not an email address.",
            body = ErrorBody),
        (status = 500, description = INTERNAL, body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    body: Result<ApiJson<InviteRequest>, AppError>,
) -> Result<(StatusCode, Json<InviteResponse>), AppError> {
    principal.require_admin()?;
    let ApiJson(request) = body?;
    let email = parse_email("email", &request.email)?;
    let key = email.match_key();
    if state.store(move |store| store.email_taken(&key)).await? {
        return Err(StoreError::EmailTaken.into());
    }
    let code = new_invitation_code().map_err(|e| AppError::internal(e.to_string()))?;
    let now = state.clock.now();
    let invitation = NewInvitation {
        code_hash: code.hash.clone(),
        workspace_id: principal.workspace_id,
        email: email.as_str().to_string(),
        role: request.role,
        invited_by: principal.user_id,
        created_at: now,
        expires_at: now.saturating_add(millis(state.config.invitation_ttl)),
    };
    state
        .store(move |store| store.create_invitation(&invitation))
        .await?;
    tracing::info!(role = ?request.role, "invitation created");
    Ok((
        StatusCode::CREATED,
        Json(InviteResponse { code: code.secret }),
    ))
}
