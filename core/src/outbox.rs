//! The phone's outbox: what the resident asked to send, kept until the
//! office confirms it, and the rules for when to try again.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::api::{FollowUp, NewPetition};
use crate::campaign::{AnswerError, Response, Words};
use crate::problem::ProblemKind;

mod entering;
pub use entering::Entering;

/// First retry after about a second, doubling, never more than 5 minutes.
pub const RETRY_BASE_MS: f64 = 1_000.0;
pub const RETRY_CAP_MS: f64 = 300_000.0;
/// A request that has not answered by then is treated as lost.
pub const REQUEST_TIMEOUT_MS: u32 = 15_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    /// Saved on the phone; the app sends it by itself.
    Waiting,
    /// The office refused it; the resident must edit or discard it.
    NeedsAttention,
}

/// Why the last attempt did not land, kept to show the resident.
/// (`Deserialize` is in `decode`: without serde's buffering.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum SendFailure {
    /// No answer: offline, timed out, or the connection was cut.
    NoConnection,
    /// The server answered with an error status worth retrying.
    Server { status: u16 },
    /// An answer came but could not be read (cut off mid-way): the office
    /// may hold the record, and sending it again is the same request.
    Unreadable,
    /// The office refused the content (409, 422 and the like).
    Refused {
        status: u16,
        problem: Option<String>,
        detail: String,
        /// For an answer to a campaign, what is wrong with each question.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        answer_errors: Vec<AnswerError>,
    },
}

impl SendFailure {
    pub fn problem_kind(&self) -> Option<ProblemKind> {
        match self {
            Self::Refused {
                problem: Some(uri), ..
            } => ProblemKind::from_type_uri(uri),
            _ => None,
        }
    }
}

