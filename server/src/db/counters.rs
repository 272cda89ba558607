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

/// Expired rows cleared by each counting transaction: more than one can
/// add (a sign-in writes three keys), so however many keys a flood
/// brings, the table holds the live ones and a few more.
const CLEARED_PER_WRITE: i64 = 8;

/// `key`'s state, if it has one that has not expired by `now`.
pub async fn get(conn: &mut AnyConnection, key: &str, now: i64) -> sqlx::Result<Option<Counter>> {
    sqlx::query_as("SELECT started, amount FROM rate_counters WHERE key = $1 AND expires > $2")
        .bind(key)
        .bind(now)
        .fetch_optional(conn)
        .await
}

/// Stores `key`'s state until `expires`.
pub async fn put(
    conn: &mut AnyConnection,
    key: &str,
    counter: Counter,
    expires: i64,
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
    .execute(conn)
    .await?;
    Ok(())
}

/// Clears a few rows that expired before `now`. The last statement of a
/// counting transaction: on PostgreSQL the rows it deletes stay locked
/// until the commit, so nothing after it may wait on another transaction
/// (which may be writing one of those keys again, and wait on these), and
/// rows another transaction holds are skipped rather than waited for.
pub async fn clear_expired(conn: &mut AnyConnection, now: i64) -> sqlx::Result<()> {
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
