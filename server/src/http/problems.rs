//! The API's error responses as OpenAPI components, one per status that
//! `ApiError` (see `error.rs`) answers with: each is
//! `application/problem+json` with core's `Problem`. A handler's
//! `#[utoipa::path]` lists the ones it can answer.

use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::ObjectBuilder;
use utoipa::openapi::{Ref, RefOr, Type};
use utoipa::ToResponse;

use letterbox_core::problem::PROBLEM_CONTENT_TYPE;

fn problem(description: &str) -> ResponseBuilder {
    ResponseBuilder::new().description(description).content(
        PROBLEM_CONTENT_TYPE,
        ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("Problem")))
            .build(),
    )
}

fn integer_header(description: &str) -> utoipa::openapi::header::Header {
    HeaderBuilder::new()
        .schema(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(0)),
        )
        .description(Some(description))
        .build()
}

macro_rules! problem_response {
    ($(#[$doc:meta])* $name:ident, $description:expr) => {
        problem_response!($(#[$doc])* $name, $description, |r| r);
    };
    ($(#[$doc:meta])* $name:ident, $description:expr, $extra:expr) => {
        $(#[$doc])*
        pub struct $name;

        impl<'r> ToResponse<'r> for $name {
            fn response() -> (&'r str, RefOr<Response>) {
                let extra: fn(ResponseBuilder) -> ResponseBuilder = $extra;
                (stringify!($name), extra(problem($description)).build().into())
            }
        }
    };
}

problem_response!(
    /// 400: a header, the query or the body cannot be read.
    Malformed,
    "Malformed request: a header, the query or the body cannot be read."
);
problem_response!(
    /// 401: no device token, or one the office does not know.
    Unauthorized,
    "Missing or invalid device token.",
    |r| r.header("WWW-Authenticate", HeaderBuilder::new().schema(
        ObjectBuilder::new().schema_type(Type::String)).build())
);
problem_response!(
    /// 404: nothing here, or not this device's (indistinguishable).
    NotFound,
    "Not found (another device's record is indistinguishable from none)."
);
problem_response!(
    /// 409: the id was used for other content, the upload is elsewhere,
    /// or the case or campaign is not at a stage where this can happen.
    Conflict,
    "Conflict: the id was used for different content, the upload is at another offset \
     (see Upload-Offset), the case is not at a stage where this can happen, or the \
     campaign does not take answers now.",
    |r| r.header("Upload-Offset", integer_header("Where the office's copy of the photo ends."))
);
problem_response!(
    /// 413: the body is larger than this endpoint accepts.
    TooLarge,
    "The request body is larger than this endpoint accepts."
);
problem_response!(
    /// 415: the body is not of the type this endpoint takes.
    UnsupportedMediaType,
    "The body is not of the type this endpoint takes."
);
problem_response!(
    /// 422: the body reads but some fields are not valid.
    Invalid,
    "Some fields are not valid (see errors, or answer_errors for a campaign answer)."
);
problem_response!(
    /// 429: a quota or a rate limit; `Retry-After` says when to try again.
    RateLimited,
    "Too many requests: a quota or rate limit. Retry after Retry-After seconds.",
    |r| r.header("Retry-After", integer_header("Seconds to wait."))
);
problem_response!(
    /// 503: the server is busy; try again.
    Unavailable,
    "The server is busy or could not store something; try again."
);
