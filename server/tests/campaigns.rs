//! Suggestion campaigns on the server: only a supervisor runs them, every
//! change is audited, residents answer once per phone (a later answer
//! replaces the earlier and counts a revision), answers made offline
//! before the close count for 7 days, and the database counts the results.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{assert_problem, TestApp};
use letterbox_core::campaign::{
    Campaign, CampaignState, Choice, Invalid, Question, QuestionKind, Refusal, Words,
};
use letterbox_core::lifecycle::Role;
use letterbox_server::campaigns::{change, Change, ChangeError, Staff};
use serde_json::{json, Value};
use time::macros::datetime;

fn words(zh: &str) -> Words {
    Words::zh(zh)
}

/// Open 1–15 December 2026 (China time); one question of each kind.
fn yubei_buses() -> Campaign {
    let choice = |id: &str, zh: &str| Choice {
        id: id.into(),
        label: words(zh),
    };
    let q = |id: &str, required, kind| Question {
        id: id.into(),
        prompt: words("您的意见？"),
        required,
        contact: false,
        kind,
    };
    Campaign {
        slug: "yubei-bus-2026".into(),
        title: words("渝北区公交线路调整征求意见"),
        intro: words("渝北区拟调整部分公交线路，现公开征求意见。"),
        department: "transport".into(),
        district: Some("500112".into()),
        opens_at: "2026-12-01T00:00:00+08:00".into(),
        closes_at: "2026-12-15T18:00:00+08:00".into(),
        questions: vec![
            q(
                "route",
                true,
                QuestionKind::SingleChoice {
                    options: vec![choice("keep", "保留"), choice("change", "调整")],
                },
            ),
            q(
                "times",
                false,
                QuestionKind::MultipleChoice {
                    options: vec![
                        choice("am", "早高峰"),
                        choice("pm", "晚高峰"),
                        choice("night", "夜间"),
                    ],
                    max_picks: 2,
                },
            ),
            q(
                "overall",
                true,
                QuestionKind::Scale {
                    low: words("不满意"),
                    high: words("满意"),
                },
            ),
            q("stop", false, QuestionKind::ShortText { max_chars: 40 }),
            q(
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

async fn staff_of(app: &TestApp, username: &str, role: &str, department: Option<&str>) -> Staff {
    app.staff(username, role, department).await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM staff WHERE username = $1")
        .bind(username)
        .fetch_one(&app.db.read)
        .await
        .unwrap();
    Staff {
        id,
        role: Role::parse(role).unwrap(),
    }
}

/// A published campaign, and its supervisor.
async fn published(app: &TestApp) -> Staff {
    let chen = staff_of(app, "chen", "supervisor", None).await;
    let c = yubei_buses();
    change(&app.state, &chen, &c.slug, Change::Create(c.clone()))
        .await
        .unwrap();
    change(&app.state, &chen, &c.slug, Change::Publish)
        .await
        .unwrap();
    chen
}

fn response(id: &str, answered_at: &str, route: &str) -> Value {
    json!({
        "id": id,
        "answered_at": answered_at,
        "answers": [
            {"question": "route", "value": {"type": "choice", "option": route}},
            {"question": "times", "value": {"type": "choices", "options": ["am", "night"]}},
            {"question": "overall", "value": {"type": "scale", "value": 4}},
            {"question": "stop", "value": {"type": "text", "text": "龙头寺站"}},
        ]
    })
}

const R1: &str = "019378a2-5b1c-7d3e-8f40-000000000001";
const R2: &str = "019378a2-5b1c-7d3e-8f40-000000000002";
const R3: &str = "019378a2-5b1c-7d3e-8f40-000000000003";
const PATH: &str = "/api/v1/campaigns/yubei-bus-2026";

#[tokio::test]
async fn only_a_supervisor_creates_and_publishes_and_every_change_is_audited() {
    let app = TestApp::new().await;
    let clerk = staff_of(&app, "wang", "clerk", None).await;
    let c = yubei_buses();
    assert!(matches!(
        change(&app.state, &clerk, &c.slug, Change::Create(c.clone())).await,
        Err(ChangeError::Refused(Refusal::NotPermitted))
    ));
    let chen = staff_of(&app, "chen", "supervisor", None).await;
    let mut unknown = c.clone();
    unknown.department = "weather".into();
    match change(&app.state, &chen, &c.slug, Change::Create(unknown)).await {
        Err(ChangeError::Refused(Refusal::Invalid(problems))) => {
            assert_eq!(problems[0].code, Invalid::Department)
        }
        other => panic!("{other:?}"),
    }
    change(&app.state, &chen, &c.slug, Change::Create(c.clone()))
        .await
        .unwrap();
    assert!(matches!(
        change(&app.state, &chen, &c.slug, Change::Create(c.clone())).await,
        Err(ChangeError::SlugTaken)
    ));
    // A draft is unknown to residents.
    assert_problem(&app.get(PATH, None).await, 404, "/problems/not-found");
    assert_eq!(app.get("/api/v1/campaigns", None).await.json, json!([]));
    assert!(matches!(
        change(&app.state, &clerk, &c.slug, Change::Publish).await,
        Err(ChangeError::Refused(Refusal::NotPermitted))
    ));
    change(&app.state, &chen, &c.slug, Change::Publish)
        .await
        .unwrap();
    let listed = app.get("/api/v1/campaigns", None).await;
    assert_eq!(listed.json[0]["slug"], "yubei-bus-2026");
    assert_eq!(listed.json[0]["state"], "published");
    // After publishing, a question's meaning cannot change.
    let mut changed = c.clone();
    changed.questions[1].kind = QuestionKind::ShortText { max_chars: 10 };
    assert!(matches!(
        change(&app.state, &chen, &c.slug, Change::Edit(changed)).await,
        Err(ChangeError::Refused(Refusal::MeaningChanged))
    ));
    let mut typo = c.clone();
    typo.title = words("渝北区公交线路优化调整征求意见");
    change(&app.state, &chen, &c.slug, Change::Edit(typo))
        .await
        .unwrap();
    let audited: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE action LIKE 'campaign_%' ORDER BY id",
    )
    .fetch_all(&app.db.read)
    .await
    .unwrap();
    assert_eq!(
        audited,
        ["campaign_create", "campaign_publish", "campaign_edit"]
    );
}

#[tokio::test]
async fn the_definition_is_public_with_an_etag() {
    let app = TestApp::new().await;
    published(&app).await;
    let first = app.get(PATH, None).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.json["title"]["zh"], "渝北区公交线路调整征求意见");
    assert_eq!(first.json["questions"].as_array().unwrap().len(), 5);
    let etag = first.headers[header::ETAG].to_str().unwrap().to_owned();
    let again = app
        .send(
            Request::get(PATH)
                .header(header::IF_NONE_MATCH, &etag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert_problem(
        &app.get("/api/v1/campaigns/nothing-here", None).await,
        404,
        "/problems/not-found",
    );
}

#[tokio::test]
async fn one_response_per_phone_a_change_replaces_it_and_counts_a_revision() {
    let app = TestApp::new().await;
    published(&app).await;
    app.set_time(datetime!(2026-12-05 02:00 UTC));
    let phone = app.register().await;
    let put = |id: &str| format!("{PATH}/responses/{id}");
    let first = response(R1, "2026-12-05T09:59:00+08:00", "keep");
    let r = app.put_json(&put(R1), &phone, &first).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    assert_eq!(r.json["revision"], 1);
    // The same again (a resend): the same receipt.
    let r = app.put_json(&put(R1), &phone, &first).await;
    assert_eq!(
        (r.status, r.json["revision"].clone()),
        (StatusCode::OK, json!(1))
    );
    // Changed before the close: replaces it.
    let second = response(R1, "2026-12-05T10:30:00+08:00", "change");
    let r = app.put_json(&put(R1), &phone, &second).await;
    assert_eq!(
        (r.status, r.json["revision"].clone()),
        (StatusCode::OK, json!(2))
    );
    // The first arriving late again changes nothing: the office keeps the latest.
    let r = app.put_json(&put(R1), &phone, &first).await;
    assert_eq!(r.json["revision"], 2);
    assert_eq!(app.count("campaign_responses").await, 1);
    // A second phone: a second response. Its id cannot be another's.
    let other = app.register().await;
    let taken = app.put_json(&put(R1), &other, &first).await;
    assert_problem(&taken, 409, "/problems/id-conflict");
    let r = app
        .put_json(
            &put(R2),
            &other,
            &response(R2, "2026-12-05T11:00:00+08:00", "change"),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(app.count("campaign_responses").await, 2);
    // An answer needs a phone.
    let anonymous = app
        .send(
            Request::put(put(R3))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    response(R3, "2026-12-05T11:00:00+08:00", "keep").to_string(),
                ))
                .unwrap(),
        )
        .await;
    assert_problem(&anonymous, 401, "/problems/unauthorized");
}

#[tokio::test]
async fn each_question_type_is_validated_and_answers_say_which_question() {
    let app = TestApp::new().await;
    published(&app).await;
    app.set_time(datetime!(2026-12-05 02:00 UTC));
    let phone = app.register().await;
    let bad = json!({
        "id": R1,
        "answered_at": "2026-12-05T10:00:00+08:00",
        "answers": [
            {"question": "route", "value": {"type": "choice", "option": "tram"}},
            {"question": "times", "value": {"type": "choices", "options": ["am", "pm", "night"]}},
            {"question": "overall", "value": {"type": "scale", "value": 9}},
            {"question": "stop", "value": {"type": "text", "text": "站".repeat(41)}},
        ]
    });
    let r = app
        .put_json(&format!("{PATH}/responses/{R1}"), &phone, &bad)
        .await;
    assert_problem(&r, 422, "/problems/invalid");
    let got: Vec<(String, String)> = r.json["answer_errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["question"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let want = [
        ("route", "unknown_option"),
        ("times", "too_many_picks"),
        ("overall", "out_of_scale"),
        ("stop", "too_long"),
    ];
    assert_eq!(got, want.map(|(q, c)| (q.to_owned(), c.to_owned())));
    let missing = json!({"id": R1, "answered_at": "2026-12-05T10:00:00+08:00", "answers": []});
    let r = app
        .put_json(&format!("{PATH}/responses/{R1}"), &phone, &missing)
        .await;
    assert_eq!(r.json["answer_errors"][0]["code"], "required");
    let wrong_id = app
        .put_json(
            &format!("{PATH}/responses/{R2}"),
            &phone,
            &response(R1, "2026-12-05T10:00:00+08:00", "keep"),
        )
        .await;
    // Well-formed, but not this response: 422 like any invalid field (it
    // was a 400 until Schemathesis called it a schema-valid request refused
    // as unreadable).
    assert_problem(&wrong_id, 422, "/problems/invalid");
    assert_eq!(app.count("campaign_responses").await, 0);
}

#[tokio::test]
async fn an_answer_made_before_the_close_counts_for_seven_days_and_one_made_after_never() {
    let app = TestApp::new().await;
    published(&app).await;
    let phone = app.register().await;
    let put = |id: &str| format!("{PATH}/responses/{id}");
    // Before it opens.
    let early = app
        .put_json(
            &put(R1),
            &phone,
            &response(R1, "2026-11-28T17:00:00+08:00", "keep"),
        )
        .await;
    assert_problem(&early, 409, "/problems/campaign-closed");
    // Made offline on the last afternoon, arriving six days after the close.
    app.set_time(datetime!(2026-12-21 10:00 UTC));
    let offline = app
        .put_json(
            &put(R1),
            &phone,
            &response(R1, "2026-12-15T17:30:00+08:00", "keep"),
        )
        .await;
    assert_eq!(offline.status, StatusCode::CREATED, "{}", offline.json);
    // Made after the close: refused, and nothing stored.
    let other = app.register().await;
    let late = app
        .put_json(
            &put(R2),
            &other,
            &response(R2, "2026-12-15T18:05:00+08:00", "keep"),
        )
        .await;
    assert_problem(&late, 409, "/problems/campaign-closed");
    // Made before the close but arriving after the grace.
    app.set_time(datetime!(2026-12-22 10:01 UTC));
    let too_late = app
        .put_json(
            &put(R3),
            &other,
            &response(R3, "2026-12-15T17:00:00+08:00", "keep"),
        )
        .await;
    assert_problem(&too_late, 409, "/problems/campaign-closed");
    assert_eq!(app.count("campaign_responses").await, 1);
}

#[tokio::test]
async fn results_are_counted_by_the_database_and_public_only_after_the_close() {
    let app = TestApp::new().await;
    let chen = published(&app).await;
    app.set_time(datetime!(2026-12-05 02:00 UTC));
    let mut first_phone = None;
    for (n, route) in ["keep", "change", "change"].into_iter().enumerate() {
        let phone = app.register().await;
        first_phone.get_or_insert(phone.clone());
        let id = format!("019378a2-5b1c-7d3e-8f40-00000000010{n}");
        let r = app
            .put_json(
                &format!("{PATH}/responses/{id}"),
                &phone,
                &response(&id, "2026-12-05T10:00:00+08:00", route),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    // The first phone changes its mind: its earlier pick no longer counts.
    let id = "019378a2-5b1c-7d3e-8f40-000000000100";
    let changed = app
        .put_json(
            &format!("{PATH}/responses/{id}"),
            first_phone.as_ref().unwrap(),
            &response(id, "2026-12-05T11:00:00+08:00", "change"),
        )
        .await;
    assert_eq!(changed.json["revision"], 2);
    // Still open: no results for residents.
    assert_problem(
        &app.get(&format!("{PATH}/results"), None).await,
        404,
        "/problems/not-found",
    );
    // The office closes it early; results are public.
    change(&app.state, &chen, "yubei-bus-2026", Change::Close)
        .await
        .unwrap();
    let results = app.get(&format!("{PATH}/results"), None).await;
    assert_eq!(results.status, StatusCode::OK);
    assert_eq!(results.json["responses"], 3);
    let route = &results.json["questions"][0];
    assert_eq!(route["question"], "route");
    assert_eq!(route["answered"], 3);
    assert_eq!(
        route["counts"],
        json!([{"option": "keep", "count": 0}, {"option": "change", "count": 3}])
    );
    let times = &results.json["questions"][1];
    assert_eq!(times["answered"], 3);
    assert_eq!(
        times["counts"],
        json!([{"option": "am", "count": 3}, {"option": "pm", "count": 0}, {"option": "night", "count": 3}])
    );
    let overall = &results.json["questions"][2];
    assert_eq!(overall["counts"][3], json!({"option": "4", "count": 3}));
    assert_eq!(overall["counts"][0], json!({"option": "1", "count": 0}));
    // The office's answer, after the close.
    change(
        &app.state,
        &chen,
        "yubei-bus-2026",
        Change::PublishAnswer(words("采纳调整方案，夜间线路保留。")),
    )
    .await
    .unwrap();
    let listed = app.get("/api/v1/campaigns", None).await;
    assert_eq!(listed.json[0]["has_answer"], true);
    assert_eq!(listed.json[0]["has_results"], true);
    assert_eq!(
        app.get(PATH, None).await.json["answer"]["zh"],
        "采纳调整方案，夜间线路保留。"
    );
}

#[tokio::test]
async fn an_answer_with_long_texts_at_their_limit_is_accepted_though_larger_than_a_petition() {
    let app = TestApp::new().await;
    let chen = staff_of(&app, "chen", "supervisor", None).await;
    let mut c = yubei_buses();
    c.questions = (0..6)
        .map(|i| Question {
            id: format!("t{i}"),
            prompt: words("您的意见？"),
            required: false,
            contact: false,
            kind: QuestionKind::LongText {
                max_chars: 4000,
                photos: 0,
            },
        })
        .collect();
    change(&app.state, &chen, &c.slug, Change::Create(c.clone()))
        .await
        .unwrap();
    change(&app.state, &chen, &c.slug, Change::Publish)
        .await
        .unwrap();
    app.set_time(datetime!(2026-12-05 02:00 UTC));
    let phone = app.register().await;
    let answers: Vec<Value> = (0..6)
        .map(|i| json!({"question": format!("t{i}"), "value": {"type": "text", "text": "字".repeat(4000)}}))
        .collect();
    let body = json!({"id": R1, "answered_at": "2026-12-05T10:00:00+08:00", "answers": answers});
    assert!(body.to_string().len() > letterbox_core::limits::PETITION_REQUEST_MAX_BYTES);
    let r = app
        .put_json(&format!("{PATH}/responses/{R1}"), &phone, &body)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
}

#[tokio::test]
async fn every_phone_hears_of_a_published_campaigns_changes_through_the_sync_feed() {
    let app = TestApp::new().await;
    let phone = app.register().await;
    let chen = staff_of(&app, "chen", "supervisor", None).await;
    let c = yubei_buses();
    let feed =
        |cursor: i64, limit: u32| format!("/api/v1/sync?cursor=0&campaigns={cursor}&limit={limit}");
    let actions = |page: &Value| -> Vec<String> {
        page["campaigns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                assert_eq!(e["slug"], "yubei-bus-2026");
                e["action"].as_str().unwrap().to_owned()
            })
            .collect()
    };
    change(&app.state, &chen, &c.slug, Change::Create(c.clone()))
        .await
        .unwrap();
    change(&app.state, &chen, &c.slug, Change::Edit(c.clone()))
        .await
        .unwrap();
    // A draft is nobody's news.
    let page = app.get(&feed(0, 50), Some(&phone)).await.json;
    assert_eq!(actions(&page), Vec::<String>::new());
    assert_eq!(page["next_campaign_cursor"], 0);

    change(&app.state, &chen, &c.slug, Change::Publish)
        .await
        .unwrap();
    let page = app.get(&feed(0, 50), Some(&phone)).await.json;
    assert_eq!(actions(&page), ["publish"]);
    let after_publish = page["next_campaign_cursor"].as_i64().unwrap();
    assert!(after_publish > 0);

    let mut typo = c.clone();
    typo.title = words("渝北区公交线路优化调整征求意见");
    change(&app.state, &chen, &c.slug, Change::Edit(typo))
        .await
        .unwrap();
    change(&app.state, &chen, &c.slug, Change::Close)
        .await
        .unwrap();
    change(
        &app.state,
        &chen,
        &c.slug,
        Change::PublishAnswer(words("新增夜班线路")),
    )
    .await
    .unwrap();
    // After the cursor: only what came since, oldest first, a page at a time.
    let first = app.get(&feed(after_publish, 2), Some(&phone)).await.json;
    assert_eq!(actions(&first), ["edit", "close"]);
    assert_eq!(first["has_more"], true);
    let cursor = first["next_campaign_cursor"].as_i64().unwrap();
    let rest = app.get(&feed(cursor, 2), Some(&phone)).await.json;
    assert_eq!(actions(&rest), ["publish_answer"]);
    assert_eq!(rest["has_more"], false);
    // Any phone hears the same, with no case of its own.
    let other = app.register().await;
    let page = app.get(&feed(0, 50), Some(&other)).await.json;
    assert_eq!(
        actions(&page),
        ["publish", "edit", "close", "publish_answer"]
    );
    // A negative cursor is a malformed request.
    let bad = app.get(&feed(-1, 50), Some(&phone)).await;
    assert_problem(&bad, 400, "/problems/malformed-request");
}

#[tokio::test]
async fn a_phone_answers_a_limited_number_of_campaigns_a_day_but_may_change_an_answer() {
    use letterbox_server::quota::QuotaLimits;
    let app = TestApp::new().await.with_quotas(QuotaLimits {
        campaign_answers_per_day: 1,
        ..QuotaLimits::default()
    });
    let chen = published(&app).await;
    let mut other = yubei_buses();
    other.slug = "yubei-bus-2026-b".into();
    change(
        &app.state,
        &chen,
        &other.slug,
        Change::Create(other.clone()),
    )
    .await
    .unwrap();
    change(&app.state, &chen, &other.slug, Change::Publish)
        .await
        .unwrap();
    app.set_time(datetime!(2026-12-05 02:00 UTC));
    let phone = app.register().await;
    let first = app
        .put_json(
            &format!("{PATH}/responses/{R1}"),
            &phone,
            &response(R1, "2026-12-05T10:00:00+08:00", "keep"),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.json);
    let changed = app
        .put_json(
            &format!("{PATH}/responses/{R1}"),
            &phone,
            &response(R1, "2026-12-05T10:05:00+08:00", "change"),
        )
        .await;
    assert_eq!(
        changed.status,
        StatusCode::OK,
        "a change is not a new answer: {}",
        changed.json
    );
    let second = app
        .put_json(
            &format!("/api/v1/campaigns/{}/responses/{R2}", other.slug),
            &phone,
            &response(R2, "2026-12-05T10:10:00+08:00", "keep"),
        )
        .await;
    assert_problem(&second, 429, "/problems/rate-limited");
    // Until midnight in China (16:00 UTC): 14 hours.
    assert_eq!(second.headers["retry-after"], "50400");
}

#[tokio::test]
async fn a_right_to_left_override_in_a_text_answer_is_refused() {
    let app = TestApp::new().await;
    published(&app).await;
    app.set_time(datetime!(2026-12-05 02:00 UTC));
    let phone = app.register().await;
    let mut body = response(R1, "2026-12-05T10:00:00+08:00", "keep");
    body["answers"][3]["value"]["text"] = json!("龙头寺\u{202E}站");
    let reply = app
        .put_json(&format!("{PATH}/responses/{R1}"), &phone, &body)
        .await;
    assert_problem(&reply, 422, "/problems/invalid");
    assert_eq!(
        reply.json["answer_errors"][0]["code"], "invalid_characters",
        "{}",
        reply.json
    );
}
