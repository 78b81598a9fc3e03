//! Java's `DecimalFormat` (English symbols), as Pebble's `numberformat` filter uses it: prefix and
//! suffix text, `0` and `#` digits, `,` grouping, `.` decimals, `%` and `‰`, quoted text, and a
//! `;negative` pattern; rounding is HALF_EVEN on the number's exact value, as Java does. Without a
//! pattern, `NumberFormat.getInstance()`'s `#,##0.###`.

/// A number to format.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    Integer(i64),
    Decimal(f64),
}

const DEFAULT_PATTERN: &str = "#,##0.###";
const MAX_DIGITS: usize = 340;

#[derive(Debug, Clone, PartialEq)]
struct Pattern {
    prefix: String,
    suffix: String,
    negative: Option<(String, String)>,
    min_int: usize,
    min_frac: usize,
    max_frac: usize,
    grouping: Option<usize>,
    always_point: bool,
    multiplier: u32,
}

/// Text outside the number part, with `'…'` quoting; returns (text, multiplier seen).
fn affix(chars: &[char]) -> Result<(String, u32), String> {
    let mut out = String::new();
    let mut mult = 1;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '\'' => {
                if chars.get(i + 1) == Some(&'\'') {
                    out.push('\'');
                    i += 2;
                    continue;
                }
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err("unterminated quote".into()),
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(&q) => {
                            out.push(q);
                            i += 1;
                        }
                    }
                }
                continue;
            }
            '%' => {
                mult = 100;
                out.push('%');
            }
            '\u{2030}' => {
                mult = 1000;
                out.push('\u{2030}');
            }
            '\u{A4}' => {
                return Err(
                    "the currency sign `¤` is not supported here; write the symbol (`$`)".into(),
                )
            }
            c => out.push(c),
        }
        i += 1;
    }
    Ok((out, mult))
}

fn number_char(c: char) -> bool {
    matches!(c, '#' | '0' | ',' | '.')
}

/// Splits one sub-pattern into prefix, number part and suffix (quotes respected): the number
/// part's start and end.
fn split(sub: &[char]) -> (usize, usize) {
    let mut quoted = false;
    let mut start = None;
    for (i, &c) in sub.iter().enumerate() {
        if c == '\'' {
            if start.is_some() {
                return (start.unwrap_or(i), i);
            }
            quoted = !quoted;
        } else if !quoted && number_char(c) {
            start.get_or_insert(i);
        } else if let Some(s) = start {
            return (s, i);
        }
    }
    match start {
        Some(s) => (s, sub.len()),
        None => (sub.len(), sub.len()),
    }
}

fn compile(pattern: &str) -> Result<Pattern, String> {
    let chars: Vec<char> = pattern.chars().collect();
    // The `;` outside quotes separating the negative sub-pattern.
    let mut quoted = false;
    let mut semi = None;
    for (i, c) in chars.iter().enumerate() {
        match c {
            '\'' => quoted = !quoted,
            ';' if !quoted => {
                semi = Some(i);
                break;
            }
            _ => {}
        }
    }
    let positive = &chars[..semi.unwrap_or(chars.len())];
    let (start, end) = split(positive);
    let number: Vec<char> = positive.get(start..end).unwrap_or(&[]).to_vec();
    if number.is_empty() {
        return Err("the pattern has no digits (`#` or `0`)".into());
    }
    if chars.contains(&'E') && !positive.contains(&'\'') {
        return Err("scientific notation (`E`) is not supported here".into());
    }
    let (prefix, m1) = affix(positive.get(..start).unwrap_or(&[]))?;
    let (suffix, m2) = affix(positive.get(end..).unwrap_or(&[]))?;
    let point = number.iter().position(|c| *c == '.');
    if number.iter().filter(|c| **c == '.').count() > 1 {
        return Err("more than one decimal point".into());
    }
    let int_part = &number[..point.unwrap_or(number.len())];
    let frac_part = point.map_or(&[][..], |p| &number[p + 1..]);
    if frac_part.contains(&',') {
        return Err("grouping `,` after the decimal point".into());
    }
    let mut min_int = int_part.iter().filter(|c| **c == '0').count();
    let grouping = int_part
        .iter()
        .rposition(|c| *c == ',')
        .map(|g| int_part.len() - g - 1)
        .filter(|g| *g > 0);
    let min_frac = frac_part.iter().take_while(|c| **c == '0').count();
    let max_frac = frac_part.len();
    if frac_part
        .get(min_frac..)
        .is_some_and(|rest| rest.contains(&'0'))
    {
        return Err("a `0` after a `#` in the decimals".into());
    }
    if min_int == 0 && max_frac == 0 {
        min_int = 1;
    }
    let negative = match semi {
        Some(s) => {
            let sub = &chars[s + 1..];
            let (ns, ne) = split(sub);
            let (np, _) = affix(sub.get(..ns).unwrap_or(&[]))?;
            let (nsuf, _) = affix(sub.get(ne..).unwrap_or(&[]))?;
            Some((np, nsuf))
        }
        None => None,
    };
    Ok(Pattern {
        prefix,
        suffix,
        negative,
        min_int,
        min_frac,
        max_frac,
        grouping,
        always_point: point.is_some() && max_frac == 0,
        multiplier: m1.max(m2),
    })
}

