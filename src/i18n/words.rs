//! Every enum of the app and of core in the resident's words, in one place.
//!
//! Naming: `x_msg(x) -> Msg` is the key (no language read yet);
//! `x_text(i18n, x)` reads the language signal, so it is reactive inside a
//! view; `x_text_in(lang, x)` is the same for a language already read.

use leptos::prelude::*;
use letterbox_core::api::FollowUp;
use letterbox_core::catalogue::{Bilingual, Department};
use letterbox_core::lifecycle::{CaseAction, CaseEvent, Channel, Outcome, Satisfaction};
use letterbox_core::outbox::SendFailure;
use letterbox_core::problem::ProblemKind;
use letterbox_core::regulations::RuleId;
use letterbox_core::{CaseStatus, PetitionKind};

use super::{fill, I18n, Lang, Msg};
use crate::photos::PhotoRefusal;
use crate::store::StoreError;

pub fn kind_msg(kind: Option<PetitionKind>) -> Msg {
    match kind {
        Some(PetitionKind::Suggestion) => Msg::KindSuggestion,
        Some(PetitionKind::Report) => Msg::KindReport,
        Some(PetitionKind::Complaint) => Msg::KindComplaint,
        None => Msg::KindUnknown,
    }
}

pub fn kind_text(i18n: I18n, kind: Option<PetitionKind>) -> &'static str {
    kind_text_in(i18n.lang.get(), kind)
}

pub fn kind_text_in(lang: Lang, kind: Option<PetitionKind>) -> &'static str {
    kind_msg(kind).text(lang)
}

pub fn status_msg(status: CaseStatus) -> Msg {
    use CaseStatus as S;
    match status {
        S::ReceivingAttachments => Msg::StatusReceivingAttachments,
        S::Received => Msg::StatusReceived,
        S::Registered => Msg::StatusRegistered,
        S::Assigned => Msg::StatusAssigned,
        S::Handling => Msg::StatusHandling,
        S::NotAccepted => Msg::StatusNotAccepted,
        S::Replied => Msg::StatusReplied,
        S::ReviewRequested => Msg::StatusReviewRequested,
        S::ReviewAnswered => Msg::StatusReviewAnswered,
        S::RecheckRequested => Msg::StatusRecheckRequested,
        S::Final => Msg::StatusFinal,
        S::Closed => Msg::StatusClosed,
        S::Withdrawn => Msg::StatusWithdrawn,
    }
}

pub fn status_text(i18n: I18n, status: CaseStatus) -> &'static str {
    status_text_in(i18n.lang.get(), status)
}

pub fn status_text_in(lang: Lang, status: CaseStatus) -> &'static str {
    status_msg(status).text(lang)
}

/// Why the phone could not save, in words the resident can act on.
pub fn store_error_text(i18n: I18n, error: &StoreError) -> String {
    match error {
        StoreError::QuotaExceeded => i18n.t(Msg::StorageFull).to_owned(),
        StoreError::Unavailable(_) => i18n.t(Msg::StorageUnavailable).to_owned(),
        StoreError::Unreadable => i18n.t(Msg::StorageUnreadable).to_owned(),
        StoreError::Failed(reason) => i18n.tf(Msg::StorageFailed, &[("reason", reason)]),
    }
}

