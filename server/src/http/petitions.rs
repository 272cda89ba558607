use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use letterbox_core::api::{paths, Coordinates, Location, NewPetition, PetitionReceipt};
use letterbox_core::{CaseNumber, CaseStatus, PetitionKind};
use sqlx::SqliteConnection;
use uuid::Uuid;

use super::extract;
use crate::auth::Device;
use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::lifecycle::Acting;
use crate::AppState;
use letterbox_core::lifecycle::{CaseAction, Progress};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/petitions", post(create))
        .route("/petitions/{id}", get(read))
}

#[derive(sqlx::FromRow)]
/// A petition as stored (the staff desk reads it too).
pub(crate) struct PetitionRow {
    pub(crate) id: String,
    pub(crate) device_id: String,
    pub(crate) case_number: String,
    pub(crate) kind: String,
    pub(crate) title: String,
    pub(crate) body: String,
    pub(crate) status: String,
    pub(crate) received_at: String,
    pub(crate) category: String,
    pub(crate) district: Option<String>,
    pub(crate) street: Option<String>,
    pub(crate) community: Option<String>,
    pub(crate) address: String,
    pub(crate) lat: Option<f64>,
    pub(crate) lon: Option<f64>,
    pub(crate) people_affected: Option<i64>,
    pub(crate) content_json: String,
}

impl PetitionRow {
    fn receipt(self) -> Result<PetitionReceipt, ApiError> {
        let corrupt = |what: &str| {
            tracing::error!("petition {} has an unreadable {what}", self.id);
            ApiError::Database(sqlx::Error::Protocol(format!("bad {what} in petitions")))
        };
        Ok(PetitionReceipt {
            id: Uuid::parse_str(&self.id).map_err(|_| corrupt("id"))?,
            kind: PetitionKind::parse(&self.kind).ok_or_else(|| corrupt("kind"))?,
            status: CaseStatus::parse(&self.status).ok_or_else(|| corrupt("status"))?,
            people_affected: self
                .people_affected
                .map(|n| u32::try_from(n).map_err(|_| corrupt("people_affected")))
                .transpose()?,
            case_number: self.case_number,
            title: self.title,
            body: self.body,
            category: self.category,
            location: Location {
                district: self.district,
                street: self.street,
                community: self.community,
                address: self.address,
                coordinates: self
                    .lat
                    .zip(self.lon)
                    .map(|(lat, lon)| Coordinates { lat, lon }),
            },
            received_at: self.received_at,
            photos: Vec::new(),
        })
    }
}

/// The petition's declared photos, in order, for its receipt.
async fn manifest(
    db: &sqlx::SqlitePool,
    id: &str,
) -> Result<Vec<letterbox_core::api::PhotoManifestEntry>, ApiError> {
    let rows: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT photo_id, sha256, bytes, mime FROM petition_photos \
         WHERE petition_id = ? ORDER BY position",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(photo, sha256, bytes, mime)| {
            Ok(letterbox_core::api::PhotoManifestEntry {
                id: Uuid::parse_str(&photo).map_err(|_| {
                    ApiError::Database(sqlx::Error::Protocol("bad photo id".into()))
                })?,
                sha256,
                bytes: bytes as u64,
                mime,
            })
        })
        .collect()
}

pub(crate) const SELECT_PETITION: &str =
    "SELECT id, device_id, case_number, kind, title, body, status, \
     received_at, category, district, street, community, address, lat, lon, people_affected, \
     content_json FROM petitions WHERE id = ?";

/// The petition as the office keeps it, in a form that compares equal for
/// equal content (serde_json writes struct fields in declaration order).
fn canonical(p: &NewPetition) -> String {
    serde_json::to_string(p).unwrap_or_default()
}

/// Receives a petition exactly once. The app's id makes a resend (lost
/// response, double tap, second tab) the same petition: same answer, no new
/// row. Everything happens in one transaction on the single writer, so two
/// concurrent copies are serialised and the second sees the first.
async fn create(
    State(state): State<AppState>,
    device: Device,
    extract::Json(petition): extract::Json<NewPetition>,
) -> Result<(StatusCode, HeaderMap, Json<PetitionReceipt>), ApiError> {
    petition.validate().map_err(ApiError::invalid)?;
    let petition = petition.normalized();
    let unknown = petition.check_catalogue(&state.catalogue.categories, &state.catalogue.areas);
    if !unknown.is_empty() {
        return Err(ApiError::invalid(unknown));
    }
    let content = canonical(&petition);
    let mut tx = state.db.write.begin().await?;
    let existing: Option<PetitionRow> = sqlx::query_as(SELECT_PETITION)
        .bind(petition.id.to_string())
        .fetch_optional(&mut *tx)
        .await?;
    let (status, row) = match existing {
        Some(row) if row.device_id == device.id.to_string() && row.content_json == content => {
            (StatusCode::OK, row)
        }
        Some(_) => return Err(ApiError::IdConflict),
        None => {
            let row = insert(&mut tx, &state, device, &petition, content).await?;
            tx.commit().await?;
            (StatusCode::CREATED, row)
        }
    };
    let mut headers = HeaderMap::new();
    if let Ok(location) = HeaderValue::from_str(&paths::petition(&petition.id)) {
        headers.insert(header::LOCATION, location);
    }
    let photos = manifest(&state.db.read, &row.id).await?;
    let mut receipt = row.receipt()?;
    receipt.photos = photos;
    Ok((status, headers, Json(receipt)))
}

