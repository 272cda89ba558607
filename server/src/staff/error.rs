//! The desk's errors: a page in the user's language with the right status
//! and, where it helps, a link back to the case. The API uses
//! `crate::error::ApiError` (problem+json) instead; a desk handler turns
//! the `ApiError`s it meets into a `DeskError` (`or_internal`, or a
//! refusal's words).
//!
//! Building a `DeskError` has no side effects: an internal cause rides in
//! the response's extensions and `crate::error::log_server_errors` logs it.

use std::fmt::Display;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::text::Lang;
use super::user::StaffUser;
use super::views;
use crate::error::ServerErrorCause;

/// What went wrong, as a page. Boxed: it is the error of every desk
/// handler's `Result`, and most of them succeed.
#[derive(Debug)]
pub struct DeskError(Box<ErrorPage>);

#[derive(Debug)]
struct ErrorPage {
    status: StatusCode,
    lang: Lang,
    /// Shown in the page's header; `None` for internal errors, which are
    /// not worth a session lookup.
    user: Option<StaffUser>,
    text: String,
    /// Where "back to the case" leads.
    back: Option<String>,
    /// For the log only.
    cause: Option<String>,
}

impl DeskError {
    /// Refused with `status`, in words the user can act on.
    pub fn refused(
        lang: Lang,
        user: &StaffUser,
        status: StatusCode,
        text: impl Into<String>,
    ) -> Self {
        Self(Box::new(ErrorPage {
            status,
            lang,
            user: Some(user.clone()),
            text: text.into(),
            back: None,
            cause: None,
        }))
    }

    pub fn not_found(lang: Lang, user: &StaffUser) -> Self {
        Self::refused(lang, user, StatusCode::NOT_FOUND, lang.t("not_found"))
    }

    pub fn forbidden(lang: Lang, user: &StaffUser) -> Self {
        Self::refused(lang, user, StatusCode::FORBIDDEN, lang.t("forbidden"))
    }

    /// A form the desk cannot read (422).
    pub fn unprocessable(lang: Lang, user: &StaffUser, text: impl Into<String>) -> Self {
        Self::refused(lang, user, StatusCode::UNPROCESSABLE_ENTITY, text)
    }

    /// A form posted from elsewhere, or without this session's token
    /// (403). Answered before any session is looked at.
    pub fn cross_site(lang: Lang) -> Self {
        Self::anonymous(lang, StatusCode::FORBIDDEN, lang.t("cross_site"))
    }

    /// A form body over the route's limit (413).
    pub fn too_large(lang: Lang) -> Self {
        Self::anonymous(
            lang,
            StatusCode::PAYLOAD_TOO_LARGE,
            lang.t("form_too_large"),
        )
    }

    /// A form the desk cannot read, before anyone is known (400).
    pub fn bad_form(lang: Lang) -> Self {
        Self::anonymous(lang, StatusCode::BAD_REQUEST, lang.t("try_again"))
    }

    fn anonymous(lang: Lang, status: StatusCode, text: &str) -> Self {
        Self(Box::new(ErrorPage {
            status,
            lang,
            user: None,
            text: text.to_owned(),
            back: None,
            cause: None,
        }))
    }

    /// Our fault: a plain apology for the user, the cause for the log.
    pub fn internal(lang: Lang, cause: impl Display) -> Self {
        Self(Box::new(ErrorPage {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            lang,
            user: None,
            text: lang.t("internal_error").to_owned(),
            back: None,
            cause: Some(format!("staff desk: {cause}")),
        }))
    }

    /// Adds a link back to the case at `href`.
    pub fn back_to(mut self, href: &str) -> Self {
        self.0.back = Some(href.to_owned());
        self
    }
}

impl IntoResponse for DeskError {
    fn into_response(self) -> Response {
        let this = *self.0;
        let lang = this.lang;
        let back = this
            .back
            .as_deref()
            .map(|href| (href, lang.t("back_to_case")));
        let body = views::message(
            lang,
            this.user.as_ref(),
            lang.t("refused_title"),
            &this.text,
            back,
        );
        let mut response = (this.status, body).into_response();
        if let Some(cause) = this.cause {
            response.extensions_mut().insert(ServerErrorCause(cause));
        }
        response
    }
}

/// `.or_internal(lang)`: any failure the user cannot act on becomes the
/// desk's internal-error page.
pub trait OrInternal<T> {
    fn or_internal(self, lang: Lang) -> Result<T, DeskError>;
}

impl<T, E: Display> OrInternal<T> for Result<T, E> {
    fn or_internal(self, lang: Lang) -> Result<T, DeskError> {
        self.map_err(|e| DeskError::internal(lang, e))
    }
}
