//! Checks on what a resident wrote. The app runs them as the resident types
//! (to show an error next to the field) and the server runs them again on
//! arrival (to answer 422 with the same field errors).
//!
//! Text is compared and kept in NFC and refused when it can show the desk
//! something other than it holds: see `text`.

use serde::{Deserialize, Serialize};

use crate::api::{Coordinates, NewPetition};
use crate::catalogue::{Areas, Categories};
use crate::limits::{
    ADDRESS_MAX_CHARS, BODY_MAX_CHARS, BODY_MIN_CHARS, CODE_MAX_CHARS, NAME_MAX_CHARS,
    PEOPLE_AFFECTED_MAX, PEOPLE_AFFECTED_MIN, PHONE_MAX_DIGITS, PHONE_MIN_DIGITS, PHOTOS_MAX,
    PHOTO_MAX_BYTES, PHOTO_MIME_TYPES, TITLE_MAX_CHARS, TITLE_MIN_CHARS,
};
pub use crate::text::{is_clean_text, normalize_text};

/// Which field is wrong. The names are the request's JSON paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Field {
    #[serde(rename = "id")]
    Id,
    #[serde(rename = "kind")]
    Kind,
    #[serde(rename = "title")]
    Title,
    #[serde(rename = "body")]
    Body,
    #[serde(rename = "category")]
    Category,
    #[serde(rename = "location.district")]
    District,
    #[serde(rename = "location.street")]
    Street,
    #[serde(rename = "location.community")]
    Community,
    #[serde(rename = "location.address")]
    Address,
    #[serde(rename = "location.coordinates")]
    Coordinates,
    #[serde(rename = "people_affected")]
    PeopleAffected,
    #[serde(rename = "identity.name")]
    Name,
    #[serde(rename = "identity.phone")]
    Phone,
    #[serde(rename = "identity.address")]
    HomeAddress,
    #[serde(rename = "photos")]
    Photos,
}

/// What is wrong with it. The app turns the code into words in the
/// resident's language; `limit` carries the number the words mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FieldErrorCode {
    Required,
    TooShort,
    TooLong,
    /// Control characters, a line break in a one-line field, a
    /// bidirectional override, an invisible character in a one-line field,
    /// or a letter under too many combining marks.
    InvalidCharacters,
    /// The petition id is not a UUIDv7 made by the app.
    InvalidId,
    /// Not a phone number: digits, spaces, hyphens, brackets, a leading +.
    InvalidPhone,
    /// A number outside its range (`limit` is the bound it crossed).
    OutOfRange,
    /// A category or area code the office does not know.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: Field,
    pub code: FieldErrorCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

impl FieldError {
    pub fn new(field: Field, code: FieldErrorCode, limit: Option<usize>) -> Self {
        Self {
            field,
            code,
            limit: limit.map(|l| l as u32),
        }
    }

    /// The field is wrong in a way that needs no number to explain.
    pub fn code(field: Field, code: FieldErrorCode) -> Self {
        Self::new(field, code, None)
    }

    /// The field must be filled in.
    pub fn required(field: Field) -> Self {
        Self::code(field, FieldErrorCode::Required)
    }

    /// The field crossed `limit` (too short, too long, out of range).
    pub fn limit(field: Field, code: FieldErrorCode, limit: usize) -> Self {
        Self::new(field, code, Some(limit))
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
        return Some(FieldError::required(field));
    }
    if !is_clean_text(text, multiline) {
        return Some(FieldError::code(field, FieldErrorCode::InvalidCharacters));
    }
    let chars = text.chars().count();
    if chars < min {
        return Some(FieldError::limit(field, FieldErrorCode::TooShort, min));
    }
    if chars > max {
        return Some(FieldError::limit(field, FieldErrorCode::TooLong, max));
    }
    None
}

/// Like `check_text`, for a field that may be left empty.
pub fn check_optional_text(field: Field, text: &str, max: usize) -> Option<FieldError> {
    if text.trim().is_empty() {
        None
    } else {
        check_text(field, text, 1, max, false)
    }
}

pub fn check_title(title: &str) -> Option<FieldError> {
    check_text(Field::Title, title, TITLE_MIN_CHARS, TITLE_MAX_CHARS, false)
}

pub fn check_body(body: &str) -> Option<FieldError> {
    check_text(Field::Body, body, BODY_MIN_CHARS, BODY_MAX_CHARS, true)
}

/// A phone number as people write it: `138 0013 8000`, `023-6388 1234`,
/// `(023) 63881234`, `+86 138...`.
pub fn check_phone(phone: &str) -> Option<FieldError> {
    let phone = phone.trim();
    if phone.is_empty() {
        return Some(FieldError::required(Field::Phone));
    }
    let allowed = |(i, c): (usize, char)| {
        c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')') || (i == 0 && c == '+')
    };
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    if !phone.chars().enumerate().all(allowed)
        || !(PHONE_MIN_DIGITS..=PHONE_MAX_DIGITS).contains(&digits)
    {
        return Some(FieldError::code(Field::Phone, FieldErrorCode::InvalidPhone));
    }
    None
}

fn check_code(field: Field, code: &str) -> Option<FieldError> {
    let ok = !code.is_empty()
        && code.len() <= CODE_MAX_CHARS
        && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    (!ok).then(|| FieldError::code(field, FieldErrorCode::Unknown))
}

