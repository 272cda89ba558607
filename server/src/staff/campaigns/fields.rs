//! The campaign form's fields, as posted and as shown again: read from a
//! posted form or from a stored campaign, and turned into core's
//! `Campaign` for core to judge. Nothing here decides what is valid: a
//! value the form cannot read is passed on as one core refuses (a limit
//! of 0, a time of ""), so every problem is core's, in core's words.

use letterbox_core::campaign::{Campaign, CampaignState, Choice, Question, QuestionKind, Words};
use letterbox_core::limits::CAMPAIGN_QUESTIONS_MAX;
use time::macros::{format_description, offset};
use time::{OffsetDateTime, PrimitiveDateTime};

use super::super::form::Form;

/// The question types in the order the form offers them (core's wire
/// names, `QuestionKind::type_name`).
pub const TYPES: [&str; 5] = [
    "single_choice",
    "multiple_choice",
    "scale",
    "short_text",
    "long_text",
];

/// One question block, every field as text so nothing typed is lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionFields {
    pub kind: String,
    pub id: String,
    pub prompt_zh: String,
    pub prompt_en: String,
    pub required: bool,
    pub contact: bool,
    /// One option a line: `id: 中文 | English`, or just `中文`.
    pub options: String,
    pub max_picks: String,
    pub low_zh: String,
    pub low_en: String,
    pub high_zh: String,
    pub high_en: String,
    pub max_chars: String,
    pub photos: String,
}

impl Default for QuestionFields {
    fn default() -> Self {
        Self {
            kind: TYPES[0].to_owned(),
            id: String::new(),
            prompt_zh: String::new(),
            prompt_en: String::new(),
            required: false,
            contact: false,
            options: String::new(),
            max_picks: String::new(),
            low_zh: String::new(),
            low_en: String::new(),
            high_zh: String::new(),
            high_en: String::new(),
            max_chars: String::new(),
            photos: String::new(),
        }
    }
}

/// The whole form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CampaignFields {
    pub slug: String,
    pub title_zh: String,
    pub title_en: String,
    pub intro_zh: String,
    pub intro_en: String,
    pub department: String,
    pub district: String,
    /// `datetime-local` values, China time: `2026-12-01T09:00`.
    pub opens_at: String,
    pub closes_at: String,
    pub results_public: bool,
    pub questions: Vec<QuestionFields>,
}

/// What the posted form asks for besides its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Save,
    /// Another question block (nothing saved).
    Add,
    /// Without question `n` (nothing saved).
    Remove(usize),
    /// Shown again, with the fields of each question's chosen type.
    Refresh,
}

impl CampaignFields {
    /// A new campaign's form: one empty question.
    pub fn blank() -> Self {
        Self {
            questions: vec![QuestionFields::default()],
            ..Self::default()
        }
    }

    /// The form as posted, and what its button asked for.
    pub fn posted(form: &Form) -> (Self, Intent) {
        let text = |name: &str| form.field(name).unwrap_or("").to_owned();
        let ticked = |name: &str| form.field(name).is_some();
        // Blocks are numbered from 0 with no gaps; a forged form with
        // more is read up to twice the most a campaign may have, and core
        // refuses the count.
        let questions = (0..CAMPAIGN_QUESTIONS_MAX * 2)
            .filter(|i| form.field(&format!("q{i}_type")).is_some())
            .map(|i| {
                let q = |name: &str| text(&format!("q{i}_{name}"));
                let kind = q("type");
                QuestionFields {
                    kind: if TYPES.contains(&kind.as_str()) {
                        kind
                    } else {
                        TYPES[0].to_owned()
                    },
                    id: q("id"),
                    prompt_zh: q("prompt_zh"),
                    prompt_en: q("prompt_en"),
                    required: ticked(&format!("q{i}_required")),
                    contact: ticked(&format!("q{i}_contact")),
                    options: q("options"),
                    max_picks: q("max_picks"),
                    low_zh: q("low_zh"),
                    low_en: q("low_en"),
                    high_zh: q("high_zh"),
                    high_en: q("high_en"),
                    max_chars: q("max_chars"),
                    photos: q("photos"),
                }
            })
            .collect();
        let fields = Self {
            slug: text("slug").trim().to_owned(),
            title_zh: text("title_zh"),
            title_en: text("title_en"),
            intro_zh: text("intro_zh"),
            intro_en: text("intro_en"),
            department: text("department"),
            district: text("district"),
            opens_at: text("opens_at"),
            closes_at: text("closes_at"),
            results_public: ticked("results_public"),
            questions,
        };
        let intent = if form.field("add").is_some() {
            Intent::Add
        } else if let Some(n) = form.field("remove") {
            n.parse().map_or(Intent::Refresh, Intent::Remove)
        } else if form.field("refresh").is_some() {
            Intent::Refresh
        } else {
            Intent::Save
        };
        (fields, intent)
    }

