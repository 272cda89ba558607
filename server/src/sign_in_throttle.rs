//! How often staff sign-in may be tried, and how many passwords are
//! checked at once. A leaf above `rate_limit` and `client`.
//!
//! Three counters, in the database every instance shares (so a second
//! instance gives a guesser no more tries), all taken together in one
//! transaction that holds the address's and the name's locks, *before* the
//! password is checked (so a burst of parallel guesses cannot pass a
//! check that only a later count would have stopped), and given back when
//! the sign-in succeeds:
//! - per client address, over every name: a flood of random names from
//!   one place is refused without a password check each;
//! - per (address, name): ten wrong passwords for one name from one place
//!   end that place's tries for the window;
//! - per name from anywhere: past a few failures each further try waits a
//!   delay that doubles up to a minute. A delay, never a lock, and an
//!   address where the name signed in before is not delayed at all: a
//!   stranger who knows a clerk's name cannot keep the clerk out.
//!
//! Password checks (argon2, 19 MiB and tens of milliseconds each) run on
//! `crate::password_checks`, one thread per core; a sign-in that cannot
//! get one soon answers 503 instead of queueing without end.

use crate::client::ClientKey;
use crate::db::counters::{self, Counter};
use crate::db::{locks, Db};
use crate::password_checks::PasswordChecks;
use crate::rate_limit::{Policy, Refused, Window};
use letterbox_core::limits::{
    SIGN_IN_ATTEMPTS_PER_ADDRESS, SIGN_IN_FAILURES_PER_ADDRESS_AND_NAME,
    SIGN_IN_KNOWN_ADDRESS_DAYS, SIGN_IN_NAME_DELAY_MAX_SECS, SIGN_IN_NAME_FREE_FAILURES,
    SIGN_IN_WINDOW_SECS,
};
use sqlx::AnyConnection;
use time::OffsetDateTime;

const PER_ADDRESS: Policy = Policy {
    limit: SIGN_IN_ATTEMPTS_PER_ADDRESS,
    window_secs: SIGN_IN_WINDOW_SECS,
};
const PER_ADDRESS_AND_NAME: Policy = Policy {
    limit: SIGN_IN_FAILURES_PER_ADDRESS_AND_NAME,
    window_secs: SIGN_IN_WINDOW_SECS,
};
const KNOWN_SECS: i64 = SIGN_IN_KNOWN_ADDRESS_DAYS * 86_400;

pub struct SignInThrottle {
    password_checks: PasswordChecks,
}

/// One name's recent failures from anywhere.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct NameFailures {
    count: u32,
    /// When the last one started (Unix seconds).
    last: i64,
}

impl NameFailures {
    /// As stored; failures older than a window are forgotten.
    fn stored(counter: Option<Counter>, now: i64) -> Self {
        match counter {
            Some(c) if now - c.started < SIGN_IN_WINDOW_SECS => Self {
                count: u32::try_from(c.amount).unwrap_or(u32::MAX),
                last: c.started,
            },
            _ => Self::default(),
        }
    }

    /// When the next try may start, once past the free failures.
    fn next_allowed(&self) -> Option<i64> {
        let over = self.count.checked_sub(SIGN_IN_NAME_FREE_FAILURES)?;
        let delay = 1i64
            .checked_shl(over.min(30))
            .unwrap_or(i64::MAX)
            .min(SIGN_IN_NAME_DELAY_MAX_SECS);
        Some(self.last.saturating_add(delay))
    }

    async fn write(self, conn: &mut AnyConnection, key: &str) -> sqlx::Result<()> {
        let counter = Counter {
            started: self.last,
            amount: i64::from(self.count),
        };
        counters::put(conn, key, counter, self.last + SIGN_IN_WINDOW_SECS).await
    }
}

/// A sign-in that has been counted and may now check its password. Say
/// how it ended with `succeeded` or `not_checked`; dropped, it stays
/// counted as a failure.
#[must_use]
#[derive(Debug)]
pub struct Attempt {
    address: String,
    pair: String,
    name: String,
    known: String,
    /// When it was counted (Unix seconds): it is given back to that
    /// window only.
    at: i64,
}

impl Attempt {
    fn of(client: &ClientKey, name: &str, at: i64) -> Self {
        Self {
            at,
            address: format!("sign-in:address:{client}"),
            pair: format!("sign-in:pair:{client}|{name}"),
            name: format!("sign-in:name:{name}"),
            known: format!("sign-in:known:{client}|{name}"),
        }
    }

    /// Locks the address, then the name: every sign-in takes them in this
    /// order, so two never wait on each other in a circle.
    async fn hold(&self, conn: &mut AnyConnection) -> sqlx::Result<()> {
        locks::hold(conn, &self.address).await?;
        locks::hold(conn, &self.name).await
    }
}

