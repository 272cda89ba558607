//! Photos in the editor: pick or take, see thumbnails, reorder, remove.
//! Each picked file is processed on the phone (see `crate::photos`); a file
//! that cannot be used is refused at once with the reason, and nothing else
//! in the draft changes.

use leptos::prelude::*;
use leptos::task::spawn_local;
use letterbox_core::limits::PHOTOS_MAX;
use uuid::Uuid;

use super::form::{Form, SaveState};
use crate::components::loaded::loaded;
use crate::components::storage::human_bytes;
use crate::i18n::words::photo_refusal;
use crate::i18n::{tr, use_i18n, Msg};
use crate::photos::{object_url, picked_files, process, PhotoRefusal};
use crate::store::Store;

/// Adds the picked files one after another, in the order picked.
fn add_files(
    form: Form,
    files: Vec<web_sys::File>,
    busy: RwSignal<bool>,
    refused: RwSignal<Vec<String>>,
) {
    let i18n = use_i18n();
    refused.set(Vec::new());
    busy.set(true);
    spawn_local(async move {
        for file in files {
            let name = file.name();
            let result = if form.draft.with_untracked(|d| d.can_add_photo()) {
                process(&file).await
            } else {
                Err(PhotoRefusal::Full)
            };
            match result {
                Ok(photo) => {
                    let draft = form.draft.get_untracked();
                    let saved = match Store::app().await {
                        Ok(store) => store.add_photo(&draft, &photo).await,
                        Err(e) => Err(e),
                    };
                    match saved {
                        Ok(updated) => form.photos_saved(updated.photos),
                        Err(e) => form.state.set(SaveState::Failed(e)),
                    }
                }
                Err(refusal) => {
                    let (msg, limit) = photo_refusal(refusal);
                    let text = i18n.tf(msg, &[("name", &name), ("limit", &limit.to_string())]);
                    refused.update(|r| r.push(text));
                }
            }
        }
        busy.set(false);
    });
}

#[component]
pub fn PhotoPicker(form: Form) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let refused = RwSignal::new(Vec::<String>::new());
    let on_pick = move |ev: leptos::ev::Event| add_files(form, picked_files(&ev), busy, refused);
    let total = move || {
        form.draft.with(|d| {
            i18n.tf(
                Msg::PhotosTotal,
                &[
                    ("n", &d.photos.len().to_string()),
                    ("max", &PHOTOS_MAX.to_string()),
                    ("size", &human_bytes(d.photo_bytes() as f64)),
                ],
            )
        })
    };
    let ids = move || {
        form.draft
            .with(|d| d.photos.iter().map(|p| p.id).collect::<Vec<_>>())
    };
    view! {
        <fieldset aria-describedby="photos-hint">
            <legend>{tr(Msg::PhotosLegend)}</legend>
            <p class="hint" id="photos-hint">
                {move || i18n.tf(Msg::PhotosHint, &[("max", &PHOTOS_MAX.to_string())])}
            </p>
            <div class="photo-inputs">
                <input id="photo-pick" class="visually-hidden" type="file" accept="image/*" multiple on:change=on_pick/>
                <label class="file-button" for="photo-pick">{tr(Msg::AddPhotos)}</label>
                <input id="photo-take" class="visually-hidden" type="file" accept="image/*" capture="environment" on:change=on_pick/>
                <label class="file-button" for="photo-take">{tr(Msg::TakePhoto)}</label>
            </div>
            <p role="status" aria-live="polite">
                {move || busy.get().then(|| i18n.t(Msg::PhotoProcessing))}
            </p>
            <div role="alert">
                {move || refused.get().into_iter().map(|text| view! { <p class="field-error">{text}</p> }).collect_view()}
            </div>
            <p class="meta">{total}</p>
            <ol class="photos" aria-label=tr(Msg::PhotosLegend)>
                <For each=ids key=|id| *id let:id>
                    <PhotoItem form id/>
                </For>
            </ol>
        </fieldset>
    }
}

#[component]
fn PhotoItem(form: Form, id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let position = move || {
        form.draft
            .with(|d| d.photos.iter().position(|p| p.id == id))
            .map_or(0, |i| i + 1)
            .to_string()
    };
    let thumb = loaded(move || {
        Box::pin(async move {
            let photo = Store::app().await.ok()?.photo(id).await.ok()??;
            Some(object_url(&photo.thumb, &photo.thumb_mime))
        })
    });
    on_cleanup(move || {
        if let Some(Some(url)) = thumb.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    let label = move |msg: Msg| i18n.tf(msg, &[("n", &position())]);
    let reorder = move |up: bool| {
        let mut draft = form.draft.get_untracked();
        if draft.move_photo(id, up) {
            let photos = draft.photos;
            form.edit(move |d| d.photos = photos);
        }
    };
    let remove = move |_| {
        let draft = form.draft.get_untracked();
        spawn_local(async move {
            let removed = match Store::app().await {
                Ok(store) => store.remove_photo(&draft, id).await,
                Err(e) => Err(e),
            };
            match removed {
                Ok(updated) => form.photos_saved(updated.photos),
                Err(e) => form.state.set(SaveState::Failed(e)),
            }
        });
    };
    view! {
        <li class="photo">
            {move || thumb.get().flatten().map(|src| view! {
                <img src=src alt=move || label(Msg::PhotoAlt) width="96" height="96"/>
            })}
            <button type="button" aria-label=move || label(Msg::PhotoMoveUp) on:click=move |_| reorder(true)>
                {tr(Msg::MoveUp)}
            </button>
            <button type="button" aria-label=move || label(Msg::PhotoMoveDown) on:click=move |_| reorder(false)>
                {tr(Msg::MoveDown)}
            </button>
            <button type="button" aria-label=move || label(Msg::PhotoRemove) on:click=remove>
                {tr(Msg::Remove)}
            </button>
        </li>
    }
}
