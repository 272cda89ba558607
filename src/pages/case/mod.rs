//! One case: where it stands, what is due and by when, its history, what
//! the resident can do next, and exactly what the resident sent. All of it
//! from the phone's copy, so it works offline.
//!
//! This module loads the case (or the petition still waiting to be sent)
//! and remembers what the resident had seen before this visit; `summary`
//! shows the case and `forms` holds what the resident can do. Which forms
//! are offered, and where each deadline stands, core decides.

mod forms;
mod summary;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_params_map, use_query_map};
use letterbox_core::api::FollowUp;
use letterbox_core::calendar::{Calendar, Date};
use letterbox_core::case::CaseRecord;
use letterbox_core::catalogue::Department;
use letterbox_core::deadlines::deadlines;
use letterbox_core::PetitionKind;
use uuid::Uuid;

use crate::components::lazy::{lazy_view, prefetch};
use crate::components::loaded::loaded;
use crate::i18n::words::failure_text;
use crate::i18n::{tr, trf, use_i18n, Arg, Msg};
use crate::pages::StoreProblem;
use crate::store::{OutboxSummary, Store, StoreError};
use crate::sync::{announce, use_sync};
use forms::{load_actions, CaseForms, Subject};
use summary::{my_rating, Deadlines, Facts, Pending, PendingRequests, RatingDone, Sent, Timeline};

#[derive(Clone, PartialEq)]
enum Found {
    Case(Box<Opened>),
    Waiting(Box<OutboxSummary>),
    Nothing,
}

/// A case as the page shows it: the case, what about it still waits on
/// this phone, department names, and the id of a draft being added to it
/// (the forms read the draft).
#[derive(Clone)]
struct Opened {
    /// The day the deadlines are counted from.
    today: Date,
    case: CaseRecord,
    pending: Vec<Pending>,
    departments: Vec<Department>,
    add_from: Option<Uuid>,
}

/// Marking the case seen changes nothing on screen (the marks of this visit
/// stay), so it must not rebuild the page and take the focus away.
impl PartialEq for Opened {
    fn eq(&self, other: &Self) -> bool {
        let unseen = |c: &CaseRecord| CaseRecord {
            seen_seq: 0,
            ..c.clone()
        };
        unseen(&self.case) == unseen(&other.case)
            && self.pending == other.pending
            && self.departments == other.departments
            && self.add_from == other.add_from
            && self.today == other.today
    }
}

/// What outlives a rebuild of the page: the forms being filled in, and what
/// the resident had seen of the case before this visit, kept while the page
/// is open so the "updated" marks stay after the case is marked seen.
#[derive(Clone, Copy)]
struct Visit {
    forms: CaseForms,
    seen_before: StoredValue<Option<(Uuid, i64)>>,
}

impl Visit {
    /// Called before anything of the case renders and before it is marked
    /// seen, whichever comes first: a newly opened case gets blank forms and
    /// its seen mark is kept. Returns the mark of before this visit.
    fn open(self, case: &CaseRecord) -> i64 {
        self.forms.for_case(case.id);
        match self.seen_before.get_value() {
            Some((id, seen)) if id == case.id => seen,
            _ => {
                self.seen_before.set_value(Some((case.id, case.seen_seq)));
                case.seen_seq
            }
        }
    }
}

