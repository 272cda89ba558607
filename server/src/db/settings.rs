//! `server_settings`: what every instance of one deployment must agree on,
//! kept in the database they share. Today: the fingerprint of the
//! query-code key (never the key itself: a stolen database must reveal no
//! query code).

use sqlx::AnyPool;

const KEY_FINGERPRINT: &str = "query_key_fingerprint";

#[derive(Debug)]
pub enum KeyMismatch {
    /// The database was used with another key.
    Differs,
    Database(sqlx::Error),
}

/// Records `fingerprint` on the first start; on every later start, the
/// same fingerprint must come back.
pub async fn agree_on_key(db: &AnyPool, fingerprint: &str) -> Result<(), KeyMismatch> {
    sqlx::query(
        "INSERT INTO server_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind(KEY_FINGERPRINT)
    .bind(fingerprint)
    .execute(db)
    .await
    .map_err(KeyMismatch::Database)?;
    let stored: String = sqlx::query_scalar("SELECT value FROM server_settings WHERE name = $1")
        .bind(KEY_FINGERPRINT)
        .fetch_one(db)
        .await
        .map_err(KeyMismatch::Database)?;
    if stored == fingerprint {
        Ok(())
    } else {
        Err(KeyMismatch::Differs)
    }
}
