//! A case's photo on the desk (`/staff/cases/{id}/photos/{photo}`), for
//! whoever may open the case, once it has arrived whole.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::access::open_case;
use super::error::{DeskError, OrInternal};
use super::text::Lang;
use super::user::StaffUser;
use crate::db;
use crate::state::AppState;

pub async fn photo(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
    Path((id, photo)): Path<(Uuid, Uuid)>,
) -> Result<Response, DeskError> {
    let lang = Lang::from_headers(&headers);
    open_case(&state, &user, lang, id).await?;
    let mime = db::photos::completed_mime(&state.db.read, id, photo)
        .await
        .or_internal(lang)?
        .ok_or_else(|| DeskError::not_found(lang, &user))?;
    let bytes = state
        .photos
        .get(&crate::photo_store::case_photo(id, photo))
        .await
        .or_internal(lang)?
        .ok_or_else(|| DeskError::not_found(lang, &user))?;
    super::case::audit_view(
        &state,
        &user,
        id,
        super::case::VIEWED_PHOTO,
        &photo.to_string(),
    )
    .await
    .or_internal(lang)?;
    Ok(serve(photo, mime, bytes))
}

/// A resident's photo as the desk sends it, a case's or a campaign
/// answer's alike.
pub fn serve(photo: Uuid, mime: String, bytes: Vec<u8>) -> Response {
    let extension = if mime == "image/webp" { "webp" } else { "jpg" };
    // Never stored: not by a shared cache, and not on a shared office
    // computer after sign-out. Shown inline, but as a sandboxed document:
    // a file that is not the picture it claims to be runs nothing.
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "no-store".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{photo}.{extension}\""),
            ),
            (header::CONTENT_SECURITY_POLICY, "sandbox".to_owned()),
        ],
        bytes,
    )
        .into_response()
}
