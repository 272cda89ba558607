use leptos::prelude::*;
use leptos_router::components::A;

use super::sync_indicator::SyncIndicator;
use crate::i18n::{tr, use_i18n, Msg};

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
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
                <A href="/cases">{tr(Msg::NavCases)}</A>
                <A href="/settings">{tr(Msg::NavSettings)}</A>
            </nav>
            <SyncIndicator/>
        </header>
    }
}
