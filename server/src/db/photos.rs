//! `petition_photos`: each declared photo (the manifest) and how much of
//! it has arrived. The bytes themselves are files under
//! `<data-dir>/photos/` (see `AppState::photo_path`).

use letterbox_core::api::PhotoManifestEntry;
use sqlx::{AnyConnection, AnyExecutor};
use uuid::Uuid;

/// A photo as declared in the petition or a supplement.
#[derive(Debug, sqlx::FromRow)]
pub struct DeclaredPhoto {
    pub photo_id: String,
    pub sha256: String,
    pub bytes: i64,
    pub mime: String,
}

/// Declares a petition's photo at `position`.
pub async fn declare(
    conn: &mut AnyConnection,
    petition: Uuid,
    position: usize,
    photo: &PhotoManifestEntry,
) -> sqlx::Result<()> {
    sqlx::query(
        r#"
        INSERT INTO petition_photos (petition_id, photo_id, position, sha256, bytes, mime)
        VALUES ($1, $2, $3, $4, $5, $6)"#,
    )
    .bind(petition.to_string())
    .bind(photo.id.to_string())
    .bind(position as i64)
    .bind(&photo.sha256)
    .bind(photo.bytes as i64)
    .bind(&photo.mime)
    .execute(conn)
    .await?;
    Ok(())
}

/// Declares a supplement's photo after the case's others. `false` when the
/// case already has a photo with that id.
pub async fn declare_for_supplement(
    conn: &mut AnyConnection,
    petition: Uuid,
    supplement: Uuid,
    photo: &PhotoManifestEntry,
) -> sqlx::Result<bool> {
    let inserted = sqlx::query(
        r#"
        INSERT INTO petition_photos (petition_id, photo_id, position, sha256, bytes, mime,
                                     supplement_id)
        VALUES ($1, $2,
                (SELECT COALESCE(MAX(position), -1) + 1
                 FROM petition_photos WHERE petition_id = $3),
                $4, $5, $6, $7)"#,
    )
    .bind(petition.to_string())
    .bind(photo.id.to_string())
    .bind(petition.to_string())
    .bind(&photo.sha256)
    .bind(photo.bytes as i64)
    .bind(&photo.mime)
    .bind(supplement.to_string())
    .execute(conn)
    .await;
    match inserted {
        Ok(_) => Ok(true),
        Err(e) if super::errors::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The case's declared photos, in order.
pub async fn manifest(
    db: impl AnyExecutor<'_>,
    petition: Uuid,
) -> sqlx::Result<Vec<DeclaredPhoto>> {
    sqlx::query_as(
        r#"
        SELECT photo_id, sha256, bytes, mime
        FROM petition_photos
        WHERE petition_id = $1
        ORDER BY position"#,
    )
    .bind(petition.to_string())
    .fetch_all(db)
    .await
}

/// A photo on its way in.
#[derive(Debug, sqlx::FromRow)]
pub struct Upload {
    pub sha256: String,
    pub bytes: i64,
    pub mime: String,
    pub received_bytes: i64,
    pub completed_at: Option<String>,
}

/// The declared photo, if `device` sent the petition that declared it.
pub async fn upload(
    db: impl AnyExecutor<'_>,
    device: Uuid,
    petition: Uuid,
    photo: Uuid,
) -> sqlx::Result<Option<Upload>> {
    sqlx::query_as(
        r#"
        SELECT ph.sha256, ph.bytes, ph.mime, ph.received_bytes, ph.completed_at
        FROM petition_photos ph
        JOIN petitions p ON p.id = ph.petition_id
        WHERE ph.petition_id = $1 AND ph.photo_id = $2 AND p.device_id = $3"#,
    )
    .bind(petition.to_string())
    .bind(photo.to_string())
    .bind(device.to_string())
    .fetch_optional(db)
    .await
}

/// How many bytes of the photo the office holds (a resumable upload).
pub async fn set_received(
    db: impl AnyExecutor<'_>,
    petition: Uuid,
    photo: Uuid,
    received: u64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE petition_photos SET received_bytes = $1 WHERE petition_id = $2 AND photo_id = $3",
    )
    .bind(received as i64)
    .bind(petition.to_string())
    .bind(photo.to_string())
    .execute(db)
    .await?;
    Ok(())
}

/// Marks the photo whole (once).
pub async fn complete(
    conn: &mut AnyConnection,
    petition: Uuid,
    photo: Uuid,
    at: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        r#"
        UPDATE petition_photos SET received_bytes = bytes, completed_at = $1
        WHERE petition_id = $2 AND photo_id = $3 AND completed_at IS NULL"#,
    )
    .bind(at)
    .bind(petition.to_string())
    .bind(photo.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// How many of the case's photos have not arrived whole.
pub async fn missing(conn: &mut AnyConnection, petition: Uuid) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM petition_photos WHERE petition_id = $1 AND completed_at IS NULL",
    )
    .bind(petition.to_string())
    .fetch_one(conn)
    .await
}

/// A photo as the desk lists it.
#[derive(Debug, sqlx::FromRow)]
pub struct CasePhoto {
    pub photo_id: String,
    pub completed_at: Option<String>,
}

pub async fn for_case(db: impl AnyExecutor<'_>, petition: Uuid) -> sqlx::Result<Vec<CasePhoto>> {
    sqlx::query_as(
        r#"
        SELECT photo_id, completed_at
        FROM petition_photos
        WHERE petition_id = $1
        ORDER BY position"#,
    )
    .bind(petition.to_string())
    .fetch_all(db)
    .await
}

/// The type of a photo that arrived whole.
pub async fn completed_mime(
    db: impl AnyExecutor<'_>,
    petition: Uuid,
    photo: Uuid,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        r#"
        SELECT mime
        FROM petition_photos
        WHERE petition_id = $1 AND photo_id = $2 AND completed_at IS NOT NULL"#,
    )
    .bind(petition.to_string())
    .bind(photo.to_string())
    .fetch_optional(db)
    .await
}
