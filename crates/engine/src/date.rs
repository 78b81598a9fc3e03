//! Java's `SimpleDateFormat` (English locale), as Pebble's `date` filter formats a
//! `java.util.Date` and reads text with `existingFormat`, and the time zones it is given.
//!
//! Assumptions, shown in the reference panel: Flow Designer's JVM runs in UTC (the zone used when
//! `timeZone` is not given and when text carries no offset), and the zone table holds the common
//! zones with today's daylight-saving rules (US, EU, Australia, New Zealand), not the full history.

use super::value::{civil_from_days, days_from_civil};

/// Pebble's pattern when `format` (or `existingFormat`) is not given.
pub const DEFAULT_PATTERN: &str = "yyyy-MM-dd'T'HH:mm:ssZ";

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Daylight-saving rules (today's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dst {
    None,
    /// Second Sunday of March 02:00 to first Sunday of November 02:00, local time.
    Us,
    /// Last Sunday of March to last Sunday of October, 01:00 UTC.
    Eu,
    /// First Sunday of October 02:00 to first Sunday of April 03:00, local time.
    Australia,
    /// Last Sunday of September 02:00 to first Sunday of April 03:00, local time.
    NewZealand,
}

/// (ID, standard offset in minutes, rule, abbreviation, daylight abbreviation).
const ZONES: &[(&str, i32, Dst, &str, &str)] = &[
    ("UTC", 0, Dst::None, "UTC", ""),
    ("Etc/UTC", 0, Dst::None, "UTC", ""),
    ("GMT", 0, Dst::None, "GMT", ""),
    ("Etc/GMT", 0, Dst::None, "GMT", ""),
    ("America/New_York", -300, Dst::Us, "EST", "EDT"),
    ("America/Toronto", -300, Dst::Us, "EST", "EDT"),
    ("America/Chicago", -360, Dst::Us, "CST", "CDT"),
    ("America/Denver", -420, Dst::Us, "MST", "MDT"),
    ("America/Phoenix", -420, Dst::None, "MST", ""),
    ("America/Los_Angeles", -480, Dst::Us, "PST", "PDT"),
    ("America/Vancouver", -480, Dst::Us, "PST", "PDT"),
    ("America/Anchorage", -540, Dst::Us, "AKST", "AKDT"),
    ("Pacific/Honolulu", -600, Dst::None, "HST", ""),
    ("America/Mexico_City", -360, Dst::None, "CST", ""),
    ("America/Bogota", -300, Dst::None, "COT", ""),
    ("America/Sao_Paulo", -180, Dst::None, "BRT", ""),
    ("America/Argentina/Buenos_Aires", -180, Dst::None, "ART", ""),
    ("Europe/London", 0, Dst::Eu, "GMT", "BST"),
    ("Europe/Dublin", 0, Dst::Eu, "GMT", "IST"),
    ("Europe/Lisbon", 0, Dst::Eu, "WET", "WEST"),
    ("Europe/Paris", 60, Dst::Eu, "CET", "CEST"),
    ("Europe/Berlin", 60, Dst::Eu, "CET", "CEST"),
    ("Europe/Madrid", 60, Dst::Eu, "CET", "CEST"),
    ("Europe/Rome", 60, Dst::Eu, "CET", "CEST"),
    ("Europe/Amsterdam", 60, Dst::Eu, "CET", "CEST"),
    ("Europe/Brussels", 60, Dst::Eu, "CET", "CEST"),
    ("Europe/Zurich", 60, Dst::Eu, "CET", "CEST"),
    ("Europe/Vienna", 60, Dst::Eu, "CET", "CEST"),
    ("Europe/Stockholm", 60, Dst::Eu, "CET", "CEST"),
    ("Europe/Oslo", 60, Dst::Eu, "CET", "CEST"),
    ("Europe/Copenhagen", 60, Dst::Eu, "CET", "CEST"),
    ("Europe/Warsaw", 60, Dst::Eu, "CET", "CEST"),
    ("Europe/Prague", 60, Dst::Eu, "CET", "CEST"),
    ("Europe/Budapest", 60, Dst::Eu, "CET", "CEST"),
    ("Europe/Athens", 120, Dst::Eu, "EET", "EEST"),
    ("Europe/Helsinki", 120, Dst::Eu, "EET", "EEST"),
    ("Europe/Kiev", 120, Dst::Eu, "EET", "EEST"),
    ("Europe/Kyiv", 120, Dst::Eu, "EET", "EEST"),
    ("Europe/Bucharest", 120, Dst::Eu, "EET", "EEST"),
    ("Europe/Istanbul", 180, Dst::None, "TRT", ""),
    ("Europe/Moscow", 180, Dst::None, "MSK", ""),
    ("Africa/Johannesburg", 120, Dst::None, "SAST", ""),
    ("Africa/Cairo", 120, Dst::None, "EET", ""),
    ("Africa/Lagos", 60, Dst::None, "WAT", ""),
    ("Africa/Nairobi", 180, Dst::None, "EAT", ""),
    ("Asia/Dubai", 240, Dst::None, "GST", ""),
    ("Asia/Karachi", 300, Dst::None, "PKT", ""),
    ("Asia/Kolkata", 330, Dst::None, "IST", ""),
    ("Asia/Calcutta", 330, Dst::None, "IST", ""),
    ("Asia/Dhaka", 360, Dst::None, "BST", ""),
    ("Asia/Almaty", 360, Dst::None, "ALMT", ""),
    ("Asia/Bangkok", 420, Dst::None, "ICT", ""),
    ("Asia/Jakarta", 420, Dst::None, "WIB", ""),
    ("Asia/Singapore", 480, Dst::None, "SGT", ""),
    ("Asia/Hong_Kong", 480, Dst::None, "HKT", ""),
    ("Asia/Shanghai", 480, Dst::None, "CST", ""),
    ("Asia/Taipei", 480, Dst::None, "CST", ""),
    ("Asia/Manila", 480, Dst::None, "PHT", ""),
    ("Asia/Tokyo", 540, Dst::None, "JST", ""),
    ("Asia/Seoul", 540, Dst::None, "KST", ""),
    ("Australia/Perth", 480, Dst::None, "AWST", ""),
    ("Australia/Brisbane", 600, Dst::None, "AEST", ""),
    ("Australia/Adelaide", 570, Dst::Australia, "ACST", "ACDT"),
    ("Australia/Sydney", 600, Dst::Australia, "AEST", "AEDT"),
    ("Australia/Melbourne", 600, Dst::Australia, "AEST", "AEDT"),
    ("Pacific/Auckland", 720, Dst::NewZealand, "NZST", "NZDT"),
    ("Pacific/Funafuti", 720, Dst::None, "TVT", ""),
];

