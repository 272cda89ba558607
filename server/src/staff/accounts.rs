//! Staff accounts: created from the command line (`letterbox-server staff
//! …`), passwords kept as argon2id hashes (PHC strings with their own salt
//! and parameters). The rules for names, roles and passwords are here; the
//! rows are `db::staff`.

use argon2::password_hash::rand_core::OsRng;
use std::cell::RefCell;

use argon2::password_hash::{Output, PasswordHash, PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use letterbox_core::lifecycle::Role;
use letterbox_core::limits::{STAFF_USERNAME_MAX_CHARS, STAFF_USERNAME_MIN_CHARS};
use sqlx::AnyPool;

use crate::catalogue::Catalogue;
use crate::db;

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

/// The account rule for usernames: 3 to 32 of `[A-Za-z0-9._-]`. A
/// sign-in with any other name is refused before anything is counted.
pub fn is_username(name: &str) -> bool {
    (STAFF_USERNAME_MIN_CHARS..=STAFF_USERNAME_MAX_CHARS).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

pub fn hash_password(password: &str) -> Result<String, AccountError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AccountError::Hash(e.to_string()))
}

thread_local! {
    /// argon2's working memory (19 MiB), kept by each thread that checks
    /// passwords and reused: a fresh buffer per check left the allocator
    /// holding several of them per thread (measured: 235 MB after ten
    /// checks on two threads; 58 MB with this).
    static WORKING_MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Whether `password` is the one `stored` (a PHC string) was made from,
/// with the algorithm, version and parameters written in it.
pub fn verify_password(password: &str, stored: &str) -> bool {
    let Ok(hash) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (hash.salt, hash.hash) else {
        return false;
    };
    let version = match hash.version.map(Version::try_from).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(_) => return false,
    };
    let (Ok(algorithm), Ok(params)) =
        (Algorithm::try_from(hash.algorithm), Params::try_from(&hash))
    else {
        return false;
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let blocks = params.block_count();
    let argon2 = Argon2::new(algorithm, version, params);
    let mut out = vec![0u8; expected.len()];
    let hashed = WORKING_MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        argon2.hash_password_into_with_memory(password.as_bytes(), salt, &mut out, &mut memory[..])
    });
    // `Output`'s comparison takes the same time wherever the bytes differ.
    hashed.is_ok() && Output::new(&out).is_ok_and(|out| out == expected)
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
    db: &AnyPool,
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
    if !is_username(new.username) {
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
    let account = db::staff::NewAccount {
        username: new.username,
        display_name: display,
        password_hash: &hash,
        role: role.as_str(),
        department,
        created_at: now,
    };
    db::staff::insert(db, &account)
        .await?
        .ok_or_else(|| AccountError::Exists(new.username.to_owned()))
}

/// Sets a new password; every open session of that account ends.
pub async fn set_password(
    db: &AnyPool,
    username: &str,
    password: &str,
) -> Result<(), AccountError> {
    if password.chars().count() < PASSWORD_MIN_CHARS {
        return Err(AccountError::Password);
    }
    let hash = hash_password(password)?;
    found(
        db::staff::set_password_hash(db, username, &hash).await?,
        username,
    )
}

/// Disables an account (someone who left): it can no longer sign in, and
/// its sessions end now. The audit log keeps its name.
pub async fn disable(db: &AnyPool, username: &str, now: &str) -> Result<(), AccountError> {
    found(db::staff::disable(db, username, now).await?, username)
}

fn found(found: bool, username: &str) -> Result<(), AccountError> {
    found
        .then_some(())
        .ok_or_else(|| AccountError::Unknown(username.to_owned()))
}

/// One line per account: username, role, department, and whether disabled.
pub async fn list(db: &AnyPool) -> Result<Vec<String>, AccountError> {
    Ok(db::staff::list(db)
        .await?
        .into_iter()
        .map(|a| {
            let mut line = format!("{}\t{}\t{}", a.username, a.display_name, a.role);
            if let Some(d) = a.department {
                line.push_str(&format!("\t{d}"));
            }
            if let Some(at) = a.disabled_at {
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

    #[test]
    fn a_hash_is_checked_with_the_parameters_written_in_it() {
        // Smaller and larger than the default, with a longer output: the
        // reused working memory grows to fit and is not confused by size.
        for (m, out) in [(1024, 32), (32 * 1024, 48), (8, 16)] {
            let params = Params::new(m, 1, 1, Some(out)).unwrap();
            let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
            let salt = SaltString::generate(&mut OsRng);
            let stored = argon2
                .hash_password(b"correct horse battery", &salt)
                .unwrap()
                .to_string();
            assert!(verify_password("correct horse battery", &stored), "{m}");
            assert!(!verify_password("correct horse batter", &stored), "{m}");
        }
        let argon2i = Argon2::new(Algorithm::Argon2i, Version::V0x10, Params::default());
        let salt = SaltString::generate(&mut OsRng);
        let stored = argon2i.hash_password(b"pw", &salt).unwrap().to_string();
        assert!(stored.starts_with("$argon2i$v=16$"));
        assert!(verify_password("pw", &stored));
        let truncated = &stored[..stored.len() - 4];
        assert!(!verify_password("pw", truncated));
    }
}
