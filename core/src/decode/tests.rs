//! The decoders against serde's own, on every variant, in both key orders.

use serde_json::{json, Value};

use super::*;
use crate::api::{FollowUp, Location};
use crate::lifecycle::Satisfaction;
use crate::PetitionKind;

fn every_action() -> Vec<CaseAction> {
    let rating = Rating {
        satisfaction: Satisfaction::BasicallySatisfied,
        timeliness: Some(5),
        attitude: None,
        result: Some(4),
        comment: "处理及时".into(),
    };
    vec![
        CaseAction::Receive,
        CaseAction::AttachmentsComplete,
        CaseAction::Register,
        CaseAction::Assign {
            departments: vec!["housing".into(), "utilities".into()],
        },
        CaseAction::Transfer {
            departments: vec!["police".into()],
        },
        CaseAction::Accept,
        CaseAction::NotAccept {
            channel: Channel::Litigation,
        },
        CaseAction::Extend { days: 30 },
        CaseAction::Reply {
            outcome: Outcome::Supports,
        },
        CaseAction::Close,
        CaseAction::Withdraw,
        CaseAction::RequestReview,
        CaseAction::AnswerReview {
            outcome: Outcome::Explains,
        },
        CaseAction::RequestRecheck,
        CaseAction::AnswerRecheck {
            outcome: Outcome::DoesNotSupport,
        },
        CaseAction::Supplement {
            text: "补充材料".into(),
            photos: 2,
        },
        CaseAction::Rate {
            answer_seq: 7,
            rating,
        },
    ]
}

/// `item` read back by `decode` from serde's JSON: in serde's key order,
/// sorted, and sorted backwards (the tag first, last, or in between).
fn reads_back<T>(item: &T, decode: impl Fn(&str) -> Result<T, serde_json::Error>)
where
    T: serde::Serialize + PartialEq + std::fmt::Debug,
{
    let value = serde_json::to_value(item).unwrap();
    for text in [
        serde_json::to_string(item).unwrap(),
        value.to_string(),
        reversed(&value),
    ] {
        assert_eq!(&decode(&text).unwrap(), item, "{text}");
    }
}

/// The same object with its keys in reverse order.
fn reversed(value: &Value) -> String {
    let map = value.as_object().expect("an object");
    let fields: Vec<String> = map
        .iter()
        .rev()
        .map(|(k, v)| format!("{}:{}", Value::from(k.as_str()), v))
        .collect();
    format!("{{{}}}", fields.join(","))
}

#[test]
fn every_case_action_reads_back_as_serde_wrote_it_whatever_the_key_order() {
    let actions = every_action();
    assert_eq!(actions.len(), CASE_ACTIONS.len(), "one of each action");
    for action in actions {
        reads_back(&action, |t| {
            case_action(&mut serde_json::Deserializer::from_str(t))
        });
        // And what serde's own decoding makes of it, the same.
        reads_back(&action, |t| serde_json::from_str::<CaseAction>(t));
    }
}

#[test]
fn a_case_action_missing_a_field_or_of_an_unknown_type_is_refused() {
    let missing = case_action(&json!({"type": "extend"})).unwrap_err();
    assert!(
        missing.to_string().contains("missing field `days`"),
        "{missing}"
    );
    let unknown = case_action(&json!({"type": "vanish"})).unwrap_err();
    assert!(
        unknown.to_string().contains("unknown variant `vanish`"),
        "{unknown}"
    );
    let untagged = case_action(&json!({"days": 3})).unwrap_err();
    assert!(
        untagged.to_string().contains("missing field `type`"),
        "{untagged}"
    );
}

fn record(mutation: Mutation, last_error: Option<SendFailure>) -> OutboxRecord {
    OutboxRecord {
        id: Uuid::from_u128(0x01a2_2000_0000_7000_8000_0000_0000_0001),
        mutation,
        state: OutboxState::Waiting,
        attempts: 2,
        queued_at_ms: 1_000.0,
        next_attempt_at_ms: 3_000.5,
        last_error,
    }
}

fn every_record() -> Vec<OutboxRecord> {
    let petition = NewPetition {
        id: Uuid::from_u128(1),
        kind: PetitionKind::Suggestion,
        title: "公交站".into(),
        body: "希望在小区门口增设公交站。".into(),
        category: "transport".into(),
        location: Location::default(),
        people_affected: None,
        identity: None,
        photos: vec![],
    };
    let follow_up = QueuedFollowUp {
        petition_id: Uuid::from_u128(2),
        case_title: "燃气".into(),
        request: FollowUp::RequestReview {
            reason: "答复未解决问题".into(),
            requested_at: Some("2026-11-28T09:30:00Z".into()),
        },
    };
    let response: QueuedResponse = serde_json::from_value(json!({
        "slug": "bus-2026",
        "title": {"zh": "公交线路", "en": "Bus routes"},
        "response": {
            "id": "01a22000-0000-7000-8000-000000000009",
            "answered_at": "2026-11-28T09:30:00Z",
            "answers": [{"question": "q1", "value": {"type": "choice", "option": "a"}}],
        },
    }))
    .unwrap();
    let failures = [
        None,
        Some(SendFailure::NoConnection),
        Some(SendFailure::Server { status: 503 }),
        Some(SendFailure::Unreadable),
        Some(SendFailure::Refused {
            status: 422,
            problem: Some("https://letterbox.example/problems/invalid".into()),
            detail: "标题太长".into(),
            answer_errors: vec![],
        }),
        Some(SendFailure::Refused {
            status: 409,
            problem: None,
            detail: "已关闭".into(),
            answer_errors: vec![],
        }),
    ];
    let mut out = vec![];
    for failure in failures {
        out.push(record(
            Mutation::Petition(Box::new(petition.clone())),
            failure.clone(),
        ));
        out.push(record(
            Mutation::FollowUp(follow_up.clone()),
            failure.clone(),
        ));
        out.push(record(
            Mutation::CampaignResponse(Box::new(response.clone())),
            failure,
        ));
    }
    out
}