/// The zone IDs known here, for hints and the reference panel.
pub fn zone_ids() -> impl Iterator<Item = &'static str> {
    ZONES.iter().map(|z| z.0)
}

/// A hint naming some of the known zones.
pub fn zone_hint() -> String {
    format!(
        "zones known here include UTC, GMT+hh:mm, America/New_York, America/Los_Angeles, Europe/London, Europe/Paris, Asia/Kolkata, Australia/Sydney ({} in all, listed in the Condition lab's reference)",
        ZONES.len()
    )
}

/// A time zone: a table entry or a fixed `GMT±hh:mm` offset.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    id: String,
    standard_min: i32,
    dst: Dst,
    abbr: &'static str,
    dst_abbr: &'static str,
}

/// Asia/Almaty moved from +06 to +05 on 2024-03-01 00:00 local time.
const ALMATY_CHANGE_MS: i64 = 1_709_229_600_000;

impl Zone {
    /// UTC, the zone assumed for Flow Designer's JVM.
    pub fn utc() -> Zone {
        Zone {
            id: "UTC".into(),
            standard_min: 0,
            dst: Dst::None,
            abbr: "UTC",
            dst_abbr: "",
        }
    }

    /// A zone by Java ID (`Europe/Paris`, `UTC`, `GMT+05:30`); `None` for an ID Java would not
    /// know either (it then falls back to GMT).
    pub fn named(id: &str) -> Option<Zone> {
        if let Some(&(name, std, dst, abbr, dst_abbr)) = ZONES.iter().find(|z| z.0 == id) {
            return Some(Zone {
                id: name.into(),
                standard_min: std,
                dst,
                abbr,
                dst_abbr,
            });
        }
        let rest = id.strip_prefix("GMT")?;
        let minutes = parse_offset_digits(rest)?;
        Some(Zone {
            id: id.into(),
            standard_min: minutes,
            dst: Dst::None,
            abbr: "",
            dst_abbr: "",
        })
    }

