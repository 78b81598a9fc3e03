//! Flat tables of filters (`value | name(args)`), functions (`name(args)`) and tests
//! (`value is name`). A new one is a new row and a small function.

use super::error::ErrorKind;
use super::value::{parse_datetime, Value};
use super::MAX_OUTPUT_LEN;

/// Why a filter, function or test failed; the evaluator adds the span.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub kind: ErrorKind,
    pub message: String,
    pub hint: Option<String>,
}

impl Failure {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Failure {
        Failure {
            kind,
            message: message.into(),
            hint: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Failure {
        self.hint = Some(hint.into());
        self
    }
}

fn type_err(what: &str, v: &Value) -> Failure {
    Failure::new(
        ErrorKind::TypeMismatch,
        format!("{what}, not {} {}", v.type_name(), v.describe()),
    )
}

fn too_long() -> Failure {
    Failure::new(
        ErrorKind::LimitExceeded,
        format!("the result would be longer than {MAX_OUTPUT_LEN} bytes"),
    )
}

/// Bound arguments: one slot per declared parameter, `None` when not given.
pub type Args = [Option<Value>];

/// A filter: `input | name(params…)`.
pub struct Filter {
    pub name: &'static str,
    /// Parameter names, for positional and named (`inMillis=true`) arguments.
    pub params: &'static [&'static str],
    /// How many leading parameters are required.
    pub required: usize,
    /// One line for the UI's reference panel.
    pub doc: &'static str,
    pub run: fn(&Value, &Args) -> Result<Value, Failure>,
}

/// The filters, in alphabetical order.
pub static FILTERS: &[Filter] = &[
    Filter {
        name: "abbreviate",
        params: &["length"],
        required: 1,
        doc: "cut a string to a length, ending in \"...\"",
        run: abbreviate,
    },
    Filter {
        name: "abs",
        params: &[],
        required: 0,
        doc: "absolute value of a number",
        run: abs,
    },
    Filter {
        name: "capitalize",
        params: &[],
        required: 0,
        doc: "first letter upper-case",
        run: capitalize,
    },
    Filter {
        name: "default",
        params: &["default"],
        required: 1,
        doc: "the argument when the input is null, empty or undefined",
        run: default,
    },
    Filter {
        name: "epoch",
        params: &["inMillis"],
        required: 0,
        doc: "a date-time as epoch seconds, or milliseconds with inMillis=true (Webex)",
        run: epoch,
    },
    Filter {
        name: "first",
        params: &[],
        required: 0,
        doc: "first character of a string or first item of a list",
        run: first,
    },
    Filter {
        name: "join",
        params: &["separator"],
        required: 0,
        doc: "join list items into a string",
        run: join,
    },
    Filter {
        name: "last",
        params: &[],
        required: 0,
        doc: "last character of a string or last item of a list",
        run: last,
    },
    Filter {
        name: "length",
        params: &[],
        required: 0,
        doc: "characters in a string, items in a list or map (null → 0)",
        run: length,
    },
    Filter {
        name: "lower",
        params: &[],
        required: 0,
        doc: "lower-case",
        run: lower,
    },
    Filter {
        name: "replace",
        params: &["replace_pairs", "replacement"],
        required: 1,
        doc: "replace each key of a map by its value (or `replace(\"a\", \"b\")`)",
        run: replace,
    },
    Filter {
        name: "reverse",
        params: &[],
        required: 0,
        doc: "reverse a string or a list",
        run: reverse,
    },
    Filter {
        name: "slice",
        params: &["fromIndex", "toIndex"],
        required: 0,
        doc: "part of a string or list, from fromIndex (0) up to toIndex (length)",
        run: slice,
    },
    Filter {
        name: "split",
        params: &["delimiter", "limit"],
        required: 1,
        doc: "split a string on a literal delimiter into a list",
        run: split,
    },
    Filter {
        name: "title",
        params: &[],
        required: 0,
        doc: "first letter of each word upper-case",
        run: title,
    },
    Filter {
        name: "trim",
        params: &[],
        required: 0,
        doc: "remove leading and trailing whitespace",
        run: trim,
    },
    Filter {
        name: "upper",
        params: &[],
        required: 0,
        doc: "upper-case",
        run: upper,
    },
    Filter {
        name: "urlencode",
        params: &[],
        required: 0,
        doc: "percent-encode for a URL query",
        run: urlencode,
    },
];

/// Looks a filter up by name.
pub fn filter(name: &str) -> Option<&'static Filter> {
    FILTERS.iter().find(|f| f.name == name)
}

