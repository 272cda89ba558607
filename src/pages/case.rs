use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use letterbox_core::case::CaseRecord;
use letterbox_core::outbox::OutboxRecord;
use letterbox_core::PetitionKind;
use uuid::Uuid;

use super::{failure_text, kind_name, status_text};
use crate::i18n::{use_i18n, Msg};
use crate::store::{Store, StoreError};
use crate::sync::use_sync;
use crate::time::{format_ms, format_rfc3339};

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
    let found = LocalResource::new(move || {
        sync.revision.track();
        let id = params
            .read()
            .get("id")
            .and_then(|s| Uuid::parse_str(&s).ok());
        async move {
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
        }
    });
    view! {
        <Suspense fallback=move || view! { <p>{i18n.t(Msg::Loading)}</p> }>
            {move || found.get().map(|result| match result {
                Ok(Found::Case(case)) => {
                    let number = case.case_number.clone();
                    let received = case.received_at.clone();
                    let status = case.status;
                    view! {
                        <h1>{case.title.clone()}</h1>
                        <dl class="facts">
                            <dt>{move || i18n.tf(Msg::CaseNumber, &[("n", &number)])}</dt>
                            <dd class="state">{move || status_text(i18n, status)}</dd>
                            <dd>{move || i18n.tf(Msg::CaseReceivedAt, &[("time", &format_rfc3339(&received, i18n.lang.get()))])}</dd>
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
                            <dt>{move || i18n.t(Msg::StatusWaiting)}</dt>
                            <dd>{move || i18n.tf(Msg::CaseSavedAt, &[("time", &format_ms(queued, i18n.lang.get()))])}</dd>
                            {failure.map(|f| view! { <dd class="why">{move || failure_text(i18n, &f)}</dd> })}
                        </dl>
                        <Sent kind=record.petition.kind body=record.petition.body.clone()/>
                    }.into_any()
                }
                Ok(Found::Nothing) => view! { <p>{move || i18n.t(Msg::CaseNotFound)}</p> }.into_any(),
                Err(e) => view! { <super::StoreProblem error=e/> }.into_any(),
            })}
        </Suspense>
        <p><a href="/cases">{move || i18n.t(Msg::BackToCases)}</a></p>
    }
}

#[component]
fn Sent(kind: PetitionKind, body: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="sent-heading">
            <h2 id="sent-heading">{move || i18n.t(Msg::CaseWhatYouSent)}</h2>
            <dl class="facts">
                <dt>{move || i18n.t(Msg::CaseKind)}</dt>
                <dd>{move || kind_name(i18n, Some(kind))}</dd>
            </dl>
            <p class="body">{body}</p>
        </section>
    }
}
