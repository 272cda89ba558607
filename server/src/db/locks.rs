//! Serializing the requests about one thing. On SQLite every write
//! already goes through the one writer connection. On PostgreSQL several
//! transactions run at once (and on several instances), so a handler that
//! reads, decides and writes (an idempotent resend, a quota, a case's next
//! stage) first takes a lock on what it is about; the lock is held until
//! its transaction ends. Callers take a device's lock before a case's or a
//! key's, and staff take only a case's, so no two requests wait on each
//! other in a circle.

use sqlx::AnyConnection;

/// Holds `key` (e.g. `device:<uuid>`, `case:<uuid>`) until the
/// transaction on `conn` commits or rolls back.
pub async fn hold(conn: &mut AnyConnection, key: &str) -> sqlx::Result<()> {
    if conn.backend_name() != "PostgreSQL" {
        return Ok(());
    }
    // A transaction-scoped advisory lock on a 64-bit hash of the key: two
    // keys sharing a hash only wait for each other, never corrupt anything.
    sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended($1, 0))) AS held")
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}

/// The lock taken right before a feed's next `seq` is drawn (issue 13,
/// point 4). A phone reads `seq > cursor` and moves its cursor to the last
/// `seq` it saw, which is safe only if no smaller `seq` can still commit.
/// A sequence hands out numbers in one order and transactions commit in
/// another; with this lock held from the draw to the commit, the next
/// writer draws only after the previous one is visible (PostgreSQL makes a
/// commit visible before it releases the transaction's locks), so `seq`
/// order is commit order. SQLite's one writer already gives that.
pub const CASE_FEED: &str = "feed:case_changes";
/// The same for the campaign events' feed.
pub const CAMPAIGN_FEED: &str = "feed:campaign_events";

/// The lock of one phone's writes (its quotas, its resends).
pub fn device(id: uuid::Uuid) -> String {
    format!("device:{id}")
}

/// The lock of one case (its stage, its requests, its photos).
pub fn case(id: uuid::Uuid) -> String {
    format!("case:{id}")
}
