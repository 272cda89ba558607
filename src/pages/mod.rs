pub mod case;
pub mod cases;
pub mod drafts;
pub mod editor;
pub mod field_error;
pub mod follow;
pub mod settings;

use leptos::prelude::*;
use letterbox_core::outbox::SendFailure;
use letterbox_core::problem::ProblemKind;
use letterbox_core::PetitionKind;

use crate::i18n::{I18n, Msg};
use crate::store::StoreError;

pub fn kind_name(i18n: I18n, kind: Option<PetitionKind>) -> &'static str {
    kind_label(i18n.lang.get(), kind)
}

/// Like `kind_name`, for a language already read.
pub fn kind_label(lang: crate::i18n::Lang, kind: Option<PetitionKind>) -> &'static str {
    (match kind {
        Some(PetitionKind::Suggestion) => Msg::KindSuggestion,
        Some(PetitionKind::Report) => Msg::KindReport,
        Some(PetitionKind::Complaint) => Msg::KindComplaint,
        None => Msg::KindUnknown,
    })
    .text(lang)
}

/// Why the phone could not save, in words the resident can act on.
pub fn store_error_text(i18n: I18n, error: &StoreError) -> String {
    match error {
        StoreError::QuotaExceeded => i18n.t(Msg::StorageFull).to_owned(),
        StoreError::Unavailable(_) => i18n.t(Msg::StorageUnavailable).to_owned(),
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

#[component]
pub fn StoreProblem(error: StoreError) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    view! {
        <p class="error" role="alert">
            {move || i18n.tf(Msg::StoreError, &[("reason", &store_error_text(i18n, &error))])}
        </p>
    }
}

pub fn status_text(i18n: I18n, status: letterbox_core::CaseStatus) -> &'static str {
    status_label(i18n.lang.get(), status)
}

/// Like `status_text`, for a language already read.
pub fn status_label(lang: crate::i18n::Lang, status: letterbox_core::CaseStatus) -> &'static str {
    use letterbox_core::CaseStatus as S;
    (match status {
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
    })
    .text(lang)
}
