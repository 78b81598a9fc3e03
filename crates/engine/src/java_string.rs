//! Java's `String` (and a few `List`/`Map`) methods as Pebble calls them on a value: `ANI.length`,
//! `ANI.length()`, `ANI.substring(1, 4)`. Indices and lengths are Java's: UTF-16 code units, so
//! an emoji counts 2, and an index out of range is an error where Java throws.

use super::error::{did_you_mean, ErrorKind};
use super::filters::{too_long, Failure};
use super::regex::{self, Regex};
use super::value::Value;
use super::MAX_OUTPUT_LEN;
use std::cmp::Ordering;

/// Which values a method belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receiver {
    String,
    List,
    Map,
}

/// A method, for the reference panel and for "did you mean".
pub struct Method {
    pub receiver: Receiver,
    pub name: &'static str,
    /// Fewest and most arguments.
    pub arity: (usize, usize),
    /// How it is called, e.g. `substring(begin[, end])`.
    pub usage: &'static str,
    pub doc: &'static str,
}

const fn string(
    name: &'static str,
    arity: (usize, usize),
    usage: &'static str,
    doc: &'static str,
) -> Method {
    Method {
        receiver: Receiver::String,
        name,
        arity,
        usage,
        doc,
    }
}

/// The methods, STRING ones first, each group in alphabetical order.
pub static METHODS: &[Method] = &[
    string(
        "charAt",
        (1, 1),
        "charAt(index)",
        "the character at an index (from 0)",
    ),
    string(
        "compareTo",
        (1, 1),
        "compareTo(other)",
        "< 0, 0 or > 0 as the text sorts before, with or after `other`",
    ),
    string(
        "compareToIgnoreCase",
        (1, 1),
        "compareToIgnoreCase(other)",
        "compareTo, ignoring case",
    ),
    string(
        "concat",
        (1, 1),
        "concat(other)",
        "the text with `other` appended",
    ),
    string(
        "contains",
        (1, 1),
        "contains(part)",
        "whether the text contains `part`",
    ),
    string(
        "endsWith",
        (1, 1),
        "endsWith(suffix)",
        "whether the text ends with `suffix`",
    ),
    string(
        "equals",
        (1, 1),
        "equals(other)",
        "true only for a STRING with the same text (`\"200\".equals(200)` is false)",
    ),
    string(
        "equalsIgnoreCase",
        (1, 1),
        "equalsIgnoreCase(other)",
        "equals, ignoring case",
    ),
    string("hashCode", (0, 0), "hashCode()", "Java's hash of the text"),
    string(
        "indexOf",
        (1, 2),
        "indexOf(part[, from])",
        "first position of `part`, or -1",
    ),
    string(
        "isBlank",
        (0, 0),
        "isBlank() or .blank",
        "empty or only whitespace",
    ),
    string(
        "isEmpty",
        (0, 0),
        "isEmpty() or .empty",
        "no characters at all",
    ),
    string(
        "lastIndexOf",
        (1, 2),
        "lastIndexOf(part[, from])",
        "last position of `part`, or -1",
    ),
    string(
        "length",
        (0, 0),
        "length() or .length",
        "the number of characters (UTF-16 units)",
    ),
    string(
        "matches",
        (1, 1),
        "matches(regex)",
        "whether the whole text matches a Java regular expression",
    ),
    string("repeat", (1, 1), "repeat(count)", "the text repeated"),
    string(
        "replace",
        (2, 2),
        "replace(target, replacement)",
        "every `target` replaced, as literal text",
    ),
    string(
        "replaceAll",
        (2, 2),
        "replaceAll(regex, replacement)",
        "every match replaced (`$1` for a group)",
    ),
    string(
        "replaceFirst",
        (2, 2),
        "replaceFirst(regex, replacement)",
        "the first match replaced",
    ),
    string(
        "split",
        (1, 2),
        "split(regex[, limit])",
        "the parts between matches of a regular expression, as a list",
    ),
    string(
        "startsWith",
        (1, 2),
        "startsWith(prefix[, offset])",
        "whether the text starts with `prefix`",
    ),
    string(
        "strip",
        (0, 0),
        "strip()",
        "without leading and trailing whitespace (Unicode)",
    ),
    string(
        "stripLeading",
        (0, 0),
        "stripLeading()",
        "without leading whitespace",
    ),
    string(
        "stripTrailing",
        (0, 0),
        "stripTrailing()",
        "without trailing whitespace",
    ),
    string(
        "substring",
        (1, 2),
        "substring(begin[, end])",
        "the characters from `begin` up to (not including) `end`",
    ),
    string("toLowerCase", (0, 0), "toLowerCase()", "lower-case"),
    string("toString", (0, 0), "toString()", "the text itself"),
    string("toUpperCase", (0, 0), "toUpperCase()", "upper-case"),
    string(
        "trim",
        (0, 0),
        "trim()",
        "without leading and trailing spaces and control characters",
    ),
    Method {
        receiver: Receiver::List,
        name: "contains",
        arity: (1, 1),
        usage: "contains(item)",
        doc: "whether the list has the item (Java equals: 1 is not 1.0)",
    },
    Method {
        receiver: Receiver::List,
        name: "get",
        arity: (1, 1),
        usage: "get(index)",
        doc: "the item at an index (from 0)",
    },
    Method {
        receiver: Receiver::List,
        name: "indexOf",
        arity: (1, 1),
        usage: "indexOf(item)",
        doc: "the first index of the item, or -1",
    },
    Method {
        receiver: Receiver::List,
        name: "isEmpty",
        arity: (0, 0),
        usage: "isEmpty() or .empty",
        doc: "no items",
    },
    Method {
        receiver: Receiver::List,
        name: "size",
        arity: (0, 0),
        usage: "size() or .size",
        doc: "the number of items",
    },
    Method {
        receiver: Receiver::Map,
        name: "containsKey",
        arity: (1, 1),
        usage: "containsKey(key)",
        doc: "whether the map has the key",
    },
    Method {
        receiver: Receiver::Map,
        name: "get",
        arity: (1, 1),
        usage: "get(key)",
        doc: "the value for a key, or null",
    },
    Method {
        receiver: Receiver::Map,
        name: "isEmpty",
        arity: (0, 0),
        usage: "isEmpty()",
        doc: "no entries",
    },
    Method {
        receiver: Receiver::Map,
        name: "keySet",
        arity: (0, 0),
        usage: "keySet()",
        doc: "the keys, as a list",
    },
    Method {
        receiver: Receiver::Map,
        name: "size",
        arity: (0, 0),
        usage: "size()",
        doc: "the number of entries",
    },
    Method {
        receiver: Receiver::Map,
        name: "values",
        arity: (0, 0),
        usage: "values()",
        doc: "the values, as a list",
    },
];