    /// A stored campaign's form, for editing.
    pub fn of(c: &Campaign) -> Self {
        Self {
            slug: c.slug.clone(),
            title_zh: c.title.zh.clone(),
            title_en: c.title.en.clone(),
            intro_zh: c.intro.zh.clone(),
            intro_en: c.intro.en.clone(),
            department: c.department.clone(),
            district: c.district.clone().unwrap_or_default(),
            opens_at: local_time(&c.opens_at),
            closes_at: local_time(&c.closes_at),
            results_public: c.results_public,
            questions: c.questions.iter().map(question_fields).collect(),
        }
    }

    /// The campaign the form describes, for core to judge (a new draft;
    /// `campaigns::change` keeps a stored campaign's state).
    pub fn campaign(&self) -> Campaign {
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        Campaign {
            slug: self.slug.trim().to_owned(),
            title: words(&self.title_zh, &self.title_en),
            intro: words(&self.intro_zh, &self.intro_en),
            department: self.department.trim().to_owned(),
            district: opt(&self.district),
            opens_at: china_instant(&self.opens_at),
            closes_at: china_instant(&self.closes_at),
            questions: self
                .questions
                .iter()
                .enumerate()
                .map(|(i, q)| q.question(i))
                .collect(),
            results_public: self.results_public,
            state: CampaignState::Draft,
            closed_at: None,
            answer: None,
        }
    }
}

impl QuestionFields {
    fn question(&self, index: usize) -> Question {
        let max_chars = number(&self.max_chars, 0);
        let kind = match self.kind.as_str() {
            "multiple_choice" => QuestionKind::MultipleChoice {
                options: choices(&self.options),
                max_picks: number(&self.max_picks, 0),
            },
            "scale" => QuestionKind::Scale {
                low: words(&self.low_zh, &self.low_en),
                high: words(&self.high_zh, &self.high_en),
            },
            "short_text" => QuestionKind::ShortText { max_chars },
            "long_text" => QuestionKind::LongText {
                max_chars,
                // No photos unless asked for.
                photos: if self.photos.trim().is_empty() {
                    0
                } else {
                    number(&self.photos, u8::MAX)
                },
            },
            _ => QuestionKind::SingleChoice {
                options: choices(&self.options),
            },
        };
        let id = self.id.trim();
        Question {
            // A block left without an id gets its number.
            id: if id.is_empty() {
                format!("q{}", index + 1)
            } else {
                id.to_owned()
            },
            prompt: words(&self.prompt_zh, &self.prompt_en),
            required: self.required,
            contact: self.contact,
            kind,
        }
    }
}

/// A number as typed; one that cannot be read becomes `unreadable`, a
/// value core refuses (see the module doc).
fn number<T: std::str::FromStr>(s: &str, unreadable: T) -> T {
    s.trim().parse().unwrap_or(unreadable)
}

fn question_fields(q: &Question) -> QuestionFields {
    let mut f = QuestionFields {
        kind: q.kind.type_name().to_owned(),
        id: q.id.clone(),
        prompt_zh: q.prompt.zh.clone(),
        prompt_en: q.prompt.en.clone(),
        required: q.required,
        contact: q.contact,
        ..QuestionFields::default()
    };
    match &q.kind {
        QuestionKind::SingleChoice { options } => f.options = options_text(options),
        QuestionKind::MultipleChoice { options, max_picks } => {
            f.options = options_text(options);
            f.max_picks = max_picks.to_string();
        }
        QuestionKind::Scale { low, high } => {
            (f.low_zh, f.low_en) = (low.zh.clone(), low.en.clone());
            (f.high_zh, f.high_en) = (high.zh.clone(), high.en.clone());
        }
        QuestionKind::ShortText { max_chars } => f.max_chars = max_chars.to_string(),
        QuestionKind::LongText { max_chars, photos } => {
            f.max_chars = max_chars.to_string();
            f.photos = photos.to_string();
        }
    }
    f
}

