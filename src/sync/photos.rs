//! Uploading the photos of received cases that the office does not hold
//! yet: one at a time, in the order declared, whole or in resumable pieces.

use letterbox_core::api::DeviceRegistration;
use letterbox_core::limits::PHOTO_UPLOAD_CHUNK_BYTES;

use super::round::Round;
use super::status::SyncState;
use super::tabs;
use crate::api::{self, ApiError};
use crate::store::{Store, StoreError};

/// Sends the photos of received cases that the office does not hold yet,
/// one at a time, in the order declared. A photo the office already has is
/// skipped after a `HEAD`; a failure leaves the rest for the next pass.
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
            let held = match api::photo_offset(&device.token, case.id, photo.id).await {
                Ok((have, length)) if length > 0 && have == length => {
                    if store.mark_photo_received(case.id, photo.id).await? {
                        state.changed();
                    }
                    continue;
                }
                Ok((have, _)) => have,
                Err(e) if stops_uploads(&e).await => return Ok(()),
                Err(_) => continue,
            };
            let Some(stored) = store.photo(photo.id).await? else {
                // The bytes are gone from this phone; nothing to send.
                continue;
            };
            let sent = if photo.bytes > PHOTO_UPLOAD_CHUNK_BYTES || held > 0 {
                send_in_pieces(&device.token, case.id, photo.id, &stored.bytes, held).await
            } else {
                api::put_photo(&device.token, case.id, photo, &stored.bytes)
                    .await
                    .map(|_| ())
            };
            match sent {
                Ok(_) => {
                    round.progressed();
                    if store.mark_photo_received(case.id, photo.id).await? {
                        state.changed();
                        tabs::announce();
                    }
                }
                Err(e) if stops_uploads(&e).await => return Ok(()),
                // A photo that failed otherwise is tried again next pass;
                // the others need not wait for it.
                _ => {}
            }
        }
    }
    Ok(())
}

/// Sends a photo in pieces from `offset`, resuming wherever the office
/// says it is; the office checks the whole photo's hash at the end.
async fn send_in_pieces(
    token: &str,
    petition: uuid::Uuid,
    photo: uuid::Uuid,
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
        offset = api::patch_photo(token, petition, photo, offset, piece).await?;
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
