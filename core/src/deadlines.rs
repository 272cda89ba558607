//! The legal clock: for the stage a case is at, what is due, by when, and
//! under which article of the Regulations; and how a deadline stands on a
//! given day, which the app and the staff desk both show as it is.
//!
//! The periods and their counting are in `regulations`; this module reads
//! a case's `Progress` to know which of them are running.

use crate::calendar::{Calendar, Date};
use crate::lifecycle::Progress;
use crate::regulations::{Party, RuleId};
use crate::CaseStatus;

/// One running deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub rule: RuleId,
    pub start: Date,
    pub due: Date,
    /// Days added by an extension (Art. 34).
    pub extended_by: u32,
}

/// How a deadline stands on a given day: the one answer both the
/// resident's app and the staff desk render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Calendar days until the due date (at least 1).
    DaysLeft(u32),
    /// The due date is today.
    DueToday,
    /// A duty of the office past its due date, by so many calendar days.
    Overdue(u32),
    /// An option that was not used in time (the objection of Art. 23 ¶3,
    /// the resident's review and re-check windows): it ended on that day.
    /// It is never "overdue": nobody was bound to use it.
    Ended(Date),
}

impl Standing {
    /// How a due date stands on `today`. Past it, a duty is overdue and an
    /// option has ended.
    pub fn on(due: Date, today: Date, duty: bool) -> Self {
        let left = today.days_until(due);
        match left {
            1.. => Self::DaysLeft(left as u32),
            0 => Self::DueToday,
            _ if duty => Self::Overdue(left.unsigned_abs()),
            _ => Self::Ended(due),
        }
    }
}

impl Deadline {
    /// How this deadline stands on `today` (China time).
    pub fn standing(&self, today: Date) -> Standing {
        Standing::on(self.due, today, self.rule.is_duty())
    }

    /// Past the due date while still owed: only a duty can be overdue.
    pub fn overdue(&self, today: Date) -> bool {
        matches!(self.standing(today), Standing::Overdue(_))
    }
}

/// The deadlines running at the case's current stage, the most pressing
/// first. A resident's window (review, re-check) is listed while the case
/// is at the stage where it can be used.
pub fn deadlines(p: &Progress, calendar: &Calendar) -> Vec<Deadline> {
    let make = |rule: RuleId, start: &Option<String>, extra: u32| -> Option<Deadline> {
        let start = Date::in_china(start.as_deref()?)?;
        Some(Deadline {
            rule,
            start,
            due: rule.due(start, extra, calendar),
            extended_by: extra,
        })
    };
    let received = Some(p.received_at.clone());
    let mut list: Vec<Deadline> = match p.status {
        CaseStatus::ReceivingAttachments | CaseStatus::Received | CaseStatus::Registered => {
            make(RuleId::RegisterAndAssign, &received, 0)
                .into_iter()
                .collect()
        }
        CaseStatus::Assigned => [
            make(RuleId::ObjectToAssignment, &p.assigned_at, 0),
            make(RuleId::DecideAcceptance, &p.assigned_at, 0),
        ]
        .into_iter()
        .flatten()
        .collect(),
        CaseStatus::Handling => make(RuleId::Reply, &p.accepted_at, p.extension_days)
            .into_iter()
            .collect(),
        CaseStatus::Replied => make(RuleId::RequestReview, &p.replied_at, 0)
            .into_iter()
            .collect(),
        CaseStatus::ReviewRequested => make(RuleId::AnswerReview, &p.review_requested_at, 0)
            .into_iter()
            .collect(),
        CaseStatus::ReviewAnswered => make(RuleId::RequestRecheck, &p.review_answered_at, 0)
            .into_iter()
            .collect(),
        CaseStatus::RecheckRequested => make(RuleId::AnswerRecheck, &p.recheck_requested_at, 0)
            .into_iter()
            .collect(),
        CaseStatus::Closed if p.review_requested_at.is_none() => {
            make(RuleId::RequestReview, &p.replied_at, 0)
                .into_iter()
                .collect()
        }
        CaseStatus::Closed if p.recheck_requested_at.is_none() => {
            make(RuleId::RequestRecheck, &p.review_answered_at, 0)
                .into_iter()
                .collect()
        }
        _ => Vec::new(),
    };
    list.sort_by_key(|d| d.due);
    list
}

/// The office's most pressing duty, for sorting a queue and counting
/// overdue cases.
pub fn office_due(p: &Progress, calendar: &Calendar) -> Option<Date> {
    deadlines(p, calendar)
        .into_iter()
        .find(|d| d.rule.rule().party == Party::Office && d.rule.is_duty())
        .map(|d| d.due)
}
