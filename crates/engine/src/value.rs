//! The value model: what a flow variable or an expression holds, Flow Designer's variable types, and
//! the conversions between them (Set Variable, Parse Settings, defaults stored as text).

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// A value as the engine sees it.
///
/// JSON scalars are normalised on the way in ([`Value::from_json`]): a JSON string becomes a
/// [`Value::String`], a JSON number an [`Value::Integer`] or [`Value::Decimal`], so `Json` normally holds
/// an object or an array.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "value")]
pub enum Value {
    Null,
    Boolean(bool),
    Integer(i64),
    Decimal(f64),
    String(String),
    /// Milliseconds since the Unix epoch (UTC).
    DateTime(i64),
    Json(serde_json::Value),
}

impl Value {
    /// Pebble printing: null → "", booleans lower-case, decimals like Java's `Double.toString`
    /// (`2.0`, `1.0E7`), date-times as ISO 8601 UTC, JSON as compact JSON text.
    pub fn to_text(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Boolean(b) => b.to_string(),
            Value::Integer(i) => i.to_string(),
            Value::Decimal(d) => format_decimal(*d),
            Value::String(s) => s.clone(),
            Value::DateTime(ms) => format_datetime(*ms),
            Value::Json(j) => match j {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            },
        }
    }

    /// How Pebble prints the value: [`Value::to_text`] for scalars, lists and maps the Java way
    /// (`[a, b]`, `{key=value}`, an item that is null prints as `null`). Map entries print in key
    /// order (a Java `HashMap` prints in hash order; see the README's engine notes).
    pub fn print(&self) -> String {
        match self {
            Value::Json(j @ (serde_json::Value::Array(_) | serde_json::Value::Object(_))) => {
                let mut out = String::new();
                print_java(j, &mut out);
                out
            }
            other => other.to_text(),
        }
    }

    /// The Flow Designer type name (`STRING`, `INTEGER`, …), or `NULL`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Boolean(_) => "BOOLEAN",
            Value::Integer(_) => "INTEGER",
            Value::Decimal(_) => "DECIMAL",
            Value::String(_) => "STRING",
            Value::DateTime(_) => "DATETIME",
            Value::Json(_) => "JSON",
        }
    }

    /// Converts a JSON value, normalising scalars (see the type's documentation).
    pub fn from_json(j: serde_json::Value) -> Value {
        match j {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Boolean(b),
            serde_json::Value::Number(n) => number_value(&n),
            serde_json::Value::String(s) => Value::String(s),
            other => Value::Json(other),
        }
    }

    /// Like [`Value::from_json`] for a borrowed JSON value.
    pub fn from_json_ref(j: &serde_json::Value) -> Value {
        match j {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Boolean(*b),
            serde_json::Value::Number(n) => number_value(n),
            serde_json::Value::String(s) => Value::String(s.clone()),
            other => Value::Json(other.clone()),
        }
    }

    /// The value as JSON (date-times become epoch milliseconds, non-finite decimals null).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Boolean(b) => serde_json::Value::Bool(*b),
            Value::Integer(i) => serde_json::Value::from(*i),
            Value::Decimal(d) => serde_json::Number::from_f64(*d)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::DateTime(ms) => serde_json::Value::from(*ms),
            Value::Json(j) => j.clone(),
        }
    }

    /// True for integers and decimals.
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Integer(_) | Value::Decimal(_))
    }

    /// The number as f64, for integers and decimals.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Integer(i) => Some(*i as f64),
            Value::Decimal(d) => Some(*d),
            _ => None,
        }
    }

    /// Pebble's truthiness (`TypeUtils.compatibleCast(value, Boolean.class)`, used by `and`, `or`,
    /// `not`, the ternary and `{% if %}`): null is false, a boolean is itself, a number is true
    /// unless 0, a string is true unless empty (`"false"` is true). `None` for lists, maps and
    /// date-times, which Pebble refuses with a `ClassCastException`, and for NaN, which Pebble 3.2
    /// refuses too.
    pub fn truthiness(&self) -> Option<bool> {
        match self {
            Value::Null => Some(false),
            Value::Boolean(b) => Some(*b),
            Value::Integer(i) => Some(*i != 0),
            // Pebble 3.2 throws on NaN here (4.1.0 made it false).
            Value::Decimal(d) if d.is_nan() => None,
            Value::Decimal(d) => Some(*d != 0.0),
            Value::String(s) => Some(!s.is_empty()),
            Value::DateTime(_) => None,
            Value::Json(j) => match j {
                serde_json::Value::Array(_) | serde_json::Value::Object(_) => None,
                scalar => Value::from_json_ref(scalar).truthiness(),
            },
        }
    }

    /// A short display for messages: strings quoted, others as printed (`null` for null).
    pub fn describe(&self) -> String {
        match self {
            Value::Null => "null".to_string(),
            Value::String(s) => {
                let mut out = String::with_capacity(s.len() + 2);
                out.push('"');
                for c in s.chars().take(60) {
                    out.push(c);
                }
                if s.chars().count() > 60 {
                    out.push('…');
                }
                out.push('"');
                out
            }
            other => {
                let t = other.print();
                if t.chars().count() > 60 {
                    let mut s: String = t.chars().take(60).collect();
                    s.push('…');
                    s
                } else {
                    t
                }
            }
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

/// Longest text [`print_java`] builds; the rest is cut (the evaluator bounds output separately).
const MAX_PRINTED: usize = super::MAX_OUTPUT_LEN + 1;

/// Java's `AbstractCollection.toString` / `AbstractMap.toString` for JSON arrays and objects.
fn print_java(j: &serde_json::Value, out: &mut String) {
    if out.len() > MAX_PRINTED {
        return;
    }
    match j {
        serde_json::Value::Null => out.push_str("null"),
        serde_json::Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                print_java(item, out);
                if out.len() > MAX_PRINTED {
                    return;
                }
            }
            out.push(']');
        }
        serde_json::Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push('=');
                print_java(v, out);
                if out.len() > MAX_PRINTED {
                    return;
                }
            }
            out.push('}');
        }
        scalar => out.push_str(&Value::from_json_ref(scalar).to_text()),
    }
}

