//! The office's side of suggestion campaigns through the Router: the
//! question builder without script (add, remove, switch a type, save,
//! problems next to their fields), previewing and publishing, correcting
//! a published campaign, the QR-code poster, who may do what, closing
//! early, the office's answer, and the audit log. Results are in
//! `campaign_results.rs`.

mod common;

use axum::body::Body;
use axum::http::{header, StatusCode};
use common::campaign_form::*;
use common::TestApp;
use letterbox_core::campaign::QuestionKind;

#[tokio::test]
async fn a_supervisor_builds_a_campaign_with_every_question_type_and_nothing_typed_is_lost() {
    let app = TestApp::new().await;
    let chen = app.staff("chen", "supervisor", None).await;
    let new = app.staff_get("/staff/campaigns/new", Some(&chen)).await;
    assert_eq!(new.status, StatusCode::OK);
    assert!(
        new.text.contains("<legend>Question 1</legend>"),
        "{}",
        new.text
    );
    assert!(new.text.contains("name=\"q0_type\""));

    // "Add a question": the typed values come back, with a second block.
    let mut fields = details();
    fields.extend(f(&[
        ("q0_type", "single_choice"),
        ("q0_prompt_zh", "您支持哪个方案？"),
        ("q0_options", "a: 方案一\n方案二"),
        ("add", "1"),
    ]));
    let added = post(&app, "/staff/campaigns", &chen, &fields).await;
    assert_eq!(added.status, StatusCode::OK);
    assert!(added.text.contains("<legend>Question 2</legend>"));
    assert!(added.text.contains("value=\"解放碑步行街改造征求意见\""));
    assert!(added.text.contains("a: 方案一\n方案二"), "options kept");
    assert!(added.text.contains("value=\"2026-12-15T18:00\""));

    // Switching a block's type keeps what the other type had typed.
    let mut switched = fields.clone();
    set(&mut switched, "q0_type", "scale");
    switched.retain(|(k, _)| k != "add");
    switched.push(("refresh".into(), "0".into()));
    let shown = post(&app, "/staff/campaigns", &chen, &switched).await;
    assert!(shown.text.contains("name=\"q0_low_zh\""));
    assert!(shown.text.contains("type=\"hidden\" name=\"q0_options\""));

    // "Remove" the first of two: the second becomes question 1, typed values kept.
    let mut two = details();
    two.extend(f(&[
        ("q0_type", "short_text"),
        ("q0_prompt_zh", "删掉我"),
        ("q1_type", "long_text"),
        ("q1_prompt_zh", "留下我"),
        ("q1_max_chars", "300"),
        ("remove", "0"),
    ]));
    let removed = post(&app, "/staff/campaigns", &chen, &two).await;
    assert_eq!(removed.status, StatusCode::OK);
    assert!(!removed.text.contains("删掉我"));
    assert!(removed.text.contains("留下我"));
    assert!(
        removed
            .text
            .contains("name=\"q0_max_chars\" type=\"text\" value=\"300\""),
        "{}",
        removed.text
    );
    assert!(!removed.text.contains("Question 2</legend>"));
    assert_eq!(
        app.count("campaigns").await,
        0,
        "nothing saved by add, refresh or remove"
    );

    // "Save": to the campaign's page, stored as core's campaign.
    let saved = post(&app, "/staff/campaigns", &chen, &full_form()).await;
    assert_redirect(&saved, PAGE);
    let c = stored(&app).await;
    assert_eq!(c.opens_at, "2026-12-01T00:00:00+08:00");
    assert_eq!(c.closes_at, "2026-12-15T18:00:00+08:00");
    assert_eq!(c.district.as_deref(), Some("500103"));
    let types: Vec<&str> = c.questions.iter().map(|q| q.kind.type_name()).collect();
    assert_eq!(
        types,
        [
            "single_choice",
            "multiple_choice",
            "scale",
            "short_text",
            "long_text",
            "short_text"
        ]
    );
    let ids: Vec<&str> = c.questions[0]
        .kind
        .options()
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(ids, ["a", "o2"], "an id made for the option without one");
    assert_eq!(c.questions[0].kind.options()[0].label.en, "Plan one");
    assert!(matches!(
        c.questions[1].kind,
        QuestionKind::MultipleChoice { max_picks: 2, .. }
    ));
    assert!(matches!(
        c.questions[4].kind,
        QuestionKind::LongText {
            max_chars: 500,
            photos: 3
        }
    ));
    assert!(c.questions[0].required && c.questions[5].contact);

    // Its edit form shows it as stored.
    let edit = app.staff_get(&format!("{PAGE}/edit"), Some(&chen)).await;
    assert!(
        edit.text.contains("a: 方案一 | Plan one\no2: 方案二"),
        "{}",
        edit.text
    );
    assert!(edit.text.contains("value=\"2026-12-01T00:00\""));
}

