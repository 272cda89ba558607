//! `audit_log`: every staff action, sign-ins and failed sign-ins included.
//! Rows are only ever added.

use sqlx::AnyExecutor;
use uuid::Uuid;

pub struct AuditEntry<'a> {
    pub at: &'a str,
    /// `None` for a failed sign-in under an unknown name.
    pub staff_id: Option<i64>,
    /// An action's wire name, or `sign_in`, `sign_in_failed`, `sign_out`.
    pub action: &'a str,
    pub petition: Option<Uuid>,
    pub detail: &'a str,
}

pub async fn record(db: impl AnyExecutor<'_>, entry: &AuditEntry<'_>) -> sqlx::Result<()> {
    sqlx::query(
        r#"
        INSERT INTO audit_log (at, staff_id, action, petition_id, detail)
        VALUES ($1, $2, $3, $4, $5)"#,
    )
    .bind(entry.at)
    .bind(entry.staff_id)
    .bind(entry.action)
    .bind(entry.petition.map(|p| p.to_string()))
    .bind(entry.detail)
    .execute(db)
    .await?;
    Ok(())
}
