//! Sign-in under attack (issue 11, item 1): names outside the account rule
//! cost nothing, one address meets its limit whatever the names, parallel
//! guesses never get more than the limit, a locked (address, name) does
//! not lock the name elsewhere, and password checks wait for a free core
//! or answer 503.

mod common;

use std::time::Instant;

use axum::body::Body;
use axum::http::{header, StatusCode};
use common::{desk_post, from_address, TestApp, PASSWORD};
use letterbox_core::limits::{
    SIGN_IN_ATTEMPTS_PER_ADDRESS, SIGN_IN_FAILURES_PER_ADDRESS_AND_NAME, SIGN_IN_FORM_MAX_BYTES,
};
use letterbox_server::db::counters;
use tower::ServiceExt;

async fn audit_details(app: &TestApp) -> Vec<(Option<i64>, String)> {
    sqlx::query_as("SELECT staff_id, detail FROM audit_log WHERE action = 'sign_in_failed'")
        .fetch_all(&app.db.read)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_huge_or_malformed_username_is_refused_at_once_and_never_reaches_the_audit_log() {
    let app = TestApp::new().await;
    let _ = app.staff("clerk1", "clerk", None).await;
    let counted = counters::count(&app.db.read).await.unwrap();
    let started = Instant::now();
    let long = "x".repeat(SIGN_IN_FORM_MAX_BYTES - 100);
    for name in [
        long.as_str(),
        "my secret password",
        "ab",
        "名字",
        "clerk1'--",
    ] {
        let page = app.sign_in_from("192.0.2.1", name, "whatever").await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED, "{name:.20}");
    }
    // No password was checked: five argon2 runs would take far longer.
    assert!(
        started.elapsed().as_millis() < 500,
        "{:?}",
        started.elapsed()
    );
    assert!(audit_details(&app).await.is_empty());
    assert_eq!(
        counters::count(&app.db.read).await.unwrap(),
        counted,
        "nothing counted"
    );
    // Over the form limit: 413 before anything is read.
    let huge = app
        .sign_in_from("192.0.2.1", &"x".repeat(2 * 1024 * 1024), "p")
        .await;
    assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(audit_details(&app).await.is_empty());
}

