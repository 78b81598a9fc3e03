//! Lexer: splits a template into verbatim text, `{{ … }}` print blocks and `{% … %}` tags, and a
//! block or tag into tokens.
//!
//! Pebble's delimiters and whitespace rules (its `Syntax` and `LexerImpl`):
//! - `{# … #}` is a comment;
//! - a `-` right after an opening delimiter and followed by whitespace (`{{- `, `{%- `, `{#- `)
//!   removes the whitespace before it; one right before a closing delimiter (`-}}`, `-%}`, `-#}`)
//!   removes the whitespace after it, newlines included (Java's `Character.isWhitespace`);
//! - newline trimming (Pebble's default, kept here: see the README's engine settings): one line
//!   break right after `}}`, `%}` or `#}` is dropped;
//! - `{% verbatim %}…{% endverbatim %}` is text, never parsed.

use super::error::{Error, ErrorKind, Span};

/// A token inside a block.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub kind: Tok,
    pub span: Span,
}

/// Token kinds. Names (including keywords such as `and`, `not`, `true`) are `Name`; their text is
/// the source under the span.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Name,
    /// A string literal without interpolation, unescaped.
    Str(String),
    /// A double-quoted string with `#{…}` parts.
    Interp(Vec<RawPart>),
    Int(i64),
    Dec(f64),
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Colon,
    Dot,
    /// `..` (Pebble's range operator).
    Range,
    Question,
    Pipe,
    Tilde,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    EqEq,
    NotEq,
    Lt,
    Gt,
    Le,
    Ge,
    /// `=`: only valid for named arguments.
    Assign,
}

impl Tok {
    /// How the token reads in messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Tok::Name => "a name",
            Tok::Str(_) | Tok::Interp(_) => "a string",
            Tok::Int(_) | Tok::Dec(_) => "a number",
            Tok::LParen => "`(`",
            Tok::RParen => "`)`",
            Tok::LBracket => "`[`",
            Tok::RBracket => "`]`",
            Tok::LBrace => "`{`",
            Tok::RBrace => "`}`",
            Tok::Comma => "`,`",
            Tok::Colon => "`:`",
            Tok::Dot => "`.`",
            Tok::Range => "`..`",
            Tok::Question => "`?`",
            Tok::Pipe => "`|`",
            Tok::Tilde => "`~`",
            Tok::Plus => "`+`",
            Tok::Minus => "`-`",
            Tok::Star => "`*`",
            Tok::Slash => "`/`",
            Tok::Percent => "`%`",
            Tok::EqEq => "`==`",
            Tok::NotEq => "`!=`",
            Tok::Lt => "`<`",
            Tok::Gt => "`>`",
            Tok::Le => "`<=`",
            Tok::Ge => "`>=`",
            Tok::Assign => "`=`",
        }
    }
}

/// A part of an interpolated string, before parsing: text, or the source range of a `#{…}`.
#[derive(Debug, Clone, PartialEq)]
pub enum RawPart {
    Text(String),
    Expr(Span),
}

/// A piece of a template.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    Text {
        span: Span,
        text: String,
    },
    /// `{{ … }}`; `span` covers the delimiters.
    Print {
        span: Span,
        tokens: Vec<Token>,
    },
    /// `{% … %}`; `span` covers the delimiters; the first token is the tag's name.
    Tag {
        span: Span,
        tokens: Vec<Token>,
    },
}

/// Java's `Character.isWhitespace` (whitespace control trims with it).
pub fn is_java_whitespace(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | '\u{1C}'..='\u{1F}'
    ) || (c.is_whitespace() && !matches!(c, '\u{85}' | '\u{A0}' | '\u{2007}' | '\u{202F}'))
}

/// Java regular expressions' `\s`: the ASCII whitespace `[ \t\n\x0B\f\r]`.
fn is_regex_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// The length of the line break at `at` that newline trimming drops (`\r\n`, `\n\r`, `\r`, `\n`,
/// U+0085, U+2028, U+2029), or 0.
fn line_break_len(src: &str, at: usize) -> usize {
    let rest = src.get(at..).unwrap_or("");
    for nl in ["\r\n", "\n\r", "\r", "\n", "\u{85}", "\u{2028}", "\u{2029}"] {
        if rest.starts_with(nl) {
            return nl.len();
        }
    }
    0
}

