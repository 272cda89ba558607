//! `rate_counters`: one row per counted key (see `crate::rate_limit`),
//! read and written inside the caller's transaction, which holds the key's
//! lock (`locks::hold`) from the read to the commit.

use sqlx::{AnyConnection, AnyExecutor, FromRow};

/// A key's stored state; what the two numbers mean depends on the kind of
/// key (`crate::rate_limit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromRow)]
pub struct Counter {
    pub started: i64,
    pub amount: i64,
}

/// Expired rows cleared by each write: more than a write can add, so
/// however many keys a flood brings, the table holds the live ones and a
/// few more.
const CLEARED_PER_WRITE: i64 = 8;

/// `key`'s state, if it has one that has not expired by `now`.
pub async fn get(conn: &mut AnyConnection, key: &str, now: i64) -> sqlx::Result<Option<Counter>> {
    sqlx::query_as("SELECT started, amount FROM rate_counters WHERE key = $1 AND expires > $2")
        .bind(key)
        .bind(now)
        .fetch_optional(conn)
        .await
}

/// Stores `key`'s state until `expires`, and clears a few rows that
/// expired before `now`.
pub async fn put(
    conn: &mut AnyConnection,
    key: &str,
    counter: Counter,
    expires: i64,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO rate_counters (key, started, amount, expires) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (key) DO UPDATE SET started = excluded.started, amount = excluded.amount, \
         expires = excluded.expires",
    )
    .bind(key)
    .bind(counter.started)
    .bind(counter.amount)
    .bind(expires)
    .execute(&mut *conn)
    .await?;
    // On PostgreSQL another transaction may be writing an expired row
    // again (its key came back): skip it rather than wait, as that
    // transaction may be about to clear a row this one holds.
    let skip_locked = if conn.backend_name() == "PostgreSQL" {
        " FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    sqlx::query(&format!(
        "DELETE FROM rate_counters WHERE key IN \
         (SELECT key FROM rate_counters WHERE expires < $1 LIMIT $2{skip_locked})"
    ))
    .bind(now)
    .bind(CLEARED_PER_WRITE)
    .execute(conn)
    .await?;
    Ok(())
}

/// Rows held now, live or expired (tests, and the operator's curiosity).
pub async fn count(db: impl AnyExecutor<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM rate_counters")
        .fetch_one(db)
        .await
}
