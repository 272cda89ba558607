//! The two questions of the state machine, asked apart: *may* this actor
//! take this kind of action now (role, department, stage, window), and
//! *is* this input valid. What the app and the desk offer comes from the
//! first alone, with no sample input.

use letterbox_core::api::FollowUp;
use letterbox_core::calendar::{Calendar, Date};
use letterbox_core::case::CaseRecord;
use letterbox_core::lifecycle::{
    ActionKind, Actor, Appeal, CaseAction, Invalid, Outcome, Progress, Rating, Refusal,
    ResidentOptions, Role, Satisfaction, Window,
};
use letterbox_core::problem::ProblemKind;
use letterbox_core::CaseStatus as S;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn cn() -> &'static Calendar {
    Calendar::china()
}

fn handler(department: &str) -> Actor {
    Actor {
        role: Role::Handler,
        department: Some(department.into()),
    }
}

fn staff(role: Role) -> Actor {
    Actor {
        role,
        department: None,
    }
}

/// Replied on 1 November (Beijing) as answer number 7, by housing.
fn replied() -> Progress {
    let mut p = Progress::new("2026-10-01T02:00:00Z", S::Replied);
    p.departments = vec!["housing".into()];
    p.replied_at = Some("2026-11-01T02:00:00Z".into());
    p.last_answer_seq = Some(7);
    p
}

#[test]
fn may_answers_without_any_input_and_check_adds_the_input() {
    let today = d("2026-11-28");
    let mut p = Progress::new("2026-11-20T02:00:00Z", S::Handling);
    p.departments = vec!["housing".into()];
    p.accepted_at = Some("2026-11-20T02:00:00Z".into());
    let sup = staff(Role::Supervisor);
    // May a supervisor extend? Yes, whatever the days and the reason.
    assert_eq!(
        p.may(ActionKind::Extend, &sup, today, cn()),
        Ok(S::Handling)
    );
    // The input is a separate question, answered without the case.
    assert_eq!(
        CaseAction::Extend { days: 31 }.validate("复杂"),
        Err(Invalid::ExtensionDays)
    );
    assert_eq!(
        CaseAction::Extend { days: 30 }.validate(" "),
        Err(Invalid::NoteMissing)
    );
    assert_eq!(CaseAction::Extend { days: 30 }.validate("复杂"), Ok(()));
    // check asks both.
    assert_eq!(
        p.check(&CaseAction::Extend { days: 31 }, &sup, "复杂", today, cn()),
        Err(Refusal::Invalid(Invalid::ExtensionDays))
    );
    assert_eq!(
        p.check(&CaseAction::Extend { days: 30 }, &sup, "复杂", today, cn()),
        Ok(S::Handling)
    );
    // Who may not, may not, whatever the input.
    let refused = p.may(ActionKind::Extend, &handler("housing"), today, cn());
    assert_eq!(
        refused,
        Err(Refusal::NotPermitted {
            action: ActionKind::Extend,
            role: Role::Handler
        })
    );
    assert_eq!(refused.unwrap_err().problem_kind(), ProblemKind::Forbidden);
    assert_eq!(
        p.may(ActionKind::Reply, &handler("water"), today, cn()),
        Err(Refusal::OtherDepartment)
    );
    assert_eq!(
        p.may(ActionKind::Register, &staff(Role::Clerk), today, cn())
            .unwrap_err()
            .problem_kind(),
        ProblemKind::CaseState
    );
}

#[test]
fn input_is_judged_on_its_own() {
    let many: Vec<String> = (0..6).map(|n| format!("d{n}")).collect();
    let cases = [
        (
            CaseAction::Assign {
                departments: many.clone(),
            },
            Err(Invalid::DepartmentCount),
        ),
        (
            CaseAction::Transfer {
                departments: vec!["water".into(), "water".into()],
            },
            Err(Invalid::DepartmentCodes),
        ),
        (
            CaseAction::Supplement {
                text: "  ".into(),
                photos: 0,
            },
            Err(Invalid::SupplementText),
        ),
        (
            CaseAction::Rate {
                answer_seq: 7,
                rating: Rating {
                    satisfaction: Satisfaction::Satisfied,
                    timeliness: Some(0),
                    attitude: None,
                    result: None,
                    comment: String::new(),
                },
            },
            Err(Invalid::Scores),
        ),
        (
            CaseAction::Reply {
                outcome: Outcome::Supports,
            },
            Err(Invalid::NoteMissing),
        ),
        (CaseAction::Close, Ok(())),
    ];
    for (action, expected) in cases {
        assert_eq!(action.validate(""), expected, "{action:?}");
    }
    assert_eq!(
        CaseAction::Close.validate(&"字".repeat(5_000)),
        Err(Invalid::NoteTooLong)
    );
}

#[test]
fn the_desk_offers_what_may_be_done_with_no_sample_department() {
    let today = d("2026-11-28");
    let mut p = Progress::new("2026-11-20T02:00:00Z", S::Assigned);
    p.departments = vec!["housing".into()];
    p.assigned_at = Some("2026-11-20T02:00:00Z".into());
    assert_eq!(
        p.staff_options(&handler("housing"), today, cn()),
        [
            ActionKind::Transfer,
            ActionKind::Accept,
            ActionKind::NotAccept
        ]
    );
    assert!(p.staff_options(&handler("water"), today, cn()).is_empty());
    assert_eq!(
        p.staff_options(&staff(Role::Clerk), today, cn()),
        [ActionKind::Transfer]
    );
    // After the 60 days no extension is offered (Art. 34).
    p.status = S::Handling;
    p.accepted_at = Some("2026-08-02T02:00:00Z".into());
    assert_eq!(
        p.staff_options(&staff(Role::Supervisor), today, cn()),
        [ActionKind::Reply]
    );
    assert!(p.staff_options(&Actor::resident(), today, cn()).is_empty());
}

