//! The case state machine: who may do what to a case, from which stage,
//! and what stage it leads to. The server refuses anything `check` refuses,
//! and the app offers only what `check` allows, so both read the same rules.

use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, Date};
use crate::deadlines::{due_date, RuleId};
use crate::limits::{
    CASE_DEPARTMENTS_MAX, CASE_NOTE_MAX_CHARS, CODE_MAX_CHARS, EXTENSION_MAX_DAYS,
    RATING_COMMENT_MAX_CHARS, RATING_SCORE_MAX, SUPPLEMENT_MAX_CHARS,
};
use crate::CaseStatus;

/// Who acts on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Resident,
    /// Petition-office clerk: registers, assigns, transfers, closes.
    Clerk,
    /// Department handler: accepts and replies for the department's cases.
    Handler,
    /// Everything, plus extensions and the answers to reviews and re-checks.
    Supervisor,
    /// The server itself (all declared photos arrived).
    System,
}

impl Role {
    pub const STAFF: [Role; 3] = [Self::Clerk, Self::Handler, Self::Supervisor];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Resident => "resident",
            Self::Clerk => "clerk",
            Self::Handler => "handler",
            Self::Supervisor => "supervisor",
            Self::System => "system",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Resident,
            Self::Clerk,
            Self::Handler,
            Self::Supervisor,
            Self::System,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// The one acting, with the department a handler works for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub role: Role,
    pub department: Option<String>,
}

impl Actor {
    pub fn resident() -> Self {
        Self {
            role: Role::Resident,
            department: None,
        }
    }
}

/// Where a case that is not accepted belongs instead (Art. 31).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Litigation,
    Arbitration,
    AdministrativeReview,
    OtherAuthority,
}

impl Channel {
    pub const ALL: [Channel; 4] = [
        Self::Litigation,
        Self::Arbitration,
        Self::AdministrativeReview,
        Self::OtherAuthority,
    ];

    /// The wire name, as in JSON and forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Litigation => "litigation",
            Self::Arbitration => "arbitration",
            Self::AdministrativeReview => "administrative_review",
            Self::OtherAuthority => "other_authority",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// The written opinion (信访处理意见书) supports, explains, or does not
/// support the request (Art. 32).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Supports,
    Explains,
    DoesNotSupport,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Self::Supports, Self::Explains, Self::DoesNotSupport];

    /// The wire name, as in JSON and forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Supports => "supports",
            Self::Explains => "explains",
            Self::DoesNotSupport => "does_not_support",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// The three-level scale used in petition and 12345 practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Satisfaction {
    Satisfied,
    BasicallySatisfied,
    Dissatisfied,
}

impl Satisfaction {
    pub const ALL: [Satisfaction; 3] = [
        Self::Satisfied,
        Self::BasicallySatisfied,
        Self::Dissatisfied,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Satisfied => "satisfied",
            Self::BasicallySatisfied => "basically_satisfied",
            Self::Dissatisfied => "dissatisfied",
        }
    }
}

/// A rating of one answer; the dimensions are optional, 1 (poor) to
/// `RATING_SCORE_MAX`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    pub satisfaction: Satisfaction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeliness: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attitude: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<u8>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
}

/// Everything that can happen to a case. Most move it to another stage;
/// a supplement and a rating add to the history without moving it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
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

/// The action's name without its data: for forms, labels and logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Receive,
    AttachmentsComplete,
    Register,
    Assign,
    Transfer,
    Accept,
    NotAccept,
    Extend,
    Reply,
    Close,
    Withdraw,
    RequestReview,
    AnswerReview,
    RequestRecheck,
    AnswerRecheck,
    Supplement,
    Rate,
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

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Receive => "receive",
            Self::AttachmentsComplete => "attachments_complete",
            Self::Register => "register",
            Self::Assign => "assign",
            Self::Transfer => "transfer",
            Self::Accept => "accept",
            Self::NotAccept => "not_accept",
            Self::Extend => "extend",
            Self::Reply => "reply",
            Self::Close => "close",
            Self::Withdraw => "withdraw",
            Self::RequestReview => "request_review",
            Self::AnswerReview => "answer_review",
            Self::RequestRecheck => "request_recheck",
            Self::AnswerRecheck => "answer_recheck",
            Self::Supplement => "supplement",
            Self::Rate => "rate",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::STAFF
            .into_iter()
            .chain([
                Self::Receive,
                Self::AttachmentsComplete,
                Self::Withdraw,
                Self::RequestReview,
                Self::RequestRecheck,
                Self::Supplement,
                Self::Rate,
            ])
            .find(|k| k.as_str() == s)
    }

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
}

