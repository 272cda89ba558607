//! `StoreError`: why the phone could not keep something, sorted into what
//! the resident can act on (full, unavailable, anything else).

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

/// What went wrong, sorted: `Ok` is a reason to put in the resident's
/// words as it is (the browser's own), `Err` an error of its own kind.
fn describe(e: &Error) -> Result<String, StoreError> {
    match e {
        Error::DomException(d) if d.name() == "QuotaExceededError" => {
            Err(StoreError::QuotaExceeded)
        }
        Error::DomException(d) => Ok(format!("{}: {}", d.name(), d.message())),
        // Not this error's own text: it is the library's English, and a
        // value error's text formats floats, which alone kept float
        // formatting (14 KB) in the main module every first visit
        // downloads (issue 12).
        Error::Serialisation(_) => Err(StoreError::Unreadable),
        Error::MissingData(e) => Ok(e.to_string()),
        Error::Unknown(e) => Ok(e.to_string()),
    }
}

impl From<Error> for StoreError {
    fn from(e: Error) -> Self {
        describe(&e).map_or_else(|kind| kind, StoreError::Failed)
    }
}

impl From<OpenDbError> for StoreError {
    fn from(e: OpenDbError) -> Self {
        match e {
            OpenDbError::Base(e) => describe(&e).map_or_else(|kind| kind, StoreError::Unavailable),
            other => StoreError::Unavailable(other.to_string()),
        }
    }
}
