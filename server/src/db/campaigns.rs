//! `campaigns`, `campaign_responses`, `campaign_answers`,
//! `campaign_counts`: suggestion campaigns, one response per phone, its
//! answers row by row (for the texts and the export), and the results
//! kept counted by the database in the transaction that stores a
//! response, so reading them never goes through every answer.

use letterbox_core::campaign::{AnswerValue, Campaign, Response};
use sqlx::{AnyConnection, AnyExecutor};
use uuid::Uuid;

/// A campaign as stored: the definition and when it last changed.
#[derive(Debug, sqlx::FromRow)]
pub struct StoredCampaign {
    pub definition_json: String,
    pub updated_at: String,
}

impl StoredCampaign {
    /// The definition; `None` if the row cannot be read back (corrupt).
    pub fn campaign(&self) -> Option<Campaign> {
        serde_json::from_str(&self.definition_json).ok()
    }
}

fn definition_json(c: &Campaign) -> String {
    serde_json::to_string(c).expect("a campaign is plain data with string keys")
}

/// A new draft; false if the slug is taken.
pub async fn insert(
    conn: &mut AnyConnection,
    c: &Campaign,
    staff_id: i64,
    at: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        r#"
        INSERT INTO campaigns (slug, definition_json, state, opens_at, closes_at, closed_at,
                               results_public, created_by, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        ON CONFLICT (slug) DO NOTHING"#,
    )
    .bind(&c.slug)
    .bind(definition_json(c))
    .bind(c.state.as_str())
    .bind(&c.opens_at)
    .bind(&c.closes_at)
    .bind(&c.closed_at)
    .bind(i64::from(c.results_public))
    .bind(staff_id)
    .bind(at)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Stores the campaign's new definition, state or answer.
pub async fn update(conn: &mut AnyConnection, c: &Campaign, at: &str) -> sqlx::Result<()> {
    sqlx::query(
        r#"
        UPDATE campaigns
        SET definition_json = $1, state = $2, opens_at = $3, closes_at = $4, closed_at = $5,
            results_public = $6, updated_at = $7
        WHERE slug = $8"#,
    )
    .bind(definition_json(c))
    .bind(c.state.as_str())
    .bind(&c.opens_at)
    .bind(&c.closes_at)
    .bind(&c.closed_at)
    .bind(i64::from(c.results_public))
    .bind(at)
    .bind(&c.slug)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn by_slug(db: impl AnyExecutor<'_>, slug: &str) -> sqlx::Result<Option<StoredCampaign>> {
    sqlx::query_as("SELECT definition_json, updated_at FROM campaigns WHERE slug = $1")
        .bind(slug)
        .fetch_optional(db)
        .await
}

/// Published campaigns (open, upcoming or closed), newest closing first;
/// `include_drafts` for the desk.
pub async fn list(
    db: impl AnyExecutor<'_>,
    include_drafts: bool,
) -> sqlx::Result<Vec<StoredCampaign>> {
    sqlx::query_as(
        r#"
        SELECT definition_json, updated_at FROM campaigns
        WHERE state <> 'draft' OR $1
        ORDER BY closes_at DESC, slug"#,
    )
    .bind(include_drafts)
    .fetch_all(db)
    .await
}

/// This phone's response to the campaign, if any.
#[derive(Debug, sqlx::FromRow)]
pub struct StoredResponse {
    pub id: String,
    pub revision: i64,
    pub answered_at: String,
    pub received_at: String,
    pub content_json: String,
}

pub async fn response_of(
    db: impl AnyExecutor<'_>,
    campaign: &str,
    device: Uuid,
) -> sqlx::Result<Option<StoredResponse>> {
    sqlx::query_as(
        r#"
        SELECT id, revision, answered_at, received_at, content_json
        FROM campaign_responses WHERE campaign = $1 AND device_id = $2"#,
    )
    .bind(campaign)
    .bind(device.to_string())
    .fetch_optional(db)
    .await
}

/// Whether the id is used by some other phone or campaign.
pub async fn id_used_elsewhere(
    db: impl AnyExecutor<'_>,
    id: Uuid,
    campaign: &str,
    device: Uuid,
) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar(
        r#"
        SELECT COUNT(*) FROM campaign_responses
        WHERE id = $1 AND NOT (campaign = $2 AND device_id = $3)"#,
    )
    .bind(id.to_string())
    .bind(campaign)
    .bind(device.to_string())
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

/// A response to store: the first from this phone, or one replacing it.
pub struct NewResponse<'a> {
    pub campaign: &'a str,
    pub device: Uuid,
    pub response: &'a Response,
    pub content_json: &'a str,
    pub received_at: &'a str,
}

/// Stores the phone's response, replacing an earlier one (its answers
/// too), and gives its revision: 1 for the first.
pub async fn store_response(conn: &mut AnyConnection, r: &NewResponse<'_>) -> sqlx::Result<i64> {
    let earlier = response_of(&mut *conn, r.campaign, r.device).await?;
    let id = r.response.id.to_string();
    let revision = match &earlier {
        None => {
            sqlx::query(
                r#"
                INSERT INTO campaign_responses (id, campaign, device_id, revision, answered_at,
                                                first_received_at, received_at, content_json)
                VALUES ($1, $2, $3, 1, $4, $5, $6, $7)"#,
            )
            .bind(&id)
            .bind(r.campaign)
            .bind(r.device.to_string())
            .bind(&r.response.answered_at)
            .bind(r.received_at)
            .bind(r.received_at)
            .bind(r.content_json)
            .execute(&mut *conn)
            .await?;
            1
        }
        Some(old) => {
            count_answers(&mut *conn, r.campaign, &old.id, -1).await?;
            sqlx::query("DELETE FROM campaign_answers WHERE response_id = $1")
                .bind(&old.id)
                .execute(&mut *conn)
                .await?;
            sqlx::query(
                r#"
                UPDATE campaign_responses
                SET id = $1, revision = revision + 1, answered_at = $2, received_at = $3,
                    content_json = $4
                WHERE campaign = $5 AND device_id = $6"#,
            )
            .bind(&id)
            .bind(&r.response.answered_at)
            .bind(r.received_at)
            .bind(r.content_json)
            .bind(r.campaign)
            .bind(r.device.to_string())
            .execute(&mut *conn)
            .await?;
            old.revision + 1
        }
    };
    for answer in &r.response.answers {
        let rows: Vec<(Option<String>, Option<String>)> = match &answer.value {
            v if v.is_empty() => Vec::new(),
            AnswerValue::Choice { option } => vec![(Some(option.clone()), None)],
            AnswerValue::Choices { options } => {
                options.iter().map(|o| (Some(o.clone()), None)).collect()
            }
            AnswerValue::Scale { value } => vec![(Some(value.to_string()), None)],
            AnswerValue::Text { text, .. } => vec![(None, Some(text.trim().to_owned()))],
        };
        for (choice, text) in rows {
            sqlx::query(
                r#"
                INSERT INTO campaign_answers (response_id, campaign, question, choice, text)
                VALUES ($1, $2, $3, $4, $5)"#,
            )
            .bind(&id)
            .bind(r.campaign)
            .bind(&answer.question)
            .bind(choice)
            .bind(text)
            .execute(&mut *conn)
            .await?;
        }
    }
    count_answers(&mut *conn, r.campaign, &id, 1).await?;
    Ok(revision)
}

/// Adds (`sign` 1) or takes away (-1) one response's answers in
/// `campaign_counts`: each picked option, and each question answered.
async fn count_answers(
    conn: &mut AnyConnection,
    campaign: &str,
    response: &str,
    sign: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        r#"
        INSERT INTO campaign_counts (campaign, question, choice, count)
        SELECT $1, question, choice, $3 * COUNT(*) FROM campaign_answers
        WHERE response_id = $2 AND choice IS NOT NULL
        GROUP BY question, choice
        ON CONFLICT (campaign, question, choice) DO UPDATE SET count = campaign_counts.count + excluded.count"#,
    )
    .bind(campaign)
    .bind(response)
    .bind(sign)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        r#"
        INSERT INTO campaign_counts (campaign, question, choice, count)
        SELECT DISTINCT $1, question, '', $3 FROM campaign_answers
        WHERE response_id = $2
        ON CONFLICT (campaign, question, choice) DO UPDATE SET count = campaign_counts.count + excluded.count"#,
    )
    .bind(campaign)
    .bind(response)
    .bind(sign)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// How many responses the campaign has.