fn number_value(n: &serde_json::Number) -> Value {
    if let Some(i) = n.as_i64() {
        Value::Integer(i)
    } else {
        Value::Decimal(n.as_f64().unwrap_or(f64::NAN))
    }
}

/// Java `Double.toString`-like formatting: `2.0`, `0.001`, `1.0E7`, `1.5E-4`, `NaN`, `Infinity`.
pub fn format_decimal(d: f64) -> String {
    if d.is_nan() {
        return "NaN".to_string();
    }
    if d.is_infinite() {
        return if d > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    let abs = d.abs();
    if d == 0.0 || (1e-3..1e7).contains(&abs) {
        let s = format!("{d}");
        if s.contains('.') {
            s
        } else {
            format!("{s}.0")
        }
    } else {
        // Rust's `{:e}` gives the shortest round-tripping mantissa: `1.5e-4`, `1e7`.
        let s = format!("{d:e}");
        match s.split_once('e') {
            Some((mantissa, exp)) => {
                let mantissa = if mantissa.contains('.') {
                    mantissa.to_string()
                } else {
                    format!("{mantissa}.0")
                };
                format!("{mantissa}E{exp}")
            }
            None => s,
        }
    }
}

/// Formats epoch milliseconds as ISO 8601 UTC, `2024-06-01T12:00:00.000Z`.
pub fn format_datetime(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let millis = ms.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        sod / 3600,
        (sod / 60) % 60,
        sod % 60
    )
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z` (or `+00:00`, or a date alone) into epoch milliseconds.
pub fn parse_datetime(text: &str) -> Option<i64> {
    let t = text.trim();
    let b = t.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let s = t.get(from..from + len)?;
        if s.bytes().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    let y = num(0, 4)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let mo = u32::try_from(num(5, 2)?).ok()?;
    let d = u32::try_from(num(8, 2)?).ok()?;
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let days = days_from_civil(y, mo, d);
    if b.len() == 10 {
        return Some(days * 86_400_000);
    }
    if !matches!(b.get(10), Some(b'T') | Some(b' ')) || b.get(13) != Some(&b':') {
        return None;
    }
    let h = num(11, 2)?;
    let mi = num(14, 2)?;
    let mut pos = 16;
    let mut s = 0;
    if b.get(16) == Some(&b':') {
        s = num(17, 2)?;
        pos = 19;
    }
    let mut millis = 0i64;
    if b.get(pos) == Some(&b'.') {
        pos += 1;
        let start = pos;
        while b.get(pos).is_some_and(|c| c.is_ascii_digit()) {
            pos += 1;
        }
        let frac = t.get(start..pos)?;
        if frac.is_empty() {
            return None;
        }
        let mut digits: String = frac.chars().take(3).collect();
        while digits.len() < 3 {
            digits.push('0');
        }
        millis = digits.parse().ok()?;
    }
    let rest = t.get(pos..)?;
    let offset_min: i64 = match rest {
        "" | "Z" | "z" => 0,
        r if r.len() == 6 && (r.starts_with('+') || r.starts_with('-')) => {
            let oh: i64 = r.get(1..3)?.parse().ok()?;
            let om: i64 = r.get(4..6)?.parse().ok()?;
            let sign = if r.starts_with('-') { -1 } else { 1 };
            sign * (oh * 60 + om)
        }
        _ => return None,
    };
    if h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let secs = days * 86_400 + h * 3600 + mi * 60 + s - offset_min * 60;
    secs.checked_mul(1000)?.checked_add(millis)
}

/// Flow Designer's variable types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum VarType {
    String,
    Integer,
    Decimal,
    Boolean,
    DateTime,
    Json,
}

impl VarType {
    /// All types, in Flow Designer's order.
    pub const ALL: [VarType; 6] = [
        VarType::String,
        VarType::Integer,
        VarType::Decimal,
        VarType::Boolean,
        VarType::DateTime,
        VarType::Json,
    ];

    /// The upper-case name Flow Designer uses (`STRING`, …, `DATETIME`, `JSON`).
    pub fn name(&self) -> &'static str {
        match self {
            VarType::String => "STRING",
            VarType::Integer => "INTEGER",
            VarType::Decimal => "DECIMAL",
            VarType::Boolean => "BOOLEAN",
            VarType::DateTime => "DATETIME",
            VarType::Json => "JSON",
        }
    }

    /// Converts a value for storage in a variable of this type (Set Variable, Parse Settings).
    ///
    /// Null stays null for every type (the variable holds no value). STRING takes any value's
    /// printed text (JSON number `-1` → `"-1"`). INTEGER takes integers, whole decimals and integer
    /// text (`"200"` → 200). DECIMAL takes numbers and decimal text. BOOLEAN takes booleans and
    /// `true`/`false` text (any case). DATETIME takes date-times, epoch milliseconds (number or text)
    /// and ISO 8601 text. JSON takes JSON values, and text that parses as JSON.
    pub fn convert(&self, v: &Value) -> Result<Value, ConvertError> {
        let fail = |reason: &str| ConvertError {
            to: *self,
            from: v.type_name().to_string(),
            text: v.describe(),
            reason: reason.to_string(),
        };
        if let Value::Json(j) = v {
            if !j.is_object() && !j.is_array() {
                return self.convert(&Value::from_json_ref(j));
            }
        }
        if matches!(v, Value::Null) {
            return Ok(Value::Null);
        }
        match self {
            VarType::String => Ok(Value::String(v.to_text())),
            VarType::Integer => match v {
                Value::Integer(i) => Ok(Value::Integer(*i)),
                Value::Decimal(d) => {
                    if d.fract() == 0.0 && d.abs() < 9.2e18 {
                        Ok(Value::Integer(*d as i64))
                    } else {
                        Err(fail("the number has a fractional part or is too large"))
                    }
                }
                Value::DateTime(ms) => Ok(Value::Integer(*ms)),
                Value::String(s) => s
                    .trim()
                    .parse::<i64>()
                    .map(Value::Integer)
                    .map_err(|_| fail("the text is not a whole number")),
                _ => Err(fail("not a number")),
            },
            VarType::Decimal => match v {
                Value::Integer(i) => Ok(Value::Decimal(*i as f64)),
                Value::Decimal(d) => Ok(Value::Decimal(*d)),
                Value::String(s) => parse_decimal_text(s)
                    .map(Value::Decimal)
                    .ok_or_else(|| fail("the text is not a number")),
                _ => Err(fail("not a number")),
            },
            VarType::Boolean => match v {
                Value::Boolean(b) => Ok(Value::Boolean(*b)),
                Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                    "true" => Ok(Value::Boolean(true)),
                    "false" => Ok(Value::Boolean(false)),
                    _ => Err(fail("only the text true or false converts to BOOLEAN")),
                },
                _ => Err(fail(
                    "only booleans and the text true/false convert to BOOLEAN",
                )),
            },
            VarType::DateTime => match v {
                Value::DateTime(ms) | Value::Integer(ms) => Ok(Value::DateTime(*ms)),
                Value::String(s) => {
                    let t = s.trim();
                    if let Ok(ms) = t.parse::<i64>() {
                        Ok(Value::DateTime(ms))
                    } else {
                        parse_datetime(t).map(Value::DateTime).ok_or_else(|| {
                            fail("expected epoch milliseconds or an ISO 8601 date-time")
                        })
                    }
                }
                _ => Err(fail("expected epoch milliseconds or an ISO 8601 date-time")),
            },
            VarType::Json => match v {
                Value::Json(j) => Ok(Value::Json(j.clone())),
                Value::String(s) => serde_json::from_str::<serde_json::Value>(s)
                    .map(|j| match j {
                        j @ (serde_json::Value::Object(_) | serde_json::Value::Array(_)) => {
                            Value::Json(j)
                        }
                        other => Value::from_json(other),
                    })
                    .map_err(|e| fail(&format!("the text is not JSON ({e})"))),
                other => Ok(other.clone()),
            },
        }
    }

    /// Parses a default value, which Flow Designer stores as text. An empty default is the empty
    /// string for STRING and null (no value) for the other types.
    pub fn parse_default(&self, text: &str) -> Result<Value, ConvertError> {
        if text.is_empty() {
            return Ok(match self {
                VarType::String => Value::String(String::new()),
                _ => Value::Null,
            });
        }
        self.convert(&Value::String(text.to_string()))
    }
}

/// Decimal text: optional sign, digits, optional fraction, optional exponent; no NaN/Infinity.
fn parse_decimal_text(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty()
        || !t
            .bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'-' | b'+' | b'e' | b'E'))
    {
        return None;
    }
    t.parse::<f64>().ok().filter(|d| d.is_finite())
}

impl fmt::Display for VarType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for VarType {
    type Err = ConvertError;

    /// Accepts the upper-case names, in any case (`String`, `datetime`, …).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        VarType::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| ConvertError {
                to: VarType::String,
                from: "type name".to_string(),
                text: s.to_string(),
                reason: "unknown variable type; expected STRING, INTEGER, DECIMAL, BOOLEAN, DATETIME or JSON"
                    .to_string(),
            })
    }
}

/// A value that cannot be stored in a variable of a type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConvertError {
    /// The target type.
    pub to: VarType,
    /// The source value's type name.
    pub from: String,
    /// The source value, as shown to users.
    pub text: String,
    /// Why it failed.
    pub reason: String,
}

impl fmt::Display for ConvertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot convert {} {} to {}: {}",
            self.from, self.text, self.to, self.reason
        )
    }
}

impl std::error::Error for ConvertError {}
