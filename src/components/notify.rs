//! System notifications for case changes, while the app is open and only
//! if the resident allowed them (Web Push needs a push service, which the
//! in-app browsers residents use do not offer).

use leptos::prelude::*;

use crate::i18n::words::status_text_in;
use crate::i18n::{use_i18n, Msg};
use crate::sync::tabs::show_notification;
use crate::sync::use_sync;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    Unsupported,
    Default,
    Granted,
    Denied,
}

fn supported() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::has(&w, &"Notification".into()).ok())
        .unwrap_or(false)
}

pub fn permission() -> Permission {
    if !supported() {
        return Permission::Unsupported;
    }
    match web_sys::Notification::permission() {
        web_sys::NotificationPermission::Granted => Permission::Granted,
        web_sys::NotificationPermission::Denied => Permission::Denied,
        _ => Permission::Default,
    }
}

/// Asks the browser; the answer comes back through `done`.
pub fn request(done: impl FnOnce(Permission) + 'static) {
    if !supported() {
        done(Permission::Unsupported);
        return;
    }
    let Ok(promise) = web_sys::Notification::request_permission() else {
        done(permission());
        return;
    };
    leptos::task::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        done(permission());
    });
}

/// Shows the office's changes pulled by the sync engine, one notification
/// per case (a newer one replaces an older one with the same tag).
#[component]
pub fn Notifier() -> impl IntoView {
    let sync = use_sync();
    let i18n = use_i18n();
    Effect::new(move |_| {
        let news = sync.news.get();
        if news.is_empty() {
            return;
        }
        sync.news.set(Vec::new());
        if permission() != Permission::Granted {
            return;
        }
        let lang = i18n.lang.get_untracked();
        for (number, status) in news {
            let title = crate::i18n::fill(
                Msg::NotifyTitle.text(lang),
                &[
                    ("number", &number),
                    ("status", status_text_in(lang, status)),
                ],
            );
            show_notification(&title, &number);
        }
    });
}
