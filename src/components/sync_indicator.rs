//! The sync indicator: online or not, and how many records wait or need
//! the resident, from the sync engine's status.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Msg};
use crate::sync::{use_sync, Connection};

/// One line on every page saying where the resident's work is.
#[component]
pub fn SyncIndicator() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let text = move || {
        let s = sync.status.get();
        let n = |n: usize| n.to_string();
        if s.attention > 0 {
            i18n.tf(Msg::SyncAttention, &[("n", &n(s.attention))])
        } else if s.connection == Connection::Offline {
            i18n.t(Msg::SyncOffline).to_owned()
        } else if s.waiting > 0 {
            i18n.tf(Msg::SyncWaiting, &[("n", &n(s.waiting))])
        } else if s.connection == Connection::Unknown {
            i18n.t(Msg::SyncChecking).to_owned()
        } else {
            i18n.t(Msg::SyncAllSent).to_owned()
        }
    };
    let tone = move || {
        let s = sync.status.get();
        if s.attention > 0 {
            "sync attention"
        } else if s.connection == Connection::Offline || s.waiting > 0 {
            "sync waiting"
        } else {
            "sync ok"
        }
    };
    view! { <p class=tone role="status" aria-live="polite">{text}</p> }
}
