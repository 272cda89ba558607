//! The home page: the drafts kept on this phone, newest first, with undo
//! after a delete, a button that starts a new petition, and the
//! campaigns asking for the resident's views (`home_campaigns`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;

use crate::components::loaded::loaded;
use crate::i18n::words::kind_text_in;
use crate::i18n::{fill, tr, use_i18n, Lang, Msg};
use crate::store::{DraftSummary, Store};
use crate::sync::use_sync;
use crate::time::format_ms;

/// The last deleted draft, until the resident undoes or leaves the page.
#[derive(Clone, Copy)]
struct Deleted(RwSignal<Option<DraftSummary>>);

/// The home page: every draft kept on this phone, and a way to start one.
#[component]
pub fn DraftsPage() -> impl IntoView {
    let sync = use_sync();
    let deleted = Deleted(RwSignal::new(None));
    let drafts = loaded(move || {
        sync.revision.track();
        Box::pin(async {
            let timing = crate::timing::Timing::start("drafts-load");
            let drafts = Store::app().await?.draft_summaries().await;
            timing.end();
            drafts
        })
    });
    // Leaving the page makes a deletion final: the photos' bytes go too.
    on_cleanup(move || {
        if let Some(draft) = deleted.0.try_get_untracked().flatten() {
            let ids = draft.photo_ids;
            if !ids.is_empty() {
                spawn_local(async move {
                    if let Ok(store) = Store::app().await {
                        let _ = store.delete_photos(&ids).await;
                    }
                });
            }
        }
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
                if store.restore_draft(&draft).await.is_ok() {
                    deleted.0.set(None);
                    sync.changed();
                }
            }
        });
    };
    view! {
        <h1>{tr(Msg::DraftsTitle)}</h1>
        // Also in the first paint, before any wasm (tools/postbuild.mjs):
        // the promise a resident most needs to hear, at once.
        <p class="lead">{tr(Msg::DraftsLead)}</p>
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
        // Items are rendered as plain text for the current language; a
        // language switch renders the list again (cheaper than a reactive
        // node per text in a list of a thousand drafts).
        {move || { let lang = use_i18n().lang.get(); drafts.get().map(|result| match result {
            Ok(list) if list.is_empty() => {
                view! { <p class="empty">{tr(Msg::DraftsEmpty)}</p> }.into_any()
            }
            Ok(list) => view! {
                <ul class="cards" aria-label=tr(Msg::DraftsTitle)>
                    {list.into_iter().map(|d| view! { <DraftItem draft=d deleted lang/> }).collect_view()}
                </ul>
            }.into_any(),
            Err(e) => view! { <super::StoreProblem error=e/> }.into_any(),
        })}}
        <super::home_campaigns::LazyCampaignsSection/>
    }
}

#[component]
fn DraftItem(draft: DraftSummary, deleted: Deleted, lang: Lang) -> impl IntoView {
    let sync = use_sync();
    let href = format!("/drafts/{}", draft.id);
    let title = match draft.title.trim() {
        "" => Msg::DraftUntitled.text(lang).to_owned(),
        t => t.to_owned(),
    };
    let kind = kind_text_in(lang, draft.kind);
    let edited = fill(
        Msg::DraftEdited.text(lang),
        &[("time", &format_ms(draft.updated_at_ms, lang.tag()))],
    );
    let photos = (!draft.photo_ids.is_empty()).then(|| {
        if draft.photo_ids.len() == 1 {
            Msg::PhotosCountOne.text(lang).to_owned()
        } else {
            fill(
                Msg::PhotosCount.text(lang),
                &[("n", &draft.photo_ids.len().to_string())],
            )
        }
    });
    let delete_label = fill(Msg::DeleteDraft.text(lang), &[("title", &title)]);
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
            <a href=href><strong>{title}</strong></a>
            <span class="meta">{kind}</span>
            <span class="meta">{edited}</span>
            {photos.map(|p| view! { <span class="meta">{p}</span> })}
            <button type="button" aria-label=delete_label on:click=delete>
                {Msg::DeleteDraftShort.text(lang)}
            </button>
        </li>
    }
}
