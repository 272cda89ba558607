use letterbox_core::validation::{FieldError, FieldErrorCode};

use crate::i18n::{I18n, Msg};

/// A field error in the resident's words.
pub fn describe(i18n: I18n, error: &FieldError) -> String {
    let limit = error.limit.unwrap_or_default().to_string();
    let msg = match error.code {
        FieldErrorCode::Required => Msg::ErrRequired,
        FieldErrorCode::TooShort => Msg::ErrTooShort,
        FieldErrorCode::TooLong => Msg::ErrTooLong,
        FieldErrorCode::InvalidCharacters => Msg::ErrInvalidCharacters,
        FieldErrorCode::InvalidId => Msg::ErrInvalidId,
    };
    i18n.tf(msg, &[("n", &limit)])
}