/// The number of UTF-16 code units (Java's `length()`).
pub fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    // A character outside the BMP (a 4-byte UTF-8 sequence) is two UTF-16 units.
    s.chars().count() + s.bytes().filter(|b| *b >= 0xF0).count()
}

/// The UTF-16 units `[from, to)` as text; half a surrogate pair becomes U+FFFD.
pub fn utf16_slice(s: &str, from: usize, to: usize) -> String {
    let units: Vec<u16> = s
        .encode_utf16()
        .skip(from)
        .take(to.saturating_sub(from))
        .collect();
    String::from_utf16_lossy(&units)
}

/// Java's `String.trim()`: removes code points up to U+0020 at both ends.
pub fn java_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c <= ' ')
}

/// Java's `String.compareTo` order: UTF-16 code units, then length.
pub fn compare(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Java's `compareTo` result: the difference of the first differing units, else of the lengths.
fn compare_value(a: &str, b: &str) -> i64 {
    for (x, y) in a.encode_utf16().zip(b.encode_utf16()) {
        if x != y {
            return i64::from(x) - i64::from(y);
        }
    }
    i64::try_from(utf16_len(a)).unwrap_or(0) - i64::try_from(utf16_len(b)).unwrap_or(0)
}

/// Java's case-insensitive comparison of one character (upper, then lower case).
fn fold(c: char) -> char {
    c.to_uppercase()
        .next()
        .and_then(|u| u.to_lowercase().next())
        .unwrap_or(c)
}

fn fold_str(s: &str) -> String {
    s.chars().map(fold).collect()
}

/// Java's `String.replace(CharSequence, CharSequence)`: literal, every occurrence; an empty
/// target inserts the replacement around every character.
pub fn replace_literal(s: &str, from: &str, to: &str) -> Result<String, Failure> {
    let count = if from.is_empty() {
        s.chars().count() + 1
    } else {
        s.matches(from).count()
    };
    let new_len = s
        .len()
        .saturating_sub(count.saturating_mul(from.len()))
        .saturating_add(count.saturating_mul(to.len()));
    if new_len > MAX_OUTPUT_LEN {
        return Err(too_long());
    }
    Ok(s.replace(from, to))
}

/// Compiles a Java regular expression, as an argument error.
fn compile(pattern: &str) -> Result<Regex, Failure> {
    Regex::new(pattern).map_err(|e| {
        Failure::new(
            ErrorKind::BadArguments,
            format!(
                "`{pattern}` is not a regular expression this engine reads: {} (at character {})",
                e.message,
                e.position + 1
            ),
        )
        .hint(e.hint.unwrap_or_else(|| {
            "Java regular expressions: escape `.`, `|`, `(`, `[`, `+`, `*`, `?`, `$`, `^` with `\\` to match them literally".to_string()
        }))
    })
}

fn budget_failure(e: regex::Exhausted) -> Failure {
    Failure::new(
        ErrorKind::LimitExceeded,
        format!(
            "regular expressions need more than {} steps in this template",
            e.steps
        ),
    )
    .hint("simplify the expression: nested repetitions like `(a+)+` backtrack a lot")
}

/// Java's `String.split(regex, limit)`: a positive limit caps the number of parts (the last
/// keeps the rest), 0 drops trailing empty parts, a negative limit keeps them; a zero-width match
/// at the start never makes an empty first part; no match at all gives the whole text.
pub fn split(
    s: &str,
    pattern: &str,
    limit: i64,
    budget: &mut regex::Budget,
) -> Result<Vec<String>, Failure> {
    let re = compile(pattern)?;
    let text: Vec<char> = s.chars().collect();
    let limit = i32::try_from(limit.clamp(i64::from(i32::MIN), i64::from(i32::MAX))).unwrap_or(0);
    let limited = limit > 0;
    let cap = usize::try_from(limit).unwrap_or(0);
    let mut parts: Vec<String> = Vec::new();
    let mut index = 0usize;
    let mut from = 0usize;
    while from <= text.len() {
        let Some((start, end)) = re.find_at(&text, from, budget).map_err(budget_failure)? else {
            break;
        };
        from = if end == start { end + 1 } else { end };
        if !limited || parts.len() < cap - 1 {
            if index == 0 && start == 0 && end == 0 {
                continue;
            }
            parts.push(text.get(index..start).unwrap_or(&[]).iter().collect());
            index = end;
        } else if parts.len() == cap - 1 {
            parts.push(text.get(index..).unwrap_or(&[]).iter().collect());
            index = end;
        }
        if parts.len() > super::eval::MAX_ITEMS {
            return Err(Failure::new(
                ErrorKind::LimitExceeded,
                format!(
                    "split would make more than {} parts",
                    super::eval::MAX_ITEMS
                ),
            ));
        }
    }
    if index == 0 {
        return Ok(vec![s.to_string()]);
    }
    if !limited || parts.len() < cap {
        parts.push(text.get(index..).unwrap_or(&[]).iter().collect());
    }
    if limit == 0 {
        while parts.last().is_some_and(String::is_empty) {
            parts.pop();
        }
    }
    Ok(parts)
}

/// Java's `replaceAll`/`replaceFirst`: `$n` inserts group n, `\` quotes the next character.
fn replace_regex(
    s: &str,
    pattern: &str,
    replacement: &str,
    all: bool,
    budget: &mut regex::Budget,
) -> Result<String, Failure> {
    let re = compile(pattern)?;
    let text: Vec<char> = s.chars().collect();
    let repl: Vec<char> = replacement.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut from = 0usize;
    let mut copied = 0usize;
    while from <= text.len() {
        let Some(groups) = re
            .captures_at(&text, from, budget)
            .map_err(budget_failure)?
        else {
            break;
        };
        let Some(Some((start, end))) = groups.first().copied() else {
            break;
        };
        out.extend(text.get(copied..start).unwrap_or(&[]));
        append_replacement(&mut out, &repl, &groups, &text)?;
        copied = end;
        from = if end == start { end + 1 } else { end };
        if out.len() > MAX_OUTPUT_LEN {
            return Err(too_long());
        }
        if !all {
            break;
        }
    }
    out.extend(text.get(copied..).unwrap_or(&[]));
    Ok(out)
}

fn append_replacement(
    out: &mut String,
    repl: &[char],
    groups: &[Option<(usize, usize)>],
    text: &[char],
) -> Result<(), Failure> {
    let bad = |m: &str| {
        Failure::new(ErrorKind::BadArguments, m.to_string())
            .hint("in a replacement, `$1` is group 1 and `\\$` a literal dollar sign")
            .at_argument(1)
    };
    let mut i = 0;
    while let Some(&c) = repl.get(i) {
        match c {
            '\\' => {
                let Some(&n) = repl.get(i + 1) else {
                    return Err(bad("a replacement cannot end with `\\`"));
                };
                out.push(n);
                i += 2;
            }
            '$' => {
                let Some(d) = repl.get(i + 1).and_then(|c| c.to_digit(10)) else {
                    return Err(bad("`$` must be followed by a group number"));
                };
                let mut group = d as usize;
                i += 2;
                // Java takes further digits while they still name an existing group.
                while let Some(d) = repl.get(i).and_then(|c| c.to_digit(10)) {
                    let longer = group * 10 + d as usize;
                    if longer < groups.len() {
                        group = longer;
                        i += 1;
                    } else {
                        break;
                    }
                }
                let Some(slot) = groups.get(group) else {
                    return Err(bad(&format!("there is no group {group}")));
                };
                if let Some((a, b)) = slot {
                    out.extend(text.get(*a..*b).unwrap_or(&[]));
                }
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(())
}

/// Java's `int` argument (`Number.intValue()`).
fn int_arg(args: &[Value], i: usize, method: &str) -> Result<i64, Failure> {
    match args.get(i) {
        Some(Value::Integer(n)) => Ok(i64::from(*n as i32)),
        Some(Value::Decimal(d)) if d.is_finite() => Ok(i64::from(*d as i32)),
        Some(other) => Err(Failure::new(
            ErrorKind::BadArguments,
            format!(
                "`{method}` needs a whole number here, not {} {}",
                other.type_name(),
                other.describe()
            ),
        )
        .at_argument(i)),
        None => Err(Failure::new(
            ErrorKind::BadArguments,
            format!("`{method}` needs argument {}", i + 1),
        )),
    }
}

/// A text argument; null is Java's `NullPointerException`.
fn str_arg<'v>(args: &'v [Value], i: usize, method: &str) -> Result<&'v str, Failure> {
    match args.get(i) {
        Some(Value::String(s)) => Ok(s),
        Some(Value::Null) => Err(Failure::new(
            ErrorKind::TypeMismatch,
            format!("`{method}` cannot take null (Java throws a NullPointerException)"),
        )
        .hint("check for a value first: `x is not null`")
        .at_argument(i)),
        Some(other) => Err(Failure::new(
            ErrorKind::BadArguments,
            format!(
                "`{method}` needs text here, not {} {}",
                other.type_name(),
                other.describe()
            ),
        )
        .hint("quote the value, or build text with `~`: `x ~ ''`")
        .at_argument(i)),
        None => Err(Failure::new(
            ErrorKind::BadArguments,
            format!("`{method}` needs argument {}", i + 1),
        )),
    }
}

fn out_of_range(message: String, s: &str) -> Failure {
    Failure::new(
        ErrorKind::IndexOutOfRange,
        format!("{message} (Java throws StringIndexOutOfBoundsException)"),
    )
    .hint(format!(
        "the text has {} characters (UTF-16 units), indexed from 0; check `.length()` first, e.g. `x.length() > 3 ? x.substring(3) : ''`",
        utf16_len(s)
    ))
}

fn int(n: usize) -> Value {
    Value::Integer(i64::try_from(n).unwrap_or(i64::MAX))
}

/// Resolves `name` for a receiver as Pebble does for an attribute without arguments: the method,
/// or its bean forms `getName`, `isName`, `hasName` (`.empty` is `isEmpty()`).
fn resolve(receiver: Receiver, name: &str, argc: usize) -> Option<&'static Method> {
    let of = |n: &str| {
        METHODS
            .iter()
            .find(|m| m.receiver == receiver && m.name == n)
    };
    if let Some(m) = of(name) {
        return Some(m);
    }
    if argc > 0 {
        return None;
    }
    let mut chars = name.chars();
    let cap: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => return None,
    };
    ["get", "is", "has"]
        .iter()
        .find_map(|prefix| of(&format!("{prefix}{cap}")))
}

