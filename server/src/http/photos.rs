//! `/petitions/{id}/photos/{photo}`: the bytes of a petition's or a
//! supplement's photos, whole or in resumable pieces (see `uploads`).

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::put;
use axum::Router;
use letterbox_core::limits::PHOTO_MAX_BYTES;
use uuid::Uuid;

use super::extract;
use super::uploads::{self, Holder};
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

async fn put_whole(
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

async fn head_offset(
    State(state): State<AppState>,
    device: Device,
    extract::Path((petition, photo)): extract::Path<(Uuid, Uuid)>,
) -> Result<Response, ApiError> {
    uploads::head_offset(&state, device, &Holder::Case(petition), photo).await
}

async fn patch_piece(
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