#[test]
fn the_resident_is_offered_rating_review_and_nothing_past_a_reply() {
    let p = replied();
    let options = p.resident_options(d("2026-11-28"), cn());
    assert_eq!(
        options,
        ResidentOptions {
            rate: Some(7),
            review: Some(Window::Open {
                until: d("2026-12-01")
            }),
            recheck: None,
            withdraw: false,
            supplement: false,
        }
    );
    // After the 30 days of Art. 35 the window is shown as ended, with its day.
    let late = p.resident_options(d("2026-12-02"), cn());
    assert_eq!(
        late.appeal(Appeal::Review),
        Some(Window::Closed {
            on: d("2026-12-01")
        })
    );
    // Rated once: not offered again.
    let mut rated = p.clone();
    rated.rated.push(7);
    assert_eq!(rated.resident_options(d("2026-11-28"), cn()).rate, None);
}

#[test]
fn an_open_case_may_be_withdrawn_or_added_to() {
    let p = Progress::new("2026-11-20T02:00:00Z", S::Registered);
    let options = p.resident_options(d("2026-11-28"), cn());
    assert!(options.withdraw && options.supplement);
    assert_eq!((options.rate, options.review), (None, None));
    assert!(!options.is_empty());
}

#[test]
fn a_request_waiting_on_the_phone_is_not_offered_twice_and_a_followed_case_offers_nothing() {
    let receipt = letterbox_core::api::PetitionReceipt {
        id: uuid::Uuid::from_u128(1),
        case_number: "LB-2026-000001".into(),
        status: S::Replied,
        kind: letterbox_core::PetitionKind::Complaint,
        title: "燃气".into(),
        body: "无法通气".into(),
        category: "utilities".into(),
        location: Default::default(),
        people_affected: None,
        photos: Vec::new(),
        received_at: "2026-10-01T02:00:00Z".into(),
    };
    let mut case = CaseRecord::from_receipt(receipt);
    case.events.push(letterbox_core::lifecycle::CaseEvent {
        seq: 7,
        action: CaseAction::Reply {
            outcome: Outcome::Explains,
        },
        status: S::Replied,
        at: "2026-11-01T02:00:00Z".into(),
        actor: Role::Handler,
        departments: vec!["housing".into()],
        note: "已答复".into(),
    });
    let today = d("2026-11-28");
    let free = case.resident_options(&[], today, cn());
    assert_eq!(free.rate, Some(7));
    assert!(matches!(free.review, Some(Window::Open { .. })));
    let pending = [
        FollowUp::Rate {
            answer_seq: 7,
            rating: Rating {
                satisfaction: Satisfaction::Dissatisfied,
                timeliness: None,
                attitude: None,
                result: None,
                comment: String::new(),
            },
        },
        FollowUp::RequestReview {
            reason: "不满意".into(),
            requested_at: None,
        },
    ];
    let waiting = case.resident_options(&pending, today, cn());
    assert_eq!((waiting.rate, waiting.review), (None, None));
    case.followed = true;
    assert_eq!(
        case.resident_options(&[], today, cn()),
        ResidentOptions::default()
    );
    assert!(case.resident_options(&[], today, cn()).is_empty());
}

#[test]
fn bad_input_is_reported_as_bad_input_even_where_the_action_is_not_possible() {
    // A blank supplement to a closed case, an over-long extension after
    // the 60 days: what was written is wrong first (422), whatever the
    // stage (409); who acts comes before both (403).
    let today = d("2026-11-28");
    let closed = Progress::new("2026-10-01T02:00:00Z", S::Closed);
    let blank = CaseAction::Supplement {
        text: " ".into(),
        photos: 0,
    };
    let refused = closed.check(&blank, &Actor::resident(), "", today, cn());
    assert_eq!(refused, Err(Refusal::Invalid(Invalid::SupplementText)));
    assert_eq!(refused.unwrap_err().problem_kind(), ProblemKind::Invalid);
    let written = CaseAction::Supplement {
        text: "补充材料".into(),
        photos: 0,
    };
    assert!(matches!(
        closed.check(&written, &Actor::resident(), "", today, cn()),
        Err(Refusal::WrongStage { .. })
    ));
    assert_eq!(
        closed.check(&blank, &staff(Role::Clerk), "", today, cn()),
        Err(Refusal::NotPermitted {
            action: ActionKind::Supplement,
            role: Role::Clerk
        })
    );
    let mut late = Progress::new("2026-08-01T02:00:00Z", S::Handling);
    late.accepted_at = Some("2026-08-02T02:00:00Z".into());
    late.extension_days = 30;
    assert_eq!(
        late.check(
            &CaseAction::Extend { days: 31 },
            &staff(Role::Supervisor),
            "复杂",
            today,
            cn()
        ),
        Err(Refusal::Invalid(Invalid::ExtensionDays))
    );
    // A rating of an older answer, when the latest is rated: there is
    // nothing to rate under that number.
    let mut rated = replied();
    rated.rated.push(7);
    let stale = CaseAction::Rate {
        answer_seq: 5,
        rating: Rating {
            satisfaction: Satisfaction::Satisfied,
            timeliness: None,
            attitude: None,
            result: None,
            comment: String::new(),
        },
    };
    assert_eq!(
        rated.check(&stale, &Actor::resident(), "", today, cn()),
        Err(Refusal::NothingToRate)
    );
}
