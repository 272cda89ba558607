//! Sending an answer straight to the office, for a phone that cannot keep
//! it (IndexedDB unavailable, as in some chat apps' browsers): a device
//! token made once per visit, the answer, then its photos held in memory.
//!
//! Not a split module of its own, though only such phones use it: a split
//! module that cannot be fetched stops the app (Leptos 0.8), and on this
//! path the answer exists only on screen. Its 4.3 KB stay in the page's
//! bundle (issue 12, docs/benchmarks.md).

use std::cell::RefCell;

use letterbox_core::api::{paths, PhotoManifestEntry};
use letterbox_core::campaign::{Response, ResponseReceipt};

use crate::api::{self, ApiError};

/// The held photos: each one's manifest entry and its bytes.
pub(super) type HeldPhotos = Vec<(PhotoManifestEntry, js_sys::ArrayBuffer)>;

thread_local! {
    /// A device token for a phone that cannot keep one: made once per
    /// visit, so the answer is still one per phone while the page is open.
    static TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Sends the answer, then its photos held in memory; a failed photo
/// fails the send, and Send again repeats what the office lacks (the
/// answer's resend is the same answer).
pub(super) async fn send_direct(
    slug: &str,
    response: &Response,
    photos: HeldPhotos,
) -> Result<ResponseReceipt, ApiError> {
    let token = match TOKEN.with(|t| t.borrow().clone()) {
        Some(t) => t,
        None => {
            let t = api::register_device().await?.token;
            TOKEN.with(|slot| *slot.borrow_mut() = Some(t.clone()));
            t
        }
    };
    let receipt = api::send_campaign_response(&token, slug, response).await?;
    for (entry, bytes) in photos {
        let url = paths::campaign_photo(slug, &response.id, &entry.id);
        api::put_photo(&token, &url, &entry, &bytes).await?;
    }
    Ok(receipt)
}
