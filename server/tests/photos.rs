//! Photo uploads: declared in the petition, verified by SHA-256, stored
//! once, resumable; the case is "receiving attachments" until all arrive.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use base64::Engine;
use common::{assert_problem, petition, petition_id, Reply, TestApp};
use serde_json::json;
use sha2::{Digest, Sha256};

fn webp(n: usize, seed: u8) -> Vec<u8> {
    common::webp_image(n, seed)
}

fn sha_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn digest_header(bytes: &[u8]) -> String {
    format!(
        "sha-256=:{}:",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(bytes))
    )
}

struct Setup {
    app: TestApp,
    token: String,
    id: String,
    photos: Vec<(String, Vec<u8>)>,
}

async fn setup() -> Setup {
    let app = TestApp::new().await;
    let token = app.register().await;
    let id = petition_id();
    let photos: Vec<(String, Vec<u8>)> = (0..2)
        .map(|i| (petition_id(), webp(150_000 + i * 100, i as u8)))
        .collect();
    let mut body = petition(&id);
    body["photos"] = json!(photos
        .iter()
        .map(|(pid, bytes)| json!({"id": pid, "sha256": sha_hex(bytes), "bytes": bytes.len(), "mime": "image/webp"}))
        .collect::<Vec<_>>());
    let reply = app
        .post_json("/api/v1/petitions", Some(&token), &body)
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.json);
    assert_eq!(reply.json["status"], "receiving_attachments");
    Setup {
        app,
        token,
        id,
        photos,
    }
}

impl Setup {
    async fn put(&self, photo: &str, bytes: &[u8], digest_of: &[u8], mime: &str) -> Reply {
        let request = Request::put(format!("/api/v1/petitions/{}/photos/{photo}", self.id))
            .header("authorization", format!("Bearer {}", self.token))
            .header("content-type", mime)
            .header("content-digest", digest_header(digest_of))
            .body(Body::from(bytes.to_vec()))
            .unwrap();
        self.app.send(request).await
    }

    async fn patch(&self, photo: &str, offset: usize, piece: &[u8]) -> Reply {
        self.patch_through(&self.app, photo, offset, piece).await
    }

    async fn patch_through(
        &self,
        app: &TestApp,
        photo: &str,
        offset: usize,
        piece: &[u8],
    ) -> Reply {
        let request = Request::patch(format!("/api/v1/petitions/{}/photos/{photo}", self.id))
            .header("authorization", format!("Bearer {}", self.token))
            .header("content-type", "application/offset+octet-stream")
            .header("upload-offset", offset.to_string())
            .body(Body::from(piece.to_vec()))
            .unwrap();
        app.send(request).await
    }

    async fn head(&self, photo: &str) -> Reply {
        let request = Request::head(format!("/api/v1/petitions/{}/photos/{photo}", self.id))
            .header("authorization", format!("Bearer {}", self.token))
            .body(Body::empty())
            .unwrap();
        self.app.send(request).await
    }

    async fn status(&self) -> String {
        let reply = self
            .app
            .get(&format!("/api/v1/petitions/{}", self.id), Some(&self.token))
            .await;
        reply.json["status"].as_str().unwrap().to_owned()
    }
}

#[tokio::test]
async fn photos_land_once_and_complete_the_case() {
    let s = setup().await;
    let (first, bytes) = &s.photos[0];
    let reply = s.put(first, bytes, bytes, "image/webp").await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.json);
    assert_eq!(reply.json["complete"], true);
    assert_eq!(s.status().await, "receiving_attachments");

    // A repeat is a no-op with the same answer.
    let again = s.put(first, bytes, bytes, "image/webp").await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json["received_bytes"], bytes.len());

    let (second, bytes2) = &s.photos[1];
    assert_eq!(
        s.put(second, bytes2, bytes2, "image/webp").await.status,
        StatusCode::CREATED
    );
    assert_eq!(s.status().await, "received");
    let rows: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM petition_photos WHERE completed_at IS NOT NULL")
            .fetch_one(&s.app.db.read)
            .await
            .unwrap();
    assert_eq!(rows, 2);

    // The feed tells the phone the case is now complete.
    let feed = s.app.get("/api/v1/sync?cursor=0", Some(&s.token)).await;
    let statuses: Vec<&str> = feed.json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["receiving_attachments", "received"]);
}

