//! `campaign_events`: the changes to published campaigns that every
//! phone's sync feed carries (its `seq` is the feed's campaign cursor).

use sqlx::{AnyConnection, AnyExecutor};

/// Appends an event in the transaction that made the change.
pub async fn append(
    conn: &mut AnyConnection,
    campaign: &str,
    action: &str,
    at: &str,
) -> sqlx::Result<()> {
    super::locks::hold(conn, super::locks::CAMPAIGN_FEED).await?;
    sqlx::query("INSERT INTO campaign_events (campaign, action, at) VALUES ($1, $2, $3)")
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
    db: impl AnyExecutor<'_>,
    cursor: i64,
    limit: i64,
) -> sqlx::Result<Vec<CampaignEventRow>> {
    sqlx::query_as(
        r#"
        SELECT seq, campaign, action, at FROM campaign_events
        WHERE seq > $1 ORDER BY seq LIMIT $2"#,
    )
    .bind(cursor)
    .bind(limit)
    .fetch_all(db)
    .await
}
