//! A campaign's questions as accessible controls: each a `fieldset`
//! whose `legend` is the prompt ("(required)" marked), radios and
//! checkboxes with labels, the scale as five labelled radios with the
//! words at its ends, text with a character counter, and core's problems
//! next to each. The office's words come in the resident's language
//! through core's `Words::get`.

use leptos::prelude::*;
use letterbox_core::campaign::{AnswerValue, Choice, Question, QuestionKind, Words};
use letterbox_core::limits::SCALE_MAX;

use super::form::AnswerForm;
use super::photos::load_answer_photos;
use crate::components::lazy::lazy_view;
use crate::i18n::words::answer_error_text;
use crate::i18n::{tr, trf, use_i18n, Arg, I18n, Lang, Msg};

/// The office's words in the current language; reactive inside a view.
pub fn words(i18n: I18n, w: &Words) -> impl Fn() -> String + Send + Sync + 'static {
    let w = w.clone();
    move || w.get(i18n.lang.get() == Lang::En).to_owned()
}

pub fn question_view(form: AnswerForm, q: Question, open: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let base = format!("q-{}", q.id);
    let legend_id = format!("{base}-legend");
    let error_id = format!("{base}-error");
    let qid = q.id.clone();
    let errors = move || {
        form.errors(&qid)
            .iter()
            .map(|e| answer_error_text(i18n.lang.get(), e))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let invalid = {
        let qid = q.id.clone();
        move || (!form.errors(&qid).is_empty()).to_string()
    };
    let hint = match &q.kind {
        QuestionKind::MultipleChoice { max_picks, .. } => Some(
            trf(
                Msg::CampaignChooseUpTo,
                vec![("n", Arg::Number(u64::from(*max_picks)))],
            )
            .into_any(),
        ),
        _ if q.contact => Some(tr(Msg::CampaignContactHint).into_any()),
        _ => None,
    };
    let hint_id = format!("{base}-hint");
    let described = if hint.is_some() {
        format!("{hint_id} {error_id}")
    } else {
        error_id.clone()
    };
    let controls = match q.kind.clone() {
        QuestionKind::SingleChoice { options } => {
            choices(form, &q.id, options, false, invalid, &described).into_any()
        }
        QuestionKind::MultipleChoice { options, .. } => {
            choices(form, &q.id, options, true, invalid, &described).into_any()
        }
        QuestionKind::Scale { low, high } => {
            scale(form, &q.id, &low, &high, invalid, &described).into_any()
        }
        QuestionKind::ShortText { max_chars } => {
            text(form, &q.id, max_chars, false, &legend_id, &described).into_any()
        }
        QuestionKind::LongText { max_chars, photos } => view! {
            {text(form, &q.id, max_chars, true, &legend_id, &described)}
            {(photos > 0).then(|| lazy_view(load_answer_photos(), (form, q.id.clone(), photos)))}
        }
        .into_any(),
    };
    view! {
        <fieldset class="question" disabled=move || !open.get()>
            <legend id=legend_id>
                {words(i18n, &q.prompt)}
                {q.required.then(|| view! { " "<span class="required">{tr(Msg::CampaignRequired)}</span> })}
            </legend>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            {controls}
            <p class="field-error" id=error_id>{errors}</p>
        </fieldset>
    }
}

fn choices(
    form: AnswerForm,
    question: &str,
    options: Vec<Choice>,
    several: bool,
    invalid: impl Fn() -> String + Clone + Send + Sync + 'static,
    described: &str,
) -> impl IntoView {
    let i18n = use_i18n();
    let picked: Vec<String> = match form.value(question) {
        Some(AnswerValue::Choice { option }) => vec![option],
        Some(AnswerValue::Choices { options }) => options,
        _ => Vec::new(),
    };
    options
        .into_iter()
        .map(|choice| {
            let id = format!("q-{question}-{}", choice.id);
            let name = format!("q-{question}");
            let question = question.to_owned();
            let option = choice.id.clone();
            let on_change = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                let value = if several {
                    let mut list = match form.value(&question) {
                        Some(AnswerValue::Choices { options }) => options,
                        _ => Vec::new(),
                    };
                    list.retain(|o| o != &option);
                    if on {
                        list.push(option.clone());
                    }
                    (!list.is_empty()).then_some(AnswerValue::Choices { options: list })
                } else {
                    Some(AnswerValue::Choice {
                        option: option.clone(),
                    })
                };
                form.set(&question, value);
            };
            view! {
                <div class="choice">
                    <input
                        type=if several { "checkbox" } else { "radio" }
                        name=name
                        id=id.clone()
                        value=choice.id.clone()
                        checked=picked.contains(&choice.id)
                        aria-invalid=invalid.clone()
                        aria-describedby=described.to_owned()
                        on:change=on_change
                    />
                    <label for=id>{words(i18n, &choice.label)}</label>
                </div>
            }
        })
        .collect_view()
}

