//! Decoding the tagged and flattened records without serde's buffering.
//!
//! serde decodes an internally tagged enum (`#[serde(tag = "type")]`) and a
//! struct with a `#[serde(flatten)]` field by first copying the whole
//! object into its own `Content` tree, then decoding that again, and it
//! builds a second decoder for every type reachable inside. In the app's
//! wasm that machinery was about 118 KB raw of a campaign's and of a case's
//! download (issue 12, `docs/benchmarks.md`).
//!
//! Here each such type is read through a plain struct holding the tag and
//! every field any variant has, each optional (`*Fields`): serde decodes a
//! plain struct in one pass, whatever the order of the keys, and unknown
//! keys are skipped. The variant is then built from the tag, and a missing
//! field is the same error serde gives. The wire format does not change.
//!
//! - `OutboxRecord` and `SendFailure` are the phone's own records (the
//!   server never reads them): decoded this way everywhere.
//! - `CaseAction`, `FollowUp`, `AnswerValue` and `Question` (with its
//!   `QuestionKind`) are also what the server reads from the desk and from
//!   phones, where serde's own decoding and its error texts stay (strict
//!   about unknown fields where the type says so). This way is used in the
//!   app's wasm only, which reads what the server and the app themselves
//!   wrote; it is tested natively through the functions below.

use serde::de::Error;
use serde::{Deserialize, Deserializer};
use uuid::Uuid;

use crate::api::{FollowUp, NewPetition, PhotoManifestEntry};
use crate::campaign::{AnswerError, AnswerValue, Choice, Question, QuestionKind, Words};
use crate::lifecycle::{CaseAction, Channel, Outcome, Rating};
use crate::outbox::{
    Mutation, OutboxRecord, OutboxState, QueuedFollowUp, QueuedResponse, SendFailure,
};

/// `OutboxRecord` as stored: the mutation's key (`petition`, `follow_up` or
/// `campaign_response`) beside the record's own fields.
#[derive(Deserialize)]
struct OutboxRecordFields {
    id: Uuid,
    petition: Option<Box<NewPetition>>,
    follow_up: Option<QueuedFollowUp>,
    campaign_response: Option<Box<QueuedResponse>>,
    state: OutboxState,
    attempts: u32,
    queued_at_ms: f64,
    next_attempt_at_ms: f64,
    last_error: Option<SendFailure>,
}

impl<'de> Deserialize<'de> for OutboxRecord {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let f = OutboxRecordFields::deserialize(deserializer)?;
        let mutation = match (f.petition, f.follow_up, f.campaign_response) {
            (Some(p), None, None) => Mutation::Petition(p),
            (None, Some(u), None) => Mutation::FollowUp(u),
            (None, None, Some(r)) => Mutation::CampaignResponse(r),
            (None, None, None) => {
                return Err(D::Error::custom(
                    "an outbox record without petition, follow_up or campaign_response",
                ))
            }
            _ => return Err(D::Error::custom(
                "an outbox record with more than one of petition, follow_up and campaign_response",
            )),
        };
        Ok(OutboxRecord {
            id: f.id,
            mutation,
            state: f.state,
            attempts: f.attempts,
            queued_at_ms: f.queued_at_ms,
            next_attempt_at_ms: f.next_attempt_at_ms,
            last_error: f.last_error,
        })
    }
}

const SEND_FAILURES: &[&str] = &["no_connection", "server", "unreadable", "refused"];

#[derive(Deserialize)]
struct SendFailureFields {
    reason: String,
    status: Option<u16>,
    problem: Option<String>,
    detail: Option<String>,
    #[serde(default)]
    answer_errors: Vec<AnswerError>,
}

