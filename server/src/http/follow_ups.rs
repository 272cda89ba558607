//! A resident's requests about a case the office holds: withdraw, ask for a
//! review or re-check, rate an answer, add a supplement. Each has an id made
//! by the app, so a resend after a lost answer is the same request.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::put;
use axum::{Json, Router};
use letterbox_core::api::{FollowUp, FollowUpReceipt};
use letterbox_core::lifecycle::CaseEvent;
use letterbox_core::validation::check_photo_manifest;
use uuid::Uuid;

use super::extract;
use crate::auth::Device;
use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::lifecycle::{self, Acting};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/petitions/{id}/requests/{request}", put(follow_up))
}

async fn follow_up(
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
    let content = serde_json::to_string(&body).unwrap_or_default();
    let mut tx = state.db.write.begin().await?;
    let owner: Option<String> = sqlx::query_scalar("SELECT device_id FROM petitions WHERE id = ?")
        .bind(petition.to_string())
        .fetch_optional(&mut *tx)
        .await?;
    // Another device's case is indistinguishable from no case.
    if owner.as_deref() != Some(device.id.to_string().as_str()) {
        return Err(ApiError::NotFound);
    }
    let earlier: Option<(String, String, i64)> =
        sqlx::query_as("SELECT petition_id, content_json, seq FROM resident_requests WHERE id = ?")
            .bind(request.to_string())
            .fetch_optional(&mut *tx)
            .await?;
    if let Some((earlier_petition, earlier_content, seq)) = earlier {
        if earlier_petition != petition.to_string() || earlier_content != content {
            return Err(ApiError::IdConflict);
        }
        drop(tx);
        let event = event_at(&state, petition, seq).await?;
        return Ok((
            StatusCode::OK,
            Json(FollowUpReceipt {
                id: request,
                petition_id: petition,
                event,
            }),
        ));
    }
    let (action, note) = body.action();
    let day = body.counts_on(lifecycle::today(&state));
    let event = lifecycle::record(
        &mut tx,
        &state,
        petition,
        action,
        &Acting::resident(),
        &note,
        day,
    )
    .await?;
    let at = rfc3339(state.clock.now());
    match &body {
        FollowUp::Rate { answer_seq, rating } => {
            sqlx::query(
                "INSERT INTO ratings (petition_id, answer_seq, satisfaction, timeliness, attitude, \
                 result, comment, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(petition.to_string())
            .bind(answer_seq)
            .bind(rating.satisfaction.as_str())
            .bind(rating.timeliness)
            .bind(rating.attitude)
            .bind(rating.result)
            .bind(rating.comment.trim())
            .bind(&at)
            .execute(&mut *tx)
            .await?;
        }
        FollowUp::Supplement { text, photos } => {
            sqlx::query("INSERT INTO supplements (id, petition_id, text, at) VALUES (?, ?, ?, ?)")
                .bind(request.to_string())
                .bind(petition.to_string())
                .bind(text.trim())
                .bind(&at)
                .execute(&mut *tx)
                .await?;
            for photo in photos {
                sqlx::query(
                    "INSERT INTO petition_photos (petition_id, photo_id, position, sha256, bytes, \
                     mime, supplement_id) VALUES (?, ?, (SELECT COALESCE(MAX(position), -1) + 1 \
                     FROM petition_photos WHERE petition_id = ?), ?, ?, ?, ?)",
                )
                .bind(petition.to_string())
                .bind(photo.id.to_string())
                .bind(petition.to_string())
                .bind(&photo.sha256)
                .bind(photo.bytes as i64)
                .bind(&photo.mime)
                .bind(request.to_string())
                .execute(&mut *tx)
                .await
                .map_err(|e| match &e {
                    sqlx::Error::Database(d) if d.is_unique_violation() => ApiError::IdConflict,
                    _ => ApiError::Database(e),
                })?;
            }
        }
        _ => {}
    }
    sqlx::query(
        "INSERT INTO resident_requests (id, petition_id, device_id, content_json, seq) \
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(request.to_string())
    .bind(petition.to_string())
    .bind(device.id.to_string())
    .bind(&content)
    .bind(event.seq)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(FollowUpReceipt {
            id: request,
            petition_id: petition,
            event,
        }),
    ))
}

async fn event_at(state: &AppState, petition: Uuid, seq: i64) -> Result<CaseEvent, ApiError> {
    lifecycle::events(&state.db.read, petition)
        .await?
        .into_iter()
        .find(|e| e.seq == seq)
        .ok_or(ApiError::NotFound)
}
