//! Asking for a review (Art. 35) or a re-check (Art. 36): offered while
//! the window is open, with a reason prefilled from the case; once the
//! window closed, it says so and when.

use leptos::prelude::*;
use letterbox_core::api::FollowUp;
use letterbox_core::lifecycle::{Appeal, Window};
use letterbox_core::limits::CASE_NOTE_MAX_CHARS;

use super::{CaseForms, SendProblem, Sending, Subject};
use crate::i18n::{tr, trf, use_i18n, Arg, Msg};

/// The words and element ids of one kind of appeal.
struct Parts {
    heading: Msg,
    explain: Msg,
    closed: Msg,
    prefill: Msg,
    send: Msg,
    heading_id: &'static str,
    field_id: &'static str,
}

fn parts(appeal: Appeal) -> Parts {
    match appeal {
        Appeal::Review => Parts {
            heading: Msg::ReviewHeading,
            explain: Msg::ReviewExplain,
            closed: Msg::ReviewClosed,
            prefill: Msg::ReviewPrefill,
            send: Msg::ReviewSend,
            heading_id: "review-heading",
            field_id: "review-reason",
        },
        Appeal::Recheck => Parts {
            heading: Msg::RecheckHeading,
            explain: Msg::RecheckExplain,
            closed: Msg::RecheckClosed,
            prefill: Msg::RecheckPrefill,
            send: Msg::RecheckSend,
            heading_id: "recheck-heading",
            field_id: "recheck-reason",
        },
    }
}

/// The request, stamped with when it was asked: that counts, even if it
/// reaches the office later.
fn request(appeal: Appeal, reason: String) -> FollowUp {
    let requested_at = Some(String::from(js_sys::Date::new_0().to_iso_string()));
    match appeal {
        Appeal::Review => FollowUp::RequestReview {
            reason,
            requested_at,
        },
        Appeal::Recheck => FollowUp::RequestRecheck {
            reason,
            requested_at,
        },
    }
}

#[component]
pub fn AppealForm(case: Subject, appeal: Appeal, window: Window) -> impl IntoView {
    let i18n = use_i18n();
    let Parts {
        heading,
        explain,
        closed,
        prefill,
        send,
        heading_id,
        field_id,
    } = parts(appeal);
    let forms = CaseForms::get();
    let kept = match appeal {
        Appeal::Review => forms.review,
        Appeal::Recheck => forms.recheck,
    };
    // Untouched, it says what the resident most likely means (in the
    // language shown); once edited, it keeps what they wrote.
    let (number, title) = (case.number.clone(), case.title.clone());
    let reason = Signal::derive(move || {
        kept.get()
            .unwrap_or_else(|| i18n.tf(prefill, &[("number", &number), ("title", &title)]))
    });
    let until = match window {
        Window::Closed { on } => {
            return view! {
                <section aria-labelledby=heading_id>
                    <h2 id=heading_id>{tr(heading)}</h2>
                    <p>{trf(closed, vec![("date", Arg::Text(on.to_string()))])}</p>
                </section>
            }
            .into_any()
        }
        Window::Open { until } => until,
    };
    let sending = Sending::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let build = || Some(request(appeal, reason.get_untracked().trim().to_owned()));
        sending.submit(&case, None, build, move || kept.set(None));
    };
    view! {
        <section aria-labelledby=heading_id>
            <h2 id=heading_id>{tr(heading)}</h2>
            <p>{trf(explain, vec![("date", Arg::Text(until.to_string()))])}</p>
            <form class="editor" on:submit=submit>
                <label for=field_id>{tr(Msg::ReviewReason)}</label>
                <textarea id=field_id maxlength=CASE_NOTE_MAX_CHARS.to_string()
                    prop:value=move || reason.get()
                    on:input=move |ev| kept.set(Some(event_target_value(&ev)))></textarea>
                <SendProblem sending/>
                <p><button type="submit" class="primary" disabled=move || sending.busy()>{tr(send)}</button></p>
            </form>
        </section>
    }
    .into_any()
}
