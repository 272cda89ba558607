//! The desk's forms and sessions (issue 11, item 8): every POST comes from
//! the desk's own origin, every signed-in form carries the session's
//! token, bodies have limits by kind, the cookie is Secure behind HTTPS,
//! sign-in ends the presented session, and sessions end when idle.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{desk_post, petition, petition_id, with_token, Page, TestApp, PASSWORD};
use letterbox_core::limits::{DESK_FORM_MAX_BYTES, SIGN_IN_FORM_MAX_BYTES};
use letterbox_server::edge::Edge;
use time::macros::datetime;

async fn send_case(app: &TestApp) -> String {
    let token = app.register().await;
    let id = petition_id();
    let reply = app
        .post_json("/api/v1/petitions", Some(&token), &petition(&id))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    id
}

async fn status_of(app: &TestApp, id: &str) -> String {
    sqlx::query_scalar("SELECT status FROM petitions WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.read)
        .await
        .unwrap()
}

/// A post with only the headers given (no Origin unless listed).
async fn post_with(
    app: &TestApp,
    path: &str,
    cookie: &str,
    headers: &[(&str, &str)],
    body: String,
) -> Page {
    let mut request = Request::post(path)
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT_LANGUAGE, "en")
        .header(header::COOKIE, cookie);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    app.send_page(request.body(Body::from(body)).unwrap()).await
}

const POST_ROUTES: [&str; 9] = [
    "/staff/login",
    "/staff/lang",
    "/staff/logout",
    "/staff/cases/CASE/actions",
    "/staff/campaigns",
    "/staff/campaigns/jfb-2026",
    "/staff/campaigns/jfb-2026/publish",
    "/staff/campaigns/jfb-2026/close",
    "/staff/campaigns/jfb-2026/answer",
];

#[tokio::test]
async fn a_desk_post_without_origin_or_same_origin_fetch_is_refused_on_every_form_route() {
    let app = TestApp::new().await;
    let cookie = app.staff("chen", "supervisor", None).await;
    let id = send_case(&app).await;
    for route in POST_ROUTES {
        let path = route.replace("CASE", &id);
        let body = with_token(
            "action=register&username=chen&password=a+long+enough+password",
            Some(&cookie),
        );
        for headers in [
            vec![],
            vec![("origin", "http://evil.example")],
            vec![("origin", "null")],
            vec![("sec-fetch-site", "cross-site")],
            vec![("sec-fetch-site", "same-site")],
        ] {
            let page = post_with(&app, &path, &cookie, &headers, body.clone()).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{path} {headers:?}");
            assert!(page.text.contains("did not come from the desk"), "{path}");
        }
    }
    assert_eq!(status_of(&app, &id).await, "received", "nothing was done");
    // From the desk's own page (a browser that sends Sec-Fetch-Site only),
    // the same form is taken.
    let body = with_token("action=register", Some(&cookie));
    let path = format!("/staff/cases/{id}/actions");
    let taken = post_with(
        &app,
        &path,
        &cookie,
        &[("sec-fetch-site", "same-origin")],
        body,
    )
    .await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER, "{}", taken.text);
}

