//! Following a case from another device with its case number and query
//! code (Art. 18). Limited per client address, and a wrong number and a
//! wrong code get the same answer, so guessing learns nothing.

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use letterbox_core::api::{CaseView, LookupRequest};
use letterbox_core::lifecycle::CaseAction;
use letterbox_core::{CaseNumber, CaseStatus, PetitionKind};
use uuid::Uuid;

use super::{extract, problems};
use crate::auth::Device;
use crate::client::ClientKey;
use crate::clock::rfc3339;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;
use crate::{lifecycle, query_code};

pub fn router() -> Router<AppState> {
    Router::new().route("/cases/lookup", post(lookup))
}

/// A case by its number and query code. With a device token, the device
/// follows the case from then on.
#[utoipa::path(
    post,
    path = "/cases/lookup",
    tag = "cases",
    security((), ("device_token" = [])),
    request_body = LookupRequest,
    responses(
        (status = 200, description = "The case and its history.", body = CaseView),
        (status = 400, response = problems::Malformed),
        (status = 401, response = problems::Unauthorized),
        (status = 404, response = problems::NotFound),
        (status = 413, response = problems::TooLarge),
        (status = 415, response = problems::UnsupportedMediaType),
        (status = 422, response = problems::Invalid),
        (status = 429, response = problems::RateLimited),
    ),
)]
pub(super) async fn lookup(
    State(state): State<AppState>,
    client: ClientKey,
    device: Option<Device>,
    extract::Json(request): extract::Json<LookupRequest>,
) -> Result<Json<CaseView>, ApiError> {
    state
        .lookups
        .hit(&state.db, client.as_str(), state.clock.now())
        .await?;
    // A number that parses is looked up in its one spelling (six digits,
    // or seven and more past 999,999); anything else as typed, uppercased.
    let number = CaseNumber::parse(&request.case_number).map_or_else(
        || request.case_number.trim().to_ascii_uppercase(),
        |n| n.to_string(),
    );
    let Some(row) = db::petitions::by_case_number(&state.db.read, &number).await? else {
        return Err(ApiError::NotFound);
    };
    let id = Uuid::parse_str(&row.id).map_err(|_| ApiError::NotFound)?;
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
        let since = rfc3339(state.clock.now());
        db::followers::follow(&state.db.write, device.id, id, &since).await?;
        events = lifecycle::events(&state.db.read, id).await?;
    }
    Ok(Json(CaseView {
        id,
        kind: PetitionKind::parse(&row.kind).ok_or(ApiError::Corrupt("petitions.kind"))?,
        status: CaseStatus::parse(&row.status).ok_or(ApiError::Corrupt("petitions.status"))?,
        body: row.body,
        category: row.category,
        case_number: number,
        title: row.title,
        received_at: row.received_at,
        events,
    }))
}
