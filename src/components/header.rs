use leptos::prelude::*;
use leptos_router::components::A;

use super::sync_indicator::SyncIndicator;
use crate::i18n::{use_i18n, Msg};

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip" href="#main">{move || i18n.t(Msg::SkipToContent)}</a>
        <header class="top">
            <div class="brand">
                <span class="name">{move || i18n.t(Msg::AppName)}</span>
                <button
                    type="button"
                    class="lang"
                    lang=move || i18n.lang.get().other().tag()
                    aria-label=move || i18n.t(Msg::SwitchLanguageLabel)
                    on:click=move |_| i18n.set(i18n.lang.get_untracked().other())
                >
                    {move || i18n.t(Msg::SwitchLanguage)}
                </button>
            </div>
            <nav aria-label=move || i18n.t(Msg::NavMain)>
                <A href="/" exact=true>{move || i18n.t(Msg::NavDrafts)}</A>
                <A href="/cases">{move || i18n.t(Msg::NavCases)}</A>
            </nav>
            <SyncIndicator/>
        </header>
    }
}
