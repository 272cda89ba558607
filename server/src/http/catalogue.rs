//! `GET /categories` and `GET /areas`: the office's reference lists.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use letterbox_core::catalogue::{Areas, Categories};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/categories", get(categories))
        .route("/areas", get(areas))
}

/// Reference data changes seldom and is the same for everyone: the app
/// caches it on the phone, and proxies may keep it for an hour.
fn cacheable(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}

/// The categories of matters and the departments that handle cases.
#[utoipa::path(
    get,
    path = "/categories",
    tag = "catalogue",
    responses((status = 200, description = "The categories and departments.", body = Categories)),
)]
pub(super) async fn categories(State(state): State<AppState>) -> Response {
    cacheable(Json(&state.catalogue.categories).into_response())
}

/// The administrative areas: districts and counties, their streets and
/// communities.
#[utoipa::path(
    get,
    path = "/areas",
    tag = "catalogue",
    responses((status = 200, description = "The area tree.", body = Areas)),
)]
pub(super) async fn areas(State(state): State<AppState>) -> Response {
    cacheable(Json(&state.catalogue.areas).into_response())
}
