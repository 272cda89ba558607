//! The counters against hostile clients live in the database the instances
//! share (issue 13, point 3): an attacker who reaches two instances behind
//! a load balancer gets no more query-code guesses, password guesses or
//! device registrations than from one, and a flood of new keys leaves no
//! more rows than the keys still counting. On SQLite the second instance
//! is the first again (one process serves a district); the PostgreSQL pass
//! of `make test` runs these with two real instances.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{from_address, TestApp, PASSWORD};
use letterbox_core::limits::{
    SIGN_IN_FAILURES_PER_ADDRESS_AND_NAME, SIGN_IN_NAME_FREE_FAILURES, SIGN_IN_WINDOW_SECS,
};
use letterbox_server::client::{ClientKey, TrustedProxies};
use letterbox_server::db::counters;
use letterbox_server::quota::QuotaLimits;
use letterbox_server::rate_limit::{Refused, LOOKUPS_PER_WINDOW, LOOKUP_WINDOW_SECS};
use time::macros::datetime;
use time::Duration;
use tower::ServiceExt;

/// A wrong query code for a case that does not exist, from `ip`.
async fn wrong_lookup(app: &TestApp, ip: &str) -> StatusCode {
    let body = r#"{"case_number": "LB-2026-000001", "query_code": "ABCDEFGH"}"#;
    let request = Request::post("/api/v1/cases/lookup")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap();
    app.send(from_address(request, ip)).await.status
}

async fn register_from(app: &TestApp, ip: &str) -> StatusCode {
    let request = Request::post("/api/v1/devices")
        .body(Body::empty())
        .unwrap();
    app.send(from_address(request, ip)).await.status
}

fn from(ip: &str) -> ClientKey {
    ClientKey::of(
        Some(ip.parse().unwrap()),
        &axum::http::HeaderMap::new(),
        &TrustedProxies::default(),
    )
}

