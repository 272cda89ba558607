//! The campaign endpoints' bodies (`/api/v1/campaigns…`) and the results
//! both the desk and the app show, with one rounding of percentages.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::period::Period;
use super::{Campaign, CampaignState, Phase, Words};
use crate::calendar::Date;

/// `GET /campaigns`: one line of the list the phone keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignSummary {
    pub slug: String,
    pub title: Words,
    pub department: String,
    pub opens_at: String,
    pub closes_at: String,
    pub state: CampaignState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<String>,
    /// Results or the office's answer can be read.
    #[serde(default)]
    pub has_results: bool,
    #[serde(default)]
    pub has_answer: bool,
    /// When the definition, the state or the answer last changed: the
    /// phone marks the campaign when this moves.
    pub updated_at: String,
}

impl CampaignSummary {
    pub fn of(c: &Campaign, updated_at: &str, has_results: bool) -> Self {
        Self {
            slug: c.slug.clone(),
            title: c.title.clone(),
            department: c.department.clone(),
            opens_at: c.opens_at.clone(),
            closes_at: c.closes_at.clone(),
            state: c.state,
            closed_at: c.closed_at.clone(),
            has_results,
            has_answer: c.answer.is_some(),
            updated_at: updated_at.to_owned(),
        }
    }
}

impl CampaignSummary {
    fn period(&self) -> Period<'_> {
        Period {
            state: self.state,
            opens_at: &self.opens_at,
            closes_at: &self.closes_at,
            closed_at: self.closed_at.as_deref(),
        }
    }

    /// Whether it takes answers at `now` (Unix seconds), as
    /// `Campaign::phase` says of the whole definition.
    pub fn phase(&self, now: i64) -> Phase {
        self.period().phase(now)
    }

    /// As `Campaign::days_left`.
    pub fn days_left(&self, now: i64) -> Option<u32> {
        self.period().days_left(now)
    }

    /// The day it closes (or closed), in China.
    pub fn closes_on(&self) -> Option<Date> {
        self.period().closes_on()
    }

    /// Whether the resident's home screen lists it: open for answers, or
    /// closed with something to read (results or the office's answer). A
    /// campaign not open yet, or closed with nothing to show, is left out.
    pub fn is_listed(&self, now: i64) -> bool {
        match self.phase(now) {
            Phase::Open { .. } => true,
            Phase::Closed { .. } => self.has_results || self.has_answer,
            Phase::Draft | Phase::Upcoming => false,
        }
    }

    /// Whether the resident has something new to see: never opened
    /// (`seen` is the `updated_at` last seen, if any) or changed since.
    pub fn is_new(&self, seen: Option<&str>) -> bool {
        seen != Some(self.updated_at.as_str())
    }

    /// The campaigns the home screen lists, open ones first (the office's
    /// order kept within each group).
    pub fn for_home(list: &[CampaignSummary], now: i64) -> Vec<&CampaignSummary> {
        // Two passes rather than a sort: the list is short, and a sort
        // would add its code to the app's wasm.
        let open = |c: &&CampaignSummary| matches!(c.phase(now), Phase::Open { .. });
        let listed = || list.iter().filter(|c| c.is_listed(now));
        listed()
            .filter(open)
            .chain(listed().filter(|c| !open(c)))
            .collect()
    }
}

/// The office's answer to `PUT /campaigns/{slug}/responses/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponseReceipt {
    pub id: Uuid,
    pub slug: String,
    /// 1 for the first answer, then one more for each change.
    pub revision: u32,
    /// When the office received this revision (RFC 3339).
    pub received_at: String,
}

/// How many picked one option (or one point of a scale: "1" … "5").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OptionCount {
    pub option: String,
    pub count: u64,
}

/// The counts of one choice or scale question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionResult {
    pub question: String,
    /// Responses that answered this question (the base of percentages).
    pub answered: u64,
    pub counts: Vec<OptionCount>,
}

/// `GET /campaigns/{slug}/results`: counts of every counted question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Results {
    pub responses: u64,
    pub questions: Vec<QuestionResult>,
}

/// A share in whole percent, rounded half up, of those who answered; 0
/// when nobody did. Multiple-choice shares may add up to more than 100.
pub fn percent(count: u64, of: u64) -> u64 {
    if of == 0 {
        0
    } else {
        (count * 200 + of) / (of * 2)
    }
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn percentages_round_half_up_and_never_divide_by_zero() {
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(1, 8), 13, "12.5 rounds up");
        assert_eq!(percent(0, 0), 0);
        assert_eq!(percent(7, 7), 100);
    }
}
