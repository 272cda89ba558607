//! The API v1 contract: paths and the JSON bodies both sides exchange.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::lifecycle::{CaseAction, CaseEvent, Rating};
use crate::{CaseStatus, PetitionKind};

pub mod paths {
    pub const HEALTH: &str = "/api/v1/health";
    pub const DEVICES: &str = "/api/v1/devices";
    pub const PETITIONS: &str = "/api/v1/petitions";
    pub const SYNC: &str = "/api/v1/sync";
    pub const CATEGORIES: &str = "/api/v1/categories";
    pub const AREAS: &str = "/api/v1/areas";
    /// The phone presenting the token: `DELETE` forgets it.
    pub const MY_DEVICE: &str = "/api/v1/devices/me";
    /// Everything the office holds for that phone.
    pub const MY_DATA: &str = "/api/v1/devices/me/data";

    pub fn photo(petition: &uuid::Uuid, photo: &uuid::Uuid) -> String {
        format!("{PETITIONS}/{petition}/photos/{photo}")
    }

    pub fn petition(id: &uuid::Uuid) -> String {
        format!("{PETITIONS}/{id}")
    }

    /// A resident's request about an existing case; the id makes it
    /// idempotent.
    pub fn follow_up(petition: &uuid::Uuid, request: &uuid::Uuid) -> String {
        format!("{PETITIONS}/{petition}/requests/{request}")
    }

    pub const LOOKUP: &str = "/api/v1/cases/lookup";
    pub const CAMPAIGNS: &str = "/api/v1/campaigns";

    /// A campaign's definition (public; a draft is unknown).
    pub fn campaign(slug: &str) -> String {
        format!("{CAMPAIGNS}/{slug}")
    }

    /// The phone's one response to a campaign; the id, made once per
    /// campaign on the phone, makes a later answer replace it.
    pub fn campaign_response(slug: &str, id: &uuid::Uuid) -> String {
        format!("{CAMPAIGNS}/{slug}/responses/{id}")
    }

    /// A photo on a long-text answer, uploaded after the answer.
    pub fn campaign_photo(slug: &str, response: &uuid::Uuid, photo: &uuid::Uuid) -> String {
        format!("{CAMPAIGNS}/{slug}/responses/{response}/photos/{photo}")
    }

    /// A campaign's counts (public only after the close, where the office
    /// said so).
    pub fn campaign_results(slug: &str) -> String {
        format!("{CAMPAIGNS}/{slug}/results")
    }

    /// The feed after both cursors: the device's cases', and every
    /// phone's campaigns'.
    pub fn sync(cursor: i64, campaign_cursor: i64, limit: u32) -> String {
        format!("{SYNC}?cursor={cursor}&campaigns={campaign_cursor}&limit={limit}")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub version: String,
}

/// The answer to `POST /devices`. The token is shown once; the server keeps
/// only its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceRegistration {
    pub device_id: Uuid,
    pub token: String,
}

/// `POST /petitions`. The id is a UUIDv7 made by the app when the resident
/// started the draft: a resend with the same id is the same petition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPetition {
    pub id: Uuid,
    pub kind: PetitionKind,
    pub title: String,
    /// The facts and the request.
    pub body: String,
    /// A category code from `GET /categories`.
    pub category: String,
    #[serde(default)]
    pub location: Location,
    /// For a group matter: how many people it affects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub people_affected: Option<u32>,
    /// Who is petitioning. Kept apart from the content: required for a
    /// complaint (Art. 19), optional otherwise, and for a report shown only
    /// to staff allowed to see a reporter's identity (Art. 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// The photos that will follow, each uploaded on its own
    /// (`PUT /petitions/{id}/photos/{photo_id}`). The case shows "receiving
    /// attachments" until all have arrived.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<PhotoManifestEntry>,
}

/// One declared photo: its id (made by the app), the SHA-256 of its bytes
/// in lower-case hex, its size and type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoManifestEntry {
    pub id: Uuid,
    pub sha256: String,
    pub bytes: u64,
    pub mime: String,
}

