//! The API v1 contract, through the Router with a real SQLite file.

mod common;

use axum::http::StatusCode;
use common::{assert_problem, petition, petition_id, TestApp};
use letterbox_core::limits::{
    ADDRESS_MAX_CHARS, BODY_MAX_CHARS, NAME_MAX_CHARS, PEOPLE_AFFECTED_MIN,
    PETITION_REQUEST_MAX_BYTES, TITLE_MAX_CHARS,
};
use serde_json::json;

#[tokio::test]
async fn health_answers_ok_and_is_never_cached() {
    let app = TestApp::new().await;
    let reply = app.get("/api/v1/health", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json["status"], "ok");
    assert_eq!(reply.headers["cache-control"], "no-store");
}

/// Live is the process; ready is the process with its database and photo
/// store (a real bucket when the suite runs on one): a load balancer stops
/// sending requests to an instance whose database is gone, and does not
/// restart it for that.
#[tokio::test]
async fn ready_needs_the_database_and_the_photo_store_and_live_does_not() {
    let app = TestApp::new().await;
    let ready = app.get("/api/v1/health/ready", None).await;
    assert_eq!(ready.status, StatusCode::OK, "{:?}", ready.json);
    assert_eq!(ready.json["status"], "ok");
    app.db.read.close().await;
    let not_ready = app.get("/api/v1/health/ready", None).await;
    assert_problem(&not_ready, 503, "/problems/unavailable");
    assert!(not_ready.json["detail"]
        .as_str()
        .unwrap()
        .contains("database"));
    let live = app.get("/api/v1/health/live", None).await;
    assert_eq!(live.status, StatusCode::OK);
    assert_eq!(live.headers["cache-control"], "no-store");
}

#[tokio::test]
async fn registration_returns_a_token_and_stores_only_its_hash() {
    let app = TestApp::new().await;
    let token = app.register().await;
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM devices")
        .fetch_all(&app.db.read)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], token);
    assert!(!stored[0].contains(&token));
    assert_eq!(stored[0], letterbox_server::auth::token_hash(&token));
}

#[tokio::test]
async fn create_then_replay_gives_one_case_and_the_same_number() {
    let app = TestApp::new().await;
    let token = app.register().await;
    let id = petition_id();
    let first = app
        .post_json("/api/v1/petitions", Some(&token), &petition(&id))
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.json);
    assert_eq!(first.json["id"], id);
    assert_eq!(first.json["status"], "received");
    assert_eq!(first.json["case_number"], "LB-2026-000001");
    assert_eq!(first.json["received_at"], "2026-11-28T09:30:00Z");
    assert_eq!(
        first.headers["location"],
        format!("/api/v1/petitions/{id}").as_str()
    );

    let replay = app
        .post_json("/api/v1/petitions", Some(&token), &petition(&id))
        .await;
    assert_eq!(replay.status, StatusCode::OK);
    assert_eq!(replay.json, first.json);
    assert_eq!(app.count("petitions").await, 1);
    assert_eq!(app.count("case_changes").await, 1);

    // Surrounding whitespace is not different content.
    let mut spaced = petition(&id);
    spaced["title"] = json!(" 小区燃气无法开通 ");
    let replay = app
        .post_json("/api/v1/petitions", Some(&token), &spaced)
        .await;
    assert_eq!(replay.status, StatusCode::OK);

    let second = app
        .post_json("/api/v1/petitions", Some(&token), &petition(&petition_id()))
        .await;
    assert_eq!(second.status, StatusCode::CREATED);
    assert_eq!(second.json["case_number"], "LB-2026-000002");
}

#[tokio::test]
async fn case_numbers_restart_with_the_year() {
    let app = TestApp::new().await;
    let token = app.register().await;
    let a = app
        .post_json("/api/v1/petitions", Some(&token), &petition(&petition_id()))
        .await;
    assert_eq!(a.json["case_number"], "LB-2026-000001");
    app.clock.set(time::macros::datetime!(2027-01-01 00:00 UTC));
    let b = app
        .post_json("/api/v1/petitions", Some(&token), &petition(&petition_id()))
        .await;
    assert_eq!(b.json["case_number"], "LB-2027-000001");
}

#[tokio::test]
async fn concurrent_copies_of_one_petition_make_one_row() {
    let app = TestApp::new().await;
    let token = app.register().await;
    let id = petition_id();
    let body = petition(&id);
    let replies = futures_join(&app, &token, &body, 8).await;
    let created = replies
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    let replayed = replies.iter().filter(|s| **s == StatusCode::OK).count();
    assert_eq!((created, replayed), (1, 7), "{replies:?}");
    assert_eq!(app.count("petitions").await, 1);
}