#[tokio::test]
async fn a_bad_form_shows_each_problem_next_to_its_field_and_keeps_what_was_typed() {
    let app = TestApp::new().await;
    let chen = app.staff("chen", "supervisor", None).await;
    let mut bad = full_form();
    set(&mut bad, "slug", "JFB 2026");
    set(&mut bad, "title_zh", "");
    set(&mut bad, "closes_at", "2026-11-30T18:00");
    set(&mut bad, "q1_max_picks", "5");
    set(&mut bad, "q5_required", "1");
    set(&mut bad, "q3_max_chars", "lots");
    let page = post(&app, "/staff/campaigns", &chen, &bad).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let t = &page.text;
    assert!(t.contains("Not saved."));
    assert!(t.contains("id=\"slug-error\""), "{t}");
    assert!(t.contains("The link name: 3 to 40 lowercase letters"));
    // The missing title is shown at the title, not with every text.
    assert!(t.contains("id=\"title_zh-error\""), "{t}");
    assert!(t.contains("aria-describedby=\"title_zh-error\""));
    assert!(!t.contains("id=\"intro_zh-error\""));
    assert!(!t.contains("id=\"texts-error\""));
    assert!(t.contains("id=\"opens_at-error\""));
    assert!(t.contains("id=\"q1-max_picks-error\""));
    assert!(t.contains("The most picks is a number from 1 to the number of options."));
    assert!(t.contains("id=\"q5-contact-error\""));
    assert!(t.contains("id=\"q3-max_chars-error\""));
    assert!(t.contains("aria-invalid=\"true\""));
    // Everything typed is there again.
    assert!(t.contains("value=\"JFB 2026\""));
    assert!(t.contains("value=\"lots\""));
    assert!(t.contains("渝中区拟对解放碑步行街进行改造，现公开征求意见。"));
    assert!(t.contains("seats: 座椅\nshade: 遮阳\ntoilets: 公厕"));
    assert_eq!(app.count("campaigns").await, 0);

    // In Chinese too.
    let zh = app
        .send_page(
            common::desk_post("/staff/campaigns", Some(&chen))
                .header(header::ACCEPT_LANGUAGE, "zh-CN")
                .body(Body::from(common::with_token(&encode(&bad), Some(&chen))))
                .unwrap(),
        )
        .await;
    assert!(zh.text.contains("最多可选数须为1到选项数之间的数字。"));

    // A link name already taken.
    let saved = post(&app, "/staff/campaigns", &chen, &full_form()).await;
    assert_redirect(&saved, PAGE);
    let again = post(&app, "/staff/campaigns", &chen, &full_form()).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.text.contains("This link name is already used"));
    assert!(again.text.contains("value=\"解放碑步行街改造征求意见\""));
}

