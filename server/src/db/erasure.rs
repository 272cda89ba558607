//! The three ways a resident's data leaves the office: a phone forgotten
//! at its own request (`forget_device`), a case erased at a request made
//! in person (`erase_case`), and closed cases past the retention period
//! (`expired_cases`, `strip_identity_and_photos`). The files go in
//! `crate::erasure`, which calls these.
//!
//! Cases stay with the office (the Regulations require the record); what
//! is cut is what says who sent them. Tables that must name a device
//! (`petitions.device_id` and its kin are `NOT NULL REFERENCES devices`)
//! are pointed at a fresh *tombstone*: a device row with no usable token,
//! one per case or campaign answer, so nothing ties the forgotten cases
//! together or to the phone.

use serde::Serialize;
use sqlx::{AnyConnection, AnyExecutor};
use uuid::Uuid;

/// A token hash no token has: SHA-256 hex is 64 hex digits.
const TOMBSTONE_MARK: &str = "forgotten:";

/// A device row that no token opens, standing in for a forgotten phone.
async fn tombstone(conn: &mut AnyConnection, at: &str) -> sqlx::Result<String> {
    let id = Uuid::now_v7().to_string();
    sqlx::query("INSERT INTO devices (id, token_hash, created_at) VALUES ($1, $2, $3)")
        .bind(&id)
        .bind(format!("{TOMBSTONE_MARK}{id}"))
        .bind(at)
        .execute(conn)
        .await?;
    Ok(id)
}

/// Points one case, its history and every request about it at a fresh
/// tombstone, and drops its followers: nothing links it to a phone.
async fn unlink_case(conn: &mut AnyConnection, petition: &str, at: &str) -> sqlx::Result<()> {
    let stone = tombstone(conn, at).await?;
    for sql in [
        "UPDATE petitions SET device_id = $1 WHERE id = $2",
        "UPDATE case_changes SET device_id = $1 WHERE petition_id = $2",
        "UPDATE resident_requests SET device_id = $1 WHERE petition_id = $2",
    ] {
        sqlx::query(sql)
            .bind(&stone)
            .bind(petition)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM case_followers WHERE petition_id = $1")
        .bind(petition)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// What forgetting a phone did.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct Forgotten {
    /// Cases the phone sent: kept by the office, no longer linked to it.
    pub cases_kept: u64,
    /// Cases the phone followed: it follows them no longer.
    pub follows_removed: u64,
    /// Campaign answers: still counted, no longer linked to it.
    pub campaign_answers_kept: u64,
    /// Photos whose upload had not finished: what had arrived is deleted.
    #[serde(skip)]
    pub unfinished_photos: Vec<UnfinishedPhoto>,
}

/// A photo upload cut short, whose partial file is to be deleted.
#[derive(Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct UnfinishedPhoto {
    /// `None` for a photo on a campaign answer.
    pub petition_id: Option<String>,
    pub photo_id: String,
}

