//! Staff sessions: a random token in an HttpOnly, SameSite=Strict cookie
//! scoped to `/staff`; the server keeps only its SHA-256 and an expiry. A
//! resident's bearer token is never looked at here, so it opens nothing.
//! `StaffUser` is extracted here: a desk handler that takes one is signed
//! in.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use letterbox_core::lifecycle::Role;
use time::Duration;

use super::cookies::{self, SESSION_COOKIE};
use super::text::Lang;
use super::user::StaffUser;
use super::views;
use crate::auth::{new_token, token_hash};
use crate::clock::rfc3339;
use crate::db;
use crate::state::AppState;

/// A working day and a bit; then sign in again.
pub const SESSION_HOURS: i64 = 12;

/// Starts a session; returns the `Set-Cookie` value, or `None` when the
/// account changed since its password was checked (a new password, or
/// disabled meanwhile): then the sign-in does not count.
pub async fn start(
    state: &AppState,
    staff_id: i64,
    verified_hash: &str,
) -> Result<Option<String>, sqlx::Error> {
    let token = new_token();
    let now = state.clock.now();
    let session = db::staff::NewSession {
        token_hash: &token_hash(&token),
        staff_id,
        created_at: &rfc3339(now),
        expires_at: &rfc3339(now + Duration::hours(SESSION_HOURS)),
        verified_hash,
    };
    let started = db::staff::start_session(&state.db.write, &session).await?;
    Ok(started.then(|| cookies::set_session(&token, SESSION_HOURS * 3600)))
}

/// Ends the request's session, if it has one.
pub async fn end(state: &AppState, headers: &HeaderMap) -> Result<(), sqlx::Error> {
    if let Some(token) = cookies::cookie(headers, SESSION_COOKIE) {
        db::staff::end_session(&state.db.write, &token_hash(&token)).await?;
    }
    Ok(())
}

/// Not signed in: pages send the browser to the sign-in form, and any other
/// request is simply unauthorised.
pub enum NotSignedIn {
    ToSignIn,
    Unauthorized(Lang),
    Unavailable(Lang),
}

impl IntoResponse for NotSignedIn {
    fn into_response(self) -> Response {
        match self {
            Self::ToSignIn => Redirect::to("/staff/login").into_response(),
            Self::Unauthorized(lang) => {
                let body = views::message(
                    lang,
                    None,
                    lang.t("sign_in"),
                    lang.t("sign_in_again"),
                    Some(("/staff/login", lang.t("sign_in"))),
                );
                (StatusCode::UNAUTHORIZED, body).into_response()
            }
            Self::Unavailable(lang) => {
                let body = views::message(
                    lang,
                    None,
                    lang.t("refused_title"),
                    lang.t("try_again"),
                    None,
                );
                (StatusCode::SERVICE_UNAVAILABLE, body).into_response()
            }
        }
    }
}

impl FromRequestParts<AppState> for StaffUser {
    type Rejection = NotSignedIn;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, NotSignedIn> {
        let lang = Lang::from_headers(&parts.headers);
        let rejection = if parts.method == Method::GET {
            NotSignedIn::ToSignIn
        } else {
            NotSignedIn::Unauthorized(lang)
        };
        let Some(token) = cookies::cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(rejection);
        };
        let now = rfc3339(state.clock.now());
        let account = db::staff::session_account(&state.db.read, &token_hash(&token), &now)
            .await
            .map_err(|_| NotSignedIn::Unavailable(lang))?;
        let Some(account) = account else {
            return Err(rejection);
        };
        let role = Role::parse(&account.role)
            .filter(|r| Role::STAFF.contains(r))
            .ok_or(NotSignedIn::Unauthorized(lang))?;
        Ok(Self {
            id: account.id,
            display_name: account.display_name,
            role,
            department: account.department,
        })
    }
}
