//! Photos on a campaign's long-text answer: declared by the answer,
//! uploaded like a petition's (whole or in pieces) by the phone that
//! answered, dropped when a replacement no longer lists them, and shown
//! on the desk beside the text they came with.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use base64::Engine;
use common::campaign_form::*;
use common::{Reply, TestApp};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

fn jpeg(n: usize, seed: u8) -> Vec<u8> {
    common::jpeg_image(n, seed)
}

fn sha_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn manifest(id: &str, bytes: &[u8]) -> Value {
    json!({"id": id, "sha256": sha_hex(bytes), "bytes": bytes.len(), "mime": "image/jpeg"})
}

/// The answer with the long text `more` and its photos.
fn with_photos(id: &str, more: &str, photos: &[(&str, &[u8])]) -> Value {
    let mut body = answer(id, "a", &["seats"], 4, more, "");
    body["answers"][3]["value"]["photos"] = json!(photos
        .iter()
        .map(|(p, b)| manifest(p, b))
        .collect::<Vec<_>>());
    body
}

fn photo_url(response: &str, photo: &str) -> String {
    format!("{API}/responses/{response}/photos/{photo}")
}

async fn put_photo(app: &TestApp, token: &str, response: &str, photo: &str, bytes: &[u8]) -> Reply {
    let digest = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(bytes));
    let request = Request::put(photo_url(response, photo))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "image/jpeg")
        .header("content-digest", format!("sha-256=:{digest}:"))
        .body(Body::from(bytes.to_vec()))
        .unwrap();
    app.send(request).await
}

async fn patch_piece(
    app: &TestApp,
    token: &str,
    response: &str,
    photo: &str,
    at: usize,
    piece: &[u8],
) -> Reply {
    let request = Request::patch(photo_url(response, photo))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/offset+octet-stream")
        .header("upload-offset", at.to_string())
        .body(Body::from(piece.to_vec()))
        .unwrap();
    app.send(request).await
}

const PHOTO_A: &str = "019378a2-5b1c-7d3e-8f40-00000000aaaa";
const PHOTO_B: &str = "019378a2-5b1c-7d3e-8f40-00000000bbbb";

#[tokio::test]
async fn a_photo_on_a_long_text_arrives_after_the_answer_and_shows_on_the_desk() {
    let app = TestApp::new().await;
    published(&app).await;
    let chen = answering_day(&app, "chen").await;
    let a = jpeg(3000, 1);
    let b = jpeg(140_000, 2);
    let id = response_id(1);
    let phone = send(&app, 1, |id| {
        with_photos(id, "路口需要盲道", &[(PHOTO_A, &a), (PHOTO_B, &b)])
    })
    .await;

    // Whole in one request, and in two pieces that resume.
    let whole = put_photo(&app, &phone, &id, PHOTO_A, &a).await;
    assert_eq!(whole.status, StatusCode::CREATED, "{}", whole.json);
    let first = patch_piece(&app, &phone, &id, PHOTO_B, 0, &b[..70_000]).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.json);
    assert_eq!(first.json["complete"], false);
    let last = patch_piece(&app, &phone, &id, PHOTO_B, 70_000, &b[70_000..]).await;
    assert_eq!(last.status, StatusCode::CREATED, "{}", last.json);
    // A resend of a photo the office holds changes nothing.
    let again = put_photo(&app, &phone, &id, PHOTO_A, &a).await;
    assert_eq!(again.status, StatusCode::OK);

    let page = app.staff_get(&format!("{PAGE}/results"), Some(&chen)).await;
    let t = &page.text;
    assert!(t.contains("路口需要盲道"), "{t}");
    let first_img = t
        .find(&format!("{PAGE}/photos/{PHOTO_A}"))
        .expect("photo A on the page");
    let second_img = t
        .find(&format!("{PAGE}/photos/{PHOTO_B}"))
        .expect("photo B on the page");
    assert!(first_img < second_img, "in the order the phone listed them");
    assert!(t.contains("alt=\"Photo 1 of 2 with this answer\""), "{t}");

    let (status, headers, bytes) =
        raw(&app, &format!("{PAGE}/photos/{PHOTO_B}"), &chen, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "image/jpeg");
    assert_eq!(bytes, b);
}

#[tokio::test]
async fn only_the_phone_that_answered_uploads_and_only_declared_bytes() {
    let app = TestApp::new().await;
    published(&app).await;
    answering_day(&app, "chen").await;
    let a = jpeg(3000, 1);
    let id = response_id(1);
    let phone = send(&app, 1, |id| with_photos(id, "", &[(PHOTO_A, &a)])).await;
    let other = app.register().await;
    assert_eq!(
        put_photo(&app, &other, &id, PHOTO_A, &a).await.status,
        StatusCode::NOT_FOUND
    );
    // Bytes other than the declared ones under the declared id.
    let wrong = jpeg(3000, 9);
    assert_eq!(
        put_photo(&app, &phone, &id, PHOTO_A, &wrong).await.status,
        StatusCode::CONFLICT
    );
    // A photo the answer never declared.
    assert_eq!(
        put_photo(&app, &phone, &id, PHOTO_B, &a).await.status,
        StatusCode::NOT_FOUND
    );
    // Another phone cannot declare the same photo id for its own answer.
    let stolen = app
        .put_json(
            &format!("{API}/responses/{}", response_id(2)),
            &other,
            &with_photos(&response_id(2), "", &[(PHOTO_A, &a)]),
        )
        .await;
    assert_eq!(stolen.status, StatusCode::CONFLICT, "{}", stolen.json);
}

#[tokio::test]
async fn a_photo_only_answer_counts_and_a_replacement_drops_the_photos_it_no_longer_lists() {
    let app = TestApp::new().await;
    published(&app).await;
    let chen = answering_day(&app, "chen").await;
    let a = jpeg(3000, 1);
    let id = response_id(1);
    let phone = send(&app, 1, |id| with_photos(id, "", &[(PHOTO_A, &a)])).await;
    assert_eq!(
        put_photo(&app, &phone, &id, PHOTO_A, &a).await.status,
        StatusCode::CREATED
    );
    let page = app.staff_get(&format!("{PAGE}/results"), Some(&chen)).await;
    assert!(
        page.text.contains(&format!("{PAGE}/photos/{PHOTO_A}")),
        "a photo alone is an answer"
    );

    let mut replaced = with_photos(&id, "改为文字意见", &[]);
    replaced["answered_at"] = json!("2026-12-05T11:00:00+08:00");
    let r = app
        .put_json(&format!("{API}/responses/{id}"), &phone, &replaced)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["revision"], 2);
    let page = app.staff_get(&format!("{PAGE}/results"), Some(&chen)).await;
    assert!(
        !page.text.contains(PHOTO_A),
        "the dropped photo is gone from the page"
    );
    let (status, _, _) = raw(&app, &format!("{PAGE}/photos/{PHOTO_A}"), &chen, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        put_photo(&app, &phone, &id, PHOTO_A, &a).await.status,
        StatusCode::NOT_FOUND
    );
}
