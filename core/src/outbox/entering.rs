//! A record as it enters the outbox, written with the encoder of its own
//! kind of request only.
//!
//! Boundary: the shape is `OutboxRecord`'s own (the same keys and values
//! as its `Serialize` gives a record never tried, tested below); reading
//! stays `OutboxRecord`'s. Why it exists: `OutboxRecord`'s encoder covers
//! every kind of request (a petition, a follow-up, a campaign's answer),
//! so each page that queued one carried the other two kinds' encoders in
//! its code (issue 12: the editor and the campaign page).

use serde::ser::{Serialize, SerializeStruct, Serializer};
use uuid::Uuid;

use super::{OutboxRecord, OutboxState, QueuedFollowUp, QueuedResponse};
use crate::api::NewPetition;

/// A record never tried, of one kind of request `T`.
pub struct Entering<'a, T> {
    id: Uuid,
    /// The request's key in the record (`Mutation`'s variant name).
    key: &'static str,
    request: &'a T,
    queued_at_ms: f64,
}

impl<T> Entering<'_, T> {
    /// The request the record carries.
    pub fn request(&self) -> &T {
        self.request
    }
}

impl OutboxRecord {
    /// This record to be written, if it is a petition never tried.
    pub fn entering_petition(&self) -> Option<Entering<'_, NewPetition>> {
        self.entering("petition", self.petition())
    }

    /// This record to be written, if it is a follow-up never tried.
    pub fn entering_follow_up(&self) -> Option<Entering<'_, QueuedFollowUp>> {
        self.entering("follow_up", self.follow_up_request())
    }

    /// This record to be written, if it is a campaign's answer never tried.
    pub fn entering_campaign_response(&self) -> Option<Entering<'_, QueuedResponse>> {
        self.entering("campaign_response", self.campaign_response_request())
    }

    fn entering<'a, T>(
        &'a self,
        key: &'static str,
        request: Option<&'a T>,
    ) -> Option<Entering<'a, T>> {
        let never_tried = self.state == OutboxState::Waiting
            && self.attempts == 0
            && self.last_error.is_none()
            && self.next_attempt_at_ms == self.queued_at_ms;
        Some(Entering {
            id: self.id,
            key,
            request: request.filter(|_| never_tried)?,
            queued_at_ms: self.queued_at_ms,
        })
    }
}

impl<T: Serialize> Serialize for Entering<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut record = serializer.serialize_struct("OutboxRecord", 7)?;
        record.serialize_field("id", &self.id)?;
        record.serialize_field(self.key, self.request)?;
        record.serialize_field("state", &OutboxState::Waiting)?;
        record.serialize_field("attempts", &0u32)?;
        record.serialize_field("queued_at_ms", &self.queued_at_ms)?;
        record.serialize_field("next_attempt_at_ms", &self.queued_at_ms)?;
        // No failure yet: written as `OutboxRecord` writes `None`.
        record.serialize_field("last_error", &None::<()>)?;
        record.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{FollowUp, Location};
    use crate::campaign::Words;
    use crate::outbox::tests::route_answer;
    use crate::outbox::SendFailure;
    use crate::PetitionKind;

    fn petition() -> NewPetition {
        NewPetition {
            id: Uuid::from_u128(1),
            kind: PetitionKind::Complaint,
            title: "小区燃气无法开通".into(),
            body: "开发商与燃气公司合同纠纷，小区至今无法通气。".into(),
            category: "utilities".into(),
            location: Location {
                district: Some("500103".into()),
                address: "民族路 1 号".into(),
                ..Location::default()
            },
            people_affected: Some(120),
            identity: None,
            photos: Vec::new(),
        }
    }

    fn every_kind() -> Vec<OutboxRecord> {
        vec![
            OutboxRecord::new(petition(), 5.0),
            OutboxRecord::follow_up(
                Uuid::from_u128(2),
                QueuedFollowUp {
                    petition_id: Uuid::from_u128(1),
                    case_title: "小区燃气无法开通".into(),
                    request: FollowUp::Withdraw {
                        reason: "已解决".into(),
                    },
                },
                6.0,
            ),
            OutboxRecord::campaign_response(
                QueuedResponse {
                    slug: "yubei-bus-2026".into(),
                    title: Words::zh("渝北区公交线路调整征求意见"),
                    response: route_answer(),
                },
                8.0,
            ),
        ]
    }

    /// What each kind's writer makes of `record`: JSON for its own kind,
    /// nothing for the others.
    fn written(record: &OutboxRecord) -> Vec<Option<serde_json::Value>> {
        fn json(e: impl Serialize) -> serde_json::Value {
            serde_json::to_value(e).unwrap()
        }
        vec![
            record.entering_petition().map(json),
            record.entering_follow_up().map(json),
            record.entering_campaign_response().map(json),
        ]
    }

    #[test]
    fn a_record_entering_is_written_as_the_record_itself_and_reads_back() {
        for (kind, record) in every_kind().into_iter().enumerate() {
            let whole = serde_json::to_value(&record).unwrap();
            let written = written(&record);
            for (other, value) in written.iter().enumerate() {
                assert_eq!(value.is_some(), other == kind, "only its own kind");
            }
            let value = written[kind].clone().unwrap();
            assert_eq!(value, whole);
            assert_eq!(
                serde_json::from_value::<OutboxRecord>(value).unwrap(),
                record
            );
        }
    }

    #[test]
    fn a_record_already_tried_is_not_written_as_entering() {
        for record in every_kind() {
            let mut tried = record.clone();
            tried.record_failure(SendFailure::NoConnection, 10.0, 1_000.0);
            assert_eq!(written(&tried), vec![None, None, None]);
            let mut refused = record.clone();
            refused.state = OutboxState::NeedsAttention;
            assert_eq!(written(&refused), vec![None, None, None]);
        }
    }
}
