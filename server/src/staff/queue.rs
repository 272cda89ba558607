//! The queue (`/staff`): cases the office still owes something, due
//! soonest (so the overdue) first; `?all=1` for every case, `?q=` to find
//! one by case number or title. A handler sees only the department's
//! cases.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use letterbox_core::calendar::Date;
use letterbox_core::deadlines::Standing;
use letterbox_core::lifecycle::Role;
use letterbox_core::CaseStatus;
use maud::{html, Markup};
use serde::Deserialize;

use super::error::{DeskError, OrInternal};
use super::text::Lang;
use super::user::StaffUser;
use super::{views, words};
use crate::catalogue::Catalogue;
use crate::db::{self, petitions::QueueFilter, petitions::QueueRow};
use crate::lifecycle;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct QueueQuery {
    all: Option<String>,
    q: Option<String>,
}

/// One line of the queue, worded.
struct Line {
    href: String,
    case_number: String,
    title: String,
    kind: &'static str,
    status: Markup,
    departments: String,
    /// The office's next duty (Art. 22, 23, 34–36) and how it stands.
    due: Option<(Date, Standing)>,
}

impl Line {
    fn new(row: QueueRow, catalogue: &Catalogue, lang: Lang, today: Date) -> Self {
        let due = row.due_on.as_deref().and_then(Date::parse);
        Self {
            href: format!("/staff/cases/{}", row.id),
            kind: words::kind(lang, &row.kind),
            status: words::status_badge(lang, &row.status),
            departments: words::departments(
                catalogue,
                lang,
                &in_catalogue_order(catalogue, row.departments()),
            ),
            due: due.map(|d| (d, Standing::on(d, today, true))),
            case_number: row.case_number,
            title: row.title,
        }
    }
}

/// The desk assigns with checkboxes in the catalogue's order, so that is
/// the order the case page shows too; the table keeps no order.
fn in_catalogue_order(catalogue: &Catalogue, mut codes: Vec<String>) -> Vec<String> {
    let position = |code: &String| {
        catalogue
            .categories
            .departments
            .iter()
            .position(|d| &d.code == code)
            .unwrap_or(usize::MAX)
    };
    codes.sort_by_key(position);
    codes
}

pub async fn queue(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
    Query(q): Query<QueueQuery>,
) -> Result<Markup, DeskError> {
    let lang = Lang::from_headers(&headers);
    let all = q.all.is_some();
    let search = q.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let filter = QueueFilter {
        statuses: (!all).then(|| {
            CaseStatus::ALL
                .into_iter()
                .filter(|s| s.is_open())
                .map(|s| s.as_str())
                .collect()
        }),
        department: (user.role == Role::Handler).then(|| user.department.as_deref().unwrap_or("")),
        search,
    };
    let today = lifecycle::today(&state);
    let lines: Vec<Line> = db::petitions::queue(&state.db.read, &filter)
        .await
        .or_internal(lang)?
        .into_iter()
        .map(|row| Line::new(row, &state.catalogue, lang, today))
        .collect();
    let title = if all {
        lang.t("all_title")
    } else {
        lang.t("queue_title")
    };
    let columns = [
        "col_case",
        "col_title",
        "col_kind",
        "col_status",
        "col_departments",
        "col_due",
        "col_days_left",
    ];
    let body = html! {
        form.search method="get" action="/staff" role="search" {
            @if all {
                input type="hidden" name="all" value="1";
            }
            label for="q" { (lang.t("search_label")) }
            " "
            input #q name="q" type="search" value=[search];
            " "
            button type="submit" { (lang.t("search_button")) }
        }
        @if lines.is_empty() {
            p { (lang.t("queue_empty")) }
        } @else {
            table {
                (views::head_row(lang, &columns))
                tbody {
                    @for line in &lines {
                        tr {
                            td { a href=(line.href) { (line.case_number) } }
                            td.title { (line.title) }
                            td { (line.kind) }
                            td { (line.status) }
                            td { (line.departments) }
                            td {
                                @if let Some((due, _)) = line.due { (due.to_string()) }
                            }
                            td {
                                @if let Some((_, standing)) = line.due { (words::standing(lang, standing)) }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(views::page(lang, title, Some(&user), body))
}