fn words(zh: &str, en: &str) -> Words {
    Words {
        zh: zh.trim().to_owned(),
        en: en.trim().to_owned(),
    }
}

/// Options, one a line, ids written out so they survive an edit.
fn options_text(options: &[Choice]) -> String {
    options
        .iter()
        .map(|c| {
            if c.label.en.is_empty() {
                format!("{}: {}", c.id, c.label.zh)
            } else {
                format!("{}: {} | {}", c.id, c.label.zh, c.label.en)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `id: 中文 | English` or `中文 | English` or `中文`, a line each; a line
/// without an id gets `o<n>` by its place. What comes before a `:` is an
/// id when it is ASCII without spaces (core then checks its shape), so a
/// Chinese label with a colon stays whole.
fn choices(text: &str) -> Vec<Choice> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .enumerate()
        .map(|(n, line)| {
            let (id, rest) = match line.split_once(':') {
                Some((id, rest))
                    if !id.trim().is_empty() && id.trim().chars().all(|c| c.is_ascii_graphic()) =>
                {
                    (id.trim().to_owned(), rest)
                }
                _ => (format!("o{}", n + 1), line),
            };
            let (zh, en) = rest.split_once('|').unwrap_or((rest, ""));
            Choice {
                id,
                label: words(zh, en),
            }
        })
        .collect()
}

/// A `datetime-local` value read as China time, as RFC 3339 with
/// `+08:00`; "" when it is not a time (core then refuses the period).
pub fn china_instant(local: &str) -> String {
    let minutes = format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let seconds = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    let local = local.trim();
    PrimitiveDateTime::parse(local, &minutes)
        .or_else(|_| PrimitiveDateTime::parse(local, &seconds))
        .map(|t| {
            let (d, h) = (t.date(), t.time());
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+08:00",
                d.year(),
                u8::from(d.month()),
                d.day(),
                h.hour(),
                h.minute(),
                h.second()
            )
        })
        .unwrap_or_default()
}

/// An instant as a `datetime-local` value in China time.
fn local_time(instant: &str) -> String {
    use time::format_description::well_known::Rfc3339;
    let Ok(t) = OffsetDateTime::parse(instant, &Rfc3339) else {
        return String::new();
    };
    let t = t.to_offset(offset!(+8));
    let minutes = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    );
    if t.second() == 0 {
        minutes
    } else {
        format!("{minutes}:{:02}", t.second())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_names_are_cores() {
        let names: Vec<String> = TYPES
            .iter()
            .map(|t| {
                let f = QuestionFields {
                    kind: (*t).to_owned(),
                    ..QuestionFields::default()
                };
                f.question(0).kind.type_name().to_owned()
            })
            .collect();
        assert_eq!(names, TYPES);
    }

    #[test]
    fn options_are_read_one_a_line_with_ids_made_where_missing() {
        let got = choices("a: 方案一 | Plan one\n\n方案二\n时间：上午 | Morning\n");
        let ids: Vec<&str> = got.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["a", "o2", "o3"]);
        assert_eq!(got[0].label.en, "Plan one");
        assert_eq!(got[1].label.zh, "方案二");
        assert_eq!(got[2].label.zh, "时间：上午");
        assert_eq!(choices(&options_text(&got)), got);
    }

    #[test]
    fn times_are_china_time_both_ways() {
        assert_eq!(
            china_instant("2026-12-01T09:30"),
            "2026-12-01T09:30:00+08:00"
        );
        assert_eq!(china_instant("tomorrow"), "");
        assert_eq!(local_time("2026-12-01T01:30:00Z"), "2026-12-01T09:30");
        assert_eq!(
            local_time(&china_instant("2026-12-15T18:00")),
            "2026-12-15T18:00"
        );
    }
}