/// Whether a STRING has the attribute (`.length`, `.empty`) as a method without arguments.
pub fn string_attribute(name: &str) -> bool {
    resolve(Receiver::String, name, 0).is_some()
}

/// The closest STRING method name, for "did you mean".
pub fn closest_string_method(name: &str) -> Option<&'static str> {
    did_you_mean(
        name,
        METHODS
            .iter()
            .filter(|m| m.receiver == Receiver::String)
            .map(|m| m.name),
    )
}

/// The error for a method the receiver does not have, with "did you mean".
fn unknown(receiver: Receiver, name: &str, what: &str) -> Failure {
    let names = METHODS
        .iter()
        .filter(|m| m.receiver == receiver)
        .map(|m| m.name);
    let hint = match did_you_mean(name, names.clone()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("{what} methods: {}", names.collect::<Vec<_>>().join(", ")),
    };
    let hint = if name == "class" || name == "getClass" {
        "Pebble blocks access to Java classes".to_string()
    } else {
        hint
    };
    Failure::new(
        ErrorKind::UnknownMethod,
        format!("{what} has no method `{name}`"),
    )
    .hint(hint)
}

/// Checks the number of arguments against the method's arity.
fn check_arity(m: &Method, argc: usize) -> Result<(), Failure> {
    let (lo, hi) = m.arity;
    if (lo..=hi).contains(&argc) {
        return Ok(());
    }
    let takes = match (lo, hi) {
        (0, 0) => "no arguments".to_string(),
        (a, b) if a == b => format!("{a} argument{}", if a == 1 { "" } else { "s" }),
        (a, b) => format!("{a} or {b} arguments"),
    };
    Err(Failure::new(
        ErrorKind::BadArguments,
        format!("`{}` takes {takes}, not {argc}", m.name),
    )
    .hint(format!("write `.{}`", m.usage)))
}

