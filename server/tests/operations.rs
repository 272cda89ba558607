//! What an operator watches (issue 13), on the real binary: a request id on
//! every answer and log line, JSON logs, and Prometheus metrics on their own
//! address, never on the public one.

mod common;

use std::io::Read;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

struct Server {
    child: Child,
    base: String,
    metrics: String,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Server {
    fn start(dir: &std::path::Path) -> Self {
        let metrics = format!("127.0.0.1:{}", free_port());
        let mut command = Command::new(env!("CARGO_BIN_EXE_letterbox-server"));
        command
            .args(["--addr", "127.0.0.1:0", "--log-format", "json"])
            .args(["--metrics-addr", &metrics])
            .arg("--data-dir")
            .arg(dir.join("data"))
            .arg("--dist")
            .arg(dir.join("dist"))
            .env("RUST_LOG", "info,tower_http=debug")
            .env_remove("DATABASE_URL")
            .env_remove("LETTERBOX_PHOTOS")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("start letterbox-server");
        let base = common::binary::base_url(&mut child);
        Self {
            child,
            base,
            metrics: format!("http://{metrics}/metrics"),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Stops the server and returns what it logged.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let mut logged = String::new();
        if let Some(mut stderr) = self.child.stderr.take() {
            let _ = stderr.read_to_string(&mut logged);
        }
        let _ = self.child.wait();
        logged
    }
}

/// The value of the sample `name{labels}` in a scrape.
fn sample(scrape: &str, series: &str) -> Option<f64> {
    scrape
        .lines()
        .find_map(|line| line.strip_prefix(series)?.trim().parse().ok())
}

#[tokio::test]
async fn every_answer_and_log_line_has_a_request_id_and_metrics_count_by_route_apart_from_the_public_address(
) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("dist")).unwrap();
    let server = Server::start(dir.path());
    let http = reqwest::Client::new();

    // A request id of the server's making, one per request.
    let mut ids = Vec::new();
    for _ in 0..3 {
        let reply = http
            .get(server.url("/api/v1/health"))
            .header("x-request-id", "forged\u{2028}id")
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 200);
        let id = reply.headers()["x-request-id"].to_str().unwrap().to_owned();
        assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
        ids.push(id);
    }
    ids.dedup();
    assert_eq!(ids.len(), 3);
    let missing = http
        .get(server.url("/api/v1/petitions/01939c3e-0000-7000-8000-000000000000"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 401);
    let registered = http
        .post(server.url("/api/v1/devices"))
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status(), 201);

    let scrape = http
        .get(&server.metrics)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let health = r#"letterbox_requests_total{route="/api/v1/health",method="GET",status="200"}"#;
    assert_eq!(sample(&scrape, health), Some(3.0), "{scrape}");
    let unauthorized =
        r#"letterbox_requests_total{route="/api/v1/petitions/{id}",method="GET",status="401"}"#;
    assert_eq!(sample(&scrape, unauthorized), Some(1.0), "{scrape}");
    let devices = r#"letterbox_request_seconds_count{route="/api/v1/devices"}"#;
    assert_eq!(sample(&scrape, devices), Some(1.0), "{scrape}");
    let all = r#"letterbox_request_seconds_bucket{route="/api/v1/health",le="+Inf"}"#;
    assert_eq!(sample(&scrape, all), Some(3.0), "{scrape}");
    assert!(scrape.contains("# TYPE letterbox_request_seconds histogram"));
    assert!(scrape.contains("# TYPE letterbox_outbox_errors_total counter"));
    let writer = r#"letterbox_db_connections_max{pool="write"}"#;
    assert_eq!(sample(&scrape, writer), Some(1.0), "SQLite's one writer");
    // No series per id: routes are patterns.
    assert!(!scrape.contains("01939c3e"), "{scrape}");

    // The public address does not serve them.
    let public = http
        .get(server.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!public.contains("letterbox_requests_total"));

    let logged = server.stop();
    let lines: Vec<Value> = logged
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    assert!(!lines.is_empty());
    for id in &ids {
        assert!(
            lines
                .iter()
                .any(|l| l["span"]["request_id"].as_str() == Some(id.as_str())),
            "no log line of request {id}: {logged}"
        );
    }
    assert!(!logged.contains("forged"), "a client's id reached the log");
}
