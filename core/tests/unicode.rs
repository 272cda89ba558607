//! Unicode in what residents type (review L7): text kept in NFC, no
//! characters that make a line on the desk show something other than it
//! holds, and no letters buried under combining marks.

use letterbox_core::api::{FollowUp, Identity, Location, NewPetition};
use letterbox_core::draft::Draft;
use letterbox_core::lifecycle::{CaseAction, Invalid};
use letterbox_core::limits::COMBINING_MARKS_MAX;
use letterbox_core::validation::{is_clean_text, normalize_text, Field, FieldErrorCode};
use letterbox_core::PetitionKind;
use uuid::Uuid;

fn petition(title: &str, body: &str) -> NewPetition {
    NewPetition {
        id: Uuid::parse_str("019378a2-5b1c-7d3e-8f40-123456789abc").unwrap(),
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

fn refused_fields(p: &NewPetition) -> Vec<Field> {
    p.validate()
        .err()
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e.code == FieldErrorCode::InvalidCharacters)
        .map(|e| e.field)
        .collect()
}

const BODY: &str = "开发商与燃气公司合同纠纷，无法通气。";

#[test]
fn a_right_to_left_override_in_a_title_is_refused() {
    // Shows as "…gnp.exe" reversed: the classic spoof.
    let p = petition("小区燃气\u{202E}gpj.exe", BODY);
    assert_eq!(refused_fields(&p), vec![Field::Title]);
}

#[test]
fn every_bidirectional_override_and_isolate_is_refused_even_in_a_description() {
    for c in ('\u{202A}'..='\u{202E}').chain('\u{2066}'..='\u{2069}') {
        let body = format!("开发商与燃气公司{c}合同纠纷，无法通气。");
        let p = petition("小区燃气无法开通", &body);
        assert_eq!(refused_fields(&p), vec![Field::Body], "U+{:04X}", c as u32);
    }
}

#[test]
fn invisible_characters_are_refused_in_one_line_fields_and_kept_in_a_description() {
    for c in [
        '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{061C}', '\u{2060}',
        '\u{FEFF}',
    ] {
        let title = format!("小区{c}燃气无法开通");
        assert!(!is_clean_text(&title, false), "U+{:04X}", c as u32);
        assert_eq!(refused_fields(&petition(&title, BODY)), vec![Field::Title]);
        // A joiner inside an emoji family, a mark in mixed Arabic text.
        let body = format!("{BODY} 👨{c}👩");
        assert!(is_clean_text(&body, true), "U+{:04X}", c as u32);
    }
}

#[test]
fn a_zero_width_space_in_the_petitioners_name_or_address_is_refused() {
    let mut p = petition("小区燃气无法开通", BODY);
    p.identity = Some(Identity {
        name: "张\u{200B}三".into(),
        phone: "138 0013 8000".into(),
        address: "渝中区\u{2060}民族路 1 号".into(),
    });
    p.location.address = "民族路\u{FEFF} 1 号".into();
    let mut refused = refused_fields(&p);
    refused.sort_by_key(|f| format!("{f:?}"));
    assert_eq!(
        refused,
        vec![Field::Address, Field::HomeAddress, Field::Name]
    );
    // A phone number takes digits and a few signs only, so an invisible
    // mark there is simply not a phone number.
    p.identity.as_mut().unwrap().phone = "138\u{200E}00138000".into();
    let phone = p
        .validate()
        .unwrap_err()
        .into_iter()
        .find(|e| e.field == Field::Phone);
    assert_eq!(phone.map(|e| e.code), Some(FieldErrorCode::InvalidPhone));
}

#[test]
fn a_letter_may_carry_four_combining_marks_but_not_five() {
    let four = format!("e{}", "\u{0301}\u{0302}\u{0303}\u{0304}");
    assert_eq!(COMBINING_MARKS_MAX, 4);
    assert!(is_clean_text(&four, false));
    let five = format!("{four}\u{0305}");
    assert!(!is_clean_text(&five, false));
    let zalgo = format!("小区燃气无法开通{}", "\u{0336}".repeat(30));
    assert_eq!(refused_fields(&petition(&zalgo, BODY)), vec![Field::Title]);
}

#[test]
fn vietnamese_thai_hindi_and_tibetan_text_passes() {
    for text in [
        "Đường Nguyễn Trãi bị ngập nước",
        "ถนนหน้าบ้านน้ำท่วมขัง",
        "सड़क पर पानी भरा हुआ है",
        "བསྒྲུབས་པའི་ལམ་ཁ",
        "Zoë's café, naïve façade",
    ] {
        assert!(is_clean_text(text, false), "{text}");
    }
}

#[test]
fn an_accent_typed_as_two_characters_is_kept_composed() {
    let decomposed = "Cafe\u{0301} on Zhongshan Road";
    let p = petition(decomposed, BODY).normalized();
    assert_eq!(p.title, "Café on Zhongshan Road");
    assert_eq!(p.title.chars().count(), 22);
    // The same words typed either way are the same petition.
    assert_eq!(
        petition(decomposed, BODY).normalized(),
        petition("Café on Zhongshan Road", BODY).normalized()
    );
}

#[test]
fn compatibility_ideographs_become_the_unified_ones_the_office_searches_for() {
    // U+F900 is a compatibility form of 豈 (U+8C48); NFC maps it.
    assert_eq!(normalize_text(" \u{F900} "), "\u{8C48}");
}

#[test]
fn the_phone_queues_the_same_form_the_server_stores() {
    let mut draft = Draft::new(
        Uuid::parse_str("019378a2-5b1c-7d3e-8f40-123456789abc").unwrap(),
        1.0,
    );
    draft.kind = Some(PetitionKind::Suggestion);
    draft.title = "  Cafe\u{0301} 门口积水 ".into();
    draft.body = BODY.into();
    draft.category = Some("utilities".into());
    let queued = draft.to_petition().unwrap();
    assert_eq!(queued.title, "Café 门口积水");
    // The server normalises again on arrival: nothing changes.
    assert_eq!(queued.clone().normalized(), queued);
}

#[test]
fn a_supplement_with_an_override_is_refused_and_its_text_is_kept_composed() {
    let action = CaseAction::Supplement {
        text: "补充\u{202E}材料".into(),
        photos: 0,
    };
    assert_eq!(action.validate(""), Err(Invalid::SupplementText));
    let sent = FollowUp::Supplement {
        text: " Cafe\u{0301} ".into(),
        photos: Vec::new(),
    };
    let FollowUp::Supplement { text, .. } = sent.normalized() else {
        unreachable!()
    };
    assert_eq!(text, "Café");
}