/// Calls a STRING method (or reads a bean attribute such as `.length`); regular expressions spend
/// from `budget` (one per render).
pub fn call(
    s: &str,
    name: &str,
    args: &[Value],
    budget: &mut regex::Budget,
) -> Result<Value, Failure> {
    let Some(m) = resolve(Receiver::String, name, args.len()) else {
        return Err(unknown(Receiver::String, name, "a STRING"));
    };
    check_arity(m, args.len())?;
    let len = utf16_len(s);
    let units = || s.encode_utf16().collect::<Vec<u16>>();
    Ok(match m.name {
        "length" => int(len),
        "isEmpty" => Value::Boolean(s.is_empty()),
        "isBlank" => Value::Boolean(s.chars().all(super::lexer::is_java_whitespace)),
        "toString" => Value::String(s.to_string()),
        "toUpperCase" => Value::String(s.to_uppercase()),
        "toLowerCase" => Value::String(s.to_lowercase()),
        "trim" => Value::String(java_trim(s).to_string()),
        "strip" => Value::String(s.trim_matches(super::lexer::is_java_whitespace).to_string()),
        "stripLeading" => Value::String(
            s.trim_start_matches(super::lexer::is_java_whitespace)
                .to_string(),
        ),
        "stripTrailing" => Value::String(
            s.trim_end_matches(super::lexer::is_java_whitespace)
                .to_string(),
        ),
        "hashCode" => Value::Integer(i64::from(
            s.encode_utf16()
                .fold(0i32, |h, u| h.wrapping_mul(31).wrapping_add(i32::from(u))),
        )),
        "charAt" => {
            let i = int_arg(args, 0, "charAt")?;
            match usize::try_from(i).ok().filter(|i| *i < len) {
                Some(i) => Value::String(utf16_slice(s, i, i + 1)),
                None => {
                    return Err(out_of_range(format!("index {i}, length {len}"), s).at_argument(0))
                }
            }
        }
        "substring" => {
            let begin = int_arg(args, 0, "substring")?;
            let end = if args.len() > 1 {
                int_arg(args, 1, "substring")?
            } else {
                i64::try_from(len).unwrap_or(i64::MAX)
            };
            let ok = begin >= 0 && begin <= end && usize::try_from(end).is_ok_and(|e| e <= len);
            if !ok {
                let at = if begin < 0 || begin > end && args.len() == 1 {
                    0
                } else {
                    args.len() - 1
                };
                return Err(
                    out_of_range(format!("begin {begin}, end {end}, length {len}"), s)
                        .at_argument(at),
                );
            }
            Value::String(utf16_slice(
                s,
                usize::try_from(begin).unwrap_or(0),
                usize::try_from(end).unwrap_or(0),
            ))
        }
        "indexOf" | "lastIndexOf" => {
            let part: Vec<u16> = str_arg(args, 0, m.name)?.encode_utf16().collect();
            let text = units();
            let from = if args.len() > 1 {
                Some(int_arg(args, 1, m.name)?)
            } else {
                None
            };
            let found = if m.name == "indexOf" {
                index_of(&text, &part, from.unwrap_or(0))
            } else {
                last_index_of(&text, &part, from.unwrap_or(i64::MAX))
            };
            Value::Integer(found)
        }
        "contains" => Value::Boolean(s.contains(str_arg(args, 0, "contains")?)),
        "startsWith" => {
            let prefix: Vec<u16> = str_arg(args, 0, "startsWith")?.encode_utf16().collect();
            let offset = if args.len() > 1 {
                int_arg(args, 1, "startsWith")?
            } else {
                0
            };
            let text = units();
            Value::Boolean(
                usize::try_from(offset)
                    .is_ok_and(|o| text.get(o..).is_some_and(|rest| rest.starts_with(&prefix))),
            )
        }
        "endsWith" => Value::Boolean(s.ends_with(str_arg(args, 0, "endsWith")?)),
        "equals" => Value::Boolean(matches!(args.first(), Some(Value::String(o)) if o == s)),
        "equalsIgnoreCase" => Value::Boolean(match args.first() {
            Some(Value::String(o)) => utf16_len(o) == len && fold_str(o) == fold_str(s),
            _ => false,
        }),
        "compareTo" => Value::Integer(compare_value(s, str_arg(args, 0, "compareTo")?)),
        "compareToIgnoreCase" => Value::Integer(compare_value(
            &fold_str(s),
            &fold_str(str_arg(args, 0, "compareToIgnoreCase")?),
        )),
        "concat" => {
            let other = str_arg(args, 0, "concat")?;
            if s.len() + other.len() > MAX_OUTPUT_LEN {
                return Err(too_long());
            }
            Value::String(format!("{s}{other}"))
        }
        "repeat" => {
            let n = int_arg(args, 0, "repeat")?;
            let Ok(n) = usize::try_from(n) else {
                return Err(Failure::new(
                    ErrorKind::BadArguments,
                    format!("count is negative: {n} (Java throws IllegalArgumentException)"),
                )
                .at_argument(0));
            };
            if s.len().saturating_mul(n) > MAX_OUTPUT_LEN {
                return Err(too_long());
            }
            Value::String(s.repeat(n))
        }
        "replace" => {
            let from = str_arg(args, 0, "replace")?;
            let to = str_arg(args, 1, "replace")?;
            Value::String(replace_literal(s, from, to)?)
        }
        "replaceAll" | "replaceFirst" => {
            let re = str_arg(args, 0, m.name)?;
            let to = str_arg(args, 1, m.name)?;
            Value::String(
                replace_regex(s, re, to, m.name == "replaceAll", budget).map_err(|f| {
                    match f.argument {
                        Some(_) => f,
                        None if f.kind == ErrorKind::BadArguments => f.at_argument(0),
                        None => f,
                    }
                })?,
            )
        }
        "matches" => {
            let re = compile(str_arg(args, 0, "matches")?).map_err(|f| f.at_argument(0))?;
            let text: Vec<char> = s.chars().collect();
            Value::Boolean(re.full_match(&text, budget).map_err(budget_failure)?)
        }
        "split" => {
            let re = str_arg(args, 0, "split")?;
            let limit = if args.len() > 1 {
                int_arg(args, 1, "split")?
            } else {
                0
            };
            let parts = split(s, re, limit, budget).map_err(|f| match f.kind {
                ErrorKind::BadArguments => f.at_argument(0),
                _ => f,
            })?;
            Value::Json(serde_json::Value::Array(
                parts.into_iter().map(serde_json::Value::String).collect(),
            ))
        }
        other => return Err(unknown(Receiver::String, other, "a STRING")),
    })
}

