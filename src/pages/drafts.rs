use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use letterbox_core::draft::Draft;
use uuid::Uuid;

use super::kind_name;
use crate::components::loaded::loaded;
use crate::i18n::{tr, trf, use_i18n, Arg, Msg};
use crate::store::Store;
use crate::sync::use_sync;

/// The last deleted draft, until the resident undoes or leaves the page.
#[derive(Clone, Copy)]
struct Deleted(RwSignal<Option<Draft>>);

/// The home page: every draft kept on this phone, and a way to start one.
#[component]
pub fn DraftsPage() -> impl IntoView {
    let sync = use_sync();
    let deleted = Deleted(RwSignal::new(None));
    let drafts = loaded(move || {
        sync.revision.track();
        Box::pin(async { Store::app().await?.drafts().await })
    });
    let navigate = use_navigate();
    let start = move |_| {
        // The id is made now and kept: it becomes the petition's id.
        navigate(&format!("/drafts/{}", Uuid::now_v7()), Default::default());
    };
    let undo = move |_| {
        let Some(draft) = deleted.0.get_untracked() else {
            return;
        };
        spawn_local(async move {
            if let Ok(store) = Store::app().await {
                if store.put_draft(&draft).await.is_ok() {
                    deleted.0.set(None);
                    sync.changed();
                }
            }
        });
    };
    view! {
        <h1>{tr(Msg::DraftsTitle)}</h1>
        <button type="button" class="primary" on:click=start>
            {tr(Msg::NewPetition)}
        </button>
        <div role="status" aria-live="polite">
            {move || deleted.0.with(Option::is_some).then(|| view! {
                <p class="undo">
                    {tr(Msg::DraftDeleted)}
                    <button type="button" on:click=undo>{tr(Msg::Undo)}</button>
                </p>
            })}
        </div>
        {move || drafts.get().map(|result| match result {
            Ok(list) if list.is_empty() => {
                view! { <p class="empty">{tr(Msg::DraftsEmpty)}</p> }.into_any()
            }
            Ok(list) => view! {
                <ul class="cards" aria-label=tr(Msg::DraftsTitle)>
                    {list.into_iter().map(|d| view! { <DraftItem draft=d deleted/> }).collect_view()}
                </ul>
            }.into_any(),
            Err(e) => view! { <super::StoreProblem error=e/> }.into_any(),
        })}
    }
}

#[component]
fn DraftItem(draft: Draft, deleted: Deleted) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let href = format!("/drafts/{}", draft.id);
    let title = draft.title.trim().to_owned();
    let kind = draft.kind;
    let edited = draft.updated_at_ms;
    let photos = draft.photos.len();
    let shown_title = {
        let title = title.clone();
        move || {
            if title.is_empty() {
                i18n.t(Msg::DraftUntitled).to_owned()
            } else {
                title.clone()
            }
        }
    };
    let delete_label = {
        let shown_title = shown_title.clone();
        move || i18n.tf(Msg::DeleteDraft, &[("title", &shown_title())])
    };
    let delete = move |_| {
        let draft = draft.clone();
        spawn_local(async move {
            if let Ok(store) = Store::app().await {
                if store.delete_draft(draft.id).await.is_ok() {
                    deleted.0.set(Some(draft));
                    sync.changed();
                }
            }
        });
    };
    view! {
        <li class="card">
            <a href=href><strong>{shown_title}</strong></a>
            <span class="meta">{move || kind_name(i18n, kind)}</span>
            <span class="meta">{trf(Msg::DraftEdited, vec![("time", Arg::TimeMs(edited))])}</span>
            {(photos > 0).then(|| view! {
                <span class="meta">{trf(Msg::PhotosCount, vec![("n", Arg::Number(photos as u64))])}</span>
            })}
            <button type="button" aria-label=delete_label on:click=delete>
                {tr(Msg::DeleteDraftShort)}
            </button>
        </li>
    }
}