#[tokio::test]
async fn query_code_guesses_through_two_instances_meet_one_limit() {
    let one = TestApp::new().await;
    let two = one.second_instance().await;
    for i in 0..LOOKUPS_PER_WINDOW {
        let app = if i % 2 == 0 { &one } else { &two };
        assert_eq!(
            wrong_lookup(app, "203.0.113.9").await,
            StatusCode::NOT_FOUND
        );
    }
    for app in [&one, &two] {
        assert_eq!(
            wrong_lookup(app, "203.0.113.9").await,
            StatusCode::TOO_MANY_REQUESTS
        );
    }
    assert_eq!(
        wrong_lookup(&two, "198.51.100.1").await,
        StatusCode::NOT_FOUND,
        "another address has its own count"
    );
    // The next window starts afresh, on both.
    one.set_time(datetime!(2026-11-28 09:30 UTC) + Duration::seconds(LOOKUP_WINDOW_SECS));
    assert_eq!(
        wrong_lookup(&two, "203.0.113.9").await,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn registrations_from_one_address_through_two_instances_share_one_bucket() {
    let limits = QuotaLimits {
        registration_burst: 4,
        registrations_per_hour: 360,
        ..QuotaLimits::default()
    };
    let one = TestApp::new().await.with_quotas(limits);
    let two = one.second_instance().await.with_quotas(limits);
    for i in 0..4 {
        let app = if i % 2 == 0 { &one } else { &two };
        assert_eq!(
            register_from(app, "203.0.113.20").await,
            StatusCode::CREATED
        );
    }
    let refused = two
        .send(from_address(
            Request::post("/api/v1/devices")
                .body(Body::empty())
                .unwrap(),
            "203.0.113.20",
        ))
        .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    // 360 an hour: the next token in 10 s.
    assert_eq!(refused.headers[header::RETRY_AFTER], "10");
    assert_eq!(
        register_from(&one, "203.0.113.20").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    one.set_time(datetime!(2026-11-28 09:30:10 UTC));
    assert_eq!(
        register_from(&one, "203.0.113.20").await,
        StatusCode::CREATED
    );
    assert_eq!(
        register_from(&two, "203.0.113.20").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn wrong_passwords_through_two_instances_lock_the_address_and_name_on_both() {
    let one = TestApp::new().await;
    let two = one.second_instance().await;
    let _ = one.staff("clerk1", "clerk", None).await;
    for i in 0..SIGN_IN_FAILURES_PER_ADDRESS_AND_NAME {
        let app = if i % 2 == 0 { &one } else { &two };
        let page = app.sign_in_from("203.0.113.66", "clerk1", "guess").await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
    for app in [&one, &two] {
        let page = app.sign_in_from("203.0.113.66", "clerk1", PASSWORD).await;
        assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    }
}

#[tokio::test]
async fn a_name_is_delayed_more_with_each_failure_past_the_free_ones_but_never_locked() {
    let one = TestApp::new().await;
    let two = one.second_instance().await;
    let throttle = &one.state.sign_ins;
    let t = datetime!(2026-11-28 09:30:05 UTC);
    let office = from("192.0.2.50");
    let earlier = throttle.begin(&one.db, &office, "wang", t).await.unwrap();
    throttle.succeeded(&one.db, earlier, t).await.unwrap();
    // The free failures, each from a different address.
    for i in 0..SIGN_IN_NAME_FREE_FAILURES {
        let _failed = throttle
            .begin(&two.db, &from(&format!("198.51.100.{i}")), "wang", t)
            .await
            .unwrap();
    }
    let mut at = t;
    let mut waits = Vec::new();
    for i in 0..10 {
        // Alternate instances: each sees the failures counted by the other.
        let db = if i % 2 == 0 { &one.db } else { &two.db };
        let stranger = from(&format!("203.0.113.{i}"));
        let Err(Refused::Wait(wait)) = throttle.begin(db, &stranger, "wang", at).await else {
            panic!("not delayed after {i} failures past the free ones");
        };
        waits.push(wait);
        at += Duration::seconds(wait as i64);
        let _failed = throttle.begin(db, &stranger, "wang", at).await.unwrap();
    }
    assert_eq!(waits, [1, 2, 4, 8, 16, 32, 60, 60, 60, 60]);
    // Where wang signed in before, no delay.
    assert!(throttle.begin(&two.db, &office, "wang", at).await.is_ok());
    // A quiet window forgets the failures.
    let later = at + Duration::seconds(SIGN_IN_WINDOW_SECS + 1);
    assert!(throttle
        .begin(&one.db, &from("203.0.113.99"), "wang", later)
        .await
        .is_ok());
}

#[tokio::test]
async fn a_flood_of_new_addresses_leaves_only_the_live_counters_once_the_old_expire() {
    let app = TestApp::new().await;
    for i in 0..200 {
        let ip = format!("10.0.{}.{}", i / 250, i % 250);
        assert_eq!(wrong_lookup(&app, &ip).await, StatusCode::NOT_FOUND);
    }
    assert_eq!(counters::count(&app.db.read).await.unwrap(), 200);
    // Past the window every one of them has expired; new keys clear them.
    app.set_time(datetime!(2026-11-28 09:30 UTC) + Duration::seconds(LOOKUP_WINDOW_SECS + 1));
    for i in 0..30 {
        let ip = format!("10.1.0.{i}");
        assert_eq!(wrong_lookup(&app, &ip).await, StatusCode::NOT_FOUND);
    }
    assert_eq!(counters::count(&app.db.read).await.unwrap(), 30);
}

#[tokio::test]
async fn parallel_guesses_through_two_instances_get_exactly_the_limit() {
    let one = TestApp::new().await;
    let two = one.second_instance().await;
    let guesses: Vec<_> = (0..2 * LOOKUPS_PER_WINDOW)
        .map(|i| {
            let router = if i % 2 == 0 { &one } else { &two }.router.clone();
            let body = r#"{"case_number": "LB-2026-000001", "query_code": "ABCDEFGH"}"#;
            let request = Request::post("/api/v1/cases/lookup")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body))
                .unwrap();
            let request = from_address(request, "203.0.113.44");
            tokio::spawn(async move { router.oneshot(request).await.unwrap().status() })
        })
        .collect();
    let mut statuses = Vec::new();
    for g in guesses {
        statuses.push(g.await.unwrap());
    }
    let looked_up = statuses
        .iter()
        .filter(|s| **s == StatusCode::NOT_FOUND)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(
        (looked_up, refused),
        (LOOKUPS_PER_WINDOW as usize, LOOKUPS_PER_WINDOW as usize),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn parallel_sign_ins_over_expired_counters_each_get_an_answer_never_an_error() {
    let one = TestApp::new().await;
    let two = one.second_instance().await;
    let round = || {
        (0..12)
            .map(|i| {
                let router = if i % 2 == 0 { &one } else { &two }.router.clone();
                let body = format!("username=guess{i}&password=wrong");
                let request = common::desk_post("/staff/login", None)
                    .body(Body::from(body))
                    .unwrap();
                let request = from_address(request, &format!("198.51.100.{i}"));
                tokio::spawn(async move { router.oneshot(request).await.unwrap().status() })
            })
            .collect::<Vec<_>>()
    };
    for at in ["first", "after the window"] {
        let mut statuses = Vec::new();
        for t in round() {
            statuses.push(t.await.unwrap());
        }
        // 401 after a password check; 503 when no core was free for one.
        assert!(
            statuses
                .iter()
                .all(|s| *s == StatusCode::UNAUTHORIZED || *s == StatusCode::SERVICE_UNAVAILABLE),
            "{at}: {statuses:?}"
        );
        assert!(
            statuses.contains(&StatusCode::UNAUTHORIZED),
            "{at}: {statuses:?}"
        );
        // Every counter of the first round has expired: the second round
        // writes the same keys again while clearing the old rows.
        one.set_time(datetime!(2026-11-28 09:30 UTC) + Duration::seconds(SIGN_IN_WINDOW_SECS + 1));
    }
}
