//! A suggestion campaign's page, `/c/<slug>`: what the office asks, until
//! when, and the resident's answer. The definition is kept on the phone
//! when opened (`store::CampaignRecord`), so the page and the form work
//! offline, reload included; the answer is kept as it is typed (`form`)
//! and Send queues it through the outbox like a petition, under the one
//! response id this phone keeps for the campaign. Where the phone cannot
//! keep anything (IndexedDB unavailable, as in some chat apps' browsers),
//! the page still works online and Send puts the answer directly.
//! After the close, the results the office made public and its answer
//! show above the resident's own answer (`results`).
//! Every rule (phase, days left, a valid answer) is core's.

mod browser_note;
mod direct;
mod form;
mod photos;
mod questions;
mod results;

use gloo_events::EventListener;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use letterbox_core::campaign::{Campaign, Phase, ResponseReceipt};
use letterbox_core::catalogue::Department;
use letterbox_core::outbox::{OutboxRecord, OutboxState, QueuedResponse, SendFailure};
use letterbox_core::problem::ProblemKind;

use browser_note::BrowserNote;
use direct::send_direct;
use form::{AnswerForm, SaveState};
use photos::load_answer_photos;
use questions::{question_view, words};
use results::load_outcome;

use crate::api::{self, ApiError};
use crate::components::lazy::{lazy_view, prefetch};
use crate::components::loaded::loaded;
use crate::i18n::words::{failure_text, local_name, store_error_text};
use crate::i18n::{tr, trf, use_i18n, Arg, Msg};
use crate::store::{answer_photos, CampaignRecord, OutboxStatus, Store, StoreError};
use crate::sync::{announce, poke, use_sync};
use crate::time::now_ms;

/// The office's answer to this visit's fetch of the definition.
#[derive(Clone)]
enum Fetched {
    /// With the phone's record once the definition is kept there.
    Got(Box<Campaign>, Option<Box<CampaignRecord>>),
    NotFound,
    Failed,
}

/// What the phone holds for the campaign.
#[derive(Clone, Default)]
struct Local {
    record: Option<CampaignRecord>,
    queued: Option<OutboxStatus>,
    departments: Vec<Department>,
}

/// What the form starts from, decided once.
#[derive(Clone)]
struct Start {
    campaign: Campaign,
    record: CampaignRecord,
    kept: bool,
}

/// The phone's copy, once read (not a store that failed to open). The
/// page reads it with `local.read()` and this, not `local.with(closure)`:
/// each closure handed to a signal adds its own copy of the signal's code
/// to the wasm (issue 12).
fn kept_copy(local: &Option<Result<Local, StoreError>>) -> Option<&Local> {
    local.as_ref()?.as_ref().ok()
}

async fn load_local(slug: String) -> Result<Local, StoreError> {
    let store = Store::app().await?;
    let record = store.campaign(&slug).await?;
    let queued = match &record {
        Some(r) => store.outbox_status(r.response_id).await?,
        None => None,
    };
    let departments = store.departments().await?;
    Ok(Local {
        record,
        queued,
        departments,
    })
}

async fn fetch(slug: String) -> Fetched {
    match api::campaign(&slug).await {
        Ok(c) => {
            let record = match Store::app().await {
                Ok(store) => store.keep_campaign(&c, now_ms()).await.ok().map(Box::new),
                Err(_) => None,
            };
            Fetched::Got(Box::new(c), record)
        }
        Err(ApiError::Status { status: 404, .. }) => Fetched::NotFound,
        Err(_) => Fetched::Failed,
    }
}