#[test]
fn every_outbox_record_reads_back_as_serde_wrote_it_whatever_the_key_order() {
    for record in every_record() {
        reads_back(&record, |t| serde_json::from_str::<OutboxRecord>(t));
    }
}

#[test]
fn an_outbox_record_needs_exactly_one_mutation() {
    let value = serde_json::to_value(&every_record()[0]).unwrap();
    let mut none = value.clone();
    none.as_object_mut().unwrap().remove("petition");
    let err = serde_json::from_value::<OutboxRecord>(none).unwrap_err();
    assert!(err.to_string().contains("without petition"), "{err}");
    let mut two = value;
    two.as_object_mut().unwrap().insert(
        "follow_up".into(),
        serde_json::to_value(match &every_record()[1].mutation {
            Mutation::FollowUp(f) => f.clone(),
            _ => unreachable!(),
        })
        .unwrap(),
    );
    let err = serde_json::from_value::<OutboxRecord>(two).unwrap_err();
    assert!(err.to_string().contains("more than one"), "{err}");
}

#[test]
fn every_follow_up_reads_back_as_serde_wrote_it_whatever_the_key_order() {
    let photo: PhotoManifestEntry = serde_json::from_value(json!({
        "id": "01a22000-0000-7000-8000-000000000003",
        "sha256": "a".repeat(64),
        "bytes": 1000,
        "mime": "image/jpeg",
    }))
    .unwrap();
    let rating = every_action()
        .into_iter()
        .find_map(|a| match a {
            CaseAction::Rate { rating, .. } => Some(rating),
            _ => None,
        })
        .unwrap();
    let all = [
        FollowUp::Withdraw {
            reason: String::new(),
        },
        FollowUp::Withdraw {
            reason: "已解决".into(),
        },
        FollowUp::RequestReview {
            reason: "不服".into(),
            requested_at: None,
        },
        FollowUp::RequestRecheck {
            reason: "仍不服".into(),
            requested_at: Some("2026-11-28T09:30:00Z".into()),
        },
        FollowUp::Rate {
            answer_seq: 4,
            rating,
        },
        FollowUp::Supplement {
            text: "补充".into(),
            photos: vec![],
        },
        FollowUp::Supplement {
            text: "照片".into(),
            photos: vec![photo],
        },
    ];
    for request in all {
        reads_back(&request, |t| {
            follow_up(&mut serde_json::Deserializer::from_str(t))
        });
    }
    let err = follow_up(&json!({"type": "rate", "answer_seq": 1})).unwrap_err();
    assert!(err.to_string().contains("missing field `rating`"), "{err}");
}

#[test]
fn every_answer_value_and_question_reads_back_as_serde_wrote_it_whatever_the_key_order() {
    let values: Vec<AnswerValue> = serde_json::from_value(json!([
        {"type": "choice", "option": "a"},
        {"type": "choices", "options": ["a", "c"]},
        {"type": "scale", "value": 4},
        {"type": "text", "text": "多设几个站"},
        {"type": "text", "text": "", "photos": [{
            "id": "01a22000-0000-7000-8000-000000000004",
            "sha256": "b".repeat(64), "bytes": 2000, "mime": "image/webp"}]},
    ]))
    .unwrap();
    for v in values {
        reads_back(&v, |t| {
            answer_value(&mut serde_json::Deserializer::from_str(t))
        });
    }
    let words = |zh: &str| json!({"zh": zh, "en": "x"});
    let questions: Vec<Question> = serde_json::from_value(json!([
        {"id": "q1", "prompt": words("哪条线路"), "required": true, "type": "single_choice",
         "options": [{"id": "a", "label": words("一路")}, {"id": "b", "label": words("二路")}]},
        {"id": "q2", "prompt": words("多选"), "type": "multiple_choice",
         "options": [{"id": "a", "label": words("早")}], "max_picks": 1},
        {"id": "q3", "prompt": words("满意吗"), "type": "scale",
         "low": words("不满意"), "high": words("满意")},
        {"id": "q4", "prompt": words("电话"), "contact": true, "type": "short_text", "max_chars": 40},
        {"id": "q5", "prompt": words("建议"), "type": "long_text", "max_chars": 2000, "photos": 3},
        {"id": "q6", "prompt": words("其他"), "type": "long_text", "max_chars": 500},
    ]))
    .unwrap();
    assert_eq!(questions.len(), QUESTION_KINDS.len() + 1);
    for q in questions {
        reads_back(&q, |t| question(&mut serde_json::Deserializer::from_str(t)));
    }
    let err =
        question(&json!({"id": "q", "prompt": words("?"), "type": "scale", "low": words("低")}))
            .unwrap_err();
    assert!(err.to_string().contains("missing field `high`"), "{err}");
    let err = answer_value(&json!({"type": "stars", "value": 3})).unwrap_err();
    assert!(err.to_string().contains("unknown variant `stars`"), "{err}");
}

#[test]
fn a_send_failure_of_an_unknown_reason_or_missing_its_status_is_refused() {
    let err = serde_json::from_value::<SendFailure>(json!({"reason": "server"})).unwrap_err();
    assert!(err.to_string().contains("missing field `status`"), "{err}");
    let err = serde_json::from_value::<SendFailure>(json!({"reason": "gone"})).unwrap_err();
    assert!(err.to_string().contains("unknown variant `gone`"), "{err}");
}
