//! The campaigns the home screen lists and the results a closed campaign
//! shows, kept in IndexedDB (real headless Chromium, wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use letterbox::store::Store;
use letterbox_core::campaign::{
    Answer, AnswerValue, Campaign, CampaignState, CampaignSummary, OptionCount, Question,
    QuestionKind, QuestionResult, Results, Words,
};
use uuid::Uuid;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn fresh() -> Store {
    Store::open(&format!("letterbox-test-{}", Uuid::now_v7()))
        .await
        .expect("open a new database")
}

fn campaign(slug: &str) -> Campaign {
    Campaign {
        slug: slug.into(),
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
        results_public: true,
        state: CampaignState::Published,
        closed_at: None,
        answer: None,
    }
}

fn summary(slug: &str, updated_at: &str) -> CampaignSummary {
    CampaignSummary::of(&campaign(slug), updated_at, false)
}

#[wasm_bindgen_test]
async fn the_campaign_list_is_kept_and_what_was_seen_survives_a_new_list() {
    let store = fresh().await;
    assert!(store.campaign_list().await.unwrap().campaigns.is_empty());
    let first = vec![summary("bus", "2026-12-01T00:00:00Z")];
    assert!(store.keep_campaign_list(&first, 1_000.0).await.unwrap());
    assert!(
        !store.keep_campaign_list(&first, 2_000.0).await.unwrap(),
        "the same list again changes nothing"
    );
    let kept = store.campaign_list().await.unwrap();
    assert_eq!(kept.campaigns, first);
    assert_eq!(kept.fetched_at_ms, 2_000.0);
    assert!(kept.campaigns[0].is_new(kept.seen("bus")), "never opened");

    // Opened: seen as listed; the list itself is left as it was.
    store.mark_campaign_seen("bus").await.unwrap();
    let kept = store.campaign_list().await.unwrap();
    assert!(!kept.campaigns[0].is_new(kept.seen("bus")));
    assert_eq!((&kept.campaigns, kept.fetched_at_ms), (&first, 2_000.0));

    // The office answered: new again, until opened again.
    let answered = vec![summary("bus", "2026-12-20T00:00:00Z")];
    assert!(store.keep_campaign_list(&answered, 3_000.0).await.unwrap());
    let kept = store.campaign_list().await.unwrap();
    assert_eq!(kept.seen("bus"), Some("2026-12-01T00:00:00Z"));
    assert!(kept.campaigns[0].is_new(kept.seen("bus")));
    store.mark_campaign_seen("bus").await.unwrap();
    let kept = store.campaign_list().await.unwrap();
    assert!(!kept.campaigns[0].is_new(kept.seen("bus")));
}

#[wasm_bindgen_test]
async fn a_campaign_opened_from_its_link_before_the_list_is_seen_as_next_listed() {
    let store = fresh().await;
    store.mark_campaign_seen("park").await.unwrap();
    assert_eq!(store.campaign_list().await.unwrap().seen("park"), Some(""));
    let list = vec![
        summary("park", "2026-12-02T00:00:00Z"),
        summary("bus", "2026-12-01T00:00:00Z"),
    ];
    store.keep_campaign_list(&list, 1_000.0).await.unwrap();
    let kept = store.campaign_list().await.unwrap();
    assert!(!kept.campaigns[0].is_new(kept.seen("park")));
    assert!(kept.campaigns[1].is_new(kept.seen("bus")), "not opened");
}

#[wasm_bindgen_test]
async fn results_are_kept_with_the_campaign_and_the_answer_stays() {
    let store = fresh().await;
    let c = campaign("bus");
    let record = store.keep_campaign(&c, 1_000.0).await.unwrap();
    let answers = vec![Answer {
        question: "stop".into(),
        value: AnswerValue::Text {
            text: "龙头寺".into(),
            photos: Vec::new(),
        },
    }];
    store
        .put_campaign_answers(&c.slug, record.response_id, &answers, 2_000.0)
        .await
        .unwrap();
    let results = Results {
        responses: 3,
        questions: vec![QuestionResult {
            question: "plan".into(),
            answered: 3,
            counts: vec![OptionCount {
                option: "a".into(),
                count: 2,
            }],
        }],
    };
    store
        .keep_campaign_results(&c.slug, &results, 3_000.0)
        .await
        .unwrap();
    let kept = store.campaign(&c.slug).await.unwrap().unwrap();
    assert_eq!(kept.results, Some(results.clone()));
    assert_eq!(kept.answers, answers);
    assert_eq!(kept.response_id, record.response_id);
    // A later fetch of the definition keeps the results.
    let again = store.keep_campaign(&c, 4_000.0).await.unwrap();
    assert_eq!(again.results, Some(results));
}
