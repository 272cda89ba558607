//! The editor: the form follows the kind of petition (Regulations Art. 19,
//! 29–31), and every change is saved on the phone as it is made.

mod form;
mod identity;
mod photos;
mod place;
mod text_input;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use letterbox_core::catalogue::Category;
use letterbox_core::draft::Draft;
use letterbox_core::limits::{BODY_MAX_CHARS, PEOPLE_AFFECTED_MIN, TITLE_MAX_CHARS};
use letterbox_core::outbox::OutboxRecord;
use letterbox_core::similar::{similar_cases, Probe};
use letterbox_core::validation::Field;
use letterbox_core::PetitionKind;
use uuid::Uuid;

use form::{Form, SaveState};
use text_input::{check_box, text_input, TextInput};

use crate::components::lazy::{lazy_view, nested_split_point, prefetch};
use crate::components::loaded::loaded;
use crate::components::notice::Notice;
use crate::i18n::words::{local_name, store_error_text};
use crate::i18n::{tr, use_i18n, Msg};
use crate::store::{Store, StoreError};
use crate::sync::{announce, poke, use_sync};
use crate::time::now_ms;

/// What the editor's address names.
#[derive(Clone)]
enum Opened {
    /// A draft, and whether the store holds it yet.
    Draft(Box<Draft>, bool),
    /// A petition already sent from this draft.
    AlreadySent(Uuid),
}

#[component]
pub fn EditorPage() -> impl IntoView {
    // The form's split parts are fetched while the draft is read.
    prefetch(load_photo_picker());
    prefetch(load_place_picker());
    prefetch(load_similar_cases());
    let params = use_params_map();
    let draft = loaded(move || {
        let id = params
            .read()
            .get("id")
            .and_then(|s| Uuid::parse_str(&s).ok());
        Box::pin(async move {
            let Some(id) = id else { return Ok(None) };
            let store = Store::app().await?;
            if let Some(draft) = store.draft(id).await? {
                return Ok(Some(Opened::Draft(Box::new(draft), true)));
            }
            // Back from "My cases" after Send: this id is a petition now.
            if store.is_sent(id).await? {
                return Ok(Some(Opened::AlreadySent(id)));
            }
            // A new draft starts with the details kept on this phone.
            let mut draft = Draft::new(id, now_ms());
            draft.identity = store.profile().await?;
            Ok::<_, StoreError>(Some(Opened::Draft(Box::new(draft), false)))
        })
    });
    view! {
        <h1>{tr(Msg::EditorTitle)}</h1>
        {move || draft.get().map(|result| match result {
            Ok(Some(Opened::Draft(draft, stored))) => view! { <DraftForm draft=*draft stored/> }.into_any(),
            Ok(Some(Opened::AlreadySent(id))) => view! {
                <p>{tr(Msg::AlreadySent)}</p>
                <p><a href=format!("/cases/{id}")>{tr(Msg::SeeWhatWasSent)}</a></p>
            }.into_any(),
            Ok(None) => view! { <p>{tr(Msg::NotFoundTitle)}</p> }.into_any(),
            Err(e) => view! { <super::StoreProblem error=e/> }.into_any(),
        })}
    }
}

// The parts of the form with heavy code of their own are split modules of
// their own (issue 12): the photos (decoding, resizing, the photo store),
// the place (the area lists, the position) and the similar cases (every
// case record's decoder). The form can be typed in before they are in;
// `EditorPage` starts fetching them at once, and `warm()` in the page's
// loader has usually fetched them already.

nested_split_point! {
    fn load_photo_picker() -> fn(Form) -> AnyView {
        |form| view! { <photos::PhotoPicker form/> }.into_any()
    }
}

nested_split_point! {
    fn load_place_picker() -> fn(Form) -> AnyView {
        |form| view! { <place::PlacePicker form/> }.into_any()
    }
}

nested_split_point! {
    fn load_similar_cases() -> fn(Form) -> AnyView {
        |form| view! { <SimilarCases form/> }.into_any()
    }
}

/// The error paragraph under a field; its id is what the field's
/// `aria-describedby` names.
fn field_error(form: Form, field: Field, id: &str) -> impl IntoView {
    let id = id.to_owned();
    view! { <p class="field-error" id=id>{move || form.error(field)}</p> }
}

