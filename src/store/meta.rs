use indexed_db_futures::prelude::*;
use letterbox_core::api::DeviceRegistration;

use super::database::{commit, META};
use super::{Store, StoreError};

pub(super) const DEVICE: &str = "device";
pub(super) const SYNC_CURSOR: &str = "sync_cursor";

impl Store {
    pub async fn device(&self) -> Result<Option<DeviceRegistration>, StoreError> {
        let tx = self.read(&[META])?;
        let device: Option<DeviceRegistration> = tx
            .object_store(META)?
            .get(DEVICE.to_owned())
            .serde()?
            .await?;
        Ok(device)
    }

    pub async fn set_device(&self, device: &DeviceRegistration) -> Result<(), StoreError> {
        let tx = self.write(&[META])?;
        tx.object_store(META)?
            .put(device)
            .with_key(DEVICE.to_owned())
            .serde()?
            .await?;
        commit(tx).await
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
        let tx = self.read(&[META])?;
        let cursor: Option<i64> = tx
            .object_store(META)?
            .get(SYNC_CURSOR.to_owned())
            .serde()?
            .await?;
        Ok(cursor.unwrap_or(0))
    }
}