#[component]
pub fn CampaignPage() -> impl IntoView {
    // The page's split parts are fetched while the definition is read.
    prefetch(load_answer_photos());
    prefetch(load_outcome());
    let sync = use_sync();
    let slug = use_params_map()
        .with_untracked(|p| p.get("slug"))
        .unwrap_or_default();
    let fetched = RwSignal::new(None::<Fetched>);
    {
        let slug = slug.clone();
        spawn_local(async move {
            // Opened: whatever changed is seen (the home screen's "new").
            if let Ok(store) = Store::app().await {
                let _ = store.mark_campaign_seen(&slug).await;
            }
            let result = fetch(slug).await;
            fetched.try_set(Some(result));
        });
    }
    let local = {
        let slug = slug.clone();
        loaded(move || {
            sync.revision.track();
            Box::pin(load_local(slug.clone()))
        })
    };
    // The form is drawn once, from the first definition known (the
    // phone's copy, else the office's), so typing is never reset.
    let start = RwSignal::new(None::<Start>);
    Effect::new(move |_| {
        if start.with_untracked(Option::is_some) {
            return;
        }
        // The phone's copy first: it holds the answer and works offline.
        let cached = kept_copy(&local.read())
            .and_then(|l| l.record.clone())
            .and_then(|r| Some((r.definition.clone()?, r)));
        let chosen = match (cached, local.read().is_some(), fetched.get()) {
            (Some((campaign, record)), _, _) => Some(Start {
                campaign,
                record,
                kept: true,
            }),
            (None, true, Some(Fetched::Got(c, record))) => {
                let kept = kept_copy(&local.read()).is_some();
                let record = record
                    .map(|r| *r)
                    .unwrap_or_else(|| CampaignRecord::new(&c.slug, now_ms()));
                Some(Start {
                    campaign: *c,
                    record,
                    kept,
                })
            }
            _ => None,
        };
        if chosen.is_some() {
            start.set(chosen);
        }
    });
    view! {
        {move || match start.get() {
            Some(s) => view! { <CampaignView start=s fetched local/> }.into_any(),
            None => match fetched.get() {
                Some(Fetched::NotFound) => view! {
                    <h1>{tr(Msg::NotFoundTitle)}</h1>
                    <p><a href="/">{tr(Msg::GoHome)}</a></p>
                }.into_any(),
                Some(Fetched::Failed) if local.read().is_some() => view! {
                    <p class="notice" role="status">{tr(Msg::CampaignUnavailable)}</p>
                }.into_any(),
                _ => view! { <p role="status">{tr(Msg::CampaignLoading)}</p> }.into_any(),
            },
        }}
    }
}

/// The outcome of a Send put straight to the office (no store).
#[derive(Clone)]
enum Direct {
    Sent(ResponseReceipt),
    Failed(ApiError),
}

