//! A resident's data leaving the office (Regulations Art. 30, PIPL Art.
//! 47): a phone forgotten at its own request, a case erased at a request
//! made in person (`letterbox-server erase --case`), and closed cases
//! that outlived the retention period (`--retention-days`). The rows go
//! in `db::my_data`, in one transaction; the photo files go here, after
//! the commit, so a file is never missing for a row that stayed.
//!
//! Each keeps the case itself (content and history): the office must keep
//! its record of a petition. What goes is what says who sent it.

use letterbox_core::status::CaseStatus;
use time::Duration;
use uuid::Uuid;

use crate::clock::rfc3339;
use crate::db;
use crate::db::erasure::{Forgotten, UnfinishedPhoto};
use crate::photo_store;
use crate::state::AppState;

/// The audit log's word for each (no staff member did it).
pub const FORGOTTEN_ACTION: &str = "device_forgotten";
pub const ERASED_ACTION: &str = "case_erased";
pub const PURGED_ACTION: &str = "retention_purge";

/// Forgets a phone (`DELETE /devices/me`); `None` if it is unknown.
pub async fn forget_device(state: &AppState, device: Uuid) -> sqlx::Result<Option<Forgotten>> {
    let at = rfc3339(state.clock.now());
    let mut tx = state.db.write.begin().await?;
    db::locks::hold(&mut tx, &db::locks::device(device)).await?;
    let cases: Vec<Uuid> = db::my_data::petitions_of(&mut *tx, device)
        .await?
        .iter()
        .filter_map(|p| Uuid::parse_str(&p.id).ok())
        .collect();
    let Some(done) = db::erasure::forget_device(&mut tx, device, &at).await? else {
        return Ok(None);
    };
    for case in cases {
        let entry = db::audit::AuditEntry {
            at: &at,
            staff_id: None,
            action: FORGOTTEN_ACTION,
            petition: Some(case),
            detail: "the sending phone asked to be forgotten; the case is kept without it",
        };
        db::audit::record(&mut *tx, &entry).await?;
    }
    tx.commit().await?;
    for photo in &done.unfinished_photos {
        remove_partial(state, photo).await;
    }
    Ok(Some(done))
}

/// The store's name of the pieces of an upload the phone never finished.
fn partial_name(photo: &UnfinishedPhoto) -> String {
    let id = Uuid::parse_str(&photo.photo_id).unwrap_or_default();
    let whole = match photo.petition_id.as_deref().map(Uuid::parse_str) {
        Some(Ok(petition)) => photo_store::case_photo(petition, id),
        _ => photo_store::answer_photo(id),
    };
    photo_store::partial(&whole)
}

/// A leftover only takes space: a failure to remove it is logged.
async fn remove_partial(state: &AppState, photo: &UnfinishedPhoto) {
    let name = partial_name(photo);
    if let Err(e) = state.photos.delete(&name).await {
        tracing::warn!("cannot delete {name}: {e}");
    }
}

/// A case's photos, with every photo and partial upload of it.
async fn remove_case_photos(state: &AppState, petition: &str) {
    if let Err(e) = state.photos.delete_case(petition).await {
        tracing::warn!("cannot delete the photos of {petition}: {e}");
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EraseError {
    #[error("no case has the number {0}")]
    NoSuchCase(String),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

/// What erasing a case removed.
#[derive(Debug, PartialEq, Eq)]
pub struct Erased {
    pub case_number: String,
    pub had_identity: bool,
    pub photos: u64,
}

/// Erases the identity, photos, device link and followers of the case
/// numbered `number`, at the resident's request made in person.
pub async fn erase_case(state: &AppState, number: &str) -> Result<Erased, EraseError> {
    let number = number.trim();
    let petition = db::petitions::by_case_number(&state.db.read, number)
        .await?
        .ok_or_else(|| EraseError::NoSuchCase(number.to_owned()))?;
    let id = Uuid::parse_str(&petition.id).unwrap_or_default();
    let at = rfc3339(state.clock.now());
    let mut tx = state.db.write.begin().await?;
    db::locks::hold(&mut tx, &db::locks::case(id)).await?;
    let had_identity = db::petitions::identity(&mut *tx, id).await?.is_some();
    let photos = db::erasure::erase_case(&mut tx, &petition.id, &at).await?;
    let entry = db::audit::AuditEntry {
        at: &at,
        staff_id: None,
        action: ERASED_ACTION,
        petition: Some(id),
        detail: "identity, photos, phone and followers erased at a request made in person",
    };
    db::audit::record(&mut *tx, &entry).await?;
    tx.commit().await?;
    remove_case_photos(state, &petition.id).await;
    Ok(Erased {
        case_number: petition.case_number,
        had_identity,
        photos,
    })
}

/// Strips identities and photos from cases closed (no longer open, see
/// `CaseStatus::is_open`) more than `days` days ago; 0 keeps them.
/// Returns the case numbers purged.
pub async fn purge_expired(state: &AppState, days: u32) -> sqlx::Result<Vec<String>> {
    if days == 0 {
        return Ok(Vec::new());
    }
    let now = state.clock.now();
    let cutoff = rfc3339(now - Duration::days(i64::from(days)));
    let closed: Vec<&str> = CaseStatus::ALL
        .iter()
        .filter(|s| !s.is_open())
        .map(|s| s.as_str())
        .collect();
    let closed = serde_json::to_string(&closed).expect("a list of names serialises");
    let expired = db::erasure::expired_cases(&state.db.read, &closed, &cutoff).await?;
    let at = rfc3339(now);
    let detail = format!("closed more than {days} days ago: identity and photos removed");
    let mut purged = Vec::with_capacity(expired.len());
    for case in expired {
        let mut tx = state.db.write.begin().await?;
        db::erasure::strip_identity_and_photos(&mut tx, &case.id).await?;
        let entry = db::audit::AuditEntry {
            at: &at,
            staff_id: None,
            action: PURGED_ACTION,
            petition: Uuid::parse_str(&case.id).ok(),
            detail: &detail,
        };
        db::audit::record(&mut *tx, &entry).await?;
        tx.commit().await?;
        remove_case_photos(state, &case.id).await;
        purged.push(case.case_number);
    }
    Ok(purged)
}

/// Runs `purge_expired` now and then every hour, for as long as the
/// server runs.
pub async fn keep_purging(state: AppState, days: u32) {
    if days == 0 {
        return;
    }
    let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every.tick().await;
        match purge_expired(&state, days).await {
            Ok(purged) if !purged.is_empty() => {
                tracing::info!("retention: identities and photos removed from {purged:?}");
            }
            Ok(_) => {}
            Err(e) => tracing::error!("retention purge failed: {e}"),
        }
    }
}
