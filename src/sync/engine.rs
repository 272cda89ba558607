use std::cell::Cell;

use gloo_events::EventListener;
use gloo_timers::callback::Interval;
use leptos::prelude::*;
use leptos::task::spawn_local;
use letterbox_core::api::{DeviceRegistration, FollowUp};
use letterbox_core::case::CaseRecord;
use letterbox_core::lifecycle::Role;
use letterbox_core::limits::{PHOTO_UPLOAD_CHUNK_BYTES, SYNC_PAGE_DEFAULT};
use letterbox_core::outbox::{
    disposition, retry_delay_ms, Disposition, Mutation, OutboxRecord, OutboxState, SendFailure,
};

use super::status::{Connection, SyncState};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/sync/tabs.js")]
extern "C" {
    #[wasm_bindgen(js_name = withSyncLock)]
    fn with_sync_lock(pass: &JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = announceChange)]
    fn announce_change();
    #[wasm_bindgen(js_name = requestBackgroundSync)]
    fn request_background_sync();
    #[wasm_bindgen(js_name = onChangeElsewhere)]
    fn on_change_elsewhere(callback: &Closure<dyn FnMut()>);
}
use crate::api::{self, ApiError};
use crate::store::{CachedCatalogue, Store, StoreError};
use crate::time::now_ms;

/// While the app is open, look again this often (queued work whose retry
/// time has come, and changes made by the office).
const TICK_MS: u32 = 5_000;
const CATALOGUE_MAX_AGE_MS: f64 = 24.0 * 3600.0 * 1000.0;

thread_local! {
    static STATE: Cell<Option<SyncState>> = const { Cell::new(None) };
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    static AGAIN: Cell<bool> = const { Cell::new(false) };
    /// Set when a pass landed something: work may remain, so the next pass
    /// follows at once instead of waiting for the timer.
    static PROGRESS: Cell<bool> = const { Cell::new(false) };
}

/// Starts the engine for this page and shares its state with the views.
pub fn start() -> SyncState {
    let state = SyncState::new();
    provide_context(state);
    STATE.with(|s| s.set(Some(state)));
    if let Some(window) = web_sys::window() {
        EventListener::new(&window, "online", |_| poke()).forget();
        EventListener::new(&window, "offline", |_| poke()).forget();
        if let Some(document) = window.document() {
            let doc = document.clone();
            EventListener::new(&document, "visibilitychange", move |_| {
                if doc.visibility_state() == web_sys::VisibilityState::Visible {
                    poke();
                }
            })
            .forget();
        }
    }
    Interval::new(TICK_MS, move || {
        // A new day moves every deadline's "days left".
        let today = crate::time::today_in_china();
        if state.today.get_untracked() != today {
            state.today.set(today);
        }
        poke();
    })
    .forget();
    // Another tab changed the shared store: show it here too.
    let elsewhere = Closure::<dyn FnMut()>::new(move || state.changed());
    on_change_elsewhere(&elsewhere);
    elsewhere.forget();
    poke();
    state
}

/// Tells the other open tabs that this one changed the shared store.
pub fn announce() {
    announce_change();
}

/// Asks for a sync pass now. A pass already running runs once more after
/// it ends, so a change made during a pass is never left waiting.
pub fn poke() {
    let Some(state) = STATE.with(|s| s.get()) else {
        return;
    };
    if RUNNING.with(|r| r.replace(true)) {
        AGAIN.with(|a| a.set(true));
        return;
    }
    spawn_local(async move {
        loop {
            AGAIN.with(|a| a.set(false));
            PROGRESS.with(|p| p.set(false));
            if let Err(e) = locked_pass(state).await {
                web_sys::console::warn_1(&format!("sync pass: {e}").into());
            }
            if PROGRESS.with(|p| p.get()) {
                // Keep going while things land; a short pause lets the page breathe.
                gloo_timers::future::TimeoutFuture::new(200).await;
                continue;
            }
            if !AGAIN.with(|a| a.get()) {
                break;
            }
        }
        RUNNING.with(|r| r.set(false));
    });
}

/// Counts what waits (every tab shows it), then runs the pass if no other
/// tab is running one: two tabs never send the same record at once.
async fn locked_pass(state: SyncState) -> Result<(), StoreError> {
    let store = Store::app().await?;
    count(&store, state).await?;
    let outcome = std::rc::Rc::new(std::cell::RefCell::new(Ok(())));
    let result = outcome.clone();
    let run = Closure::once_into_js(move || {
        wasm_bindgen_futures::future_to_promise(async move {
            *result.borrow_mut() = pass(state).await;
            Ok(JsValue::UNDEFINED)
        })
    });
    let _ = wasm_bindgen_futures::JsFuture::from(with_sync_lock(&run)).await;
    outcome.replace(Ok(()))
}

