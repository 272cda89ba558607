//! The list of published campaigns for the home screen: fetched once when
//! the app starts and again whenever the sync feed says a campaign was
//! published, corrected, closed early or answered (see `pull`); kept on
//! the phone so the home screen lists them offline.

use std::cell::Cell;

use super::status::SyncState;
use super::tabs;
use crate::api;
use crate::store::{Store, StoreError};
use crate::time::now_ms;

thread_local! {
    /// Whether this tab has fetched the list since the app started; in
    /// memory, so every start of the app fetches it afresh.
    static FETCHED: Cell<bool> = const { Cell::new(false) };
}

/// Fetches the list if this start of the app has not, or if `now` (the
/// feed announced a change). Answers whether the kept list is current.
pub(super) async fn refresh_campaigns(
    store: &Store,
    state: SyncState,
    now: bool,
) -> Result<bool, StoreError> {
    if FETCHED.get() && !now {
        return Ok(true);
    }
    // No answer now: the kept list stays, and the next pass tries again.
    let Ok(list) = api::campaigns().await else {
        return Ok(false);
    };
    FETCHED.set(true);
    if store.keep_campaign_list(&list, now_ms()).await? {
        state.changed();
        tabs::announce();
    }
    Ok(true)
}
