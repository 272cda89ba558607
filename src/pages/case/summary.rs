//! What the case page shows of the case: the facts, what is due and by
//! when, the timeline, the requests still on the phone, the resident's own
//! rating, and what was sent.

use leptos::prelude::*;
use letterbox_core::api::FollowUp;
use letterbox_core::case::CaseRecord;
use letterbox_core::catalogue::Department;
use letterbox_core::deadlines::{Deadline, Standing};
use letterbox_core::lifecycle::{CaseAction, CaseEvent, Role, Satisfaction};
use letterbox_core::outbox::{OutboxState, SendFailure};
use letterbox_core::PetitionKind;

use crate::i18n::words::{
    event_text_in, follow_up_failure_text, follow_up_msg, kind_text, rule_msg, satisfaction_msg,
    status_text,
};
use crate::i18n::{tr, trf, use_i18n, Arg, Msg};

/// A request about the case still on the phone: what it is and how it
/// stands (not its attempt count, which changes without news).
#[derive(Clone, PartialEq)]
pub struct Pending {
    pub request: FollowUp,
    pub state: OutboxState,
    pub failure: Option<SendFailure>,
}

/// The title, the case number and status, when it was received, its
/// photos' progress and the query code.
#[component]
pub fn Facts(case: CaseRecord) -> impl IntoView {
    let i18n = use_i18n();
    let status = case.status;
    let photo_progress =
        (!case.photos.is_empty()).then_some((case.photos_received.len(), case.photos.len()));
    view! {
        <h1>{case.title}</h1>
        <dl class="facts">
            <dt>{trf(Msg::CaseNumber, vec![("n", Arg::Text(case.case_number))])}</dt>
            <dd class="state">{move || status_text(i18n, status)}</dd>
            <dd>{trf(Msg::CaseReceivedAt, vec![("time", Arg::Time(case.received_at))])}</dd>
            {photo_progress.map(|(n, total)| view! {
                <dd>{trf(Msg::PhotosProgress, vec![
                    ("n", Arg::Number(n as u64)),
                    ("total", Arg::Number(total as u64)),
                ])}</dd>
            })}
            {case.query_code.map(|code| view! {
                <dd>{trf(Msg::QueryCode, vec![("code", Arg::Text(code))])}</dd>
                <dd class="hint">{tr(Msg::QueryCodeHint)}</dd>
            })}
        </dl>
    }
}

/// What runs at the case's stage, each with its article, due date and
/// where it stands today (all of it from core).
#[component]
pub fn Deadlines(running: Vec<Deadline>, today: letterbox_core::calendar::Date) -> impl IntoView {
    (!running.is_empty()).then(|| {
        view! {
            <section aria-labelledby="due-heading">
                <h2 id="due-heading">{tr(Msg::DeadlineHeading)}</h2>
                <ul class="deadlines">
                    {running.into_iter().map(|d| deadline_item(d, today)).collect_view()}
                </ul>
            </section>
        }
    })
}

fn deadline_item(d: Deadline, today: letterbox_core::calendar::Date) -> impl IntoView {
    let i18n = use_i18n();
    let rule = d.rule.rule();
    let due = d.due.to_string();
    let line = move || {
        let n = rule.article.to_string();
        let article = match rule.paragraph {
            Some(p) => i18n.tf(Msg::ArticleParagraph, &[("n", &n), ("p", &p.to_string())]),
            None => i18n.tf(Msg::Article, &[("n", &n)]),
        };
        i18n.tf(Msg::DeadlineLine, &[("date", &due), ("article", &article)])
    };
    let standing = d.standing(today);
    let extended = d.extended_by;
    view! {
        <li class:overdue=matches!(standing, Standing::Overdue(_))>
            <strong>{tr(rule_msg(d.rule))}</strong>": "{line}
            {(extended > 0).then(|| view! {
                " · "{trf(Msg::DeadlineExtended, vec![("n", Arg::Number(extended.into()))])}
            })}
            " · "
            <span class="left">{match standing {
                Standing::Ended(on) => trf(Msg::DeadlineEnded, vec![("date", Arg::Text(on.to_string()))]).into_any(),
                Standing::Overdue(n) => trf(Msg::DeadlineOverdue, vec![("n", Arg::Number(n.into()))]).into_any(),
                Standing::DueToday => tr(Msg::DeadlineToday).into_any(),
                Standing::DaysLeft(n) => trf(Msg::DeadlineDaysLeft, vec![("n", Arg::Number(n.into()))]).into_any(),
            }}</span>
        </li>
    }
}

