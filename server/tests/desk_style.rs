//! The desk's look: one stylesheet in the app's colours, served as a file
//! (no inline style, no script), linked from every page, with status
//! badges coloured by what a stage means for the office.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{petition, petition_id, TestApp};
use http_body_util::BodyExt;
use tower::ServiceExt;

#[tokio::test]
async fn every_desk_page_links_the_stylesheet_which_is_served_as_css() {
    let app = TestApp::new().await;
    let login = app.staff_get("/staff/login", None).await;
    assert!(login
        .text
        .contains(r#"<link rel="stylesheet" href="/staff/desk.css">"#));
    assert!(!login.text.contains("<style"), "no inline style");
    assert!(!login.text.contains("<script"), "no script");
    let response = app
        .router
        .clone()
        .oneshot(Request::get("/staff/desk.css").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/css; charset=utf-8"
    );
    let css = response.into_body().collect().await.unwrap().to_bytes();
    let css = String::from_utf8(css.to_vec()).unwrap();
    for rule in [
        "position: sticky",
        ".badge.open",
        ".badge.done",
        "--blue: #0b5394",
    ] {
        assert!(css.contains(rule), "{rule}");
    }
}

#[tokio::test]
async fn the_queue_and_the_case_show_the_stage_as_a_badge() {
    let app = TestApp::new().await;
    let cookie = app.staff("wang", "clerk", None).await;
    let token = app.register().await;
    let id = petition_id();
    let sent = app
        .post_json("/api/v1/petitions", Some(&token), &petition(&id))
        .await;
    assert_eq!(sent.status, StatusCode::CREATED);
    let queue = app.staff_get("/staff", Some(&cookie)).await;
    assert!(
        queue
            .text
            .contains(r#"<span class="badge open">Received</span>"#),
        "{}",
        queue.text
    );
    let case = app
        .staff_get(&format!("/staff/cases/{id}"), Some(&cookie))
        .await;
    assert!(case.text.contains(r#"class="badge open""#));
    assert!(!case.text.contains(" style="), "styles live in desk.css");
}