#[component]
fn DraftForm(draft: Draft, stored: bool) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let notice = expect_context::<Notice>();
    let navigate = use_navigate();
    let initial = draft.clone();
    let form = Form::new(draft, stored);
    let sending = RwSignal::new(false);
    let categories = loaded(move || {
        sync.revision.track();
        Box::pin(async { Store::app().await?.categories().await })
    });
    let categories = Signal::derive(move || categories.get().and_then(Result::ok).flatten());

    // Leaving the page, hiding the tab or closing it writes at once. The
    // listeners are stored values of this form's owner: removed with it.
    let hide = web_sys::window()
        .map(|w| StoredValue::new_local(EventListener::new(&w, "pagehide", move |_| form.flush())));
    let hidden = web_sys::window().and_then(|w| w.document()).map(|d| {
        let doc = d.clone();
        StoredValue::new_local(EventListener::new(&d, "visibilitychange", move |_| {
            if doc.visibility_state() == web_sys::VisibilityState::Hidden {
                form.flush();
            }
        }))
    });
    let _ = (hide, hidden);
    on_cleanup(move || form.flush());

    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let draft = form.draft.get_untracked();
        let petition = match draft.to_petition() {
            Ok(p) => p,
            Err(_) => {
                form.show_all.set(true);
                focus_first_invalid(draft.kind.is_none());
                return;
            }
        };
        sending.set(true);
        form.cancel_pending();
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
                    announce();
                    poke();
                    navigate("/cases", Default::default());
                }
                Err(e) => {
                    sending.set(false);
                    form.state.set(SaveState::Failed(e));
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
                    on:change=move |_| form.edit(|d| d.kind = Some(kind))
                />
                <label for=id>{tr(label)}</label>
                <p class="hint" id=hint_id>{tr(hint)}</p>
            </div>
        }
    };

    let save_text = move || match form.state.get() {
        SaveState::Idle => String::new(),
        SaveState::Saving => i18n.t(Msg::AutosaveSaving).to_owned(),
        SaveState::Saved => i18n.t(Msg::AutosaveSaved).to_owned(),
        SaveState::Failed(e) => {
            let mut text = i18n.tf(
                Msg::AutosaveFailed,
                &[("reason", &store_error_text(i18n, &e))],
            );
            if e == StoreError::QuotaExceeded {
                text.push(' ');
                text.push_str(i18n.t(Msg::StorageFullAdvice));
            }
            text
        }
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
    let kind_error = move || {
        (form.show_all.get() && form.draft.with(|d| d.kind.is_none()))
            .then(|| i18n.t(Msg::KindRequired))
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

            {text_input(form, TextInput {
                id: "title",
                label: Msg::TitleLabel,
                hint: Some(Msg::TitleHint),
                field: Field::Title,
                input_type: "text",
                autocomplete: "off",
                counted_max: Some(TITLE_MAX_CHARS),
                read: |d| &d.title,
                write: |d, v| d.title = v,
                required: |_| true,
            })}

            <label for="body">{tr(Msg::BodyLabel)}</label>
            <p class="hint" id="body-hint">{tr(Msg::BodyHint)}</p>
            <textarea
                id="body"
                rows="8"
                aria-invalid=move || form.invalid(Field::Body)
                aria-describedby="body-hint body-error body-count"
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    form.edit(|d| d.body = value);
                }
                on:blur=move |_| form.touch(Field::Body)
            >
                {initial.body.clone()}
            </textarea>
            <p class="count" id="body-count">
                {move || count(form.draft.with(|d| d.body.clone()), BODY_MAX_CHARS)}
            </p>
            {field_error(form, Field::Body, "body-error")}

            {lazy_view(load_photo_picker(), form)}
            <CategoryPicker form categories/>
            {lazy_view(load_place_picker(), form)}
            <GroupCount form/>
            <identity::IdentityFields form/>
            {lazy_view(load_similar_cases(), form)}

            <p class="save-state" role="status" aria-live="polite">{save_text}</p>
            <p class="field-error" role="alert">
                {move || (form.show_all.get() && form.has_errors()).then(|| i18n.t(Msg::SendBlocked))}
            </p>
            <button type="submit" class="primary" disabled=move || sending.get()>
                {tr(Msg::Send)}
            </button>
        </form>
    }
}

