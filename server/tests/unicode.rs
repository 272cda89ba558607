//! Unicode on arrival (review L7): refused characters answer 422 with the
//! field, text is stored in NFC, and a resend typed in the other form is
//! the same petition.

mod common;

use axum::http::StatusCode;
use common::{assert_problem, petition, petition_id, TestApp};
use serde_json::json;

#[tokio::test]
async fn a_title_with_a_right_to_left_override_is_refused_with_its_field() {
    let app = TestApp::new().await;
    let token = app.register().await;
    let mut body = petition(&petition_id());
    body["title"] = json!("小区燃气\u{202E}gpj.exe");
    body["identity"]["name"] = json!("张\u{200B}三");
    let reply = app
        .post_json("/api/v1/petitions", Some(&token), &body)
        .await;
    assert_problem(&reply, 422, "/problems/invalid");
    let errors = reply.json["errors"].as_array().unwrap();
    assert!(
        errors.contains(&json!({"field": "title", "code": "invalid_characters"})),
        "{errors:?}"
    );
    assert!(
        errors.contains(&json!({"field": "identity.name", "code": "invalid_characters"})),
        "{errors:?}"
    );
    assert_eq!(app.count("petitions").await, 0);
}

#[tokio::test]
async fn text_is_stored_composed_and_a_resend_in_the_other_form_is_the_same_petition() {
    let app = TestApp::new().await;
    let token = app.register().await;
    let id = petition_id();
    let mut decomposed = petition(&id);
    decomposed["title"] = json!("Cafe\u{0301} 门口积水");
    let first = app
        .post_json("/api/v1/petitions", Some(&token), &decomposed)
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.json);
    assert_eq!(first.json["title"], "Café 门口积水");
    let stored: String = sqlx::query_scalar("SELECT title FROM petitions")
        .fetch_one(&app.db.read)
        .await
        .unwrap();
    assert_eq!(stored, "Café 门口积水");

    let mut composed = petition(&id);
    composed["title"] = json!("Café 门口积水");
    let resend = app
        .post_json("/api/v1/petitions", Some(&token), &composed)
        .await;
    assert_eq!(resend.status, StatusCode::OK);
    assert_eq!(resend.json, first.json);
}

#[tokio::test]
async fn a_letter_under_a_pile_of_combining_marks_is_refused() {
    let app = TestApp::new().await;
    let token = app.register().await;
    let mut body = petition(&petition_id());
    body["title"] = json!(format!("小区燃气无法开通{}", "\u{0336}".repeat(40)));
    let reply = app
        .post_json("/api/v1/petitions", Some(&token), &body)
        .await;
    assert_problem(&reply, 422, "/problems/invalid");
    assert_eq!(reply.json["errors"][0]["field"], "title");
}
