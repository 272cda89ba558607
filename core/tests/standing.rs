//! How a deadline stands on a given day: the one answer the resident's app
//! and the staff desk both show, for each kind of period the Regulations
//! set (a duty of the office, an option of the resident, an option of a
//! department that lapses, a period extended under Art. 34).

use letterbox_core::calendar::{Calendar, Date};
use letterbox_core::deadlines::{deadlines, Deadline, Standing};
use letterbox_core::lifecycle::Progress;
use letterbox_core::regulations::RuleId;
use letterbox_core::CaseStatus as S;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn cn() -> &'static Calendar {
    Calendar::china()
}

fn only(p: &Progress, rule: RuleId) -> Deadline {
    deadlines(p, cn())
        .into_iter()
        .find(|x| x.rule == rule)
        .unwrap_or_else(|| panic!("{rule:?} is not running"))
}

#[test]
fn a_duty_of_the_office_counts_down_is_due_today_then_is_overdue() {
    // Received 20 November (Beijing): 15 days to register and assign
    // (Art. 22), due Monday 7 December (the 5th is a Saturday).
    let p = Progress::new("2026-11-20T02:00:00Z", S::Received);
    let due = only(&p, RuleId::RegisterAndAssign);
    assert_eq!(due.due, d("2026-12-07"));
    assert_eq!(due.standing(d("2026-11-28")), Standing::DaysLeft(9));
    assert_eq!(due.standing(d("2026-12-06")), Standing::DaysLeft(1));
    assert_eq!(due.standing(d("2026-12-07")), Standing::DueToday);
    assert_eq!(due.standing(d("2026-12-08")), Standing::Overdue(1));
    assert_eq!(due.standing(d("2026-12-17")), Standing::Overdue(10));
    assert!(due.overdue(d("2026-12-08")) && !due.overdue(d("2026-12-07")));
}

#[test]
fn a_residents_window_ends_and_is_never_overdue() {
    // Replied 1 November: 30 days to ask for a review (Art. 35).
    let mut p = Progress::new("2026-10-01T02:00:00Z", S::Replied);
    p.replied_at = Some("2026-11-01T02:00:00Z".into());
    let window = only(&p, RuleId::RequestReview);
    assert_eq!(window.due, d("2026-12-01"));
    assert_eq!(window.standing(d("2026-11-30")), Standing::DaysLeft(1));
    assert_eq!(window.standing(d("2026-12-01")), Standing::DueToday);
    assert_eq!(
        window.standing(d("2026-12-02")),
        Standing::Ended(d("2026-12-01"))
    );
    assert_eq!(
        window.standing(d("2027-03-01")),
        Standing::Ended(d("2026-12-01"))
    );
    assert!(!window.overdue(d("2027-03-01")));
}

#[test]
fn the_objection_of_a_department_lapses_after_five_working_days_and_says_so() {
    // Assigned Tuesday 29 September; the National Day holiday follows, so
    // the 5 working days of Art. 23 ¶3 end on Monday 12 October. This is
    // the case the app used to show as "0 days left".
    let mut p = Progress::new("2026-09-20T02:00:00Z", S::Assigned);
    p.assigned_at = Some("2026-09-29T02:00:00Z".into());
    let objection = only(&p, RuleId::ObjectToAssignment);
    assert_eq!(objection.due, d("2026-10-12"));
    assert_eq!(objection.standing(d("2026-10-12")), Standing::DueToday);
    assert_eq!(
        objection.standing(d("2026-10-13")),
        Standing::Ended(d("2026-10-12"))
    );
    // The duty beside it, deciding on acceptance, does fall overdue.
    let decide = only(&p, RuleId::DecideAcceptance);
    assert_eq!(decide.standing(d("2026-10-13")), Standing::DaysLeft(1));
    assert_eq!(decide.standing(d("2026-10-15")), Standing::Overdue(1));
}

#[test]
fn an_extended_period_counts_to_its_new_end() {
    // Accepted 2 August: 60 days end 1 October, in the National Day
    // holiday (1–7 October), so 8 October; the 30-day extension of Art. 34 counts from the start:
    // 90 days, 31 October, a Saturday, so Monday 2 November.
    let mut p = Progress::new("2026-08-01T02:00:00Z", S::Handling);
    p.accepted_at = Some("2026-08-02T02:00:00Z".into());
    let plain = only(&p, RuleId::Reply);
    assert_eq!(plain.due, d("2026-10-08"));
    assert_eq!(plain.standing(d("2026-10-10")), Standing::Overdue(2));
    p.extension_days = 30;
    let extended = only(&p, RuleId::Reply);
    assert_eq!((extended.due, extended.extended_by), (d("2026-11-02"), 30));
    assert_eq!(extended.standing(d("2026-10-10")), Standing::DaysLeft(23));
    assert_eq!(extended.standing(d("2026-11-02")), Standing::DueToday);
    assert_eq!(extended.standing(d("2026-11-04")), Standing::Overdue(2));
}
