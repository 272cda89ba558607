//! Opening the app's IndexedDB database: its name, schema version and
//! object stores, the upgrade between versions, the one shared `Store`
//! handle, and the read/write transaction helpers the other files use.

use std::cell::RefCell;

use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use indexed_db_futures::KeyPath;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::StoreError;

pub const APP_DB_NAME: &str = "letterbox";
pub const DB_VERSION: u32 = 3;

pub(super) const DRAFTS: &str = "drafts";
pub(super) const OUTBOX: &str = "outbox";
pub(super) const CASES: &str = "cases";
/// Small named values (device registration, sync cursor), out-of-line keys.
pub(super) const META: &str = "meta";
/// Photo bytes and thumbnails (schema version 2).
pub(super) const PHOTOS: &str = "photos";
/// Campaigns opened on this phone and the answers to them (version 3).
pub(super) const CAMPAIGNS: &str = "campaigns";
pub const STORES: [&str; 6] = [DRAFTS, OUTBOX, CASES, META, PHOTOS, CAMPAIGNS];

/// The phone's copy of the resident's work.
#[derive(Clone)]
pub struct Store {
    db: Database,
}

thread_local! {
    static APP_STORE: RefCell<Option<Store>> = const { RefCell::new(None) };
}

impl Store {
    /// The app's database, opened once and shared.
    pub async fn app() -> Result<Store, StoreError> {
        if let Some(store) = APP_STORE.with(|s| s.borrow().clone()) {
            return Ok(store);
        }
        let store = Store::open(APP_DB_NAME).await?;
        APP_STORE.with(|s| *s.borrow_mut() = Some(store.clone()));
        Ok(store)
    }

    /// Opens (creating or upgrading) a database of this schema by name.
    pub async fn open(name: &str) -> Result<Store, StoreError> {
        let db = Database::open(name)
            .with_version(DB_VERSION)
            // Another tab with an older version holds the database open;
            // the open waits for it to close (see below) rather than fail.
            .with_on_blocked(|_| Ok(()))
            .with_on_upgrade_needed(|event, db| {
                let old = event.old_version() as u32;
                if old < 1 {
                    for store in [DRAFTS, OUTBOX, CASES] {
                        db.create_object_store(store)
                            .with_key_path(KeyPath::One("id"))
                            .build()?;
                    }
                    db.create_object_store(META).build()?;
                }
                if old < 2 {
                    db.create_object_store(PHOTOS)
                        .with_key_path(KeyPath::One("id"))
                        .build()?;
                }
                if old < 3 {
                    db.create_object_store(CAMPAIGNS)
                        .with_key_path(KeyPath::One("slug"))
                        .build()?;
                }
                Ok(())
            })
            .await?;
        release_on_version_change(&db, name == APP_DB_NAME);
        Ok(Store { db })
    }

    pub fn store_names(&self) -> Vec<String> {
        let names = self.raw().object_store_names();
        (0..names.length()).filter_map(|i| names.item(i)).collect()
    }

    pub fn close(self) {
        self.db.close();
    }

    /// Drops the shared handle of the app's database and closes it, so the
    /// database can be deleted (`Store::erase_everything`).
    pub(super) fn release_app() {
        if let Some(store) = APP_STORE.with(|s| s.borrow_mut().take()) {
            store.close();
        }
    }

    fn raw(&self) -> web_sys::IdbDatabase {
        self.db
            .as_sys()
            .unchecked_ref::<web_sys::IdbDatabase>()
            .clone()
    }

    pub(super) fn read(&self, stores: &[&str]) -> Result<Transaction<'_>, StoreError> {
        Ok(self.db.transaction(stores.to_vec()).build()?)
    }

    pub(super) fn write(&self, stores: &[&str]) -> Result<Transaction<'_>, StoreError> {
        Ok(self
            .db
            .transaction(stores.to_vec())
            .with_mode(TransactionMode::Readwrite)
            .build()?)
    }
}

/// Commits, and when the browser aborted the transaction says why: a full
/// quota is reported at commit time, hidden behind a generic abort.
pub(super) async fn commit(tx: Transaction<'_>) -> Result<(), StoreError> {
    let raw = tx
        .as_sys()
        .unchecked_ref::<web_sys::IdbTransaction>()
        .clone();
    match tx.commit().await {
        Ok(()) => Ok(()),
        Err(e) => match raw.error() {
            Some(dom) if dom.name() == "QuotaExceededError" => Err(StoreError::QuotaExceeded),
            Some(dom) => Err(StoreError::Failed(format!(
                "{}: {}",
                dom.name(),
                dom.message()
            ))),
            None => Err(e.into()),
        },
    }
}

/// A newer version of the app opened in another tab wants to upgrade the
/// database: close this connection so it can, and open again on next use.
fn release_on_version_change(db: &Database, is_app_store: bool) {
    let raw = db.as_sys().unchecked_ref::<web_sys::IdbDatabase>().clone();
    let closing = raw.clone();
    let on_change = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        closing.close();
        if is_app_store {
            APP_STORE.with(|s| *s.borrow_mut() = None);
        }
    });
    raw.set_onversionchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
}
