//! The resident controls their data (Regulations Art. 30, PIPL): a phone
//! downloads what the office holds for it and only that, a phone is
//! forgotten, a case is erased at a request made in person, closed cases
//! lose identity and photos after the retention period, and staff seeing
//! an identity or a photo is on record.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use common::{petition, petition_id, Reply, TestApp};
use letterbox_server::erasure;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use time::macros::datetime;

async fn send_case(app: &TestApp, token: &str, body: &Value) {
    let reply = app.post_json("/api/v1/petitions", Some(token), body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.json);
}

/// A petition with one declared photo, uploaded whole.
async fn send_case_with_photo(app: &TestApp, token: &str) -> (String, String) {
    let id = petition_id();
    let photo = petition_id();
    let bytes = common::webp_image(5000, 1);
    let sha: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut body = petition(&id);
    body["photos"] =
        json!([{"id": photo, "sha256": sha, "bytes": bytes.len(), "mime": "image/webp"}]);
    send_case(app, token, &body).await;
    let put = Request::put(format!("/api/v1/petitions/{id}/photos/{photo}"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "image/webp")
        .header(
            "content-digest",
            format!("sha-256=:{}:", STANDARD.encode(Sha256::digest(&bytes))),
        )
        .body(Body::from(bytes))
        .unwrap();
    let reply = app.send(put).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.json);
    (id, photo)
}

async fn forget(app: &TestApp, token: &str) -> Reply {
    let request = Request::delete("/api/v1/devices/me")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    app.send(request).await
}

async fn scalar(app: &TestApp, sql: &str, id: &str) -> i64 {
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(&app.db.read)
        .await
        .unwrap()
}

async fn register_case(app: &TestApp, clerk: &str, id: &str) {
    let page = app
        .form(
            &format!("/staff/cases/{id}/actions"),
            Some(clerk),
            "action=register",
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.text);
}

