//! The case page (`/staff/cases/{id}`): what was sent, who sent it (when
//! the user may know), the deadlines running, photos, supplements,
//! ratings, the history, and a form for each action the user may take now.
//! Everything is loaded and worded first; the templates only lay it out.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use letterbox_core::calendar::{Calendar, Date};
use letterbox_core::deadlines::{deadlines, Deadline};
use letterbox_core::lifecycle::{ActionKind, CaseAction, CaseEvent};
use maud::{html, Markup};
use uuid::Uuid;

use super::access::{may_see_identity, open_case, OpenCase};
use super::actions::action_form;
use super::error::{DeskError, OrInternal};
use super::text::Lang;
use super::user::StaffUser;
use super::{views, words};
use crate::catalogue::Catalogue;
use crate::db;
use crate::db::petitions::{Identity, PetitionRow};
use crate::db::photos::CasePhoto;
use crate::db::ratings::StoredRating;
use crate::lifecycle;
use crate::state::AppState;

pub async fn case_page(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
) -> Result<Markup, DeskError> {
    let lang = Lang::from_headers(&headers);
    let OpenCase { petition, progress } = open_case(&state, &user, lang, id).await?;
    let db = &state.db.read;
    let may_see = may_see_identity(&petition.kind, user.role);
    let identity = if may_see {
        db::petitions::identity(db, id).await.or_internal(lang)?
    } else {
        None
    };
    if identity.is_some() {
        audit_view(&state, &user, id, VIEWED_IDENTITY, "")
            .await
            .or_internal(lang)?;
    }
    let photos = db::photos::for_case(db, id).await.or_internal(lang)?;
    let ratings = db::ratings::for_petition(db, id).await.or_internal(lang)?;
    let events = lifecycle::events(db, id).await.or_internal(lang)?;
    let today = lifecycle::today(&state);
    let calendar = Calendar::china();
    let running = deadlines(&progress, calendar);
    let actions = progress.staff_options(&user.actor(), today, calendar);
    let catalogue = &state.catalogue;
    let number = &petition.case_number;
    let body = html! {
        (summary(lang, &petition))
        (deadlines_section(lang, &running, today))
        (content_section(catalogue, lang, &petition))
        (identity_section(lang, may_see, identity.as_ref()))
        (photos_section(lang, id, number, &photos))
        (supplements_section(lang, &events))
        (ratings_section(lang, &ratings))
        (history_section(catalogue, lang, &events))
        (actions_section(catalogue, lang, &user, id, &actions))
    };
    let title = lang.tf("case_heading", &[("number", number)]);
    Ok(views::page(lang, &title, Some(&user), body))
}

/// The audit log's words for a staff member seeing personal data.
pub const VIEWED_IDENTITY: &str = "view_identity";
pub const VIEWED_PHOTO: &str = "view_photo";

/// Records that `user` saw a petitioner's identity or photo (PIPL: who
/// looked at personal data is on record); the detail never holds it.
pub async fn audit_view(
    state: &AppState,
    user: &StaffUser,
    petition: Uuid,
    action: &str,
    detail: &str,
) -> sqlx::Result<()> {
    let at = crate::clock::rfc3339(state.clock.now());
    let entry = db::audit::AuditEntry {
        at: &at,
        staff_id: Some(user.id),
        action,
        petition: Some(petition),
        detail,
    };
    db::audit::record(&state.db.write, &entry).await
}

fn summary(lang: Lang, petition: &PetitionRow) -> Markup {
    let received = lang.tf(
        "received_on",
        &[("at", &words::beijing_time(&petition.received_at))],
    );
    html! {
        p {
            (words::kind(lang, &petition.kind)) " · "
            (words::status_badge(lang, &petition.status)) " · "
            (received)
        }
    }
}

fn deadlines_section(lang: Lang, running: &[Deadline], today: Date) -> Markup {
    html! {
        section aria-labelledby="deadlines" {
            h2 #deadlines { (lang.t("deadlines")) }
            @if running.is_empty() {
                p { (lang.t("no_deadline")) }
            }
            ul {
                @for d in running {
                    li { (deadline_line(lang, d, today)) }
                }
            }
        }
    }
}

/// One deadline: its rule and article, its due date, any extension, and
/// where it stands today.
fn deadline_line(lang: Lang, d: &Deadline, today: Date) -> Markup {
    let rule = d.rule.rule();
    let line = lang.tf(
        "deadline_line",
        &[
            ("rule", lang.t(&format!("rule_{}", d.rule.as_str()))),
            ("due", &d.due.to_string()),
            ("article", &words::article(lang, &rule)),
        ],
    );
    html! {
        (line)
        @if d.extended_by > 0 {
            " — " (lang.tf("extended_by", &[("n", &d.extended_by.to_string())]))
        }
        " — "
        (words::standing(lang, d.standing(today)))
    }
}

