//! `StoreError`: why the phone could not keep something, sorted into what
//! the resident can act on (full, unavailable, a record it cannot read,
//! anything else).

use indexed_db_futures::error::{Error, OpenDbError};

/// Why the phone could not keep something. Cloneable so the UI can hold it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The browser's storage quota for the app is used up.
    #[error("storage quota exceeded")]
    QuotaExceeded,
    /// IndexedDB cannot be used here (private mode, blocked, too old).
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    /// A stored record could not be turned into a value or back (one
    /// written by an older build, say).
    #[error("a stored record could not be read or written")]
    Unreadable,
    #[error("storage error: {0}")]
    Failed(String),
}

/// The error `e` is: quota and unreadable records are errors of their own
/// kind; anything else is `wrap`ped around its text (the browser's own).
fn describe(e: &Error, wrap: fn(String) -> StoreError) -> StoreError {
    match e {
        Error::DomException(d) if d.name() == "QuotaExceededError" => StoreError::QuotaExceeded,
        Error::DomException(d) => wrap(format!("{}: {}", d.name(), d.message())),
        // Not this error's own text: it is the library's English, and a
        // value error's text formats floats, one of the paths that keep
        // float formatting (14 KB) in the main module (issue 12).
        Error::Serialisation(_) => StoreError::Unreadable,
        Error::MissingData(e) => wrap(e.to_string()),
        Error::Unknown(e) => wrap(e.to_string()),
    }
}

impl From<Error> for StoreError {
    fn from(e: Error) -> Self {
        describe(&e, StoreError::Failed)
    }
}

impl From<OpenDbError> for StoreError {
    fn from(e: OpenDbError) -> Self {
        match e {
            OpenDbError::Base(e) => describe(&e, StoreError::Unavailable),
            other => StoreError::Unavailable(other.to_string()),
        }
    }
}