/// Java's `indexOf(String, int)` on UTF-16 units.
fn index_of(text: &[u16], part: &[u16], from: i64) -> i64 {
    let from = usize::try_from(from.max(0)).unwrap_or(usize::MAX);
    if from >= text.len() {
        return if part.is_empty() {
            i64::try_from(text.len()).unwrap_or(-1)
        } else {
            -1
        };
    }
    (from..=text.len().saturating_sub(part.len()))
        .find(|&i| text.get(i..i + part.len()) == Some(part))
        .map_or(-1, |i| i64::try_from(i).unwrap_or(-1))
}

/// Java's `lastIndexOf(String, int)` on UTF-16 units.
fn last_index_of(text: &[u16], part: &[u16], from: i64) -> i64 {
    if from < 0 || part.len() > text.len() {
        return -1;
    }
    let last_start = text.len() - part.len();
    let start = usize::try_from(from).unwrap_or(usize::MAX).min(last_start);
    (0..=start)
        .rev()
        .find(|&i| text.get(i..i + part.len()) == Some(part))
        .map_or(-1, |i| i64::try_from(i).unwrap_or(-1))
}

/// Java's `equals` between list items: same type and value (`1` is not `1.0`).
fn java_equals(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    match (a, b) {
        (serde_json::Value::Number(x), serde_json::Value::Number(y)) => {
            x.is_f64() == y.is_f64() && x.as_f64() == y.as_f64()
        }
        _ => a == b,
    }
}

