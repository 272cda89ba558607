//! The staff desk under `/staff`: server-rendered pages with plain forms.
//! Clerks register and assign, department handlers accept and reply for
//! their department's cases, supervisors do everything plus extensions,
//! review answers and the report. Every action goes through core's rules
//! and into the audit log.

pub mod accounts;
mod report;
pub mod session;
pub mod text;
mod views;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use letterbox_core::calendar::{Calendar, Date};
use letterbox_core::deadlines::{deadlines, Party};
use letterbox_core::lifecycle::{
    ActionKind, CaseAction, Channel, Outcome, Progress, Refusal, Role,
};
use letterbox_core::limits::{CASE_NOTE_MAX_CHARS, EXTENSION_MAX_DAYS};
use letterbox_core::{CaseStatus, PetitionKind};
use maud::{html, Markup};
use serde::Deserialize;
use uuid::Uuid;

use crate::clock::rfc3339;
use crate::error::ApiError;
use crate::http::petitions::{PetitionRow, SELECT_PETITION};
use crate::lifecycle::{self, Acting};
use crate::AppState;
use session::StaffUser;
use text::Lang;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff", get(queue))
        .route("/staff/login", get(login_form).post(login))
        .route("/staff/logout", post(logout))
        .route("/staff/lang", post(switch_language))
        .route("/staff/report", get(report::page))
        .route("/staff/cases/{id}", get(case_page))
        .route("/staff/cases/{id}/actions", post(act))
        .route("/staff/cases/{id}/photos/{photo}", get(photo))
}

/// What went wrong, as a page in the user's language with the right status.
pub struct DeskError {
    status: StatusCode,
    body: Markup,
}

impl IntoResponse for DeskError {
    fn into_response(self) -> Response {
        (self.status, self.body).into_response()
    }
}

impl DeskError {
    fn new(
        status: StatusCode,
        lang: Lang,
        user: Option<&StaffUser>,
        text: &str,
        back: Option<&str>,
    ) -> Self {
        Self {
            status,
            body: views::message(
                lang,
                user,
                lang.t("refused_title"),
                text,
                back.map(|href| (href, lang.t("back_to_case"))),
            ),
        }
    }

    fn internal(lang: Lang, e: impl std::fmt::Display) -> Self {
        tracing::error!("staff desk: {e}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            lang,
            None,
            lang.t("internal_error"),
            None,
        )
    }
}

fn parse_form(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

fn field<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Forms are posted only from the desk itself: a cross-site post is
/// refused (the SameSite cookie already withholds the session).
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    origin
        .split_once("://")
        .is_some_and(|(_, rest)| rest == host)
}

async fn login_form(headers: HeaderMap) -> Markup {
    views::login(Lang::from_headers(&headers), None)
}

