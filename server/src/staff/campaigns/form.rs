//! Writing a campaign: the form for a new one (`GET /staff/campaigns/new`,
//! `POST /staff/campaigns`) and for an edit (`GET
//! /staff/campaigns/{slug}/edit`, `POST /staff/campaigns/{slug}`).
//!
//! The question builder needs no script: every button posts the whole
//! form. "Add a question", "Remove" and "Show the fields for this type"
//! only show it again with what was typed; "Save" asks core (through
//! `campaigns::change`) and either goes to the campaign's page or shows
//! the form again with each problem next to its field. Nothing typed is
//! lost either way.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use letterbox_core::calendar::unix_seconds;
use letterbox_core::campaign::{Campaign, CampaignAction, DefinitionError, Invalid, Part, Refusal};
use letterbox_core::limits::CAMPAIGN_QUESTIONS_MAX;
use maud::{html, Markup};

use super::super::error::DeskError;
use super::super::form::{Form, SessionForm};
use super::super::text::Lang;
use super::super::user::StaffUser;
use super::super::views;
use super::fields::{CampaignFields, Intent, QuestionFields, TYPES};
use super::{change_error, href, invalid_text, load, now, refusal_text, require, Right};
use crate::campaigns::{change, Change, ChangeError, Staff};
use crate::catalogue::Catalogue;
use crate::state::AppState;

/// Which form: a new campaign, or an edit of `slug`.
enum Target {
    New,
    Edit(String),
}

impl Target {
    fn action(&self) -> String {
        match self {
            Self::New => "/staff/campaigns".to_owned(),
            Self::Edit(slug) => href(slug),
        }
    }

    fn title(&self, lang: Lang) -> &'static str {
        match self {
            Self::New => lang.t("campaign_new"),
            Self::Edit(_) => lang.t("campaign_edit"),
        }
    }
}

/// What core found wrong with the last "Save".
#[derive(Default)]
struct Problems {
    found: Vec<DefinitionError>,
    slug_taken: bool,
    meaning_changed: bool,
}

impl Problems {
    fn is_empty(&self) -> bool {
        self.found.is_empty() && !self.slug_taken && !self.meaning_changed
    }

    /// The words for the problems shown at `field` of the campaign
    /// (`question` None) or of question `question`.
    fn at(&self, lang: Lang, question: Option<usize>, field: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .found
            .iter()
            .filter(|p| p.question == question && field_of(p) == field)
            .map(|p| invalid_text(lang, p.code))
            .collect();
        if self.slug_taken && question.is_none() && field == "slug" {
            out.push(lang.t("campaign_slug_taken").to_owned());
        }
        out.dedup();
        out
    }
}

/// The field a problem is shown next to; core names the part of the
/// words a missing or too-long text is in.
fn field_of(p: &DefinitionError) -> &'static str {
    match (p.question, p.code) {
        (None, Invalid::Slug) => "slug",
        (None, Invalid::Department) => "department",
        (None, Invalid::Period) => "period",
        (None, Invalid::QuestionCount) => "questions",
        (None, _) => match p.part {
            Some(Part::Title) => "title",
            Some(Part::Intro) => "intro",
            Some(Part::Answer) => "answer",
            None => "texts",
        },
        (Some(_), Invalid::Identifier) => "id",
        (Some(_), Invalid::TextMissing | Invalid::TextTooLong) => "prompt",
        (Some(_), Invalid::Contact) => "contact",
        (Some(_), Invalid::OptionCount | Invalid::OptionLabel) => "options",
        (Some(_), Invalid::MaxPicks) => "max_picks",
        (Some(_), Invalid::ScaleLabels) => "scale",
        (Some(_), Invalid::TextLimit) => "max_chars",
        (Some(_), Invalid::PhotoCount) => "photos",
        (Some(_), _) => "prompt",
    }
}

pub async fn new_form(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
) -> Result<Markup, DeskError> {
    let lang = Lang::from_headers(&headers);
    require(lang, &user, Right::Manage)?;
    let fields = CampaignFields::blank();
    Ok(page(
        &state.catalogue,
        lang,
        &user,
        &Target::New,
        &fields,
        &Problems::default(),
    ))
}

