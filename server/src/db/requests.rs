//! `resident_requests` and `supplements`: what a resident's device asked
//! about a case the office holds, under the id the app made for it.

use sqlx::{AnyConnection, AnyExecutor};
use uuid::Uuid;

/// A request received before under the same id.
#[derive(Debug, sqlx::FromRow)]
pub struct StoredRequest {
    pub petition_id: String,
    pub content_json: String,
    /// The change it made in the case's feed.
    pub seq: i64,
}

pub async fn by_id(db: impl AnyExecutor<'_>, id: Uuid) -> sqlx::Result<Option<StoredRequest>> {
    sqlx::query_as("SELECT petition_id, content_json, seq FROM resident_requests WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(db)
        .await
}

pub struct NewRequest<'a> {
    pub id: Uuid,
    pub petition: Uuid,
    pub device: Uuid,
    pub content_json: &'a str,
    pub seq: i64,
}

pub async fn insert(conn: &mut AnyConnection, request: &NewRequest<'_>) -> sqlx::Result<()> {
    sqlx::query(
        r#"
        INSERT INTO resident_requests (id, petition_id, device_id, content_json, seq)
        VALUES ($1, $2, $3, $4, $5)"#,
    )
    .bind(request.id.to_string())
    .bind(request.petition.to_string())
    .bind(request.device.to_string())
    .bind(request.content_json)
    .bind(request.seq)
    .execute(conn)
    .await?;
    Ok(())
}

/// A supplement's text; its photos are declared in `petition_photos`.
pub async fn insert_supplement(
    conn: &mut AnyConnection,
    id: Uuid,
    petition: Uuid,
    text: &str,
    at: &str,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO supplements (id, petition_id, text, at) VALUES ($1, $2, $3, $4)")
        .bind(id.to_string())
        .bind(petition.to_string())
        .bind(text)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}
