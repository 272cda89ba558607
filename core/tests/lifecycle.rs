//! The case state machine and the legal clock, table by table.

use letterbox_core::calendar::{Calendar, Date};
use letterbox_core::deadlines::{deadlines, office_due, Standing};
use letterbox_core::lifecycle::{
    ActionKind, Actor, CaseAction, CaseEvent, Channel, Invalid, Outcome, Progress, Rating, Refusal,
    Role, Satisfaction,
};
use letterbox_core::regulations::{due_date, RuleId};
use letterbox_core::CaseStatus as S;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn cn() -> &'static Calendar {
    Calendar::china()
}

fn actor(role: Role, department: Option<&str>) -> Actor {
    Actor {
        role,
        department: department.map(String::from),
    }
}

fn deps(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// A case at `status` with every clock started on 2026-11-20 and assigned
/// to housing.
fn at(status: S) -> Progress {
    let mut p = Progress::new("2026-11-20T02:00:00Z", status);
    p.departments = deps(&["housing"]);
    let t = Some("2026-11-20T02:00:00Z".to_string());
    p.assigned_at = t.clone();
    p.accepted_at = t.clone();
    match status {
        S::Replied | S::Closed => {
            p.replied_at = t.clone();
            p.last_answer_seq = Some(7);
        }
        S::ReviewRequested => {
            p.replied_at = t.clone();
            p.review_requested_at = t.clone();
        }
        S::ReviewAnswered => {
            p.replied_at = t.clone();
            p.review_requested_at = t.clone();
            p.review_answered_at = t.clone();
            p.last_answer_seq = Some(9);
        }
        S::RecheckRequested => {
            p.replied_at = t.clone();
            p.review_requested_at = t.clone();
            p.review_answered_at = t.clone();
            p.recheck_requested_at = t.clone();
        }
        _ => {}
    }
    p
}

fn rating(s: Satisfaction) -> Rating {
    Rating {
        satisfaction: s,
        timeliness: Some(2),
        attitude: None,
        result: Some(1),
        comment: "没有解决".into(),
    }
}

#[test]
fn every_allowed_transition_leads_where_the_regulations_say() {
    let today = d("2026-11-28");
    let clerk = actor(Role::Clerk, None);
    let handler = actor(Role::Handler, Some("housing"));
    let sup = actor(Role::Supervisor, None);
    let resident = Actor::resident();
    let system = actor(Role::System, None);
    let table: Vec<(S, CaseAction, &Actor, S)> = vec![
        (
            S::ReceivingAttachments,
            CaseAction::AttachmentsComplete,
            &system,
            S::Received,
        ),
        (S::Received, CaseAction::Register, &clerk, S::Registered),
        (
            S::ReceivingAttachments,
            CaseAction::Register,
            &sup,
            S::Registered,
        ),
        (
            S::Registered,
            CaseAction::Assign {
                departments: deps(&["housing", "water"]),
            },
            &clerk,
            S::Assigned,
        ),
        (
            S::Assigned,
            CaseAction::Transfer {
                departments: deps(&["transport"]),
            },
            &handler,
            S::Assigned,
        ),
        (
            S::Assigned,
            CaseAction::Transfer {
                departments: deps(&["transport"]),
            },
            &clerk,
            S::Assigned,
        ),
        (S::Assigned, CaseAction::Accept, &handler, S::Handling),
        (S::Assigned, CaseAction::Accept, &sup, S::Handling),
        (
            S::Assigned,
            CaseAction::NotAccept {
                channel: Channel::Litigation,
            },
            &handler,
            S::NotAccepted,
        ),
        (
            S::Handling,
            CaseAction::Extend { days: 30 },
            &sup,
            S::Handling,
        ),
        (
            S::Handling,
            CaseAction::Reply {
                outcome: Outcome::DoesNotSupport,
            },
            &handler,
            S::Replied,
        ),
        (S::Replied, CaseAction::Close, &clerk, S::Closed),
        (S::NotAccepted, CaseAction::Close, &sup, S::Closed),
        (S::ReviewAnswered, CaseAction::Close, &clerk, S::Closed),
        (
            S::Replied,
            CaseAction::RequestReview,
            &resident,
            S::ReviewRequested,
        ),
        (
            S::Closed,
            CaseAction::RequestReview,
            &resident,
            S::ReviewRequested,
        ),
        (
            S::ReviewRequested,
            CaseAction::AnswerReview {
                outcome: Outcome::Explains,
            },
            &sup,
            S::ReviewAnswered,
        ),
        (
            S::ReviewAnswered,
            CaseAction::RequestRecheck,
            &resident,
            S::RecheckRequested,
        ),
        (
            S::RecheckRequested,
            CaseAction::AnswerRecheck {
                outcome: Outcome::Supports,
            },
            &sup,
            S::Final,
        ),
        (
            S::Replied,
            CaseAction::Rate {
                answer_seq: 7,
                rating: rating(Satisfaction::Dissatisfied),
            },
            &resident,
            S::Replied,
        ),
        (
            S::ReviewAnswered,
            CaseAction::Rate {
                answer_seq: 9,
                rating: rating(Satisfaction::Satisfied),
            },
            &resident,
            S::ReviewAnswered,
        ),
        (
            S::Handling,
            CaseAction::Supplement {
                text: "补充材料".into(),
                photos: 1,
            },
            &resident,
            S::Handling,
        ),
    ];
    for status in [
        S::ReceivingAttachments,
        S::Received,
        S::Registered,
        S::Assigned,
        S::Handling,
    ] {
        let to = at(status).check(&CaseAction::Withdraw, &resident, "", today, cn());
        assert_eq!(to, Ok(S::Withdrawn), "withdraw from {status:?}");
    }
    for (from, action, who, to) in table {
        let got = at(from).check(&action, who, "书面答复内容", today, cn());
        assert_eq!(got, Ok(to), "{from:?} --{action:?} by {:?}", who.role);
    }
}

#[test]
fn forbidden_transitions_are_refused_with_the_reason() {
    let today = d("2026-11-28");
    let clerk = actor(Role::Clerk, None);
    let handler = actor(Role::Handler, Some("housing"));
    let water = actor(Role::Handler, Some("water"));
    let sup = actor(Role::Supervisor, None);
    let resident = Actor::resident();
    let wrong_stage = |a: ActionKind, s: S| {
        Err(Refusal::WrongStage {
            action: a,
            status: s,
        })
    };
    let cases: Vec<(S, CaseAction, &Actor, Result<S, Refusal>)> = vec![
        (
            S::Received,
            CaseAction::Accept,
            &handler,
            wrong_stage(ActionKind::Accept, S::Received),
        ),
        (
            S::Registered,
            CaseAction::Reply {
                outcome: Outcome::Supports,
            },
            &sup,
            wrong_stage(ActionKind::Reply, S::Registered),
        ),
        (
            S::Replied,
            CaseAction::Withdraw,
            &resident,
            wrong_stage(ActionKind::Withdraw, S::Replied),
        ),
        (
            S::Closed,
            CaseAction::Register,
            &clerk,
            wrong_stage(ActionKind::Register, S::Closed),
        ),
        (
            S::Withdrawn,
            CaseAction::Assign {
                departments: deps(&["water"]),
            },
            &clerk,
            wrong_stage(ActionKind::Assign, S::Withdrawn),
        ),
        (
            S::Final,
            CaseAction::RequestRecheck,
            &resident,
            wrong_stage(ActionKind::RequestRecheck, S::Final),
        ),
        (
            S::Handling,
            CaseAction::RequestReview,
            &resident,
            wrong_stage(ActionKind::RequestReview, S::Handling),
        ),
        (
            S::Assigned,
            CaseAction::Accept,
            &clerk,
            Err(Refusal::NotPermitted {
                action: ActionKind::Accept,
                role: Role::Clerk,
            }),
        ),
        (
            S::Registered,
            CaseAction::Assign {
                departments: deps(&["water"]),
            },
            &handler,
            Err(Refusal::NotPermitted {
                action: ActionKind::Assign,
                role: Role::Handler,
            }),
        ),
        (
            S::Handling,
            CaseAction::Extend { days: 10 },
            &handler,
            Err(Refusal::NotPermitted {
                action: ActionKind::Extend,
                role: Role::Handler,
            }),
        ),
        (
            S::Handling,
            CaseAction::Reply {
                outcome: Outcome::Supports,
            },
            &resident,
            Err(Refusal::NotPermitted {
                action: ActionKind::Reply,
                role: Role::Resident,
            }),
        ),
        (
            S::Replied,
            CaseAction::RequestReview,
            &clerk,
            Err(Refusal::NotPermitted {
                action: ActionKind::RequestReview,
                role: Role::Clerk,
            }),
        ),
        (
            S::Assigned,
            CaseAction::Accept,
            &water,
            Err(Refusal::OtherDepartment),
        ),
        (
            S::Handling,
            CaseAction::Extend { days: 31 },
            &sup,
            Err(Refusal::Invalid(Invalid::ExtensionDays)),
        ),
        (
            S::Handling,
            CaseAction::Rate {
                answer_seq: 7,
                rating: rating(Satisfaction::Satisfied),
            },
            &resident,
            Err(Refusal::NothingToRate),
        ),
        (
            S::Final,
            CaseAction::Supplement {
                text: "补充".into(),
                photos: 0,
            },
            &resident,
            wrong_stage(ActionKind::Supplement, S::Final),
        ),
    ];
    for (from, action, who, expected) in cases {
        let got = at(from).check(&action, who, "理由", today, cn());
        assert_eq!(got, expected, "{from:?} --{action:?} by {:?}", who.role);
        assert!(!got.unwrap_err().reason().is_empty());
    }
    // A reply needs its written opinion.
    let r = at(S::Handling).check(
        &CaseAction::Reply {
            outcome: Outcome::Supports,
        },
        &sup,
        "  ",
        today,
        cn(),
    );
    assert!(matches!(r, Err(Refusal::Invalid(_))));
    // One extension only.
    let mut p = at(S::Handling);
    p.extension_days = 15;
    let r = p.check(
        &CaseAction::Extend { days: 5 },
        &sup,
        "需要现场勘查",
        today,
        cn(),
    );
    assert_eq!(r, Err(Refusal::AlreadyExtended));
    // An extension is approved within the 60 days (Art. 34), not after.
    let mut late = at(S::Handling);
    late.accepted_at = Some("2026-08-02T02:00:00Z".into());
    let extend = CaseAction::Extend { days: 10 };
    assert_eq!(
        late.check(&extend, &sup, "复杂", d("2026-10-08"), cn()),
        Ok(S::Handling)
    );
    assert_eq!(
        late.check(&extend, &sup, "复杂", d("2026-10-09"), cn()),
        Err(Refusal::WindowClosed {
            closed_on: d("2026-10-08")
        })
    );
    assert_eq!(Refusal::AlreadyExtended.problem_kind().status(), 409);
    assert_eq!(Refusal::OtherDepartment.problem_kind().status(), 403);
}

#[test]
fn one_rating_per_answer_and_a_review_answer_can_be_rated_again() {
    let resident = Actor::resident();
    let today = d("2026-11-28");
    let mut p = Progress::new("2026-11-01T00:00:00Z", S::Received);
    let event = |seq: i64, action: CaseAction, status: S| CaseEvent {
        seq,
        action,
        status,
        at: "2026-11-20T00:00:00Z".into(),
        actor: Role::Supervisor,
        departments: deps(&["housing"]),
        note: String::new(),
    };
    for e in [
        event(2, CaseAction::Register, S::Registered),
        event(
            3,
            CaseAction::Assign {
                departments: deps(&["housing"]),
            },
            S::Assigned,
        ),
        event(4, CaseAction::Accept, S::Handling),
        event(
            5,
            CaseAction::Reply {
                outcome: Outcome::DoesNotSupport,
            },
            S::Replied,
        ),
    ] {
        p.apply(&e);
    }
    assert_eq!(p.last_answer_seq, Some(5));
    let rate = |seq| CaseAction::Rate {
        answer_seq: seq,
        rating: rating(Satisfaction::Dissatisfied),
    };
    assert_eq!(
        p.check(&rate(5), &resident, "", today, cn()),
        Ok(S::Replied)
    );
    assert_eq!(
        p.check(&rate(4), &resident, "", today, cn()),
        Err(Refusal::NothingToRate)
    );
    p.apply(&event(6, rate(5), S::Replied));
    assert_eq!(
        p.check(&rate(5), &resident, "", today, cn()),
        Err(Refusal::AlreadyRated)
    );
    p.apply(&event(7, CaseAction::RequestReview, S::ReviewRequested));
    p.apply(&event(
        8,
        CaseAction::AnswerReview {
            outcome: Outcome::Explains,
        },
        S::ReviewAnswered,
    ));
    assert_eq!(
        p.check(&rate(8), &resident, "", today, cn()),
        Ok(S::ReviewAnswered)
    );
    let bad = CaseAction::Rate {
        answer_seq: 8,
        rating: Rating {
            timeliness: Some(6),
            ..rating(Satisfaction::Satisfied)
        },
    };
    assert!(matches!(
        p.check(&bad, &resident, "", today, cn()),
        Err(Refusal::Invalid(_))
    ));
}

#[test]
fn the_review_and_recheck_windows_close_after_thirty_days() {
    let resident = Actor::resident();
    // Replied at 01:00 on 1 November in Beijing (17:00 UTC the day before):
    // 30 days end on Tuesday 1 December.
    let mut p = at(S::Replied);
    p.replied_at = Some("2026-10-31T17:00:00Z".into());
    let ask =
        |p: &Progress, today| p.check(&CaseAction::RequestReview, &resident, "", d(today), cn());
    assert_eq!(ask(&p, "2026-12-01"), Ok(S::ReviewRequested));
    assert_eq!(
        ask(&p, "2026-12-02"),
        Err(Refusal::WindowClosed {
            closed_on: d("2026-12-01")
        })
    );
    // A window ending on a Sunday runs to Monday.
    p.replied_at = Some("2026-10-30T04:00:00Z".into());
    assert_eq!(ask(&p, "2026-11-30"), Ok(S::ReviewRequested));
    assert_eq!(
        ask(&p, "2026-12-01"),
        Err(Refusal::WindowClosed {
            closed_on: d("2026-11-30")
        })
    );
    let mut q = at(S::ReviewAnswered);
    q.review_answered_at = Some("2026-09-01T02:00:00Z".into());
    // 1 September + 30 = 1 October, in the National Day holiday: 8 October.
    let recheck = |today| q.check(&CaseAction::RequestRecheck, &resident, "", d(today), cn());
    assert_eq!(recheck("2026-10-08"), Ok(S::RecheckRequested));
    assert_eq!(
        recheck("2026-10-09"),
        Err(Refusal::WindowClosed {
            closed_on: d("2026-10-08")
        })
    );
}

#[test]
fn due_dates_at_the_edges() {
    use letterbox_core::regulations::Counting::{CalendarDays, WorkingDays};
    let table = [
        // (start, counting, extension, due, why)
        (
            "2026-01-30",
            CalendarDays(15),
            0,
            "2026-02-14",
            "ends on a make-up Saturday: a working day",
        ),
        (
            "2026-03-31",
            CalendarDays(15),
            0,
            "2026-04-15",
            "across a month end",
        ),
        (
            "2026-01-31",
            CalendarDays(30),
            0,
            "2026-03-02",
            "through February to a Monday",
        ),
        (
            "2028-02-14",
            CalendarDays(15),
            0,
            "2028-02-29",
            "a leap day is a day",
        ),
        (
            "2027-02-13",
            CalendarDays(15),
            0,
            "2027-03-01",
            "28 Feb 2027 is a Sunday (year without a notice: weekends only)",
        ),
        (
            "2026-08-02",
            CalendarDays(60),
            0,
            "2026-10-08",
            "lands in the National Day week",
        ),
        (
            "2026-08-02",
            CalendarDays(60),
            30,
            "2026-11-02",
            "extended by 30 days to a Saturday, then Monday",
        ),
        (
            "2026-09-29",
            WorkingDays(5),
            0,
            "2026-10-12",
            "the holiday week does not count; a make-up Saturday does",
        ),
        (
            "2026-02-10",
            WorkingDays(5),
            0,
            "2026-02-24",
            "Spring Festival",
        ),
        (
            "2026-12-25",
            WorkingDays(5),
            0,
            "2027-01-01",
            "into a year without a notice",
        ),
        ("2026-12-31", CalendarDays(1), 0, "2027-01-01", "year end"),
    ];
    for (start, counting, extra, due, why) in table {
        assert_eq!(due_date(d(start), counting, extra, cn()), d(due), "{why}");
    }
}

#[test]
fn each_stage_shows_its_deadlines_with_days_left() {
    let mut p = Progress::new("2026-11-20T02:00:00Z", S::Received);
    let list = deadlines(&p, cn());
    assert_eq!(list.len(), 1);
    assert_eq!(
        (list[0].rule, list[0].due),
        (RuleId::RegisterAndAssign, d("2026-12-07"))
    );
    assert_eq!(list[0].rule.rule().article, 22);
    assert_eq!(list[0].standing(d("2026-11-28")), Standing::DaysLeft(9));
    assert!(!list[0].overdue(d("2026-12-07")));
    assert!(list[0].overdue(d("2026-12-08")));
    assert_eq!(list[0].standing(d("2026-12-09")), Standing::Overdue(2));

    p.status = S::Assigned;
    p.assigned_at = Some("2026-09-29T02:00:00Z".into());
    let list = deadlines(&p, cn());
    let got: Vec<_> = list.iter().map(|x| (x.rule, x.due.to_string())).collect();
    assert_eq!(
        got,
        [
            (RuleId::ObjectToAssignment, "2026-10-12".to_string()),
            (RuleId::DecideAcceptance, "2026-10-14".to_string()),
        ]
    );
    // The objection window lapses; the duty is to decide on acceptance.
    assert_eq!(office_due(&p, cn()), Some(d("2026-10-14")));
    assert_eq!(
        list[0].standing(d("2026-10-13")),
        Standing::Ended(d("2026-10-12"))
    );
    assert!(list[1].overdue(d("2026-10-15")));

    p.status = S::Handling;
    p.accepted_at = Some("2026-08-02T02:00:00Z".into());
    p.extension_days = 30;
    let list = deadlines(&p, cn());
    assert_eq!(
        (list[0].rule, list[0].due, list[0].extended_by),
        (RuleId::Reply, d("2026-11-02"), 30)
    );

    p.status = S::Withdrawn;
    assert!(deadlines(&p, cn()).is_empty());
    assert_eq!(office_due(&p, cn()), None);

    p.status = S::Replied;
    p.replied_at = Some("2026-11-01T02:00:00Z".into());
    let list = deadlines(&p, cn());
    assert_eq!(list[0].rule, RuleId::RequestReview);
    assert_eq!(
        office_due(&p, cn()),
        None,
        "the resident's window is not the office's"
    );
}

#[test]
fn staff_see_only_the_actions_their_role_may_take_now() {
    let today = d("2026-11-28");
    let p = at(S::Assigned);
    let handler = actor(Role::Handler, Some("housing"));
    assert_eq!(
        p.staff_options(&handler, today, cn()),
        [
            ActionKind::Transfer,
            ActionKind::Accept,
            ActionKind::NotAccept
        ]
    );
    assert!(p
        .staff_options(&actor(Role::Handler, Some("water")), today, cn())
        .is_empty());
    assert_eq!(
        p.staff_options(&actor(Role::Clerk, None), today, cn()),
        [ActionKind::Transfer]
    );
    let h = at(S::Handling);
    assert_eq!(
        h.staff_options(&actor(Role::Supervisor, None), today, cn()),
        [ActionKind::Extend, ActionKind::Reply]
    );
}

#[test]
fn events_and_actions_keep_their_wire_names() {
    let e = CaseEvent {
        seq: 12,
        action: CaseAction::NotAccept {
            channel: Channel::AdministrativeReview,
        },
        status: S::NotAccepted,
        at: "2026-11-28T01:00:00Z".into(),
        actor: Role::Handler,
        departments: deps(&["housing"]),
        note: "请申请行政复议".into(),
    };
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["action"]["type"], "not_accept");
    assert_eq!(json["action"]["channel"], "administrative_review");
    assert_eq!(json["status"], "not_accepted");
    let back: CaseEvent = serde_json::from_value(json).unwrap();
    assert_eq!(back, e);
    // Every wire name round-trips in `wire`'s test; here, inside an event.
    assert_eq!(ActionKind::parse("rate"), Some(ActionKind::Rate));
}
