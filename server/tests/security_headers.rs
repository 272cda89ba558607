//! The security headers (issue 11, item 7) on every kind of answer: API
//! JSON, problem+json errors (404, 413), the app's files and pages with a
//! policy that names their inline scripts, a campaign's page, desk pages,
//! desk errors and a case's photo.

mod common;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use base64::Engine;
use common::{petition, petition_id, TestApp};
use serde_json::json;
use sha2::{Digest, Sha256};

const LOADER: &str = "\nimport init from '/letterbox-0123456789abcdef.js';\nawait init();\n";

/// A built app with Trunk's inline loader and a hashed script file.
fn build_app(app: &TestApp) {
    let dist = app.dist();
    std::fs::write(
        dist.join("index.html"),
        format!(
            "<!doctype html><html><head><title>Letterbox</title>\
             <script type=\"module\">{LOADER}</script></head><body></body></html>"
        ),
    )
    .unwrap();
    std::fs::write(
        dist.join("letterbox-0123456789abcdef.js"),
        "export default 1;",
    )
    .unwrap();
}

fn assert_common(what: &str, h: &HeaderMap) {
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{what}");
    assert_eq!(h[header::X_FRAME_OPTIONS], "DENY", "{what}");
    assert_eq!(
        h["permissions-policy"],
        letterbox_server::headers::PERMISSIONS_POLICY,
        "{what}"
    );
    let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(
        csp.contains("frame-ancestors 'none'") || csp == "sandbox",
        "{what}: {csp}"
    );
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
        "{what}"
    );
    assert!(h.contains_key(header::REFERRER_POLICY), "{what}");
}

fn csp(h: &HeaderMap) -> &str {
    h[header::CONTENT_SECURITY_POLICY].to_str().unwrap()
}

#[tokio::test]
async fn the_api_answers_and_its_errors_have_the_headers() {
    let app = TestApp::new().await;
    let json = app.get("/api/v1/categories", None).await;
    assert_eq!(json.status, StatusCode::OK);
    assert_common("api json", &json.headers);
    assert_eq!(csp(&json.headers), letterbox_server::headers::API_CSP);
    assert_eq!(json.headers[header::REFERRER_POLICY], "no-referrer");
    let missing = app.get("/api/v1/nothing-here", None).await;
    common::assert_problem(&missing, 404, "/problems/not-found");
    assert_common("problem 404", &missing.headers);
    let token = app.register().await;
    let mut big = petition(&petition_id());
    big["body"] = json!("x".repeat(200_000));
    let too_large = app.post_json("/api/v1/petitions", Some(&token), &big).await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_common("problem 413", &too_large.headers);
}

#[tokio::test]
async fn the_apps_files_and_pages_have_a_policy_naming_their_inline_scripts_by_hash() {
    let app = TestApp::new().await;
    build_app(&app);
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(LOADER.as_bytes()));
    for path in [
        "/",
        "/cases/123",
        "/c/no-such-campaign",
        "/letterbox-0123456789abcdef.js",
    ] {
        let reply = app.get(path, None).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_common(path, &reply.headers);
        let policy = csp(&reply.headers);
        assert!(
            policy.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{policy}"
        );
        assert!(
            policy.contains(&format!("'sha256-{hash}'")),
            "{path}: {policy}"
        );
        assert_eq!(reply.headers[header::REFERRER_POLICY], "no-referrer");
    }
    // A new build with another loader: the policy follows the file.
    std::fs::write(
        app.dist().join("index.html"),
        "<html><head><script>other()</script></head></html>",
    )
    .unwrap();
    let policy = app.get("/", None).await.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(!policy.contains(&hash), "{policy}");
    assert_eq!(policy.matches("'sha256-").count(), 1);
}

#[tokio::test]
async fn desk_pages_errors_and_photos_have_the_desks_policy_and_are_never_stored() {
    let app = TestApp::new().await;
    let login = app.staff_get("/staff/login", None).await;
    assert_common("desk login", &login.headers);
    assert_eq!(csp(&login.headers), letterbox_server::headers::DESK_CSP);
    assert_eq!(login.headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(login.headers[header::REFERRER_POLICY], "same-origin");
    let css = app.staff_get("/staff/desk.css", None).await;
    assert_common("desk css", &css.headers);
    assert_eq!(css.headers[header::CACHE_CONTROL], "public, max-age=3600");
    let cookie = app.staff("chen", "supervisor", None).await;
    let missing = app
        .staff_get(&format!("/staff/cases/{}", petition_id()), Some(&cookie))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_common("desk 404", &missing.headers);
    assert_eq!(missing.headers[header::CACHE_CONTROL], "no-store");

    // A case's photo: inline, sandboxed, not stored.
    let token = app.register().await;
    let id = petition_id();
    let photo = petition_id();
    let bytes = common::webp_image(200, 3);
    let sha: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut body = petition(&id);
    body["photos"] =
        json!([{"id": photo, "sha256": sha, "bytes": bytes.len(), "mime": "image/webp"}]);
    assert_eq!(
        app.post_json("/api/v1/petitions", Some(&token), &body)
            .await
            .status,
        StatusCode::CREATED
    );
    let digest = format!(
        "sha-256=:{}:",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(&bytes))
    );
    let put = app
        .send(
            Request::put(format!("/api/v1/petitions/{id}/photos/{photo}"))
                .header("authorization", format!("Bearer {token}"))
                .header("content-type", "image/webp")
                .header("content-digest", digest)
                .body(Body::from(bytes))
                .unwrap(),
        )
        .await;
    assert_eq!(put.status, StatusCode::CREATED);
    let shown = app
        .staff_get(&format!("/staff/cases/{id}/photos/{photo}"), Some(&cookie))
        .await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_common("photo", &shown.headers);
    assert_eq!(csp(&shown.headers), "sandbox");
    assert_eq!(shown.headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(
        shown.headers[header::CONTENT_DISPOSITION],
        format!("inline; filename=\"{photo}.webp\"")
    );
}