pub async fn response_count(db: impl AnyExecutor<'_>, campaign: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM campaign_responses WHERE campaign = $1")
        .bind(campaign)
        .fetch_one(db)
        .await
}

/// One count of the results: how many responses picked `choice` of
/// `question`.
#[derive(Debug, sqlx::FromRow)]
pub struct ChoiceCount {
    pub question: String,
    pub choice: String,
    pub count: i64,
}

pub async fn choice_counts(
    db: impl AnyExecutor<'_>,
    campaign: &str,
) -> sqlx::Result<Vec<ChoiceCount>> {
    sqlx::query_as(
        r#"
        SELECT question, choice, count FROM campaign_counts
        WHERE campaign = $1 AND choice <> '' AND count > 0"#,
    )
    .bind(campaign)
    .fetch_all(db)
    .await
}

/// How many responses answered each question.
#[derive(Debug, sqlx::FromRow)]
pub struct Answered {
    pub question: String,
    pub responses: i64,
}

pub async fn answered(db: impl AnyExecutor<'_>, campaign: &str) -> sqlx::Result<Vec<Answered>> {
    sqlx::query_as(
        r#"
        SELECT question, count AS responses FROM campaign_counts
        WHERE campaign = $1 AND choice = ''"#,
    )
    .bind(campaign)
    .fetch_all(db)
    .await
}

