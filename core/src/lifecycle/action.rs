//! What can happen to a case, and whether the input of an action is valid
//! in itself (text, reasons, counts), whoever takes it and whatever the
//! stage. Whether it may be taken now is `Progress::may`'s question.

use serde::{Deserialize, Serialize};

use super::actor::Role;
use crate::limits::{
    CASE_DEPARTMENTS_MAX, CASE_NOTE_MAX_CHARS, CODE_MAX_CHARS, EXTENSION_MAX_DAYS,
    RATING_COMMENT_MAX_CHARS, RATING_SCORE_MAX, SUPPLEMENT_MAX_CHARS,
};
use crate::wire::wire_enum;
use crate::CaseStatus;

wire_enum! {
    /// Where a case that is not accepted belongs instead (Art. 31).
    pub enum Channel {
        Litigation = "litigation",
        Arbitration = "arbitration",
        AdministrativeReview = "administrative_review",
        OtherAuthority = "other_authority",
    }
}

wire_enum! {
    /// The written opinion (信访处理意见书) supports, explains, or does not
    /// support the request (Art. 32).
    pub enum Outcome {
        Supports = "supports",
        Explains = "explains",
        DoesNotSupport = "does_not_support",
    }
}

wire_enum! {
    /// The three-level scale used in petition and 12345 practice.
    pub enum Satisfaction {
        Satisfied = "satisfied",
        BasicallySatisfied = "basically_satisfied",
        Dissatisfied = "dissatisfied",
    }
}

// The OpenAPI schema's `maximum` on the scores takes only a literal.
const _: () = assert!(RATING_SCORE_MAX == 5);

/// A rating of one answer; the dimensions are optional, 1 (poor) to
/// `RATING_SCORE_MAX`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rating {
    pub satisfaction: Satisfaction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub timeliness: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub attitude: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub result: Option<u8>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
}

/// Everything that can happen to a case. Most move it to another stage;
/// a supplement and a rating add to the history without moving it.
/// The app's wasm decodes it with `decode::case_action` (no serde
/// buffering); the server with serde's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[serde(tag = "type", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CaseAction {
    Receive,
    AttachmentsComplete,
    Register,
    Assign { departments: Vec<String> },
    Transfer { departments: Vec<String> },
    Accept,
    NotAccept { channel: Channel },
    Extend { days: u32 },
    Reply { outcome: Outcome },
    Close,
    Withdraw,
    RequestReview,
    AnswerReview { outcome: Outcome },
    RequestRecheck,
    AnswerRecheck { outcome: Outcome },
    Supplement { text: String, photos: u32 },
    Rate { answer_seq: i64, rating: Rating },
}

wire_enum! {
    /// The action's name without its data: for forms, labels and logs.
    pub enum ActionKind {
        Receive = "receive",
        AttachmentsComplete = "attachments_complete",
        Register = "register",
        Assign = "assign",
        Transfer = "transfer",
        Accept = "accept",
        NotAccept = "not_accept",
        Extend = "extend",
        Reply = "reply",
        Close = "close",
        Withdraw = "withdraw",
        RequestReview = "request_review",
        AnswerReview = "answer_review",
        RequestRecheck = "request_recheck",
        AnswerRecheck = "answer_recheck",
        Supplement = "supplement",
        Rate = "rate",
    }
}

impl ActionKind {
    /// What staff can do from the desk, in the order the desk offers it.
    pub const STAFF: [ActionKind; 10] = [
        Self::Register,
        Self::Assign,
        Self::Transfer,
        Self::Accept,
        Self::NotAccept,
        Self::Extend,
        Self::Reply,
        Self::AnswerReview,
        Self::AnswerRecheck,
        Self::Close,
    ];

    /// Actions whose note is the resident's explanation and cannot be empty.
    pub fn needs_note(self) -> bool {
        matches!(
            self,
            Self::NotAccept | Self::Extend | Self::Reply | Self::AnswerReview | Self::AnswerRecheck
        )
    }

    /// An answer the resident may rate.
    pub fn is_answer(self) -> bool {
        matches!(self, Self::Reply | Self::AnswerReview | Self::AnswerRecheck)
    }
}

