//! Who is petitioning. A complaint must say (Art. 19); a report's author
//! is protected (Art. 30); a suggestion may be anonymous (Art. 29).

use leptos::prelude::*;
use letterbox_core::draft::Draft;
use letterbox_core::validation::Field;
use letterbox_core::PetitionKind;

use super::form::Form;
use super::text_input::{check_box, text_input, TextInput};
use crate::i18n::{tr, Msg};

#[component]
pub fn IdentityFields(form: Form) -> impl IntoView {
    let kind = move || form.draft.with(|d| d.kind);
    let note = move || match kind() {
        Some(PetitionKind::Complaint) => Some(tr(Msg::IdentityComplaintNote)()),
        Some(PetitionKind::Report) => Some(tr(Msg::IdentityReportNote)()),
        Some(PetitionKind::Suggestion) => Some(tr(Msg::IdentitySuggestionNote)()),
        None => None,
    };
    let required = move || kind().is_some_and(PetitionKind::requires_identity);
    let show_fields = move || form.draft.with(|d| d.sends_identity());
    view! {
        <fieldset aria-describedby="identity-note">
            <legend>{tr(Msg::IdentityLegend)}</legend>
            <p class="hint" id="identity-note">{note}</p>
            <Show when=move || !required()>
                {check_box(
                    form,
                    "share-identity",
                    Msg::ShareIdentityLabel,
                    |d| d.share_identity,
                    |d, on| d.share_identity = on,
                )}
            </Show>
            <div class="identity" class:hidden=move || !show_fields()>
                {text_input(form, TextInput {
                    id: "name",
                    label: Msg::NameLabel,
                    hint: None,
                    field: Field::Name,
                    input_type: "text",
                    autocomplete: "name",
                    counted_max: None,
                    read: |d| &d.identity.name,
                    write: |d, v| d.identity.name = v,
                    required: Draft::sends_identity,
                })}
                {text_input(form, TextInput {
                    id: "phone",
                    label: Msg::PhoneLabel,
                    hint: None,
                    field: Field::Phone,
                    input_type: "tel",
                    autocomplete: "tel",
                    counted_max: None,
                    read: |d| &d.identity.phone,
                    write: |d, v| d.identity.phone = v,
                    required: Draft::sends_identity,
                })}
                {text_input(form, TextInput {
                    id: "home-address",
                    label: Msg::HomeAddressLabel,
                    hint: None,
                    field: Field::HomeAddress,
                    input_type: "text",
                    autocomplete: "street-address",
                    counted_max: None,
                    read: |d| &d.identity.address,
                    write: |d, v| d.identity.address = v,
                    required: complaint,
                })}
            </div>
        </fieldset>
    }
}

fn complaint(d: &Draft) -> bool {
    d.kind.is_some_and(PetitionKind::requires_identity)
}
