//! Signing in and out, and choosing the desk's language. Every sign-in,
//! failed sign-in (for a name that follows the account rule) and sign-out
//! is written to the audit log. How often sign-in may be tried is
//! `crate::sign_in_throttle`.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use letterbox_core::limits::SIGN_IN_BUSY_RETRY_SECS;
use maud::Markup;

use super::accounts;
use super::cookies;
use super::error::{DeskError, OrInternal};
use super::form::{PublicForm, SessionForm};
use super::session;
use super::text::Lang;
use super::user::StaffUser;
use super::views;
use crate::client::ClientKey;
use crate::clock::rfc3339;
use crate::db::{self, audit::AuditEntry};
use crate::rate_limit::Refused;
use crate::state::AppState;

pub async fn login_form(headers: HeaderMap) -> Markup {
    views::login(Lang::from_headers(&headers), None)
}

pub async fn login(
    State(state): State<AppState>,
    client: ClientKey,
    headers: HeaderMap,
    PublicForm(form): PublicForm,
) -> Result<Response, DeskError> {
    let lang = Lang::from_headers(&headers);
    let username = form.field("username").unwrap_or("").trim().to_owned();
    let password = form.field("password").unwrap_or("").to_owned();
    // A name no account can have is refused at once: nothing is counted,
    // hashed or written to the audit log, so a flood of long or random
    // names costs the server nothing.
    if !accounts::is_username(&username) {
        return Ok(sign_in_failed(lang));
    }
    // Counted before the password is checked, so parallel guesses cannot
    // pass a limit that only a later count would have reached.
    let now = state.clock.now();
    let attempt = match state
        .sign_ins
        .begin(&state.db, &client, &username, now)
        .await
    {
        Ok(attempt) => attempt,
        Err(Refused::Database(e)) => return Err(e).or_internal(lang),
        Err(Refused::Wait(secs)) => {
            return Ok(wait(
                lang,
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                secs,
            ));
        }
    };
    let account = db::staff::credentials(&state.db.read, &username)
        .await
        .or_internal(lang)?;
    // An unknown name is checked against a decoy, so it takes as long as a
    // wrong password. The check runs on a password-check thread (it is
    // slow on purpose) and keeps it until it ends, even if the client
    // leaves.
    let (id, stored) = account.map_or_else(
        || (None, accounts::decoy_hash().to_owned()),
        |a| (Some(a.id), a.password_hash),
    );
    let checked = stored.clone();
    let verify = move || accounts::verify_password(&password, &checked);
    let Ok(ok) = state.sign_ins.password_checks().run(verify).await else {
        // Not given back, the attempt only counts as one more failure.
        if let Err(e) = state.sign_ins.not_checked(&state.db, attempt, now).await {
            tracing::warn!(error = %e, "a sign-in not checked was not given back");
        }
        return Ok(wait(
            lang,
            StatusCode::SERVICE_UNAVAILABLE,
            "sign_in_busy",
            SIGN_IN_BUSY_RETRY_SECS,
        ));
    };
    let at = rfc3339(now);
    let (Some(id), true) = (id, ok) else {
        // The attempt stays counted. The typed name is written only when
        // it is an account's: a password typed into the name box, or a
        // stranger's guess, is not kept.
        drop(attempt);
        let detail = if id.is_some() { username.as_str() } else { "" };
        audit(&state, &at, id, "sign_in_failed", detail).await;
        return Ok(sign_in_failed(lang));
    };
    // The right password signs in even if its count cannot be given back
    // (it then only counts as one more failure).
    if let Err(e) = state.sign_ins.succeeded(&state.db, attempt, now).await {
        tracing::warn!(error = %e, "a sign-in that succeeded was not given back");
    }
    // The session of the cookie presented ends: a new sign-in never
    // leaves an older session open behind it.
    session::end(&state, &headers).await.or_internal(lang)?;
    // `None`: the password changed (or the account was disabled) while it
    // was being checked, and the old password opens nothing.
    let Some(cookie) = session::start(&state, id, &stored)
        .await
        .or_internal(lang)?
    else {
        return Ok(sign_in_failed(lang));
    };
    audit(&state, &at, Some(id), "sign_in", "").await;
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/staff")).into_response())
}

/// The sign-in form again with "wait `secs` seconds" (429 or 503).
fn wait(lang: Lang, status: StatusCode, key: &str, secs: u64) -> Response {
    let text = lang.tf(key, &[("secs", &secs.to_string())]);
    (
        status,
        [(header::RETRY_AFTER, secs.to_string())],
        views::login(lang, Some(text)),
    )
        .into_response()
}

fn sign_in_failed(lang: Lang) -> Response {
    let text = lang.t("sign_in_failed").to_owned();
    (StatusCode::UNAUTHORIZED, views::login(lang, Some(text))).into_response()
}

/// Writes a sign-in or sign-out to the audit log. A failed write does not
/// stop the sign-in (the account's own state decides that), but it is
/// logged so a gap in the audit log never goes unnoticed.
async fn audit(state: &AppState, at: &str, staff_id: Option<i64>, action: &str, detail: &str) {
    let entry = AuditEntry {
        at,
        staff_id,
        action,
        petition: None,
        detail,
    };
    if let Err(e) = db::audit::record(&state.db.write, &entry).await {
        tracing::warn!("the audit log missed {action} of staff {staff_id:?}: {e}");
    }
}

pub async fn logout(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
    SessionForm(_): SessionForm,
) -> Result<Response, DeskError> {
    let lang = Lang::from_headers(&headers);
    session::end(&state, &headers).await.or_internal(lang)?;
    let at = rfc3339(state.clock.now());
    audit(&state, &at, Some(user.id), "sign_out", "").await;
    Ok((
        [(header::SET_COOKIE, session::session_cookie(&state).clear())],
        Redirect::to("/staff/login"),
    )
        .into_response())
}

/// Switches between Chinese and English, back to the page it came from.
pub async fn switch_language(headers: HeaderMap, PublicForm(form): PublicForm) -> Response {
    let to = if form.field("to") == Some("en") {
        Lang::En
    } else {
        Lang::Zh
    };
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.find("/staff").map(|i| r[i..].to_owned()))
        .unwrap_or_else(|| "/staff".into());
    (
        [(header::SET_COOKIE, cookies::set_language(to.cookie_value()))],
        Redirect::to(&back),
    )
        .into_response()
}
