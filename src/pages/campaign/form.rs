//! The answer being written: core's `Answer`s in a signal, kept on the
//! phone a moment after each change (as a petition's draft is), and the
//! problems core's `Campaign::check_response` finds, shown next to each
//! question once the resident pressed Send (or the office refused it).
//! Drawing the questions is `questions.rs`; sending is the page's.

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use leptos::task::spawn_local;
use letterbox_core::api::PhotoManifestEntry;
use letterbox_core::campaign::{Answer, AnswerError, AnswerValue, Campaign, Response};
use uuid::Uuid;

use crate::limits::AUTOSAVE_DEBOUNCE_MS;
use crate::photos::ProcessedPhoto;
use crate::store::{Store, StoreError};
use crate::time::now_ms;

#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    Idle,
    Saving,
    Saved,
    Failed(StoreError),
}

/// Everything the form's parts share. Copy, so every closure can hold it.
#[derive(Clone, Copy)]
pub struct AnswerForm {
    pub campaign: StoredValue<Campaign>,
    pub response_id: Uuid,
    pub answers: RwSignal<Vec<Answer>>,
    /// After a Send, every problem shows; before, none.
    pub checked: RwSignal<bool>,
    /// What the office refused (a 422), until the question is edited.
    pub refused: RwSignal<Vec<AnswerError>>,
    pub save: RwSignal<SaveState>,
    /// Whether this phone's store can keep the answer.
    pub kept: bool,
    /// Photos picked where the store cannot keep them (a chat app's
    /// browser without IndexedDB): held in memory until sent directly.
    pub held: StoredValue<Vec<(Uuid, ProcessedPhoto)>, LocalStorage>,
    problems: Memo<Vec<AnswerError>>,
    pending: StoredValue<Option<Timeout>, LocalStorage>,
}

impl AnswerForm {
    pub fn new(campaign: Campaign, response_id: Uuid, answers: Vec<Answer>, kept: bool) -> Self {
        let answers = RwSignal::new(answers);
        let stored = StoredValue::new(campaign);
        let problems = Memo::new(move |_| {
            let response = response_of(response_id, String::new(), &answers.read());
            stored
                .with_value(|c| c.check_response(&response))
                .err()
                .unwrap_or_default()
        });
        Self {
            campaign: stored,
            response_id,
            answers,
            checked: RwSignal::new(false),
            refused: RwSignal::new(Vec::new()),
            save: RwSignal::new(SaveState::Idle),
            kept,
            held: StoredValue::new_local(Vec::new()),
            problems,
            pending: StoredValue::new_local(None),
        }
    }

    pub fn value(self, question: &str) -> Option<AnswerValue> {
        self.answers
            .read_untracked()
            .iter()
            .find(|a| a.question == question)
            .map(|a| a.value.clone())
    }

    /// The photos of the text answer to `question`; reactive.
    pub fn photos(self, question: &str) -> Vec<PhotoManifestEntry> {
        self.answers
            .read()
            .iter()
            .find(|a| a.question == question)
            .and_then(|a| match &a.value {
                AnswerValue::Text { photos, .. } => Some(photos.clone()),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// Changes a text answer's words or photos and keeps the other; with
    /// neither left, the question is blank.
    pub fn edit_text(
        self,
        question: &str,
        edit: impl FnOnce(&mut String, &mut Vec<PhotoManifestEntry>),
    ) {
        let (mut text, mut photos) = match self.value(question) {
            Some(AnswerValue::Text { text, photos }) => (text, photos),
            _ => (String::new(), Vec::new()),
        };
        edit(&mut text, &mut photos);
        let value = (!text.trim().is_empty() || !photos.is_empty())
            .then_some(AnswerValue::Text { text, photos });
        self.set(question, value);
    }

    /// Replaces the answer to `question` (`None`: left blank) and schedules
    /// a save; a newer change replaces the scheduled one.
    pub fn set(self, question: &str, value: Option<AnswerValue>) {
        self.answers.update(|list| {
            list.retain(|a| a.question != question);
            if let Some(value) = value {
                list.push(Answer {
                    question: question.to_owned(),
                    value,
                });
            }
        });
        let refused = self
            .refused
            .read_untracked()
            .iter()
            .any(|e| e.question == question);
        if refused {
            self.refused
                .update(|r| r.retain(|e| e.question != question));
        }
        if !self.kept {
            return;
        }
        self.save.set(SaveState::Saving);
        let timer = Timeout::new(AUTOSAVE_DEBOUNCE_MS, move || {
            self.pending.set_value(None);
            self.write();
        });
        self.pending.set_value(Some(timer));
    }

    /// Writes a scheduled save now (leaving the page, hiding the tab).
    pub fn flush(self) {
        if self
            .pending
            .try_update_value(|p| p.take())
            .flatten()
            .is_some()
        {
            self.write();
        }
    }

    /// Send pressed: the queued record carries the answer, so no separate
    /// save is needed.
    pub fn cancel_pending(self) {
        self.pending.set_value(None);
    }

    fn write(self) {
        let answers = self.answers.get_untracked();
        let slug = self.campaign.with_value(|c| c.slug.clone());
        spawn_local(async move {
            let result = match Store::app().await {
                Ok(store) => {
                    store
                        .put_campaign_answers(&slug, self.response_id, &answers, now_ms())
                        .await
                }
                Err(e) => Err(e),
            };
            match result {
                // A newer change waiting for its own save is not saved yet:
                // "Saved" only when nothing is pending (leaving the page
                // now would lose it).
                Ok(()) => {
                    if self
                        .pending
                        .try_with_value(Option::is_none)
                        .unwrap_or(false)
                    {
                        self.save.try_set(SaveState::Saved);
                    }
                }
                Err(e) => {
                    self.save.try_set(SaveState::Failed(e));
                }
            }
        });
    }

    /// The whole answer as the office takes it, made at `answered_at`.
    pub fn response(self, answered_at: String) -> Response {
        response_of(
            self.response_id,
            answered_at,
            &self.answers.read_untracked(),
        )
    }

    /// Core's problems with the answer as it stands (empty: it may go).
    pub fn problems_now(self) -> Vec<AnswerError> {
        self.problems.get_untracked()
    }

    /// The problems to show next to `question` now.
    pub fn errors(self, question: &str) -> Vec<AnswerError> {
        let mut out: Vec<AnswerError> = if self.checked.get() {
            self.problems
                .read()
                .iter()
                .filter(|e| e.question == question)
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        let refused: Vec<AnswerError> = self
            .refused
            .read()
            .iter()
            .filter(|e| e.question == question && !out.contains(e))
            .cloned()
            .collect();
        out.extend(refused);
        out
    }
}

/// A response of the answers given: a question left blank is no answer,
/// so it is not sent.
fn response_of(id: Uuid, answered_at: String, answers: &[Answer]) -> Response {
    Response {
        id,
        answered_at,
        answers: answers
            .iter()
            .filter(|a| !a.value.is_empty())
            .cloned()
            .collect(),
    }
}
