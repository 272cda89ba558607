//! Photos on a long-text answer, where the office allows them: picked or
//! taken, processed on the phone exactly as a petition's (made smaller,
//! metadata dropped), kept in the phone's photo store and listed by the
//! answer, which is saved as usual. Where the store cannot keep them (a
//! chat app's browser), they are held in memory and go with a direct send.
//!
//! A split module of its own (`load_answer_photos`, issue 12): photo
//! processing is needed only where the office allows photos, and the
//! questions can be answered before it is in. `CampaignPage` starts
//! fetching it at once.

use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use super::form::{AnswerForm, SaveState};
use crate::components::lazy::nested_split_point;
use crate::components::loaded::loaded;
use crate::i18n::words::photo_refusal;
use crate::i18n::{tr, use_i18n, Msg};
use crate::photos::{object_url, picked_files, process, ProcessedPhoto};
use crate::store::Store;

/// Keeps one processed photo and adds it to the answer.
async fn keep(form: AnswerForm, question: &str, photo: ProcessedPhoto) {
    let entry = if form.kept {
        let kept = match Store::app().await {
            Ok(store) => store.add_answer_photo(form.response_id, &photo).await,
            Err(e) => Err(e),
        };
        match kept {
            Ok(entry) => entry,
            Err(e) => {
                form.save.set(SaveState::Failed(e));
                return;
            }
        }
    } else {
        let entry = letterbox_core::api::PhotoManifestEntry {
            id: Uuid::now_v7(),
            sha256: photo.sha256.clone(),
            bytes: u64::from(photo.bytes.byte_length()),
            mime: photo.mime.clone(),
        };
        form.held.update_value(|h| h.push((entry.id, photo)));
        entry
    };
    form.edit_text(question, |_, photos| photos.push(entry));
}

/// What the photo list of one long-text question is drawn from: the form,
/// the question's id and how many photos the office allows.
pub(super) type PhotoArgs = (AnswerForm, String, u8);

nested_split_point! {
    pub(super) fn load_answer_photos() -> fn(PhotoArgs) -> AnyView {
        |(form, question, max)| view! { <AnswerPhotos form question max/> }.into_any()
    }
}

#[component]
fn AnswerPhotos(form: AnswerForm, question: String, max: u8) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let refused = RwSignal::new(Vec::<String>::new());
    let max = usize::from(max);
    let on_pick = {
        let question = question.clone();
        move |ev: leptos::ev::Event| {
            let files = picked_files(&ev);
            let question = question.clone();
            refused.set(Vec::new());
            busy.set(true);
            spawn_local(async move {
                for file in files {
                    let name = file.name();
                    if form.photos(&question).len() >= max {
                        let text = i18n.tf(
                            Msg::CampaignPhotoFull,
                            &[("name", &name), ("limit", &max.to_string())],
                        );
                        refused.update(|r| r.push(text));
                        continue;
                    }
                    match process(&file).await {
                        Ok(photo) => keep(form, &question, photo).await,
                        Err(refusal) => {
                            let (msg, limit) = photo_refusal(refusal);
                            let text =
                                i18n.tf(msg, &[("name", &name), ("limit", &limit.to_string())]);
                            refused.update(|r| r.push(text));
                        }
                    }
                }
                busy.set(false);
            });
        }
    };
    let pick_id = format!("q-{question}-photo-pick");
    let take_id = format!("q-{question}-photo-take");
    let hint_id = format!("q-{question}-photo-hint");
    let ids = {
        let question = question.clone();
        move || {
            form.photos(&question)
                .iter()
                .map(|p| p.id)
                .collect::<Vec<_>>()
        }
    };
    let full = {
        let question = question.clone();
        move || form.photos(&question).len() >= max
    };
    view! {
        <div class="answer-photos" role="group" aria-labelledby=hint_id.clone()>
            <p class="hint" id=hint_id.clone()>
                {move || i18n.tf(Msg::CampaignPhotosHint, &[("max", &max.to_string())])}
            </p>
            <div class="photo-inputs" hidden=full>
                <input id=pick_id.clone() class="visually-hidden" type="file" accept="image/*" multiple on:change=on_pick.clone()/>
                <label class="file-button" for=pick_id>{tr(Msg::AddPhotos)}</label>
                <input id=take_id.clone() class="visually-hidden" type="file" accept="image/*" capture="environment" on:change=on_pick/>
                <label class="file-button" for=take_id>{tr(Msg::TakePhoto)}</label>
            </div>
            <p role="status" aria-live="polite">
                {move || busy.get().then(|| i18n.t(Msg::PhotoProcessing))}
            </p>
            <div role="alert">
                {move || refused.get().into_iter().map(|text| view! { <p class="field-error">{text}</p> }).collect_view()}
            </div>
            <ol class="photos" aria-label=tr(Msg::PhotosLegend)>
                <For each=ids key=|id| *id let:id>
                    <AnswerPhoto form question=question.clone() id/>
                </For>
            </ol>
        </div>
    }
}

#[component]
fn AnswerPhoto(form: AnswerForm, question: String, id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let position = {
        let question = question.clone();
        Memo::new(move |_| {
            form.photos(&question)
                .iter()
                .position(|p| p.id == id)
                .map_or(0, |i| i + 1)
                .to_string()
        })
    };
    let thumb = loaded(move || {
        Box::pin(async move {
            let held = form.held.with_value(|h| {
                h.iter()
                    .find(|(held, _)| *held == id)
                    .map(|(_, p)| object_url(&p.thumb, &p.thumb_mime))
            });
            if held.is_some() {
                return held;
            }
            let photo = Store::app().await.ok()?.photo(id).await.ok()??;
            Some(object_url(&photo.thumb, &photo.thumb_mime))
        })
    });
    on_cleanup(move || {
        if let Some(Some(url)) = thumb.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    let label = move |msg: Msg| i18n.tf(msg, &[("n", &position.get())]);
    let remove = move |_| {
        form.edit_text(&question, |_, photos| photos.retain(|p| p.id != id));
        form.held
            .update_value(|h| h.retain(|(held, _)| *held != id));
        // The bytes go too; an answer already sent that listed the photo
        // is replaced by the next Send.
        if form.kept {
            spawn_local(async move {
                if let Ok(store) = Store::app().await {
                    let _ = store.delete_photos(&[id]).await;
                }
            });
        }
    };
    view! {
        <li class="photo">
            {move || thumb.get().flatten().map(|src| view! {
                <img src=src alt=move || label(Msg::PhotoAlt) width="96" height="96"/>
            })}
            <button type="button" aria-label=move || label(Msg::PhotoRemove) on:click=remove>
                {tr(Msg::Remove)}
            </button>
        </li>
    }
}
