//! "My cases": records still on the phone (with what to do when one is
//! stuck) kept apart from the cases the office received.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use letterbox_core::case::CaseRecord;
use letterbox_core::draft::{Draft, PhotoRef};
use letterbox_core::outbox::{OutboxRecord, OutboxState};
use uuid::Uuid;

use crate::components::loaded::loaded;
use crate::components::notice::Notice;
use crate::i18n::words::{failure_text, follow_up_failure_text, follow_up_msg, status_text};
use crate::i18n::{tr, trf, use_i18n, Arg, Msg};
use crate::store::{Store, StoreError};
use crate::sync::{announce, poke, use_sync};
use crate::time::now_ms;

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
            // Answers to campaigns wait on their campaign's page.
            let mut outbox = store.outbox().await?;
            outbox.retain(|r| r.campaign_response_request().is_none());
            Ok::<_, StoreError>((outbox, store.cases().await?))
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
                    <Waiting records=outbox uploads=cases.iter().filter(|c| !c.followed && c.photos_pending()).cloned().collect()/>
                    <Received cases/>
                }.into_any(),
                Err(e) => view! { <super::StoreProblem error=e/> }.into_any(),
            })}
        <p><a href="/follow">{tr(Msg::FollowLink)}</a></p>
    }
}

#[component]
fn Waiting(records: Vec<OutboxRecord>, uploads: Vec<CaseRecord>) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let navigate = use_navigate();
    let send_now = move |id: Uuid| {
        spawn_local(async move {
            if let Ok(store) = Store::app().await {
                if store.send_now(id, now_ms()).await.is_ok() {
                    sync.changed();
                    poke();
                }
            }
        });
    };
    // A refused petition goes back to the drafts, whole, to be fixed.
    let fix = move |record: OutboxRecord| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let Ok(store) = Store::app().await else {
                return;
            };
            let Some(petition) = record.petition() else {
                return;
            };
            let mut photos = Vec::new();
            for entry in &petition.photos {
                // Only photos whose bytes are still on the phone come back.
                if let Ok(Some(_)) = store.photo(entry.id).await {
                    photos.push(PhotoRef {
                        id: entry.id,
                        sha256: entry.sha256.clone(),
                        bytes: entry.bytes,
                        mime: entry.mime.clone(),
                        width: 0,
                        height: 0,
                    });
                }
            }
            let draft = Draft::from_refused(petition, photos, Uuid::now_v7(), now_ms());
            if store.return_to_drafts(&record, &draft).await.is_ok() {
                sync.changed();
                announce();
                navigate(&format!("/drafts/{}", draft.id), Default::default());
            }
        });
    };
    let discard = move |id: Uuid| {
        spawn_local(async move {
            if let Ok(store) = Store::app().await {
                if store.discard(id).await.is_ok() {
                    sync.changed();
                    announce();
                }
            }
        });
    };
    (!records.is_empty() || !uploads.is_empty()).then(|| view! {
        <section aria-labelledby="waiting-heading">
            <h2 id="waiting-heading">{tr(Msg::WaitingHeading)}</h2>
            <ul class="cards">
                {records.into_iter().map(|r| {
                    let fix = fix.clone();
                    let id = r.id;
                    let state = r.state;
                    let attempts = r.attempts;
                    let failure = r.last_error.clone();
                    let follow_up = r.petition().is_none();
                    let next = r.next_attempt_at_ms;
                    let record = r.clone();
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
                            <a href=format!("/cases/{}", r.case_id())><strong>{
                                let kind = r.follow_up_request().map(|f| follow_up_msg(&f.request));
                                let title = r.title().to_owned();
                                move || match kind {
                                    Some(k) => format!("{} · {title}", i18n.t(k)),
                                    None => title.clone(),
                                }
                            }</strong></a>
                            <span class="state">{state_text}</span>
                            {(attempts > 0).then(|| view! {
                                <span class="meta">
                                    {trf(Msg::StateAttempts, vec![("n", Arg::Number(attempts.into()))])}
                                </span>
                            })}
                            {failure.map(|f| view! {
                                <span class="meta why">{move || if follow_up {
                                    follow_up_failure_text(i18n, &f)
                                } else {
                                    failure_text(i18n, &f)
                                }}</span>
                            })}
                            {(attempts > 0 && state == OutboxState::Waiting).then(|| view! {
                                <span class="meta">
                                    {trf(Msg::NextTry, vec![("time", Arg::TimeMs(next))])}
                                </span>
                                <button type="button" on:click=move |_| send_now(id)>
                                    {tr(Msg::SendNow)}
                                </button>
                            })}
                            {(state == OutboxState::NeedsAttention && record.petition().is_some()).then(|| {
                                let record = record.clone();
                                view! {
                                    <button type="button" on:click=move |_| fix(record.clone())>
                                        {tr(Msg::FixAndResend)}
                                    </button>
                                }
                            })}
                            {(state == OutboxState::NeedsAttention && record.petition().is_none()).then(|| view! {
                                <button type="button" on:click=move |_| discard(id)>{tr(Msg::Discard)}</button>
                            })}
                        </li>
                    }
                }).collect_view()}
                // The office holds the case; its photos are still going up.
                {uploads.into_iter().map(|c| view! {
                    <li class="card">
                        <a href=format!("/cases/{}", c.id)>
                            <strong>{trf(Msg::UploadingPhotos, vec![("n", Arg::Text(c.case_number.clone()))])}</strong>
                        </a>
                        <span class="state">{trf(Msg::PhotosProgress, vec![
                            ("n", Arg::Number(c.photos_received.len() as u64)),
                            ("total", Arg::Number(c.photos.len() as u64)),
                        ])}</span>
                    </li>
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
                    let progress = (!c.photos.is_empty()).then_some((c.photos_received.len(), c.photos.len()));
                    let updated = c.is_updated();
                    view! {
                        <li class="card">
                            {updated.then(|| view! { <span class="badge">{tr(Msg::UpdatedMarker)}</span> })}
                            <a href=format!("/cases/{}", c.id)>
                                <strong>{trf(Msg::CaseNumber, vec![("n", Arg::Text(number))])}</strong>
                            </a>
                            <span>{c.title.clone()}</span>
                            <span class="state">{move || status_text(i18n, status)}</span>
                            {progress.map(|(n, total)| view! {
                                <span class="meta">
                                    {trf(Msg::PhotosProgress, vec![
                                        ("n", Arg::Number(n as u64)),
                                        ("total", Arg::Number(total as u64)),
                                    ])}
                                </span>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}
