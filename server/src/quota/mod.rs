//! Quotas against hostile clients (issue 11, review H2 and L3): how much
//! one client address, one device or one case may ask of the office. The
//! numbers are core's (`letterbox_core::limits`), and the server's flags
//! may change them (`Quotas`). Over a quota the API answers 429 with
//! `Retry-After`; the app keeps the work queued and sends it then.
//!
//! Daily quotas are counted from the database (the rows the device made
//! since midnight in China), so they survive a restart and hold across
//! instances; they reset at the next midnight in China. Registrations have
//! no device to count against: they are limited per client address by a
//! token bucket kept in the same database (`bucket`).

pub mod bucket;

use letterbox_core::calendar::Date;
use letterbox_core::limits::{
    CAMPAIGN_ANSWERS_PER_DEVICE_PER_DAY, DEVICE_REGISTRATIONS_PER_HOUR, DEVICE_REGISTRATION_BURST,
    FOLLOW_UPS_PER_DEVICE_PER_DAY, PETITIONS_PER_DEVICE_PER_DAY, PHOTOS_PER_CASE,
    PHOTO_BYTES_PER_CASE, SUPPLEMENTS_PER_CASE,
};
use sqlx::AnyConnection;
use time::OffsetDateTime;
use uuid::Uuid;

use self::bucket::AddressBuckets;
use crate::client::ClientKey;
use crate::db;
use crate::error::ApiError;
use letterbox_core::api::PhotoManifestEntry;

/// The numbers in force: core's defaults unless the server's flags say
/// otherwise. Zero means no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaLimits {
    pub registration_burst: u32,
    pub registrations_per_hour: u32,
    pub petitions_per_day: u32,
    pub follow_ups_per_day: u32,
    pub campaign_answers_per_day: u32,
}

impl Default for QuotaLimits {
    fn default() -> Self {
        Self {
            registration_burst: DEVICE_REGISTRATION_BURST,
            registrations_per_hour: DEVICE_REGISTRATIONS_PER_HOUR,
            petitions_per_day: PETITIONS_PER_DEVICE_PER_DAY,
            follow_ups_per_day: FOLLOW_UPS_PER_DEVICE_PER_DAY,
            campaign_answers_per_day: CAMPAIGN_ANSWERS_PER_DEVICE_PER_DAY,
        }
    }
}

/// The quotas of one running server: its numbers and the registrations'
/// buckets per address.
#[derive(Debug)]
pub struct Quotas {
    limits: QuotaLimits,
    registrations: AddressBuckets,
}

impl Quotas {
    pub fn new(limits: QuotaLimits) -> Self {
        Self {
            limits,
            registrations: AddressBuckets::new(
                limits.registration_burst,
                limits.registrations_per_hour,
            ),
        }
    }

    pub fn limits(&self) -> QuotaLimits {
        self.limits
    }

    /// One device registration from the client's address; `RateLimited`
    /// when the address has used its burst and rate.
    pub async fn registration(
        &self,
        db: &db::Db,
        client: &ClientKey,
        now: OffsetDateTime,
    ) -> Result<(), ApiError> {
        // Behind a trusted proxy, the forwarded address (`ClientKey`); an
        // IPv6 client by its /64.
        Ok(self.registrations.take(db, client.as_str(), now).await?)
    }

    /// Whether `device` may make one more `what` today: `RateLimited` until
    /// the next midnight in China when it has made its quota. Call it inside
    /// the writer's transaction that stores the new row, after the
    /// idempotency check (a resend is never counted), so concurrent
    /// requests are counted one after the other.
    pub async fn daily(
        &self,
        conn: &mut AnyConnection,
        what: Daily,
        device: Uuid,
        now: OffsetDateTime,
    ) -> Result<(), ApiError> {
        let limit = match what {
            Daily::Petitions => self.limits.petitions_per_day,
            Daily::FollowUps => self.limits.follow_ups_per_day,
            Daily::CampaignAnswers => self.limits.campaign_answers_per_day,
        };
        if limit == 0 {
            return Ok(());
        }
        let day = ChinaDay::of(now);
        let made = match what {
            Daily::Petitions => db::quota::petitions_since(conn, device, &day.since).await?,
            Daily::FollowUps => db::quota::follow_ups_since(conn, device, &day.since).await?,
            Daily::CampaignAnswers => {
                db::quota::campaign_answers_since(conn, device, &day.since).await?
            }
        };
        if made >= i64::from(limit) {
            return Err(ApiError::RateLimited(day.seconds_left));
        }
        Ok(())
    }

