//! "You may already have sent this": the resident's own open cases that
//! look like the petition being written. Chinese has no spaces between
//! words, so titles are compared by overlapping character pairs (bigrams);
//! Latin-script words are compared whole.

use std::collections::BTreeSet;

use crate::case::CaseRecord;

/// Two titles sharing at least this share of their terms look alike.
pub const TITLE_OVERLAP_MIN: f64 = 0.3;
/// At most this many cases are shown.
pub const SIMILAR_MAX: usize = 3;

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// The terms of a text: bigrams of each run of Chinese characters (a lone
/// character counts alone), and lower-cased words of everything else.
pub fn terms(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut run: Vec<char> = Vec::new();
    let mut word = String::new();
    let flush_run = |run: &mut Vec<char>, out: &mut BTreeSet<String>| {
        match run.len() {
            0 => {}
            1 => {
                out.insert(run[0].to_string());
            }
            _ => {
                for pair in run.windows(2) {
                    out.insert(pair.iter().collect());
                }
            }
        }
        run.clear();
    };
    let flush_word = |word: &mut String, out: &mut BTreeSet<String>| {
        if word.chars().count() > 1 {
            out.insert(word.to_lowercase());
        }
        word.clear();
    };
    for c in text.chars() {
        if is_cjk(c) {
            flush_word(&mut word, &mut out);
            run.push(c);
        } else if c.is_alphanumeric() {
            flush_run(&mut run, &mut out);
            word.push(c);
        } else {
            flush_run(&mut run, &mut out);
            flush_word(&mut word, &mut out);
        }
    }
    flush_run(&mut run, &mut out);
    flush_word(&mut word, &mut out);
    out
}

/// Shared terms over the smaller set's size: a short new title contained
/// in a longer old one counts as alike.
pub fn title_overlap(a: &str, b: &str) -> f64 {
    let (a, b) = (terms(a), terms(b));
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / smaller as f64
}

/// What the new petition says so far.
#[derive(Debug, Clone, Copy)]
pub struct Probe<'a> {
    pub title: &'a str,
    pub category: Option<&'a str>,
    pub district: Option<&'a str>,
}

/// The cases that look like `probe`, most alike first.
pub fn similar_cases<'c>(probe: Probe<'_>, cases: &'c [CaseRecord]) -> Vec<&'c CaseRecord> {
    let mut scored: Vec<(f64, &CaseRecord)> = cases
        .iter()
        .filter_map(|case| {
            let overlap = title_overlap(probe.title, &case.title);
            let same_place = probe.category.is_some_and(|c| c == case.category)
                && probe
                    .district
                    .is_some_and(|d| case.location.district.as_deref() == Some(d));
            let score = if same_place { overlap + 1.0 } else { overlap };
            (same_place || overlap >= TITLE_OVERLAP_MIN).then_some((score, case))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored
        .into_iter()
        .take(SIMILAR_MAX)
        .map(|(_, c)| c)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Location, PetitionReceipt};
    use crate::{CaseStatus, PetitionKind};

    fn case(id: &str, title: &str, category: &str, district: Option<&str>) -> CaseRecord {
        CaseRecord::from_receipt(PetitionReceipt {
            id: uuid::Uuid::parse_str(id).unwrap(),
            case_number: "LB-2026-000001".into(),
            status: CaseStatus::Received,
            kind: PetitionKind::Complaint,
            title: title.into(),
            body: String::new(),
            category: category.into(),
            location: Location {
                district: district.map(Into::into),
                ..Location::default()
            },
            people_affected: None,
            photos: Vec::new(),
            received_at: "2026-11-28T09:30:00Z".into(),
        })
    }

    #[test]
    fn chinese_titles_are_split_into_character_pairs() {
        let t = terms("小区燃气 gas Supply");
        for expected in ["小区", "区燃", "燃气", "gas", "supply"] {
            assert!(t.contains(expected), "{expected} in {t:?}");
        }
        assert_eq!(terms("水").into_iter().collect::<Vec<_>>(), vec!["水"]);
    }

    #[test]
    fn a_chinese_case_sharing_characters_is_found() {
        let cases = [
            case(
                "019378a2-5b1c-7d3e-8f40-000000000001",
                "小区燃气一直无法开通",
                "utilities",
                Some("500103"),
            ),
            case(
                "019378a2-5b1c-7d3e-8f40-000000000002",
                "公园长椅太少",
                "environment",
                Some("500105"),
            ),
        ];
        let probe = Probe {
            title: "燃气无法开通",
            category: None,
            district: None,
        };
        let found = similar_cases(probe, &cases);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].title, "小区燃气一直无法开通");
        // Unrelated words find nothing.
        let probe = Probe {
            title: "噪音扰民",
            ..probe
        };
        assert!(similar_cases(probe, &cases).is_empty());
    }

    #[test]
    fn same_category_and_district_count_as_alike() {
        let cases = [case(
            "019378a2-5b1c-7d3e-8f40-000000000003",
            "Bus stop needed",
            "transport",
            Some("500103"),
        )];
        let probe = Probe {
            title: "红绿灯时间太短",
            category: Some("transport"),
            district: Some("500103"),
        };
        assert_eq!(similar_cases(probe, &cases).len(), 1);
        let elsewhere = Probe {
            district: Some("500105"),
            ..probe
        };
        assert!(similar_cases(elsewhere, &cases).is_empty());
    }

    #[test]
    fn english_words_overlap_whole() {
        assert!(title_overlap("Water cut for a week", "No water for a week") >= TITLE_OVERLAP_MIN);
        assert_eq!(title_overlap("", "anything"), 0.0);
    }
}
