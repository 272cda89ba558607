//! What the resident can do on the case page: rate the answer, ask for a
//! review or re-check, add to the case, withdraw it. Each form saves one
//! request in the outbox through `Sending::submit`; the sync engine sends
//! it. What is typed lives in `CaseForms`, for as long as the page.
//!
//! The forms and what they queue are a split module of their own
//! (`load_actions`, issue 12): the case reads before they are in, and
//! `CasePage` starts fetching them at once. `CaseForms` and `Subject`
//! stay with the page, which keeps what is typed across rebuilds.

pub mod appeal;
pub mod rate;
pub mod supplement;
pub mod withdraw;

use leptos::prelude::*;
use leptos::task::spawn_local;
use letterbox_core::api::FollowUp;
use letterbox_core::lifecycle::{Appeal, ResidentOptions, Satisfaction};
use letterbox_core::outbox::{OutboxRecord, QueuedFollowUp};
use uuid::Uuid;

use crate::components::lazy::nested_split_point;
use crate::components::loaded::loaded;
use crate::pages::StoreProblem;
use crate::store::{Store, StoreError};
use crate::sync::{announce, poke, use_sync, SyncState};
use crate::time::now_ms;

use appeal::AppealForm;
use rate::RateForm;
use supplement::SupplementForm;
use withdraw::WithdrawForm;

/// What the forms are drawn from: the case, what core says the resident
/// may do now, and the id of a draft being added to the case.
pub type ActionsArgs = (Subject, ResidentOptions, Option<Uuid>);

nested_split_point! {
    pub fn load_actions() -> fn(ActionsArgs) -> AnyView {
        |(case, options, add_from)| view! { <Actions case options add_from/> }.into_any()
    }
}

/// The forms core offers for the case, in the order a case moves.
#[component]
fn Actions(case: Subject, options: ResidentOptions, add_from: Option<Uuid>) -> impl IntoView {
    // The draft being added is read here, in this split module: read by
    // the page, its decoder was in the case page's download (issue 12).
    let supplement = options.supplement.then(|| match add_from {
        None => view! { <SupplementForm case=case.clone() from_draft=None/> }.into_any(),
        Some(id) => {
            let draft =
                loaded(move || Box::pin(async move { Store::app().await?.draft(id).await }));
            let case = case.clone();
            (move || {
                draft.get().map(|read| match read {
                    Ok(from_draft) => {
                        view! { <SupplementForm case=case.clone() from_draft/> }.into_any()
                    }
                    Err(error) => view! { <StoreProblem error/> }.into_any(),
                })
            })
            .into_any()
        }
    });
    view! {
        {options.rate.map(|answer_seq| view! { <RateForm case=case.clone() answer_seq/> })}
        {options.review.map(|window| view! {
            <AppealForm case=case.clone() appeal=Appeal::Review window/>
        })}
        {options.recheck.map(|window| view! {
            <AppealForm case=case.clone() appeal=Appeal::Recheck window/>
        })}
        {supplement}
        {options.withdraw.then(|| view! { <WithdrawForm case=case.clone()/> })}
    }
}

/// The case a form acts on, as the outbox and its lists name it.
#[derive(Debug, Clone, PartialEq)]
pub struct Subject {
    pub id: Uuid,
    pub title: String,
    pub number: String,
}

/// What the resident is typing or choosing on the case page. It lives as
/// long as the page, so it survives the view being rebuilt when the case
/// changes underneath (a pull, another tab, a record landing).
#[derive(Clone, Copy)]
pub struct CaseForms {
    case: RwSignal<Option<Uuid>>,
    pub supplement: RwSignal<Option<String>>,
    pub review: RwSignal<Option<String>>,
    pub recheck: RwSignal<Option<String>>,
    pub withdraw: RwSignal<String>,
    pub withdraw_open: RwSignal<bool>,
    pub satisfaction: RwSignal<Option<Satisfaction>>,
    pub scores: [RwSignal<Option<u8>>; 3],
    pub comment: RwSignal<String>,
}

impl CaseForms {
    /// Blank forms, shared with the forms below through the context.
    pub fn provide() -> Self {
        let forms = Self {
            case: RwSignal::new(None),
            supplement: RwSignal::new(None),
            review: RwSignal::new(None),
            recheck: RwSignal::new(None),
            withdraw: RwSignal::new(String::new()),
            withdraw_open: RwSignal::new(false),
            satisfaction: RwSignal::new(None),
            scores: [
                RwSignal::new(None),
                RwSignal::new(None),
                RwSignal::new(None),
            ],
            comment: RwSignal::new(String::new()),
        };
        provide_context(forms);
        forms
    }

    pub fn get() -> Self {
        expect_context::<Self>()
    }

    /// Another case opened in the same page: start blank.
    pub fn for_case(self, id: Uuid) {
        if self.case.get_untracked() == Some(id) {
            return;
        }
        self.case.set(Some(id));
        self.supplement.set(None);
        self.review.set(None);
        self.recheck.set(None);
        self.withdraw.set(String::new());
        self.withdraw_open.set(false);
        self.satisfaction.set(None);
        for s in self.scores {
            s.set(None);
        }
        self.comment.set(String::new());
    }
}

/// One form's sending: busy while its request is being saved (and, after
/// a success, until the page replaces the form), and why saving failed.
#[derive(Clone, Copy)]
pub struct Sending {
    busy: RwSignal<bool>,
    problem: RwSignal<Option<StoreError>>,
    sync: SyncState,
}

impl Sending {
    pub fn new() -> Self {
        Self {
            busy: RwSignal::new(false),
            problem: RwSignal::new(None),
            sync: use_sync(),
        }
    }

    /// Whether the form's buttons are disabled; reactive.
    pub fn busy(self) -> bool {
        self.busy.get()
    }

    /// Saves a request about `case` in the outbox, unless one from this
    /// form is being saved. `request` builds it from what was typed (None
    /// when the input is not ready; it says why itself); `sent` runs once it
    /// is saved, before lists reload and the engine tries it. On failure the
    /// form can be used again and shows why.
    pub fn submit(
        self,
        case: &Subject,
        from_draft: Option<Uuid>,
        request: impl FnOnce() -> Option<FollowUp>,
        sent: impl FnOnce() + 'static,
    ) {
        if self.busy.get_untracked() {
            return;
        }
        let Some(request) = request() else {
            return;
        };
        let (id, title) = (case.id, case.title.clone());
        self.busy.set(true);
        spawn_local(async move {
            match queue(id, title, request, from_draft).await {
                Ok(()) => {
                    sent();
                    self.sync.changed();
                    announce();
                    poke();
                }
                Err(e) => {
                    self.busy.set(false);
                    self.problem.set(Some(e));
                }
            }
        });
    }
}

/// Why the form's last request could not be saved, if it could not.
#[component]
pub fn SendProblem(sending: Sending) -> impl IntoView {
    move || {
        sending
            .problem
            .get()
            .map(|e| view! { <StoreProblem error=e/> })
    }
}

/// Saves a request about the case in the outbox (and, for a supplement
/// made from a draft, removes the draft in the same transaction).
async fn queue(
    case: Uuid,
    title: String,
    request: FollowUp,
    from_draft: Option<Uuid>,
) -> Result<(), StoreError> {
    let store = Store::app().await?;
    let record = OutboxRecord::follow_up(
        Uuid::now_v7(),
        QueuedFollowUp {
            petition_id: case,
            case_title: title,
            request,
        },
        now_ms(),
    );
    store.queue_follow_up(&record, from_draft).await
}