/// The digits of |n| rounded HALF_EVEN to `frac` decimals: (integer digits, decimal digits).
fn digits(n: Number, multiplier: u32, frac: usize) -> Result<(String, String, bool), String> {
    match n {
        Number::Integer(i) => {
            let v = i128::from(i) * i128::from(multiplier);
            Ok((v.unsigned_abs().to_string(), "0".repeat(frac), v < 0))
        }
        Number::Decimal(d) => {
            if !d.is_finite() {
                return Err("not a finite number".into());
            }
            let v = d * f64::from(multiplier);
            // Rust's fixed-precision formatting rounds the exact binary value half to even.
            let text = format!("{:.*}", frac.min(MAX_DIGITS), v.abs());
            let (int, dec) = text.split_once('.').unwrap_or((&text, ""));
            Ok((
                int.to_string(),
                dec.to_string(),
                v.is_sign_negative() && v != 0.0,
            ))
        }
    }
}

/// Formats a number with a `DecimalFormat` pattern (`#,##0.###` when `None`).
pub fn format(n: Number, pattern: Option<&str>) -> Result<String, String> {
    let p = compile(pattern.unwrap_or(DEFAULT_PATTERN))?;
    let (int, dec, negative) = digits(n, p.multiplier, p.max_frac)?;
    let dec = dec.trim_end_matches('0');
    let dec = if dec.len() < p.min_frac {
        format!("{dec:0<width$}", width = p.min_frac)
    } else {
        dec.to_string()
    };
    let int = int.trim_start_matches('0');
    let int = if int.len() < p.min_int {
        format!("{int:0>width$}", width = p.min_int)
    } else {
        int.to_string()
    };
    let negative = negative && (int.bytes().any(|b| b != b'0') || dec.bytes().any(|b| b != b'0'));
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    match p.grouping {
        Some(g) => {
            for (i, c) in int.chars().enumerate() {
                if i > 0 && (int.len() - i) % g == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
        }
        None => grouped.push_str(&int),
    }
    let mut body = grouped;
    if !dec.is_empty() || p.always_point {
        body.push('.');
        body.push_str(&dec);
    }
    if body.is_empty() {
        body.push('0');
    }
    Ok(match (negative, &p.negative) {
        (false, _) => format!("{}{body}{}", p.prefix, p.suffix),
        (true, Some((np, ns))) => format!("{np}{body}{ns}"),
        (true, None) => format!("-{}{body}{}", p.prefix, p.suffix),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(n: f64, p: &str) -> String {
        format(Number::Decimal(n), Some(p)).unwrap()
    }

    #[test]
    fn java_decimal_format() {
        assert_eq!(f(10000.235166, "$#,###,###,##0.00"), "$10,000.24");
        assert_eq!(
            format(Number::Integer(1_000_000), None).unwrap(),
            "1,000,000"
        );
        assert_eq!(
            format(Number::Decimal(1234.5678), None).unwrap(),
            "1,234.568"
        );
        assert_eq!(f(0.125, "0.00"), "0.12");
        assert_eq!(f(0.456, "#.##"), ".46");
        assert_eq!(f(0.0, "#.##"), "0");
        assert_eq!(f(0.25, "0%"), "25%");
        assert_eq!(f(-5.0, "$#,##0.00"), "-$5.00");
        assert_eq!(f(-5.0, "#,##0.00;(#,##0.00)"), "(5.00)");
        assert_eq!(f(7.0, "000"), "007");
        assert!(format(Number::Integer(1), Some("abc")).is_err());
        assert!(format(Number::Integer(1), Some("0.0E0")).is_err());
    }
}
