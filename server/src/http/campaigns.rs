//! `/campaigns`: suggestion campaigns for residents. The list and a
//! campaign's definition are public (a link from a public account opens
//! it before the phone has registered); an answer needs the device token,
//! which makes it one per phone; results are public only where the office
//! said so, and only after the close.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response as HttpResponse};
use axum::routing::{get, put};
use axum::{Json, Router};
use letterbox_core::api::PhotoReceipt;
use letterbox_core::campaign::{
    Campaign, CampaignState, CampaignSummary, Phase, Response, ResponseReceipt, Results,
};
use letterbox_core::limits::{CAMPAIGN_RESPONSE_MAX_BYTES, PHOTO_MAX_BYTES};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::idempotency;
use super::uploads::{self, Holder, PhotoBytes};
use super::{extract, problems};
use crate::auth::Device;
use crate::campaigns;
use crate::clock::rfc3339;
use crate::db::{self, campaign_photos::DeclareError, campaigns::StoredCampaign};
use crate::error::ApiError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/campaigns", get(list))
        .route("/campaigns/{slug}", get(definition))
        // An answer may be far larger than a petition (20 long texts).
        .route(
            "/campaigns/{slug}/responses/{id}",
            put(answer).layer(DefaultBodyLimit::max(CAMPAIGN_RESPONSE_MAX_BYTES)),
        )
        .route("/campaigns/{slug}/results", get(results))
        .route(
            "/campaigns/{slug}/responses/{id}/photos/{photo_id}",
            put(put_photo)
                .patch(patch_photo)
                .head(photo_offset)
                .layer(DefaultBodyLimit::max(PHOTO_MAX_BYTES as usize)),
        )
}

fn read(stored: &StoredCampaign) -> Result<Campaign, ApiError> {
    stored
        .campaign()
        .ok_or(ApiError::Corrupt("campaigns.definition_json"))
}

/// A published campaign; a draft is as unknown as no campaign.
async fn published(state: &AppState, slug: &str) -> Result<(Campaign, StoredCampaign), ApiError> {
    let stored = db::campaigns::by_slug(&state.db.read, slug)
        .await?
        .ok_or(ApiError::NotFound)?;
    let campaign = read(&stored)?;
    if campaign.state == CampaignState::Draft {
        return Err(ApiError::NotFound);
    }
    Ok((campaign, stored))
}

fn now(state: &AppState) -> i64 {
    state.clock.now().unix_timestamp()
}

/// Whether residents may read the results now: the office made them
/// public and the campaign has closed.
fn results_open(c: &Campaign, now: i64) -> bool {
    c.results_public && matches!(c.phase(now), Phase::Closed { .. })
}

/// Published campaigns, newest closing first: the phone keeps the list
/// and marks a campaign when its `updated_at` moves.
#[utoipa::path(
    get,
    path = "/campaigns",
    tag = "campaigns",
    responses((status = 200, description = "The published campaigns.", body = Vec<CampaignSummary>)),
)]
pub(super) async fn list(
    State(state): State<AppState>,
) -> Result<Json<Vec<CampaignSummary>>, ApiError> {
    let now = now(&state);
    let rows = db::campaigns::list(&state.db.read, false).await?;
    let list = rows
        .iter()
        .map(|row| {
            let c = read(row)?;
            Ok(CampaignSummary::of(
                &c,
                &row.updated_at,
                results_open(&c, now),
            ))
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(Json(list))
}

/// The definition, with an `ETag` so a phone that has it revalidates for
/// nothing.
#[utoipa::path(
    get,
    path = "/campaigns/{slug}",
    tag = "campaigns",
    params(
        ("slug" = String, Path, description = "The campaign's slug."),
        ("If-None-Match" = Option<String>, Header, description = "The ETag the phone holds."),
    ),
    responses(
        (status = 200, description = "The campaign's definition.", body = Campaign,
            headers(("ETag" = String, description = "The definition's version."))),
        (status = 304, description = "The phone's copy is current.",
            headers(("ETag" = String, description = "The definition's version."))),
        (status = 404, response = problems::NotFound),
    ),
)]
pub(super) async fn definition(
    State(state): State<AppState>,
    extract::Path(slug): extract::Path<String>,
    headers: HeaderMap,
) -> Result<HttpResponse, ApiError> {
    let (_, stored) = published(&state, &slug).await?;
    let digest = Sha256::digest(stored.definition_json.as_bytes());
    let tag = format!("\"{}\"", hex16(&digest));
    let etag = HeaderValue::from_str(&tag).expect("hex in quotes is a valid header value");
    let cache = (header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim().trim_start_matches("W/") == tag)
        });
    if matches {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag), cache]).into_response());
    }
    let body = stored.definition_json;
    Ok((
        [
            (header::ETAG, etag),
            cache,
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
        ],
        body,
    )
        .into_response())
}