    /// The offset from UTC at an instant, in minutes, and whether daylight time applies.
    fn offset_at(&self, ms: i64) -> (i32, bool) {
        let std = if self.id == "Asia/Almaty" && ms >= ALMATY_CHANGE_MS {
            300
        } else {
            self.standard_min
        };
        let year = civil_from_days(ms.div_euclid(86_400_000)).0;
        let local = |y: i64, m: u32, d: u32, hour: i64, offset: i32| {
            (days_from_civil(y, m, d) * 86_400 + hour * 3600 - i64::from(offset) * 60) * 1000
        };
        let in_dst = match self.dst {
            Dst::None => false,
            Dst::Us => {
                let start = local(year, 3, nth_sunday(year, 3, 2), 2, std);
                let end = local(year, 11, nth_sunday(year, 11, 1), 2, std + 60);
                ms >= start && ms < end
            }
            Dst::Eu => {
                let start = local(year, 3, last_sunday(year, 3), 1, 0);
                let end = local(year, 10, last_sunday(year, 10), 1, 0);
                ms >= start && ms < end
            }
            Dst::Australia => {
                let end = local(year, 4, nth_sunday(year, 4, 1), 3, std + 60);
                let start = local(year, 10, nth_sunday(year, 10, 1), 2, std);
                ms < end || ms >= start
            }
            Dst::NewZealand => {
                let end = local(year, 4, nth_sunday(year, 4, 1), 3, std + 60);
                let start = local(year, 9, last_sunday(year, 9), 2, std);
                ms < end || ms >= start
            }
        };
        (if in_dst { std + 60 } else { std }, in_dst)
    }

    /// Java's short name (`z`): the abbreviation, or `GMT+hh:mm`.
    fn short_name(&self, offset: i32, dst: bool) -> String {
        let abbr = if dst { self.dst_abbr } else { self.abbr };
        if abbr.is_empty() {
            format!("GMT{}", offset_text(offset, true, true))
        } else {
            abbr.to_string()
        }
    }
}

/// `+05:30`, `+0530`, `+5` after `GMT`: minutes east of UTC.
fn parse_offset_digits(rest: &str) -> Option<i32> {
    let sign = match rest.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let digits = rest.get(1..)?;
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None if digits.len() > 2 => (
            digits.get(..digits.len() - 2)?,
            digits.get(digits.len() - 2..)?,
        ),
        None => (digits, "0"),
    };
    if h.is_empty()
        || h.len() > 2
        || !h.bytes().all(|b| b.is_ascii_digit())
        || !m.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 23 && m <= 59).then_some(sign * (h * 60 + m))
}

/// Day of the week, 0 = Monday.
fn weekday(days: i64) -> i64 {
    (days + 3).rem_euclid(7)
}

fn nth_sunday(year: i64, month: u32, n: u32) -> u32 {
    let first = days_from_civil(year, month, 1);
    let to_sunday = (6 - weekday(first)).rem_euclid(7);
    1 + u32::try_from(to_sunday).unwrap_or(0) + 7 * (n - 1)
}

fn last_sunday(year: i64, month: u32) -> u32 {
    let next = if month == 12 {
        days_from_civil(year + 1, 1, 1)
    } else {
        days_from_civil(year, month + 1, 1)
    };
    let last = next - 1;
    let back = (weekday(last) + 1).rem_euclid(7);
    civil_from_days(last - back).2
}

/// `+0530` (`colon`: `+05:30`); `short` drops the minutes when they are zero (`X`).
fn offset_text(minutes: i32, colon: bool, _full: bool) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.abs();
    if colon {
        format!("{sign}{:02}:{:02}", m / 60, m % 60)
    } else {
        format!("{sign}{:02}{:02}", m / 60, m % 60)
    }
}

