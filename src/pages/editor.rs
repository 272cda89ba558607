use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use letterbox_core::draft::Draft;
use letterbox_core::limits::{BODY_MAX_CHARS, TITLE_MAX_CHARS};
use letterbox_core::outbox::OutboxRecord;
use letterbox_core::validation::{Field, FieldError};
use letterbox_core::PetitionKind;
use uuid::Uuid;

use super::field_error::describe;
use super::store_error_text;
use crate::app::Notice;
use crate::components::loaded::loaded;
use crate::i18n::{tr, use_i18n, Msg};
use crate::store::{Store, StoreError};
use crate::sync::{poke, use_sync};
use crate::time::now_ms;

/// Keystrokes are saved this long after the last one: often enough that a
/// closed tab loses nothing, seldom enough not to write on every key.
pub const AUTOSAVE_DEBOUNCE_MS: u32 = 300;

#[derive(Debug, Clone, PartialEq)]
enum SaveState {
    Idle,
    Saving,
    Saved,
    Failed(StoreError),
}

#[component]
pub fn EditorPage() -> impl IntoView {
    let params = use_params_map();
    let draft = loaded(move || {
        let id = params
            .read()
            .get("id")
            .and_then(|s| Uuid::parse_str(&s).ok());
        Box::pin(async move {
            let Some(id) = id else { return Ok(None) };
            let stored = Store::app().await?.draft(id).await?;
            Ok::<_, StoreError>(Some(match stored {
                Some(draft) => (draft, true),
                None => (Draft::new(id, now_ms()), false),
            }))
        })
    });
    view! {
        <h1>{tr(Msg::EditorTitle)}</h1>
        {move || draft.get().map(|result| match result {
                Ok(Some((draft, stored))) => view! { <DraftForm draft stored/> }.into_any(),
                Ok(None) => view! { <p>{tr(Msg::NotFoundTitle)}</p> }.into_any(),
                Err(e) => view! { <super::StoreProblem error=e/> }.into_any(),
            })}
    }
}

/// Writes the draft now. A blank draft that was never stored is not worth
/// keeping; one that was stored is kept even when emptied.
fn save(draft: RwSignal<Draft>, stored: RwSignal<bool>, state: RwSignal<SaveState>) {
    let snapshot = draft.get_untracked();
    if snapshot.is_blank() && !stored.get_untracked() {
        state.set(SaveState::Idle);
        return;
    }
    state.set(SaveState::Saving);
    spawn_local(async move {
        let result = match Store::app().await {
            Ok(store) => store.put_draft(&snapshot).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => {
                stored.set(true);
                state.set(SaveState::Saved);
            }
            Err(e) => state.set(SaveState::Failed(e)),
        }
    });
}

