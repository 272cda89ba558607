//! The rules of a suggestion campaign, as the desk and the app both use
//! them: a valid definition, its states and who moves them, what may be
//! corrected after publishing, a valid answer, and when an answer counts.

use letterbox_core::api::PhotoManifestEntry;
use letterbox_core::calendar::unix_seconds;
use letterbox_core::campaign::{
    Answer, AnswerInvalid, AnswerValue, Campaign, CampaignAction, CampaignState, CampaignSummary,
    Choice, DefinitionError, Invalid, Lateness, Part, Phase, Question, QuestionKind, Refusal,
    Response, Words,
};
use letterbox_core::lifecycle::Role;
use letterbox_core::limits::{ANSWER_PHOTOS_MAX, CAMPAIGN_QUESTIONS_MAX};
use uuid::Uuid;

fn at(instant: &str) -> i64 {
    unix_seconds(instant).unwrap()
}

fn choice(id: &str, zh: &str) -> Choice {
    Choice {
        id: id.into(),
        label: Words::zh(zh),
    }
}

fn question(id: &str, required: bool, kind: QuestionKind) -> Question {
    Question {
        id: id.into(),
        prompt: Words::zh("您的意见？"),
        required,
        contact: false,
        kind,
    }
}

/// The Jiefangbei pedestrian street renovation: one question of each type,
/// open 1–15 December 2026 (China time).
fn jiefangbei() -> Campaign {
    Campaign {
        slug: "jfb-2026".into(),
        title: Words {
            zh: "解放碑步行街改造征求意见".into(),
            en: "Jiefangbei pedestrian street renovation".into(),
        },
        intro: Words::zh("渝中区拟对解放碑步行街进行改造，现公开征求意见。"),
        department: "urban_management".into(),
        district: Some("500103".into()),
        opens_at: "2026-12-01T00:00:00+08:00".into(),
        closes_at: "2026-12-15T18:00:00+08:00".into(),
        questions: vec![
            question(
                "plan",
                true,
                QuestionKind::SingleChoice {
                    options: vec![choice("a", "方案一"), choice("b", "方案二")],
                },
            ),
            question(
                "needs",
                false,
                QuestionKind::MultipleChoice {
                    options: vec![
                        choice("seats", "座椅"),
                        choice("shade", "遮阳"),
                        choice("toilets", "公厕"),
                    ],
                    max_picks: 2,
                },
            ),
            question(
                "overall",
                true,
                QuestionKind::Scale {
                    low: Words::zh("不满意"),
                    high: Words::zh("满意"),
                },
            ),
            question("name", false, QuestionKind::ShortText { max_chars: 20 }),
            question(
                "more",
                false,
                QuestionKind::LongText {
                    max_chars: 500,
                    photos: 3,
                },
            ),
        ],
        results_public: true,
        state: CampaignState::Draft,
        closed_at: None,
        answer: None,
    }
}

fn published() -> Campaign {
    Campaign {
        state: CampaignState::Published,
        ..jiefangbei()
    }
}

fn answers(list: Vec<(&str, AnswerValue)>) -> Response {
    Response {
        id: Uuid::from_u128(1),
        answered_at: "2026-12-05T10:00:00+08:00".into(),
        answers: list
            .into_iter()
            .map(|(q, value)| Answer {
                question: q.into(),
                value,
            })
            .collect(),
    }
}

fn full_answer() -> Response {
    answers(vec![
        ("plan", AnswerValue::Choice { option: "b".into() }),
        (
            "needs",
            AnswerValue::Choices {
                options: vec!["seats".into(), "shade".into()],
            },
        ),
        ("overall", AnswerValue::Scale { value: 4 }),
        (
            "name",
            AnswerValue::Text {
                text: "老王".into(),
                photos: vec![],
            },
        ),
        (
            "more",
            AnswerValue::Text {
                text: "希望增加公厕\n并保留老树".into(),
                photos: vec![PhotoManifestEntry {
                    id: Uuid::from_u128(9),
                    sha256: "ab".repeat(32),
                    bytes: 1000,
                    mime: "image/webp".into(),
                }],
            },
        ),
    ])
}

