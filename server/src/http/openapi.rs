//! The API's OpenAPI 3.1 description, generated from the handlers' own
//! annotations (`#[utoipa::path]` beside each handler) and core's wire
//! types (`ToSchema`, behind core's `openapi` feature, which only the
//! server enables). Served at `GET /api/v1/openapi.json`; the paths are
//! relative to the server `/api/v1`, as the modules' `router()`s write
//! them. `tests/openapi_routes.rs` fails when a route is missing here, and
//! `tools/schemathesis.sh` fuzzes the live server against it.

use std::sync::OnceLock;

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use letterbox_core::problem::Problem;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{
    campaigns, catalogue, devices, follow_ups, health, lookup, my_data, petitions, photos,
    problems, sync,
};
use crate::state::AppState;

/// The security scheme of the routes that need a device token. The
/// handlers' `security(("device_token" = []))` spell it out: the macro takes
/// only a literal.
pub const BEARER: &str = "device_token";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Letterbox API",
        description = "The residents' app's API: petitions, photos, follow-ups, the sync feed, \
                       case lookup and suggestion campaigns. Errors are RFC 9457 \
                       application/problem+json.",
    ),
    servers((url = "/api/v1")),
    paths(
        openapi_json,
        health::health,
        health::live,
        health::ready,
        catalogue::categories,
        catalogue::areas,
        devices::register,
        my_data::export,
        my_data::forget,
        petitions::create,
        petitions::read,
        photos::put_whole,
        photos::patch_piece,
        photos::head_offset,
        sync::changes,
        follow_ups::follow_up,
        lookup::lookup,
        campaigns::list,
        campaigns::definition,
        campaigns::answer,
        campaigns::results,
        campaigns::put_photo,
        campaigns::patch_photo,
        campaigns::photo_offset,
    ),
    components(
        schemas(Problem),
        responses(
        problems::Malformed,
        problems::Unauthorized,
        problems::NotFound,
        problems::Conflict,
        problems::TooLarge,
        problems::UnsupportedMediaType,
        problems::Invalid,
        problems::RateLimited,
        problems::Unavailable,
        ),
    ),
    modifiers(&DeviceToken),
)]
pub struct ApiDoc;

struct DeviceToken;

impl Modify for DeviceToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("The token from POST /devices."))
                    .build(),
            ),
        );
    }
}

/// The description as JSON, made once.
pub fn document() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        ApiDoc::openapi()
            .to_json()
            .expect("the description is plain data and always serialises")
    })
}

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(openapi_json))
}

/// This document.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The API's OpenAPI 3.1 description.",
        body = Object, content_type = "application/json")),
)]
async fn openapi_json() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        document(),
    )
        .into_response()
}
