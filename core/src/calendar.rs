//! Dates as the Regulations count them: whole days in China Standard Time
//! (UTC+8, no daylight saving), and which of them are working days.
//!
//! Working days follow the State Council's yearly holiday notice: weekends
//! are rest days unless the notice makes them make-up working days, and the
//! notice's holidays are rest days even on weekdays. The notices ship as
//! files in `core/calendars/`, one per year, each citing its source.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

/// A civil date, counted as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

/// China Standard Time is UTC+8 all year.
const CHINA_OFFSET_SECONDS: i64 = 8 * 3600;

impl Date {
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Self(era * 146_097 + doe - 719_468))
    }

    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i32::from(month <= 2);
        (year, month, day)
    }

    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// 1 = Monday … 7 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday.
        ((self.0 + 3).rem_euclid(7) + 1) as u32
    }

    pub fn add_days(self, days: i32) -> Self {
        Self(self.0 + days)
    }

    /// Calendar days from `self` to `later` (negative if `later` is earlier).
    pub fn days_until(self, later: Date) -> i32 {
        later.0 - self.0
    }

    /// `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Self::from_ymd(
            s[0..4].parse().ok()?,
            s[5..7].parse().ok()?,
            s[8..10].parse().ok()?,
        )
    }

    /// The date in China of an RFC 3339 instant (`2026-11-28T09:30:00Z`,
    /// with or without fractions, `Z` or a numeric offset).
    pub fn in_china(instant: &str) -> Option<Self> {
        let seconds = unix_seconds(instant)?;
        Some(Self(
            (seconds + CHINA_OFFSET_SECONDS).div_euclid(86_400) as i32
        ))
    }

    /// The instant this day begins in China (its midnight, UTC+8), in
    /// seconds since the Unix epoch: daily quotas count from it and reset
    /// at the next one.
    pub fn china_midnight_unix(self) -> i64 {
        i64::from(self.0) * 86_400 - CHINA_OFFSET_SECONDS
    }

    /// Today in China, from milliseconds since the Unix epoch.
    pub fn in_china_at_unix_ms(ms: f64) -> Self {
        let seconds = (ms / 1000.0).floor() as i64;
        Self((seconds + CHINA_OFFSET_SECONDS).div_euclid(86_400) as i32)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Seconds since the Unix epoch of an RFC 3339 instant (`Z` or a numeric
/// offset, fractions ignored); `None` if it is not one.
pub fn unix_seconds(s: &str) -> Option<i64> {
    let date = Date::parse(s.get(0..10)?)?;
    let rest = s.get(10..)?;
    let rest = rest.strip_prefix('T').or_else(|| rest.strip_prefix('t'))?;
    let num = |r: &str| r.parse::<i64>().ok();
    let (h, m, sec) = (
        num(rest.get(0..2)?)?,
        num(rest.get(3..5)?)?,
        num(rest.get(6..8)?)?,
    );
    if rest.get(2..3)? != ":" || rest.get(5..6)? != ":" || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let mut tail = rest.get(8..)?;
    if let Some(frac) = tail.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        tail = &frac[digits..];
    }
    let offset = match tail {
        "Z" | "z" => 0,
        _ => {
            let sign = match tail.get(0..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            if tail.len() != 6 || tail.get(3..4)? != ":" {
                return None;
            }
            sign * (num(tail.get(1..3)?)? * 3600 + num(tail.get(4..6)?)? * 60)
        }
    };
    Some(i64::from(date.0) * 86_400 + h * 3600 + m * 60 + sec - offset)
}

/// What the holiday notice says about one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayRule {
    /// A public holiday (or a day off moved next to one).
    Holiday,
    /// A weekend day made a working day to make up for a holiday.
    Workday,
}

/// The working-day calendar built from the shipped notices.
#[derive(Debug, Default)]
pub struct Calendar {
    days: BTreeMap<Date, DayRule>,
    years: Vec<i32>,
}

/// The shipped notices, one file per year.
const NOTICES: &[&str] = &[include_str!("../calendars/cn-2026.txt")];

impl Calendar {
    /// China's calendar from the shipped notices, read once.
    pub fn china() -> &'static Calendar {
        static CHINA: OnceLock<Calendar> = OnceLock::new();
        CHINA.get_or_init(|| {
            let mut calendar = Calendar::default();
            for text in NOTICES {
                // The files are part of the build and checked by the tests.
                let _ = calendar.read(text);
            }
            calendar
        })
    }

    /// Reads a notice file: `year YYYY`, then lines
    /// `holiday YYYY-MM-DD[..YYYY-MM-DD] name` and `workday YYYY-MM-DD name`;
    /// `#` starts a comment.
    pub fn read(&mut self, text: &str) -> Result<(), String> {
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let bad = || format!("line {}: cannot read {line:?}", n + 1);
            let mut words = line.split_whitespace();
            let (Some(word), Some(value)) = (words.next(), words.next()) else {
                return Err(bad());
            };
            match word {
                "year" => self.years.push(value.parse().map_err(|_| bad())?),
                "holiday" | "workday" => {
                    let rule = if word == "holiday" {
                        DayRule::Holiday
                    } else {
                        DayRule::Workday
                    };
                    let (first, last) = value.split_once("..").unwrap_or((value, value));
                    let (first, last) = Date::parse(first)
                        .zip(Date::parse(last))
                        .filter(|(a, b)| a <= b)
                        .ok_or_else(bad)?;
                    let mut day = first;
                    while day <= last {
                        self.days.insert(day, rule);
                        day = day.add_days(1);
                    }
                }
                _ => return Err(bad()),
            }
        }
        Ok(())
    }

    /// Whether a notice for this year ships; without one, only weekends
    /// are known to be rest days.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    pub fn rule(&self, day: Date) -> Option<DayRule> {
        self.days.get(&day).copied()
    }

    pub fn is_working_day(&self, day: Date) -> bool {
        match self.rule(day) {
            Some(DayRule::Holiday) => false,
            Some(DayRule::Workday) => true,
            None => day.weekday() <= 5,
        }
    }

    /// The first working day on or after `day`.
    pub fn next_working_day(&self, mut day: Date) -> Date {
        // A notice never has more than a few weeks off in a row.
        for _ in 0..60 {
            if self.is_working_day(day) {
                break;
            }
            day = day.add_days(1);
        }
        day
    }

    /// The day `n` working days after `start` (the start day not counted).
    pub fn add_working_days(&self, start: Date, n: u32) -> Date {
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = day.add_days(1);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn civil_dates_round_trip_across_leap_years_and_centuries() {
        let mut day = d("1999-12-25");
        let mut expected = (1999, 12, 25);
        for _ in 0..(366 * 30) {
            assert_eq!(day.ymd(), expected);
            let next = day.add_days(1);
            let (y, m, dd) = expected;
            expected = if dd < days_in_month(y, m) {
                (y, m, dd + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
            day = next;
        }
        assert_eq!(d("2028-02-29").to_string(), "2028-02-29");
        assert!(Date::parse("2026-02-29").is_none());
        assert!(Date::parse("2100-02-29").is_none());
        assert!(Date::parse("2000-02-29").is_some());
        assert!(Date::parse("2026-13-01").is_none());
        assert!(Date::parse("2026-1-01").is_none());
        assert_eq!(d("1970-01-01").weekday(), 4);
        assert_eq!(d("2026-11-28").weekday(), 6);
        assert_eq!(d("2026-11-30").weekday(), 1);
    }

    #[test]
    fn a_day_in_china_begins_at_sixteen_hundred_utc_the_day_before() {
        let day = Date::from_ymd(2026, 11, 28).unwrap();
        assert_eq!(
            day.china_midnight_unix(),
            unix_seconds("2026-11-27T16:00:00Z").unwrap()
        );
        assert_eq!(
            Date::in_china_at_unix_ms(day.china_midnight_unix() as f64 * 1000.0),
            day
        );
        assert_eq!(
            Date::in_china_at_unix_ms((day.china_midnight_unix() - 1) as f64 * 1000.0),
            day.add_days(-1)
        );
    }

    #[test]
    fn instants_fall_on_the_date_in_china() {
        // 16:00 UTC is midnight in Beijing.
        assert_eq!(
            Date::in_china("2026-01-31T15:59:59Z"),
            Some(d("2026-01-31"))
        );
        assert_eq!(
            Date::in_china("2026-01-31T16:00:00Z"),
            Some(d("2026-02-01"))
        );
        assert_eq!(
            Date::in_china("2026-02-28T23:30:00.123456+08:00"),
            Some(d("2026-02-28"))
        );
        assert_eq!(
            Date::in_china("2026-12-31T20:00:00-05:00"),
            Some(d("2027-01-01"))
        );
        assert_eq!(Date::in_china("2026-12-31"), None);
        assert_eq!(Date::in_china("2026-12-31T25:00:00Z"), None);
        assert_eq!(Date::in_china("2026-12-31T10:00:00+0800"), None);
        assert_eq!(
            Date::in_china_at_unix_ms(1_795_824_000_000.0),
            d("2026-11-28")
        );
    }

    #[test]
    fn the_2026_notice_ships_and_is_read_whole() {
        let cn = Calendar::china();
        assert!(cn.covers(2026));
        assert!(!cn.covers(2027));
        let mut own = Calendar::default();
        own.read(NOTICES[0])
            .expect("the shipped file is well formed");
        let holidays = own
            .days
            .values()
            .filter(|r| **r == DayRule::Holiday)
            .count();
        let workdays = own.days.len() - holidays;
        // 3 + 9 + 3 + 5 + 3 + 3 + 7 days off; 6 make-up working days.
        assert_eq!((holidays, workdays), (33, 6));
        for (day, rule) in &own.days {
            assert_eq!(day.year(), 2026);
            // A make-up working day is always a weekend day.
            if *rule == DayRule::Workday {
                assert!(day.weekday() >= 6, "{day}");
            }
        }
    }

    #[test]
    fn working_days_skip_weekends_and_holidays_and_count_make_up_days() {
        let cn = Calendar::china();
        assert!(!cn.is_working_day(d("2026-10-05")), "National Day week");
        assert!(
            cn.is_working_day(d("2026-10-10")),
            "Saturday made a working day"
        );
        assert!(!cn.is_working_day(d("2026-11-29")), "an ordinary Sunday");
        assert!(cn.is_working_day(d("2026-11-30")));
        // Five working days from Tuesday 29 September 2026: 30 Sep, then the
        // holiday week, then 8, 9, 10 (Saturday, make-up) and 12 October.
        assert_eq!(cn.add_working_days(d("2026-09-29"), 5), d("2026-10-12"));
        assert_eq!(cn.next_working_day(d("2026-10-01")), d("2026-10-08"));
        assert_eq!(cn.next_working_day(d("2026-11-30")), d("2026-11-30"));
    }

    #[test]
    fn malformed_notice_lines_are_refused_with_the_line() {
        let mut c = Calendar::default();
        assert!(c.read("holiday 2026-10-07..2026-10-01 backwards").is_err());
        let err = c.read("year 2030\nrest 2030-01-01").unwrap_err();
        assert!(err.starts_with("line 2"), "{err}");
    }
}