#[tokio::test]
async fn wrong_bytes_wrong_hash_and_wrong_type_are_refused() {
    let s = setup().await;
    let (photo, bytes) = &s.photos[0];
    // Body does not match its own digest.
    let mut corrupted = bytes.clone();
    corrupted[100] ^= 0xff;
    let reply = s.put(photo, &corrupted, bytes, "image/webp").await;
    assert_problem(&reply, 422, "/problems/invalid");
    // A different photo under this id.
    let other = webp(4000, 99);
    let reply = s.put(photo, &other, &other, "image/webp").await;
    assert_problem(&reply, 409, "/problems/id-conflict");
    // Declared WebP, sent as JPEG.
    let reply = s.put(photo, bytes, bytes, "image/jpeg").await;
    assert_problem(&reply, 415, "/problems/unsupported-media-type");
    assert_eq!(s.status().await, "receiving_attachments");
}

#[tokio::test]
async fn bytes_that_are_not_an_image_are_refused_even_with_a_matching_hash() {
    let app = TestApp::new().await;
    let token = app.register().await;
    let id = petition_id();
    let photo = petition_id();
    let text = b"just some text pretending to be a photo".to_vec();
    let mut body = petition(&id);
    body["photos"] =
        json!([{"id": photo, "sha256": sha_hex(&text), "bytes": text.len(), "mime": "image/webp"}]);
    app.post_json("/api/v1/petitions", Some(&token), &body)
        .await;
    let s = Setup {
        app,
        token,
        id,
        photos: vec![],
    };
    let reply = s.put(&photo, &text, &text, "image/webp").await;
    assert_problem(&reply, 422, "/problems/invalid");
}

#[tokio::test]
async fn an_interrupted_upload_resumes_where_it_stopped() {
    let s = setup().await;
    let (photo, bytes) = &s.photos[0];
    let head = s.head(photo).await;
    assert_eq!(head.headers["upload-offset"], "0");
    assert_eq!(
        head.headers["upload-length"],
        bytes.len().to_string().as_str()
    );

    let half = bytes.len() / 2;
    let reply = s.patch(photo, 0, &bytes[..half]).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json["complete"], false);
    // The connection dropped; the phone asks where to resume.
    assert_eq!(
        s.head(photo).await.headers["upload-offset"],
        half.to_string().as_str()
    );
    // A piece for the wrong offset is refused with where to resume.
    let wrong = s.patch(photo, 10, &bytes[10..half]).await;
    assert_problem(&wrong, 409, "/problems/offset-conflict");
    assert_eq!(wrong.headers["upload-offset"], half.to_string().as_str());

    // A piece smaller than the least allowed, not the last: refused, and
    // nothing moves.
    let tiny = s.patch(photo, half, &bytes[half..half + 100]).await;
    assert_problem(&tiny, 400, "/problems/malformed-request");
    assert_eq!(
        s.head(photo).await.headers["upload-offset"],
        half.to_string().as_str()
    );

    let done = s.patch(photo, half, &bytes[half..]).await;
    assert_eq!(done.status, StatusCode::CREATED, "{:?}", done.json);
    assert_eq!(done.json["complete"], true);
    let stored = s.app.stored_photo(&s.id, photo).await.unwrap();
    assert_eq!(&stored, bytes);
}

#[tokio::test]
async fn another_device_cannot_see_or_upload_photos() {
    let s = setup().await;
    let other = s.app.register().await;
    let (photo, bytes) = &s.photos[0];
    let request = Request::put(format!("/api/v1/petitions/{}/photos/{photo}", s.id))
        .header("authorization", format!("Bearer {other}"))
        .header("content-type", "image/webp")
        .header("content-digest", digest_header(bytes))
        .body(Body::from(bytes.clone()))
        .unwrap();
    assert_problem(&s.app.send(request).await, 404, "/problems/not-found");
    let undeclared = petition_id();
    let reply = s.put(&undeclared, bytes, bytes, "image/webp").await;
    assert_problem(&reply, 404, "/problems/not-found");
}

