//! How often staff sign-in may be tried, and how many passwords are
//! checked at once. A leaf above `rate_limit` and `client`.
//!
//! Three counters, all taken together under one lock *before* the
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

use std::sync::Mutex;

use crate::client::ClientKey;
use crate::password_checks::PasswordChecks;
use crate::rate_limit::{BoundedMap, Policy, Window};
use letterbox_core::limits::{
    LIMITER_MAX_ENTRIES, SIGN_IN_ATTEMPTS_PER_ADDRESS, SIGN_IN_FAILURES_PER_ADDRESS_AND_NAME,
    SIGN_IN_KNOWN_ADDRESS_DAYS, SIGN_IN_NAME_DELAY_MAX_SECS, SIGN_IN_NAME_FREE_FAILURES,
    SIGN_IN_WINDOW_SECS,
};
use time::OffsetDateTime;

const PER_ADDRESS: Policy = Policy {
    limit: SIGN_IN_ATTEMPTS_PER_ADDRESS,
    window_secs: SIGN_IN_WINDOW_SECS,
};
const PER_ADDRESS_AND_NAME: Policy = Policy {
    limit: SIGN_IN_FAILURES_PER_ADDRESS_AND_NAME,
    window_secs: SIGN_IN_WINDOW_SECS,
};

pub struct SignInThrottle {
    counts: Mutex<Counts>,
    password_checks: PasswordChecks,
}

struct Counts {
    per_address: BoundedMap<Window>,
    per_pair: BoundedMap<Window>,
    per_name: BoundedMap<NameFailures>,
    /// (address, name) pairs that signed in, with when (Unix seconds).
    known: BoundedMap<i64>,
}

/// One name's recent failures from anywhere.
#[derive(Debug, Clone, Copy, Default)]
struct NameFailures {
    count: u32,
    /// When the last one started (Unix seconds).
    last: i64,
}

impl NameFailures {
    /// When the next try may start, once past the free failures.
    fn next_allowed(&self) -> Option<i64> {
        let over = self.count.checked_sub(SIGN_IN_NAME_FREE_FAILURES)?;
        let delay = 1i64
            .checked_shl(over.min(30))
            .unwrap_or(i64::MAX)
            .min(SIGN_IN_NAME_DELAY_MAX_SECS);
        Some(self.last.saturating_add(delay))
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
}

impl SignInThrottle {
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self::with_password_checks(cores)
    }

    /// At most `concurrent` password checks at once.
    pub fn with_password_checks(concurrent: usize) -> Self {
        Self {
            counts: Mutex::new(Counts {
                per_address: BoundedMap::new(LIMITER_MAX_ENTRIES),
                per_pair: BoundedMap::new(LIMITER_MAX_ENTRIES),
                per_name: BoundedMap::new(LIMITER_MAX_ENTRIES),
                known: BoundedMap::new(LIMITER_MAX_ENTRIES),
            }),
            password_checks: PasswordChecks::new(concurrent),
        }
    }

    fn counts(&self) -> std::sync::MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Counts a sign-in as `name` from `client`, if one may be tried now;
    /// `Err(seconds)` says how long to wait. `name` must already follow
    /// the account rule (so keys stay short).
    pub fn begin(
        &self,
        client: &ClientKey,
        name: &str,
        now: OffsetDateTime,
    ) -> Result<Attempt, u64> {
        let now = now.unix_timestamp();
        let attempt = Attempt {
            address: client.as_str().to_owned(),
            pair: format!("{client}|{name}"),
            name: name.to_owned(),
        };
        let mut c = self.counts();
        PER_ADDRESS.check(&c.per_address, &attempt.address, now)?;
        PER_ADDRESS_AND_NAME.check(&c.per_pair, &attempt.pair, now)?;
        let known = c
            .known
            .get(&attempt.pair)
            .is_some_and(|at| now - at < SIGN_IN_KNOWN_ADDRESS_DAYS * 86_400);
        let failures = c.per_name.get(name).copied().unwrap_or_default();
        let failures = if now - failures.last > SIGN_IN_WINDOW_SECS {
            NameFailures::default()
        } else {
            failures
        };
        if let Some(next) = failures.next_allowed().filter(|_| !known) {
            if now < next {
                return Err((next - now) as u64);
            }
        }
        // Checked above: these fit.
        let _ = PER_ADDRESS.take(&mut c.per_address, &attempt.address, now);
        let _ = PER_ADDRESS_AND_NAME.take(&mut c.per_pair, &attempt.pair, now);
        *c.per_name.get_or_insert_with(name, NameFailures::default) = NameFailures {
            count: failures.count + 1,
            last: now,
        };
        Ok(attempt)
    }

