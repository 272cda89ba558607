//! The shell: language, text size and the sync engine started once, the
//! header, and the routes to each page.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::header::Header;
use crate::components::notice::Notice;
use crate::i18n::{provide_i18n, tr, Msg};
use crate::pages::settings::{apply_text_size, SettingsPage};
use crate::pages::{case::CasePage, cases::CasesPage, drafts::DraftsPage, editor::EditorPage};

#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
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
                    <Route path=path!("/drafts/:id") view=EditorPage/>
                    <Route path=path!("/cases") view=CasesPage/>
                    <Route path=path!("/cases/:id") view=CasePage/>
                    <Route path=path!("/follow") view=crate::pages::follow::FollowPage/>
                    <Route path=path!("/settings") view=SettingsPage/>
                    <Route path=path!("/c/:slug") view=crate::pages::campaign::CampaignPage/>
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <h1>{tr(Msg::NotFoundTitle)}</h1>
        <p><a href="/">{tr(Msg::GoHome)}</a></p>
    }
}
