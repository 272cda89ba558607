//! Following a case from another device with its case number and query
//! code (Art. 18). Limited per client address, and a wrong number and a
//! wrong code get the same answer, so guessing learns nothing.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::Extensions;
use axum::routing::post;
use axum::{Json, Router};
use letterbox_core::api::{CaseView, LookupRequest};
use letterbox_core::lifecycle::CaseAction;
use letterbox_core::{CaseStatus, PetitionKind};
use uuid::Uuid;

use super::extract;
use crate::auth::Device;
use crate::error::ApiError;
use crate::{lifecycle, query_code, AppState};

/// Lookups per client address per window.
pub const LOOKUPS_PER_WINDOW: u32 = 10;
pub const LOOKUP_WINDOW_SECS: i64 = 600;

pub fn router() -> Router<AppState> {
    Router::new().route("/cases/lookup", post(lookup))
}

/// The client's address, as the listener saw it (a proxy in front would
/// need to pass it on; the server listens directly by default).
pub fn client_key(extensions: &Extensions) -> String {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "local".to_owned(), |c| c.0.ip().to_string())
}

async fn lookup(
    State(state): State<AppState>,
    extensions: Extensions,
    device: Option<Device>,
    extract::Json(request): extract::Json<LookupRequest>,
) -> Result<Json<CaseView>, ApiError> {
    state
        .lookups
        .hit(&client_key(&extensions), state.clock.now())
        .map_err(ApiError::RateLimited)?;
    let number = request.case_number.trim().to_ascii_uppercase();
    let row: Option<(String, String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT id, kind, title, status, received_at, body, category FROM petitions \
         WHERE case_number = ?",
    )
    .bind(&number)
    .fetch_optional(&state.db.read)
    .await?;
    let Some((id, kind, title, status, received_at, body, category)) = row else {
        return Err(ApiError::NotFound);
    };
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::NotFound)?;
    if !query_code::matches(&state.query_key, id, &request.query_code) {
        return Err(ApiError::NotFound);
    }
    // The code is issued at registration; before that it opens nothing.
    let mut events = lifecycle::events(&state.db.read, id).await?;
    if !events.iter().any(|e| e.action == CaseAction::Register) {
        return Err(ApiError::NotFound);
    }
    // A device that looks the case up follows it from now on: its sync feed
    // brings the case's changes too. The history is read again after that,
    // so a change made meanwhile is in one or the other (the phone applies
    // each change once).
    if let Some(device) = device {
        sqlx::query(
            "INSERT INTO case_followers (device_id, petition_id, since) VALUES (?, ?, ?) \
             ON CONFLICT DO NOTHING",
        )
        .bind(device.id.to_string())
        .bind(id.to_string())
        .bind(crate::clock::rfc3339(state.clock.now()))
        .execute(&state.db.write)
        .await?;
        events = lifecycle::events(&state.db.read, id).await?;
    }
    let corrupt = || ApiError::Database(sqlx::Error::Protocol("bad case row".into()));
    Ok(Json(CaseView {
        id,
        body,
        category,
        case_number: number,
        kind: PetitionKind::parse(&kind).ok_or_else(corrupt)?,
        title,
        status: CaseStatus::parse(&status).ok_or_else(corrupt)?,
        received_at,
        events,
    }))
}
