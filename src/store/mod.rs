//! The only place that speaks IndexedDB.
//!
//! Every write prepares its values first, then opens one transaction, makes
//! its requests and commits: awaiting anything else inside a transaction
//! would let the browser close it half-way.

mod campaign_list;
mod campaigns;
mod cases;
mod database;
mod drafts;
mod error;
mod meta;
mod my_data;
mod outbox;
mod photos;

pub use campaign_list::{CampaignList, Seen};
pub use campaigns::{answer_photos, CampaignRecord};
pub use database::{Store, APP_DB_NAME, DB_VERSION, STORES};
pub use drafts::DraftSummary;
pub use error::StoreError;
pub use meta::CachedCatalogue;
pub use my_data::APP_STORAGE_PREFIX;
pub use outbox::{OutboxStatus, OutboxSummary, PetitionText};
pub use photos::StoredPhoto;
