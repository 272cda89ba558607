//! `case_changes`: every change to a case, in order. It is the residents'
//! sync feed (its `seq` is their cursor) and the case's history on the desk.

use letterbox_core::lifecycle::CaseEvent;
use sqlx::{AnyConnection, AnyExecutor};
use uuid::Uuid;

/// A change about to be appended.
pub struct NewChange<'a> {
    pub petition: Uuid,
    /// The device that sent the petition: its feed carries the change.
    pub device: &'a str,
    pub status: &'a str,
    pub at: &'a str,
    /// Core's `CaseEvent` as JSON.
    pub event_json: &'a str,
}

/// Appends a change; returns its place in the feed.
pub async fn append(conn: &mut AnyConnection, change: &NewChange<'_>) -> sqlx::Result<i64> {
    super::locks::hold(conn, super::locks::CASE_FEED).await?;
    sqlx::query_scalar(
        r#"
        INSERT INTO case_changes (petition_id, device_id, status, at, event_json)
        VALUES ($1, $2, $3, $4, $5)
        RETURNING seq"#,
    )
    .bind(change.petition.to_string())
    .bind(change.device)
    .bind(change.status)
    .bind(change.at)
    .bind(change.event_json)
    .fetch_one(conn)
    .await
}

/// A stored change of one case.
#[derive(Debug, sqlx::FromRow)]
pub struct StoredChange {
    pub seq: i64,
    pub status: String,
    pub at: String,
    /// `None` for changes recorded before the lifecycle existed.
    pub event_json: Option<String>,
}

impl StoredChange {
    /// The event it carries, with its place in the feed.
    pub fn event(&self) -> Option<CaseEvent> {
        event(self.seq, self.event_json.as_deref())
    }
}

/// A stored event with its place in the feed; `None` when there is none
/// (or it is unreadable: the change is then shown by its status alone).
fn event(seq: i64, json: Option<&str>) -> Option<CaseEvent> {
    let mut event: CaseEvent = serde_json::from_str(json?).ok()?;
    event.seq = seq;
    Some(event)
}

/// A case's changes, oldest first.
pub async fn for_petition(
    db: impl AnyExecutor<'_>,
    petition: Uuid,
) -> sqlx::Result<Vec<StoredChange>> {
    sqlx::query_as(
        r#"
        SELECT seq, status, at, event_json
        FROM case_changes
        WHERE petition_id = $1
        ORDER BY seq"#,
    )
    .bind(petition.to_string())
    .fetch_all(db)
    .await
}

/// A change as a device's sync feed carries it.
#[derive(Debug, sqlx::FromRow)]
pub struct FeedRow {
    pub seq: i64,
    pub petition_id: String,
    pub case_number: String,
    pub status: String,
    pub at: String,
    pub event_json: Option<String>,
    /// The device that sent the petition (a follower is another device).
    pub device_id: String,
}

impl FeedRow {
    pub fn event(&self) -> Option<CaseEvent> {
        event(self.seq, self.event_json.as_deref())
    }
}

/// The changes after `cursor` of the cases `device` sent or follows, at
/// most `limit`, oldest first.
///
/// Two branches, each read through its own index and each cut at `limit`
/// before they meet: the device's own cases' changes by `(device_id, seq)`,
/// and the followed cases' changes by `(petition_id, seq)` (a followed case
/// the device sent itself is left to the first branch, so no change comes
/// twice). An `OR` of the two made SQLite walk every later change of every
/// device (review M10); `feed_reads_only_through_indexes` keeps it so.
pub async fn feed(
    db: impl AnyExecutor<'_>,
    device: Uuid,
    cursor: i64,
    limit: i64,
) -> sqlx::Result<Vec<FeedRow>> {
    sqlx::query_as(FEED)
        .bind(device.to_string())
        .bind(cursor)
        .bind(limit)
        .fetch_all(db)
        .await
}

const FEED: &str = r#"
    SELECT c.seq, c.petition_id, p.case_number, c.status, c.at, c.event_json, c.device_id
    FROM (
        SELECT * FROM (
            SELECT seq, petition_id, status, at, event_json, device_id
            FROM case_changes
            WHERE device_id = $1 AND seq > $2
            ORDER BY seq
            LIMIT $3) AS own
        UNION ALL
        SELECT * FROM (
            SELECT c.seq, c.petition_id, c.status, c.at, c.event_json, c.device_id
            FROM case_followers f
            JOIN case_changes c ON c.petition_id = f.petition_id AND c.seq > $2
            WHERE f.device_id = $1 AND c.device_id <> $1
            ORDER BY c.seq
            LIMIT $3) AS followed
    ) c
    JOIN petitions p ON p.id = c.petition_id
    ORDER BY c.seq
    LIMIT $3"#;

#[cfg(test)]
mod tests {
    use super::*;

    /// `EXPLAIN QUERY PLAN`'s lines for the feed's query.
    async fn plan(db: &crate::Db) -> Vec<String> {
        let rows: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(&format!("EXPLAIN QUERY PLAN {FEED}"))
                .bind(Uuid::nil().to_string())
                .bind(0_i64)
                .bind(100_i64)
                .fetch_all(&db.read)
                .await
                .unwrap();
        rows.into_iter().map(|r| r.3).collect()
    }

    #[tokio::test]
    async fn feed_reads_only_through_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::Db::open(dir.path()).await.unwrap();
        let plan = plan(&db).await;
        let text = plan.join("\n");
        assert!(
            text.contains(
                "case_changes USING INDEX case_changes_by_device (device_id=? AND seq>?)"
            ),
            "{text}"
        );
        assert!(
            text.contains("USING INDEX case_changes_by_petition (petition_id=? AND seq>?)"),
            "{text}"
        );
        for line in &plan {
            assert!(
                !(line.starts_with("SCAN") && line.contains("case_changes")),
                "a full scan of case_changes: {text}"
            );
            assert!(
                !line.contains("rowid>?"),
                "a walk of every later change: {text}"
            );
        }
    }
}
