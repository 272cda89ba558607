//! Withdrawing the case (before the office replies); it asks once more
//! before the request is saved.

use leptos::prelude::*;
use letterbox_core::api::FollowUp;
use letterbox_core::limits::CASE_NOTE_MAX_CHARS;

use super::{CaseForms, SendProblem, Sending, Subject};
use crate::i18n::{tr, trf, Arg, Msg};

#[component]
pub fn WithdrawForm(case: Subject) -> impl IntoView {
    let forms = CaseForms::get();
    let (confirming, reason) = (forms.withdraw_open, forms.withdraw);
    let sending = Sending::new();
    // Keyboard focus follows the question: to "No, keep it" (the safe
    // answer) when it opens, back to "Withdraw…" when it closes.
    let keep = NodeRef::<leptos::html::Button>::new();
    let ask = NodeRef::<leptos::html::Button>::new();
    let asked = StoredValue::new(false);
    Effect::new(move |_| {
        let target = if confirming.get() {
            asked.set_value(true);
            keep.get()
        } else if asked.get_value() {
            ask.get()
        } else {
            // Not on page load: the page must not jump to this button.
            None
        };
        if let Some(button) = target {
            let _ = button.focus();
        }
    });
    let number = case.number.clone();
    let confirm = move |_| {
        let build = || {
            Some(FollowUp::Withdraw {
                reason: reason.get_untracked().trim().to_owned(),
            })
        };
        sending.submit(&case, None, build, move || confirming.set(false));
    };
    view! {
        <section aria-labelledby="withdraw-heading">
            <h2 id="withdraw-heading">{tr(Msg::WithdrawHeading)}</h2>
            <p>{tr(Msg::WithdrawExplain)}</p>
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button type="button" class="secondary" node_ref=ask on:click=move |_| confirming.set(true)>{tr(Msg::WithdrawButton)}</button>
                }
            >
                <div class="editor" role="alertdialog" aria-labelledby="withdraw-question">
                    <p id="withdraw-question">{trf(Msg::WithdrawConfirm, vec![("number", Arg::Text(number.clone()))])}</p>
                    <label for="withdraw-reason">{tr(Msg::WithdrawReason)}</label>
                    <textarea id="withdraw-reason" maxlength=CASE_NOTE_MAX_CHARS.to_string()
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    <p>
                        <button type="button" disabled=move || sending.busy() on:click=confirm.clone()>{tr(Msg::WithdrawYes)}</button>" "
                        <button type="button" node_ref=keep disabled=move || sending.busy() on:click=move |_| confirming.set(false)>{tr(Msg::WithdrawNo)}</button>
                    </p>
                </div>
            </Show>
            <SendProblem sending/>
        </section>
    }
}