/// A function: `name(params…)`. The clock is passed for `now()`.
pub struct Function {
    pub name: &'static str,
    pub params: &'static [&'static str],
    pub required: usize,
    /// Accepts any number (≥ `required`) of positional arguments.
    pub variadic: bool,
    pub doc: &'static str,
    pub run: fn(&Args, i64) -> Result<Value, Failure>,
}

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "max",
        params: &[],
        required: 1,
        variadic: true,
        doc: "the largest of the numbers",
        run: max,
    },
    Function {
        name: "min",
        params: &[],
        required: 1,
        variadic: true,
        doc: "the smallest of the numbers",
        run: min,
    },
    Function {
        name: "now",
        params: &[],
        required: 0,
        variadic: false,
        doc: "the current date-time",
        run: now,
    },
];

pub fn function(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// A test: `value is [not] name`. (`defined` is handled by the evaluator: it looks at whether a
/// variable exists, not at a value.)
pub struct Test {
    pub name: &'static str,
    pub doc: &'static str,
    pub run: fn(&Value) -> bool,
}

pub static TESTS: &[Test] = &[
    Test {
        name: "defined",
        doc: "the variable exists",
        run: |_| true,
    },
    Test {
        name: "empty",
        doc: "null, a blank string, or an empty list or map",
        run: is_empty,
    },
    Test {
        name: "even",
        doc: "an even integer",
        run: |v| matches!(v, Value::Integer(i) if i % 2 == 0),
    },
    Test {
        name: "iterable",
        doc: "a list",
        run: |v| matches!(v, Value::Json(serde_json::Value::Array(_))),
    },
    Test {
        name: "map",
        doc: "a map (JSON object)",
        run: |v| matches!(v, Value::Json(serde_json::Value::Object(_))),
    },
    Test {
        name: "null",
        doc: "no value",
        run: |v| matches!(v, Value::Null),
    },
    Test {
        name: "odd",
        doc: "an odd integer",
        run: |v| matches!(v, Value::Integer(i) if i % 2 != 0),
    },
];

pub fn test(name: &str) -> Option<&'static Test> {
    TESTS.iter().find(|t| t.name == name)
}

/// Pebble's empty test: null, a string that is blank after trimming, an empty list or map.
pub fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Json(serde_json::Value::Array(a)) => a.is_empty(),
        Value::Json(serde_json::Value::Object(o)) => o.is_empty(),
        _ => false,
    }
}

fn arg(args: &Args, i: usize) -> Option<&Value> {
    args.get(i).and_then(Option::as_ref)
}

fn int_arg(args: &Args, i: usize, name: &str) -> Result<Option<i64>, Failure> {
    match arg(args, i) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Integer(n)) => Ok(Some(*n)),
        Some(Value::Decimal(d)) if d.fract() == 0.0 && d.abs() < 9.0e15 => Ok(Some(*d as i64)),
        Some(other) => Err(Failure::new(
            ErrorKind::BadArguments,
            format!(
                "`{name}` must be an integer, not {} {}",
                other.type_name(),
                other.describe()
            ),
        )),
    }
}

/// The input as a string for the string filters: strings as they are, other scalars as printed.
fn text_of(v: &Value, filter: &str) -> Result<String, Failure> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Json(_) => Err(type_err(&format!("`{filter}` needs a string"), v)),
        other => Ok(other.to_text()),
    }
}

