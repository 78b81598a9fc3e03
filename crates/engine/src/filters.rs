//! Flat tables of filters (`value | name(args)`), functions (`name(args)`) and tests
//! (`value is name`), with Pebble 3.2's semantics. A new one is a new row and a small function.
//!
//! Strings are measured and cut the Java way, in UTF-16 code units ([`java_string`]).

use super::date;
use super::digest;
use super::error::ErrorKind;
use super::java_string::{self, java_trim, utf16_len, utf16_slice};
use super::number_format;
use super::value::{parse_datetime, Value};
use super::MAX_OUTPUT_LEN;
use std::cmp::Ordering;

/// Why a filter, function, test or method failed; the evaluator adds the span (the argument's,
/// when `argument` says which one is wrong).
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub kind: ErrorKind,
    pub message: String,
    pub hint: Option<String>,
    /// Index of the argument at fault.
    pub argument: Option<usize>,
}

impl Failure {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Failure {
        Failure {
            kind,
            message: message.into(),
            hint: None,
            argument: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Failure {
        self.hint = Some(hint.into());
        self
    }

    /// Points the error at argument `i` (0-based).
    pub fn at_argument(mut self, i: usize) -> Failure {
        self.argument = Some(i);
        self
    }
}

/// A remark a filter makes while succeeding (the evaluator turns it into a warning).
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub message: String,
    pub hint: Option<String>,
}

/// What a filter may need besides its input and arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Env {
    /// The render's `now()`, epoch milliseconds (two-digit years are read around it).
    pub now_ms: i64,
    pub notes: Vec<Note>,
    /// Regular-expression steps left for the whole render.
    pub budget: super::regex::Budget,
}

impl Env {
    pub fn new(now_ms: i64) -> Env {
        Env {
            now_ms,
            notes: Vec::new(),
            budget: super::regex::Budget::default(),
        }
    }
}

pub(crate) fn type_err(what: &str, v: &Value) -> Failure {
    Failure::new(
        ErrorKind::TypeMismatch,
        format!("{what}, not {} {}", v.type_name(), v.describe()),
    )
}

pub(crate) fn too_long() -> Failure {
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
    pub run: fn(&Value, &Args, &mut Env) -> Result<Value, Failure>,
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
        name: "base64decode",
        params: &[],
        required: 0,
        doc: "decode Base64 text (UTF-8)",
        run: base64decode,
    },
    Filter {
        name: "base64encode",
        params: &[],
        required: 0,
        doc: "encode a string's UTF-8 bytes as Base64",
        run: base64encode,
    },
    Filter {
        name: "capitalize",
        params: &[],
        required: 0,
        doc: "first letter upper-case (leading whitespace kept)",
        run: capitalize,
    },
    Filter {
        name: "date",
        params: &["format", "existingFormat", "timeZone"],
        required: 0,
        doc: "format a date-time or epoch milliseconds with a Java pattern (`yyyy-MM-dd HH:mm`), or date text read with `existingFormat`; `timeZone` picks the zone (UTC when not given)",
        run: date_filter,
    },
    Filter {
        name: "default",
        params: &["default"],
        required: 1,
        doc: "the argument when the input is null, blank, empty or undefined",
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
        name: "escape",
        params: &["strategy"],
        required: 0,
        doc: "escape for HTML (`&lt;`, `&quot;`, …), or with strategy `json` or `url_param`",
        run: escape,
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
        doc: "characters in a string (UTF-16 units, as Java counts), items in a list or map (null → 0)",
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
        name: "merge",
        params: &["items"],
        required: 1,
        doc: "a list with another list's items added, or a map with another map's entries",
        run: merge,
    },
    Filter {
        name: "numberformat",
        params: &["format"],
        required: 0,
        doc: "format a number with a Java DecimalFormat pattern (`#,##0.00`); grouping and 3 decimals when not given",
        run: numberformat,
    },
    Filter {
        name: "raw",
        params: &[],
        required: 0,
        doc: "the value unescaped (autoescaping is off here, so it changes nothing)",
        run: raw,
    },
    Filter {
        name: "replace",
        params: &["replace_pairs", "replacement"],
        required: 1,
        doc: "replace each key of a map by its value, as literal text (or `replace(\"a\", \"b\")`)",
        run: replace,
    },
    Filter {
        name: "reverse",
        params: &[],
        required: 0,
        doc: "reverse a list (or a string)",
        run: reverse,
    },
    Filter {
        name: "rsort",
        params: &[],
        required: 0,
        doc: "sort a list, largest first",
        run: rsort,
    },
    Filter {
        name: "sha256",
        params: &[],
        required: 0,
        doc: "SHA-256 of a string's UTF-8 bytes, as lower-case hex",
        run: sha256,
    },
    Filter {
        name: "slice",
        params: &["fromIndex", "toIndex"],
        required: 0,
        doc: "part of a string or list, from fromIndex (0) up to toIndex (length)",
        run: slice,
    },
    Filter {
        name: "sort",
        params: &[],
        required: 0,
        doc: "sort a list (numbers by value, strings as Java compares them)",
        run: sort,
    },
    Filter {
        name: "split",
        params: &["delimiter", "limit"],
        required: 1,
        doc: "split a string into a list on a Java regular expression (`\\|` for a literal `|`), as String.split",
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
        doc: "the current date-time (Webex)",
        run: now,
    },
    Function {
        name: "range",
        params: &["start", "end", "increment"],
        required: 2,
        variadic: false,
        doc: "the numbers (or letters) from start to end, both included, by increment (1); at most 10 000",
        run: range,
    },
];