    /// A new petition from `device` today (see `daily`).
    pub async fn petitions_today(
        &self,
        conn: &mut AnyConnection,
        device: Uuid,
        now: OffsetDateTime,
    ) -> Result<(), ApiError> {
        self.daily(conn, Daily::Petitions, device, now).await
    }

    /// A new request about a case from `device` today (see `daily`).
    pub async fn follow_ups_today(
        &self,
        conn: &mut AnyConnection,
        device: Uuid,
        now: OffsetDateTime,
    ) -> Result<(), ApiError> {
        self.daily(conn, Daily::FollowUps, device, now).await
    }

    /// A new or changed campaign answer from `device` today (see `daily`).
    /// It counts the campaigns the device answered, or changed its answer
    /// to, today: one row each, so changing one answer again and again
    /// counts once.
    pub async fn campaign_answers_today(
        &self,
        conn: &mut AnyConnection,
        device: Uuid,
        now: OffsetDateTime,
    ) -> Result<(), ApiError> {
        self.daily(conn, Daily::CampaignAnswers, device, now).await
    }
}

/// The day in China that `now` falls in, as the daily quotas count it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChinaDay {
    /// Its midnight as a UTC bound for stored times (`YYYY-MM-DDTHH:MM:SS`,
    /// see `db::quota`).
    pub since: String,
    /// Seconds from `now` to the next midnight in China (at least 1).
    pub seconds_left: u64,
}

impl ChinaDay {
    pub fn of(now: OffsetDateTime) -> Self {
        let unix = now.unix_timestamp();
        let start = Date::in_china_at_unix_ms(unix as f64 * 1000.0).china_midnight_unix();
        let at = OffsetDateTime::from_unix_timestamp(start).unwrap_or(now);
        Self {
            since: format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                at.year(),
                u8::from(at.month()),
                at.day(),
                at.hour(),
                at.minute(),
                at.second()
            ),
            seconds_left: (start + 86_400 - unix).max(1) as u64,
        }
    }
}

/// What a daily quota counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Daily {
    Petitions,
    FollowUps,
    CampaignAnswers,
}

/// Whether the case can take one more supplement. Waiting does not help
/// here, so the answer is a 409 the app shows and drops, not a 429 it
/// would retry for ever.
pub async fn supplement_room(
    conn: &mut AnyConnection,
    petition: Uuid,
    photos: &[PhotoManifestEntry],
) -> Result<(), ApiError> {
    if db::quota::supplements_of(&mut *conn, petition).await? >= i64::from(SUPPLEMENTS_PER_CASE) {
        return Err(ApiError::CaseFull(format!(
            "This case already has {SUPPLEMENTS_PER_CASE} supplements, the most one case can \
             hold; send further material as a new petition or bring it to the office."
        )));
    }
    let (count, bytes) = db::quota::photos_of(&mut *conn, petition).await?;
    let added: u64 = photos.iter().map(|p| p.bytes).sum();
    if count as u64 + photos.len() as u64 > u64::from(PHOTOS_PER_CASE)
        || bytes as u64 + added > PHOTO_BYTES_PER_CASE
    {
        return Err(ApiError::CaseFull(format!(
            "This case would hold more than {PHOTOS_PER_CASE} photos or {} MB of them, the \
             most one case can hold; bring further photos to the office.",
            PHOTO_BYTES_PER_CASE / 1_000_000
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_day_runs_from_midnight_in_china_to_the_next() {
        let day = ChinaDay::of(datetime!(2026-11-28 09:30 UTC));
        assert_eq!(day.since, "2026-11-27T16:00:00");
        assert_eq!(day.seconds_left, 6 * 3600 + 30 * 60);
        let late = ChinaDay::of(datetime!(2026-11-28 15:59:59 UTC));
        assert_eq!(late.since, "2026-11-27T16:00:00");
        assert_eq!(late.seconds_left, 1);
        let next = ChinaDay::of(datetime!(2026-11-28 16:00 UTC));
        assert_eq!(next.since, "2026-11-28T16:00:00");
        assert_eq!(next.seconds_left, 86_400);
    }

    #[test]
    fn the_bound_sorts_between_the_stamps_of_two_days() {
        let day = ChinaDay::of(datetime!(2026-11-28 09:30 UTC));
        assert!("2026-11-27T15:59:59.999Z" < day.since.as_str());
        assert!("2026-11-27T16:00:00Z" >= day.since.as_str());
        assert!("2026-11-27T16:00:00.001Z" >= day.since.as_str());
    }
}