/// A pattern piece: a letter repeated `count` times, or literal text.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Field(char, usize),
    Text(String),
}

/// Splits a `SimpleDateFormat` pattern; an unknown letter is an error, as in Java.
fn pieces(pattern: &str) -> Result<Vec<Piece>, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut text = String::new();
    while let Some(&c) = chars.get(i) {
        if c == '\'' {
            if chars.get(i + 1) == Some(&'\'') {
                text.push('\'');
                i += 2;
                continue;
            }
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err("unterminated quote in the pattern".into()),
                    Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                        text.push('\'');
                        i += 2;
                    }
                    Some('\'') => {
                        i += 1;
                        break;
                    }
                    Some(&q) => {
                        text.push(q);
                        i += 1;
                    }
                }
            }
        } else if c.is_ascii_alphabetic() {
            if !"GyYMLwWDdFEuaHkKhmsSzZX".contains(c) {
                return Err(format!("illegal pattern character '{c}'"));
            }
            if !text.is_empty() {
                out.push(Piece::Text(std::mem::take(&mut text)));
            }
            let mut n = 1;
            while chars.get(i + n) == Some(&c) {
                n += 1;
            }
            if c == 'X' && n > 3 {
                return Err("too many pattern letters: X".into());
            }
            out.push(Piece::Field(c, n));
            i += n;
        } else {
            text.push(c);
            i += 1;
        }
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    Ok(out)
}

fn pad(n: i64, width: usize) -> String {
    if n < 0 {
        format!("-{:0width$}", -n, width = width)
    } else {
        format!("{n:0width$}")
    }
}

/// US week fields (weeks start on Sunday; week 1 holds January 1): (week year, week of year).
fn us_week(days: i64) -> (i64, i64) {
    let (year, _, _) = civil_from_days(days);
    let week_start = |d: i64| d - (weekday(d) + 1).rem_euclid(7);
    let next_jan1 = days_from_civil(year + 1, 1, 1);
    if week_start(days) == week_start(next_jan1) {
        return (year + 1, 1);
    }
    let jan1 = days_from_civil(year, 1, 1);
    (year, (week_start(days) - week_start(jan1)) / 7 + 1)
}

/// Instants handled: ±100 000 years around 1970 (Java's `Date` reaches further; no flow does).
const MAX_ABS_MS: i64 = 3_155_760_000_000_000;

/// Whether an instant is within the range this module formats.
pub fn in_range(ms: i64) -> bool {
    (-MAX_ABS_MS..=MAX_ABS_MS).contains(&ms)
}

