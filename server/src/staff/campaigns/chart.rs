//! The results of one choice or scale question, drawn on the server: a
//! bar chart (SVG, with an accessible name) and a table with the same
//! numbers beside it, for whoever does not see the chart.

use maud::{html, Markup};

use super::super::text::Lang;

/// One option's share.
pub struct Bar {
    pub label: String,
    pub count: u64,
    /// Of those who answered the question (core's `percent`).
    pub percent: u64,
}

const LABEL_WIDTH: u64 = 220;
/// The width of a 100 % bar.
const BAR_SPAN: u64 = 300;
const ROW: u64 = 28;

/// A label short enough for the chart; the table has it whole.
fn short(label: &str) -> String {
    const MAX: usize = 14;
    if label.chars().count() <= MAX {
        label.to_owned()
    } else {
        label.chars().take(MAX - 1).chain(['…']).collect()
    }
}

/// The chart and its table, under `caption`.
pub fn bars(lang: Lang, id: &str, caption: &str, bars: &[Bar]) -> Markup {
    let height = ROW * bars.len() as u64 + 8;
    let width = LABEL_WIDTH + BAR_SPAN + 110;
    let share = |b: &Bar| {
        lang.tf(
            "campaign_count_share",
            &[
                ("count", &b.count.to_string()),
                ("percent", &b.percent.to_string()),
            ],
        )
    };
    html! {
        figure.chart id=(id) {
            figcaption { (caption) }
            svg.bars xmlns="http://www.w3.org/2000/svg" role="img" aria-label=(caption)
                viewBox=(format!("0 0 {width} {height}")) {
                title { (caption) }
                @for (n, b) in bars.iter().enumerate() {
                    @let y = ROW * n as u64 + 4;
                    text x="0" y=(y + 18) font-size="14" { (short(&b.label)) }
                    rect.bar x=(LABEL_WIDTH) y=(y) height="20" fill="#0b5394"
                        width=(b.percent * BAR_SPAN / 100)
                        data-count=(b.count) data-percent=(b.percent) {}
                    text x=(LABEL_WIDTH + b.percent * BAR_SPAN / 100 + 6) y=(y + 18) font-size="14" {
                        (share(b))
                    }
                }
            }
            // On a narrow window the table scrolls in its box (desk.css): a
            // keyboard must be able to reach it to scroll it.
            table.chart-table tabindex="0" aria-label=(caption) {
                thead {
                    tr {
                        th scope="col" { (lang.t("campaign_col_option")) }
                        th scope="col" { (lang.t("campaign_col_count")) }
                        th scope="col" { (lang.t("campaign_col_percent")) }
                    }
                }
                tbody {
                    @for b in bars {
                        tr {
                            th scope="row" { (b.label) }
                            td.count { (b.count) }
                            td.percent { (b.percent) "%" }
                        }
                    }
                }
            }
        }
    }
}
