//! A link from a public account opens in the chat app's own browser,
//! which may have no service worker and may lose its storage when it
//! closes. There the campaign still works online (reading, answering and
//! sending need neither), and this note offers the way to keep working
//! offline: open the page in the phone's browser, where the app can be
//! installed. Chat apps cannot be made to open another browser from a
//! page, so the note says where their menu does it, and copies the link.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::i18n::{tr, use_i18n, Msg};

/// What chat apps' built-in browsers put in their user agent.
const IN_APP_MARKS: [&str; 7] = [
    "MicroMessenger",
    "wxwork",
    "QQ/",
    "Weibo",
    "AlipayClient",
    "DingTalk",
    "Lark",
];

/// Whether this page is open in a chat app's browser, or in one that
/// cannot keep the app for offline use (no service worker).
fn in_app_browser() -> bool {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return false;
    };
    let agent = navigator.user_agent().unwrap_or_default();
    let no_worker =
        !js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false);
    no_worker || IN_APP_MARKS.iter().any(|mark| agent.contains(mark))
}

/// `navigator.clipboard.writeText(text)`, where there is a clipboard.
async fn copy(text: &str) -> bool {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return false;
    };
    let Ok(clipboard) = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")) else {
        return false;
    };
    let Ok(write) = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText")) else {
        return false;
    };
    let Some(write) = write.dyn_ref::<js_sys::Function>() else {
        return false;
    };
    let Ok(promise) = write.call1(&clipboard, &JsValue::from_str(text)) else {
        return false;
    };
    match promise.dyn_into::<js_sys::Promise>() {
        Ok(p) => JsFuture::from(p).await.is_ok(),
        Err(_) => false,
    }
}

/// The note, where it helps; nothing elsewhere. `kept` is false when the
/// phone's store could not keep the answer.
#[component]
pub fn BrowserNote(kept: bool) -> impl IntoView {
    let i18n = use_i18n();
    if kept && !in_app_browser() {
        return ().into_any();
    }
    let url = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let copied = RwSignal::new(None::<bool>);
    let link = url.clone();
    let on_copy = move |_| {
        let link = link.clone();
        spawn_local(async move {
            copied.set(Some(copy(&link).await));
        });
    };
    view! {
        <aside class="notice browser-note" aria-labelledby="browser-note-title">
            <h2 id="browser-note-title">{tr(Msg::CampaignBrowserTitle)}</h2>
            <p>{tr(Msg::CampaignBrowserText)}</p>
            <label for="browser-note-link">{tr(Msg::CampaignBrowserLink)}</label>
            <input id="browser-note-link" type="url" readonly value=url/>
            <button type="button" class="secondary" on:click=on_copy>{tr(Msg::CampaignBrowserCopy)}</button>
            <p role="status" aria-live="polite">
                {move || copied.get().map(|ok| {
                    i18n.t(if ok { Msg::CampaignBrowserCopied } else { Msg::CampaignBrowserCopyFailed })
                })}
            </p>
        </aside>
    }
    .into_any()
}