fn content_section(catalogue: &Catalogue, lang: Lang, petition: &PetitionRow) -> Markup {
    let category = words::category(catalogue, lang, &petition.category);
    let area = words::area(
        catalogue,
        lang,
        petition.district.as_deref(),
        petition.street.as_deref(),
    );
    html! {
        section aria-labelledby="content" {
            h2 #content { (lang.t("content")) }
            h3 { (petition.title) }
            p.text { (petition.body) }
            dl {
                dt { (lang.t("category")) }
                dd { (category) }
                dt { (lang.t("location")) }
                dd { (area) " " (petition.address) }
                @if let Some(n) = petition.people_affected {
                    dt { (lang.t("people_affected")) }
                    dd { (n) }
                }
            }
        }
    }
}

/// The petitioner; a reporter's identity only for supervisors (Art. 30).
fn identity_section(lang: Lang, may_see: bool, identity: Option<&Identity>) -> Markup {
    html! {
        section aria-labelledby="identity" {
            h2 #identity { (lang.t("identity")) }
            @if !may_see {
                p { (lang.t("identity_protected")) }
            } @else if let Some(who) = identity {
                dl {
                    dt { (lang.t("identity_name")) }
                    dd { (who.name) }
                    dt { (lang.t("identity_phone")) }
                    dd { (who.phone) }
                    dt { (lang.t("identity_address")) }
                    dd { (who.address) }
                }
            } @else {
                p { (lang.t("identity_anonymous")) }
            }
        }
    }
}

fn photos_section(lang: Lang, id: Uuid, number: &str, photos: &[CasePhoto]) -> Markup {
    if photos.is_empty() {
        return html! {};
    }
    html! {
        section aria-labelledby="photos" {
            h2 #photos { (lang.t("photos")) }
            @for (i, photo) in photos.iter().enumerate() {
                @let n = (i + 1).to_string();
                @if photo.completed_at.is_some() {
                    @let src = format!("/staff/cases/{id}/photos/{}", photo.photo_id);
                    @let alt = lang.tf("photo_alt", &[("n", &n), ("number", number)]);
                    a href=(src) {
                        img src=(src) alt=(alt) loading="lazy";
                    }
                } @else {
                    p { (lang.tf("photo_missing", &[("n", &n)])) }
                }
            }
        }
    }
}

fn supplements_section(lang: Lang, events: &[CaseEvent]) -> Markup {
    let supplements: Vec<(&str, &str)> = events
        .iter()
        .filter_map(|e| match &e.action {
            CaseAction::Supplement { text, .. } => Some((e.at.as_str(), text.as_str())),
            _ => None,
        })
        .collect();
    if supplements.is_empty() {
        return html! {};
    }
    html! {
        section aria-labelledby="supplements" {
            h2 #supplements { (lang.t("supplements")) }
            ul {
                @for (at, text) in supplements {
                    li { (words::beijing_time(at)) ": " (text) }
                }
            }
        }
    }
}

fn ratings_section(lang: Lang, ratings: &[StoredRating]) -> Markup {
    let score = |s: Option<i64>| s.map_or("–".to_string(), |n| n.to_string());
    html! {
        section aria-labelledby="ratings" {
            h2 #ratings { (lang.t("ratings")) }
            @if ratings.is_empty() {
                p { (lang.t("no_ratings")) }
            }
            ul {
                @for r in ratings {
                    li {
                        (lang.tf("rating_line", &[
                            ("satisfaction", words::satisfaction(lang, &r.satisfaction)),
                            ("t", &score(r.timeliness)),
                            ("a", &score(r.attitude)),
                            ("r", &score(r.result)),
                        ]))
                        @if !r.comment.is_empty() {
                            " — " (r.comment)
                        }
                    }
                }
            }
        }
    }
}

fn history_section(catalogue: &Catalogue, lang: Lang, events: &[CaseEvent]) -> Markup {
    let columns = [
        "col_time",
        "col_action",
        "col_actor",
        "col_departments",
        "col_note",
    ];
    html! {
        section aria-labelledby="history" {
            h2 #history { (lang.t("history")) }
            table {
                (views::head_row(lang, &columns))
                tbody {
                    @for e in events {
                        tr {
                            td { (words::beijing_time(&e.at)) }
                            td { (words::action(lang, e.action.kind())) }
                            td { (words::role(lang, e.actor)) }
                            td { (words::departments(catalogue, lang, &e.departments)) }
                            td.text { (e.note) }
                        }
                    }
                }
            }
        }
    }
}

fn actions_section(
    catalogue: &Catalogue,
    lang: Lang,
    user: &StaffUser,
    id: Uuid,
    actions: &[ActionKind],
) -> Markup {
    html! {
        section aria-labelledby="actions" {
            h2 #actions { (lang.t("actions")) }
            @if actions.is_empty() {
                p { (lang.t("no_actions")) }
            }
            @for action in actions {
                (action_form(catalogue, lang, user, id, *action))
            }
        }
    }
}