#[tokio::test]
async fn the_audit_log_keeps_a_typed_name_only_when_it_is_an_accounts() {
    let app = TestApp::new().await;
    let _ = app.staff("clerk1", "clerk", None).await;
    assert_eq!(
        app.sign_in_from("192.0.2.1", "clerk1", "wrong password")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.sign_in_from("192.0.2.1", "nobody", "wrong password")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let id: i64 = sqlx::query_scalar("SELECT id FROM staff WHERE username = 'clerk1'")
        .fetch_one(&app.db.read)
        .await
        .unwrap();
    assert_eq!(
        audit_details(&app).await,
        [(Some(id), "clerk1".to_owned()), (None, String::new())]
    );
}

#[tokio::test]
async fn a_flood_of_random_names_from_one_address_meets_429_within_the_per_address_limit() {
    let app = TestApp::new().await;
    let mut statuses = Vec::new();
    for i in 0..SIGN_IN_ATTEMPTS_PER_ADDRESS + 5 {
        let page = app
            .sign_in_from("203.0.113.5", &format!("random{i:04}"), "guess")
            .await;
        if page.status == StatusCode::TOO_MANY_REQUESTS {
            let wait: u64 = page.headers[header::RETRY_AFTER]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!((1..=600).contains(&wait), "{wait}");
        }
        statuses.push(page.status.as_u16());
    }
    let checked = statuses.iter().filter(|s| **s == 401).count();
    assert_eq!(
        checked, SIGN_IN_ATTEMPTS_PER_ADDRESS as usize,
        "{statuses:?}"
    );
    assert!(
        statuses[checked..].iter().all(|s| *s == 429),
        "{statuses:?}"
    );
    // Another address is not affected.
    let other = app
        .sign_in_from("198.51.100.9", "random9999", "guess")
        .await;
    assert_eq!(other.status, StatusCode::UNAUTHORIZED);
    // IPv6 neighbours in one /64 share the limit.
    for i in 0..SIGN_IN_ATTEMPTS_PER_ADDRESS {
        let ip = format!("2001:db8:1:2::{:x}", i + 1);
        let _ = app.sign_in_from(&ip, &format!("v6name{i}"), "guess").await;
    }
    let neighbour = app
        .sign_in_from("2001:db8:1:2:ffff::1", "v6last", "guess")
        .await;
    assert_eq!(neighbour.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn parallel_guesses_for_one_name_never_get_more_than_the_limit() {
    let app = TestApp::new().await;
    let _ = app.staff("clerk1", "clerk", None).await;
    let guesses = (0..40).map(|i| {
        let router = app.router.clone();
        let body = format!("username=clerk1&password=guess{i}");
        let request = desk_post("/staff/login", None)
            .body(Body::from(body))
            .unwrap();
        let request = from_address(request, "203.0.113.7");
        tokio::spawn(async move { router.oneshot(request).await.unwrap().status() })
    });
    let mut wrong = 0;
    let mut refused = 0;
    for guess in guesses {
        match guess.await.unwrap() {
            StatusCode::UNAUTHORIZED => wrong += 1,
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => refused += 1,
            other => panic!("{other}"),
        }
    }
    println!("40 parallel guesses: {wrong} checked, {refused} refused");
    assert!(
        wrong <= SIGN_IN_FAILURES_PER_ADDRESS_AND_NAME,
        "{wrong} guesses were checked"
    );
    assert_eq!(wrong + refused, 40);
    let logged = audit_details(&app).await.len() as u32;
    assert_eq!(logged, wrong);
    // And the right password from there is refused too, for the window.
    let right = app.sign_in_from("203.0.113.7", "clerk1", PASSWORD).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_locked_address_and_name_does_not_lock_the_same_name_from_another_address() {
    let app = TestApp::new().await;
    let _ = app.staff("clerk1", "clerk", None).await;
    // The clerk's office, where clerk1 signs in every day.
    let office = app.sign_in_from("192.0.2.10", "clerk1", PASSWORD).await;
    assert_eq!(office.status, StatusCode::SEE_OTHER);
    for _ in 0..SIGN_IN_FAILURES_PER_ADDRESS_AND_NAME {
        let wrong = app.sign_in_from("203.0.113.66", "clerk1", "guess").await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    }
    let attacker = app.sign_in_from("203.0.113.66", "clerk1", PASSWORD).await;
    assert_eq!(attacker.status, StatusCode::TOO_MANY_REQUESTS);
    // The office is not delayed at all.
    let office = app.sign_in_from("192.0.2.10", "clerk1", PASSWORD).await;
    assert_eq!(office.status, StatusCode::SEE_OTHER, "{}", office.text);
    // A new place waits a short delay, never a lock.
    let home = app.sign_in_from("198.51.100.20", "clerk1", PASSWORD).await;
    assert_eq!(home.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: i64 = home.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    app.set_time(time::macros::datetime!(2026-11-28 09:30 UTC) + time::Duration::seconds(wait));
    let home = app.sign_in_from("198.51.100.20", "clerk1", PASSWORD).await;
    assert_eq!(home.status, StatusCode::SEE_OTHER, "{}", home.text);
}

#[tokio::test]
async fn a_sign_in_answers_503_with_retry_after_when_no_core_is_free_for_its_password_check() {
    let app = TestApp::new().await;
    let _ = app.staff("clerk1", "clerk", None).await;
    let checks = app.state.sign_ins.password_checks().permits().clone();
    let all = checks.available_permits() as u32;
    let held = checks.clone().acquire_many_owned(all).await.unwrap();
    let busy = app.sign_in_from("192.0.2.1", "clerk1", PASSWORD).await;
    assert_eq!(busy.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(busy.headers[header::RETRY_AFTER], "2");
    assert!(busy.text.contains("busy checking passwords"));
    drop(held);
    // The refused attempt did not count, and a free core signs in.
    let ok = app.sign_in_from("192.0.2.1", "clerk1", PASSWORD).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
}
