//! The `drafts` object store: petitions being written, keyed by the id
//! they keep for life.

use indexed_db_futures::prelude::*;
use letterbox_core::draft::Draft;
use uuid::Uuid;

use super::database::{commit, DRAFTS};
use super::{Store, StoreError};

impl Store {
    pub async fn put_draft(&self, draft: &Draft) -> Result<(), StoreError> {
        let tx = self.write(&[DRAFTS])?;
        tx.object_store(DRAFTS)?.put(draft).serde()?.await?;
        commit(tx).await
    }

    pub async fn draft(&self, id: Uuid) -> Result<Option<Draft>, StoreError> {
        let tx = self.read(&[DRAFTS])?;
        let draft: Option<Draft> = tx
            .object_store(DRAFTS)?
            .get(id.to_string())
            .serde()?
            .await?;
        Ok(draft)
    }

    /// Every draft, last edited first.
    pub async fn drafts(&self) -> Result<Vec<Draft>, StoreError> {
        let tx = self.read(&[DRAFTS])?;
        let mut drafts = tx
            .object_store(DRAFTS)?
            .get_all::<Draft>()
            .serde()?
            .await?
            .collect::<Result<Vec<_>, _>>()?;
        drafts.sort_unstable_by(|a, b| b.updated_at_ms.total_cmp(&a.updated_at_ms));
        Ok(drafts)
    }

    pub async fn delete_draft(&self, id: Uuid) -> Result<(), StoreError> {
        let tx = self.write(&[DRAFTS])?;
        tx.object_store(DRAFTS)?.delete(id.to_string()).await?;
        commit(tx).await
    }
}
