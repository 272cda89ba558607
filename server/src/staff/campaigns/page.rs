//! A campaign's page on the desk (`GET /staff/campaigns/{slug}`): where it
//! stands, its link, poster, results and export, the actions the user may
//! take now (forms posting to `actions`), the office's answer, and a
//! preview of the campaign as a resident sees it.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use letterbox_core::campaign::{Campaign, CampaignAction, Question, QuestionKind, Words};
use letterbox_core::limits::{CAMPAIGN_INTRO_MAX_CHARS, SCALE_MAX};
use maud::{html, Markup};

use super::super::error::{DeskError, OrInternal};
use super::super::text::Lang;
use super::super::user::StaffUser;
use super::super::{views, words};
use super::{href, load, may, now, phase_words, public_link, require, Right};
use crate::db;
use crate::state::AppState;

/// The office's answer as typed, shown again when it was refused.
pub struct AnswerDraft {
    pub words: Words,
    pub problem: String,
}

pub async fn campaign_page(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Markup, DeskError> {
    let lang = Lang::from_headers(&headers);
    require(lang, &user, Right::View)?;
    let campaign = load(&state, &user, lang, &slug).await?;
    render(&state, &user, lang, &headers, &campaign, None).await
}

/// The page, with `draft` in the answer form when it was refused.
pub async fn render(
    state: &AppState,
    user: &StaffUser,
    lang: Lang,
    headers: &HeaderMap,
    c: &Campaign,
    draft: Option<&AnswerDraft>,
) -> Result<Markup, DeskError> {
    let responses = db::campaigns::response_count(&state.db.read, &c.slug)
        .await
        .or_internal(lang)?;
    let now = now(state);
    let base = href(&c.slug);
    let link = public_link(headers, &c.slug);
    let district = words::area(&state.catalogue, lang, c.district.as_deref(), None);
    let manage = may(user.role, Right::Manage);
    let allowed = |action| manage && c.may(action, user.role, now).is_ok();
    let body = html! {
        p.campaign-state {
            strong { (phase_words(lang, c, now)) }
            " · " (words::department(&state.catalogue, lang, &c.department))
            @if !district.is_empty() { " · " (district) }
        }
        dl {
            dt { (lang.t("campaign_link")) }
            dd { a href=(link) { (link) } }
            dt { (lang.t("campaign_field_opens")) }
            dd { (words::beijing_time(&c.opens_at)) }
            dt { (lang.t("campaign_field_closes")) }
            dd {
                (words::beijing_time(&c.closes_at))
                @if let Some(at) = &c.closed_at {
                    " — " (lang.tf("campaign_closed_early", &[("at", &words::beijing_time(at))]))
                }
            }
            dt { (lang.t("campaign_responses")) }
            dd { (responses) }
        }
        ul.campaign-links {
            li { a href=(format!("{base}/results")) { (lang.t("campaign_results")) } }
            li { a href=(format!("{base}/poster.svg")) { (lang.t("campaign_poster")) } }
            li { a href=(format!("{base}/responses.csv")) download { (lang.t("campaign_export")) } }
            @if allowed(CampaignAction::Edit) {
                li { a href=(format!("{base}/edit")) { (lang.t("campaign_edit")) } }
            }
        }
        (actions_section(lang, user, c, &base, &allowed, draft))
        @if let Some(answer) = &c.answer {
            section aria-labelledby="office-answer" {
                h2 #office-answer { (lang.t("campaign_answer")) }
                p.text { (answer.zh) }
                @if !answer.en.is_empty() {
                    p.text lang="en" { (answer.en) }
                }
            }
        }
        (preview(lang, c))
    };
    Ok(views::page(
        lang,
        c.title.get(lang == Lang::En),
        Some(user),
        body,
    ))
}

fn actions_section(
    lang: Lang,
    user: &StaffUser,
    c: &Campaign,
    base: &str,
    allowed: &dyn Fn(CampaignAction) -> bool,
    draft: Option<&AnswerDraft>,
) -> Markup {
    let publish = allowed(CampaignAction::Publish);
    let close = allowed(CampaignAction::Close);
    let answer = allowed(CampaignAction::PublishAnswer);
    if !(publish || close || answer) {
        return html! {};
    }
    let typed = draft.map(|d| &d.words).or(c.answer.as_ref());
    html! {
        section aria-labelledby="campaign-actions" {
            h2 #campaign-actions { (lang.t("actions")) }
            @if publish {
                form.action method="post" action=(format!("{base}/publish")) {
                    (views::csrf_field(user))
                    p { (lang.t("campaign_publish_note")) }
                    button type="submit" { (lang.t("campaign_action_publish")) }
                }
            }
            @if close {
                form.action method="post" action=(format!("{base}/close")) {
                    (views::csrf_field(user))
                    p { (lang.t("campaign_close_note")) }
                    button.danger type="submit" { (lang.t("campaign_action_close")) }
                }
            }
            @if answer {
                form.action method="post" action=(format!("{base}/answer")) {
                    (views::csrf_field(user))
                    @if let Some(d) = draft {
                        p.error #answer-error role="alert" { (d.problem) }
                    }
                    label for="answer_zh" { (lang.t("campaign_field_answer_zh")) }
                    textarea #answer_zh name="answer_zh" maxlength=(CAMPAIGN_INTRO_MAX_CHARS)
                        aria-describedby=[draft.map(|_| "answer-error")] {
                        @if let Some(w) = typed { (w.zh) }
                    }
                    label for="answer_en" { (lang.t("campaign_field_answer_en")) }
                    textarea #answer_en name="answer_en" maxlength=(CAMPAIGN_INTRO_MAX_CHARS) {
                        @if let Some(w) = typed { (w.en) }
                    }
                    p { button type="submit" { (lang.t("campaign_action_publish_answer")) } }
                }
            }
        }
    }
}