#[tokio::test]
async fn a_signed_in_form_without_the_sessions_own_token_is_refused() {
    let app = TestApp::new().await;
    let cookie = app.staff("wang", "clerk", None).await;
    let other = app.staff("liu", "clerk", None).await;
    let id = send_case(&app).await;
    let path = format!("/staff/cases/{id}/actions");
    let origin = [("origin", "http://localhost")];
    let without = post_with(&app, &path, &cookie, &origin, "action=register".into()).await;
    assert_eq!(without.status, StatusCode::FORBIDDEN);
    let someone_elses = with_token("action=register", Some(&other));
    let stolen = post_with(&app, &path, &cookie, &origin, someone_elses).await;
    assert_eq!(stolen.status, StatusCode::FORBIDDEN);
    let logout = post_with(&app, "/staff/logout", &cookie, &origin, String::new()).await;
    assert_eq!(logout.status, StatusCode::FORBIDDEN);
    assert_eq!(status_of(&app, &id).await, "received");
    let own = post_with(
        &app,
        &path,
        &cookie,
        &origin,
        with_token("action=register", Some(&cookie)),
    )
    .await;
    assert_eq!(own.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn every_post_form_on_the_desk_carries_the_sessions_token() {
    let app = TestApp::new().await;
    let cookie = app.staff("chen", "supervisor", None).await;
    let id = send_case(&app).await;
    let token = letterbox_server::staff::csrf_token(cookie.split_once('=').unwrap().1);
    let field = format!(r#"<input type="hidden" name="csrf" value="{token}">"#);
    for path in [
        "/staff".to_owned(),
        format!("/staff/cases/{id}"),
        "/staff/campaigns/new".to_owned(),
        "/staff/report".to_owned(),
    ] {
        let page = app.staff_get(&path, Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let forms = page.text.matches(r#"method="post""#).count();
        assert!(forms >= 2, "{path}");
        assert_eq!(page.text.matches(&field).count(), forms, "{path}");
    }
}

#[tokio::test]
async fn each_desk_form_has_a_body_limit_for_its_kind_and_the_campaign_editor_takes_a_large_form() {
    let app = TestApp::new().await;
    let cookie = app.staff("chen", "supervisor", None).await;
    let id = send_case(&app).await;
    let login = app
        .form(
            "/staff/login",
            None,
            &format!("username={}", "x".repeat(SIGN_IN_FORM_MAX_BYTES)),
        )
        .await;
    assert_eq!(login.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(login.text.contains("larger than the desk accepts"));
    let note = "note=".to_owned() + &"%E5%AD%97".repeat(DESK_FORM_MAX_BYTES / 9 + 1);
    let action = app
        .form(
            &format!("/staff/cases/{id}/actions"),
            Some(&cookie),
            &format!("action=register&{note}"),
        )
        .await;
    assert_eq!(action.status, StatusCode::PAYLOAD_TOO_LARGE);
    // A note at its longest in four-byte characters fits.
    let longest =
        "note=".to_owned() + &"%F0%A0%80%80".repeat(letterbox_core::limits::CASE_NOTE_MAX_CHARS);
    let action = app
        .form(
            &format!("/staff/cases/{id}/actions"),
            Some(&cookie),
            &format!("action=register&{longest}"),
        )
        .await;
    assert_eq!(action.status, StatusCode::SEE_OTHER, "{}", action.text);
    // The editor reads 900 KB (twenty questions at their longest need
    // about as much; core checks the sum when it compiles).
    let mut fields = common::campaign_form::full_form();
    common::campaign_form::set(&mut fields, "intro_en", &"x".repeat(900_000));
    let big = common::campaign_form::post(&app, "/staff/campaigns", &cookie, &fields).await;
    assert_ne!(big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        big.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "too long, said in words"
    );
}

#[tokio::test]
async fn with_an_https_public_origin_the_cookie_is_secure_hsts_is_sent_and_forms_must_come_from_it()
{
    let edge = Edge {
        public_origin: Some("https://letterbox.example".parse().unwrap()),
        ..Edge::default()
    };
    let app = TestApp::with_edge(edge).await;
    app.add_staff("wang", "clerk", None).await;
    let body = format!("username=wang&password={}", PASSWORD.replace(' ', "+"));
    let request = |origin: &str| {
        Request::post("/staff/login")
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::ORIGIN, origin)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.clone()))
            .unwrap()
    };
    let direct = app.send_page(request("http://127.0.0.1:8080")).await;
    assert_eq!(
        direct.status,
        StatusCode::FORBIDDEN,
        "not the public origin"
    );
    let signed_in = app.send_page(request("https://letterbox.example")).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    let cookie = signed_in.set_cookie.unwrap();
    assert!(cookie.contains("; Secure"), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    assert_eq!(
        signed_in.headers[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000"
    );
    // Local development over plain HTTP: neither.
    let local = TestApp::new().await;
    let _ = local.staff("wang", "clerk", None).await;
    let page = local
        .send_page(
            desk_post("/staff/login", None)
                .body(Body::from(body.clone()))
                .unwrap(),
        )
        .await;
    assert!(!page.set_cookie.unwrap().contains("Secure"));
    assert!(!page.headers.contains_key(header::STRICT_TRANSPORT_SECURITY));
}

#[tokio::test]
async fn sign_in_ends_the_session_of_the_cookie_presented_and_deletes_ended_sessions() {
    let app = TestApp::new().await;
    let first = app.staff("wang", "clerk", None).await;
    let _ = app.staff("liu", "clerk", None).await;
    let body = format!("username=wang&password={}", PASSWORD.replace(' ', "+"));
    let again = app
        .send_page(
            desk_post("/staff/login", Some(&first))
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.staff_get("/staff", Some(&first)).await.status,
        StatusCode::SEE_OTHER,
        "the older session ended"
    );
    assert_eq!(
        app.count("staff_sessions").await,
        2,
        "wang's new one and liu's"
    );
    // A day later, both have ended; the next sign-in deletes them.
    app.set_time(datetime!(2026-11-29 09:30 UTC));
    let _ = app.sign_in("liu").await;
    assert_eq!(app.count("staff_sessions").await, 1, "only the new one");
}

#[tokio::test]
async fn a_session_ends_after_thirty_idle_minutes_and_twelve_hours_however_busy() {
    let app = TestApp::new().await;
    let cookie = app.staff("wang", "clerk", None).await;
    let open = |at| {
        app.set_time(at);
        async { app.staff_get("/staff", Some(&cookie)).await.status }
    };
    assert_eq!(open(datetime!(2026-11-28 09:55 UTC)).await, StatusCode::OK);
    assert_eq!(open(datetime!(2026-11-28 10:20 UTC)).await, StatusCode::OK);
    // 31 minutes without a request.
    assert_eq!(
        open(datetime!(2026-11-28 10:51 UTC)).await,
        StatusCode::SEE_OTHER
    );
    // Busy all day: still ends twelve hours after sign-in.
    app.set_time(datetime!(2026-11-28 09:30 UTC));
    let cookie = app.sign_in("wang").await;
    let mut at = datetime!(2026-11-28 09:30 UTC);
    while at < datetime!(2026-11-28 21:25 UTC) {
        at += time::Duration::minutes(20);
        app.set_time(at);
        let status = app.staff_get("/staff", Some(&cookie)).await.status;
        let expected = if at < datetime!(2026-11-28 21:30 UTC) {
            StatusCode::OK
        } else {
            StatusCode::SEE_OTHER
        };
        assert_eq!(status, expected, "{at}");
    }
}
