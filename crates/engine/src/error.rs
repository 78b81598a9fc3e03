//! One error type for every stage (lexer, parser, evaluator), built where the fact is known, with a
//! byte span, a line and column, a message and an optional hint; plus warnings ([`Diagnostic`]).

use serde::Serialize;
use std::fmt;

/// A byte range `[start, end)` in the template source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// What went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// Anything the grammar does not accept.
    Syntax,
    /// Typographic quotes (“ ” ‘ ’) pasted from a document.
    CurlyQuote,
    /// `=` where `==` was meant.
    AssignInsteadOfEquals,
    /// A `(`, `[` or `{` without its partner, or a stray closing one.
    UnbalancedDelimiter,
    /// `{{` without `}}`.
    UnterminatedBlock,
    /// A string literal without its closing quote.
    UnterminatedString,
    /// `?` without `:`.
    TernaryWithoutColon,
    /// A number literal out of range.
    InvalidNumber,
    /// A variable that is not defined (see [`crate::Variables`]).
    UnknownVariable,
    UnknownFilter,
    UnknownFunction,
    UnknownTest,
    /// Wrong number, name or type of arguments to a filter or function.
    BadArguments,
    /// An operator applied to a value of the wrong type.
    TypeMismatch,
    /// `< > <= >=` with a non-number.
    Ordering,
    DivisionByZero,
    /// Integer arithmetic out of the 64-bit range.
    Overflow,
    /// A Pebble tag this engine does not run (`macro`, `include`, `block`, …).
    UnsupportedTag,
    /// `{% if %}` or `{% for %}` without its end tag.
    UnclosedTag,
    /// An end or middle tag (`{% endfor %}`, `{% else %}`) with no tag to belong to.
    UnexpectedTag,
    /// A Java method the value's type does not have (`ANI.lenght()`).
    UnknownMethod,
    /// An index outside a string or list, where Java throws (`substring(5)` on `"abc"`).
    IndexOutOfRange,
    /// Input length, nesting depth, evaluation steps or output size exceeded.
    LimitExceeded,
}

impl ErrorKind {
    /// The kebab-case name used in rendered errors and JSON.
    pub fn name(&self) -> &'static str {
        match self {
            ErrorKind::Syntax => "syntax",
            ErrorKind::CurlyQuote => "curly-quote",
            ErrorKind::AssignInsteadOfEquals => "assign-instead-of-equals",
            ErrorKind::UnbalancedDelimiter => "unbalanced-delimiter",
            ErrorKind::UnterminatedBlock => "unterminated-block",
            ErrorKind::UnterminatedString => "unterminated-string",
            ErrorKind::TernaryWithoutColon => "ternary-without-colon",
            ErrorKind::InvalidNumber => "invalid-number",
            ErrorKind::UnknownVariable => "unknown-variable",
            ErrorKind::UnknownFilter => "unknown-filter",
            ErrorKind::UnknownFunction => "unknown-function",
            ErrorKind::UnknownTest => "unknown-test",
            ErrorKind::BadArguments => "bad-arguments",
            ErrorKind::TypeMismatch => "type-mismatch",
            ErrorKind::Ordering => "ordering",
            ErrorKind::DivisionByZero => "division-by-zero",
            ErrorKind::Overflow => "overflow",
            ErrorKind::UnsupportedTag => "unsupported-tag",
            ErrorKind::UnclosedTag => "unclosed-tag",
            ErrorKind::UnexpectedTag => "unexpected-tag",
            ErrorKind::UnknownMethod => "unknown-method",
            ErrorKind::IndexOutOfRange => "index-out-of-range",
            ErrorKind::LimitExceeded => "limit-exceeded",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a warning is about: the expression evaluates, but probably not as intended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WarningKind {
    /// `==`/`!=` between a string and a number (or boolean): never equal, no conversion.
    StringNumberComparison,
    /// `not a == b` is `(not a) == b`.
    NotPrecedence,
    /// A JSON member or index that does not exist: evaluates to null.
    MissingMember,
    /// A Condition-style result that is neither a boolean nor "true"/"false".
    NotABoolean,
    /// A variable that is not set: Pebble prints it as empty (null).
    UnknownVariable,
    /// Behaviour that depends on something this model cannot know for sure (a time zone Java does
    /// not know, Pebble printing a Java array).
    Assumption,
}

impl WarningKind {
    pub fn name(&self) -> &'static str {
        match self {
            WarningKind::StringNumberComparison => "string-number-comparison",
            WarningKind::NotPrecedence => "not-precedence",
            WarningKind::MissingMember => "missing-member",
            WarningKind::NotABoolean => "not-a-boolean",
            WarningKind::UnknownVariable => "unknown-variable",
            WarningKind::Assumption => "assumption",
        }
    }
}

/// An expression error: kind, byte span, 1-based line and column (in characters), message and hint.
///
/// `Display` prints the rendered form: the message, the source line, a caret under the span and the
/// hint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Error {
    pub kind: ErrorKind,
    pub span: Span,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    /// The text of the source line the span starts on (used by `Display`).
    pub source_line: String,
}

/// A warning: same fields as [`Error`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub kind: WarningKind,
    pub span: Span,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    pub source_line: String,
}

/// Line (1-based), column (1-based, in characters) and the line's text, for a byte offset.
pub fn locate(source: &str, offset: usize) -> (usize, usize, &str) {
    let mut offset = offset.min(source.len());
    while offset > 0 && !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = source.get(..offset).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    let column = source
        .get(line_start..offset)
        .map_or(0, |s| s.chars().count())
        + 1;
    let rest = source.get(line_start..).unwrap_or("");
    let line_text = rest.split('\n').next().unwrap_or("");
    let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
    (line, column, line_text)
}

