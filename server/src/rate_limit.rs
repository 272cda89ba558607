//! Counters per key (a client address, a name) against guessing query
//! codes and staff passwords and against floods of registrations, kept in
//! the database every instance shares (issue 13, point 3): behind a load
//! balancer, two instances give an attacker no more tries than one, and a
//! restart forgets nothing. Each count is one short transaction that holds
//! the key's lock (`db::locks`) from the read to the commit, so parallel
//! requests are counted one after the other; on SQLite it shares its commit
//! with the other writes queued beside it (`db::writer`). A key already
//! over its limit is refused from a read, without a write or a lock. Rows expire with their
//! window and are cleared as new keys arrive (`db::counters`), so a flood
//! of new keys cannot grow the table past the keys still counting.
//!
//! This module is the fixed window and the database round; the sign-in's
//! three counters are `crate::sign_in_throttle`, the registrations' token
//! bucket `crate::quota::bucket`.

use sqlx::AnyConnection;
use time::OffsetDateTime;

use crate::db::counters::{self, Counter};
use crate::db::{locks, Db};
use crate::error::ApiError;

/// Query-code lookups per client address per window.
pub const LOOKUPS_PER_WINDOW: u32 = 10;
pub const LOOKUP_WINDOW_SECS: i64 = 600;

/// Why a count was refused.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// Over the limit: try again in this many seconds.
    #[error("too many attempts; retry after {0} s")]
    Wait(u64),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl From<Refused> for ApiError {
    fn from(refused: Refused) -> Self {
        match refused {
            Refused::Wait(secs) => ApiError::RateLimited(secs),
            Refused::Database(e) => ApiError::Database(e),
        }
    }
}

/// One key's count in a window that started at `start` (Unix seconds).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    pub start: i64,
    pub count: u32,
}

impl Window {
    fn stored(counter: Option<Counter>) -> Option<Self> {
        counter.map(|c| Self {
            start: c.started,
            count: u32::try_from(c.amount).unwrap_or(u32::MAX),
        })
    }
}

/// `limit` per `window_secs`, in windows aligned on the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub limit: u32,
    pub window_secs: i64,
}

impl Policy {
    fn start(&self, now: i64) -> i64 {
        now - now.rem_euclid(self.window_secs)
    }

    fn wait(&self, now: i64) -> u64 {
        (self.start(now) + self.window_secs - now).max(1) as u64
    }

    /// The window `now` falls in, with what `stored` counted in it.
    fn current(&self, stored: Option<Window>, now: i64) -> Window {
        let start = self.start(now);
        match stored {
            Some(w) if w.start == start => w,
            _ => Window { start, count: 0 },
        }
    }

    /// Whether another attempt fits now, without counting it.
    pub fn check(&self, stored: Option<Window>, now: i64) -> Result<(), u64> {
        if self.current(stored, now).count >= self.limit {
            Err(self.wait(now))
        } else {
            Ok(())
        }
    }

    /// The window after one more attempt, if it fits; `Err(seconds)` says
    /// how long to wait.
    pub fn take(&self, stored: Option<Window>, now: i64) -> Result<Window, u64> {
        self.check(stored, now)?;
        let w = self.current(stored, now);
        Ok(Window {
            count: w.count + 1,
            ..w
        })
    }

    /// The window after giving back an attempt counted in the window of
    /// `at` (one that succeeded, or was never made); `None` when there is
    /// nothing to give back there (that window is over, or empty).
    pub fn give_back(&self, stored: Option<Window>, at: i64) -> Option<Window> {
        let w = stored.filter(|w| w.start == self.start(at) && w.count > 0)?;
        Some(Window {
            count: w.count - 1,
            ..w
        })
    }

    /// Reads `key`'s window on `conn`.
    pub async fn read(
        &self,
        conn: &mut AnyConnection,
        key: &str,
        now: i64,
    ) -> sqlx::Result<Option<Window>> {
        Ok(Window::stored(counters::get(conn, key, now).await?))
    }

    /// Writes `key`'s window in the transaction on `conn`; it expires with
    /// the window.
    pub async fn write(&self, conn: &mut AnyConnection, key: &str, w: Window) -> sqlx::Result<()> {
        let counter = Counter {
            started: w.start,
            amount: i64::from(w.count),
        };
        counters::put(conn, key, counter, w.start + self.window_secs).await
    }
}

/// A `Policy` over one kind of key, counted in the shared database.
#[derive(Debug, Clone, Copy)]
pub struct RateLimiter {
    policy: Policy,
    /// Put before each key, so kinds never share a row.
    kind: &'static str,
}

impl RateLimiter {
    pub const fn new(kind: &'static str, limit: u32, window_secs: i64) -> Self {
        Self {
            policy: Policy { limit, window_secs },
            kind,
        }
    }

    /// Query-code lookups per client address.
    pub const fn lookups() -> Self {
        Self::new("lookup", LOOKUPS_PER_WINDOW, LOOKUP_WINDOW_SECS)
    }

    /// Counts one attempt by `key`, before it is made; `Refused::Wait`
    /// says how long to wait. A key already over its limit is refused from
    /// a read, without the writer: a flood of refused attempts costs no
    /// write and takes no lock.
    pub async fn hit(&self, db: &Db, key: &str, now: OffsetDateTime) -> Result<(), Refused> {
        let now = now.unix_timestamp();
        let key = format!("{}:{key}", self.kind);
        let seen = self
            .policy
            .read(&mut *db.read.acquire().await?, &key, now)
            .await?;
        self.policy.check(seen, now).map_err(Refused::Wait)?;
        let policy = self.policy;
        db.transaction(move |tx| {
            Box::pin(async move {
                locks::hold(tx, &key).await?;
                let stored = policy.read(tx, &key, now).await?;
                let taken = policy.take(stored, now).map_err(Refused::Wait)?;
                policy.write(tx, &key, taken).await?;
                counters::clear_expired(tx, now).await?;
                Ok(())
            })
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = 1_794_999_970; // 10 s into a minute

    #[test]
    fn allows_the_limit_per_window_then_says_when_to_retry() {
        let policy = Policy {
            limit: 3,
            window_secs: 60,
        };
        let mut w = None;
        for _ in 0..3 {
            w = Some(policy.take(w, T).unwrap());
        }
        assert_eq!(policy.take(w, T), Err(50));
        assert_eq!(policy.check(w, T), Err(50), "check agrees");
        assert_eq!(policy.take(None, T).map(|w| w.count), Ok(1), "per key");
        assert_eq!(
            policy.take(w, T + 50).map(|w| w.count),
            Ok(1),
            "a new window"
        );
    }

    #[test]
    fn an_attempt_given_back_can_be_made_again_but_only_in_its_window() {
        let policy = Policy {
            limit: 1,
            window_secs: 60,
        };
        let w = Some(policy.take(None, T).unwrap());
        assert!(policy.take(w, T).is_err());
        let back = policy.give_back(w, T);
        assert!(policy.take(back, T).is_ok());
        assert_eq!(policy.give_back(back, T), None, "nothing below zero");
        // Given back after its window ended: the next window is not touched.
        let next = Some(policy.take(None, T + 60).unwrap());
        assert_eq!(policy.give_back(next, T), None);
    }
}
