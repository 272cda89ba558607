//! The API v1 contract: paths and the JSON bodies both sides exchange.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{CaseStatus, PetitionKind};

pub mod paths {
    pub const HEALTH: &str = "/api/v1/health";
    pub const DEVICES: &str = "/api/v1/devices";
    pub const PETITIONS: &str = "/api/v1/petitions";
    pub const SYNC: &str = "/api/v1/sync";

    pub fn petition(id: &uuid::Uuid) -> String {
        format!("{PETITIONS}/{id}")
    }

    pub fn sync(cursor: i64, limit: u32) -> String {
        format!("{SYNC}?cursor={cursor}&limit={limit}")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub version: String,
}

/// The answer to `POST /devices`. The token is shown once; the server keeps
/// only its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceRegistration {
    pub device_id: Uuid,
    pub token: String,
}

/// `POST /petitions`. The id is a UUIDv7 made by the app when the resident
/// pressed Send: a resend with the same id is the same petition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPetition {
    pub id: Uuid,
    pub kind: PetitionKind,
    pub title: String,
    pub body: String,
}

/// What the office received: the receipt the resident keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PetitionReceipt {
    pub id: Uuid,
    pub case_number: String,
    pub status: CaseStatus,
    pub kind: PetitionKind,
    pub title: String,
    pub body: String,
    /// RFC 3339, UTC.
    pub received_at: String,
}

/// One change to one of this device's cases, in the order it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseChange {
    pub seq: i64,
    pub petition_id: Uuid,
    pub case_number: String,
    pub status: CaseStatus,
    /// RFC 3339, UTC.
    pub at: String,
}

/// `GET /sync?cursor=&limit=`: changes after `cursor`; ask again with
/// `next_cursor` while `has_more`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncPage {
    pub changes: Vec<CaseChange>,
    pub next_cursor: i64,
    pub has_more: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_petition_refuses_unknown_fields() {
        let json = r#"{"id":"019378a2-5b1c-7d3e-8f40-123456789abc","kind":"report",
            "title":"t","body":"b","admin":true}"#;
        assert!(serde_json::from_str::<NewPetition>(json).is_err());
    }

    #[test]
    fn paths_are_under_api_v1() {
        let id = Uuid::nil();
        assert_eq!(
            paths::petition(&id),
            "/api/v1/petitions/00000000-0000-0000-0000-000000000000"
        );
        assert_eq!(paths::sync(7, 50), "/api/v1/sync?cursor=7&limit=50");
    }
}
