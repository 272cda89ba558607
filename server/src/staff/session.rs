//! Staff sessions: a random token in an HttpOnly, SameSite=Strict cookie
//! scoped to `/staff`; the server keeps only its SHA-256 and an expiry. A
//! resident's bearer token is never looked at here, so it opens nothing.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use letterbox_core::lifecycle::{Actor, Role};
use time::Duration;

use super::text::Lang;
use crate::auth::{new_token, token_hash};
use crate::clock::rfc3339;
use crate::AppState;

pub const SESSION_COOKIE: &str = "letterbox_staff";
/// A working day and a bit; then sign in again.
pub const SESSION_HOURS: i64 = 12;

/// A signed-in staff member.
#[derive(Debug, Clone)]
pub struct StaffUser {
    pub id: i64,
    pub display_name: String,
    pub role: Role,
    pub department: Option<String>,
}

impl StaffUser {
    pub fn actor(&self) -> Actor {
        Actor {
            role: self.role,
            department: self.department.clone(),
        }
    }
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

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
    let done = sqlx::query(
        "INSERT INTO staff_sessions (token_hash, staff_id, created_at, expires_at) \
         SELECT ?, id, ?, ? FROM staff \
         WHERE id = ? AND password_hash = ? AND disabled_at IS NULL",
    )
    .bind(token_hash(&token))
    .bind(rfc3339(now))
    .bind(rfc3339(now + Duration::hours(SESSION_HOURS)))
    .bind(staff_id)
    .bind(verified_hash)
    .execute(&state.db.write)
    .await?;
    Ok((done.rows_affected() == 1).then(|| {
        format!(
            "{SESSION_COOKIE}={token}; Path=/staff; HttpOnly; SameSite=Strict; Max-Age={}",
            SESSION_HOURS * 3600
        )
    }))
}

pub async fn end(state: &AppState, headers: &HeaderMap) -> Result<(), sqlx::Error> {
    if let Some(token) = cookie(headers, SESSION_COOKIE) {
        sqlx::query("DELETE FROM staff_sessions WHERE token_hash = ?")
            .bind(token_hash(&token))
            .execute(&state.db.write)
            .await?;
    }
    Ok(())
}

pub fn clear_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/staff; HttpOnly; SameSite=Strict; Max-Age=0")
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
            Self::Unauthorized(lang) => (
                StatusCode::UNAUTHORIZED,
                super::views::message(
                    lang,
                    None,
                    lang.t("sign_in"),
                    lang.t("sign_in_again"),
                    Some(("/staff/login", lang.t("sign_in"))),
                ),
            )
                .into_response(),
            Self::Unavailable(lang) => (
                StatusCode::SERVICE_UNAVAILABLE,
                super::views::message(
                    lang,
                    None,
                    lang.t("refused_title"),
                    lang.t("try_again"),
                    None,
                ),
            )
                .into_response(),
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
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(rejection);
        };
        let row: Option<(i64, String, String, Option<String>)> = sqlx::query_as(
            "SELECT s.id, s.display_name, s.role, s.department \
             FROM staff_sessions x JOIN staff s ON s.id = x.staff_id \
             WHERE x.token_hash = ? AND x.expires_at > ? AND s.disabled_at IS NULL",
        )
        .bind(token_hash(&token))
        .bind(rfc3339(state.clock.now()))
        .fetch_optional(&state.db.read)
        .await
        .map_err(|_| NotSignedIn::Unavailable(lang))?;
        let Some((id, display_name, role, department)) = row else {
            return Err(rejection);
        };
        let role = Role::parse(&role)
            .filter(|r| Role::STAFF.contains(r))
            .ok_or(NotSignedIn::Unauthorized(lang))?;
        Ok(Self {
            id,
            display_name,
            role,
            department,
        })
    }
}
