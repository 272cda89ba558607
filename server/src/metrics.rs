//! Operations (issue 13): a request id on every request and its log lines,
//! and Prometheus-format metrics served on their own listen address
//! (`--metrics-addr`), never on the public one. Counted: requests by route
//! and status, latency per route (a histogram), errors the phones' outbox
//! meets (a 5xx on a write it will retry), and the database pools' use.
//!
//! A leaf but for the database pools it reads (`db`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;

use crate::db::Db;

pub const REQUEST_ID: &str = "x-request-id";

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Default)]
struct Latency {
    /// Requests at or under each bound of `BUCKETS`, then in all.
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
struct Counts {
    /// (route, method, status) → requests.
    requests: BTreeMap<(String, String, u16), u64>,
    latency: BTreeMap<String, Latency>,
    /// (route, status) → 5xx answers to the writes a phone's outbox sends.
    outbox_errors: BTreeMap<(String, u16), u64>,
}

/// The counters of one instance (each instance is scraped on its own).
#[derive(Default)]
pub struct Metrics {
    counts: Mutex<Counts>,
}

impl Metrics {
    fn record(&self, route: &str, method: &Method, status: u16, seconds: f64) {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        *counts
            .requests
            .entry((route.to_owned(), method.as_str().to_owned(), status))
            .or_default() += 1;
        let latency = counts.latency.entry(route.to_owned()).or_default();
        for (count, bound) in latency.counts.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *count += 1;
            }
        }
        latency.count += 1;
        latency.sum += seconds;
        if status >= 500 && route.starts_with("/api/v1/") && method != Method::GET {
            *counts
                .outbox_errors
                .entry((route.to_owned(), status))
                .or_default() += 1;
        }
    }

    /// The Prometheus text format (version 0.0.4).
    pub fn render(&self, db: &Db) -> String {
        let counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = String::new();
        out.push_str(
            "# HELP letterbox_requests_total Requests answered, by route, method and status.\n",
        );
        out.push_str("# TYPE letterbox_requests_total counter\n");
        for ((route, method, status), n) in &counts.requests {
            let _ = writeln!(
                out,
                "letterbox_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        out.push_str("# HELP letterbox_request_seconds Time to answer, by route.\n");
        out.push_str("# TYPE letterbox_request_seconds histogram\n");
        for (route, latency) in &counts.latency {
            let route = escape(route);
            for (bound, n) in BUCKETS.iter().zip(latency.counts) {
                let _ = writeln!(
                    out,
                    "letterbox_request_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "letterbox_request_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                latency.count
            );
            let _ = writeln!(
                out,
                "letterbox_request_seconds_sum{{route=\"{route}\"}} {}",
                latency.sum
            );
            let _ = writeln!(
                out,
                "letterbox_request_seconds_count{{route=\"{route}\"}} {}",
                latency.count
            );
        }
        out.push_str(
            "# HELP letterbox_outbox_errors_total Server errors on the writes phones retry from their outbox.\n",
        );
        out.push_str("# TYPE letterbox_outbox_errors_total counter\n");
        for ((route, status), n) in &counts.outbox_errors {
            let _ = writeln!(
                out,
                "letterbox_outbox_errors_total{{route=\"{}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        out.push_str("# HELP letterbox_db_connections Database connections, by pool and state.\n");
        out.push_str("# TYPE letterbox_db_connections gauge\n");
        let pools = [("write", &db.write), ("read", &db.read)];
        for (name, pool) in pools {
            let size = pool.size();
            let idle = pool.num_idle() as u32;
            let _ = writeln!(
                out,
                "letterbox_db_connections{{pool=\"{name}\",state=\"idle\"}} {idle}"
            );
            let _ = writeln!(
                out,
                "letterbox_db_connections{{pool=\"{name}\",state=\"in_use\"}} {}",
                size.saturating_sub(idle)
            );
        }
        let _ = writeln!(
            out,
            "# HELP letterbox_db_connections_max Connections a pool may open."
        );
        let _ = writeln!(out, "# TYPE letterbox_db_connections_max gauge");
        for (name, pool) in pools {
            let _ = writeln!(
                out,
                "letterbox_db_connections_max{{pool=\"{name}\"}} {}",
                pool.options().get_max_connections()
            );
        }
        out
    }
}

/// A label value in the text format: `\`, `"` and newlines escaped.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Counts every routed request (the route's pattern, never the raw path, so
/// ids do not make a label each).
pub async fn count(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    // `MatchedPath` holds the pattern as an `Arc<str>`: cloned, not copied.
    let route = request.extensions().get::<MatchedPath>().cloned();
    let method = request.method().clone();
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.record(
        route.as_ref().map_or("unmatched", MatchedPath::as_str),
        &method,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// Gives every request an id of this server's making (a client's own is
/// replaced: it could be anything), for its log lines and its answer.
pub async fn request_id(mut request: Request, next: Next) -> Response {
    let id = uuid::Uuid::now_v7().to_string();
    let value = HeaderValue::from_str(&id).expect("a UUID is a header value");
    request.headers_mut().insert(REQUEST_ID, value.clone());
    let mut response = next.run(request).await;
    response.headers_mut().insert(REQUEST_ID, value);
    response
}

/// What the metrics listener reads: this instance's counts and pools.
#[derive(Clone)]
pub struct Scrape {
    pub metrics: Arc<Metrics>,
    pub db: Db,
}

/// The metrics listener's only page.
pub async fn page(State(scrape): State<Scrape>) -> ([(&'static str, &'static str); 1], String) {
    (
        [("content-type", "text/plain; version=0.0.4; charset=utf-8")],
        scrape.metrics.render(&scrape.db),
    )
}

/// The router of the metrics listener (`--metrics-addr`).
pub fn router(scrape: Scrape) -> axum::Router {
    axum::Router::new()
        .route("/metrics", axum::routing::get(page))
        .with_state(scrape)
}