async fn login(
    State(state): State<AppState>,
    extensions: axum::http::Extensions,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let lang = Lang::from_headers(&headers);
    let form = parse_form(&body);
    let username = field(&form, "username").unwrap_or("").trim().to_owned();
    let password = field(&form, "password").unwrap_or("").to_owned();
    // Failed sign-ins are counted per address and name, and per name from
    // anywhere: guessing is slow, and one office behind one address is not
    // locked out by its own colleagues' successful sign-ins.
    let keys = [
        format!(
            "{}|{username}",
            crate::http::lookup::client_key(&extensions)
        ),
        format!("user|{username}"),
    ];
    let now_t = state.clock.now();
    if let Some(secs) = keys
        .iter()
        .find_map(|k| state.sign_ins.check(k, now_t).err())
    {
        let text = lang.tf("too_many_attempts", &[("secs", &secs.to_string())]);
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, secs.to_string())],
            views::login(lang, Some(text)),
        )
            .into_response();
    }
    let row: Result<Option<(i64, String)>, _> = sqlx::query_as(
        "SELECT id, password_hash FROM staff WHERE username = ? AND disabled_at IS NULL",
    )
    .bind(&username)
    .fetch_optional(&state.db.read)
    .await;
    let row = match row {
        Ok(r) => r,
        Err(e) => return DeskError::internal(lang, e).into_response(),
    };
    // Hashing runs on a blocking thread: it is slow on purpose.
    let (id, stored) = row.unwrap_or((0, accounts::decoy_hash().to_owned()));
    let checked = stored.clone();
    let ok = tokio::task::spawn_blocking(move || accounts::verify_password(&password, &checked))
        .await
        .unwrap_or(false);
    let now = rfc3339(state.clock.now());
    if !ok || id == 0 {
        for k in &keys {
            let _ = state.sign_ins.hit(k, now_t);
        }
        if let Ok(mut conn) = state.db.write.acquire().await {
            let _ = lifecycle::audit(
                &mut conn,
                &now,
                (id != 0).then_some(id),
                "sign_in_failed",
                None,
                &username,
            )
            .await;
        }
        return (
            StatusCode::UNAUTHORIZED,
            views::login(lang, Some(lang.t("sign_in_failed").into())),
        )
            .into_response();
    }
    let cookie = match session::start(&state, id, &stored).await {
        Ok(Some(c)) => c,
        // The password changed (or the account was disabled) while it was
        // being checked: the old password opens nothing.
        Ok(None) => {
            return (
                StatusCode::UNAUTHORIZED,
                views::login(lang, Some(lang.t("sign_in_failed").into())),
            )
                .into_response()
        }
        Err(e) => return DeskError::internal(lang, e).into_response(),
    };
    if let Ok(mut conn) = state.db.write.acquire().await {
        let _ = lifecycle::audit(&mut conn, &now, Some(id), "sign_in", None, "").await;
    }
    ([(header::SET_COOKIE, cookie)], Redirect::to("/staff")).into_response()
}

async fn logout(State(state): State<AppState>, user: StaffUser, headers: HeaderMap) -> Response {
    let lang = Lang::from_headers(&headers);
    if let Err(e) = session::end(&state, &headers).await {
        return DeskError::internal(lang, e).into_response();
    }
    if let Ok(mut conn) = state.db.write.acquire().await {
        let _ = lifecycle::audit(
            &mut conn,
            &rfc3339(state.clock.now()),
            Some(user.id),
            "sign_out",
            None,
            "",
        )
        .await;
    }
    (
        [(header::SET_COOKIE, session::clear_cookie())],
        Redirect::to("/staff/login"),
    )
        .into_response()
}

async fn switch_language(headers: HeaderMap, body: Bytes) -> Response {
    let form = parse_form(&body);
    let to = if field(&form, "to") == Some("en") {
        "en"
    } else {
        "zh"
    };
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.find("/staff").map(|i| r[i..].to_owned()))
        .unwrap_or_else(|| "/staff".into());
    let cookie = format!(
        "{}={to}; Path=/staff; SameSite=Strict; Max-Age=31536000",
        text::LANG_COOKIE
    );
    ([(header::SET_COOKIE, cookie)], Redirect::to(&back)).into_response()
}

/// id, case number, title, kind, status, due date, progress JSON.
type QueueRow = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
);
/// answer seq, satisfaction, timeliness, attitude, result, comment.
type RatingRow = (i64, String, Option<i64>, Option<i64>, Option<i64>, String);

#[derive(Deserialize)]
struct QueueQuery {
    all: Option<String>,
    q: Option<String>,
}

fn kind_text(lang: Lang, kind: &str) -> &'static str {
    lang.t(&format!("kind_{kind}"))
}

fn status_text(lang: Lang, status: &str) -> &'static str {
    lang.t(&format!("status_{status}"))
}

fn department_names(state: &AppState, lang: Lang, codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| {
            state
                .catalogue
                .categories
                .department(c)
                .map_or(c.as_str(), |d| lang.pick(&d.name))
        })
        .collect::<Vec<_>>()
        .join(lang.t("list_separator"))
}