pub async fn edit_form(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Markup, DeskError> {
    let lang = Lang::from_headers(&headers);
    require(lang, &user, Right::Manage)?;
    let campaign = load(&state, &user, lang, &slug).await?;
    // A closed campaign is not edited: the form would only be refused.
    if let Err(r) = campaign.may(CampaignAction::Edit, user.role, now(&state)) {
        let text = refusal_text(lang, &r);
        return Err(
            DeskError::refused(lang, &user, StatusCode::CONFLICT, text).back_to(&href(&slug))
        );
    }
    let fields = CampaignFields::of(&campaign);
    let target = Target::Edit(slug);
    Ok(page(
        &state.catalogue,
        lang,
        &user,
        &target,
        &fields,
        &Problems::default(),
    ))
}

pub async fn create(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
    SessionForm(form): SessionForm,
) -> Result<Response, DeskError> {
    submit(&state, user, &headers, Target::New, &form).await
}

pub async fn edit(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
    Path(slug): Path<String>,
    SessionForm(form): SessionForm,
) -> Result<Response, DeskError> {
    submit(&state, user, &headers, Target::Edit(slug), &form).await
}

async fn submit(
    state: &AppState,
    user: StaffUser,
    headers: &HeaderMap,
    target: Target,
    form: &Form,
) -> Result<Response, DeskError> {
    let lang = Lang::from_headers(headers);
    require(lang, &user, Right::Manage)?;
    let current = match &target {
        Target::New => None,
        Target::Edit(slug) => Some(load(state, &user, lang, slug).await?),
    };
    let (mut fields, intent) = CampaignFields::posted(form);
    let show = |fields: &CampaignFields, problems: &Problems, status| {
        let markup = page(&state.catalogue, lang, &user, &target, fields, problems);
        (status, markup).into_response()
    };
    match intent {
        Intent::Add => {
            if fields.questions.len() < CAMPAIGN_QUESTIONS_MAX {
                fields.questions.push(QuestionFields::default());
            }
            return Ok(show(&fields, &Problems::default(), StatusCode::OK));
        }
        Intent::Remove(n) => {
            if n < fields.questions.len() {
                fields.questions.remove(n);
            }
            return Ok(show(&fields, &Problems::default(), StatusCode::OK));
        }
        Intent::Refresh => return Ok(show(&fields, &Problems::default(), StatusCode::OK)),
        Intent::Save => {}
    }
    let by = Staff {
        id: user.id,
        role: user.role,
    };
    let result = match (&target, &current) {
        (Target::Edit(slug), Some(current)) => {
            let edited = same_instants(current, fields.campaign());
            change(state, &by, slug, Change::Edit(edited)).await
        }
        _ => {
            let campaign = fields.campaign();
            let slug = campaign.slug.clone();
            change(state, &by, &slug, Change::Create(campaign)).await
        }
    };
    let mut problems = Problems::default();
    match result {
        Ok(saved) => return Ok(Redirect::to(&href(&saved.slug)).into_response()),
        Err(ChangeError::Refused(Refusal::Invalid(found))) => problems.found = found,
        Err(ChangeError::SlugTaken) => problems.slug_taken = true,
        Err(ChangeError::Refused(Refusal::MeaningChanged)) => problems.meaning_changed = true,
        Err(e) => return Err(change_error(lang, &user, e, &target.action())),
    }
    let status = if problems.found.is_empty() {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(show(&fields, &problems, status))
}

/// The form shows times to the minute in China time; a stored time
/// written another way but at the same instant stays as stored, so an
/// edit of the words never looks like a new period to core.
fn same_instants(current: &Campaign, mut edited: Campaign) -> Campaign {
    for (stored, new) in [
        (&current.opens_at, &mut edited.opens_at),
        (&current.closes_at, &mut edited.closes_at),
    ] {
        if unix_seconds(stored).is_some() && unix_seconds(stored) == unix_seconds(new) {
            new.clone_from(stored);
        }
    }
    edited
}

fn page(
    catalogue: &Catalogue,
    lang: Lang,
    user: &StaffUser,
    target: &Target,
    fields: &CampaignFields,
    problems: &Problems,
) -> Markup {
    let editing = matches!(target, Target::Edit(_));
    let body = html! {
        @if !problems.is_empty() {
            div.problems role="alert" {
                p { strong { (lang.t("campaign_form_problems")) } }
                @if problems.meaning_changed {
                    p { (lang.t("campaign_meaning_changed")) }
                }
            }
        }
        @if editing {
            p { a href=(target.action()) { (lang.t("campaign_back")) } }
        }
        form.campaign-form method="post" action=(target.action()) {
            (views::csrf_field(user))
            (details(catalogue, lang, fields, problems, editing))
            p { button type="submit" name="save" value="1" { (lang.t("campaign_save")) } }
            h2 #questions { (lang.t("campaign_questions")) }
            (errors("questions", &problems.at(lang, None, "questions")))
            @for (i, q) in fields.questions.iter().enumerate() {
                (question_block(lang, i, q, problems))
            }
            @if fields.questions.len() < CAMPAIGN_QUESTIONS_MAX {
                p { button.secondary type="submit" name="add" value="1" { (lang.t("campaign_add_question")) } }
            }
            p { button type="submit" name="save" value="1" { (lang.t("campaign_save")) } }
        }
    };
    views::page(lang, target.title(lang), Some(user), body)
}

/// The problems of one field, tied to it by `aria-describedby`.
fn errors(id: &str, messages: &[String]) -> Markup {
    html! {
        @if !messages.is_empty() {
            p.error id=(format!("{id}-error")) {
                @for (n, m) in messages.iter().enumerate() {
                    @if n > 0 { " " }
                    (m)
                }
            }
        }
    }
}

/// A labelled one-line input with its problems.
fn text_input(
    id: &str,
    name: &str,
    label: &str,
    value: &str,
    problems: &[String],
    kind: &str,
) -> Markup {
    let invalid = !problems.is_empty();
    html! {
        label for=(id) { (label) }
        (errors(id, problems))
        input id=(id) name=(name) type=(kind) value=(value)
            aria-invalid=[invalid.then_some("true")]
            aria-describedby=[invalid.then(|| format!("{id}-error"))];
    }
}

fn textarea(id: &str, name: &str, label: &str, value: &str, problems: &[String]) -> Markup {
    let invalid = !problems.is_empty();
    html! {
        label for=(id) { (label) }
        (errors(id, problems))
        textarea id=(id) name=(name)
            aria-invalid=[invalid.then_some("true")]
            aria-describedby=[invalid.then(|| format!("{id}-error"))] { (value) }
    }
}

fn details(
    catalogue: &Catalogue,
    lang: Lang,
    f: &CampaignFields,
    problems: &Problems,
    editing: bool,
) -> Markup {
    let at = |field| problems.at(lang, None, field);
    let department = at("department");
    let texts = at("texts");
    html! {
        fieldset {
            legend { (lang.t("campaign_details")) }
            label for="slug" { (lang.t("campaign_field_slug")) }
            (errors("slug", &at("slug")))
            @let slug_invalid = !at("slug").is_empty();
            input #slug name="slug" value=(f.slug) readonly[editing]
                aria-invalid=[slug_invalid.then_some("true")]
                aria-describedby=(if slug_invalid { "slug-error slug-hint" } else { "slug-hint" });
            p #slug-hint { (lang.t("campaign_field_slug_hint")) }
            label for="department" { (lang.t("campaign_field_department")) }
            (errors("department", &department))
            select #department name="department"
                aria-invalid=[(!department.is_empty()).then_some("true")]
                aria-describedby=[(!department.is_empty()).then_some("department-error")] {
                option value="" { (lang.t("campaign_choose")) }
                @for d in &catalogue.categories.departments {
                    option value=(d.code) selected[d.code == f.department] { (lang.pick(&d.name)) }
                }
            }
            label for="district" { (lang.t("campaign_field_district")) }
            select #district name="district" {
                option value="" { (lang.t("campaign_no_district")) }
                @for a in &catalogue.areas.areas {
                    option value=(a.code) selected[a.code == f.district] { (lang.pick(&a.name)) }
                }
            }
            (text_input("opens_at", "opens_at", lang.t("campaign_field_opens"), &f.opens_at, &at("period"), "datetime-local"))
            (text_input("closes_at", "closes_at", lang.t("campaign_field_closes"), &f.closes_at, &[], "datetime-local"))
            label {
                input type="checkbox" name="results_public" value="1" checked[f.results_public];
                " " (lang.t("campaign_field_results_public"))
            }
        }
        fieldset {
            legend { (lang.t("campaign_texts")) }
            (errors("texts", &texts))
            (text_input("title_zh", "title_zh", lang.t("campaign_field_title_zh"), &f.title_zh, &at("title"), "text"))
            (text_input("title_en", "title_en", lang.t("campaign_field_title_en"), &f.title_en, &[], "text"))
            (textarea("intro_zh", "intro_zh", lang.t("campaign_field_intro_zh"), &f.intro_zh, &at("intro")))
            (textarea("intro_en", "intro_en", lang.t("campaign_field_intro_en"), &f.intro_en, &[]))
        }
    }
}

/// The fields each type shows; the others' values ride along hidden.
fn shown(kind: &str) -> &'static [&'static str] {
    match kind {
        "single_choice" => &["options"],
        "multiple_choice" => &["options", "max_picks"],
        "scale" => &["low_zh", "low_en", "high_zh", "high_en"],
        "short_text" => &["max_chars"],
        "long_text" => &["max_chars", "photos"],
        _ => &[],
    }
}