fn map_text(v: &Value, filter: &str, f: impl Fn(&str) -> String) -> Result<Value, Failure> {
    if matches!(v, Value::Null) {
        return Ok(Value::Null);
    }
    Ok(Value::String(f(&text_of(v, filter)?)))
}

fn upper(v: &Value, _: &Args) -> Result<Value, Failure> {
    map_text(v, "upper", str::to_uppercase)
}

fn lower(v: &Value, _: &Args) -> Result<Value, Failure> {
    map_text(v, "lower", str::to_lowercase)
}

fn trim(v: &Value, _: &Args) -> Result<Value, Failure> {
    map_text(v, "trim", |s| s.trim().to_string())
}

fn capitalize(v: &Value, _: &Args) -> Result<Value, Failure> {
    map_text(v, "capitalize", |s| {
        let mut c = s.chars();
        match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect(),
            None => String::new(),
        }
    })
}

fn title(v: &Value, _: &Args) -> Result<Value, Failure> {
    map_text(v, "title", |s| {
        let mut out = String::with_capacity(s.len());
        let mut start = true;
        for c in s.chars() {
            if start && c.is_alphabetic() {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
            start = c.is_whitespace();
        }
        out
    })
}

fn urlencode(v: &Value, _: &Args) -> Result<Value, Failure> {
    map_text(v, "urlencode", |s| {
        let mut out = String::with_capacity(s.len());
        for b in s.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                    out.push(char::from(b))
                }
                b' ' => out.push('+'),
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
        out
    })
}

fn abbreviate(v: &Value, args: &Args) -> Result<Value, Failure> {
    let max = int_arg(args, 0, "length")?.unwrap_or(0);
    if max < 0 {
        return Err(Failure::new(
            ErrorKind::BadArguments,
            "`length` must not be negative",
        ));
    }
    map_text(v, "abbreviate", |s| {
        let n = s.chars().count();
        let max = usize::try_from(max).unwrap_or(usize::MAX);
        if n <= max {
            s.to_string()
        } else if max <= 3 {
            s.chars().take(max).collect()
        } else {
            let mut out: String = s.chars().take(max - 3).collect();
            out.push_str("...");
            out
        }
    })
}

fn length(v: &Value, _: &Args) -> Result<Value, Failure> {
    let n = match v {
        Value::Null => 0,
        Value::String(s) => s.chars().count(),
        Value::Json(serde_json::Value::Array(a)) => a.len(),
        Value::Json(serde_json::Value::Object(o)) => o.len(),
        other => {
            return Err(type_err(
                "`length` counts the characters of a string or the items of a list",
                other,
            )
            .hint("to count digits, keep the value in a STRING variable"))
        }
    };
    Ok(Value::Integer(i64::try_from(n).unwrap_or(i64::MAX)))
}

fn abs(v: &Value, _: &Args) -> Result<Value, Failure> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::Integer(i) => i
            .checked_abs()
            .map(Value::Integer)
            .ok_or_else(|| Failure::new(ErrorKind::Overflow, "the absolute value does not fit in 64 bits")),
        Value::Decimal(d) => Ok(Value::Decimal(d.abs())),
        other => Err(type_err("`abs` needs a number", other)
            .hint("a STRING holding digits must be converted first (store it in an INTEGER or DECIMAL variable)")),
    }
}

fn default(v: &Value, args: &Args) -> Result<Value, Failure> {
    if is_empty(v) {
        Ok(arg(args, 0).cloned().unwrap_or(Value::Null))
    } else {
        Ok(v.clone())
    }
}