/// Which block a closing delimiter ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Print,
    Tag,
}

impl BlockKind {
    fn open(self) -> &'static str {
        match self {
            BlockKind::Print => "{{",
            BlockKind::Tag => "{%",
        }
    }

    fn close(self) -> &'static str {
        match self {
            BlockKind::Print => "}}",
            BlockKind::Tag => "%}",
        }
    }
}

const CURLY_QUOTES: [char; 6] = [
    '\u{201C}', '\u{201D}', '\u{2018}', '\u{2019}', '\u{201E}', '\u{00AB}',
];

fn is_curly_quote(c: char) -> bool {
    CURLY_QUOTES.contains(&c) || c == '\u{00BB}' || c == '\u{201A}'
}

fn curly_quote_hint(c: char) -> String {
    let straight = if matches!(c, '\u{2018}' | '\u{2019}' | '\u{201A}') {
        '\''
    } else {
        '"'
    };
    format!(
        "`{c}` is a typographic quote, probably pasted from a document; type a straight quote `{straight}` instead"
    )
}

/// Splits a template into text, print blocks and tags.
pub fn tokenize_template(src: &str) -> Result<Vec<Segment>, Error> {
    let bytes = src.as_bytes();
    let mut segments = Vec::new();
    let mut text_start = 0;
    let mut pos = 0;
    let mut trim_next = false;
    while let Some(found) = src.get(pos..).and_then(|s| s.find('{')) {
        let i = pos + found;
        let kind = match bytes.get(i + 1) {
            Some(&k @ (b'{' | b'%' | b'#')) => k,
            _ => {
                pos = i + 1;
                continue;
            }
        };
        // `-` then whitespace right after the delimiter trims the text before it.
        let trim_before =
            bytes.get(i + 2) == Some(&b'-') && bytes.get(i + 3).is_some_and(|b| is_regex_space(*b));
        let body = if trim_before { i + 3 } else { i + 2 };
        push_text(&mut segments, src, text_start, i, trim_next, trim_before);
        let after = match kind {
            b'#' => {
                let (after, trim_after) = comment_end(src, i, body)?;
                trim_next = trim_after;
                after
            }
            b'%' if is_verbatim_start(src, body).is_some() => {
                let start_end = is_verbatim_start(src, body).unwrap_or(body);
                let (text, after, trim_after) = verbatim(src, i, start_end)?;
                if let Some((span, text)) = text {
                    segments.push(Segment::Text { span, text });
                }
                trim_next = trim_after;
                after
            }
            _ => {
                let block = if kind == b'{' {
                    BlockKind::Print
                } else {
                    BlockKind::Tag
                };
                let (tokens, after, trim_after) = lex_block(src, i, body, block)?;
                let span = Span::new(i, after);
                segments.push(match block {
                    BlockKind::Print => Segment::Print { span, tokens },
                    BlockKind::Tag => Segment::Tag { span, tokens },
                });
                trim_next = trim_after;
                after + line_break_len(src, after)
            }
        };
        pos = after;
        text_start = after;
    }
    push_text(&mut segments, src, text_start, src.len(), trim_next, false);
    Ok(segments)
}

/// After `{#` at `open` (body from `body`): the offset after `#}` and its line break, and whether
/// the comment ends with whitespace and `-` (which trims the text after it, as Pebble reads it).
fn comment_end(src: &str, open: usize, body: usize) -> Result<(usize, bool), Error> {
    let Some(end) = src.get(body..).and_then(|s| s.find("#}")) else {
        return Err(Error::new(
            ErrorKind::UnterminatedBlock,
            Span::new(open, open + 2),
            "comment `{#` is never closed",
            src,
        )
        .with_hint("close the comment with `#}`"));
    };
    let content = src.get(body..body + end).unwrap_or("").as_bytes();
    let trim_after = content.len() >= 2
        && content.last() == Some(&b'-')
        && content
            .get(content.len() - 2)
            .is_some_and(|b| is_regex_space(*b));
    let after = body + end + 2;
    Ok((after + line_break_len(src, after), trim_after))
}

