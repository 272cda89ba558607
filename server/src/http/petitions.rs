//! `POST /petitions` and `GET /petitions/{id}`: receiving a petition
//! exactly once, and a device reading back its own.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use letterbox_core::api::{
    paths, Coordinates, Location, NewPetition, PetitionReceipt, PhotoManifestEntry,
};
use letterbox_core::{CaseNumber, CaseStatus, PetitionKind};
use sqlx::AnyConnection;
use uuid::Uuid;

use super::idempotency::{self, Seen};
use super::{extract, problems};
use crate::auth::Device;
use crate::clock::rfc3339;
use crate::db::{self, petitions::PetitionRow};
use crate::error::ApiError;
use crate::lifecycle;
use crate::query_code;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/petitions", post(create))
        .route("/petitions/{id}", get(read))
}

/// The receipt for a stored petition, with its declared photos.
async fn receipt(state: &AppState, row: PetitionRow) -> Result<PetitionReceipt, ApiError> {
    let id = Uuid::parse_str(&row.id).map_err(|_| ApiError::Corrupt("petitions.id"))?;
    let photos = db::photos::manifest(&state.db.read, id)
        .await?
        .into_iter()
        .map(|p| {
            Ok(PhotoManifestEntry {
                id: Uuid::parse_str(&p.photo_id)
                    .map_err(|_| ApiError::Corrupt("petition_photos.photo_id"))?,
                sha256: p.sha256,
                bytes: p.bytes as u64,
                mime: p.mime,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(PetitionReceipt {
        id,
        kind: PetitionKind::parse(&row.kind).ok_or(ApiError::Corrupt("petitions.kind"))?,
        status: CaseStatus::parse(&row.status).ok_or(ApiError::Corrupt("petitions.status"))?,
        people_affected: row
            .people_affected
            .map(|n| u32::try_from(n).map_err(|_| ApiError::Corrupt("petitions.people_affected")))
            .transpose()?,
        case_number: row.case_number,
        title: row.title,
        body: row.body,
        category: row.category,
        location: Location {
            district: row.district,
            street: row.street,
            community: row.community,
            address: row.address,
            coordinates: row
                .lat
                .zip(row.lon)
                .map(|(lat, lon)| Coordinates { lat, lon }),
        },
        received_at: row.received_at,
        photos,
    })
}

/// Receives a petition exactly once (see `idempotency`): the same device
/// sending the same content again gets the same receipt.
#[utoipa::path(
    post,
    path = "/petitions",
    tag = "petitions",
    security(("device_token" = [])),
    request_body = NewPetition,
    responses(
        (status = 201, description = "Received; the receipt has the case number.",
            body = PetitionReceipt, headers(("Location" = String, description = "The petition's URL."))),
        (status = 200, description = "The same petition again: the same receipt.",
            body = PetitionReceipt, headers(("Location" = String, description = "The petition's URL."))),
        (status = 400, response = problems::Malformed),
        (status = 401, response = problems::Unauthorized),
        (status = 409, response = problems::Conflict),
        (status = 413, response = problems::TooLarge),
        (status = 415, response = problems::UnsupportedMediaType),
        (status = 422, response = problems::Invalid),
        (status = 429, response = problems::RateLimited),
        (status = 503, response = problems::Unavailable),
    ),
)]
pub(super) async fn create(
    State(state): State<AppState>,
    device: Device,
    extract::Json(petition): extract::Json<NewPetition>,
) -> Result<(StatusCode, HeaderMap, Json<PetitionReceipt>), ApiError> {
    // Checked in the form the phone checked it in (`normalized`: trimmed,
    // NFC), which is also the form stored and compared.
    let petition = petition.normalized();
    petition.validate().map_err(ApiError::invalid)?;
    let unknown = petition.check_catalogue(&state.catalogue.categories, &state.catalogue.areas);
    if !unknown.is_empty() {
        return Err(ApiError::invalid(unknown));
    }
    // The identity is compared through its keyed hash, never stored with
    // the content (Art. 30; it is kept only in `petition_identities`).
    let content = idempotency::content_json(&NewPetition {
        identity: None,
        ..petition.clone()
    });
    let identity_hmac = petition.identity.as_ref().map(|who| {
        query_code::identity_digest(
            &state.query_key,
            petition.id,
            &who.name,
            &who.phone,
            &who.address,
        )
    });
    let stored = Stored {
        content_json: content,
        identity_hmac,
    };
    // One write transaction (on SQLite sharing its commit with the
    // petitions that queued beside it, `db::writer`).
    let id = petition.id;
    let job_state = state.clone();
    let (status, row) = state
        .db
        .transaction(move |tx| Box::pin(store(tx, job_state, device, petition, stored)))
        .await?;
    let mut headers = HeaderMap::new();
    if let Ok(location) = HeaderValue::from_str(&paths::petition(&id)) {
        headers.insert(header::LOCATION, location);
    }
    Ok((status, headers, Json(receipt(&state, row).await?)))
}

/// Stores `petition` unless this device sent it before: a resend answers
/// 200 with the case as stored, anything else under its id is a 409.
async fn store(
    tx: &mut AnyConnection,
    state: AppState,
    device: Device,
    petition: NewPetition,
    stored: Stored,
) -> Result<(StatusCode, PetitionRow), ApiError> {
    db::locks::hold(tx, &db::locks::device(device.id)).await?;
    db::locks::hold(tx, &db::locks::case(petition.id)).await?;
    let earlier = db::petitions::by_id(&mut *tx, petition.id).await?;
    // A petition stored before the hash existed is compared with its
    // identity as stored.
    let stored_identity = match &earlier {
        Some(row) if row.identity_hmac.is_none() => {
            db::petitions::identity(&mut *tx, petition.id).await?
        }
        _ => None,
    };
    let same_identity = |row: &PetitionRow| match &row.identity_hmac {
        Some(hmac) => Some(hmac) == stored.identity_hmac.as_ref(),
        None => {
            stored_identity
                == petition
                    .identity
                    .as_ref()
                    .map(|who| db::petitions::Identity {
                        name: who.name.clone(),
                        phone: who.phone.clone(),
                        address: who.address.clone(),
                    })
        }
    };
    let same = |row: &PetitionRow| {
        row.device_id == device.id.to_string()
            && row.content_json == stored.content_json
            && same_identity(row)
    };
    match idempotency::check(earlier, same)? {
        Seen::Repeat(row) => Ok((StatusCode::OK, row)),
        Seen::New => {
            state
                .quotas
                .petitions_today(tx, device.id, state.clock.now())
                .await?;
            let row = insert(tx, &state, device, &petition, stored).await?;
            Ok((StatusCode::CREATED, row))
        }
    }
}

/// What a resend is compared with: the content without the identity, and
/// the identity's keyed hash.
struct Stored {
    content_json: String,
    identity_hmac: Option<String>,
}

/// Stores a new petition with the year's next case number, its photo
/// manifest and identity, and its first event (`Receive`).
async fn insert(
    tx: &mut AnyConnection,
    state: &AppState,
    device: Device,
    p: &NewPetition,
    stored: Stored,
) -> Result<PetitionRow, ApiError> {
    let now = state.clock.now();
    let at = rfc3339(now);
    let year = now.year();
    let seq = db::petitions::next_case_seq(tx, year).await?;
    let number = u16::try_from(year)
        .ok()
        .zip(u32::try_from(seq).ok())
        .and_then(|(y, s)| CaseNumber::new(y, s))
        .ok_or_else(|| ApiError::Unavailable("This year's case numbers are used up.".into()))?;
    // With photos the case waits for them before it counts as received.
    let status = if p.photos.is_empty() {
        CaseStatus::Received
    } else {
        CaseStatus::ReceivingAttachments
    };
    let row = PetitionRow {
        id: p.id.to_string(),
        device_id: device.id.to_string(),
        case_number: number.to_string(),
        kind: p.kind.as_str().into(),
        title: p.title.clone(),
        body: p.body.clone(),
        status: status.as_str().into(),
        received_at: at.clone(),
        category: p.category.clone(),
        district: p.location.district.clone(),
        street: p.location.street.clone(),
        community: p.location.community.clone(),
        address: p.location.address.clone(),
        lat: p.location.coordinates.map(|c| c.lat),
        lon: p.location.coordinates.map(|c| c.lon),
        people_affected: p.people_affected.map(i64::from),
        content_json: stored.content_json,
        identity_hmac: stored.identity_hmac,
    };
    let received = lifecycle::Received::new(&at, status);
    db::petitions::insert(
        tx,
        &row,
        &received.progress_json,
        received.due_on.as_deref(),
    )
    .await?;
    for (position, photo) in p.photos.iter().enumerate() {
        db::photos::declare(tx, p.id, position, photo).await?;
    }
    // The identity goes to its own table, never into the content columns.
    if let Some(who) = &p.identity {
        let identity = db::petitions::Identity {
            name: who.name.clone(),
            phone: who.phone.clone(),
            address: who.address.clone(),
        };
        db::petitions::insert_identity(tx, p.id, &identity).await?;
    }
    received.append(tx, p.id, &row.device_id).await?;
    Ok(row)
}

/// A device reads only its own petitions; any other id is simply not found,
/// so a guess reveals nothing.
#[utoipa::path(
    get,
    path = "/petitions/{id}",
    tag = "petitions",
    security(("device_token" = [])),
    params(("id" = Uuid, Path, description = "The petition's id (made by the app).")),
    responses(
        (status = 200, description = "The receipt.", body = PetitionReceipt),
        (status = 401, response = problems::Unauthorized),
        (status = 404, response = problems::NotFound),
    ),
)]
pub(super) async fn read(
    State(state): State<AppState>,
    device: Device,
    extract::Path(id): extract::Path<Uuid>,
) -> Result<Json<PetitionReceipt>, ApiError> {
    match db::petitions::by_id(&state.db.read, id).await? {
        Some(row) if row.device_id == device.id.to_string() => {
            Ok(Json(receipt(&state, row).await?))
        }
        _ => Err(ApiError::NotFound),
    }
}
