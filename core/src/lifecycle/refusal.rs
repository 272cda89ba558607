//! Why an action is refused, by name: each side says it in its own words
//! (the app and the desk in the reader's language, the API in English),
//! and `problem_kind` says which problem the API answers with.

use super::action::{ActionKind, Invalid};
use super::actor::Role;
use crate::calendar::Date;
use crate::problem::ProblemKind;
use crate::CaseStatus;

/// Why an action is refused.
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

impl From<Invalid> for Refusal {
    fn from(why: Invalid) -> Self {
        Self::Invalid(why)
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

    /// Role refusals are forbidden (403); bad input is invalid (422);
    /// everything else conflicts with the case's state (409).
    pub fn problem_kind(&self) -> ProblemKind {
        match self {
            Self::NotPermitted { .. } | Self::OtherDepartment => ProblemKind::Forbidden,
            Self::Invalid(_) => ProblemKind::Invalid,
            _ => ProblemKind::CaseState,
        }
    }
}
