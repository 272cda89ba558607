//! Core's text rules as the app runs them: NFC comes from the browser
//! (`String.prototype.normalize`, core's `browser` feature), and must give
//! what unicode-normalization gives the server (real headless Chromium).
#![cfg(target_arch = "wasm32")]

use letterbox_core::validation::{is_clean_text, normalize_text};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_browser_composes_text_as_the_server_does() {
    // e + combining acute, Hangul jamo, and an already composed text.
    assert_eq!(normalize_text("  cafe\u{301} "), "caf\u{e9}");
    assert_eq!(normalize_text("\u{1100}\u{1161}\u{11A8}"), "\u{AC01}");
    assert_eq!(normalize_text("渝北区公交线路"), "渝北区公交线路");
    // Canonical order: the marks are reordered by their combining class.
    assert_eq!(normalize_text("a\u{323}\u{302}"), "\u{1EAD}");
    assert_eq!(normalize_text("a\u{302}\u{323}"), "\u{1EAD}");
}

#[wasm_bindgen_test]
fn stacked_marks_are_still_counted_in_the_app() {
    assert!(is_clean_text("caf\u{e9}", false));
    assert!(!is_clean_text(&format!("a{}", "\u{301}".repeat(20)), false));
}
