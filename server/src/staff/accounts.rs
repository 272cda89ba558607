//! Staff accounts: created from the command line, passwords kept as argon2id
//! hashes (PHC strings with their own salt and parameters).

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use letterbox_core::lifecycle::Role;
use sqlx::SqlitePool;

use crate::catalogue::Catalogue;

pub const PASSWORD_MIN_CHARS: usize = 10;

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("the role must be clerk, handler or supervisor")]
    Role,
    #[error("a handler needs --department with a known department code")]
    Department,
    #[error("the password needs at least {PASSWORD_MIN_CHARS} characters")]
    Password,
    #[error("the username must be 3 to 32 letters, digits, '.', '_' or '-'")]
    Username,
    #[error("a staff member named {0} already exists")]
    Exists(String),
    #[error("no staff member is named {0}")]
    Unknown(String),
    #[error("cannot hash the password: {0}")]
    Hash(String),
    #[error("{0}")]
    Database(#[from] sqlx::Error),
}

pub fn hash_password(password: &str) -> Result<String, AccountError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AccountError::Hash(e.to_string()))
}

pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash of nothing, verified when the username is unknown so a wrong
/// name takes as long as a wrong password.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password").unwrap_or_default())
}

pub struct NewStaff<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: &'a str,
    pub department: Option<&'a str>,
    pub password: &'a str,
}

pub async fn add(
    db: &SqlitePool,
    catalogue: &Catalogue,
    new: NewStaff<'_>,
    now: &str,
) -> Result<i64, AccountError> {
    let role = Role::parse(new.role)
        .filter(|r| Role::STAFF.contains(r))
        .ok_or(AccountError::Role)?;
    let department = match (role, new.department) {
        (Role::Handler, Some(d)) if catalogue.categories.department(d).is_some() => Some(d),
        (Role::Handler, _) => return Err(AccountError::Department),
        (_, Some(d)) if catalogue.categories.department(d).is_none() => {
            return Err(AccountError::Department)
        }
        (_, d) => d,
    };
    let name_ok = (3..=32).contains(&new.username.len())
        && new
            .username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !name_ok {
        return Err(AccountError::Username);
    }
    if new.password.chars().count() < PASSWORD_MIN_CHARS {
        return Err(AccountError::Password);
    }
    let hash = hash_password(new.password)?;
    let display = if new.display_name.trim().is_empty() {
        new.username
    } else {
        new.display_name.trim()
    };
    let id = sqlx::query_scalar(
        "INSERT INTO staff (username, display_name, password_hash, role, department, created_at) \
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(new.username)
    .bind(display)
    .bind(hash)
    .bind(role.as_str())
    .bind(department)
    .bind(now)
    .fetch_one(db)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            AccountError::Exists(new.username.to_owned())
        }
        _ => AccountError::Database(e),
    })?;
    Ok(id)
}

/// Sets a new password; every open session of that account ends.
pub async fn set_password(
    db: &SqlitePool,
    username: &str,
    password: &str,
) -> Result<(), AccountError> {
    if password.chars().count() < PASSWORD_MIN_CHARS {
        return Err(AccountError::Password);
    }
    let hash = hash_password(password)?;
    change_ending_sessions(db, username, "password_hash = ?", &hash).await
}

/// Disables an account (someone who left): it can no longer sign in, and
/// its sessions end now. The audit log keeps its name.
pub async fn disable(db: &SqlitePool, username: &str, now: &str) -> Result<(), AccountError> {
    change_ending_sessions(db, username, "disabled_at = COALESCE(disabled_at, ?)", now).await
}

/// Changes one column of an account (`set` is a constant `column = ...?`
/// with one parameter) and ends the account's sessions, in one transaction.
async fn change_ending_sessions(
    db: &SqlitePool,
    username: &str,
    set: &'static str,
    value: &str,
) -> Result<(), AccountError> {
    let mut tx = db.begin().await?;
    let id: Option<i64> = sqlx::query_scalar(&format!(
        "UPDATE staff SET {set} WHERE username = ? RETURNING id"
    ))
    .bind(value)
    .bind(username)
    .fetch_optional(&mut *tx)
    .await?;
    let id = id.ok_or_else(|| AccountError::Unknown(username.to_owned()))?;
    sqlx::query("DELETE FROM staff_sessions WHERE staff_id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// username, display name, role, department, disabled at.
type AccountRow = (String, String, String, Option<String>, Option<String>);

/// One line per account: username, role, department, and whether disabled.
pub async fn list(db: &SqlitePool) -> Result<Vec<String>, AccountError> {
    let rows: Vec<AccountRow> = sqlx::query_as(
        "SELECT username, display_name, role, department, disabled_at FROM staff ORDER BY username",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(username, name, role, department, disabled)| {
            let mut line = format!("{username}\t{name}\t{role}");
            if let Some(d) = department {
                line.push_str(&format!("\t{d}"));
            }
            if let Some(at) = disabled {
                line.push_str(&format!("\tdisabled {at}"));
            }
            line
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_argon2id_with_a_salt() {
        let a = hash_password("correct horse battery").unwrap();
        let b = hash_password("correct horse battery").unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "salted");
        assert!(verify_password("correct horse battery", &a));
        assert!(!verify_password("correct horse batter", &a));
        assert!(!verify_password("anything", "not a hash"));
    }
}
