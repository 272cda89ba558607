//! A campaign written through the desk's form and answered through the
//! API, for the campaign desk tests: the form's fields, a supervisor who
//! saves and publishes it, residents' answers, and a raw GET for what is
//! not a page (the poster, the CSV).

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use letterbox_core::campaign::Campaign;
use serde_json::{json, Value};
use time::macros::datetime;
use tower::ServiceExt;

use super::{Page, TestApp};

pub const SLUG: &str = "jfb-2026";
pub const PAGE: &str = "/staff/campaigns/jfb-2026";
pub const API: &str = "/api/v1/campaigns/jfb-2026";

pub type Fields = Vec<(String, String)>;

pub fn encode(fields: &Fields) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        s.append_pair(k, v);
    }
    s.finish()
}

pub fn set(fields: &mut Fields, name: &str, value: &str) {
    fields.retain(|(k, _)| k != name);
    fields.push((name.into(), value.into()));
}

pub fn f(pairs: &[(&str, &str)]) -> Fields {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// The campaign's own fields, without questions.
pub fn details() -> Fields {
    f(&[
        ("slug", SLUG),
        ("title_zh", "解放碑步行街改造征求意见"),
        ("title_en", "Jiefangbei pedestrian street renovation"),
        (
            "intro_zh",
            "渝中区拟对解放碑步行街进行改造，现公开征求意见。",
        ),
        ("intro_en", ""),
        ("department", "housing"),
        ("district", "500103"),
        ("opens_at", "2026-12-01T00:00"),
        ("closes_at", "2026-12-15T18:00"),
        ("results_public", "1"),
    ])
}

/// One question of each type, and a contact question.
pub fn questions() -> Fields {
    f(&[
        ("q0_type", "single_choice"),
        ("q0_id", "plan"),
        ("q0_prompt_zh", "您支持哪个方案？"),
        ("q0_required", "1"),
        ("q0_options", "a: 方案一 | Plan one\n方案二"),
        ("q1_type", "multiple_choice"),
        ("q1_id", "needs"),
        ("q1_prompt_zh", "最需要增加什么？"),
        ("q1_options", "seats: 座椅\nshade: 遮阳\ntoilets: 公厕"),
        ("q1_max_picks", "2"),
        ("q2_type", "scale"),
        ("q2_id", "overall"),
        ("q2_prompt_zh", "总体评价"),
        ("q2_required", "1"),
        ("q2_low_zh", "不满意"),
        ("q2_high_zh", "满意"),
        ("q3_type", "short_text"),
        ("q3_id", "stop"),
        ("q3_prompt_zh", "您常用哪个入口？"),
        ("q3_max_chars", "40"),
        ("q4_type", "long_text"),
        ("q4_id", "more"),
        ("q4_prompt_zh", "其他意见"),
        ("q4_max_chars", "500"),
        ("q4_photos", "3"),
        ("q5_type", "short_text"),
        ("q5_id", "phone"),
        ("q5_prompt_zh", "如需回访，请留下电话"),
        ("q5_contact", "1"),
        ("q5_max_chars", "30"),
    ])
}

pub fn full_form() -> Fields {
    let mut all = details();
    all.extend(questions());
    all
}

pub async fn post(app: &TestApp, path: &str, cookie: &str, fields: &Fields) -> Page {
    app.form(path, Some(cookie), &encode(fields)).await
}

pub fn assert_redirect(page: &Page, to: &str) {
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.text);
    assert_eq!(page.location.as_deref(), Some(to));
}

/// A supervisor's session with the campaign created through the form.
pub async fn created(app: &TestApp) -> String {
    let chen = app.staff("chen", "supervisor", None).await;
    let saved = post(app, "/staff/campaigns", &chen, &full_form()).await;
    assert_redirect(&saved, PAGE);
    chen
}

/// Created and published; residents may answer from 1 December.
pub async fn published(app: &TestApp) -> String {
    let chen = created(app).await;
    let done = app.form(&format!("{PAGE}/publish"), Some(&chen), "").await;
    assert_redirect(&done, PAGE);
    chen
}

pub async fn stored(app: &TestApp) -> Campaign {
    let json: String = sqlx::query_scalar("SELECT definition_json FROM campaigns WHERE slug = $1")
        .bind(SLUG)
        .fetch_one(&app.db.read)
        .await
        .unwrap();
    serde_json::from_str(&json).unwrap()
}

pub fn answer(id: &str, plan: &str, needs: &[&str], overall: u8, more: &str, phone: &str) -> Value {
    json!({
        "id": id,
        "answered_at": "2026-12-05T10:00:00+08:00",
        "answers": [
            {"question": "plan", "value": {"type": "choice", "option": plan}},
            {"question": "needs", "value": {"type": "choices", "options": needs}},
            {"question": "overall", "value": {"type": "scale", "value": overall}},
            {"question": "more", "value": {"type": "text", "text": more}},
            {"question": "phone", "value": {"type": "text", "text": phone}},
        ]
    })
}

pub fn response_id(n: usize) -> String {
    format!("019378a2-5b1c-7d3e-8f40-{n:012}")
}

/// A new phone sends `body` (made with its id); gives the phone's token.
pub async fn send(app: &TestApp, n: usize, body: impl Fn(&str) -> Value) -> String {
    let phone = app.register().await;
    let id = response_id(n);
    let r = app
        .put_json(&format!("{API}/responses/{id}"), &phone, &body(&id))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    phone
}

/// Opening day and a fresh session (moving the clock ends sessions).
pub async fn answering_day(app: &TestApp, username: &str) -> String {
    app.set_time(datetime!(2026-12-05 02:00 UTC));
    app.sign_in(username).await
}

/// A raw GET: status, headers and bytes.
pub async fn raw(
    app: &TestApp,
    path: &str,
    cookie: &str,
    host: Option<&str>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut request = Request::get(path)
        .header(header::COOKIE, cookie)
        .header(header::ACCEPT_LANGUAGE, "en");
    if let Some(host) = host {
        request = request.header(header::HOST, host);
    }
    let response = app
        .router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, bytes.to_vec())
}