fn hex16(bytes: &[u8]) -> String {
    bytes.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// The phone's answer: 201 the first time, 200 for a replacement or a
/// resend, 409 once closed (beyond the grace for an answer made before the
/// close), 422 invalid, 404 unknown or draft.
#[utoipa::path(
    put,
    path = "/campaigns/{slug}/responses/{id}",
    tag = "campaigns",
    security(("device_token" = [])),
    params(
        ("slug" = String, Path, description = "The campaign's slug."),
        ("id" = Uuid, Path, description = "The response's id (made once per campaign by the phone)."),
    ),
    request_body = Response,
    responses(
        (status = 201, description = "The first answer, counted.", body = ResponseReceipt),
        (status = 200, description = "A replacement, a resend, or an older answer: the receipt.",
            body = ResponseReceipt),
        (status = 400, response = problems::Malformed),
        (status = 401, response = problems::Unauthorized),
        (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict),
        (status = 413, response = problems::TooLarge),
        (status = 415, response = problems::UnsupportedMediaType),
        (status = 422, response = problems::Invalid),
        (status = 429, response = problems::RateLimited),
    ),
)]
pub(super) async fn answer(
    State(state): State<AppState>,
    device: Device,
    extract::Path((slug, id)): extract::Path<(String, Uuid)>,
    extract::Json(body): extract::Json<Response>,
) -> Result<(StatusCode, Json<ResponseReceipt>), ApiError> {
    if body.id != id {
        // Well-formed, but not this response: a 422, like any invalid field.
        return Err(ApiError::Invalid {
            detail: "The response's id must be the one in the path.".into(),
            errors: Vec::new(),
        });
    }
    let (campaign, _) = published(&state, &slug).await?;
    campaign
        .check_response(&body)
        .map_err(ApiError::invalid_answers)?;
    let now = now(&state);
    let received_at = rfc3339(state.clock.now());
    let content = idempotency::content_json(&body);
    let mut tx = state.db.write.begin().await?;
    db::locks::hold(&mut tx, &db::locks::device(device.id)).await?;
    let earlier = db::campaigns::response_of(&mut *tx, &slug, device.id).await?;
    let receipt = |revision: i64, received_at: &str| ResponseReceipt {
        id,
        slug: slug.clone(),
        revision: revision as u32,
        received_at: received_at.to_owned(),
    };
    if let Some(earlier) = &earlier {
        // A resend of what the office holds, or an older answer arriving
        // after a newer one (the office keeps the latest): the same receipt.
        let resend = earlier.id == id.to_string() && earlier.content_json == content;
        if resend || older(&body.answered_at, &earlier.answered_at) {
            let r = receipt(earlier.revision, &earlier.received_at);
            return Ok((StatusCode::OK, Json(r)));
        }
    }
    if db::campaigns::id_used_elsewhere(&mut *tx, id, &slug, device.id).await? {
        return Err(ApiError::IdConflict);
    }
    // A phone's first answer to a campaign counts toward its answers of
    // the day; changing it stores no new response.
    if earlier.is_none() {
        state
            .quotas
            .campaign_answers_today(&mut tx, device.id, state.clock.now())
            .await?;
    }
    campaign
        .accepts(&body.answered_at, now)
        .map_err(ApiError::Late)?;
    let stored = db::campaigns::NewResponse {
        campaign: &slug,
        device: device.id,
        response: &body,
        content_json: &content,
        received_at: &received_at,
    };
    let revision = db::campaigns::store_response(&mut tx, &stored).await?;
    let dropped = db::campaign_photos::declare(&mut tx, &slug, device.id, &body)
        .await
        .map_err(|e| match e {
            DeclareError::IdConflict => ApiError::IdConflict,
            DeclareError::Db(e) => e.into(),
        })?;
    tx.commit().await?;
    uploads::forget(&state, &dropped).await;
    let status = if earlier.is_none() {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(receipt(revision, &received_at))))
}

