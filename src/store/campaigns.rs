//! The `campaigns` object store (schema version 3), one record per
//! campaign the resident opened: its definition as last fetched, so the
//! page and the form work offline; the answer being written; the response
//! id made once and kept, so answering again replaces the answer; the
//! office's last receipt; and, after the close, the public results.
//! Sending goes through the outbox like everything else; the receipt
//! comes back here in one transaction with the record's removal.

use indexed_db_futures::prelude::*;
use letterbox_core::api::PhotoManifestEntry;
use letterbox_core::campaign::{Answer, AnswerValue, Campaign, ResponseReceipt, Results};
use letterbox_core::outbox::OutboxRecord;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::database::{commit, CAMPAIGNS, OUTBOX};
use super::outbox::not_entering;
use super::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignRecord {
    pub slug: String,
    /// The definition as last fetched from the office.
    #[serde(default)]
    pub definition: Option<Campaign>,
    /// This phone's one response id for the campaign.
    pub response_id: Uuid,
    /// The answer as the resident left it (sent or not).
    #[serde(default)]
    pub answers: Vec<Answer>,
    pub edited_at_ms: f64,
    /// The office's receipt of the last answer it confirmed.
    #[serde(default)]
    pub receipt: Option<ResponseReceipt>,
    /// The counts, once the office made them public after the close,
    /// kept so they read offline.
    #[serde(default)]
    pub results: Option<Results>,
    /// The photos of the answer the office confirmed last: they go up
    /// after it, one at a time, like a case's.
    #[serde(default)]
    pub photos_declared: Vec<PhotoManifestEntry>,
    /// Which of them the office holds whole.
    #[serde(default)]
    pub photos_received: Vec<Uuid>,
}

impl CampaignRecord {
    pub fn new(slug: &str, now_ms: f64) -> Self {
        Self {
            slug: slug.to_owned(),
            definition: None,
            response_id: Uuid::now_v7(),
            answers: Vec::new(),
            edited_at_ms: now_ms,
            receipt: None,
            results: None,
            photos_declared: Vec::new(),
            photos_received: Vec::new(),
        }
    }

    /// The confirmed answer's photos the office does not hold yet.
    pub fn photos_to_send(&self) -> Vec<&PhotoManifestEntry> {
        self.photos_declared
            .iter()
            .filter(|p| !self.photos_received.contains(&p.id))
            .collect()
    }
}

/// The photos an answer lists, in order.
pub fn answer_photos(answers: &[Answer]) -> Vec<PhotoManifestEntry> {
    answers
        .iter()
        .flat_map(|a| match &a.value {
            AnswerValue::Text { photos, .. } => photos.clone(),
            _ => Vec::new(),
        })
        .collect()
}

impl Store {
    pub async fn campaign(&self, slug: &str) -> Result<Option<CampaignRecord>, StoreError> {
        let tx = self.read(&[CAMPAIGNS])?;
        let record: Option<CampaignRecord> = tx
            .object_store(CAMPAIGNS)?
            .get(slug.to_owned())
            .serde()?
            .await?;
        Ok(record)
    }

    /// Keeps the definition just fetched; the answer and the response id
    /// stay. Gives the record as it now stands.
    pub async fn keep_campaign(
        &self,
        campaign: &Campaign,
        now_ms: f64,
    ) -> Result<CampaignRecord, StoreError> {
        let tx = self.write(&[CAMPAIGNS])?;
        let store = tx.object_store(CAMPAIGNS)?;
        let known: Option<CampaignRecord> = store.get(campaign.slug.clone()).serde()?.await?;
        let mut record = known.unwrap_or_else(|| CampaignRecord::new(&campaign.slug, now_ms));
        record.definition = Some(campaign.clone());
        store.put(&record).serde()?.await?;
        commit(tx).await?;
        Ok(record)
    }

    /// Keeps the results just fetched; nothing else of the record moves.
    pub async fn keep_campaign_results(
        &self,
        slug: &str,
        results: &Results,
        now_ms: f64,
    ) -> Result<(), StoreError> {
        let tx = self.write(&[CAMPAIGNS])?;
        let store = tx.object_store(CAMPAIGNS)?;
        let known: Option<CampaignRecord> = store.get(slug.to_owned()).serde()?.await?;
        let mut record = known.unwrap_or_else(|| CampaignRecord::new(slug, now_ms));
        record.results = Some(results.clone());
        store.put(&record).serde()?.await?;
        commit(tx).await
    }

