//! `campaign_photos`: photos on long-text answers. They belong to the
//! phone's one response to a campaign (campaign and device, as the
//! response does: a replacement may come under a new id), are declared by
//! the answer's manifest in the transaction that stores it, and arrive
//! like a petition's photos, whole or in pieces.

use letterbox_core::api::PhotoManifestEntry;
use letterbox_core::campaign::{AnswerValue, Response};
use sqlx::{AnyConnection, AnyExecutor};
use uuid::Uuid;

use super::photos::Upload;

/// Why an answer's photos cannot be declared.
#[derive(Debug)]
pub enum DeclareError {
    /// A photo id already names other bytes, or another phone's photo.
    IdConflict,
    Db(sqlx::Error),
}

impl From<sqlx::Error> for DeclareError {
    fn from(e: sqlx::Error) -> Self {
        Self::Db(e)
    }
}

/// The photos an answer lists, with the question each belongs to.
fn listed(response: &Response) -> Vec<(&str, &PhotoManifestEntry)> {
    response
        .answers
        .iter()
        .filter_map(|a| match &a.value {
            AnswerValue::Text { photos, .. } => Some((a.question.as_str(), photos)),
            _ => None,
        })
        .flat_map(|(q, photos)| photos.iter().map(move |p| (q, p)))
        .collect()
}

/// Declares the photos the answer lists and forgets those an earlier
/// answer listed and this one does not; gives the forgotten ids, whose
/// files can go once the transaction has committed.
pub async fn declare(
    conn: &mut AnyConnection,
    campaign: &str,
    device: Uuid,
    response: &Response,
) -> Result<Vec<Uuid>, DeclareError> {
    let device = device.to_string();
    let listed = listed(response);
    for (position, (question, photo)) in listed.iter().enumerate() {
        let held: Option<(String, String, String)> =
            sqlx::query_as("SELECT campaign, device_id, sha256 FROM campaign_photos WHERE id = $1")
                .bind(photo.id.to_string())
                .fetch_optional(&mut *conn)
                .await?;
        match held {
            Some((c, d, sha)) if c == campaign && d == device && sha == photo.sha256 => {
                sqlx::query(
                    "UPDATE campaign_photos SET question = $1, position = $2 WHERE id = $3",
                )
                .bind(question)
                .bind(position as i64)
                .bind(photo.id.to_string())
                .execute(&mut *conn)
                .await?;
            }
            Some(_) => return Err(DeclareError::IdConflict),
            None => {
                sqlx::query(
                    r#"
                    INSERT INTO campaign_photos
                        (id, campaign, device_id, question, position, sha256, bytes, mime)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"#,
                )
                .bind(photo.id.to_string())
                .bind(campaign)
                .bind(&device)
                .bind(question)
                .bind(position as i64)
                .bind(&photo.sha256)
                .bind(photo.bytes as i64)
                .bind(&photo.mime)
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    let held: Vec<String> =
        sqlx::query_scalar("SELECT id FROM campaign_photos WHERE campaign = $1 AND device_id = $2")
            .bind(campaign)
            .bind(&device)
            .fetch_all(&mut *conn)
            .await?;
    let mut dropped = Vec::new();
    for id in held {
        if listed.iter().any(|(_, p)| p.id.to_string() == id) {
            continue;
        }
        sqlx::query("DELETE FROM campaign_photos WHERE id = $1")
            .bind(&id)
            .execute(&mut *conn)
            .await?;
        dropped.extend(Uuid::parse_str(&id).ok());
    }
    Ok(dropped)
}

/// The declared photo, if it belongs to `device`'s current response
/// `response` to `campaign`.
pub async fn upload(
    db: impl AnyExecutor<'_>,
    device: Uuid,
    campaign: &str,
    response: Uuid,
    photo: Uuid,
) -> sqlx::Result<Option<Upload>> {
    sqlx::query_as(
        r#"
        SELECT ph.sha256, ph.bytes, ph.mime, ph.received_bytes, ph.completed_at
        FROM campaign_photos ph
        JOIN campaign_responses r ON r.campaign = ph.campaign AND r.device_id = ph.device_id
        WHERE ph.id = $1 AND ph.campaign = $2 AND ph.device_id = $3 AND r.id = $4"#,
    )
    .bind(photo.to_string())
    .bind(campaign)
    .bind(device.to_string())
    .bind(response.to_string())
    .fetch_optional(db)
    .await
}

/// How many bytes of the photo the office holds (a resumable upload).
pub async fn set_received(
    db: impl AnyExecutor<'_>,
    photo: Uuid,
    received: u64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE campaign_photos SET received_bytes = $1 WHERE id = $2")
        .bind(received as i64)
        .bind(photo.to_string())
        .execute(db)
        .await?;
    Ok(())
}

/// Marks the photo whole (once).
pub async fn complete(conn: &mut AnyConnection, photo: Uuid, at: &str) -> sqlx::Result<()> {
    sqlx::query(
        r#"
        UPDATE campaign_photos SET received_bytes = bytes, completed_at = $1
        WHERE id = $2 AND completed_at IS NULL"#,
    )
    .bind(at)
    .bind(photo.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// A whole photo of the campaign's answers, as the desk serves it.
#[derive(Debug, sqlx::FromRow)]
pub struct WholePhoto {
    pub mime: String,
    /// The question it answers (a contact question's are for supervisors).
    pub question: String,
}

pub async fn whole(
    db: impl AnyExecutor<'_>,
    campaign: &str,
    photo: Uuid,
) -> sqlx::Result<Option<WholePhoto>> {
    sqlx::query_as(
        r#"
        SELECT mime, question FROM campaign_photos
        WHERE campaign = $1 AND id = $2 AND completed_at IS NOT NULL"#,
    )
    .bind(campaign)
    .bind(photo.to_string())
    .fetch_optional(db)
    .await
}
