//! The Letterbox domain, shared by the residents' app and the server.
//!
//! Everything both sides must agree on — a limit, a status name, a field
//! name, a case-number format, a deadline rule — is written here once.

pub mod api;
pub mod calendar;
pub mod case;
pub mod case_number;
pub mod catalogue;
pub mod deadlines;
pub mod draft;
pub mod kind;
pub mod lifecycle;
pub mod limits;
pub mod outbox;
pub mod problem;
pub mod similar;
pub mod status;
pub mod validation;

pub use case_number::CaseNumber;
pub use kind::PetitionKind;
pub use status::CaseStatus;
