//! What SQLite's errors mean to the callers: busy (try again) or a taken
//! key. The only code that reads SQLite's error codes.

/// Whether the database was too busy to answer (the pool timed out, or
/// SQLite said BUSY or LOCKED): the client may simply try again.
pub fn is_busy(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::PoolTimedOut)
        || e.as_database_error()
            .and_then(|d| d.code())
            .and_then(|c| c.parse::<i32>().ok())
            // SQLITE_BUSY (5) and SQLITE_LOCKED (6), with their extended codes.
            .is_some_and(|c| matches!(c & 0xff, 5 | 6))
}

/// Whether an insert failed because its key is taken.
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}
