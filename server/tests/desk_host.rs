//! The desk on a host name of its own (`--desk-origin`): it answers only
//! there, with a `__Host-` session cookie; the app and the API answer only
//! on the residents' host.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{TestApp, PASSWORD};
use letterbox_server::edge::Edge;

const PUBLIC: &str = "letterbox.example";
const DESK: &str = "desk.letterbox.example";

async fn app() -> TestApp {
    TestApp::with_edge(Edge {
        public_origin: Some(format!("https://{PUBLIC}").parse().unwrap()),
        desk_origin: Some(format!("https://{DESK}").parse().unwrap()),
        ..Edge::default()
    })
    .await
}

fn get(path: &str, host: &str, cookie: Option<&str>) -> Request<Body> {
    let mut request = Request::get(path).header(header::HOST, host);
    if let Some(c) = cookie {
        request = request.header(header::COOKIE, c);
    }
    request.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn the_desk_answers_only_on_its_own_host_with_a_host_only_secure_cookie() {
    let app = app().await;
    app.add_staff("wang", "clerk", None).await;
    let login = |host: &str, origin: &str| {
        Request::post("/staff/login")
            .header(header::HOST, host)
            .header(header::ORIGIN, origin)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!(
                "username=wang&password={}",
                PASSWORD.replace(' ', "+")
            )))
            .unwrap()
    };
    // On the residents' host the desk is not there at all.
    let elsewhere = app
        .send_page(login(PUBLIC, &format!("https://{PUBLIC}")))
        .await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.send_page(get("/staff/login", PUBLIC, None))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // A form posted to the desk from the residents' origin is refused.
    let cross = app
        .send_page(login(DESK, &format!("https://{PUBLIC}")))
        .await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);

    let signed_in = app.send_page(login(DESK, &format!("https://{DESK}"))).await;
    assert_eq!(
        signed_in.status,
        StatusCode::SEE_OTHER,
        "{}",
        signed_in.text
    );
    let set = signed_in.set_cookie.unwrap();
    assert!(set.starts_with("__Host-letterbox_staff="), "{set}");
    assert!(
        set.contains("; Path=/;") && set.contains("; Secure"),
        "{set}"
    );
    assert!(!set.contains("Domain"), "{set}");
    let cookie = set.split(';').next().unwrap().to_owned();
    let queue = app.send_page(get("/staff", DESK, Some(&cookie))).await;
    assert_eq!(queue.status, StatusCode::OK);
    // The same cookie opens nothing on the residents' host.
    let there = app.send_page(get("/staff", PUBLIC, Some(&cookie))).await;
    assert_eq!(there.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_app_and_the_api_answer_only_on_the_residents_host() {
    let app = app().await;
    let health = app.send_page(get("/api/v1/health", PUBLIC, None)).await;
    assert_eq!(health.status, StatusCode::OK);
    let on_desk = app.send_page(get("/api/v1/health", DESK, None)).await;
    assert_eq!(on_desk.status, StatusCode::NOT_FOUND);
    // The desk's host name alone opens the desk.
    let root = app.send_page(get("/", DESK, None)).await;
    assert_eq!(root.status, StatusCode::SEE_OTHER);
    assert_eq!(root.headers[header::LOCATION], "/staff");
    // Without --desk-origin, the desk is on the public origin as before.
    let plain = TestApp::new().await;
    let login = plain
        .send_page(get("/staff/login", "localhost", None))
        .await;
    assert_eq!(login.status, StatusCode::OK);
}
