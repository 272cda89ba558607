//! The sync feed never skips a change (issue 13, point 4): many writers on
//! two server instances over one database, a phone polling all the while
//! through both, and every change of its cases reaches it exactly once.
//! On PostgreSQL, without the feed lock (`db::locks::CASE_FEED`) a change
//! can commit after a later-numbered one and the phone's cursor passes it.

mod common;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use axum::http::StatusCode;
use common::{petition, petition_id, TestApp};
use letterbox_server::quota::QuotaLimits;

const CASES: usize = 40;
const CLERKS: usize = 4;
/// Small pages, so the phone's cursor moves often while writers commit.
const PAGE: u32 = 3;

fn generous() -> QuotaLimits {
    QuotaLimits {
        petitions_per_day: 1_000,
        ..QuotaLimits::default()
    }
}

/// One page of the feed after `cursor`, through `app`: the changes' places
/// and the next cursor.
async fn pull(app: &TestApp, token: &str, cursor: i64) -> (Vec<i64>, i64) {
    let reply = app
        .get(
            &format!("/api/v1/sync?cursor={cursor}&limit={PAGE}"),
            Some(token),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.json);
    let seqs = reply.json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["seq"].as_i64().unwrap())
        .collect();
    let next = reply.json["next_cursor"].as_i64().unwrap();
    (seqs, next)
}

/// Polls as a phone does, alternating instances, until told to stop and
/// then until the feed is drained; every place it was given, in order.
async fn poll(apps: [Arc<TestApp>; 2], token: String, stop: Arc<AtomicBool>) -> Vec<i64> {
    let mut seen = Vec::new();
    let mut cursor = 0;
    let mut turn = 0;
    loop {
        let stopping = stop.load(Ordering::SeqCst);
        let (seqs, next) = pull(&apps[turn % 2], &token, cursor).await;
        turn += 1;
        let empty = seqs.is_empty();
        seen.extend(seqs);
        cursor = next;
        if stopping && empty {
            return seen;
        }
        tokio::task::yield_now().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_phone_polling_while_two_instances_write_sees_every_change_exactly_once() {
    let a = Arc::new(TestApp::new().await.with_quotas(generous()));
    let b = Arc::new(a.second_instance().await.with_quotas(generous()));
    let resident = a.register().await;
    let mut cases = Vec::new();
    for i in 0..CASES {
        let app = if i % 2 == 0 { &a } else { &b };
        let id = petition_id();
        let sent = app
            .post_json("/api/v1/petitions", Some(&resident), &petition(&id))
            .await;
        assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.json);
        cases.push(id);
    }
    let mut clerks = Vec::new();
    for i in 0..CLERKS {
        clerks.push(a.staff(&format!("clerk{i}"), "clerk", None).await);
    }

    let stop = Arc::new(AtomicBool::new(false));
    let reader = tokio::spawn(poll([a.clone(), b.clone()], resident.clone(), stop.clone()));
    // Each clerk registers and assigns a share of the cases, every action
    // through the other instance than the one before: two changes a case,
    // on many cases at once.
    let mut writers = Vec::new();
    for (i, cookie) in clerks.into_iter().enumerate() {
        let share: Vec<String> = cases.iter().skip(i).step_by(CLERKS).cloned().collect();
        let apps = [a.clone(), b.clone()];
        writers.push(tokio::spawn(async move {
            let mut turn = i;
            for id in share {
                for form in ["action=register", "action=assign&departments=housing"] {
                    let app = &apps[turn % 2];
                    turn += 1;
                    let page = app
                        .form(&format!("/staff/cases/{id}/actions"), Some(&cookie), form)
                        .await;
                    assert_eq!(page.status, StatusCode::SEE_OTHER, "{form}: {}", page.text);
                }
            }
        }));
    }
    for writer in writers {
        writer.await.unwrap();
    }
    stop.store(true, Ordering::SeqCst);
    let seen = reader.await.unwrap();

    let stored: Vec<i64> = sqlx::query_scalar(
        "SELECT c.seq FROM case_changes c JOIN petitions p ON p.id = c.petition_id \
         WHERE p.device_id = (SELECT device_id FROM petitions WHERE id = $1) ORDER BY c.seq",
    )
    .bind(&cases[0])
    .fetch_all(&a.db.read)
    .await
    .unwrap();
    assert_eq!(
        stored.len(),
        CASES * 3,
        "receive, register, assign per case"
    );
    let unique: BTreeSet<i64> = seen.iter().copied().collect();
    assert_eq!(unique.len(), seen.len(), "a change came twice: {seen:?}");
    assert!(
        seen.windows(2).all(|w| w[0] < w[1]),
        "out of order: {seen:?}"
    );
    let missed: Vec<i64> = stored
        .iter()
        .filter(|s| !unique.contains(s))
        .copied()
        .collect();
    assert!(missed.is_empty(), "the phone never saw {missed:?}");
    assert_eq!(seen, stored);
}

/// The race itself, made to happen: one transaction draws its place in
/// the feed and has not committed when a second one draws the next place
/// and tries to commit. The second must not become visible first, or a
/// phone polling in between moves its cursor past the first for good.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_numbered_later_never_becomes_visible_before_an_earlier_one() {
    use letterbox_server::db::changes::{append, feed, NewChange};
    let app = TestApp::new().await;
    let resident = app.register().await;
    let id = petition_id();
    app.post_json("/api/v1/petitions", Some(&resident), &petition(&id))
        .await;
    let device: String = sqlx::query_scalar("SELECT device_id FROM petitions WHERE id = $1")
        .bind(&id)
        .fetch_one(&app.db.read)
        .await
        .unwrap();
    let device_id: uuid::Uuid = device.parse().unwrap();
    let petition: uuid::Uuid = id.parse().unwrap();
    let (_, cursor) = pull(&app, &resident, 0).await;
    // Shared by both transactions' tasks for the test's whole run.
    let device: &'static str = Box::leak(device.into_boxed_str());
    let change = move |status: &'static str| NewChange {
        petition,
        device,
        status,
        at: "2026-11-28T09:30:00Z",
        event_json: "null",
    };

    let mut first = app.db.write.begin().await.unwrap();
    let first_seq = append(&mut first, &change("registered")).await.unwrap();
    let write = app.db.write.clone();
    let second = tokio::spawn(async move {
        let mut tx = write.begin().await.unwrap();
        let seq = append(&mut tx, &change("assigned")).await.unwrap();
        tx.commit().await.unwrap();
        seq
    });
    // Time for the second to commit if anything lets it: it must not.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let visible = feed(&app.db.read, device_id, cursor, 10).await.unwrap();
    assert!(
        visible.is_empty(),
        "visible before the earlier change committed: {:?}",
        visible.iter().map(|r| r.seq).collect::<Vec<_>>()
    );
    assert!(!second.is_finished());
    first.commit().await.unwrap();
    let second_seq = second.await.unwrap();
    assert!(first_seq < second_seq);
    let after: Vec<i64> = feed(&app.db.read, device_id, cursor, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.seq)
        .collect();
    assert_eq!(after, [first_seq, second_seq]);
}
