//! The list of published campaigns as last fetched (`GET /campaigns`),
//! kept as one value in `meta` so the home screen lists them offline,
//! with the `updated_at` of each campaign the resident last saw on its
//! page, for the "new" mark (core's `CampaignSummary::is_new`). No schema
//! change: a phone that never fetched the list simply has none.

use indexed_db_futures::prelude::*;
use letterbox_core::campaign::CampaignSummary;
use serde::{Deserialize, Serialize};

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

    fn see(&mut self, slug: &str, updated_at: &str) {
        match self.seen.iter_mut().find(|s| s.slug == slug) {
            Some(s) => s.updated_at = updated_at.to_owned(),
            None => self.seen.push(Seen {
                slug: slug.to_owned(),
                updated_at: updated_at.to_owned(),
            }),
        }
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
    pub async fn mark_campaign_seen(&self, slug: &str) -> Result<(), StoreError> {
        let tx = self.write(&[META])?;
        let meta = tx.object_store(META)?;
        let known: Option<CampaignList> = meta.get(CAMPAIGN_LIST.to_owned()).serde()?.await?;
        let mut list = known.unwrap_or_default();
        let updated_at = list
            .campaigns
            .iter()
            .find(|c| c.slug == slug)
            .map(|c| c.updated_at.clone())
            .unwrap_or_default();
        if list.seen(slug) == Some(updated_at.as_str()) {
            return Ok(());
        }
        list.see(slug, &updated_at);
        meta.put(&list)
            .with_key(CAMPAIGN_LIST.to_owned())
            .serde()?
            .await?;
        commit(tx).await
    }
}
