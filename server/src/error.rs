//! Every API error leaves the server as RFC 9457 problem+json. Internal
//! causes are never shown to the client: the response carries them in its
//! extensions (`ServerErrorCause`) and `log_server_errors`, one middleware
//! over the whole app, logs them. Converting an error has no side effects.
//! The desk has its own error page (`staff::error::DeskError`) and logs the
//! same way.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use letterbox_core::campaign::{AnswerError, Lateness};
use letterbox_core::lifecycle::Refusal;
use letterbox_core::limits::CAMPAIGN_ANSWER_GRACE_DAYS;
use letterbox_core::problem::{Problem, ProblemKind, PROBLEM_CONTENT_TYPE};
use letterbox_core::validation::FieldError;

use crate::db;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("malformed request: {0}")]
    Malformed(String),
    #[error("missing or invalid device token")]
    Unauthorized,
    #[error("not found")]
    NotFound,
    #[error("id already used for different content")]
    IdConflict,
    #[error("upload offset is {0}")]
    OffsetConflict(u64),
    #[error("request too large: {0}")]
    TooLarge(String),
    #[error("unsupported media type: {0}")]
    UnsupportedMediaType(String),
    #[error("invalid fields")]
    Invalid {
        detail: String,
        errors: Vec<FieldError>,
    },
    #[error("invalid answers")]
    InvalidAnswers(Vec<AnswerError>),
    #[error("the campaign does not take answers now")]
    Late(Lateness),
    #[error("refused: {}", .0.reason())]
    Refused(Refusal),
    /// A case holds as much of something as one case may (supplements):
    /// waiting does not help, so it is a 409, not a 429.
    #[error("the case is full: {0}")]
    CaseFull(String),
    #[error("too many requests; retry after {0} s")]
    RateLimited(u64),
    #[error("service unavailable: {0}")]
    Unavailable(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A stored row the server cannot read back (an unknown status, a bad
    /// id): a defect or a hand-edited database, never the client's fault.
    #[error("corrupt row: {0}")]
    Corrupt(&'static str),
}

impl ApiError {
    pub fn invalid(errors: Vec<FieldError>) -> Self {
        Self::Invalid {
            detail: "Some fields are not valid; see errors.".into(),
            errors,
        }
    }

    pub fn invalid_answers(errors: Vec<AnswerError>) -> Self {
        Self::InvalidAnswers(errors)
    }

    fn problem(&self) -> Problem {
        match self {
            Self::Malformed(d) => Problem::new(ProblemKind::Malformed, d.clone()),
            Self::Unauthorized => Problem::new(
                ProblemKind::Unauthorized,
                "Send `Authorization: Bearer <token>` with the token from POST /api/v1/devices.",
            ),
            Self::NotFound => Problem::new(ProblemKind::NotFound, "Nothing here."),
            Self::IdConflict => Problem::new(
                ProblemKind::IdConflict,
                "A petition with this id was already received with different content.",
            ),
            Self::OffsetConflict(at) => Problem::new(
                ProblemKind::OffsetConflict,
                format!("The office holds {at} bytes of this photo; resume from there."),
            ),
            Self::TooLarge(d) => Problem::new(ProblemKind::TooLarge, d.clone()),
            Self::UnsupportedMediaType(d) => {
                Problem::new(ProblemKind::UnsupportedMediaType, d.clone())
            }
            Self::Invalid { detail, errors } => {
                Problem::new(ProblemKind::Invalid, detail.clone()).with_errors(errors.clone())
            }
            Self::InvalidAnswers(errors) => Problem::new(
                ProblemKind::Invalid,
                "Some answers are not valid; see answer_errors.",
            )
            .with_answer_errors(errors.clone()),
            Self::Late(Lateness::NotOpen) => Problem::new(
                ProblemKind::CampaignClosed,
                "The campaign is not open for answers yet.",
            ),
            Self::Late(Lateness::Closed { .. }) => Problem::new(
                ProblemKind::CampaignClosed,
                format!(
                    "The campaign has closed: an answer made after the close, or arriving \
                     more than {CAMPAIGN_ANSWER_GRACE_DAYS} days after it, is not counted."
                ),
            ),
            Self::Unavailable(d) => Problem::new(ProblemKind::Unavailable, d.clone()),
            Self::CaseFull(d) => Problem::new(ProblemKind::CaseState, d.clone()),
            Self::Refused(r) => Problem::new(r.problem_kind(), r.reason()),
            Self::RateLimited(secs) => Problem::new(
                ProblemKind::RateLimited,
                format!("Too many attempts; try again in {secs} seconds."),
            ),
            Self::Database(e) if db::is_busy(e) => {
                Problem::new(ProblemKind::Unavailable, "The server is busy; try again.")
            }
            Self::Database(_) | Self::Corrupt(_) => {
                Problem::new(ProblemKind::Internal, "Something went wrong on our side.")
            }
        }
    }

    /// What the server's log needs to know; `None` for the client's errors.
    fn cause(&self) -> Option<String> {
        matches!(self, Self::Database(_) | Self::Corrupt(_)).then(|| self.to_string())
    }
}

/// Why a response is a server error, for the log only; `log_server_errors`
/// writes it.
#[derive(Debug, Clone)]
pub struct ServerErrorCause(pub String);

/// Logs the cause a server error carries, once, for the API and the desk.
pub async fn log_server_errors(response: Response) -> Response {
    if let Some(ServerErrorCause(cause)) = response.extensions().get() {
        tracing::error!("{} {cause}", response.status().as_u16());
    }
    response
}

pub fn problem_response(problem: Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, axum::Json(problem)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(PROBLEM_CONTENT_TYPE),
    );
    if status == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = problem_response(self.problem());
        if let Some(cause) = self.cause() {
            response.extensions_mut().insert(ServerErrorCause(cause));
        }
        if let Self::OffsetConflict(at) = self {
            response
                .headers_mut()
                .insert("upload-offset", HeaderValue::from(at));
        }
        if let Self::RateLimited(secs) = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let detail = rejection.body_text();
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => {
                Self::TooLarge("The request body is larger than this endpoint accepts.".into())
            }
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                Self::UnsupportedMediaType("Send the body as application/json.".into())
            }
            StatusCode::UNPROCESSABLE_ENTITY => Self::Invalid {
                detail,
                errors: Vec::new(),
            },
            _ => Self::Malformed(detail),
        }
    }
}

