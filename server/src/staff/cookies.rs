//! The desk's two cookies, read and written: the session token and the
//! chosen language; and the form token derived from the session's. A
//! leaf: it knows cookie syntax, nothing of sessions or words. Both are scoped to `/staff` and SameSite=Strict, so the API
//! and other sites never see them.

use axum::http::{header, HeaderMap};
use base64::Engine;
use sha2::{Digest, Sha256};

pub const SESSION_COOKIE: &str = "letterbox_staff";
pub const LANG_COOKIE: &str = "letterbox_staff_lang";

/// The value of the request's cookie `name`.
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

/// The name of the hidden field that carries the session's form token.
pub const CSRF_FIELD: &str = "csrf";

/// The token a session's forms carry: derived from the session's secret
/// cookie (which no script and no other site can read), so the server
/// stores nothing more and a token dies with its session.
pub fn csrf_token(session_token: &str) -> String {
    let digest = Sha256::new()
        .chain_update(b"letterbox staff form token\n")
        .chain_update(session_token.as_bytes())
        .finalize();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
}

/// The session cookie where the desk has an HTTPS host of its own: a
/// `__Host-` cookie, which browsers accept only when Secure, for the whole
/// host and no other (no `Domain`), so no neighbour can set or shadow it.
pub const HOST_SESSION_COOKIE: &str = "__Host-letterbox_staff";

/// How the session cookie is named and scoped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionCookie {
    pub name: &'static str,
    path: &'static str,
    secure: bool,
}

impl SessionCookie {
    /// On the public origin: `/staff` only, `Secure` when HTTPS. On the
    /// desk's own HTTPS host: `__Host-`, the whole host, `Secure`.
    pub fn new(own_host: bool, https: bool) -> Self {
        if own_host {
            Self {
                name: HOST_SESSION_COOKIE,
                path: "/",
                secure: true,
            }
        } else {
            Self {
                name: SESSION_COOKIE,
                path: "/staff",
                secure: https,
            }
        }
    }

    /// `Set-Cookie` for a new session: HttpOnly, so no script reads it,
    /// and `Secure` over HTTPS, so it never travels in clear.
    pub fn set(self, token: &str, max_age_secs: i64) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!(
            "{}={token}; Path={}; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{secure}",
            self.name, self.path
        )
    }

    /// `Set-Cookie` that makes the browser forget the session.
    pub fn clear(self) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!(
            "{}=; Path={}; HttpOnly; SameSite=Strict; Max-Age=0{secure}",
            self.name, self.path
        )
    }

    /// The request's session token.
    pub fn read(self, headers: &HeaderMap) -> Option<String> {
        cookie(headers, self.name)
    }
}

/// `Set-Cookie` for the chosen language (`zh` or `en`), kept for a year.
pub fn set_language(code: &str) -> String {
    format!("{LANG_COOKIE}={code}; Path=/staff; SameSite=Strict; Max-Age=31536000")
}
