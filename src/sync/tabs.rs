//! The Rust face of `tabs.js`, the one JS file that deals with other tabs
//! and with the browser's background machinery: the sync lock, change
//! announcements, Background Sync and system notifications. Nothing else in
//! the app declares bindings to it.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/sync/tabs.js")]
extern "C" {
    #[wasm_bindgen(js_name = withSyncLock)]
    fn js_with_sync_lock(pass: &JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = announceChange)]
    fn announce_change();
    #[wasm_bindgen(js_name = requestBackgroundSync)]
    fn js_request_background_sync();
    #[wasm_bindgen(js_name = onChangeElsewhere)]
    fn js_on_change_elsewhere(callback: &Closure<dyn FnMut()>);
    #[wasm_bindgen(js_name = showNotification)]
    fn js_show_notification(title: &str, tag: &str);
}

/// Runs `pass` holding the sync lock (a Web Lock shared by every tab).
/// None, without running it, when another tab holds the lock: that tab is
/// sending, and two tabs never send the same record at once.
pub(super) async fn with_sync_lock<T: 'static>(
    pass: impl Future<Output = T> + 'static,
) -> Option<T> {
    let outcome = Rc::new(RefCell::new(None));
    let result = outcome.clone();
    let run = Closure::once_into_js(move || {
        wasm_bindgen_futures::future_to_promise(async move {
            *result.borrow_mut() = Some(pass.await);
            Ok(JsValue::UNDEFINED)
        })
    });
    let _ = wasm_bindgen_futures::JsFuture::from(js_with_sync_lock(&run)).await;
    outcome.take()
}

/// Tells the other open tabs that this one changed the shared store.
pub fn announce() {
    announce_change();
}

/// `changed` runs whenever another tab announces a change.
pub(super) fn on_change_elsewhere(changed: impl FnMut() + 'static) {
    let callback = Closure::<dyn FnMut()>::new(changed);
    js_on_change_elsewhere(&callback);
    callback.forget();
}

/// Asks the browser to wake the service worker when the network is back,
/// so queued work goes out even if the app has been closed.
pub(super) fn request_background_sync() {
    js_request_background_sync();
}

/// A system notification; a newer one with the same `tag` replaces it.
pub fn show_notification(title: &str, tag: &str) {
    js_show_notification(title, tag);
}