/// Formats epoch milliseconds with a `SimpleDateFormat` pattern in a zone.
pub fn format(ms: i64, pattern: &str, zone: &Zone) -> Result<String, String> {
    if !(-MAX_ABS_MS..=MAX_ABS_MS).contains(&ms) {
        return Err(format!("{ms} ms is more than 100 000 years from 1970"));
    }
    let (offset, dst) = zone.offset_at(ms);
    let local = ms + i64::from(offset) * 60_000;
    let days = local.div_euclid(86_400_000);
    let in_day = local.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    let (hour, minute, second, milli) = (
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000,
    );
    let wd = weekday(days);
    let mut out = String::new();
    for piece in pieces(pattern)? {
        let (c, n) = match piece {
            Piece::Text(t) => {
                out.push_str(&t);
                continue;
            }
            Piece::Field(c, n) => (c, n),
        };
        let text = match c {
            'G' => if year > 0 { "AD" } else { "BC" }.to_string(),
            'y' | 'Y' => {
                let y = if c == 'Y' { us_week(days).0 } else { year };
                if n == 2 {
                    pad(y.rem_euclid(100), 2)
                } else {
                    pad(y, n)
                }
            }
            'M' | 'L' => {
                let name = MONTHS.get(month as usize - 1).copied().unwrap_or("");
                match n {
                    1 | 2 => pad(i64::from(month), n),
                    3 => name.chars().take(3).collect(),
                    _ => name.to_string(),
                }
            }
            'w' => pad(us_week(days).1, n),
            'W' => {
                let first = days_from_civil(year, month, 1);
                pad(
                    (i64::from(day) - 1 + (weekday(first) + 1).rem_euclid(7)) / 7 + 1,
                    n,
                )
            }
            'D' => pad(days - days_from_civil(year, 1, 1) + 1, n),
            'd' => pad(i64::from(day), n),
            'F' => pad((i64::from(day) - 1) / 7 + 1, n),
            'E' => {
                let name = DAYS
                    .get(usize::try_from(wd).unwrap_or(0))
                    .copied()
                    .unwrap_or("");
                if n >= 4 {
                    name.to_string()
                } else {
                    name.chars().take(3).collect()
                }
            }
            'u' => pad(wd + 1, n),
            'a' => if hour < 12 { "AM" } else { "PM" }.to_string(),
            'H' => pad(hour, n),
            'k' => pad(if hour == 0 { 24 } else { hour }, n),
            'K' => pad(hour % 12, n),
            'h' => pad(if hour % 12 == 0 { 12 } else { hour % 12 }, n),
            'm' => pad(minute, n),
            's' => pad(second, n),
            'S' => pad(milli, n),
            'z' => zone.short_name(offset, dst),
            'Z' => offset_text(offset, false, true),
            'X' => {
                if offset == 0 {
                    "Z".to_string()
                } else {
                    match n {
                        1 => {
                            let sign = if offset < 0 { '-' } else { '+' };
                            format!("{sign}{:02}", offset.abs() / 60)
                        }
                        2 => offset_text(offset, false, true),
                        _ => offset_text(offset, true, true),
                    }
                }
            }
            other => return Err(format!("illegal pattern character '{other}'")),
        };
        out.push_str(&text);
        if out.len() > super::MAX_OUTPUT_LEN {
            return Err("the formatted date is too long".into());
        }
    }
    Ok(out)
}

