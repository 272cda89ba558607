//! Uploading the photos the office does not hold yet: those of received
//! cases (declared with the petition or a supplement) and those of
//! answers to campaigns the office confirmed; one at a time, in the order
//! declared, whole or in resumable pieces.

use letterbox_core::api::{paths, DeviceRegistration, PhotoManifestEntry};
use letterbox_core::limits::PHOTO_UPLOAD_CHUNK_BYTES;

use super::round::Round;
use super::status::SyncState;
use super::tabs;
use crate::api::{self, ApiError};
use crate::store::{Store, StoreError};

/// Where the office should stop hearing from this pass.
enum Sent {
    Done,
    /// Tried and failed; the next photo need not wait for it.
    Failed,
    Stop,
}

/// Sends the photos the office does not hold yet, one at a time, in the
/// order declared. A photo the office already has is skipped after a
/// `HEAD`; a failure leaves the rest for the next pass.
pub(super) async fn upload_photos(
    store: &Store,
    state: SyncState,
    device: &DeviceRegistration,
    round: &Round,
) -> Result<(), StoreError> {
    for case in store.cases().await? {
        // Photos declared with the petition or added with a supplement.
        if !case.photos_pending() {
            continue;
        }
        for photo in &case.photos {
            if case.photos_received.contains(&photo.id) {
                continue;
            }
            let url = paths::photo(&case.id, &photo.id);
            match send_one(store, &device.token, &url, photo).await? {
                Sent::Done => {
                    round.progressed();
                    if store.mark_photo_received(case.id, photo.id).await? {
                        state.changed();
                        tabs::announce();
                    }
                }
                Sent::Failed => {}
                Sent::Stop => return Ok(()),
            }
        }
    }
    // An answer's photos go up once the office holds the answer.
    for campaign in store.campaigns().await? {
        let Some(receipt) = &campaign.receipt else {
            continue;
        };
        for photo in campaign.photos_to_send() {
            let url = paths::campaign_photo(&campaign.slug, &receipt.id, &photo.id);
            match send_one(store, &device.token, &url, photo).await? {
                Sent::Done => {
                    round.progressed();
                    if store
                        .mark_answer_photo_received(&campaign.slug, photo.id)
                        .await?
                    {
                        state.changed();
                        tabs::announce();
                    }
                }
                Sent::Failed => {}
                Sent::Stop => return Ok(()),
            }
        }
    }
    Ok(())
}

/// One photo to `url`: nothing if the office holds it whole, the rest
/// from where it stopped if it holds a part, else whole.
async fn send_one(
    store: &Store,
    token: &str,
    url: &str,
    photo: &PhotoManifestEntry,
) -> Result<Sent, StoreError> {
    let held = match api::photo_offset(token, url).await {
        Ok((have, length)) if length > 0 && have == length => return Ok(Sent::Done),
        Ok((have, _)) => have,
        Err(e) if stops_uploads(&e).await => return Ok(Sent::Stop),
        Err(_) => return Ok(Sent::Failed),
    };
    let Some(stored) = store.photo(photo.id).await? else {
        // The bytes are gone from this phone; nothing to send.
        return Ok(Sent::Failed);
    };
    let sent = if photo.bytes > PHOTO_UPLOAD_CHUNK_BYTES || held > 0 {
        send_in_pieces(token, url, &stored.bytes, held).await
    } else {
        api::put_photo(token, url, photo, &stored.bytes)
            .await
            .map(|_| ())
    };
    Ok(match sent {
        Ok(()) => Sent::Done,
        Err(e) if stops_uploads(&e).await => Sent::Stop,
        // A photo that failed otherwise is tried again next pass.
        Err(_) => Sent::Failed,
    })
}

/// Sends a photo in pieces from `offset`, resuming wherever the office
/// says it is; the office checks the whole photo's hash at the end.
async fn send_in_pieces(
    token: &str,
    url: &str,
    bytes: &js_sys::ArrayBuffer,
    mut offset: u64,
) -> Result<(), ApiError> {
    let all = js_sys::Uint8Array::new(bytes);
    let length = u64::from(all.length());
    // Each piece either advances or tells where to resume; a server that
    // does neither cannot hold this pass forever.
    let mut tries = 2 * (length / PHOTO_UPLOAD_CHUNK_BYTES + 2);
    while offset < length {
        if tries == 0 {
            return Err(ApiError::Unreadable("the upload does not advance".into()));
        }
        tries -= 1;
        let end = (offset + PHOTO_UPLOAD_CHUNK_BYTES).min(length);
        let piece = all.subarray(offset as u32, end as u32);
        offset = api::patch_photo(token, url, offset, piece).await?;
    }
    Ok(())
}

/// The server asked to slow down, or the office cannot be reached (a lost
/// answer alone is not enough): stop this pass's uploads.
async fn stops_uploads(error: &ApiError) -> bool {
    match error {
        ApiError::Status {
            status: 401 | 429 | 503,
            ..
        } => true,
        ApiError::NoConnection => api::health().await.is_err(),
        _ => false,
    }
}
