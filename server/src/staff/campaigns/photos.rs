//! A photo that came with a campaign's text answer
//! (`/staff/campaigns/{slug}/photos/{photo}`), for whoever may read the
//! results; one on a contact question only for supervisors, as its text.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use uuid::Uuid;

use super::super::error::{DeskError, OrInternal};
use super::super::text::Lang;
use super::super::user::StaffUser;
use super::{load, may, not_found, require, Right};
use crate::db;
use crate::state::AppState;

/// The audit log's word for a staff member seeing an answer's photo.
pub const VIEWED_CAMPAIGN_PHOTO: &str = "view_campaign_photo";

pub async fn photo(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
    Path((slug, photo)): Path<(String, Uuid)>,
) -> Result<Response, DeskError> {
    let lang = Lang::from_headers(&headers);
    require(lang, &user, Right::View)?;
    let c = load(&state, &user, lang, &slug).await?;
    let whole = db::campaign_photos::whole(&state.db.read, &slug, photo)
        .await
        .or_internal(lang)?
        .ok_or_else(|| not_found(lang, &user))?;
    let contact = c
        .questions
        .iter()
        .any(|q| q.id == whole.question && q.contact);
    if contact && !may(user.role, Right::SeeContacts) {
        return Err(not_found(lang, &user));
    }
    let bytes = state
        .photos
        .get(&crate::photo_store::answer_photo(photo))
        .await
        .or_internal(lang)?
        .ok_or_else(|| not_found(lang, &user))?;
    let at = crate::clock::rfc3339(state.clock.now());
    let detail = format!("{slug}/{photo}");
    let entry = db::audit::AuditEntry {
        at: &at,
        staff_id: Some(user.id),
        action: VIEWED_CAMPAIGN_PHOTO,
        petition: None,
        detail: &detail,
    };
    db::audit::record(&state.db.write, &entry)
        .await
        .or_internal(lang)?;
    Ok(super::super::photos::serve(photo, whole.mime, bytes))
}