fn codes(r: Result<(), Vec<DefinitionError>>) -> Vec<(Option<usize>, Invalid)> {
    r.err()
        .unwrap_or_default()
        .into_iter()
        .map(|e| (e.question, e.code))
        .collect()
}

fn answer_codes(c: &Campaign, r: &Response) -> Vec<(String, AnswerInvalid)> {
    c.check_response(r)
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(|e| (e.question, e.code))
        .collect()
}

#[test]
fn a_campaign_with_one_question_of_each_type_is_valid() {
    assert_eq!(jiefangbei().validate(), Ok(()));
    let json = serde_json::to_value(jiefangbei()).unwrap();
    assert_eq!(json["questions"][1]["type"], "multiple_choice");
    assert_eq!(json["questions"][1]["max_picks"], 2);
    let back: Campaign = serde_json::from_value(json).unwrap();
    assert_eq!(back, jiefangbei());
}

#[test]
fn every_problem_of_a_definition_is_reported_at_once() {
    let mut c = jiefangbei();
    c.slug = "JFB".into();
    c.title = Words::zh("  ");
    c.closes_at = c.opens_at.clone();
    c.questions[0].kind = QuestionKind::SingleChoice {
        options: vec![choice("a", "唯一")],
    };
    c.questions[1].kind = QuestionKind::MultipleChoice {
        options: vec![choice("x", "甲"), choice("x", "乙")],
        max_picks: 3,
    };
    c.questions[2].kind = QuestionKind::Scale {
        low: Words::zh(""),
        high: Words::zh("满意"),
    };
    c.questions[3].kind = QuestionKind::ShortText { max_chars: 1000 };
    c.questions[4].kind = QuestionKind::LongText {
        max_chars: 500,
        photos: ANSWER_PHOTOS_MAX as u8 + 1,
    };
    assert_eq!(
        codes(c.validate()),
        [
            (None, Invalid::Slug),
            (None, Invalid::TextMissing),
            (None, Invalid::Period),
            (Some(0), Invalid::OptionCount),
            (Some(1), Invalid::Identifier),
            (Some(1), Invalid::MaxPicks),
            (Some(2), Invalid::ScaleLabels),
            (Some(3), Invalid::TextLimit),
            (Some(4), Invalid::PhotoCount),
        ]
    );
    // A missing or too-long text says whose words it is in.
    let parts: Vec<_> = c.validate().unwrap_err().iter().map(|p| p.part).collect();
    assert_eq!(parts[1], Some(Part::Title));
    assert!(parts.iter().enumerate().all(|(i, p)| i == 1 || p.is_none()));
}

#[test]
fn a_campaign_has_one_to_twenty_questions_with_distinct_ids() {
    let mut c = jiefangbei();
    c.questions.clear();
    assert_eq!(codes(c.validate()), [(None, Invalid::QuestionCount)]);
    let mut c = jiefangbei();
    let q = c.questions[3].clone();
    c.questions = (0..=CAMPAIGN_QUESTIONS_MAX)
        .map(|i| Question {
            id: format!("q{i}"),
            ..q.clone()
        })
        .collect();
    assert_eq!(codes(c.validate()), [(None, Invalid::QuestionCount)]);
    let mut c = jiefangbei();
    c.questions[4].id = "plan".into();
    assert_eq!(codes(c.validate()), [(Some(4), Invalid::Identifier)]);
}

#[test]
fn a_contact_question_is_optional_short_text() {
    let mut c = jiefangbei();
    c.questions[3].contact = true;
    assert_eq!(c.validate(), Ok(()));
    c.questions[3].required = true;
    assert_eq!(codes(c.validate()), [(Some(3), Invalid::Contact)]);
    let mut c = jiefangbei();
    c.questions[4].contact = true;
    assert_eq!(codes(c.validate()), [(Some(4), Invalid::Contact)]);
}

