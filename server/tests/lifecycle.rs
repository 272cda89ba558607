//! The case lifecycle through the real Router and a real SQLite file: the
//! staff desk's transitions and role checks, the resident's follow-ups,
//! ratings, review windows (with a clock the test moves), the query-code
//! lookup and its rate limit.

mod common;

use axum::http::StatusCode;
use common::{assert_problem, petition, petition_id, TestApp};
use serde_json::{json, Value};
use time::macros::datetime;

async fn send_case(app: &TestApp, token: &str) -> String {
    let id = petition_id();
    let reply = app
        .post_json("/api/v1/petitions", Some(token), &petition(&id))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.json);
    id
}

async fn act(app: &TestApp, cookie: &str, id: &str, form: &str) -> common::Page {
    app.form(&format!("/staff/cases/{id}/actions"), Some(cookie), form)
        .await
}

async fn assert_done(app: &TestApp, cookie: &str, id: &str, form: &str) {
    let page = act(app, cookie, id, form).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{form}: {}", page.text);
    assert_eq!(
        page.location.as_deref(),
        Some(format!("/staff/cases/{id}").as_str())
    );
}

async fn feed(app: &TestApp, token: &str) -> Vec<Value> {
    let reply = app
        .get("/api/v1/sync?cursor=0&limit=500", Some(token))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    reply.json["changes"].as_array().unwrap().clone()
}

async fn follow_up(
    app: &TestApp,
    token: &str,
    id: &str,
    request: &str,
    body: Value,
) -> common::Reply {
    app.put_json(
        &format!("/api/v1/petitions/{id}/requests/{request}"),
        token,
        &body,
    )
    .await
}

