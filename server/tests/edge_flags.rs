//! The real binary with `--public-origin` and `--trusted-proxy`: HSTS on
//! every answer, the client's address read from a trusted proxy over a
//! real socket, and a flag that is not an address refused at start.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use letterbox_server::rate_limit::LOOKUPS_PER_WINDOW;

const BIN: &str = env!("CARGO_BIN_EXE_letterbox-server");

/// Stops the server however the test ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_trusted_proxy_or_public_origin_that_is_not_one_is_refused_at_start() {
    for args in [
        ["--trusted-proxy", "the-proxy"],
        ["--trusted-proxy", "10.0.0.0/40"],
        ["--public-origin", "letterbox.example"],
        ["--forwarded-header", "x-real-ip"],
    ] {
        let out = Command::new(BIN)
            .args(["--addr", "127.0.0.1:0"])
            .args(args)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("expected"), "{args:?}: {err}");
    }
}

#[tokio::test]
async fn behind_the_configured_proxy_hsts_is_sent_and_each_client_is_limited_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Running(
        Command::new(BIN)
            .args(["--addr", "127.0.0.1:0", "--data-dir"])
            .arg(dir.path().join("data"))
            .arg("--dist")
            .arg(dir.path().join("dist"))
            .args(["--public-origin", "https://letterbox.example"])
            .args(["--trusted-proxy", "127.0.0.1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    BufReader::new(server.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_owned();
    let http = reqwest::Client::new();
    let health = http
        .get(format!("{base}/api/v1/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        health.headers()["strict-transport-security"],
        "max-age=31536000"
    );
    let lookup = |client: &'static str| {
        http.post(format!("{base}/api/v1/cases/lookup"))
            .header("content-type", "application/json")
            .header("x-forwarded-for", client)
            .body(r#"{"case_number": "LB-2026-000001", "query_code": "ABCDEFGH"}"#)
            .send()
    };
    for _ in 0..LOOKUPS_PER_WINDOW {
        assert_eq!(lookup("203.0.113.1").await.unwrap().status(), 404);
    }
    assert_eq!(lookup("203.0.113.1").await.unwrap().status(), 429);
    assert_eq!(lookup("203.0.113.2").await.unwrap().status(), 404);
}
