//! `GET /api/v1/health`: the server is up and its database answers. Also
//! how the app tells whether an origin runs a sync server, and which sync
//! protocols it speaks.

use axum::Json;
use axum::http::StatusCode;
use ilgi_core::sync::protocol::{ErrorBody, PROTOCOLS};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{AppError, AppState};

/// The answer of a healthy server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// Always `"ok"`.
    #[schema(example = "ok")]
    pub status: String,
    /// The sync protocol versions this server speaks.
    pub protocols: Vec<u32>,
}

/// 200 with [`Health`], or 503 `unavailable` when the database does not
/// answer.
#[utoipa::path(
    get,
    path = "/api/v1/health",
    tag = "server",
    summary = "Is the server up, and which sync protocols does it speak",
    description = "Runs a trivial query on the database. Also how the app tells whether an \
        origin runs a sync server.",
    responses(
        (status = 200, description = "The server and its database answer.", body = Health),
        (status = 503, description = "`unavailable`: the database does not answer.",
            body = ErrorBody),
    )
)]
pub async fn health(state: axum::extract::State<AppState>) -> Result<Json<Health>, AppError> {
    state.store(|store| store.ping()).await.map_err(|e| {
        tracing::error!(cause = %e, "health check: the database does not answer");
        AppError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "the database does not answer",
        )
    })?;
    Ok(Json(Health {
        status: "ok".into(),
        protocols: PROTOCOLS.to_vec(),
    }))
}
