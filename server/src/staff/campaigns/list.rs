//! The campaigns (`GET /staff/campaigns`): every one, drafts included,
//! newest closing first, with where each stands and how many answered;
//! "New campaign" for supervisors.

use axum::extract::State;
use axum::http::HeaderMap;
use maud::{html, Markup};

use super::super::error::{DeskError, OrInternal};
use super::super::text::Lang;
use super::super::user::StaffUser;
use super::super::{views, words};
use super::{href, may, now, phase_words, require, Right};
use crate::db;
use crate::state::AppState;

pub async fn list(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
) -> Result<Markup, DeskError> {
    let lang = Lang::from_headers(&headers);
    require(lang, &user, Right::View)?;
    let db = &state.db.read;
    let now = now(&state);
    let mut lines = Vec::new();
    for row in db::campaigns::list(db, true).await.or_internal(lang)? {
        let c = row
            .campaign()
            .ok_or("campaigns.definition_json is unreadable")
            .or_internal(lang)?;
        // One count per campaign: an office runs a handful at a time.
        let responses = db::campaigns::response_count(db, &c.slug)
            .await
            .or_internal(lang)?;
        lines.push((c, responses));
    }
    let columns = [
        "col_title",
        "col_department",
        "campaign_col_state",
        "campaign_field_opens",
        "campaign_field_closes",
        "campaign_responses",
    ];
    let body = html! {
        @if may(user.role, Right::Manage) {
            p { a href="/staff/campaigns/new" { (lang.t("campaign_new")) } }
        }
        @if lines.is_empty() {
            p { (lang.t("campaigns_none")) }
        } @else {
            table {
                (views::head_row(lang, &columns))
                tbody {
                    @for (c, responses) in &lines {
                        tr {
                            td { a href=(href(&c.slug)) { (c.title.get(lang == Lang::En)) } }
                            td { (words::department(&state.catalogue, lang, &c.department)) }
                            td { (phase_words(lang, c, now)) }
                            td { (words::beijing_time(&c.opens_at)) }
                            td { (words::beijing_time(&c.closes_at)) }
                            td { (responses) }
                        }
                    }
                }
            }
        }
    };
    Ok(views::page(
        lang,
        lang.t("campaigns_title"),
        Some(&user),
        body,
    ))
}