/// The queue: cases the office still owes something, due soonest (so the
/// overdue) first. A handler sees only the department's cases.
async fn queue(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
    Query(q): Query<QueueQuery>,
) -> Result<Markup, DeskError> {
    let lang = Lang::from_headers(&headers);
    let all = q.all.is_some();
    let open: Vec<&str> = CaseStatus::ALL
        .into_iter()
        .filter(|s| s.is_open())
        .map(|s| s.as_str())
        .collect();
    let mut sql = String::from(
        "SELECT p.id, p.case_number, p.title, p.kind, p.status, p.due_on, p.progress_json \
         FROM petitions p WHERE 1 = 1",
    );
    if !all {
        sql.push_str(&format!(
            " AND p.status IN ({})",
            open.iter()
                .map(|s| format!("'{s}'"))
                .collect::<Vec<_>>()
                .join(",")
        ));
    }
    let mut binds: Vec<String> = Vec::new();
    if user.role == Role::Handler {
        sql.push_str(
            " AND p.id IN (SELECT petition_id FROM case_departments WHERE department = ?)",
        );
        binds.push(user.department.clone().unwrap_or_default());
    }
    // A case number, or words from the title.
    let search = q.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    if let Some(words) = search {
        sql.push_str(" AND (p.case_number = ? OR p.title LIKE ? ESCAPE '\\')");
        binds.push(words.to_ascii_uppercase());
        let escaped = words
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        binds.push(format!("%{escaped}%"));
    }
    sql.push_str(" ORDER BY p.due_on IS NULL, p.due_on, p.received_at LIMIT 500");
    let mut query = sqlx::query_as::<_, QueueRow>(&sql);
    for b in &binds {
        query = query.bind(b);
    }
    let rows: Vec<QueueRow> = query
        .fetch_all(&state.db.read)
        .await
        .map_err(|e| DeskError::internal(lang, e))?;
    let today = lifecycle::today(&state);
    let title = if all {
        lang.t("all_title")
    } else {
        lang.t("queue_title")
    };
    let body = html! {
        form.search method="get" action="/staff" role="search" {
            @if all { input type="hidden" name="all" value="1"; }
            label for="q" { (lang.t("search_label")) }
            " "
            input #q name="q" type="search" value=[search];
            " "
            button type="submit" { (lang.t("search_button")) }
        }
        @if rows.is_empty() {
            p { (lang.t("queue_empty")) }
        } @else {
            table {
                (views::head_row(lang, &["col_case", "col_title", "col_kind", "col_status", "col_departments", "col_due", "col_days_left"]))
                tbody {
                    @for (id, number, title, kind, status, due, progress) in &rows {
                        @let deps: Vec<String> = serde_json::from_str::<Progress>(progress).map(|p| p.departments).unwrap_or_default();
                        @let due = due.as_deref().and_then(Date::parse);
                        tr {
                            td { a href=(format!("/staff/cases/{id}")) { (number) } }
                            td { (title) }
                            td { (kind_text(lang, kind)) }
                            td { (status_text(lang, status)) }
                            td { (department_names(&state, lang, &deps)) }
                            td { @if let Some(d) = due { (d.to_string()) } }
                            td {
                                @if let Some(d) = due {
                                    @let left = today.days_until(d);
                                    @if left < 0 {
                                        span.overdue { (lang.tf("overdue_by", &[("n", &(-left).to_string())])) }
                                    } @else {
                                        (lang.tf("days_left", &[("n", &left.to_string())]))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(views::page(lang, title, Some(&user), body))
}

/// Loads the case and checks the user may see it: a handler only the
/// department's cases.
async fn visible_case(
    state: &AppState,
    user: &StaffUser,
    lang: Lang,
    id: Uuid,
) -> Result<(PetitionRow, Progress), DeskError> {
    let row: Option<PetitionRow> = sqlx::query_as(SELECT_PETITION)
        .bind(id.to_string())
        .fetch_optional(&state.db.read)
        .await
        .map_err(|e| DeskError::internal(lang, e))?;
    let Some(row) = row else {
        return Err(DeskError::new(
            StatusCode::NOT_FOUND,
            lang,
            Some(user),
            lang.t("not_found"),
            None,
        ));
    };
    let mut conn = state
        .db
        .read
        .acquire()
        .await
        .map_err(|e| DeskError::internal(lang, e))?;
    let (progress, _) = lifecycle::progress(&mut conn, id)
        .await
        .map_err(|e| DeskError::internal(lang, e))?
        .ok_or_else(|| {
            DeskError::new(
                StatusCode::NOT_FOUND,
                lang,
                Some(user),
                lang.t("not_found"),
                None,
            )
        })?;
    if user.role == Role::Handler
        && !user
            .department
            .as_ref()
            .is_some_and(|d| progress.departments.contains(d))
    {
        return Err(DeskError::new(
            StatusCode::FORBIDDEN,
            lang,
            Some(user),
            lang.t("forbidden"),
            None,
        ));
    }
    Ok((row, progress))
}

/// Who may see the petitioner: a reporter's identity only supervisors
/// (Art. 30); other kinds every staff member who can open the case.
fn may_see_identity(kind: &str, role: Role) -> bool {
    kind != PetitionKind::Report.as_str() || role == Role::Supervisor
}

async fn case_page(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
) -> Result<Markup, DeskError> {
    let lang = Lang::from_headers(&headers);
    let (row, progress) = visible_case(&state, &user, lang, id).await?;
    let db = &state.db.read;
    let internal = |e: sqlx::Error| DeskError::internal(lang, e);
    let identity: Option<(String, String, String)> = if may_see_identity(&row.kind, user.role) {
        sqlx::query_as("SELECT name, phone, address FROM petition_identities WHERE petition_id = ?")
            .bind(id.to_string())
            .fetch_optional(db)
            .await
            .map_err(internal)?
    } else {
        None
    };
    let photos: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT photo_id, completed_at FROM petition_photos WHERE petition_id = ? ORDER BY position",
    )
    .bind(id.to_string())
    .fetch_all(db)
    .await
    .map_err(internal)?;
    let ratings: Vec<RatingRow> = sqlx::query_as(
        "SELECT answer_seq, satisfaction, timeliness, attitude, result, comment FROM ratings \
         WHERE petition_id = ? ORDER BY answer_seq",
    )
    .bind(id.to_string())
    .fetch_all(db)
    .await
    .map_err(internal)?;
    let events = lifecycle::events(db, id)
        .await
        .map_err(|e| DeskError::internal(lang, e))?;
    let today = lifecycle::today(&state);
    let calendar = Calendar::china();
    let running = deadlines(&progress, calendar);
    let actions = progress.staff_actions(&user.actor(), today, calendar);
    let number = row.case_number.clone();
    let score = |s: Option<i64>| s.map_or("–".to_string(), |n| n.to_string());
    let body = html! {
            p { (kind_text(lang, &row.kind)) " · " (status_text(lang, &row.status)) " · "
                (lang.tf("received_on", &[("at", &beijing_time(&row.received_at))])) }
            section aria-labelledby="deadlines" {
                h2 #deadlines { (lang.t("deadlines")) }
                @if running.is_empty() { p { (lang.t("no_deadline")) } }
                ul {
                    @for d in &running {
                        @let rule = d.rule.rule();
                        @let key = format!("rule_{}", d.rule.as_str());
    @let article = match rule.paragraph {
                            Some(p) => lang.tf("article_paragraph", &[("n", &rule.article.to_string()), ("p", &p.to_string())]),
                            None => lang.tf("article", &[("n", &rule.article.to_string())]),
                        };
                        li {
                            (lang.tf("deadline_line", &[("rule", lang.t(&key)), ("due", &d.due.to_string()), ("article", &article)]))
                            @if d.extended_by > 0 { " — " (lang.tf("extended_by", &[("n", &d.extended_by.to_string())])) }
                            " — "
                            @if d.overdue(today) && rule.party == Party::Office {
                                span.overdue { (lang.tf("overdue_by", &[("n", &(-d.days_left(today)).to_string())])) }
                            } @else if d.passed(today) {
                                (lang.tf("deadline_ended", &[("date", &d.due.to_string())]))
                            } @else {
                                (lang.tf("days_left", &[("n", &d.days_left(today).max(0).to_string())]))
                            }
                        }
                    }
                }
            }
            section aria-labelledby="content" {
                h2 #content { (lang.t("content")) }
                h3 { (row.title) }
                p style="white-space:pre-wrap" { (row.body) }
                dl {
                    dt { (lang.t("category")) }
                    dd { (state.catalogue.categories.categories.iter().find(|c| c.code == row.category).map_or(row.category.as_str(), |c| lang.pick(&c.name))) }
                    dt { (lang.t("location")) }
                    dd { (area_name(&state, lang, row.district.as_deref(), row.street.as_deref())) " " (row.address) }
                    @if let Some(n) = row.people_affected { dt { (lang.t("people_affected")) } dd { (n) } }
                }
            }
            section aria-labelledby="identity" {
                h2 #identity { (lang.t("identity")) }
                @if !may_see_identity(&row.kind, user.role) {
                    p { (lang.t("identity_protected")) }
                } @else if let Some((name, phone, address)) = &identity {
                    dl {
                        dt { (lang.t("identity_name")) } dd { (name) }
                        dt { (lang.t("identity_phone")) } dd { (phone) }
                        dt { (lang.t("identity_address")) } dd { (address) }
                    }
                } @else {
                    p { (lang.t("identity_anonymous")) }
                }
            }
            @if !photos.is_empty() {
                section aria-labelledby="photos" {
                    h2 #photos { (lang.t("photos")) }
                    @for (n, (photo, done)) in photos.iter().enumerate() {
                        @let label = lang.tf("photo_alt", &[("n", &(n + 1).to_string()), ("number", &number)]);
                        @if done.is_some() {
                            a href=(format!("/staff/cases/{id}/photos/{photo}")) {
                                img src=(format!("/staff/cases/{id}/photos/{photo}")) alt=(label) loading="lazy";
                            }
                        } @else {
                            p { (lang.tf("photo_missing", &[("n", &(n + 1).to_string())])) }
                        }
                    }
                }
            }
            @if events.iter().any(|e| matches!(e.action, CaseAction::Supplement { .. })) {
            section aria-labelledby="supplements" {
                h2 #supplements { (lang.t("supplements")) }
                ul {
                    @for e in events.iter().filter(|e| matches!(e.action, CaseAction::Supplement { .. })) {
                        @if let CaseAction::Supplement { text, .. } = &e.action {
                            li { (beijing_time(&e.at)) ": " (text) }
                        }
                    }
                }
            }
            }
            section aria-labelledby="ratings" {
                h2 #ratings { (lang.t("ratings")) }
                @if ratings.is_empty() { p { (lang.t("no_ratings")) } }
                ul {
                    @for (_, satisfaction, t, a, r, comment) in &ratings {
                        li {
                            (lang.tf("rating_line", &[
                                ("satisfaction", lang.t(&format!("satisfaction_{satisfaction}"))),
                                ("t", &score(*t)), ("a", &score(*a)), ("r", &score(*r)),
                            ]))
                            @if !comment.is_empty() { " — " (comment) }
                        }
                    }
                }
            }
            section aria-labelledby="history" {
                h2 #history { (lang.t("history")) }
                table {
                    (views::head_row(lang, &["col_time", "col_action", "col_actor", "col_departments", "col_note"]))
                    tbody {
                        @for e in &events {
                            tr {
                                td { (beijing_time(&e.at)) }
                                td { (lang.t(&format!("action_{}", e.action.kind().as_str()))) }
                                td { (lang.t(&format!("role_{}", e.actor.as_str()))) }
                                td { (department_names(&state, lang, &e.departments)) }
                                td style="white-space:pre-wrap" { (e.note) }
                            }
                        }
                    }
                }
            }
            section aria-labelledby="actions" {
                h2 #actions { (lang.t("actions")) }
                @if actions.is_empty() { p { (lang.t("no_actions")) } }
                @for action in &actions {
                    (action_form(&state, lang, id, *action))
                }
            }
        };
    let title = lang.tf("case_heading", &[("number", &number)]);
    Ok(views::page(lang, &title, Some(&user), body))
}

/// An instant as staff in China read it: `2026-11-28 17:30`.
fn beijing_time(instant: &str) -> String {
    use time::format_description::well_known::Rfc3339;
    let Ok(t) = time::OffsetDateTime::parse(instant, &Rfc3339) else {
        return instant.to_owned();
    };
    let t = t.to_offset(time::macros::offset!(+8));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

fn area_name(state: &AppState, lang: Lang, district: Option<&str>, street: Option<&str>) -> String {
    let Some(d) = district.and_then(|d| state.catalogue.areas.district(d)) else {
        return String::new();
    };
    let mut s = lang.pick(&d.name).to_owned();
    if let Some(st) = street.and_then(|c| d.children.iter().find(|a| a.code == c)) {
        s.push(' ');
        s.push_str(lang.pick(&st.name));
    }
    s
}

fn action_form(state: &AppState, lang: Lang, id: Uuid, action: ActionKind) -> Markup {
    let name = action.as_str();
    let label = lang.t(&format!("action_{name}"));
    html! {
        form.action method="post" action=(format!("/staff/cases/{id}/actions")) aria-label=(label) {
            input type="hidden" name="action" value=(name);
            @if matches!(action, ActionKind::Assign | ActionKind::Transfer) {
                fieldset {
                    legend { (lang.t("field_departments")) }
                    @for d in &state.catalogue.categories.departments {
                        label { input type="checkbox" name="departments" value=(d.code); " " (lang.pick(&d.name)) }
                    }
                }
            }
            @if action == ActionKind::NotAccept {
                label for=(format!("{name}-channel")) { (lang.t("field_channel")) }
                select id=(format!("{name}-channel")) name="channel" {
                    @for c in Channel::ALL {
                        @let code = c.as_str();
                        option value=(code) { (lang.t(&format!("channel_{code}"))) }
                    }
                }
            }
            @if action == ActionKind::Extend {
                label for=(format!("{name}-days")) { (lang.t("field_days")) }
                input id=(format!("{name}-days")) name="days" type="number" min="1" max=(EXTENSION_MAX_DAYS) required;
            }
            @if matches!(action, ActionKind::Reply | ActionKind::AnswerReview | ActionKind::AnswerRecheck) {
                label for=(format!("{name}-outcome")) { (lang.t("field_outcome")) }
                select id=(format!("{name}-outcome")) name="outcome" {
                    @for o in Outcome::ALL {
                        @let code = o.as_str();
                        option value=(code) { (lang.t(&format!("outcome_{code}"))) }
                    }
                }
            }
            label for=(format!("{name}-note")) { (lang.t("field_note")) }
            textarea id=(format!("{name}-note")) name="note" maxlength=(CASE_NOTE_MAX_CHARS) required[action.needs_note()] {}
            p { button type="submit" { (label) } }
        }
    }
}

/// Why the rules refused, in the desk's language.
fn refusal_text(lang: Lang, r: &Refusal) -> String {
    let action = |a: ActionKind| lang.t(&format!("action_{}", a.as_str()));
    match r {
        Refusal::WrongStage { action: a, status } => lang.tf(
            "refusal_wrong_stage",
            &[
                ("action", action(*a)),
                ("status", status_text(lang, status.as_str())),
            ],
        ),
        Refusal::NotPermitted { action: a, role } => lang.tf(
            "refusal_not_permitted",
            &[
                ("action", action(*a)),
                ("role", lang.t(&format!("role_{}", role.as_str()))),
            ],
        ),
        Refusal::OtherDepartment => lang.t("refusal_other_department").to_owned(),
        Refusal::WindowClosed { closed_on } => {
            lang.tf("refusal_window_closed", &[("date", &closed_on.to_string())])
        }
        Refusal::AlreadyExtended => lang.t("refusal_already_extended").to_owned(),
        Refusal::NothingToRate => lang.t("refusal_nothing_to_rate").to_owned(),
        Refusal::AlreadyRated => lang.t("refusal_already_rated").to_owned(),
        Refusal::Invalid(why) => lang.t(&format!("invalid_{}", why.as_str())).to_owned(),
    }
}

/// Reads the action form into core's action; bad input is refused with the
/// key of the words that say why.
fn action_from_form(form: &[(String, String)]) -> Result<CaseAction, &'static str> {
    let kind = field(form, "action")
        .and_then(ActionKind::parse)
        .ok_or("form_unknown_action")?;
    let departments = || -> Vec<String> {
        form.iter()
            .filter(|(k, _)| k == "departments")
            .map(|(_, v)| v.clone())
            .collect()
    };
    let outcome = || -> Result<Outcome, &'static str> {
        field(form, "outcome")
            .and_then(Outcome::parse)
            .ok_or("form_choose_outcome")
    };
    Ok(match kind {
        ActionKind::Register => CaseAction::Register,
        ActionKind::Assign => CaseAction::Assign {
            departments: departments(),
        },
        ActionKind::Transfer => CaseAction::Transfer {
            departments: departments(),
        },
        ActionKind::Accept => CaseAction::Accept,
        ActionKind::NotAccept => CaseAction::NotAccept {
            channel: field(form, "channel")
                .and_then(Channel::parse)
                .ok_or("form_choose_channel")?,
        },
        ActionKind::Extend => CaseAction::Extend {
            days: field(form, "days")
                .and_then(|d| d.trim().parse().ok())
                .ok_or("form_give_days")?,
        },
        ActionKind::Reply => CaseAction::Reply {
            outcome: outcome()?,
        },
        ActionKind::AnswerReview => CaseAction::AnswerReview {
            outcome: outcome()?,
        },
        ActionKind::AnswerRecheck => CaseAction::AnswerRecheck {
            outcome: outcome()?,
        },
        ActionKind::Close => CaseAction::Close,
        _ => return Err("form_not_staff_action"),
    })
}

/// Takes a staff action: 303 back to the case when done; otherwise the
/// reason, with 403 (role), 409 (stage or window) or 422 (input).
async fn act(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
    body: Bytes,
) -> Result<Response, DeskError> {
    let lang = Lang::from_headers(&headers);
    let back = format!("/staff/cases/{id}");
    if !same_origin(&headers) {
        return Err(DeskError::new(
            StatusCode::FORBIDDEN,
            lang,
            Some(&user),
            lang.t("forbidden"),
            Some(&back),
        ));
    }
    // A handler may not even learn whether another department's case exists.
    visible_case(&state, &user, lang, id).await?;
    let form = parse_form(&body);
    let action = action_from_form(&form).map_err(|why| {
        DeskError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            lang,
            Some(&user),
            lang.t(why),
            Some(&back),
        )
    })?;
    let note = field(&form, "note").unwrap_or("");
    let who = Acting {
        actor: user.actor(),
        staff_id: Some(user.id),
    };
    let mut tx = state
        .db
        .write
        .begin()
        .await
        .map_err(|e| DeskError::internal(lang, e))?;
    match lifecycle::record(
        &mut tx,
        &state,
        id,
        action,
        &who,
        note,
        lifecycle::today(&state),
    )
    .await
    {
        Ok(_) => {
            tx.commit()
                .await
                .map_err(|e| DeskError::internal(lang, e))?;
            Ok(Redirect::to(&back).into_response())
        }
        Err(ApiError::Refused(r)) => {
            let status = StatusCode::from_u16(r.status()).unwrap_or(StatusCode::CONFLICT);
            Err(DeskError::new(
                status,
                lang,
                Some(&user),
                &refusal_text(lang, &r),
                Some(&back),
            ))
        }
        Err(e) => Err(DeskError::internal(lang, e)),
    }
}

async fn photo(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
    Path((id, photo)): Path<(Uuid, Uuid)>,
) -> Result<Response, DeskError> {
    let lang = Lang::from_headers(&headers);
    visible_case(&state, &user, lang, id).await?;
    let mime: Option<String> = sqlx::query_scalar(
        "SELECT mime FROM petition_photos WHERE petition_id = ? AND photo_id = ? AND completed_at IS NOT NULL",
    )
    .bind(id.to_string())
    .bind(photo.to_string())
    .fetch_optional(&state.db.read)
    .await
    .map_err(|e| DeskError::internal(lang, e))?;
    let not_found = || {
        DeskError::new(
            StatusCode::NOT_FOUND,
            lang,
            Some(&user),
            lang.t("not_found"),
            None,
        )
    };
    let mime = mime.ok_or_else(not_found)?;
    let bytes = tokio::fs::read(crate::http::photos::photo_path(&state, id, photo))
        .await
        .map_err(|_| not_found())?;
    Ok((
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_are_shown_in_beijing_time() {
        assert_eq!(
            super::beijing_time("2026-11-28T17:30:05.123Z"),
            "2026-11-29 01:30"
        );
        assert_eq!(super::beijing_time("not a time"), "not a time");
    }
}
