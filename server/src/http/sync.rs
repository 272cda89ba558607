use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use letterbox_core::api::{CaseChange, SyncPage};
use letterbox_core::limits::{SYNC_PAGE_DEFAULT, SYNC_PAGE_MAX};
use letterbox_core::CaseStatus;
use serde::Deserialize;
use uuid::Uuid;

use super::extract;
use crate::auth::Device;
use crate::error::ApiError;
use crate::{query_code, AppState};
use letterbox_core::lifecycle::{CaseAction, CaseEvent};

pub fn router() -> Router<AppState> {
    Router::new().route("/sync", get(changes))
}

/// seq, petition, case number, status, at, event JSON, owning device.
type ChangeRow = (i64, String, String, String, String, Option<String>, String);

#[derive(Deserialize)]
struct SyncQuery {
    cursor: Option<i64>,
    limit: Option<u32>,
}

/// This device's case changes after `cursor`, oldest first. The cursor is
/// the feed's own sequence, so a page boundary never skips or repeats.
async fn changes(
    State(state): State<AppState>,
    device: Device,
    extract::Query(q): extract::Query<SyncQuery>,
) -> Result<Json<SyncPage>, ApiError> {
    let cursor = q.cursor.unwrap_or(0);
    if cursor < 0 {
        return Err(ApiError::Malformed("cursor must be 0 or more.".into()));
    }
    let limit = q.limit.unwrap_or(SYNC_PAGE_DEFAULT);
    if !(1..=SYNC_PAGE_MAX).contains(&limit) {
        return Err(ApiError::Malformed(format!(
            "limit must be between 1 and {SYNC_PAGE_MAX}."
        )));
    }
    let rows: Vec<ChangeRow> = sqlx::query_as(
        "SELECT c.seq, c.petition_id, p.case_number, c.status, c.at, c.event_json, c.device_id \
         FROM case_changes c JOIN petitions p ON p.id = c.petition_id \
         WHERE (c.device_id = ? OR c.petition_id IN \
           (SELECT petition_id FROM case_followers WHERE device_id = ?)) \
         AND c.seq > ? ORDER BY c.seq LIMIT ?",
    )
    .bind(device.id.to_string())
    .bind(device.id.to_string())
    .bind(cursor)
    .bind(i64::from(limit) + 1)
    .fetch_all(&state.db.read)
    .await?;
    let has_more = rows.len() > limit as usize;
    let changes = rows
        .into_iter()
        .take(limit as usize)
        .map(
            |(seq, petition_id, case_number, status, at, event_json, owner)| {
                let petition_id = Uuid::parse_str(&petition_id)
                    .map_err(|_| ApiError::Database(sqlx::Error::Protocol("bad id".into())))?;
                let event = event_json
                    .and_then(|j| serde_json::from_str::<CaseEvent>(&j).ok())
                    .map(|mut e| {
                        e.seq = seq;
                        e
                    });
                // The registration hands the owner the code for other devices;
                // a device following the case does not need it.
                let query_code = event
                    .as_ref()
                    .filter(|e| e.action == CaseAction::Register && owner == device.id.to_string())
                    .map(|_| query_code::code_for(&state.query_key, petition_id));
                Ok(CaseChange {
                    seq,
                    petition_id,
                    event,
                    query_code,
                    case_number,
                    status: CaseStatus::parse(&status).ok_or_else(|| {
                        ApiError::Database(sqlx::Error::Protocol("bad status".into()))
                    })?,
                    at,
                })
            },
        )
        .collect::<Result<Vec<_>, ApiError>>()?;
    let next_cursor = changes.last().map_or(cursor, |c| c.seq);
    Ok(Json(SyncPage {
        changes,
        next_cursor,
        has_more,
    }))
}