#[test]
fn a_campaign_opens_closes_and_can_be_closed_early() {
    let c = published();
    assert_eq!(jiefangbei().phase(at("2026-12-05T00:00:00Z")), Phase::Draft);
    assert_eq!(c.phase(at("2026-11-30T15:59:59Z")), Phase::Upcoming);
    let close = at("2026-12-15T10:00:00Z");
    assert_eq!(
        c.phase(at("2026-11-30T16:00:00Z")),
        Phase::Open { closes: close }
    );
    assert_eq!(c.phase(close), Phase::Open { closes: close });
    assert_eq!(c.phase(close + 1), Phase::Closed { at: close });
    assert_eq!(c.closes_on().unwrap().to_string(), "2026-12-15");
    let early = Campaign {
        state: CampaignState::Closed,
        closed_at: Some("2026-12-10T02:00:00Z".into()),
        ..published()
    };
    let early_at = at("2026-12-10T02:00:00Z");
    assert_eq!(
        early.phase(at("2026-12-10T03:00:00Z")),
        Phase::Closed { at: early_at }
    );
}

#[test]
fn the_days_left_count_china_days_to_the_closing_day() {
    let c = published();
    assert_eq!(c.opens_on().unwrap().to_string(), "2026-12-01");
    assert_eq!(
        c.days_left(at("2026-11-30T15:00:00Z")),
        None,
        "not open yet"
    );
    // 1 December 00:30 in China: fourteen days to the 15th.
    assert_eq!(c.days_left(at("2026-11-30T16:30:00Z")), Some(14));
    // The 14th at 23:59 in China, the 15th in the morning.
    assert_eq!(c.days_left(at("2026-12-14T15:59:00Z")), Some(1));
    assert_eq!(c.days_left(at("2026-12-14T16:00:00Z")), Some(0));
    assert_eq!(c.days_left(at("2026-12-15T10:00:01Z")), None, "closed");
}

#[test]
fn the_home_screen_lists_open_campaigns_and_closed_ones_with_something_to_read() {
    let c = published();
    let summary =
        |c: &Campaign, results: bool| CampaignSummary::of(c, "2026-11-28T02:00:00Z", results);
    let open = summary(&c, false);
    let during = at("2026-12-05T00:00:00Z");
    // The summary reads its times as the whole definition does.
    assert_eq!(open.phase(during), c.phase(during));
    assert_eq!(open.days_left(during), c.days_left(during));
    assert_eq!(open.closes_on(), c.closes_on());
    assert!(open.is_listed(during));
    assert!(!open.is_listed(at("2026-11-30T15:00:00Z")), "not open yet");
    let after = at("2026-12-20T00:00:00Z");
    assert!(!open.is_listed(after), "closed with nothing to read");
    let with_results = CampaignSummary {
        slug: "results".into(),
        ..summary(&c, true)
    };
    assert!(with_results.is_listed(after));
    let answered = Campaign {
        answer: Some(Words::zh("已采纳方案一。")),
        slug: "answered".into(),
        ..published()
    };
    let answered = summary(&answered, false);
    assert!(answered.has_answer && answered.is_listed(after));
    let later = Campaign {
        slug: "later".into(),
        opens_at: "2026-12-01T00:00:00Z".into(),
        closes_at: "2026-12-30T00:00:00Z".into(),
        ..published()
    };
    let list = [with_results.clone(), summary(&later, false), open.clone()];
    let home: Vec<&str> = CampaignSummary::for_home(&list, after)
        .iter()
        .map(|s| s.slug.as_str())
        .collect();
    assert_eq!(
        home,
        ["later", "results"],
        "open first, then closed with results"
    );
}

#[test]
fn a_campaign_is_new_until_the_resident_sees_its_latest_change() {
    let s = CampaignSummary::of(&published(), "2026-12-01T00:00:00Z", false);
    assert!(s.is_new(None), "never opened");
    assert!(!s.is_new(Some("2026-12-01T00:00:00Z")));
    assert!(s.is_new(Some("2026-11-30T00:00:00Z")), "changed since");
}

