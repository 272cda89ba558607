//! The only place that speaks HTTP: one function per API v1 call.

use gloo_net::http::{Request, RequestBuilder, Response};
use letterbox_core::api::{
    paths, CaseView, DeviceRegistration, FollowUp, FollowUpReceipt, Health, LookupRequest,
    NewPetition, PetitionReceipt, PhotoManifestEntry, PhotoReceipt, SyncPage,
};
use letterbox_core::campaign::{self, Campaign, CampaignSummary, ResponseReceipt, Results};
use letterbox_core::catalogue::{Areas, Categories};
use letterbox_core::outbox::REQUEST_TIMEOUT_MS;
use letterbox_core::problem::Problem;
use serde::de::DeserializeOwned;
use serde::Serialize;
use uuid::Uuid;
use wasm_bindgen::JsValue;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// No answer: offline, timed out, or the connection was cut.
    #[error("no connection")]
    NoConnection,
    /// The server answered with an error.
    #[error("HTTP {status}")]
    Status {
        status: u16,
        /// Boxed: most answers carry none, and the error stays small.
        problem: Option<Box<Problem>>,
        retry_after_ms: Option<f64>,
    },
    /// The server answered something the app cannot read.
    #[error("unreadable answer: {0}")]
    Unreadable(String),
}

/// What travels in a request body.
enum Payload {
    Json(String),
    Bytes(js_sys::Uint8Array),
}

/// Sends with a deadline: a request that hangs on a bad network is given
/// up, so the outbox can try again later instead of waiting forever.
async fn send(builder: RequestBuilder, body: Option<String>) -> Result<Response, ApiError> {
    send_payload(builder, body.map(Payload::Json)).await
}

async fn send_payload(
    builder: RequestBuilder,
    body: Option<Payload>,
) -> Result<Response, ApiError> {
    let controller = web_sys::AbortController::new().map_err(|_| ApiError::NoConnection)?;
    let signal = controller.signal();
    let timeout = gloo_timers::callback::Timeout::new(REQUEST_TIMEOUT_MS, move || {
        controller.abort();
    });
    let builder = builder.abort_signal(Some(&signal));
    let request = match body {
        Some(Payload::Json(body)) => builder
            .header("Content-Type", "application/json")
            .body(body),
        Some(Payload::Bytes(bytes)) => builder.body(bytes),
        None => builder.build(),
    }
    .map_err(|e| ApiError::Unreadable(e.to_string()))?;
    let response = request.send().await.map_err(|_| ApiError::NoConnection);
    drop(timeout);
    response
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    if response.ok() {
        // A body cut off mid-way is a lost answer, not a bad one.
        let text = response.text().await.map_err(|_| ApiError::NoConnection)?;
        return from_json(&text);
    }
    let status = response.status();
    let retry_after_ms = response
        .headers()
        .get("retry-after")
        // Seconds (RFC 9110); an HTTP-date is rare from our own server and
        // falls back to the normal backoff.
        .and_then(|v| v.trim().parse::<u32>().ok())
        .map(|s| f64::from(s) * 1000.0);
    let problem = response
        .text()
        .await
        .ok()
        .and_then(|t| from_json::<Problem>(&t).ok())
        .map(Box::new);
    Err(ApiError::Status {
        status,
        problem,
        retry_after_ms,
    })
}

/// JSON through the browser's own parser and printer, so the wasm carries
/// one serialiser (serde-wasm-bindgen, which IndexedDB needs anyway).
fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    let value = js_sys::JSON::parse(text).map_err(|_| ApiError::Unreadable("not JSON".into()))?;
    serde_wasm_bindgen::from_value(value).map_err(|e| ApiError::Unreadable(e.to_string()))
}

fn to_json<T: Serialize>(value: &T) -> Result<String, ApiError> {
    let value = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| ApiError::Unreadable(e.to_string()))?;
    js_sys::JSON::stringify(&value)
        .map(String::from)
        .map_err(|_| ApiError::Unreadable("cannot encode".into()))
}

fn authorised(builder: RequestBuilder, token: &str) -> RequestBuilder {
    builder.header("Authorization", &format!("Bearer {token}"))
}

/// The online probe: a real round trip to the API.
pub async fn health() -> Result<Health, ApiError> {
    decode(send(Request::get(paths::HEALTH), None).await?).await
}

pub async fn register_device() -> Result<DeviceRegistration, ApiError> {
    decode(send(Request::post(paths::DEVICES), None).await?).await
}

pub async fn send_petition(
    token: &str,
    petition: &NewPetition,
) -> Result<PetitionReceipt, ApiError> {
    let body = to_json(petition)?;
    decode(
        send(
            authorised(Request::post(paths::PETITIONS), token),
            Some(body),
        )
        .await?,
    )
    .await
}

pub async fn petition(token: &str, id: Uuid) -> Result<PetitionReceipt, ApiError> {
    decode(send(authorised(Request::get(&paths::petition(&id)), token), None).await?).await
}

pub async fn sync_page(
    token: &str,
    cursor: i64,
    campaign_cursor: i64,
    limit: u32,
) -> Result<SyncPage, ApiError> {
    decode(
        send(
            authorised(
                Request::get(&paths::sync(cursor, campaign_cursor, limit)),
                token,
            ),
            None,
        )
        .await?,
    )
    .await
}

/// A resident's request about a case (withdraw, review, rating,
/// supplement); `request` makes a resend the same request.
pub async fn send_follow_up(
    token: &str,
    petition: Uuid,
    request: Uuid,
    body: &FollowUp,
) -> Result<FollowUpReceipt, ApiError> {
    let body = to_json(body)?;
    decode(
        send(
            authorised(Request::put(&paths::follow_up(&petition, &request)), token),
            Some(body),
        )
        .await?,
    )
    .await
}