/// One entry in a case's history, as the resident's timeline and the
/// staff desk show it. `seq` is its place in the sync feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// Why an action is refused. The server answers 409 (or 403 for roles)
/// with `reason()`; the app explains it in the resident's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The action is not possible at this stage.
    WrongStage {
        action: ActionKind,
        status: CaseStatus,
    },
    /// This role may not take this action.
    NotPermitted {
        action: ActionKind,
        role: Role,
    },
    /// A handler acting on a case of another department.
    OtherDepartment,
    /// The window for this request closed on that day.
    WindowClosed {
        closed_on: Date,
    },
    AlreadyExtended,
    NothingToRate,
    AlreadyRated,
    /// The input itself is wrong (missing note, too long, bad value).
    Invalid(Invalid),
}

/// What is wrong with the input, by name, so each side can say it in its
/// own words (the staff desk in its languages, the API in English).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Invalid {
    NoteMissing,
    NoteTooLong,
    DepartmentCodes,
    DepartmentCount,
    UnknownDepartment,
    SameDepartments,
    ExtensionDays,
    SupplementText,
    Scores,
    CommentTooLong,
}

impl Invalid {
    pub const ALL: [Invalid; 10] = [
        Self::NoteMissing,
        Self::NoteTooLong,
        Self::DepartmentCodes,
        Self::DepartmentCount,
        Self::UnknownDepartment,
        Self::SameDepartments,
        Self::ExtensionDays,
        Self::SupplementText,
        Self::Scores,
        Self::CommentTooLong,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NoteMissing => "note_missing",
            Self::NoteTooLong => "note_too_long",
            Self::DepartmentCodes => "department_codes",
            Self::DepartmentCount => "department_count",
            Self::UnknownDepartment => "unknown_department",
            Self::SameDepartments => "same_departments",
            Self::ExtensionDays => "extension_days",
            Self::SupplementText => "supplement_text",
            Self::Scores => "scores",
            Self::CommentTooLong => "comment_too_long",
        }
    }

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

impl Refusal {
    pub fn reason(&self) -> String {
        match self {
            Self::WrongStage { action, status } => format!(
                "A case at stage '{}' cannot be given '{}'.",
                status.as_str(),
                action.as_str()
            ),
            Self::NotPermitted { action, role } => {
                format!("A {} may not '{}'.", role.as_str(), action.as_str())
            }
            Self::OtherDepartment => "This case is not assigned to your department.".into(),
            Self::WindowClosed { closed_on } => {
                format!("The time to ask for this ended on {closed_on}.")
            }
            Self::AlreadyExtended => {
                "Handling was already extended once; the Regulations allow one extension (Art. 34)."
                    .into()
            }
            Self::NothingToRate => "There is no answer to rate yet.".into(),
            Self::AlreadyRated => "This answer has already been rated.".into(),
            Self::Invalid(why) => why.reason().into(),
        }
    }

    /// Role refusals are 403; everything else is a conflict with the
    /// case's state (409), except bad input (422).
    pub fn status(&self) -> u16 {
        match self {
            Self::NotPermitted { .. } | Self::OtherDepartment => 403,
            Self::Invalid(_) => 422,
            _ => 409,
        }
    }
}

/// A case's history folded into what the rules need: the stage, the
/// departments, and when each deadline's clock started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub status: CaseStatus,
    pub received_at: String,
    #[serde(default)]
    pub departments: Vec<String>,
    #[serde(default)]
    pub assigned_at: Option<String>,
    #[serde(default)]
    pub accepted_at: Option<String>,
    #[serde(default)]
    pub extension_days: u32,
    #[serde(default)]
    pub replied_at: Option<String>,
    #[serde(default)]
    pub review_requested_at: Option<String>,
    #[serde(default)]
    pub review_answered_at: Option<String>,
    #[serde(default)]
    pub recheck_requested_at: Option<String>,
    /// The latest answer, which the resident may rate once.
    #[serde(default)]
    pub last_answer_seq: Option<i64>,
    #[serde(default)]
    pub rated: Vec<i64>,
}

impl Progress {
    pub fn new(received_at: &str, status: CaseStatus) -> Self {
        Self {
            status,
            received_at: received_at.to_owned(),
            departments: Vec::new(),
            assigned_at: None,
            accepted_at: None,
            extension_days: 0,
            replied_at: None,
            review_requested_at: None,
            review_answered_at: None,
            recheck_requested_at: None,
            last_answer_seq: None,
            rated: Vec::new(),
        }
    }