fn question_block(lang: Lang, i: usize, q: &QuestionFields, problems: &Problems) -> Markup {
    let n = (i + 1).to_string();
    let at = |field| problems.at(lang, Some(i), field);
    let id = |field: &str| format!("q{i}-{field}");
    let name = |field: &str| format!("q{i}_{field}");
    let typed: [(&str, &str); 8] = [
        ("options", &q.options),
        ("max_picks", &q.max_picks),
        ("low_zh", &q.low_zh),
        ("low_en", &q.low_en),
        ("high_zh", &q.high_zh),
        ("high_en", &q.high_en),
        ("max_chars", &q.max_chars),
        ("photos", &q.photos),
    ];
    let show = shown(&q.kind);
    html! {
        fieldset.question id=(format!("q{i}")) {
            legend { (lang.tf("campaign_question_n", &[("n", &n)])) }
            label for=(id("type")) { (lang.t("campaign_field_type")) }
            select id=(id("type")) name=(name("type")) {
                @for t in TYPES {
                    option value=(t) selected[*t == q.kind] { (lang.t(&format!("question_type_{t}"))) }
                }
            }
            " "
            button.secondary type="submit" name="refresh" value=(i) { (lang.t("campaign_show_type_fields")) }
            (text_input(&id("id"), &name("id"), lang.t("campaign_field_question_id"), &q.id, &at("id"), "text"))
            (textarea(&id("prompt_zh"), &name("prompt_zh"), lang.t("campaign_field_prompt_zh"), &q.prompt_zh, &at("prompt")))
            (textarea(&id("prompt_en"), &name("prompt_en"), lang.t("campaign_field_prompt_en"), &q.prompt_en, &[]))
            label {
                input type="checkbox" name=(name("required")) value="1" checked[q.required];
                " " (lang.t("campaign_field_required"))
            }
            (errors(&id("contact"), &at("contact")))
            label {
                input type="checkbox" name=(name("contact")) value="1" checked[q.contact];
                " " (lang.t("campaign_field_contact"))
            }
            @if show.contains(&"options") {
                (textarea(&id("options"), &name("options"), lang.t("campaign_field_options"), &q.options, &at("options")))
            }
            @if show.contains(&"max_picks") {
                (text_input(&id("max_picks"), &name("max_picks"), lang.t("campaign_field_max_picks"), &q.max_picks, &at("max_picks"), "text"))
            }
            @if show.contains(&"low_zh") {
                (errors(&id("scale"), &at("scale")))
                (text_input(&id("low_zh"), &name("low_zh"), lang.t("campaign_field_low_zh"), &q.low_zh, &[], "text"))
                (text_input(&id("low_en"), &name("low_en"), lang.t("campaign_field_low_en"), &q.low_en, &[], "text"))
                (text_input(&id("high_zh"), &name("high_zh"), lang.t("campaign_field_high_zh"), &q.high_zh, &[], "text"))
                (text_input(&id("high_en"), &name("high_en"), lang.t("campaign_field_high_en"), &q.high_en, &[], "text"))
            }
            @if show.contains(&"max_chars") {
                (text_input(&id("max_chars"), &name("max_chars"), lang.t("campaign_field_max_chars"), &q.max_chars, &at("max_chars"), "text"))
            }
            @if show.contains(&"photos") {
                (text_input(&id("photos"), &name("photos"), lang.t("campaign_field_photos"), &q.photos, &at("photos"), "text"))
            }
            @for (field, v) in typed.iter().filter(|(f, v)| !show.contains(f) && !v.is_empty()) {
                input type="hidden" name=(name(field)) value=(v);
            }
            p {
                button.danger type="submit" name="remove" value=(i) {
                    (lang.tf("campaign_remove_question", &[("n", &n)]))
                }
            }
        }
    }
}
