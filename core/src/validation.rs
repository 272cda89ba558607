//! Checks on what a resident wrote. The app runs them as the resident types
//! (to show an error next to the field) and the server runs them again on
//! arrival (to answer 422 with the same field errors).

use serde::{Deserialize, Serialize};

use crate::api::NewPetition;
use crate::limits::{BODY_MAX_CHARS, BODY_MIN_CHARS, TITLE_MAX_CHARS, TITLE_MIN_CHARS};

/// Which field is wrong. The names are the JSON field names of the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Id,
    Kind,
    Title,
    Body,
}

/// What is wrong with it. The app turns the code into words in the
/// resident's language; `limit` carries the number the words mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldErrorCode {
    Required,
    TooShort,
    TooLong,
    /// Control characters, or a line break in a one-line field.
    InvalidCharacters,
    /// The petition id is not a UUIDv7 made by the app.
    InvalidId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Field,
    pub code: FieldErrorCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

impl FieldError {
    fn new(field: Field, code: FieldErrorCode, limit: Option<usize>) -> Self {
        Self {
            field,
            code,
            limit: limit.map(|l| l as u32),
        }
    }
}

/// Checks one text field, counting characters (not bytes) of the trimmed text.
pub fn check_text(
    field: Field,
    text: &str,
    min: usize,
    max: usize,
    multiline: bool,
) -> Option<FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Some(FieldError::new(field, FieldErrorCode::Required, None));
    }
    let bad_char = |c: char| c.is_control() && !(multiline && (c == '\n' || c == '\t'));
    if text.chars().any(bad_char) {
        return Some(FieldError::new(
            field,
            FieldErrorCode::InvalidCharacters,
            None,
        ));
    }
    let chars = text.chars().count();
    if chars < min {
        return Some(FieldError::new(field, FieldErrorCode::TooShort, Some(min)));
    }
    if chars > max {
        return Some(FieldError::new(field, FieldErrorCode::TooLong, Some(max)));
    }
    None
}

pub fn check_title(title: &str) -> Option<FieldError> {
    check_text(Field::Title, title, TITLE_MIN_CHARS, TITLE_MAX_CHARS, false)
}

pub fn check_body(body: &str) -> Option<FieldError> {
    check_text(Field::Body, body, BODY_MIN_CHARS, BODY_MAX_CHARS, true)
}

impl NewPetition {
    /// Every problem at once, so the resident can fix them in one pass.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.id.get_version_num() != 7 {
            errors.push(FieldError::new(Field::Id, FieldErrorCode::InvalidId, None));
        }
        errors.extend(check_title(&self.title));
        errors.extend(check_body(&self.body));
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The form the office keeps: surrounding whitespace removed. A replay is
    /// compared in this form, so a stray trailing space is not a conflict.
    pub fn normalized(mut self) -> Self {
        self.title = self.title.trim().to_owned();
        self.body = self.body.trim().to_owned();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PetitionKind;
    use uuid::Uuid;

    fn v7() -> Uuid {
        // A fixed UUIDv7 (version nibble 7, RFC 4122 variant).
        Uuid::parse_str("019378a2-5b1c-7d3e-8f40-123456789abc").unwrap()
    }

    fn petition(title: &str, body: &str) -> NewPetition {
        NewPetition {
            id: v7(),
            kind: PetitionKind::Complaint,
            title: title.into(),
            body: body.into(),
        }
    }

    fn codes(p: &NewPetition) -> Vec<(Field, FieldErrorCode, Option<u32>)> {
        match p.validate() {
            Ok(()) => vec![],
            Err(e) => e.into_iter().map(|e| (e.field, e.code, e.limit)).collect(),
        }
    }

    #[test]
    fn accepts_a_chinese_petition_at_exact_limits() {
        let title = "燃".repeat(TITLE_MAX_CHARS);
        let body = "气".repeat(BODY_MAX_CHARS);
        assert_eq!(codes(&petition(&title, &body)), vec![]);
        let title = "燃气".repeat(TITLE_MIN_CHARS / 2);
        assert_eq!(codes(&petition(&title, &"无法通气".repeat(3))), vec![]);
    }

    #[test]
    fn counts_characters_not_bytes() {
        // 80 Chinese characters are 240 bytes but only 80 characters.
        let title = "燃".repeat(TITLE_MAX_CHARS);
        assert!(title.len() > TITLE_MAX_CHARS);
        assert_eq!(check_title(&title), None);
        let over = "燃".repeat(TITLE_MAX_CHARS + 1);
        assert_eq!(
            check_title(&over).map(|e| (e.code, e.limit)),
            Some((FieldErrorCode::TooLong, Some(TITLE_MAX_CHARS as u32)))
        );
    }

    #[test]
    fn reports_every_field_error_at_once() {
        let mut p = petition("  ", "short");
        p.id = Uuid::parse_str("9b2c6f1e-3d4a-4b5c-8d6e-7f8091a2b3c4").unwrap();
        assert_eq!(
            codes(&p),
            vec![
                (Field::Id, FieldErrorCode::InvalidId, None),
                (Field::Title, FieldErrorCode::Required, None),
                (
                    Field::Body,
                    FieldErrorCode::TooShort,
                    Some(BODY_MIN_CHARS as u32)
                ),
            ]
        );
    }

    #[test]
    fn whitespace_does_not_count_towards_length() {
        let body = format!("   {}   ", "a".repeat(BODY_MIN_CHARS - 1));
        assert_eq!(
            check_body(&body).map(|e| e.code),
            Some(FieldErrorCode::TooShort)
        );
    }

    #[test]
    fn line_breaks_allowed_in_body_not_in_title() {
        assert_eq!(check_body("第一行事实\n第二行请求\t完"), None);
        assert_eq!(
            check_title("燃气\n无法").map(|e| e.code),
            Some(FieldErrorCode::InvalidCharacters)
        );
        assert_eq!(
            check_body("事实\u{0}请求内容很多字").map(|e| e.code),
            Some(FieldErrorCode::InvalidCharacters)
        );
    }

    #[test]
    fn normalized_trims_for_replay_comparison() {
        let p = petition("  燃气无法开通 ", "\n小区燃气因合同纠纷无法开通。\n").normalized();
        assert_eq!(p.title, "燃气无法开通");
        assert_eq!(p.body, "小区燃气因合同纠纷无法开通。");
    }

    #[test]
    fn field_errors_serialise_with_wire_names() {
        let e = check_title("").unwrap();
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"field":"title","code":"required"}"#
        );
        let e = check_body(&"x".repeat(BODY_MAX_CHARS + 1)).unwrap();
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"field": "body", "code": "too_long", "limit": BODY_MAX_CHARS})
        );
    }
}
