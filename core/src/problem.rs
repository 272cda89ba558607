//! RFC 9457 problem details: the one shape of every API error. The `type`
//! names the problem so the app can explain it in the resident's language.

use serde::{Deserialize, Serialize};

use crate::campaign::AnswerError;
use crate::validation::FieldError;

pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    Malformed,
    Unauthorized,
    NotFound,
    MethodNotAllowed,
    /// The petition id was already used for a petition with other content.
    IdConflict,
    /// The case is not at a stage where this can happen (or a window closed).
    CaseState,
    /// The campaign does not take answers now: not open yet, or closed
    /// (and the answer was made after the close or arrived too late).
    CampaignClosed,
    /// Signed in, but this role may not do this.
    Forbidden,
    /// A photo piece was sent for an offset the server is not at.
    OffsetConflict,
    TooLarge,
    UnsupportedMediaType,
    Invalid,
    RateLimited,
    /// The request's body stopped arriving, or the whole request took
    /// longer than the server allows: send it again.
    Timeout,
    Internal,
    Unavailable,
}

impl ProblemKind {
    pub const ALL: [ProblemKind; 16] = [
        Self::CaseState,
        Self::CampaignClosed,
        Self::Forbidden,
        Self::Malformed,
        Self::Unauthorized,
        Self::NotFound,
        Self::MethodNotAllowed,
        Self::IdConflict,
        Self::OffsetConflict,
        Self::TooLarge,
        Self::UnsupportedMediaType,
        Self::Invalid,
        Self::RateLimited,
        Self::Timeout,
        Self::Internal,
        Self::Unavailable,
    ];

    pub fn status(self) -> u16 {
        match self {
            Self::Malformed => 400,
            Self::Unauthorized => 401,
            Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::IdConflict | Self::OffsetConflict | Self::CaseState | Self::CampaignClosed => 409,
            Self::Forbidden => 403,
            Self::TooLarge => 413,
            Self::UnsupportedMediaType => 415,
            Self::Invalid => 422,
            Self::RateLimited => 429,
            Self::Timeout => 408,
            Self::Internal => 500,
            Self::Unavailable => 503,
        }
    }

    /// A URI reference, resolved against the API's origin.
    pub fn type_uri(self) -> &'static str {
        match self {
            Self::Malformed => "/problems/malformed-request",
            Self::Unauthorized => "/problems/unauthorized",
            Self::NotFound => "/problems/not-found",
            Self::MethodNotAllowed => "/problems/method-not-allowed",
            Self::IdConflict => "/problems/id-conflict",
            Self::CaseState => "/problems/case-state",
            Self::CampaignClosed => "/problems/campaign-closed",
            Self::Forbidden => "/problems/forbidden",
            Self::OffsetConflict => "/problems/offset-conflict",
            Self::TooLarge => "/problems/too-large",
            Self::UnsupportedMediaType => "/problems/unsupported-media-type",
            Self::Invalid => "/problems/invalid",
            Self::RateLimited => "/problems/rate-limited",
            Self::Timeout => "/problems/timeout",
            Self::Internal => "/problems/internal",
            Self::Unavailable => "/problems/unavailable",
        }
    }

    /// A short English summary for API clients; the app shows its own words.
    pub fn title(self) -> &'static str {
        match self {
            Self::Malformed => "Malformed request",
            Self::Unauthorized => "Missing or invalid device token",
            Self::NotFound => "Not found",
            Self::MethodNotAllowed => "Method not allowed",
            Self::IdConflict => "This id was already used for different content",
            Self::CaseState => "Not possible at the case's current stage",
            Self::CampaignClosed => "The campaign does not take answers now",
            Self::Forbidden => "Not allowed for this role",
            Self::OffsetConflict => "The upload is not at this offset",
            Self::TooLarge => "Request too large",
            Self::UnsupportedMediaType => "Unsupported media type",
            Self::Invalid => "Some fields are not valid",
            Self::RateLimited => "Too many requests",
            Self::Timeout => "Request timeout",
            Self::Internal => "Internal error",
            Self::Unavailable => "Service unavailable",
        }
    }

    pub fn from_type_uri(uri: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.type_uri() == uri)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Field errors, for 422.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// A campaign answer's problems, question by question, for 422.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answer_errors: Vec<AnswerError>,
}

impl Problem {
    pub fn new(kind: ProblemKind, detail: impl Into<String>) -> Self {
        Self {
            type_uri: kind.type_uri().to_owned(),
            title: kind.title().to_owned(),
            status: kind.status(),
            detail: detail.into(),
            errors: Vec::new(),
            answer_errors: Vec::new(),
        }
    }

    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors;
        self
    }

    pub fn with_answer_errors(mut self, errors: Vec<AnswerError>) -> Self {
        self.answer_errors = errors;
        self
    }

    pub fn kind(&self) -> Option<ProblemKind> {
        ProblemKind::from_type_uri(&self.type_uri)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_uris_are_distinct_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for kind in ProblemKind::ALL {
            assert!(seen.insert(kind.type_uri()));
            assert_eq!(ProblemKind::from_type_uri(kind.type_uri()), Some(kind));
            assert!((400..600).contains(&kind.status()));
        }
    }

    #[test]
    fn serialises_rfc9457_members() {
        let p = Problem::new(ProblemKind::NotFound, "No such petition.");
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["type"], "/problems/not-found");
        assert_eq!(v["status"], 404);
        assert_eq!(v["title"], "Not found");
        assert_eq!(v["detail"], "No such petition.");
        assert!(v.get("errors").is_none());
        let back: Problem = serde_json::from_value(v).unwrap();
        assert_eq!(back.kind(), Some(ProblemKind::NotFound));
    }
}
