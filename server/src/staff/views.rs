//! The desk's page frame and its shared pieces (header, sign-in form,
//! message page, table heads): plain HTML forms, no script, readable at
//! 200%. Pages put their own content in `page`.

use maud::{html, Markup, DOCTYPE};

use super::cookies::CSRF_FIELD;
use super::text::Lang;
use super::user::StaffUser;
use super::words;

/// The desk's stylesheet, served at `DESK_CSS_PATH` (a file, not an inline
/// style, so the desk's Content-Security-Policy needs no `unsafe-inline`).
pub const DESK_CSS: &str = include_str!("desk.css");
pub const DESK_CSS_PATH: &str = "/staff/desk.css";

/// `GET /staff/desk.css`, open to all (the sign-in page uses it).
pub async fn stylesheet() -> impl axum::response::IntoResponse {
    use axum::http::header;
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        DESK_CSS,
    )
}

pub fn page(lang: Lang, title: &str, user: Option<&StaffUser>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (lang.t("desk_title")) }
                link rel="stylesheet" href=(DESK_CSS_PATH);
            }
            body {
                header {
                    strong { (lang.t("desk_title")) }
                    @if let Some(user) = user {
                        (navigation(lang, user))
                    }
                    form method="post" action="/staff/lang" {
                        @if let Some(user) = user {
                            (csrf_field(user))
                        }
                        input type="hidden" name="to" value=(lang.other().cookie_value());
                        button type="submit" aria-label=(lang.t("switch_language_label")) {
                            (lang.t("switch_language"))
                        }
                    }
                }
                main {
                    h1 { (title) }
                    (body)
                }
            }
        }
    }
}

/// The signed-in header: where to go, who is signed in, and signing out.
fn navigation(lang: Lang, user: &StaffUser) -> Markup {
    let signed_in = lang.tf(
        "signed_in_as",
        &[
            ("name", &user.display_name),
            ("role", words::role(lang, user.role)),
        ],
    );
    html! {
        nav aria-label=(lang.t("desk_title")) {
            a href="/staff" { (lang.t("nav_queue")) }
            a href="/staff?all=1" { (lang.t("nav_all")) }
            a href="/staff/campaigns" { (lang.t("nav_campaigns")) }
            @if user.is_supervisor() {
                a href="/staff/report" { (lang.t("nav_report")) }
            }
        }
        span { (signed_in) }
        form method="post" action="/staff/logout" {
            (csrf_field(user))
            button type="submit" { (lang.t("sign_out")) }
        }
    }
}

/// The hidden field that proves a signed-in form came from the desk's own
/// page (`form::SessionForm` checks it).
pub fn csrf_field(user: &StaffUser) -> Markup {
    html! {
        input type="hidden" name=(CSRF_FIELD) value=(user.csrf);
    }
}

/// A table's column headings, from their keys in the desk's words.
pub fn head_row(lang: Lang, keys: &[&str]) -> Markup {
    html! {
        thead {
            tr {
                @for key in keys {
                    th scope="col" { (lang.t(key)) }
                }
            }
        }
    }
}

pub fn login(lang: Lang, error: Option<String>) -> Markup {
    page(
        lang,
        lang.t("sign_in"),
        None,
        html! {
            @if let Some(e) = error {
                p.error role="alert" { (e) }
            }
            form method="post" action="/staff/login" {
                label for="username" { (lang.t("username")) }
                input #username name="username" autocomplete="username" required;
                label for="password" { (lang.t("password")) }
                input #password name="password" type="password" autocomplete="current-password" required;
                p { button type="submit" { (lang.t("sign_in")) } }
            }
        },
    )
}

pub fn message(
    lang: Lang,
    user: Option<&StaffUser>,
    title: &str,
    text: &str,
    back: Option<(&str, &str)>,
) -> Markup {
    page(
        lang,
        title,
        user,
        html! {
            p role="alert" { (text) }
            @if let Some((href, label)) = back {
                p { a href=(href) { (label) } }
            }
        },
    )
}
