//! The shell: language, text size and the sync engine started once, the
//! header, and the routes to each page.
//!
//! Only the drafts page (`/`) is in the main module. Every other page is a
//! lazy route: its code is a separate wasm file (split out by
//! `tools/build-wasm.mjs`), fetched when the page is first opened and
//! precached by the service worker right after the first screen. The sync
//! engine is started the same way, once the first screen is up.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::header::Header;
use crate::components::lazy::lazy_page;
use crate::components::notice::Notice;
use crate::i18n::{provide_i18n, tr, Lang, Msg};
use crate::pages::drafts::DraftsPage;
use crate::pages::settings::apply_text_size;

#[component]
pub fn App(lang: Lang) -> impl IntoView {
    provide_i18n(lang);
    apply_text_size();
    crate::sync::start();
    Notice::provide();
    view! {
        <Router>
            <Header/>
            <crate::components::notify::Notifier/>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=DraftsPage/>
                    <Route path=path!("/drafts/:id") view=EditorRoute/>
                    <Route path=path!("/cases") view=CasesRoute/>
                    <Route path=path!("/cases/:id") view=CaseRoute/>
                    <Route path=path!("/follow") view=FollowRoute/>
                    <Route path=path!("/settings") view=SettingsRoute/>
                    <Route path=path!("/c/:slug") view=CampaignRoute/>
                </Routes>
            </main>
        </Router>
    }
}

/// One split point per page: `$load` fetches the page's wasm (the first
/// time; the service worker keeps it) and returns the page's view function.
/// A visit that lands on one of these pages has its code fetched beside the
/// main module: `tools/build-wasm.mjs` reads the routes to these pages from
/// the `<Route>` list above.
///
/// Not leptos_router's `Lazy` routes: with them, leaving a page whose code
/// was still on its way (a link tapped right after a reload) changed the
/// address but left the old page on screen for good. Here the router
/// switches at once, as for any page, and the page draws itself when its
/// code is in.
macro_rules! lazy_page {
    ($route:ident, $load:ident, $page:path) => {
        #[leptos::lazy]
        fn $load() -> fn(()) -> AnyView {
            |()| $page().into_any()
        }

        #[component]
        fn $route() -> impl IntoView {
            lazy_page($load())
        }
    };
}

lazy_page!(EditorRoute, load_editor, crate::pages::editor::EditorPage);
lazy_page!(CasesRoute, load_cases, crate::pages::cases::CasesPage);
lazy_page!(CaseRoute, load_case, crate::pages::case::CasePage);
lazy_page!(FollowRoute, load_follow, crate::pages::follow::FollowPage);
lazy_page!(
    SettingsRoute,
    load_settings,
    crate::pages::settings::SettingsPage
);
lazy_page!(
    CampaignRoute,
    load_campaign,
    crate::pages::campaign::CampaignPage
);

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <h1>{tr(Msg::NotFoundTitle)}</h1>
        <p><a href="/">{tr(Msg::GoHome)}</a></p>
    }
}
