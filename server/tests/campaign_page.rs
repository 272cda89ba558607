//! `/c/{slug}`: a published campaign's link answers the app's page with
//! its title and introduction already in it (link previews, first paint),
//! everything escaped; a draft or unknown campaign gets the plain page.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::campaign_form::{created, post, PAGE};
use common::TestApp;
use http_body_util::BodyExt;
use tower::ServiceExt;

const INDEX: &str = "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n  <meta charset=\"utf-8\">\n  <title>Letterbox</title>\n  <link rel=\"manifest\" href=\"/manifest.webmanifest\">\n</head>\n<body></body>\n</html>\n";

async fn app_with_index() -> TestApp {
    let app = TestApp::new().await;
    std::fs::write(app.state.dist.join("index.html"), INDEX).unwrap();
    app
}

async fn page(app: &TestApp, path: &str, language: &str) -> (StatusCode, String, String, String) {
    let response = app
        .router
        .clone()
        .oneshot(
            Request::get(path)
                .header(header::HOST, "xinfang.example.cn")
                .header(header::ACCEPT_LANGUAGE, language)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    let header = |name| {
        response
            .headers()
            .get(name)
            .map(|v: &axum::http::HeaderValue| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let (kind, cache) = (header(header::CONTENT_TYPE), header(header::CACHE_CONTROL));
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        kind,
        cache,
        String::from_utf8(bytes.to_vec()).unwrap(),
    )
}

#[tokio::test]
async fn a_published_campaign_is_in_the_page_before_the_app_starts() {
    let app = app_with_index().await;
    let chen = created(&app).await;
    // A draft is as unknown as no campaign: the plain page.
    let (status, _, _, draft) = page(&app, "/c/jfb-2026", "zh-CN").await;
    assert_eq!((status, draft.as_str()), (StatusCode::OK, INDEX));
    let (status, _, _, unknown) = page(&app, "/c/nothing-here", "zh-CN").await;
    assert_eq!((status, unknown.as_str()), (StatusCode::OK, INDEX));

    let done = app.form(&format!("{PAGE}/publish"), Some(&chen), "").await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    let (status, kind, cache, html) = page(&app, "/c/jfb-2026", "zh-CN,zh;q=0.9").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "text/html; charset=utf-8");
    assert_eq!(cache, "no-cache");
    for tag in [
        "<title>解放碑步行街改造征求意见</title>",
        r#"<meta name="description" content="渝中区拟对解放碑步行街进行改造，现公开征求意见。">"#,
        r#"<meta property="og:type" content="website">"#,
        r#"<meta property="og:title" content="解放碑步行街改造征求意见">"#,
        r#"<meta property="og:description" content="渝中区拟对解放碑步行街进行改造，现公开征求意见。">"#,
        r#"<meta property="og:image" content="http://xinfang.example.cn/icons/icon-512.png">"#,
        r#"<meta property="og:url" content="http://xinfang.example.cn/c/jfb-2026">"#,
        r#"<body><div id="first-paint"><main><h1>解放碑步行街改造征求意见</h1><p class="campaign-intro">渝中区拟对解放碑步行街进行改造，现公开征求意见。</p></main></div></body>"#,
    ] {
        assert!(html.contains(tag), "{tag} missing from\n{html}");
    }
    assert!(!html.contains("<title>Letterbox</title>"), "one title");
    assert!(
        html.contains(r#"<link rel="manifest""#),
        "the rest of the page is kept"
    );
    // English first: the office's English title; no English introduction
    // was written, so the Chinese one.
    let (_, _, _, en) = page(&app, "/c/jfb-2026", "en-US,en;q=0.9").await;
    assert!(en.contains("<title>Jiefangbei pedestrian street renovation</title>"));
    assert!(en.contains("<h1>Jiefangbei pedestrian street renovation</h1>"));
}

#[tokio::test]
async fn the_office_s_words_are_escaped() {
    let app = app_with_index().await;
    let chen = created(&app).await;
    let mut fields = common::campaign_form::full_form();
    common::campaign_form::set(
        &mut fields,
        "title_zh",
        r#"</title><script>alert("x")</script> & 'quote'"#,
    );
    common::campaign_form::set(
        &mut fields,
        "intro_zh",
        "<img src=x onerror=alert(1)>\n\"第二段\"",
    );
    let saved = post(&app, PAGE, &chen, &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let done = app.form(&format!("{PAGE}/publish"), Some(&chen), "").await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    let (_, _, _, html) = page(&app, "/c/jfb-2026", "zh-CN").await;
    assert!(!html.contains("<script>"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains(
        "<title>&lt;/title&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'quote'</title>"
    ), "{html}");
    assert!(html.contains(
        r#"content="&lt;/title&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'quote'""#
    ), "{html}");
    assert!(html.contains(r#"<p class="campaign-intro">&lt;img src=x onerror=alert(1)&gt;</p><p class="campaign-intro">&quot;第二段&quot;</p>"#), "{html}");
}
