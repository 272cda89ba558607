//! Sending the outbox: every due record, oldest first, one at a time, on
//! one path for petitions, requests about a case and answers to campaigns;
//! and what a failed attempt does to the record (retry later, register
//! again, or wait for the resident).

use leptos::prelude::*;
use letterbox_core::api::{DeviceRegistration, FollowUp, PhotoManifestEntry};
use letterbox_core::campaign::ResponseReceipt;
use letterbox_core::case::CaseRecord;
use letterbox_core::lifecycle::CaseEvent;
use letterbox_core::outbox::{
    disposition, retry_delay_ms, Disposition, Mutation, OutboxRecord, SendFailure,
};
use uuid::Uuid;

use super::round::Round;
use super::status::SyncState;
use super::tabs;
use crate::api::{self, ApiError};
use crate::store::{answer_photos, Store, StoreError};
use crate::time::now_ms;

/// After a failed attempt: go on with the next record, or stop sending in
/// this pass. `Stop` (no connection, a device token to renew) ends the
/// pass only once the health probe says the office cannot be reached: a
/// lost answer is not yet a lost network. `StopNow`: the office asked this
/// phone to wait (429, its quota or too many at once); every other record
/// would get the same answer, and each try would count against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    Continue,
    Stop,
    StopNow,
}

/// What the office's receipt adds to the phone's copy.
enum Delivered {
    /// The office holds the petition: the case replaces the record.
    Petition(Box<CaseRecord>),
    /// The office recorded the request as an event on the case (with the
    /// photos of a supplement, which go up next).
    FollowUp {
        case: Uuid,
        event: CaseEvent,
        photos: Vec<PhotoManifestEntry>,
    },
    /// The office counts the answer (this revision of it), with the
    /// photos it declared, which go up next.
    CampaignResponse {
        slug: String,
        answered_at: String,
        photos: Vec<PhotoManifestEntry>,
        receipt: ResponseReceipt,
    },
}

/// Sends every due record, oldest first, one at a time: a petition is
/// confirmed before anything queued after it is tried.
pub(super) async fn send_due(
    store: &Store,
    state: SyncState,
    device: &DeviceRegistration,
    round: &Round,
) -> Result<(), StoreError> {
    for record in store.outbox().await? {
        if !record.is_due(now_ms()) {
            continue;
        }
        // A request about a case waits until the office holds the case:
        // order is kept per case.
        if let Mutation::FollowUp(follow_up) = &record.mutation {
            if store.case(follow_up.petition_id).await?.is_none() {
                continue;
            }
        }
        state.status.update(|s| s.sending = Some(record.id));
        let result = deliver(&device.token, &record).await;
        state.status.update(|s| s.sending = None);
        let next = match result {
            Ok(delivered) => {
                confirm(store, record.id, delivered).await?;
                tabs::announce();
                round.progressed();
                Next::Continue
            }
            Err(error) => keep_failure(store, record, error, round).await?,
        };
        state.changed();
        // A lost answer is not yet a lost network: stop only when the
        // probe says the office cannot be reached.
        if next == Next::StopNow || (next == Next::Stop && api::health().await.is_err()) {
            break;
        }
    }
    Ok(())
}

/// One request to the office for one record, whichever kind it is.
async fn deliver(token: &str, record: &OutboxRecord) -> Result<Delivered, ApiError> {
    match &record.mutation {
        Mutation::Petition(petition) => api::send_petition(token, petition)
            .await
            .map(|receipt| Delivered::Petition(Box::new(CaseRecord::from_receipt(receipt)))),
        Mutation::FollowUp(follow_up) => {
            api::send_follow_up(token, follow_up.petition_id, record.id, &follow_up.request)
                .await
                .map(|receipt| Delivered::FollowUp {
                    case: follow_up.petition_id,
                    event: receipt.event,
                    photos: match &follow_up.request {
                        FollowUp::Supplement { photos, .. } => photos.clone(),
                        _ => Vec::new(),
                    },
                })
        }
        Mutation::CampaignResponse(queued) => {
            api::send_campaign_response(token, &queued.slug, &queued.response)
                .await
                .map(|receipt| Delivered::CampaignResponse {
                    slug: queued.slug.clone(),
                    answered_at: queued.response.answered_at.clone(),
                    photos: answer_photos(&queued.response.answers),
                    receipt,
                })
        }
    }
}

/// Records the receipt and removes the record, in one transaction.
async fn confirm(store: &Store, record: Uuid, delivered: Delivered) -> Result<(), StoreError> {
    match delivered {
        Delivered::Petition(case) => store.confirm_sent(&case).await,
        Delivered::FollowUp {
            case,
            event,
            photos,
        } => store.confirm_follow_up(record, case, event, &photos).await,
        Delivered::CampaignResponse {
            slug,
            answered_at,
            photos,
            receipt,
        } => {
            store
                .confirm_campaign_response(&slug, &answered_at, &photos, &receipt)
                .await
        }
    }
}

/// Keeps the failure on the record and says whether to go on sending.
async fn keep_failure(
    store: &Store,
    mut record: OutboxRecord,
    error: ApiError,
    round: &Round,
) -> Result<Next, StoreError> {
    let (failure, retry_after, next) = match error {
        ApiError::NoConnection => (SendFailure::NoConnection, None, Next::Stop),
        // An answer the app cannot read is a lost answer, like a body cut
        // off mid-way (see `api::decode`): the office may hold the record,
        // and sending it again is the same request. The network works, so
        // the pass goes on.
        ApiError::Unreadable(_) => (SendFailure::Unreadable, None, Next::Continue),
        ApiError::Status {
            status,
            problem,
            retry_after_ms,
        } => match disposition(status) {
            Disposition::Reregister => {
                // Try again at once with a new token.
                store.forget_device().await?;
                round.again();
                return Ok(Next::Stop);
            }
            Disposition::Retry | Disposition::Confirmed => (
                SendFailure::Server { status },
                retry_after_ms,
                if status == 429 {
                    Next::StopNow
                } else {
                    Next::Continue
                },
            ),
            Disposition::NeedsAttention => (
                SendFailure::Refused {
                    status,
                    detail: problem
                        .as_ref()
                        .map(|p| p.detail.clone())
                        .unwrap_or_default(),
                    answer_errors: problem
                        .as_ref()
                        .map(|p| p.answer_errors.clone())
                        .unwrap_or_default(),
                    problem: problem.map(|p| p.type_uri),
                },
                None,
                Next::Continue,
            ),
        },
    };
    let delay = retry_delay_ms(record.attempts + 1, retry_after, js_sys::Math::random());
    record.record_failure(failure, now_ms(), delay);
    store.update_outbox(&record).await?;
    Ok(next)
}
