//! A token bucket per client address, in memory: a burst at once, then a
//! steady rate. Used for device registrations, which have no device yet to
//! count rows against. A restart forgets it, which only ever lets more
//! through, and a bucket that has filled up again is the same as none, so
//! the map keeps only the addresses that are still paying off a burst.

use std::collections::HashMap;
use std::sync::Mutex;

use time::OffsetDateTime;

/// Addresses remembered at most; past this, the refilled buckets go first,
/// then arbitrary ones (a client spread over so many addresses is beyond
/// what a per-address limit can stop; the concurrency limit still holds).
const MAX_ADDRESSES: usize = 100_000;

#[derive(Debug)]
pub struct AddressBuckets {
    burst: f64,
    /// Tokens per second; 0 turns the limit off.
    rate: f64,
    buckets: Mutex<HashMap<String, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    /// Unix time of the last update, in seconds (with fractions).
    at: f64,
}

impl AddressBuckets {
    /// `burst` at once, then `per_hour`; `per_hour == 0` or `burst == 0`
    /// means no limit.
    pub fn new(burst: u32, per_hour: u32) -> Self {
        Self {
            burst: f64::from(burst),
            rate: if burst == 0 {
                0.0
            } else {
                f64::from(per_hour) / 3600.0
            },
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `key`; `Err(seconds)` says when the next one is
    /// there.
    pub fn take(&self, key: &str, now: OffsetDateTime) -> Result<(), u64> {
        if self.rate <= 0.0 {
            return Ok(());
        }
        let now = now.unix_timestamp_nanos() as f64 / 1e9;
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= MAX_ADDRESSES && !buckets.contains_key(key) {
            self.evict(&mut buckets, now);
        }
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        bucket.tokens = self.refilled(*bucket, now);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - bucket.tokens) / self.rate).ceil().max(1.0) as u64)
        }
    }

    fn refilled(&self, bucket: Bucket, now: f64) -> f64 {
        // A clock moved back refills nothing.
        (bucket.tokens + (now - bucket.at).max(0.0) * self.rate).min(self.burst)
    }

    fn evict(&self, buckets: &mut HashMap<String, Bucket>, now: f64) {
        buckets.retain(|_, b| self.refilled(*b, now) < self.burst);
        let excess = buckets.len().saturating_sub(MAX_ADDRESSES * 3 / 4);
        let gone: Vec<String> = buckets.keys().take(excess).cloned().collect();
        for key in gone {
            buckets.remove(&key);
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.buckets.lock().map(|b| b.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_burst_passes_then_one_every_six_seconds_at_six_hundred_an_hour() {
        let buckets = AddressBuckets::new(60, 600);
        let t = datetime!(2026-11-28 10:00:00 UTC);
        for _ in 0..60 {
            assert_eq!(buckets.take("a", t), Ok(()));
        }
        assert_eq!(buckets.take("a", t), Err(6));
        assert_eq!(buckets.take("b", t), Ok(()), "per address");
        let later = t + time::Duration::seconds(6);
        assert_eq!(buckets.take("a", later), Ok(()));
        assert_eq!(buckets.take("a", later), Err(6));
        let hour = later + time::Duration::hours(1);
        for _ in 0..60 {
            assert_eq!(
                buckets.take("a", hour),
                Ok(()),
                "refilled to the burst, no more"
            );
        }
        assert!(buckets.take("a", hour).is_err());
    }

    #[test]
    fn zero_turns_the_limit_off() {
        let buckets = AddressBuckets::new(60, 0);
        let t = datetime!(2026-11-28 10:00:00 UTC);
        for _ in 0..1000 {
            assert_eq!(buckets.take("a", t), Ok(()));
        }
        assert_eq!(buckets.len(), 0);
    }

    #[test]
    fn memory_stays_bounded_under_many_addresses() {
        let buckets = AddressBuckets::new(2, 1);
        let t = datetime!(2026-11-28 10:00:00 UTC);
        for n in 0..(MAX_ADDRESSES + 10) {
            let _ = buckets.take(&n.to_string(), t);
        }
        assert!(buckets.len() <= MAX_ADDRESSES, "{}", buckets.len());
    }
}
