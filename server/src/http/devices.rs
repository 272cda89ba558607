//! `POST /devices`: an installed app registers and gets its bearer token.
//! Open to anyone, so limited per client address (`quota`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use letterbox_core::api::DeviceRegistration;
use uuid::Uuid;

use super::problems;
use crate::auth::{new_token, token_hash};
use crate::client::ClientKey;
use crate::clock::rfc3339;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/devices", post(register))
}

/// Registers an installed app. It needs no account: the token proves that
/// later requests come from the same phone.
#[utoipa::path(
    post,
    path = "/devices",
    tag = "devices",
    responses(
        (status = 201, description = "Registered: keep the token; it is shown once.",
            body = DeviceRegistration),
        (status = 429, response = problems::RateLimited),
        (status = 503, response = problems::Unavailable),
    ),
)]
pub(super) async fn register(
    State(state): State<AppState>,
    client: ClientKey,
) -> Result<(StatusCode, Json<DeviceRegistration>), ApiError> {
    state
        .quotas
        .registration(&state.db, &client, state.clock.now())
        .await?;
    let device_id = Uuid::now_v7();
    let token = new_token();
    let now = rfc3339(state.clock.now());
    db::devices::insert(&state.db.write, device_id, &token_hash(&token), &now).await?;
    Ok((
        StatusCode::CREATED,
        Json(DeviceRegistration { device_id, token }),
    ))
}
