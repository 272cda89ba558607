//! The resident's own data (Regulations Art. 30, PIPL Art. 45 and 47):
//! `GET /devices/me/data`, everything the office holds for the phone
//! presenting the token, and `DELETE /devices/me`, forget that phone
//! (`crate::erasure`). Only the token's own device is ever reached.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use crate::auth::Device;
use crate::db;
use crate::db::erasure::Forgotten;
use crate::db::my_data::{
    CampaignAnswerRow, CampaignPhotoRow, CaseEventRow, DeviceRow, FollowedCase, PhotoRow,
    RatingRow, RequestRow,
};
use crate::erasure;
use crate::error::ApiError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/devices/me", axum::routing::delete(forget))
        .route("/devices/me/data", get(export))
}

/// Everything the office holds for one phone. Stored JSON is sent as
/// JSON, not as text inside a string.
#[derive(Debug, Serialize)]
pub struct OfficeData {
    pub device: DeviceRow,
    pub petitions: Vec<SentCase>,
    pub case_events: Vec<CaseEvent>,
    pub requests: Vec<Request>,
    pub ratings: Vec<RatingRow>,
    /// What is known of each photo; the bytes stay with the office.
    pub photos: Vec<PhotoRow>,
    pub followed_cases: Vec<FollowedCase>,
    pub campaign_responses: Vec<CampaignResponse>,
    pub campaign_answers: Vec<CampaignAnswerRow>,
    pub campaign_photos: Vec<CampaignPhotoRow>,
}

#[derive(Debug, Serialize)]
pub struct SentCase {
    pub id: String,
    pub case_number: String,
    pub kind: String,
    pub status: String,
    pub received_at: String,
    pub due_on: Option<String>,
    pub content: Value,
    /// As the office keeps it, apart from the content; `null` without one.
    pub identity: Option<Identity>,
}

#[derive(Debug, Serialize)]
pub struct Identity {
    pub name: String,
    pub phone: String,
    pub address: String,
}

#[derive(Debug, Serialize)]
pub struct CaseEvent {
    pub petition_id: String,
    pub seq: i64,
    pub status: String,
    pub at: String,
    pub event: Value,
}

#[derive(Debug, Serialize)]
pub struct Request {
    pub id: String,
    pub petition_id: String,
    pub seq: i64,
    pub content: Value,
}

#[derive(Debug, Serialize)]
pub struct CampaignResponse {
    pub id: String,
    pub campaign: String,
    pub revision: i64,
    pub answered_at: String,
    pub received_at: String,
    pub content: Value,
}

/// Stored JSON as a value; text that is not JSON (older rows) as text.
fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
}

/// Everything the office holds for the phone presenting the token.
#[utoipa::path(
    get,
    path = "/devices/me/data",
    tag = "devices",
    security(("device_token" = [])),
    responses(
        (status = 200, description = "The phone's data as the office holds it.",
            body = OfficeDataSchema),
        (status = 401, response = super::problems::Unauthorized),
        (status = 503, response = super::problems::Unavailable),
    ),
)]
pub(super) async fn export(
    State(state): State<AppState>,
    device: Device,
) -> Result<Json<OfficeData>, ApiError> {
    Ok(Json(office_data(&state, device.id).await?))
}

/// One read transaction, so the parts agree with one another.
pub async fn office_data(state: &AppState, me: Uuid) -> Result<OfficeData, ApiError> {
    let mut tx = state.db.read.begin().await?;
    let device = db::my_data::device(&mut *tx, me)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let petitions = db::my_data::petitions_of(&mut *tx, me)
        .await?
        .into_iter()
        .map(|p| SentCase {
            content: json(&p.content_json),
            identity: p.identity_name.map(|name| Identity {
                name,
                phone: p.identity_phone.unwrap_or_default(),
                address: p.identity_address.unwrap_or_default(),
            }),
            id: p.id,
            case_number: p.case_number,
            kind: p.kind,
            status: p.status,
            received_at: p.received_at,
            due_on: p.due_on,
        })
        .collect();
    let case_events = db::my_data::events_of(&mut *tx, me)
        .await?
        .into_iter()
        .map(|e: CaseEventRow| CaseEvent {
            event: e.event_json.as_deref().map(json).unwrap_or(Value::Null),
            petition_id: e.petition_id,
            seq: e.seq,
            status: e.status,
            at: e.at,
        })
        .collect();
    let requests = db::my_data::requests_of(&mut *tx, me)
        .await?
        .into_iter()
        .map(|r: RequestRow| Request {
            content: json(&r.content_json),
            id: r.id,
            petition_id: r.petition_id,
            seq: r.seq,
        })
        .collect();
    let campaign_responses = db::my_data::campaign_responses_of(&mut *tx, me)
        .await?
        .into_iter()
        .map(|r| CampaignResponse {
            content: json(&r.content_json),
            id: r.id,
            campaign: r.campaign,
            revision: r.revision,
            answered_at: r.answered_at,
            received_at: r.received_at,
        })
        .collect();
    Ok(OfficeData {
        device,
        petitions,
        case_events,
        requests,
        ratings: db::my_data::ratings_of(&mut *tx, me).await?,
        photos: db::my_data::photos_of(&mut *tx, me).await?,
        followed_cases: db::my_data::followed_by(&mut *tx, me).await?,
        campaign_responses,
        campaign_answers: db::my_data::campaign_answers_of(&mut *tx, me).await?,
        campaign_photos: db::my_data::campaign_photos_of(&mut *tx, me).await?,
    })
}

/// `OfficeData` as OpenAPI describes it: an object of lists whose rows
/// are the data layer's (`db::my_data`).
#[derive(utoipa::ToSchema)]
#[schema(as = OfficeData)]
#[allow(dead_code)]
struct OfficeDataSchema {
    #[schema(value_type = Object)]
    device: Value,
    #[schema(value_type = Vec<Object>)]
    petitions: Value,
    #[schema(value_type = Vec<Object>)]
    case_events: Value,
    #[schema(value_type = Vec<Object>)]
    requests: Value,
    #[schema(value_type = Vec<Object>)]
    ratings: Value,
    #[schema(value_type = Vec<Object>)]
    photos: Value,
    #[schema(value_type = Vec<Object>)]
    followed_cases: Value,
    #[schema(value_type = Vec<Object>)]
    campaign_responses: Value,
    #[schema(value_type = Vec<Object>)]
    campaign_answers: Value,
    #[schema(value_type = Vec<Object>)]
    campaign_photos: Value,
}

/// What forgetting a phone did, as the phone is told.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct ForgottenCounts {
    /// Cases the phone sent: kept by the office, no longer linked to it.
    cases_kept: u64,
    /// Cases the phone followed: it follows them no longer.
    follows_removed: u64,
    /// Campaign answers: still counted, no longer linked to it.
    campaign_answers_kept: u64,
}

/// Forgets the phone: its token stops working at once. Registered cases
/// stay with the office without the phone (see `erasure`).
#[utoipa::path(
    delete,
    path = "/devices/me",
    tag = "devices",
    security(("device_token" = [])),
    responses(
        (status = 200, description = "Forgotten: the token no longer works.",
            body = ForgottenCounts),
        (status = 401, response = super::problems::Unauthorized),
        (status = 503, response = super::problems::Unavailable),
    ),
)]
pub(super) async fn forget(
    State(state): State<AppState>,
    device: Device,
) -> Result<Json<Forgotten>, ApiError> {
    erasure::forget_device(&state, device.id)
        .await?
        .map(Json)
        .ok_or(ApiError::Unauthorized)
}
