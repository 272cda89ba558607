//! A campaign's results on the desk, from answers sent through the API:
//! the counts as bars and as a table (the same numbers), free-text search
//! and paging, contact answers for supervisors only, and the CSV export.

mod common;

use axum::http::{header, StatusCode};
use common::campaign_form::*;
use common::TestApp;
use serde_json::json;

/// Every `attr="…"` value in `text`, in order.
fn values(text: &str, attr: &str) -> Vec<String> {
    let needle = format!("{attr}=\"");
    text.split(&needle)
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect()
}

/// The text of every `<td class="{class}">…</td>` in `text`.
fn cells(text: &str, class: &str) -> Vec<String> {
    let needle = format!("<td class=\"{class}\">");
    text.split(&needle)
        .skip(1)
        .map(|rest| rest.split("</td>").next().unwrap().to_owned())
        .collect()
}

/// The part of a page from the element with `id` to the end of its figure.
fn figure<'a>(text: &'a str, id: &str) -> &'a str {
    let start = text.find(&format!("id=\"{id}\"")).expect(id);
    let end = start + text[start..].find("</figure>").unwrap();
    &text[start..end]
}

#[tokio::test]
async fn the_results_page_counts_the_answers_sent_through_the_api() {
    let app = TestApp::new().await;
    published(&app).await;
    let chen = answering_day(&app, "chen").await;
    let sent = [
        ("a", vec!["seats", "shade"], 4),
        ("o2", vec!["shade"], 5),
        ("o2", vec!["toilets", "shade"], 2),
    ];
    for (n, (plan, needs, overall)) in sent.iter().enumerate() {
        send(&app, n, |id| answer(id, plan, needs, *overall, "", "")).await;
    }
    let page = app.staff_get(&format!("{PAGE}/results"), Some(&chen)).await;
    assert_eq!(page.status, StatusCode::OK);
    let t = &page.text;
    assert!(t.contains("3 responses in all"), "{t}");
    assert!(t.contains("<th scope=\"row\">2026-12-05</th><td>3</td>"));

    // Each counted question: the bars and the table say the same, and
    // both say what the residents sent.
    let expected = [
        ("chart-0", vec![("1", "33"), ("2", "67")]),
        ("chart-1", vec![("1", "33"), ("3", "100"), ("1", "33")]),
        (
            "chart-2",
            vec![
                ("0", "0"),
                ("1", "33"),
                ("0", "0"),
                ("1", "33"),
                ("1", "33"),
            ],
        ),
    ];
    for (id, want) in expected {
        let fig = figure(t, id);
        assert!(fig.contains("role=\"img\""));
        assert!(fig.contains("aria-label=\""));
        let bars: Vec<(String, String)> = values(fig, "data-count")
            .into_iter()
            .zip(values(fig, "data-percent"))
            .collect();
        let table: Vec<(String, String)> = cells(fig, "count")
            .into_iter()
            .zip(
                cells(fig, "percent")
                    .into_iter()
                    .map(|p| p.trim_end_matches('%').to_owned()),
            )
            .collect();
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(c, p)| ((*c).to_owned(), (*p).to_owned()))
            .collect();
        assert_eq!(bars, want, "{id} bars");
        assert_eq!(table, want, "{id} table");
    }
    assert!(
        t.contains("Plan one") && t.contains("5 (满意)"),
        "labels in the desk's language where written"
    );
}

async fn results(app: &TestApp, cookie: &str, query: &str) -> String {
    let page = app
        .staff_get(&format!("{PAGE}/results{query}"), Some(cookie))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    page.text
}