/// The answer to a photo upload and to `HEAD` on a photo: how many bytes
/// the office holds, and whether the photo is complete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoReceipt {
    pub id: Uuid,
    pub received_bytes: u64,
    pub complete: bool,
}

/// Where the matter is: an area picked from `GET /areas` and/or an address
/// in words. Coordinates only when the resident chose to share them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Location {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community: Option<String>,
    #[serde(default)]
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<Coordinates>,
}

/// A position rounded to about 10 metres: enough to find a broken lamp,
/// not enough to find a front door.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Coordinates {
    pub lat: f64,
    pub lon: f64,
}

impl Coordinates {
    /// Four decimal places: 0.0001° of latitude is about 11 m.
    pub fn rounded(lat: f64, lon: f64) -> Self {
        let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
        Self {
            lat: round(lat),
            lon: round(lon),
        }
    }

    pub fn is_valid(&self) -> bool {
        (-90.0..=90.0).contains(&self.lat) && (-180.0..=180.0).contains(&self.lon)
    }
}

/// The petitioner's name and how to reach them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Identity {
    pub name: String,
    pub phone: String,
    #[serde(default)]
    pub address: String,
}

/// What the office received: the receipt the resident keeps. The identity
/// is not echoed back: the phone already has it, and a receipt is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PetitionReceipt {
    pub id: Uuid,
    pub case_number: String,
    pub status: CaseStatus,
    pub kind: PetitionKind,
    pub title: String,
    pub body: String,
    pub category: String,
    pub location: Location,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub people_affected: Option<u32>,
    /// The photos declared with the petition, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<PhotoManifestEntry>,
    /// RFC 3339, UTC.
    pub received_at: String,
}

/// One change to one of this device's cases, in the order it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseChange {
    pub seq: i64,
    pub petition_id: Uuid,
    pub case_number: String,
    pub status: CaseStatus,
    /// RFC 3339, UTC.
    pub at: String,
    /// What happened, for the timeline (absent on changes recorded before
    /// the lifecycle existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<CaseEvent>,
    /// Given with the registration: with the case number it lets the
    /// resident follow the case from another device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_code: Option<String>,
}

/// `PUT /petitions/{id}/requests/{request_id}`: what a resident asks about
/// a case the office holds.
/// The app's wasm decodes it with `decode::follow_up` (no serde buffering).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FollowUp {
    Withdraw {
        #[serde(default)]
        reason: String,
    },
    /// `requested_at`: when the resident asked, on the phone (RFC 3339).
    /// A request made offline within the window still counts if it reaches
    /// the office within `OFFLINE_REQUEST_GRACE_DAYS`.
    RequestReview {
        #[serde(default)]
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        requested_at: Option<String>,
    },
    RequestRecheck {
        #[serde(default)]
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        requested_at: Option<String>,
    },
    Rate {
        answer_seq: i64,
        rating: Rating,
    },
    Supplement {
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        photos: Vec<PhotoManifestEntry>,
    },
}

impl FollowUp {
    /// The form the office keeps: the resident's words without surrounding
    /// whitespace and in NFC (see `text`).
    pub fn normalized(mut self) -> Self {
        let normal = |s: &mut String| *s = crate::text::normalize_text(s);
        match &mut self {
            Self::Withdraw { reason }
            | Self::RequestReview { reason, .. }
            | Self::RequestRecheck { reason, .. } => normal(reason),
            Self::Rate { rating, .. } => normal(&mut rating.comment),
            Self::Supplement { text, .. } => normal(text),
        }
        self
    }

    /// The lifecycle action this request asks for, and the resident's note.
    pub fn action(&self) -> (CaseAction, String) {
        match self {
            Self::Withdraw { reason } => (CaseAction::Withdraw, reason.trim().to_owned()),
            Self::RequestReview { reason, .. } => {
                (CaseAction::RequestReview, reason.trim().to_owned())
            }
            Self::RequestRecheck { reason, .. } => {
                (CaseAction::RequestRecheck, reason.trim().to_owned())
            }
            Self::Rate { answer_seq, rating } => (
                CaseAction::Rate {
                    answer_seq: *answer_seq,
                    rating: rating.clone(),
                },
                String::new(),
            ),
            Self::Supplement { text, photos } => (
                CaseAction::Supplement {
                    text: text.trim().to_owned(),
                    photos: photos.len() as u32,
                },
                String::new(),
            ),
        }
    }
}

