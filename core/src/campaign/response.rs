//! A resident's answer to a campaign: what a valid one is, and whether it
//! counts when it arrives. One per phone per campaign: the server keeps the
//! latest and counts the revisions; the response's id makes a replay
//! harmless.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Campaign, Phase, QuestionKind};
use crate::api::PhotoManifestEntry;
use crate::calendar::unix_seconds;
use crate::limits::{CAMPAIGN_ANSWER_GRACE_DAYS, SCALE_MAX};
use crate::validation::check_photo_manifest;
use crate::wire::wire_enum;

// The OpenAPI schema's `maximum` on a scale answer takes only a literal.
const _: () = assert!(crate::limits::SCALE_MAX == 5);

/// An answer to one question. The app's wasm decodes it with
/// `decode::answer_value` (no serde buffering).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[serde(tag = "type", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AnswerValue {
    Choice {
        option: String,
    },
    Choices {
        options: Vec<String>,
    },
    Scale {
        #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
        value: u8,
    },
    Text {
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        photos: Vec<PhotoManifestEntry>,
    },
}

impl AnswerValue {
    /// Left blank: no choice, no words, no photos.
    pub fn is_empty(&self) -> bool {
        match self {
            Self::Choice { option } => option.is_empty(),
            Self::Choices { options } => options.is_empty(),
            Self::Scale { .. } => false,
            Self::Text { text, photos } => text.trim().is_empty() && photos.is_empty(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Answer {
    pub question: String,
    pub value: AnswerValue,
}

/// `PUT /campaigns/{slug}/responses/{id}`: the phone's whole answer. The
/// phone makes the id once per campaign and keeps it, so answering again
/// replaces the answer rather than adding one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Response {
    pub id: Uuid,
    /// When the resident sent it, on the phone (RFC 3339): an answer made
    /// before the close counts if it arrives within the grace.
    pub answered_at: String,
    pub answers: Vec<Answer>,
}

wire_enum! {
    /// What is wrong with an answer, by name, so the app says it in the
    /// resident's language next to the question.
    pub enum AnswerInvalid {
        Required = "required",
        UnknownQuestion = "unknown_question",
        Duplicate = "duplicate",
        WrongType = "wrong_type",
        UnknownOption = "unknown_option",
        TooManyPicks = "too_many_picks",
        OutOfScale = "out_of_scale",
        TooLong = "too_long",
        InvalidCharacters = "invalid_characters",
        Photos = "photos",
    }
}

/// One problem, with the question it belongs to and, where the words need
/// it, the number (the character limit, the most picks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerError {
    pub question: String,
    pub code: AnswerInvalid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// Why an answer does not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lateness {
    /// The campaign is not open yet (or not published).
    NotOpen,
    /// It closed at `at` (Unix seconds), and the answer was made after
    /// that or arrived too long after.
    Closed { at: i64 },
}

impl Campaign {
    /// Every problem of a response at once. A question left blank is no
    /// answer; a required one must not be.
    pub fn check_response(&self, response: &Response) -> Result<(), Vec<AnswerError>> {
        let mut out = Vec::new();
        let mut push = |question: &str, code, limit: Option<u32>| {
            out.push(AnswerError {
                question: question.to_owned(),
                code,
                limit,
            })
        };
        let mut seen: Vec<&str> = Vec::new();
        for answer in &response.answers {
            let id = answer.question.as_str();
            let Some(q) = self.questions.iter().find(|q| q.id == id) else {
                push(id, AnswerInvalid::UnknownQuestion, None);
                continue;
            };
            if seen.contains(&id) {
                push(id, AnswerInvalid::Duplicate, None);
                continue;
            }
            seen.push(id);
            if answer.value.is_empty() {
                continue;
            }
            let known = |o: &String| q.kind.options().iter().any(|c| &c.id == o);
            match (&q.kind, &answer.value) {
                (QuestionKind::SingleChoice { .. }, AnswerValue::Choice { option }) => {
                    if !known(option) {
                        push(id, AnswerInvalid::UnknownOption, None);
                    }
                }
                (
                    QuestionKind::MultipleChoice { max_picks, .. },
                    AnswerValue::Choices { options },
                ) => {
                    // Every pick known first: then a repeat turns up within the
                    // question's few options (`CHOICE_OPTIONS_MAX`), so the look
                    // back stays short even for a hostile list of thousands.
                    // Sorting a copy put 5 KB of sort code in the campaign
                    // page's wasm (issue 12).
                    let repeated =
                        || (1..options.len()).any(|i| options[..i].contains(&options[i]));
                    if !options.iter().all(known) || repeated() {
                        push(id, AnswerInvalid::UnknownOption, None);
                    } else if options.len() > usize::from(*max_picks) {
                        push(id, AnswerInvalid::TooManyPicks, Some(u32::from(*max_picks)));
                    }
                }
                (QuestionKind::Scale { .. }, AnswerValue::Scale { value }) => {
                    if !(1..=SCALE_MAX).contains(value) {
                        push(id, AnswerInvalid::OutOfScale, Some(u32::from(SCALE_MAX)));
                    }
                }
                (QuestionKind::ShortText { max_chars }, AnswerValue::Text { text, photos }) => {
                    if let Some(code) = text_problem(text, *max_chars, false) {
                        push(id, code, Some(*max_chars));
                    }
                    if !photos.is_empty() {
                        push(id, AnswerInvalid::Photos, Some(0));
                    }
                }
                (
                    QuestionKind::LongText {
                        max_chars,
                        photos: allowed,
                    },
                    AnswerValue::Text { text, photos },
                ) => {
                    if let Some(code) = text_problem(text, *max_chars, true) {
                        push(id, code, Some(*max_chars));
                    }
                    if photos.len() > usize::from(*allowed)
                        || !check_photo_manifest(photos).is_empty()
                    {
                        push(id, AnswerInvalid::Photos, Some(u32::from(*allowed)));
                    }
                }
                _ => push(id, AnswerInvalid::WrongType, None),
            }
        }
        for q in self.questions.iter().filter(|q| q.required) {
            let answered = response
                .answers
                .iter()
                .any(|a| a.question == q.id && !a.value.is_empty());
            if !answered {
                push(&q.id, AnswerInvalid::Required, None);
            }
        }
        if out.is_empty() {
            Ok(())
        } else {
            Err(out)
        }
    }

    /// Whether an answer made at `answered_at` (the phone's clock) counts
    /// when it arrives at `now` (the server's, Unix seconds). While open,
    /// it does. After the close it counts only if it was made before the
    /// close and arrives within `CAMPAIGN_ANSWER_GRACE_DAYS` of it: the
    /// phone was offline. A phone's clock is not trusted beyond that, and
    /// never ahead of the server's.
    pub fn accepts(&self, answered_at: &str, now: i64) -> Result<(), Lateness> {
        match self.phase(now) {
            Phase::Draft | Phase::Upcoming => Err(Lateness::NotOpen),
            Phase::Open { .. } => Ok(()),
            Phase::Closed { at } => {
                let opened = unix_seconds(&self.opens_at).unwrap_or(i64::MAX);
                let made = unix_seconds(answered_at).map(|m| m.min(now));
                let grace = i64::from(CAMPAIGN_ANSWER_GRACE_DAYS) * 86_400;
                match made {
                    Some(made) if made >= opened && made <= at && now <= at + grace => Ok(()),
                    _ => Err(Lateness::Closed { at }),
                }
            }
        }
    }
}

fn text_problem(text: &str, max_chars: u32, multiline: bool) -> Option<AnswerInvalid> {
    let text = text.trim();
    // The same characters refused as in a petition (bidirectional
    // overrides, invisible ones in one line, piled-up combining marks).
    if !crate::text::is_clean_text(text, multiline) {
        Some(AnswerInvalid::InvalidCharacters)
    } else if text.chars().count() > max_chars as usize {
        Some(AnswerInvalid::TooLong)
    } else {
        None
    }
}
