//! `devices`: installed apps and the SHA-256 of their bearer tokens.

use sqlx::AnyExecutor;
use uuid::Uuid;

pub async fn insert(
    db: impl AnyExecutor<'_>,
    id: Uuid,
    token_hash: &str,
    created_at: &str,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO devices (id, token_hash, created_at) VALUES ($1, $2, $3)")
        .bind(id.to_string())
        .bind(token_hash)
        .bind(created_at)
        .execute(db)
        .await?;
    Ok(())
}

/// The device whose token hashes to `token_hash`.
pub async fn by_token_hash(
    db: impl AnyExecutor<'_>,
    token_hash: &str,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT id FROM devices WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(db)
        .await
}
