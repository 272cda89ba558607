//! The server's clock, injectable so tests can move time.

use std::sync::{Arc, Mutex};

use time::OffsetDateTime;

/// The time the server stamps on cases. Tests set it, so that deadlines
/// and year boundaries can be checked without waiting.
#[derive(Clone, Debug)]
pub enum Clock {
    System,
    Fixed(Arc<Mutex<OffsetDateTime>>),
}

impl Clock {
    pub fn fixed(at: OffsetDateTime) -> Self {
        Self::Fixed(Arc::new(Mutex::new(at)))
    }

    pub fn now(&self) -> OffsetDateTime {
        match self {
            Self::System => OffsetDateTime::now_utc(),
            Self::Fixed(t) => *t.lock().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// Moves a fixed clock; a system clock cannot be moved.
    pub fn set(&self, at: OffsetDateTime) {
        if let Self::Fixed(t) = self {
            *t.lock().unwrap_or_else(|p| p.into_inner()) = at;
        }
    }
}

/// An instant as stored and sent: RFC 3339 in UTC (`…Z`), so stored times
/// sort as text (the daily quotas count on it, see `db::quota`).
pub fn rfc3339(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}