/// Why a record has not landed yet, and what the resident can do.
pub fn failure_text(i18n: I18n, failure: &SendFailure) -> String {
    match failure {
        SendFailure::NoConnection => i18n.tf(
            Msg::ProblemOther,
            &[("reason", i18n.t(Msg::FailureNoConnection))],
        ),
        SendFailure::Unreadable => i18n.tf(
            Msg::ProblemOther,
            &[("reason", i18n.t(Msg::FailureUnreadable))],
        ),
        // The office asked this phone to wait (its quota for the day, or
        // too many at once): nothing is wrong with what was written.
        SendFailure::Server { status: 429 } => i18n.t(Msg::FailureTooMany).to_owned(),
        SendFailure::Server { status: 503 } => {
            i18n.tf(Msg::ProblemOther, &[("reason", i18n.t(Msg::FailureBusy))])
        }
        SendFailure::Server { status } => {
            let reason = i18n.tf(Msg::FailureServer, &[("status", &status.to_string())]);
            i18n.tf(Msg::ProblemOther, &[("reason", &reason)])
        }
        SendFailure::Refused { status, .. } => match failure.problem_kind() {
            Some(ProblemKind::IdConflict) => i18n.t(Msg::ProblemConflict).to_owned(),
            Some(ProblemKind::Invalid) => i18n.t(Msg::ProblemInvalid).to_owned(),
            Some(ProblemKind::CaseState) => i18n.t(Msg::ProblemCaseState).to_owned(),
            _ => i18n.tf(Msg::ProblemRefused, &[("status", &status.to_string())]),
        },
    }
}

/// Like `failure_text`, for a request about a case (not a petition, so
/// "start a new petition" is not the way out).
pub fn follow_up_failure_text(i18n: I18n, failure: &SendFailure) -> String {
    match failure.problem_kind() {
        Some(ProblemKind::Invalid) | Some(ProblemKind::IdConflict) => {
            i18n.t(Msg::ProblemFollowUpInvalid).to_owned()
        }
        _ => failure_text(i18n, failure),
    }
}

/// The name of a request about a case, for lists of what waits.
pub fn follow_up_msg(request: &FollowUp) -> Msg {
    match request {
        FollowUp::Withdraw { .. } => Msg::PendingWithdraw,
        FollowUp::RequestReview { .. } => Msg::PendingRequestReview,
        FollowUp::RequestRecheck { .. } => Msg::PendingRequestRecheck,
        FollowUp::Rate { .. } => Msg::PendingRate,
        FollowUp::Supplement { .. } => Msg::PendingSupplement,
    }
}