fn epoch(v: &Value, args: &Args) -> Result<Value, Failure> {
    let in_millis = match arg(args, 0) {
        None | Some(Value::Null) => false,
        Some(Value::Boolean(b)) => *b,
        Some(Value::String(s))
            if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") =>
        {
            s.eq_ignore_ascii_case("true")
        }
        Some(other) => {
            return Err(Failure::new(
                ErrorKind::BadArguments,
                format!("`inMillis` must be true or false, not {}", other.describe()),
            ))
        }
    };
    let ms = match v {
        Value::DateTime(ms) => *ms,
        Value::String(s) => parse_datetime(s).ok_or_else(|| {
            type_err("`epoch` needs a date-time", v).hint("use `now() | epoch(inMillis=true)`")
        })?,
        other => {
            return Err(type_err("`epoch` needs a date-time", other)
                .hint("use `now() | epoch(inMillis=true)`"))
        }
    };
    Ok(Value::Integer(if in_millis {
        ms
    } else {
        ms.div_euclid(1000)
    }))
}

fn first(v: &Value, _: &Args) -> Result<Value, Failure> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::String(s) => Ok(s
            .chars()
            .next()
            .map_or(Value::Null, |c| Value::String(c.to_string()))),
        Value::Json(serde_json::Value::Array(a)) => {
            Ok(a.first().map_or(Value::Null, Value::from_json_ref))
        }
        other => Err(type_err("`first` needs a string or a list", other)),
    }
}

fn last(v: &Value, _: &Args) -> Result<Value, Failure> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::String(s) => Ok(s
            .chars()
            .next_back()
            .map_or(Value::Null, |c| Value::String(c.to_string()))),
        Value::Json(serde_json::Value::Array(a)) => {
            Ok(a.last().map_or(Value::Null, Value::from_json_ref))
        }
        other => Err(type_err("`last` needs a string or a list", other)),
    }
}

fn reverse(v: &Value, _: &Args) -> Result<Value, Failure> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::String(s) => Ok(Value::String(s.chars().rev().collect())),
        Value::Json(serde_json::Value::Array(a)) => Ok(Value::Json(serde_json::Value::Array(
            a.iter().rev().cloned().collect(),
        ))),
        other => Err(type_err("`reverse` needs a string or a list", other)),
    }
}

/// Pebble's slice: `fromIndex` defaults to 0, `toIndex` to the length; out-of-range indices are
/// errors (as in Pebble), not clamped.
fn slice(v: &Value, args: &Args) -> Result<Value, Failure> {
    let len = match v {
        Value::Null => return Ok(Value::Null),
        Value::String(s) => s.chars().count(),
        Value::Json(serde_json::Value::Array(a)) => a.len(),
        other => return Err(type_err("`slice` needs a string or a list", other)),
    };
    let from = int_arg(args, 0, "fromIndex")?.unwrap_or(0);
    let to = int_arg(args, 1, "toIndex")?.unwrap_or(i64::try_from(len).unwrap_or(i64::MAX));
    let bad = |msg: String| Failure::new(ErrorKind::BadArguments, msg);
    let from = usize::try_from(from).map_err(|_| bad(format!("fromIndex {from} is negative")))?;
    let to = usize::try_from(to).map_err(|_| bad(format!("toIndex {to} is negative")))?;
    if to > len {
        return Err(bad(format!("toIndex {to} is past the end (length {len})"))
            .hint("use `| length` to check the length first"));
    }
    if from > to {
        return Err(bad(format!("fromIndex {from} is after toIndex {to}")));
    }
    match v {
        Value::String(s) => Ok(Value::String(
            s.chars().skip(from).take(to - from).collect(),
        )),
        Value::Json(serde_json::Value::Array(a)) => Ok(Value::Json(serde_json::Value::Array(
            a.iter().skip(from).take(to - from).cloned().collect(),
        ))),
        _ => Ok(Value::Null),
    }
}

