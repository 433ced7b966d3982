//! `POST /api/v1/invitations {email, role}` (admins only) → 201 `{code}`.
//!
//! The code (16 random bytes) is shown once, to the admin, who passes it
//! on; the database keeps its SHA-256. It can be accepted once, within the
//! configured time (7 days), and gives the invited address the role chosen
//! here in the admin's workspace.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ilgi_core::sync::protocol::{InviteRequest, InviteResponse};

use crate::auth::Principal;
use crate::clock::millis;
use crate::routes::auth::parse_email;
use crate::secrets::new_invitation_code;
use crate::store::{NewInvitation, StoreError};
use crate::{ApiJson, AppError, AppState};

/// Creates an invitation. A non-admin gets 403 whatever the body says
/// (the body is read after the role check); an address that already has
/// an account gets 409 `email_taken`.
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
