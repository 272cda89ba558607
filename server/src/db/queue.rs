//! The desk's queue over `petitions`: which cases, in which order, a page
//! at a time, and how many there are in all.

use sqlx::{QueryBuilder, Sqlite, SqliteExecutor};

/// Which cases the desk's queue lists.
#[derive(Debug, Default)]
pub struct QueueFilter<'a> {
    /// Only cases at these stages; `None` for every stage.
    pub statuses: Option<Vec<&'a str>>,
    /// Only cases this department handles.
    pub department: Option<&'a str>,
    /// A case number, or words from the title.
    pub search: Option<&'a str>,
}

/// One line of the desk's queue.
#[derive(Debug, sqlx::FromRow)]
pub struct QueueRow {
    pub id: String,
    pub case_number: String,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub due_on: Option<String>,
    /// The handling departments' codes, comma-separated (`case_departments`).
    departments: Option<String>,
}

impl QueueRow {
    pub fn departments(&self) -> Vec<String> {
        self.departments
            .as_deref()
            .unwrap_or("")
            .split(',')
            .filter(|d| !d.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// The filter's `WHERE`, shared by the page and the count so they always
/// agree.
fn push_filter(query: &mut QueryBuilder<'_, Sqlite>, filter: &QueueFilter<'_>) {
    query.push(" WHERE 1 = 1");
    if let Some(statuses) = &filter.statuses {
        query.push(" AND p.status IN (");
        let mut list = query.separated(", ");
        for status in statuses {
            list.push_bind(status.to_string());
        }
        list.push_unseparated(")");
    }
    if let Some(department) = filter.department {
        query
            .push(" AND p.id IN (SELECT petition_id FROM case_departments WHERE department = ")
            .push_bind(department.to_owned())
            .push(")");
    }
    if let Some(words) = filter.search {
        let escaped = words
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        query
            .push(" AND (p.case_number = ")
            .push_bind(words.to_ascii_uppercase())
            .push(" OR p.title LIKE ")
            .push_bind(format!("%{escaped}%"))
            .push(" ESCAPE '\\')");
    }
}

/// One page of the queue: due soonest (so the overdue) first, then the
/// oldest; `rows` lines after skipping `skip`.
pub async fn page(
    db: impl SqliteExecutor<'_>,
    filter: &QueueFilter<'_>,
    skip: i64,
    rows: i64,
) -> sqlx::Result<Vec<QueueRow>> {
    let mut query: QueryBuilder<Sqlite> = QueryBuilder::new(
        r#"
        SELECT p.id, p.case_number, p.title, p.kind, p.status, p.due_on,
               (SELECT group_concat(d.department, ',') FROM case_departments d
                WHERE d.petition_id = p.id) AS departments
        FROM petitions p"#,
    );
    push_filter(&mut query, filter);
    query
        .push(" ORDER BY p.due_on IS NULL, p.due_on, p.received_at, p.id LIMIT ")
        .push_bind(rows)
        .push(" OFFSET ")
        .push_bind(skip);
    query.build_query_as().fetch_all(db).await
}

/// How many cases the filter finds in all.
pub async fn count(db: impl SqliteExecutor<'_>, filter: &QueueFilter<'_>) -> sqlx::Result<i64> {
    let mut query: QueryBuilder<Sqlite> = QueryBuilder::new("SELECT COUNT(*) FROM petitions p");
    push_filter(&mut query, filter);
    query.build_query_scalar().fetch_one(db).await
}
