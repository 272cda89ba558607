//! The staff desk under `/staff`: server-rendered pages with plain forms.
//! Clerks register and assign, department handlers accept and reply for
//! their department's cases, supervisors do everything plus extensions,
//! review answers and the report. Every action goes through core's rules
//! (`crate::lifecycle::record`) and into the audit log.
//!
//! One module per use case: `sign_in`, `queue`, `case` (the case page),
//! `actions`, `photos`, `report`, `campaigns/` (suggestion campaigns, one
//! module per use case again); `accounts` for the command line. The
//! pieces they share, leaves first: `cookies` and `user`; `text` (words by
//! key); `words` (what the desk calls things); `views` (the page frame);
//! `error` (error pages); `form` (posted forms, which must come from the
//! desk's own origin and carry the session's token); `session` (the
//! `StaffUser` extractor, idle timeout); `access` (which cases a user may
//! open). The desk reads
//! and writes through `crate::db` and `crate::lifecycle`, never through
//! the API's `http` modules.

mod access;
pub mod accounts;
mod actions;
mod campaigns;
mod case;
mod cookies;
mod error;
mod form;
mod photos;
mod queue;
mod report;
pub mod session;
mod sign_in;
pub mod text;
mod user;
mod views;
mod words;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use letterbox_core::limits::{
    CAMPAIGN_FORM_MAX_BYTES, DESK_FORM_MAX_BYTES, SIGN_IN_FORM_MAX_BYTES,
};

pub use cookies::csrf_token;
pub use error::DeskError;
pub use user::StaffUser;
pub use views::DESK_CSS_PATH;

use crate::state::AppState;

/// The desk's routes. Every form's body has a limit for its kind
/// (core's `limits`): small where anyone may post, larger for signed-in
/// forms, largest for the campaign editor. A signed-in route reads its
/// body only after the session is checked.
pub fn router() -> Router<AppState> {
    let anyone = Router::new()
        .route(
            "/staff/login",
            get(sign_in::login_form).post(sign_in::login),
        )
        .route("/staff/logout", post(sign_in::logout))
        .route("/staff/lang", post(sign_in::switch_language))
        .layer(DefaultBodyLimit::max(SIGN_IN_FORM_MAX_BYTES));
    let editor = Router::new()
        .route(
            "/staff/campaigns",
            get(campaigns::list::list).post(campaigns::form::create),
        )
        .route(
            "/staff/campaigns/{slug}",
            get(campaigns::page::campaign_page).post(campaigns::form::edit),
        )
        .layer(DefaultBodyLimit::max(CAMPAIGN_FORM_MAX_BYTES));
    Router::new()
        .route("/staff", get(queue::queue))
        .route(views::DESK_CSS_PATH, get(views::stylesheet))
        .route("/staff/report", get(report::page))
        .route("/staff/cases/{id}", get(case::case_page))
        .route("/staff/cases/{id}/actions", post(actions::act))
        .route("/staff/cases/{id}/photos/{photo}", get(photos::photo))
        .route("/staff/campaigns/new", get(campaigns::form::new_form))
        .route(
            "/staff/campaigns/{slug}/edit",
            get(campaigns::form::edit_form),
        )
        .route(
            "/staff/campaigns/{slug}/publish",
            post(campaigns::actions::publish),
        )
        .route(
            "/staff/campaigns/{slug}/close",
            post(campaigns::actions::close),
        )
        .route(
            "/staff/campaigns/{slug}/answer",
            post(campaigns::actions::answer),
        )
        .route(
            "/staff/campaigns/{slug}/poster.svg",
            get(campaigns::poster::poster),
        )
        .route(
            "/staff/campaigns/{slug}/results",
            get(campaigns::results::results),
        )
        .route(
            "/staff/campaigns/{slug}/responses.csv",
            get(campaigns::export::export),
        )
        .route(
            "/staff/campaigns/{slug}/photos/{photo}",
            get(campaigns::photos::photo),
        )
        .layer(DefaultBodyLimit::max(DESK_FORM_MAX_BYTES))
        .merge(anyone)
        .merge(editor)
}
