//! The periods the Regulations on Letters and Visits (2022) set, and how
//! they are counted. A leaf of the rule book: it knows dates and the
//! calendar, nothing of cases. The state machine (`lifecycle`) uses it to
//! close windows, and the legal clock (`deadlines`) to show what is due.
//!
//! Counting follows the general rule of Chinese law (Civil Code Art. 201,
//! 203): the day the clock starts is not counted, and a period that would
//! end on a rest day ends on the next working day instead. "Days" are
//! calendar days unless the article says working days (工作日).

use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, Date};
use crate::wire::wire_enum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Counting {
    CalendarDays(u32),
    WorkingDays(u32),
}

wire_enum! {
    /// Who owes the next step.
    pub enum Party {
        Office = "office",
        Resident = "resident",
    }
}

wire_enum! {
    /// Each period the Regulations set. The wire name is also the key of
    /// its words in both languages.
    pub enum RuleId {
        /// Register, then transfer or assign: 15 days (Art. 22).
        RegisterAndAssign = "register_and_assign",
        /// Tell the petitioner whether the case is accepted: 15 days (Art. 23 ¶3).
        DecideAcceptance = "decide_acceptance",
        /// Object that the case is not the department's: 5 working days (Art. 23 ¶3).
        ObjectToAssignment = "object_to_assignment",
        /// Handle and reply in writing: 60 days, extendable once by 30 (Art. 34).
        Reply = "reply",
        /// The petitioner may ask for a review: 30 days from the reply (Art. 35).
        RequestReview = "request_review",
        /// Answer the review: 30 days (Art. 35).
        AnswerReview = "answer_review",
        /// The petitioner may ask for a re-check: 30 days (Art. 36).
        RequestRecheck = "request_recheck",
        /// Answer the re-check: 30 days (Art. 36).
        AnswerRecheck = "answer_recheck",
    }
}

/// A period: how long, where the Regulations set it, and who it binds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub counting: Counting,
    pub article: u8,
    pub paragraph: Option<u8>,
    pub party: Party,
}

impl RuleId {
    /// Whether the office must act by the due date. The objection of
    /// Art. 23 ¶3 and the resident's windows are options that lapse
    /// instead: missing them is not "overdue".
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

    /// The last day of this period when it starts on `start`, `extra`
    /// calendar days longer than the rule (an extension, Art. 34).
    pub fn due(self, start: Date, extra: u32, calendar: &Calendar) -> Date {
        due_date(start, self.rule().counting, extra, calendar)
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
