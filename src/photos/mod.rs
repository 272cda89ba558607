//! Photos, processed on the phone before they are stored: decoded by the
//! browser, turned upright, scaled to core's limits, re-encoded (which drops
//! all metadata, GPS included) and hashed once.

use js_sys::{ArrayBuffer, Object, Reflect};
use letterbox_core::limits::{
    PHOTO_INPUT_MAX_BYTES, PHOTO_INPUT_MAX_PIXELS, PHOTO_LONG_EDGE_STEPS_PX, PHOTO_MAX_BYTES,
    PHOTO_MIME_TYPES, PHOTO_TARGET_BYTES, PHOTO_THUMB_EDGE_PX,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/photos/process.js")]
extern "C" {
    #[wasm_bindgen(js_name = processPhoto)]
    fn process_photo_js(file: &web_sys::File, limits: &JsValue) -> js_sys::Promise;

    /// An object URL showing stored bytes; revoke it when the view goes.
    #[wasm_bindgen(js_name = objectUrl)]
    pub fn object_url(buffer: &ArrayBuffer, mime: &str) -> String;
}

/// Why a picked file was not added. The resident sees each in plain words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoRefusal {
    TooLarge,
    NotImage,
    /// An iPhone HEIC photo this browser cannot decode.
    Heic,
    CannotDecode,
    TooManyPixels,
    TooBigAfter,
    /// The petition already has the most photos allowed.
    Full,
}

/// A photo ready to store.
#[derive(Debug, Clone)]
pub struct ProcessedPhoto {
    pub bytes: ArrayBuffer,
    pub mime: String,
    pub width: u32,
    pub height: u32,
    pub thumb: ArrayBuffer,
    pub thumb_mime: String,
    pub sha256: String,
    /// How long processing took, for the benchmark.
    pub ms: f64,
}

fn set(target: &Object, key: &str, value: JsValue) {
    let _ = Reflect::set(target, &key.into(), &value);
}

fn get(source: &JsValue, key: &str) -> JsValue {
    Reflect::get(source, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn limits() -> JsValue {
    let limits = Object::new();
    set(
        &limits,
        "maxInputBytes",
        (PHOTO_INPUT_MAX_BYTES as f64).into(),
    );
    set(&limits, "maxPixels", (PHOTO_INPUT_MAX_PIXELS as f64).into());
    let edges = js_sys::Array::new();
    for edge in PHOTO_LONG_EDGE_STEPS_PX {
        edges.push(&edge.into());
    }
    set(&limits, "longEdges", edges.into());
    set(&limits, "targetBytes", (PHOTO_TARGET_BYTES as f64).into());
    set(&limits, "maxBytes", (PHOTO_MAX_BYTES as f64).into());
    set(&limits, "thumbEdge", PHOTO_THUMB_EDGE_PX.into());
    // The types the server accepts, in order of preference (WebP first).
    let types = js_sys::Array::new();
    for mime in PHOTO_MIME_TYPES {
        types.push(&mime.into());
    }
    set(&limits, "mimeTypes", types.into());
    limits.into()
}

pub async fn process(file: &web_sys::File) -> Result<ProcessedPhoto, PhotoRefusal> {
    let timing = crate::timing::Timing::start("photo");
    let result = JsFuture::from(process_photo_js(file, &limits()))
        .await
        .map_err(|_| PhotoRefusal::CannotDecode)?;
    timing.end();
    if get(&result, "ok").as_bool() != Some(true) {
        return Err(match get(&result, "reason").as_string().as_deref() {
            Some("too_large") => PhotoRefusal::TooLarge,
            Some("not_image") => PhotoRefusal::NotImage,
            Some("heic") => PhotoRefusal::Heic,
            Some("too_many_pixels") => PhotoRefusal::TooManyPixels,
            Some("too_big_after") => PhotoRefusal::TooBigAfter,
            _ => PhotoRefusal::CannotDecode,
        });
    }
    let text = |key| get(&result, key).as_string().unwrap_or_default();
    let number = |key| get(&result, key).as_f64().unwrap_or_default();
    Ok(ProcessedPhoto {
        bytes: get(&result, "bytes").unchecked_into(),
        mime: text("mime"),
        width: number("width") as u32,
        height: number("height") as u32,
        thumb: get(&result, "thumb").unchecked_into(),
        thumb_mime: text("thumbMime"),
        sha256: text("sha256"),
        ms: number("ms"),
    })
}

/// The files a file input's change event picked, in order; the input is
/// cleared so the same file may be picked again later.
pub fn picked_files(ev: &web_sys::Event) -> Vec<web_sys::File> {
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = input
        .files()
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default();
    input.set_value("");
    files
}