/// The campaign as the app shows it, in the desk's language where the
/// office wrote one (else Chinese), its controls inert.
fn preview(lang: Lang, c: &Campaign) -> Markup {
    let en = lang == Lang::En;
    html! {
        section.preview aria-labelledby="preview" {
            h2 #preview { (lang.t("campaign_preview")) }
            h3 { (c.title.get(en)) }
            p.text { (c.intro.get(en)) }
            form.preview-form aria-label=(lang.t("campaign_preview")) {
                @for (i, q) in c.questions.iter().enumerate() {
                    (preview_question(lang, i, q))
                }
            }
        }
    }
}

fn preview_question(lang: Lang, i: usize, q: &Question) -> Markup {
    let en = lang == Lang::En;
    let id = |part: &str| format!("preview-{i}-{part}");
    html! {
        fieldset.question disabled {
            legend {
                (q.prompt.get(en))
                @if q.required { " " (lang.t("campaign_required_mark")) }
            }
            @if q.contact {
                p { (lang.t("campaign_contact_note")) }
            }
            @match &q.kind {
                QuestionKind::SingleChoice { options } => {
                    @for o in options {
                        label {
                            input type="radio" name=(id("choice")) value=(o.id);
                            " " (o.label.get(en))
                        }
                    }
                }
                QuestionKind::MultipleChoice { options, max_picks } => {
                    p { (lang.tf("campaign_pick_at_most", &[("n", &max_picks.to_string())])) }
                    @for o in options {
                        label {
                            input type="checkbox" name=(id("choices")) value=(o.id);
                            " " (o.label.get(en))
                        }
                    }
                }
                QuestionKind::Scale { low, high } => {
                    p { "1 = " (low.get(en)) ", " (SCALE_MAX) " = " (high.get(en)) }
                    @for n in 1..=SCALE_MAX {
                        label {
                            input type="radio" name=(id("scale")) value=(n);
                            " " (n)
                        }
                    }
                }
                QuestionKind::ShortText { max_chars } => {
                    label for=(id("text")) { (lang.tf("campaign_at_most_chars", &[("n", &max_chars.to_string())])) }
                    input id=(id("text")) type="text" maxlength=(max_chars);
                }
                QuestionKind::LongText { max_chars, photos } => {
                    label for=(id("text")) { (lang.tf("campaign_at_most_chars", &[("n", &max_chars.to_string())])) }
                    textarea id=(id("text")) maxlength=(max_chars) {}
                    @if *photos > 0 {
                        p { (lang.tf("campaign_up_to_photos", &[("n", &photos.to_string())])) }
                    }
                }
            }
        }
    }
}
