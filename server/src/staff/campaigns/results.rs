//! A campaign's results (`GET /staff/campaigns/{slug}/results`): new
//! responses per day, each choice or scale question as a bar chart with
//! its table, and the free-text answers a page at a time, searchable
//! (`?question=<id>&q=<words>&page=<n>`). The database counts; nothing
//! here loads every response. Answers to a contact question are shown to
//! supervisors only.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use letterbox_core::campaign::{percent, Campaign, Question, QuestionKind, QuestionResult};
use letterbox_core::limits::SCALE_MAX;
use maud::{html, Markup};
use serde::Deserialize;

use super::super::error::{DeskError, OrInternal};
use super::super::text::Lang;
use super::super::user::StaffUser;
use super::super::{views, words};
use super::chart::{self, Bar};
use super::{href, load, may, require, Right};
use crate::campaigns;
use crate::db::{self, campaigns::DayCount, campaigns::TextAnswer};
use crate::state::AppState;

/// Text answers on one page.
const PAGE_SIZE: i64 = 20;

#[derive(Deserialize)]
pub struct TextQuery {
    question: Option<String>,
    q: Option<String>,
    page: Option<String>,
}

/// One text question's page of answers.
struct Texts {
    search: Option<String>,
    page: i64,
    total: i64,
    answers: Vec<TextAnswer>,
}

pub async fn results(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(query): Query<TextQuery>,
) -> Result<Markup, DeskError> {
    let lang = Lang::from_headers(&headers);
    require(lang, &user, Right::View)?;
    let c = load(&state, &user, lang, &slug).await?;
    let db = &state.db.read;
    let counted = campaigns::count(&state, &c).await.or_internal(lang)?;
    let per_day = db::campaigns::responses_per_day(db, &slug)
        .await
        .or_internal(lang)?;
    let contacts = may(user.role, Right::SeeContacts);
    let mut texts = Vec::new();
    for q in c.questions.iter().filter(|q| !q.kind.is_counted()) {
        if q.contact && !contacts {
            continue;
        }
        // The search and page apply to the question they were asked for.
        let asked = query.question.as_deref() == Some(q.id.as_str());
        let search = asked
            .then(|| query.q.as_deref().map(str::trim).filter(|s| !s.is_empty()))
            .flatten();
        let page = asked
            .then(|| query.page.as_deref().and_then(|p| p.parse::<i64>().ok()))
            .flatten()
            .unwrap_or(1)
            .max(1);
        let total = db::campaigns::text_count(db, &slug, &q.id, search)
            .await
            .or_internal(lang)?;
        let offset = (page - 1).saturating_mul(PAGE_SIZE);
        let answers = db::campaigns::texts(db, &slug, &q.id, search, offset, PAGE_SIZE)
            .await
            .or_internal(lang)?;
        let search = search.map(str::to_owned);
        texts.push((
            q.id.clone(),
            Texts {
                search,
                page,
                total,
                answers,
            },
        ));
    }
    let body = html! {
        p { a href=(href(&slug)) { (lang.t("campaign_back")) } }
        (over_time(lang, counted.responses, &per_day))
        @for (i, q) in c.questions.iter().enumerate() {
            section.question-results aria-labelledby=(format!("result-{i}")) {
                h2 id=(format!("result-{i}")) {
                    (lang.tf("campaign_question_heading", &[("n", &(i + 1).to_string()), ("prompt", q.prompt.get(lang == Lang::En))]))
                }
                @if let Some(r) = counted.questions.iter().find(|r| r.question == q.id) {
                    (counted_question(lang, i, q, r))
                } @else if let Some((_, t)) = texts.iter().find(|(id, _)| *id == q.id) {
                    (text_question(lang, &c, q, t))
                } @else {
                    p { (lang.t("campaign_contact_hidden")) }
                }
            }
        }
    };
    let title = lang.tf(
        "campaign_results_of",
        &[("title", c.title.get(lang == Lang::En))],
    );
    Ok(views::page(lang, &title, Some(&user), body))
}