fn scale(
    form: AnswerForm,
    question: &str,
    low: &Words,
    high: &Words,
    invalid: impl Fn() -> String + Clone + Send + Sync + 'static,
    described: &str,
) -> impl IntoView {
    let i18n = use_i18n();
    let picked = match form.value(question) {
        Some(AnswerValue::Scale { value }) => Some(value),
        _ => None,
    };
    let points = (1..=SCALE_MAX)
        .map(|n| {
            let id = format!("q-{question}-{n}");
            let name = format!("q-{question}");
            let question = question.to_owned();
            // The ends carry the office's words in their labels, so each
            // radio's name says what it means.
            let end = match n {
                1 => Some(words(i18n, low)),
                n if n == SCALE_MAX => Some(words(i18n, high)),
                _ => None,
            };
            view! {
                <div class="point">
                    <input
                        type="radio"
                        name=name
                        id=id.clone()
                        value=n.to_string()
                        checked=picked == Some(n)
                        aria-invalid=invalid.clone()
                        aria-describedby=described.to_owned()
                        on:change=move |_| form.set(&question, Some(AnswerValue::Scale { value: n }))
                    />
                    <label for=id>
                        {n.to_string()}
                        {end.map(|w| view! { " "<span class="end">{w}</span> })}
                    </label>
                </div>
            }
        })
        .collect_view();
    view! { <div class="scale">{points}</div> }
}

fn text(
    form: AnswerForm,
    question: &str,
    max_chars: u32,
    long: bool,
    legend_id: &str,
    described: &str,
) -> impl IntoView {
    let i18n = use_i18n();
    let initial = match form.value(question) {
        Some(AnswerValue::Text { text, .. }) => text,
        _ => String::new(),
    };
    let typed = RwSignal::new(initial.clone());
    let id = format!("q-{question}-text");
    let count_id = format!("q-{question}-count");
    let described = format!("{described} {count_id}");
    let qid = question.to_owned();
    let invalid = move || (!form.errors(&qid).is_empty()).to_string();
    let question = question.to_owned();
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        typed.set(text.clone());
        form.edit_text(&question, |t, _| *t = text);
    };
    let control = if long {
        view! {
            <textarea
                id=id
                rows="6"
                aria-labelledby=legend_id.to_owned()
                aria-describedby=described
                aria-invalid=invalid
                on:input=on_input
            >
                {initial}
            </textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id
                type="text"
                autocomplete="off"
                value=initial
                aria-labelledby=legend_id.to_owned()
                aria-describedby=described
                aria-invalid=invalid
                on:input=on_input
            />
        }
        .into_any()
    };
    view! {
        {control}
        <p class="count" id=count_id>
            {move || {
                let n = typed.with(|t| t.trim().chars().count());
                i18n.tf(Msg::CharCount, &[("n", &n.to_string()), ("max", &max_chars.to_string())])
            }}
        </p>
    }
}