pub fn function(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// A test: `value is [not] name` (or `name()`).
pub struct Test {
    pub name: &'static str,
    pub doc: &'static str,
    pub run: fn(&Value) -> Result<bool, Failure>,
}

pub static TESTS: &[Test] = &[
    Test {
        name: "defined",
        doc: "not null (Pebble: the opposite of `null`, so a variable holding null is not defined)",
        run: |v| Ok(!matches!(v, Value::Null)),
    },
    Test {
        name: "empty",
        doc: "null, a blank string, or an empty list or map",
        run: |v| Ok(is_empty(v)),
    },
    Test {
        name: "even",
        doc: "an even number (null is an error, as in Pebble)",
        run: |v| parity(v, "even").map(|odd| !odd),
    },
    Test {
        name: "iterable",
        doc: "a list",
        run: |v| Ok(matches!(v, Value::Json(serde_json::Value::Array(_)))),
    },
    Test {
        name: "map",
        doc: "a map (JSON object)",
        run: |v| Ok(matches!(v, Value::Json(serde_json::Value::Object(_)))),
    },
    Test {
        name: "null",
        doc: "no value (an unknown variable is null)",
        run: |v| Ok(matches!(v, Value::Null)),
    },
    Test {
        name: "odd",
        doc: "an odd number (null is an error, as in Pebble)",
        run: |v| parity(v, "odd"),
    },
];

pub fn test(name: &str) -> Option<&'static Test> {
    TESTS.iter().find(|t| t.name == name)
}

/// Whether a number is odd, as Pebble's `EvenTest`/`OddTest` read it (`intValue()`).
fn parity(v: &Value, test: &str) -> Result<bool, Failure> {
    match v {
        Value::Integer(i) => Ok(i % 2 != 0),
        Value::Decimal(d) if d.is_finite() => Ok((d.trunc() as i64) % 2 != 0),
        Value::Null => Err(Failure::new(
            ErrorKind::TypeMismatch,
            format!("the `{test}` test cannot take null (Pebble throws here)"),
        )
        .hint(format!(
            "check for a value first: `x is not null and x is {test}`"
        ))),
        other => Err(type_err(
            &format!("the `{test}` test needs a number"),
            other,
        )),
    }
}

/// Pebble's empty test: null, a string that is blank after trimming, an empty list or map.
pub fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => java_trim(s).is_empty(),
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
        )
        .at_argument(i)),
    }
}

/// A string argument (Pebble casts it to `String`: anything else is an error).
fn str_arg<'v>(args: &'v Args, i: usize, name: &str) -> Result<Option<&'v str>, Failure> {
    match arg(args, i) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(Failure::new(
            ErrorKind::BadArguments,
            format!(
                "`{name}` must be a string, not {} {}",
                other.type_name(),
                other.describe()
            ),
        )
        .hint(format!("quote it: `{name}='…'`"))
        .at_argument(i)),
    }
}

