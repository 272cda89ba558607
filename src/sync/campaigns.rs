//! The list of published campaigns for the home screen: fetched in a
//! pass when online, at app start and then at most once a minute (a pass
//! runs every few seconds; a campaign changes a few times in its life),
//! and kept on the phone so the home screen lists them offline.

use std::cell::Cell;

use super::status::SyncState;
use super::tabs;
use crate::api;
use crate::store::{Store, StoreError};
use crate::time::now_ms;

const LIST_MAX_AGE_MS: f64 = 60_000.0;

thread_local! {
    /// When this tab last fetched the list; in memory, so every start of
    /// the app fetches it afresh.
    static FETCHED_AT_MS: Cell<f64> = const { Cell::new(f64::NEG_INFINITY) };
}

pub(super) async fn refresh_campaigns(store: &Store, state: SyncState) -> Result<(), StoreError> {
    let now = now_ms();
    if now - FETCHED_AT_MS.get() < LIST_MAX_AGE_MS {
        return Ok(());
    }
    // No answer now: the kept list stays, and the next pass tries again.
    let Ok(list) = api::campaigns().await else {
        return Ok(());
    };
    FETCHED_AT_MS.set(now);
    if store.keep_campaign_list(&list, now_ms()).await? {
        state.changed();
        tabs::announce();
    }
    Ok(())
}
