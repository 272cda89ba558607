use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use letterbox_core::case::CaseRecord;
use letterbox_core::outbox::OutboxRecord;
use letterbox_core::PetitionKind;
use uuid::Uuid;

use super::{failure_text, kind_name, status_text};
use crate::components::loaded::loaded;
use crate::i18n::{tr, trf, use_i18n, Arg, Msg};
use crate::store::{Store, StoreError};
use crate::sync::use_sync;

#[derive(Clone)]
enum Found {
    Case(CaseRecord),
    Waiting(OutboxRecord),
    Nothing,
}

/// One case: where it stands, and exactly what the resident sent.
#[component]
pub fn CasePage() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let params = use_params_map();
    let found = loaded(move || {
        sync.revision.track();
        let id = params
            .read()
            .get("id")
            .and_then(|s| Uuid::parse_str(&s).ok());
        Box::pin(async move {
            let Some(id) = id else {
                return Ok(Found::Nothing);
            };
            let store = Store::app().await?;
            if let Some(case) = store.case(id).await? {
                return Ok(Found::Case(case));
            }
            Ok::<_, StoreError>(match store.outbox_record(id).await? {
                Some(record) => Found::Waiting(record),
                None => Found::Nothing,
            })
        })
    });
    view! {
        {move || found.get().map(|result| match result {
                Ok(Found::Case(case)) => {
                    let number = case.case_number.clone();
                    let received = case.received_at.clone();
                    let status = case.status;
                    let progress = (!case.photos.is_empty())
                        .then_some((case.photos_received.len(), case.photos.len()));
                    view! {
                        <h1>{case.title.clone()}</h1>
                        <dl class="facts">
                            <dt>{trf(Msg::CaseNumber, vec![("n", Arg::Text(number))])}</dt>
                            <dd class="state">{move || status_text(i18n, status)}</dd>
                            <dd>{trf(Msg::CaseReceivedAt, vec![("time", Arg::Time(received))])}</dd>
                            {progress.map(|(n, total)| view! {
                                <dd>{trf(Msg::PhotosProgress, vec![
                                    ("n", Arg::Number(n as u64)),
                                    ("total", Arg::Number(total as u64)),
                                ])}</dd>
                            })}
                        </dl>
                        <Sent kind=case.kind body=case.body.clone()/>
                    }.into_any()
                }
                Ok(Found::Waiting(record)) => {
                    let queued = record.queued_at_ms;
                    let failure = record.last_error.clone();
                    view! {
                        <h1>{record.petition.title.clone()}</h1>
                        <dl class="facts">
                            <dt>{tr(Msg::StatusWaiting)}</dt>
                            <dd>{trf(Msg::CaseSavedAt, vec![("time", Arg::TimeMs(queued))])}</dd>
                            {failure.map(|f| view! { <dd class="why">{move || failure_text(i18n, &f)}</dd> })}
                        </dl>
                        <Sent kind=record.petition.kind body=record.petition.body.clone()/>
                    }.into_any()
                }
                Ok(Found::Nothing) => view! { <p>{tr(Msg::CaseNotFound)}</p> }.into_any(),
                Err(e) => view! { <super::StoreProblem error=e/> }.into_any(),
            })}
        <p><a href="/cases">{tr(Msg::BackToCases)}</a></p>
    }
}

#[component]
fn Sent(kind: PetitionKind, body: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="sent-heading">
            <h2 id="sent-heading">{tr(Msg::CaseWhatYouSent)}</h2>
            <dl class="facts">
                <dt>{tr(Msg::CaseKind)}</dt>
                <dd>{move || kind_name(i18n, Some(kind))}</dd>
            </dl>
            <p class="body">{body}</p>
        </section>
    }
}