/// Escapes `%`, `_` and `\` so a search matches its words literally
/// (with `ESCAPE '\'`).
fn like_pattern(words: &str) -> String {
    let escaped = words
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// One free-text answer, with when its response last arrived.
#[derive(Debug, sqlx::FromRow)]
pub struct TextAnswer {
    pub text: String,
    pub received_at: String,
    /// The ids of the photos that came whole with it, comma-separated in
    /// the order the phone listed them.
    pub photos: Option<String>,
}

impl TextAnswer {
    pub fn photo_ids(&self) -> Vec<Uuid> {
        self.photos
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .filter_map(|id| Uuid::parse_str(id).ok())
            .collect()
    }
}

/// The text answers to `question` (words, photos or both: a blank
/// answer has no row), newest first, containing `search` if
/// given; `limit` of them after `offset`.
pub async fn texts(
    db: impl AnyExecutor<'_>,
    campaign: &str,
    question: &str,
    search: Option<&str>,
    offset: i64,
    limit: i64,
) -> sqlx::Result<Vec<TextAnswer>> {
    sqlx::query_as(
        r#"
        SELECT a.text AS text, r.received_at AS received_at,
               (SELECT group_concat(id) FROM (
                    SELECT ph.id FROM campaign_photos ph
                    WHERE ph.campaign = a.campaign AND ph.device_id = r.device_id
                      AND ph.question = a.question AND ph.completed_at IS NOT NULL
                    ORDER BY ph.position) AS listed) AS photos
        FROM campaign_answers a JOIN campaign_responses r ON r.id = a.response_id
        WHERE a.campaign = $1 AND a.question = $2 AND a.choice IS NULL
          AND ($3 IS NULL OR a.text LIKE $4 ESCAPE '\')
        ORDER BY a.rowid DESC
        LIMIT $5 OFFSET $6"#,
    )
    .bind(campaign)
    .bind(question)
    .bind(search)
    .bind(search.map(like_pattern))
    .bind(limit)
    .bind(offset)
    .fetch_all(db)
    .await
}

/// How many text answers `texts` would page through.
pub async fn text_count(
    db: impl AnyExecutor<'_>,
    campaign: &str,
    question: &str,
    search: Option<&str>,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        r#"
        SELECT COUNT(*) FROM campaign_answers
        WHERE campaign = $1 AND question = $2 AND choice IS NULL
          AND ($3 IS NULL OR text LIKE $4 ESCAPE '\')"#,
    )
    .bind(campaign)
    .bind(question)
    .bind(search)
    .bind(search.map(like_pattern))
    .fetch_one(db)
    .await
}

/// New responses on one day (China time).
#[derive(Debug, sqlx::FromRow)]
pub struct DayCount {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub count: i64,
}

/// Responses by the China day they first arrived, oldest day first (a
/// changed answer stays on its first day).
pub async fn responses_per_day(
    db: impl AnyExecutor<'_>,
    campaign: &str,
) -> sqlx::Result<Vec<DayCount>> {
    sqlx::query_as(
        r#"
        SELECT date(first_received_at, '+8 hours') AS day, COUNT(*) AS count
        FROM campaign_responses
        WHERE campaign = $1
        GROUP BY day
        ORDER BY day"#,
    )
    .bind(campaign)
    .fetch_all(db)
    .await
}

/// A response for the export: the latest revision's content and its
/// times, never the device it came from.
#[derive(Debug, sqlx::FromRow)]
pub struct ExportedResponse {
    pub seq: i64,
    pub revision: i64,
    pub first_received_at: String,
    pub received_at: String,
    pub content_json: String,
}

/// Up to `limit` responses after `after` (a `seq` of the previous page; 0
/// to start), in the order they first arrived: the export pages through
/// them rather than loading them all.
pub async fn export_page(
    db: impl AnyExecutor<'_>,
    campaign: &str,
    after: i64,
    limit: i64,
) -> sqlx::Result<Vec<ExportedResponse>> {
    sqlx::query_as(
        r#"
        SELECT rowid AS seq, revision, first_received_at, received_at, content_json
        FROM campaign_responses
        WHERE campaign = $1 AND rowid > $2
        ORDER BY rowid
        LIMIT $3"#,
    )
    .bind(campaign)
    .bind(after)
    .bind(limit)
    .fetch_all(db)
    .await
}
