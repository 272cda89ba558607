//! Case numbers: the form residents read over the phone.

use std::fmt;

/// A human-friendly case number: `LB-<year>-<sequence>`, the sequence
/// restarting each year. Residents read it over the phone, so it has no
/// letters beyond the prefix. The sequence has six digits, zero-padded, up
/// to 999,999; a busier year goes on with seven (`LB-2026-1000000`), then
/// more, so the numbers never run out. Each number has exactly one
/// spelling: a sequence of more than six digits never starts with zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CaseNumber {
    pub year: u16,
    pub seq: u32,
}

pub const CASE_NUMBER_PREFIX: &str = "LB";
/// Digits of the sequence below 1,000,000 (zero-padded).
pub const CASE_SEQ_DIGITS: usize = 6;
/// The largest sequence: nine digits, a billion cases a year, which no
/// office reaches; the format itself has room for more.
pub const CASE_SEQ_MAX: u32 = 999_999_999;
/// Digits of the longest sequence.
const CASE_SEQ_DIGITS_MAX: usize = 9;

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
        if year.len() != 4 || !(CASE_SEQ_DIGITS..=CASE_SEQ_DIGITS_MAX).contains(&seq.len()) {
            return None;
        }
        if !year.bytes().chain(seq.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        // Only the six-digit form is padded: `LB-2026-0000123` is not a
        // second spelling of `LB-2026-000123`.
        if seq.len() > CASE_SEQ_DIGITS && seq.starts_with('0') {
            return None;
        }
        Self::new(year.parse().ok()?, seq.parse().ok()?)
    }
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{CASE_NUMBER_PREFIX}-{:04}-{:0width$}",
            self.year,
            self.seq,
            width = CASE_SEQ_DIGITS
        )
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
    fn past_999999_the_sequence_grows_a_seventh_digit_and_still_parses() {
        let last = CaseNumber::new(2026, 999_999).unwrap();
        assert_eq!(last.to_string(), "LB-2026-999999");
        let next = CaseNumber::new(2026, 1_000_000).unwrap();
        assert_eq!(next.to_string(), "LB-2026-1000000");
        assert_eq!(CaseNumber::parse("LB-2026-1000000"), Some(next));
        assert_eq!(
            CaseNumber::parse("lb-2026-1000001").map(|n| n.seq),
            Some(1_000_001)
        );
        let most = CaseNumber::new(2026, CASE_SEQ_MAX).unwrap();
        assert_eq!(CaseNumber::parse(&most.to_string()), Some(most));
    }

    #[test]
    fn every_number_has_one_spelling() {
        for n in [1, 999_999, 1_000_000, 12_345_678, CASE_SEQ_MAX] {
            let number = CaseNumber::new(2026, n).unwrap();
            assert_eq!(CaseNumber::parse(&number.to_string()), Some(number));
        }
        assert_eq!(CaseNumber::parse("LB-2026-0000123"), None);
        assert_eq!(CaseNumber::parse("LB-2026-0999999"), None);
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
            "LB-2026-1000000000",
        ] {
            assert_eq!(CaseNumber::parse(bad), None, "{bad}");
        }
        assert_eq!(CaseNumber::new(2026, 0), None);
        assert_eq!(CaseNumber::new(2026, CASE_SEQ_MAX + 1), None);
    }
}
