//! A token bucket per client address: a burst at once, then a steady rate.
//! Used for device registrations, which have no device yet to count rows
//! against. The bucket lives in the database every instance shares
//! (`db::counters`, through `rate_limit`'s locks and expiry): its row holds
//! the tokens left, in thousandths, and the millisecond they were counted,
//! and expires when the bucket is full again, a full bucket being the same
//! as none.

use time::OffsetDateTime;

use crate::db::counters::{self, Counter};
use crate::db::{locks, Db};
use crate::rate_limit::Refused;

/// Thousandths of a token: the refill is counted in whole ones.
const MILLI: i64 = 1000;

#[derive(Debug, Clone, Copy)]
pub struct AddressBuckets {
    burst: u32,
    /// Tokens per hour after the burst; 0 turns the limit off.
    per_hour: u32,
}

impl AddressBuckets {
    /// `burst` at once, then `per_hour`; `per_hour == 0` or `burst == 0`
    /// means no limit.
    pub fn new(burst: u32, per_hour: u32) -> Self {
        Self {
            burst,
            per_hour: if burst == 0 { 0 } else { per_hour },
        }
    }

    fn full(&self) -> i64 {
        i64::from(self.burst) * MILLI
    }

    /// Thousandths of a token gained over `ms` milliseconds.
    fn refill(&self, ms: i64) -> i64 {
        let gained =
            i128::from(ms.max(0)) * i128::from(self.per_hour) * i128::from(MILLI) / 3_600_000;
        i64::try_from(gained).unwrap_or(i64::MAX)
    }

    /// Seconds until `missing` thousandths have come back (at least 1).
    fn secs_for(&self, missing: i64) -> i64 {
        let per_hour = i64::from(self.per_hour).max(1);
        let per_sec = per_hour * MILLI;
        ((missing.max(0) * 3600 + per_sec - 1) / per_sec).max(1)
    }

    /// The bucket after taking one token at `now_ms` from `stored` (none:
    /// full); `Err(seconds)` says when the next token is there.
    fn take_at(&self, stored: Option<Counter>, now_ms: i64) -> Result<Counter, u64> {
        // A clock moved back refills nothing.
        let tokens = stored.map_or(self.full(), |c| {
            c.amount
                .saturating_add(self.refill(now_ms - c.started))
                .min(self.full())
        });
        if tokens < MILLI {
            return Err(self.secs_for(MILLI - tokens) as u64);
        }
        Ok(Counter {
            started: now_ms,
            amount: tokens - MILLI,
        })
    }

    /// Takes one token for `key`; `Refused::Wait` says when the next one
    /// is there. An empty bucket is refused from a read, without the
    /// writer.
    pub async fn take(&self, db: &Db, key: &str, now: OffsetDateTime) -> Result<(), Refused> {
        if self.per_hour == 0 {
            return Ok(());
        }
        let now_ms = i64::try_from(now.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX);
        let now_s = now.unix_timestamp();
        let key = format!("registration:{key}");
        let seen = counters::get(&mut *db.read.acquire().await?, &key, now_s).await?;
        self.take_at(seen, now_ms).map_err(Refused::Wait)?;
        let this = *self;
        db.transaction(move |tx| {
            Box::pin(async move {
                locks::hold(tx, &key).await?;
                let stored = counters::get(tx, &key, now_s).await?;
                let after = this.take_at(stored, now_ms).map_err(Refused::Wait)?;
                counters::put(tx, &key, after, this.full_at(after, now_ms)).await?;
                counters::clear_expired(tx, now_s).await?;
                Ok(())
            })
        })
        .await
    }

    /// The second (rounded up) by which the bucket `after` has filled up
    /// again: its row means nothing from then on.
    fn full_at(&self, after: Counter, now_ms: i64) -> i64 {
        let per_hour = i64::from(self.per_hour).max(1);
        let missing = (self.full() - after.amount).max(0);
        // Thousandths of a token per hour over milliseconds per hour.
        let ms = (i128::from(missing) * 3_600_000).div_euclid(i128::from(per_hour * MILLI)) + 1;
        let full_ms = i128::from(now_ms) + ms;
        i64::try_from((full_ms + 999) / 1000).unwrap_or(i64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = 1_794_999_960_000;

    /// Takes `n` tokens at `at`, one after the other, as the database
    /// would keep them.
    fn take_n(b: &AddressBuckets, stored: &mut Option<Counter>, n: usize, at: i64) -> usize {
        let mut taken = 0;
        for _ in 0..n {
            match b.take_at(*stored, at) {
                Ok(after) => {
                    *stored = Some(after);
                    taken += 1;
                }
                Err(_) => break,
            }
        }
        taken
    }

    #[test]
    fn a_burst_passes_then_one_every_six_seconds_at_six_hundred_an_hour() {
        let b = AddressBuckets::new(60, 600);
        let mut a = None;
        assert_eq!(take_n(&b, &mut a, 100, T), 60);
        assert_eq!(b.take_at(a, T), Err(6));
        assert!(b.take_at(None, T).is_ok(), "per address");
        assert_eq!(take_n(&b, &mut a, 10, T + 6_000), 1);
        assert_eq!(b.take_at(a, T + 6_000), Err(6));
        assert_eq!(take_n(&b, &mut a, 100, T + 3_606_000), 60, "full, no more");
    }

    #[test]
    fn zero_turns_the_limit_off_and_a_clock_moved_back_refills_nothing() {
        assert_eq!(AddressBuckets::new(0, 600).per_hour, 0);
        assert_eq!(AddressBuckets::new(60, 0).per_hour, 0);
        let b = AddressBuckets::new(1, 600);
        let mut a = None;
        assert_eq!(take_n(&b, &mut a, 5, T), 1);
        assert!(b.take_at(a, T - 60_000).is_err());
    }

    #[test]
    fn a_row_expires_once_its_bucket_is_full_again_and_not_before() {
        let b = AddressBuckets::new(60, 600);
        // One token short of full comes back in 6 s; empty, in 360 s.
        assert_eq!(b.secs_for(MILLI), 6);
        assert_eq!(b.secs_for(b.full()), 360);
        let at = T + 400; // not on a whole second
        let empty = Counter {
            started: at,
            amount: 0,
        };
        let full_at = b.full_at(empty, at);
        assert_eq!(full_at, (T + 400 + 360_000) / 1000 + 1);
        assert!(full_at * 1000 >= at + 360_000, "never before it is full");
        let refilled = b.take_at(Some(empty), full_at * 1000).unwrap();
        assert_eq!(refilled.amount, b.full() - MILLI, "full then, one taken");
    }
}
