//! `/petitions/{id}/photos/{photo}`: the bytes of a petition's or a
//! supplement's photos, whole or in resumable pieces (see `uploads`).

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::put;
use axum::Router;
use letterbox_core::api::PhotoReceipt;
use letterbox_core::limits::PHOTO_MAX_BYTES;
use uuid::Uuid;

use super::uploads::{self, Holder, PhotoBytes};
use super::{extract, problems};
use crate::auth::Device;
use crate::error::ApiError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/petitions/{id}/photos/{photo_id}",
        put(put_whole)
            .patch(patch_piece)
            .head(head_offset)
            // A photo is larger than a petition's JSON: its own limit.
            .layer(DefaultBodyLimit::max(PHOTO_MAX_BYTES as usize)),
    )
}

/// A photo of a petition or supplement, whole.
#[utoipa::path(
    put,
    path = "/petitions/{id}/photos/{photo_id}",
    tag = "photos",
    security(("device_token" = [])),
    params(
        ("id" = Uuid, Path, description = "The petition's id."),
        ("photo_id" = Uuid, Path, description = "The photo's id, as declared in the manifest."),
        ("Content-Digest" = String, Header, description = "RFC 9530: `sha-256=:<base64>:` of the whole photo."),
    ),
    request_body(description = "The whole photo, of the type it was declared as.",
        content((PhotoBytes = "image/jpeg"), (PhotoBytes = "image/webp"))),
    responses(
        (status = 201, description = "Stored whole.", body = PhotoReceipt, headers(
            ("Upload-Offset" = u64, description = "Bytes the office holds."),
            ("Upload-Length" = u64, description = "The photo's declared size."))),
        (status = 200, description = "Already stored: nothing changed.", body = PhotoReceipt, headers(
            ("Upload-Offset" = u64, description = "Bytes the office holds."),
            ("Upload-Length" = u64, description = "The photo's declared size."))),
        (status = 400, response = problems::Malformed),
        (status = 401, response = problems::Unauthorized),
        (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict),
        (status = 413, response = problems::TooLarge),
        (status = 415, response = problems::UnsupportedMediaType),
        (status = 422, response = problems::Invalid),
        (status = 503, response = problems::Unavailable),
    ),
)]
pub(super) async fn put_whole(
    State(state): State<AppState>,
    device: Device,
    extract::Path((petition, photo)): extract::Path<(Uuid, Uuid)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    uploads::put_whole(
        &state,
        device,
        &Holder::Case(petition),
        photo,
        &headers,
        &body,
    )
    .await
}

/// How much of the photo the office holds.
#[utoipa::path(
    head,
    path = "/petitions/{id}/photos/{photo_id}",
    tag = "photos",
    security(("device_token" = [])),
    params(
        ("id" = Uuid, Path, description = "The petition's id."),
        ("photo_id" = Uuid, Path, description = "The photo's id, as declared in the manifest."),
    ),
    responses(
        (status = 200, description = "How much of the photo the office holds: resume there.", headers(
            ("Upload-Offset" = u64, description = "Bytes the office holds."),
            ("Upload-Length" = u64, description = "The photo's declared size."))),
        (status = 401, response = problems::Unauthorized),
        (status = 404, response = problems::NotFound),
    ),
)]
pub(super) async fn head_offset(
    State(state): State<AppState>,
    device: Device,
    extract::Path((petition, photo)): extract::Path<(Uuid, Uuid)>,
) -> Result<Response, ApiError> {
    uploads::head_offset(&state, device, &Holder::Case(petition), photo).await
}

/// The next piece of a photo, tus-style.
#[utoipa::path(
    patch,
    path = "/petitions/{id}/photos/{photo_id}",
    tag = "photos",
    security(("device_token" = [])),
    params(
        ("id" = Uuid, Path, description = "The petition's id."),
        ("photo_id" = Uuid, Path, description = "The photo's id, as declared in the manifest."),
        ("Upload-Offset" = u64, Header, description = "Where this piece starts: the offset HEAD gave."),
    ),
    request_body(description = "The next piece of the photo.",
        content(
            (PhotoBytes = "application/offset+octet-stream"),
            (PhotoBytes = "application/octet-stream"),
        )),
    responses(
        (status = 200, description = "The piece is stored; more to come.", body = PhotoReceipt, headers(
            ("Upload-Offset" = u64, description = "Bytes the office holds."),
            ("Upload-Length" = u64, description = "The photo's declared size."))),
        (status = 201, description = "That was the last piece: the photo is whole.", body = PhotoReceipt, headers(
            ("Upload-Offset" = u64, description = "Bytes the office holds."),
            ("Upload-Length" = u64, description = "The photo's declared size."))),
        (status = 400, response = problems::Malformed),
        (status = 401, response = problems::Unauthorized),
        (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict),
        (status = 413, response = problems::TooLarge),
        (status = 422, response = problems::Invalid),
        (status = 503, response = problems::Unavailable),
    ),
)]
pub(super) async fn patch_piece(
    State(state): State<AppState>,
    device: Device,
    extract::Path((petition, photo)): extract::Path<(Uuid, Uuid)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    uploads::patch_piece(
        &state,
        device,
        &Holder::Case(petition),
        photo,
        &headers,
        &body,
    )
    .await
}