async fn pass(state: SyncState) -> Result<(), StoreError> {
    let store = Store::app().await?;
    if api::health().await.is_err() {
        set_connection(state, Connection::Offline);
        return Ok(());
    }
    set_connection(state, Connection::Online);
    refresh_catalogue(&store, state).await?;
    let Some(device) = device(&store).await? else {
        return Ok(());
    };
    send_due(&store, state, &device).await?;
    upload_photos(&store, state, &device).await?;
    pull(&store, state, &device).await?;
    count(&store, state).await
}

fn set_connection(state: SyncState, connection: Connection) {
    if state.status.get_untracked().connection != connection {
        state.status.update(|s| s.connection = connection);
    }
}

async fn count(store: &Store, state: SyncState) -> Result<(), StoreError> {
    let records = store.outbox().await?;
    let attention = records
        .iter()
        .filter(|r| r.state == OutboxState::NeedsAttention)
        .count();
    // Photos still going up count as waiting too: until the office holds
    // them, "all sent" would not be true.
    let photos: usize = store
        .cases()
        .await?
        .iter()
        .filter(|c| !c.followed)
        .map(CaseRecord::photos_to_send)
        .sum();
    let waiting = records.len() - attention + photos;
    let status = state.status.get_untracked();
    if waiting > 0 && waiting != status.waiting {
        request_background_sync();
    }
    if (status.waiting, status.attention) != (waiting, attention) {
        state.status.update(|s| {
            s.waiting = waiting;
            s.attention = attention;
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

/// Something reached the office: tell the other tabs, and go round again.
fn landed() {
    announce_change();
    PROGRESS.with(|p| p.set(true));
}

/// Sends every due record, oldest first, one at a time: a petition is
/// confirmed before anything queued after it is tried.
async fn send_due(
    store: &Store,
    state: SyncState,
    device: &DeviceRegistration,
) -> Result<(), StoreError> {
    for record in store.outbox().await? {
        if !record.is_due(now_ms()) {
            continue;
        }
        let stop = match &record.mutation {
            Mutation::Petition(petition) => {
                state.status.update(|s| s.sending = Some(record.id));
                let result = api::send_petition(&device.token, petition).await;
                state.status.update(|s| s.sending = None);
                match result {
                    Ok(receipt) => {
                        store
                            .confirm_sent(&CaseRecord::from_receipt(receipt))
                            .await?;
                        landed();
                        false
                    }
                    Err(error) => failed(store, record.clone(), error).await?,
                }
            }
            Mutation::FollowUp(follow_up) => {
                // A request about a case waits until the office holds the
                // case: order is kept per case.
                if store.case(follow_up.petition_id).await?.is_none() {
                    continue;
                }
                state.status.update(|s| s.sending = Some(record.id));
                let result = api::send_follow_up(
                    &device.token,
                    follow_up.petition_id,
                    record.id,
                    &follow_up.request,
                )
                .await;
                state.status.update(|s| s.sending = None);
                match result {
                    Ok(receipt) => {
                        let photos = match &follow_up.request {
                            FollowUp::Supplement { photos, .. } => photos.as_slice(),
                            _ => &[],
                        };
                        store
                            .confirm_follow_up(
                                record.id,
                                follow_up.petition_id,
                                receipt.event,
                                photos,
                            )
                            .await?;
                        landed();
                        false
                    }
                    Err(error) => failed(store, record.clone(), error).await?,
                }
            }
        };
        state.changed();
        // A lost answer is not yet a lost network: stop only when the
        // probe says the office cannot be reached.
        if stop && api::health().await.is_err() {
            break;
        }
    }
    Ok(())
}

/// Sends the photos of received cases that the office does not hold yet,
/// one at a time, in the order declared. A photo the office already has is
/// skipped after a `HEAD`; a failure leaves the rest for the next pass.
async fn upload_photos(
    store: &Store,
    state: SyncState,
    device: &DeviceRegistration,
) -> Result<(), StoreError> {
    for case in store.cases().await? {
        // Photos declared with the petition or added with a supplement.
        if !case.photos_pending() {
            continue;
        }
        for photo in &case.photos {
            if case.photos_received.contains(&photo.id) {
                continue;
            }
            let held = match api::photo_offset(&device.token, case.id, photo.id).await {
                Ok((have, length)) if length > 0 && have == length => {
                    if store.mark_photo_received(case.id, photo.id).await? {
                        state.changed();
                    }
                    continue;
                }
                Ok((have, _)) => have,
                Err(e) if stops_uploads(&e).await => return Ok(()),
                Err(_) => continue,
            };
            let Some(stored) = store.photo(photo.id).await? else {
                // The bytes are gone from this phone; nothing to send.
                continue;
            };
            let sent = if photo.bytes > PHOTO_UPLOAD_CHUNK_BYTES || held > 0 {
                send_in_pieces(&device.token, case.id, photo.id, &stored.bytes, held).await
            } else {
                api::put_photo(&device.token, case.id, photo, &stored.bytes)
                    .await
                    .map(|_| ())
            };
            match sent {
                Ok(_) => {
                    PROGRESS.with(|p| p.set(true));
                    if store.mark_photo_received(case.id, photo.id).await? {
                        state.changed();
                        announce_change();
                    }
                }
                Err(e) if stops_uploads(&e).await => return Ok(()),
                // A photo that failed otherwise is tried again next pass;
                // the others need not wait for it.
                _ => {}
            }
        }
    }
    Ok(())
}

/// Sends a photo in pieces from `offset`, resuming wherever the office
/// says it is; the office checks the whole photo's hash at the end.
async fn send_in_pieces(
    token: &str,
    petition: uuid::Uuid,
    photo: uuid::Uuid,
    bytes: &js_sys::ArrayBuffer,
    mut offset: u64,
) -> Result<(), ApiError> {
    let all = js_sys::Uint8Array::new(bytes);
    let length = u64::from(all.length());
    // Each piece either advances or tells where to resume; a server that
    // does neither cannot hold this pass forever.
    let mut tries = 2 * (length / PHOTO_UPLOAD_CHUNK_BYTES + 2);
    while offset < length {
        if tries == 0 {
            return Err(ApiError::Unreadable("the upload does not advance".into()));
        }
        tries -= 1;
        let end = (offset + PHOTO_UPLOAD_CHUNK_BYTES).min(length);
        let piece = all.subarray(offset as u32, end as u32);
        offset = api::patch_photo(token, petition, photo, offset, piece).await?;
    }
    Ok(())
}

/// The server asked to slow down, or the office cannot be reached (a lost
/// answer alone is not enough): stop this pass's uploads.
async fn stops_uploads(error: &ApiError) -> bool {
    match error {
        ApiError::Status {
            status: 401 | 429 | 503,
            ..
        } => true,
        ApiError::NoConnection => api::health().await.is_err(),
        _ => false,
    }
}

/// Keeps the failure on the record. True when this pass should stop
/// sending (the network or the device token is gone).
async fn failed(
    store: &Store,
    mut record: OutboxRecord,
    error: ApiError,
) -> Result<bool, StoreError> {
    let now = now_ms();
    let (failure, retry_after, stop) = match error {
        ApiError::NoConnection => (SendFailure::NoConnection, None, true),
        ApiError::Unreadable(_) => (SendFailure::Server { status: 200 }, None, false),
        ApiError::Status {
            status,
            problem,
            retry_after_ms,
        } => match disposition(status) {
            Disposition::Reregister => {
                // Try again at once with a new token.
                store.forget_device().await?;
                poke();
                return Ok(true);
            }
            Disposition::Retry | Disposition::Confirmed => (
                SendFailure::Server { status },
                retry_after_ms,
                status == 429,
            ),
            Disposition::NeedsAttention => (
                SendFailure::Refused {
                    status,
                    detail: problem
                        .as_ref()
                        .map(|p| p.detail.clone())
                        .unwrap_or_default(),
                    problem: problem.map(|p| p.type_uri),
                },
                None,
                false,
            ),
        },
    };
    let delay = retry_delay_ms(record.attempts + 1, retry_after, js_sys::Math::random());
    record.failed(failure, now, delay);
    store.update_outbox(&record).await?;
    Ok(stop)
}

/// Brings this device's case changes, a page at a time; each page and its
/// cursor are stored together.
async fn pull(
    store: &Store,
    state: SyncState,
    device: &DeviceRegistration,
) -> Result<(), StoreError> {
    let mut cursor = store.sync_cursor().await?;
    loop {
        let Ok(page) = api::sync_page(&device.token, cursor, SYNC_PAGE_DEFAULT).await else {
            return Ok(());
        };
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
        let changed = applied.len();
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
        if changed > 0 {
            state.changed();
            announce_change();
            PROGRESS.with(|p| p.set(true));
        }
        cursor = page.next_cursor;
        if !page.has_more {
            return Ok(());
        }
    }
}
