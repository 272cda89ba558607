//! The `drafts` object store: petitions being written, keyed by the id
//! they keep for life.
//!
//! The home page lists drafts through `DraftSummary`, which reads the few
//! fields it shows straight from the stored objects: the home page is in
//! the app's main module, which every first visit downloads, and a
//! `Draft`'s serde code would add about 15 KB to it (issue 12). The
//! editor, a lazy page, reads and writes whole `Draft`s.

use indexed_db_futures::prelude::*;
use js_sys::{Array, Reflect};
use letterbox_core::draft::Draft;
use letterbox_core::PetitionKind;
use uuid::Uuid;
use wasm_bindgen::JsValue;

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

    /// Every draft, last edited first, as the home page lists them. A
    /// stored object that is not a draft (no id) is left out.
    pub async fn draft_summaries(&self) -> Result<Vec<DraftSummary>, StoreError> {
        let tx = self.read(&[DRAFTS])?;
        let rows: Vec<JsValue> = tx
            .object_store(DRAFTS)?
            .get_all()
            .primitive()?
            .await?
            .collect::<Result<_, _>>()?;
        let mut drafts: Vec<_> = rows.into_iter().filter_map(DraftSummary::read).collect();
        drafts.sort_unstable_by(|a, b| b.updated_at_ms.total_cmp(&a.updated_at_ms));
        Ok(drafts)
    }

    /// Puts back a draft exactly as it was read (the home page's undo).
    pub async fn restore_draft(&self, draft: &DraftSummary) -> Result<(), StoreError> {
        let tx = self.write(&[DRAFTS])?;
        tx.object_store(DRAFTS)?
            .put(draft.stored.clone())
            .primitive()?
            .await?;
        commit(tx).await
    }

    pub async fn delete_draft(&self, id: Uuid) -> Result<(), StoreError> {
        let tx = self.write(&[DRAFTS])?;
        tx.object_store(DRAFTS)?.delete(id.to_string()).await?;
        commit(tx).await
    }
}

/// What the home page shows of a draft, and the stored object itself, so
/// that undoing a delete puts back every field, also those it does not
/// read. The field names are `Draft`'s (core/src/draft.rs).
#[derive(Clone, Debug)]
pub struct DraftSummary {
    pub id: Uuid,
    pub kind: Option<PetitionKind>,
    pub title: String,
    pub photo_ids: Vec<Uuid>,
    pub updated_at_ms: f64,
    stored: JsValue,
}

impl DraftSummary {
    fn read(stored: JsValue) -> Option<Self> {
        let get = |key: &str| Reflect::get(&stored, &key.into()).ok();
        let id = Uuid::parse_str(&get("id")?.as_string()?).ok()?;
        let kind = get("kind")
            .and_then(|k| k.as_string())
            .and_then(|k| PetitionKind::parse(&k));
        let title = get("title").and_then(|t| t.as_string()).unwrap_or_default();
        let photo_ids = get("photos")
            .filter(Array::is_array)
            .map(|p| {
                Array::from(&p)
                    .iter()
                    .filter_map(|photo| Reflect::get(&photo, &"id".into()).ok()?.as_string())
                    .filter_map(|id| Uuid::parse_str(&id).ok())
                    .collect()
            })
            .unwrap_or_default();
        let updated_at_ms = get("updated_at_ms").and_then(|t| t.as_f64()).unwrap_or(0.0);
        Some(Self {
            id,
            kind,
            title,
            photo_ids,
            updated_at_ms,
            stored,
        })
    }
}
