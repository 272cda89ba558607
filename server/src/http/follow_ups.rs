//! A resident's requests about a case the office holds: withdraw, ask for a
//! review or re-check, rate an answer, add a supplement. Each has an id made
//! by the app, so a resend after a lost answer is the same request (see
//! `idempotency`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::put;
use axum::{Json, Router};
use letterbox_core::api::{FollowUp, FollowUpReceipt};
use letterbox_core::lifecycle::CaseEvent;
use letterbox_core::validation::check_photo_manifest;
use sqlx::AnyConnection;
use uuid::Uuid;

use super::idempotency::{self, Seen};
use super::{extract, problems};
use crate::auth::Device;
use crate::clock::rfc3339;
use crate::db;
use crate::error::ApiError;
use crate::lifecycle::{self, Author};
use crate::quota;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/petitions/{id}/requests/{request}", put(follow_up))
}

/// A resident's request about their case; the id (made by the app) makes
/// a resend the same request.
#[utoipa::path(
    put,
    path = "/petitions/{id}/requests/{request}",
    tag = "petitions",
    security(("device_token" = [])),
    params(
        ("id" = Uuid, Path, description = "The petition's id."),
        ("request" = Uuid, Path, description = "The request's id (made by the app)."),
    ),
    request_body = FollowUp,
    responses(
        (status = 201, description = "Recorded: the event it became.", body = FollowUpReceipt),
        (status = 200, description = "The same request again: the same receipt.", body = FollowUpReceipt),
        (status = 400, response = problems::Malformed),
        (status = 401, response = problems::Unauthorized),
        (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict),
        (status = 413, response = problems::TooLarge),
        (status = 415, response = problems::UnsupportedMediaType),
        (status = 422, response = problems::Invalid),
        (status = 429, response = problems::RateLimited),
    ),
)]
pub(super) async fn follow_up(
    State(state): State<AppState>,
    device: Device,
    extract::Path((petition, request)): extract::Path<(Uuid, Uuid)>,
    extract::Json(body): extract::Json<FollowUp>,
) -> Result<(StatusCode, Json<FollowUpReceipt>), ApiError> {
    if let FollowUp::Supplement { photos, .. } = &body {
        let errors = check_photo_manifest(photos);
        if !errors.is_empty() {
            return Err(ApiError::invalid(errors));
        }
    }
    // Stored and compared in the office's form (trimmed, NFC); a resend of
    // a request stored before that form existed still matches as it was.
    let as_sent = idempotency::content_json(&body);
    let body = body.normalized();
    let content = idempotency::content_json(&body);
    let mut tx = state.db.write.begin().await?;
    db::locks::hold(&mut tx, &db::locks::device(device.id)).await?;
    db::locks::hold(&mut tx, &db::locks::case(petition)).await?;
    let owner = db::petitions::owner(&mut *tx, petition).await?;
    // Another device's case is indistinguishable from no case.
    if owner.as_deref() != Some(device.id.to_string().as_str()) {
        return Err(ApiError::NotFound);
    }
    let earlier = db::requests::by_id(&mut *tx, request).await?;
    let same = |r: &db::requests::StoredRequest| {
        r.petition_id == petition.to_string()
            && (r.content_json == content || r.content_json == as_sent)
    };
    let receipt = |event| FollowUpReceipt {
        id: request,
        petition_id: petition,
        event,
    };
    if let Seen::Repeat(earlier) = idempotency::check(earlier, same)? {
        drop(tx);
        let event = event_at(&state, petition, earlier.seq).await?;
        return Ok((StatusCode::OK, Json(receipt(event))));
    }
    // Only a new request counts against the quotas; a resend was answered
    // above.
    state
        .quotas
        .follow_ups_today(&mut tx, device.id, state.clock.now())
        .await?;
    if let FollowUp::Supplement { photos, .. } = &body {
        quota::supplement_room(&mut tx, petition, photos).await?;
    }
    let (action, note) = body.action();
    let day = body.counts_on(lifecycle::today(&state));
    let event = lifecycle::record(
        &mut tx,
        &state,
        petition,
        action,
        &Author::resident(),
        &note,
        day,
    )
    .await?;
    store_details(&mut tx, &state, petition, request, &body).await?;
    let stored = db::requests::NewRequest {
        id: request,
        petition,
        device: device.id,
        content_json: &content,
        seq: event.seq,
    };
    db::requests::insert(&mut tx, &stored).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(receipt(event))))
}

/// What a request carries beyond its event: a rating's scores, a
/// supplement's text and declared photos.
async fn store_details(
    tx: &mut AnyConnection,
    state: &AppState,
    petition: Uuid,
    request: Uuid,
    body: &FollowUp,
) -> Result<(), ApiError> {
    let at = rfc3339(state.clock.now());
    match body {
        FollowUp::Rate { answer_seq, rating } => {
            db::ratings::insert(tx, petition, *answer_seq, rating, &at).await?;
        }
        FollowUp::Supplement { text, photos } => {
            db::requests::insert_supplement(tx, request, petition, text.trim(), &at).await?;
            for photo in photos {
                // A photo id the case already has is another photo's.
                if !db::photos::declare_for_supplement(tx, petition, request, photo).await? {
                    return Err(ApiError::IdConflict);
                }
            }
        }
        _ => {}
    }
    Ok(())
}

async fn event_at(state: &AppState, petition: Uuid, seq: i64) -> Result<CaseEvent, ApiError> {
    lifecycle::events(&state.db.read, petition)
        .await?
        .into_iter()
        .find(|e| e.seq == seq)
        .ok_or(ApiError::NotFound)
}
