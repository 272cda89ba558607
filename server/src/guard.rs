//! What every request is held to, API, desk and app alike (issue 11,
//! review L6): at most `concurrent_requests` at once, more answered 503
//! with `Retry-After` at once (load shed, never an unbounded queue: the
//! single database writer sets the pace, and a client told to come back
//! keeps its work queued); a body that stops arriving for `body_idle`, or
//! a request that takes longer than `request_timeout` in all, answered 408
//! (the app sends it again). A slow body that keeps arriving is never cut
//! before `request_timeout`, which leaves a photo piece on 2G its time.
//!
//! The permit is held until the response's head is ready; a response
//! body (a photo, a CSV export) streams outside it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use http_body_util::BodyExt;
use letterbox_core::limits::{
    CONCURRENT_REQUESTS_MAX, REQUEST_BODY_IDLE_SECS, REQUEST_TIMEOUT_SECS, SHUTDOWN_GRACE_SECS,
};
use letterbox_core::problem::{Problem, ProblemKind};
use tokio::sync::Semaphore;
use tower_http::timeout::{TimeoutBody, TimeoutError};

use crate::error::problem_response;

/// The numbers in force: core's defaults unless the server's flags say
/// otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerLimits {
    pub concurrent_requests: u32,
    pub body_idle: Duration,
    pub request_timeout: Duration,
    /// After SIGTERM or Ctrl-C, how long requests in flight may finish.
    pub shutdown_grace: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        Self {
            concurrent_requests: CONCURRENT_REQUESTS_MAX,
            body_idle: Duration::from_secs(REQUEST_BODY_IDLE_SECS),
            request_timeout: Duration::from_secs(REQUEST_TIMEOUT_SECS),
            shutdown_grace: Duration::from_secs(SHUTDOWN_GRACE_SECS),
        }
    }
}

/// The permits of one running app and its limits.
#[derive(Clone, Debug)]
pub struct Guard {
    permits: Arc<Semaphore>,
    limits: ServerLimits,
}

impl Guard {
    pub fn new(limits: ServerLimits) -> Self {
        Self {
            // Zero would refuse everything: one at a time is the least.
            permits: Arc::new(Semaphore::new(limits.concurrent_requests.max(1) as usize)),
            limits,
        }
    }
}

/// The middleware (`axum::middleware::from_fn_with_state`).
pub async fn hold(State(guard): State<Guard>, request: Request, next: Next) -> Response {
    let Ok(_permit) = guard.permits.clone().try_acquire_owned() else {
        let mut response = problem_response(Problem::new(
            ProblemKind::Unavailable,
            "The server is busy with other requests; try again in a moment.",
        ));
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return response;
    };
    // Whichever extractor reads the body turns a stalled body into its own
    // rejection (a 400); the flag lets this answer say what happened.
    let stalled = Arc::new(AtomicBool::new(false));
    let flag = stalled.clone();
    let idle = guard.limits.body_idle;
    let request = request.map(move |body| {
        Body::new(TimeoutBody::new(idle, body).map_err(move |e| {
            if e.is::<TimeoutError>() {
                flag.store(true, Ordering::Relaxed);
            }
            e
        }))
    });
    match tokio::time::timeout(guard.limits.request_timeout, next.run(request)).await {
        Ok(response) if !stalled.load(Ordering::Relaxed) => response,
        Ok(_) => timeout(format!(
            "The request's body stopped arriving for {} s; send it again.",
            guard.limits.body_idle.as_secs()
        )),
        Err(_) => timeout(format!(
            "The request took longer than {} s; send it again.",
            guard.limits.request_timeout.as_secs()
        )),
    }
}

fn timeout(detail: String) -> Response {
    let mut response = problem_response(Problem::new(ProblemKind::Timeout, detail));
    // The connection may hold the rest of a body nobody will read.
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}
