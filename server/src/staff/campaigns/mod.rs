//! Suggestion campaigns (征求意见) on the desk. Supervisors write,
//! publish, close and answer them; every staff member may read them and
//! their results, but only supervisors the answers to contact questions.
//! Every change goes through `crate::campaigns::change`, where core's
//! rules decide and the audit log is written.
//!
//! One module per use case: `list`, `form` (new and edit: the question
//! builder, without script; the posted fields and how they become core's
//! `Campaign` in `fields`), `page` (the campaign as a resident sees it,
//! its link and the actions), `actions` (publish, close, answer), `poster`
//! (the QR-code poster), `results` (counts and charts in `chart`, free
//! text), `photos` (those that came with a text), `export` (CSV). What they share is here: who may do what,
//! loading a campaign, its public link, and the words for core's names.

pub(super) mod actions;
mod chart;
pub(super) mod export;
mod fields;
pub(super) mod form;
pub(super) mod list;
pub(super) mod page;
pub(super) mod photos;
pub(super) mod poster;
pub(super) mod results;

use axum::http::{HeaderMap, StatusCode};
use letterbox_core::campaign::{Campaign, CampaignAction, CampaignState, Invalid, Phase, Refusal};
use letterbox_core::lifecycle::Role;
use letterbox_core::limits::{
    ANSWER_PHOTOS_MAX, CAMPAIGN_QUESTIONS_MAX, CAMPAIGN_SLUG_MAX_CHARS, CAMPAIGN_SLUG_MIN_CHARS,
    CHOICE_LABEL_MAX_CHARS, CHOICE_OPTIONS_MAX, CHOICE_OPTIONS_MIN, LONG_TEXT_MAX_CHARS,
    SHORT_TEXT_MAX_CHARS,
};

use super::error::{DeskError, OrInternal};
use super::text::Lang;
use super::user::StaffUser;
use crate::campaigns::ChangeError;
use crate::db;
use crate::state::AppState;

/// What a staff member may do with campaigns on the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Right {
    /// The list, a campaign, its poster, results and export.
    View,
    /// The answers to contact questions: they may name the resident.
    SeeContacts,
    /// Create, edit, publish, close, answer.
    Manage,
}

/// Clerks and handlers read; supervisors do everything. Core refuses a
/// change by anyone else too (`Campaign::may`); this decides what the
/// desk shows and opens.
pub fn may(role: Role, right: Right) -> bool {
    match right {
        Right::View => Role::STAFF.contains(&role),
        Right::SeeContacts | Right::Manage => role == Role::Supervisor,
    }
}

/// 403, with the desk's usual page, unless `user` has `right`.
pub fn require(lang: Lang, user: &StaffUser, right: Right) -> Result<(), DeskError> {
    if may(user.role, right) {
        Ok(())
    } else {
        Err(DeskError::forbidden(lang, user))
    }
}

/// The campaign `slug`, or the desk's 404 page.
pub async fn load(
    state: &AppState,
    user: &StaffUser,
    lang: Lang,
    slug: &str,
) -> Result<Campaign, DeskError> {
    let stored = db::campaigns::by_slug(&state.db.read, slug)
        .await
        .or_internal(lang)?
        .ok_or_else(|| not_found(lang, user))?;
    stored
        .campaign()
        .ok_or("campaigns.definition_json is unreadable")
        .or_internal(lang)
}

fn not_found(lang: Lang, user: &StaffUser) -> DeskError {
    DeskError::refused(
        lang,
        user,
        StatusCode::NOT_FOUND,
        lang.t("campaign_not_found"),
    )
}

/// The server's time, in Unix seconds, as core's campaign rules take it.
pub fn now(state: &AppState) -> i64 {
    state.clock.now().unix_timestamp()
}

/// The campaign's page on the desk.
pub fn href(slug: &str) -> String {
    format!("/staff/campaigns/{slug}")
}

/// The link residents open: the origin this desk was reached at, so it is
/// right behind whatever name the office serves it under. HTTPS only when
/// a proxy in front says so.
pub fn public_link(headers: &HeaderMap, slug: &str) -> String {
    format!("{}/c/{slug}", crate::campaign_page::origin(headers))
}

/// A refused or failed change as the desk's error page, with a link back
/// to `back`.
pub fn change_error(lang: Lang, user: &StaffUser, e: ChangeError, back: &str) -> DeskError {
    let refused = |status, text: String| DeskError::refused(lang, user, status, text).back_to(back);
    match e {
        ChangeError::Refused(Refusal::NotPermitted) => DeskError::forbidden(lang, user),
        ChangeError::Refused(r @ Refusal::Invalid(_)) => {
            refused(StatusCode::UNPROCESSABLE_ENTITY, refusal_text(lang, &r))
        }
        ChangeError::Refused(r) => refused(StatusCode::CONFLICT, refusal_text(lang, &r)),
        ChangeError::NotFound => not_found(lang, user),
        ChangeError::SlugTaken => {
            refused(StatusCode::CONFLICT, lang.t("campaign_slug_taken").into())
        }
        ChangeError::Api(e) => DeskError::internal(lang, e),
    }
}

