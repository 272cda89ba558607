//! The editor's field errors (core's `FieldError`) in the resident's words.

use letterbox_core::limits::PEOPLE_AFFECTED_MIN;
use letterbox_core::validation::{Field, FieldError, FieldErrorCode};

use crate::i18n::{I18n, Msg};

/// A field error in the resident's words, saying what to do.
pub fn describe(i18n: I18n, error: &FieldError) -> String {
    let limit = error.limit.unwrap_or_default();
    let msg = match error.code {
        FieldErrorCode::Required => Msg::ErrRequired,
        FieldErrorCode::TooShort => Msg::ErrTooShort,
        FieldErrorCode::TooLong => Msg::ErrTooLong,
        FieldErrorCode::InvalidCharacters => Msg::ErrInvalidCharacters,
        FieldErrorCode::InvalidId => Msg::ErrInvalidId,
        FieldErrorCode::InvalidPhone => Msg::ErrInvalidPhone,
        FieldErrorCode::OutOfRange if error.field == Field::Coordinates => Msg::ErrBadPosition,
        FieldErrorCode::OutOfRange if limit <= PEOPLE_AFFECTED_MIN => Msg::ErrNumberTooSmall,
        FieldErrorCode::OutOfRange => Msg::ErrNumberTooLarge,
        FieldErrorCode::Unknown => Msg::ErrUnknownChoice,
    };
    i18n.tf(msg, &[("n", &limit.to_string())])
}