/// The input as a string for the string filters: strings as they are, other scalars as printed.
fn text_of(v: &Value, filter: &str) -> Result<String, Failure> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Json(_) => Err(type_err(&format!("`{filter}` needs a string"), v)),
        other => Ok(other.print()),
    }
}

fn map_text(v: &Value, filter: &str, f: impl Fn(&str) -> String) -> Result<Value, Failure> {
    if matches!(v, Value::Null) {
        return Ok(Value::Null);
    }
    Ok(Value::String(f(&text_of(v, filter)?)))
}

fn upper(v: &Value, _: &Args, _: &mut Env) -> Result<Value, Failure> {
    map_text(v, "upper", str::to_uppercase)
}

fn lower(v: &Value, _: &Args, _: &mut Env) -> Result<Value, Failure> {
    map_text(v, "lower", str::to_lowercase)
}

/// Java's `String.trim()`: code points up to U+0020 at both ends.
fn trim(v: &Value, _: &Args, _: &mut Env) -> Result<Value, Failure> {
    map_text(v, "trim", |s| java_trim(s).to_string())
}

/// The first character that is not whitespace goes to title case; the rest is kept.
fn capitalize(v: &Value, _: &Args, _: &mut Env) -> Result<Value, Failure> {
    map_text(v, "capitalize", |s| {
        let mut out = String::with_capacity(s.len());
        let mut done = false;
        for c in s.chars() {
            if !done && !super::lexer::is_java_whitespace(c) {
                out.extend(c.to_uppercase());
                done = true;
            } else {
                out.push(c);
            }
        }
        out
    })
}

/// Each character after whitespace goes to title case; the rest is kept (`TEST` stays `TEST`).
fn title(v: &Value, _: &Args, _: &mut Env) -> Result<Value, Failure> {
    map_text(v, "title", |s| {
        let mut out = String::with_capacity(s.len());
        let mut next = true;
        for c in s.chars() {
            if super::lexer::is_java_whitespace(c) {
                next = true;
                out.push(c);
            } else if next {
                out.extend(c.to_uppercase());
                next = false;
            } else {
                out.push(c);
            }
        }
        out
    })
}

fn urlencode(v: &Value, _: &Args, _: &mut Env) -> Result<Value, Failure> {
    map_text(v, "urlencode", url_encode)
}

/// Java's `URLEncoder.encode(s, UTF-8)`.
fn url_encode(s: &str) -> String {
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
}

fn abbreviate(v: &Value, args: &Args, _: &mut Env) -> Result<Value, Failure> {
    let max = int_arg(args, 0, "length")?.unwrap_or(0);
    if max < 0 {
        return Err(
            Failure::new(ErrorKind::BadArguments, "`length` must not be negative").at_argument(0),
        );
    }
    map_text(v, "abbreviate", |s| {
        let n = utf16_len(s);
        let max = usize::try_from(max).unwrap_or(usize::MAX);
        if n <= max {
            s.to_string()
        } else if max <= 3 {
            utf16_slice(s, 0, max)
        } else {
            let mut out = utf16_slice(s, 0, max - 3);
            out.push_str("...");
            out
        }
    })
}

fn length(v: &Value, _: &Args, _: &mut Env) -> Result<Value, Failure> {
    let n = match v {
        Value::Null => 0,
        Value::String(s) => utf16_len(s),
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

fn abs(v: &Value, _: &Args, _: &mut Env) -> Result<Value, Failure> {
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

fn default(v: &Value, args: &Args, _: &mut Env) -> Result<Value, Failure> {
    if is_empty(v) {
        Ok(arg(args, 0).cloned().unwrap_or(Value::Null))
    } else {
        Ok(v.clone())
    }
}

fn epoch(v: &Value, args: &Args, _: &mut Env) -> Result<Value, Failure> {
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
            )
            .at_argument(0))
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

fn first(v: &Value, _: &Args, _: &mut Env) -> Result<Value, Failure> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::String(s) if s.is_empty() => Ok(Value::Null),
        Value::String(s) => Ok(Value::String(utf16_slice(s, 0, 1))),
        Value::Json(serde_json::Value::Array(a)) => {
            Ok(a.first().map_or(Value::Null, Value::from_json_ref))
        }
        other => Err(type_err("`first` needs a string or a list", other)),
    }
}

