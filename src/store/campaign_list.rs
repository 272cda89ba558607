//! The list of published campaigns as last fetched (`GET /campaigns`),
//! kept as one value in `meta` so the home screen lists them offline,
//! with the `updated_at` of each campaign the resident last saw on its
//! page, for the "new" mark (core's `CampaignSummary::is_new`). No schema
//! change: a phone that never fetched the list simply has none.

use indexed_db_futures::prelude::*;
use letterbox_core::campaign::CampaignSummary;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use super::database::{commit, META};
use super::{Store, StoreError};

const CAMPAIGN_LIST: &str = "campaign_list";

/// What the resident last saw of one campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    pub slug: String,
    /// The campaign's `updated_at` when its page was opened; empty when
    /// it was opened before the list knew it (a link followed first), in
    /// which case the next list fetched fills it in.
    pub updated_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CampaignList {
    /// In the office's order.
    pub campaigns: Vec<CampaignSummary>,
    pub fetched_at_ms: f64,
    /// A list of pairs rather than a map: it goes into IndexedDB through
    /// serde-wasm-bindgen, which would make a map a JS `Map`.
    #[serde(default)]
    pub seen: Vec<Seen>,
}

impl CampaignList {
    /// The `updated_at` last seen of a campaign, if its page was opened.
    pub fn seen(&self, slug: &str) -> Option<&str> {
        self.seen
            .iter()
            .find(|s| s.slug == slug)
            .map(|s| s.updated_at.as_str())
    }
}

impl Store {
    pub async fn campaign_list(&self) -> Result<CampaignList, StoreError> {
        let tx = self.read(&[META])?;
        let list: Option<CampaignList> = tx
            .object_store(META)?
            .get(CAMPAIGN_LIST.to_owned())
            .serde()?
            .await?;
        Ok(list.unwrap_or_default())
    }

    /// Keeps the list just fetched, what was seen staying. Says whether
    /// the list changed, so the views are told only then.
    pub async fn keep_campaign_list(
        &self,
        campaigns: &[CampaignSummary],
        now_ms: f64,
    ) -> Result<bool, StoreError> {
        let tx = self.write(&[META])?;
        let meta = tx.object_store(META)?;
        let known: Option<CampaignList> = meta.get(CAMPAIGN_LIST.to_owned()).serde()?.await?;
        let mut list = known.unwrap_or_default();
        let changed = list.campaigns != campaigns;
        // A page opened before the list knew the campaign saw what the
        // office had then: the version now listed, near enough.
        for s in list.seen.iter_mut().filter(|s| s.updated_at.is_empty()) {
            if let Some(c) = campaigns.iter().find(|c| c.slug == s.slug) {
                s.updated_at = c.updated_at.clone();
            }
        }
        list.campaigns = campaigns.to_vec();
        list.fetched_at_ms = now_ms;
        meta.put(&list)
            .with_key(CAMPAIGN_LIST.to_owned())
            .serde()?
            .await?;
        commit(tx).await?;
        Ok(changed)
    }

    /// The resident opened the campaign's page: its latest change is seen.
    /// Only the campaigns' slugs and versions and the marks are decoded,
    /// and only the marks are written back into the stored list: the
    /// campaign page calls this, and decoding and writing the whole list
    /// put every summary's decoder and encoder in its code (issue 12).
    pub async fn mark_campaign_seen(&self, slug: &str) -> Result<(), StoreError> {
        let tx = self.write(&[META])?;
        let meta = tx.object_store(META)?;
        let stored: Option<JsValue> = meta.get(CAMPAIGN_LIST.to_owned()).primitive()?.await?;
        let marks: Marks = match &stored {
            Some(list) => {
                serde_wasm_bindgen::from_value(list.clone()).map_err(|_| StoreError::Unreadable)?
            }
            None => Marks::default(),
        };
        let updated_at = marks
            .campaigns
            .iter()
            .find(|c| c.slug == slug)
            .map(|c| c.updated_at.clone())
            .unwrap_or_default();
        let mut seen = marks.seen;
        match seen.iter_mut().find(|s| s.slug == slug) {
            Some(s) if s.updated_at == updated_at => return Ok(()),
            Some(s) => s.updated_at = updated_at,
            None => seen.push(Seen {
                slug: slug.to_owned(),
                updated_at,
            }),
        }
        let list = match stored {
            Some(list) => {
                let seen =
                    serde_wasm_bindgen::to_value(&seen).map_err(|_| StoreError::Unreadable)?;
                // The one field written by name: `CampaignList::seen`.
                js_sys::Reflect::set(&list, &JsValue::from_str("seen"), &seen)
                    .map_err(|_| StoreError::Unreadable)?;
                list
            }
            // No list fetched yet (a link followed first): an empty one
            // that carries the mark, as `CampaignList::default()` would.
            None => serde_wasm_bindgen::to_value(&MarksOnly {
                campaigns: [],
                fetched_at_ms: 0.0,
                seen: &seen,
            })
            .map_err(|_| StoreError::Unreadable)?,
        };
        meta.put(list)
            .with_key(CAMPAIGN_LIST.to_owned())
            .primitive()?
            .await?;
        commit(tx).await
    }
}

/// What `mark_campaign_seen` reads of a stored `CampaignList`: each
/// campaign's slug and version and the marks, the rest left alone.
#[derive(Default, Deserialize)]
struct Marks {
    #[serde(default)]
    campaigns: Vec<Listed>,
    #[serde(default)]
    seen: Vec<Seen>,
}

#[derive(Deserialize)]
struct Listed {
    slug: String,
    updated_at: String,
}

/// A list with no campaigns yet, only the marks, in `CampaignList`'s shape
/// (what `CampaignList::default()` with the marks would be).
#[derive(Serialize)]
struct MarksOnly<'a> {
    campaigns: [(); 0],
    fetched_at_ms: f64,
    seen: &'a [Seen],
}