#[test]
fn only_a_supervisor_runs_a_campaign_through_its_states() {
    let now = at("2026-11-28T02:00:00Z");
    let draft = jiefangbei();
    for role in [Role::Clerk, Role::Handler, Role::Resident] {
        assert_eq!(
            draft.may(CampaignAction::Publish, role, now),
            Err(Refusal::NotPermitted)
        );
    }
    let sup = Role::Supervisor;
    assert_eq!(
        draft.may(CampaignAction::Publish, sup, now),
        Ok(CampaignState::Published)
    );
    assert!(draft.may(CampaignAction::Close, sup, now).is_err());
    let p = published();
    assert!(p.may(CampaignAction::Publish, sup, now).is_err());
    assert_eq!(
        p.may(CampaignAction::Close, sup, now),
        Ok(CampaignState::Closed),
        "an early close, even before it opens"
    );
    assert!(p.may(CampaignAction::PublishAnswer, sup, now).is_err());
    let after = at("2026-12-16T00:00:00Z");
    assert!(p.may(CampaignAction::PublishAnswer, sup, after).is_ok());
    assert!(p.may(CampaignAction::Close, sup, after).is_err());
    assert!(p.may(CampaignAction::Edit, sup, after).is_err());
    // A draft whose closing time has passed cannot be published.
    assert!(draft.may(CampaignAction::Publish, sup, after).is_err());
}

#[test]
fn after_publishing_only_words_may_be_corrected() {
    let p = published();
    let mut typo = p.clone();
    typo.questions[0].kind = QuestionKind::SingleChoice {
        options: vec![choice("a", "方案一（保留老树）"), choice("b", "方案二")],
    };
    typo.title.zh = "解放碑步行街改造方案征求意见".into();
    assert_eq!(p.correction(&typo), Ok(()));
    let changes: [fn(&mut Campaign); 6] = [
        |c| drop(c.questions.pop()),
        |c| c.questions[0].required = false,
        |c| {
            c.questions[1].kind = QuestionKind::MultipleChoice {
                options: c.questions[1].kind.options().to_vec(),
                max_picks: 3,
            }
        },
        |c| c.questions[3].kind = QuestionKind::ShortText { max_chars: 50 },
        |c| c.closes_at = "2026-12-31T18:00:00+08:00".into(),
        |c| c.slug = "jfb".into(),
    ];
    for (i, change) in changes.iter().enumerate() {
        let mut edited = p.clone();
        change(&mut edited);
        assert_eq!(
            p.correction(&edited),
            Err(Refusal::MeaningChanged),
            "change {i}"
        );
        assert_eq!(jiefangbei().correction(&edited), Ok(()), "a draft may: {i}");
    }
}

#[test]
fn an_answer_of_each_type_is_checked_against_its_question() {
    let c = published();
    assert_eq!(c.check_response(&full_answer()), Ok(()));
    // Only the required questions: enough.
    let short = answers(vec![
        ("plan", AnswerValue::Choice { option: "a".into() }),
        ("overall", AnswerValue::Scale { value: 1 }),
    ]);
    assert_eq!(c.check_response(&short), Ok(()));
    let bad = answers(vec![
        ("plan", AnswerValue::Choice { option: "z".into() }),
        (
            "needs",
            AnswerValue::Choices {
                options: vec!["seats".into(), "shade".into(), "toilets".into()],
            },
        ),
        ("overall", AnswerValue::Scale { value: 6 }),
        (
            "name",
            AnswerValue::Text {
                text: "王".repeat(21),
                photos: vec![],
            },
        ),
        ("more", AnswerValue::Scale { value: 3 }),
        ("ghost", AnswerValue::Scale { value: 3 }),
    ]);
    assert_eq!(
        answer_codes(&c, &bad),
        [
            ("plan".to_string(), AnswerInvalid::UnknownOption),
            ("needs".to_string(), AnswerInvalid::TooManyPicks),
            ("overall".to_string(), AnswerInvalid::OutOfScale),
            ("name".to_string(), AnswerInvalid::TooLong),
            ("more".to_string(), AnswerInvalid::WrongType),
            ("ghost".to_string(), AnswerInvalid::UnknownQuestion),
        ]
    );
    let errors = c.check_response(&bad).unwrap_err();
    assert_eq!(errors[1].limit, Some(2), "the words say how many");
}

#[test]
fn an_option_picked_twice_is_refused_wherever_the_second_pick_stands() {
    let c = published();
    let repeated = Some(AnswerInvalid::UnknownOption);
    let cases: [(&[&str], _); 3] = [
        (&["seats", "shade"], None),
        (&["seats", "seats"], repeated),
        // A repeat is not read as a third pick of two allowed.
        (&["shade", "seats", "shade"], repeated),
    ];
    for (picks, code) in cases {
        let response = answers(vec![
            ("plan", AnswerValue::Choice { option: "a".into() }),
            (
                "needs",
                AnswerValue::Choices {
                    options: picks.iter().map(|o| o.to_string()).collect(),
                },
            ),
            ("overall", AnswerValue::Scale { value: 1 }),
        ]);
        let expected: Vec<_> = code.map(|c| ("needs".to_string(), c)).into_iter().collect();
        assert_eq!(answer_codes(&c, &response), expected, "{picks:?}");
    }
}

