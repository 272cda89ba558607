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
    let bytes = tokio::fs::read(state.photo_path(id, photo))
        .await
        .map_err(|_| DeskError::not_found(lang, &user))?;
    // Private: a shared cache must never keep a petitioner's photo.
    Ok((
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