#[component]
fn CampaignView(
    start: Start,
    fetched: RwSignal<Option<Fetched>>,
    local: ReadSignal<Option<Result<Local, StoreError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let Start {
        campaign: first,
        record,
        kept,
    } = start;
    let form = AnswerForm::new(first.clone(), record.response_id, record.answers, kept);
    let questions = first
        .questions
        .iter()
        .cloned()
        .map(|q| (q, form))
        .collect::<Vec<_>>();
    // The newest words the office gave (a typo corrected, an early close).
    let campaign = Signal::derive(move || match fetched.get() {
        Some(Fetched::Got(c, _)) => *c,
        _ => first.clone(),
    });
    let now = move || (now_ms() / 1000.0) as i64;
    // Whether it takes answers, by the phone's clock; the office decides
    // in the end (a refusal below).
    let open = Signal::derive(move || matches!(campaign.get().phase(now()), Phase::Open { .. }));
    let sending = RwSignal::new(false);
    let direct = RwSignal::new(None::<Direct>);

    let hide = web_sys::window()
        .map(|w| StoredValue::new_local(EventListener::new(&w, "pagehide", move |_| form.flush())));
    let hidden = web_sys::window().and_then(|w| w.document()).map(|d| {
        let doc = d.clone();
        StoredValue::new_local(EventListener::new(&d, "visibilitychange", move |_| {
            if doc.visibility_state() == web_sys::VisibilityState::Hidden {
                form.flush();
            }
        }))
    });
    let _ = (hide, hidden);
    on_cleanup(move || form.flush());

    // What the office said of the queued answer. Refused as invalid: its
    // problems show next to the questions, the answer stays as typed.
    // Closed (early, perhaps, while this phone was offline): its
    // definition again, for the day it closed. One effect for both: each
    // effect adds its code to the wasm (issue 12).
    let mut refetched = false;
    Effect::new(move |_| {
        let (errors, closed) = match kept_copy(&local.read()).and_then(|l| l.queued.as_ref()) {
            Some(queued) => (
                match &queued.last_error {
                    Some(SendFailure::Refused { answer_errors, .. })
                        if queued.state == OutboxState::NeedsAttention
                            && !answer_errors.is_empty() =>
                    {
                        Some(answer_errors.clone())
                    }
                    _ => None,
                },
                queued
                    .last_error
                    .as_ref()
                    .and_then(SendFailure::problem_kind)
                    == Some(ProblemKind::CampaignClosed),
            ),
            None => (None, false),
        };
        if let Some(errors) = errors {
            form.refused.set(errors);
        }
        if closed && !refetched {
            refetched = true;
            let slug = campaign.with_untracked(|c| c.slug.clone());
            spawn_local(async move {
                if let got @ Fetched::Got(..) = fetch(slug).await {
                    fetched.try_set(Some(got));
                }
            });
        }
    });

    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        form.checked.set(true);
        if !form.problems_now().is_empty() {
            focus_first_invalid();
            return;
        }
        let answered_at = String::from(js_sys::Date::new_0().to_iso_string());
        let response = form.response(answered_at);
        let c = campaign.get_untracked();
        sending.set(true);
        form.cancel_pending();
        spawn_local(async move {
            if form.kept {
                let record = OutboxRecord::campaign_response(
                    QueuedResponse {
                        slug: c.slug.clone(),
                        title: c.title.clone(),
                        response,
                    },
                    now_ms(),
                );
                let result = match Store::app().await {
                    Ok(store) => store.queue_campaign_response(&record, now_ms()).await,
                    Err(e) => Err(e),
                };
                match result {
                    Ok(()) => {
                        form.save.set(SaveState::Saved);
                        sync.changed();
                        announce();
                        poke();
                    }
                    Err(e) => form.save.set(SaveState::Failed(e)),
                }
            } else {
                let listed = answer_photos(&response.answers);
                let photos = form.held.with_value(|held| {
                    listed
                        .into_iter()
                        .filter_map(|entry| {
                            let (_, photo) = held.iter().find(|(id, _)| *id == entry.id)?;
                            Some((entry, photo.bytes.clone()))
                        })
                        .collect()
                });
                let result = send_direct(&c.slug, &response, photos).await;
                if let Err(ApiError::Status {
                    problem: Some(p), ..
                }) = &result
                {
                    form.refused.set(p.answer_errors.clone());
                }
                direct.set(Some(match result {
                    Ok(receipt) => Direct::Sent(receipt),
                    Err(e) => Direct::Failed(e),
                }));
            }
            sending.set(false);
        });
    };

    let department = move || {
        let code = campaign.read().department.clone();
        let name = kept_copy(&local.read())
            .and_then(|l| l.departments.iter().find(|d| d.code == code))
            .map(|d| local_name(i18n.lang.get(), &d.name));
        i18n.tf(Msg::CampaignDepartment, &[("name", &name.unwrap_or(code))])
    };
    let phase_line = move || {
        let c = campaign.get();
        let now = now();
        let date = |d: Option<letterbox_core::calendar::Date>| {
            d.map(|d| d.to_string()).unwrap_or_default()
        };
        match c.phase(now) {
            Phase::Open { .. } => match c.days_left(now) {
                Some(0) | None => {
                    i18n.tf(Msg::CampaignClosesToday, &[("date", &date(c.closes_on()))])
                }
                Some(1) => i18n.tf(
                    Msg::CampaignClosesTomorrow,
                    &[("date", &date(c.closes_on()))],
                ),
                Some(n) => i18n.tf(
                    Msg::CampaignClosesIn,
                    &[("n", &n.to_string()), ("date", &date(c.closes_on()))],
                ),
            },
            Phase::Upcoming | Phase::Draft => {
                i18n.tf(Msg::CampaignOpensOn, &[("date", &date(c.opens_on()))])
            }
            Phase::Closed { .. } => {
                i18n.tf(Msg::CampaignClosedOn, &[("date", &date(c.closes_on()))])
            }
        }
    };
    let intro = move || {
        let text = words(i18n, &campaign.read().intro)();
        text.split('\n')
            .filter(|p| !p.trim().is_empty())
            .map(|p| view! { <p class="campaign-intro">{p.to_owned()}</p> })
            .collect_view()
    };
    let questions = questions
        .into_iter()
        .map(|(q, form)| question_view(form, q, open))
        .collect_view();
    let kept_results = Signal::derive(move || {
        kept_copy(&local.read()).and_then(|l| l.record.as_ref()?.results.clone())
    });

    view! {
        <h1>{move || words(i18n, &campaign.read().title)()}</h1>
        {intro}
        <p class="campaign-meta">{department}</p>
        <p class="campaign-meta"><strong>{phase_line}</strong></p>
        <Standing campaign local direct/>
        {lazy_view(load_outcome(), (campaign, kept_results, kept))}
        {(!kept).then(|| view! { <p class="notice">{tr(Msg::CampaignNotKept)}</p> })}
        <BrowserNote kept/>
        <form class="editor campaign" novalidate on:submit=send aria-label=tr(Msg::CampaignQuestions)>
            {questions}
            <p class="save-state" role="status" aria-live="polite">
                {move || match form.save.get() {
                    SaveState::Idle => String::new(),
                    SaveState::Saving => i18n.t(Msg::AutosaveSaving).to_owned(),
                    SaveState::Saved => i18n.t(Msg::AutosaveSaved).to_owned(),
                    SaveState::Failed(e) => i18n.tf(Msg::AutosaveFailed, &[("reason", &store_error_text(i18n, &e))]),
                }}
            </p>
            <p class="field-error" role="alert">
                {move || (form.checked.get() && !form.problems_now().is_empty()).then(|| i18n.t(Msg::SendBlocked))}
            </p>
            {move || open.get().then(|| view! {
                <button type="submit" class="primary" disabled=move || sending.get()>{tr(Msg::Send)}</button>
            })}
        </form>
    }
}

