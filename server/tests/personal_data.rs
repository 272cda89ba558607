//! The petitioner's identity is kept in one table only (Art. 30, PIPL;
//! review M7): not in the content, not in the history, not in the log.

mod common;

use std::borrow::Cow;

use axum::http::StatusCode;
use common::{petition, petition_id, TestApp};
use serde_json::{json, Value};

const NAME: &str = "欧阳修远";
const PHONE: &str = "139 1234 5678";
const ADDRESS: &str = "渝中区解放碑街道 88 号 6-1";

fn with_identity(id: &str) -> Value {
    let mut body = petition(id);
    body["identity"] = json!({"name": NAME, "phone": PHONE, "address": ADDRESS});
    body
}

/// Every (table, column) whose text holds `needle`, apart from
/// `petition_identities`.
async fn holders(app: &TestApp, needle: &str) -> Vec<String> {
    let postgres = app.db.backend == letterbox_server::db::Backend::Postgres;
    let (tables, columns, contains) = if postgres {
        (
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_name <> 'petition_identities'",
            "SELECT column_name::text FROM information_schema.columns WHERE table_name = $1",
            "strpos",
        )
    } else {
        (
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'petition_identities'",
            "SELECT name FROM pragma_table_info($1)",
            "instr",
        )
    };
    let tables: Vec<String> = sqlx::query_scalar(tables)
        .fetch_all(&app.db.read)
        .await
        .unwrap();
    let mut found = Vec::new();
    for table in tables {
        let columns: Vec<String> = sqlx::query_scalar(columns)
            .bind(&table)
            .fetch_all(&app.db.read)
            .await
            .unwrap();
        for column in columns {
            let hits: i64 = sqlx::query_scalar(&format!(
                r#"SELECT COUNT(*) FROM "{table}" WHERE {contains}(CAST("{column}" AS TEXT), $1) > 0"#
            ))
            .bind(needle)
            .fetch_one(&app.db.read)
            .await
            .unwrap();
            if hits > 0 {
                found.push(format!("{table}.{column}"));
            }
        }
    }
    found
}

#[tokio::test]
async fn no_table_but_petition_identities_holds_the_petitioners_name_phone_or_address() {
    let app = TestApp::new().await;
    let token = app.register().await;
    let id = petition_id();
    let sent = app
        .post_json("/api/v1/petitions", Some(&token), &with_identity(&id))
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.json);
    // The case's life so far: a resend, registration, a supervisor reading
    // the case with the identity, a supplement, the phone's sync.
    let resend = app
        .post_json("/api/v1/petitions", Some(&token), &with_identity(&id))
        .await;
    assert_eq!(resend.status, StatusCode::OK);
    let clerk = app.staff("clerk1", "clerk", None).await;
    let page = app
        .form(
            &format!("/staff/cases/{id}/actions"),
            Some(&clerk),
            "action=register",
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let chief = app.staff("chief", "supervisor", None).await;
    let case = app
        .staff_get(&format!("/staff/cases/{id}"), Some(&chief))
        .await;
    assert!(
        case.text.contains(NAME),
        "the supervisor sees who petitioned"
    );
    let supplement = app
        .put_json(
            &format!("/api/v1/petitions/{id}/requests/{}", petition_id()),
            &token,
            &json!({"type": "supplement", "text": "补充：燃气公司已答复仍未通气"}),
        )
        .await;
    assert_eq!(supplement.status, StatusCode::CREATED);
    assert_eq!(
        app.get("/api/v1/sync", Some(&token)).await.status,
        StatusCode::OK
    );

    let stored: (String, String, String) =
        sqlx::query_as("SELECT name, phone, address FROM petition_identities")
            .fetch_one(&app.db.read)
            .await
            .unwrap();
    assert_eq!(stored, (NAME.into(), PHONE.into(), ADDRESS.into()));
    for needle in [NAME, PHONE, "13912345678", ADDRESS] {
        assert_eq!(
            holders(&app, needle).await,
            Vec::<String>::new(),
            "{needle}"
        );
    }
}

