//! Sending an answer straight to the office, for a phone that cannot keep
//! it (IndexedDB unavailable, as in some chat apps' browsers): a device
//! token made once per visit, the answer, then its photos held in memory.
//!
//! A split module of its own (issue 12): most phones keep the answer and
//! send it through the outbox, so the page does not wait for this code;
//! `CampaignPage` starts fetching it at once.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;

use letterbox_core::api::{paths, PhotoManifestEntry};
use letterbox_core::campaign::{Response, ResponseReceipt};

use crate::api::{self, ApiError};
use crate::components::lazy::nested_split_point;

/// The held photos: each one's manifest entry and its bytes.
pub(super) type HeldPhotos = Vec<(PhotoManifestEntry, js_sys::ArrayBuffer)>;

/// Sends a campaign's answer (its slug, the answer, its photos).
pub(super) type DirectSend = fn(
    String,
    Response,
    HeldPhotos,
)
    -> Pin<Box<dyn Future<Output = Result<ResponseReceipt, ApiError>>>>;

nested_split_point! {
    pub(super) fn load_direct_send() -> DirectSend {
        |slug, response, photos| Box::pin(async move { send_direct(&slug, &response, photos).await })
    }
}

thread_local! {
    /// A device token for a phone that cannot keep one: made once per
    /// visit, so the answer is still one per phone while the page is open.
    static TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Sends the answer, then its photos held in memory; a failed photo
/// fails the send, and Send again repeats what the office lacks (the
/// answer's resend is the same answer).
async fn send_direct(
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
