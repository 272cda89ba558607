//! Photo uploads, for whichever record declared the photo: a petition or
//! a supplement (`/petitions/{id}/photos/{photo}`), or an answer to a
//! campaign (`/campaigns/{slug}/responses/{id}/photos/{photo}`). Each
//! photo was declared in a manifest (id, SHA-256, size, type); its bytes
//! arrive whole (`PUT`) or in pieces that resume where a cut connection
//! stopped (`HEAD` for the received offset, `PATCH` with `Upload-Offset`,
//! tus-style). A photo is accepted only when its bytes hash to the
//! declared SHA-256 and are an image of the declared type within core's
//! long edge, with no metadata (`image_check`); it is in the photo store
//! (fsynced on disk, or in the bucket) before the database calls it
//! complete, and pieces are kept there too, so any instance takes the next.
//! A repeat of a stored photo is a no-op.

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use letterbox_core::api::PhotoReceipt;
use letterbox_core::lifecycle::CaseAction;
use letterbox_core::limits::PHOTO_PIECE_MIN_BYTES;
use letterbox_core::CaseStatus;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::auth::Device;
use crate::clock::rfc3339;
use crate::db::{self, photos::Upload};
use crate::error::ApiError;
use crate::lifecycle::{self, Author};
use crate::state::AppState;
use crate::{image_check, photo_store};

pub const UPLOAD_OFFSET: &str = "upload-offset";
pub const UPLOAD_LENGTH: &str = "upload-length";