/// Whether `a` is an earlier instant than `b` (unreadable: not earlier).
fn older(a: &str, b: &str) -> bool {
    use letterbox_core::calendar::unix_seconds;
    matches!((unix_seconds(a), unix_seconds(b)), (Some(a), Some(b)) if a < b)
}

/// The counts of every choice and scale question, once public and closed.
#[utoipa::path(
    get,
    path = "/campaigns/{slug}/results",
    tag = "campaigns",
    params(("slug" = String, Path, description = "The campaign's slug.")),
    responses(
        (status = 200, description = "The counts.", body = Results),
        (status = 404, response = problems::NotFound),
    ),
)]
pub(super) async fn results(
    State(state): State<AppState>,
    extract::Path(slug): extract::Path<String>,
) -> Result<Json<Results>, ApiError> {
    let (campaign, _) = published(&state, &slug).await?;
    if !results_open(&campaign, now(&state)) {
        return Err(ApiError::NotFound);
    }
    Ok(Json(campaigns::count(&state, &campaign).await?))
}

/// A photo on a long-text answer: the answer declared it, and its bytes
/// arrive as a petition's do (see `uploads`), after the answer.
#[utoipa::path(
    put,
    path = "/campaigns/{slug}/responses/{id}/photos/{photo_id}",
    tag = "campaigns",
    security(("device_token" = [])),
    params(
        ("slug" = String, Path, description = "The campaign's slug."),
        ("id" = Uuid, Path, description = "The response's id."),
        ("photo_id" = Uuid, Path, description = "The photo's id, as the answer declared it."),
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
pub(super) async fn put_photo(
    State(state): State<AppState>,
    device: Device,
    extract::Path((slug, response, photo)): extract::Path<(String, Uuid, Uuid)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<HttpResponse, ApiError> {
    let holder = Holder::Answer { slug, response };
    uploads::put_whole(&state, device, &holder, photo, &headers, &body).await
}

/// How much of an answer's photo the office holds.
#[utoipa::path(
    head,
    path = "/campaigns/{slug}/responses/{id}/photos/{photo_id}",
    tag = "campaigns",
    security(("device_token" = [])),
    params(
        ("slug" = String, Path, description = "The campaign's slug."),
        ("id" = Uuid, Path, description = "The response's id."),
        ("photo_id" = Uuid, Path, description = "The photo's id, as the answer declared it."),
    ),
    responses(
        (status = 200, description = "How much of the photo the office holds: resume there.", headers(
            ("Upload-Offset" = u64, description = "Bytes the office holds."),
            ("Upload-Length" = u64, description = "The photo's declared size."))),
        (status = 401, response = problems::Unauthorized),
        (status = 404, response = problems::NotFound),
    ),
)]
pub(super) async fn photo_offset(
    State(state): State<AppState>,
    device: Device,
    extract::Path((slug, response, photo)): extract::Path<(String, Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let holder = Holder::Answer { slug, response };
    uploads::head_offset(&state, device, &holder, photo).await
}

/// The next piece of an answer's photo.
#[utoipa::path(
    patch,
    path = "/campaigns/{slug}/responses/{id}/photos/{photo_id}",
    tag = "campaigns",
    security(("device_token" = [])),
    params(
        ("slug" = String, Path, description = "The campaign's slug."),
        ("id" = Uuid, Path, description = "The response's id."),
        ("photo_id" = Uuid, Path, description = "The photo's id, as the answer declared it."),
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
pub(super) async fn patch_photo(
    State(state): State<AppState>,
    device: Device,
    extract::Path((slug, response, photo)): extract::Path<(String, Uuid, Uuid)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<HttpResponse, ApiError> {
    let holder = Holder::Answer { slug, response };
    uploads::patch_piece(&state, device, &holder, photo, &headers, &body).await
}
