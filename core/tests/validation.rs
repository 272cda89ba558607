//! What a resident wrote, checked field by field as the app checks it
//! while typing and the server again on arrival.

use letterbox_core::api::{Coordinates, Identity, Location, NewPetition, PhotoManifestEntry};
use letterbox_core::catalogue::{Area, AreaLevel, Areas, Bilingual, Categories, Category};
use letterbox_core::limits::{
    BODY_MAX_CHARS, BODY_MIN_CHARS, PEOPLE_AFFECTED_MAX, PHOTOS_MAX, PHOTO_MAX_BYTES,
    TITLE_MAX_CHARS, TITLE_MIN_CHARS,
};
use letterbox_core::validation::{
    check_body, check_phone, check_title, Field, FieldError, FieldErrorCode,
};
use letterbox_core::PetitionKind;
use uuid::Uuid;

/// The one fixture: a valid petition of `kind`, anonymous and placeless.
fn petition(kind: PetitionKind) -> NewPetition {
    NewPetition {
        // A fixed UUIDv7 (version nibble 7, RFC 4122 variant).
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

fn suggestion(title: &str, body: &str) -> NewPetition {
    NewPetition {
        title: title.into(),
        body: body.into(),
        ..petition(PetitionKind::Suggestion)
    }
}

fn errors(p: &NewPetition) -> Vec<(Field, FieldErrorCode, Option<u32>)> {
    match p.validate() {
        Ok(()) => vec![],
        Err(e) => e.into_iter().map(|e| (e.field, e.code, e.limit)).collect(),
    }
}

fn fields(p: &NewPetition) -> Vec<(Field, FieldErrorCode)> {
    errors(p).into_iter().map(|(f, c, _)| (f, c)).collect()
}

fn name(s: &str) -> Bilingual {
    Bilingual {
        zh: s.into(),
        en: s.into(),
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
fn accepts_a_chinese_petition_at_exact_limits() {
    let title = "燃".repeat(TITLE_MAX_CHARS);
    let body = "气".repeat(BODY_MAX_CHARS);
    assert_eq!(errors(&suggestion(&title, &body)), vec![]);
    let title = "燃气".repeat(TITLE_MIN_CHARS / 2);
    assert_eq!(errors(&suggestion(&title, &"无法通气".repeat(3))), vec![]);
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
    let mut p = suggestion("  ", "short");
    p.id = Uuid::parse_str("9b2c6f1e-3d4a-4b5c-8d6e-7f8091a2b3c4").unwrap();
    assert_eq!(
        errors(&p),
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
fn field_errors_serialise_with_wire_names_and_json_paths() {
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
    let e = FieldError::code(Field::Phone, FieldErrorCode::InvalidPhone);
    assert_eq!(
        serde_json::to_string(&e).unwrap(),
        r#"{"field":"identity.phone","code":"invalid_phone"}"#
    );
}

#[test]
fn a_suggestion_may_be_anonymous_and_placeless() {
    assert_eq!(fields(&petition(PetitionKind::Suggestion)), vec![]);
}

#[test]
fn a_complaint_needs_name_phone_address_and_district() {
    assert_eq!(
        fields(&petition(PetitionKind::Complaint)),
        vec![
            (Field::District, FieldErrorCode::Required),
            (Field::Name, FieldErrorCode::Required),
            (Field::Phone, FieldErrorCode::Required),
            (Field::HomeAddress, FieldErrorCode::Required),
        ]
    );
    let mut p = petition(PetitionKind::Complaint);
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
    let mut p = petition(PetitionKind::Report);
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
    let mut p = petition(PetitionKind::Suggestion);
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
    let mut p = petition(PetitionKind::Report);
    p.location.district = Some("500103".into());
    p.location.street = Some("500103002".into());
    assert_eq!(p.check_catalogue(&categories, &areas), vec![]);
    p.category = "weather".into();
    p.location.street = Some("500105001".into());
    let unknown = |p: &NewPetition| -> Vec<Field> {
        p.check_catalogue(&categories, &areas)
            .iter()
            .map(|e| e.field)
            .collect()
    };
    assert_eq!(unknown(&p), vec![Field::Category, Field::Street]);
    p.location.district = None;
    assert_eq!(unknown(&p), vec![Field::Category, Field::District]);
}

#[test]
fn the_normalised_form_trims_and_rounds_for_replay_comparison() {
    let mut p = suggestion("  燃气无法开通 ", "\n小区燃气因合同纠纷无法开通。\n");
    p.location.coordinates = Some(Coordinates {
        lat: 29.563_456,
        lon: 106.551_234,
    });
    p.identity = Some(Identity {
        name: " 张三 ".into(),
        phone: "138 0013 8000 ".into(),
        address: String::new(),
    });
    let n = p.normalized();
    assert_eq!(n.title, "燃气无法开通");
    assert_eq!(n.body, "小区燃气因合同纠纷无法开通。");
    assert_eq!(
        n.location.coordinates.map(|c| (c.lat, c.lon)),
        Some((29.5635, 106.5512))
    );
    assert_eq!(n.identity.unwrap().name, "张三");
}

#[test]
fn a_photo_manifest_is_checked_entry_by_entry() {
    let with_photos = |photos: Vec<PhotoManifestEntry>| NewPetition {
        photos,
        ..petition(PetitionKind::Suggestion)
    };
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