impl FollowUp {
    /// The day a time-limited request counts from: the day the resident
    /// made it on the phone, if that is at most `OFFLINE_REQUEST_GRACE_DAYS`
    /// before it arrived (and not in the future); otherwise the day it
    /// arrived. A phone's clock is not trusted further than that.
    pub fn counts_on(&self, arrived: crate::calendar::Date) -> crate::calendar::Date {
        let made = match self {
            Self::RequestReview { requested_at, .. }
            | Self::RequestRecheck { requested_at, .. } => requested_at
                .as_deref()
                .and_then(crate::calendar::Date::in_china),
            _ => None,
        };
        match made {
            Some(day)
                if day <= arrived
                    && day.days_until(arrived)
                        <= crate::limits::OFFLINE_REQUEST_GRACE_DAYS as i32 =>
            {
                day
            }
            _ => arrived,
        }
    }
}

/// The office's answer to a follow-up: the event it became.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUpReceipt {
    pub id: Uuid,
    pub petition_id: Uuid,
    pub event: CaseEvent,
}

/// `POST /cases/lookup`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LookupRequest {
    pub case_number: String,
    pub query_code: String,
}

/// What case number plus query code show: the case and its history,
/// never the petitioner's identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseView {
    pub id: Uuid,
    pub case_number: String,
    pub kind: PetitionKind,
    pub title: String,
    pub body: String,
    pub category: String,
    pub status: CaseStatus,
    pub received_at: String,
    pub events: Vec<CaseEvent>,
}

/// `GET /sync?cursor=&limit=`: changes after `cursor`; ask again with
/// `next_cursor` while `has_more`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncPage {
    pub changes: Vec<CaseChange>,
    pub next_cursor: i64,
    /// Changes to published campaigns after the campaign cursor: the
    /// phone fetches the campaign list again when any arrive.
    #[serde(default)]
    pub campaigns: Vec<CampaignChange>,
    #[serde(default)]
    pub next_campaign_cursor: i64,
    /// More of either after this page.
    pub has_more: bool,
}

/// A change to a published campaign, as every phone's feed carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignChange {
    pub seq: i64,
    pub slug: String,
    pub action: crate::campaign::CampaignAction,
    pub at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_petition_refuses_unknown_fields() {
        let json = r#"{"id":"019378a2-5b1c-7d3e-8f40-123456789abc","kind":"report",
            "title":"t","body":"b","category":"other","admin":true}"#;
        assert!(serde_json::from_str::<NewPetition>(json).is_err());
    }

    #[test]
    fn paths_are_under_api_v1() {
        let id = Uuid::nil();
        assert_eq!(
            paths::petition(&id),
            "/api/v1/petitions/00000000-0000-0000-0000-000000000000"
        );
        assert_eq!(
            paths::sync(7, 3, 50),
            "/api/v1/sync?cursor=7&campaigns=3&limit=50"
        );
    }
}

#[cfg(test)]
mod location_tests {
    use super::*;

    #[test]
    fn coordinates_round_to_about_ten_metres() {
        let c = Coordinates::rounded(29.563_456_7, 106.551_234_9);
        assert_eq!((c.lat, c.lon), (29.5635, 106.5512));
        assert!(c.is_valid());
        assert!(!Coordinates {
            lat: 91.0,
            lon: 0.0
        }
        .is_valid());
        assert!(!Coordinates {
            lat: 0.0,
            lon: f64::NAN
        }
        .is_valid());
    }

    #[test]
    fn optional_parts_may_be_left_out() {
        let json = r#"{"id":"019378a2-5b1c-7d3e-8f40-123456789abc","kind":"suggestion",
            "title":"t","body":"b","category":"transport"}"#;
        let p: NewPetition = serde_json::from_str(json).unwrap();
        assert_eq!(p.location, Location::default());
        assert_eq!((p.people_affected, &p.identity), (None, &None));
        let back = serde_json::to_value(&p).unwrap();
        assert!(back.get("identity").is_none());
    }
}