#[component]
fn DraftForm(draft: Draft, stored: bool) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let notice = expect_context::<Notice>();
    let navigate = use_navigate();
    let initial = draft.clone();
    let draft = RwSignal::new(draft);
    let stored = RwSignal::new(stored);
    let state = RwSignal::new(SaveState::Idle);
    let show_all_errors = RwSignal::new(false);
    let touched_title = RwSignal::new(false);
    let touched_body = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let pending = StoredValue::new_local(None::<Timeout>);

    let flush = move || {
        if pending.try_update_value(|p| p.take()).flatten().is_some() {
            save(draft, stored, state);
        }
    };
    let edit = move |change: Box<dyn FnOnce(&mut Draft)>| {
        draft.update(|d| {
            change(d);
            d.updated_at_ms = now_ms();
        });
        state.set(SaveState::Saving);
        let timer = Timeout::new(AUTOSAVE_DEBOUNCE_MS, move || {
            pending.set_value(None);
            save(draft, stored, state);
        });
        // Replacing the old timer cancels it: one save per pause in typing.
        pending.set_value(Some(timer));
    };
    // Leaving the page, hiding the tab or closing it writes at once.
    let hide = web_sys::window()
        .map(|w| StoredValue::new_local(EventListener::new(&w, "pagehide", move |_| flush())));
    let hidden = web_sys::window().and_then(|w| w.document()).map(|d| {
        let doc = d.clone();
        StoredValue::new_local(EventListener::new(&d, "visibilitychange", move |_| {
            if doc.visibility_state() == web_sys::VisibilityState::Hidden {
                flush();
            }
        }))
    });
    // The listeners live as long as this form: they are stored values of
    // its owner and are removed with it.
    let _ = (hide, hidden);
    on_cleanup(flush);

    let errors = Memo::new(move |_| draft.with(|d| d.field_errors()));
    let error_for = move |field: Field, touched: RwSignal<bool>| {
        move || {
            if !(show_all_errors.get() || touched.get()) {
                return None;
            }
            errors.with(|list| {
                list.iter()
                    .find(|e: &&FieldError| e.field == field)
                    .map(|e| describe(i18n, e))
            })
        }
    };
    let title_error = error_for(Field::Title, touched_title);
    let body_error = error_for(Field::Body, touched_body);
    let kind_error = move || {
        (show_all_errors.get() && draft.with(|d| d.kind.is_none()))
            .then(|| i18n.t(Msg::KindRequired))
    };

    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let petition = match draft.get_untracked().to_petition() {
            Ok(p) => p,
            Err(_) => {
                show_all_errors.set(true);
                focus_first_invalid(draft.with_untracked(|d| d.kind.is_none()));
                return;
            }
        };
        sending.set(true);
        pending.set_value(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            let record = OutboxRecord::new(petition, now_ms());
            let result = match Store::app().await {
                Ok(store) => store.queue_petition(&record).await,
                Err(e) => Err(e),
            };
            match result {
                Ok(()) => {
                    notice.0.set(Some(Msg::QueuedNotice));
                    sync.changed();
                    poke();
                    navigate("/cases", Default::default());
                }
                Err(e) => {
                    sending.set(false);
                    state.set(SaveState::Failed(e));
                }
            }
        });
    };

    let kind_choice = move |kind: PetitionKind, label: Msg, hint: Msg| {
        let id = format!("kind-{}", kind.as_str());
        let hint_id = format!("{id}-hint");
        view! {
            <div class="choice">
                <input
                    type="radio"
                    name="kind"
                    id=id.clone()
                    value=kind.as_str()
                    aria-describedby=hint_id.clone()
                    checked=initial.kind == Some(kind)
                    on:change=move |_| edit(Box::new(move |d| d.kind = Some(kind)))
                />
                <label for=id>{move || i18n.t(label)}</label>
                <p class="hint" id=hint_id>{move || i18n.t(hint)}</p>
            </div>
        }
    };

    let save_text = move || match state.get() {
        SaveState::Idle => String::new(),
        SaveState::Saving => i18n.t(Msg::AutosaveSaving).to_owned(),
        SaveState::Saved => i18n.t(Msg::AutosaveSaved).to_owned(),
        SaveState::Failed(e) => i18n.tf(
            Msg::AutosaveFailed,
            &[("reason", &store_error_text(i18n, &e))],
        ),
    };
    let count = move |text: String, max: usize| {
        i18n.tf(
            Msg::CharCount,
            &[
                ("n", &text.trim().chars().count().to_string()),
                ("max", &max.to_string()),
            ],
        )
    };

    view! {
        <form class="editor" novalidate on:submit=send>
            <fieldset aria-describedby="kind-error">
                <legend>{tr(Msg::KindLegend)}</legend>
                {kind_choice(PetitionKind::Suggestion, Msg::KindSuggestion, Msg::KindSuggestionHint)}
                {kind_choice(PetitionKind::Report, Msg::KindReport, Msg::KindReportHint)}
                {kind_choice(PetitionKind::Complaint, Msg::KindComplaint, Msg::KindComplaintHint)}
                <p class="field-error" id="kind-error">{kind_error}</p>
            </fieldset>

            <label for="title">{tr(Msg::TitleLabel)}</label>
            <p class="hint" id="title-hint">{tr(Msg::TitleHint)}</p>
            <input
                id="title"
                type="text"
                autocomplete="off"
                value=initial.title.clone()
                aria-invalid=move || if title_error().is_some() { "true" } else { "false" }
                aria-describedby="title-hint title-error title-count"
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    edit(Box::new(move |d| d.title = value));
                }
                on:blur=move |_| touched_title.set(true)
            />
            <p class="count" id="title-count">
                {move || count(draft.with(|d| d.title.clone()), TITLE_MAX_CHARS)}
            </p>
            <p class="field-error" id="title-error">{title_error}</p>

            <label for="body">{tr(Msg::BodyLabel)}</label>
            <p class="hint" id="body-hint">{tr(Msg::BodyHint)}</p>
            <textarea
                id="body"
                rows="8"
                aria-invalid=move || if body_error().is_some() { "true" } else { "false" }
                aria-describedby="body-hint body-error body-count"
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    edit(Box::new(move |d| d.body = value));
                }
                on:blur=move |_| touched_body.set(true)
            >
                {initial.body.clone()}
            </textarea>
            <p class="count" id="body-count">
                {move || count(draft.with(|d| d.body.clone()), BODY_MAX_CHARS)}
            </p>
            <p class="field-error" id="body-error">{body_error}</p>

            <p class="save-state" role="status" aria-live="polite">{save_text}</p>
            <p class="field-error" role="alert">
                {move || (show_all_errors.get() && !errors.with(|e| e.is_empty()))
                    .then(|| i18n.t(Msg::SendBlocked))}
            </p>
            <button type="submit" class="primary" disabled=move || sending.get()>
                {tr(Msg::Send)}
            </button>
        </form>
    }
}

fn focus_first_invalid(kind_missing: bool) {
    let selector = if kind_missing {
        "input[name=kind]"
    } else {
        "[aria-invalid=\"true\"]"
    };
    // Runs after the error attributes were rendered.
    Timeout::new(0, move || {
        let target = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(selector).ok().flatten());
        if let Some(el) =
            target.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = el.focus();
        }
    })
    .forget();
}