#[component]
pub fn CasePage() -> impl IntoView {
    // The forms' split module is fetched while the case is read.
    prefetch(load_actions());
    let i18n = use_i18n();
    let sync = use_sync();
    let params = use_params_map();
    let query = use_query_map();
    let visit = Visit {
        forms: CaseForms::provide(),
        seen_before: StoredValue::new(None),
    };
    let loaded_case = loaded(move || {
        sync.revision.track();
        // Past midnight the days left change: read the case again.
        let today = sync.today.get();
        let id = params
            .read()
            .get("id")
            .and_then(|s| Uuid::parse_str(&s).ok());
        let add_from = query
            .read()
            .get("add_from")
            .and_then(|s| Uuid::parse_str(&s).ok());
        Box::pin(load(id, add_from, today))
    });
    // Rebuilt only when what it shows changed: a sync pass that touched
    // other records leaves the page (and what is being typed) alone.
    let found = Memo::new(move |_| loaded_case.get());
    Effect::new(move |_| {
        let Some(Ok(Found::Case(opened))) = found.get() else {
            return;
        };
        visit.open(&opened.case);
        // What arrives while the page is open is seen too (its mark stays
        // until the resident leaves the page).
        if !opened.case.is_updated() {
            return;
        }
        let id = opened.case.id;
        spawn_local(async move {
            if let Ok(store) = Store::app().await {
                if let Ok(true) = store.mark_seen(id).await {
                    sync.changed();
                    announce();
                }
            }
        });
    });
    view! {
        {move || found.get().map(|result| match result {
                Ok(Found::Case(opened)) => {
                    let seen = visit.open(&opened.case);
                    view! { <CaseView opened=*opened seen/> }.into_any()
                }
                Ok(Found::Waiting(record)) => {
                    let queued = record.queued_at_ms;
                    let failure = record.last_error.clone();
                    let (kind, title, body) = record
                        .petition
                        .map(|p| (p.kind, p.title, p.body))
                        .unwrap_or((PetitionKind::Suggestion, String::new(), String::new()));
                    view! {
                        <h1>{title}</h1>
                        <dl class="facts">
                            <dt>{tr(Msg::StatusWaiting)}</dt>
                            <dd>{trf(Msg::CaseSavedAt, vec![("time", Arg::TimeMs(queued))])}</dd>
                            {failure.map(|f| view! { <dd class="why">{move || failure_text(i18n, &f)}</dd> })}
                        </dl>
                        <Sent kind body/>
                    }.into_any()
                }
                Ok(Found::Nothing) => view! { <p>{tr(Msg::CaseNotFound)}</p> }.into_any(),
                Err(e) => view! { <StoreProblem error=e/> }.into_any(),
            })}
        <p><a href="/cases">{tr(Msg::BackToCases)}</a></p>
    }
}

/// The case with what waits about it on this phone, else the petition
/// still in the outbox.
async fn load(id: Option<Uuid>, add_from: Option<Uuid>, today: Date) -> Result<Found, StoreError> {
    let Some(id) = id else {
        return Ok(Found::Nothing);
    };
    let store = Store::app().await?;
    if let Some(case) = store.case(id).await? {
        let pending = store
            .outbox_summaries()
            .await?
            .into_iter()
            .filter_map(|r| {
                let f = r.follow_up.filter(|f| f.petition_id == id)?;
                Some(Pending {
                    request: f.request,
                    state: r.state,
                    failure: r.last_error,
                })
            })
            .collect();
        let departments = store.departments().await?;
        return Ok(Found::Case(Box::new(Opened {
            today,
            case,
            pending,
            departments,
            add_from,
        })));
    }
    Ok(match store.outbox_summary(id).await? {
        Some(record) if record.petition.is_some() => Found::Waiting(Box::new(record)),
        _ => Found::Nothing,
    })
}

#[component]
fn CaseView(opened: Opened, seen: i64) -> impl IntoView {
    let Opened {
        today,
        case,
        pending,
        departments,
        add_from,
    } = opened;
    let calendar = Calendar::china();
    let running = deadlines(&case.progress(), calendar);
    let waiting: Vec<FollowUp> = pending.iter().map(|p| p.request.clone()).collect();
    let options = case.resident_options(&waiting, today, calendar);
    let rating = my_rating(&case, &pending);
    let subject = Subject {
        id: case.id,
        title: case.title.clone(),
        number: case.case_number.clone(),
    };
    let (kind, body, events, followed) = (
        case.kind,
        case.body.clone(),
        case.events.clone(),
        case.followed,
    );
    view! {
        <Facts case/>
        <Deadlines running today/>
        <Timeline events seen departments/>
        <PendingRequests pending/>
        // A followed case is read here and acted on from the phone that sent it.
        {followed.then(|| view! { <p class="hint">{tr(Msg::FollowedNote)}</p> })}
        {rating.map(|satisfaction| view! { <RatingDone satisfaction/> })}
        {(!options.is_empty()).then(|| lazy_view(load_actions(), (subject, options, add_from)))}
        <Sent kind body/>
    }
}