/// A phone that follows `id` with its case number and query code.
async fn follower(app: &TestApp, id: &str, number: &str) -> String {
    let phone = app.register().await;
    let code = letterbox_server::query_code::code_for(&app.state.query_key, id.parse().unwrap());
    let reply = app
        .post_json(
            "/api/v1/cases/lookup",
            Some(&phone),
            &json!({"case_number": number, "query_code": code}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.json);
    phone
}

#[tokio::test]
async fn my_data_holds_the_phones_cases_with_identity_and_nothing_of_another_phone() {
    let app = TestApp::new().await;
    let mine = app.register().await;
    let theirs = app.register().await;
    let (id, photo) = send_case_with_photo(&app, &mine).await;
    let other = petition_id();
    let mut body = petition(&other);
    body["identity"] = json!({"name": "李四", "phone": "139 0000 0000", "address": "江北区"});
    send_case(&app, &theirs, &body).await;

    let reply = app.get("/api/v1/devices/me/data", Some(&mine)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.json);
    let data = &reply.json;
    assert!(data["device"]["registered_at"]
        .as_str()
        .unwrap()
        .starts_with("2026-11-28"));
    let petitions = data["petitions"].as_array().unwrap();
    assert_eq!(petitions.len(), 1);
    assert_eq!(petitions[0]["id"], id.as_str());
    assert_eq!(petitions[0]["case_number"], "LB-2026-000001");
    assert_eq!(petitions[0]["content"]["title"], "小区燃气无法开通");
    assert_eq!(petitions[0]["identity"]["name"], "张三");
    assert_eq!(data["photos"][0]["photo_id"], photo.as_str());
    assert!(data["photos"][0].get("bytes").is_some());
    assert!(!data["case_events"].as_array().unwrap().is_empty());
    let text = data.to_string();
    assert!(!text.contains(&other) && !text.contains("李四"), "{text}");
    assert!(!text.contains(&mine), "the token is never sent back");

    let nobody = app.get("/api/v1/devices/me/data", None).await;
    assert_eq!(nobody.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_forgotten_phone_loses_its_token_and_follows_while_its_registered_case_stays() {
    let app = TestApp::new().await;
    let clerk = app.staff("clerk1", "clerk", None).await;
    let phone = app.register().await;
    let id = petition_id();
    send_case(&app, &phone, &petition(&id)).await;
    register_case(&app, &clerk, &id).await;
    // The phone also follows someone else's case.
    let neighbour = app.register().await;
    let theirs = petition_id();
    send_case(&app, &neighbour, &petition(&theirs)).await;
    register_case(&app, &clerk, &theirs).await;
    let code =
        letterbox_server::query_code::code_for(&app.state.query_key, theirs.parse().unwrap());
    let followed = app
        .post_json(
            "/api/v1/cases/lookup",
            Some(&phone),
            &json!({"case_number": "LB-2026-000002", "query_code": code}),
        )
        .await;
    assert_eq!(followed.status, StatusCode::OK);
    let device_id: String = sqlx::query_scalar("SELECT device_id FROM petitions WHERE id = $1")
        .bind(&id)
        .fetch_one(&app.db.read)
        .await
        .unwrap();

    let reply = forget(&app, &phone).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.json);
    assert_eq!(reply.json["cases_kept"], 1);
    assert_eq!(reply.json["follows_removed"], 1);

    for path in ["/api/v1/devices/me/data", "/api/v1/sync?cursor=0"] {
        assert_eq!(
            app.get(path, Some(&phone)).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(forget(&app, &phone).await.status, StatusCode::UNAUTHORIZED);
    // The case stays, registered, with its identity, under no phone.
    let kept = scalar(&app, "SELECT COUNT(*) FROM petitions WHERE id = $1", &id).await;
    assert_eq!(kept, 1);
    for sql in [
        "SELECT COUNT(*) FROM petitions WHERE device_id = $1",
        "SELECT COUNT(*) FROM case_changes WHERE device_id = $1",
        "SELECT COUNT(*) FROM case_followers WHERE device_id = $1",
        "SELECT COUNT(*) FROM devices WHERE id = $1",
    ] {
        assert_eq!(scalar(&app, sql, &device_id).await, 0, "{sql}");
    }
    let status: String = sqlx::query_scalar("SELECT status FROM petitions WHERE id = $1")
        .bind(&id)
        .fetch_one(&app.db.read)
        .await
        .unwrap();
    assert_eq!(status, "registered");
    let page = app
        .staff_get(&format!("/staff/cases/{id}"), Some(&clerk))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    // The neighbour's phone and case are untouched.
    let theirs_data = app.get("/api/v1/devices/me/data", Some(&neighbour)).await;
    assert_eq!(theirs_data.json["petitions"][0]["id"], theirs.as_str());
}

#[tokio::test]
async fn forgetting_the_sending_phone_ends_other_phones_following_its_cases() {
    let app = TestApp::new().await;
    let clerk = app.staff("clerk1", "clerk", None).await;
    let phone = app.register().await;
    let id = petition_id();
    send_case(&app, &phone, &petition(&id)).await;
    register_case(&app, &clerk, &id).await;
    let other = follower(&app, &id, "LB-2026-000001").await;
    assert_eq!(forget(&app, &phone).await.status, StatusCode::OK);
    let data = app.get("/api/v1/devices/me/data", Some(&other)).await;
    assert_eq!(data.status, StatusCode::OK);
    assert_eq!(data.json["followed_cases"], json!([]));
}

#[tokio::test]
async fn erasing_a_case_in_person_removes_identity_photos_phone_and_followers_and_keeps_the_case() {
    let app = TestApp::new().await;
    let clerk = app.staff("clerk1", "clerk", None).await;
    let phone = app.register().await;
    let (id, photo) = send_case_with_photo(&app, &phone).await;
    register_case(&app, &clerk, &id).await;
    let other = follower(&app, &id, "LB-2026-000001").await;
    assert!(app.stored_photo(&id, &photo).await.is_some());

    let erased = erasure::erase_case(&app.state, " LB-2026-000001 ")
        .await
        .unwrap();
    assert_eq!(
        erased,
        erasure::Erased {
            case_number: "LB-2026-000001".into(),
            had_identity: true,
            photos: 1
        }
    );
    assert!(app.stored_photo(&id, &photo).await.is_none());
    for sql in [
        "SELECT COUNT(*) FROM petition_identities WHERE petition_id = $1",
        "SELECT COUNT(*) FROM petition_photos WHERE petition_id = $1",
        "SELECT COUNT(*) FROM case_followers WHERE petition_id = $1",
        "SELECT COUNT(*) FROM petitions WHERE id = $1 AND identity_hmac IS NOT NULL",
    ] {
        assert_eq!(scalar(&app, sql, &id).await, 0, "{sql}");
    }
    let history = scalar(
        &app,
        "SELECT COUNT(*) FROM case_changes WHERE petition_id = $1",
        &id,
    )
    .await;
    assert_eq!(history, 3, "received, photos complete and registered stay");
    let audited = scalar(
        &app,
        "SELECT COUNT(*) FROM audit_log WHERE petition_id = $1 AND action = 'case_erased'",
        &id,
    )
    .await;
    assert_eq!(audited, 1);
    // The phones no longer see it; the desk still does, without identity.
    let mine = app.get("/api/v1/devices/me/data", Some(&phone)).await;
    assert_eq!(mine.json["petitions"], json!([]));
    let theirs = app.get("/api/v1/devices/me/data", Some(&other)).await;
    assert_eq!(theirs.json["followed_cases"], json!([]));
    let page = app
        .staff_get(&format!("/staff/cases/{id}"), Some(&clerk))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("燃气") && !page.text.contains("张三"));

    let missing = erasure::erase_case(&app.state, "LB-2026-999999").await;
    assert!(matches!(missing, Err(erasure::EraseError::NoSuchCase(_))));
}

#[tokio::test]
async fn closed_cases_lose_identity_and_photos_after_the_retention_period_and_open_ones_do_not() {
    let app = TestApp::new().await;
    let phone = app.register().await;
    let (closed, photo) = send_case_with_photo(&app, &phone).await;
    let open = petition_id();
    send_case(&app, &phone, &petition(&open)).await;
    sqlx::query("UPDATE petitions SET status = 'closed' WHERE id = $1")
        .bind(&closed)
        .execute(&app.db.write)
        .await
        .unwrap();

    // 0 keeps everything; 30 days have not passed yet.
    assert!(erasure::purge_expired(&app.state, 0)
        .await
        .unwrap()
        .is_empty());
    app.set_time(datetime!(2026-12-20 09:30 UTC));
    assert!(erasure::purge_expired(&app.state, 30)
        .await
        .unwrap()
        .is_empty());

    app.set_time(datetime!(2026-12-29 09:30 UTC));
    let purged = erasure::purge_expired(&app.state, 30).await.unwrap();
    assert_eq!(purged, ["LB-2026-000001"]);
    assert!(app.stored_photo(&closed, &photo).await.is_none());
    let identity = "SELECT COUNT(*) FROM petition_identities WHERE petition_id = $1";
    assert_eq!(scalar(&app, identity, &closed).await, 0);
    assert_eq!(scalar(&app, identity, &open).await, 1);
    let photos = "SELECT COUNT(*) FROM petition_photos WHERE petition_id = $1";
    assert_eq!(scalar(&app, photos, &closed).await, 0);
    let audited =
        "SELECT COUNT(*) FROM audit_log WHERE petition_id = $1 AND action = 'retention_purge'";
    assert_eq!(scalar(&app, audited, &closed).await, 1);
    // The phone still has its case, and a second pass finds nothing.
    let data = app.get("/api/v1/devices/me/data", Some(&phone)).await;
    assert_eq!(data.json["petitions"].as_array().unwrap().len(), 2);
    assert!(erasure::purge_expired(&app.state, 30)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn staff_seeing_an_identity_or_a_photo_is_written_to_the_audit_log() {
    let app = TestApp::new().await;
    let clerk = app.staff("clerk1", "clerk", None).await;
    let phone = app.register().await;
    let (id, photo) = send_case_with_photo(&app, &phone).await;
    let views = |action: &'static str| {
        let app = &app;
        let id = id.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM audit_log WHERE petition_id = $1 AND action = $2 AND staff_id IS NOT NULL",
            )
            .bind(id)
            .bind(action)
            .fetch_one(&app.db.read)
            .await
            .unwrap()
        }
    };
    let page = app
        .staff_get(&format!("/staff/cases/{id}"), Some(&clerk))
        .await;
    assert!(page.text.contains("张三"));
    assert_eq!(views("view_identity").await, 1);
    let picture = app
        .staff_get(&format!("/staff/cases/{id}/photos/{photo}"), Some(&clerk))
        .await;
    assert_eq!(picture.status, StatusCode::OK);
    assert_eq!(views("view_photo").await, 1);
    let detail: String =
        sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'view_photo'")
            .fetch_one(&app.db.read)
            .await
            .unwrap();
    assert_eq!(detail, photo);
    let log: Vec<String> = sqlx::query_scalar("SELECT detail FROM audit_log")
        .fetch_all(&app.db.read)
        .await
        .unwrap();
    assert!(log.iter().all(|d| !d.contains("张三")), "{log:?}");
}

#[tokio::test]
async fn the_erase_command_says_what_it_erased_and_refuses_an_unknown_case() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let database = common::test_database().await;
    let state = letterbox_server::AppState::open_with(
        &letterbox_server::Storage {
            database_url: database.clone(),
            ..letterbox_server::Storage::local(&data)
        },
        dir.path().join("dist"),
        letterbox_server::Clock::System,
    )
    .await
    .unwrap();
    let app = TestApp::over(state);
    let phone = app.register().await;
    send_case(&app, &phone, &petition(&petition_id())).await;
    let number: String = sqlx::query_scalar("SELECT case_number FROM petitions")
        .fetch_one(&app.db.read)
        .await
        .unwrap();
    let run = |case: &str| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_letterbox-server"));
        if let Some(url) = &database {
            command.env("DATABASE_URL", url);
        }
        command
            .args([
                "--data-dir",
                data.to_str().unwrap(),
                "erase",
                "--case",
                case,
            ])
            .env("RUST_LOG", "warn")
            .output()
            .unwrap()
    };
    let done = run(&number);
    let said = String::from_utf8_lossy(&done.stdout);
    assert!(done.status.success(), "{said}");
    assert!(
        said.contains(&format!("case {number}: erased the petitioner's identity")),
        "{said}"
    );
    assert!(said.contains("content and history are kept"), "{said}");
    assert_eq!(app.count("petition_identities").await, 0);

    let unknown = run("LB-2026-999999");
    assert!(!unknown.status.success());
    let said = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        said.contains("no case has the number LB-2026-999999"),
        "{said}"
    );
}
