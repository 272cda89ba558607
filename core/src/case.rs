//! A case as the phone keeps it, and what the resident may do with it.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::api::{CaseChange, FollowUp, Location, PetitionReceipt, PhotoManifestEntry};
use crate::calendar::{Calendar, Date};
use crate::lifecycle::{CaseAction, CaseEvent, Progress, ResidentOptions};
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
    /// Photos the office has confirmed holding, for the progress shown.
    #[serde(default)]
    pub photos_received: Vec<Uuid>,
    pub received_at: String,
    /// When the last change the phone knows of happened (RFC 3339).
    pub updated_at: String,
    /// The feed sequence of that change: a change is applied once, in order.
    pub last_seq: i64,
    /// The case's history as the office recorded it, oldest first.
    #[serde(default)]
    pub events: Vec<CaseEvent>,
    /// With the case number, follows the case from another device.
    #[serde(default)]
    pub query_code: Option<String>,
    /// The last change the resident has seen on the case page; anything
    /// newer is marked "updated since your last visit".
    #[serde(default)]
    pub seen_seq: i64,
    /// Followed from this phone with the case number and query code; the
    /// phone that sent it is the one that acts on it.
    #[serde(default)]
    pub followed: bool,
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
            photos_received: Vec::new(),
            updated_at: r.received_at.clone(),
            received_at: r.received_at,
            last_seq: 0,
            events: Vec::new(),
            query_code: None,
            seen_seq: 0,
            followed: false,
        }
    }

    /// A case found with its number and query code, to follow from here.
    pub fn from_lookup(view: crate::api::CaseView) -> Self {
        let last_seq = view.events.iter().map(|e| e.seq).max().unwrap_or(0);
        Self {
            id: view.id,
            case_number: view.case_number,
            status: view.status,
            kind: view.kind,
            title: view.title,
            body: view.body,
            category: view.category,
            location: Location::default(),
            people_affected: None,
            photos: Vec::new(),
            photos_received: Vec::new(),
            updated_at: view
                .events
                .last()
                .map_or_else(|| view.received_at.clone(), |e| e.at.clone()),
            received_at: view.received_at,
            last_seq,
            seen_seq: last_seq,
            events: view.events,
            query_code: None,
            followed: true,
        }
    }

    /// The history folded by the lifecycle rules: stage, departments and
    /// the start of each legal clock.
    pub fn progress(&self) -> Progress {
        let mut p = Progress::from_events(&self.received_at, self.status, &self.events);
        // The feed's latest status is the truth, with or without an event.
        p.status = self.status;
        p
    }

    /// What the resident may do with this case on `today`. `pending` are
    /// the resident's requests about it still waiting on the phone: one of
    /// a kind at a time, so a request waiting to go is not offered again.
    /// A followed case is read here and acted on from the phone that sent
    /// it, so nothing is offered for it.
    pub fn resident_options(
        &self,
        pending: &[FollowUp],
        today: Date,
        calendar: &Calendar,
    ) -> ResidentOptions {
        if self.followed {
            return ResidentOptions::default();
        }
        let mut options = self.progress().resident_options(today, calendar);
        for request in pending {
            match request {
                FollowUp::Rate { answer_seq, .. } if options.rate == Some(*answer_seq) => {
                    options.rate = None
                }
                FollowUp::RequestReview { .. } => options.review = None,
                FollowUp::RequestRecheck { .. } => options.recheck = None,
                FollowUp::Withdraw { .. } => options.withdraw = false,
                _ => {}
            }
        }
        options
    }

    /// The office confirmed one of the resident's follow-ups: its event
    /// joins the timeline at once, and a supplement's photos join the
    /// case's photos so they are uploaded. The feed brings the same event
    /// later; it is not added twice.
    pub fn confirm_event(&mut self, event: CaseEvent, photos: &[PhotoManifestEntry]) {
        let (seq, status) = (event.seq, event.status);
        if self.add_event(event) && seq > self.last_seq {
            self.status = status;
        }
        for p in photos {
            if !self.photos.iter().any(|q| q.id == p.id) {
                self.photos.push(p.clone());
            }
        }
    }

    /// Adds an event to the timeline in feed order, once; false if it was
    /// there already.
    fn add_event(&mut self, event: CaseEvent) -> bool {
        if self.events.iter().any(|e| e.seq == event.seq) {
            return false;
        }
        self.events.push(event);
        self.events.sort_by_key(|e| e.seq);
        true
    }

    /// Declared photos the office has not confirmed yet.
    pub fn photos_to_send(&self) -> usize {
        self.photos
            .iter()
            .filter(|p| !self.photos_received.contains(&p.id))
            .count()
    }

    /// Whether some declared photo is not yet confirmed by the office.
    pub fn photos_pending(&self) -> bool {
        self.photos_to_send() > 0
    }

    /// Whether something happened since the resident last opened the case.
    /// Only what the office did counts: the resident's own requests and
    /// the automatic receipt are not news.
    pub fn is_updated(&self) -> bool {
        self.events
            .iter()
            .any(|e| e.seq > self.seen_seq && crate::lifecycle::Role::STAFF.contains(&e.actor))
    }

    /// Notes that the office holds a photo; false if already noted or not
    /// one of this case's photos.
    pub fn photo_received(&mut self, id: Uuid) -> bool {
        if self.photos.iter().any(|p| p.id == id) && !self.photos_received.contains(&id) {
            self.photos_received.push(id);
            true
        } else {
            false
        }
    }

    /// Applies a change from the sync feed; an older or repeated change is
    /// ignored, so applying a page twice is harmless.
    pub fn apply(&mut self, change: &CaseChange) -> bool {
        if change.petition_id != self.id || change.seq <= self.last_seq {
            return false;
        }
        // The office received every declared photo: said by the event that
        // completes them (or, before events existed, by the status). A
        // supplement at the same stage says nothing about its own photos.
        let all_arrived = match &change.event {
            Some(e) => matches!(e.action, CaseAction::AttachmentsComplete),
            None => change.status == CaseStatus::Received,
        };
        if all_arrived {
            self.photos_received = self.photos.iter().map(|p| p.id).collect();
        }
        self.status = change.status;
        if let Some(event) = &change.event {
            self.add_event(event.clone());
        }
        if change.query_code.is_some() {
            self.query_code = change.query_code.clone();
        }
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
    fn photo_progress_is_counted_once_per_declared_photo() {
        let mut r = receipt();
        r.status = CaseStatus::ReceivingAttachments;
        r.photos = (1..=3)
            .map(|n| PhotoManifestEntry {
                id: Uuid::from_u128(n),
                sha256: "ab".repeat(32),
                bytes: 10,
                mime: "image/webp".into(),
            })
            .collect();
        let mut case = CaseRecord::from_receipt(r);
        assert!(case.photo_received(Uuid::from_u128(2)));
        assert!(!case.photo_received(Uuid::from_u128(2)), "once");
        assert!(!case.photo_received(Uuid::from_u128(9)), "not declared");
        assert_eq!(case.photos_received.len(), 1);
        let change = CaseChange {
            seq: 1,
            petition_id: case.id,
            case_number: case.case_number.clone(),
            status: CaseStatus::Received,
            at: "2026-11-28T10:00:00Z".into(),
            event: None,
            query_code: None,
        };
        assert!(case.apply(&change));
        assert_eq!(case.photos_received.len(), 3);
    }

    #[test]
    fn a_supplement_at_the_received_stage_does_not_mark_its_photos_received() {
        let mut case = CaseRecord::from_receipt(receipt());
        let photo = PhotoManifestEntry {
            id: Uuid::from_u128(7),
            sha256: "cd".repeat(32),
            bytes: 10,
            mime: "image/webp".into(),
        };
        let supplement = CaseEvent {
            seq: 3,
            action: CaseAction::Supplement {
                text: "补充".into(),
                photos: 1,
            },
            status: CaseStatus::Received,
            at: "2026-11-28T10:00:00Z".into(),
            actor: crate::lifecycle::Role::Resident,
            departments: Vec::new(),
            note: String::new(),
        };
        case.confirm_event(supplement.clone(), std::slice::from_ref(&photo));
        assert!(case.photos_pending());
        let change = CaseChange {
            seq: 3,
            petition_id: case.id,
            case_number: case.case_number.clone(),
            status: CaseStatus::Received,
            at: supplement.at.clone(),
            event: Some(supplement),
            query_code: None,
        };
        assert!(case.apply(&change));
        assert!(
            case.photos_pending(),
            "the supplement's photo still has to go up"
        );
        assert_eq!(case.events.len(), 1, "confirmed and pulled: one event");
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
            event: None,
            query_code: None,
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