fn last(v: &Value, _: &Args, _: &mut Env) -> Result<Value, Failure> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::String(s) if s.is_empty() => Ok(Value::Null),
        Value::String(s) => {
            let n = utf16_len(s);
            Ok(Value::String(utf16_slice(s, n - 1, n)))
        }
        Value::Json(serde_json::Value::Array(a)) => {
            Ok(a.last().map_or(Value::Null, Value::from_json_ref))
        }
        other => Err(type_err("`last` needs a string or a list", other)),
    }
}

fn reverse(v: &Value, _: &Args, _: &mut Env) -> Result<Value, Failure> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::String(s) => Ok(Value::String(s.chars().rev().collect())),
        Value::Json(serde_json::Value::Array(a)) => Ok(Value::Json(serde_json::Value::Array(
            a.iter().rev().cloned().collect(),
        ))),
        other => Err(type_err("`reverse` needs a list", other)),
    }
}

/// Pebble's slice: `fromIndex` defaults to 0, `toIndex` to the length; out-of-range indices are
/// errors (as in Pebble), not clamped. Strings are cut in UTF-16 units, as Java's `substring`.
fn slice(v: &Value, args: &Args, _: &mut Env) -> Result<Value, Failure> {
    let len = match v {
        Value::Null => return Ok(Value::Null),
        Value::String(s) => utf16_len(s),
        Value::Json(serde_json::Value::Array(a)) => a.len(),
        other => return Err(type_err("`slice` needs a string or a list", other)),
    };
    let from = int_arg(args, 0, "fromIndex")?.unwrap_or(0);
    let to = int_arg(args, 1, "toIndex")?.unwrap_or(i64::try_from(len).unwrap_or(i64::MAX));
    let bad = |msg: String, i: usize| Failure::new(ErrorKind::BadArguments, msg).at_argument(i);
    let from =
        usize::try_from(from).map_err(|_| bad(format!("fromIndex {from} is negative"), 0))?;
    let to = usize::try_from(to).map_err(|_| bad(format!("toIndex {to} is negative"), 1))?;
    if to > len {
        return Err(
            bad(format!("toIndex {to} is past the end (length {len})"), 1)
                .hint("use `| length` to check the length first"),
        );
    }
    if from > to {
        return Err(bad(format!("fromIndex {from} is after toIndex {to}"), 0));
    }
    match v {
        Value::String(s) => Ok(Value::String(utf16_slice(s, from, to))),
        Value::Json(serde_json::Value::Array(a)) => Ok(Value::Json(serde_json::Value::Array(
            a.iter().skip(from).take(to - from).cloned().collect(),
        ))),
        _ => Ok(Value::Null),
    }
}

/// Java's `String.split(regex, limit)`: see [`java_string::split`].
fn split(v: &Value, args: &Args, env: &mut Env) -> Result<Value, Failure> {
    if matches!(v, Value::Null) {
        return Ok(Value::Null);
    }
    let s = text_of(v, "split")?;
    let Some(delim) = str_arg(args, 0, "delimiter")? else {
        return Err(Failure::new(
            ErrorKind::BadArguments,
            "`split` needs a delimiter (a Java regular expression)",
        )
        .hint("write `split(',')`; a `|` or `.` must be escaped: `split('\\|')`"));
    };
    let limit = int_arg(args, 1, "limit")?.unwrap_or(0);
    let parts =
        java_string::split(&s, delim, limit, &mut env.budget).map_err(|f| match f.kind {
            ErrorKind::BadArguments => f.at_argument(0),
            _ => f,
        })?;
    Ok(Value::Json(serde_json::Value::Array(
        parts.into_iter().map(serde_json::Value::String).collect(),
    )))
}