/// Forgets `device` (in one transaction, run by the caller): its follows
/// are removed; its cases, their requests and its campaign answers stay
/// with the office, each tied to its own tombstone; its row and token go.
/// Follows of its cases by the resident's other phones go too: the case
/// is no longer the resident's to share. Returns `None` for no device.
pub async fn forget_device(
    conn: &mut AnyConnection,
    device: Uuid,
    at: &str,
) -> sqlx::Result<Option<Forgotten>> {
    let me = device.to_string();
    let known: Option<String> = sqlx::query_scalar("SELECT id FROM devices WHERE id = $1")
        .bind(&me)
        .fetch_optional(&mut *conn)
        .await?;
    if known.is_none() {
        return Ok(None);
    }
    let mut done = Forgotten {
        unfinished_photos: sqlx::query_as(
            r#"
            SELECT ph.petition_id, ph.photo_id
            FROM petition_photos ph
            JOIN petitions p ON p.id = ph.petition_id
            WHERE p.device_id = $1 AND ph.completed_at IS NULL
            UNION ALL
            SELECT NULL, id FROM campaign_photos
            WHERE device_id = $2 AND completed_at IS NULL"#,
        )
        .bind(&me)
        .bind(&me)
        .fetch_all(&mut *conn)
        .await?,
        ..Forgotten::default()
    };
    done.follows_removed = sqlx::query("DELETE FROM case_followers WHERE device_id = $1")
        .bind(&me)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    let cases: Vec<String> = sqlx::query_scalar("SELECT id FROM petitions WHERE device_id = $1")
        .bind(&me)
        .fetch_all(&mut *conn)
        .await?;
    for case in &cases {
        unlink_case(conn, case, at).await?;
    }
    done.cases_kept = cases.len() as u64;
    // Requests about cases it only followed: the case is another phone's,
    // the request stays in that case's history, unlinked.
    let rest = tombstone(conn, at).await?;
    for sql in [
        "UPDATE resident_requests SET device_id = $1 WHERE device_id = $2",
        "UPDATE case_changes SET device_id = $1 WHERE device_id = $2",
    ] {
        sqlx::query(sql)
            .bind(&rest)
            .bind(&me)
            .execute(&mut *conn)
            .await?;
    }
    // Campaign answers are anonymous counts already published or about to
    // be: they stay counted (deleting them would change results the office
    // may have announced); each answer and its photos get their own
    // tombstone, as `(campaign, device_id)` is unique.
    let campaigns: Vec<String> =
        sqlx::query_scalar("SELECT campaign FROM campaign_responses WHERE device_id = $1")
            .bind(&me)
            .fetch_all(&mut *conn)
            .await?;
    for campaign in &campaigns {
        let stone = tombstone(conn, at).await?;
        for sql in [
            "UPDATE campaign_responses SET device_id = $1 WHERE campaign = $2 AND device_id = $3",
            "UPDATE campaign_photos SET device_id = $1 WHERE campaign = $2 AND device_id = $3",
        ] {
            sqlx::query(sql)
                .bind(&stone)
                .bind(campaign)
                .bind(&me)
                .execute(&mut *conn)
                .await?;
        }
    }
    done.campaign_answers_kept = campaigns.len() as u64;
    // Photos of campaign answers that never had an answer sent.
    sqlx::query("UPDATE campaign_photos SET device_id = $1 WHERE device_id = $2")
        .bind(&rest)
        .bind(&me)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM devices WHERE id = $1")
        .bind(&me)
        .execute(&mut *conn)
        .await?;
    Ok(Some(done))
}

/// Removes a case's identity (and its keyed hash) and its photo rows;
/// the case's content and history stay. Returns how many photos it had.
pub async fn strip_identity_and_photos(
    conn: &mut AnyConnection,
    petition: &str,
) -> sqlx::Result<u64> {
    sqlx::query("DELETE FROM petition_identities WHERE petition_id = $1")
        .bind(petition)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE petitions SET identity_hmac = NULL WHERE id = $1")
        .bind(petition)
        .execute(&mut *conn)
        .await?;
    Ok(
        sqlx::query("DELETE FROM petition_photos WHERE petition_id = $1")
            .bind(petition)
            .execute(&mut *conn)
            .await?
            .rows_affected(),
    )
}

/// Erases what identifies the sender of one case (a request made in
/// person): identity, photos, device link and followers.
pub async fn erase_case(conn: &mut AnyConnection, petition: &str, at: &str) -> sqlx::Result<u64> {
    let photos = strip_identity_and_photos(conn, petition).await?;
    unlink_case(conn, petition, at).await?;
    Ok(photos)
}

/// A closed case past the retention period that still holds an identity
/// or photos.
#[derive(Debug, sqlx::FromRow)]
pub struct ExpiredCase {
    pub id: String,
    pub case_number: String,
}

/// Cases in one of `closed` (wire names, as JSON) whose last change is
/// before `cutoff` and that still hold an identity or a photo.
pub async fn expired_cases(
    db: impl AnyExecutor<'_>,
    closed: &str,
    cutoff: &str,
) -> sqlx::Result<Vec<ExpiredCase>> {
    sqlx::query_as(
        r#"
        SELECT p.id, p.case_number
        FROM petitions p
        WHERE p.status IN (SELECT value FROM json_each($1))
          AND (SELECT MAX(c.at) FROM case_changes c WHERE c.petition_id = p.id) < $2
          AND (EXISTS (SELECT 1 FROM petition_identities i WHERE i.petition_id = p.id)
               OR EXISTS (SELECT 1 FROM petition_photos ph WHERE ph.petition_id = p.id))
        ORDER BY p.received_at"#,
    )
    .bind(closed)
    .bind(cutoff)
    .fetch_all(db)
    .await
}
