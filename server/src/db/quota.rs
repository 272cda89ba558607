//! Counts for the quotas (see `crate::quota`): what one device sent since
//! an instant, and what one case holds. Times are compared as stored text:
//! the server stamps every row with `clock::rfc3339`, UTC with a `Z`, so a
//! bound written `YYYY-MM-DDTHH:MM:SS` (no zone, no fraction) sorts before
//! every stamp of that second and after every stamp of the second before.

use sqlx::AnyExecutor;
use uuid::Uuid;

/// New petitions the device sent since `since`.
pub async fn petitions_since(
    db: impl AnyExecutor<'_>,
    device: Uuid,
    since: &str,
) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM petitions WHERE device_id = $1 AND received_at >= $2")
        .bind(device.to_string())
        .bind(since)
        .fetch_one(db)
        .await
}

/// Requests about cases (every kind) the device sent since `since`: each
/// made a change in the feed, which carries the time.
pub async fn follow_ups_since(
    db: impl AnyExecutor<'_>,
    device: Uuid,
    since: &str,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        r#"
        SELECT COUNT(*)
        FROM resident_requests r
        JOIN case_changes c ON c.seq = r.seq
        WHERE r.device_id = $1 AND c.at >= $2"#,
    )
    .bind(device.to_string())
    .bind(since)
    .fetch_one(db)
    .await
}

/// Campaign answers the device sent or changed since `since` (one row per
/// campaign: a change replaces the row and moves its `received_at`).
pub async fn campaign_answers_since(
    db: impl AnyExecutor<'_>,
    device: Uuid,
    since: &str,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM campaign_responses WHERE device_id = $1 AND received_at >= $2",
    )
    .bind(device.to_string())
    .bind(since)
    .fetch_one(db)
    .await
}

/// Supplements the case holds.
pub async fn supplements_of(db: impl AnyExecutor<'_>, petition: Uuid) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM supplements WHERE petition_id = $1")
        .bind(petition.to_string())
        .fetch_one(db)
        .await
}

/// How many photos a case holds, and their bytes, declared so far.
pub async fn photos_of(db: impl AnyExecutor<'_>, petition: Uuid) -> sqlx::Result<(i64, i64)> {
    sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(bytes), 0) AS BIGINT) FROM petition_photos WHERE petition_id = $1",
    )
    .bind(petition.to_string())
    .fetch_one(db)
    .await
}