async fn insert(
    tx: &mut SqliteConnection,
    state: &AppState,
    device: Device,
    p: &NewPetition,
    content_json: String,
) -> Result<PetitionRow, ApiError> {
    let now = state.clock.now();
    let at = rfc3339(now);
    let year = now.year();
    let seq: i64 = sqlx::query_scalar(
        "INSERT INTO case_counters (year, last_seq) VALUES (?, 1) \
         ON CONFLICT (year) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq",
    )
    .bind(year)
    .fetch_one(&mut *tx)
    .await?;
    let number = u16::try_from(year)
        .ok()
        .zip(u32::try_from(seq).ok())
        .and_then(|(y, s)| CaseNumber::new(y, s))
        .ok_or_else(|| ApiError::Unavailable("This year's case numbers are used up.".into()))?;
    let row = PetitionRow {
        id: p.id.to_string(),
        device_id: device.id.to_string(),
        case_number: number.to_string(),
        kind: p.kind.as_str().into(),
        title: p.title.clone(),
        body: p.body.clone(),
        status: if p.photos.is_empty() {
            CaseStatus::Received
        } else {
            CaseStatus::ReceivingAttachments
        }
        .as_str()
        .into(),
        received_at: at.clone(),
        category: p.category.clone(),
        district: p.location.district.clone(),
        street: p.location.street.clone(),
        community: p.location.community.clone(),
        address: p.location.address.clone(),
        lat: p.location.coordinates.map(|c| c.lat),
        lon: p.location.coordinates.map(|c| c.lon),
        people_affected: p.people_affected.map(i64::from),
        content_json,
    };
    sqlx::query(
        "INSERT INTO petitions (id, device_id, case_number, kind, title, body, status, \
         received_at, category, district, street, community, address, lat, lon, \
         people_affected, content_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&row.id)
    .bind(&row.device_id)
    .bind(&row.case_number)
    .bind(&row.kind)
    .bind(&row.title)
    .bind(&row.body)
    .bind(&row.status)
    .bind(&row.received_at)
    .bind(&row.category)
    .bind(&row.district)
    .bind(&row.street)
    .bind(&row.community)
    .bind(&row.address)
    .bind(row.lat)
    .bind(row.lon)
    .bind(row.people_affected)
    .bind(&row.content_json)
    .execute(&mut *tx)
    .await?;
    for (position, photo) in p.photos.iter().enumerate() {
        sqlx::query(
            "INSERT INTO petition_photos (petition_id, photo_id, position, sha256, bytes, mime) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(&row.id)
        .bind(photo.id.to_string())
        .bind(position as i64)
        .bind(&photo.sha256)
        .bind(photo.bytes as i64)
        .bind(&photo.mime)
        .execute(&mut *tx)
        .await?;
    }
    // The identity goes to its own table, never into the content columns.
    if let Some(who) = &p.identity {
        sqlx::query(
            "INSERT INTO petition_identities (petition_id, name, phone, address) VALUES (?, ?, ?, ?)",
        )
        .bind(&row.id)
        .bind(&who.name)
        .bind(&who.phone)
        .bind(&who.address)
        .execute(&mut *tx)
        .await?;
    }
    let status = CaseStatus::parse(&row.status).unwrap_or(CaseStatus::Received);
    let mut progress = Progress::new(&at, status);
    crate::lifecycle::insert_event(
        tx,
        state,
        p.id,
        &row.device_id,
        &mut progress,
        CaseAction::Receive,
        status,
        &Acting::system(),
        "",
    )
    .await?;
    Ok(row)
}

/// A device reads only its own petitions; any other id is simply not found,
/// so a guess reveals nothing.
async fn read(
    State(state): State<AppState>,
    device: Device,
    extract::Path(id): extract::Path<Uuid>,
) -> Result<Json<PetitionReceipt>, ApiError> {
    let row: Option<PetitionRow> = sqlx::query_as(SELECT_PETITION)
        .bind(id.to_string())
        .fetch_optional(&state.db.read)
        .await?;
    match row {
        Some(row) if row.device_id == device.id.to_string() => {
            let photos = manifest(&state.db.read, &row.id).await?;
            let mut receipt = row.receipt()?;
            receipt.photos = photos;
            Ok(Json(receipt))
        }
        _ => Err(ApiError::NotFound),
    }
}
