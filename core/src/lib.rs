//! The Letterbox domain, shared by the residents' app and the server.
//!
//! Everything both sides must agree on — a limit, a status name, a field
//! name, a case-number format, a deadline rule — is written here once.
//!
//! Modules depend one way only. Leaves: `wire` (the wire-enum macro),
//! `calendar`, `limits`, `regulations` (the Regulations' periods). Then
//! `kind`, `status`, `validation`, `problem`; `lifecycle` (the state
//! machine); `deadlines` (the legal clock, reading `lifecycle`); `api`
//! (wire types); `case`, `draft`, `outbox` (what the phone keeps);
//! `campaign` (suggestion campaigns: definitions, states, answers).

pub mod api;
pub mod calendar;
pub mod campaign;
pub mod case;
pub mod case_number;
pub mod catalogue;
pub mod deadlines;
pub mod decode;
pub mod draft;
pub mod kind;
pub mod lifecycle;
pub mod limits;
pub mod outbox;
pub mod problem;
pub mod regulations;
pub mod similar;
pub mod status;
pub mod text;
pub mod validation;
pub mod wire;

pub use case_number::CaseNumber;
pub use kind::PetitionKind;
pub use status::CaseStatus;
