//! The IndexedDB store, in real headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use letterbox::store::{
    CachedCatalogue, OutboxStatus, OutboxSummary, PetitionText, Store, StoreError, STORES,
};
use letterbox_core::api::{
    CaseChange, DeviceRegistration, FollowUp, Identity, NewPetition, PetitionReceipt,
};
use letterbox_core::case::CaseRecord;
use letterbox_core::catalogue::{
    Area, AreaLevel, Areas, Bilingual, Categories, Category, Department,
};
use letterbox_core::draft::Draft;
use letterbox_core::lifecycle::{CaseAction, CaseEvent, Outcome, Rating, Role, Satisfaction};
use letterbox_core::outbox::{OutboxRecord, OutboxState, QueuedFollowUp, SendFailure};
use letterbox_core::problem::ProblemKind;
use letterbox_core::{CaseStatus, PetitionKind};
use uuid::Uuid;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Each test gets a database of its own.
async fn fresh() -> Store {
    Store::open(&format!("letterbox-test-{}", Uuid::now_v7()))
        .await
        .expect("open a new database")
}

fn draft(title: &str, at: f64) -> Draft {
    let mut d = Draft::new(Uuid::now_v7(), at);
    d.kind = Some(PetitionKind::Suggestion);
    d.category = Some("utilities".into());
    d.title = title.into();
    d.body = "开发商与燃气公司合同纠纷，小区至今无法通气。".into();
    d.updated_at_ms = at;
    d
}

fn receipt(p: &NewPetition, number: &str) -> PetitionReceipt {
    PetitionReceipt {
        id: p.id,
        case_number: number.into(),
        status: CaseStatus::Received,
        kind: p.kind,
        title: p.title.clone(),
        body: p.body.clone(),
        category: p.category.clone(),
        location: p.location.clone(),
        people_affected: p.people_affected,
        photos: p.photos.clone(),
        received_at: "2026-11-28T09:30:00Z".into(),
    }
}

#[wasm_bindgen_test]
async fn a_new_database_gets_every_store() {
    let store = fresh().await;
    let mut names = store.store_names();
    names.sort();
    let mut expected: Vec<String> = STORES.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(names, expected);
    assert!(store.draft_summaries().await.unwrap().is_empty());
    assert!(store.outbox().await.unwrap().is_empty());
    assert!(store.cases().await.unwrap().is_empty());
    assert_eq!(store.sync_cursor().await.unwrap(), 0);
    assert_eq!(store.device().await.unwrap(), None);
}

#[wasm_bindgen_test]
async fn drafts_are_saved_loaded_listed_and_kept_apart() {
    let store = fresh().await;
    let a = draft("燃气无法开通", 1_000.0);
    let b = draft("Bus stop needed", 3_000.0);
    let mut c = draft("", 2_000.0);
    c.kind = None;
    for d in [&a, &b, &c] {
        store.put_draft(d).await.unwrap();
    }
    assert_eq!(store.draft(a.id).await.unwrap().as_ref(), Some(&a));
    assert_eq!(store.draft(c.id).await.unwrap().as_ref(), Some(&c));
    let listed: Vec<Uuid> = store
        .draft_summaries()
        .await
        .unwrap()
        .iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(listed, vec![b.id, c.id, a.id], "last edited first");

    let mut edited = a.clone();
    edited.title = "燃气至今无法开通".into();
    edited.updated_at_ms = 4_000.0;
    store.put_draft(&edited).await.unwrap();
    assert_eq!(
        store.draft(a.id).await.unwrap().unwrap().title,
        "燃气至今无法开通"
    );
    assert_eq!(
        store.draft(b.id).await.unwrap().as_ref(),
        Some(&b),
        "others untouched"
    );
    assert_eq!(store.draft_summaries().await.unwrap().len(), 3);

    store.delete_draft(c.id).await.unwrap();
    assert_eq!(store.draft(c.id).await.unwrap(), None);
    assert_eq!(store.draft_summaries().await.unwrap().len(), 2);
}

