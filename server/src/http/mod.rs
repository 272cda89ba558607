//! `/api/v1`: one module per resource, merged here under one state. The
//! handlers read the request, call `lifecycle` (to change a case) or `db`
//! (to read or store anything else), and answer; errors are `ApiError`.

pub mod campaigns;
pub mod catalogue;
pub mod devices;
pub mod extract;
pub mod follow_ups;
pub mod health;
pub mod idempotency;
pub mod lookup;
pub mod my_data;
pub mod openapi;
pub mod petitions;
pub mod photos;
mod problems;
pub mod sync;
pub mod uploads;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::Router;
use letterbox_core::limits::PETITION_REQUEST_MAX_BYTES;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::{problem_for_bare_errors, ApiError};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(openapi::router())
        .merge(health::router())
        .merge(catalogue::router())
        .merge(devices::router())
        .merge(petitions::router())
        .merge(photos::router())
        .merge(sync::router())
        .merge(follow_ups::router())
        .merge(lookup::router())
        .merge(campaigns::router())
        .merge(my_data::router())
        .fallback(|| async { ApiError::NotFound })
        .layer(DefaultBodyLimit::max(PETITION_REQUEST_MAX_BYTES))
        .layer(axum::middleware::map_response(problem_for_bare_errors))
        .layer(CatchPanicLayer::custom(|_| {
            tracing::error!("a request handler panicked");
            axum::response::IntoResponse::into_response(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            )
        }))
        // API answers are per device and change: never cached by a proxy or
        // the service worker, unless a handler says otherwise.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}