/// Skips ASCII whitespace from `at`.
fn skip_regex_space(src: &str, mut at: usize) -> usize {
    while src.as_bytes().get(at).is_some_and(|b| is_regex_space(*b)) {
        at += 1;
    }
    at
}

/// `{% verbatim %}` (from the tag's body): the offset after its `%}`.
fn is_verbatim_start(src: &str, body: usize) -> Option<usize> {
    let at = skip_regex_space(src, body);
    let rest = src.get(at..)?;
    let after_name = rest.strip_prefix("verbatim")?;
    if after_name
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
    {
        return None;
    }
    let mut end = skip_regex_space(src, at + "verbatim".len());
    if src.as_bytes().get(end) == Some(&b'-') {
        end += 1;
    }
    src.get(end..)?.starts_with("%}").then_some(end + 2)
}

type VerbatimText = Option<(Span, String)>;

/// The text of a verbatim tag that starts at `open` and whose opening tag ends at `from`: the text,
/// the offset after `{% endverbatim %}`, and whether that tag trims the text after it.
fn verbatim(src: &str, open: usize, from: usize) -> Result<(VerbatimText, usize, bool), Error> {
    let mut search = from;
    while let Some(found) = src.get(search..).and_then(|s| s.find("{%")) {
        let tag = search + found;
        let mut at = tag + 2;
        let trim_before = src.as_bytes().get(at) == Some(&b'-');
        if trim_before {
            at += 1;
        }
        at = skip_regex_space(src, at);
        if src.get(at..).is_some_and(|r| r.starts_with("endverbatim")) {
            at = skip_regex_space(src, at + "endverbatim".len());
            let trim_after = src.as_bytes().get(at) == Some(&b'-');
            if trim_after {
                at += 1;
            }
            if src.get(at..).is_some_and(|r| r.starts_with("%}")) {
                let after = at + 2;
                // Pebble left-trims verbatim text always, and right-trims it on `{%- endverbatim`.
                let raw = src.get(from..tag).unwrap_or("");
                let lead = raw.len() - raw.trim_start_matches(is_java_whitespace).len();
                let mut text = &raw[lead..];
                if trim_before {
                    text = text.trim_end_matches(is_java_whitespace);
                }
                let piece = (!text.is_empty()).then(|| {
                    (
                        Span::new(from + lead, from + lead + text.len()),
                        text.to_string(),
                    )
                });
                return Ok((piece, after + line_break_len(src, after), trim_after));
            }
        }
        search = tag + 2;
    }
    Err(Error::new(
        ErrorKind::UnclosedTag,
        Span::new(open, from),
        "`{% verbatim %}` is never closed",
        src,
    )
    .with_hint("end the verbatim text with `{% endverbatim %}`"))
}

fn push_text(
    segments: &mut Vec<Segment>,
    src: &str,
    start: usize,
    end: usize,
    trim_start: bool,
    trim_end: bool,
) {
    let Some(mut text) = src.get(start..end) else {
        return;
    };
    let mut s = start;
    if trim_start {
        let t = text.trim_start_matches(is_java_whitespace);
        s += text.len() - t.len();
        text = t;
    }
    if trim_end {
        text = text.trim_end_matches(is_java_whitespace);
    }
    if !text.is_empty() {
        segments.push(Segment::Text {
            span: Span::new(s, s + text.len()),
            text: text.to_string(),
        });
    }
}

