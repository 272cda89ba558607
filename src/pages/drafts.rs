use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use letterbox_core::draft::Draft;
use uuid::Uuid;

use super::kind_name;
use crate::components::loaded::loaded;
use crate::i18n::{tr, trf, use_i18n, Arg, Msg};
use crate::store::Store;
use crate::sync::use_sync;

/// The home page: every draft kept on this phone, and a way to start one.
#[component]
pub fn DraftsPage() -> impl IntoView {
    let sync = use_sync();
    let drafts = loaded(move || {
        sync.revision.track();
        Box::pin(async { Store::app().await?.drafts().await })
    });
    let navigate = use_navigate();
    let start = move |_| {
        // The id is made now and kept: it becomes the petition's id.
        navigate(&format!("/drafts/{}", Uuid::now_v7()), Default::default());
    };
    view! {
        <h1>{tr(Msg::DraftsTitle)}</h1>
        <button type="button" class="primary" on:click=start>
            {tr(Msg::NewPetition)}
        </button>
        {move || drafts.get().map(|result| match result {
                Ok(list) if list.is_empty() => {
                    view! { <p class="empty">{tr(Msg::DraftsEmpty)}</p> }.into_any()
                }
                Ok(list) => view! {
                    <ul class="cards" aria-label=tr(Msg::DraftsTitle)>
                        {list.into_iter().map(|d| view! { <DraftItem draft=d/> }).collect_view()}
                    </ul>
                }.into_any(),
                Err(e) => view! { <super::StoreProblem error=e/> }.into_any(),
            })}
    }
}

#[component]
fn DraftItem(draft: Draft) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/drafts/{}", draft.id);
    let title = draft.title.trim().to_owned();
    let shown_title = title.clone();
    let kind = draft.kind;
    let edited = draft.updated_at_ms;
    view! {
        <li class="card">
            <a href=href>
                <strong>
                    {move || if shown_title.is_empty() {
                        i18n.t(Msg::DraftUntitled).to_owned()
                    } else {
                        shown_title.clone()
                    }}
                </strong>
            </a>
            <span class="meta">{move || kind_name(i18n, kind)}</span>
            <span class="meta">
                {trf(Msg::DraftEdited, vec![("time", Arg::TimeMs(edited))])}
            </span>
        </li>
    }
}
