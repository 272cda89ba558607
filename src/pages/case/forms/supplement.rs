//! Adding words to an open case, or a draft (words and photos) that the
//! resident chose to add to it instead of sending it on its own.

use leptos::prelude::*;
use letterbox_core::api::FollowUp;
use letterbox_core::draft::Draft;
use letterbox_core::limits::SUPPLEMENT_MAX_CHARS;

use super::{CaseForms, SendProblem, Sending, Subject};
use crate::i18n::{tr, trf, Arg, Msg};

#[component]
pub fn SupplementForm(case: Subject, from_draft: Option<Draft>) -> impl IntoView {
    let draft_id = from_draft.as_ref().map(|d| d.id);
    let (from_text, photos) = match from_draft.as_ref().map(Draft::as_supplement) {
        Some(FollowUp::Supplement { text, photos }) => (text, photos),
        _ => (String::new(), Vec::new()),
    };
    let forms = CaseForms::get();
    let text = Signal::derive(move || forms.supplement.get().unwrap_or_else(|| from_text.clone()));
    let photo_count = photos.len();
    let empty = RwSignal::new(false);
    let sending = Sending::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let build = || {
            let words = text.get_untracked().trim().to_owned();
            if words.is_empty() {
                empty.set(true);
                return None;
            }
            Some(FollowUp::Supplement {
                text: words,
                photos: photos.clone(),
            })
        };
        sending.submit(&case, draft_id, build, move || {
            forms.supplement.set(Some(String::new()))
        });
    };
    view! {
        <section aria-labelledby="supplement-heading" id="supplement">
            <h2 id="supplement-heading">{tr(Msg::SupplementHeading)}</h2>
            <form class="editor" on:submit=submit>
                <label for="supplement-text">{tr(Msg::SupplementText)}</label>
                <textarea id="supplement-text" maxlength=SUPPLEMENT_MAX_CHARS.to_string()
                    prop:value=move || text.get()
                    on:input=move |ev| { forms.supplement.set(Some(event_target_value(&ev))); empty.set(false); }></textarea>
                {(photo_count > 0).then(|| view! {
                    <p class="hint">{if photo_count == 1 {
                        tr(Msg::PhotosCountOne).into_any()
                    } else {
                        trf(Msg::PhotosCount, vec![("n", Arg::Number(photo_count as u64))]).into_any()
                    }}</p>
                })}
                {move || empty.get().then(|| view! { <p class="error" role="alert">{tr(Msg::SupplementEmpty)}</p> })}
                <SendProblem sending/>
                <p><button type="submit" class="primary" disabled=move || sending.busy()>{tr(Msg::SupplementSend)}</button></p>
            </form>
        </section>
    }
}
