//! What the resident may do with a case now, as the app offers it: rate
//! the latest answer, ask for a review or a re-check (or learn that the
//! time for it ended), withdraw, add to it. Read from `Progress::may`, so
//! the app offers exactly what the server takes.

use super::{ActionKind, Actor, Progress, Refusal};
use crate::calendar::{Calendar, Date};
use crate::regulations::RuleId;

/// The two requests against an answer: a review of the reply (Art. 35)
/// and a re-check of the review (Art. 36).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Appeal {
    Review,
    Recheck,
}

impl Appeal {
    pub fn action(self) -> ActionKind {
        match self {
            Self::Review => ActionKind::RequestReview,
            Self::Recheck => ActionKind::RequestRecheck,
        }
    }

    /// The resident's window for it.
    pub fn rule(self) -> RuleId {
        match self {
            Self::Review => RuleId::RequestReview,
            Self::Recheck => RuleId::RequestRecheck,
        }
    }
}

/// A resident's window for a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// It may be asked for until the end of that day.
    Open { until: Date },
    /// The time for it ended on that day.
    Closed { on: Date },
}

/// What the resident may do now; nothing at all for a case followed from
/// another phone (the phone that sent it acts on it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResidentOptions {
    /// The feed sequence of the answer that may be rated.
    pub rate: Option<i64>,
    /// A review of the reply: open, or ended. `None` when it does not
    /// apply at this stage.
    pub review: Option<Window>,
    /// A re-check of the review's answer, likewise.
    pub recheck: Option<Window>,
    pub withdraw: bool,
    pub supplement: bool,
}

impl ResidentOptions {
    /// Nothing for the resident to do now (the case page shows no form).
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    pub fn appeal(&self, appeal: Appeal) -> Option<Window> {
        match appeal {
            Appeal::Review => self.review,
            Appeal::Recheck => self.recheck,
        }
    }
}

impl Progress {
    /// The window for an appeal on `today`: open until its last day, ended
    /// (so the app can say when), or `None` where it does not apply.
    pub fn appeal_window(
        &self,
        appeal: Appeal,
        today: Date,
        calendar: &Calendar,
    ) -> Option<Window> {
        match self.may(appeal.action(), &Actor::resident(), today, calendar) {
            Ok(_) => {
                let start = match appeal {
                    Appeal::Review => &self.replied_at,
                    Appeal::Recheck => &self.review_answered_at,
                };
                self.window_end(appeal.rule(), start, calendar)
                    .map(|until| Window::Open { until })
            }
            Err(Refusal::WindowClosed { closed_on }) => Some(Window::Closed { on: closed_on }),
            Err(_) => None,
        }
    }

    /// What the resident who sent the case may do with it on `today`.
    pub fn resident_options(&self, today: Date, calendar: &Calendar) -> ResidentOptions {
        let may = |kind| self.may(kind, &Actor::resident(), today, calendar).is_ok();
        ResidentOptions {
            rate: self.last_answer_seq.filter(|_| may(ActionKind::Rate)),
            review: self.appeal_window(Appeal::Review, today, calendar),
            recheck: self.appeal_window(Appeal::Recheck, today, calendar),
            withdraw: may(ActionKind::Withdraw),
            supplement: may(ActionKind::Supplement),
        }
    }
}
