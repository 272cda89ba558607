//! One labelled text field of the draft, with its hint, counter and error.
//! Every text field of the editor is this one function (one copy in the
//! wasm), described by a `TextInput`.

use leptos::prelude::*;
use letterbox_core::draft::Draft;
use letterbox_core::validation::Field;

use super::field_error;
use super::form::Form;
use crate::i18n::{tr, use_i18n, Msg};

#[derive(Clone, Copy)]
pub struct TextInput {
    pub id: &'static str,
    pub label: Msg,
    pub hint: Option<Msg>,
    pub field: Field,
    /// `text` or `tel`.
    pub input_type: &'static str,
    pub autocomplete: &'static str,
    /// Shown as "n of max characters" when set.
    pub counted_max: Option<usize>,
    /// Reads the field from the draft (for the counter and the initial value).
    pub read: fn(&Draft) -> &str,
    pub write: fn(&mut Draft, String),
    /// Whether the field is required for the draft as it stands now.
    pub required: fn(&Draft) -> bool,
}

pub fn never(_: &Draft) -> bool {
    false
}

pub fn text_input(form: Form, spec: TextInput) -> impl IntoView {
    let i18n = use_i18n();
    let TextInput {
        id,
        label,
        hint,
        field,
        input_type,
        autocomplete,
        counted_max,
        read,
        write,
        required,
    } = spec;
    let initial = form.draft.with_untracked(|d| read(d).to_owned());
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let count_id = format!("{id}-count");
    let described_by = [
        hint.map(|_| hint_id.clone()),
        Some(error_id.clone()),
        counted_max.map(|_| count_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let optional = move || {
        (form.draft.with(|d| !required(d)) && field_is_optional_text(field))
            .then(|| i18n.t(Msg::Optional))
    };
    view! {
        <label for=id>{tr(label)}" "{optional}</label>
        {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{tr(h)}</p> })}
        <input
            id=id
            type=input_type
            autocomplete=autocomplete
            value=initial
            aria-required=move || form.draft.with(required).to_string()
            aria-invalid=move || form.invalid(field)
            aria-describedby=described_by
            on:input=move |ev| {
                let value = event_target_value(&ev);
                form.edit(|d| write(d, value));
            }
            on:blur=move |_| form.touch(field)
        />
        {counted_max.map(|max| view! {
            <p class="count" id=count_id.clone()>
                {move || {
                    let n = form.draft.with(|d| read(d).trim().chars().count());
                    i18n.tf(Msg::CharCount, &[("n", &n.to_string()), ("max", &max.to_string())])
                }}
            </p>
        })}
        {field_error(form, field, &error_id)}
    }
}

/// Fields whose label says "(optional)" when not required.
fn field_is_optional_text(field: Field) -> bool {
    matches!(
        field,
        Field::Name | Field::Phone | Field::HomeAddress | Field::Address
    )
}

/// A checkbox bound to a yes/no of the draft.
pub fn check_box(
    form: Form,
    id: &'static str,
    label: Msg,
    read: fn(&Draft) -> bool,
    write: fn(&mut Draft, bool),
) -> impl IntoView {
    let checked = form.draft.with_untracked(read);
    view! {
        <div class="choice">
            <input
                type="checkbox"
                id=id
                checked=checked
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    form.edit(|d| write(d, on));
                }
            />
            <label for=id>{tr(label)}</label>
        </div>
    }
}
