//! Every response as CSV (`GET /staff/campaigns/{slug}/responses.csv`):
//! one row per phone (its latest answer), a column per question, with
//! the revision and when it first and last arrived. UTF-8 with a byte-order
//! mark, so spreadsheets read the Chinese right. No device identifier
//! leaves the server; contact answers only for supervisors.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use letterbox_core::campaign::{AnswerValue, Question, Response as Answers};

use super::super::error::{DeskError, OrInternal};
use super::super::text::Lang;
use super::super::user::StaffUser;
use super::super::words;
use super::{load, may, require, Right};
use crate::db;
use crate::state::AppState;

/// Responses read from the database at a time.
const PAGE: i64 = 500;

pub async fn export(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, DeskError> {
    let lang = Lang::from_headers(&headers);
    require(lang, &user, Right::View)?;
    let c = load(&state, &user, lang, &slug).await?;
    let contacts = may(user.role, Right::SeeContacts);
    let columns: Vec<&Question> = c
        .questions
        .iter()
        .filter(|q| contacts || !q.contact)
        .collect();
    let mut out = String::from("\u{feff}");
    let mut header_row = vec![
        lang.t("campaign_csv_revision").to_owned(),
        lang.t("campaign_csv_first_received").to_owned(),
        lang.t("campaign_csv_received").to_owned(),
    ];
    header_row.extend(columns.iter().map(|q| format!("{} {}", q.id, q.prompt.zh)));
    push_row(&mut out, &header_row);
    let mut after = 0;
    loop {
        let page = db::campaigns::export_page(&state.db.read, &slug, after, PAGE)
            .await
            .or_internal(lang)?;
        for r in &page {
            let answers: Answers = serde_json::from_str(&r.content_json)
                .map_err(|e| format!("campaign_responses.content_json: {e}"))
                .or_internal(lang)?;
            let mut row = vec![
                r.revision.to_string(),
                words::beijing_time(&r.first_received_at),
                words::beijing_time(&r.received_at),
            ];
            row.extend(columns.iter().map(|q| cell(q, &answers)));
            push_row(&mut out, &row);
        }
        match page.last() {
            Some(last) if page.len() as i64 == PAGE => after = last.seq,
            _ => break,
        }
    }
    let file = format!("attachment; filename=\"{slug}-responses.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, file),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        out,
    )
        .into_response())
}

/// The answer to `q` as a cell: choices by their Chinese labels (several
/// joined with "; "), a scale point as its number, text as written.
fn cell(q: &Question, answers: &Answers) -> String {
    let Some(answer) = answers.answers.iter().find(|a| a.question == q.id) else {
        return String::new();
    };
    let label = |id: &str| {
        q.kind
            .options()
            .iter()
            .find(|o| o.id == id)
            .map_or(id.to_owned(), |o| o.label.zh.clone())
    };
    match &answer.value {
        AnswerValue::Choice { option } => label(option),
        AnswerValue::Choices { options } => options
            .iter()
            .map(|o| label(o))
            .collect::<Vec<_>>()
            .join("; "),
        AnswerValue::Scale { value } => value.to_string(),
        AnswerValue::Text { text, .. } => text.trim().to_owned(),
    }
}

/// One CSV line (RFC 4180). A cell a spreadsheet would take for a
/// formula (`=`, `+`, `-`, `@`) gets a leading `'`: answers come from the
/// public.
fn push_row(out: &mut String, cells: &[String]) {
    for (n, cell) in cells.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        let guarded = if cell.starts_with(['=', '+', '-', '@']) {
            format!("'{cell}")
        } else {
            cell.clone()
        };
        if guarded.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&guarded.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&guarded);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        let mut out = String::new();
        super::push_row(
            &mut out,
            &[
                "a,b".into(),
                "say \"hi\"".into(),
                "=1+1".into(),
                "plain".into(),
            ],
        );
        assert_eq!(out, "\"a,b\",\"say \"\"hi\"\"\",'=1+1,plain\r\n");
    }
}