#[tokio::test]
async fn a_resend_with_another_identity_is_a_conflict_and_with_the_same_is_the_same_petition() {
    let app = TestApp::new().await;
    let token = app.register().await;
    let id = petition_id();
    let first = app
        .post_json("/api/v1/petitions", Some(&token), &with_identity(&id))
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    let mut spaced = with_identity(&id);
    spaced["identity"]["name"] = json!(format!(" {NAME} "));
    let same = app
        .post_json("/api/v1/petitions", Some(&token), &spaced)
        .await;
    assert_eq!(same.status, StatusCode::OK);
    let mut other = with_identity(&id);
    other["identity"]["phone"] = json!("139 1234 5679");
    let conflict = app
        .post_json("/api/v1/petitions", Some(&token), &other)
        .await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn an_identity_stored_in_the_content_before_is_stripped_by_the_migration_and_a_resend_still_matches(
) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    // The database as it was before migration 0011, with a petition stored
    // the old way: the identity inside content_json.
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(data.join(letterbox_server::db::DATABASE_FILE))
        .create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    let mut before = sqlx::migrate!("./migrations");
    let upto: Vec<_> = before
        .migrations
        .iter()
        .filter(|m| m.version < 11)
        .cloned()
        .collect();
    before.migrations = Cow::Owned(upto);
    before.run(&pool).await.unwrap();
    let device = uuid::Uuid::now_v7();
    let token = "old-phone-token";
    let id = petition_id();
    let old_content = serde_json::to_string(
        &serde_json::from_value::<letterbox_core::api::NewPetition>(with_identity(&id))
            .unwrap()
            .normalized(),
    )
    .unwrap();
    assert!(old_content.contains(NAME));
    sqlx::query("INSERT INTO devices (id, token_hash, created_at) VALUES ($1, $2, $3)")
        .bind(device.to_string())
        .bind(letterbox_server::auth::token_hash(token))
        .bind("2026-11-01T00:00:00Z")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO petitions (id, device_id, case_number, kind, title, body, status, received_at, \
         category, address, people_affected, content_json) \
         VALUES ($1, $2, 'LB-2026-000001', 'complaint', '小区燃气无法开通', 'x', 'received', \
         '2026-11-01T00:00:00Z', 'utilities', '民族路 1 号', 86, $3)",
    )
    .bind(id.as_str())
    .bind(device.to_string())
    .bind(&old_content)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO petition_identities (petition_id, name, phone, address) VALUES ($1, $2, $3, $4)",
    )
    .bind(id.as_str())
    .bind(NAME)
    .bind(PHONE)
    .bind(ADDRESS)
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;

    // The server starts and migrates.
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    let clock = letterbox_server::Clock::fixed(time::macros::datetime!(2026-11-28 09:30 UTC));
    let state = letterbox_server::AppState::open(&data, dist, clock)
        .await
        .unwrap();
    let content: String = sqlx::query_scalar("SELECT content_json FROM petitions")
        .fetch_one(&state.db.read)
        .await
        .unwrap();
    assert!(
        !content.contains(NAME) && !content.contains("identity"),
        "{content}"
    );
    let mut without: Value = serde_json::from_str(&old_content).unwrap();
    without.as_object_mut().unwrap().remove("identity");
    assert_eq!(serde_json::from_str::<Value>(&content).unwrap(), without);

    // The old phone resends: the same petition, compared with the identity
    // kept in its own table; another identity is still a conflict.
    let app = TestApp::over(state);
    let resend = app
        .post_json("/api/v1/petitions", Some(token), &with_identity(&id))
        .await;
    assert_eq!(resend.status, StatusCode::OK, "{:?}", resend.json);
    let mut other = with_identity(&id);
    other["identity"]["name"] = json!("欧阳修近");
    let conflict = app
        .post_json("/api/v1/petitions", Some(token), &other)
        .await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
}
