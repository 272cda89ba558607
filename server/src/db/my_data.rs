//! What the office holds for one phone, read for "Download my data"
//! (`GET /devices/me/data`): every row that names the device, or belongs
//! to a case it sent. Photos as metadata, never their bytes.

use serde::Serialize;
use sqlx::AnyExecutor;
use uuid::Uuid;

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct DeviceRow {
    pub id: String,
    pub registered_at: String,
}

pub async fn device(db: impl AnyExecutor<'_>, device: Uuid) -> sqlx::Result<Option<DeviceRow>> {
    sqlx::query_as("SELECT id, created_at AS registered_at FROM devices WHERE id = $1")
        .bind(device.to_string())
        .fetch_optional(db)
        .await
}

/// A petition the phone sent, as stored, with its identity.
#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct SentPetition {
    pub id: String,
    pub case_number: String,
    pub kind: String,
    pub status: String,
    pub received_at: String,
    pub due_on: Option<String>,
    pub content_json: String,
    pub identity_name: Option<String>,
    pub identity_phone: Option<String>,
    pub identity_address: Option<String>,
}

pub async fn petitions_of(
    db: impl AnyExecutor<'_>,
    device: Uuid,
) -> sqlx::Result<Vec<SentPetition>> {
    sqlx::query_as(
        r#"
        SELECT p.id, p.case_number, p.kind, p.status, p.received_at, p.due_on,
               p.content_json,
               i.name AS identity_name, i.phone AS identity_phone,
               i.address AS identity_address
        FROM petitions p
        LEFT JOIN petition_identities i ON i.petition_id = p.id
        WHERE p.device_id = $1
        ORDER BY p.received_at"#,
    )
    .bind(device.to_string())
    .fetch_all(db)
    .await
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct CaseEventRow {
    pub petition_id: String,
    pub seq: i64,
    pub status: String,
    pub at: String,
    pub event_json: Option<String>,
}

/// The history of the phone's own cases.
pub async fn events_of(db: impl AnyExecutor<'_>, device: Uuid) -> sqlx::Result<Vec<CaseEventRow>> {
    sqlx::query_as(
        r#"
        SELECT c.petition_id, c.seq, c.status, c.at, c.event_json
        FROM case_changes c
        JOIN petitions p ON p.id = c.petition_id
        WHERE p.device_id = $1
        ORDER BY c.seq"#,
    )
    .bind(device.to_string())
    .fetch_all(db)
    .await
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct RequestRow {
    pub id: String,
    pub petition_id: String,
    pub content_json: String,
    pub seq: i64,
}

/// Requests the phone made about cases (its own or followed ones).
pub async fn requests_of(db: impl AnyExecutor<'_>, device: Uuid) -> sqlx::Result<Vec<RequestRow>> {
    sqlx::query_as(
        r#"
        SELECT id, petition_id, content_json, seq
        FROM resident_requests
        WHERE device_id = $1
        ORDER BY seq"#,
    )
    .bind(device.to_string())
    .fetch_all(db)
    .await
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct RatingRow {
    pub petition_id: String,
    pub answer_seq: i64,
    pub satisfaction: String,
    pub timeliness: Option<i64>,
    pub attitude: Option<i64>,
    pub result: Option<i64>,
    pub comment: String,
    pub at: String,
}

/// Ratings of the phone's own cases.
pub async fn ratings_of(db: impl AnyExecutor<'_>, device: Uuid) -> sqlx::Result<Vec<RatingRow>> {
    sqlx::query_as(
        r#"
        SELECT r.petition_id, r.answer_seq, r.satisfaction, r.timeliness,
               r.attitude, r.result, r.comment, r.at
        FROM ratings r
        JOIN petitions p ON p.id = r.petition_id
        WHERE p.device_id = $1
        ORDER BY r.at"#,
    )
    .bind(device.to_string())
    .fetch_all(db)
    .await
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct PhotoRow {
    pub petition_id: String,
    pub photo_id: String,
    pub position: i64,
    pub sha256: String,
    pub bytes: i64,
    pub mime: String,
    pub received_bytes: i64,
    pub completed_at: Option<String>,
}

/// Photos of the phone's own cases: what is known of them, not the bytes.
pub async fn photos_of(db: impl AnyExecutor<'_>, device: Uuid) -> sqlx::Result<Vec<PhotoRow>> {
    sqlx::query_as(
        r#"
        SELECT ph.petition_id, ph.photo_id, ph.position, ph.sha256, ph.bytes,
               ph.mime, ph.received_bytes, ph.completed_at
        FROM petition_photos ph
        JOIN petitions p ON p.id = ph.petition_id
        WHERE p.device_id = $1
        ORDER BY ph.petition_id, ph.position"#,
    )
    .bind(device.to_string())
    .fetch_all(db)
    .await
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct FollowedCase {
    pub petition_id: String,
    pub case_number: String,
    pub since: String,
}

pub async fn followed_by(
    db: impl AnyExecutor<'_>,
    device: Uuid,
) -> sqlx::Result<Vec<FollowedCase>> {
    sqlx::query_as(
        r#"
        SELECT f.petition_id, p.case_number, f.since
        FROM case_followers f
        JOIN petitions p ON p.id = f.petition_id
        WHERE f.device_id = $1
        ORDER BY f.since"#,
    )
    .bind(device.to_string())
    .fetch_all(db)
    .await
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct CampaignResponseRow {
    pub id: String,
    pub campaign: String,
    pub revision: i64,
    pub answered_at: String,
    pub received_at: String,
    pub content_json: String,
}

pub async fn campaign_responses_of(
    db: impl AnyExecutor<'_>,
    device: Uuid,
) -> sqlx::Result<Vec<CampaignResponseRow>> {
    sqlx::query_as(
        r#"
        SELECT id, campaign, revision, answered_at, received_at, content_json
        FROM campaign_responses
        WHERE device_id = $1
        ORDER BY first_received_at"#,
    )
    .bind(device.to_string())
    .fetch_all(db)
    .await
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct CampaignAnswerRow {
    pub response_id: String,
    pub question: String,
    pub choice: Option<String>,
    pub text: Option<String>,
}

pub async fn campaign_answers_of(
    db: impl AnyExecutor<'_>,
    device: Uuid,
) -> sqlx::Result<Vec<CampaignAnswerRow>> {
    sqlx::query_as(
        r#"
        SELECT a.response_id, a.question, a.choice, a.text
        FROM campaign_answers a
        JOIN campaign_responses r ON r.id = a.response_id
        WHERE r.device_id = $1
        ORDER BY a.rowid"#,
    )
    .bind(device.to_string())
    .fetch_all(db)
    .await
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct CampaignPhotoRow {
    pub id: String,
    pub campaign: String,
    pub question: String,
    pub position: i64,
    pub sha256: String,
    pub bytes: i64,
    pub mime: String,
    pub received_bytes: i64,
    pub completed_at: Option<String>,
}

pub async fn campaign_photos_of(
    db: impl AnyExecutor<'_>,
    device: Uuid,
) -> sqlx::Result<Vec<CampaignPhotoRow>> {
    sqlx::query_as(
        r#"
        SELECT id, campaign, question, position, sha256, bytes, mime,
               received_bytes, completed_at
        FROM campaign_photos
        WHERE device_id = $1
        ORDER BY campaign, position"#,
    )
    .bind(device.to_string())
    .fetch_all(db)
    .await
}
