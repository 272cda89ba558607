//! One sync pass: count what waits, probe the API (the only source of
//! "online"), refresh the reference lists, make sure the device is
//! registered, then send, upload photos and pull, in that order.
//! The campaign list (`campaigns`) needs no device and comes with the
//! reference lists at the start, then when the feed announces a change.

use leptos::prelude::*;
use letterbox_core::api::DeviceRegistration;
use letterbox_core::case::CaseRecord;
use letterbox_core::outbox::{OutboxRecord, OutboxState};

use super::campaigns::refresh_campaigns;
use super::photos::upload_photos;
use super::pull::pull;
use super::round::Round;
use super::send::send_due;
use super::status::{Connection, SyncState};
use super::tabs;
use crate::api;
use crate::store::{CachedCatalogue, Store, StoreError};
use crate::time::now_ms;

const CATALOGUE_MAX_AGE_MS: f64 = 24.0 * 3600.0 * 1000.0;

pub(super) async fn pass(state: SyncState, round: &Round) -> Result<(), StoreError> {
    let store = Store::app().await?;
    if api::health().await.is_err() {
        set_connection(state, Connection::Offline);
        return Ok(());
    }
    set_connection(state, Connection::Online);
    refresh_catalogue(&store, state).await?;
    refresh_campaigns(&store, state, false).await?;
    let Some(device) = device(&store).await? else {
        return Ok(());
    };
    send_due(&store, state, &device, round).await?;
    upload_photos(&store, state, &device, round).await?;
    pull(&store, state, &device, round).await?;
    count(&store, state).await
}

fn set_connection(state: SyncState, connection: Connection) {
    if state.status.get_untracked().connection != connection {
        state.status.update(|s| s.connection = connection);
    }
}

/// What waits and what needs the resident, for the indicator; while
/// anything waits, the browser is asked to wake the app's worker when the
/// network returns.
pub(super) async fn count(store: &Store, state: SyncState) -> Result<(), StoreError> {
    let records = store.outbox().await?;
    let is_stopped = |r: &&OutboxRecord| r.state == OutboxState::NeedsAttention;
    // A refused answer to a campaign is explained on the campaign's page
    // and nothing can be done about it elsewhere: it is not counted.
    let attention = records
        .iter()
        .filter(is_stopped)
        .filter(|r| r.campaign_response_request().is_none())
        .count();
    let stopped = records.iter().filter(is_stopped).count();
    // Photos still going up count as waiting too: until the office holds
    // them, "all sent" would not be true.
    let cases = store.cases().await?;
    let updated = cases.iter().filter(|c| c.is_updated()).count();
    let photos: usize = cases
        .iter()
        .filter(|c| !c.followed)
        .map(CaseRecord::photos_to_send)
        .sum::<usize>()
        + store
            .campaigns()
            .await?
            .iter()
            .filter(|c| c.receipt.is_some())
            .map(|c| c.photos_to_send().len())
            .sum::<usize>();
    let waiting = records.len() - stopped + photos;
    let status = state.status.get_untracked();
    if waiting > 0 && waiting != status.waiting {
        tabs::request_background_sync();
    }
    if (status.waiting, status.attention, status.updated) != (waiting, attention, updated) {
        state.status.update(|s| {
            s.waiting = waiting;
            s.attention = attention;
            s.updated = updated;
        });
    }
    Ok(())
}

/// The reference lists are fetched when missing or a day old, so the
/// editor's pickers work offline.
async fn refresh_catalogue(store: &Store, state: SyncState) -> Result<(), StoreError> {
    let cached = store.catalogue().await?;
    if cached.is_some_and(|c| now_ms() - c.fetched_at_ms < CATALOGUE_MAX_AGE_MS) {
        return Ok(());
    }
    if let (Ok(categories), Ok(areas)) = (api::categories().await, api::areas().await) {
        store
            .set_catalogue(&CachedCatalogue {
                categories,
                areas,
                fetched_at_ms: now_ms(),
            })
            .await?;
        state.changed();
    }
    Ok(())
}

/// The device's registration, made on first need. None when the server
/// cannot be reached for it right now.
pub async fn device(store: &Store) -> Result<Option<DeviceRegistration>, StoreError> {
    if let Some(device) = store.device().await? {
        return Ok(Some(device));
    }
    match api::register_device().await {
        Ok(device) => {
            store.set_device(&device).await?;
            Ok(Some(device))
        }
        Err(_) => Ok(None),
    }
}
