//! The `meta` object store: small named values (the device registration,
//! the sync cursor, the cached reference lists, the resident's profile).

use indexed_db_futures::prelude::*;
use letterbox_core::api::{DeviceRegistration, Identity};
use letterbox_core::catalogue::{Area, Areas, Categories, Category, Department};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::database::{commit, META};
use super::{Store, StoreError};

pub(super) const DEVICE: &str = "device";
pub(super) const SYNC_CURSOR: &str = "sync_cursor";
/// The feed's campaign cursor: every phone's, so a new device keeps it.
const CAMPAIGN_CURSOR: &str = "campaign_cursor";
const CATALOGUE: &str = "catalogue";
const PROFILE: &str = "profile";

/// The office's reference lists as last fetched, for offline use.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct CachedCatalogue {
    pub categories: Categories,
    pub areas: Areas,
    pub fetched_at_ms: f64,
}

impl Store {
    async fn meta<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StoreError> {
        let tx = self.read(&[META])?;
        let value: Option<T> = tx.object_store(META)?.get(key.to_owned()).serde()?.await?;
        Ok(value)
    }

    async fn set_meta<T: Serialize>(&self, key: &str, value: &T) -> Result<(), StoreError> {
        let tx = self.write(&[META])?;
        tx.object_store(META)?
            .put(value)
            .with_key(key.to_owned())
            .serde()?
            .await?;
        commit(tx).await
    }

    pub async fn device(&self) -> Result<Option<DeviceRegistration>, StoreError> {
        self.meta(DEVICE).await
    }

    pub async fn set_device(&self, device: &DeviceRegistration) -> Result<(), StoreError> {
        self.set_meta(DEVICE, device).await
    }

    /// Forgets a token the server no longer accepts; the next sync registers
    /// again. The feed cursor belonged to that device, so it goes too.
    pub async fn forget_device(&self) -> Result<(), StoreError> {
        let tx = self.write(&[META])?;
        let meta = tx.object_store(META)?;
        meta.delete(DEVICE.to_owned()).await?;
        meta.delete(SYNC_CURSOR.to_owned()).await?;
        commit(tx).await
    }

    pub async fn sync_cursor(&self) -> Result<i64, StoreError> {
        Ok(self.meta(SYNC_CURSOR).await?.unwrap_or(0))
    }

    pub async fn campaign_cursor(&self) -> Result<i64, StoreError> {
        Ok(self.meta(CAMPAIGN_CURSOR).await?.unwrap_or(0))
    }

    /// Set once the campaign list has been fetched after the events up to
    /// `cursor`, so an event is never passed without its effect.
    pub async fn set_campaign_cursor(&self, cursor: i64) -> Result<(), StoreError> {
        self.set_meta(CAMPAIGN_CURSOR, &cursor).await
    }

    pub async fn catalogue(&self) -> Result<Option<CachedCatalogue>, StoreError> {
        self.meta(CATALOGUE).await
    }

    /// The categories of the cached catalogue alone, as the editor lists
    /// them; `None` before the catalogue was first fetched. The editor read
    /// the whole catalogue, which put the areas' and departments' decoders
    /// in its code (issue 12); the place picker reads the areas itself.
    pub async fn categories(&self) -> Result<Option<Vec<Category>>, StoreError> {
        #[derive(serde::Deserialize)]
        struct Cached {
            categories: Listed,
        }
        #[derive(serde::Deserialize)]
        struct Listed {
            categories: Vec<Category>,
        }
        let cached: Option<Cached> = self.meta(CATALOGUE).await?;
        Ok(cached.map(|c| c.categories.categories))
    }

    /// The areas of the cached catalogue alone, for the place picker;
    /// `None` before the catalogue was first fetched.
    pub async fn areas(&self) -> Result<Option<Vec<Area>>, StoreError> {
        #[derive(serde::Deserialize)]
        struct Cached {
            areas: Areas,
        }
        let cached: Option<Cached> = self.meta(CATALOGUE).await?;
        Ok(cached.map(|c| c.areas.areas))
    }

    /// The departments of the cached catalogue, read without its
    /// categories and areas: the case and campaign pages name a department,
    /// and reading the whole catalogue put its decoders in their code
    /// (issue 12).
    pub async fn departments(&self) -> Result<Vec<Department>, StoreError> {
        #[derive(serde::Deserialize)]
        struct Cached {
            categories: Listed,
        }
        #[derive(serde::Deserialize)]
        struct Listed {
            #[serde(default)]
            departments: Vec<Department>,
        }
        let cached: Option<Cached> = self.meta(CATALOGUE).await?;
        Ok(cached.map(|c| c.categories.departments).unwrap_or_default())
    }

    pub async fn set_catalogue(&self, catalogue: &CachedCatalogue) -> Result<(), StoreError> {
        self.set_meta(CATALOGUE, catalogue).await
    }

    /// The resident's own details, kept only on this phone.
    pub async fn profile(&self) -> Result<Identity, StoreError> {
        Ok(self.meta(PROFILE).await?.unwrap_or_default())
    }

    pub async fn set_profile(&self, profile: &Identity) -> Result<(), StoreError> {
        self.set_meta(PROFILE, profile).await
    }
}
