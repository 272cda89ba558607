//! Reading the desk's posted forms (`application/x-www-form-urlencoded`)
//! and refusing forms posted from elsewhere. A handler gets a form only
//! through one of the two extractors, so no form escapes the checks:
//! - `PublicForm` (sign-in, the language switch): the request must come
//!   from the desk's own origin (`Origin`, or `Sec-Fetch-Site:
//!   same-origin` from a browser that sends no `Origin`). There is no
//!   session yet to tie a token to; the origin check and the SameSite
//!   cookie are the defence, and all a forged sign-in could do is sign
//!   the victim in as the forger, which the origin check stops.
//! - `SessionForm` (everything signed in): the same, plus the session's
//!   token in the form's `csrf` field.
//!
//! The body is read under the route's `DefaultBodyLimit` (set in
//! `staff::router`): 413 over it.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap, StatusCode};

use super::cookies::{csrf_token, CSRF_FIELD};
use super::error::DeskError;
use super::session::session_cookie;
use super::text::Lang;
use crate::edge::Edge;
use crate::state::AppState;

/// A posted form's fields, in order (checkboxes repeat their name).
pub struct Form(Vec<(String, String)>);

impl Form {
    pub fn parse(body: &[u8]) -> Self {
        Self(form_urlencoded::parse(body).into_owned().collect())
    }

    /// The first value of `name`.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name`, in the order posted.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

/// Whether the request comes from the desk's own pages: `Origin` equal to
/// the desk's origin (`--desk-origin`, else `--public-origin`; without
/// either, naming the request's
/// host: `Host`, or the URI's authority under HTTP/2); with no `Origin`,
/// `Sec-Fetch-Site: same-origin`. Neither header: refused, as no browser
/// that could hold a session sends neither on a form post.
pub fn from_the_desk(headers: &HeaderMap, authority: Option<&str>, edge: &Edge) -> bool {
    let value = |name| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(origin) = value(header::ORIGIN) {
        let origin = origin.trim().to_ascii_lowercase();
        return match edge.desk() {
            Some(desk) => origin == desk.as_str(),
            None => value(header::HOST).or(authority).is_some_and(|host| {
                origin
                    .split_once("://")
                    .is_some_and(|(_, rest)| rest == host.trim().to_ascii_lowercase())
            }),
        };
    }
    value(header::HeaderName::from_static("sec-fetch-site")) == Some("same-origin")
}

/// A form from the desk's own origin, with no session needed.
pub struct PublicForm(pub Form);

/// A form from the desk's own origin carrying the session's token.
pub struct SessionForm(pub Form);

async fn read(request: Request, state: &AppState) -> Result<(HeaderMap, Form), DeskError> {
    let lang = Lang::from_headers(request.headers());
    let authority = request.uri().authority().map(|a| a.as_str());
    if !from_the_desk(request.headers(), authority, &state.edge) {
        return Err(DeskError::cross_site(lang));
    }
    let headers = request.headers().clone();
    let body = Bytes::from_request(request, state)
        .await
        .map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                DeskError::too_large(lang)
            } else {
                DeskError::bad_form(lang)
            }
        })?;
    Ok((headers, Form::parse(&body)))
}

impl FromRequest<AppState> for PublicForm {
    type Rejection = DeskError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, DeskError> {
        read(request, state).await.map(|(_, form)| Self(form))
    }
}

impl FromRequest<AppState> for SessionForm {
    type Rejection = DeskError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, DeskError> {
        let (headers, form) = read(request, state).await?;
        let expected = session_cookie(state).read(&headers).map(|t| csrf_token(&t));
        let sent = form.field(CSRF_FIELD).unwrap_or("");
        match expected {
            Some(expected) if same_bytes(expected.as_bytes(), sent.as_bytes()) => Ok(Self(form)),
            _ => Err(DeskError::cross_site(Lang::from_headers(&headers))),
        }
    }
}

/// Compares in time that does not depend on where the bytes differ.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edge::PublicOrigin;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(
                header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        map
    }

    #[test]
    fn a_form_comes_from_the_desk_only_with_a_matching_origin_or_same_origin_fetch() {
        let local = Edge::default();
        let host = ("host", "127.0.0.1:8080");
        assert!(from_the_desk(
            &headers(&[host, ("origin", "http://127.0.0.1:8080")]),
            None,
            &local
        ));
        assert!(!from_the_desk(
            &headers(&[host, ("origin", "http://evil.example")]),
            None,
            &local
        ));
        assert!(!from_the_desk(
            &headers(&[host, ("origin", "null")]),
            None,
            &local
        ));
        assert!(from_the_desk(
            &headers(&[host, ("sec-fetch-site", "same-origin")]),
            None,
            &local
        ));
        assert!(!from_the_desk(
            &headers(&[host, ("sec-fetch-site", "same-site")]),
            None,
            &local
        ));
        assert!(
            !from_the_desk(&headers(&[host]), None, &local),
            "neither header"
        );
        let h2 = headers(&[("origin", "http://127.0.0.1:8080")]);
        assert!(from_the_desk(&h2, Some("127.0.0.1:8080"), &local), "HTTP/2");
        let public = Edge {
            public_origin: Some("https://letterbox.example".parse::<PublicOrigin>().unwrap()),
            ..Edge::default()
        };
        let behind_proxy = ("host", "127.0.0.1:8080");
        assert!(from_the_desk(
            &headers(&[behind_proxy, ("origin", "https://letterbox.example")]),
            None,
            &public
        ));
        assert!(!from_the_desk(
            &headers(&[behind_proxy, ("origin", "http://127.0.0.1:8080")]),
            None,
            &public
        ));
    }

    #[test]
    fn a_sessions_token_is_stable_and_unlike_another_sessions() {
        assert_eq!(csrf_token("a"), csrf_token("a"));
        assert_ne!(csrf_token("a"), csrf_token("b"));
        assert_eq!(csrf_token("a").len(), 43, "256 bits, base64url");
        assert!(
            same_bytes(b"xyz", b"xyz") && !same_bytes(b"xyz", b"xy") && !same_bytes(b"xyz", b"xya")
        );
    }
}
