//! The desk's queue over `petitions`: which cases, in which order, a page
//! at a time, and how many there are in all.

use sqlx::any::AnyArguments;
use sqlx::{Any, AnyExecutor, Arguments, Encode, Type};

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

/// SQL with its parameters, numbered `$1`, `$2`, ... as they are pushed
/// (sqlx's `QueryBuilder` writes `?`, which PostgreSQL does not accept).
#[derive(Default)]
struct Query<'q> {
    sql: String,
    args: AnyArguments<'q>,
}

impl<'q> Query<'q> {
    fn new(sql: &str) -> Self {
        Self {
            sql: sql.to_owned(),
            ..Self::default()
        }
    }

    fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    fn bind<T: 'q + Encode<'q, Any> + Type<Any>>(&mut self, value: T) -> &mut Self {
        // A value Any cannot encode is a programming error caught by every
        // test of the queue, not an input a request can cause.
        self.args
            .add(value)
            .expect("a queue parameter Any can encode");
        self.sql.push_str(&format!("${}", self.args.len()));
        self
    }
}

/// The filter's `WHERE`, shared by the page and the count so they always
/// agree.
fn push_filter<'q>(query: &mut Query<'q>, filter: &QueueFilter<'_>) {
    query.push(" WHERE 1 = 1");
    if let Some(statuses) = &filter.statuses {
        query.push(" AND p.status IN (");
        for (i, status) in statuses.iter().enumerate() {
            if i > 0 {
                query.push(", ");
            }
            query.bind(status.to_string());
        }
        query.push(")");
    }
    if let Some(department) = filter.department {
        query
            .push(" AND p.id IN (SELECT petition_id FROM case_departments WHERE department = ")
            .bind(department.to_owned())
            .push(")");
    }
    if let Some(words) = filter.search {
        let escaped = words
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        query
            .push(" AND (p.case_number = ")
            .bind(words.to_ascii_uppercase())
            .push(" OR p.title LIKE ")
            .bind(format!("%{escaped}%"))
            .push(" ESCAPE '\\')");
    }
}

/// One page of the queue: due soonest (so the overdue) first, then the
/// oldest; `rows` lines after skipping `skip`.
pub async fn page(
    db: impl AnyExecutor<'_>,
    filter: &QueueFilter<'_>,
    skip: i64,
    rows: i64,
) -> sqlx::Result<Vec<QueueRow>> {
    let mut query = Query::new(
        r#"
        SELECT p.id, p.case_number, p.title, p.kind, p.status, p.due_on,
               (SELECT group_concat(d.department, ',') FROM case_departments d
                WHERE d.petition_id = p.id) AS departments
        FROM petitions p"#,
    );
    push_filter(&mut query, filter);
    query
        .push(" ORDER BY p.due_on IS NULL, p.due_on, p.received_at, p.id LIMIT ")
        .bind(rows)
        .push(" OFFSET ")
        .bind(skip);
    sqlx::query_as_with(&query.sql, query.args)
        .fetch_all(db)
        .await
}

/// How many cases the filter finds in all.
pub async fn count(db: impl AnyExecutor<'_>, filter: &QueueFilter<'_>) -> sqlx::Result<i64> {
    let mut query = Query::new("SELECT COUNT(*) FROM petitions p");
    push_filter(&mut query, filter);
    sqlx::query_scalar_with(&query.sql, query.args)
        .fetch_one(db)
        .await
}
