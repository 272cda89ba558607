//! The editor's state: the draft in a signal, saved to the phone a moment
//! after each change, and the field errors shown next to each field.

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use leptos::task::spawn_local;
use letterbox_core::draft::Draft;
use letterbox_core::validation::{Field, FieldError};

use crate::i18n::{use_i18n, I18n};
use crate::limits::AUTOSAVE_DEBOUNCE_MS;
use crate::pages::field_error::describe;
use crate::store::{Store, StoreError};
use crate::time::now_ms;
use crate::timing::Timing;

#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    Idle,
    Saving,
    Saved,
    Failed(StoreError),
}

/// Everything the editor's parts share. Copy, so every closure can hold it.
#[derive(Clone, Copy)]
pub struct Form {
    pub draft: RwSignal<Draft>,
    /// Whether the draft is in the store (a blank new one is not written).
    stored: RwSignal<bool>,
    pub state: RwSignal<SaveState>,
    /// After a Send with errors, every error shows; before, only those of
    /// fields the resident has left.
    pub show_all: RwSignal<bool>,
    touched: RwSignal<Vec<Field>>,
    errors: Memo<Vec<FieldError>>,
    pending: StoredValue<Option<Timeout>, LocalStorage>,
    i18n: I18n,
}

impl Form {
    pub fn new(draft: Draft, stored: bool) -> Self {
        let draft = RwSignal::new(draft);
        Self {
            draft,
            stored: RwSignal::new(stored),
            state: RwSignal::new(SaveState::Idle),
            show_all: RwSignal::new(false),
            touched: RwSignal::new(Vec::new()),
            errors: Memo::new(move |_| draft.with(Draft::field_errors)),
            pending: StoredValue::new_local(None),
            i18n: use_i18n(),
        }
    }

    /// Changes the draft and schedules a save; a newer change replaces the
    /// scheduled one, so there is one write per pause in typing.
    pub fn edit(self, change: impl FnOnce(&mut Draft)) {
        self.draft.update(|d| {
            change(d);
            d.updated_at_ms = now_ms();
        });
        self.state.set(SaveState::Saving);
        let timer = Timeout::new(AUTOSAVE_DEBOUNCE_MS, move || {
            self.pending.set_value(None);
            self.save();
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
            self.save();
        }
    }

    /// Takes the photo list the store now holds (a photo was added or
    /// removed in one transaction with the draft). Text typed meanwhile is
    /// kept: a pending save, if any, writes it with the new list.
    pub fn photos_saved(self, photos: Vec<letterbox_core::draft::PhotoRef>) {
        self.draft.update(|d| d.photos = photos);
        self.stored.set(true);
        if self.pending.with_value(Option::is_none) {
            self.state.set(SaveState::Saved);
        }
    }

    pub fn cancel_pending(self) {
        self.pending.set_value(None);
    }

    fn save(self) {
        let snapshot = self.draft.get_untracked();
        if snapshot.is_blank() && !self.stored.get_untracked() {
            self.state.set(SaveState::Idle);
            return;
        }
        self.state.set(SaveState::Saving);
        spawn_local(async move {
            // From the end of the typing pause to the committed transaction.
            let timing = Timing::start("autosave");
            let result = match Store::app().await {
                Ok(store) => store.put_draft(&snapshot).await,
                Err(e) => Err(e),
            };
            if result.is_ok() {
                timing.end();
            }
            match result {
                Ok(()) => {
                    if !self.stored.get_untracked() {
                        self.stored.set(true);
                        crate::components::storage::ask_to_persist();
                    }
                    // A newer change waiting for its own save is not saved
                    // yet: "Saved" only when nothing is pending.
                    if self.pending.with_value(Option::is_none) {
                        self.state.set(SaveState::Saved);
                    }
                }
                Err(e) => self.state.set(SaveState::Failed(e)),
            }
        });
    }

    pub fn touch(self, field: Field) {
        if !self.touched.with_untracked(|t| t.contains(&field)) {
            self.touched.update(|t| t.push(field));
        }
    }

    pub fn has_errors(self) -> bool {
        self.errors.with(|e| !e.is_empty())
    }

    /// The error to show next to `field`, in words, if it should show now.
    pub fn error(self, field: Field) -> Option<String> {
        let shown = self.show_all.get() || self.touched.with(|t| t.contains(&field));
        if !shown {
            return None;
        }
        self.errors.with(|list| {
            list.iter()
                .find(|e| e.field == field)
                .map(|e| describe(self.i18n, e))
        })
    }

    pub fn invalid(self, field: Field) -> &'static str {
        if self.error(field).is_some() {
            "true"
        } else {
            "false"
        }
    }
}