/// Reads text with a `SimpleDateFormat` pattern (lenient, as `parse(String)`: out-of-range
/// fields roll over, text after the pattern is ignored); epoch milliseconds. Text without an
/// offset is read as UTC; two-digit years are placed within 80 years before and 20 after `now`.
pub fn parse(text: &str, pattern: &str, now_ms: i64) -> Result<i64, String> {
    let ps = pieces(pattern)?;
    let chars: Vec<char> = text.chars().collect();
    let mut pos = 0usize;
    let (mut year, mut month, mut day) = (1970i64, 1i64, 1i64);
    let (mut hour, mut minute, mut second, mut milli) = (0i64, 0i64, 0i64, 0i64);
    let mut pm: Option<bool> = None;
    let mut twelve_hour = false;
    let mut offset: Option<i64> = None;
    let numeric = |p: &Piece| match p {
        Piece::Field(c, n) => {
            !(matches!(c, 'E' | 'a' | 'z' | 'Z' | 'X' | 'G') || (matches!(c, 'M' | 'L') && *n >= 3))
        }
        Piece::Text(_) => false,
    };
    for (i, piece) in ps.iter().enumerate() {
        let here = pos;
        let fail = |what: &str| format!("expected {what} at character {}", here + 1);
        match piece {
            Piece::Text(t) => {
                for tc in t.chars() {
                    match chars.get(pos) {
                        Some(c) if *c == tc => pos += 1,
                        _ => return Err(fail(&format!("\"{t}\""))),
                    }
                }
            }
            Piece::Field(c, n) => {
                if numeric(piece) {
                    // Abutting numeric fields (`yyyyMMdd`) take exactly their width.
                    let abut = ps.get(i + 1).is_some_and(numeric);
                    let negative = chars.get(pos) == Some(&'-') && matches!(c, 'y' | 'Y');
                    if negative {
                        pos += 1;
                    }
                    let start = pos;
                    while chars.get(pos).is_some_and(char::is_ascii_digit)
                        && (!abut || pos - start < *n)
                    {
                        pos += 1;
                    }
                    if pos == start || pos - start > 18 {
                        return Err(fail("a number"));
                    }
                    let digits: String = chars.get(start..pos).unwrap_or(&[]).iter().collect();
                    let mut v: i64 = digits.parse().map_err(|_| fail("a number"))?;
                    if negative {
                        v = -v;
                    }
                    match c {
                        'y' | 'Y' => {
                            year = if *n <= 2 && pos - start == 2 && !negative {
                                let now_year = civil_from_days(now_ms.div_euclid(86_400_000)).0;
                                let base = now_year - 80;
                                let mut y = base - base.rem_euclid(100) + v;
                                if y < base {
                                    y += 100;
                                }
                                y
                            } else {
                                v
                            }
                        }
                        'M' | 'L' => month = v,
                        'd' => day = v,
                        'D' => {
                            month = 1;
                            day = v;
                        }
                        'H' | 'k' => hour = if *c == 'k' && v == 24 { 0 } else { v },
                        'h' | 'K' => {
                            twelve_hour = true;
                            hour = if *c == 'h' && v == 12 { 0 } else { v };
                        }
                        'm' => minute = v,
                        's' => second = v,
                        'S' => milli = v,
                        // Week fields and day numbers do not change the date here.
                        _ => {}
                    }
                } else {
                    let rest: String = chars.get(pos..).unwrap_or(&[]).iter().collect();
                    let starts = |word: &str| {
                        rest.get(..word.len())
                            .is_some_and(|r| r.eq_ignore_ascii_case(word))
                    };
                    match c {
                        'M' | 'L' => {
                            let found = MONTHS.iter().enumerate().find_map(|(k, name)| {
                                if starts(name) {
                                    Some((k, name.len()))
                                } else if starts(&name[..3]) {
                                    Some((k, 3))
                                } else {
                                    None
                                }
                            });
                            let Some((k, len)) = found else {
                                return Err(fail("a month name"));
                            };
                            month = i64::try_from(k).unwrap_or(0) + 1;
                            pos += len;
                        }
                        'E' => {
                            let found = DAYS.iter().find_map(|name| {
                                if starts(name) {
                                    Some(name.len())
                                } else if starts(&name[..3]) {
                                    Some(3)
                                } else {
                                    None
                                }
                            });
                            let Some(len) = found else {
                                return Err(fail("a day name"));
                            };
                            pos += len;
                        }
                        'a' => {
                            if starts("AM") {
                                pm = Some(false);
                            } else if starts("PM") {
                                pm = Some(true);
                            } else {
                                return Err(fail("AM or PM"));
                            }
                            pos += 2;
                        }
                        'G' => {
                            if starts("AD") || starts("BC") {
                                pos += 2;
                            } else {
                                return Err(fail("AD or BC"));
                            }
                        }
                        _ => {
                            let (minutes, len) = parse_zone_text(&rest)
                                .ok_or_else(|| fail("a time zone such as +0000, Z or UTC"))?;
                            offset = Some(i64::from(minutes));
                            pos += len;
                        }
                    }
                }
            }
        }
    }
    if twelve_hour && pm == Some(true) {
        hour += 12;
    }
    // Lenient: months and days outside their range roll over. Fields are bounded first (each has
    // at most 18 digits), and the sum is done in 128 bits, so no value overflows.
    let out_of_range = || "the date is more than 100 000 years from 1970".to_string();
    if year.abs() > 200_000 || month.abs() > 2_400_000 || day.abs() > 73_000_000 {
        return Err(out_of_range());
    }
    let m0 = month - 1;
    let y = year + m0.div_euclid(12);
    let m = u32::try_from(m0.rem_euclid(12) + 1).unwrap_or(1);
    let days = i128::from(days_from_civil(y, m, 1)) + i128::from(day) - 1;
    let ms =
        (days * 86_400 + i128::from(hour) * 3600 + i128::from(minute) * 60 + i128::from(second))
            * 1000
            + i128::from(milli)
            - i128::from(offset.unwrap_or(0)) * 60_000;
    i64::try_from(ms)
        .ok()
        .filter(|ms| (-MAX_ABS_MS..=MAX_ABS_MS).contains(ms))
        .ok_or_else(out_of_range)
}

