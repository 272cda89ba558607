//! The client's address behind a TLS proxy (issue 11, item 3): the
//! forwarded header is believed only from `--trusted-proxy`, so each
//! resident behind the proxy has their own limit, and a client that
//! writes the header itself changes nothing.

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{from_address, TestApp};
use letterbox_server::client::{ForwardedHeader, TrustedProxies};
use letterbox_server::edge::Edge;
use letterbox_server::rate_limit::LOOKUPS_PER_WINDOW;

/// A wrong lookup, as the proxy at `peer` passes it on with `forwarded`.
async fn lookup(app: &TestApp, peer: &str, forwarded: Option<&str>) -> StatusCode {
    let mut request =
        Request::post("/api/v1/cases/lookup").header(header::CONTENT_TYPE, "application/json");
    if let Some(f) = forwarded {
        request = request.header("x-forwarded-for", f);
    }
    let body = r#"{"case_number": "LB-2026-000001", "query_code": "ABCDEFGH"}"#;
    let request = from_address(request.body(Body::from(body)).unwrap(), peer);
    app.send(request).await.status
}

async fn behind_proxy() -> TestApp {
    let proxies = TrustedProxies::new(
        vec!["10.0.0.0/8".parse().unwrap()],
        ForwardedHeader::default(),
    );
    TestApp::with_edge(Edge {
        proxies: Arc::new(proxies),
        ..Edge::default()
    })
    .await
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_resident_has_their_own_lookup_limit() {
    let app = behind_proxy().await;
    for _ in 0..LOOKUPS_PER_WINDOW {
        assert_eq!(
            lookup(&app, "10.0.0.2", Some("203.0.113.1")).await,
            StatusCode::NOT_FOUND
        );
    }
    assert_eq!(
        lookup(&app, "10.0.0.2", Some("203.0.113.1")).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Another resident through the same proxy is not affected.
    assert_eq!(
        lookup(&app, "10.0.0.2", Some("198.51.100.7")).await,
        StatusCode::NOT_FOUND
    );
    // The first resident cannot escape by writing the header: the proxy
    // appends the real address, and that is the one read.
    assert_eq!(
        lookup(&app, "10.0.0.2", Some("1.2.3.4, 203.0.113.1")).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn a_client_that_is_not_a_trusted_proxy_cannot_choose_its_address() {
    let app = behind_proxy().await;
    for i in 0..LOOKUPS_PER_WINDOW {
        let forged = format!("192.0.2.{i}");
        assert_eq!(
            lookup(&app, "203.0.113.50", Some(&forged)).await,
            StatusCode::NOT_FOUND
        );
    }
    assert_eq!(
        lookup(&app, "203.0.113.50", Some("192.0.2.200")).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Without any trusted proxy, the header is never read.
    let direct = TestApp::new().await;
    for i in 0..=LOOKUPS_PER_WINDOW {
        let status = lookup(&direct, "10.0.0.2", Some(&format!("192.0.2.{i}"))).await;
        let expected = if i < LOOKUPS_PER_WINDOW {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!(status, expected);
    }
}