/// New responses per day (China time), as a table.
fn over_time(lang: Lang, total: u64, per_day: &[DayCount]) -> Markup {
    html! {
        section aria-labelledby="over-time" {
            h2 #over-time { (lang.t("campaign_over_time")) }
            p { (lang.tf("campaign_total_responses", &[("n", &total.to_string())])) }
            @if !per_day.is_empty() {
                table.per-day {
                    (views::head_row(lang, &["campaign_col_day", "campaign_col_new_responses"]))
                    tbody {
                        @for d in per_day {
                            tr { th scope="row" { (d.day) } td { (d.count) } }
                        }
                    }
                }
            }
        }
    }
}

fn counted_question(lang: Lang, i: usize, q: &Question, r: &QuestionResult) -> Markup {
    let en = lang == Lang::En;
    let label = |option: &str| match &q.kind {
        QuestionKind::Scale { low, high } => match option {
            "1" => format!("1 ({})", low.get(en)),
            o if o == SCALE_MAX.to_string() => format!("{o} ({})", high.get(en)),
            o => o.to_owned(),
        },
        kind => kind
            .options()
            .iter()
            .find(|c| c.id == option)
            .map_or(option.to_owned(), |c| c.label.get(en).to_owned()),
    };
    let bars: Vec<Bar> = r
        .counts
        .iter()
        .map(|c| Bar {
            label: label(&c.option),
            count: c.count,
            percent: percent(c.count, r.answered),
        })
        .collect();
    let caption = lang.tf(
        "campaign_chart_caption",
        &[("prompt", q.prompt.get(en)), ("n", &r.answered.to_string())],
    );
    chart::bars(lang, &format!("chart-{i}"), &caption, &bars)
}

fn text_question(lang: Lang, c: &Campaign, q: &Question, t: &Texts) -> Markup {
    let base = format!("{}/results", href(&c.slug));
    let link = |page: i64| {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("question", &q.id);
        if let Some(s) = &t.search {
            query.append_pair("q", s);
        }
        query.append_pair("page", &page.to_string());
        format!("{base}?{}#text-{}", query.finish(), q.id)
    };
    let pages = (t.total + PAGE_SIZE - 1) / PAGE_SIZE;
    let search_id = format!("search-{}", q.id);
    html! {
        div.texts id=(format!("text-{}", q.id)) {
            @if q.contact {
                p { (lang.t("campaign_contact_supervisors")) }
            }
            // One search per text question: each is named by its question,
            // so a screen reader's list of landmarks tells them apart.
            form.search method="get" action=(base) role="search"
                aria-label=(format!("{}: {}", lang.t("campaign_search_answers"), q.prompt.get(lang == Lang::En))) {
                input type="hidden" name="question" value=(q.id);
                label for=(search_id) { (lang.t("campaign_search_answers")) }
                " "
                input id=(search_id) name="q" type="search" value=[t.search.as_deref()];
                " "
                button type="submit" { (lang.t("search_button")) }
            }
            p { (lang.tf("campaign_text_count", &[("n", &t.total.to_string())])) }
            ul.answers {
                @for a in &t.answers {
                    li {
                        @if !a.text.is_empty() {
                            p.text { (a.text) }
                        }
                        @let photos = a.photo_ids();
                        @if !photos.is_empty() {
                            ul.answer-photos {
                                @for (n, photo) in photos.iter().enumerate() {
                                    @let alt = lang.tf("campaign_answer_photo", &[("n", &(n + 1).to_string()), ("of", &photos.len().to_string())]);
                                    li {
                                        a href=(format!("{}/photos/{photo}", href(&c.slug))) {
                                            img src=(format!("{}/photos/{photo}", href(&c.slug))) alt=(alt) loading="lazy";
                                        }
                                    }
                                }
                            }
                        }
                        small { (words::beijing_time(&a.received_at)) }
                    }
                }
            }
            @if pages > 1 {
                nav.paging aria-label=(lang.t("campaign_pages")) {
                    @if t.page > 1 {
                        a href=(link(t.page - 1)) rel="prev" { (lang.t("campaign_previous")) }
                        " "
                    }
                    (lang.tf("campaign_page_of", &[("n", &t.page.to_string()), ("of", &pages.to_string())]))
                    @if t.page < pages {
                        " "
                        a href=(link(t.page + 1)) rel="next" { (lang.t("campaign_next")) }
                    }
                }
            }
        }
    }
}
