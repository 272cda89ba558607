//! `campaign_events`: the changes to published campaigns that every
//! phone's sync feed carries (its `seq` is the feed's campaign cursor).

use sqlx::{SqliteConnection, SqliteExecutor};

/// Appends an event in the transaction that made the change.
pub async fn append(
    conn: &mut SqliteConnection,
    campaign: &str,
    action: &str,
    at: &str,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO campaign_events (campaign, action, at) VALUES (?, ?, ?)")
        .bind(campaign)
        .bind(action)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, sqlx::FromRow)]
pub struct CampaignEventRow {
    pub seq: i64,
    pub campaign: String,
    pub action: String,
    pub at: String,
}

/// The events after `cursor`, oldest first, at most `limit`.
pub async fn after(
    db: impl SqliteExecutor<'_>,
    cursor: i64,
    limit: i64,
) -> sqlx::Result<Vec<CampaignEventRow>> {
    sqlx::query_as(
        r#"
        SELECT seq, campaign, action, at FROM campaign_events
        WHERE seq > ? ORDER BY seq LIMIT ?"#,
    )
    .bind(cursor)
    .bind(limit)
    .fetch_all(db)
    .await
}