#[tokio::test]
async fn a_supervisor_previews_publishes_and_prints_the_poster() {
    let app = TestApp::new().await;
    let chen = created(&app).await;
    let (status, _, page) = raw(&app, PAGE, &chen, Some("xinfang.example.cn")).await;
    assert_eq!(status, StatusCode::OK);
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains("Draft (only staff see it)"));
    assert!(page.contains("http://xinfang.example.cn/c/jfb-2026"));
    assert!(page.contains("As residents see it"));
    assert!(
        page.contains("Plan one"),
        "English where the office wrote it"
    );
    assert!(page.contains("type=\"radio\""));
    assert!(page.contains("Pick at most 2."));
    assert!(page.contains("Up to 3 photos may be added."));
    assert!(page.contains(&format!("action=\"{PAGE}/publish\"")));
    assert!(
        !page.contains(&format!("action=\"{PAGE}/close\"")),
        "a draft is not closed"
    );

    let done = app.form(&format!("{PAGE}/publish"), Some(&chen), "").await;
    assert_redirect(&done, PAGE);
    let page = app.staff_get(PAGE, Some(&chen)).await;
    assert!(page.text.contains("Published, not open yet"));
    assert!(!page.text.contains(&format!("action=\"{PAGE}/publish\"")));
    assert!(page.text.contains(&format!("action=\"{PAGE}/close\"")));
    assert_eq!(
        app.get(API, None).await.status,
        StatusCode::OK,
        "public now"
    );
    let again = app.form(&format!("{PAGE}/publish"), Some(&chen), "").await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    // After publishing, a typo may be corrected but the meaning not changed.
    let mut meaning = full_form();
    set(&mut meaning, "q1_max_picks", "3");
    let refused = post(&app, PAGE, &chen, &meaning).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.text.contains("only wording may be corrected"));
    assert!(refused.text.contains("value=\"3\""), "typed value kept");
    let mut typo = full_form();
    set(&mut typo, "q0_prompt_zh", "您更支持哪个方案？");
    assert_redirect(&post(&app, PAGE, &chen, &typo).await, PAGE);
    assert_eq!(
        stored(&app).await.questions[0].prompt.zh,
        "您更支持哪个方案？"
    );

    // The poster: an SVG with the title, the closing time and a QR code.
    let (status, headers, svg) = raw(
        &app,
        &format!("{PAGE}/poster.svg"),
        &chen,
        Some("xinfang.example.cn"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("image/svg+xml"));
    let svg = String::from_utf8(svg).unwrap();
    assert!(svg.starts_with("<?xml"));
    assert_eq!(
        svg.matches("<svg").count(),
        2,
        "the poster and the QR code in it"
    );
    assert_eq!(svg.matches("</svg>").count(), 2);
    assert!(svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains("解放碑步行街改造征求意见"));
    assert!(svg.contains("2026-12-15 18:00"));
    assert!(svg.contains("http://xinfang.example.cn/c/jfb-2026"));
    assert!(svg.contains("<path"), "the QR code's modules");
    assert!(!svg.contains("<script"));
}

