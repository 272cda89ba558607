//! The real binary, listening on a real socket, with a real SQLite file.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};

struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(data: &Path, dist: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_letterbox-server"))
            .args(["--addr", "127.0.0.1:0", "--data-dir"])
            .arg(data)
            .arg("--dist")
            .arg(dist)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start letterbox-server");
        let base = common::binary::base_url(&mut child);
        Self { child, base }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn petition(id: &str) -> Value {
    json!({"id": id, "kind": "suggestion", "title": "增设公交站台",
           "body": "建议在小区门口增设公交站台，方便老人出行。", "category": "transport"})
}

#[tokio::test]
async fn petitions_survive_a_restart_and_replays_stay_single() {
    let dir = tempfile::tempdir().unwrap();
    let (data, dist) = (dir.path().join("data"), dir.path().join("dist"));
    std::fs::create_dir_all(&dist).unwrap();
    let http = reqwest::Client::new();
    let id = uuid::Uuid::now_v7().to_string();

    let server = Server::start(&data, &dist);
    assert!(data.join("letterbox.sqlite3").is_file());
    let health = http.get(server.url("/api/v1/health")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    let device: Value = http
        .post(server.url("/api/v1/devices"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = device["token"].as_str().unwrap().to_owned();
    let first = http
        .post(server.url("/api/v1/petitions"))
        .bearer_auth(&token)
        .json(&petition(&id))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    drop(server);

    let server = Server::start(&data, &dist);
    let replay = http
        .post(server.url("/api/v1/petitions"))
        .bearer_auth(&token)
        .json(&petition(&id))
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 200);
    let replay: Value = replay.json().await.unwrap();
    assert_eq!(replay["case_number"], first["case_number"]);

    let other = http
        .post(server.url("/api/v1/petitions"))
        .bearer_auth(&token)
        .json(&petition(&uuid::Uuid::now_v7().to_string()))
        .send()
        .await
        .unwrap();
    let other: Value = other.json().await.unwrap();
    let number = |v: &Value| {
        v["case_number"].as_str().unwrap()[8..]
            .parse::<u32>()
            .unwrap()
    };
    assert_eq!(number(&other), number(&first) + 1);

    let bad = http
        .post(server.url("/api/v1/petitions"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{\"id\":")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert_eq!(bad.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn serves_precompressed_assets_with_cache_policy() {
    let dir = tempfile::tempdir().unwrap();
    let (data, dist) = (dir.path().join("data"), dir.path().join("dist"));
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>x</title>").unwrap();
    let js = "console.log('letterbox');".repeat(50);
    std::fs::write(dist.join("letterbox-0123456789abcdef.js"), &js).unwrap();
    // A marker body, so the test can tell which file was served.
    std::fs::write(
        dist.join("letterbox-0123456789abcdef.js.br"),
        b"brotli-bytes",
    )
    .unwrap();
    std::fs::write(
        dist.join("sw.js"),
        "self.addEventListener('fetch', () => {});",
    )
    .unwrap();
    let server = Server::start(&data, &dist);
    let http = reqwest::Client::new();

    let br = http
        .get(server.url("/letterbox-0123456789abcdef.js"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(br.status(), 200);
    assert_eq!(br.headers()["content-encoding"], "br");
    assert_eq!(
        br.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(br.bytes().await.unwrap().as_ref(), b"brotli-bytes");

    let plain = http
        .get(server.url("/letterbox-0123456789abcdef.js"))
        .send()
        .await
        .unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.text().await.unwrap(), js);

    for path in ["/", "/sw.js", "/cases/LB-2026-000001"] {
        let reply = http.get(server.url(path)).send().await.unwrap();
        assert_eq!(reply.status(), 200, "{path}");
        assert_eq!(reply.headers()["cache-control"], "no-cache", "{path}");
    }
}