    pub fn from_events<'a>(
        received_at: &str,
        status: CaseStatus,
        events: impl IntoIterator<Item = &'a CaseEvent>,
    ) -> Self {
        let mut p = Self::new(received_at, status);
        for e in events {
            p.apply(e);
        }
        p
    }

    /// Folds in one event (already checked when it happened).
    pub fn apply(&mut self, e: &CaseEvent) {
        self.status = e.status;
        let at = Some(e.at.clone());
        match &e.action {
            CaseAction::Assign { departments } | CaseAction::Transfer { departments } => {
                self.departments = departments.clone();
                self.assigned_at = at;
            }
            CaseAction::Accept => self.accepted_at = at,
            CaseAction::Extend { days } => self.extension_days = *days,
            CaseAction::Reply { .. } => self.replied_at = at,
            CaseAction::RequestReview => self.review_requested_at = at,
            CaseAction::AnswerReview { .. } => self.review_answered_at = at,
            CaseAction::RequestRecheck => self.recheck_requested_at = at,
            CaseAction::Rate { answer_seq, .. } => self.rated.push(*answer_seq),
            _ => {}
        }
        if e.action.kind().is_answer() {
            self.last_answer_seq = Some(e.seq);
        }
    }

    fn handles(&self, actor: &Actor) -> bool {
        actor
            .department
            .as_ref()
            .is_some_and(|d| self.departments.contains(d))
    }

    /// Whether `actor` may take `action` on `today`, and the stage it leads
    /// to. `note` is what the office tells the resident.
    pub fn check(
        &self,
        action: &CaseAction,
        actor: &Actor,
        note: &str,
        today: Date,
        calendar: &Calendar,
    ) -> Result<CaseStatus, Refusal> {
        use CaseStatus as S;
        use Role as R;
        let kind = action.kind();
        let from = |allowed: &[CaseStatus], to: CaseStatus| {
            if allowed.contains(&self.status) {
                Ok(to)
            } else {
                Err(Refusal::WrongStage {
                    action: kind,
                    status: self.status,
                })
            }
        };
        let role = actor.role;
        let permitted = match kind {
            ActionKind::Receive => false,
            ActionKind::AttachmentsComplete => role == R::System,
            ActionKind::Register | ActionKind::Assign | ActionKind::Close => {
                matches!(role, R::Clerk | R::Supervisor)
            }
            ActionKind::Transfer => matches!(role, R::Clerk | R::Supervisor | R::Handler),
            ActionKind::Accept | ActionKind::NotAccept | ActionKind::Reply => {
                matches!(role, R::Handler | R::Supervisor)
            }
            ActionKind::Extend | ActionKind::AnswerReview | ActionKind::AnswerRecheck => {
                role == R::Supervisor
            }
            ActionKind::Withdraw
            | ActionKind::RequestReview
            | ActionKind::RequestRecheck
            | ActionKind::Supplement
            | ActionKind::Rate => role == R::Resident,
        };
        if !permitted {
            return Err(Refusal::NotPermitted { action: kind, role });
        }
        if role == R::Handler && !self.handles(actor) {
            return Err(Refusal::OtherDepartment);
        }
        let note_chars = note.trim().chars().count();
        if kind.needs_note() && note_chars == 0 {
            return Err(Refusal::Invalid(Invalid::NoteMissing));
        }
        if note_chars > CASE_NOTE_MAX_CHARS {
            return Err(Refusal::Invalid(Invalid::NoteTooLong));
        }
        let window = |rule: RuleId, start: &Option<String>| -> Result<(), Refusal> {
            let start = start.as_deref().and_then(Date::in_china);
            let Some(start) = start else {
                return Err(Refusal::WrongStage {
                    action: kind,
                    status: self.status,
                });
            };
            let closed_on = due_date(start, rule.rule().counting, 0, calendar);
            if today > closed_on {
                Err(Refusal::WindowClosed { closed_on })
            } else {
                Ok(())
            }
        };
        match action {
            CaseAction::Receive => from(&[], S::Received),
            CaseAction::AttachmentsComplete => from(&[S::ReceivingAttachments], S::Received),
            CaseAction::Register => from(&[S::ReceivingAttachments, S::Received], S::Registered),
            CaseAction::Assign { departments } => {
                check_departments(departments)?;
                from(&[S::Registered], S::Assigned)
            }
            CaseAction::Transfer { departments } => {
                check_departments(departments)?;
                if *departments == self.departments {
                    return Err(Refusal::Invalid(Invalid::SameDepartments));
                }
                from(&[S::Assigned], S::Assigned)
            }
            CaseAction::Accept => from(&[S::Assigned], S::Handling),
            CaseAction::NotAccept { .. } => from(&[S::Assigned], S::NotAccepted),
            CaseAction::Extend { days } => {
                if !(1..=EXTENSION_MAX_DAYS).contains(days) {
                    return Err(Refusal::Invalid(Invalid::ExtensionDays));
                }
                let to = from(&[S::Handling], S::Handling)?;
                if self.extension_days > 0 {
                    return Err(Refusal::AlreadyExtended);
                }
                // Approved within the 60 days, not after they ran out.
                window(RuleId::Reply, &self.accepted_at)?;
                Ok(to)
            }
            CaseAction::Reply { .. } => from(&[S::Handling], S::Replied),
            CaseAction::Close => from(&[S::Replied, S::ReviewAnswered, S::NotAccepted], S::Closed),
            CaseAction::Withdraw => from(
                &[
                    S::ReceivingAttachments,
                    S::Received,
                    S::Registered,
                    S::Assigned,
                    S::Handling,
                ],
                S::Withdrawn,
            ),
            CaseAction::RequestReview => {
                let to = from(&[S::Replied, S::Closed], S::ReviewRequested)?;
                if self.review_requested_at.is_some() {
                    return Err(Refusal::WrongStage {
                        action: kind,
                        status: self.status,
                    });
                }
                window(RuleId::RequestReview, &self.replied_at)?;
                Ok(to)
            }
            CaseAction::AnswerReview { .. } => from(&[S::ReviewRequested], S::ReviewAnswered),
            CaseAction::RequestRecheck => {
                let to = from(&[S::ReviewAnswered, S::Closed], S::RecheckRequested)?;
                if self.recheck_requested_at.is_some() {
                    return Err(Refusal::WrongStage {
                        action: kind,
                        status: self.status,
                    });
                }
                window(RuleId::RequestRecheck, &self.review_answered_at)?;
                Ok(to)
            }
            CaseAction::AnswerRecheck { .. } => from(&[S::RecheckRequested], S::Final),
            CaseAction::Supplement { text, .. } => {
                let chars = text.trim().chars().count();
                if chars == 0 || chars > SUPPLEMENT_MAX_CHARS {
                    return Err(Refusal::Invalid(Invalid::SupplementText));
                }
                if self.status.is_open() {
                    Ok(self.status)
                } else {
                    Err(Refusal::WrongStage {
                        action: kind,
                        status: self.status,
                    })
                }
            }
            CaseAction::Rate { answer_seq, rating } => {
                check_rating(rating)?;
                match self.last_answer_seq {
                    None => Err(Refusal::NothingToRate),
                    Some(seq) if seq != *answer_seq => Err(Refusal::NothingToRate),
                    Some(seq) if self.rated.contains(&seq) => Err(Refusal::AlreadyRated),
                    Some(_) => Ok(self.status),
                }
            }
        }
    }

    /// The staff actions `actor` could take now (the desk shows these).
    pub fn staff_actions(
        &self,
        actor: &Actor,
        today: Date,
        calendar: &Calendar,
    ) -> Vec<ActionKind> {
        let other = vec![String::from("\u{0}")];
        ActionKind::STAFF
            .into_iter()
            .filter(|kind| {
                let sample = match kind {
                    ActionKind::Register => CaseAction::Register,
                    ActionKind::Assign => CaseAction::Assign {
                        departments: other.clone(),
                    },
                    ActionKind::Transfer => CaseAction::Transfer {
                        departments: other.clone(),
                    },
                    ActionKind::Accept => CaseAction::Accept,
                    ActionKind::NotAccept => CaseAction::NotAccept {
                        channel: Channel::Litigation,
                    },
                    ActionKind::Extend => CaseAction::Extend { days: 1 },
                    ActionKind::Reply => CaseAction::Reply {
                        outcome: Outcome::Supports,
                    },
                    ActionKind::AnswerReview => CaseAction::AnswerReview {
                        outcome: Outcome::Supports,
                    },
                    ActionKind::AnswerRecheck => CaseAction::AnswerRecheck {
                        outcome: Outcome::Supports,
                    },
                    _ => CaseAction::Close,
                };
                self.check(&sample, actor, "-", today, calendar).is_ok()
            })
            .collect()
    }
}

fn check_departments(departments: &[String]) -> Result<(), Refusal> {
    let mut seen: Vec<&str> = Vec::new();
    for d in departments {
        if d.is_empty() || d.chars().count() > CODE_MAX_CHARS || seen.contains(&d.as_str()) {
            return Err(Refusal::Invalid(Invalid::DepartmentCodes));
        }
        seen.push(d);
    }
    if seen.is_empty() || seen.len() > CASE_DEPARTMENTS_MAX {
        return Err(Refusal::Invalid(Invalid::DepartmentCount));
    }
    Ok(())
}

fn check_rating(r: &Rating) -> Result<(), Refusal> {
    let scores = [r.timeliness, r.attitude, r.result];
    if scores
        .iter()
        .flatten()
        .any(|s| !(1..=RATING_SCORE_MAX).contains(s))
    {
        return Err(Refusal::Invalid(Invalid::Scores));
    }
    if r.comment.chars().count() > RATING_COMMENT_MAX_CHARS {
        return Err(Refusal::Invalid(Invalid::CommentTooLong));
    }
    Ok(())
}