#[component]
fn CategoryPicker(form: Form, categories: Signal<Option<Vec<Category>>>) -> impl IntoView {
    let i18n = use_i18n();
    let description = move || {
        let code = form.draft.with(|d| d.category.clone())?;
        categories.with(|c| {
            let category = c.as_ref()?.iter().find(|x| x.code == code)?;
            Some(local_name(i18n.lang.get(), &category.description))
        })
    };
    view! {
        <label for="category">{tr(Msg::CategoryLabel)}</label>
        {move || categories.with(Option::is_none).then(|| view! {
            <p class="hint">{tr(Msg::CategoryNotLoaded)}</p>
        })}
        <select
            id="category"
            aria-invalid=move || form.invalid(Field::Category)
            aria-describedby="category-hint category-error"
            on:change=move |ev| {
                let value = event_target_value(&ev);
                form.edit(|d| d.category = (!value.is_empty()).then_some(value));
            }
            on:blur=move |_| form.touch(Field::Category)
        >
            <option value="">{tr(Msg::CategoryChoose)}</option>
            {move || {
                let lang = i18n.lang.get();
                let chosen = form.draft.with_untracked(|d| d.category.clone());
                categories.get().map(|c| {
                    c.into_iter().map(|category| {
                        let selected = chosen.as_deref() == Some(category.code.as_str());
                        view! {
                            <option value=category.code selected=selected>
                                {local_name(lang, &category.name)}
                            </option>
                        }
                    }).collect_view()
                })
            }}
        </select>
        <p class="hint" id="category-hint">{description}</p>
        {field_error(form, Field::Category, "category-error")}
    }
}

#[component]
fn GroupCount(form: Form) -> impl IntoView {
    let people = form
        .draft
        .with_untracked(|d| d.people_affected.map(|n| n.to_string()).unwrap_or_default());
    view! {
        {check_box(form, "group", Msg::GroupLabel, |d| d.group, |d, on| d.group = on)}
        <Show when=move || form.draft.with(|d| d.group)>
            <label for="people">{tr(Msg::PeopleLabel)}</label>
            <input
                id="people"
                type="number"
                inputmode="numeric"
                min=PEOPLE_AFFECTED_MIN
                value=people.clone()
                aria-invalid=move || form.invalid(Field::PeopleAffected)
                aria-describedby="people-error"
                on:input=move |ev| {
                    let value = event_target_value(&ev).trim().parse::<u32>().ok();
                    form.edit(|d| d.people_affected = value);
                }
                on:blur=move |_| form.touch(Field::PeopleAffected)
            />
            {field_error(form, Field::PeopleAffected, "people-error")}
        </Show>
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

/// The resident's own cases that look like this petition (Chinese titles
/// compared by character pairs), so the same matter is not sent twice.
#[component]
fn SimilarCases(form: Form) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let cases = loaded(move || {
        sync.revision.track();
        Box::pin(async { Store::app().await?.cases().await })
    });
    let similar = Memo::new(move |_| {
        let cases = cases.get().and_then(Result::ok).unwrap_or_default();
        form.draft.with(|d| {
            let probe = Probe {
                title: &d.title,
                category: d.category.as_deref(),
                district: d.location.district.as_deref(),
            };
            similar_cases(probe, &cases)
                .into_iter()
                .map(|c| {
                    (
                        c.id,
                        c.case_number.clone(),
                        c.title.clone(),
                        c.status.is_open(),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let draft_id = form.draft.with_untracked(|d| d.id);
    move || {
        let list = similar.get();
        (!list.is_empty()).then(|| {
            view! {
                <section class="similar" aria-labelledby="similar-heading">
                    <h2 id="similar-heading">{tr(Msg::SimilarHeading)}</h2>
                    <p class="hint">{tr(Msg::SimilarNote)}</p>
                    <ul>
                        {list.into_iter().map(|(id, number, title, open)| {
                            let label = move || i18n.tf(Msg::CaseNumber, &[("n", &number)]);
                            view! {
                                <li>
                                    <a href=format!("/cases/{id}")>{label}" · "{title}</a>
                                    // An open case can take this draft as a supplement.
                                    {open.then(|| view! {
                                        " · "<a href=format!("/cases/{id}?add_from={draft_id}#supplement")>
                                            {tr(Msg::SimilarAddToCase)}
                                        </a>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
    }
}
