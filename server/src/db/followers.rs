//! `case_followers`: other devices of the petitioner's that follow a case
//! with its case number and query code (Art. 18).

use sqlx::AnyExecutor;
use uuid::Uuid;

/// `device` follows `petition` from `since` on; following twice is once.
pub async fn follow(
    db: impl AnyExecutor<'_>,
    device: Uuid,
    petition: Uuid,
    since: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        r#"
        INSERT INTO case_followers (device_id, petition_id, since) VALUES ($1, $2, $3)
        ON CONFLICT DO NOTHING"#,
    )
    .bind(device.to_string())
    .bind(petition.to_string())
    .bind(since)
    .execute(db)
    .await?;
    Ok(())
}