#[test]
fn a_hostile_list_of_thousands_of_picks_is_refused_as_unknown_options() {
    let c = published();
    let distinct: Vec<String> = (0..50_000).map(|i| format!("a{i}")).collect();
    let the_same = vec!["seats".to_string(); 50_000];
    for options in [distinct, the_same] {
        let response = answers(vec![
            ("plan", AnswerValue::Choice { option: "a".into() }),
            ("needs", AnswerValue::Choices { options }),
            ("overall", AnswerValue::Scale { value: 1 }),
        ]);
        assert_eq!(
            answer_codes(&c, &response),
            [("needs".to_string(), AnswerInvalid::UnknownOption)]
        );
    }
}

#[test]
fn required_questions_must_be_answered_and_blank_ones_are_no_answer() {
    let c = published();
    let blank = answers(vec![
        ("plan", AnswerValue::Choice { option: "".into() }),
        (
            "more",
            AnswerValue::Text {
                text: "   ".into(),
                photos: vec![],
            },
        ),
    ]);
    assert_eq!(
        answer_codes(&c, &blank),
        [
            ("plan".to_string(), AnswerInvalid::Required),
            ("overall".to_string(), AnswerInvalid::Required),
        ]
    );
    let twice = answers(vec![
        ("plan", AnswerValue::Choice { option: "a".into() }),
        ("plan", AnswerValue::Choice { option: "b".into() }),
        ("overall", AnswerValue::Scale { value: 3 }),
    ]);
    assert_eq!(
        answer_codes(&c, &twice),
        [("plan".to_string(), AnswerInvalid::Duplicate)]
    );
}

#[test]
fn photos_only_where_the_question_allows_them() {
    let c = published();
    let mut r = full_answer();
    let AnswerValue::Text { photos, .. } = &mut r.answers[4].value else {
        unreachable!()
    };
    let one = photos[0].clone();
    *photos = (0..4)
        .map(|n| PhotoManifestEntry {
            id: Uuid::from_u128(100 + n),
            ..one.clone()
        })
        .collect();
    assert_eq!(
        answer_codes(&c, &r),
        [("more".to_string(), AnswerInvalid::Photos)]
    );
    let mut r = full_answer();
    r.answers[3].value = AnswerValue::Text {
        text: "老王".into(),
        photos: vec![one],
    };
    assert_eq!(
        answer_codes(&c, &r),
        [("name".to_string(), AnswerInvalid::Photos)]
    );
}

#[test]
fn an_answer_made_before_the_close_counts_within_seven_days_of_it() {
    let c = published();
    let close = at("2026-12-15T10:00:00Z");
    let before = "2026-12-15T17:59:00+08:00";
    let after = "2026-12-15T18:01:00+08:00";
    assert_eq!(
        c.accepts(before, at("2026-11-30T00:00:00Z")),
        Err(Lateness::NotOpen)
    );
    assert_eq!(c.accepts(before, close), Ok(()));
    // Sent from a phone that was offline: made before, arriving later.
    assert_eq!(c.accepts(before, close + 7 * 86_400), Ok(()));
    assert_eq!(
        c.accepts(before, close + 7 * 86_400 + 1),
        Err(Lateness::Closed { at: close })
    );
    // Written after the close: refused, whenever it arrives.
    assert_eq!(
        c.accepts(after, close + 60),
        Err(Lateness::Closed { at: close })
    );
    // A phone clock ahead of the server's is not believed.
    assert_eq!(c.accepts("2026-12-01T00:00:00+08:00", close + 3600), Ok(()));
    assert_eq!(
        c.accepts("not a time", close + 60),
        Err(Lateness::Closed { at: close })
    );
    assert_eq!(
        jiefangbei().accepts(before, close - 60),
        Err(Lateness::NotOpen)
    );
}
