//! `staff` and `staff_sessions`: accounts (argon2id hashes only; a
//! disabled account is kept for the audit log) and signed-in sessions
//! (only the SHA-256 of the cookie's token).

use sqlx::{AnyConnection, AnyExecutor, AnyPool};

/// What a sign-in checks against.
#[derive(Debug, sqlx::FromRow)]
pub struct Credentials {
    pub id: i64,
    pub password_hash: String,
}

/// An enabled account's password hash.
pub async fn credentials(
    db: impl AnyExecutor<'_>,
    username: &str,
) -> sqlx::Result<Option<Credentials>> {
    sqlx::query_as(
        "SELECT id, password_hash FROM staff WHERE username = $1 AND disabled_at IS NULL",
    )
    .bind(username)
    .fetch_optional(db)
    .await
}

pub struct NewAccount<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: &'a str,
    pub department: Option<&'a str>,
    pub created_at: &'a str,
}

/// Adds an account; `None` when the username is taken.
pub async fn insert(db: impl AnyExecutor<'_>, new: &NewAccount<'_>) -> sqlx::Result<Option<i64>> {
    let inserted = sqlx::query_scalar(
        r#"
        INSERT INTO staff (username, display_name, password_hash, role, department, created_at)
        VALUES ($1, $2, $3, $4, $5, $6)
        RETURNING id"#,
    )
    .bind(new.username)
    .bind(new.display_name)
    .bind(new.password_hash)
    .bind(new.role)
    .bind(new.department)
    .bind(new.created_at)
    .fetch_one(db)
    .await;
    match inserted {
        Ok(id) => Ok(Some(id)),
        Err(e) if super::errors::is_unique_violation(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Sets a new password hash and ends the account's sessions, in one
/// transaction; `false` when no account has that name.
pub async fn set_password_hash(db: &AnyPool, username: &str, hash: &str) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    let id: Option<i64> =
        sqlx::query_scalar("UPDATE staff SET password_hash = $1 WHERE username = $2 RETURNING id")
            .bind(hash)
            .bind(username)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(id) = id else { return Ok(false) };
    end_sessions_of(&mut tx, id).await?;
    tx.commit().await?;
    Ok(true)
}

/// Disables the account (first time only) and ends its sessions, in one
/// transaction; `false` when no account has that name.
pub async fn disable(db: &AnyPool, username: &str, at: &str) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    let id: Option<i64> = sqlx::query_scalar(
        r#"
        UPDATE staff SET disabled_at = COALESCE(disabled_at, $1)
        WHERE username = $2
        RETURNING id"#,
    )
    .bind(at)
    .bind(username)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else { return Ok(false) };
    end_sessions_of(&mut tx, id).await?;
    tx.commit().await?;
    Ok(true)
}

async fn end_sessions_of(conn: &mut AnyConnection, staff_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1")
        .bind(staff_id)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, sqlx::FromRow)]
pub struct Account {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub department: Option<String>,
    pub disabled_at: Option<String>,
}

/// Every account, by username.
pub async fn list(db: impl AnyExecutor<'_>) -> sqlx::Result<Vec<Account>> {
    sqlx::query_as(
        r#"
        SELECT username, display_name, role, department, disabled_at
        FROM staff
        ORDER BY username"#,
    )
    .fetch_all(db)
    .await
}

pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub staff_id: i64,
    pub created_at: &'a str,
    pub expires_at: &'a str,
    /// The hash the password was checked against: a session starts only
    /// while it is still the account's hash and the account is enabled.
    pub verified_hash: &'a str,
}

/// Starts a session; `false` when the account changed since its password
/// was checked.
pub async fn start_session(db: impl AnyExecutor<'_>, new: &NewSession<'_>) -> sqlx::Result<bool> {
    let done = sqlx::query(
        r#"
        INSERT INTO staff_sessions (token_hash, staff_id, created_at, expires_at)
        SELECT $1, id, $2, $3 FROM staff
        WHERE id = $4 AND password_hash = $5 AND disabled_at IS NULL"#,
    )
    .bind(new.token_hash)
    .bind(new.created_at)
    .bind(new.expires_at)
    .bind(new.staff_id)
    .bind(new.verified_hash)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn end_session(db: impl AnyExecutor<'_>, token_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// Forgets every session that ended before `now`; how many.
pub async fn purge_expired_sessions(db: impl AnyExecutor<'_>, now: &str) -> sqlx::Result<u64> {
    let done = sqlx::query("DELETE FROM staff_sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}

/// Moves a session's end to `expires_at` (a request while it was open).
pub async fn extend_session(
    db: impl AnyExecutor<'_>,
    token_hash: &str,
    expires_at: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE staff_sessions SET expires_at = $1 WHERE token_hash = $2")
        .bind(expires_at)
        .bind(token_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// The account behind a session that is still valid at `now`.
#[derive(Debug, sqlx::FromRow)]
pub struct SessionAccount {
    pub id: i64,
    pub display_name: String,
    pub role: String,
    pub department: Option<String>,
    /// When the session started and when it ends unless used.
    pub created_at: String,
    pub expires_at: String,
}

pub async fn session_account(
    db: impl AnyExecutor<'_>,
    token_hash: &str,
    now: &str,
) -> sqlx::Result<Option<SessionAccount>> {
    sqlx::query_as(
        r#"
        SELECT s.id, s.display_name, s.role, s.department, x.created_at, x.expires_at
        FROM staff_sessions x
        JOIN staff s ON s.id = x.staff_id
        WHERE x.token_hash = $1 AND x.expires_at > $2 AND s.disabled_at IS NULL"#,
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(db)
    .await
}