fn join(v: &Value, args: &Args, _: &mut Env) -> Result<Value, Failure> {
    let sep = arg(args, 0).map(Value::print).unwrap_or_default();
    match v {
        Value::Null => Ok(Value::Null),
        Value::Json(serde_json::Value::Array(a)) => {
            let mut out = String::new();
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(&sep);
                }
                match item {
                    serde_json::Value::Null => out.push_str("null"),
                    other => out.push_str(&Value::from_json_ref(other).print()),
                }
                if out.len() > MAX_OUTPUT_LEN {
                    return Err(too_long());
                }
            }
            Ok(Value::String(out))
        }
        other => Err(type_err("`join` needs a list", other)),
    }
}

/// Pebble's `replace({"from": "to", …})`, literal text as Java's `String.replace`; also accepts
/// `replace("from", "to")`.
fn replace(v: &Value, args: &Args, _: &mut Env) -> Result<Value, Failure> {
    if matches!(v, Value::Null) {
        return Ok(Value::Null);
    }
    let mut s = text_of(v, "replace")?;
    let pairs: Vec<(String, String)> = match (arg(args, 0), arg(args, 1)) {
        (Some(Value::Json(serde_json::Value::Object(m))), None) => m
            .iter()
            .map(|(k, v)| (k.clone(), Value::from_json_ref(v).print()))
            .collect(),
        (Some(from), Some(to)) if !matches!(from, Value::Json(_)) => {
            vec![(from.print(), to.print())]
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
        s = java_string::replace_literal(&s, &from, &to)?;
    }
    Ok(Value::String(s))
}

/// Which strings a list holds, for sorting: all numbers or all strings (Java's `compareTo`
/// refuses a mix with a `ClassCastException`).
fn sorted(v: &Value, filter: &str) -> Result<Option<Vec<serde_json::Value>>, Failure> {
    let items = match v {
        Value::Null => return Ok(None),
        Value::Json(serde_json::Value::Array(a)) => a.clone(),
        other => return Err(type_err(&format!("`{filter}` needs a list"), other)),
    };
    let all_numbers = items.iter().all(serde_json::Value::is_number);
    let all_strings = items.iter().all(serde_json::Value::is_string);
    let all_bools = items.iter().all(serde_json::Value::is_boolean);
    if !(all_numbers || all_strings || all_bools) {
        return Err(Failure::new(
            ErrorKind::TypeMismatch,
            format!("`{filter}` needs a list of numbers or a list of strings, not a mix (Java cannot compare them)"),
        )
        .hint("convert the items to one type first"));
    }
    Ok(Some(merge_sort(items, java_order)))
}

/// Java's natural order within one kind: numbers by value, strings by UTF-16 units, false < true.
fn java_order(a: &serde_json::Value, b: &serde_json::Value) -> Ordering {
    match (a, b) {
        (serde_json::Value::String(x), serde_json::Value::String(y)) => java_string::compare(x, y),
        (serde_json::Value::Bool(x), serde_json::Value::Bool(y)) => x.cmp(y),
        _ => {
            let (x, y) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
            x.partial_cmp(&y).unwrap_or(Ordering::Equal)
        }
    }
}

/// A stable bottom-up merge sort (as `Collections.sort`), kept in the engine so it needs nothing
/// from the app.
fn merge_sort(
    items: Vec<serde_json::Value>,
    cmp: fn(&serde_json::Value, &serde_json::Value) -> Ordering,
) -> Vec<serde_json::Value> {
    let mut runs: Vec<Vec<serde_json::Value>> = items.into_iter().map(|x| vec![x]).collect();
    while runs.len() > 1 {
        let mut next = Vec::with_capacity(runs.len().div_ceil(2));
        let mut it = runs.into_iter();
        while let Some(left) = it.next() {
            let Some(right) = it.next() else {
                next.push(left);
                break;
            };
            let mut merged = Vec::with_capacity(left.len() + right.len());
            let (mut l, mut r) = (left.into_iter().peekable(), right.into_iter().peekable());
            while let (Some(a), Some(b)) = (l.peek(), r.peek()) {
                // Equal items keep their order: the left run goes first.
                let take_right = cmp(a, b) == Ordering::Greater;
                merged.extend(if take_right { r.next() } else { l.next() });
            }
            merged.extend(l);
            merged.extend(r);
            next.push(merged);
        }
        runs = next;
    }
    runs.pop().unwrap_or_default()
}

fn sort(v: &Value, _: &Args, _: &mut Env) -> Result<Value, Failure> {
    Ok(sorted(v, "sort")?.map_or(Value::Null, |items| {
        Value::Json(serde_json::Value::Array(items))
    }))
}

fn rsort(v: &Value, _: &Args, _: &mut Env) -> Result<Value, Failure> {
    Ok(sorted(v, "rsort")?.map_or(Value::Null, |mut items| {
        items.reverse();
        Value::Json(serde_json::Value::Array(items))
    }))
}

/// Pebble's `MergeFilter`: list + list or map (a map's entries become `{key, value}` items),
/// map + map (the argument's entries win) or list (each item becomes a key to itself).
fn merge(v: &Value, args: &Args, _: &mut Env) -> Result<Value, Failure> {
    let other = arg(args, 0).cloned().unwrap_or(Value::Null);
    let entry = |k: &str, x: &serde_json::Value| {
        let mut m = serde_json::Map::new();
        m.insert("key".into(), serde_json::Value::String(k.to_string()));
        m.insert("value".into(), x.clone());
        serde_json::Value::Object(m)
    };
    let wrong = |what: &str| {
        Failure::new(
            ErrorKind::TypeMismatch,
            format!(
                "`merge` {what}, not {} {}",
                other.type_name(),
                other.describe()
            ),
        )
        .at_argument(0)
    };
    match v {
        Value::Null => Ok(Value::Null),
        Value::Json(serde_json::Value::Array(a)) => {
            let mut out = a.clone();
            match &other {
                Value::Json(serde_json::Value::Array(b)) => out.extend(b.iter().cloned()),
                Value::Json(serde_json::Value::Object(m)) => {
                    out.extend(m.iter().map(|(k, x)| entry(k, x)))
                }
                _ => return Err(wrong("adds a list or a map to a list")),
            }
            Ok(Value::Json(serde_json::Value::Array(out)))
        }
        Value::Json(serde_json::Value::Object(m)) => {
            let mut out = m.clone();
            match &other {
                Value::Json(serde_json::Value::Object(b)) => {
                    for (k, x) in b {
                        out.insert(k.clone(), x.clone());
                    }
                }
                Value::Json(serde_json::Value::Array(b)) => {
                    for x in b {
                        out.insert(Value::from_json_ref(x).print(), x.clone());
                    }
                }
                _ => return Err(wrong("adds a map or a list to a map")),
            }
            Ok(Value::Json(serde_json::Value::Object(out)))
        }
        other => Err(type_err("`merge` needs a list or a map", other)),
    }
}

fn base64encode(v: &Value, _: &Args, _: &mut Env) -> Result<Value, Failure> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::String(s) => Ok(Value::String(digest::base64_encode(s.as_bytes()))),
        other => Err(type_err("`base64encode` needs a string", other)),
    }
}

