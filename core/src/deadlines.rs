//! The legal clock: for the stage a case is at, what is due, by when, and
//! under which article of the Regulations.
//!
//! Counting follows the general rule of Chinese law (Civil Code Art. 201,
//! 203): the day the clock starts is not counted, and a period that would
//! end on a rest day ends on the next working day instead. "Days" are
//! calendar days unless the article says working days (工作日).

use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, Date};
use crate::lifecycle::Progress;
use crate::CaseStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Counting {
    CalendarDays(u32),
    WorkingDays(u32),
}

/// Who owes the next step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    Office,
    Resident,
}

/// Each deadline the Regulations set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleId {
    /// Register, then transfer or assign: 15 days (Art. 22).
    RegisterAndAssign,
    /// Tell the petitioner whether the case is accepted: 15 days (Art. 23 ¶3).
    DecideAcceptance,
    /// Object that the case is not the department's: 5 working days (Art. 23 ¶3).
    ObjectToAssignment,
    /// Handle and reply in writing: 60 days, extendable once by 30 (Art. 34).
    Reply,
    /// The petitioner may ask for a review: 30 days from the reply (Art. 35).
    RequestReview,
    /// Answer the review: 30 days (Art. 35).
    AnswerReview,
    /// The petitioner may ask for a re-check: 30 days (Art. 36).
    RequestRecheck,
    /// Answer the re-check: 30 days (Art. 36).
    AnswerRecheck,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub counting: Counting,
    pub article: u8,
    pub paragraph: Option<u8>,
    pub party: Party,
}

impl RuleId {
    /// The wire name, as in JSON (and the key of its words).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RegisterAndAssign => "register_and_assign",
            Self::DecideAcceptance => "decide_acceptance",
            Self::ObjectToAssignment => "object_to_assignment",
            Self::Reply => "reply",
            Self::RequestReview => "request_review",
            Self::AnswerReview => "answer_review",
            Self::RequestRecheck => "request_recheck",
            Self::AnswerRecheck => "answer_recheck",
        }
    }

    /// Whether the office must act by the due date. The objection of
    /// Art. 23 ¶3 and the resident's windows lapse instead: missing them is
    /// not "overdue".
    pub fn is_duty(self) -> bool {
        !matches!(
            self,
            Self::ObjectToAssignment | Self::RequestReview | Self::RequestRecheck
        )
    }

    pub fn rule(self) -> Rule {
        let (counting, article, paragraph, party) = match self {
            Self::RegisterAndAssign => (Counting::CalendarDays(15), 22, None, Party::Office),
            Self::DecideAcceptance => (Counting::CalendarDays(15), 23, Some(3), Party::Office),
            Self::ObjectToAssignment => (Counting::WorkingDays(5), 23, Some(3), Party::Office),
            Self::Reply => (Counting::CalendarDays(60), 34, None, Party::Office),
            Self::RequestReview => (Counting::CalendarDays(30), 35, None, Party::Resident),
            Self::AnswerReview => (Counting::CalendarDays(30), 35, None, Party::Office),
            Self::RequestRecheck => (Counting::CalendarDays(30), 36, None, Party::Resident),
            Self::AnswerRecheck => (Counting::CalendarDays(30), 36, None, Party::Office),
        };
        Rule {
            counting,
            article,
            paragraph,
            party,
        }
    }
}

/// The last day of a period that starts on `start`, `extra` calendar days
/// longer than the rule (an extension).
pub fn due_date(start: Date, counting: Counting, extra: u32, calendar: &Calendar) -> Date {
    match counting {
        Counting::CalendarDays(n) => calendar.next_working_day(start.add_days((n + extra) as i32)),
        Counting::WorkingDays(n) => calendar.add_working_days(start, n + extra),
    }
}

/// One running deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub rule: RuleId,
    pub start: Date,
    pub due: Date,
    /// Days added by an extension (Art. 34).
    pub extended_by: u32,
}

impl Deadline {
    /// Calendar days from `today` to the due date; 0 on the day itself,
    /// negative once overdue.
    pub fn days_left(&self, today: Date) -> i32 {
        today.days_until(self.due)
    }

    /// Past the due date. Only a duty can be overdue (see `is_duty`).
    pub fn overdue(&self, today: Date) -> bool {
        self.rule.is_duty() && today > self.due
    }

    /// Past the due date, whatever kind of deadline it is.
    pub fn passed(&self, today: Date) -> bool {
        today > self.due
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
            due: due_date(start, rule.rule().counting, extra, calendar),
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