impl NewPetition {
    /// Every problem at once, so the resident can fix them in one pass.
    /// Codes are checked for shape only; `check_catalogue` checks that the
    /// office knows them.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.id.get_version_num() != 7 {
            errors.push(FieldError::code(Field::Id, FieldErrorCode::InvalidId));
        }
        errors.extend(check_title(&self.title));
        errors.extend(check_body(&self.body));
        if self.category.trim().is_empty() {
            errors.push(FieldError::required(Field::Category));
        } else {
            errors.extend(check_code(Field::Category, &self.category));
        }
        errors.extend(self.location_errors());
        if let Some(n) = self.people_affected {
            if n < PEOPLE_AFFECTED_MIN {
                let min = PEOPLE_AFFECTED_MIN as usize;
                errors.push(FieldError::limit(
                    Field::PeopleAffected,
                    FieldErrorCode::OutOfRange,
                    min,
                ));
            } else if n > PEOPLE_AFFECTED_MAX {
                let max = PEOPLE_AFFECTED_MAX as usize;
                errors.push(FieldError::limit(
                    Field::PeopleAffected,
                    FieldErrorCode::OutOfRange,
                    max,
                ));
            }
        }
        errors.extend(self.identity_errors());
        errors.extend(self.photo_errors());
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    fn location_errors(&self) -> Vec<FieldError> {
        let loc = &self.location;
        let mut errors = Vec::new();
        match &loc.district {
            Some(d) => errors.extend(check_code(Field::District, d)),
            None if self.kind.requires_district() => {
                errors.push(FieldError::required(Field::District))
            }
            None => {}
        }
        if let Some(s) = &loc.street {
            errors.extend(check_code(Field::Street, s));
        }
        if let Some(c) = &loc.community {
            errors.extend(check_code(Field::Community, c));
        }
        errors.extend(check_optional_text(
            Field::Address,
            &loc.address,
            ADDRESS_MAX_CHARS,
        ));
        if loc.coordinates.is_some_and(|c| !c.is_valid()) {
            errors.push(FieldError::code(
                Field::Coordinates,
                FieldErrorCode::OutOfRange,
            ));
        }
        errors
    }

    fn photo_errors(&self) -> Vec<FieldError> {
        check_photo_manifest(&self.photos)
    }

    fn identity_errors(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let Some(who) = &self.identity else {
            if self.kind.requires_identity() {
                for field in [Field::Name, Field::Phone, Field::HomeAddress] {
                    errors.push(FieldError::required(field));
                }
            }
            return errors;
        };
        errors.extend(check_text(Field::Name, &who.name, 1, NAME_MAX_CHARS, false));
        errors.extend(check_phone(&who.phone));
        if self.kind.requires_identity() {
            errors.extend(check_text(
                Field::HomeAddress,
                &who.address,
                1,
                ADDRESS_MAX_CHARS,
                false,
            ));
        } else {
            errors.extend(check_optional_text(
                Field::HomeAddress,
                &who.address,
                ADDRESS_MAX_CHARS,
            ));
        }
        errors
    }

    /// Codes the office does not know, checked against its published lists.
    pub fn check_catalogue(&self, categories: &Categories, areas: &Areas) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if !categories.contains(&self.category) {
            errors.push(FieldError::code(Field::Category, FieldErrorCode::Unknown));
        }
        let loc = &self.location;
        if let Some(district) = &loc.district {
            let street = loc.street.as_deref();
            let community = loc.community.as_deref();
            if areas.district(district).is_none() {
                errors.push(FieldError::code(Field::District, FieldErrorCode::Unknown));
            } else if !areas.is_valid_path(district, street, None) {
                errors.push(FieldError::code(Field::Street, FieldErrorCode::Unknown));
            } else if !areas.is_valid_path(district, street, community) {
                errors.push(FieldError::code(Field::Community, FieldErrorCode::Unknown));
            }
        } else if loc.street.is_some() || loc.community.is_some() {
            errors.push(FieldError::required(Field::District));
        }
        errors
    }

    /// The form the office keeps: surrounding whitespace removed, text in
    /// NFC, coordinates rounded. A replay is compared in this form, so a
    /// stray trailing space, or an accent typed as two characters, is not a
    /// conflict. The phone sends this form and the server applies it again.
    pub fn normalized(mut self) -> Self {
        let normal = |s: &mut String| *s = normalize_text(s);
        normal(&mut self.title);
        normal(&mut self.body);
        normal(&mut self.category);
        normal(&mut self.location.address);
        if let Some(c) = self.location.coordinates {
            self.location.coordinates = Some(Coordinates::rounded(c.lat, c.lon));
        }
        if let Some(who) = &mut self.identity {
            normal(&mut who.name);
            normal(&mut who.phone);
            normal(&mut who.address);
        }
        self
    }
}

/// At most `PHOTOS_MAX` photos, each with a distinct id, a SHA-256 in
/// hex, an allowed type and a size within the limit.
pub fn check_photo_manifest(photos: &[crate::api::PhotoManifestEntry]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if photos.len() > PHOTOS_MAX {
        errors.push(FieldError::limit(
            Field::Photos,
            FieldErrorCode::TooLong,
            PHOTOS_MAX,
        ));
    }
    let well_formed = |p: &crate::api::PhotoManifestEntry| {
        p.sha256.len() == 64
            && p.sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            && PHOTO_MIME_TYPES.contains(&p.mime.as_str())
            && (1..=PHOTO_MAX_BYTES).contains(&p.bytes)
    };
    let mut ids: Vec<_> = photos.iter().map(|p| p.id).collect();
    ids.sort();
    ids.dedup();
    if ids.len() != photos.len() || !photos.iter().all(well_formed) {
        errors.push(FieldError::code(
            Field::Photos,
            FieldErrorCode::InvalidCharacters,
        ));
    }
    errors
}
