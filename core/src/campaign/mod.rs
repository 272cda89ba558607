//! Suggestion campaigns (征求意见): an office asks the public about
//! something it plans, through a link in its public account; residents
//! answer, once per phone, until the closing time; the office publishes
//! what it did with the answers.
//!
//! Everything both sides must agree on is here: what a valid campaign is
//! (`Campaign::validate`, `question`), its states and who moves them
//! (`Campaign::may`), what may still change once published
//! (`Campaign::correction`), what a valid answer is and when it counts
//! (`response`). Times are RFC 3339 instants, compared as Unix seconds;
//! the desk enters them in China time.

mod period;
mod question;
mod response;
mod wire;

use serde::{Deserialize, Serialize};

pub use question::{Choice, Question, QuestionKind};
pub use response::{Answer, AnswerError, AnswerInvalid, AnswerValue, Lateness, Response};
pub use wire::{percent, CampaignSummary, OptionCount, QuestionResult, ResponseReceipt, Results};

use crate::calendar::{unix_seconds, Date};
use crate::lifecycle::Role;
use crate::limits::{
    CAMPAIGN_INTRO_MAX_CHARS, CAMPAIGN_QUESTIONS_MAX, CAMPAIGN_SLUG_MAX_CHARS,
    CAMPAIGN_SLUG_MIN_CHARS, CAMPAIGN_TITLE_MAX_CHARS,
};
use crate::wire::wire_enum;
use period::Period;

/// Words shown to residents: Chinese always, English when the office
/// wrote it (the app falls back to Chinese).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Words {
    pub zh: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub en: String,
}

impl Words {
    pub fn zh(zh: &str) -> Self {
        Self {
            zh: zh.into(),
            en: String::new(),
        }
    }

    /// The English words if there are any and they are wanted, else the
    /// Chinese.
    pub fn get(&self, english: bool) -> &str {
        if english && !self.en.trim().is_empty() {
            &self.en
        } else {
            &self.zh
        }
    }
}

wire_enum! {
    /// Where a campaign stands, as the office sets it. Whether it takes
    /// answers at a given moment is its `Phase`.
    pub enum CampaignState {
        /// Being written; only the desk sees it.
        Draft = "draft",
        /// Public: open between its opening and closing times.
        Published = "published",
        /// Closed early by the office (a campaign past its closing time is
        /// closed without this).
        Closed = "closed",
    }
}

wire_enum! {
    /// What the office does to a campaign, for the audit log and refusals.
    pub enum CampaignAction {
        Create = "create",
        Edit = "edit",
        Publish = "publish",
        Close = "close",
        PublishAnswer = "publish_answer",
    }
}

/// Whether a campaign takes answers at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Draft,
    /// Published, not open yet.
    Upcoming,
    /// Takes answers until `closes` (Unix seconds).
    Open {
        closes: i64,
    },
    /// Closed at `at` (Unix seconds): its time ran out, or the office
    /// closed it early.
    Closed {
        at: i64,
    },
}

/// A campaign as the office defines it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Campaign {
    /// The link is `/c/<slug>`.
    pub slug: String,
    pub title: Words,
    pub intro: Words,
    /// The department responsible (a code of the catalogue).
    pub department: String,
    /// The district it concerns, if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    pub opens_at: String,
    pub closes_at: String,
    pub questions: Vec<Question>,
    /// Whether residents see the counts after the close.
    #[serde(default)]
    pub results_public: bool,
    pub state: CampaignState,
    /// When the office closed it early.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<String>,
    /// What the office did with the answers, published after the close.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Words>,
}

wire_enum! {
    /// What is wrong with a campaign's definition, by name, so the desk
    /// says it in the clerk's language.
    pub enum Invalid {
        Slug = "slug",
        TextMissing = "text_missing",
        TextTooLong = "text_too_long",
        Department = "department",
        Period = "period",
        QuestionCount = "question_count",
        Identifier = "identifier",
        OptionCount = "option_count",
        OptionLabel = "option_label",
        MaxPicks = "max_picks",
        ScaleLabels = "scale_labels",
        TextLimit = "text_limit",
        PhotoCount = "photo_count",
        Contact = "contact",
    }
}

wire_enum! {
    /// The office's own words a problem is in, where the code alone does
    /// not say (missing or too long: the title, the introduction, or the
    /// answer after the close).
    pub enum Part {
        Title = "title",
        Intro = "intro",
        Answer = "answer",
    }
}

/// One problem of a definition: of the campaign (in its `part` of words,
/// where that matters), or of its question number `question` (from 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefinitionError {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<Part>,
    pub code: Invalid,
}

impl DefinitionError {
    pub fn campaign(code: Invalid) -> Self {
        Self {
            question: None,
            part: None,
            code,
        }
    }

    /// A problem with the words of `part`.
    pub fn words(part: Part, code: Invalid) -> Self {
        Self {
            question: None,
            part: Some(part),
            code,
        }
    }

    pub fn question(index: usize, code: Invalid) -> Self {
        Self {
            question: Some(index),
            part: None,
            code,
        }
    }
}

/// Why the office may not do that to the campaign now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Only a supervisor runs campaigns.
    NotPermitted,
    /// Not possible in this state or phase.
    WrongState {
        action: CampaignAction,
        state: CampaignState,
    },
    /// The definition is not valid (every problem, at once).
    Invalid(Vec<DefinitionError>),
    /// After publishing, only words may be corrected: the questions, their
    /// types, options, limits, the times and the link stay.
    MeaningChanged,
}