/// The case's history; what the office did since `seen` is marked.
#[component]
pub fn Timeline(events: Vec<CaseEvent>, seen: i64, departments: Vec<Department>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{tr(Msg::TimelineHeading)}</h2>
            <ol class="timeline">
                {events.into_iter().map(|e| {
                    let fresh = e.seq > seen && Role::STAFF.contains(&e.actor);
                    let known = departments.clone();
                    let at = e.at.clone();
                    let note = if e.actor == Role::Resident { own_text(&e) } else { e.note.clone() };
                    view! {
                        <li class:fresh=fresh>
                            {fresh.then(|| view! { <span class="badge">{tr(Msg::UpdatedMarker)}</span>" " })}
                            <time class="when">{trf(Msg::EventTime, vec![("time", Arg::Time(at))])}</time>
                            <strong>{move || event_text_in(i18n.lang.get(), &e, &known)}</strong>
                            {(!note.is_empty()).then(|| view! { <p class="note">{note}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// The resident's note on their own event (their reason, their text).
fn own_text(e: &CaseEvent) -> String {
    match &e.action {
        CaseAction::Supplement { text, .. } => text.clone(),
        CaseAction::Rate { rating, .. } => rating.comment.clone(),
        _ => e.note.clone(),
    }
}

/// Requests about the case not yet sent, and why, if one was refused.
#[component]
pub fn PendingRequests(pending: Vec<Pending>) -> impl IntoView {
    let i18n = use_i18n();
    (!pending.is_empty()).then(|| view! {
        <section aria-labelledby="pending-heading">
            <h2 id="pending-heading">{tr(Msg::PendingHeading)}</h2>
            <ul>
                {pending.into_iter().map(|r| {
                    let failure = r.failure.clone();
                    view! {
                        <li>
                            {tr(follow_up_msg(&r.request))}
                            {failure.map(|f| view! { " · "<span class="why">{move || follow_up_failure_text(i18n, &f)}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}

/// How the resident rated the latest answer: recorded by the office, or
/// still waiting on the phone (a refused rating is not a rating).
pub fn my_rating(case: &CaseRecord, pending: &[Pending]) -> Option<Satisfaction> {
    let seq = case.progress().last_answer_seq?;
    case.events
        .iter()
        .rev()
        .find_map(|e| match &e.action {
            CaseAction::Rate { answer_seq, rating } if *answer_seq == seq => {
                Some(rating.satisfaction)
            }
            _ => None,
        })
        .or_else(|| {
            pending
                .iter()
                .filter(|p| p.state == OutboxState::Waiting)
                .find_map(|p| match &p.request {
                    FollowUp::Rate { answer_seq, rating } if *answer_seq == seq => {
                        Some(rating.satisfaction)
                    }
                    _ => None,
                })
        })
}

#[component]
pub fn RatingDone(satisfaction: Satisfaction) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="done">{move || i18n.tf(Msg::RateDone, &[("satisfaction", i18n.t(satisfaction_msg(satisfaction)))])}</p>
    }
}

/// Exactly what the resident sent.
#[component]
pub fn Sent(kind: PetitionKind, body: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="sent-heading">
            <h2 id="sent-heading">{tr(Msg::CaseWhatYouSent)}</h2>
            <dl class="facts">
                <dt>{tr(Msg::CaseKind)}</dt>
                <dd>{move || kind_text(i18n, Some(kind))}</dd>
            </dl>
            <p class="body">{body}</p>
        </section>
    }
}