impl SignInThrottle {
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self::with_password_checks(cores)
    }

    /// At most `concurrent` password checks at once (on this instance:
    /// they use its cores).
    pub fn with_password_checks(concurrent: usize) -> Self {
        Self {
            password_checks: PasswordChecks::new(concurrent),
        }
    }

    /// Counts a sign-in as `name` from `client`, if one may be tried now;
    /// `Refused::Wait` says how long to wait. `name` must already follow
    /// the account rule (so keys stay short). A refusal is decided from a
    /// read, without the writer or a lock, so a flood of refused tries
    /// costs no write.
    pub async fn begin(
        &self,
        db: &Db,
        client: &ClientKey,
        name: &str,
        now: OffsetDateTime,
    ) -> Result<Attempt, Refused> {
        let now = now.unix_timestamp();
        let attempt = Attempt::of(client, name, now);
        Counts::read(&mut *db.read.acquire().await?, &attempt, now)
            .await?
            .decide(now)
            .map_err(Refused::Wait)?;
        db.transaction(move |tx| {
            Box::pin(async move {
                attempt.hold(tx).await?;
                let (address, pair, failures) = Counts::read(tx, &attempt, now)
                    .await?
                    .decide(now)
                    .map_err(Refused::Wait)?;
                PER_ADDRESS.write(tx, &attempt.address, address).await?;
                PER_ADDRESS_AND_NAME.write(tx, &attempt.pair, pair).await?;
                failures.write(tx, &attempt.name).await?;
                counters::clear_expired(tx, now).await?;
                Ok(attempt)
            })
        })
        .await
    }

    /// The password was right: the attempt is given back everywhere, and
    /// the name is no longer delayed at this address.
    pub async fn succeeded(
        &self,
        db: &Db,
        attempt: Attempt,
        now: OffsetDateTime,
    ) -> sqlx::Result<()> {
        let now = now.unix_timestamp();
        db.transaction(move |tx| {
            Box::pin(async move {
                attempt.hold(tx).await?;
                let seen = Counter {
                    started: now,
                    amount: 0,
                };
                counters::put(tx, &attempt.known, seen, now + KNOWN_SECS).await?;
                give_back(tx, &attempt, now).await?;
                counters::clear_expired(tx, now).await
            })
        })
        .await
    }

    /// The password was never checked (no free core): nothing counts.
    pub async fn not_checked(
        &self,
        db: &Db,
        attempt: Attempt,
        now: OffsetDateTime,
    ) -> sqlx::Result<()> {
        let now = now.unix_timestamp();
        db.transaction(move |tx| {
            Box::pin(async move {
                attempt.hold(tx).await?;
                give_back(tx, &attempt, now).await?;
                counters::clear_expired(tx, now).await
            })
        })
        .await
    }

    /// Where the passwords are checked.
    pub fn password_checks(&self) -> &PasswordChecks {
        &self.password_checks
    }
}

/// What the three counters hold for one sign-in.
struct Counts {
    address: Option<Window>,
    pair: Option<Window>,
    /// The name signed in from this address lately: no delay here.
    known: bool,
    failures: NameFailures,
}

impl Counts {
    async fn read(conn: &mut AnyConnection, attempt: &Attempt, now: i64) -> sqlx::Result<Self> {
        Ok(Self {
            address: PER_ADDRESS.read(conn, &attempt.address, now).await?,
            pair: PER_ADDRESS_AND_NAME.read(conn, &attempt.pair, now).await?,
            known: counters::get(conn, &attempt.known, now).await?.is_some(),
            failures: NameFailures::stored(counters::get(conn, &attempt.name, now).await?, now),
        })
    }

    /// The counters after one more try now, or how long to wait.
    fn decide(&self, now: i64) -> Result<(Window, Window, NameFailures), u64> {
        let address = PER_ADDRESS.take(self.address, now)?;
        let pair = PER_ADDRESS_AND_NAME.take(self.pair, now)?;
        if let Some(next) = self.failures.next_allowed().filter(|_| !self.known) {
            if now < next {
                return Err((next - now) as u64);
            }
        }
        let failures = NameFailures {
            count: self.failures.count + 1,
            last: now,
        };
        Ok((address, pair, failures))
    }
}

/// Gives `attempt` back to the windows it was counted in (not to a window
/// that began since) and takes it off the name's failures.
async fn give_back(conn: &mut AnyConnection, attempt: &Attempt, now: i64) -> sqlx::Result<()> {
    let address = PER_ADDRESS.read(conn, &attempt.address, now).await?;
    if let Some(w) = PER_ADDRESS.give_back(address, attempt.at) {
        PER_ADDRESS.write(conn, &attempt.address, w).await?;
    }
    let pair = PER_ADDRESS_AND_NAME.read(conn, &attempt.pair, now).await?;
    if let Some(w) = PER_ADDRESS_AND_NAME.give_back(pair, attempt.at) {
        PER_ADDRESS_AND_NAME.write(conn, &attempt.pair, w).await?;
    }
    let failures = NameFailures::stored(counters::get(conn, &attempt.name, now).await?, now);
    if failures.count > 0 {
        let failures = NameFailures {
            count: failures.count - 1,
            ..failures
        };
        failures.write(conn, &attempt.name).await?;
    }
    Ok(())
}

impl Default for SignInThrottle {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_name_waits_longer_with_each_failure_past_the_free_ones_up_to_a_minute() {
        let at = 1_794_999_970;
        let waits: Vec<i64> = (0..10)
            .map(|over| {
                let f = NameFailures {
                    count: SIGN_IN_NAME_FREE_FAILURES + over,
                    last: at,
                };
                f.next_allowed().unwrap() - at
            })
            .collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 60, 60, 60, 60]);
        let free = NameFailures {
            count: SIGN_IN_NAME_FREE_FAILURES - 1,
            last: at,
        };
        assert_eq!(free.next_allowed(), None);
    }

    #[test]
    fn failures_older_than_a_window_are_forgotten() {
        let stored = Some(Counter {
            started: 1_000,
            amount: 40,
        });
        assert_eq!(
            NameFailures::stored(stored, 999 + SIGN_IN_WINDOW_SECS).count,
            40
        );
        // The moment its row expires (`db::counters::get` no longer reads it).
        assert_eq!(
            NameFailures::stored(stored, 1_000 + SIGN_IN_WINDOW_SECS),
            NameFailures::default()
        );
    }
}