async fn futures_join(
    app: &TestApp,
    token: &str,
    body: &serde_json::Value,
    n: usize,
) -> Vec<StatusCode> {
    let mut tasks = Vec::new();
    for _ in 0..n {
        let router = app.router.clone();
        let request = axum::http::Request::post("/api/v1/petitions")
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {token}"))
            .body(axum::body::Body::from(body.to_string()))
            .unwrap();
        tasks.push(tokio::spawn(async move {
            use tower::ServiceExt;
            router.oneshot(request).await.unwrap().status()
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

#[tokio::test]
async fn same_id_with_different_content_is_a_conflict() {
    let app = TestApp::new().await;
    let token = app.register().await;
    let id = petition_id();
    app.post_json("/api/v1/petitions", Some(&token), &petition(&id))
        .await;
    let mut changed = petition(&id);
    changed["body"] = json!("完全不同的内容，开发商已经解决了燃气问题。");
    let reply = app
        .post_json("/api/v1/petitions", Some(&token), &changed)
        .await;
    assert_problem(&reply, 409, "/problems/id-conflict");
    assert_eq!(app.count("petitions").await, 1);

    // Another device reusing the id is a conflict too, never a second row.
    let other = app.register().await;
    let reply = app
        .post_json("/api/v1/petitions", Some(&other), &petition(&id))
        .await;
    assert_problem(&reply, 409, "/problems/id-conflict");
}

#[tokio::test]
async fn a_device_reads_its_own_petition_and_nobody_elses() {
    let app = TestApp::new().await;
    let mine = app.register().await;
    let theirs = app.register().await;
    let id = petition_id();
    let created = app
        .post_json("/api/v1/petitions", Some(&mine), &petition(&id))
        .await;
    let path = format!("/api/v1/petitions/{id}");
    let reply = app.get(&path, Some(&mine)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json, created.json);

    let reply = app.get(&path, Some(&theirs)).await;
    assert_problem(&reply, 404, "/problems/not-found");
    let unknown = app
        .get(&format!("/api/v1/petitions/{}", petition_id()), Some(&mine))
        .await;
    assert_eq!(
        unknown.json, reply.json,
        "unknown and foreign look the same"
    );
    let garbage = app.get("/api/v1/petitions/not-a-uuid", Some(&mine)).await;
    assert_problem(&garbage, 404, "/problems/not-found");
}

#[tokio::test]
async fn missing_or_wrong_token_is_401() {
    let app = TestApp::new().await;
    let id = petition_id();
    let reply = app
        .post_json("/api/v1/petitions", None, &petition(&id))
        .await;
    assert_problem(&reply, 401, "/problems/unauthorized");
    assert_eq!(reply.headers["www-authenticate"], "Bearer");
    let reply = app
        .post_json("/api/v1/petitions", Some("forged-token"), &petition(&id))
        .await;
    assert_problem(&reply, 401, "/problems/unauthorized");
    let reply = app.get("/api/v1/sync", None).await;
    assert_problem(&reply, 401, "/problems/unauthorized");
    assert_eq!(app.count("petitions").await, 0);
}

#[tokio::test]
async fn malformed_bodies_are_400_problems() {
    let app = TestApp::new().await;
    let token = app.register().await;
    for body in ["{", "not json", "{\"id\": }", "\u{0}"] {
        let reply = app
            .post_raw(
                "/api/v1/petitions",
                Some(&token),
                "application/json",
                body.into(),
            )
            .await;
        assert_problem(&reply, 400, "/problems/malformed-request");
    }
    let reply = app
        .post_raw("/api/v1/petitions", Some(&token), "text/plain", "{}".into())
        .await;
    assert_problem(&reply, 415, "/problems/unsupported-media-type");
}

#[tokio::test]
async fn wrong_shapes_and_values_are_422_problems() {
    let app = TestApp::new().await;
    let token = app.register().await;
    let mut bad_kind = petition(&petition_id());
    bad_kind["kind"] = json!("petition");
    let mut extra = petition(&petition_id());
    extra["status"] = json!("closed");
    let mut missing = petition(&petition_id());
    missing.as_object_mut().unwrap().remove("body");
    for body in [bad_kind, extra, missing, json!([]), json!({"id": 5})] {
        let reply = app
            .post_json("/api/v1/petitions", Some(&token), &body)
            .await;
        assert_problem(&reply, 422, "/problems/invalid");
    }
    assert_eq!(app.count("petitions").await, 0);
}

#[tokio::test]
async fn field_limits_come_back_as_field_errors() {
    let app = TestApp::new().await;
    let token = app.register().await;
    let body = json!({
        "id": "9b2c6f1e-3d4a-4b5c-8d6e-7f8091a2b3c4",
        "kind": "suggestion",
        "title": "长".repeat(TITLE_MAX_CHARS + 1),
        "body": "  ",
        "category": "",
        "location": {"address": "地".repeat(ADDRESS_MAX_CHARS + 1)},
        "people_affected": 1,
        "identity": {"name": "名".repeat(NAME_MAX_CHARS + 1), "phone": "12"},
    });
    let reply = app
        .post_json("/api/v1/petitions", Some(&token), &body)
        .await;
    assert_problem(&reply, 422, "/problems/invalid");
    assert_eq!(
        reply.json["errors"],
        json!([
            {"field": "id", "code": "invalid_id"},
            {"field": "title", "code": "too_long", "limit": TITLE_MAX_CHARS},
            {"field": "body", "code": "required"},
            {"field": "category", "code": "required"},
            {"field": "location.address", "code": "too_long", "limit": ADDRESS_MAX_CHARS},
            {"field": "people_affected", "code": "out_of_range", "limit": PEOPLE_AFFECTED_MIN},
            {"field": "identity.name", "code": "too_long", "limit": NAME_MAX_CHARS},
            {"field": "identity.phone", "code": "invalid_phone"},
        ])
    );
    let mut at_limit = petition(&petition_id());
    at_limit["title"] = json!("长".repeat(TITLE_MAX_CHARS));
    at_limit["body"] = json!("长".repeat(BODY_MAX_CHARS));
    let reply = app
        .post_json("/api/v1/petitions", Some(&token), &at_limit)
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
}

#[tokio::test]
async fn oversized_bodies_are_413_problems() {
    let app = TestApp::new().await;
    let token = app.register().await;
    let mut huge = petition(&petition_id());
    huge["body"] = json!("x".repeat(PETITION_REQUEST_MAX_BYTES + 1));
    let reply = app
        .post_json("/api/v1/petitions", Some(&token), &huge)
        .await;
    assert_problem(&reply, 413, "/problems/too-large");
    assert_eq!(app.count("petitions").await, 0);
}

#[tokio::test]
async fn unknown_routes_and_methods_are_problems() {
    let app = TestApp::new().await;
    let reply = app.get("/api/v1/nothing-here", None).await;
    assert_problem(&reply, 404, "/problems/not-found");
    let reply = app.get("/api/v1/devices", None).await;
    assert_problem(&reply, 405, "/problems/method-not-allowed");
    assert!(reply.headers.contains_key("allow"));
}

#[tokio::test]
async fn sync_feed_pages_this_devices_changes_in_order() {
    let app = TestApp::new().await;
    let mine = app.register().await;
    let theirs = app.register().await;
    let mut ids = Vec::new();
    for i in 0..5 {
        let token = if i == 2 { &theirs } else { &mine };
        let id = petition_id();
        app.post_json("/api/v1/petitions", Some(token), &petition(&id))
            .await;
        if i != 2 {
            ids.push(id);
        }
    }
    let page = app.get("/api/v1/sync?cursor=0&limit=3", Some(&mine)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.json["has_more"], true);
    let changes = page.json["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 3);
    let cursor = page.json["next_cursor"].as_i64().unwrap();
    assert_eq!(cursor, changes[2]["seq"].as_i64().unwrap());

    let rest = app
        .get(
            &format!("/api/v1/sync?cursor={cursor}&limit=3"),
            Some(&mine),
        )
        .await;
    assert_eq!(rest.json["has_more"], false);
    let all: Vec<_> = changes
        .iter()
        .chain(rest.json["changes"].as_array().unwrap())
        .cloned()
        .collect();
    let seen: Vec<_> = all
        .iter()
        .map(|c| c["petition_id"].as_str().unwrap())
        .collect();
    assert_eq!(seen, ids);
    assert!(all.iter().all(|c| c["status"] == "received"));
    let seqs: Vec<_> = all.iter().map(|c| c["seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]));

    let end = rest.json["next_cursor"].as_i64().unwrap();
    let empty = app
        .get(&format!("/api/v1/sync?cursor={end}"), Some(&mine))
        .await;
    assert_eq!(empty.json["changes"], json!([]));
    assert_eq!(empty.json["next_cursor"], end);

    for bad in ["cursor=-1", "limit=0", "limit=100000", "cursor=abc"] {
        let reply = app.get(&format!("/api/v1/sync?{bad}"), Some(&mine)).await;
        assert_problem(&reply, 400, "/problems/malformed-request");
    }
}

#[tokio::test]
async fn app_shell_is_served_for_client_routes_without_caching() {
    let app = TestApp::new().await;
    let reply = app.get("/cases/whatever", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.content_type.starts_with("text/html"));
    assert_eq!(reply.headers["cache-control"], "no-cache");
}

#[tokio::test]
async fn each_kind_requires_what_the_regulations_require() {
    let app = TestApp::new().await;
    let token = app.register().await;
    let mut complaint = petition(&petition_id());
    complaint.as_object_mut().unwrap().remove("identity");
    complaint["location"] = json!({});
    let reply = app
        .post_json("/api/v1/petitions", Some(&token), &complaint)
        .await;
    assert_problem(&reply, 422, "/problems/invalid");
    assert_eq!(
        reply.json["errors"],
        json!([
            {"field": "location.district", "code": "required"},
            {"field": "identity.name", "code": "required"},
            {"field": "identity.phone", "code": "required"},
            {"field": "identity.address", "code": "required"},
        ])
    );

    // A report needs a place but not a name; a suggestion needs neither.
    let mut report = petition(&petition_id());
    report["kind"] = json!("report");
    report.as_object_mut().unwrap().remove("identity");
    let reply = app
        .post_json("/api/v1/petitions", Some(&token), &report)
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.json);
    let mut suggestion = petition(&petition_id());
    suggestion["kind"] = json!("suggestion");
    suggestion["location"] = json!({});
    suggestion.as_object_mut().unwrap().remove("identity");
    let reply = app
        .post_json("/api/v1/petitions", Some(&token), &suggestion)
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.json);
}

#[tokio::test]
async fn unknown_categories_and_areas_are_refused() {
    let app = TestApp::new().await;
    let token = app.register().await;
    let mut p = petition(&petition_id());
    p["category"] = json!("weather");
    p["location"]["street"] = json!("500105001");
    let reply = app.post_json("/api/v1/petitions", Some(&token), &p).await;
    assert_problem(&reply, 422, "/problems/invalid");
    assert_eq!(
        reply.json["errors"],
        json!([
            {"field": "category", "code": "unknown"},
            {"field": "location.street", "code": "unknown"},
        ])
    );
    assert_eq!(app.count("petitions").await, 0);
}

#[tokio::test]
async fn the_identity_is_kept_apart_and_not_echoed() {
    let app = TestApp::new().await;
    let token = app.register().await;
    let id = petition_id();
    let reply = app
        .post_json("/api/v1/petitions", Some(&token), &petition(&id))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert!(reply.json.get("identity").is_none());
    assert_eq!(reply.json["category"], "utilities");
    assert_eq!(reply.json["location"]["street"], "500103002");
    assert_eq!(reply.json["people_affected"], 86);
    let (name, phone): (String, String) =
        sqlx::query_as("SELECT name, phone FROM petition_identities WHERE petition_id = $1")
            .bind(&id)
            .fetch_one(&app.db.read)
            .await
            .unwrap();
    assert_eq!((name.as_str(), phone.as_str()), ("张三", "138 0013 8000"));
    // The content columns hold no trace of who sent it.
    let row: (String, String, String) =
        sqlx::query_as("SELECT title, body, address FROM petitions WHERE id = $1")
            .bind(&id)
            .fetch_one(&app.db.read)
            .await
            .unwrap();
    assert!(!format!("{row:?}").contains("张三"));

    // A different identity under the same id is different content.
    let mut other = petition(&id);
    other["identity"]["phone"] = json!("139 0000 0000");
    let reply = app
        .post_json("/api/v1/petitions", Some(&token), &other)
        .await;
    assert_problem(&reply, 409, "/problems/id-conflict");
}

#[tokio::test]
async fn coordinates_are_stored_rounded_to_about_ten_metres() {
    let app = TestApp::new().await;
    let token = app.register().await;
    let id = petition_id();
    let mut p = petition(&id);
    p["location"]["coordinates"] = json!({"lat": 29.558_765_4, "lon": 106.577_123_9});
    let reply = app.post_json("/api/v1/petitions", Some(&token), &p).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.json);
    assert_eq!(
        reply.json["location"]["coordinates"],
        json!({"lat": 29.5588, "lon": 106.5771})
    );
    // The same unrounded position again is the same petition.
    let again = app.post_json("/api/v1/petitions", Some(&token), &p).await;
    assert_eq!(again.status, StatusCode::OK);
}

#[tokio::test]
async fn categories_and_areas_are_public_and_cacheable() {
    let app = TestApp::new().await;
    let reply = app.get("/api/v1/categories", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let codes: Vec<&str> = reply.json["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "housing",
            "utilities",
            "transport",
            "environment",
            "education",
            "health",
            "social_security",
            "public_safety",
            "market_regulation",
            "other"
        ]
    );
    assert_eq!(reply.json["categories"][1]["name"]["zh"], "水电气");
    assert_eq!(reply.headers["cache-control"], "public, max-age=3600");

    let reply = app.get("/api/v1/areas", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let areas = reply.json["areas"].as_array().unwrap();
    assert_eq!(areas.len(), 38);
    let jiangbei = areas.iter().find(|a| a["code"] == "500105").unwrap();
    assert_eq!(jiangbei["name"]["en"], "Jiangbei District");
    assert_eq!(jiangbei["level"], "district");
    assert!(jiangbei["children"].as_array().unwrap().len() >= 9);
}