/// Calls a list method (`size`, `get`, `contains`, …).
pub fn call_list(
    items: &[serde_json::Value],
    name: &str,
    args: &[Value],
) -> Result<Value, Failure> {
    let Some(m) = resolve(Receiver::List, name, args.len()) else {
        return Err(unknown(Receiver::List, name, "a list"));
    };
    check_arity(m, args.len())?;
    let wanted = || {
        args.first()
            .map(Value::to_json)
            .unwrap_or(serde_json::Value::Null)
    };
    Ok(match m.name {
        "size" => int(items.len()),
        "isEmpty" => Value::Boolean(items.is_empty()),
        "contains" => Value::Boolean(items.iter().any(|x| java_equals(x, &wanted()))),
        "indexOf" => Value::Integer(
            items
                .iter()
                .position(|x| java_equals(x, &wanted()))
                .map_or(-1, |i| i64::try_from(i).unwrap_or(-1)),
        ),
        "get" => {
            let i = int_arg(args, 0, "get")?;
            match usize::try_from(i).ok().and_then(|i| items.get(i)) {
                Some(x) => Value::from_json_ref(x),
                None => {
                    return Err(Failure::new(
                        ErrorKind::IndexOutOfRange,
                        format!(
                            "index {i} out of bounds for length {} (Java throws IndexOutOfBoundsException)",
                            items.len()
                        ),
                    )
                    .hint("`list[i]` gives null instead of an error when the index is outside")
                    .at_argument(0))
                }
            }
        }
        other => return Err(unknown(Receiver::List, other, "a list")),
    })
}

/// Calls a map method (`size`, `get`, `containsKey`, …).
pub fn call_map(
    map: &serde_json::Map<String, serde_json::Value>,
    name: &str,
    args: &[Value],
) -> Result<Value, Failure> {
    let Some(m) = resolve(Receiver::Map, name, args.len()) else {
        return Err(unknown(Receiver::Map, name, "a map"));
    };
    check_arity(m, args.len())?;
    let key = || args.first().map(Value::print).unwrap_or_default();
    Ok(match m.name {
        "size" => int(map.len()),
        "isEmpty" => Value::Boolean(map.is_empty()),
        "containsKey" => Value::Boolean(map.contains_key(&key())),
        "get" => map.get(&key()).map_or(Value::Null, Value::from_json_ref),
        "keySet" => Value::Json(serde_json::Value::Array(
            map.keys().cloned().map(serde_json::Value::String).collect(),
        )),
        "values" => Value::Json(serde_json::Value::Array(map.values().cloned().collect())),
        other => return Err(unknown(Receiver::Map, other, "a map")),
    })
}