fn base64decode(v: &Value, _: &Args, _: &mut Env) -> Result<Value, Failure> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::String(s) => digest::base64_decode(s)
            .map(|bytes| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
            .map_err(|why| {
                Failure::new(ErrorKind::BadArguments, format!("not Base64 text: {why}"))
                    .hint("Base64 uses A–Z, a–z, 0–9, `+`, `/` and `=` padding")
            }),
        other => Err(type_err("`base64decode` needs a string", other)),
    }
}

fn sha256(v: &Value, _: &Args, _: &mut Env) -> Result<Value, Failure> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::String(s) => Ok(Value::String(digest::sha256_hex(s.as_bytes()))),
        other => Err(type_err("`sha256` needs a string", other)),
    }
}

/// Pebble's `escape` filter (the escaper extension's strategies).
fn escape(v: &Value, args: &Args, _: &mut Env) -> Result<Value, Failure> {
    let strategy = str_arg(args, 0, "strategy")?.unwrap_or("html");
    if matches!(v, Value::Null) {
        return Ok(Value::Null);
    }
    let s = v.print();
    let out = match strategy {
        "html" => {
            let mut out = String::with_capacity(s.len());
            for c in s.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str("&quot;"),
                    '\'' => out.push_str("&#39;"),
                    c => out.push(c),
                }
            }
            out
        }
        "json" => {
            let quoted = serde_json::Value::String(s).to_string();
            quoted
                .get(1..quoted.len().saturating_sub(1))
                .unwrap_or("")
                .to_string()
        }
        "url_param" => url_encode(&s),
        other => {
            return Err(Failure::new(
                ErrorKind::BadArguments,
                format!("unknown escaping strategy `{other}`"),
            )
            .hint("strategies here: html (the default), json, url_param")
            .at_argument(0))
        }
    };
    if out.len() > MAX_OUTPUT_LEN {
        return Err(too_long());
    }
    Ok(Value::String(out))
}