/// Longest rendered source line, in characters; longer lines are cut around the caret.
const MAX_SHOWN_LINE: usize = 120;

/// What the renderer prints.
struct Rendering<'a> {
    severity: &'a str,
    kind: &'a str,
    message: &'a str,
    line: usize,
    column: usize,
    width: usize,
    source_line: &'a str,
    hint: Option<&'a str>,
}

fn render_parts(f: &mut fmt::Formatter<'_>, r: Rendering<'_>) -> fmt::Result {
    let Rendering {
        severity,
        kind,
        message,
        line,
        column,
        width,
        source_line,
        hint,
    } = r;
    writeln!(f, "{severity}[{kind}]: {message}")?;
    let gutter = line.to_string();
    let pad = " ".repeat(gutter.len());
    writeln!(f, "{pad}--> line {line}, column {column}")?;
    // Cut very long lines to a window around the caret.
    let chars: Vec<char> = source_line.chars().collect();
    let col0 = column.saturating_sub(1).min(chars.len());
    let (from, prefix) = if chars.len() > MAX_SHOWN_LINE && col0 > MAX_SHOWN_LINE / 2 {
        (col0 - MAX_SHOWN_LINE / 2, "…")
    } else {
        (0, "")
    };
    let to = (from + MAX_SHOWN_LINE).min(chars.len());
    let suffix = if to < chars.len() { "…" } else { "" };
    let shown: String = chars.get(from..to).map_or(String::new(), |c| {
        c.iter()
            .map(|&ch| if ch == '\t' { ' ' } else { ch })
            .collect()
    });
    writeln!(f, "{pad} |")?;
    writeln!(f, "{gutter} | {prefix}{shown}{suffix}")?;
    let caret_col = col0 - from + prefix.chars().count();
    let max_width = to.saturating_sub(col0).max(1);
    let carets = "^".repeat(width.clamp(1, max_width));
    write!(f, "{pad} | {}{carets}", " ".repeat(caret_col))?;
    if let Some(h) = hint {
        write!(f, "\n{pad} = hint: {h}")?;
    }
    Ok(())
}

/// Width of a span in characters, limited to its first line.
fn span_width(source_line: &str, column: usize, span: Span) -> usize {
    let rest: String = source_line.chars().skip(column.saturating_sub(1)).collect();
    let mut width = 0;
    let mut bytes = 0;
    for c in rest.chars() {
        if bytes >= span.end.saturating_sub(span.start) {
            break;
        }
        bytes += c.len_utf8();
        width += 1;
    }
    width.max(1)
}

impl Error {
    /// Builds an error, computing line, column and the source line from `source`.
    pub fn new(kind: ErrorKind, span: Span, message: impl Into<String>, source: &str) -> Error {
        let (line, column, text) = locate(source, span.start);
        Error {
            kind,
            span,
            line,
            column,
            message: message.into(),
            hint: None,
            source_line: text.to_string(),
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Error {
        self.hint = Some(hint.into());
        self
    }

    /// The rendered form against another copy of the source (same as `to_string()` when the error
    /// came from that source).
    pub fn render(&self, source: &str) -> String {
        let mut e = self.clone();
        let (line, column, text) = locate(source, self.span.start);
        e.line = line;
        e.column = column;
        e.source_line = text.to_string();
        e.to_string()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = span_width(&self.source_line, self.column, self.span);
        render_parts(
            f,
            Rendering {
                severity: "error",
                kind: self.kind.name(),
                message: &self.message,
                line: self.line,
                column: self.column,
                width,
                source_line: &self.source_line,
                hint: self.hint.as_deref(),
            },
        )
    }
}

impl std::error::Error for Error {}

impl Diagnostic {
    pub fn new(
        kind: WarningKind,
        span: Span,
        message: impl Into<String>,
        source: &str,
    ) -> Diagnostic {
        let (line, column, text) = locate(source, span.start);
        Diagnostic {
            kind,
            span,
            line,
            column,
            message: message.into(),
            hint: None,
            source_line: text.to_string(),
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = span_width(&self.source_line, self.column, self.span);
        render_parts(
            f,
            Rendering {
                severity: "warning",
                kind: self.kind.name(),
                message: &self.message,
                line: self.line,
                column: self.column,
                width,
                source_line: &self.source_line,
                hint: self.hint.as_deref(),
            },
        )
    }
}

/// Levenshtein distance (on characters, case-insensitive), for "did you mean".
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The hint for an unknown name: `Ok("did you mean `x`?")` for a close candidate, else `Err` with
/// every candidate listed. Each candidate is written with `suffix` (`()` for functions).
pub fn closest_or_list<'a, I>(name: &str, candidates: I, suffix: &str) -> Result<String, String>
where
    I: IntoIterator<Item = &'a str> + Clone,
{
    match did_you_mean(name, candidates.clone()) {
        Some(s) => Ok(format!("did you mean `{s}{suffix}`?")),
        None => Err(candidates
            .into_iter()
            .map(|c| format!("{c}{suffix}"))
            .collect::<Vec<_>>()
            .join(", ")),
    }
}

/// The closest candidate within a distance proportional to the name's length.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).clamp(1, 4);
    candidates
        .into_iter()
        .filter(|c| c.len() < 200)
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, c.len()))
        .map(|(_, c)| c)
}
