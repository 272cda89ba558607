//! The header on every page: the app's name, the language switch, the
//! navigation (with how many cases the office updated) and the sync
//! indicator.

use leptos::prelude::*;
use leptos_router::components::A;

use super::sync_indicator::SyncIndicator;
use crate::i18n::{tr, use_i18n, Msg};
use crate::sync::use_sync;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    // Cases the office changed since the resident last opened them,
    // counted by the sync engine (its code is not in the first download)
    // whenever the phone's copy changes.
    Effect::new(move |_| {
        sync.revision.track();
        crate::sync::recount();
    });
    let badge = move || Some(sync.status.with(|s| s.updated)).filter(|n| *n > 0);
    view! {
        <a class="skip" href="#main">{tr(Msg::SkipToContent)}</a>
        <header class="top">
            <div class="brand">
                <span class="name">{tr(Msg::AppName)}</span>
                <button
                    type="button"
                    class="lang"
                    lang=move || i18n.lang.get().other().tag()
                    aria-label=tr(Msg::SwitchLanguageLabel)
                    on:click=move |_| i18n.set(i18n.lang.get_untracked().other())
                >
                    {tr(Msg::SwitchLanguage)}
                </button>
            </div>
            <nav aria-label=tr(Msg::NavMain)>
                <A href="/" exact=true>{tr(Msg::NavDrafts)}</A>
                <A href="/cases">
                    {tr(Msg::NavCases)}
                    {move || badge().map(|n| view! {
                        " "<span class="badge">{move || i18n.tf(Msg::NavCasesUpdated, &[("n", &n.to_string())])}</span>
                    })}
                </A>
                <A href="/settings">{tr(Msg::NavSettings)}</A>
            </nav>
            <SyncIndicator/>
        </header>
    }
}
