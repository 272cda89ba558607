//! The `cases` object store: the cases the office received (sent from this
//! phone or followed), kept with their events so the case pages work
//! offline; a sync page and its cursor are applied in one transaction.

use indexed_db_futures::prelude::*;
use letterbox_core::api::CaseChange;
use letterbox_core::case::CaseRecord;
use uuid::Uuid;

use super::database::{commit, CASES, META};
use super::meta::SYNC_CURSOR;
use super::{Store, StoreError};

impl Store {
    /// Every case, newest first.
    pub async fn cases(&self) -> Result<Vec<CaseRecord>, StoreError> {
        let tx = self.read(&[CASES])?;
        let mut cases = tx
            .object_store(CASES)?
            .get_all::<CaseRecord>()
            .serde()?
            .await?
            .collect::<Result<Vec<_>, _>>()?;
        cases.sort_unstable_by(|a, b| b.received_at.cmp(&a.received_at));
        Ok(cases)
    }

    pub async fn case(&self, id: Uuid) -> Result<Option<CaseRecord>, StoreError> {
        let tx = self.read(&[CASES])?;
        let case: Option<CaseRecord> = tx.object_store(CASES)?.get(id.to_string()).serde()?.await?;
        Ok(case)
    }

    /// A case followed with its query code. One the phone already holds
    /// (its own, or followed before) is kept as it is.
    pub async fn follow_case(&self, case: &CaseRecord) -> Result<(), StoreError> {
        let tx = self.write(&[CASES])?;
        let cases = tx.object_store(CASES)?;
        let known: Option<CaseRecord> = cases.get(case.id.to_string()).serde()?.await?;
        if known.is_none() {
            cases.put(case).serde()?.await?;
        }
        commit(tx).await
    }

    /// The resident opened the case: what is there now is seen.
    pub async fn mark_seen(&self, case: Uuid) -> Result<bool, StoreError> {
        let tx = self.write(&[CASES])?;
        let cases = tx.object_store(CASES)?;
        let known: Option<CaseRecord> = cases.get(case.to_string()).serde()?.await?;
        let mut changed = false;
        if let Some(mut record) = known {
            let newest = record.events.iter().map(|e| e.seq).max().unwrap_or(0);
            if newest > record.seen_seq {
                record.seen_seq = newest;
                cases.put(&record).serde()?.await?;
                changed = true;
            }
        }
        commit(tx).await?;
        Ok(changed)
    }

    /// Notes that the office holds one of a case's photos.
    pub async fn mark_photo_received(&self, case: Uuid, photo: Uuid) -> Result<bool, StoreError> {
        let tx = self.write(&[CASES])?;
        let cases = tx.object_store(CASES)?;
        let known: Option<CaseRecord> = cases.get(case.to_string()).serde()?.await?;
        let mut changed = false;
        if let Some(mut record) = known {
            if record.photo_received(photo) {
                cases.put(&record).serde()?.await?;
                changed = true;
            }
        }
        commit(tx).await?;
        Ok(changed)
    }

    /// Applies one page of the sync feed and its cursor in one transaction:
    /// a crash part-way leaves both as they were, so nothing is skipped and
    /// nothing applied twice. `fetched` holds receipts for cases the phone
    /// did not know, fetched before the transaction opened. Answers the
    /// sequence numbers of the changes applied (a repeat is not).
    pub async fn apply_sync_page(
        &self,
        changes: &[CaseChange],
        fetched: Vec<CaseRecord>,
        next_cursor: i64,
    ) -> Result<Vec<i64>, StoreError> {
        let mut fetched = fetched;
        let tx = self.write(&[CASES, META])?;
        let cases = tx.object_store(CASES)?;
        let mut applied = Vec::new();
        for change in changes {
            let known: Option<CaseRecord> =
                cases.get(change.petition_id.to_string()).serde()?.await?;
            let Some(mut case) = known.or_else(|| take(&mut fetched, change.petition_id)) else {
                continue;
            };
            if case.apply(change) {
                cases.put(&case).serde()?.await?;
                applied.push(change.seq);
            }
        }
        tx.object_store(META)?
            .put(next_cursor)
            .with_key(SYNC_CURSOR.to_owned())
            .serde()?
            .await?;
        commit(tx).await?;
        Ok(applied)
    }
}

/// A page holds at most a few hundred changes: a linear search is cheaper
/// in code size than a map, and fast enough.
fn take(cases: &mut Vec<CaseRecord>, id: Uuid) -> Option<CaseRecord> {
    let at = cases.iter().position(|c| c.id == id)?;
    Some(cases.swap_remove(at))
}
