//! Photo bytes, in their own object store: an ArrayBuffer plus its MIME
//! type (Safari loses Blobs kept in IndexedDB), with a small thumbnail.
//! The draft's list of `PhotoRef`s and the bytes change in one transaction.
//! A campaign answer's photos are kept here too, listed by the answer.

use indexed_db_futures::prelude::*;
use js_sys::{ArrayBuffer, Object, Reflect};
use letterbox_core::api::PhotoManifestEntry;
use letterbox_core::draft::{Draft, PhotoRef};
use uuid::Uuid;
use wasm_bindgen::{JsCast, JsValue};

use super::database::{commit, DRAFTS, PHOTOS};
use super::{Store, StoreError};
use crate::photos::ProcessedPhoto;

/// Stored bytes of one photo.
#[derive(Debug, Clone)]
pub struct StoredPhoto {
    pub bytes: ArrayBuffer,
    pub mime: String,
    pub thumb: ArrayBuffer,
    pub thumb_mime: String,
    pub sha256: String,
}

fn record(id: Uuid, draft: Uuid, photo: &ProcessedPhoto) -> JsValue {
    let o = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&o, &k.into(), &v);
    };
    set("id", id.to_string().into());
    set("draft_id", draft.to_string().into());
    set("bytes", photo.bytes.clone().into());
    set("mime", photo.mime.clone().into());
    set("thumb", photo.thumb.clone().into());
    set("thumb_mime", photo.thumb_mime.clone().into());
    set("sha256", photo.sha256.clone().into());
    o.into()
}

fn read(value: &JsValue) -> Option<StoredPhoto> {
    let get = |k: &str| Reflect::get(value, &k.into()).ok();
    Some(StoredPhoto {
        bytes: get("bytes")?.dyn_into().ok()?,
        mime: get("mime")?.as_string()?,
        thumb: get("thumb")?.dyn_into().ok()?,
        thumb_mime: get("thumb_mime")?.as_string()?,
        sha256: get("sha256")?.as_string()?,
    })
}

impl Store {
    /// Adds a processed photo to the end of the draft's photos.
    pub async fn add_photo(
        &self,
        draft: &Draft,
        photo: &ProcessedPhoto,
    ) -> Result<Draft, StoreError> {
        let id = Uuid::now_v7();
        let mut updated = draft.clone();
        updated.photos.push(PhotoRef {
            id,
            sha256: photo.sha256.clone(),
            bytes: u64::from(photo.bytes.byte_length()),
            mime: photo.mime.clone(),
            width: photo.width,
            height: photo.height,
        });
        let value = record(id, draft.id, photo);
        let tx = self.write(&[DRAFTS, PHOTOS])?;
        tx.object_store(PHOTOS)?.put(value).primitive()?.await?;
        tx.object_store(DRAFTS)?.put(&updated).serde()?.await?;
        commit(tx).await?;
        Ok(updated)
    }

    /// Removes one photo from the draft and its bytes from the phone.
    pub async fn remove_photo(&self, draft: &Draft, id: Uuid) -> Result<Draft, StoreError> {
        let mut updated = draft.clone();
        updated.photos.retain(|p| p.id != id);
        let tx = self.write(&[DRAFTS, PHOTOS])?;
        tx.object_store(PHOTOS)?.delete(id.to_string()).await?;
        tx.object_store(DRAFTS)?.put(&updated).serde()?.await?;
        commit(tx).await?;
        Ok(updated)
    }

    /// Keeps a processed photo for an answer to a campaign (its bytes
    /// only: the answer lists it, and is saved with the answer); gives
    /// the entry the answer declares.
    pub async fn add_answer_photo(
        &self,
        response: Uuid,
        photo: &ProcessedPhoto,
    ) -> Result<PhotoManifestEntry, StoreError> {
        let entry = PhotoManifestEntry {
            id: Uuid::now_v7(),
            sha256: photo.sha256.clone(),
            bytes: u64::from(photo.bytes.byte_length()),
            mime: photo.mime.clone(),
        };
        let tx = self.write(&[PHOTOS])?;
        tx.object_store(PHOTOS)?
            .put(record(entry.id, response, photo))
            .primitive()?
            .await?;
        commit(tx).await?;
        Ok(entry)
    }

    pub async fn photo(&self, id: Uuid) -> Result<Option<StoredPhoto>, StoreError> {
        let tx = self.read(&[PHOTOS])?;
        let value: Option<JsValue> = tx
            .object_store(PHOTOS)?
            .get(id.to_string())
            .primitive()?
            .await?;
        Ok(value.as_ref().and_then(read))
    }

    /// Deletes the bytes of photos no draft, outbox record or case needs
    /// any more (after a draft was deleted for good).
    pub async fn delete_photos(&self, ids: &[Uuid]) -> Result<(), StoreError> {
        let tx = self.write(&[PHOTOS])?;
        let store = tx.object_store(PHOTOS)?;
        for id in ids {
            store.delete(id.to_string()).await?;
        }
        commit(tx).await
    }
}
