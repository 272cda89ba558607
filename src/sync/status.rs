//! What the views see of the sync engine: the connection, what waits,
//! a revision that moves when the phone's copy changed, the office's news,
//! and today's date in China.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connection {
    Unknown,
    Online,
    Offline,
}

/// What the sync indicator shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncStatus {
    pub connection: Connection,
    /// Records the app will send by itself.
    pub waiting: usize,
    /// Records only the resident can fix.
    pub attention: usize,
    /// The id of the record being sent right now.
    pub sending: Option<uuid::Uuid>,
    /// Cases the office changed since the resident last opened them (the
    /// header's badge).
    pub updated: usize,
}

/// Shared with every page: the status, and a revision that moves whenever
/// the phone's copy of the outbox or the cases changed, so lists reload.
#[derive(Clone, Copy)]
pub struct SyncState {
    pub status: RwSignal<SyncStatus>,
    pub revision: RwSignal<u64>,
    /// Case changes the office made, pulled and not yet announced: (case
    /// number, new status).
    pub news: RwSignal<Vec<(String, letterbox_core::CaseStatus)>>,
    /// Today in China: pages that count days to a deadline follow it past
    /// midnight.
    pub today: RwSignal<letterbox_core::calendar::Date>,
}

impl SyncState {
    pub fn new() -> Self {
        Self {
            status: RwSignal::new(SyncStatus {
                connection: Connection::Unknown,
                waiting: 0,
                attention: 0,
                sending: None,
                updated: 0,
            }),
            revision: RwSignal::new(0),
            news: RwSignal::new(Vec::new()),
            today: RwSignal::new(crate::time::today_in_china()),
        }
    }

    pub fn changed(self) {
        self.revision.update(|r| *r += 1);
    }
}

impl Default for SyncState {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_sync() -> SyncState {
    expect_context::<SyncState>()
}
