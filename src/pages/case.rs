use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_params_map, use_query_map};
use letterbox_core::api::FollowUp;
use letterbox_core::calendar::{Calendar, Date};
use letterbox_core::case::CaseRecord;
use letterbox_core::catalogue::Department;
use letterbox_core::deadlines::{deadlines, Party, RuleId};
use letterbox_core::draft::Draft;
use letterbox_core::lifecycle::{
    Actor, CaseAction, CaseEvent, Channel, Outcome, Refusal, Role, Satisfaction,
};
use letterbox_core::limits::{
    CASE_NOTE_MAX_CHARS, RATING_COMMENT_MAX_CHARS, RATING_SCORE_MAX, SUPPLEMENT_MAX_CHARS,
};
use letterbox_core::outbox::{OutboxRecord, OutboxState, QueuedFollowUp, SendFailure};
use letterbox_core::PetitionKind;
use uuid::Uuid;

use super::{failure_text, kind_name, status_text};
use crate::components::loaded::loaded;
use crate::i18n::{tr, trf, use_i18n, Arg, Lang, Msg};
use crate::store::{Store, StoreError};
use crate::sync::{announce, poke, use_sync};
use crate::time::now_ms;

#[derive(Clone, PartialEq)]
enum Found {
    Case(Box<Opened>),
    Waiting(OutboxRecord),
    Nothing,
}

/// A case as the page shows it: the case, what about it still waits on
/// this phone, department names, and a draft being added to it.
#[derive(Clone)]
struct Opened {
    /// The day the deadlines are counted from.
    today: Date,
    case: CaseRecord,
    pending: Vec<Pending>,
    departments: Vec<Department>,
    from_draft: Option<Draft>,
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
            && self.from_draft == other.from_draft
            && self.today == other.today
    }
}

/// A request about the case still on the phone: what it is and how it
/// stands (not its attempt count, which changes without news).
#[derive(Clone, PartialEq)]
struct Pending {
    request: FollowUp,
    state: OutboxState,
    failure: Option<SendFailure>,
}

/// What the resident is typing or choosing on the case page. It lives as
/// long as the page, so it survives the view being rebuilt when the case
/// changes underneath (a pull, another tab, a record landing).
#[derive(Clone, Copy)]
struct Typed {
    case: RwSignal<Option<Uuid>>,
    supplement: RwSignal<Option<String>>,
    review: RwSignal<Option<String>>,
    recheck: RwSignal<Option<String>>,
    withdraw: RwSignal<String>,
    withdraw_open: RwSignal<bool>,
    satisfaction: RwSignal<Option<Satisfaction>>,
    scores: [RwSignal<Option<u8>>; 3],
    comment: RwSignal<String>,
}

impl Typed {
    fn new() -> Self {
        Self {
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
        }
    }

