//! The `outbox` object store: what waits to be sent. A petition enters it
//! and leaves its draft in one transaction, and leaves it for the `cases`
//! store in one transaction when the office confirms it.

use indexed_db_futures::prelude::*;
use letterbox_core::case::CaseRecord;
use letterbox_core::draft::Draft;
use letterbox_core::outbox::{OutboxRecord, OutboxState, QueuedFollowUp, SendFailure};
use letterbox_core::PetitionKind;
use uuid::Uuid;
use wasm_bindgen::JsValue;

use super::database::{commit, CASES, DRAFTS, OUTBOX};
use super::{Store, StoreError};

/// What the case page reads of an outbox record: where it stands and, for
/// a petition, what the resident wrote, for a follow-up, the request. A
/// record of another kind (a campaign's answer) reads as neither. Decoding
/// whole records put every kind's decoder (a campaign answer's, a
/// petition's place and identity) in the case page's code (issue 12).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct OutboxSummary {
    pub state: OutboxState,
    pub queued_at_ms: f64,
    pub last_error: Option<SendFailure>,
    #[serde(default)]
    pub petition: Option<PetitionText>,
    #[serde(default)]
    pub follow_up: Option<QueuedFollowUp>,
}

/// A waiting petition's kind and words (`NewPetition`'s fields of the same
/// names).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct PetitionText {
    pub kind: PetitionKind,
    pub title: String,
    pub body: String,
}

/// The part of an outbox record that says where it stands.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct OutboxStatus {
    pub state: OutboxState,
    pub last_error: Option<SendFailure>,
}

impl Store {
    /// Send pressed: the outbox record and the draft's removal happen in one
    /// transaction, so the petition is never both or neither. The record is
    /// written as it enters (`Entering`): with a petition's encoder only.
    pub async fn queue_petition(&self, record: &OutboxRecord) -> Result<(), StoreError> {
        let entering = record.entering_petition().ok_or_else(not_entering)?;
        let tx = self.write(&[DRAFTS, OUTBOX])?;
        tx.object_store(OUTBOX)?.put(&entering).serde()?.await?;
        tx.object_store(DRAFTS)?
            .delete(record.id.to_string())
            .await?;
        commit(tx).await
    }

    /// A follow-up about a case (rating, review, withdrawal, supplement):
    /// saved on the phone first, sent by the sync engine.
    /// `from_draft`: a draft added to the case leaves the drafts in the
    /// same transaction (its photos stay, the supplement carries them).
    pub async fn queue_follow_up(
        &self,
        record: &OutboxRecord,
        from_draft: Option<Uuid>,
    ) -> Result<(), StoreError> {
        let entering = record.entering_follow_up().ok_or_else(not_entering)?;
        let tx = self.write(&[DRAFTS, OUTBOX])?;
        tx.object_store(OUTBOX)?.put(&entering).serde()?.await?;
        if let Some(draft) = from_draft {
            tx.object_store(DRAFTS)?.delete(draft.to_string()).await?;
        }
        commit(tx).await
    }

    /// A refused follow-up the resident chose to drop.
    pub async fn discard(&self, id: Uuid) -> Result<(), StoreError> {
        let tx = self.write(&[OUTBOX])?;
        tx.object_store(OUTBOX)?.delete(id.to_string()).await?;
        commit(tx).await
    }

    /// The office confirmed a follow-up: its event joins the case and the
    /// record leaves the outbox, together.
    pub async fn confirm_follow_up(
        &self,
        record: Uuid,
        case: Uuid,
        event: letterbox_core::lifecycle::CaseEvent,
        photos: &[letterbox_core::api::PhotoManifestEntry],
    ) -> Result<(), StoreError> {
        let tx = self.write(&[OUTBOX, CASES])?;
        let cases = tx.object_store(CASES)?;
        let known: Option<CaseRecord> = cases.get(case.to_string()).serde()?.await?;
        if let Some(mut known) = known {
            known.confirm_event(event, photos);
            cases.put(&known).serde()?.await?;
        }
        tx.object_store(OUTBOX)?.delete(record.to_string()).await?;
        commit(tx).await
    }

    /// Every record, oldest first: the order the resident sent them in.
    pub async fn outbox(&self) -> Result<Vec<OutboxRecord>, StoreError> {
        let tx = self.read(&[OUTBOX])?;
        let mut records = tx
            .object_store(OUTBOX)?
            .get_all::<OutboxRecord>()
            .serde()?
            .await?
            .collect::<Result<Vec<_>, _>>()?;
        records.sort_unstable_by(|a, b| a.queued_at_ms.total_cmp(&b.queued_at_ms));
        Ok(records)
    }

