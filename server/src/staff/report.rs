//! The supervisor's report: per department, open and overdue cases, replies
//! given within the Art. 34 deadline, and satisfaction with the answers.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::HeaderMap;
use letterbox_core::calendar::{Calendar, Date};
use letterbox_core::lifecycle::{Progress, Satisfaction};
use letterbox_core::regulations::RuleId;
use letterbox_core::CaseStatus;
use maud::{html, Markup};

use super::error::{DeskError, OrInternal};
use super::text::Lang;
use super::user::StaffUser;
use super::{views, words};
use crate::db;
use crate::lifecycle;
use crate::state::AppState;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DepartmentFigures {
    pub open: u32,
    pub overdue: u32,
    pub replied: u32,
    pub replied_on_time: u32,
    pub ratings: u32,
    pub satisfied: u32,
}

/// Whether the written reply came within the 60 days of Art. 34 from
/// acceptance, plus any extension.
fn replied_on_time(p: &Progress, calendar: &Calendar) -> Option<bool> {
    let replied = Date::in_china(p.replied_at.as_deref()?)?;
    let accepted = Date::in_china(p.accepted_at.as_deref()?)?;
    let due = RuleId::Reply.due(accepted, p.extension_days, calendar);
    Some(replied <= due)
}

/// Each department's figures, every department listed (a quiet one with
/// zeros).
pub async fn figures(
    state: &AppState,
    today: Date,
) -> Result<BTreeMap<String, DepartmentFigures>, sqlx::Error> {
    let mut out: BTreeMap<String, DepartmentFigures> = state
        .catalogue
        .categories
        .departments
        .iter()
        .map(|d| (d.code.clone(), DepartmentFigures::default()))
        .collect();
    let calendar = Calendar::china();
    for case in db::petitions::department_cases(&state.db.read).await? {
        let f = out.entry(case.department).or_default();
        if CaseStatus::parse(&case.status).is_some_and(|s| s.is_open()) {
            f.open += 1;
            let due = case.due_on.as_deref().and_then(Date::parse);
            if due.is_some_and(|d| d < today) {
                f.overdue += 1;
            }
        }
        // A case from before the lifecycle has no progress: nothing to time.
        if let Ok(p) = serde_json::from_str::<Progress>(&case.progress_json) {
            if let Some(on_time) = replied_on_time(&p, calendar) {
                f.replied += 1;
                f.replied_on_time += u32::from(on_time);
            }
        }
    }
    for rating in db::ratings::by_department(&state.db.read).await? {
        let f = out.entry(rating.department).or_default();
        f.ratings += 1;
        f.satisfied += u32::from(rating.satisfaction != Satisfaction::Dissatisfied.as_str());
    }
    Ok(out)
}

pub async fn page(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
) -> Result<Markup, DeskError> {
    let lang = Lang::from_headers(&headers);
    if !user.is_supervisor() {
        return Err(DeskError::forbidden(lang, &user));
    }
    let figures = figures(&state, lifecycle::today(&state))
        .await
        .or_internal(lang)?;
    let percent = |n: u32, of: u32| match (n * 100).checked_div(of) {
        Some(p) => format!("{n} / {of} ({p}%)"),
        None => lang.t("no_ratings_short").to_owned(),
    };
    let columns = [
        "col_department",
        "col_open",
        "col_overdue",
        "col_replied_on_time",
        "col_satisfaction",
    ];
    let body = html! {
        table {
            (views::head_row(lang, &columns))
            tbody {
                @for (code, f) in &figures {
                    tr {
                        th scope="row" { (words::department(&state.catalogue, lang, code)) }
                        td { (f.open) }
                        td {
                            @if f.overdue > 0 {
                                span.overdue { (f.overdue) }
                            } @else {
                                "0"
                            }
                        }
                        td { (percent(f.replied_on_time, f.replied)) }
                        td { (percent(f.satisfied, f.ratings)) }
                    }
                }
            }
        }
    };
    Ok(views::page(lang, lang.t("report_title"), Some(&user), body))
}
