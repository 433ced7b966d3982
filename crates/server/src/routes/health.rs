//! `GET /api/v1/health`: the server is up and its database answers. Also
//! how the app tells whether an origin runs a sync server, and which sync
//! protocols it speaks.

use axum::Json;
use axum::http::StatusCode;
use ilgi_core::sync::protocol::PROTOCOLS;
use serde::{Deserialize, Serialize};

use crate::{AppError, AppState};

/// The answer of a healthy server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// Always `"ok"`.
    pub status: String,
    /// The sync protocol versions this server speaks.
    pub protocols: Vec<u32>,
}

/// 200 with [`Health`], or 503 `unavailable` when the database does not
/// answer.
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
