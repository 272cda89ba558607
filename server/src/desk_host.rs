//! With `--desk-origin`, one server answers two host names: the desk only
//! on its own, the app and the API only on the others. The residents'
//! origin then holds no desk page and no desk cookie, so nothing running
//! there (a script of the app's, a service worker) can reach the desk with
//! a clerk's session (review M9), and the desk's cookie can be `__Host-`.
//! Without the flag every path answers on every host, as before.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::edge::Edge;

/// Whether `path` is the desk's.
fn is_desk_path(path: &str) -> bool {
    path == "/staff" || path.starts_with("/staff/")
}

/// The middleware: each host answers only its own paths.
pub async fn split(State(edge): State<Arc<Edge>>, request: Request, next: Next) -> Response {
    let Some(desk) = &edge.desk_origin else {
        return next.run(request).await;
    };
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| request.uri().authority().map(|a| a.as_str().to_owned()))
        .map(|h| h.trim().to_ascii_lowercase());
    let on_desk_host = host.as_deref() == Some(desk.host());
    let path = request.uri().path();
    match (on_desk_host, is_desk_path(path)) {
        (true, true) | (false, false) => next.run(request).await,
        // The desk's host name alone opens the desk.
        (true, false) if path == "/" => Redirect::to("/staff").into_response(),
        (true, false) => (StatusCode::NOT_FOUND, "Not found on the desk's host.").into_response(),
        (false, true) => (
            StatusCode::NOT_FOUND,
            "The staff desk is on its own host name.",
        )
            .into_response(),
    }
}
