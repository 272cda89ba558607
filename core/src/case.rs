use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::api::{CaseChange, Location, PetitionReceipt, PhotoManifestEntry};
use crate::{CaseStatus, PetitionKind};

/// A case as the phone keeps it: what the office confirmed receiving, and
/// where it stands after the last pull. Works offline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseRecord {
    pub id: Uuid,
    pub case_number: String,
    pub status: CaseStatus,
    pub kind: PetitionKind,
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub location: Location,
    #[serde(default)]
    pub people_affected: Option<u32>,
    /// Declared photos; their bytes stay in the phone's photo store.
    #[serde(default)]
    pub photos: Vec<PhotoManifestEntry>,
    pub received_at: String,
    /// When the last change the phone knows of happened (RFC 3339).
    pub updated_at: String,
    /// The feed sequence of that change: a change is applied once, in order.
    pub last_seq: i64,
}

impl CaseRecord {
    pub fn from_receipt(r: PetitionReceipt) -> Self {
        Self {
            id: r.id,
            case_number: r.case_number,
            status: r.status,
            kind: r.kind,
            title: r.title,
            body: r.body,
            category: r.category,
            location: r.location,
            people_affected: r.people_affected,
            photos: r.photos,
            updated_at: r.received_at.clone(),
            received_at: r.received_at,
            last_seq: 0,
        }
    }

    /// Applies a change from the sync feed; an older or repeated change is
    /// ignored, so applying a page twice is harmless.
    pub fn apply(&mut self, change: &CaseChange) -> bool {
        if change.petition_id != self.id || change.seq <= self.last_seq {
            return false;
        }
        self.status = change.status;
        self.case_number = change.case_number.clone();
        self.updated_at = change.at.clone();
        self.last_seq = change.seq;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receipt() -> PetitionReceipt {
        PetitionReceipt {
            id: Uuid::parse_str("019378a2-5b1c-7d3e-8f40-123456789abc").unwrap(),
            case_number: "LB-2026-000001".into(),
            status: CaseStatus::Received,
            kind: PetitionKind::Complaint,
            title: "燃气".into(),
            body: "无法通气".into(),
            category: "utilities".into(),
            location: Location::default(),
            people_affected: None,
            photos: Vec::new(),
            received_at: "2026-11-28T09:30:00Z".into(),
        }
    }

    #[test]
    fn applies_each_change_once_and_in_order() {
        let mut case = CaseRecord::from_receipt(receipt());
        let change = CaseChange {
            seq: 5,
            petition_id: case.id,
            case_number: case.case_number.clone(),
            status: CaseStatus::Received,
            at: "2026-11-29T08:00:00Z".into(),
        };
        assert!(case.apply(&change));
        assert_eq!(case.updated_at, "2026-11-29T08:00:00Z");
        assert!(!case.apply(&change), "a repeat is ignored");
        let older = CaseChange {
            seq: 4,
            at: "2026-11-28T10:00:00Z".into(),
            ..change.clone()
        };
        assert!(!case.apply(&older));
        assert_eq!(case.last_seq, 5);
        let foreign = CaseChange {
            seq: 9,
            petition_id: Uuid::nil(),
            ..change
        };
        assert!(!case.apply(&foreign));
    }
}
