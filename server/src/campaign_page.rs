//! `GET /c/{slug}`: the app's `index.html` with a published campaign's
//! title and introduction already in it, so a chat app's link preview
//! (Open Graph tags) and the first paint show the campaign before the
//! wasm starts. The app removes the `#first-paint` block when it mounts.
//! An unknown or draft campaign gets the ordinary `index.html` (the app
//! says "not found"). Only the page is written here; the app's files and
//! their cache headers stay in `assets`.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use letterbox_core::campaign::{Campaign, CampaignState};
use maud::{html, Markup};

use crate::db;
use crate::state::AppState;

/// The longest description a preview shows; longer introductions are cut.
const DESCRIPTION_MAX_CHARS: usize = 160;

pub async fn page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Ok(index) = tokio::fs::read_to_string(state.dist.join("index.html")).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let campaign = match db::campaigns::by_slug(&state.db.read, &slug).await {
        Ok(Some(stored)) => stored
            .campaign()
            .filter(|c| c.state != CampaignState::Draft),
        Ok(None) => None,
        Err(e) => {
            tracing::error!("campaign page {slug}: {e}");
            None
        }
    };
    let body = match campaign {
        Some(c) => with_campaign(&index, &c, &origin(&headers), english(&headers)),
        None => index,
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            // Like `index.html`: revalidated every time, so an edited
            // title or a new release reaches the phone.
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response()
}

/// The origin the request reached: the office's own name behind any
/// proxy, HTTPS only when the proxy says so. Link previews need absolute
/// URLs.
pub fn origin(headers: &HeaderMap) -> String {
    let value = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let host = value(header::HOST).unwrap_or("localhost");
    let https = value(header::HeaderName::from_static("x-forwarded-proto"))
        .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"));
    let scheme = if https { "https" } else { "http" };
    format!("{scheme}://{host}")
}

/// English words when the browser puts English first (the office's
/// English if it wrote any); Chinese otherwise, as the app does.
fn english(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("en"))
}

fn description(intro: &str) -> String {
    let intro = intro.split_whitespace().collect::<Vec<_>>().join(" ");
    if intro.chars().count() <= DESCRIPTION_MAX_CHARS {
        intro
    } else {
        let cut: String = intro.chars().take(DESCRIPTION_MAX_CHARS - 1).collect();
        format!("{cut}…")
    }
}

fn head(c: &Campaign, origin: &str, english: bool) -> Markup {
    let title = c.title.get(english);
    let description = description(c.intro.get(english));
    html! {
        title { (title) }
        meta name="description" content=(description);
        meta property="og:type" content="website";
        meta property="og:title" content=(title);
        meta property="og:description" content=(description);
        meta property="og:url" content=(format!("{origin}/c/{}", c.slug));
        meta property="og:image" content=(format!("{origin}/icons/icon-512.png"));
    }
}

/// Drawn with the same element names and classes as the app's campaign
/// page, so the app's stylesheet gives it the same look.
fn first_paint(c: &Campaign, english: bool) -> Markup {
    html! {
        div id="first-paint" {
            main {
                h1 { (c.title.get(english)) }
                @for paragraph in c.intro.get(english).split('\n').filter(|p| !p.trim().is_empty()) {
                    p class="campaign-intro" { (paragraph) }
                }
            }
        }
    }
}

/// `index` with the campaign's head tags in place of its `<title>` and
/// its first paint at the start of `<body>`.
fn with_campaign(index: &str, c: &Campaign, origin: &str, english: bool) -> String {
    let head = head(c, origin, english).into_string();
    let mut page = match (index.find("<title>"), index.find("</title>")) {
        (Some(start), Some(end)) if start < end => {
            format!(
                "{}{head}{}",
                &index[..start],
                &index[end + "</title>".len()..]
            )
        }
        _ => match index.find("</head>") {
            Some(at) => format!("{}{head}{}", &index[..at], &index[at..]),
            None => format!("{head}{index}"),
        },
    };
    let block = first_paint(c, english).into_string();
    match page.find("<body>") {
        Some(at) => page.insert_str(at + "<body>".len(), &block),
        None => page.push_str(&block),
    }
    page
}

#[cfg(test)]
mod tests {
    use super::description;

    #[test]
    fn a_long_introduction_is_cut_for_the_preview() {
        assert_eq!(description("一\n\n二  三"), "一 二 三");
        let long = "字".repeat(400);
        let cut = description(&long);
        assert_eq!(cut.chars().count(), 160);
        assert!(cut.ends_with('…'));
    }
}