impl CaseAction {
    pub fn kind(&self) -> ActionKind {
        match self {
            Self::Receive => ActionKind::Receive,
            Self::AttachmentsComplete => ActionKind::AttachmentsComplete,
            Self::Register => ActionKind::Register,
            Self::Assign { .. } => ActionKind::Assign,
            Self::Transfer { .. } => ActionKind::Transfer,
            Self::Accept => ActionKind::Accept,
            Self::NotAccept { .. } => ActionKind::NotAccept,
            Self::Extend { .. } => ActionKind::Extend,
            Self::Reply { .. } => ActionKind::Reply,
            Self::Close => ActionKind::Close,
            Self::Withdraw => ActionKind::Withdraw,
            Self::RequestReview => ActionKind::RequestReview,
            Self::AnswerReview { .. } => ActionKind::AnswerReview,
            Self::RequestRecheck => ActionKind::RequestRecheck,
            Self::AnswerRecheck { .. } => ActionKind::AnswerRecheck,
            Self::Supplement { .. } => ActionKind::Supplement,
            Self::Rate { .. } => ActionKind::Rate,
        }
    }

    /// Whether the input is valid in itself: the note the office writes
    /// for the resident, department codes, extension days (Art. 34), the
    /// supplement's text, the rating's scores and comment. Says nothing of
    /// whether the action may be taken now (`Progress::may`).
    pub fn validate(&self, note: &str) -> Result<(), Invalid> {
        let note_chars = note.trim().chars().count();
        if self.kind().needs_note() && note_chars == 0 {
            return Err(Invalid::NoteMissing);
        }
        if note_chars > CASE_NOTE_MAX_CHARS {
            return Err(Invalid::NoteTooLong);
        }
        match self {
            Self::Assign { departments } | Self::Transfer { departments } => {
                validate_departments(departments)
            }
            Self::Extend { days } if !(1..=EXTENSION_MAX_DAYS).contains(days) => {
                Err(Invalid::ExtensionDays)
            }
            Self::Supplement { text, .. } => {
                let chars = text.trim().chars().count();
                if chars == 0
                    || chars > SUPPLEMENT_MAX_CHARS
                    || !crate::text::is_clean_text(text.trim(), true)
                {
                    Err(Invalid::SupplementText)
                } else {
                    Ok(())
                }
            }
            Self::Rate { rating, .. } => validate_rating(rating),
            _ => Ok(()),
        }
    }
}

fn validate_departments(departments: &[String]) -> Result<(), Invalid> {
    let mut seen: Vec<&str> = Vec::new();
    for d in departments {
        if d.is_empty() || d.chars().count() > CODE_MAX_CHARS || seen.contains(&d.as_str()) {
            return Err(Invalid::DepartmentCodes);
        }
        seen.push(d);
    }
    if seen.is_empty() || seen.len() > CASE_DEPARTMENTS_MAX {
        return Err(Invalid::DepartmentCount);
    }
    Ok(())
}

fn validate_rating(r: &Rating) -> Result<(), Invalid> {
    let scores = [r.timeliness, r.attitude, r.result];
    if scores
        .iter()
        .flatten()
        .any(|s| !(1..=RATING_SCORE_MAX).contains(s))
    {
        return Err(Invalid::Scores);
    }
    if r.comment.chars().count() > RATING_COMMENT_MAX_CHARS {
        return Err(Invalid::CommentTooLong);
    }
    Ok(())
}

/// One entry in a case's history, as the resident's timeline and the
/// staff desk show it. `seq` is its place in the sync feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseEvent {
    pub seq: i64,
    pub action: CaseAction,
    /// The stage after this event.
    pub status: CaseStatus,
    /// RFC 3339, UTC.
    pub at: String,
    pub actor: Role,
    /// The departments handling the case after this event.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub departments: Vec<String>,
    /// What the office tells the resident.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

wire_enum! {
    /// What is wrong with the input, by name, so each side can say it in
    /// its own words (the staff desk in its languages, the API in English).
    pub enum Invalid {
        NoteMissing = "note_missing",
        NoteTooLong = "note_too_long",
        DepartmentCodes = "department_codes",
        DepartmentCount = "department_count",
        UnknownDepartment = "unknown_department",
        SameDepartments = "same_departments",
        ExtensionDays = "extension_days",
        SupplementText = "supplement_text",
        Scores = "scores",
        CommentTooLong = "comment_too_long",
    }
}

impl Invalid {
    pub fn reason(self) -> &'static str {
        match self {
            Self::NoteMissing => {
                "Write the note the resident will read: the reason or the opinion."
            }
            Self::NoteTooLong => "The note is too long.",
            Self::DepartmentCodes => "Department codes must be distinct and known.",
            Self::DepartmentCount => "Choose one to five departments.",
            Self::UnknownDepartment => "Choose departments from the list.",
            Self::SameDepartments => "Choose at least one department other than the current ones.",
            Self::ExtensionDays => "An extension is 1 to 30 days (Art. 34).",
            Self::SupplementText => "A supplement needs some text, within the length limit.",
            Self::Scores => "Scores are from 1 to 5.",
            Self::CommentTooLong => "The comment is too long.",
        }
    }
}
