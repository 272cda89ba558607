//! The only place that decides when to send and when to pull.
//!
//! It runs on app start, when the browser says it is online, when the page
//! becomes visible, right after each local change, and on a timer while the
//! app is open. Whether the network works is decided by a real request to
//! the API, never by `navigator.onLine` alone.

mod engine;
mod status;

pub use engine::{announce, device, poke, start};
pub use status::{use_sync, Connection, SyncState, SyncStatus};