fn raw(v: &Value, _: &Args, _: &mut Env) -> Result<Value, Failure> {
    Ok(v.clone())
}

/// Pebble's `date` filter: a date-time, epoch milliseconds, or text read with `existingFormat`
/// (`yyyy-MM-dd'T'HH:mm:ssZ` when not given), formatted with `format` (the same default) in
/// `timeZone`.
fn date_filter(v: &Value, args: &Args, env: &mut Env) -> Result<Value, Failure> {
    let format = str_arg(args, 0, "format")?.unwrap_or(date::DEFAULT_PATTERN);
    let existing = str_arg(args, 1, "existingFormat")?;
    let zone_name = str_arg(args, 2, "timeZone")?;
    let ms = match v {
        Value::Null => return Ok(Value::Null),
        Value::DateTime(ms) | Value::Integer(ms) => *ms,
        Value::Decimal(d) if d.is_finite() => *d as i64,
        // Pebble 3.2 reads text only with `existingFormat`; 4.1 added a default format.
        Value::String(s) if existing.is_none() => {
            return Err(Failure::new(
                ErrorKind::BadArguments,
                format!("`date` reads text only with `existingFormat` (Pebble 3.2): \"{s}\""),
            )
            .hint(format!(
                "give the text's format: `date('dd/MM/yyyy', existingFormat='yyyy-MM-dd')`; Pebble 4.1 and later read text as `{}` by default",
                date::DEFAULT_PATTERN
            )))
        }
        Value::String(s) => {
            let pattern = existing.unwrap_or(date::DEFAULT_PATTERN);
            date::parse(s, pattern, env.now_ms).map_err(|why| {
                Failure::new(
                    ErrorKind::BadArguments,
                    format!("could not read \"{s}\" as a date with the format `{pattern}`: {why}"),
                )
                .hint("`existingFormat` must describe the text exactly, e.g. `yyyy-MM-dd`")
                .at_argument(1)
            })?
        }
        other => {
            return Err(type_err(
                "`date` needs a date-time, epoch milliseconds or date text",
                other,
            ))
        }
    };
    if !date::in_range(ms) {
        return Err(Failure::new(
            ErrorKind::BadArguments,
            format!("{ms} ms is more than 100 000 years from 1970"),
        )
        .hint("epoch milliseconds count from 1970-01-01T00:00:00Z; 1717243200000 is 2024-06-01"));
    }
    let zone = match zone_name {
        None => date::Zone::utc(),
        Some(name) => match date::Zone::named(name) {
            Some(z) => z,
            None => {
                env.notes.push(Note {
                    message: format!(
                        "time zone `{name}` is not known here; Java falls back to GMT for an unknown ID, and so does this companion"
                    ),
                    hint: Some(date::zone_hint()),
                });
                date::Zone::utc()
            }
        },
    };
    date::format(ms, format, &zone)
        .map(Value::String)
        .map_err(|why| {
            Failure::new(
                ErrorKind::BadArguments,
                format!("the date format `{format}` is not usable: {why}"),
            )
            .hint("Java date patterns: yyyy MM dd HH mm ss SSS, MMM (Jul), EEE (Mon), a (AM/PM), Z (+0000), X (Z or +00), text in '…'")
            .at_argument(0)
        })
}

