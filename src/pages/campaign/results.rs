//! After the close: the counts the office made public and its answer.
//! The results are fetched once the campaign has closed (where the office
//! made them public) and kept with the campaign's record, so they read
//! offline after one visit. Each choice or scale question shows a bar per
//! option: a `<meter>` named by the option's words, with the count and
//! share beside it as text; the shares are core's `percent`.
//!
//! A split module of its own (`load_outcome`, issue 12): an open
//! campaign's page does not wait for this code. `CampaignPage` starts
//! fetching it at once.

use leptos::prelude::*;
use leptos::task::spawn_local;
use letterbox_core::campaign::{percent, Campaign, Phase, Question, QuestionKind, Results, Words};
use letterbox_core::limits::SCALE_MAX;

use crate::api;
use crate::components::lazy::nested_split_point;
use crate::i18n::{fill, use_i18n, Lang, Msg};
use crate::store::Store;
use crate::time::now_ms;

/// What the outcome is drawn from: the campaign, the results kept on the
/// phone, and whether the phone keeps anything.
pub(super) type OutcomeArgs = (Signal<Campaign>, Signal<Option<Results>>, bool);

nested_split_point! {
    pub(super) fn load_outcome() -> fn(OutcomeArgs) -> AnyView {
        |(campaign, stored, kept)| view! { <Outcome campaign stored kept/> }.into_any()
    }
}

/// The results (fetched this visit, else kept on the phone) and the
/// office's answer, once there are any.
#[component]
fn Outcome(
    campaign: Signal<Campaign>,
    /// The copy kept on the phone, if any.
    stored: Signal<Option<Results>>,
    kept: bool,
) -> impl IntoView {
    let fetched = RwSignal::new(None::<Results>);
    let asked = StoredValue::new(false);
    let public_now = move || {
        let c = campaign.read();
        c.results_public && matches!(c.phase((now_ms() / 1000.0) as i64), Phase::Closed { .. })
    };
    // Asked once per visit, when the campaign is (or becomes) closed; a
    // failure leaves the kept copy, if any.
    Effect::new(move |_| {
        if !public_now() || asked.get_value() {
            return;
        }
        asked.set_value(true);
        let slug = campaign.read_untracked().slug.clone();
        spawn_local(async move {
            let Ok(results) = api::campaign_results(&slug).await else {
                return;
            };
            if kept {
                if let Ok(store) = Store::app().await {
                    let _ = store.keep_campaign_results(&slug, &results, now_ms()).await;
                }
            }
            fetched.try_set(Some(results));
        });
    });
    let i18n = use_i18n();
    // One closure draws it all as plain text in the current language, drawn
    // again when the language, the definition or the results change (all
    // rare): lighter in the wasm than a reactive node per text.
    move || {
        let lang = i18n.lang.get();
        let answer = campaign
            .read()
            .answer
            .clone()
            .map(|a| answer_view(&a, lang));
        let results = fetched
            .get()
            .or_else(|| stored.get())
            .map(|r| results_view(&campaign.read(), r, lang));
        let waiting = (results.is_none() && public_now()).then(|| {
            view! { <p class="notice">{Msg::CampaignResultsOffline.text(lang)}</p> }
        });
        view! { {answer}{results}{waiting} }
    }
}

/// What the office did with the answers, a paragraph per line.
fn answer_view(answer: &Words, lang: Lang) -> impl IntoView {
    let paragraphs = answer
        .get(lang == Lang::En)
        .split('\n')
        .filter(|p| !p.trim().is_empty())
        .map(|p| view! { <p>{p.to_owned()}</p> })
        .collect_view();
    view! {
        <section class="office-answer" aria-labelledby="office-answer-heading">
            <h2 id="office-answer-heading">{Msg::CampaignOfficeAnswer.text(lang)}</h2>
            {paragraphs}
        </section>
    }
}

/// Every counted question's bars, in the language given (drawn again when
/// it changes).
fn results_view(c: &Campaign, r: Results, lang: Lang) -> impl IntoView {
    let questions = c
        .questions
        .iter()
        .filter(|q| q.kind.is_counted())
        .map(|q| question_bars(q, &r, lang))
        .collect_view();
    view! {
        <section class="results" aria-labelledby="results-heading">
            <h2 id="results-heading">{Msg::CampaignResultsHeading.text(lang)}</h2>
            <p>{fill(Msg::CampaignResultsTotal.text(lang), &[("n", &r.responses.to_string())])}</p>
            {questions}
        </section>
    }
}

/// The options of a counted question as (the id results count under, the
/// words shown): a choice's options, or the points of the scale with the
/// words at its ends.
fn options(q: &Question, lang: Lang) -> Vec<(String, String)> {
    let en = lang == Lang::En;
    match &q.kind {
        QuestionKind::Scale { low, high } => (1..=SCALE_MAX)
            .map(|v| {
                let label = match v {
                    1 => format!("1 · {}", low.get(en)),
                    v if v == SCALE_MAX => format!("{v} · {}", high.get(en)),
                    v => v.to_string(),
                };
                (v.to_string(), label)
            })
            .collect(),
        kind => kind
            .options()
            .iter()
            .map(|o| (o.id.clone(), o.label.get(en).to_owned()))
            .collect(),
    }
}

fn question_bars(q: &Question, r: &Results, lang: Lang) -> impl IntoView {
    let counted = r.questions.iter().find(|x| x.question == q.id);
    let answered = counted.map_or(0, |x| x.answered);
    let count_of = |option: &str| {
        counted
            .and_then(|x| x.counts.iter().find(|c| c.option == option))
            .map_or(0, |c| c.count)
    };
    let base = format!("result-{}", q.id);
    let heading = format!("{base}-heading");
    let labelled_by = heading.clone();
    let several = matches!(q.kind, QuestionKind::MultipleChoice { .. });
    let bars = options(q, lang)
        .into_iter()
        .enumerate()
        .map(|(i, (option, label))| {
            let count = count_of(&option);
            let share = percent(count, answered);
            let label_id = format!("{base}-{i}");
            let count_id = format!("{base}-{i}-count");
            let (labelled_by, described_by) = (label_id.clone(), count_id.clone());
            let text = fill(
                Msg::CampaignResultsCount.text(lang),
                &[("n", &count.to_string()), ("pct", &share.to_string())],
            );
            view! {
                <li>
                    <span class="bar-label" id=label_id>{label}</span>
                    <meter min="0" max="100" value=share.to_string()
                        aria-labelledby=labelled_by aria-describedby=described_by></meter>
                    <span class="bar-count" id=count_id>{text}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="result" aria-labelledby=labelled_by>
            <h3 id=heading>{q.prompt.get(lang == Lang::En).to_owned()}</h3>
            <p class="meta">{fill(Msg::CampaignResultsAnswered.text(lang), &[("n", &answered.to_string())])}</p>
            {several.then(|| view! { <p class="hint">{Msg::CampaignResultsSeveral.text(lang)}</p> })}
            <ul class="bars">{bars}</ul>
        </section>
    }
}