    /// Another case opened in the same page: start blank.
    fn for_case(self, id: Uuid) {
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

/// One case: where it stands, what is due and by when, its history, what
/// the resident can do next, and exactly what the resident sent. All of it
/// from the phone's copy, so it works offline.
#[component]
pub fn CasePage() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let params = use_params_map();
    let query = use_query_map();
    // What the resident had seen before this visit, kept while the page is
    // open so the "updated" marks stay after the case is marked seen.
    let seen_before = StoredValue::new(None::<(Uuid, i64)>);
    let typed = Typed::new();
    provide_context(typed);
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
        Box::pin(async move {
            let Some(id) = id else {
                return Ok(Found::Nothing);
            };
            let store = Store::app().await?;
            if let Some(case) = store.case(id).await? {
                let pending = store
                    .outbox()
                    .await?
                    .into_iter()
                    .filter_map(|r| {
                        let f = r.follow_up_request().filter(|f| f.petition_id == id)?;
                        Some(Pending {
                            request: f.request.clone(),
                            state: r.state,
                            failure: r.last_error.clone(),
                        })
                    })
                    .collect();
                let departments = store
                    .catalogue()
                    .await?
                    .map(|c| c.categories.departments)
                    .unwrap_or_default();
                let from_draft = match add_from {
                    Some(d) => store.draft(d).await?,
                    None => None,
                };
                return Ok(Found::Case(Box::new(Opened {
                    today,
                    case,
                    pending,
                    departments,
                    from_draft,
                })));
            }
            Ok::<_, StoreError>(match store.outbox_record(id).await? {
                Some(record) if record.petition().is_some() => Found::Waiting(record),
                _ => Found::Nothing,
            })
        })
    });
    // Rebuilt only when what it shows changed: a sync pass that touched
    // other records leaves the page (and what is being typed) alone.
    let found = Memo::new(move |_| loaded_case.get());
    Effect::new(move |_| {
        let Some(Ok(Found::Case(opened))) = found.get() else {
            return;
        };
        let id = opened.case.id;
        typed.for_case(id);
        if seen_before.get_value().is_none_or(|(seen, _)| seen != id) {
            seen_before.set_value(Some((id, opened.case.seen_seq)));
        }
        // What arrives while the page is open is seen too (its mark stays
        // until the resident leaves the page).
        if !opened.case.is_updated() {
            return;
        }
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
                    // Before anything of this case renders: its own blank
                    // forms, and what was seen before this visit.
                    let id = opened.case.id;
                    typed.for_case(id);
                    if seen_before.get_value().is_none_or(|(seen, _)| seen != id) {
                        seen_before.set_value(Some((id, opened.case.seen_seq)));
                    }
                    let seen = seen_before
                        .get_value()
                        .filter(|(id, _)| *id == opened.case.id)
                        .map_or(opened.case.seen_seq, |(_, s)| s);
                    view! { <CaseView opened=*opened seen/> }.into_any()
                }
                Ok(Found::Waiting(record)) => {
                    let queued = record.queued_at_ms;
                    let failure = record.last_error.clone();
                    let (kind, title, body) = record
                        .petition()
                        .map(|p| (p.kind, p.title.clone(), p.body.clone()))
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
                Err(e) => view! { <super::StoreProblem error=e/> }.into_any(),
            })}
        <p><a href="/cases">{tr(Msg::BackToCases)}</a></p>
    }
}

/// The name of a pending request, for lists.
pub fn pending_kind(request: &FollowUp) -> Msg {
    match request {
        FollowUp::Withdraw { .. } => Msg::PendingWithdraw,
        FollowUp::RequestReview { .. } => Msg::PendingRequestReview,
        FollowUp::RequestRecheck { .. } => Msg::PendingRequestRecheck,
        FollowUp::Rate { .. } => Msg::PendingRate,
        FollowUp::Supplement { .. } => Msg::PendingSupplement,
    }
}

fn rule_msg(rule: RuleId) -> Msg {
    match rule {
        RuleId::RegisterAndAssign => Msg::RuleRegisterAndAssign,
        RuleId::DecideAcceptance => Msg::RuleDecideAcceptance,
        RuleId::ObjectToAssignment => Msg::RuleObjectToAssignment,
        RuleId::Reply => Msg::RuleReply,
        RuleId::RequestReview => Msg::RuleRequestReview,
        RuleId::AnswerReview => Msg::RuleAnswerReview,
        RuleId::RequestRecheck => Msg::RuleRequestRecheck,
        RuleId::AnswerRecheck => Msg::RuleAnswerRecheck,
    }
}

fn outcome_msg(o: Outcome) -> Msg {
    match o {
        Outcome::Supports => Msg::OutcomeSupports,
        Outcome::Explains => Msg::OutcomeExplains,
        Outcome::DoesNotSupport => Msg::OutcomeDoesNotSupport,
    }
}

fn satisfaction_msg(s: Satisfaction) -> Msg {
    match s {
        Satisfaction::Satisfied => Msg::SatisfactionSatisfied,
        Satisfaction::BasicallySatisfied => Msg::SatisfactionBasicallySatisfied,
        Satisfaction::Dissatisfied => Msg::SatisfactionDissatisfied,
    }
}

fn channel_msg(c: Channel) -> Msg {
    match c {
        Channel::Litigation => Msg::ChannelLitigation,
        Channel::Arbitration => Msg::ChannelArbitration,
        Channel::AdministrativeReview => Msg::ChannelAdministrativeReview,
        Channel::OtherAuthority => Msg::ChannelOtherAuthority,
    }
}