/// Finds a case by number and query code; with a token, this device
/// follows it from then on.
pub async fn lookup(token: Option<&str>, request: &LookupRequest) -> Result<CaseView, ApiError> {
    let body = to_json(request)?;
    let builder = Request::post(paths::LOOKUP);
    let builder = match token {
        Some(t) => authorised(builder, t),
        None => builder,
    };
    decode(send(builder, Some(body)).await?).await
}

/// A published campaign's definition (a draft is as unknown as none).
pub async fn campaign(slug: &str) -> Result<Campaign, ApiError> {
    decode(send(Request::get(&paths::campaign(slug)), None).await?).await
}

/// The published campaigns, for the home screen's list.
pub async fn campaigns() -> Result<Vec<CampaignSummary>, ApiError> {
    decode(send(Request::get(paths::CAMPAIGNS), None).await?).await
}

/// A closed campaign's counts, where the office made them public (404
/// otherwise).
pub async fn campaign_results(slug: &str) -> Result<Results, ApiError> {
    decode(send(Request::get(&paths::campaign_results(slug)), None).await?).await
}

/// The phone's whole answer to a campaign, under its one response id.
pub async fn send_campaign_response(
    token: &str,
    slug: &str,
    response: &campaign::Response,
) -> Result<ResponseReceipt, ApiError> {
    let body = to_json(response)?;
    decode(
        send(
            authorised(
                Request::put(&paths::campaign_response(slug, &response.id)),
                token,
            ),
            Some(body),
        )
        .await?,
    )
    .await
}

pub async fn categories() -> Result<Categories, ApiError> {
    decode(send(Request::get(paths::CATEGORIES), None).await?).await
}

pub async fn areas() -> Result<Areas, ApiError> {
    decode(send(Request::get(paths::AREAS), None).await?).await
}

/// The SHA-256 (lower-case hex) as an RFC 9530 `Content-Digest` value.
pub fn content_digest(sha256_hex: &str) -> Option<String> {
    let bytes: Vec<u8> = (0..sha256_hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(sha256_hex.get(i..i + 2)?, 16).ok())
        .collect::<Option<_>>()?;
    let encoded = js_sys::JsString::from(bytes.iter().map(|b| char::from(*b)).collect::<String>());
    let window = web_sys::window()?;
    let b64 = window.btoa(&String::from(encoded)).ok()?;
    Some(format!("sha-256=:{b64}:"))
}

/// How many bytes of a photo the office holds, and whether it is whole.
pub async fn photo_offset(token: &str, url: &str) -> Result<(u64, u64), ApiError> {
    let response = send(
        authorised(
            RequestBuilder::new(url).method(gloo_net::http::Method::HEAD),
            token,
        ),
        None,
    )
    .await?;
    if !response.ok() {
        return Err(decode::<()>(response)
            .await
            .err()
            .unwrap_or(ApiError::NoConnection));
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.trim().parse::<u64>().ok())
            .unwrap_or(0)
    };
    Ok((header("upload-offset"), header("upload-length")))
}

/// Uploads a whole photo with its digest; a repeat is a no-op.
pub async fn put_photo(
    token: &str,
    url: &str,
    photo: &PhotoManifestEntry,
    bytes: &js_sys::ArrayBuffer,
) -> Result<PhotoReceipt, ApiError> {
    let digest = content_digest(&photo.sha256)
        .ok_or_else(|| ApiError::Unreadable("bad photo hash".into()))?;
    let builder = authorised(Request::put(url), token)
        .header("Content-Type", &photo.mime)
        .header("Content-Digest", &digest);
    let body = js_sys::Uint8Array::new(bytes);
    decode(send_payload(builder, Some(Payload::Bytes(body))).await?).await
}

/// Sends the piece of a photo that starts at `offset` (tus-style `PATCH`).
/// Answers with what the office now holds; on an offset conflict the
/// office's own offset comes back as `Ok` so the caller resumes there.
pub async fn patch_photo(
    token: &str,
    url: &str,
    offset: u64,
    piece: js_sys::Uint8Array,
) -> Result<u64, ApiError> {
    let builder = authorised(
        RequestBuilder::new(url).method(gloo_net::http::Method::PATCH),
        token,
    )
    .header("Content-Type", "application/offset+octet-stream")
    .header("Upload-Offset", &offset.to_string());
    let response = send_payload(builder, Some(Payload::Bytes(piece))).await?;
    let held = response
        .headers()
        .get("upload-offset")
        .and_then(|v| v.trim().parse::<u64>().ok());
    match (response.status(), held) {
        (200..=299, Some(held)) | (409, Some(held)) => Ok(held),
        _ => Err(decode::<()>(response)
            .await
            .err()
            .unwrap_or(ApiError::NoConnection)),
    }
}

/// Everything the office holds for this phone (`GET /devices/me/data`),
/// as the server wrote it: it goes into the resident's file unchanged.
pub async fn my_data(token: &str) -> Result<JsValue, ApiError> {
    let response = send(authorised(Request::get(paths::MY_DATA), token), None).await?;
    if !response.ok() {
        return decode::<()>(response).await.map(|()| JsValue::NULL);
    }
    let text = response.text().await.map_err(|_| ApiError::NoConnection)?;
    js_sys::JSON::parse(&text).map_err(|_| ApiError::Unreadable("not JSON".into()))
}

/// Asks the office to forget this phone (`DELETE /devices/me`).
pub async fn forget_device(token: &str) -> Result<(), ApiError> {
    let response = send(authorised(Request::delete(paths::MY_DEVICE), token), None).await?;
    if response.ok() {
        Ok(())
    } else {
        decode::<()>(response).await
    }
}
