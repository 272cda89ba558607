//! Signing in and out, and choosing the desk's language. Every sign-in,
//! failed sign-in and sign-out is written to the audit log.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, Extensions, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;

use super::accounts;
use super::cookies;
use super::error::{DeskError, OrInternal};
use super::form::Form;
use super::session;
use super::text::Lang;
use super::user::StaffUser;
use super::views;
use crate::clock::rfc3339;
use crate::db::{self, audit::AuditEntry};
use crate::rate_limit::client_key;
use crate::state::AppState;

pub async fn login_form(headers: HeaderMap) -> Markup {
    views::login(Lang::from_headers(&headers), None)
}

pub async fn login(
    State(state): State<AppState>,
    extensions: Extensions,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, DeskError> {
    let lang = Lang::from_headers(&headers);
    let form = Form::parse(&body);
    let username = form.field("username").unwrap_or("").trim().to_owned();
    let password = form.field("password").unwrap_or("").to_owned();
    // Failed sign-ins are counted per address and name, and per name from
    // anywhere: guessing is slow, and one office behind one address is not
    // locked out by its own colleagues' successful sign-ins.
    let keys = [
        format!("{}|{username}", client_key(&extensions)),
        format!("user|{username}"),
    ];
    let now = state.clock.now();
    if let Some(secs) = keys.iter().find_map(|k| state.sign_ins.check(k, now).err()) {
        let text = lang.tf("too_many_attempts", &[("secs", &secs.to_string())]);
        return Ok((
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, secs.to_string())],
            views::login(lang, Some(text)),
        )
            .into_response());
    }
    let account = db::staff::credentials(&state.db.read, &username)
        .await
        .or_internal(lang)?;
    // An unknown name is checked against a decoy, so it takes as long as a
    // wrong password. Hashing runs on a blocking thread: it is slow on
    // purpose.
    let (id, stored) = account.map_or_else(
        || (None, accounts::decoy_hash().to_owned()),
        |a| (Some(a.id), a.password_hash),
    );
    let checked = stored.clone();
    let ok = tokio::task::spawn_blocking(move || accounts::verify_password(&password, &checked))
        .await
        .unwrap_or(false);
    let at = rfc3339(now);
    let (Some(id), true) = (id, ok) else {
        for k in &keys {
            // Over the limit already: the check above answers next time.
            let _ = state.sign_ins.hit(k, now);
        }
        audit(&state, &at, id, "sign_in_failed", &username).await;
        return Ok(sign_in_failed(lang));
    };
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
) -> Result<Response, DeskError> {
    let lang = Lang::from_headers(&headers);
    session::end(&state, &headers).await.or_internal(lang)?;
    let at = rfc3339(state.clock.now());
    audit(&state, &at, Some(user.id), "sign_out", "").await;
    Ok((
        [(header::SET_COOKIE, cookies::clear_session())],
        Redirect::to("/staff/login"),
    )
        .into_response())
}

/// Switches between Chinese and English, back to the page it came from.
pub async fn switch_language(headers: HeaderMap, body: Bytes) -> Response {
    let to = if Form::parse(&body).field("to") == Some("en") {
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