#[tokio::test]
async fn an_oversized_photo_is_413() {
    let s = setup().await;
    let (photo, _) = &s.photos[0];
    let huge = webp(letterbox_core::limits::PHOTO_MAX_BYTES as usize + 10, 1);
    let reply = s.put(photo, &huge, &huge, "image/webp").await;
    assert_problem(&reply, 413, "/problems/too-large");
}

#[tokio::test]
async fn a_photo_with_metadata_or_over_the_long_edge_is_refused_and_never_stored() {
    let app = TestApp::new().await;
    let token = app.register().await;
    let id = petition_id();
    let plain = common::jpeg_image(3000, 1);
    // The same picture with an EXIF segment (where GPS lives) after JFIF.
    let mut exif = plain[..20].to_vec();
    exif.extend([0xff, 0xe1, 0, 16]);
    exif.extend(b"Exif\0\0MM\0*\0\0\0\x08");
    exif.extend(&plain[20..]);
    // The same picture claiming 4000 px across.
    let mut wide = plain.clone();
    wide[27..29].copy_from_slice(&4000u16.to_be_bytes());
    let photos: Vec<(String, Vec<u8>)> = vec![(petition_id(), exif), (petition_id(), wide)];
    let mut body = petition(&id);
    body["photos"] = json!(photos
        .iter()
        .map(|(pid, b)| json!({"id": pid, "sha256": sha_hex(b), "bytes": b.len(), "mime": "image/jpeg"}))
        .collect::<Vec<_>>());
    let reply = app
        .post_json("/api/v1/petitions", Some(&token), &body)
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.json);
    let s = Setup {
        app,
        token,
        id,
        photos: photos.clone(),
    };
    let reply = s
        .put(&photos[0].0, &photos[0].1, &photos[0].1, "image/jpeg")
        .await;
    assert_problem(&reply, 422, "/problems/invalid");
    assert!(
        reply.json["detail"].as_str().unwrap().contains("metadata"),
        "{}",
        reply.json
    );
    let reply = s
        .put(&photos[1].0, &photos[1].1, &photos[1].1, "image/jpeg")
        .await;
    assert_problem(&reply, 422, "/problems/invalid");
    assert!(
        reply.json["detail"].as_str().unwrap().contains("2048"),
        "{}",
        reply.json
    );
    assert_eq!(s.head(&photos[0].0).await.headers["upload-offset"], "0");
    assert_eq!(s.status().await, "receiving_attachments");
}

/// Behind a load balancer the pieces of one photo reach different
/// instances (issue 13): on PostgreSQL and a bucket, each instance finds
/// the pieces the other took; the photo arrives whole, once, and only
/// then is the case received.
#[tokio::test]
async fn pieces_sent_to_two_instances_in_turn_make_one_whole_photo() {
    let s = setup().await;
    let other = s.app.second_instance().await;
    let (photo, bytes) = &s.photos[0];
    let piece = letterbox_core::limits::PHOTO_PIECE_MIN_BYTES as usize;
    let mut offset = 0;
    for (turn, chunk) in bytes.chunks(piece).enumerate() {
        let app = if turn % 2 == 0 { &s.app } else { &other };
        let reply = s.patch_through(app, photo, offset, chunk).await;
        offset += chunk.len();
        let done = offset == bytes.len();
        let expected = if done {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        };
        assert_eq!(reply.status, expected, "piece {turn}: {:?}", reply.json);
        assert_eq!(reply.json["received_bytes"], offset);
    }
    assert_eq!(&s.app.stored_photo(&s.id, photo).await.unwrap(), bytes);
    assert_eq!(s.status().await, "receiving_attachments", "one photo left");
    let (second, bytes2) = &s.photos[1];
    let reply = s.put(second, bytes2, bytes2, "image/webp").await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(s.status().await, "received");
}