/// A photo's bytes, or a piece of them: a JPEG or WebP as declared in
/// the manifest. Only a schema: the upload routes' body in the OpenAPI
/// description (the handlers take `Bytes`).
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct PhotoBytes(#[allow(dead_code)] Vec<u8>);

/// The record that declared the photo.
#[derive(Debug, Clone)]
pub enum Holder {
    /// A petition, or a supplement to it.
    Case(Uuid),
    /// The phone's response to a campaign, under its current id.
    Answer { slug: String, response: Uuid },
}

impl Holder {
    /// The declared photo, if `device` made the record that declared it;
    /// anything else is simply not found. Read on the writer, so a piece
    /// that just arrived is counted.
    async fn declared(
        &self,
        state: &AppState,
        device: Device,
        photo: Uuid,
    ) -> Result<Upload, ApiError> {
        let row = match self {
            Holder::Case(petition) => {
                db::photos::upload(&state.db.write, device.id, *petition, photo).await?
            }
            Holder::Answer { slug, response } => {
                db::campaign_photos::upload(&state.db.write, device.id, slug, *response, photo)
                    .await?
            }
        };
        row.ok_or(ApiError::NotFound)
    }

    /// The photo's name in the photo store.
    fn name(&self, photo: Uuid) -> String {
        match self {
            Holder::Case(petition) => photo_store::case_photo(*petition, photo),
            Holder::Answer { .. } => photo_store::answer_photo(photo),
        }
    }

    async fn set_received(
        &self,
        state: &AppState,
        photo: Uuid,
        received: u64,
    ) -> Result<(), ApiError> {
        match self {
            Holder::Case(petition) => {
                db::photos::set_received(&state.db.write, *petition, photo, received).await?
            }
            Holder::Answer { .. } => {
                db::campaign_photos::set_received(&state.db.write, photo, received).await?
            }
        }
        Ok(())
    }

    /// Marks the photo whole; for a case whose last photo this was, the
    /// case is then received whole.
    async fn complete(&self, state: &AppState, photo: Uuid) -> Result<(), ApiError> {
        let now = rfc3339(state.clock.now());
        let mut tx = state.db.write.begin().await?;
        match self {
            Holder::Case(petition) => {
                let petition = *petition;
                // The case's last photo moves its stage: one at a time.
                db::locks::hold(&mut tx, &db::locks::case(petition)).await?;
                db::photos::complete(&mut tx, petition, photo, &now).await?;
                if db::photos::missing(&mut tx, petition).await? == 0 {
                    // A clerk may have registered the case while photos
                    // were arriving; then the stage has moved on and there
                    // is nothing to record.
                    let status = db::petitions::status(&mut *tx, petition).await?;
                    if status.as_deref() == Some(CaseStatus::ReceivingAttachments.as_str()) {
                        lifecycle::record(
                            &mut tx,
                            state,
                            petition,
                            CaseAction::AttachmentsComplete,
                            &Author::system(),
                            "",
                            lifecycle::today(state),
                        )
                        .await?;
                    }
                }
            }
            Holder::Answer { .. } => db::campaign_photos::complete(&mut tx, photo, &now).await?,
        }
        tx.commit().await?;
        Ok(())
    }
}

fn receipt(row: &Upload, id: Uuid) -> PhotoReceipt {
    PhotoReceipt {
        id,
        received_bytes: row.received_bytes as u64,
        complete: row.completed_at.is_some(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `Content-Digest: sha-256=:<base64>:` (RFC 9530), as lower-case hex.
fn content_digest(headers: &HeaderMap) -> Result<String, ApiError> {
    let value = headers
        .get("content-digest")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| ApiError::Malformed("Send Content-Digest: sha-256=:<base64>:".into()))?;
    let encoded = value
        .split(',')
        .map(str::trim)
        .find_map(|item| item.strip_prefix("sha-256=:")?.strip_suffix(':'))
        .ok_or_else(|| ApiError::Malformed("Content-Digest has no sha-256 value.".into()))?;
    let raw = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|_| ApiError::Malformed("Content-Digest is not base64.".into()))?;
    if raw.len() != 32 {
        return Err(ApiError::Malformed(
            "Content-Digest is not a SHA-256.".into(),
        ));
    }
    Ok(hex(&raw))
}

fn invalid(detail: &str) -> ApiError {
    ApiError::Invalid {
        detail: detail.into(),
        errors: Vec::new(),
    }
}

/// Checks complete bytes against the declaration, stores them, and marks
/// the photo complete.
async fn accept(
    state: &AppState,
    holder: &Holder,
    photo: Uuid,
    row: &Upload,
    bytes: &[u8],
) -> Result<(), ApiError> {
    if hex(&Sha256::digest(bytes)) != row.sha256 {
        return Err(invalid("The bytes do not match the declared SHA-256."));
    }
    image_check::check(bytes, &row.mime).map_err(|p| invalid(&p.detail()))?;
    let name = holder.name(photo);
    state
        .photos
        .put(&name, bytes.to_vec())
        .await
        .map_err(store_error)?;
    holder.complete(state, photo).await?;
    // The pieces are no longer needed; one left behind only takes space.
    let _ = state.photos.delete(&photo_store::partial(&name)).await;
    Ok(())
}

fn receipt_response(status: StatusCode, receipt: PhotoReceipt, length: u64) -> Response {
    let mut response = (status, Json(&receipt)).into_response();
    let headers = response.headers_mut();
    headers.insert(UPLOAD_OFFSET, HeaderValue::from(receipt.received_bytes));
    headers.insert(UPLOAD_LENGTH, HeaderValue::from(length));
    response
}

/// A repeat of a photo the office holds: the same answer, nothing stored.
fn already_stored(row: &Upload, photo: Uuid) -> Option<Response> {
    row.completed_at
        .is_some()
        .then(|| receipt_response(StatusCode::OK, receipt(row, photo), row.bytes as u64))
}

/// The whole photo in one request.
pub async fn put_whole(
    state: &AppState,
    device: Device,
    holder: &Holder,
    photo: Uuid,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Response, ApiError> {
    let row = holder.declared(state, device, photo).await?;
    let digest = content_digest(headers)?;
    if digest != row.sha256 {
        // Another photo under an id already declared for different bytes.
        return Err(ApiError::IdConflict);
    }
    let length = row.bytes as u64;
    if let Some(done) = already_stored(&row, photo) {
        return Ok(done);
    }
    if hex(&Sha256::digest(body)) != digest {
        return Err(invalid("The body does not match its Content-Digest."));
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if content_type != row.mime {
        return Err(ApiError::UnsupportedMediaType(format!(
            "This photo was declared as {}.",
            row.mime
        )));
    }
    accept(state, holder, photo, &row, body).await?;
    let receipt = PhotoReceipt {
        id: photo,
        received_bytes: length,
        complete: true,
    };
    Ok(receipt_response(StatusCode::CREATED, receipt, length))
}

/// How much of the photo the office holds: where to resume.
pub async fn head_offset(
    state: &AppState,
    device: Device,
    holder: &Holder,
    photo: Uuid,
) -> Result<Response, ApiError> {
    let row = holder.declared(state, device, photo).await?;
    let mut response = StatusCode::OK.into_response();
    let headers = response.headers_mut();
    headers.insert(UPLOAD_OFFSET, HeaderValue::from(row.received_bytes));
    headers.insert(UPLOAD_LENGTH, HeaderValue::from(row.bytes));
    Ok(response)
}

/// The next piece, at the offset the office holds.
pub async fn patch_piece(
    state: &AppState,
    device: Device,
    holder: &Holder,
    photo: Uuid,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Response, ApiError> {
    let row = holder.declared(state, device, photo).await?;
    let length = row.bytes as u64;
    if let Some(done) = already_stored(&row, photo) {
        return Ok(done);
    }
    let offset: u64 = headers
        .get(UPLOAD_OFFSET)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| ApiError::Malformed("Send Upload-Offset with the piece.".into()))?;
    if offset != row.received_bytes as u64 {
        // Not where the office is: the client asks HEAD and resumes there.
        return Err(ApiError::OffsetConflict(row.received_bytes as u64));
    }
    if offset + body.len() as u64 > length {
        return Err(ApiError::TooLarge(
            "More bytes than the photo declared.".into(),
        ));
    }
    // Every piece but the last is a real piece (review L4).
    if offset + (body.len() as u64) < length && (body.len() as u64) < PHOTO_PIECE_MIN_BYTES {
        return Err(ApiError::Malformed(format!(
            "Send pieces of at least {PHOTO_PIECE_MIN_BYTES} bytes, but the last."
        )));
    }
    let name = holder.name(photo);
    // The pieces so far may have reached another instance: they are read
    // from the shared store, not from this one's disk.
    let mut bytes = if offset == 0 {
        Vec::new()
    } else {
        state
            .photos
            .get(&photo_store::partial(&name))
            .await
            .map_err(store_error)?
            .unwrap_or_default()
    };
    if bytes.len() as u64 != offset {
        // The pieces on disk were lost: start this photo again.
        reset(state, holder, photo).await?;
        return Err(ApiError::OffsetConflict(0));
    }
    bytes.extend_from_slice(body);
    let received = bytes.len() as u64;
    if received == length {
        if let Err(e) = accept(state, holder, photo, &row, &bytes).await {
            reset(state, holder, photo).await?;
            return Err(e);
        }
        let receipt = PhotoReceipt {
            id: photo,
            received_bytes: received,
            complete: true,
        };
        return Ok(receipt_response(StatusCode::CREATED, receipt, length));
    }
    state
        .photos
        .put_partial(&name, bytes)
        .await
        .map_err(store_error)?;
    holder.set_received(state, photo, received).await?;
    let receipt = PhotoReceipt {
        id: photo,
        received_bytes: received,
        complete: false,
    };
    Ok(receipt_response(StatusCode::OK, receipt, length))
}

fn store_error(e: photo_store::StoreError) -> ApiError {
    tracing::error!("photo store: {e}");
    ApiError::Unavailable("The photo could not be stored; try again.".into())
}

/// Starts the photo again from its first byte. The pieces may already be
/// gone, which is why this runs: removing them cannot usefully fail.
async fn reset(state: &AppState, holder: &Holder, photo: Uuid) -> Result<(), ApiError> {
    let _ = state
        .photos
        .delete(&photo_store::partial(&holder.name(photo)))
        .await;
    holder.set_received(state, photo, 0).await
}

/// Removes the files of photos an answer no longer lists. A file left
/// behind only takes space, so a failure is logged, not answered.
pub async fn forget(state: &AppState, photos: &[Uuid]) {
    for photo in photos {
        let name = photo_store::answer_photo(*photo);
        for name in [photo_store::partial(&name), name] {
            if let Err(e) = state.photos.delete(&name).await {
                tracing::warn!("cannot remove photo {photo}: {e}");
            }
        }
    }
}
