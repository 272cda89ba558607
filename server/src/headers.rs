//! The security headers on every answer, in one layer over the whole app:
//! a Content-Security-Policy by area (the app, the desk, the API), no
//! framing, no MIME sniffing, no referrer to other sites, only the
//! browser features the app uses, HSTS behind HTTPS, and `no-store` on
//! the desk so Back after sign-out on a shared office computer shows
//! nothing. A handler that sets its own CSP (a photo's `sandbox`) keeps it.
//!
//! The app's policy allows its inline scripts by their SHA-256: Trunk
//! writes the wasm loader into `index.html` with the build's file names,
//! so the hashes are read from the served `index.html`, again whenever the
//! file changes.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::edge::Edge;

/// The desk has no script at all; its look is one stylesheet.
pub const DESK_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
/// API answers are data, never documents.
pub const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
/// The app without its inline scripts' hashes (added at `SCRIPT_HASHES`).
const APP_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'SCRIPT_HASHES; \
     connect-src 'self'; img-src 'self' blob: data:; style-src 'self'; worker-src 'self'; \
     manifest-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; \
     form-action 'self'";
/// The camera for photos and the location of a matter; nothing else.
pub const PERMISSIONS_POLICY: &str =
    "camera=(self), geolocation=(self), microphone=(), payment=(), usb=()";
/// A year; sent only when `--public-origin` is https.
pub const HSTS: &str = "max-age=31536000";
/// The desk's stylesheet may be cached; every other desk answer not.
const DESK_CACHEABLE: &str = crate::staff::DESK_CSS_PATH;

/// What the layer needs: whether the public origin is HTTPS, and the
/// app's policy with the hashes of the served `index.html`.
#[derive(Clone)]
pub struct SecurityHeaders {
    https: bool,
    app: Arc<AppPolicy>,
}

impl SecurityHeaders {
    pub fn new(edge: &Edge, dist: &Path) -> Self {
        Self {
            https: edge.is_https(),
            app: Arc::new(AppPolicy {
                index: dist.join("index.html"),
                cached: Mutex::new(None),
            }),
        }
    }

    /// The app's policy for the `index.html` served now.
    pub fn app_policy(&self) -> HeaderValue {
        self.app.policy()
    }
}

struct AppPolicy {
    index: PathBuf,
    /// The policy, and the file's modification time and length it was
    /// made from.
    cached: Mutex<Option<(Option<SystemTime>, u64, HeaderValue)>>,
}

impl AppPolicy {
    fn policy(&self) -> HeaderValue {
        let meta = std::fs::metadata(&self.index).ok();
        let stamp = (
            meta.as_ref().and_then(|m| m.modified().ok()),
            meta.as_ref().map_or(0, |m| m.len()),
        );
        let mut cached = self.cached.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((modified, len, value)) = cached.as_ref() {
            if (*modified, *len) == stamp {
                return value.clone();
            }
        }
        let html = std::fs::read_to_string(&self.index).unwrap_or_default();
        let value = HeaderValue::from_str(&app_csp(&html))
            .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
        *cached = Some((stamp.0, stamp.1, value.clone()));
        value
    }
}

/// The app's policy for a page with these inline scripts.
pub fn app_csp(index_html: &str) -> String {
    let hashes: String = inline_scripts(index_html)
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    APP_CSP.replace("SCRIPT_HASHES", &hashes)
}

/// The text of each `<script>` without a `src`, exactly as the browser
/// hashes it.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || loop {
        let open = rest.find("<script")?;
        let after = &rest[open..];
        let tag_end = after.find('>')?;
        let tag = &after[..tag_end];
        let body = &after[tag_end + 1..];
        let close = body.find("</script>")?;
        rest = &body[close..];
        if !tag.contains(" src=") {
            return Some(&body[..close]);
        }
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Area {
    App,
    Desk,
    Api,
}

fn area(path: &str) -> Area {
    if path == "/staff" || path.starts_with("/staff/") {
        Area::Desk
    } else if path.starts_with("/api/") {
        Area::Api
    } else {
        Area::App
    }
}

pub async fn add_security_headers(
    State(security): State<SecurityHeaders>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let area = area(&path);
    let csp = match area {
        Area::Desk => HeaderValue::from_static(DESK_CSP),
        Area::Api => HeaderValue::from_static(API_CSP),
        // Files of the app get the policy too: the service worker's
        // response carries its own.
        Area::App => security.app_policy(),
    };
    let h = response.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // The desk's language switch returns to the page it came from, so the
    // desk keeps the referrer on its own origin; nothing goes elsewhere.
    let referrer = if area == Area::Desk {
        "same-origin"
    } else {
        "no-referrer"
    };
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static(referrer));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static(PERMISSIONS_POLICY),
    );
    if area == Area::Desk && path != DESK_CACHEABLE {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if security.https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_policy_allows_each_inline_script_by_its_hash_and_no_other() {
        let html = "<head><script type=\"module\">import init from '/a.js';</script>\
                    <script src=\"/x.js\"></script><script>\n  register();\n</script></head>";
        let scripts: Vec<_> = inline_scripts(html).collect();
        assert_eq!(scripts, ["import init from '/a.js';", "\n  register();\n"]);
        let csp = app_csp(html);
        assert_eq!(csp.matches("'sha256-").count(), 2, "{csp}");
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
        assert!(!csp.contains("unsafe-inline"));
        let known = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(b"import init from '/a.js';"));
        assert!(csp.contains(&known));
        assert!(!app_csp("<title>x</title>").contains("sha256"));
    }

    #[test]
    fn areas_are_told_by_the_path() {
        assert!(area("/staff") == Area::Desk);
        assert!(area("/staff/cases/1") == Area::Desk);
        assert!(area("/staffing") == Area::App);
        assert!(area("/api/v1/catalogue") == Area::Api);
        assert!(area("/c/bus-routes") == Area::App);
    }
}