/// A link name: lowercase letters, digits and inner hyphens.
pub fn is_slug(s: &str) -> bool {
    (CAMPAIGN_SLUG_MIN_CHARS..=CAMPAIGN_SLUG_MAX_CHARS).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

impl Campaign {
    /// Every problem of the definition at once, so the office fixes them
    /// in one pass. The department and district are checked for shape
    /// here and against the catalogue by the server.
    pub fn validate(&self) -> Result<(), Vec<DefinitionError>> {
        let mut out = Vec::new();
        if !is_slug(&self.slug) {
            out.push(DefinitionError::campaign(Invalid::Slug));
        }
        for (part, words, max) in [
            (Part::Title, &self.title, CAMPAIGN_TITLE_MAX_CHARS),
            (Part::Intro, &self.intro, CAMPAIGN_INTRO_MAX_CHARS),
        ] {
            if let Some(p) = question::words_problem(words, max) {
                out.push(DefinitionError::words(part, p));
            }
        }
        let mut push = |code| out.push(DefinitionError::campaign(code));
        if !question::is_id(&self.department)
            || self
                .district
                .as_deref()
                .is_some_and(|d| !question::is_id(d))
        {
            push(Invalid::Department);
        }
        match (unix_seconds(&self.opens_at), unix_seconds(&self.closes_at)) {
            (Some(open), Some(close)) if open < close => {}
            _ => push(Invalid::Period),
        }
        if !(1..=CAMPAIGN_QUESTIONS_MAX).contains(&self.questions.len()) {
            push(Invalid::QuestionCount);
        }
        let mut ids: Vec<&str> = Vec::new();
        for (i, q) in self.questions.iter().enumerate() {
            out.extend(q.problems(i));
            if ids.contains(&q.id.as_str()) {
                out.push(DefinitionError::question(i, Invalid::Identifier));
            }
            ids.push(&q.id);
        }
        if out.is_empty() {
            Ok(())
        } else {
            Err(out)
        }
    }

    fn period(&self) -> Period<'_> {
        Period {
            state: self.state,
            opens_at: &self.opens_at,
            closes_at: &self.closes_at,
            closed_at: self.closed_at.as_deref(),
        }
    }

    /// The moment it stops taking answers (Unix seconds): its closing
    /// time, or the office's early close if that came first.
    pub fn close_instant(&self) -> Option<i64> {
        self.period().close_instant()
    }

    /// The day it closes (or closed), in China.
    pub fn closes_on(&self) -> Option<Date> {
        self.period().closes_on()
    }

    /// The day it opens, in China.
    pub fn opens_on(&self) -> Option<Date> {
        self.period().opens_on()
    }

    /// While open, how many days remain to its closing day in China (0 on
    /// the closing day itself); `None` when it does not take answers.
    pub fn days_left(&self, now: i64) -> Option<u32> {
        self.period().days_left(now)
    }

    /// Whether it takes answers at `now` (Unix seconds).
    pub fn phase(&self, now: i64) -> Phase {
        self.period().phase(now)
    }

    /// Whether `role` may take `action` at `now`, and the state it leads
    /// to. The definition itself is checked by `validate`.
    pub fn may(
        &self,
        action: CampaignAction,
        role: Role,
        now: i64,
    ) -> Result<CampaignState, Refusal> {
        if role != Role::Supervisor {
            return Err(Refusal::NotPermitted);
        }
        let wrong = || Refusal::WrongState {
            action,
            state: self.state,
        };
        let phase = self.phase(now);
        match action {
            CampaignAction::Create => Err(wrong()),
            // A draft changes freely; a published campaign only in words
            // (`correction`), until it closes.
            CampaignAction::Edit => match phase {
                Phase::Closed { .. } => Err(wrong()),
                _ => Ok(self.state),
            },
            // Publishing a campaign whose time already ran out would
            // announce a closed call.
            CampaignAction::Publish => match phase {
                Phase::Draft if self.close_instant().is_some_and(|c| now < c) => {
                    Ok(CampaignState::Published)
                }
                _ => Err(wrong()),
            },
            CampaignAction::Close => match phase {
                Phase::Upcoming | Phase::Open { .. } => Ok(CampaignState::Closed),
                _ => Err(wrong()),
            },
            // The answer comes after the answers.
            CampaignAction::PublishAnswer => match phase {
                Phase::Closed { .. } => Ok(self.state),
                _ => Err(wrong()),
            },
        }
    }

    /// Whether `edited` may replace this published campaign: the same
    /// questions with the same meaning, only words corrected. A draft may
    /// change in any way.
    pub fn correction(&self, edited: &Campaign) -> Result<(), Refusal> {
        if self.state == CampaignState::Draft {
            return Ok(());
        }
        let same = self.slug == edited.slug
            && self.department == edited.department
            && self.district == edited.district
            && self.opens_at == edited.opens_at
            && self.closes_at == edited.closes_at
            && self.results_public == edited.results_public
            && self.questions.len() == edited.questions.len()
            && self.questions.iter().zip(&edited.questions).all(|(a, b)| {
                a.id == b.id
                    && a.required == b.required
                    && a.contact == b.contact
                    && a.kind.same_meaning(&b.kind)
            });
        if same {
            Ok(())
        } else {
            Err(Refusal::MeaningChanged)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_name_is_short_lowercase_and_readable() {
        for ok in ["jfb-2026", "yubei-bus-routes", "abc"] {
            assert!(is_slug(ok), "{ok}");
        }
        for bad in [
            "ab",
            "-abc",
            "abc-",
            "a--b",
            "Jfb",
            "街道",
            "a b",
            &"a".repeat(41),
        ] {
            assert!(!is_slug(bad), "{bad}");
        }
    }
}