    /// Whether this id is a petition already: waiting to be sent or a
    /// case. Looks the id up without decoding the records, so the editor,
    /// which asks it when it opens, does not carry their decoders (issue 12).
    pub async fn is_sent(&self, id: Uuid) -> Result<bool, StoreError> {
        let tx = self.read(&[OUTBOX, CASES])?;
        for name in [OUTBOX, CASES] {
            let found: Option<JsValue> = tx
                .object_store(name)?
                .get(id.to_string())
                .primitive()?
                .await?;
            if found.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Every record as the case page reads it (`OutboxSummary`).
    pub async fn outbox_summaries(&self) -> Result<Vec<OutboxSummary>, StoreError> {
        let tx = self.read(&[OUTBOX])?;
        let records = tx
            .object_store(OUTBOX)?
            .get_all::<OutboxSummary>()
            .serde()?
            .await?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(records)
    }

    /// One record as the case page reads it, if it is there.
    pub async fn outbox_summary(&self, id: Uuid) -> Result<Option<OutboxSummary>, StoreError> {
        let tx = self.read(&[OUTBOX])?;
        let value: Option<OutboxSummary> = tx
            .object_store(OUTBOX)?
            .get(id.to_string())
            .serde()?
            .await?;
        Ok(value)
    }

    /// Where a record stands (waiting, or refused and why), read without
    /// the rest of it: the campaign page shows only this, and decoding the
    /// whole record put every kind of request's decoder in its code
    /// (issue 12).
    pub async fn outbox_status(&self, id: Uuid) -> Result<Option<OutboxStatus>, StoreError> {
        let tx = self.read(&[OUTBOX])?;
        let value: Option<OutboxStatus> = tx
            .object_store(OUTBOX)?
            .get(id.to_string())
            .serde()?
            .await?;
        Ok(value)
    }

    /// Records a failed attempt, unless the record was confirmed meanwhile
    /// (by another tab): a confirmed record must not come back.
    pub async fn update_outbox(&self, record: &OutboxRecord) -> Result<(), StoreError> {
        let tx = self.write(&[OUTBOX])?;
        let store = tx.object_store(OUTBOX)?;
        let existing: Option<OutboxRecord> = store.get(record.id.to_string()).serde()?.await?;
        if existing.is_some() {
            store.put(record).serde()?.await?;
        }
        commit(tx).await
    }

    /// "Send now": the record is tried at the next pass, not at its
    /// backoff time.
    pub async fn send_now(&self, id: Uuid, now_ms: f64) -> Result<(), StoreError> {
        let tx = self.write(&[OUTBOX])?;
        let store = tx.object_store(OUTBOX)?;
        let record: Option<OutboxRecord> = store.get(id.to_string()).serde()?.await?;
        if let Some(mut record) = record {
            record.next_attempt_at_ms = now_ms;
            store.put(&record).serde()?.await?;
        }
        commit(tx).await
    }

    /// A refused petition goes back to the drafts, under a new id (the old
    /// one is the office's), with everything it held, so the resident can
    /// fix it and send again. One transaction: never both, never neither.
    pub async fn return_to_drafts(
        &self,
        record: &OutboxRecord,
        draft: &Draft,
    ) -> Result<(), StoreError> {
        let tx = self.write(&[DRAFTS, OUTBOX])?;
        tx.object_store(DRAFTS)?.put(draft).serde()?.await?;
        tx.object_store(OUTBOX)?
            .delete(record.id.to_string())
            .await?;
        commit(tx).await
    }

    /// The office confirmed it: the receipt becomes the case and the record
    /// leaves the outbox, together. A case the phone already knows (from a
    /// pull) keeps its newer status.
    pub async fn confirm_sent(&self, case: &CaseRecord) -> Result<(), StoreError> {
        let tx = self.write(&[OUTBOX, CASES])?;
        let cases = tx.object_store(CASES)?;
        let known: Option<CaseRecord> = cases.get(case.id.to_string()).serde()?.await?;
        if known.is_none() {
            cases.put(case).serde()?.await?;
        }
        tx.object_store(OUTBOX)?.delete(case.id.to_string()).await?;
        commit(tx).await
    }
}

/// A record handed to a `queue_` method that is not a new one of its kind
/// (a caller's mistake: records enter through `OutboxRecord`'s
/// constructors).
pub(super) fn not_entering() -> StoreError {
    StoreError::Failed("not a new outbox record of this kind".into())
}