impl From<PathRejection> for ApiError {
    // An id that cannot exist names nothing: not found, like any unknown id.
    fn from(_: PathRejection) -> Self {
        Self::NotFound
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        Self::Malformed(rejection.body_text())
    }
}

/// Turns the bare error responses axum makes itself (405, an unmatched
/// route, a panic caught by the panic layer) into problem+json.
pub async fn problem_for_bare_errors(response: Response) -> Response {
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_CONTENT_TYPE.as_bytes()));
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return response;
    }
    let kind = ProblemKind::ALL
        .into_iter()
        .find(|k| k.status() == status.as_u16())
        .unwrap_or(if status.is_server_error() {
            ProblemKind::Internal
        } else {
            ProblemKind::Malformed
        });
    let mut problem = Problem::new(kind, kind.title());
    problem.status = status.as_u16();
    let mut fresh = problem_response(problem);
    if let Some(allow) = response.headers().get(header::ALLOW) {
        fresh.headers_mut().insert(header::ALLOW, allow.clone());
    }
    fresh
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corrupt_row_is_a_500_whose_cause_only_the_log_sees() {
        let response = ApiError::Corrupt("petitions.status").into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            PROBLEM_CONTENT_TYPE
        );
        let cause = response.extensions().get::<ServerErrorCause>().unwrap();
        assert!(cause.0.contains("petitions.status"), "{}", cause.0);
    }

    #[test]
    fn the_clients_errors_carry_nothing_to_log() {
        let response = ApiError::NotFound.into_response();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert!(response.extensions().get::<ServerErrorCause>().is_none());
    }
}
