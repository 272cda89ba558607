//! What every request is held to (review L6): a concurrency limit that
//! sheds load at once, a body that stops arriving, a request that takes too
//! long; and a slow body that keeps arriving is left alone.

mod common;

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::{petition, petition_id, TestApp};
use http_body::Frame;
use http_body_util::BodyExt;
use letterbox_server::guard::ServerLimits;
use tower::ServiceExt;

/// A body that sends `pieces` one by one, `gap` apart, then ends (or, with
/// `stall`, never ends).
struct Trickle {
    pieces: Vec<Bytes>,
    gap: Duration,
    stall: bool,
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Trickle {
    fn new(text: &str, pieces: usize, gap: Duration, stall: bool) -> Self {
        let bytes = text.as_bytes();
        let size = bytes.len().div_ceil(pieces);
        Self {
            pieces: bytes
                .chunks(size)
                .rev()
                .map(Bytes::copy_from_slice)
                .collect(),
            gap,
            stall,
            sleep: None,
        }
    }
}

impl http_body::Body for Trickle {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let gap = self.gap;
        let sleep = self
            .sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(gap)));
        if sleep.as_mut().poll(cx).is_pending() {
            return Poll::Pending;
        }
        self.sleep = None;
        match self.pieces.pop() {
            Some(piece) => Poll::Ready(Some(Ok(Frame::data(piece)))),
            // Pending with no waker: only a timeout ends this.
            None if self.stall => Poll::Pending,
            None => Poll::Ready(None),
        }
    }
}

fn limits(concurrent: u32, idle_ms: u64, total_ms: u64) -> ServerLimits {
    ServerLimits {
        concurrent_requests: concurrent,
        body_idle: Duration::from_millis(idle_ms),
        request_timeout: Duration::from_millis(total_ms),
        shutdown_grace: Duration::from_secs(1),
    }
}

fn post_petition(token: &str, body: Trickle) -> Request<Body> {
    Request::post("/api/v1/petitions")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::new(body))
        .unwrap()
}

async fn send(router: &Router, request: Request<Body>) -> (StatusCode, serde_json::Value) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or_default())
}

#[tokio::test]
async fn a_body_that_stops_arriving_is_answered_408_as_a_problem_the_app_retries() {
    let app = TestApp::new().await;
    let token = app.register().await;
    let router = letterbox_server::app_with_limits(app.state.clone(), limits(8, 200, 5_000));
    let text = petition(&petition_id()).to_string();
    let half = &text[..text.len() / 2];
    let (status, problem) = send(
        &router,
        post_petition(
            &token,
            Trickle::new(half, 2, Duration::from_millis(10), true),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT, "{problem}");
    assert_eq!(problem["type"], "/problems/timeout");
    assert!(letterbox_core::outbox::disposition(408) == letterbox_core::outbox::Disposition::Retry);
    assert_eq!(app.count("petitions").await, 0);
}

#[tokio::test]
async fn a_slow_body_that_keeps_arriving_is_not_cut() {
    let app = TestApp::new().await;
    let token = app.register().await;
    // Eight pieces 250 ms apart: two seconds in all, twice the idle limit.
    let router = letterbox_server::app_with_limits(app.state.clone(), limits(8, 1_000, 10_000));
    let text = petition(&petition_id()).to_string();
    let (status, receipt) = send(
        &router,
        post_petition(
            &token,
            Trickle::new(&text, 8, Duration::from_millis(250), false),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
}

#[tokio::test]
async fn a_request_longer_than_the_whole_timeout_is_answered_408_even_while_its_body_arrives() {
    let app = TestApp::new().await;
    let token = app.register().await;
    let router = letterbox_server::app_with_limits(app.state.clone(), limits(8, 1_000, 500));
    let text = petition(&petition_id()).to_string();
    let (status, problem) = send(
        &router,
        post_petition(
            &token,
            Trickle::new(&text, 20, Duration::from_millis(100), false),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT, "{problem}");
    assert!(problem["detail"].as_str().unwrap().contains("took longer"));
}

#[tokio::test]
async fn requests_over_the_concurrency_limit_are_answered_503_at_once_not_queued() {
    let app = TestApp::new().await;
    let token = app.register().await;
    let router = letterbox_server::app_with_limits(app.state.clone(), limits(1, 2_000, 10_000));
    // One slow request holds the only permit…
    let text = petition(&petition_id()).to_string();
    let slow = tokio::spawn({
        let router = router.clone();
        let request = post_petition(
            &token,
            Trickle::new(&text, 4, Duration::from_millis(300), false),
        );
        async move { send(&router, request).await }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    // …so another is refused at once, with a time to come back.
    let started = std::time::Instant::now();
    let response = router
        .clone()
        .oneshot(Request::get("/api/v1/health").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert!(started.elapsed() < Duration::from_millis(500), "not queued");
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.headers()[header::RETRY_AFTER], "1");
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/problem+json"
    );
    // Once it is done, the next one passes.
    assert_eq!(slow.await.unwrap().0, StatusCode::CREATED);
    let (status, _) = send(
        &router,
        Request::get("/api/v1/health").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}
