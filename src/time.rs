//! The browser's clock and dates shown in the resident's language. A leaf:
//! it takes the language as its BCP 47 tag (`Lang::tag`), so it needs
//! nothing from `i18n`.

use std::cell::RefCell;

use js_sys::{Array, Date, Intl, Object};
use wasm_bindgen::JsValue;

pub fn now_ms() -> f64 {
    Date::now()
}

thread_local! {
    /// One formatter per language: making one is far slower than using it,
    /// and a list of a thousand drafts formats a thousand dates.
    static FORMATTERS: RefCell<Vec<(String, Intl::DateTimeFormat)>> = const { RefCell::new(Vec::new()) };
}

fn formatter(locale: &str) -> Intl::DateTimeFormat {
    FORMATTERS.with(|all| {
        if let Some((_, f)) = all.borrow().iter().find(|(l, _)| l == locale) {
            return f.clone();
        }
        let options = Object::new();
        let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
        let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
        let locales = Array::of1(&JsValue::from_str(locale));
        let f = Intl::DateTimeFormat::new(&locales, &options);
        all.borrow_mut().push((locale.to_owned(), f.clone()));
        f
    })
}

/// A date and time the way the language tagged `locale` (e.g. `zh-CN`)
/// writes it.
pub fn format_ms(ms: f64, locale: &str) -> String {
    let date = Date::new(&JsValue::from_f64(ms));
    formatter(locale)
        .format()
        .call1(&JsValue::UNDEFINED, &date)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| String::from(date.to_iso_string()))
}

/// An RFC 3339 timestamp from the server, shown like `format_ms`.
pub fn format_rfc3339(s: &str, locale: &str) -> String {
    let ms = Date::parse(s);
    if ms.is_nan() {
        s.to_owned()
    } else {
        format_ms(ms, locale)
    }
}

/// Today's date in China (the Regulations' days), from the phone's clock.
pub fn today_in_china() -> letterbox_core::calendar::Date {
    letterbox_core::calendar::Date::in_china_at_unix_ms(now_ms())
}
