//! When a campaign takes answers: one reading of its state and times, for
//! the whole definition (`Campaign`) and for a line of the list the phone
//! keeps (`CampaignSummary`), so both say the same.

use super::{CampaignState, Phase};
use crate::calendar::{unix_seconds, Date};

/// The fields that decide a campaign's phase.
pub(super) struct Period<'a> {
    pub state: CampaignState,
    pub opens_at: &'a str,
    pub closes_at: &'a str,
    pub closed_at: Option<&'a str>,
}

impl Period<'_> {
    pub fn close_instant(&self) -> Option<i64> {
        let planned = unix_seconds(self.closes_at)?;
        Some(match self.closed_at.and_then(unix_seconds) {
            Some(early) => early.min(planned),
            None => planned,
        })
    }

    pub fn closes_on(&self) -> Option<Date> {
        let close = self.close_instant()?;
        Some(Date::in_china_at_unix_ms(close as f64 * 1000.0))
    }

    pub fn opens_on(&self) -> Option<Date> {
        let open = unix_seconds(self.opens_at)?;
        Some(Date::in_china_at_unix_ms(open as f64 * 1000.0))
    }

    pub fn days_left(&self, now: i64) -> Option<u32> {
        match self.phase(now) {
            Phase::Open { .. } => {
                let today = Date::in_china_at_unix_ms(now as f64 * 1000.0);
                let last = self.closes_on()?;
                u32::try_from(today.days_until(last)).ok()
            }
            _ => None,
        }
    }

    pub fn phase(&self, now: i64) -> Phase {
        let open = unix_seconds(self.opens_at).unwrap_or(i64::MAX);
        let close = self.close_instant().unwrap_or(i64::MIN);
        match self.state {
            CampaignState::Draft => Phase::Draft,
            CampaignState::Closed => Phase::Closed { at: close },
            CampaignState::Published if now > close => Phase::Closed { at: close },
            CampaignState::Published if now < open => Phase::Upcoming,
            CampaignState::Published => Phase::Open { closes: close },
        }
    }
}
