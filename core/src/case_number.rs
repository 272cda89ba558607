//! Case numbers: the form residents read over the phone.

use std::fmt;

/// A human-friendly case number: `LB-<year>-<six digits>`, the sequence
/// restarting each year. Residents read it over the phone, so it has no
/// letters beyond the prefix and a fixed width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CaseNumber {
    pub year: u16,
    pub seq: u32,
}

pub const CASE_NUMBER_PREFIX: &str = "LB";
/// The sequence fits six digits; beyond that the year's numbering is full.
pub const CASE_SEQ_MAX: u32 = 999_999;

impl CaseNumber {
    pub fn new(year: u16, seq: u32) -> Option<Self> {
        (1..=CASE_SEQ_MAX)
            .contains(&seq)
            .then_some(Self { year, seq })
    }

    pub fn parse(s: &str) -> Option<Self> {
        let mut parts = s.trim().split('-');
        let (prefix, year, seq) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || !prefix.eq_ignore_ascii_case(CASE_NUMBER_PREFIX) {
            return None;
        }
        if year.len() != 4 || seq.len() != 6 {
            return None;
        }
        if !year.bytes().chain(seq.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        Self::new(year.parse().ok()?, seq.parse().ok()?)
    }
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{CASE_NUMBER_PREFIX}-{:04}-{:06}", self.year, self.seq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_fixed_width_and_parses_back() {
        let n = CaseNumber::new(2026, 123).unwrap();
        assert_eq!(n.to_string(), "LB-2026-000123");
        assert_eq!(CaseNumber::parse("LB-2026-000123"), Some(n));
        assert_eq!(CaseNumber::parse(" lb-2026-000123 "), Some(n));
    }

    #[test]
    fn refuses_malformed_numbers() {
        for bad in [
            "",
            "LB-2026-123",
            "LB-26-000123",
            "XX-2026-000123",
            "LB-2026-000000",
            "LB-2026-00012a",
            "LB-2026-000123-1",
            "LB-２０２６-000123",
        ] {
            assert_eq!(CaseNumber::parse(bad), None, "{bad}");
        }
        assert_eq!(CaseNumber::new(2026, 0), None);
        assert_eq!(CaseNumber::new(2026, CASE_SEQ_MAX + 1), None);
    }
}
