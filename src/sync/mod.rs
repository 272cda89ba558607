//! The only place that decides when to send and when to pull.
//!
//! It runs on app start, when the browser says it is online, when the page
//! becomes visible, right after each local change, and on a timer while the
//! app is open. Whether the network works is decided by a real request to
//! the API, never by `navigator.onLine` alone.
//!
//! `scheduler` decides when a pass runs, `pass` is one pass, made of
//! `send` (the outbox), `photos` (uploads), `pull` (the office's
//! changes) and `campaigns` (the list of campaigns); `round` is what a
//! pass tells the scheduler, `tabs` the Rust face of `tabs.js`, and
//! `status` what the views see.

mod campaigns;
mod pass;
mod photos;
mod pull;
mod round;
mod scheduler;
mod send;
mod status;
pub mod tabs;

pub use pass::device;
pub use scheduler::{poke, recount, start};
pub use status::{use_sync, Connection, SyncState, SyncStatus};
pub use tabs::announce;