#[tokio::test]
async fn a_clerk_reads_campaigns_and_results_but_cannot_create_or_publish() {
    let app = TestApp::new().await;
    let _chen = created(&app).await;
    let clerk = app.staff("wang", "clerk", None).await;
    let handler = app.staff("lihua", "handler", Some("housing")).await;
    for who in [&clerk, &handler] {
        let list = app.staff_get("/staff/campaigns", Some(who)).await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(list
            .text
            .contains("Jiefangbei pedestrian street renovation"));
        assert!(!list.text.contains("/staff/campaigns/new"));
        assert!(
            list.text.contains("href=\"/staff/campaigns\""),
            "in the navigation"
        );
        assert_eq!(app.staff_get(PAGE, Some(who)).await.status, StatusCode::OK);
        let results = app.staff_get(&format!("{PAGE}/results"), Some(who)).await;
        assert_eq!(results.status, StatusCode::OK);
    }
    let page = app.staff_get(PAGE, Some(&clerk)).await;
    assert!(!page.text.contains(&format!("action=\"{PAGE}/publish\"")));
    let new = app.staff_get("/staff/campaigns/new", Some(&clerk)).await;
    assert_eq!(new.status, StatusCode::FORBIDDEN);
    assert!(new.text.contains("Your role cannot open this page."));
    let mut other = full_form();
    set(&mut other, "slug", "other-2026");
    let create = post(&app, "/staff/campaigns", &clerk, &other).await;
    assert_eq!(create.status, StatusCode::FORBIDDEN);
    let publish = app.form(&format!("{PAGE}/publish"), Some(&clerk), "").await;
    assert_eq!(publish.status, StatusCode::FORBIDDEN);
    let edit = post(&app, PAGE, &clerk, &full_form()).await;
    assert_eq!(edit.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("campaigns").await, 1);
    assert_eq!(stored(&app).await.state.as_str(), "draft");
    assert_eq!(
        app.staff_get("/staff/campaigns/nothing-here", Some(&clerk))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn closing_early_and_publishing_the_answer_are_audited_with_every_other_action() {
    let app = TestApp::new().await;
    let chen = created(&app).await;
    let mut typo = full_form();
    set(
        &mut typo,
        "intro_zh",
        "渝中区拟对解放碑步行街进行改造，现向社会公开征求意见。",
    );
    assert_redirect(&post(&app, PAGE, &chen, &typo).await, PAGE);
    assert_redirect(
        &app.form(&format!("{PAGE}/publish"), Some(&chen), "").await,
        PAGE,
    );
    // No answer before the close.
    let early = app
        .form(
            &format!("{PAGE}/answer"),
            Some(&chen),
            "answer_zh=%E9%87%87%E7%BA%B3",
        )
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT);

    let chen = answering_day(&app, "chen").await;
    send(&app, 1, |id| answer(id, "a", &[], 3, "", "")).await;
    assert_redirect(
        &app.form(&format!("{PAGE}/close"), Some(&chen), "").await,
        PAGE,
    );
    let page = app.staff_get(PAGE, Some(&chen)).await;
    assert!(
        page.text.contains("closed early on 2026-12-05 10:00"),
        "{}",
        page.text
    );
    assert!(page.text.contains(&format!("action=\"{PAGE}/answer\"")));
    assert!(!page.text.contains(&format!("action=\"{PAGE}/close\"")));
    assert_eq!(app.get(API, None).await.json["state"], "closed");
    // An answer without Chinese words is refused, with the typed English kept.
    let refused = app
        .form(
            &format!("{PAGE}/answer"),
            Some(&chen),
            "answer_zh=&answer_en=We+keep+the+trees.",
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("Write it in Chinese"));
    assert!(refused.text.contains("We keep the trees."));
    let answer = encode(&f(&[
        (
            "answer_zh",
            "采纳方案一，增设座椅；公厕因用地所限暂不增设。",
        ),
        ("answer_en", "We keep the trees."),
    ]));
    assert_redirect(
        &app.form(&format!("{PAGE}/answer"), Some(&chen), &answer)
            .await,
        PAGE,
    );
    let page = app.staff_get(PAGE, Some(&chen)).await;
    assert!(page
        .text
        .contains("采纳方案一，增设座椅；公厕因用地所限暂不增设。"));
    assert_eq!(
        app.get(API, None).await.json["answer"]["en"],
        "We keep the trees."
    );
    // A closed campaign is no longer edited.
    let edit = app.staff_get(&format!("{PAGE}/edit"), Some(&chen)).await;
    assert_eq!(edit.status, StatusCode::CONFLICT);

    let audited: Vec<(String, String)> = sqlx::query_as(
        "SELECT action, detail FROM audit_log WHERE action LIKE 'campaign_%' ORDER BY id",
    )
    .fetch_all(&app.db.read)
    .await
    .unwrap();
    let actions: Vec<&str> = audited.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        actions,
        [
            "campaign_create",
            "campaign_edit",
            "campaign_publish",
            "campaign_close",
            "campaign_publish_answer"
        ]
    );
    assert!(audited.iter().all(|(_, slug)| slug == SLUG));
}