#[tokio::test]
async fn free_text_answers_are_searched_and_paged() {
    let app = TestApp::new().await;
    published(&app).await;
    let chen = answering_day(&app, "chen").await;
    for n in 0..25 {
        let more = if n % 5 == 0 {
            format!("第{n}条：希望增加公厕")
        } else {
            format!("第{n}条：保留老树")
        };
        send(&app, n, |id| answer(id, "a", &[], 3, &more, "")).await;
    }
    let first = results(&app, &chen, "").await;
    assert!(first.contains("25 answers"));
    assert_eq!(
        first.matches("：保留老树").count() + first.matches("：希望增加公厕").count(),
        20
    );
    assert!(first.contains("Page 1 of 2"));
    assert!(first.contains("question=more&amp;page=2"), "{first}");
    let second = results(&app, &chen, "?question=more&page=2").await;
    assert!(second.contains("Page 2 of 2"));
    assert_eq!(
        second.matches("：保留老树").count() + second.matches("：希望增加公厕").count(),
        5
    );
    let found = results(&app, &chen, "?question=more&q=%E5%85%AC%E5%8E%95").await;
    assert!(found.contains("5 answers"), "{found}");
    assert_eq!(found.matches("希望增加公厕").count(), 5);
    assert!(!found.contains("保留老树"));
    assert!(
        found.contains("value=\"公厕\""),
        "the search is shown again"
    );
    // A search's % is a character, not a wildcard.
    let literal = results(&app, &chen, "?question=more&q=%25").await;
    assert!(literal.contains("0 answers"));
    // Out-of-range and unreadable pages are harmless.
    assert!(results(&app, &chen, "?question=more&page=99")
        .await
        .contains("Page 99 of 2"));
    assert!(results(&app, &chen, "?question=more&page=x")
        .await
        .contains("Page 1 of 2"));
}

#[tokio::test]
async fn contact_answers_are_shown_to_supervisors_only() {
    let app = TestApp::new().await;
    published(&app).await;
    app.staff("wang", "clerk", None).await;
    let chen = answering_day(&app, "chen").await;
    let clerk = app.sign_in("wang").await;
    send(&app, 1, |id| answer(id, "a", &[], 3, "意见", "13800138000")).await;
    let theirs = app.staff_get(&format!("{PAGE}/results"), Some(&chen)).await;
    assert!(theirs.text.contains("13800138000"));
    let mine = app
        .staff_get(&format!("{PAGE}/results"), Some(&clerk))
        .await;
    assert!(!mine.text.contains("13800138000"));
    assert!(mine.text.contains("shown to supervisors only"));
    let (_, _, csv) = raw(&app, &format!("{PAGE}/responses.csv"), &clerk, None).await;
    let csv = String::from_utf8(csv).unwrap();
    assert!(!csv.contains("13800138000") && !csv.contains("phone"));
    let (_, _, csv) = raw(&app, &format!("{PAGE}/responses.csv"), &chen, None).await;
    assert!(String::from_utf8(csv).unwrap().contains("13800138000"));
}

#[tokio::test]
async fn the_csv_has_a_bom_a_header_and_one_row_per_phone_with_the_latest_answer() {
    let app = TestApp::new().await;
    published(&app).await;
    let chen = answering_day(&app, "chen").await;
    let first = send(&app, 1, |id| answer(id, "a", &["seats"], 2, "初稿", "")).await;
    send(&app, 2, |id| {
        answer(id, "o2", &["shade", "toilets"], 5, "说, \"引号\"", "")
    })
    .await;
    // The first phone changes its mind: revision 2 replaces revision 1.
    let mut changed = answer(&response_id(1), "o2", &["toilets", "seats"], 4, "改过", "");
    changed["answered_at"] = json!("2026-12-05T11:00:00+08:00");
    let r = app
        .put_json(
            &format!("{API}/responses/{}", response_id(1)),
            &first,
            &changed,
        )
        .await;
    assert_eq!(r.json["revision"], 2);

    let (status, headers, bytes) = raw(&app, &format!("{PAGE}/responses.csv"), &chen, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte-order mark");
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let disposition = headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(disposition.starts_with("attachment;") && disposition.contains("jfb-2026"));
    let csv = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let rows: Vec<&str> = csv.split("\r\n").filter(|r| !r.is_empty()).collect();
    assert_eq!(rows.len(), 3, "a header and one row per phone: {csv}");
    assert!(rows[0].starts_with("Revision,"));
    assert!(rows[0].contains("plan 您支持哪个方案？"));
    assert!(rows[1].starts_with("2,"), "{}", rows[1]);
    assert!(
        rows[1].contains(",方案二,公厕; 座椅,4,,改过,"),
        "{}",
        rows[1]
    );
    assert!(!csv.contains("初稿"), "only the latest revision");
    assert!(rows[2].starts_with("1,"));
    assert!(rows[2].contains("\"说, \"\"引号\"\"\""));
    // No device identifier leaves the server.
    let devices: Vec<String> = sqlx::query_scalar("SELECT id FROM devices")
        .fetch_all(&app.db.read)
        .await
        .unwrap();
    assert!(!devices.is_empty());
    for d in devices {
        assert!(!csv.contains(&d));
    }
}