/// Where the answer stands: waiting on the phone, refused (closed,
/// invalid), or counted, with until when it may change.
#[component]
fn Standing(
    campaign: Signal<Campaign>,
    local: ReadSignal<Option<Result<Local, StoreError>>>,
    direct: RwSignal<Option<Direct>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let closed_on = move || {
        campaign
            .read()
            .closes_on()
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    let answered = move |receipt: &ResponseReceipt| {
        let c = campaign.get();
        let time = Arg::Time(receipt.received_at.clone());
        if matches!(c.phase((now_ms() / 1000.0) as i64), Phase::Open { .. }) {
            trf(
                Msg::CampaignAnswered,
                vec![("time", time), ("until", Arg::Time(c.closes_at.clone()))],
            )()
        } else {
            trf(Msg::CampaignAnsweredClosed, vec![("time", time)])()
        }
    };
    let refused = move |failure: &SendFailure| match failure.problem_kind() {
        Some(ProblemKind::CampaignClosed) => {
            i18n.tf(Msg::CampaignClosedRefused, &[("date", &closed_on())])
        }
        Some(ProblemKind::Invalid) => i18n.t(Msg::CampaignInvalidRefused).to_owned(),
        _ => failure_text(i18n, failure),
    };
    move || {
        let mut lines: Vec<(bool, String)> = Vec::new();
        if let Some(Ok(l)) = local.get() {
            if let Some(receipt) = l.record.as_ref().and_then(|r| r.receipt.as_ref()) {
                lines.push((false, answered(receipt)));
            }
            if let Some(q) = &l.queued {
                match (&q.state, &q.last_error) {
                    (OutboxState::NeedsAttention, Some(f)) => lines.push((true, refused(f))),
                    _ => lines.push((false, i18n.t(Msg::CampaignWaiting).to_owned())),
                }
            }
        }
        match direct.get() {
            Some(Direct::Sent(receipt)) => {
                lines.push((false, answered(&receipt)));
                lines.push((false, i18n.t(Msg::CampaignSentNotKept).to_owned()));
            }
            Some(Direct::Failed(ApiError::NoConnection)) => {
                lines.push((true, i18n.t(Msg::CampaignNoConnection).to_owned()))
            }
            Some(Direct::Failed(ApiError::Status {
                status, problem, ..
            })) => lines.push((
                true,
                refused(&SendFailure::Refused {
                    status,
                    problem: problem.map(|p| p.type_uri),
                    detail: String::new(),
                    answer_errors: Vec::new(),
                }),
            )),
            Some(Direct::Failed(ApiError::Unreadable(_))) => {
                lines.push((true, refused(&SendFailure::Unreadable)))
            }
            None => {}
        }
        view! {
            <div class="standing" role="status" aria-live="polite">
                {lines.into_iter().map(|(problem, text)| view! {
                    <p class:error=problem>{text}</p>
                }).collect_view()}
            </div>
        }
    }
}

fn focus_first_invalid() {
    // Runs after the error attributes were rendered.
    gloo_timers::callback::Timeout::new(0, move || {
        let target = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("[aria-invalid=\"true\"]").ok().flatten());
        if let Some(el) =
            target.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = el.focus();
        }
    })
    .forget();
}