    /// Autosave: the answer as the resident left it.
    pub async fn put_campaign_answers(
        &self,
        slug: &str,
        response_id: Uuid,
        answers: &[Answer],
        now_ms: f64,
    ) -> Result<(), StoreError> {
        let tx = self.write(&[CAMPAIGNS])?;
        let store = tx.object_store(CAMPAIGNS)?;
        let known: Option<CampaignRecord> = store.get(slug.to_owned()).serde()?.await?;
        let mut record = known.unwrap_or_else(|| CampaignRecord {
            response_id,
            ..CampaignRecord::new(slug, now_ms)
        });
        record.answers = answers.to_vec();
        record.edited_at_ms = now_ms;
        store.put(&record).serde()?.await?;
        commit(tx).await
    }

    /// Send pressed: the answer is kept and queued in one transaction (a
    /// queued answer under the same id replaces an earlier one not yet
    /// sent).
    pub async fn queue_campaign_response(
        &self,
        record: &OutboxRecord,
        now_ms: f64,
    ) -> Result<(), StoreError> {
        let entering = record
            .entering_campaign_response()
            .ok_or_else(not_entering)?;
        let queued = entering.request();
        let tx = self.write(&[CAMPAIGNS, OUTBOX])?;
        let store = tx.object_store(CAMPAIGNS)?;
        let known: Option<CampaignRecord> = store.get(queued.slug.clone()).serde()?.await?;
        let mut campaign = known.unwrap_or_else(|| CampaignRecord {
            response_id: queued.response.id,
            ..CampaignRecord::new(&queued.slug, now_ms)
        });
        campaign.answers = queued.response.answers.clone();
        campaign.edited_at_ms = now_ms;
        store.put(&campaign).serde()?.await?;
        tx.object_store(OUTBOX)?.put(&entering).serde()?.await?;
        commit(tx).await
    }

    /// The office confirmed the answer made at `answered_at`: the receipt
    /// is kept and the record leaves the outbox, together. A newer answer
    /// queued meanwhile under the same id stays queued.
    pub async fn confirm_campaign_response(
        &self,
        slug: &str,
        answered_at: &str,
        photos: &[PhotoManifestEntry],
        receipt: &ResponseReceipt,
    ) -> Result<(), StoreError> {
        let tx = self.write(&[CAMPAIGNS, OUTBOX])?;
        let campaigns = tx.object_store(CAMPAIGNS)?;
        let known: Option<CampaignRecord> = campaigns.get(slug.to_owned()).serde()?.await?;
        if let Some(mut known) = known {
            known.receipt = Some(receipt.clone());
            // The office keeps the photos this answer still lists (and
            // holds those it had); the others it dropped.
            known
                .photos_received
                .retain(|id| photos.iter().any(|p| p.id == *id));
            known.photos_declared = photos.to_vec();
            campaigns.put(&known).serde()?.await?;
        }
        let outbox = tx.object_store(OUTBOX)?;
        let queued: Option<OutboxRecord> = outbox.get(receipt.id.to_string()).serde()?.await?;
        let same = queued
            .as_ref()
            .and_then(OutboxRecord::campaign_response_request)
            .is_some_and(|q| q.response.answered_at == answered_at);
        if same {
            outbox.delete(receipt.id.to_string()).await?;
        }
        commit(tx).await
    }
}

impl Store {
    /// Every campaign the resident opened, for the photo uploads.
    pub async fn campaigns(&self) -> Result<Vec<CampaignRecord>, StoreError> {
        let tx = self.read(&[CAMPAIGNS])?;
        let records = tx
            .object_store(CAMPAIGNS)?
            .get_all::<CampaignRecord>()
            .serde()?
            .await?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(records)
    }

    /// Notes that the office holds one of the answer's photos; false if
    /// already noted or no longer declared.
    pub async fn mark_answer_photo_received(
        &self,
        slug: &str,
        photo: Uuid,
    ) -> Result<bool, StoreError> {
        let tx = self.write(&[CAMPAIGNS])?;
        let campaigns = tx.object_store(CAMPAIGNS)?;
        let known: Option<CampaignRecord> = campaigns.get(slug.to_owned()).serde()?.await?;
        let mut changed = false;
        if let Some(mut record) = known {
            if record.photos_declared.iter().any(|p| p.id == photo)
                && !record.photos_received.contains(&photo)
            {
                record.photos_received.push(photo);
                campaigns.put(&record).serde()?.await?;
                changed = true;
            }
        }
        commit(tx).await?;
        Ok(changed)
    }
}
