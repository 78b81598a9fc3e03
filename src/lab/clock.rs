//! The lab's clock setting: the real time, or a fixed time typed as epoch milliseconds or as a UTC
//! date and time (`2023-11-14T22:13:20Z`, `2023-11-14 22:13`, seconds and milliseconds optional).

use std::fmt;

use serde::{Deserialize, Serialize};

/// Where `now()` gets its time in the lab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockSetting {
    /// `false`: the browser's current time; `true`: [`ClockSetting::fixed_text`].
    pub fixed: bool,
    /// The fixed time as typed (kept even when it does not parse).
    pub fixed_text: String,
}

impl Default for ClockSetting {
    fn default() -> Self {
        ClockSetting {
            fixed: false,
            fixed_text: "2023-11-14T22:13:20Z".to_string(),
        }
    }
}

impl ClockSetting {
    /// The time to run with: `now_ms` for the real clock, else the parsed fixed time.
    pub fn resolve(&self, now_ms: i64) -> Result<i64, TimeError> {
        if self.fixed {
            parse_time(&self.fixed_text)
        } else {
            Ok(now_ms)
        }
    }
}

/// Why the fixed-time field does not give a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeError {
    Empty,
    /// Digits beyond the range of epoch milliseconds.
    TooLarge,
    /// Neither epoch milliseconds nor a UTC time (the text as typed, trimmed).
    NotATime(String),
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeError::Empty => write!(
                f,
                "enter a time: epoch milliseconds or a UTC time such as 2023-11-14T22:13:20Z"
            ),
            TimeError::TooLarge => write!(f, "the number is too large for epoch milliseconds"),
            TimeError::NotATime(text) => write!(
                f,
                "“{text}” is not a time: use epoch milliseconds or YYYY-MM-DDTHH:MM:SSZ (UTC)"
            ),
        }
    }
}

impl std::error::Error for TimeError {}

/// Parses epoch milliseconds (`1700000000000`, `-5`) or a UTC time `YYYY-MM-DD[T| ]HH:MM[:SS[.fff]][Z]`.
pub fn parse_time(text: &str) -> Result<i64, TimeError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(TimeError::Empty);
    }
    if let Some(digits) = t.strip_prefix('-').or(Some(t)) {
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            return t.parse::<i64>().map_err(|_| TimeError::TooLarge);
        }
    }
    parse_utc(t).ok_or_else(|| TimeError::NotATime(t.to_string()))
}

fn parse_utc(t: &str) -> Option<i64> {
    let t = t
        .strip_suffix('Z')
        .or_else(|| t.strip_suffix('z'))
        .unwrap_or(t);
    let (date, time) = match t.find(['T', 't', ' ']) {
        Some(i) => (t.get(..i)?, t.get(i + 1..)?),
        None => (t, "00:00"),
    };
    let mut d = date.split('-');
    let year: i64 = number(d.next()?, 4)?;
    let month: i64 = number(d.next()?, 2)?;
    let day: i64 = number(d.next()?, 2)?;
    if d.next().is_some()
        || !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
    {
        return None;
    }
    let (hms, millis) = match time.split_once('.') {
        Some((hms, frac)) => {
            if frac.is_empty() || frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let padded = format!("{frac:0<3}");
            (hms, padded.parse::<i64>().ok()?)
        }
        None => (time, 0),
    };
    let mut parts = hms.split(':');
    let hour: i64 = number(parts.next()?, 2)?;
    let minute: i64 = number(parts.next()?, 2)?;
    let second: i64 = match parts.next() {
        Some(s) => number(s, 2)?,
        None => 0,
    };
    if parts.next().is_some() || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(days * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis)
}

/// A field of exactly `width` ASCII digits.
fn number(s: &str, width: usize) -> Option<i64> {
    (s.len() == width && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::format_utc;

    #[test]
    fn parses_epoch_and_utc_times() {
        let cases: &[(&str, i64)] = &[
            ("1700000000000", 1_700_000_000_000),
            (" -5 ", -5),
            ("2023-11-14T22:13:20Z", 1_700_000_000_000),
            ("2023-11-14T22:13:20.5Z", 1_700_000_000_500),
            ("2023-11-14 22:13:20", 1_700_000_000_000),
            ("2023-11-14T22:13", 1_699_999_980_000),
            ("1970-01-01", 0),
            ("2024-02-29T00:00:00Z", 1_709_164_800_000),
        ];
        for (text, ms) in cases {
            assert_eq!(parse_time(text), Ok(*ms), "{text}");
        }
    }

    #[test]
    fn round_trips_with_format_utc() {
        for ms in [0, 1_700_000_000_123, 951_782_400_000, -86_400_000] {
            assert_eq!(parse_time(&format_utc(ms)), Ok(ms));
        }
    }

    #[test]
    fn rejects_what_is_not_a_time() {
        for text in [
            "",
            "yesterday",
            "2023-13-01",
            "2023-02-30",
            "2023-11-14T24:00",
            "2023-11-14T22:13:20.1234Z",
            "99999999999999999999",
            "2023-1-1",
            "--5",
        ] {
            assert!(parse_time(text).is_err(), "{text}");
        }
    }

    #[test]
    fn resolve_uses_now_unless_fixed() {
        let mut c = ClockSetting::default();
        assert_eq!(c.resolve(42), Ok(42));
        c.fixed = true;
        assert_eq!(c.resolve(42), Ok(1_700_000_000_000));
    }
}
