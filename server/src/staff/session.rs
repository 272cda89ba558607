//! Staff sessions: a random token in an HttpOnly, SameSite=Strict cookie
//! scoped to `/staff` (and `Secure` behind HTTPS); the server keeps only
//! its SHA-256 and an expiry. A session ends after
//! `STAFF_SESSION_IDLE_MINUTES` without a request and in any case
//! `STAFF_SESSION_MAX_HOURS` after sign-in; ended sessions are deleted at
//! each sign-in. A resident's bearer token is never looked at here, so it
//! opens nothing. `StaffUser` is extracted here: a desk handler that takes
//! one is signed in.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use letterbox_core::lifecycle::Role;
use letterbox_core::limits::{STAFF_SESSION_IDLE_MINUTES, STAFF_SESSION_MAX_HOURS};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use super::cookies::{csrf_token, SessionCookie};
use super::text::Lang;
use super::user::StaffUser;
use super::views;
use crate::auth::{new_token, token_hash};
use crate::clock::rfc3339;
use crate::db;
use crate::state::AppState;

/// A session in use is extended at most once a minute: a page view is
/// not a database write each time.
const EXTEND_STEP_SECS: i64 = 60;

/// When a session used at `now` ends: idle time from now, but never past
/// its hard end.
fn ends_at(created: OffsetDateTime, now: OffsetDateTime) -> OffsetDateTime {
    (now + Duration::minutes(STAFF_SESSION_IDLE_MINUTES))
        .min(created + Duration::hours(STAFF_SESSION_MAX_HOURS))
}

/// Starts a session; returns the `Set-Cookie` value, or `None` when the
/// account changed since its password was checked (a new password, or
/// disabled meanwhile): then the sign-in does not count. Ended sessions
/// are deleted first.
pub async fn start(
    state: &AppState,
    staff_id: i64,
    verified_hash: &str,
) -> Result<Option<String>, sqlx::Error> {
    let token = new_token();
    let now = state.clock.now();
    db::staff::purge_expired_sessions(&state.db.write, &rfc3339(now)).await?;
    let session = db::staff::NewSession {
        token_hash: &token_hash(&token),
        staff_id,
        created_at: &rfc3339(now),
        expires_at: &rfc3339(ends_at(now, now)),
        verified_hash,
    };
    let started = db::staff::start_session(&state.db.write, &session).await?;
    Ok(started.then(|| session_cookie(state).set(&token, STAFF_SESSION_MAX_HOURS * 3600)))
}

/// The session cookie as this server's edge wants it (`__Host-` where the
/// desk has an HTTPS host of its own).
pub fn session_cookie(state: &AppState) -> SessionCookie {
    SessionCookie::new(state.edge.desk_has_own_host(), state.edge.desk_is_https())
}

/// Ends the request's session, if it has one.
pub async fn end(state: &AppState, headers: &HeaderMap) -> Result<(), sqlx::Error> {
    if let Some(token) = session_cookie(state).read(headers) {
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
        let Some(token) = session_cookie(state).read(&parts.headers) else {
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
        keep_open(state, &token, &account).await;
        Ok(Self {
            id: account.id,
            display_name: account.display_name,
            role,
            department: account.department,
            csrf: csrf_token(&token),
        })
    }
}

/// A request while the session is open moves its idle end. A failed write
/// is logged and the request goes on: the session then ends a little
/// early, which is the safe side.
async fn keep_open(state: &AppState, token: &str, account: &db::staff::SessionAccount) {
    let now = state.clock.now();
    let parse = |s: &str| OffsetDateTime::parse(s, &Rfc3339).ok();
    let (Some(created), Some(ends)) = (parse(&account.created_at), parse(&account.expires_at))
    else {
        return;
    };
    let new_end = ends_at(created, now);
    if new_end - ends < Duration::seconds(EXTEND_STEP_SECS) {
        return;
    }
    let hash = token_hash(token);
    if let Err(e) = db::staff::extend_session(&state.db.write, &hash, &rfc3339(new_end)).await {
        tracing::warn!("a staff session was not extended: {e}");
    }
}
