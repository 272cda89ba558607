//! A staff action on a case: its form on the case page, reading the posted
//! form into core's `CaseAction`, taking it (`POST
//! /staff/cases/{id}/actions`) through `lifecycle::record`, and the words
//! for a refusal of the rules.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use letterbox_core::lifecycle::{ActionKind, CaseAction, Channel, Outcome, Refusal};
use letterbox_core::limits::{CASE_NOTE_MAX_CHARS, EXTENSION_MAX_DAYS};
use maud::{html, Markup};
use uuid::Uuid;

use super::access::open_case;
use super::error::{DeskError, OrInternal};
use super::form::{Form, SessionForm};
use super::text::Lang;
use super::user::StaffUser;
use super::views;
use super::words;
use crate::catalogue::Catalogue;
use crate::error::ApiError;
use crate::lifecycle::{self, Author};
use crate::state::AppState;

/// The form for one action, with the fields that action needs.
pub fn action_form(
    catalogue: &Catalogue,
    lang: Lang,
    user: &StaffUser,
    id: Uuid,
    action: ActionKind,
) -> Markup {
    let name = action.as_str();
    let label = words::action(lang, action);
    let field_id = |field: &str| format!("{name}-{field}");
    html! {
        form.action method="post" action=(format!("/staff/cases/{id}/actions")) aria-label=(label) {
            (views::csrf_field(user))
            input type="hidden" name="action" value=(name);
            @if matches!(action, ActionKind::Assign | ActionKind::Transfer) {
                fieldset {
                    legend { (lang.t("field_departments")) }
                    @for d in &catalogue.categories.departments {
                        label {
                            input type="checkbox" name="departments" value=(d.code);
                            " "
                            (lang.pick(&d.name))
                        }
                    }
                }
            }
            @if action == ActionKind::NotAccept {
                label for=(field_id("channel")) { (lang.t("field_channel")) }
                select id=(field_id("channel")) name="channel" {
                    @for c in Channel::ALL {
                        option value=(c.as_str()) { (lang.t(&format!("channel_{}", c.as_str()))) }
                    }
                }
            }
            @if action == ActionKind::Extend {
                label for=(field_id("days")) { (lang.t("field_days")) }
                input id=(field_id("days")) name="days" type="number" min="1"
                    max=(EXTENSION_MAX_DAYS) required;
            }
            @if matches!(action, ActionKind::Reply | ActionKind::AnswerReview | ActionKind::AnswerRecheck) {
                label for=(field_id("outcome")) { (lang.t("field_outcome")) }
                select id=(field_id("outcome")) name="outcome" {
                    @for o in Outcome::ALL {
                        option value=(o.as_str()) { (lang.t(&format!("outcome_{}", o.as_str()))) }
                    }
                }
            }
            label for=(field_id("note")) { (lang.t("field_note")) }
            textarea id=(field_id("note")) name="note" maxlength=(CASE_NOTE_MAX_CHARS)
                required[action.needs_note()] {}
            p { button type="submit" { (label) } }
        }
    }
}

/// Why the rules refused, in the desk's language.
pub fn refusal_text(lang: Lang, r: &Refusal) -> String {
    match r {
        Refusal::WrongStage { action, status } => lang.tf(
            "refusal_wrong_stage",
            &[
                ("action", words::action(lang, *action)),
                ("status", words::status(lang, status.as_str())),
            ],
        ),
        Refusal::NotPermitted { action, role } => lang.tf(
            "refusal_not_permitted",
            &[
                ("action", words::action(lang, *action)),
                ("role", words::role(lang, *role)),
            ],
        ),
        Refusal::OtherDepartment => lang.t("refusal_other_department").to_owned(),
        Refusal::WindowClosed { closed_on } => {
            lang.tf("refusal_window_closed", &[("date", &closed_on.to_string())])
        }
        Refusal::AlreadyExtended => lang.t("refusal_already_extended").to_owned(),
        Refusal::NothingToRate => lang.t("refusal_nothing_to_rate").to_owned(),
        Refusal::AlreadyRated => lang.t("refusal_already_rated").to_owned(),
        Refusal::Invalid(why) => lang.t(&format!("invalid_{}", why.as_str())).to_owned(),
    }
}

/// Reads the action form into core's action; bad input is refused with the
/// key of the words that say why. Whether the action is allowed is core's
/// to say, not the form's.
fn action_from_form(form: &Form) -> Result<CaseAction, &'static str> {
    let kind = form
        .field("action")
        .and_then(ActionKind::parse)
        .ok_or("form_unknown_action")?;
    let outcome = || {
        form.field("outcome")
            .and_then(Outcome::parse)
            .ok_or("form_choose_outcome")
    };
    Ok(match kind {
        ActionKind::Register => CaseAction::Register,
        ActionKind::Assign => CaseAction::Assign {
            departments: form.all("departments"),
        },
        ActionKind::Transfer => CaseAction::Transfer {
            departments: form.all("departments"),
        },
        ActionKind::Accept => CaseAction::Accept,
        ActionKind::NotAccept => CaseAction::NotAccept {
            channel: form
                .field("channel")
                .and_then(Channel::parse)
                .ok_or("form_choose_channel")?,
        },
        ActionKind::Extend => CaseAction::Extend {
            days: form
                .field("days")
                .and_then(|d| d.trim().parse().ok())
                .ok_or("form_give_days")?,
        },
        ActionKind::Reply => CaseAction::Reply {
            outcome: outcome()?,
        },
        ActionKind::AnswerReview => CaseAction::AnswerReview {
            outcome: outcome()?,
        },
        ActionKind::AnswerRecheck => CaseAction::AnswerRecheck {
            outcome: outcome()?,
        },
        ActionKind::Close => CaseAction::Close,
        _ => return Err("form_not_staff_action"),
    })
}

/// Takes a staff action: 303 back to the case when done; otherwise the
/// reason, with 403 (role), 409 (stage or window) or 422 (input).
pub async fn act(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
    SessionForm(form): SessionForm,
) -> Result<Response, DeskError> {
    let lang = Lang::from_headers(&headers);
    let back = format!("/staff/cases/{id}");
    // A handler may not even learn whether another department's case exists.
    open_case(&state, &user, lang, id).await?;
    let action = action_from_form(&form)
        .map_err(|why| DeskError::unprocessable(lang, &user, lang.t(why)).back_to(&back))?;
    let note = form.field("note").unwrap_or("");
    let author = Author::staff(user.actor(), user.id);
    let mut tx = state.db.write.begin().await.or_internal(lang)?;
    crate::db::locks::hold(&mut tx, &crate::db::locks::case(id))
        .await
        .or_internal(lang)?;
    let today = lifecycle::today(&state);
    match lifecycle::record(&mut tx, &state, id, action, &author, note, today).await {
        Ok(_) => {
            tx.commit().await.or_internal(lang)?;
            Ok(Redirect::to(&back).into_response())
        }
        Err(ApiError::Refused(r)) => {
            let status =
                StatusCode::from_u16(r.problem_kind().status()).unwrap_or(StatusCode::CONFLICT);
            Err(DeskError::refused(lang, &user, status, refusal_text(lang, &r)).back_to(&back))
        }
        Err(e) => Err(DeskError::internal(lang, e)),
    }
}