/// Why core refused, in the desk's language.
pub fn refusal_text(lang: Lang, r: &Refusal) -> String {
    match r {
        Refusal::NotPermitted => lang.t("forbidden").to_owned(),
        Refusal::WrongState { action, state } => lang.tf(
            "campaign_wrong_state",
            &[
                ("action", action_words(lang, *action)),
                ("state", state_words(lang, *state)),
            ],
        ),
        Refusal::Invalid(problems) => problems
            .iter()
            .map(|p| invalid_text(lang, p.code))
            .collect::<Vec<_>>()
            .join(" "),
        Refusal::MeaningChanged => lang.t("campaign_meaning_changed").to_owned(),
    }
}

/// What is wrong with a definition, with the limits from core.
pub fn invalid_text(lang: Lang, code: Invalid) -> String {
    let n = |v: usize| v.to_string();
    let args: Vec<(&str, String)> = match code {
        Invalid::Slug => vec![
            ("min", n(CAMPAIGN_SLUG_MIN_CHARS)),
            ("max", n(CAMPAIGN_SLUG_MAX_CHARS)),
        ],
        Invalid::QuestionCount => vec![("max", n(CAMPAIGN_QUESTIONS_MAX))],
        Invalid::OptionCount => vec![
            ("min", n(CHOICE_OPTIONS_MIN)),
            ("max", n(CHOICE_OPTIONS_MAX)),
        ],
        Invalid::OptionLabel | Invalid::ScaleLabels => vec![("max", n(CHOICE_LABEL_MAX_CHARS))],
        Invalid::TextLimit => vec![
            ("short", n(SHORT_TEXT_MAX_CHARS)),
            ("long", n(LONG_TEXT_MAX_CHARS)),
        ],
        Invalid::PhotoCount => vec![("max", n(ANSWER_PHOTOS_MAX))],
        _ => Vec::new(),
    };
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    lang.tf(&format!("campaign_invalid_{}", code.as_str()), &args)
}

pub fn action_words(lang: Lang, action: CampaignAction) -> &'static str {
    lang.t(&format!("campaign_action_{}", action.as_str()))
}

pub fn state_words(lang: Lang, state: CampaignState) -> &'static str {
    lang.t(&format!("campaign_state_{}", state.as_str()))
}

/// Where the campaign stands now: draft, not open yet, open, closed.
pub fn phase_words(lang: Lang, campaign: &Campaign, now: i64) -> &'static str {
    lang.t(match campaign.phase(now) {
        Phase::Draft => "campaign_phase_draft",
        Phase::Upcoming => "campaign_phase_upcoming",
        Phase::Open { .. } => "campaign_phase_open",
        Phase::Closed { .. } => "campaign_phase_closed",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header;

    #[test]
    fn clerks_and_handlers_read_campaigns_and_only_supervisors_run_them() {
        for role in [Role::Clerk, Role::Handler] {
            assert!(may(role, Right::View));
            assert!(!may(role, Right::SeeContacts));
            assert!(!may(role, Right::Manage));
        }
        for right in [Right::View, Right::SeeContacts, Right::Manage] {
            assert!(may(Role::Supervisor, right));
            assert!(!may(Role::Resident, right));
            assert!(!may(Role::System, right));
        }
    }

    #[test]
    fn every_campaign_name_has_words_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            for code in Invalid::ALL {
                assert!(!invalid_text(lang, code).contains('?'), "{code:?}");
                assert!(!invalid_text(lang, code).contains('{'), "{code:?}");
            }
            for action in CampaignAction::ALL {
                assert_ne!(action_words(lang, action), "?");
            }
            for state in CampaignState::ALL {
                assert_ne!(state_words(lang, state), "?");
            }
        }
    }

    #[test]
    fn the_link_follows_the_host_and_the_proxys_scheme() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, "xinfang.example.cn".parse().unwrap());
        assert_eq!(
            public_link(&headers, "jfb-2026"),
            "http://xinfang.example.cn/c/jfb-2026"
        );
        headers.insert("x-forwarded-proto", "https".parse().unwrap());
        assert_eq!(
            public_link(&headers, "jfb-2026"),
            "https://xinfang.example.cn/c/jfb-2026"
        );
    }
}
