use leptos::prelude::*;
use letterbox_core::case::CaseRecord;
use letterbox_core::outbox::{OutboxRecord, OutboxState};

use super::{failure_text, status_text};
use crate::app::Notice;
use crate::components::loaded::loaded;
use crate::i18n::{tr, trf, use_i18n, Arg, Msg};
use crate::store::{Store, StoreError};
use crate::sync::use_sync;

/// "My cases": what waits on this phone, and what the office received.
/// The two are kept apart in words and on screen.
#[component]
pub fn CasesPage() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let notice = expect_context::<Notice>();
    on_cleanup(move || notice.0.set(None));
    let data = loaded(move || {
        sync.revision.track();
        Box::pin(async {
            let store = Store::app().await?;
            Ok::<_, StoreError>((store.outbox().await?, store.cases().await?))
        })
    });
    view! {
        <h1>{tr(Msg::CasesTitle)}</h1>
        {move || notice.0.get().map(|msg| view! {
            <p class="notice" role="status">{move || i18n.t(msg)}</p>
        })}
        {move || data.get().map(|result| match result {
                Ok((outbox, cases)) if outbox.is_empty() && cases.is_empty() => {
                    view! { <p class="empty">{tr(Msg::CasesEmpty)}</p> }.into_any()
                }
                Ok((outbox, cases)) => view! {
                    <Waiting records=outbox/>
                    <Received cases/>
                }.into_any(),
                Err(e) => view! { <super::StoreProblem error=e/> }.into_any(),
            })}
    }
}

#[component]
fn Waiting(records: Vec<OutboxRecord>) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    (!records.is_empty()).then(|| view! {
        <section aria-labelledby="waiting-heading">
            <h2 id="waiting-heading">{tr(Msg::WaitingHeading)}</h2>
            <ul class="cards">
                {records.into_iter().map(|r| {
                    let id = r.id;
                    let state = r.state;
                    let attempts = r.attempts;
                    let failure = r.last_error.clone();
                    let next = r.next_attempt_at_ms;
                    let state_text = move || {
                        if sync.status.get().sending == Some(id) {
                            i18n.t(Msg::StateSending)
                        } else if state == OutboxState::NeedsAttention {
                            i18n.t(Msg::StateNeedsAttention)
                        } else {
                            i18n.t(Msg::StateWaiting)
                        }
                    };
                    view! {
                        <li class="card" class:attention=state == OutboxState::NeedsAttention>
                            <a href=format!("/cases/{id}")><strong>{r.petition.title.clone()}</strong></a>
                            <span class="state">{state_text}</span>
                            {(attempts > 0).then(|| view! {
                                <span class="meta">
                                    {trf(Msg::StateAttempts, vec![("n", Arg::Number(attempts.into()))])}
                                </span>
                            })}
                            {failure.map(|f| view! {
                                <span class="meta why">{move || failure_text(i18n, &f)}</span>
                            })}
                            {(attempts > 0 && state == OutboxState::Waiting).then(|| view! {
                                <span class="meta">
                                    {trf(Msg::NextTry, vec![("time", Arg::TimeMs(next))])}
                                </span>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}

#[component]
fn Received(cases: Vec<CaseRecord>) -> impl IntoView {
    let i18n = use_i18n();
    (!cases.is_empty()).then(|| view! {
        <section aria-labelledby="received-heading">
            <h2 id="received-heading">{tr(Msg::ReceivedHeading)}</h2>
            <ul class="cards">
                {cases.into_iter().map(|c| {
                    let number = c.case_number.clone();
                    let status = c.status;
                    view! {
                        <li class="card">
                            <a href=format!("/cases/{}", c.id)>
                                <strong>{trf(Msg::CaseNumber, vec![("n", Arg::Text(number))])}</strong>
                            </a>
                            <span>{c.title.clone()}</span>
                            <span class="state">{move || status_text(i18n, status)}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}
