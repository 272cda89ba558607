//! Create-once requests. The app makes each petition's and each request's
//! id, so a resend (a lost answer, a double tap, a second tab, the service
//! worker) carries the same id: the same request again is answered as the
//! first time (200), and different content under a used id is refused
//! (409). Checked inside the writer's transaction, so two concurrent copies
//! are serialised and the second sees the first.

use serde::Serialize;

use crate::error::ApiError;

/// What was stored under the id before.
pub enum Seen<T> {
    /// Nothing: store it now (201).
    New,
    /// The same request: answer with what was stored (200).
    Repeat(T),
}

/// Sorts what was stored under the id; `same` says whether it is this
/// request (its owner and content). Anything else under the id is a 409.
pub fn check<T>(earlier: Option<T>, same: impl FnOnce(&T) -> bool) -> Result<Seen<T>, ApiError> {
    match earlier {
        None => Ok(Seen::New),
        Some(row) if same(&row) => Ok(Seen::Repeat(row)),
        Some(_) => Err(ApiError::IdConflict),
    }
}

/// The request's content as stored, in a form that compares equal for
/// equal content (serde_json writes struct fields in declaration order).
pub fn content_json<T: Serialize>(content: &T) -> String {
    serde_json::to_string(content)
        .expect("API request types are plain data with string keys, so they always serialise")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_earlier_is_new_the_same_is_a_repeat_and_anything_else_a_conflict() {
        assert!(matches!(check(None::<u8>, |_| true), Ok(Seen::New)));
        assert!(matches!(check(Some(1), |&e| e == 1), Ok(Seen::Repeat(1))));
        assert!(matches!(
            check(Some(2), |&e| e == 1),
            Err(ApiError::IdConflict)
        ));
    }
}