#[tokio::test]
async fn a_case_goes_from_registration_to_a_final_answer() {
    let app = TestApp::new().await;
    let resident = app.register().await;
    let clerk = app.staff("clerk1", "clerk", None).await;
    let housing = app.staff("housing1", "handler", Some("housing")).await;
    let water = app.staff("water1", "handler", Some("utilities")).await;
    let boss = app.staff("boss", "supervisor", None).await;
    let id = send_case(&app, &resident).await;

    // Nobody but the clerk (or supervisor) registers; nothing skips a stage.
    let page = act(&app, &housing, &id, "action=register").await;
    assert_eq!(
        page.status,
        StatusCode::FORBIDDEN,
        "handler of no department yet"
    );
    let page = act(&app, &clerk, &id, "action=accept").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(
        page.text.contains("A clerk cannot “Accept”."),
        "{}",
        page.text
    );
    assert_done(&app, &clerk, &id, "action=register").await;
    let page = act(&app, &clerk, &id, "action=register").await;
    assert_eq!(page.status, StatusCode::CONFLICT, "registered twice");
    let page = act(&app, &clerk, &id, "action=assign&departments=nonsense").await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_done(&app, &clerk, &id, "action=assign&departments=housing&note=").await;

    // Another department's handler cannot see or act on it.
    assert_eq!(
        app.staff_get(&format!("/staff/cases/{id}"), Some(&water))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        act(&app, &water, &id, "action=accept").await.status,
        StatusCode::FORBIDDEN
    );
    let queue = app.staff_get("/staff", Some(&water)).await;
    assert!(
        !queue.text.contains("LB-2026-000001"),
        "not in the other queue"
    );
    let queue = app.staff_get("/staff", Some(&housing)).await;
    assert!(queue.text.contains("LB-2026-000001"));

    // Transfer and back, then accept.
    assert_done(
        &app,
        &housing,
        &id,
        "action=transfer&departments=utilities&note=%E4%B8%8D%E5%B1%9E%E6%9C%AC%E5%8D%95%E4%BD%8D",
    )
    .await;
    assert_eq!(
        act(&app, &housing, &id, "action=accept").await.status,
        StatusCode::FORBIDDEN
    );
    assert_done(
        &app,
        &water,
        &id,
        "action=transfer&departments=housing&departments=utilities",
    )
    .await;
    assert_done(&app, &housing, &id, "action=accept").await;

    // Only a supervisor extends, once, by at most 30 days, with a reason.
    assert_eq!(
        act(&app, &housing, &id, "action=extend&days=10&note=x")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        act(&app, &boss, &id, "action=extend&days=31&note=x")
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        act(&app, &boss, &id, "action=extend&days=10&note=")
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_done(
        &app,
        &boss,
        &id,
        "action=extend&days=10&note=%E9%9C%80%E8%A6%81%E7%8E%B0%E5%9C%BA%E5%8B%98%E6%9F%A5",
    )
    .await;
    assert_eq!(
        act(&app, &boss, &id, "action=extend&days=5&note=again")
            .await
            .status,
        StatusCode::CONFLICT
    );

    // Rating before the reply is refused (409).
    let rating = json!({"type": "rate", "answer_seq": 1, "rating": {"satisfaction": "satisfied"}});
    let early = follow_up(&app, &resident, &id, &petition_id(), rating).await;
    assert_problem(&early, 409, "/problems/case-state");

    assert_done(
        &app,
        &housing,
        &id,
        "action=reply&outcome=does_not_support&note=%E4%B8%8D%E4%BA%88%E6%94%AF%E6%8C%81",
    )
    .await;
    assert_eq!(
        act(&app, &housing, &id, "action=accept").await.status,
        StatusCode::CONFLICT
    );

    // The resident's feed carries every event, the query code on registration.
    let changes = feed(&app, &resident).await;
    let actions: Vec<&str> = changes
        .iter()
        .map(|c| c["event"]["action"]["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["receive", "register", "assign", "transfer", "transfer", "accept", "extend", "reply"]
    );
    let code = changes[1]["query_code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 8);
    assert!(
        changes
            .iter()
            .filter(|c| c.get("query_code").is_some())
            .count()
            == 1
    );
    let reply = &changes[7]["event"];
    assert_eq!(reply["status"], "replied");
    assert_eq!(reply["actor"], "handler");
    assert_eq!(reply["action"]["outcome"], "does_not_support");
    assert_eq!(reply["note"], "不予支持");
    assert_eq!(reply["departments"], json!(["housing", "utilities"]));
    let answer_seq = reply["seq"].as_i64().unwrap();

    // One rating per answer; a resend of the same rating is the same rating.
    let rate_id = petition_id();
    let body = json!({"type": "rate", "answer_seq": answer_seq,
        "rating": {"satisfaction": "dissatisfied", "timeliness": 2, "result": 1, "comment": "没有解决"}});
    let first = follow_up(&app, &resident, &id, &rate_id, body.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.json);
    let again = follow_up(&app, &resident, &id, &rate_id, body.clone()).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json["event"]["seq"], first.json["event"]["seq"]);
    let other = follow_up(&app, &resident, &id, &petition_id(), body.clone()).await;
    assert_problem(&other, 409, "/problems/case-state");
    let mut changed = body.clone();
    changed["rating"]["satisfaction"] = json!("satisfied");
    let conflict = follow_up(&app, &resident, &id, &rate_id, changed).await;
    assert_problem(&conflict, 409, "/problems/id-conflict");
    assert_eq!(app.count("ratings").await, 1);
    let page = app
        .staff_get(&format!("/staff/cases/{id}"), Some(&housing))
        .await;
    assert!(
        page.text.contains("Dissatisfied") && page.text.contains("没有解决"),
        "staff see the rating"
    );

    // Another device can do nothing with this case.
    let stranger = app.register().await;
    let theirs = follow_up(
        &app,
        &stranger,
        &id,
        &petition_id(),
        json!({"type": "request_review"}),
    )
    .await;
    assert_problem(&theirs, 404, "/problems/not-found");

    // The review window: 30 days from the reply (28 Nov) end on Monday
    // 28 December; on the 29th it is closed.
    app.set_time(datetime!(2026-12-29 02:00 UTC));
    let late = follow_up(
        &app,
        &resident,
        &id,
        &petition_id(),
        json!({"type": "request_review"}),
    )
    .await;
    assert_problem(&late, 409, "/problems/case-state");
    assert!(late.json["detail"].as_str().unwrap().contains("2026-12-28"));
    // A phone's claim to have asked long ago is not believed...
    let stale = follow_up(
        &app,
        &resident,
        &id,
        &petition_id(),
        json!({"type": "request_review", "requested_at": "2026-12-20T02:00:00Z"}),
    )
    .await;
    assert_problem(&stale, 409, "/problems/case-state");
    // ...but a request made offline on the last day (28 December, Beijing
    // time) that reaches the office within the grace days still counts.
    app.set_time(datetime!(2027-01-02 02:00 UTC));
    let review = follow_up(
        &app,
        &resident,
        &id,
        &petition_id(),
        json!({"type": "request_review", "reason": "事实认定有误", "requested_at": "2026-12-28T15:00:00Z"}),
    )
    .await;
    assert_eq!(review.status, StatusCode::CREATED, "{:?}", review.json);
    assert_eq!(review.json["event"]["status"], "review_requested");

    // Only a supervisor answers a review; the answer can be rated again.
    // (The day's sessions have expired by now.)
    let (clerk, housing, boss) = (
        app.sign_in("clerk1").await,
        app.sign_in("housing1").await,
        app.sign_in("boss").await,
    );
    assert_eq!(
        act(
            &app,
            &housing,
            &id,
            "action=answer_review&outcome=explains&note=x"
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_done(
        &app,
        &boss,
        &id,
        "action=answer_review&outcome=supports&note=%E5%A4%8D%E6%9F%A5%E6%94%AF%E6%8C%81",
    )
    .await;
    let changes = feed(&app, &resident).await;
    let review_answer = changes.last().unwrap()["event"]["seq"].as_i64().unwrap();
    let rerate = follow_up(&app, &resident, &id, &petition_id(), json!({"type": "rate", "answer_seq": review_answer, "rating": {"satisfaction": "satisfied"}})).await;
    assert_eq!(rerate.status, StatusCode::CREATED);
    let recheck = follow_up(
        &app,
        &resident,
        &id,
        &petition_id(),
        json!({"type": "request_recheck"}),
    )
    .await;
    assert_eq!(recheck.status, StatusCode::CREATED);
    assert_done(
        &app,
        &boss,
        &id,
        "action=answer_recheck&outcome=explains&note=%E7%BB%88%E7%BB%93",
    )
    .await;
    assert_eq!(
        feed(&app, &resident).await.last().unwrap()["status"],
        "final"
    );
    let withdraw = follow_up(
        &app,
        &resident,
        &id,
        &petition_id(),
        json!({"type": "withdraw"}),
    )
    .await;
    assert_problem(&withdraw, 409, "/problems/case-state");

    // The audit log holds every staff action and sign-in (and every look
    // at the identity, counted in tests/my_data.rs).
    let audited: Vec<(String,)> = sqlx::query_as(
        "SELECT action FROM audit_log WHERE petition_id = $1 AND action NOT LIKE 'view_%' ORDER BY id",
    )
            .bind(&id)
            .fetch_all(&app.db.read)
            .await
            .unwrap();
    let audited: Vec<&str> = audited.iter().map(|(a,)| a.as_str()).collect();
    assert_eq!(
        audited,
        [
            "register",
            "assign",
            "transfer",
            "transfer",
            "accept",
            "extend",
            "reply",
            "answer_review",
            "answer_recheck"
        ]
    );
    let sign_ins: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in'")
            .fetch_one(&app.db.read)
            .await
            .unwrap();
    assert_eq!(sign_ins, 7, "four accounts, three signed in again");

    // The report counts the reply on time and the satisfaction.
    let report = app.staff_get("/staff/report", Some(&boss)).await;
    assert_eq!(report.status, StatusCode::OK);
    assert!(
        report.text.contains("1 / 1 (100%)"),
        "replied on time: {}",
        report.text
    );
    assert!(
        report.text.contains("1 / 2 (50%)"),
        "one of two ratings satisfied"
    );
    assert_eq!(
        app.staff_get("/staff/report", Some(&clerk)).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_residents_token_opens_no_staff_page_and_sign_in_is_checked() {
    let app = TestApp::new().await;
    let resident = app.register().await;
    let id = send_case(&app, &resident).await;
    let bearer = app.get("/staff", Some(&resident)).await;
    assert_eq!(bearer.status, StatusCode::SEE_OTHER, "sent to sign in");
    assert_eq!(bearer.headers["location"], "/staff/login");
    // A device token offered as a session cookie is not a session.
    let page = app
        .staff_get(
            &format!("/staff/cases/{id}"),
            Some(&format!("letterbox_staff={resident}")),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let page = act(
        &app,
        &format!("letterbox_staff={resident}"),
        &id,
        "action=register",
    )
    .await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    let photo = app
        .get(
            &format!("/staff/cases/{id}/photos/{}", petition_id()),
            Some(&resident),
        )
        .await;
    assert_eq!(photo.status, StatusCode::SEE_OTHER);

    // The desk speaks Chinese unless the browser prefers English, and the
    // choice can be switched and is remembered.
    let zh = app
        .send_page(
            axum::http::Request::get("/staff/login")
                .header("accept-language", "zh-CN,zh;q=0.9")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert!(zh.text.contains("lang=\"zh-CN\"") && zh.text.contains("用户名"));
    let switched = app.form("/staff/lang", None, "to=zh").await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    let cookie = switched.set_cookie.unwrap();
    assert!(cookie.starts_with("letterbox_staff_lang=zh"));
    let chosen = app
        .staff_get("/staff/login", Some("letterbox_staff_lang=zh"))
        .await;
    assert!(
        chosen.text.contains("用户名"),
        "the cookie wins over the browser's English"
    );

    let _ = app.staff("clerk1", "clerk", None).await;
    let wrong = app
        .form(
            "/staff/login",
            None,
            "username=clerk1&password=wrong+password",
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.text.contains("wrong"));
    let unknown = app
        .form(
            "/staff/login",
            None,
            "username=nobody&password=wrong+password",
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    // Ten failures for one name from one address in a window lock that
    // name there, even with the right password (other addresses: see
    // desk_sign_in.rs); another name is not affected.
    for _ in 0..9 {
        let again = app
            .form(
                "/staff/login",
                None,
                "username=clerk1&password=wrong+password",
            )
            .await;
        assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    }
    let locked = app
        .form(
            "/staff/login",
            None,
            "username=clerk1&password=a+long+enough+password",
        )
        .await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(locked.text.contains("Too many attempts"));
    let hash: String =
        sqlx::query_scalar("SELECT password_hash FROM staff WHERE username = 'clerk1'")
            .fetch_one(&app.db.read)
            .await
            .unwrap();
    assert!(hash.starts_with("$argon2id$"));

    // Sign-out ends the session on the server, not just in the browser.
    let cookie = app.staff("clerk2", "clerk", None).await;
    assert_eq!(
        app.staff_get("/staff", Some(&cookie)).await.status,
        StatusCode::OK
    );
    let out = app.form("/staff/logout", Some(&cookie), "").await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.staff_get("/staff", Some(&cookie)).await.status,
        StatusCode::SEE_OTHER
    );
    // Sessions expire.
    let cookie = app.staff("clerk3", "clerk", None).await;
    app.set_time(datetime!(2026-11-28 21:31 UTC));
    assert_eq!(
        app.staff_get("/staff", Some(&cookie)).await.status,
        StatusCode::SEE_OTHER
    );
    // A new password ends the account's sessions; a disabled account can
    // neither use its session nor sign in again.
    app.set_time(datetime!(2026-11-28 09:30 UTC));
    let cookie = app.staff("clerk4", "clerk", None).await;
    letterbox_server::staff::accounts::set_password(
        &app.db.write,
        "clerk4",
        "another long password",
    )
    .await
    .unwrap();
    assert_eq!(
        app.staff_get("/staff", Some(&cookie)).await.status,
        StatusCode::SEE_OTHER
    );
    let old = app
        .form(
            "/staff/login",
            None,
            "username=clerk4&password=a+long+enough+password",
        )
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let new = app
        .form(
            "/staff/login",
            None,
            "username=clerk4&password=another+long+password",
        )
        .await;
    assert_eq!(new.status, StatusCode::SEE_OTHER);
    let cookie = new
        .set_cookie
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(
        app.staff_get("/staff", Some(&cookie)).await.status,
        StatusCode::OK
    );
    letterbox_server::staff::accounts::disable(&app.db.write, "clerk4", "2026-11-28T09:31:00Z")
        .await
        .unwrap();
    assert_eq!(
        app.staff_get("/staff", Some(&cookie)).await.status,
        StatusCode::SEE_OTHER
    );
    let after = app
        .form(
            "/staff/login",
            None,
            "username=clerk4&password=another+long+password",
        )
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    // A sign-in whose password check raced a password change opens nothing:
    // the session is made only for the hash that was checked.
    let id: i64 = sqlx::query_scalar("SELECT id FROM staff WHERE username = 'clerk2'")
        .fetch_one(&app.db.read)
        .await
        .unwrap();
    let stale = letterbox_server::staff::session::start(&app.state, id, "$argon2id$stale")
        .await
        .unwrap();
    assert!(stale.is_none());
    let current: String = sqlx::query_scalar("SELECT password_hash FROM staff WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.read)
        .await
        .unwrap();
    assert!(
        letterbox_server::staff::session::start(&app.state, id, &current)
            .await
            .unwrap()
            .is_some()
    );
    let listed = letterbox_server::staff::accounts::list(&app.db.read)
        .await
        .unwrap();
    assert!(listed
        .iter()
        .any(|l| l.starts_with("clerk4\t") && l.contains("disabled")));
    assert!(matches!(
        letterbox_server::staff::accounts::disable(&app.db.write, "nobody", "x").await,
        Err(letterbox_server::staff::accounts::AccountError::Unknown(_))
    ));
}

#[tokio::test]
async fn the_queue_puts_overdue_cases_first_and_hides_a_reporters_identity() {
    let app = TestApp::new().await;
    let resident = app.register().await;
    let clerk = app.staff("clerk1", "clerk", None).await;
    let boss = app.staff("boss", "supervisor", None).await;
    app.set_time(datetime!(2026-10-01 02:00 UTC));
    let old = send_case(&app, &resident).await;
    app.set_time(datetime!(2026-11-27 02:00 UTC));
    let report_id = petition_id();
    let mut report = petition(&report_id);
    report["kind"] = json!("report");
    report["identity"] = json!({"name": "李四", "phone": "139 0000 1111", "address": ""});
    let sent = app
        .post_json("/api/v1/petitions", Some(&resident), &report)
        .await;
    assert_eq!(sent.status, StatusCode::CREATED);
    app.set_time(datetime!(2026-11-28 02:00 UTC));

    let queue = app.staff_get("/staff", Some(&clerk)).await;
    let first = queue.text.find("LB-2026-000001").unwrap();
    let second = queue.text.find("LB-2026-000002").unwrap();
    assert!(first < second, "the overdue case comes first");
    assert!(queue.text.contains("Overdue by"), "{}", queue.text);
    // Finding a case by its number (as typed) or by words of its title.
    let found = app.staff_get("/staff?q=lb-2026-000002", Some(&clerk)).await;
    assert!(found.text.contains("LB-2026-000002") && !found.text.contains("LB-2026-000001"));
    let by_title = app
        .staff_get("/staff?all=1&q=%E7%87%83%E6%B0%94", Some(&clerk))
        .await;
    assert!(by_title.text.contains("LB-2026-000001") && by_title.text.contains("LB-2026-000002"));
    let literal = app.staff_get("/staff?q=100%25", Some(&clerk)).await;
    assert!(
        !literal.text.contains("LB-2026-"),
        "% is a character, not a wildcard"
    );

    let as_clerk = app
        .staff_get(&format!("/staff/cases/{report_id}"), Some(&clerk))
        .await;
    assert!(!as_clerk.text.contains("139 0000 1111") && !as_clerk.text.contains("李四"));
    assert!(as_clerk.text.contains("Art. 30"));
    let as_boss = app
        .staff_get(&format!("/staff/cases/{report_id}"), Some(&boss))
        .await;
    assert!(as_boss.text.contains("139 0000 1111"));
    let complaint = app
        .staff_get(&format!("/staff/cases/{old}"), Some(&clerk))
        .await;
    assert!(
        complaint.text.contains("张三"),
        "a complainant's name is there to handle the case"
    );
    // The deadline shows its article.
    assert!(
        complaint.text.contains("Regulations Art. 22"),
        "{}",
        complaint.text
    );
    let zh = app
        .send_page(
            axum::http::Request::get(format!("/staff/cases/{old}"))
                .header("accept-language", "zh-CN")
                .header("cookie", &clerk)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert!(
        zh.text.contains("（《信访工作条例》第22条）"),
        "{}",
        zh.text
    );
}

#[tokio::test]
async fn a_case_number_and_query_code_follow_a_case_and_guessing_is_limited() {
    let app = TestApp::new().await;
    let resident = app.register().await;
    let clerk = app.staff("clerk1", "clerk", None).await;
    let id = send_case(&app, &resident).await;
    let number = "LB-2026-000001";
    // Before registration there is no code to use.
    let code = letterbox_server::query_code::code_for(&app.state.query_key, id.parse().unwrap());
    let early = app
        .post_json(
            "/api/v1/cases/lookup",
            None,
            &json!({"case_number": number, "query_code": code}),
        )
        .await;
    assert_problem(&early, 404, "/problems/not-found");
    assert_done(&app, &clerk, &id, "action=register").await;
    let issued = feed(&app, &resident).await[1]["query_code"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(issued, code);

    let found = app
        .post_json(
            "/api/v1/cases/lookup",
            None,
            &json!({"case_number": number.to_lowercase(), "query_code": code.to_lowercase()}),
        )
        .await;
    assert_eq!(found.status, StatusCode::OK, "{:?}", found.json);
    assert_eq!(found.json["status"], "registered");
    assert_eq!(found.json["events"].as_array().unwrap().len(), 2);
    assert!(found.json["body"].as_str().unwrap().contains("燃气"));
    assert!(found.json.get("identity").is_none() && !found.json.to_string().contains("张三"));

    // Looked up from another device, the case is followed there: its feed
    // brings the case's later changes, without the code; it cannot act.
    let other_phone = app.register().await;
    let followed = app
        .post_json(
            "/api/v1/cases/lookup",
            Some(&other_phone),
            &json!({"case_number": number, "query_code": code}),
        )
        .await;
    assert_eq!(followed.status, StatusCode::OK);
    assert_eq!(followed.json["id"], id.as_str());
    assert!(feed(&app, &other_phone)
        .await
        .iter()
        .any(|c| c["petition_id"] == id.as_str()));
    assert_done(&app, &clerk, &id, "action=assign&departments=housing").await;
    let theirs = feed(&app, &other_phone).await;
    assert_eq!(theirs.last().unwrap()["status"], "assigned");
    assert!(theirs.iter().all(|c| c.get("query_code").is_none()));
    // The receipt (address, photos) stays with the sender's device.
    assert_eq!(
        app.get(&format!("/api/v1/petitions/{id}"), Some(&other_phone))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let act_there = follow_up(
        &app,
        &other_phone,
        &id,
        &petition_id(),
        json!({"type": "withdraw"}),
    )
    .await;
    assert_problem(&act_there, 404, "/problems/not-found");
    let bad_token = app
        .post_json(
            "/api/v1/cases/lookup",
            Some("not-a-token"),
            &json!({"case_number": number, "query_code": code}),
        )
        .await;
    assert_problem(&bad_token, 401, "/problems/unauthorized");

    let wrong_code = app
        .post_json(
            "/api/v1/cases/lookup",
            None,
            &json!({"case_number": number, "query_code": "ABCDEFGH"}),
        )
        .await;
    let wrong_number = app
        .post_json(
            "/api/v1/cases/lookup",
            None,
            &json!({"case_number": "LB-2026-999999", "query_code": code}),
        )
        .await;
    assert_problem(&wrong_code, 404, "/problems/not-found");
    assert_eq!(
        wrong_code.json, wrong_number.json,
        "the same answer for both"
    );
    for _ in 0..5 {
        let r = app
            .post_json(
                "/api/v1/cases/lookup",
                None,
                &json!({"case_number": number, "query_code": "ABCDEFGH"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
    // The tenth attempt in the window was the last.
    let limited = app
        .post_json(
            "/api/v1/cases/lookup",
            None,
            &json!({"case_number": number, "query_code": code}),
        )
        .await;
    assert_problem(&limited, 429, "/problems/rate-limited");
    assert!(limited.headers.contains_key("retry-after"));
    app.set_time(datetime!(2026-11-28 09:41 UTC));
    let later = app
        .post_json(
            "/api/v1/cases/lookup",
            None,
            &json!({"case_number": number, "query_code": code}),
        )
        .await;
    assert_eq!(later.status, StatusCode::OK, "a new window");
}

#[tokio::test]
async fn a_resident_withdraws_before_a_reply_and_adds_a_supplement_with_photos() {
    let app = TestApp::new().await;
    let resident = app.register().await;
    let clerk = app.staff("clerk1", "clerk", None).await;
    let id = send_case(&app, &resident).await;
    assert_done(&app, &clerk, &id, "action=register").await;
    let photo = json!({"id": petition_id(), "sha256": "ab".repeat(32), "bytes": 1000, "mime": "image/webp"});
    let body =
        json!({"type": "supplement", "text": "补充：燃气公司已答复仍未通气", "photos": [photo]});
    let supplement = follow_up(&app, &resident, &id, &petition_id(), body).await;
    assert_eq!(
        supplement.status,
        StatusCode::CREATED,
        "{:?}",
        supplement.json
    );
    assert_eq!(supplement.json["event"]["action"]["photos"], 1);
    assert_eq!(
        supplement.json["event"]["status"], "registered",
        "no stage change"
    );
    let declared: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM petition_photos WHERE petition_id = $1 AND supplement_id IS NOT NULL",
    )
    .bind(&id)
    .fetch_one(&app.db.read)
    .await
    .unwrap();
    assert_eq!(declared, 1);
    let page = app
        .staff_get(&format!("/staff/cases/{id}"), Some(&clerk))
        .await;
    assert!(
        page.text.contains("燃气公司已答复仍未通气"),
        "staff see the supplement"
    );
    let empty = follow_up(
        &app,
        &resident,
        &id,
        &petition_id(),
        json!({"type": "supplement", "text": "  "}),
    )
    .await;
    assert_problem(&empty, 422, "/problems/invalid");
    let bad = follow_up(
        &app,
        &resident,
        &id,
        &petition_id(),
        json!({"type": "dance"}),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    let withdraw = follow_up(
        &app,
        &resident,
        &id,
        &petition_id(),
        json!({"type": "withdraw", "reason": "已自行解决"}),
    )
    .await;
    assert_eq!(withdraw.status, StatusCode::CREATED);
    assert_eq!(withdraw.json["event"]["status"], "withdrawn");
    assert_eq!(
        act(&app, &clerk, &id, "action=assign&departments=housing")
            .await
            .status,
        StatusCode::CONFLICT
    );
}
