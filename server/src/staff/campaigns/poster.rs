//! The printable poster for notice boards (`GET
//! /staff/campaigns/{slug}/poster.svg`): the title, a QR code of the
//! link, the link written out and the closing time, on an A4 page (SVG,
//! in millimetres). The poster speaks to residents, so it is in Chinese,
//! with the English title under it when the office wrote one.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use letterbox_core::campaign::Campaign;
use maud::{html, Markup, PreEscaped};
use qrcode::render::svg;
use qrcode::QrCode;

use super::super::error::{DeskError, OrInternal};
use super::super::text::Lang;
use super::super::user::StaffUser;
use super::super::words;
use super::{load, public_link, require, Right};
use crate::state::AppState;

/// A4, in millimetres.
const WIDTH: u32 = 210;
const HEIGHT: u32 = 297;
/// The QR code's side, in millimetres.
const QR_SIDE: u32 = 120;

pub async fn poster(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, DeskError> {
    let lang = Lang::from_headers(&headers);
    require(lang, &user, Right::View)?;
    let campaign = load(&state, &user, lang, &slug).await?;
    let link = public_link(&headers, &slug);
    let qr = qr_svg(&link).or_internal(lang)?;
    let body = poster_svg(&campaign, &link, &qr).into_string();
    Ok((
        [(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")],
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{body}"),
    )
        .into_response())
}

/// The QR code as an `<svg>` element one unit per module, without the
/// XML declaration, to nest in the poster.
fn qr_svg(link: &str) -> Result<(String, u32), qrcode::types::QrError> {
    let code = QrCode::new(link.as_bytes())?;
    let image = code
        .render::<svg::Color>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .build();
    let element = match image.find("<svg") {
        Some(start) => image[start..].to_owned(),
        None => image,
    };
    // The width with the quiet zone of four modules on each side.
    Ok((element, code.width() as u32 + 8))
}

/// A title in lines short enough for the page (Chinese has no spaces to
/// break at, so it is cut by characters).
fn lines(text: &str, per_line: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.chunks(per_line).map(|c| c.iter().collect()).collect()
}

fn poster_svg(c: &Campaign, link: &str, (qr, modules): &(String, u32)) -> Markup {
    let zh = Lang::Zh;
    let title = lines(&c.title.zh, 14);
    let english = lines(&c.title.en, 48);
    let scale = f64::from(QR_SIDE) / f64::from(*modules);
    let qr_x = (WIDTH - QR_SIDE) / 2;
    let qr_y = 40 + 12 * title.len() as u32 + 6 * english.len() as u32;
    let closes = zh.tf(
        "poster_closes",
        &[("at", &words::beijing_time(&c.closes_at))],
    );
    html! {
        svg xmlns="http://www.w3.org/2000/svg" version="1.1"
            width=(format!("{WIDTH}mm")) height=(format!("{HEIGHT}mm"))
            viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img" aria-label=(c.title.zh) {
            title { (c.title.zh) }
            rect x="0" y="0" width=(WIDTH) height=(HEIGHT) fill="#fff" {}
            text x=(WIDTH / 2) y="22" text-anchor="middle" font-size="7" {
                (zh.t("poster_heading"))
            }
            @for (n, line) in title.iter().enumerate() {
                text.title x=(WIDTH / 2) y=(40 + 12 * n as u32) text-anchor="middle"
                    font-size="11" font-weight="bold" { (line) }
            }
            @for (n, line) in english.iter().enumerate() {
                text x=(WIDTH / 2) y=(40 + 12 * title.len() as u32 + 6 * n as u32)
                    text-anchor="middle" font-size="5" { (line) }
            }
            g.qr transform=(format!("translate({qr_x} {qr_y}) scale({scale:.4})")) {
                (PreEscaped(qr))
            }
            text x=(WIDTH / 2) y=(qr_y + QR_SIDE + 12) text-anchor="middle" font-size="7" {
                (zh.t("poster_scan"))
            }
            text x=(WIDTH / 2) y=(qr_y + QR_SIDE + 22) text-anchor="middle" font-size="5" {
                (link)
            }
            text.closes x=(WIDTH / 2) y=(qr_y + QR_SIDE + 34) text-anchor="middle" font-size="7"
                font-weight="bold" { (closes) }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_long_title_is_cut_into_lines() {
        let got = super::lines("渝北区公交线路调整征求意见稿第二轮", 14);
        assert_eq!(got, ["渝北区公交线路调整征求意见稿", "第二轮"]);
        assert!(super::lines("", 14).is_empty());
    }
}
