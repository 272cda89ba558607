//! The phone's part of "Download my data", and "Forget this phone": every
//! record the app keeps, read raw (so nothing is left out by a type), and
//! everything erased.

use indexed_db_futures::prelude::*;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

use super::database::{CAMPAIGNS, CASES, DRAFTS, META, OUTBOX, PHOTOS, STORES};
use super::{Store, StoreError, APP_DB_NAME};

/// Every localStorage key of the app starts with this.
pub const APP_STORAGE_PREFIX: &str = "letterbox";

fn set(o: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(o, &key.into(), value);
}

/// Of a stored photo, what it is, not its bytes.
fn photo_summary(record: &JsValue) -> JsValue {
    let o = Object::new();
    for key in ["id", "draft_id", "mime", "sha256", "thumb_mime"] {
        if let Ok(v) = Reflect::get(record, &key.into()) {
            set(&o, key, &v);
        }
    }
    if let Ok(bytes) = Reflect::get(record, &"bytes".into()) {
        if let Ok(length) = Reflect::get(&bytes, &"byteLength".into()) {
            set(&o, "bytes", &length);
        }
    }
    o.into()
}

impl Store {
    /// Everything on this phone as one plain object: drafts, outbox,
    /// cases, campaigns, photos (without their bytes), the profile, and
    /// the device id; never the device token.
    pub async fn phone_data(&self) -> Result<Object, StoreError> {
        let tx = self.read(&[DRAFTS, OUTBOX, CASES, CAMPAIGNS, PHOTOS, META])?;
        let out = Object::new();
        for name in [DRAFTS, OUTBOX, CASES, CAMPAIGNS, PHOTOS] {
            let rows: Vec<JsValue> = tx
                .object_store(name)?
                .get_all()
                .primitive()?
                .await?
                .collect::<Result<_, _>>()?;
            let list: Array = if name == PHOTOS {
                rows.iter().map(photo_summary).collect()
            } else {
                rows.into_iter().collect()
            };
            set(&out, name, &list);
        }
        drop(tx);
        let device = self.device().await?;
        set(
            &out,
            "device_id",
            &device.map_or(JsValue::NULL, |d| d.device_id.to_string().into()),
        );
        let profile = self.profile().await?;
        let profile = serde_wasm_bindgen::to_value(&profile).unwrap_or(JsValue::NULL);
        set(&out, "profile", &profile);
        Ok(out)
    }

    /// Erases everything the app keeps on this phone: each store emptied
    /// (certain at once), then the database deleted (when other tabs let
    /// go), and the app's localStorage keys. The app's own files in the
    /// service worker's cache hold no personal data and stay, so the
    /// fresh app still opens offline.
    pub async fn erase_everything(&self) -> Result<(), StoreError> {
        let tx = self.write(&STORES)?;
        for name in STORES {
            tx.object_store(name)?.clear()?.await?;
        }
        super::database::commit(tx).await?;
        Store::release_app();
        if let Ok(factory) = indexed_db_futures::factory::DBFactory::new() {
            if let Ok(request) = factory.delete_db(APP_DB_NAME) {
                let _ = request.await;
            }
        }
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let keys: Vec<String> = (0..storage.length().unwrap_or(0))
                .filter_map(|i| storage.key(i).ok().flatten())
                .filter(|k| k.starts_with(APP_STORAGE_PREFIX))
                .collect();
            for key in keys {
                let _ = storage.remove_item(&key);
            }
        }
        Ok(())
    }
}
