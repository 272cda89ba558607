//! The real binary stops within its grace period after SIGTERM, even when
//! a client keeps a request open (review L6).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn sigterm_stops_the_server_within_its_grace_even_with_a_request_left_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_letterbox-server"))
        .args([
            "--addr",
            "127.0.0.1:0",
            "--shutdown-grace-secs",
            "1",
            "--data-dir",
        ])
        .arg(dir.path().join("data"))
        .arg("--dist")
        .arg(dir.path().join("dist"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start letterbox-server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap()
        .to_owned();

    // A body promised and never sent: the request stays open (its idle
    // limit is 30 s, far past the grace). An anonymous lookup reads its
    // body before anything else, so the request is truly in flight.
    let mut stream = TcpStream::connect(&addr).unwrap();
    stream
        .write_all(
            b"POST /api/v1/cases/lookup HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
              Content-Length: 1000\r\n\r\n{\"case_number\":",
        )
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));

    let signalled = Instant::now();
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if signalled.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("still running 10 s after SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let took = signalled.elapsed();
    assert!(status.success(), "{status:?}");
    assert!(
        took >= Duration::from_millis(900),
        "waited for the request: {took:?}"
    );
    assert!(took < Duration::from_secs(4), "then stopped: {took:?}");
    drop(stream);
}
