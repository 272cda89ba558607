//! Each language's strings, fetched rather than compiled in: the page's
//! loader fetches the active language's table with the wasm and hands it to
//! `mount`; the other is fetched when the resident switches (issue 12: one
//! language in the first download). The tables are written beside the wasm
//! by `tools/build-wasm.mjs`, in the order of `Msg`'s variants, inside the
//! build's hashed directory, so a table always matches the wasm that reads
//! it; the service worker keeps both for offline use.

use std::cell::{Cell, RefCell};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{Lang, Msg};

thread_local! {
    static TABLES: RefCell<[Option<&'static [&'static str]>; 2]> = const { RefCell::new([None, None]) };
    /// The directory of the build's files (`/pkg-<hash>/`), from the loader.
    static BASE: Cell<Option<&'static str>> = const { Cell::new(None) };
}

fn slot(lang: Lang) -> usize {
    match lang {
        Lang::Zh => 0,
        Lang::En => 1,
    }
}

/// Keeps a language's table for the life of the page (two at most, so
/// leaking them is the simplest owner). A table of the wrong length is
/// from another build and is refused.
pub fn install(lang: Lang, strings: Vec<String>) -> bool {
    if strings.len() != Msg::COUNT {
        web_sys::console::error_1(
            &format!(
                "strings for {}: {} instead of {}",
                lang.tag(),
                strings.len(),
                Msg::COUNT
            )
            .into(),
        );
        return false;
    }
    let table: Vec<&'static str> = strings
        .into_iter()
        .map(|s| &*Box::leak(s.into_boxed_str()))
        .collect();
    TABLES.with(|t| t.borrow_mut()[slot(lang)] = Some(Box::leak(table.into_boxed_slice())));
    true
}

pub fn set_base(base: String) {
    BASE.with(|b| b.set(Some(Box::leak(base.into_boxed_str()))));
}

pub fn is_loaded(lang: Lang) -> bool {
    TABLES.with(|t| t.borrow()[slot(lang)].is_some())
}

/// The message in `lang`; in the other language while `lang`'s table is
/// still on its way (never a blank).
pub fn text(msg: Msg, lang: Lang) -> &'static str {
    TABLES.with(|t| {
        let t = t.borrow();
        t[slot(lang)]
            .or(t[slot(lang.other())])
            .map_or("", |table| table[msg as usize])
    })
}

/// Fetches and installs `lang`'s table (a language switch). `false` when
/// it could not be had: the page stays in the language it is in.
pub async fn load(lang: Lang) -> bool {
    let Some(base) = BASE.with(Cell::get) else {
        return false;
    };
    let url = format!("{base}strings-{}.json", lang.tag());
    // The browser's fetch and JSON, not the API client's: that client is in
    // the pages' modules, and this is in the main module (issue 12).
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Ok(response) = JsFuture::from(window.fetch_with_str(&url)).await else {
        return false;
    };
    let Ok(response) = response.dyn_into::<web_sys::Response>() else {
        return false;
    };
    if !response.ok() {
        return false;
    }
    let Ok(parsed) = response.json() else {
        return false;
    };
    let Ok(parsed) = JsFuture::from(parsed).await else {
        return false;
    };
    let strings: Vec<String> = js_sys::Array::from(&parsed)
        .iter()
        .map(|v| v.as_string().unwrap_or_default())
        .collect();
    install(lang, strings)
}