fn numberformat(v: &Value, args: &Args, _: &mut Env) -> Result<Value, Failure> {
    let pattern = str_arg(args, 0, "format")?;
    let n = match v {
        Value::Null => return Ok(Value::Null),
        Value::Integer(i) => number_format::Number::Integer(*i),
        Value::Decimal(d) => number_format::Number::Decimal(*d),
        other => {
            return Err(type_err("`numberformat` needs a number", other).hint(
                "a STRING holding digits must be converted first (store it in an INTEGER or DECIMAL variable)",
            ))
        }
    };
    number_format::format(n, pattern)
        .map(Value::String)
        .map_err(|why| {
            Failure::new(
                ErrorKind::BadArguments,
                format!("the number format is not usable: {why}"),
            )
            .hint("DecimalFormat patterns: `#,##0.00`, `0.###`, `$#,##0`, `0%`")
            .at_argument(0)
        })
}

fn extreme(args: &Args, name: &str, pick_first: fn(f64, f64) -> bool) -> Result<Value, Failure> {
    let mut best: Option<&Value> = None;
    for (i, v) in args.iter().flatten().enumerate() {
        let Some(x) = v.as_f64() else {
            return Err(type_err(&format!("`{name}` needs numbers"), v).at_argument(i));
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

fn range(args: &Args, _: i64) -> Result<Value, Failure> {
    let start = arg(args, 0).cloned().unwrap_or(Value::Null);
    let end = arg(args, 1).cloned().unwrap_or(Value::Null);
    range_values(&start, &end, arg(args, 2))
}

/// Pebble's `RangeFunction` (also `a..b`): whole numbers (`longValue()`) or single letters from
/// `start` to `end`, both included, stepping by `increment`; at most
/// [`MAX_ITEMS`](super::eval::MAX_ITEMS) items.
pub fn range_values(
    start: &Value,
    end: &Value,
    increment: Option<&Value>,
) -> Result<Value, Failure> {
    let step = match increment {
        None | Some(Value::Null) => 1,
        Some(Value::Integer(i)) => *i,
        Some(Value::Decimal(d)) if d.is_finite() => *d as i64,
        Some(other) => {
            return Err(type_err("the range's increment must be a number", other).at_argument(2))
        }
    };
    if step == 0 {
        return Err(Failure::new(
            ErrorKind::BadArguments,
            "the increment of a range must not be 0",
        )
        .at_argument(2));
    }
    let whole = |v: &Value| match v {
        Value::Integer(i) => Some(*i),
        Value::Decimal(d) if d.is_finite() => Some(*d as i64),
        _ => None,
    };
    let letter = |v: &Value| match v {
        Value::String(s) if utf16_len(s) == 1 => s.encode_utf16().next().map(i64::from),
        _ => None,
    };
    let (from, to, letters) = match (whole(start), whole(end), letter(start), letter(end)) {
        (Some(a), Some(b), _, _) => (a, b, false),
        (_, _, Some(a), Some(b)) => (a, b, true),
        _ => {
            return Err(Failure::new(
                ErrorKind::BadArguments,
                format!(
                    "a range goes from a number to a number or from a letter to a letter, not from {} {} to {} {}",
                    start.type_name(),
                    start.describe(),
                    end.type_name(),
                    end.describe()
                ),
            )
            .hint("write `0..5`, `range(1, 10, 2)` or `range('a', 'e')`"))
        }
    };
    let span = if step > 0 {
        i128::from(to) - i128::from(from)
    } else {
        i128::from(from) - i128::from(to)
    };
    let count = if span < 0 {
        0
    } else {
        span / i128::from(step).abs() + 1
    };
    let limit = super::eval::MAX_ITEMS as i128;
    if count > limit {
        return Err(Failure::new(
            ErrorKind::LimitExceeded,
            format!("the range would have {count} items; the limit is {limit}"),
        )
        .hint("use a shorter range or a larger increment"));
    }
    let mut out = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
    let mut i = i128::from(from);
    for _ in 0..count {
        let n = i64::try_from(i).unwrap_or(0);
        out.push(if letters {
            let unit = u16::try_from(n).unwrap_or(0);
            serde_json::Value::String(String::from_utf16_lossy(&[unit]))
        } else {
            serde_json::Value::from(n)
        });
        i += i128::from(step);
    }
    Ok(Value::Json(serde_json::Value::Array(out)))
}
