//! Fixed-window counters per key (a client address, a name), in memory,
//! in maps of bounded size: enough to make guessing query codes and staff
//! passwords impractical from one place, without letting a flood of new
//! keys grow the server. A leaf.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use letterbox_core::limits::LIMITER_MAX_ENTRIES;
use time::OffsetDateTime;

/// Query-code lookups per client address per window.
pub const LOOKUPS_PER_WINDOW: u32 = 10;
pub const LOOKUP_WINDOW_SECS: i64 = 600;

/// A map that keeps at most `capacity` keys: inserting one more forgets
/// the key inserted longest ago.
#[derive(Debug)]
pub struct BoundedMap<V> {
    capacity: usize,
    entries: HashMap<String, V>,
    /// Keys in the order they were inserted; each key of `entries` is here
    /// exactly once.
    order: VecDeque<String>,
}

impl<V> BoundedMap<V> {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            entries: HashMap::new(),
            order: VecDeque::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        self.entries.get(key)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.entries.get_mut(key)
    }

    /// The value of `key`, inserted with `make` when missing.
    pub fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> V) -> &mut V {
        if !self.entries.contains_key(key) {
            while self.entries.len() >= self.capacity {
                let Some(oldest) = self.order.pop_front() else {
                    break;
                };
                self.entries.remove(&oldest);
            }
            self.order.push_back(key.to_owned());
        }
        self.entries.entry(key.to_owned()).or_insert_with(make)
    }
}

/// One key's count in the current window.
#[derive(Debug, Clone, Copy, Default)]
pub struct Window {
    start: i64,
    count: u32,
}

/// `limit` per `window_secs`, in windows aligned on the clock.
#[derive(Debug, Clone, Copy)]
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

    /// Whether another attempt fits now, without counting it.
    pub fn check(&self, windows: &BoundedMap<Window>, key: &str, now: i64) -> Result<(), u64> {
        match windows.get(key) {
            Some(w) if w.start == self.start(now) && w.count >= self.limit => Err(self.wait(now)),
            _ => Ok(()),
        }
    }

    /// Counts an attempt if it fits; `Err(seconds)` says how long to wait.
    pub fn take(&self, windows: &mut BoundedMap<Window>, key: &str, now: i64) -> Result<(), u64> {
        self.check(windows, key, now)?;
        let start = self.start(now);
        let w = windows.get_or_insert_with(key, Window::default);
        if w.start != start {
            *w = Window { start, count: 0 };
        }
        w.count += 1;
        Ok(())
    }

    /// Gives back an attempt counted in this window (one that succeeded,
    /// or was never made).
    pub fn give_back(&self, windows: &mut BoundedMap<Window>, key: &str, now: i64) {
        if let Some(w) = windows.get_mut(key) {
            if w.start == self.start(now) {
                w.count = w.count.saturating_sub(1);
            }
        }
    }
}

/// A `Policy` with its own bounded map behind a lock.
#[derive(Debug)]
pub struct RateLimiter {
    policy: Policy,
    windows: Mutex<BoundedMap<Window>>,
}

impl RateLimiter {
    pub fn new(limit: u32, window_secs: i64) -> Self {
        Self::with_capacity(limit, window_secs, LIMITER_MAX_ENTRIES)
    }

    pub fn with_capacity(limit: u32, window_secs: i64, capacity: usize) -> Self {
        Self {
            policy: Policy { limit, window_secs },
            windows: Mutex::new(BoundedMap::new(capacity)),
        }
    }

    fn windows(&self) -> std::sync::MutexGuard<'_, BoundedMap<Window>> {
        self.windows.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether `key` may try now, without counting; `Err(seconds)` says how
    /// long to wait.
    pub fn check(&self, key: &str, now: OffsetDateTime) -> Result<(), u64> {
        self.policy
            .check(&self.windows(), key, now.unix_timestamp())
    }

    /// Counts one attempt, before it is made; `Err(seconds)` says how long
    /// to wait.
    pub fn hit(&self, key: &str, now: OffsetDateTime) -> Result<(), u64> {
        self.policy
            .take(&mut self.windows(), key, now.unix_timestamp())
    }

    /// Gives back an attempt counted by `hit`.
    pub fn give_back(&self, key: &str, now: OffsetDateTime) {
        self.policy
            .give_back(&mut self.windows(), key, now.unix_timestamp());
    }

    /// Keys held now (at most the capacity).
    pub fn len(&self) -> usize {
        self.windows().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_the_limit_per_window_then_says_when_to_retry() {
        let limiter = RateLimiter::new(3, 60);
        let t = time::macros::datetime!(2026-11-28 10:00:10 UTC);
        for _ in 0..3 {
            assert_eq!(limiter.hit("a", t), Ok(()));
        }
        assert_eq!(limiter.hit("a", t), Err(50));
        assert_eq!(limiter.hit("b", t), Ok(()), "per client");
        assert_eq!(limiter.check("a", t), Err(50));
        assert_eq!(limiter.check("c", t), Ok(()));
        assert_eq!(limiter.hit("c", t), Ok(()), "check does not count");
        let next = time::macros::datetime!(2026-11-28 10:01:00 UTC);
        assert_eq!(limiter.hit("a", next), Ok(()), "a new window");
    }

    #[test]
    fn an_attempt_given_back_can_be_made_again() {
        let limiter = RateLimiter::new(1, 60);
        let t = time::macros::datetime!(2026-11-28 10:00:10 UTC);
        assert_eq!(limiter.hit("a", t), Ok(()));
        assert!(limiter.hit("a", t).is_err());
        limiter.give_back("a", t);
        assert_eq!(limiter.hit("a", t), Ok(()));
    }

    #[test]
    fn a_flood_of_new_keys_keeps_the_map_at_its_capacity_forgetting_the_oldest() {
        let limiter = RateLimiter::with_capacity(1, 600, 100);
        let t = time::macros::datetime!(2026-11-28 10:00:10 UTC);
        for i in 0..10_000 {
            let _ = limiter.hit(&format!("name{i}"), t);
            assert!(limiter.len() <= 100);
        }
        assert_eq!(limiter.len(), 100);
        assert_eq!(limiter.check("name9999", t), Err(590), "the newest kept");
        assert_eq!(limiter.check("name0", t), Ok(()), "the oldest forgotten");
    }
}