/// Splits on a literal delimiter, like Java's `String.split(quote(delimiter), limit)`: without a
/// limit (or 0) trailing empty parts are dropped; a positive limit caps the number of parts; a
/// negative one keeps everything.
fn split(v: &Value, args: &Args) -> Result<Value, Failure> {
    if matches!(v, Value::Null) {
        return Ok(Value::Null);
    }
    let s = text_of(v, "split")?;
    let delim = match arg(args, 0) {
        Some(Value::String(d)) => d.clone(),
        Some(Value::Null) | None => {
            return Err(Failure::new(
                ErrorKind::BadArguments,
                "`split` needs a delimiter string",
            ))
        }
        Some(other) => other.to_text(),
    };
    let limit = int_arg(args, 1, "limit")?.unwrap_or(0);
    let mut parts: Vec<String> = if delim.is_empty() {
        s.chars().map(String::from).collect()
    } else if limit > 0 {
        s.splitn(usize::try_from(limit).unwrap_or(usize::MAX), delim.as_str())
            .map(String::from)
            .collect()
    } else {
        s.split(delim.as_str()).map(String::from).collect()
    };
    if limit == 0 {
        while parts.last().is_some_and(String::is_empty) && parts.len() > 1 {
            parts.pop();
        }
        if parts.len() == 1 && parts.first().is_some_and(String::is_empty) && !s.is_empty() {
            parts.clear();
        }
    }
    Ok(Value::Json(serde_json::Value::Array(
        parts.into_iter().map(serde_json::Value::String).collect(),
    )))
}

fn join(v: &Value, args: &Args) -> Result<Value, Failure> {
    let sep = arg(args, 0).map(Value::to_text).unwrap_or_default();
    match v {
        Value::Null => Ok(Value::Null),
        Value::Json(serde_json::Value::Array(a)) => {
            let mut out = String::new();
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(&sep);
                }
                out.push_str(&Value::from_json_ref(item).to_text());
                if out.len() > MAX_OUTPUT_LEN {
                    return Err(too_long());
                }
            }
            Ok(Value::String(out))
        }
        other => Err(type_err("`join` needs a list", other)),
    }
}

/// Pebble's `replace({"from": "to", …})`; also accepts `replace("from", "to")`.
fn replace(v: &Value, args: &Args) -> Result<Value, Failure> {
    if matches!(v, Value::Null) {
        return Ok(Value::Null);
    }
    let mut s = text_of(v, "replace")?;
    let pairs: Vec<(String, String)> = match (arg(args, 0), arg(args, 1)) {
        (Some(Value::Json(serde_json::Value::Object(m))), None) => m
            .iter()
            .map(|(k, v)| (k.clone(), Value::from_json_ref(v).to_text()))
            .collect(),
        (Some(from), Some(to)) if !matches!(from, Value::Json(_)) => {
            vec![(from.to_text(), to.to_text())]
        }
        _ => {
            return Err(Failure::new(
                ErrorKind::BadArguments,
                "`replace` takes a map of replacements",
            )
            .hint("write `replace({\"old\": \"new\"})`"))
        }
    };
    for (from, to) in pairs {
        if from.is_empty() {
            continue;
        }
        let count = s.matches(from.as_str()).count();
        let new_len = s
            .len()
            .saturating_sub(count.saturating_mul(from.len()))
            .saturating_add(count.saturating_mul(to.len()));
        if new_len > MAX_OUTPUT_LEN {
            return Err(too_long());
        }
        s = s.replace(from.as_str(), &to);
    }
    Ok(Value::String(s))
}

fn extreme(args: &Args, name: &str, pick_first: fn(f64, f64) -> bool) -> Result<Value, Failure> {
    let mut best: Option<&Value> = None;
    for v in args.iter().flatten() {
        let Some(x) = v.as_f64() else {
            return Err(type_err(&format!("`{name}` needs numbers"), v));
        };
        match best.and_then(Value::as_f64) {
            Some(b) if !pick_first(x, b) => {}
            _ => best = Some(v),
        }
    }
    Ok(best.cloned().unwrap_or(Value::Null))
}

fn max(args: &Args, _: i64) -> Result<Value, Failure> {
    extreme(args, "max", |x, b| x > b)
}

fn min(args: &Args, _: i64) -> Result<Value, Failure> {
    extreme(args, "min", |x, b| x < b)
}

fn now(_: &Args, now_ms: i64) -> Result<Value, Failure> {
    Ok(Value::DateTime(now_ms))
}