    /// The password was right: the attempt is given back everywhere, and
    /// the name is no longer delayed at this address.
    pub fn succeeded(&self, attempt: Attempt, now: OffsetDateTime) {
        let now = now.unix_timestamp();
        let mut c = self.counts();
        c.known.get_or_insert_with(&attempt.pair, || now);
        if let Some(at) = c.known.get_mut(&attempt.pair) {
            *at = now;
        }
        self.give_back(&mut c, &attempt, now);
    }

    /// The password was never checked (no free core): nothing counts.
    pub fn not_checked(&self, attempt: Attempt, now: OffsetDateTime) {
        let now = now.unix_timestamp();
        let mut c = self.counts();
        self.give_back(&mut c, &attempt, now);
    }

    fn give_back(&self, c: &mut Counts, attempt: &Attempt, now: i64) {
        PER_ADDRESS.give_back(&mut c.per_address, &attempt.address, now);
        PER_ADDRESS_AND_NAME.give_back(&mut c.per_pair, &attempt.pair, now);
        if let Some(f) = c.per_name.get_mut(&attempt.name) {
            f.count = f.count.saturating_sub(1);
        }
    }

    /// Where the passwords are checked.
    pub fn password_checks(&self) -> &PasswordChecks {
        &self.password_checks
    }

    /// Keys held by the counters together: bounded, whatever the flood.
    pub fn entries(&self) -> usize {
        let c = self.counts();
        c.per_address.len() + c.per_pair.len() + c.per_name.len() + c.known.len()
    }
}

impl Default for SignInThrottle {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    use crate::client::TrustedProxies;

    fn from(ip: &str) -> ClientKey {
        ClientKey::of(
            Some(ip.parse().unwrap()),
            &HeaderMap::new(),
            &TrustedProxies::default(),
        )
    }

    const T: OffsetDateTime = time::macros::datetime!(2026-11-28 10:00:05 UTC);

    #[test]
    fn one_address_gets_its_limit_over_all_names_and_successes_give_it_back() {
        let t = SignInThrottle::with_password_checks(1);
        let a = from("192.0.2.1");
        for i in 0..SIGN_IN_ATTEMPTS_PER_ADDRESS {
            let attempt = t.begin(&a, &format!("name{i}"), T).unwrap();
            if i == 0 {
                t.succeeded(attempt, T);
            }
        }
        let _last = t.begin(&a, "name-last", T).unwrap();
        assert!(t.begin(&a, "another", T).is_err());
        assert!(t.begin(&from("192.0.2.2"), "another", T).is_ok());
    }

    #[test]
    fn one_name_is_delayed_more_with_each_failure_past_the_free_ones_but_never_locked() {
        let t = SignInThrottle::with_password_checks(1);
        let office = from("192.0.2.50");
        let earlier = t.begin(&office, "wang", T).unwrap();
        t.succeeded(earlier, T);
        let mut at = T;
        // Free failures, each from a different address.
        for i in 0..SIGN_IN_NAME_FREE_FAILURES {
            let _ = t
                .begin(&from(&format!("198.51.100.{i}")), "wang", at)
                .unwrap();
        }
        let mut waits = Vec::new();
        for i in 0..10 {
            let stranger = from(&format!("203.0.113.{i}"));
            let wait = t.begin(&stranger, "wang", at).unwrap_err();
            waits.push(wait);
            at += time::Duration::seconds(wait as i64);
            let _ = t.begin(&stranger, "wang", at).unwrap();
        }
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 60, 60, 60, 60]);
        // Where wang signed in before, no delay.
        assert!(t.begin(&office, "wang", at).is_ok());
        // A quiet window forgets the failures.
        let later = at + time::Duration::seconds(SIGN_IN_WINDOW_SECS + 1);
        assert!(t.begin(&from("203.0.113.99"), "wang", later).is_ok());
    }

    #[test]
    fn memory_stays_bounded_under_a_flood_of_names_and_addresses() {
        let t = SignInThrottle::with_password_checks(1);
        for i in 0..(3 * LIMITER_MAX_ENTRIES as u32) {
            let ip = format!("10.{}.{}.{}", i >> 16 & 255, i >> 8 & 255, i & 255);
            let _ = t.begin(&from(&ip), &format!("n{i}"), T);
        }
        assert!(t.entries() <= 4 * LIMITER_MAX_ENTRIES, "{}", t.entries());
    }
}
