//! `GET /sync`: the changes to a device's cases (sent or followed) after
//! its cursor, page by page (the feed is `case_changes` itself), and the
//! changes to published campaigns after the campaign cursor, which every
//! phone hears of (`campaign_events`).

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use letterbox_core::api::{CampaignChange, CaseChange, SyncPage};
use letterbox_core::campaign::CampaignAction;
use letterbox_core::lifecycle::CaseAction;
use letterbox_core::limits::{SYNC_PAGE_DEFAULT, SYNC_PAGE_MAX};
use letterbox_core::CaseStatus;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::{extract, problems};
use crate::auth::Device;
use crate::db;
use crate::error::ApiError;
use crate::query_code;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/sync", get(changes))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct SyncQuery {
    /// The case changes' cursor: `next_cursor` of the last page (0, or
    /// absent: from the first).
    #[param(minimum = 0)]
    cursor: Option<i64>,
    /// The campaign events' cursor (0, or absent: from the first).
    #[param(minimum = 0)]
    campaigns: Option<i64>,
    /// Changes per page (default `SYNC_PAGE_DEFAULT`).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<u32>,
}

/// This device's case changes after `cursor`, oldest first. The cursor is
/// the feed's own sequence, so a page boundary never skips or repeats.
#[utoipa::path(
    get,
    path = "/sync",
    tag = "sync",
    security(("device_token" = [])),
    params(SyncQuery),
    responses(
        (status = 200, description = "A page of changes; ask again while has_more.", body = SyncPage),
        (status = 400, response = problems::Malformed),
        (status = 401, response = problems::Unauthorized),
    ),
)]
pub(super) async fn changes(
    State(state): State<AppState>,
    device: Device,
    extract::Query(q): extract::Query<SyncQuery>,
) -> Result<Json<SyncPage>, ApiError> {
    let cursor = q.cursor.unwrap_or(0);
    let campaign_cursor = q.campaigns.unwrap_or(0);
    if cursor < 0 || campaign_cursor < 0 {
        return Err(ApiError::Malformed(
            "cursor and campaigns must be 0 or more.".into(),
        ));
    }
    let limit = q.limit.unwrap_or(SYNC_PAGE_DEFAULT);
    if !(1..=SYNC_PAGE_MAX).contains(&limit) {
        return Err(ApiError::Malformed(format!(
            "limit must be between 1 and {SYNC_PAGE_MAX}."
        )));
    }
    let rows = db::changes::feed(&state.db.read, device.id, cursor, i64::from(limit) + 1).await?;
    let events =
        db::campaign_events::after(&state.db.read, campaign_cursor, i64::from(limit) + 1).await?;
    let has_more = rows.len() > limit as usize || events.len() > limit as usize;
    let campaigns = events
        .into_iter()
        .take(limit as usize)
        .map(|e| {
            Ok(CampaignChange {
                seq: e.seq,
                slug: e.campaign,
                action: CampaignAction::parse(&e.action)
                    .ok_or(ApiError::Corrupt("campaign_events.action"))?,
                at: e.at,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let next_campaign_cursor = campaigns.last().map_or(campaign_cursor, |c| c.seq);
    let changes = rows
        .into_iter()
        .take(limit as usize)
        .map(|row| {
            let petition_id = Uuid::parse_str(&row.petition_id)
                .map_err(|_| ApiError::Corrupt("case_changes.petition_id"))?;
            let event = row.event();
            // The registration hands the owner the code for other devices;
            // a device following the case does not need it.
            let query_code = event
                .as_ref()
                .filter(|e| {
                    e.action == CaseAction::Register && row.device_id == device.id.to_string()
                })
                .map(|_| query_code::code_for(&state.query_key, petition_id));
            Ok(CaseChange {
                seq: row.seq,
                petition_id,
                event,
                query_code,
                status: CaseStatus::parse(&row.status)
                    .ok_or(ApiError::Corrupt("case_changes.status"))?,
                case_number: row.case_number,
                at: row.at,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let next_cursor = changes.last().map_or(cursor, |c| c.seq);
    Ok(Json(SyncPage {
        changes,
        next_cursor,
        campaigns,
        next_campaign_cursor,
        has_more,
    }))
}
