//! The case state machine: who may do what to a case, from which stage,
//! and what stage it leads to.
//!
//! Two questions, asked separately: `Progress::may` (may this actor take
//! this kind of action now: role, department, stage, window) and
//! `CaseAction::validate` (is this input valid: text, reasons, counts).
//! `Progress::check` asks both (who, then the input, then the stage), and
//! the server refuses anything it refuses. The app and the desk ask only `may`, through
//! `resident_options` and `staff_options`, so what they offer is exactly
//! what the server will take, with no sample input.
//!
//! Depends on `regulations` for the windows; `deadlines` depends on this
//! module, never the other way.

mod action;
mod actor;
mod options;
mod refusal;

use serde::{Deserialize, Serialize};

pub use action::{
    ActionKind, CaseAction, CaseEvent, Channel, Invalid, Outcome, Rating, Satisfaction,
};
pub use actor::{Actor, Role};
pub use options::{Appeal, ResidentOptions, Window};
pub use refusal::Refusal;

use crate::calendar::{Calendar, Date};
use crate::regulations::RuleId;
use crate::CaseStatus;

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

/// Which roles may take which action at all, whatever the case.
fn permitted(kind: ActionKind, role: Role) -> bool {
    use ActionKind as A;
    use Role as R;
    match kind {
        A::Receive => false,
        A::AttachmentsComplete => role == R::System,
        A::Register | A::Assign | A::Close => matches!(role, R::Clerk | R::Supervisor),
        A::Transfer => matches!(role, R::Clerk | R::Supervisor | R::Handler),
        A::Accept | A::NotAccept | A::Reply => matches!(role, R::Handler | R::Supervisor),
        A::Extend | A::AnswerReview | A::AnswerRecheck => role == R::Supervisor,
        A::Withdraw | A::RequestReview | A::RequestRecheck | A::Supplement | A::Rate => {
            role == R::Resident
        }
    }
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

    /// The last day of a window that started at `start` (RFC 3339), or
    /// `None` if it never started.
    fn window_end(
        &self,
        rule: RuleId,
        start: &Option<String>,
        calendar: &Calendar,
    ) -> Option<Date> {
        let start = Date::in_china(start.as_deref()?)?;
        Some(rule.due(start, 0, calendar))
    }

    /// Whether this role (and, for a handler, this department) may take an
    /// action of this kind on this case at all, whatever its stage.
    fn may_act_as(&self, kind: ActionKind, actor: &Actor) -> Result<(), Refusal> {
        let role = actor.role;
        if !permitted(kind, role) {
            return Err(Refusal::NotPermitted { action: kind, role });
        }
        if role == Role::Handler && !self.handles(actor) {
            return Err(Refusal::OtherDepartment);
        }
        Ok(())
    }

    /// Whether `actor` may take an action of this kind on `today`, and the
    /// stage it leads to: role, department, stage and windows. Whatever the
    /// input will be; `check` adds the input.
    pub fn may(
        &self,
        kind: ActionKind,
        actor: &Actor,
        today: Date,
        calendar: &Calendar,
    ) -> Result<CaseStatus, Refusal> {
        use CaseStatus as S;
        self.may_act_as(kind, actor)?;
        let wrong_stage = || Refusal::WrongStage {
            action: kind,
            status: self.status,
        };
        let from = |allowed: &[CaseStatus], to: CaseStatus| {
            if allowed.contains(&self.status) {
                Ok(to)
            } else {
                Err(wrong_stage())
            }
        };
        let window = |rule: RuleId, start: &Option<String>| -> Result<(), Refusal> {
            let closed_on = self
                .window_end(rule, start, calendar)
                .ok_or_else(wrong_stage)?;
            if today > closed_on {
                Err(Refusal::WindowClosed { closed_on })
            } else {
                Ok(())
            }
        };
        match kind {
            ActionKind::Receive => from(&[], S::Received),
            ActionKind::AttachmentsComplete => from(&[S::ReceivingAttachments], S::Received),
            ActionKind::Register => from(&[S::ReceivingAttachments, S::Received], S::Registered),
            ActionKind::Assign => from(&[S::Registered], S::Assigned),
            ActionKind::Transfer => from(&[S::Assigned], S::Assigned),
            ActionKind::Accept => from(&[S::Assigned], S::Handling),
            ActionKind::NotAccept => from(&[S::Assigned], S::NotAccepted),
            ActionKind::Extend => {
                let to = from(&[S::Handling], S::Handling)?;
                // One extension only (Art. 34).
                if self.extension_days > 0 {
                    return Err(Refusal::AlreadyExtended);
                }
                // Approved within the 60 days, not after they ran out.
                window(RuleId::Reply, &self.accepted_at)?;
                Ok(to)
            }
            ActionKind::Reply => from(&[S::Handling], S::Replied),
            ActionKind::Close => from(&[S::Replied, S::ReviewAnswered, S::NotAccepted], S::Closed),
            // Before the written answer only (Art. 34 runs until it).
            ActionKind::Withdraw => from(
                &[
                    S::ReceivingAttachments,
                    S::Received,
                    S::Registered,
                    S::Assigned,
                    S::Handling,
                ],
                S::Withdrawn,
            ),
            // Once, within 30 days of the reply (Art. 35).
            ActionKind::RequestReview => {
                let to = from(&[S::Replied, S::Closed], S::ReviewRequested)?;
                if self.review_requested_at.is_some() {
                    return Err(wrong_stage());
                }
                window(RuleId::RequestReview, &self.replied_at)?;
                Ok(to)
            }
            ActionKind::AnswerReview => from(&[S::ReviewRequested], S::ReviewAnswered),
            // Once, within 30 days of the review's answer (Art. 36).
            ActionKind::RequestRecheck => {
                let to = from(&[S::ReviewAnswered, S::Closed], S::RecheckRequested)?;
                if self.recheck_requested_at.is_some() {
                    return Err(wrong_stage());
                }
                window(RuleId::RequestRecheck, &self.review_answered_at)?;
                Ok(to)
            }
            ActionKind::AnswerRecheck => from(&[S::RecheckRequested], S::Final),
            // Adds to the case while the office still owes an answer.
            ActionKind::Supplement if self.status.is_open() => Ok(self.status),
            ActionKind::Supplement => Err(wrong_stage()),
            // The latest answer, once.
            ActionKind::Rate => match self.last_answer_seq {
                None => Err(Refusal::NothingToRate),
                Some(seq) if self.rated.contains(&seq) => Err(Refusal::AlreadyRated),
                Some(_) => Ok(self.status),
            },
        }
    }

    /// Whether `actor` may take `action` on `today`, and the stage it leads
    /// to. The refusals come in the order a person can act on them: who
    /// you are (403), then what you wrote (422), then where the case
    /// stands (409) — so bad input is reported as such even at a stage
    /// where the action is not possible. `note` is what the office tells
    /// the resident.
    pub fn check(
        &self,
        action: &CaseAction,
        actor: &Actor,
        note: &str,
        today: Date,
        calendar: &Calendar,
    ) -> Result<CaseStatus, Refusal> {
        let kind = action.kind();
        self.may_act_as(kind, actor)?;
        action.validate(note)?;
        match action {
            CaseAction::Transfer { departments } if *departments == self.departments => {
                return Err(Invalid::SameDepartments.into());
            }
            CaseAction::Rate { answer_seq, .. } if self.last_answer_seq != Some(*answer_seq) => {
                return Err(Refusal::NothingToRate);
            }
            _ => {}
        }
        self.may(kind, actor, today, calendar)
    }

    /// The staff actions `actor` may take now, in the desk's order.
    pub fn staff_options(
        &self,
        actor: &Actor,
        today: Date,
        calendar: &Calendar,
    ) -> Vec<ActionKind> {
        ActionKind::STAFF
            .into_iter()
            .filter(|&kind| self.may(kind, actor, today, calendar).is_ok())
            .collect()
    }
}