pub fn rule_msg(rule: RuleId) -> Msg {
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

pub fn outcome_msg(o: Outcome) -> Msg {
    match o {
        Outcome::Supports => Msg::OutcomeSupports,
        Outcome::Explains => Msg::OutcomeExplains,
        Outcome::DoesNotSupport => Msg::OutcomeDoesNotSupport,
    }
}

pub fn satisfaction_msg(s: Satisfaction) -> Msg {
    match s {
        Satisfaction::Satisfied => Msg::SatisfactionSatisfied,
        Satisfaction::BasicallySatisfied => Msg::SatisfactionBasicallySatisfied,
        Satisfaction::Dissatisfied => Msg::SatisfactionDissatisfied,
    }
}

pub fn channel_msg(c: Channel) -> Msg {
    match c {
        Channel::Litigation => Msg::ChannelLitigation,
        Channel::Arbitration => Msg::ChannelArbitration,
        Channel::AdministrativeReview => Msg::ChannelAdministrativeReview,
        Channel::OtherAuthority => Msg::ChannelOtherAuthority,
    }
}

/// A name from the reference lists in the language shown.
pub fn local_name(lang: Lang, name: &Bilingual) -> String {
    local_name_ref(lang, name).to_owned()
}

fn local_name_ref(lang: Lang, name: &Bilingual) -> &str {
    match lang {
        Lang::Zh => &name.zh,
        Lang::En => &name.en,
    }
}

/// Departments by name (their code when the list does not know them).
pub fn department_names(lang: Lang, codes: &[String], known: &[Department]) -> String {
    let names: Vec<&str> = codes
        .iter()
        .map(|c| {
            known
                .iter()
                .find(|d| &d.code == c)
                .map_or(c.as_str(), |d| local_name_ref(lang, &d.name))
        })
        .collect();
    names.join(if lang == Lang::Zh { "、" } else { ", " })
}

/// One line of a case's timeline, in the resident's words.
pub fn event_text_in(lang: Lang, e: &CaseEvent, known: &[Department]) -> String {
    let line = |msg: Msg, args: &[(&str, &str)]| fill(msg.text(lang), args);
    match &e.action {
        CaseAction::Receive => line(Msg::EventReceive, &[]),
        CaseAction::AttachmentsComplete => line(Msg::EventAttachmentsComplete, &[]),
        CaseAction::Register => line(Msg::EventRegister, &[]),
        CaseAction::Assign { departments } => line(
            Msg::EventAssign,
            &[("departments", &department_names(lang, departments, known))],
        ),
        CaseAction::Transfer { departments } => line(
            Msg::EventTransfer,
            &[("departments", &department_names(lang, departments, known))],
        ),
        CaseAction::Accept => line(Msg::EventAccept, &[]),
        CaseAction::NotAccept { channel } => line(
            Msg::EventNotAccept,
            &[("channel", channel_msg(*channel).text(lang))],
        ),
        CaseAction::Extend { days } => line(Msg::EventExtend, &[("days", &days.to_string())]),
        CaseAction::Reply { outcome } => line(
            Msg::EventReply,
            &[("outcome", outcome_msg(*outcome).text(lang))],
        ),
        CaseAction::Close => line(Msg::EventClose, &[]),
        CaseAction::Withdraw => line(Msg::EventWithdraw, &[]),
        CaseAction::RequestReview => line(Msg::EventRequestReview, &[]),
        CaseAction::AnswerReview { outcome } => line(
            Msg::EventAnswerReview,
            &[("outcome", outcome_msg(*outcome).text(lang))],
        ),
        CaseAction::RequestRecheck => line(Msg::EventRequestRecheck, &[]),
        CaseAction::AnswerRecheck { outcome } => line(
            Msg::EventAnswerRecheck,
            &[("outcome", outcome_msg(*outcome).text(lang))],
        ),
        CaseAction::Supplement { .. } => line(Msg::EventSupplement, &[]),
        CaseAction::Rate { rating, .. } => line(
            Msg::EventRate,
            &[(
                "satisfaction",
                satisfaction_msg(rating.satisfaction).text(lang),
            )],
        ),
    }
}

/// What is wrong with an answer to a campaign's question (core's
/// `AnswerError`), saying what to do.
pub fn answer_error_text(lang: Lang, error: &letterbox_core::campaign::AnswerError) -> String {
    use letterbox_core::campaign::AnswerInvalid as A;
    let msg = match error.code {
        A::Required => Msg::AnswerErrRequired,
        A::UnknownOption => Msg::AnswerErrOption,
        A::TooManyPicks => Msg::AnswerErrTooMany,
        A::OutOfScale => Msg::AnswerErrScale,
        A::TooLong => Msg::ErrTooLong,
        A::InvalidCharacters => Msg::ErrInvalidCharacters,
        A::Photos => Msg::AnswerErrPhotos,
        A::UnknownQuestion | A::Duplicate | A::WrongType => Msg::AnswerErrMismatch,
    };
    let n = error.limit.unwrap_or_default().to_string();
    fill(msg.text(lang), &[("n", &n)])
}

/// Why a picked photo was not added, and the number its words name.
pub fn photo_refusal(refusal: PhotoRefusal) -> (Msg, u64) {
    use letterbox_core::limits::{PHOTOS_MAX, PHOTO_INPUT_MAX_BYTES, PHOTO_INPUT_MAX_PIXELS};
    match refusal {
        PhotoRefusal::TooLarge => (Msg::PhotoTooLarge, PHOTO_INPUT_MAX_BYTES / (1024 * 1024)),
        PhotoRefusal::NotImage => (Msg::PhotoNotImage, 0),
        PhotoRefusal::Heic => (Msg::PhotoHeic, 0),
        PhotoRefusal::CannotDecode => (Msg::PhotoCannotDecode, 0),
        PhotoRefusal::TooManyPixels => {
            (Msg::PhotoTooManyPixels, PHOTO_INPUT_MAX_PIXELS / 1_000_000)
        }
        PhotoRefusal::TooBigAfter => (Msg::PhotoTooBigAfter, 0),
        PhotoRefusal::Full => (Msg::PhotoFull, PHOTOS_MAX as u64),
    }
}
