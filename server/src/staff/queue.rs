//! The queue (`/staff`): cases the office still owes something, due
//! soonest (so the overdue) first; `?all=1` for every case, `?q=` to find
//! one by case number or title, `?page=` a page of `QUEUE_PAGE_ROWS` with
//! the count of all. A handler sees only the department's cases.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use letterbox_core::calendar::Date;
use letterbox_core::deadlines::Standing;
use letterbox_core::lifecycle::Role;
use letterbox_core::limits::QUEUE_PAGE_ROWS;
use letterbox_core::CaseStatus;
use maud::{html, Markup};
use serde::Deserialize;

use super::error::{DeskError, OrInternal};
use super::text::Lang;
use super::user::StaffUser;
use super::{views, words};
use crate::catalogue::Catalogue;
use crate::db::{self, queue::QueueFilter, queue::QueueRow};
use crate::lifecycle;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct QueueQuery {
    all: Option<String>,
    q: Option<String>,
    /// 1 for the first page; anything unreadable is the first page.
    page: Option<String>,
}

/// Which lines of the queue a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Paging {
    /// 1-based, at most the last page.
    page: i64,
    pages: i64,
    total: i64,
}

impl Paging {
    fn new(asked: Option<&str>, total: i64) -> Self {
        let rows = i64::from(QUEUE_PAGE_ROWS);
        let pages = ((total + rows - 1) / rows).max(1);
        let page = asked
            .and_then(|p| p.trim().parse::<i64>().ok())
            .unwrap_or(1)
            .clamp(1, pages);
        Self { page, pages, total }
    }

    fn skip(self) -> i64 {
        (self.page - 1) * i64::from(QUEUE_PAGE_ROWS)
    }

    /// The first and last line shown, counted from 1.
    fn shown(self, lines: usize) -> (i64, i64) {
        (self.skip() + 1, self.skip() + lines as i64)
    }
}

/// The queue's address for another page, keeping the view and the search.
fn page_href(all: bool, search: Option<&str>, page: i64) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    if all {
        query.append_pair("all", "1");
    }
    if let Some(q) = search {
        query.append_pair("q", q);
    }
    query.append_pair("page", &page.to_string());
    format!("/staff?{}", query.finish())
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
    let total = db::queue::count(&state.db.read, &filter)
        .await
        .or_internal(lang)?;
    let paging = Paging::new(q.page.as_deref(), total);
    let rows = i64::from(QUEUE_PAGE_ROWS);
    let lines: Vec<Line> = db::queue::page(&state.db.read, &filter, paging.skip(), rows)
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
            (pager(lang, all, search, paging, lines.len()))
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
            @if paging.pages > 1 {
                (pager(lang, all, search, paging, lines.len()))
            }
        }
    };
    Ok(views::page(lang, title, Some(&user), body))
}

/// "Showing 51–100 of 734", with links to the pages before and after.
fn pager(lang: Lang, all: bool, search: Option<&str>, paging: Paging, lines: usize) -> Markup {
    let (from, to) = paging.shown(lines);
    html! {
        nav.pager aria-label=(lang.t("pager_label")) {
            (lang.tf("queue_showing", &[
                ("from", &from.to_string()),
                ("to", &to.to_string()),
                ("total", &paging.total.to_string()),
            ]))
            @if paging.page > 1 {
                " "
                a rel="prev" href=(page_href(all, search, paging.page - 1)) { (lang.t("page_previous")) }
            }
            @if paging.page < paging.pages {
                " "
                a rel="next" href=(page_href(all, search, paging.page + 1)) { (lang.t("page_next")) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_past_the_end_is_the_last_and_junk_is_the_first() {
        assert_eq!(Paging::new(Some("2"), 734).skip(), 50);
        assert_eq!(Paging::new(Some("2"), 734).shown(50), (51, 100));
        assert_eq!(Paging::new(Some("99"), 734).page, 15);
        assert_eq!(Paging::new(Some("99"), 734).shown(34), (701, 734));
        assert_eq!(Paging::new(Some("-3"), 734).page, 1);
        assert_eq!(Paging::new(Some("x"), 734).page, 1);
        assert_eq!(Paging::new(Some("99999999999999999999"), 734).page, 1);
        assert_eq!(Paging::new(None, 0).pages, 1);
    }

    #[test]
    fn page_links_keep_the_view_and_the_search() {
        assert_eq!(
            page_href(true, Some("燃气 a&b"), 3),
            "/staff?all=1&q=%E7%87%83%E6%B0%94+a%26b&page=3"
        );
        assert_eq!(page_href(false, None, 2), "/staff?page=2");
    }
}