#[wasm_bindgen_test]
async fn the_home_list_reads_what_it_shows_and_undo_puts_back_every_field() {
    let store = fresh().await;
    let mut full = draft("燃气无法开通", 5_000.0);
    full.kind = Some(PetitionKind::Complaint);
    full.location.district = Some("xuhui".into());
    full.group = true;
    full.people_affected = Some(40);
    full.identity.name = "王芳".into();
    full.share_identity = true;
    for n in 0..2u64 {
        full.photos.push(letterbox_core::draft::PhotoRef {
            id: Uuid::now_v7(),
            sha256: format!("{n:064}"),
            bytes: 1_000 + n,
            mime: "image/jpeg".into(),
            width: 800,
            height: 600,
        });
    }
    store.put_draft(&full).await.unwrap();
    let listed = store.draft_summaries().await.unwrap();
    assert_eq!(listed.len(), 1);
    let summary = &listed[0];
    assert_eq!(summary.id, full.id);
    assert_eq!(summary.kind, Some(PetitionKind::Complaint));
    assert_eq!(summary.title, "燃气无法开通");
    assert_eq!(summary.updated_at_ms, 5_000.0);
    let photo_ids: Vec<Uuid> = full.photos.iter().map(|p| p.id).collect();
    assert_eq!(summary.photo_ids, photo_ids);

    store.delete_draft(full.id).await.unwrap();
    assert!(store.draft_summaries().await.unwrap().is_empty());
    store.restore_draft(summary).await.unwrap();
    assert_eq!(
        store.draft(full.id).await.unwrap(),
        Some(full),
        "every field back, also those the list does not read"
    );
}

