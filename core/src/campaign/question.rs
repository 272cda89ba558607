//! The questions of a campaign and the rules for writing them: types,
//! options, limits. The desk checks a campaign with these before it can be
//! published; the app draws its controls from the same definitions.

use serde::{Deserialize, Serialize};

use super::{DefinitionError, Invalid, Words};
use crate::limits::{
    ANSWER_PHOTOS_MAX, CHOICE_LABEL_MAX_CHARS, CHOICE_OPTIONS_MAX, CHOICE_OPTIONS_MIN,
    CODE_MAX_CHARS, LONG_TEXT_MAX_CHARS, QUESTION_PROMPT_MAX_CHARS, SHORT_TEXT_MAX_CHARS,
};

/// One option of a choice question. `id` is what an answer carries, so a
/// label's typo can be corrected after publishing without touching answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Choice {
    pub id: String,
    pub label: Words,
}

/// What kind of answer a question takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[serde(tag = "type", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum QuestionKind {
    SingleChoice {
        options: Vec<Choice>,
    },
    /// At most `max_picks` of the options.
    MultipleChoice {
        options: Vec<Choice>,
        max_picks: u8,
    },
    /// 1 to `SCALE_MAX`, with words at both ends (不满意 … 满意).
    Scale {
        low: Words,
        high: Words,
    },
    /// One line, at most `max_chars` characters.
    ShortText {
        max_chars: u32,
    },
    /// Paragraphs, at most `max_chars` characters, and up to `photos`
    /// photos processed on the phone as a petition's are.
    LongText {
        max_chars: u32,
        #[serde(default)]
        photos: u8,
    },
}

impl QuestionKind {
    /// The wire name of the type, as in JSON and on the desk's form.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::SingleChoice { .. } => "single_choice",
            Self::MultipleChoice { .. } => "multiple_choice",
            Self::Scale { .. } => "scale",
            Self::ShortText { .. } => "short_text",
            Self::LongText { .. } => "long_text",
        }
    }

    pub fn options(&self) -> &[Choice] {
        match self {
            Self::SingleChoice { options } | Self::MultipleChoice { options, .. } => options,
            _ => &[],
        }
    }

    /// Whether the answers are counted (choices, scale) rather than read.
    pub fn is_counted(&self) -> bool {
        matches!(
            self,
            Self::SingleChoice { .. } | Self::MultipleChoice { .. } | Self::Scale { .. }
        )
    }

    /// Same type and same limits and options (ids), whatever the words:
    /// what may not change once a campaign is published.
    pub fn same_meaning(&self, other: &Self) -> bool {
        let ids = |k: &Self| k.options().iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        match (self, other) {
            (Self::SingleChoice { .. }, Self::SingleChoice { .. }) => ids(self) == ids(other),
            (
                Self::MultipleChoice { max_picks: a, .. },
                Self::MultipleChoice { max_picks: b, .. },
            ) => a == b && ids(self) == ids(other),
            (Self::Scale { .. }, Self::Scale { .. }) => true,
            (Self::ShortText { max_chars: a }, Self::ShortText { max_chars: b }) => a == b,
            (
                Self::LongText {
                    max_chars: a,
                    photos: p,
                },
                Self::LongText {
                    max_chars: b,
                    photos: q,
                },
            ) => a == b && p == q,
            _ => false,
        }
    }
}

/// One question. The app's wasm decodes it with `decode::question` (no
/// serde buffering).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Question {
    /// Stable within the campaign: answers and results refer to it.
    pub id: String,
    pub prompt: Words,
    #[serde(default)]
    pub required: bool,
    /// Asks how to reach the resident. Answers carry no identity, so such
    /// a question is never required, takes a short text, and its answers
    /// are shown to supervisors only.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub contact: bool,
    #[serde(flatten)]
    pub kind: QuestionKind,
}

/// A short identifier for a question or an option: letters, digits, `_`.
pub(super) fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= CODE_MAX_CHARS
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Words in Chinese (required) and English (optional) within `max` characters.
pub(super) fn words_problem(words: &Words, max: usize) -> Option<Invalid> {
    let zh = words.zh.trim().chars().count();
    if zh == 0 {
        Some(Invalid::TextMissing)
    } else if zh > max || words.en.trim().chars().count() > max {
        Some(Invalid::TextTooLong)
    } else {
        None
    }
}

impl Question {
    /// Every problem of this question (number `index`, from 0).
    pub(super) fn problems(&self, index: usize) -> Vec<DefinitionError> {
        let mut out = Vec::new();
        let mut push = |code| out.push(DefinitionError::question(index, code));
        if !is_id(&self.id) {
            push(Invalid::Identifier);
        }
        if let Some(p) = words_problem(&self.prompt, QUESTION_PROMPT_MAX_CHARS) {
            push(p);
        }
        if self.contact && (self.required || !matches!(self.kind, QuestionKind::ShortText { .. })) {
            push(Invalid::Contact);
        }
        match &self.kind {
            QuestionKind::SingleChoice { options } => choice_problems(options, &mut push),
            QuestionKind::MultipleChoice { options, max_picks } => {
                choice_problems(options, &mut push);
                if *max_picks == 0 || usize::from(*max_picks) > options.len() {
                    push(Invalid::MaxPicks);
                }
            }
            QuestionKind::Scale { low, high } => {
                if [low, high]
                    .iter()
                    .any(|w| words_problem(w, CHOICE_LABEL_MAX_CHARS).is_some())
                {
                    push(Invalid::ScaleLabels);
                }
            }
            QuestionKind::ShortText { max_chars } => {
                if !(1..=SHORT_TEXT_MAX_CHARS).contains(&(*max_chars as usize)) {
                    push(Invalid::TextLimit);
                }
            }
            QuestionKind::LongText { max_chars, photos } => {
                if !(1..=LONG_TEXT_MAX_CHARS).contains(&(*max_chars as usize)) {
                    push(Invalid::TextLimit);
                }
                if usize::from(*photos) > ANSWER_PHOTOS_MAX {
                    push(Invalid::PhotoCount);
                }
            }
        }
        out
    }
}

fn choice_problems(options: &[Choice], push: &mut impl FnMut(Invalid)) {
    if !(CHOICE_OPTIONS_MIN..=CHOICE_OPTIONS_MAX).contains(&options.len()) {
        push(Invalid::OptionCount);
    }
    let mut ids: Vec<&str> = Vec::new();
    for option in options {
        if !is_id(&option.id) || ids.contains(&option.id.as_str()) {
            push(Invalid::Identifier);
        }
        ids.push(&option.id);
        if words_problem(&option.label, CHOICE_LABEL_MAX_CHARS).is_some() {
            push(Invalid::OptionLabel);
        }
    }
}
