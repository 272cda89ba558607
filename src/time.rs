//! The browser's clock and dates shown in the resident's language.

use wasm_bindgen::JsValue;

use crate::i18n::Lang;

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A date and time the way the resident's language writes it.
pub fn format_ms(ms: f64, lang: Lang) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(ms));
    String::from(date.to_locale_string(lang.tag(), &JsValue::UNDEFINED))
}

/// An RFC 3339 timestamp from the server, shown like `format_ms`.
pub fn format_rfc3339(s: &str, lang: Lang) -> String {
    let ms = js_sys::Date::parse(s);
    if ms.is_nan() {
        s.to_owned()
    } else {
        format_ms(ms, lang)
    }
}