/// Lexes a block starting at `body` (after `{{`/`{%`, and a `-`, at `open`). Returns the tokens, the
/// offset after the closing delimiter, and whether it was `-}}`/`-%}`.
fn lex_block(
    src: &str,
    open: usize,
    body: usize,
    block: BlockKind,
) -> Result<(Vec<Token>, usize, bool), Error> {
    let mut lx = Lexer {
        src,
        pos: body,
        end: src.len(),
        // About one token per four bytes of a typical block; bounded so a long template does not
        // reserve much up front.
        tokens: Vec::with_capacity((src.len() - body.min(src.len())).clamp(8, 256) / 4),
        brackets: Vec::new(),
    };
    let close = block.close();
    loop {
        lx.skip_whitespace();
        let rest = src.get(lx.pos..).unwrap_or("");
        if rest.is_empty() {
            let (open_text, close_text) = (block.open(), block.close());
            let what = match block {
                BlockKind::Print => "expression",
                BlockKind::Tag => "tag",
            };
            let mut err = Error::new(
                ErrorKind::UnterminatedBlock,
                Span::new(open, open + 2),
                format!("`{open_text}` is never closed"),
                src,
            )
            .with_hint(format!("close the {what} with `{close_text}`"));
            if let Some((c, span)) = lx.brackets.last() {
                let (_, col, _) = super::error::locate(src, span.start);
                err = err.with_hint(format!(
                    "close the {what} with `{close_text}`; note that `{c}` at column {col} is not closed either"
                ));
            }
            return Err(err);
        }
        if lx.brackets.is_empty() {
            if rest.starts_with(close) {
                return Ok((lx.tokens, lx.pos + 2, false));
            }
            if rest.starts_with('-') && rest.get(1..).is_some_and(|r| r.starts_with(close)) {
                return Ok((lx.tokens, lx.pos + 3, true));
            }
        }
        lx.next_token()?;
    }
}

/// Lexes a source range completely (the inside of `#{…}`).
pub fn lex_range(src: &str, start: usize, end: usize) -> Result<Vec<Token>, Error> {
    let mut lx = Lexer {
        src,
        pos: start,
        end: end.min(src.len()),
        tokens: Vec::new(),
        brackets: Vec::new(),
    };
    loop {
        lx.skip_whitespace();
        if lx.pos >= lx.end {
            if let Some((c, span)) = lx.brackets.last() {
                return Err(Error::new(
                    ErrorKind::UnbalancedDelimiter,
                    *span,
                    format!("`{c}` is never closed"),
                    src,
                )
                .with_hint(format!("add `{}`", closing(*c))));
            }
            return Ok(lx.tokens);
        }
        lx.next_token()?;
    }
}

