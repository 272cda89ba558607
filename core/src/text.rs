//! Unicode rules for what residents type (review L7), shared by the app
//! (as the resident types, and before a petition is queued) and the server
//! (on arrival, before it stores or compares a resend).
//!
//! Text is kept in NFC: `normalize_text` composes it, so the same words
//! typed on two keyboards are the same bytes. `is_clean_text` refuses what
//! can make a line on the desk say something other than what it holds:
//! bidirectional overrides and isolates anywhere, in one-line fields also
//! the invisible marks and zero-width characters, and more than
//! `COMBINING_MARKS_MAX` combining marks on one letter.

use unicode_normalization::char::canonical_combining_class;

use crate::limits::COMBINING_MARKS_MAX;

/// Bidirectional embeddings, overrides and isolates (U+202A–202E,
/// U+2066–2069): they reorder what follows them, so a title can show
/// another text than it holds. Refused in every field.
fn is_bidi_override(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Invisible characters that have no place in a one-line field: the
/// bidirectional marks (U+200E, U+200F, U+061C) and the zero-width ones
/// (U+200B–200D, U+2060, U+FEFF). Two titles that look alike must be
/// alike. A description may keep them (a joiner inside an emoji, a mark in
/// mixed Arabic text).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{061C}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Whether `text` holds only characters a field may keep: no control
/// characters (a description keeps line breaks and tabs), no bidirectional
/// overrides, in a one-line field no invisible characters, and at most
/// `COMBINING_MARKS_MAX` stacking combining marks in a row.
pub fn is_clean_text(text: &str, multiline: bool) -> bool {
    let mut marks = 0;
    for c in text.chars() {
        let control = c.is_control() && !(multiline && (c == '\n' || c == '\t'));
        if control || is_bidi_override(c) || (!multiline && is_invisible(c)) {
            return false;
        }
        // Marks that stack on their letter have a combining class above
        // zero; spacing vowel signs (Indic, Thai) have none and never pile
        // up. The class table is NFC's own, so this costs the app nothing
        // more.
        marks = if canonical_combining_class(c) != 0 {
            marks + 1
        } else {
            0
        };
        if marks > COMBINING_MARKS_MAX {
            return false;
        }
    }
    true
}

/// `text` without surrounding whitespace, in NFC: the form the office
/// keeps and compares.
pub fn normalize_text(text: &str) -> String {
    nfc(text.trim())
}

/// NFC by unicode-normalization: the server, and the tests.
#[cfg(not(all(feature = "browser", target_arch = "wasm32")))]
fn nfc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfc().collect()
}

/// NFC by the browser (ECMAScript's `String.prototype.normalize`, the same
/// Unicode algorithm): its composition tables are about a tenth of the
/// app's first download, and every browser has them already. The server
/// normalizes again on arrival, so a browser on an older Unicode version
/// can never make the office keep text that is not NFC by its rules.
#[cfg(all(feature = "browser", target_arch = "wasm32"))]
fn nfc(text: &str) -> String {
    js_sys::JsString::from(text).normalize("NFC").into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizing_is_idempotent() {
        for s in ["e\u{301}", "  한글 ", "\u{0958}", "plain"] {
            let once = normalize_text(s);
            assert_eq!(normalize_text(&once), once, "{s:?}");
        }
    }

    /// The same cases as the app's `tests/text.rs`, where the browser
    /// composes: both sides must give the same bytes.
    #[test]
    fn composes_as_the_browser_does() {
        assert_eq!(normalize_text("  cafe\u{301} "), "caf\u{e9}");
        assert_eq!(normalize_text("\u{1100}\u{1161}\u{11A8}"), "\u{AC01}");
        assert_eq!(normalize_text("a\u{323}\u{302}"), "\u{1EAD}");
        assert_eq!(normalize_text("a\u{302}\u{323}"), "\u{1EAD}");
    }
}
