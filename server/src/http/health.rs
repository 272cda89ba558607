//! `GET /health`: the app's online probe.

use axum::routing::get;
use axum::{Json, Router};
use letterbox_core::api::Health;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

/// The app's online probe: a real round trip to the API, which a service
/// worker fallback cannot fake.
#[utoipa::path(
    get,
    path = "/health",
    tag = "meta",
    responses((status = 200, description = "The server is up.", body = Health)),
)]
pub(super) async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}
