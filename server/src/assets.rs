//! Serving the built app. Hashed files never change, so they are cached for
//! a year; `index.html`, the service worker and the manifest must be
//! revalidated every time or an update would never reach the phone.

use std::path::Path;

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

pub fn service<S: Clone + Send + Sync + 'static>(dist: &Path) -> MethodRouter<S> {
    let index = ServeFile::new(dist.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        // Client-side routes (/cases/…) load the app shell.
        .fallback(index);
    axum::routing::any(move |request: Request<Body>| {
        let files = files.clone();
        async move {
            let path = request.uri().path().to_owned();
            match files.oneshot(request).await {
                Ok(response) => with_cache_headers(&path, response.into_response()),
                Err(never) => match never {},
            }
        }
    })
}

fn with_cache_headers(path: &str, mut response: Response) -> Response {
    if response.status() == StatusCode::NOT_FOUND {
        return response;
    }
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    let policy = if is_html || !is_hashed(path) {
        "no-cache"
    } else {
        "public, max-age=31536000, immutable"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}

/// Trunk names built files `<name>-<hash>[_bg].<ext>`, the hash being a
/// 64-bit value in hex without leading zeros (so 16 digits, sometimes fewer).
/// The split wasm keeps its file names inside a hashed directory,
/// `/pkg-<hash>/…` (tools/postbuild.mjs).
pub fn is_hashed(path: &str) -> bool {
    if let Some((dir, _)) = path.trim_start_matches('/').split_once('/') {
        if is_hashed_stem(dir) {
            return true;
        }
    }
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    is_hashed_stem(stem)
}

fn is_hashed_stem(stem: &str) -> bool {
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (10..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn recognises_trunk_hashed_names() {
        assert!(is_hashed("/letterbox-0123456789abcdef.js"));
        assert!(is_hashed("/letterbox-0123456789abcdef_bg.wasm"));
        assert!(is_hashed("/main-fedcba9876543210.css"));
        assert!(is_hashed("/letterbox-ca66690ac528171_bg.wasm"), "15 digits");
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/sw.js"));
        assert!(!is_hashed("/icons/icon-192.png"));
        assert!(!is_hashed("/letterbox-0123.js"));
        assert!(is_hashed("/pkg-0123456789abcdef/chunk_3.wasm"));
        assert!(is_hashed("/pkg-0123456789abcdef/snippets/x/tabs.js"));
        assert!(!is_hashed("/pkg/chunk_3.wasm"));
        assert!(
            !is_hashed("/pkg-0123/chunk_3.wasm"),
            "too short to be a hash"
        );
    }
}