/// A zone in text: `Z`, `+hh:mm`, `+hhmm`, `+hh`, `GMT+hh:mm`, or an abbreviation; (minutes,
/// characters read).
fn parse_zone_text(rest: &str) -> Option<(i32, usize)> {
    if rest.starts_with('Z') {
        return Some((0, 1));
    }
    for prefix in ["GMT", "UTC", ""] {
        let Some(after) = rest.strip_prefix(prefix) else {
            continue;
        };
        let sign = match after.chars().next() {
            Some('+') => 1,
            Some('-') => -1,
            _ if !prefix.is_empty() => return Some((0, prefix.len())),
            _ => continue,
        };
        let digits: String = after
            .chars()
            .skip(1)
            .take_while(|c| c.is_ascii_digit() || *c == ':')
            .take(5)
            .collect();
        let clean: String = digits.chars().filter(char::is_ascii_digit).collect();
        let (h, m) = match clean.len() {
            1 | 2 => (clean.parse::<i32>().ok()?, 0),
            3 | 4 => (
                clean.get(..clean.len() - 2)?.parse::<i32>().ok()?,
                clean.get(clean.len() - 2..)?.parse::<i32>().ok()?,
            ),
            _ => return None,
        };
        return Some((sign * (h * 60 + m), prefix.len() + 1 + digits.len()));
    }
    ZONES.iter().filter(|z| !z.3.is_empty()).find_map(|z| {
        if rest.starts_with(z.3) {
            Some((z.1, z.3.len()))
        } else if !z.4.is_empty() && rest.starts_with(z.4) {
            Some((z.1 + 60, z.4.len()))
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const JULY_1_2012: i64 = 1_341_100_800_000;

    #[test]
    fn formats_the_java_way() {
        let utc = Zone::utc();
        assert_eq!(
            format(JULY_1_2012, "MM/dd/yyyy", &utc).unwrap(),
            "07/01/2012"
        );
        assert_eq!(
            format(JULY_1_2012, "yyyy-MMMM-d", &utc).unwrap(),
            "2012-July-1"
        );
        assert_eq!(
            format(JULY_1_2012, DEFAULT_PATTERN, &utc).unwrap(),
            "2012-07-01T00:00:00+0000"
        );
        assert_eq!(
            format(JULY_1_2012, "EEE, d MMM yy h:mm a", &utc).unwrap(),
            "Sun, 1 Jul 12 12:00 AM"
        );
        assert!(format(0, "yyyy-bb", &utc).is_err());
    }

    #[test]
    fn zones_and_daylight_time() {
        let ny = Zone::named("America/New_York").unwrap();
        // 2024-07-01 12:00 UTC is 08:00 EDT; 2024-01-15 12:00 UTC is 07:00 EST.
        assert_eq!(
            format(1_719_835_200_000, "HH:mm z", &ny).unwrap(),
            "08:00 EDT"
        );
        assert_eq!(
            format(1_705_320_000_000, "HH:mm z", &ny).unwrap(),
            "07:00 EST"
        );
        let almaty = Zone::named("Asia/Almaty").unwrap();
        assert_eq!(
            format(1_595_853_935_000, DEFAULT_PATTERN, &almaty).unwrap(),
            "2020-07-27T18:45:35+0600"
        );
        assert_eq!(Zone::named("GMT+05:30").unwrap().standard_min, 330);
        assert!(Zone::named("Mars/Olympus").is_none());
    }

    #[test]
    fn parses_leniently() {
        assert_eq!(parse("2012-July-1", "yyyy-MMMM-d", 0).unwrap(), JULY_1_2012);
        assert_eq!(
            parse("2004-02-12T15:19:21+0400", DEFAULT_PATTERN, 0).unwrap(),
            1_076_584_761_000
        );
        assert_eq!(parse("20120701", "yyyyMMdd", 0).unwrap(), JULY_1_2012);
        assert_eq!(parse("2012-06-31", "yyyy-MM-dd", 0).unwrap(), JULY_1_2012);
        assert!(parse("July", "yyyy", 0).is_err());
    }
}