fn department_names(lang: Lang, codes: &[String], known: &[Department]) -> String {
    let names: Vec<&str> = codes
        .iter()
        .map(|c| {
            known
                .iter()
                .find(|d| &d.code == c)
                .map_or(c.as_str(), |d| match lang {
                    Lang::Zh => d.name.zh.as_str(),
                    Lang::En => d.name.en.as_str(),
                })
        })
        .collect();
    names.join(if lang == Lang::Zh { "、" } else { ", " })
}

/// One line of the timeline, in the resident's words.
fn event_text(lang: Lang, e: &CaseEvent, known: &[Department]) -> String {
    let fill = |msg: Msg, args: &[(&str, &str)]| crate::i18n::fill(msg.text(lang), args);
    match &e.action {
        CaseAction::Receive => fill(Msg::EventReceive, &[]),
        CaseAction::AttachmentsComplete => fill(Msg::EventAttachmentsComplete, &[]),
        CaseAction::Register => fill(Msg::EventRegister, &[]),
        CaseAction::Assign { departments } => fill(
            Msg::EventAssign,
            &[("departments", &department_names(lang, departments, known))],
        ),
        CaseAction::Transfer { departments } => fill(
            Msg::EventTransfer,
            &[("departments", &department_names(lang, departments, known))],
        ),
        CaseAction::Accept => fill(Msg::EventAccept, &[]),
        CaseAction::NotAccept { channel } => fill(
            Msg::EventNotAccept,
            &[("channel", channel_msg(*channel).text(lang))],
        ),
        CaseAction::Extend { days } => fill(Msg::EventExtend, &[("days", &days.to_string())]),
        CaseAction::Reply { outcome } => fill(
            Msg::EventReply,
            &[("outcome", outcome_msg(*outcome).text(lang))],
        ),
        CaseAction::Close => fill(Msg::EventClose, &[]),
        CaseAction::Withdraw => fill(Msg::EventWithdraw, &[]),
        CaseAction::RequestReview => fill(Msg::EventRequestReview, &[]),
        CaseAction::AnswerReview { outcome } => fill(
            Msg::EventAnswerReview,
            &[("outcome", outcome_msg(*outcome).text(lang))],
        ),
        CaseAction::RequestRecheck => fill(Msg::EventRequestRecheck, &[]),
        CaseAction::AnswerRecheck { outcome } => fill(
            Msg::EventAnswerRecheck,
            &[("outcome", outcome_msg(*outcome).text(lang))],
        ),
        CaseAction::Supplement { .. } => fill(Msg::EventSupplement, &[]),
        CaseAction::Rate { rating, .. } => fill(
            Msg::EventRate,
            &[(
                "satisfaction",
                satisfaction_msg(rating.satisfaction).text(lang),
            )],
        ),
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

/// Saves a request about the case in the outbox; the sync engine sends it.
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

/// A request saved on the phone: lists reload and the engine tries it now.
fn after_queue(
    result: Result<(), StoreError>,
    problem: RwSignal<Option<StoreError>>,
    sync: crate::sync::SyncState,
) {
    match result {
        Ok(()) => {
            sync.changed();
            announce();
            poke();
        }
        Err(e) => problem.set(Some(e)),
    }
}

#[component]
fn CaseView(opened: Opened, seen: i64) -> impl IntoView {
    let i18n = use_i18n();
    let Opened {
        today,
        case,
        pending,
        departments,
        from_draft,
    } = opened;
    let calendar = Calendar::china();
    let progress = case.progress();
    let running = deadlines(&progress, calendar);
    let resident = Actor::resident();
    let can = |a: &CaseAction| progress.check(a, &resident, "", today, calendar);
    let pending_requests: Vec<FollowUp> = pending.iter().map(|p| p.request.clone()).collect();
    let has_pending = |f: &dyn Fn(&FollowUp) -> bool| pending_requests.iter().any(f);

    // What the resident may rate: the latest answer, once.
    let rate_target = progress.last_answer_seq.filter(|seq| {
        !progress.rated.contains(seq)
            && !has_pending(
                &|f| matches!(f, FollowUp::Rate { answer_seq, .. } if answer_seq == seq),
            )
    });
    let my_rating = progress.last_answer_seq.and_then(|seq| {
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
                // A refused rating is not a rating.
                pending
                    .iter()
                    .filter(|p| p.state == OutboxState::Waiting)
                    .map(|p| &p.request)
                    .find_map(|f| match f {
                        FollowUp::Rate { answer_seq, rating } if *answer_seq == seq => {
                            Some(rating.satisfaction)
                        }
                        _ => None,
                    })
            })
    });
    let window_due = |rule: RuleId| running.iter().find(|d| d.rule == rule).map(|d| d.due);
    let review = match can(&CaseAction::RequestReview) {
        _ if has_pending(&|f| matches!(f, FollowUp::RequestReview { .. })) => None,
        Ok(_) => window_due(RuleId::RequestReview).map(|due| (true, Ok(due))),
        Err(Refusal::WindowClosed { closed_on }) => Some((true, Err(closed_on))),
        Err(_) => None,
    };
    let recheck = match can(&CaseAction::RequestRecheck) {
        _ if has_pending(&|f| matches!(f, FollowUp::RequestRecheck { .. })) => None,
        Ok(_) => window_due(RuleId::RequestRecheck).map(|due| (false, Ok(due))),
        Err(Refusal::WindowClosed { closed_on }) => Some((false, Err(closed_on))),
        Err(_) => None,
    };
    // A followed case is read here and acted on from the phone that sent it.
    let own = !case.followed;
    let can_withdraw = own
        && can(&CaseAction::Withdraw).is_ok()
        && !has_pending(&|f| matches!(f, FollowUp::Withdraw { .. }));
    // The same rule the office applies (any text will do for asking).
    let can_supplement = own
        && can(&CaseAction::Supplement {
            text: "…".into(),
            photos: 0,
        })
        .is_ok();
    let rate_target = rate_target.filter(|_| own);
    let review = review.filter(|_| own);
    let recheck = recheck.filter(|_| own);

    let number = case.case_number.clone();
    let received = case.received_at.clone();
    let status = case.status;
    let photo_progress =
        (!case.photos.is_empty()).then_some((case.photos_received.len(), case.photos.len()));
    let query_code = case.query_code.clone();
    let title = case.title.clone();
    let id = case.id;
    let events = case.events.clone();
    let known = departments.clone();

    view! {
        <h1>{case.title.clone()}</h1>
        <dl class="facts">
            <dt>{trf(Msg::CaseNumber, vec![("n", Arg::Text(number.clone()))])}</dt>
            <dd class="state">{move || status_text(i18n, status)}</dd>
            <dd>{trf(Msg::CaseReceivedAt, vec![("time", Arg::Time(received))])}</dd>
            {photo_progress.map(|(n, total)| view! {
                <dd>{trf(Msg::PhotosProgress, vec![
                    ("n", Arg::Number(n as u64)),
                    ("total", Arg::Number(total as u64)),
                ])}</dd>
            })}
            {query_code.map(|code| view! {
                <dd>{trf(Msg::QueryCode, vec![("code", Arg::Text(code))])}</dd>
                <dd class="hint">{tr(Msg::QueryCodeHint)}</dd>
            })}
        </dl>
        {(!running.is_empty()).then(|| view! {
            <section aria-labelledby="due-heading">
                <h2 id="due-heading">{tr(Msg::DeadlineHeading)}</h2>
                <ul class="deadlines">
                    {running.iter().map(|d| {
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
                        let rule_msg = rule_msg(d.rule);
                        let left = d.days_left(today);
                        let office = rule.party == Party::Office;
                        let overdue = office && d.overdue(today);
                        // A window of the resident's that passed has ended.
                        let ended = !office && d.passed(today);
                        let ended_on = d.due.to_string();
                        let extended = d.extended_by;
                        view! {
                            <li class:overdue=overdue>
                                <strong>{tr(rule_msg)}</strong>": "{line}
                                {(extended > 0).then(|| view! {
                                    " · "{trf(Msg::DeadlineExtended, vec![("n", Arg::Number(extended.into()))])}
                                })}
                                " · "
                                <span class="left">{
                                    if ended {
                                        trf(Msg::DeadlineEnded, vec![("date", Arg::Text(ended_on))]).into_any()
                                    } else if overdue {
                                        trf(Msg::DeadlineOverdue, vec![("n", Arg::Number((-left) as u64))]).into_any()
                                    } else if left == 0 {
                                        tr(Msg::DeadlineToday).into_any()
                                    } else {
                                        trf(Msg::DeadlineDaysLeft, vec![("n", Arg::Number(left.max(0) as u64))]).into_any()
                                    }
                                }</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
        <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{tr(Msg::TimelineHeading)}</h2>
            <ol class="timeline">
                {events.into_iter().map(|e| {
                    let fresh = e.seq > seen && Role::STAFF.contains(&e.actor);
                    let known = known.clone();
                    let at = e.at.clone();
                    let note = if e.actor == Role::Resident { own_text(&e) } else { e.note.clone() };
                    view! {
                        <li class:fresh=fresh>
                            {fresh.then(|| view! { <span class="badge">{tr(Msg::UpdatedMarker)}</span>" " })}
                            <time class="when">{trf(Msg::EventTime, vec![("time", Arg::Time(at))])}</time>
                            <strong>{move || event_text(i18n.lang.get(), &e, &known)}</strong>
                            {(!note.is_empty()).then(|| view! { <p class="note">{note}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
        {(!pending_requests.is_empty()).then(|| view! {
            <section aria-labelledby="pending-heading">
                <h2 id="pending-heading">{tr(Msg::PendingHeading)}</h2>
                <ul>
                    {pending.into_iter().map(|r| {
                        let kind = Some(pending_kind(&r.request));
                        let failure = r.failure.clone();
                        view! {
                            <li>
                                {kind.map(tr)}
                                {failure.map(|f| view! { " · "<span class="why">{move || super::follow_up_failure_text(i18n, &f)}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
        {(!own).then(|| view! { <p class="hint">{tr(Msg::FollowedNote)}</p> })}
        {my_rating.map(|s| view! {
            <p class="done">{move || i18n.tf(Msg::RateDone, &[("satisfaction", i18n.t(satisfaction_msg(s)))])}</p>
        })}
        {rate_target.map(|seq| view! { <RateForm case=id title=title.clone() answer_seq=seq/> })}
        {review.map(|(is_review, due)| view! {
            <ReviewForm case=id title=title.clone() number=number.clone() is_review due/>
        })}
        {recheck.map(|(is_review, due)| view! {
            <ReviewForm case=id title=title.clone() number=number.clone() is_review due/>
        })}
        {can_supplement.then(|| view! { <SupplementForm case=id title=title.clone() from_draft/> })}
        {can_withdraw.then(|| view! { <WithdrawForm case=id title=title.clone() number=number.clone()/> })}
        <Sent kind=case.kind body=case.body.clone()/>
    }
}

#[component]
fn RateForm(case: Uuid, title: String, answer_seq: i64) -> impl IntoView {
    let sync = use_sync();
    let i18n = use_i18n();
    let typed = expect_context::<Typed>();
    let (satisfaction, scores, comment) = (typed.satisfaction, typed.scores, typed.comment);
    let missing = RwSignal::new(false);
    let problem = RwSignal::new(None::<StoreError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(s) = satisfaction.get_untracked() else {
            missing.set(true);
            return;
        };
        let rating = letterbox_core::lifecycle::Rating {
            satisfaction: s,
            timeliness: scores[0].get_untracked(),
            attitude: scores[1].get_untracked(),
            result: scores[2].get_untracked(),
            comment: comment.get_untracked().trim().to_owned(),
        };
        let title = title.clone();
        busy.set(true);
        spawn_local(async move {
            let result = queue(case, title, FollowUp::Rate { answer_seq, rating }, None).await;
            if result.is_ok() {
                // A later answer (to a review) is rated afresh.
                satisfaction.set(None);
                for score in scores {
                    score.set(None);
                }
                comment.set(String::new());
            }
            if result.is_err() {
                busy.set(false);
            }
            after_queue(result, problem, sync);
        });
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
                {move || problem.get().map(|e| view! { <super::StoreProblem error=e/> })}
                <p><button type="submit" class="primary" disabled=move || busy.get()>{tr(Msg::RateSend)}</button></p>
            </form>
        </section>
    }
}

/// Review (Art. 35) or re-check (Art. 36): offered while the window is
/// open, prefilled from the case; once it closed, says so and why.
#[component]
fn ReviewForm(
    case: Uuid,
    title: String,
    number: String,
    is_review: bool,
    due: Result<Date, Date>,
) -> impl IntoView {
    let sync = use_sync();
    let i18n = use_i18n();
    let (heading, explain, closed, prefill, send, id) = if is_review {
        (
            Msg::ReviewHeading,
            Msg::ReviewExplain,
            Msg::ReviewClosed,
            Msg::ReviewPrefill,
            Msg::ReviewSend,
            "review",
        )
    } else {
        (
            Msg::RecheckHeading,
            Msg::RecheckExplain,
            Msg::RecheckClosed,
            Msg::RecheckPrefill,
            Msg::RecheckSend,
            "recheck",
        )
    };
    let typed = expect_context::<Typed>();
    let kept = if is_review {
        typed.review
    } else {
        typed.recheck
    };
    // Untouched, it says what the resident most likely means (in the
    // language shown); once edited, it keeps what they wrote.
    let (num, ttl) = (number.clone(), title.clone());
    let reason = Signal::derive(move || {
        kept.get()
            .unwrap_or_else(|| i18n.tf(prefill, &[("number", &num), ("title", &ttl)]))
    });
    let problem = RwSignal::new(None::<StoreError>);
    let busy = RwSignal::new(false);
    let (heading_id, field_id) = if id == "review" {
        ("review-heading", "review-reason")
    } else {
        ("recheck-heading", "recheck-reason")
    };
    match due {
        Err(closed_on) => view! {
            <section aria-labelledby=heading_id>
                <h2 id=heading_id>{tr(heading)}</h2>
                <p>{trf(closed, vec![("date", Arg::Text(closed_on.to_string()))])}</p>
            </section>
        }
        .into_any(),
        Ok(until) => {
            let submit = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                if busy.get_untracked() {
                    return;
                }
                let text = reason.get_untracked().trim().to_owned();
                // When it was asked counts, even if it reaches the office later.
                let requested_at = Some(String::from(js_sys::Date::new_0().to_iso_string()));
                let request = if is_review {
                    FollowUp::RequestReview {
                        reason: text,
                        requested_at,
                    }
                } else {
                    FollowUp::RequestRecheck {
                        reason: text,
                        requested_at,
                    }
                };
                let title = title.clone();
                busy.set(true);
                spawn_local(async move {
                    let result = queue(case, title, request, None).await;
                    if result.is_ok() {
                        kept.set(None);
                    }
                    if result.is_err() {
                        busy.set(false);
                    }
                    after_queue(result, problem, sync);
                });
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
                        {move || problem.get().map(|e| view! { <super::StoreProblem error=e/> })}
                        <p><button type="submit" class="primary" disabled=move || busy.get()>{tr(send)}</button></p>
                    </form>
                </section>
            }
            .into_any()
        }
    }
}

/// Adds words (and, from a draft, photos) to an open case.
#[component]
fn SupplementForm(case: Uuid, title: String, from_draft: Option<Draft>) -> impl IntoView {
    let sync = use_sync();
    let draft_id = from_draft.as_ref().map(|d| d.id);
    let draft_photos = match from_draft.as_ref().map(Draft::as_supplement) {
        Some(FollowUp::Supplement { text, photos }) => Some((text, photos)),
        _ => None,
    };
    let typed = expect_context::<Typed>();
    let from_text = draft_photos
        .as_ref()
        .map(|(t, _)| t.clone())
        .unwrap_or_default();
    let text = Signal::derive(move || typed.supplement.get().unwrap_or_else(|| from_text.clone()));
    let busy = RwSignal::new(false);
    let photos = draft_photos.map(|(_, p)| p).unwrap_or_default();
    let photo_count = photos.len();
    let empty = RwSignal::new(false);
    let problem = RwSignal::new(None::<StoreError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let words = text.get_untracked().trim().to_owned();
        if words.is_empty() {
            empty.set(true);
            return;
        }
        let request = FollowUp::Supplement {
            text: words,
            photos: photos.clone(),
        };
        let title = title.clone();
        busy.set(true);
        spawn_local(async move {
            let result = queue(case, title, request, draft_id).await;
            if result.is_ok() {
                typed.supplement.set(Some(String::new()));
            }
            if result.is_err() {
                busy.set(false);
            }
            after_queue(result, problem, sync);
        });
    };
    view! {
        <section aria-labelledby="supplement-heading" id="supplement">
            <h2 id="supplement-heading">{tr(Msg::SupplementHeading)}</h2>
            <form class="editor" on:submit=submit>
                <label for="supplement-text">{tr(Msg::SupplementText)}</label>
                <textarea id="supplement-text" maxlength=SUPPLEMENT_MAX_CHARS.to_string()
                    prop:value=move || text.get()
                    on:input=move |ev| { typed.supplement.set(Some(event_target_value(&ev))); empty.set(false); }></textarea>
                {(photo_count > 0).then(|| view! {
                    <p class="hint">{if photo_count == 1 {
                        tr(Msg::PhotosCountOne).into_any()
                    } else {
                        trf(Msg::PhotosCount, vec![("n", Arg::Number(photo_count as u64))]).into_any()
                    }}</p>
                })}
                {move || empty.get().then(|| view! { <p class="error" role="alert">{tr(Msg::SupplementEmpty)}</p> })}
                {move || problem.get().map(|e| view! { <super::StoreProblem error=e/> })}
                <p><button type="submit" class="primary" disabled=move || busy.get()>{tr(Msg::SupplementSend)}</button></p>
            </form>
        </section>
    }
}

/// Withdrawing asks once more before it is saved.
#[component]
fn WithdrawForm(case: Uuid, title: String, number: String) -> impl IntoView {
    let sync = use_sync();
    let typed = expect_context::<Typed>();
    let (confirming, reason) = (typed.withdraw_open, typed.withdraw);
    let problem = RwSignal::new(None::<StoreError>);
    let busy = RwSignal::new(false);
    // Keyboard focus follows the question: to "No, keep it" (the safe
    // answer) when it opens, back to "Withdraw…" when it closes.
    let keep = NodeRef::<leptos::html::Button>::new();
    let ask = NodeRef::<leptos::html::Button>::new();
    let asked = StoredValue::new(false);
    Effect::new(move |_| {
        let target = if confirming.get() {
            asked.set_value(true);
            keep.get()
        } else if asked.get_value() {
            ask.get()
        } else {
            // Not on page load: the page must not jump to this button.
            None
        };
        if let Some(button) = target {
            let _ = button.focus();
        }
    });
    let confirm = move |_| {
        if busy.get_untracked() {
            return;
        }
        let title = title.clone();
        let request = FollowUp::Withdraw {
            reason: reason.get_untracked().trim().to_owned(),
        };
        busy.set(true);
        spawn_local(async move {
            let result = queue(case, title, request, None).await;
            if result.is_ok() {
                confirming.set(false);
            }
            if result.is_err() {
                busy.set(false);
            }
            after_queue(result, problem, sync);
        });
    };
    view! {
        <section aria-labelledby="withdraw-heading">
            <h2 id="withdraw-heading">{tr(Msg::WithdrawHeading)}</h2>
            <p>{tr(Msg::WithdrawExplain)}</p>
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button type="button" node_ref=ask on:click=move |_| confirming.set(true)>{tr(Msg::WithdrawButton)}</button>
                }
            >
                <div class="editor" role="alertdialog" aria-labelledby="withdraw-question">
                    <p id="withdraw-question">{trf(Msg::WithdrawConfirm, vec![("number", Arg::Text(number.clone()))])}</p>
                    <label for="withdraw-reason">{tr(Msg::WithdrawReason)}</label>
                    <textarea id="withdraw-reason" maxlength=CASE_NOTE_MAX_CHARS.to_string()
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    <p>
                        <button type="button" disabled=move || busy.get() on:click=confirm.clone()>{tr(Msg::WithdrawYes)}</button>" "
                        <button type="button" node_ref=keep disabled=move || busy.get() on:click=move |_| confirming.set(false)>{tr(Msg::WithdrawNo)}</button>
                    </p>
                </div>
            </Show>
            {move || problem.get().map(|e| view! { <super::StoreProblem error=e/> })}
        </section>
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
