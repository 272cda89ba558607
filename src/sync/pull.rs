//! Pulling the office's changes to this device's cases, a page at a time;
//! each page and its cursor are stored in one transaction. The same feed
//! says when a campaign changed; the campaign list is then fetched again.

use leptos::prelude::*;
use letterbox_core::api::DeviceRegistration;
use letterbox_core::case::CaseRecord;
use letterbox_core::lifecycle::Role;
use letterbox_core::limits::SYNC_PAGE_DEFAULT;

use super::campaigns::refresh_campaigns;
use super::round::Round;
use super::status::SyncState;
use super::tabs;
use crate::api::{self, ApiError};
use crate::store::{Store, StoreError};

/// Brings this device's case changes, a page at a time; each page and its
/// cursor are stored together. What the office did is news for the
/// resident (`SyncState::news`, shown as notifications).
pub(super) async fn pull(
    store: &Store,
    state: SyncState,
    device: &DeviceRegistration,
    round: &Round,
) -> Result<(), StoreError> {
    let mut cursor = store.sync_cursor().await?;
    let mut campaign_cursor = store.campaign_cursor().await?;
    loop {
        let Ok(page) =
            api::sync_page(&device.token, cursor, campaign_cursor, SYNC_PAGE_DEFAULT).await
        else {
            return Ok(());
        };
        // A campaign was published, corrected, closed or answered: the
        // list comes again, and only then does the cursor move past it.
        if page.next_campaign_cursor != campaign_cursor {
            if !refresh_campaigns(store, state, true).await? {
                return Ok(());
            }
            store.set_campaign_cursor(page.next_campaign_cursor).await?;
            campaign_cursor = page.next_campaign_cursor;
        }
        // Network first, transaction after: receipts of cases this phone
        // does not hold yet (sent from here, but the answer was lost).
        let mut fetched = Vec::new();
        for change in &page.changes {
            if store.case(change.petition_id).await?.is_none()
                && !fetched
                    .iter()
                    .any(|c: &CaseRecord| c.id == change.petition_id)
            {
                match api::petition(&device.token, change.petition_id).await {
                    Ok(receipt) => fetched.push(CaseRecord::from_receipt(receipt)),
                    // Not sent from here: a case this phone follows but has
                    // not stored (its lookup answer was lost). Looking it up
                    // again brings its whole history; skip it here.
                    Err(ApiError::Status { status: 404, .. }) => {}
                    Err(_) => return Ok(()),
                }
            }
        }
        let applied = store
            .apply_sync_page(&page.changes, fetched, page.next_cursor)
            .await?;
        // What the office did, and the phone did not know yet, is news for
        // the resident (a notification).
        let news: Vec<_> = page
            .changes
            .iter()
            .filter(|c| {
                applied.contains(&c.seq)
                    && c.event
                        .as_ref()
                        .is_some_and(|e| Role::STAFF.contains(&e.actor))
            })
            .map(|c| (c.case_number.clone(), c.status))
            .collect();
        if !news.is_empty() {
            state.news.update(|n| n.extend(news));
        }
        if !applied.is_empty() {
            state.changed();
            tabs::announce();
            round.progressed();
        }
        cursor = page.next_cursor;
        if !page.has_more {
            return Ok(());
        }
    }
}
