//! Checks on what a resident wrote. The app runs them as the resident types
//! (to show an error next to the field) and the server runs them again on
//! arrival (to answer 422 with the same field errors).

use serde::{Deserialize, Serialize};

use crate::api::{Coordinates, NewPetition};
use crate::catalogue::{Areas, Categories};
use crate::limits::{
    ADDRESS_MAX_CHARS, BODY_MAX_CHARS, BODY_MIN_CHARS, CODE_MAX_CHARS, NAME_MAX_CHARS,
    PEOPLE_AFFECTED_MAX, PEOPLE_AFFECTED_MIN, PHONE_MAX_DIGITS, PHONE_MIN_DIGITS, PHOTOS_MAX,
    PHOTO_MAX_BYTES, PHOTO_MIME_TYPES, TITLE_MAX_CHARS, TITLE_MIN_CHARS,
};
use crate::PetitionKind;

/// Which field is wrong. The names are the request's JSON paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
pub enum FieldErrorCode {
    Required,
    TooShort,
    TooLong,
    /// Control characters, or a line break in a one-line field.
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
        return Some(FieldError::new(
            Field::Phone,
            FieldErrorCode::Required,
            None,
        ));
    }
    let allowed = |(i, c): (usize, char)| {
        c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')') || (i == 0 && c == '+')
    };
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    if !phone.chars().enumerate().all(allowed)
        || !(PHONE_MIN_DIGITS..=PHONE_MAX_DIGITS).contains(&digits)
    {
        return Some(FieldError::new(
            Field::Phone,
            FieldErrorCode::InvalidPhone,
            None,
        ));
    }
    None
}

fn check_code(field: Field, code: &str) -> Option<FieldError> {
    let ok = !code.is_empty()
        && code.len() <= CODE_MAX_CHARS
        && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    (!ok).then(|| FieldError::new(field, FieldErrorCode::Unknown, None))
}

impl PetitionKind {
    /// Art. 19: a complaint about one's own matter needs a real name, a
    /// phone number and an address. The others may be anonymous.
    pub fn requires_identity(self) -> bool {
        self == PetitionKind::Complaint
    }

    /// A report or a complaint concerns a place; a suggestion may concern
    /// the whole city.
    pub fn requires_district(self) -> bool {
        self != PetitionKind::Suggestion
    }
}