impl<'de> Deserialize<'de> for SendFailure {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let f = SendFailureFields::deserialize(deserializer)?;
        let status = || f.status.ok_or_else(|| D::Error::missing_field("status"));
        Ok(match f.reason.as_str() {
            "no_connection" => SendFailure::NoConnection,
            "server" => SendFailure::Server { status: status()? },
            "unreadable" => SendFailure::Unreadable,
            "refused" => SendFailure::Refused {
                status: status()?,
                problem: f.problem,
                detail: f.detail.ok_or_else(|| D::Error::missing_field("detail"))?,
                answer_errors: f.answer_errors,
            },
            other => return Err(D::Error::unknown_variant(other, SEND_FAILURES)),
        })
    }
}

const CASE_ACTIONS: &[&str] = &[
    "receive",
    "attachments_complete",
    "register",
    "assign",
    "transfer",
    "accept",
    "not_accept",
    "extend",
    "reply",
    "close",
    "withdraw",
    "request_review",
    "answer_review",
    "request_recheck",
    "answer_recheck",
    "supplement",
    "rate",
];

#[derive(Deserialize)]
struct CaseActionFields {
    #[serde(rename = "type")]
    tag: String,
    departments: Option<Vec<String>>,
    channel: Option<Channel>,
    days: Option<u32>,
    outcome: Option<Outcome>,
    text: Option<String>,
    photos: Option<u32>,
    answer_seq: Option<i64>,
    rating: Option<Rating>,
}

/// A `CaseAction` decoded without serde's buffering (see the module's
/// doc): what the app's wasm uses as `CaseAction`'s `Deserialize`.
pub fn case_action<'de, D: Deserializer<'de>>(deserializer: D) -> Result<CaseAction, D::Error> {
    let f = CaseActionFields::deserialize(deserializer)?;
    Ok(match f.tag.as_str() {
        "receive" => CaseAction::Receive,
        "attachments_complete" => CaseAction::AttachmentsComplete,
        "register" => CaseAction::Register,
        "assign" => CaseAction::Assign {
            departments: need(f.departments, "departments")?,
        },
        "transfer" => CaseAction::Transfer {
            departments: need(f.departments, "departments")?,
        },
        "accept" => CaseAction::Accept,
        "not_accept" => CaseAction::NotAccept {
            channel: need(f.channel, "channel")?,
        },
        "extend" => CaseAction::Extend {
            days: need(f.days, "days")?,
        },
        "reply" => CaseAction::Reply {
            outcome: need(f.outcome, "outcome")?,
        },
        "close" => CaseAction::Close,
        "withdraw" => CaseAction::Withdraw,
        "request_review" => CaseAction::RequestReview,
        "answer_review" => CaseAction::AnswerReview {
            outcome: need(f.outcome, "outcome")?,
        },
        "request_recheck" => CaseAction::RequestRecheck,
        "answer_recheck" => CaseAction::AnswerRecheck {
            outcome: need(f.outcome, "outcome")?,
        },
        "supplement" => CaseAction::Supplement {
            text: need(f.text, "text")?,
            photos: need(f.photos, "photos")?,
        },
        "rate" => CaseAction::Rate {
            answer_seq: need(f.answer_seq, "answer_seq")?,
            rating: need(f.rating, "rating")?,
        },
        other => return Err(D::Error::unknown_variant(other, CASE_ACTIONS)),
    })
}

fn need<T, E: Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
}

const FOLLOW_UPS: &[&str] = &[
    "withdraw",
    "request_review",
    "request_recheck",
    "rate",
    "supplement",
];

#[derive(Deserialize)]
struct FollowUpFields {
    #[serde(rename = "type")]
    tag: String,
    #[serde(default)]
    reason: String,
    requested_at: Option<String>,
    answer_seq: Option<i64>,
    rating: Option<Rating>,
    text: Option<String>,
    #[serde(default)]
    photos: Vec<PhotoManifestEntry>,
}

