//! What a supervisor does to a campaign from its page: publish it
//! (`POST /staff/campaigns/{slug}/publish`), close it early (`/close`),
//! and publish the office's answer after the close (`/answer`). Each goes
//! through `campaigns::change`, which asks core and writes the audit log;
//! a refused answer shows the page again with the words as typed.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use letterbox_core::campaign::{Refusal, Words};

use super::super::error::DeskError;
use super::super::form::SessionForm;
use super::super::text::Lang;
use super::super::user::StaffUser;
use super::page::{render, AnswerDraft};
use super::{change_error, href, load, refusal_text, require, Right};
use crate::campaigns::{change, Change, ChangeError, Staff};
use crate::state::AppState;

pub async fn publish(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
    Path(slug): Path<String>,
    SessionForm(_): SessionForm,
) -> Result<Response, DeskError> {
    take(&state, user, &headers, &slug, Change::Publish).await
}

pub async fn close(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
    Path(slug): Path<String>,
    SessionForm(_): SessionForm,
) -> Result<Response, DeskError> {
    take(&state, user, &headers, &slug, Change::Close).await
}

pub async fn answer(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
    Path(slug): Path<String>,
    SessionForm(form): SessionForm,
) -> Result<Response, DeskError> {
    let words = Words {
        zh: form.field("answer_zh").unwrap_or("").to_owned(),
        en: form.field("answer_en").unwrap_or("").to_owned(),
    };
    take(&state, user, &headers, &slug, Change::PublishAnswer(words)).await
}

/// Takes the change: 303 back to the campaign when done, else the desk's
/// error page (403 role, 409 state) or, for a refused answer, the page
/// again with the answer as typed (422).
async fn take(
    state: &AppState,
    user: StaffUser,
    headers: &HeaderMap,
    slug: &str,
    what: Change,
) -> Result<Response, DeskError> {
    let lang = Lang::from_headers(headers);
    let back = href(slug);
    require(lang, &user, Right::Manage)?;
    let typed = match &what {
        Change::PublishAnswer(words) => Some(words.clone()),
        _ => None,
    };
    let by = Staff {
        id: user.id,
        role: user.role,
    };
    match (change(state, &by, slug, what).await, typed) {
        (Ok(_), _) => Ok(Redirect::to(&back).into_response()),
        (Err(ChangeError::Refused(r @ Refusal::Invalid(_))), Some(words)) => {
            let campaign = load(state, &user, lang, slug).await?;
            let draft = AnswerDraft {
                words,
                problem: refusal_text(lang, &r),
            };
            let page = render(state, &user, lang, headers, &campaign, Some(&draft)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        (Err(e), _) => Err(change_error(lang, &user, e, &back)),
    }
}