fn closing(c: char) -> char {
    match c {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    end: usize,
    tokens: Vec<Token>,
    brackets: Vec<(char, Span)>,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        if self.pos >= self.end {
            return None;
        }
        // ASCII fast path: an ASCII byte is always a whole character (and a char boundary).
        match self.src.as_bytes().get(self.pos) {
            Some(&b) if b.is_ascii() => Some(char::from(b)),
            _ => self
                .src
                .get(self.pos..self.end)
                .and_then(|s| s.chars().next()),
        }
    }

    fn peek_at(&self, offset: usize) -> Option<u8> {
        if self.pos + offset < self.end {
            self.src.as_bytes().get(self.pos + offset).copied()
        } else {
            None
        }
    }

    #[inline]
    fn skip_whitespace(&mut self) {
        let bytes = self.src.as_bytes().get(..self.end).unwrap_or(&[]);
        let spaces = bytes
            .get(self.pos..)
            .unwrap_or(&[])
            .iter()
            .take_while(|b| **b == b' ')
            .count();
        self.pos += spaces;
        if !self
            .src
            .as_bytes()
            .get(self.pos)
            .is_some_and(|b| !b.is_ascii() || b.is_ascii_whitespace() || *b == 0x0b)
        {
            return;
        }
        while let Some(c) = self.peek() {
            if c.is_whitespace() {
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
    }

    fn push(&mut self, kind: Tok, start: usize) {
        self.tokens.push(Token {
            kind,
            span: Span::new(start, self.pos),
        });
    }

    fn err(&self, kind: ErrorKind, span: Span, msg: impl Into<String>) -> Error {
        Error::new(kind, span, msg, self.src)
    }

    fn next_token(&mut self) -> Result<(), Error> {
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Ok(());
        };
        let two = |a: u8| self.peek_at(1) == Some(a);
        let simple = match c {
            '(' => Some(Tok::LParen),
            '[' => Some(Tok::LBracket),
            '{' => Some(Tok::LBrace),
            ',' => Some(Tok::Comma),
            ':' => Some(Tok::Colon),
            '.' => Some(Tok::Dot),
            '?' => Some(Tok::Question),
            '~' => Some(Tok::Tilde),
            '+' => Some(Tok::Plus),
            '-' => Some(Tok::Minus),
            '*' => Some(Tok::Star),
            '/' => Some(Tok::Slash),
            '%' => Some(Tok::Percent),
            _ => None,
        };
        if c == '.' && two(b'.') {
            self.pos += 2;
            self.push(Tok::Range, start);
            return Ok(());
        }
        if let Some(kind) = simple {
            if matches!(c, '(' | '[' | '{') {
                self.brackets.push((c, Span::new(start, start + 1)));
            }
            self.pos += 1;
            self.push(kind, start);
            return Ok(());
        }
        match c {
            ')' | ']' | '}' => self.close_bracket(c),
            '|' if two(b'|') => Err(self
                .err(
                    ErrorKind::Syntax,
                    Span::new(start, start + 2),
                    "`||` is not an operator",
                )
                .with_hint("use `or`")),
            '|' => {
                self.pos += 1;
                self.push(Tok::Pipe, start);
                Ok(())
            }
            '&' => Err(self
                .err(
                    ErrorKind::Syntax,
                    Span::new(start, start + 1 + usize::from(two(b'&'))),
                    "`&&` is not an operator",
                )
                .with_hint("use `and`")),
            '=' if two(b'=') => {
                self.pos += 2;
                self.push(Tok::EqEq, start);
                Ok(())
            }
            '=' => {
                self.pos += 1;
                self.push(Tok::Assign, start);
                Ok(())
            }
            '!' if two(b'=') => {
                self.pos += 2;
                self.push(Tok::NotEq, start);
                Ok(())
            }
            '!' => Err(self
                .err(
                    ErrorKind::Syntax,
                    Span::new(start, start + 1),
                    "`!` is not an operator",
                )
                .with_hint("use `not` to negate, or `!=` to compare")),
            '<' | '>' => {
                let eq = two(b'=');
                self.pos += 1 + usize::from(eq);
                let kind = match (c, eq) {
                    ('<', false) => Tok::Lt,
                    ('<', true) => Tok::Le,
                    (_, false) => Tok::Gt,
                    (_, true) => Tok::Ge,
                };
                self.push(kind, start);
                Ok(())
            }
            '"' | '\'' => self.string(c),
            '0'..='9' => self.number(),
            // Pebble's names: `[\p{L}_][\p{L}\p{Nd}_]*`, so `水` and `éabc` are names too.
            c if c.is_alphabetic() || c == '_' => {
                let len: usize = self
                    .src
                    .get(self.pos..self.end)
                    .unwrap_or("")
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .map(char::len_utf8)
                    .sum();
                self.pos += len;
                self.push(Tok::Name, start);
                Ok(())
            }
            c if is_curly_quote(c) => Err(self
                .err(
                    ErrorKind::CurlyQuote,
                    Span::new(start, start + c.len_utf8()),
                    format!("typographic quote `{c}` cannot start or end a string"),
                )
                .with_hint(curly_quote_hint(c))),
            c => Err(self.err(
                ErrorKind::Syntax,
                Span::new(start, start + c.len_utf8()),
                format!("unexpected character `{c}`"),
            )),
        }
    }

    fn close_bracket(&mut self, c: char) -> Result<(), Error> {
        let start = self.pos;
        let open = match c {
            ')' => '(',
            ']' => '[',
            _ => '{',
        };
        match self.brackets.last().copied() {
            Some((o, _)) if o == open => {
                self.brackets.pop();
                self.pos += 1;
                let kind = match c {
                    ')' => Tok::RParen,
                    ']' => Tok::RBracket,
                    _ => Tok::RBrace,
                };
                self.push(kind, start);
                Ok(())
            }
            Some((o, span)) => {
                let (_, col, _) = super::error::locate(self.src, span.start);
                if c == '}' && self.peek_at(1) == Some(b'}') {
                    Err(self
                        .err(
                            ErrorKind::UnbalancedDelimiter,
                            span,
                            format!("`{o}` is not closed before `}}}}`"),
                        )
                        .with_hint(format!(
                            "add `{}` to close the `{o}` at column {col}",
                            closing(o)
                        )))
                } else {
                    Err(self
                        .err(
                            ErrorKind::UnbalancedDelimiter,
                            Span::new(start, start + 1),
                            format!("`{c}` does not match the `{o}` at column {col}"),
                        )
                        .with_hint(format!("close the `{o}` with `{}` first", closing(o))))
                }
            }
            None if c == '}' => Err(self
                .err(
                    ErrorKind::UnbalancedDelimiter,
                    Span::new(start, start + 1),
                    "a single `}` cannot close the expression",
                )
                .with_hint("close the expression with two braces: `}}`")),
            None => Err(self
                .err(
                    ErrorKind::UnbalancedDelimiter,
                    Span::new(start, start + 1),
                    format!("unexpected `{c}`: there is no `{open}` to close"),
                )
                .with_hint(format!("remove this `{c}` or add a `{open}` before it"))),
        }
    }

    fn number(&mut self) -> Result<(), Error> {
        let start = self.pos;
        let digits = |lx: &mut Self| {
            while lx.peek_at(0).is_some_and(|b| b.is_ascii_digit()) {
                lx.pos += 1;
            }
        };
        digits(self);
        let mut decimal = false;
        if self.peek_at(0) == Some(b'.') && self.peek_at(1).is_some_and(|b| b.is_ascii_digit()) {
            decimal = true;
            self.pos += 1;
            digits(self);
        }
        // Pebble's long literal `5L`.
        if !decimal
            && self.peek_at(0) == Some(b'L')
            && !self
                .src
                .get(self.pos + 1..self.end)
                .and_then(|r| r.chars().next())
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            let text = self.src.get(start..self.pos).unwrap_or("");
            let span = Span::new(start, self.pos + 1);
            return match text.parse::<i64>() {
                Ok(i) => {
                    self.pos += 1;
                    self.push(Tok::Int(i), start);
                    Ok(())
                }
                Err(_) => Err(self.err(
                    ErrorKind::InvalidNumber,
                    span,
                    "integer literal does not fit in 64 bits",
                )),
            };
        }
        if let Some(c) = self.peek() {
            if c.is_alphabetic() || c == '_' {
                let hint = if c == 'e' || c == 'E' {
                    "numbers have no exponent here: write the digits out, e.g. `15000000`"
                } else {
                    "put an operator or a space between a number and a name"
                };
                let mut end = self.pos;
                while self
                    .src
                    .as_bytes()
                    .get(end)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
                {
                    end += 1;
                }
                return Err(self
                    .err(ErrorKind::Syntax, Span::new(start, end), "malformed number")
                    .with_hint(hint));
            }
        }
        let text = self.src.get(start..self.pos).unwrap_or("");
        let span = Span::new(start, self.pos);
        let kind = if decimal {
            match text.parse::<f64>() {
                Ok(d) if d.is_finite() => Tok::Dec(d),
                _ => {
                    return Err(self.err(
                        ErrorKind::InvalidNumber,
                        span,
                        "decimal literal out of range",
                    ))
                }
            }
        } else {
            match text.parse::<i64>() {
                Ok(i) => Tok::Int(i),
                Err(_) => {
                    return Err(self
                        .err(
                            ErrorKind::InvalidNumber,
                            span,
                            "integer literal does not fit in 64 bits",
                        )
                        .with_hint(
                            "integers range from -9223372036854775807 to 9223372036854775807",
                        ))
                }
            }
        };
        self.push(kind, start);
        Ok(())
    }

    /// A string literal. The only escape is a backslash before the same quote; any other backslash
    /// pair is kept as written (Pebble's behaviour). `#{…}` interpolates in double quotes only.
    fn string(&mut self, quote: char) -> Result<(), Error> {
        let start = self.pos;
        self.pos += 1;
        // Fast path: scan bytes up to the first quote, backslash or (in double quotes) `#`; a
        // string without escapes or interpolation is then one exact-size copy. UTF-8 continuation
        // bytes are never ASCII, so the byte scan cannot stop inside a character.
        let bytes = self.src.as_bytes();
        let q = quote as u8;
        let mut i = self.pos;
        while i < self.end {
            match bytes.get(i) {
                Some(&b) if b == q || b == b'\\' || (b == b'#' && q == b'"') => break,
                Some(_) => i += 1,
                None => break,
            }
        }
        if i < self.end && bytes.get(i) == Some(&q) {
            let text = self.src.get(self.pos..i).unwrap_or("").to_string();
            self.pos = i + 1;
            self.push(Tok::Str(text), start);
            return Ok(());
        }
        let mut parts: Vec<RawPart> = Vec::new();
        let mut buf = String::from(self.src.get(self.pos..i).unwrap_or(""));
        self.pos = i;
        loop {
            let Some(c) = self.peek() else {
                let rest = self.src.get(start..self.end).unwrap_or("");
                let mut hint = format!("add the closing `{quote}`");
                if let Some(q) = rest.chars().find(|c| is_curly_quote(*c)) {
                    hint = format!(
                        "add the closing `{quote}`; the string contains `{q}`, a typographic quote: type a straight `{quote}` instead"
                    );
                }
                return Err(self
                    .err(
                        ErrorKind::UnterminatedString,
                        Span::new(start, start + 1),
                        "string is never closed",
                    )
                    .with_hint(hint));
            };
            if c == quote {
                self.pos += 1;
                break;
            }
            if c == '\\' {
                self.pos += 1;
                match self.peek() {
                    Some(n) if n == quote => {
                        buf.push(n);
                        self.pos += n.len_utf8();
                    }
                    Some(n) => {
                        buf.push('\\');
                        buf.push(n);
                        self.pos += n.len_utf8();
                    }
                    None => buf.push('\\'),
                }
                continue;
            }
            if quote == '"' && c == '#' && self.peek_at(1) == Some(b'{') {
                let inner_start = self.pos + 2;
                let inner_end = self.find_interpolation_end(inner_start)?;
                if !buf.is_empty() {
                    parts.push(RawPart::Text(std::mem::take(&mut buf)));
                }
                parts.push(RawPart::Expr(Span::new(inner_start, inner_end)));
                self.pos = inner_end + 1;
                continue;
            }
            buf.push(c);
            self.pos += c.len_utf8();
        }
        if parts.is_empty() {
            self.push(Tok::Str(buf), start);
        } else {
            if !buf.is_empty() {
                parts.push(RawPart::Text(buf));
            }
            self.push(Tok::Interp(parts), start);
        }
        Ok(())
    }

    /// The offset of the `}` closing a `#{` whose inside starts at `from`.
    fn find_interpolation_end(&self, from: usize) -> Result<usize, Error> {
        let bytes = self.src.as_bytes();
        let mut depth = 1usize;
        let mut i = from;
        while i < self.end {
            match bytes.get(i) {
                Some(b'{') => depth += 1,
                Some(b'}') => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(i);
                    }
                }
                Some(&q @ (b'"' | b'\'')) => {
                    i += 1;
                    while i < self.end && bytes.get(i) != Some(&q) {
                        if bytes.get(i) == Some(&b'\\') {
                            i += 1;
                        }
                        i += 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        Err(self
            .err(
                ErrorKind::UnbalancedDelimiter,
                Span::new(from.saturating_sub(2), from),
                "`#{` is never closed",
            )
            .with_hint("close the interpolation with `}` before the closing quote"))
    }
}
