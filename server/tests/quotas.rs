//! Quotas against hostile clients (issue 11): registrations per address,
//! petitions and requests per device per day (China time), supplements per
//! case; and the desk queue's pages.

mod common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use common::{assert_problem, petition, petition_id, Reply, TestApp};
use letterbox_core::limits::{
    DEVICE_REGISTRATION_BURST, PETITIONS_PER_DEVICE_PER_DAY, QUEUE_PAGE_ROWS, SUPPLEMENTS_PER_CASE,
};
use letterbox_server::quota::QuotaLimits;
use serde_json::json;
use time::macros::datetime;

async fn register_from(app: &TestApp, address: &str) -> Reply {
    let address: SocketAddr = address.parse().unwrap();
    let mut request = Request::post("/api/v1/devices")
        .body(Body::empty())
        .unwrap();
    request.extensions_mut().insert(ConnectInfo(address));
    app.send(request).await
}

async fn send_petition(app: &TestApp, token: &str) -> Reply {
    app.post_json("/api/v1/petitions", Some(token), &petition(&petition_id()))
        .await
}

#[tokio::test]
async fn a_registration_flood_from_one_address_meets_429_while_a_normal_number_passes() {
    let app = TestApp::new().await;
    // A whole carrier address's worth of phones installing at once passes.
    for n in 0..DEVICE_REGISTRATION_BURST {
        let reply = register_from(&app, "203.0.113.7:4000").await;
        assert_eq!(reply.status, StatusCode::CREATED, "registration {n}");
    }
    let flood = register_from(&app, "203.0.113.7:4001").await;
    assert_problem(&flood, 429, "/problems/rate-limited");
    assert_eq!(
        flood.headers["retry-after"], "6",
        "600 an hour: one every 6 s"
    );
    assert_eq!(
        app.count("devices").await,
        i64::from(DEVICE_REGISTRATION_BURST)
    );

    // Other addresses are not held up by it.
    let other = register_from(&app, "198.51.100.1:4000").await;
    assert_eq!(other.status, StatusCode::CREATED);

    // Six seconds later one more passes, and only one.
    app.set_time(datetime!(2026-11-28 09:30:06 UTC));
    let later = register_from(&app, "203.0.113.7:4002").await;
    assert_eq!(later.status, StatusCode::CREATED);
    let again = register_from(&app, "203.0.113.7:4003").await;
    assert_eq!(again.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn the_daily_petition_quota_answers_429_until_midnight_in_china_and_resets_the_next_day() {
    let app = TestApp::new().await;
    let token = app.register().await;
    let mut last = None;
    for n in 0..PETITIONS_PER_DEVICE_PER_DAY {
        let id = petition_id();
        let reply = app
            .post_json("/api/v1/petitions", Some(&token), &petition(&id))
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "petition {n}");
        last = Some(id);
    }
    // 09:30 UTC is 17:30 in China: six and a half hours to midnight.
    let over = send_petition(&app, &token).await;
    assert_problem(&over, 429, "/problems/rate-limited");
    assert_eq!(
        over.headers["retry-after"],
        (6 * 3600 + 30 * 60).to_string().as_str()
    );
    assert_eq!(
        app.count("petitions").await,
        i64::from(PETITIONS_PER_DEVICE_PER_DAY)
    );

    // A resend of a petition already received is never refused.
    let resend = app
        .post_json("/api/v1/petitions", Some(&token), &petition(&last.unwrap()))
        .await;
    assert_eq!(resend.status, StatusCode::OK);

    // Another phone has its own quota.
    let other = app.register().await;
    assert_eq!(
        send_petition(&app, &other).await.status,
        StatusCode::CREATED
    );

    // One second before midnight in China: still over, one second to go.
    app.set_time(datetime!(2026-11-28 15:59:59 UTC));
    let late = send_petition(&app, &token).await;
    assert_eq!(late.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(late.headers["retry-after"], "1");

    // Midnight in China (16:00 UTC): a new day, a new quota.
    app.set_time(datetime!(2026-11-28 16:00 UTC));
    let next_day = send_petition(&app, &token).await;
    assert_eq!(next_day.status, StatusCode::CREATED, "{:?}", next_day.json);
}

#[tokio::test]
async fn the_daily_quota_survives_a_restart_because_it_is_counted_from_the_database() {
    let app = TestApp::new().await.with_quotas(QuotaLimits {
        petitions_per_day: 2,
        ..QuotaLimits::default()
    });
    let token = app.register().await;
    for _ in 0..2 {
        assert_eq!(
            send_petition(&app, &token).await.status,
            StatusCode::CREATED
        );
    }
    // A fresh state over the same database: nothing kept in memory.
    let restarted = app.with_quotas(QuotaLimits {
        petitions_per_day: 2,
        ..QuotaLimits::default()
    });
    let over = send_petition(&restarted, &token).await;
    assert_eq!(over.status, StatusCode::TOO_MANY_REQUESTS);
}

async fn registered_case(app: &TestApp) -> (String, String) {
    let resident = app.register().await;
    let clerk = app.staff("clerk1", "clerk", None).await;
    let id = petition_id();
    let sent = app
        .post_json("/api/v1/petitions", Some(&resident), &petition(&id))
        .await;
    assert_eq!(sent.status, StatusCode::CREATED);
    let page = app
        .form(
            &format!("/staff/cases/{id}/actions"),
            Some(&clerk),
            "action=register",
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.text);
    (resident, id)
}

async fn supplement(app: &TestApp, token: &str, id: &str, request: &str, n: u32) -> Reply {
    app.put_json(
        &format!("/api/v1/petitions/{id}/requests/{request}"),
        token,
        &json!({"type": "supplement", "text": format!("补充材料第 {n} 份"), "photos": []}),
    )
    .await
}

#[tokio::test]
async fn a_case_takes_at_most_its_supplement_cap_and_a_resend_still_gets_its_receipt() {
    let app = TestApp::new().await;
    let (resident, id) = registered_case(&app).await;
    let mut last = String::new();
    for n in 0..SUPPLEMENTS_PER_CASE {
        last = petition_id();
        let reply = supplement(&app, &resident, &id, &last, n).await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "supplement {n}: {:?}",
            reply.json
        );
    }
    let full = supplement(&app, &resident, &id, &petition_id(), 99).await;
    // Waiting would not help: a 409 the app shows, not a 429 it retries.
    assert_problem(&full, 409, "/problems/case-state");
    assert!(full.json["detail"]
        .as_str()
        .unwrap()
        .contains("supplements"));
    assert_eq!(
        app.count("supplements").await,
        i64::from(SUPPLEMENTS_PER_CASE)
    );
    let resend = supplement(&app, &resident, &id, &last, SUPPLEMENTS_PER_CASE - 1).await;
    assert_eq!(resend.status, StatusCode::OK, "{:?}", resend.json);
}

#[tokio::test]
async fn the_daily_request_quota_counts_every_kind_of_request_and_resets_at_midnight_in_china() {
    let app = TestApp::new().await.with_quotas(QuotaLimits {
        follow_ups_per_day: 3,
        ..QuotaLimits::default()
    });
    let (resident, id) = registered_case(&app).await;
    for n in 0..3 {
        let reply = supplement(&app, &resident, &id, &petition_id(), n).await;
        assert_eq!(reply.status, StatusCode::CREATED);
    }
    let over = supplement(&app, &resident, &id, &petition_id(), 3).await;
    assert_problem(&over, 429, "/problems/rate-limited");
    assert_eq!(
        over.headers["retry-after"],
        (6 * 3600 + 30 * 60).to_string().as_str()
    );
    app.set_time(datetime!(2026-11-28 16:00:01 UTC));
    let next_day = supplement(&app, &resident, &id, &petition_id(), 4).await;
    assert_eq!(next_day.status, StatusCode::CREATED, "{:?}", next_day.json);
}

#[tokio::test]
async fn the_desk_queue_shows_a_page_at_a_time_with_the_count_of_all() {
    let app = TestApp::new().await.with_quotas(QuotaLimits {
        petitions_per_day: 0,
        ..QuotaLimits::default()
    });
    let token = app.register().await;
    let total = QUEUE_PAGE_ROWS + 5;
    for _ in 0..total {
        assert_eq!(
            send_petition(&app, &token).await.status,
            StatusCode::CREATED
        );
    }
    let clerk = app.staff("clerk1", "clerk", None).await;
    let first = app.staff_get("/staff", Some(&clerk)).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(
        first
            .text
            .contains(&format!("Showing 1–{QUEUE_PAGE_ROWS} of {total}")),
        "{}",
        first.text
    );
    assert_eq!(
        first.text.matches("href=\"/staff/cases/").count(),
        QUEUE_PAGE_ROWS as usize
    );
    assert!(
        first.text.contains("href=\"/staff?page=2\""),
        "{}",
        first.text
    );
    assert!(!first.text.contains("rel=\"prev\""));

    let second = app.staff_get("/staff?page=2", Some(&clerk)).await;
    let from = QUEUE_PAGE_ROWS + 1;
    assert!(
        second
            .text
            .contains(&format!("Showing {from}–{total} of {total}")),
        "{}",
        second.text
    );
    assert_eq!(second.text.matches("href=\"/staff/cases/").count(), 5);
    assert!(second.text.contains("href=\"/staff?page=1\""));
    assert!(!second.text.contains("rel=\"next\""));
    // The oldest is on the first page, the newest on the last.
    assert!(first.text.contains("LB-2026-000001") && !second.text.contains("LB-2026-000001"));
    assert!(second.text.contains(&format!("LB-2026-{total:06}")));

    // Past the end is the last page; the search is kept in the links.
    let far = app.staff_get("/staff?page=99", Some(&clerk)).await;
    assert!(far
        .text
        .contains(&format!("Showing {from}–{total} of {total}")));
    let all = app
        .staff_get("/staff?all=1&q=%E7%87%83%E6%B0%94", Some(&clerk))
        .await;
    assert!(
        all.text
            .contains("href=\"/staff?all=1&amp;q=%E7%87%83%E6%B0%94&amp;page=2\""),
        "{}",
        all.text
    );
}

#[tokio::test]
async fn case_numbers_grow_a_seventh_digit_past_999999_and_lookup_finds_them() {
    let app = TestApp::new().await;
    sqlx::query("INSERT INTO case_counters (year, last_seq) VALUES (2026, 999998)")
        .execute(&app.db.write)
        .await
        .unwrap();
    let resident = app.register().await;
    let clerk = app.staff("clerk1", "clerk", None).await;
    let last_six = send_petition(&app, &resident).await;
    assert_eq!(last_six.json["case_number"], "LB-2026-999999");
    let id = petition_id();
    let first_seven = app
        .post_json("/api/v1/petitions", Some(&resident), &petition(&id))
        .await;
    assert_eq!(
        first_seven.status,
        StatusCode::CREATED,
        "{:?}",
        first_seven.json
    );
    assert_eq!(first_seven.json["case_number"], "LB-2026-1000000");

    let page = app
        .form(
            &format!("/staff/cases/{id}/actions"),
            Some(&clerk),
            "action=register",
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let code = letterbox_server::query_code::code_for(&app.state.query_key, id.parse().unwrap());
    for typed in ["LB-2026-1000000", " lb-2026-1000000 "] {
        let found = app
            .post_json(
                "/api/v1/cases/lookup",
                None,
                &json!({"case_number": typed, "query_code": code}),
            )
            .await;
        assert_eq!(found.status, StatusCode::OK, "{typed}: {:?}", found.json);
        assert_eq!(found.json["case_number"], "LB-2026-1000000");
    }
    // A padded seven-digit spelling is not another name for a case.
    let padded = app
        .post_json(
            "/api/v1/cases/lookup",
            None,
            &json!({"case_number": "LB-2026-0999999", "query_code": code}),
        )
        .await;
    assert_eq!(padded.status, StatusCode::NOT_FOUND);
    // The desk finds it by number too.
    let search = app
        .staff_get("/staff?all=1&q=lb-2026-1000000", Some(&clerk))
        .await;
    assert!(search.text.contains("LB-2026-1000000"), "{}", search.text);
}

#[tokio::test]
async fn a_case_holds_at_most_its_photos_and_their_bytes_and_the_supplement_over_it_is_refused() {
    use letterbox_core::limits::{
        PHOTOS_MAX, PHOTOS_PER_CASE, PHOTO_BYTES_PER_CASE, PHOTO_MAX_BYTES,
    };
    let app = TestApp::new().await.with_quotas(QuotaLimits {
        follow_ups_per_day: 0,
        ..QuotaLimits::default()
    });
    let (resident, id) = registered_case(&app).await;
    let sized = |n: usize, seed: u32, bytes: u64| {
        (0..n)
            .map(|i| {
                json!({
                    "id": petition_id(),
                    "sha256": format!("{:064x}", seed * 100 + i as u32),
                    "bytes": bytes,
                    "mime": "image/jpeg"
                })
            })
            .collect::<Vec<_>>()
    };
    let photos = |n: usize, seed: u32| sized(n, seed, 1000);
    let send = |photos: Vec<serde_json::Value>, n: u32| {
        let app = &app;
        let resident = resident.clone();
        let id = id.clone();
        async move {
            app.put_json(
                &format!("/api/v1/petitions/{id}/requests/{}", petition_id()),
                &resident,
                &json!({"type": "supplement", "text": format!("照片 {n}"), "photos": photos}),
            )
            .await
        }
    };
    // Full supplements of photos up to the case's cap.
    let full = PHOTOS_PER_CASE as usize / PHOTOS_MAX;
    for n in 0..full {
        let reply = send(photos(PHOTOS_MAX, n as u32), n as u32).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.json);
    }
    let room = PHOTOS_PER_CASE as usize - full * PHOTOS_MAX;
    let over = send(photos(room + 1, 90), 90).await;
    assert_problem(&over, 409, "/problems/case-state");
    assert!(over.json["detail"].as_str().unwrap().contains("photos"));
    if room > 0 {
        let fits = send(photos(room, 91), 91).await;
        assert_eq!(fits.status, StatusCode::CREATED, "{:?}", fits.json);
    }

    // Bytes count too: full supplements of the largest photos reach the
    // case's bytes before its count.
    let app = TestApp::new().await.with_quotas(QuotaLimits {
        follow_ups_per_day: 0,
        ..QuotaLimits::default()
    });
    let (resident, id) = registered_case(&app).await;
    let big = |seed: u32| sized(PHOTOS_MAX, seed, PHOTO_MAX_BYTES);
    let per = PHOTOS_MAX as u64 * PHOTO_MAX_BYTES;
    let fitting = PHOTO_BYTES_PER_CASE / per;
    assert!((fitting as usize + 1) * PHOTOS_MAX <= PHOTOS_PER_CASE as usize);
    for n in 0..fitting {
        let reply = app
            .put_json(
                &format!("/api/v1/petitions/{id}/requests/{}", petition_id()),
                &resident,
                &json!({"type": "supplement", "text": format!("大照片 {n}"), "photos": big(200 + n as u32)}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.json);
    }
    let over = app
        .put_json(
            &format!("/api/v1/petitions/{id}/requests/{}", petition_id()),
            &resident,
            &json!({"type": "supplement", "text": "再多一份", "photos": big(299)}),
        )
        .await;
    assert_problem(&over, 409, "/problems/case-state");
}
