//! `petitions` (with `case_counters`, `case_departments` and
//! `petition_identities`): what a resident sent, the case's folded
//! progress and due date, and who handles it.

use sqlx::{AnyConnection, AnyExecutor};
use uuid::Uuid;

/// A petition as stored; the API's receipt and the desk's case page are
/// both made from it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PetitionRow {
    pub id: String,
    pub device_id: String,
    pub case_number: String,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub status: String,
    pub received_at: String,
    pub category: String,
    pub district: Option<String>,
    pub street: Option<String>,
    pub community: Option<String>,
    pub address: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub people_affected: Option<i64>,
    /// The petition as received, in canonical JSON, without the
    /// petitioner's identity: a resend compares equal to it.
    pub content_json: String,
    /// The keyed hash of the identity sent with it (`query_code::
    /// identity_digest`), for comparing a resend; `None` without identity,
    /// and for petitions stored before the hash existed.
    pub identity_hmac: Option<String>,
}

const SELECT_PETITION: &str = r#"
    SELECT id, device_id, case_number, kind, title, body, status, received_at,
           category, district, street, community, address, lat, lon,
           people_affected, content_json, identity_hmac
    FROM petitions"#;

pub async fn by_id(db: impl AnyExecutor<'_>, id: Uuid) -> sqlx::Result<Option<PetitionRow>> {
    sqlx::query_as(&format!("{SELECT_PETITION} WHERE id = $1"))
        .bind(id.to_string())
        .fetch_optional(db)
        .await
}

pub async fn by_case_number(
    db: impl AnyExecutor<'_>,
    number: &str,
) -> sqlx::Result<Option<PetitionRow>> {
    sqlx::query_as(&format!("{SELECT_PETITION} WHERE case_number = $1"))
        .bind(number)
        .fetch_optional(db)
        .await
}

/// The device that sent the petition, if it exists.
pub async fn owner(db: impl AnyExecutor<'_>, id: Uuid) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT device_id FROM petitions WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(db)
        .await
}

/// The case's stage as stored, if it exists.
pub async fn status(db: impl AnyExecutor<'_>, id: Uuid) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT status FROM petitions WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(db)
        .await
}

/// Takes the year's next case number: the counter is bumped in the
/// caller's transaction, so a rolled-back petition gives its number back.
pub async fn next_case_seq(conn: &mut AnyConnection, year: i32) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        r#"
        INSERT INTO case_counters (year, last_seq) VALUES ($1, 1)
        ON CONFLICT (year) DO UPDATE SET last_seq = case_counters.last_seq + 1
        RETURNING last_seq"#,
    )
    .bind(year)
    .fetch_one(conn)
    .await
}

/// Inserts a new petition with the progress its first event leaves
/// (`lifecycle::Received`), so the row needs no second write.
pub async fn insert(
    conn: &mut AnyConnection,
    row: &PetitionRow,
    progress_json: &str,
    due_on: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query(
        r#"
        INSERT INTO petitions (id, device_id, case_number, kind, title, body, status,
                               received_at, category, district, street, community,
                               address, lat, lon, people_affected, content_json,
                               identity_hmac, progress_json, due_on)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                $19, $20)"#,
    )
    .bind(&row.id)
    .bind(&row.device_id)
    .bind(&row.case_number)
    .bind(&row.kind)
    .bind(&row.title)
    .bind(&row.body)
    .bind(&row.status)
    .bind(&row.received_at)
    .bind(&row.category)
    .bind(&row.district)
    .bind(&row.street)
    .bind(&row.community)
    .bind(&row.address)
    .bind(row.lat)
    .bind(row.lon)
    .bind(row.people_affected)
    .bind(&row.content_json)
    .bind(&row.identity_hmac)
    .bind(progress_json)
    .bind(due_on)
    .execute(conn)
    .await?;
    Ok(())
}

/// What the rules need of a stored case: its stage and its folded history.
#[derive(Debug, sqlx::FromRow)]
pub struct StoredProgress {
    pub status: String,
    pub received_at: String,
    /// Core's `Progress` as JSON; empty for a case from before the
    /// lifecycle existed.
    pub progress_json: String,
    pub device_id: String,
}

pub async fn progress(db: impl AnyExecutor<'_>, id: Uuid) -> sqlx::Result<Option<StoredProgress>> {
    sqlx::query_as(
        r#"
        SELECT status, received_at, progress_json, device_id
        FROM petitions
        WHERE id = $1"#,
    )
    .bind(id.to_string())
    .fetch_optional(db)
    .await
}

/// Stores the case's new stage, folded progress and the office's next due
/// date (China date, `YYYY-MM-DD`; the queue sorts by it).
pub async fn save_progress(
    conn: &mut AnyConnection,
    id: Uuid,
    status: &str,
    progress_json: &str,
    due_on: Option<String>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE petitions SET status = $1, progress_json = $2, due_on = $3 WHERE id = $4")
        .bind(status)
        .bind(progress_json)
        .bind(due_on)
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// Replaces the departments that handle the case (assign, transfer).
pub async fn set_departments(
    conn: &mut AnyConnection,
    id: Uuid,
    departments: &[String],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM case_departments WHERE petition_id = $1")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    for department in departments {
        sqlx::query("INSERT INTO case_departments (petition_id, department) VALUES ($1, $2)")
            .bind(id.to_string())
            .bind(department)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The petitioner, kept apart from the content (Art. 30: a reporter's
/// identity is protected). This table is the only place it is stored.
#[derive(Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Identity {
    pub name: String,
    pub phone: String,
    pub address: String,
}

pub async fn insert_identity(
    conn: &mut AnyConnection,
    id: Uuid,
    who: &Identity,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO petition_identities (petition_id, name, phone, address) VALUES ($1, $2, $3, $4)",
    )
    .bind(id.to_string())
    .bind(&who.name)
    .bind(&who.phone)
    .bind(&who.address)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn identity(db: impl AnyExecutor<'_>, id: Uuid) -> sqlx::Result<Option<Identity>> {
    sqlx::query_as("SELECT name, phone, address FROM petition_identities WHERE petition_id = $1")
        .bind(id.to_string())
        .fetch_optional(db)
        .await
}

/// A case as the supervisor's report counts it, once per department.
#[derive(Debug, sqlx::FromRow)]
pub struct DepartmentCase {
    pub department: String,
    pub status: String,
    pub progress_json: String,
    pub due_on: Option<String>,
}

pub async fn department_cases(db: impl AnyExecutor<'_>) -> sqlx::Result<Vec<DepartmentCase>> {
    sqlx::query_as(
        r#"
        SELECT d.department, p.status, p.progress_json, p.due_on
        FROM case_departments d
        JOIN petitions p ON p.id = d.petition_id"#,
    )
    .fetch_all(db)
    .await
}