/// A `FollowUp` decoded without serde's buffering: the app's wasm's.
pub fn follow_up<'de, D: Deserializer<'de>>(deserializer: D) -> Result<FollowUp, D::Error> {
    let f = FollowUpFields::deserialize(deserializer)?;
    Ok(match f.tag.as_str() {
        "withdraw" => FollowUp::Withdraw { reason: f.reason },
        "request_review" => FollowUp::RequestReview {
            reason: f.reason,
            requested_at: f.requested_at,
        },
        "request_recheck" => FollowUp::RequestRecheck {
            reason: f.reason,
            requested_at: f.requested_at,
        },
        "rate" => FollowUp::Rate {
            answer_seq: need(f.answer_seq, "answer_seq")?,
            rating: need(f.rating, "rating")?,
        },
        "supplement" => FollowUp::Supplement {
            text: need(f.text, "text")?,
            photos: f.photos,
        },
        other => return Err(D::Error::unknown_variant(other, FOLLOW_UPS)),
    })
}

const ANSWER_VALUES: &[&str] = &["choice", "choices", "scale", "text"];

#[derive(Deserialize)]
struct AnswerValueFields {
    #[serde(rename = "type")]
    tag: String,
    option: Option<String>,
    options: Option<Vec<String>>,
    value: Option<u8>,
    text: Option<String>,
    #[serde(default)]
    photos: Vec<PhotoManifestEntry>,
}

/// An `AnswerValue` decoded without serde's buffering: the app's wasm's.
pub fn answer_value<'de, D: Deserializer<'de>>(deserializer: D) -> Result<AnswerValue, D::Error> {
    let f = AnswerValueFields::deserialize(deserializer)?;
    Ok(match f.tag.as_str() {
        "choice" => AnswerValue::Choice {
            option: need(f.option, "option")?,
        },
        "choices" => AnswerValue::Choices {
            options: need(f.options, "options")?,
        },
        "scale" => AnswerValue::Scale {
            value: need(f.value, "value")?,
        },
        "text" => AnswerValue::Text {
            text: need(f.text, "text")?,
            photos: f.photos,
        },
        other => return Err(D::Error::unknown_variant(other, ANSWER_VALUES)),
    })
}

const QUESTION_KINDS: &[&str] = &[
    "single_choice",
    "multiple_choice",
    "scale",
    "short_text",
    "long_text",
];

/// `Question` with its kind's tag and fields beside its own.
#[derive(Deserialize)]
struct QuestionFields {
    id: String,
    prompt: Words,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    contact: bool,
    #[serde(rename = "type")]
    tag: String,
    options: Option<Vec<Choice>>,
    max_picks: Option<u8>,
    low: Option<Words>,
    high: Option<Words>,
    max_chars: Option<u32>,
    #[serde(default)]
    photos: u8,
}

/// A `Question` decoded without serde's buffering: the app's wasm's.
pub fn question<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Question, D::Error> {
    let f = QuestionFields::deserialize(deserializer)?;
    let kind = match f.tag.as_str() {
        "single_choice" => QuestionKind::SingleChoice {
            options: need(f.options, "options")?,
        },
        "multiple_choice" => QuestionKind::MultipleChoice {
            options: need(f.options, "options")?,
            max_picks: need(f.max_picks, "max_picks")?,
        },
        "scale" => QuestionKind::Scale {
            low: need(f.low, "low")?,
            high: need(f.high, "high")?,
        },
        "short_text" => QuestionKind::ShortText {
            max_chars: need(f.max_chars, "max_chars")?,
        },
        "long_text" => QuestionKind::LongText {
            max_chars: need(f.max_chars, "max_chars")?,
            photos: f.photos,
        },
        other => return Err(D::Error::unknown_variant(other, QUESTION_KINDS)),
    };
    Ok(Question {
        id: f.id,
        prompt: f.prompt,
        required: f.required,
        contact: f.contact,
        kind,
    })
}

/// In the app's wasm, these types decode through the functions above.
macro_rules! decode_in_wasm {
    ($($ty:ty => $decode:ident),* $(,)?) => {$(
        #[cfg(target_arch = "wasm32")]
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $decode(deserializer)
            }
        }
    )*};
}

decode_in_wasm! {
    CaseAction => case_action,
    FollowUp => follow_up,
    AnswerValue => answer_value,
    Question => question,
}

#[cfg(test)]
mod tests;