/// What a record asks the office to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mutation {
    /// Receive a new petition (its id is the record's).
    Petition(Box<NewPetition>),
    /// Something about a case the office already holds.
    FollowUp(QueuedFollowUp),
    /// The phone's answer to a suggestion campaign (its id is the
    /// response's, kept per campaign, so a later answer replaces it).
    CampaignResponse(Box<QueuedResponse>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuedResponse {
    pub slug: String,
    /// The campaign's title, to list the record without the definition.
    pub title: Words,
    pub response: Response,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuedFollowUp {
    pub petition_id: Uuid,
    /// The case's title, to list the record without opening the case.
    pub case_title: String,
    pub request: FollowUp,
}

/// (`Deserialize` is in `decode`: without serde's buffering.)
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutboxRecord {
    pub id: Uuid,
    #[serde(flatten)]
    pub mutation: Mutation,
    pub state: OutboxState,
    pub attempts: u32,
    pub queued_at_ms: f64,
    pub next_attempt_at_ms: f64,
    pub last_error: Option<SendFailure>,
}

/// What to do after an answer (or no answer) from the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// The office has it: remove from the outbox, keep the receipt.
    Confirmed,
    /// Try again later.
    Retry,
    /// The device token is no longer valid: register again, then retry.
    Reregister,
    /// Only the resident can fix it.
    NeedsAttention,
}

pub fn disposition(status: u16) -> Disposition {
    match status {
        200..=299 => Disposition::Confirmed,
        401 => Disposition::Reregister,
        408 | 425 | 429 | 500..=599 => Disposition::Retry,
        _ => Disposition::NeedsAttention,
    }
}

/// Exponential backoff with full jitter: a random delay in
/// `[0, min(cap, base · 2^(attempts-1))]`, but never sooner than the server's
/// `Retry-After`. `unit_random` is in `[0, 1)`.
pub fn retry_delay_ms(attempts: u32, retry_after_ms: Option<f64>, unit_random: f64) -> f64 {
    let exp = attempts.saturating_sub(1).min(30);
    let ceiling = (RETRY_BASE_MS * f64::from(1u32 << exp)).min(RETRY_CAP_MS);
    let jittered = ceiling * unit_random.clamp(0.0, 1.0);
    jittered.max(retry_after_ms.unwrap_or(0.0))
}

impl OutboxRecord {
    pub fn new(petition: NewPetition, now_ms: f64) -> Self {
        Self::queued(petition.id, Mutation::Petition(Box::new(petition)), now_ms)
    }

    /// A follow-up about a case; `id` is the request's id, sent with it so
    /// a resend is the same request.
    pub fn follow_up(id: Uuid, follow_up: QueuedFollowUp, now_ms: f64) -> Self {
        Self::queued(id, Mutation::FollowUp(follow_up), now_ms)
    }

    /// An answer to a campaign, under the response's own id.
    pub fn campaign_response(queued: QueuedResponse, now_ms: f64) -> Self {
        Self::queued(
            queued.response.id,
            Mutation::CampaignResponse(Box::new(queued)),
            now_ms,
        )
    }

    fn queued(id: Uuid, mutation: Mutation, now_ms: f64) -> Self {
        Self {
            id,
            mutation,
            state: OutboxState::Waiting,
            attempts: 0,
            queued_at_ms: now_ms,
            next_attempt_at_ms: now_ms,
            last_error: None,
        }
    }

    pub fn petition(&self) -> Option<&NewPetition> {
        match &self.mutation {
            Mutation::Petition(p) => Some(p),
            _ => None,
        }
    }

    pub fn campaign_response_request(&self) -> Option<&QueuedResponse> {
        match &self.mutation {
            Mutation::CampaignResponse(r) => Some(r),
            _ => None,
        }
    }

    pub fn follow_up_request(&self) -> Option<&QueuedFollowUp> {
        match &self.mutation {
            Mutation::FollowUp(f) => Some(f),
            _ => None,
        }
    }

    /// The case this record belongs to (an answer to a campaign belongs
    /// to none: its own id).
    pub fn case_id(&self) -> Uuid {
        match &self.mutation {
            Mutation::Petition(p) => p.id,
            Mutation::FollowUp(f) => f.petition_id,
            Mutation::CampaignResponse(r) => r.response.id,
        }
    }

    pub fn title(&self) -> &str {
        match &self.mutation {
            Mutation::Petition(p) => &p.title,
            Mutation::FollowUp(f) => &f.case_title,
            Mutation::CampaignResponse(r) => &r.title.zh,
        }
    }

    pub fn is_due(&self, now_ms: f64) -> bool {
        self.state == OutboxState::Waiting && self.next_attempt_at_ms <= now_ms
    }

    pub fn record_failure(&mut self, failure: SendFailure, now_ms: f64, delay_ms: f64) {
        self.attempts += 1;
        self.state = match failure {
            SendFailure::Refused { .. } => OutboxState::NeedsAttention,
            _ => OutboxState::Waiting,
        };
        self.next_attempt_at_ms = now_ms + delay_ms;
        self.last_error = Some(failure);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PetitionKind;

    fn suggestion(id: Uuid) -> NewPetition {
        NewPetition {
            id,
            kind: PetitionKind::Suggestion,
            title: "增设站台".into(),
            body: "建议增设公交站台方便出行。".into(),
            category: "transport".into(),
            location: Default::default(),
            people_affected: None,
            identity: None,
            photos: Vec::new(),
        }
    }

    /// An answer to the bus-route campaign (also used by `entering`'s tests).
    pub(super) fn route_answer() -> Response {
        use crate::campaign::{Answer, AnswerValue};
        Response {
            id: Uuid::from_u128(7),
            answered_at: "2026-12-05T10:00:00+08:00".into(),
            answers: vec![Answer {
                question: "route".into(),
                value: AnswerValue::Choice {
                    option: "keep".into(),
                },
            }],
        }
    }

    #[test]
    fn statuses_map_to_what_the_outbox_does() {
        assert_eq!(disposition(201), Disposition::Confirmed);
        assert_eq!(disposition(200), Disposition::Confirmed);
        assert_eq!(disposition(401), Disposition::Reregister);
        for s in [408, 429, 500, 502, 503, 504] {
            assert_eq!(disposition(s), Disposition::Retry, "{s}");
        }
        for s in [400, 404, 409, 413, 415, 422] {
            assert_eq!(disposition(s), Disposition::NeedsAttention, "{s}");
        }
    }

    #[test]
    fn backoff_doubles_to_the_cap_with_full_jitter() {
        assert_eq!(retry_delay_ms(1, None, 0.999_999).round(), 1_000.0);
        assert_eq!(retry_delay_ms(2, None, 0.999_999).round(), 2_000.0);
        assert_eq!(retry_delay_ms(5, None, 0.5), 8_000.0);
        assert_eq!(retry_delay_ms(40, None, 0.999_999).round(), RETRY_CAP_MS);
        assert_eq!(retry_delay_ms(3, None, 0.0), 0.0);
        // Retry-After wins over a shorter jittered delay.
        assert_eq!(retry_delay_ms(1, Some(30_000.0), 0.5), 30_000.0);
        assert_eq!(retry_delay_ms(12, Some(1_000.0), 0.5), RETRY_CAP_MS / 2.0);
    }

    #[test]
    fn an_answer_that_cannot_be_read_is_retried_like_a_lost_one() {
        let petition = suggestion(Uuid::parse_str("019378a2-5b1c-7d3e-8f40-123456789abc").unwrap());
        let mut r = OutboxRecord::new(petition, 1_000.0);
        r.record_failure(SendFailure::Unreadable, 1_000.0, 500.0);
        assert_eq!(r.state, OutboxState::Waiting);
        assert!(r.is_due(1_500.0));
        assert_eq!(r.last_error, Some(SendFailure::Unreadable));
    }

    #[test]
    fn refusal_stops_the_record_and_transient_failure_schedules_it() {
        let petition = suggestion(Uuid::parse_str("019378a2-5b1c-7d3e-8f40-123456789abc").unwrap());
        let mut r = OutboxRecord::new(petition, 1_000.0);
        assert!(r.is_due(1_000.0));
        r.record_failure(SendFailure::NoConnection, 1_000.0, 500.0);
        assert_eq!((r.state, r.attempts), (OutboxState::Waiting, 1));
        assert!(!r.is_due(1_400.0) && r.is_due(1_500.0));
        r.record_failure(
            SendFailure::Refused {
                status: 409,
                problem: Some("/problems/id-conflict".into()),
                detail: "different content".into(),
                answer_errors: Vec::new(),
            },
            2_000.0,
            0.0,
        );
        assert_eq!(r.state, OutboxState::NeedsAttention);
        assert!(!r.is_due(10_000.0));
        assert_eq!(
            r.last_error.as_ref().unwrap().problem_kind(),
            Some(ProblemKind::IdConflict)
        );
    }

    #[test]
    fn records_keep_their_stored_shape_and_follow_ups_name_their_case() {
        let petition = suggestion(Uuid::from_u128(1));
        let r = OutboxRecord::new(petition.clone(), 5.0);
        let json = serde_json::to_value(&r).unwrap();
        // Records stored before follow-ups existed had `petition` at the top.
        assert_eq!(json["petition"]["title"], "增设站台");
        assert_eq!(serde_json::from_value::<OutboxRecord>(json).unwrap(), r);
        let f = OutboxRecord::follow_up(
            Uuid::from_u128(2),
            QueuedFollowUp {
                petition_id: Uuid::from_u128(1),
                case_title: "增设站台".into(),
                request: FollowUp::Withdraw {
                    reason: String::new(),
                },
            },
            6.0,
        );
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(json["follow_up"]["request"]["type"], "withdraw");
        let back: OutboxRecord = serde_json::from_value(json).unwrap();
        assert_eq!(back, f);
        assert_eq!(
            (back.case_id(), back.title()),
            (Uuid::from_u128(1), "增设站台")
        );
        assert!(back.petition().is_none() && r.petition().is_some());
    }

    #[test]
    fn an_answer_to_a_campaign_is_stored_under_its_response_id() {
        use crate::campaign::AnswerInvalid;
        let response = route_answer();
        let r = OutboxRecord::campaign_response(
            QueuedResponse {
                slug: "yubei-bus-2026".into(),
                title: Words::zh("渝北区公交线路调整征求意见"),
                response: response.clone(),
            },
            8.0,
        );
        assert_eq!(r.id, response.id);
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["campaign_response"]["slug"], "yubei-bus-2026");
        assert_eq!(
            json["campaign_response"]["response"]["answers"][0]["value"]["type"],
            "choice"
        );
        let back: OutboxRecord = serde_json::from_value(json).unwrap();
        assert_eq!(back, r);
        assert_eq!(back.title(), "渝北区公交线路调整征求意见");
        assert!(back.petition().is_none() && back.follow_up_request().is_none());
        assert_eq!(back.campaign_response_request().unwrap().response, response);
        // A refusal keeps what is wrong with each question; records stored
        // before that field existed still read.
        let refused = SendFailure::Refused {
            status: 422,
            problem: Some("/problems/invalid".into()),
            detail: "invalid".into(),
            answer_errors: vec![AnswerError {
                question: "route".into(),
                code: AnswerInvalid::Required,
                limit: None,
            }],
        };
        let json = serde_json::to_value(&refused).unwrap();
        assert_eq!(json["answer_errors"][0]["code"], "required");
        assert_eq!(
            serde_json::from_value::<SendFailure>(json).unwrap(),
            refused
        );
        let old =
            serde_json::json!({"reason": "refused", "status": 409, "problem": null, "detail": "x"});
        assert!(matches!(
            serde_json::from_value::<SendFailure>(old).unwrap(),
            SendFailure::Refused { answer_errors, .. } if answer_errors.is_empty()
        ));
    }
}
