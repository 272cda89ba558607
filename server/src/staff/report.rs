//! The supervisor's report: per department, open and overdue cases, replies
//! given within the Art. 34 deadline, and satisfaction with the answers.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use letterbox_core::calendar::{Calendar, Date};
use letterbox_core::deadlines::{due_date, RuleId};
use letterbox_core::lifecycle::{Progress, Role};
use letterbox_core::CaseStatus;
use maud::{html, Markup};

use super::session::StaffUser;
use super::text::Lang;
use super::{views, DeskError};
use crate::AppState;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DepartmentFigures {
    pub open: u32,
    pub overdue: u32,
    pub replied: u32,
    pub replied_on_time: u32,
    pub ratings: u32,
    pub satisfied: u32,
}

/// Whether the written reply came within 60 days of acceptance plus any
/// extension.
fn replied_on_time(p: &Progress, calendar: &Calendar) -> Option<bool> {
    let replied = Date::in_china(p.replied_at.as_deref()?)?;
    let accepted = Date::in_china(p.accepted_at.as_deref()?)?;
    let due = due_date(
        accepted,
        RuleId::Reply.rule().counting,
        p.extension_days,
        calendar,
    );
    Some(replied <= due)
}

pub async fn figures(
    state: &AppState,
    today: Date,
) -> Result<BTreeMap<String, DepartmentFigures>, sqlx::Error> {
    let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT d.department, p.status, p.progress_json, p.due_on \
         FROM case_departments d JOIN petitions p ON p.id = d.petition_id",
    )
    .fetch_all(&state.db.read)
    .await?;
    let mut out: BTreeMap<String, DepartmentFigures> = state
        .catalogue
        .categories
        .departments
        .iter()
        .map(|d| (d.code.clone(), DepartmentFigures::default()))
        .collect();
    let calendar = Calendar::china();
    for (department, status, progress, due) in rows {
        let f = out.entry(department).or_default();
        let open = CaseStatus::parse(&status).is_some_and(|s| s.is_open());
        if open {
            f.open += 1;
            if due
                .as_deref()
                .and_then(Date::parse)
                .is_some_and(|d| d < today)
            {
                f.overdue += 1;
            }
        }
        if let Ok(p) = serde_json::from_str::<Progress>(&progress) {
            if let Some(on_time) = replied_on_time(&p, calendar) {
                f.replied += 1;
                f.replied_on_time += u32::from(on_time);
            }
        }
    }
    let ratings: Vec<(String, String)> = sqlx::query_as(
        "SELECT d.department, r.satisfaction FROM ratings r \
         JOIN case_departments d ON d.petition_id = r.petition_id",
    )
    .fetch_all(&state.db.read)
    .await?;
    for (department, satisfaction) in ratings {
        let f = out.entry(department).or_default();
        f.ratings += 1;
        f.satisfied += u32::from(satisfaction != "dissatisfied");
    }
    Ok(out)
}

pub async fn page(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
) -> Result<Markup, DeskError> {
    let lang = Lang::from_headers(&headers);
    if user.role != Role::Supervisor {
        return Err(DeskError::new(
            StatusCode::FORBIDDEN,
            lang,
            Some(&user),
            lang.t("forbidden"),
            None,
        ));
    }
    let figures = figures(&state, crate::lifecycle::today(&state))
        .await
        .map_err(|e| DeskError::internal(lang, e))?;
    let percent = |n: u32, of: u32| match (n * 100).checked_div(of) {
        Some(p) => format!("{n} / {of} ({p}%)"),
        None => lang.t("no_ratings_short").to_owned(),
    };
    let body = html! {
        table {
            (views::head_row(lang, &["col_department", "col_open", "col_overdue", "col_replied_on_time", "col_satisfaction"]))
            tbody {
                @for (code, f) in &figures {
                    tr {
                        th scope="row" { (state.catalogue.categories.department(code).map_or(code.as_str(), |d| lang.pick(&d.name))) }
                        td { (f.open) }
                        td { @if f.overdue > 0 { span.overdue { (f.overdue) } } @else { "0" } }
                        td { (percent(f.replied_on_time, f.replied)) }
                        td { (percent(f.satisfied, f.ratings)) }
                    }
                }
            }
        }
    };
    Ok(views::page(lang, lang.t("report_title"), Some(&user), body))
}
