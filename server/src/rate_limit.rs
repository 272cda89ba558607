//! A fixed-window counter per key (the client's address), in memory: enough
//! to make guessing query codes and staff passwords impractical from one
//! place.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;

use axum::extract::ConnectInfo;
use axum::http::Extensions;
use time::OffsetDateTime;

/// Query-code lookups per client address per window.
pub const LOOKUPS_PER_WINDOW: u32 = 10;
pub const LOOKUP_WINDOW_SECS: i64 = 600;
/// Failed staff sign-ins per key (address and name, or name) per window.
pub const SIGN_INS_PER_WINDOW: u32 = 10;
pub const SIGN_IN_WINDOW_SECS: i64 = 600;

/// The client's address, as the listener saw it (a proxy in front would
/// need to pass it on; the server listens directly by default).
pub fn client_key(extensions: &Extensions) -> String {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "local".to_owned(), |c| c.0.ip().to_string())
}

#[derive(Debug)]
pub struct RateLimiter {
    limit: u32,
    window_secs: i64,
    windows: Mutex<HashMap<String, (i64, u32)>>,
}

impl RateLimiter {
    pub fn new(limit: u32, window_secs: i64) -> Self {
        Self {
            limit,
            window_secs,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `key` may try now, without counting; `Err(seconds)` says how
    /// long to wait.
    pub fn check(&self, key: &str, now: OffsetDateTime) -> Result<(), u64> {
        let now = now.unix_timestamp();
        let start = now - now.rem_euclid(self.window_secs);
        let windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        match windows.get(key) {
            Some((s, n)) if *s == start && *n >= self.limit => {
                Err((start + self.window_secs - now).max(1) as u64)
            }
            _ => Ok(()),
        }
    }

    /// Counts one attempt; `Err(seconds)` says how long to wait.
    pub fn hit(&self, key: &str, now: OffsetDateTime) -> Result<(), u64> {
        let now = now.unix_timestamp();
        let start = now - now.rem_euclid(self.window_secs);
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        // Old windows are dropped as they pass, so memory stays bounded by
        // the clients of one window.
        if windows.len() > 10_000 {
            windows.retain(|_, (s, _)| *s == start);
        }
        let entry = windows.entry(key.to_owned()).or_insert((start, 0));
        if entry.0 != start {
            *entry = (start, 0);
        }
        if entry.1 >= self.limit {
            return Err((start + self.window_secs - now).max(1) as u64);
        }
        entry.1 += 1;
        Ok(())
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
}