impl NewPetition {
    /// Every problem at once, so the resident can fix them in one pass.
    /// Codes are checked for shape only; `check_catalogue` checks that the
    /// office knows them.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.id.get_version_num() != 7 {
            errors.push(FieldError::new(Field::Id, FieldErrorCode::InvalidId, None));
        }
        errors.extend(check_title(&self.title));
        errors.extend(check_body(&self.body));
        if self.category.trim().is_empty() {
            errors.push(FieldError::new(
                Field::Category,
                FieldErrorCode::Required,
                None,
            ));
        } else {
            errors.extend(check_code(Field::Category, &self.category));
        }
        errors.extend(self.location_errors());
        if let Some(n) = self.people_affected {
            if n < PEOPLE_AFFECTED_MIN {
                let min = PEOPLE_AFFECTED_MIN as usize;
                errors.push(FieldError::new(
                    Field::PeopleAffected,
                    FieldErrorCode::OutOfRange,
                    Some(min),
                ));
            } else if n > PEOPLE_AFFECTED_MAX {
                let max = PEOPLE_AFFECTED_MAX as usize;
                errors.push(FieldError::new(
                    Field::PeopleAffected,
                    FieldErrorCode::OutOfRange,
                    Some(max),
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
            None if self.kind.requires_district() => errors.push(FieldError::new(
                Field::District,
                FieldErrorCode::Required,
                None,
            )),
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
            errors.push(FieldError::new(
                Field::Coordinates,
                FieldErrorCode::OutOfRange,
                None,
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
                    errors.push(FieldError::new(field, FieldErrorCode::Required, None));
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
            errors.push(FieldError::new(
                Field::Category,
                FieldErrorCode::Unknown,
                None,
            ));
        }
        let loc = &self.location;
        if let Some(district) = &loc.district {
            let street = loc.street.as_deref();
            let community = loc.community.as_deref();
            if areas.district(district).is_none() {
                errors.push(FieldError::new(
                    Field::District,
                    FieldErrorCode::Unknown,
                    None,
                ));
            } else if !areas.is_valid_path(district, street, None) {
                errors.push(FieldError::new(
                    Field::Street,
                    FieldErrorCode::Unknown,
                    None,
                ));
            } else if !areas.is_valid_path(district, street, community) {
                errors.push(FieldError::new(
                    Field::Community,
                    FieldErrorCode::Unknown,
                    None,
                ));
            }
        } else if loc.street.is_some() || loc.community.is_some() {
            errors.push(FieldError::new(
                Field::District,
                FieldErrorCode::Required,
                None,
            ));
        }
        errors
    }

    /// The form the office keeps: surrounding whitespace removed, coordinates
    /// rounded. A replay is compared in this form, so a stray trailing space
    /// is not a conflict.
    pub fn normalized(mut self) -> Self {
        let trim = |s: &mut String| *s = s.trim().to_owned();
        trim(&mut self.title);
        trim(&mut self.body);
        trim(&mut self.category);
        trim(&mut self.location.address);
        if let Some(c) = self.location.coordinates {
            self.location.coordinates = Some(Coordinates::rounded(c.lat, c.lon));
        }
        if let Some(who) = &mut self.identity {
            trim(&mut who.name);
            trim(&mut who.phone);
            trim(&mut who.address);
        }
        self
    }
}

/// At most `PHOTOS_MAX` photos, each with a distinct id, a SHA-256 in
/// hex, an allowed type and a size within the limit.
pub fn check_photo_manifest(photos: &[crate::api::PhotoManifestEntry]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if photos.len() > PHOTOS_MAX {
        errors.push(FieldError::new(
            Field::Photos,
            FieldErrorCode::TooLong,
            Some(PHOTOS_MAX),
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
        errors.push(FieldError::new(
            Field::Photos,
            FieldErrorCode::InvalidCharacters,
            None,
        ));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Location;
    use crate::PetitionKind;
    use uuid::Uuid;

    fn v7() -> Uuid {
        // A fixed UUIDv7 (version nibble 7, RFC 4122 variant).
        Uuid::parse_str("019378a2-5b1c-7d3e-8f40-123456789abc").unwrap()
    }

    fn petition(title: &str, body: &str) -> NewPetition {
        NewPetition {
            id: v7(),
            kind: PetitionKind::Suggestion,
            title: title.into(),
            body: body.into(),
            category: "utilities".into(),
            location: Location::default(),
            people_affected: None,
            identity: None,
            photos: Vec::new(),
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

#[cfg(test)]
mod kind_tests {
    use super::*;
    use crate::api::{Identity, Location};
    use crate::catalogue::{Area, AreaLevel, Bilingual, Category};
    use uuid::Uuid;

    fn base(kind: PetitionKind) -> NewPetition {
        NewPetition {
            id: Uuid::parse_str("019378a2-5b1c-7d3e-8f40-123456789abc").unwrap(),
            kind,
            title: "小区燃气无法开通".into(),
            body: "开发商与燃气公司合同纠纷，无法通气。".into(),
            category: "utilities".into(),
            location: Location::default(),
            people_affected: None,
            identity: None,
            photos: Vec::new(),
        }
    }

    fn fields(p: &NewPetition) -> Vec<(Field, FieldErrorCode)> {
        p.validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    fn name(s: &str) -> Bilingual {
        Bilingual {
            zh: s.into(),
            en: s.into(),
        }
    }

    #[test]
    fn a_suggestion_may_be_anonymous_and_placeless() {
        assert_eq!(fields(&base(PetitionKind::Suggestion)), vec![]);
    }

    #[test]
    fn a_complaint_needs_name_phone_address_and_district() {
        assert_eq!(
            fields(&base(PetitionKind::Complaint)),
            vec![
                (Field::District, FieldErrorCode::Required),
                (Field::Name, FieldErrorCode::Required),
                (Field::Phone, FieldErrorCode::Required),
                (Field::HomeAddress, FieldErrorCode::Required),
            ]
        );
        let mut p = base(PetitionKind::Complaint);
        p.location.district = Some("500103".into());
        p.identity = Some(Identity {
            name: "张三".into(),
            phone: "023-6388 1234".into(),
            address: "".into(),
        });
        assert_eq!(
            fields(&p),
            vec![(Field::HomeAddress, FieldErrorCode::Required)]
        );
        p.identity.as_mut().unwrap().address = "渝中区民族路 1 号".into();
        assert_eq!(fields(&p), vec![]);
    }

    #[test]
    fn a_report_needs_a_district_but_not_a_name() {
        let mut p = base(PetitionKind::Report);
        assert_eq!(
            fields(&p),
            vec![(Field::District, FieldErrorCode::Required)]
        );
        p.location.district = Some("500105".into());
        assert_eq!(fields(&p), vec![]);
    }

    #[test]
    fn phone_numbers_as_people_write_them() {
        for ok in [
            "13800138000",
            "138 0013 8000",
            "023-63881234",
            "(023) 6388 1234",
            "+86 138 0013 8000",
        ] {
            assert_eq!(check_phone(ok), None, "{ok}");
        }
        for bad in [
            "12345",
            "phone",
            "138-0013-800a",
            "1380013800012345678",
            "86+13800138000",
        ] {
            assert_eq!(
                check_phone(bad).map(|e| e.code),
                Some(FieldErrorCode::InvalidPhone),
                "{bad}"
            );
        }
    }

    #[test]
    fn people_affected_is_a_group_count() {
        let mut p = base(PetitionKind::Suggestion);
        p.people_affected = Some(1);
        assert_eq!(
            fields(&p),
            vec![(Field::PeopleAffected, FieldErrorCode::OutOfRange)]
        );
        p.people_affected = Some(PEOPLE_AFFECTED_MAX + 1);
        assert_eq!(
            fields(&p),
            vec![(Field::PeopleAffected, FieldErrorCode::OutOfRange)]
        );
        p.people_affected = Some(120);
        assert_eq!(fields(&p), vec![]);
    }

    #[test]
    fn codes_are_checked_against_the_catalogue() {
        let categories = Categories {
            categories: vec![Category {
                code: "utilities".into(),
                name: name("水电气"),
                description: name(""),
            }],
            departments: Vec::new(),
        };
        let areas = Areas {
            areas: vec![Area {
                code: "500103".into(),
                name: name("渝中区"),
                level: AreaLevel::District,
                children: vec![Area {
                    code: "500103002".into(),
                    name: name("解放碑街道"),
                    level: AreaLevel::Street,
                    children: vec![],
                }],
            }],
        };
        let mut p = base(PetitionKind::Report);
        p.location.district = Some("500103".into());
        p.location.street = Some("500103002".into());
        assert_eq!(p.check_catalogue(&categories, &areas), vec![]);
        p.category = "weather".into();
        p.location.street = Some("500105001".into());
        let codes: Vec<_> = p
            .check_catalogue(&categories, &areas)
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(codes, vec![Field::Category, Field::Street]);
        p.location.district = None;
        let codes: Vec<_> = p
            .check_catalogue(&categories, &areas)
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(codes, vec![Field::Category, Field::District]);
    }

    #[test]
    fn field_paths_serialise_as_json_paths() {
        let e = FieldError::new(Field::Phone, FieldErrorCode::InvalidPhone, None);
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"field":"identity.phone","code":"invalid_phone"}"#
        );
    }

    #[test]
    fn normalised_form_trims_and_rounds() {
        let mut p = base(PetitionKind::Suggestion);
        p.location.coordinates = Some(crate::api::Coordinates {
            lat: 29.563_456,
            lon: 106.551_234,
        });
        p.identity = Some(Identity {
            name: " 张三 ".into(),
            phone: "138 0013 8000 ".into(),
            address: String::new(),
        });
        let n = p.normalized();
        assert_eq!(
            n.location.coordinates.map(|c| (c.lat, c.lon)),
            Some((29.5635, 106.5512))
        );
        assert_eq!(n.identity.unwrap().name, "张三");
    }
}

#[cfg(test)]
mod photo_tests {
    use super::*;
    use crate::api::{Location, PhotoManifestEntry};
    use uuid::Uuid;

    fn with_photos(photos: Vec<PhotoManifestEntry>) -> NewPetition {
        NewPetition {
            id: Uuid::parse_str("019378a2-5b1c-7d3e-8f40-123456789abc").unwrap(),
            kind: PetitionKind::Suggestion,
            title: "路面破损".into(),
            body: "人行道路面破损，老人容易摔倒。".into(),
            category: "transport".into(),
            location: Location::default(),
            people_affected: None,
            identity: None,
            photos,
        }
    }

    fn photo(n: u128) -> PhotoManifestEntry {
        PhotoManifestEntry {
            id: Uuid::from_u128(n),
            sha256: "ab".repeat(32),
            bytes: 1000,
            mime: "image/webp".into(),
        }
    }

    #[test]
    fn a_manifest_is_checked_entry_by_entry() {
        assert_eq!(with_photos(vec![photo(1), photo(2)]).validate(), Ok(()));
        let too_many = with_photos((0..=PHOTOS_MAX as u128).map(photo).collect());
        assert!(too_many.validate().is_err());
        for bad in [
            PhotoManifestEntry {
                sha256: "AB".repeat(32),
                ..photo(1)
            },
            PhotoManifestEntry {
                sha256: "ab".into(),
                ..photo(1)
            },
            PhotoManifestEntry {
                mime: "image/gif".into(),
                ..photo(1)
            },
            PhotoManifestEntry {
                bytes: PHOTO_MAX_BYTES + 1,
                ..photo(1)
            },
            PhotoManifestEntry {
                bytes: 0,
                ..photo(1)
            },
        ] {
            let errors = with_photos(vec![bad.clone()]).validate().unwrap_err();
            assert_eq!(errors[0].field, Field::Photos, "{bad:?}");
        }
        assert!(
            with_photos(vec![photo(1), photo(1)]).validate().is_err(),
            "duplicate id"
        );
    }
}
