//! Rating an answer (satisfaction, three optional scores, a comment), once
//! per answer.

use leptos::prelude::*;
use letterbox_core::api::FollowUp;
use letterbox_core::lifecycle::{Rating, Satisfaction};
use letterbox_core::limits::{RATING_COMMENT_MAX_CHARS, RATING_SCORE_MAX};

use super::{CaseForms, SendProblem, Sending, Subject};
use crate::i18n::words::satisfaction_msg;
use crate::i18n::{tr, use_i18n, Msg};

#[component]
pub fn RateForm(case: Subject, answer_seq: i64) -> impl IntoView {
    let i18n = use_i18n();
    let forms = CaseForms::get();
    let (satisfaction, scores, comment) = (forms.satisfaction, forms.scores, forms.comment);
    let missing = RwSignal::new(false);
    let sending = Sending::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = || {
            let Some(s) = satisfaction.get_untracked() else {
                missing.set(true);
                return None;
            };
            let rating = Rating {
                satisfaction: s,
                timeliness: scores[0].get_untracked(),
                attitude: scores[1].get_untracked(),
                result: scores[2].get_untracked(),
                comment: comment.get_untracked().trim().to_owned(),
            };
            Some(FollowUp::Rate { answer_seq, rating })
        };
        // A later answer (to a review) is rated afresh.
        let sent = move || {
            satisfaction.set(None);
            for score in scores {
                score.set(None);
            }
            comment.set(String::new());
        };
        sending.submit(&case, None, request, sent);
    };
    let dims = [
        (Msg::RateTimeliness, "rate-timeliness"),
        (Msg::RateAttitude, "rate-attitude"),
        (Msg::RateResult, "rate-result"),
    ];
    view! {
        <section aria-labelledby="rate-heading">
            <h2 id="rate-heading">{tr(Msg::RateHeading)}</h2>
            <form class="editor" on:submit=submit>
                <fieldset>
                    <legend>{tr(Msg::RateSatisfaction)}</legend>
                    {Satisfaction::ALL.into_iter().map(|s| view! {
                        <label class="choice">
                            <input type="radio" name="satisfaction"
                                prop:checked=move || satisfaction.get() == Some(s)
                                on:change=move |_| { satisfaction.set(Some(s)); missing.set(false); }/>
                            " "{move || i18n.t(satisfaction_msg(s))}
                        </label>
                    }).collect_view()}
                    {move || missing.get().then(|| view! { <p class="error" role="alert">{tr(Msg::RateChoose)}</p> })}
                </fieldset>
                {dims.into_iter().zip(scores).map(|((label, id), score)| view! {
                    <label for=id>{tr(label)}</label>
                    <select id=id on:change=move |ev| score.set(event_target_value(&ev).parse().ok())>
                        <option value="" selected=move || score.get().is_none()>{tr(Msg::RateScoreNone)}</option>
                        {(1..=RATING_SCORE_MAX).map(|n| view! {
                            <option value=n.to_string() selected=move || score.get() == Some(n)>{n.to_string()}</option>
                        }).collect_view()}
                    </select>
                }).collect_view()}
                <label for="rate-comment">{tr(Msg::RateComment)}</label>
                <textarea id="rate-comment" maxlength=RATING_COMMENT_MAX_CHARS.to_string()
                    prop:value=move || comment.get()
                    on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                <SendProblem sending/>
                <p><button type="submit" class="primary" disabled=move || sending.busy()>{tr(Msg::RateSend)}</button></p>
            </form>
        </section>
    }
}
