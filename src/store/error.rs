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
    #[error("storage error: {0}")]
    Failed(String),
}

fn describe(e: &Error) -> (bool, String) {
    match e {
        Error::DomException(d) => (
            d.name() == "QuotaExceededError",
            format!("{}: {}", d.name(), d.message()),
        ),
        // Not this error's own text: a value error's text formats floats,
        // and that alone kept float formatting (14 KB) in the main module
        // every first visit downloads (issue 12).
        Error::Serialisation(_) => (false, "a record could not be read or written".to_owned()),
        Error::MissingData(e) => (false, e.to_string()),
        Error::Unknown(e) => (false, e.to_string()),
    }
}

impl From<Error> for StoreError {
    fn from(e: Error) -> Self {
        match describe(&e) {
            (true, _) => StoreError::QuotaExceeded,
            (false, text) => StoreError::Failed(text),
        }
    }
}

impl From<OpenDbError> for StoreError {
    fn from(e: OpenDbError) -> Self {
        match e {
            OpenDbError::Base(e) => match describe(&e) {
                (true, _) => StoreError::QuotaExceeded,
                (false, text) => StoreError::Unavailable(text),
            },
            other => StoreError::Unavailable(other.to_string()),
        }
    }
}
