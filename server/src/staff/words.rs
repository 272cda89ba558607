//! What the desk calls things: one function per kind of name (a petition's
//! kind, a stage, a role, an action, a department, an area, a time), so
//! every page words them the same way. The words come from `text`.

use letterbox_core::deadlines::Standing;
use letterbox_core::lifecycle::{ActionKind, Role};
use letterbox_core::regulations::Rule;
use maud::{html, Markup};

use super::text::Lang;
use crate::catalogue::Catalogue;

/// A petition's kind, from its wire name.
pub fn kind(lang: Lang, kind: &str) -> &'static str {
    lang.t(&format!("kind_{kind}"))
}

/// A case's stage, from its wire name.
pub fn status(lang: Lang, status: &str) -> &'static str {
    lang.t(&format!("status_{status}"))
}

/// A case's stage as a badge, coloured by what it means for the office:
/// in hand, contested by the resident (a review or re-check asked),
/// answered, or over.
pub fn status_badge(lang: Lang, status: &str) -> Markup {
    use letterbox_core::CaseStatus as S;
    let family = match S::parse(status) {
        Some(S::ReviewRequested | S::RecheckRequested) => "waiting",
        Some(s) if s.is_open() => "open",
        Some(S::Replied | S::ReviewAnswered | S::NotAccepted) => "answered",
        _ => "done",
    };
    html! { span class={ "badge " (family) } { (self::status(lang, status)) } }
}

pub fn role(lang: Lang, role: Role) -> &'static str {
    lang.t(&format!("role_{}", role.as_str()))
}

pub fn action(lang: Lang, action: ActionKind) -> &'static str {
    lang.t(&format!("action_{}", action.as_str()))
}

/// A rating's satisfaction, from its wire name.
pub fn satisfaction(lang: Lang, satisfaction: &str) -> &'static str {
    lang.t(&format!("satisfaction_{satisfaction}"))
}

/// Departments by name, in the order given; an unknown code as itself.
pub fn departments(catalogue: &Catalogue, lang: Lang, codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| department(catalogue, lang, c))
        .collect::<Vec<_>>()
        .join(lang.t("list_separator"))
}

pub fn department<'a>(catalogue: &'a Catalogue, lang: Lang, code: &'a str) -> &'a str {
    catalogue
        .categories
        .department(code)
        .map_or(code, |d| lang.pick(&d.name))
}

pub fn category<'a>(catalogue: &'a Catalogue, lang: Lang, code: &'a str) -> &'a str {
    catalogue
        .categories
        .categories
        .iter()
        .find(|c| c.code == code)
        .map_or(code, |c| lang.pick(&c.name))
}

/// District and street by name; empty when the district is unknown.
pub fn area(
    catalogue: &Catalogue,
    lang: Lang,
    district: Option<&str>,
    street: Option<&str>,
) -> String {
    let Some(d) = district.and_then(|d| catalogue.areas.district(d)) else {
        return String::new();
    };
    let mut s = lang.pick(&d.name).to_owned();
    if let Some(st) = street.and_then(|c| d.children.iter().find(|a| a.code == c)) {
        s.push(' ');
        s.push_str(lang.pick(&st.name));
    }
    s
}

/// The article (and paragraph) of the Regulations a rule comes from.
pub fn article(lang: Lang, rule: &Rule) -> String {
    let n = rule.article.to_string();
    match rule.paragraph {
        Some(p) => lang.tf("article_paragraph", &[("n", &n), ("p", &p.to_string())]),
        None => lang.tf("article", &[("n", &n)]),
    }
}

/// An instant as staff in China read it: `2026-11-28 17:30`.
pub fn beijing_time(instant: &str) -> String {
    use time::format_description::well_known::Rfc3339;
    let Ok(t) = time::OffsetDateTime::parse(instant, &Rfc3339) else {
        return instant.to_owned();
    };
    let t = t.to_offset(time::macros::offset!(+8));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// Where a deadline stands, as core decides it (the app shows the same):
/// only an office duty is ever overdue, in red; a resident's window or the
/// objection period of Art. 23 ¶3 just ends.
pub fn standing(lang: Lang, standing: Standing) -> Markup {
    html! {
        @match standing {
            Standing::DaysLeft(n) => (lang.tf("days_left", &[("n", &n.to_string())])),
            Standing::DueToday => (lang.t("due_today")),
            Standing::Overdue(n) => span.overdue { (lang.tf("overdue_by", &[("n", &n.to_string())])) },
            Standing::Ended(date) => (lang.tf("deadline_ended", &[("date", &date.to_string())])),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_are_shown_in_beijing_time() {
        assert_eq!(
            super::beijing_time("2026-11-28T17:30:05.123Z"),
            "2026-11-29 01:30"
        );
        assert_eq!(super::beijing_time("not a time"), "not a time");
    }
}