#[wasm_bindgen_test]
async fn sending_moves_a_draft_to_the_outbox_then_to_cases() {
    let store = fresh().await;
    let d = draft("小区燃气无法开通", 1_000.0);
    store.put_draft(&d).await.unwrap();
    assert!(!store.is_sent(d.id).await.unwrap(), "a draft is not sent");
    let petition = d.to_petition().unwrap();
    let record = OutboxRecord::new(petition.clone(), 2_000.0);
    store.queue_petition(&record).await.unwrap();
    assert_eq!(store.draft(d.id).await.unwrap(), None, "no longer a draft");
    assert!(store.is_sent(d.id).await.unwrap(), "waiting in the outbox");
    assert_eq!(store.outbox().await.unwrap(), vec![record.clone()]);
    // As the case page reads it while it waits: the words, not a request.
    let waiting = OutboxSummary {
        state: OutboxState::Waiting,
        queued_at_ms: 2_000.0,
        last_error: None,
        petition: Some(PetitionText {
            kind: petition.kind,
            title: petition.title.clone(),
            body: petition.body.clone(),
        }),
        follow_up: None,
    };
    assert_eq!(
        store.outbox_summary(d.id).await.unwrap(),
        Some(waiting.clone())
    );
    assert_eq!(store.outbox_summaries().await.unwrap(), vec![waiting]);

    // A failed attempt is kept with its reason.
    let mut retried = record.clone();
    retried.record_failure(SendFailure::Server { status: 503 }, 3_000.0, 1_000.0);
    store.update_outbox(&retried).await.unwrap();
    let stored = store.outbox().await.unwrap().remove(0);
    assert_eq!(stored.attempts, 1);
    assert_eq!(stored.state, OutboxState::Waiting);
    assert_eq!(stored.last_error, Some(SendFailure::Server { status: 503 }));
    let summary = store.outbox_summary(d.id).await.unwrap().unwrap();
    assert_eq!(
        summary.last_error,
        Some(SendFailure::Server { status: 503 })
    );

    let case = CaseRecord::from_receipt(receipt(&petition, "LB-2026-000001"));
    store.confirm_sent(&case).await.unwrap();
    assert!(store.outbox().await.unwrap().is_empty());
    assert_eq!(store.case(d.id).await.unwrap(), Some(case.clone()));
    assert!(store.is_sent(d.id).await.unwrap(), "a case");

    // A late failure report (another tab) must not bring the record back.
    store.update_outbox(&retried).await.unwrap();
    assert!(store.outbox().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn outbox_keeps_the_order_things_were_sent_in() {
    let store = fresh().await;
    let mut ids = Vec::new();
    for (i, at) in [5_000.0, 1_000.0, 3_000.0].into_iter().enumerate() {
        let d = draft(&format!("第{i}件事项标题"), at);
        ids.push((at, d.id));
        store
            .queue_petition(&OutboxRecord::new(d.to_petition().unwrap(), at))
            .await
            .unwrap();
    }
    ids.sort_by(|a, b| a.0.total_cmp(&b.0));
    let order: Vec<Uuid> = store.outbox().await.unwrap().iter().map(|r| r.id).collect();
    assert_eq!(order, ids.into_iter().map(|(_, id)| id).collect::<Vec<_>>());
}

#[wasm_bindgen_test]
async fn a_sync_page_and_its_cursor_are_applied_together_and_once() {
    let store = fresh().await;
    let known = draft("已知的案件标题", 1_000.0).to_petition().unwrap();
    store
        .confirm_sent(&CaseRecord::from_receipt(receipt(&known, "LB-2026-000001")))
        .await
        .unwrap();
    let lost = draft("回执丢失的案件", 2_000.0).to_petition().unwrap();
    let changes = vec![
        CaseChange {
            seq: 11,
            petition_id: known.id,
            case_number: "LB-2026-000001".into(),
            status: CaseStatus::Received,
            at: "2026-11-28T10:00:00Z".into(),
            event: None,
            query_code: None,
        },
        CaseChange {
            seq: 12,
            petition_id: lost.id,
            case_number: "LB-2026-000002".into(),
            status: CaseStatus::Received,
            at: "2026-11-28T11:00:00Z".into(),
            event: None,
            query_code: None,
        },
    ];
    let fetched = vec![CaseRecord::from_receipt(receipt(&lost, "LB-2026-000002"))];
    let applied = store
        .apply_sync_page(&changes, fetched.clone(), 12)
        .await
        .unwrap();
    assert_eq!(applied, vec![11, 12]);
    assert_eq!(store.sync_cursor().await.unwrap(), 12);
    let cases = store.cases().await.unwrap();
    assert_eq!(cases.len(), 2);
    let k = store.case(known.id).await.unwrap().unwrap();
    assert_eq!(
        (k.last_seq, k.updated_at.as_str()),
        (11, "2026-11-28T10:00:00Z")
    );

    // The same page again (a crash before the app saw it finish) changes nothing.
    let again = store.apply_sync_page(&changes, fetched, 12).await.unwrap();
    assert!(again.is_empty());
    assert_eq!(store.cases().await.unwrap(), cases);
}

#[wasm_bindgen_test]
async fn the_device_registration_is_kept_and_can_be_forgotten() {
    let store = fresh().await;
    let device = DeviceRegistration {
        device_id: Uuid::now_v7(),
        token: "t0k3n".into(),
    };
    store.set_device(&device).await.unwrap();
    store.apply_sync_page(&[], vec![], 7).await.unwrap();
    assert_eq!(store.device().await.unwrap(), Some(device));
    assert_eq!(store.sync_cursor().await.unwrap(), 7);
    store.forget_device().await.unwrap();
    assert_eq!(store.device().await.unwrap(), None);
    assert_eq!(store.sync_cursor().await.unwrap(), 0);
}

#[wasm_bindgen_test]
async fn reopening_finds_what_was_saved() {
    let name = format!("letterbox-test-{}", Uuid::now_v7());
    let d = draft("关闭后重新打开", 1_000.0);
    let store = Store::open(&name).await.unwrap();
    store.put_draft(&d).await.unwrap();
    store.close();
    let again = Store::open(&name).await.unwrap();
    assert_eq!(again.draft(d.id).await.unwrap(), Some(d));
}

#[wasm_bindgen_test]
async fn the_catalogue_and_the_profile_are_kept_for_offline_use() {
    let store = fresh().await;
    assert_eq!(store.catalogue().await.unwrap(), None);
    assert_eq!(store.departments().await.unwrap(), Vec::new());
    assert_eq!(store.categories().await.unwrap(), None, "never fetched");
    assert_eq!(store.areas().await.unwrap(), None, "never fetched");
    assert_eq!(store.profile().await.unwrap(), Identity::default());
    let name = |s: &str| Bilingual {
        zh: s.into(),
        en: s.into(),
    };
    let catalogue = CachedCatalogue {
        categories: Categories {
            categories: vec![Category {
                code: "utilities".into(),
                name: name("水电气"),
                description: name("供水、供电、燃气"),
            }],
            departments: vec![Department {
                code: "housing".into(),
                name: name("住房和城乡建设委员会"),
            }],
        },
        areas: Areas {
            areas: vec![Area {
                code: "500103".into(),
                name: name("渝中区"),
                level: AreaLevel::District,
                children: vec![],
            }],
        },
        fetched_at_ms: 1_000.0,
    };
    store.set_catalogue(&catalogue).await.unwrap();
    // Each list alone, as the editor, the place picker and the case and
    // campaign pages read them.
    assert_eq!(
        store.categories().await.unwrap().as_ref(),
        Some(&catalogue.categories.categories)
    );
    assert_eq!(
        store.areas().await.unwrap().as_ref(),
        Some(&catalogue.areas.areas)
    );
    assert_eq!(
        store.departments().await.unwrap(),
        catalogue.categories.departments
    );
    assert_eq!(store.catalogue().await.unwrap(), Some(catalogue));
    let me = Identity {
        name: "张三".into(),
        phone: "138 0013 8000".into(),
        address: "渝中区民族路 1 号".into(),
    };
    store.set_profile(&me).await.unwrap();
    assert_eq!(store.profile().await.unwrap(), me);
}

#[wasm_bindgen_test]
async fn a_draft_keeps_every_editor_field() {
    let store = fresh().await;
    let mut d = draft("燃气无法开通", 1_000.0);
    d.kind = Some(PetitionKind::Complaint);
    d.location.district = Some("500103".into());
    d.location.street = Some("500103002".into());
    d.location.address = "民族路 1 号".into();
    d.location.coordinates = Some(letterbox_core::api::Coordinates::rounded(29.55, 106.57));
    d.group = true;
    d.people_affected = Some(86);
    d.identity.name = "张三".into();
    d.share_identity = true;
    store.put_draft(&d).await.unwrap();
    assert_eq!(store.draft(d.id).await.unwrap(), Some(d));
}

#[wasm_bindgen_test]
async fn a_version_1_database_is_upgraded_and_keeps_its_drafts() {
    use indexed_db_futures::database::Database;
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;
    use indexed_db_futures::KeyPath;

    let name = format!("letterbox-test-{}", Uuid::now_v7());
    // The schema as the first release made it: no photo store.
    let v1 = Database::open(name.as_str())
        .with_version(1u32)
        .with_on_upgrade_needed(|_, db| {
            for store in ["drafts", "outbox", "cases"] {
                db.create_object_store(store)
                    .with_key_path(KeyPath::One("id"))
                    .build()?;
            }
            db.create_object_store("meta").build()?;
            Ok(())
        })
        .await
        .unwrap();
    let d = draft("升级前保存的草稿", 1_000.0);
    let tx = v1
        .transaction("drafts")
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    tx.object_store("drafts")
        .unwrap()
        .put(&d)
        .serde()
        .unwrap()
        .await
        .unwrap();
    tx.commit().await.unwrap();
    v1.close();

    let store = Store::open(&name).await.unwrap();
    let mut names = store.store_names();
    names.sort();
    assert!(names.contains(&"photos".to_string()), "{names:?}");
    assert!(names.contains(&"campaigns".to_string()), "{names:?}");
    assert_eq!(store.draft(d.id).await.unwrap(), Some(d));
}

#[wasm_bindgen_test]
async fn a_stored_record_that_cannot_be_read_is_its_own_error_and_the_others_still_read() {
    use indexed_db_futures::database::Database;
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;

    let name = format!("letterbox-test-{}", Uuid::now_v7());
    let store = Store::open(&name).await.unwrap();
    let good = draft("能读的草稿", 1_000.0);
    store.put_draft(&good).await.unwrap();
    store.close();
    // A record of the drafts store that is no draft (an older build's, say).
    let broken = Uuid::now_v7();
    let db = Database::open(name.as_str()).await.unwrap();
    let tx = db
        .transaction("drafts")
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    let record = js_sys::JSON::parse(&format!(r#"{{"id":"{broken}","title":5}}"#)).unwrap();
    tx.object_store("drafts")
        .unwrap()
        .put(record)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    db.close();

    let store = Store::open(&name).await.unwrap();
    assert_eq!(store.draft(broken).await, Err(StoreError::Unreadable));
    assert_eq!(store.draft(good.id).await.unwrap(), Some(good));
}

#[wasm_bindgen_test]
async fn a_follow_up_waits_in_the_outbox_and_joins_the_timeline_once() {
    let store = fresh().await;
    let d = draft("小区燃气无法开通", 1_000.0);
    let petition = d.to_petition().unwrap();
    let mut case = CaseRecord::from_receipt(receipt(&petition, "LB-2026-000001"));
    let reply = CaseEvent {
        seq: 7,
        action: CaseAction::Reply {
            outcome: Outcome::DoesNotSupport,
        },
        status: CaseStatus::Replied,
        at: "2026-11-28T10:00:00Z".into(),
        actor: Role::Handler,
        departments: vec!["housing".into()],
        note: "不予支持".into(),
    };
    let change = |seq: i64, event: CaseEvent| CaseChange {
        seq,
        petition_id: petition.id,
        case_number: "LB-2026-000001".into(),
        status: event.status,
        at: event.at.clone(),
        event: Some(event),
        query_code: None,
    };
    store.confirm_sent(&case).await.unwrap();
    store
        .apply_sync_page(&[change(7, reply.clone())], Vec::new(), 7)
        .await
        .unwrap();
    case = store.case(petition.id).await.unwrap().unwrap();
    assert!(case.is_updated(), "the office replied since the last visit");
    assert!(store.mark_seen(petition.id).await.unwrap());
    assert!(!store.case(petition.id).await.unwrap().unwrap().is_updated());

    // Rated offline: a record in the outbox, nothing on the case yet; a
    // draft added as a supplement leaves the drafts in the same step.
    let rating = FollowUp::Rate {
        answer_seq: 7,
        rating: Rating {
            satisfaction: Satisfaction::Dissatisfied,
            timeliness: None,
            attitude: Some(3),
            result: Some(1),
            comment: String::new(),
        },
    };
    let record = OutboxRecord::follow_up(
        Uuid::now_v7(),
        QueuedFollowUp {
            petition_id: petition.id,
            case_title: case.title.clone(),
            request: rating.clone(),
        },
        5_000.0,
    );
    let extra = draft("补充情况", 4_000.0);
    store.put_draft(&extra).await.unwrap();
    store
        .queue_follow_up(&record, Some(extra.id))
        .await
        .unwrap();
    assert_eq!(store.outbox().await.unwrap(), vec![record.clone()]);
    assert_eq!(store.draft(extra.id).await.unwrap(), None);
    // As the case page reads it: the request, not a petition.
    let pending = store.outbox_summaries().await.unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].petition, None);
    assert_eq!(
        pending[0]
            .follow_up
            .as_ref()
            .map(|f| (f.petition_id, &f.request)),
        Some((petition.id, &rating))
    );

    // Confirmed: the event joins the timeline and the record leaves.
    let rated = CaseEvent {
        seq: 9,
        action: CaseAction::Rate {
            answer_seq: 7,
            rating: match rating {
                FollowUp::Rate { rating, .. } => rating,
                _ => unreachable!(),
            },
        },
        status: CaseStatus::Replied,
        at: "2026-11-28T11:00:00Z".into(),
        actor: Role::Resident,
        departments: Vec::new(),
        note: String::new(),
    };
    store
        .confirm_follow_up(record.id, petition.id, rated.clone(), &[])
        .await
        .unwrap();
    assert!(store.outbox().await.unwrap().is_empty());
    let after = store.case(petition.id).await.unwrap().unwrap();
    assert_eq!(
        after.events.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [7, 9]
    );
    assert!(after.progress().rated.contains(&7));
    // The same event arriving through the feed is not added twice.
    store
        .apply_sync_page(&[change(9, rated)], Vec::new(), 9)
        .await
        .unwrap();
    let again = store.case(petition.id).await.unwrap().unwrap();
    assert_eq!(again.events.len(), 2);
    assert_eq!(again.last_seq, 9);
}

fn bus_campaign() -> letterbox_core::campaign::Campaign {
    use letterbox_core::campaign::{Campaign, CampaignState, Question, QuestionKind, Words};
    Campaign {
        slug: "yubei-bus-2026".into(),
        title: Words::zh("渝北区公交线路调整征求意见"),
        intro: Words::zh("渝北区拟调整部分公交线路，现公开征求意见。"),
        department: "transport".into(),
        district: None,
        opens_at: "2026-12-01T00:00:00+08:00".into(),
        closes_at: "2026-12-15T18:00:00+08:00".into(),
        questions: vec![Question {
            id: "stop".into(),
            prompt: Words::zh("您常在哪一站上车？"),
            required: true,
            contact: false,
            kind: QuestionKind::ShortText { max_chars: 40 },
        }],
        results_public: false,
        state: CampaignState::Published,
        closed_at: None,
        answer: None,
    }
}

#[wasm_bindgen_test]
async fn a_campaign_keeps_its_definition_answer_and_one_response_id() {
    use letterbox_core::campaign::{Answer, AnswerValue, Response, ResponseReceipt};
    use letterbox_core::outbox::QueuedResponse;
    let store = fresh().await;
    let c = bus_campaign();
    assert_eq!(store.campaign(&c.slug).await.unwrap(), None);
    let kept = store.keep_campaign(&c, 1_000.0).await.unwrap();
    assert_eq!(kept.definition.as_ref(), Some(&c));
    let answers = vec![Answer {
        question: "stop".into(),
        value: AnswerValue::Text {
            text: "龙头寺".into(),
            photos: Vec::new(),
        },
    }];
    store
        .put_campaign_answers(&c.slug, kept.response_id, &answers, 2_000.0)
        .await
        .unwrap();
    // Fetching the definition again keeps the answer and the id.
    let again = store.keep_campaign(&c, 3_000.0).await.unwrap();
    assert_eq!(
        (again.response_id, &again.answers),
        (kept.response_id, &answers)
    );

    // Send: queued under the response id; the receipt removes the record.
    let response = Response {
        id: kept.response_id,
        answered_at: "2026-12-05T10:00:00.000Z".into(),
        answers: answers.clone(),
    };
    let queued = OutboxRecord::campaign_response(
        QueuedResponse {
            slug: c.slug.clone(),
            title: c.title.clone(),
            response: response.clone(),
        },
        4_000.0,
    );
    store
        .queue_campaign_response(&queued, 4_000.0)
        .await
        .unwrap();
    assert_eq!(store.outbox().await.unwrap(), vec![queued.clone()]);
    // As the case page reads the outbox: neither a petition nor a
    // follow-up.
    let summaries = store.outbox_summaries().await.unwrap();
    assert_eq!(summaries.len(), 1);
    assert_eq!(
        (&summaries[0].petition, &summaries[0].follow_up),
        (&None, &None)
    );
    // Where it stands, as the campaign page reads it: waiting, then
    // refused with the office's reasons.
    assert_eq!(
        store.outbox_status(kept.response_id).await.unwrap(),
        Some(OutboxStatus {
            state: OutboxState::Waiting,
            last_error: None,
        })
    );
    let refusal = SendFailure::Refused {
        status: 422,
        problem: Some(ProblemKind::Invalid.type_uri().into()),
        detail: "stop: required".into(),
        answer_errors: Vec::new(),
    };
    store
        .update_outbox(&OutboxRecord {
            state: OutboxState::NeedsAttention,
            attempts: 1,
            last_error: Some(refusal.clone()),
            ..queued.clone()
        })
        .await
        .unwrap();
    assert_eq!(
        store.outbox_status(kept.response_id).await.unwrap(),
        Some(OutboxStatus {
            state: OutboxState::NeedsAttention,
            last_error: Some(refusal),
        })
    );
    store.update_outbox(&queued).await.unwrap();
    let receipt = ResponseReceipt {
        id: kept.response_id,
        slug: c.slug.clone(),
        revision: 1,
        received_at: "2026-12-05T02:00:01Z".into(),
    };
    // A newer answer queued meanwhile stays queued.
    let newer = OutboxRecord::campaign_response(
        QueuedResponse {
            slug: c.slug.clone(),
            title: c.title.clone(),
            response: Response {
                answered_at: "2026-12-05T10:05:00.000Z".into(),
                ..response.clone()
            },
        },
        5_000.0,
    );
    store
        .queue_campaign_response(&newer, 5_000.0)
        .await
        .unwrap();
    store
        .confirm_campaign_response(&c.slug, &response.answered_at, &[], &receipt)
        .await
        .unwrap();
    assert_eq!(store.outbox().await.unwrap(), vec![newer.clone()]);
    let newer_at = newer
        .campaign_response_request()
        .unwrap()
        .response
        .answered_at
        .clone();
    let second = ResponseReceipt {
        revision: 2,
        ..receipt.clone()
    };
    store
        .confirm_campaign_response(&c.slug, &newer_at, &[], &second)
        .await
        .unwrap();
    assert!(store.outbox().await.unwrap().is_empty());
    assert_eq!(store.outbox_status(kept.response_id).await.unwrap(), None);
    let record = store.campaign(&c.slug).await.unwrap().unwrap();
    assert_eq!(record.receipt, Some(second));
    assert_eq!(record.answers, answers);
    assert_eq!(record.response_id, kept.response_id);
}

#[wasm_bindgen_test]
async fn an_answers_photos_go_up_after_it_and_a_replacement_keeps_only_those_it_lists() {
    use letterbox_core::api::PhotoManifestEntry;
    use letterbox_core::campaign::{Response, ResponseReceipt, Words};
    use letterbox_core::outbox::QueuedResponse;
    let store = fresh().await;
    let slug = "photos-2026";
    let photo = |n: u128| PhotoManifestEntry {
        id: Uuid::from_u128(n),
        sha256: format!("{n:064x}"),
        bytes: 1000,
        mime: "image/jpeg".into(),
    };
    let record = store
        .queue_campaign_response(
            &OutboxRecord::campaign_response(
                QueuedResponse {
                    slug: slug.into(),
                    title: Words::zh("照片"),
                    response: Response {
                        id: Uuid::from_u128(9),
                        answered_at: "2026-12-05T10:00:00.000Z".into(),
                        answers: Vec::new(),
                    },
                },
                1_000.0,
            ),
            1_000.0,
        )
        .await;
    record.unwrap();
    let receipt = ResponseReceipt {
        id: Uuid::from_u128(9),
        slug: slug.into(),
        revision: 1,
        received_at: "2026-12-05T02:00:01Z".into(),
    };
    let both = [photo(1), photo(2)];
    store
        .confirm_campaign_response(slug, "2026-12-05T10:00:00.000Z", &both, &receipt)
        .await
        .unwrap();
    let kept = store.campaign(slug).await.unwrap().unwrap();
    assert_eq!(kept.photos_to_send(), vec![&both[0], &both[1]]);
    assert!(store
        .mark_answer_photo_received(slug, photo(1).id)
        .await
        .unwrap());
    assert!(
        !store
            .mark_answer_photo_received(slug, photo(1).id)
            .await
            .unwrap(),
        "once"
    );
    assert!(
        !store
            .mark_answer_photo_received(slug, photo(7).id)
            .await
            .unwrap(),
        "not declared"
    );
    let kept = store.campaign(slug).await.unwrap().unwrap();
    assert_eq!(kept.photos_to_send(), vec![&both[1]]);

    // The next answer lists photo 1 (held) and a new photo 3; photo 2 is
    // dropped and no longer waits.
    let next = [photo(1), photo(3)];
    store
        .confirm_campaign_response(slug, "2026-12-05T11:00:00.000Z", &next, &receipt)
        .await
        .unwrap();
    let kept = store.campaign(slug).await.unwrap().unwrap();
    assert_eq!(kept.photos_received, vec![photo(1).id]);
    assert_eq!(kept.photos_to_send(), vec![&next[1]]);
    assert_eq!(store.campaigns().await.unwrap().len(), 1);
}
