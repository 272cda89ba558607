//! `GET /health` and `/health/live`: the process answers (the app's online
//! probe, and a load balancer's liveness check). `GET /health/ready`: it
//! can also serve, because the database and the photo store answer
//! (issue 13); a load balancer sends requests only to a ready instance.

use std::time::Duration;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use letterbox_core::api::Health;

use crate::error::ApiError;
use crate::state::AppState;

/// How long a dependency may take to answer the readiness probe.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/health/live", get(live))
        .route("/health/ready", get(ready))
}

fn up() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
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
    up()
}

/// Liveness: the process answers. It does not look at the database, so a
/// database outage does not get every instance restarted.
#[utoipa::path(
    get,
    path = "/health/live",
    tag = "meta",
    responses((status = 200, description = "The process answers.", body = Health)),
)]
pub(super) async fn live() -> Json<Health> {
    up()
}

/// Readiness: the database and the photo store answer within two seconds.
#[utoipa::path(
    get,
    path = "/health/ready",
    tag = "meta",
    responses(
        (status = 200, description = "Ready to serve.", body = Health),
        (status = 503, response = super::problems::Unavailable),
    ),
)]
pub(super) async fn ready(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    let database = tokio::time::timeout(
        PROBE_TIMEOUT,
        sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(&state.db.read),
    )
    .await;
    if !matches!(database, Ok(Ok(1))) {
        tracing::warn!("not ready: the database does not answer ({database:?})");
        return Err(ApiError::Unavailable(
            "Not ready: the database does not answer.".into(),
        ));
    }
    let photos = tokio::time::timeout(PROBE_TIMEOUT, state.photos.check()).await;
    if !matches!(photos, Ok(Ok(()))) {
        tracing::warn!("not ready: the photo store does not answer ({photos:?})");
        return Err(ApiError::Unavailable(
            "Not ready: the photo store does not answer.".into(),
        ));
    }
    Ok(up())
}
