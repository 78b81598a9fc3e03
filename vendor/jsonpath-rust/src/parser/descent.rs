//! A hand-written recursive-descent parser for RFC 9535 JSONPath.
//!
//! Vendored addition: replaces upstream's pest grammar (`grammar/json_path_9535.pest`) and the
//! `pest`/`pest_derive` crates, which were most of the jsonpath code in the app's wasm (see
//! vendor/README.md). It builds the same [`model`](super::model) as upstream's parser for every query
//! (checked against that parser, kept as a test oracle in `pest_oracle.rs`), including upstream's
//! choices beyond the RFC grammar:
//!
//! - function names are the five of RFC 9535 plus upstream's `in`, `nin`, `none_of`, `any_of` and
//!   `subset_of` (two arguments each, [`TestFunction::Custom`]); a function is checked as
//!   upstream does ([`TestFunction::try_new`]; [`TestFunction::is_comparable`]: `match()`,
//!   `search()` and the custom functions cannot be compared) and, beyond upstream, for RFC 9535's
//!   well-typedness (`function_types.rs`): a function that gives a value cannot stand alone as a
//!   test, and `length()`, `match()` and `search()` take values (a literal, a singular query or a
//!   value-giving function), `count()` and `value()` queries;
//! - a function argument is a literal, a query or function call, or else a logical expression
//!   (so `length(@.a == 1)` is an error, as in upstream's PEG);
//! - integers (indices, slice bounds, the integer part of numbers) are within ±(2^53 − 1), with no
//!   leading zeros and no `-0`, except that the number literal `-0` is the integer 0;
//! - a shorthand name (`.name`, `..name`) is trimmed of trailing Unicode white space (U+00A0 …),
//!   and one that starts with such a character is an error; in a comparison's singular query
//!   (`@.name == …`) it is trimmed on both sides.
//!
//! White space is accepted exactly where RFC 9535 has `S`. Upstream's grammar also let pest insert
//! white space between the tokens of a shorthand name (`$.a b` was the name `"a b"`, `$.a ` the
//! name `"a"`) and inside the brackets and after the dot of a comparison's singular query
//! (`@[ 0 ]`, `@. a`); those are errors here, as in the RFC.
//!
//! The parser is predictive except in two places, where it backtracks once: a filter atom that
//! starts with `@` or `$` is read as a singular query and re-read as a query when no comparison
//! operator follows, and the steps of a singular query stop at the first one that is not a name or
//! an index. A function call is read once, whether it ends up compared or tested, so the time is
//! linear in the query (upstream's PEG was exponential in the nesting of function calls).
//!
//! Errors carry a position (1-based, in characters) and say what was expected. Recursion is bounded:
//! at most [`MAX_NESTING_DEPTH`] brackets and parentheses may be open at once, otherwise
//! [`JsonPathError::MaxNestingDepthExceeded`].

// Ours, so not covered by the crate's upstream `#![allow(warnings)]`.
#![warn(warnings, clippy::all)]

use super::errors::JsonPathError;
use super::model::{
    Comparable, Comparison, Filter, FilterAtom, FnArg, JpQuery, Literal, Segment, Selector,
    SingularQuery, SingularQuerySegment, Test, TestFunction,
};
use super::{function_types, Parsed, MAX_NESTING_DEPTH};

/// Parses a whole JSONPath query: `$` followed by segments, and nothing after them.
pub(super) fn parse(query: &str) -> Parsed<JpQuery> {
    let mut parser = Parser::new(query);
    let result = parser.query();
    result.map_err(|fail| parser.error(fail))
}

/// Largest integer RFC 9535 accepts (I-JSON's 2^53 − 1).
const MAX_INT: i64 = 9_007_199_254_740_991;

/// Why parsing stopped.
#[derive(Debug)]
pub(super) enum Fail {
    /// The input does not match here (byte offset, what was expected or is wrong). The two
    /// backtracking points may try another reading.
    At(usize, &'static str),
    /// The query is certainly invalid (a bad function call, too deep nesting …): no other reading
    /// is tried.
    Error(JsonPathError),
}

pub(super) type Step<T> = Result<T, Fail>;

pub(super) struct Parser<'a> {
    src: &'a str,
    pos: usize,
    /// Brackets and parentheses open around `pos`.
    depth: usize,
}

impl<'a> Parser<'a> {
    pub(super) fn new(src: &'a str) -> Self {
        Parser {
            src,
            pos: 0,
            depth: 0,
        }
    }

    /// The error a failure stands for, with its position in characters.
    pub(super) fn error(&self, fail: Fail) -> JsonPathError {
        match fail {
            Fail::Error(e) => e,
            Fail::At(at, what) => {
                let message = if what.starts_with("expected") {
                    format!("{what}, found {}", self.found(at))
                } else {
                    what.to_string()
                };
                self.syntax(at, message)
            }
        }
    }

    fn syntax(&self, at: usize, message: String) -> JsonPathError {
        JsonPathError::Syntax {
            position: self.column(at),
            message,
        }
    }

    /// 1-based position in characters of the byte offset `at`.
    fn column(&self, at: usize) -> usize {
        self.src.get(..at).map_or(0, |s| s.chars().count()) + 1
    }

    /// What the input holds at byte offset `at`, for an error message.
    fn found(&self, at: usize) -> String {
        match self.src.get(at..).and_then(|s| s.chars().next()) {
            None => "the end of the path".to_string(),
            Some(' ') => "a space".to_string(),
            Some('\t') => "a tab".to_string(),
            Some('\n' | '\r') => "a line break".to_string(),
            Some(c) if c.is_control() || c.is_whitespace() => format!("U+{:04X}", c as u32),
            Some(c) => format!("`{c}`"),
        }
    }

    fn fail<T>(&self, what: &'static str) -> Step<T> {
        Err(Fail::At(self.pos, what))
    }

    fn fatal<T>(&self, at: usize, message: String) -> Step<T> {
        Err(Fail::Error(self.syntax(at, message)))
    }

    fn peek(&self) -> Option<u8> {
        self.src.as_bytes().get(self.pos).copied()
    }

    fn peek_char(&self) -> Option<char> {
        self.src.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    fn eat_str(&mut self, s: &str) -> bool {
        let found = self.rest().starts_with(s);
        if found {
            self.pos += s.len();
        }
        found
    }

    /// `S`: blanks, tabs, line feeds and carriage returns.
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// Opens a bracket or parenthesis (the caller consumes it), refusing to nest deeper than
    /// [`MAX_NESTING_DEPTH`]. Every `open` is paired with a `close`, also on failure.
    fn open(&mut self) -> Step<()> {
        if self.depth >= MAX_NESTING_DEPTH {
            return Err(Fail::Error(JsonPathError::MaxNestingDepthExceeded(
                MAX_NESTING_DEPTH,
            )));
        }
        self.depth += 1;
        Ok(())
    }

    fn close(&mut self) {
        self.depth -= 1;
    }

    /// `jsonpath-query` and the end of the input.
    fn query(&mut self) -> Step<JpQuery> {
        let query = self.jp_query()?;
        if self.pos < self.src.len() {
            return self.fail("expected `.`, `..`, `[` or the end of the path");
        }
        Ok(query)
    }

    /// `$` and its segments.
    pub(super) fn jp_query(&mut self) -> Step<JpQuery> {
        if !self.eat(b'$') {
            return self.fail("expected `$` (a JSONPath starts with `$`)");
        }
        Ok(JpQuery::new(self.segments()?))
    }

    /// `*(S segment)`. A segment starts with `.` or `[`; nothing that may follow the segments
    /// does, so a segment that fails is an error, not the end of the list.
    fn segments(&mut self) -> Step<Vec<Segment>> {
        let mut segments = Vec::new();
        loop {
            let before = self.pos;
            self.ws();
            match self.peek() {
                Some(b'.' | b'[') => segments.push(self.segment()?),
                _ => {
                    self.pos = before;
                    return Ok(segments);
                }
            }
        }
    }

    /// A child segment (`.name`, `.*`, `[…]`) or a descendant segment (`..name`, `..*`, `..[…]`).
    fn segment(&mut self) -> Step<Segment> {
        if self.eat_str("..") {
            let child = match self.peek() {
                Some(b'[') => self.bracketed()?,
                _ => self.dot_member("expected a name, `*` or `[` after `..`")?,
            };
            Ok(Segment::Descendant(Box::new(child)))
        } else if self.eat(b'.') {
            self.dot_member("expected a name or `*` after `.`")
        } else {
            self.bracketed()
        }
    }

    /// `*` or a shorthand name right after `.` or `..`.
    fn dot_member(&mut self, expected: &'static str) -> Step<Segment> {
        if self.eat(b'*') {
            return Ok(Segment::Selector(Selector::Wildcard));
        }
        let start = self.pos;
        let Some(name) = self.member_name() else {
            return self.fail(match self.peek() {
                Some(b'0'..=b'9') => "a name after `.` cannot start with a digit",
                _ => expected,
            });
        };
        if let Some(c) = name.chars().next().filter(|c| c.is_whitespace()) {
            return self.fatal(
                start,
                format!(
                    "a name cannot start with U+{:04X} (a space character)",
                    c as u32
                ),
            );
        }
        Ok(Segment::name(name.trim()))
    }

    /// `member-name-shorthand`: `name-first *name-char`, untrimmed; `None` without a `name-first`.
    fn member_name(&mut self) -> Option<&'a str> {
        let start = self.pos;
        let first = self.peek_char().filter(|&c| is_name_first(c))?;
        self.pos += first.len_utf8();
        while let Some(c) = self
            .peek_char()
            .filter(|&c| is_name_first(c) || c.is_ascii_digit())
        {
            self.pos += c.len_utf8();
        }
        self.src.get(start..self.pos)
    }

    /// `[` S selector *(S `,` S selector) S `]`: one selector is a [`Segment::Selector`].
    fn bracketed(&mut self) -> Step<Segment> {
        self.open()?;
        self.pos += 1;
        let result = self.bracketed_inner();
        self.close();
        result
    }

    fn bracketed_inner(&mut self) -> Step<Segment> {
        self.ws();
        let mut selectors = vec![self.selector()?];
        loop {
            self.ws();
            if self.eat(b']') {
                break;
            }
            if !self.eat(b',') {
                return self.fail(match selectors.last() {
                    Some(Selector::Filter(_)) => "expected `&&`, `||`, `,` or `]`",
                    _ => "expected `,` or `]`",
                });
            }
            self.ws();
            selectors.push(self.selector()?);
        }
        if selectors.len() == 1 {
            if let Some(only) = selectors.pop() {
                return Ok(Segment::Selector(only));
            }
        }
        Ok(Segment::Selectors(selectors))
    }

    /// A name, `*`, a slice, an index or a `?` filter.
    pub(super) fn selector(&mut self) -> Step<Selector> {
        match self.peek() {
            Some(b'\'' | b'"') => Ok(Selector::Name(self.string()?)),
            Some(b'*') => {
                self.pos += 1;
                Ok(Selector::Wildcard)
            }
            Some(b'?') => {
                self.pos += 1;
                self.ws();
                Ok(Selector::Filter(self.logical_or()?))
            }
            Some(b':' | b'-' | b'0'..=b'9') => self.slice_or_index(),
            _ => self.fail(
                "expected a selector (a quoted name, `*`, an index, a slice or a `?` filter)",
            ),
        }
    }

    /// `[start S] : S [end S] [: S [step]]`, or an index when no `:` follows the first integer.
    fn slice_or_index(&mut self) -> Step<Selector> {
        let start = self.optional_int()?;
        let after_start = self.pos;
        self.ws();
        if !self.eat(b':') {
            self.pos = after_start;
            return match start {
                Some(index) => Ok(Selector::Index(index)),
                None => self.fail("expected an index or a slice"),
            };
        }
        let (end, step) = self.slice_rest()?;
        Ok(Selector::Slice(start, end, step))
    }

    /// `slice-selector` on its own (the same language as in a selection; for tests).
    #[cfg(test)]
    pub(super) fn slice_selector(&mut self) -> Step<(Option<i64>, Option<i64>, Option<i64>)> {
        let start = self.optional_int()?;
        self.ws();
        if !self.eat(b':') {
            return self.fail("expected `:`");
        }
        let (end, step) = self.slice_rest()?;
        Ok((start, end, step))
    }

    /// What follows a slice's first `:`.
    fn slice_rest(&mut self) -> Step<(Option<i64>, Option<i64>)> {
        self.ws();
        let end = self.optional_int()?;
        let after_end = self.pos;
        self.ws();
        if !self.eat(b':') {
            self.pos = after_end;
            return Ok((end, None));
        }
        self.ws();
        let step = self.optional_int()?;
        Ok((end, step))
    }

    fn optional_int(&mut self) -> Step<Option<i64>> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => self.int().map(Some),
            _ => Ok(None),
        }
    }

    /// `int`: `0`, or an optional `-` and digits without a leading zero, within ±(2^53 − 1).
    fn int(&mut self) -> Step<i64> {
        let start = self.pos;
        let negative = self.eat(b'-');
        let digits = self.digits();
        if digits.is_empty() {
            return self.fail("expected digits");
        }
        if digits.len() > 1 && digits.starts_with('0') {
            self.pos = start;
            return self.fail("an integer cannot have leading zeros");
        }
        if negative && digits == "0" {
            self.pos = start;
            return self.fail("`-0` is not an integer here (write `0`)");
        }
        match digits.parse::<i64>() {
            Ok(value) if value <= MAX_INT => Ok(if negative { -value } else { value }),
            _ => {
                self.pos = start;
                self.fail("integer out of range (at most 9007199254740991 either way)")
            }
        }
    }

    /// The ASCII digits at the position (consumed).
    fn digits(&mut self) -> &'a str {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.src.get(start..self.pos).unwrap_or("")
    }

    /// A quoted string: the text it denotes, escapes resolved.
    fn string(&mut self) -> Step<String> {
        let quote = self.peek().unwrap_or(b'\'');
        self.pos += 1;
        let mut text = String::new();
        loop {
            let Some(c) = self.peek_char() else {
                return self.fail(if quote == b'\'' {
                    "expected `'` to end the string"
                } else {
                    "expected `\"` to end the string"
                });
            };
            match c {
                '\\' => text.push(self.escape(quote)?),
                c if c as u32 == u32::from(quote) => {
                    self.pos += 1;
                    return Ok(text);
                }
                '\0'..='\u{1f}' => return self.fail(
                    "a control character in a string must be escaped (`\\n`, `\\t`, `\\u0000` …)",
                ),
                c => {
                    text.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
    }

    /// An escape sequence in a string quoted with `quote`, from its backslash.
    fn escape(&mut self, quote: u8) -> Step<char> {
        let start = self.pos;
        self.pos += 1;
        let c = match self.peek() {
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'/') => '/',
            Some(b'\\') => '\\',
            Some(q @ (b'\'' | b'"')) if q == quote => char::from(q),
            Some(b'u') => {
                self.pos += 1;
                return self.unicode_escape(start);
            }
            _ => {
                self.pos = start;
                return self.fail(if quote == b'\'' {
                    "invalid escape: a string in '' may escape only b f n r t / \\ ' and u"
                } else {
                    "invalid escape: a string in \"\" may escape only b f n r t / \\ \" and u"
                });
            }
        };
        self.pos += 1;
        Ok(c)
    }

    /// The `XXXX` of `\uXXXX` (the position is after the `u`), joining a surrogate pair.
    fn unicode_escape(&mut self, start: usize) -> Step<char> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.eat_str("\\u") {
                    self.pos = start;
                    return self.fail("a high surrogate `\\uD800`–`\\uDBFF` must be followed by a low surrogate `\\uDC00`–`\\uDFFF`");
                }
                match self.hex4()? {
                    low @ 0xDC00..=0xDFFF => 0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00),
                    _ => {
                        self.pos = start;
                        return self.fail("a high surrogate `\\uD800`–`\\uDBFF` must be followed by a low surrogate `\\uDC00`–`\\uDFFF`");
                    }
                }
            }
            0xDC00..=0xDFFF => {
                self.pos = start;
                return self
                    .fail("a low surrogate `\\uDC00`–`\\uDFFF` must follow a high surrogate");
            }
            code => code,
        };
        match char::from_u32(code) {
            Some(c) => Ok(c),
            None => {
                self.pos = start;
                self.fail("invalid `\\u` escape")
            }
        }
    }

    fn hex4(&mut self) -> Step<u32> {
        let mut code = 0;
        for _ in 0..4 {
            match self.peek().and_then(|b| char::from(b).to_digit(16)) {
                Some(digit) => code = code * 16 + digit,
                None => return self.fail("expected four hexadecimal digits after `\\u`"),
            }
            self.pos += 1;
        }
        Ok(code)
    }

    /// `logical-or-expr`: `&&` groups separated by `||`.
    fn logical_or(&mut self) -> Step<Filter> {
        let mut ors = vec![self.logical_and()?];
        loop {
            let before = self.pos;
            self.ws();
            if !self.eat_str("||") {
                self.pos = before;
                break;
            }
            self.ws();
            ors.push(self.logical_and()?);
        }
        Ok(one_or_many(ors, Filter::Or))
    }

    /// `logical-and-expr`: atoms separated by `&&`.
    fn logical_and(&mut self) -> Step<Filter> {
        let mut ands = vec![Filter::Atom(self.atom()?)];
        loop {
            let before = self.pos;
            self.ws();
            if !self.eat_str("&&") {
                self.pos = before;
                break;
            }
            self.ws();
            ands.push(Filter::Atom(self.atom()?));
        }
        Ok(one_or_many(ands, Filter::And))
    }

    /// A parenthesized expression, a comparison or a test, each but the comparison possibly
    /// negated by `!`.
    pub(super) fn atom(&mut self) -> Step<FilterAtom> {
        if self.eat(b'!') {
            self.ws();
            if self.peek() == Some(b'(') {
                return Ok(FilterAtom::filter(self.paren()?, true));
            }
            let start = self.pos;
            let test = self.test()?;
            if let Test::Function(function) = &test {
                self.check_test(function, start)?;
            }
            return Ok(FilterAtom::test(test, true));
        }
        if self.peek() == Some(b'(') {
            return Ok(FilterAtom::filter(self.paren()?, false));
        }
        self.comparison_or_test()
    }

    /// `(` S logical-expr S `)`.
    fn paren(&mut self) -> Step<Filter> {
        self.open()?;
        self.pos += 1;
        let result = self.paren_inner();
        self.close();
        result
    }

    fn paren_inner(&mut self) -> Step<Filter> {
        self.ws();
        let filter = self.logical_or()?;
        self.ws();
        if !self.eat(b')') {
            return self.fail("expected `&&`, `||` or `)`");
        }
        Ok(filter)
    }

    /// A comparison, or else a query or function call tested for existence or truth.
    fn comparison_or_test(&mut self) -> Step<FilterAtom> {
        let start = self.pos;
        match self.peek() {
            Some(b'@' | b'$') => {
                let query = self.singular_query()?;
                let before_op = self.pos;
                self.ws();
                if let Some(op) = self.comp_op() {
                    return self.comparison(Comparable::SingularQuery(query), op);
                }
                self.not_assignment()?;
                // Not compared: read it again as a query, which may have any segments.
                self.pos = start;
                let test = self.test()?;
                let after = self.pos;
                self.ws();
                if self.comp_op().is_some() {
                    // Nothing can follow a test with an operator: point at the first step that
                    // is not a name or an index.
                    self.pos = before_op;
                    self.ws();
                    return self.fatal(
                        self.pos,
                        "only a singular query (`.name`, `['name']` and `[index]` steps) can be compared".to_string(),
                    );
                }
                self.not_assignment()?;
                self.pos = after;
                Ok(FilterAtom::test(test, false))
            }
            Some(b'a'..=b'z') if self.at_function() => {
                let function = self.function()?;
                let before_op = self.pos;
                self.ws();
                match self.comp_op() {
                    Some(op) => {
                        let lhs = self.comparable_function(function, start)?;
                        self.comparison(lhs, op)
                    }
                    None => {
                        self.not_assignment()?;
                        self.check_test(&function, start)?;
                        self.pos = before_op;
                        Ok(FilterAtom::test(Test::Function(Box::new(function)), false))
                    }
                }
            }
            Some(b'\'' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') => {
                let literal = self.literal()?;
                self.ws();
                match self.comp_op() {
                    Some(op) => self.comparison(Comparable::Literal(literal), op),
                    None => self.not_assignment().and_then(|()| self.fail(
                        "expected a comparison operator (`==`, `!=`, `<`, `<=`, `>`, `>=`) after a literal",
                    )),
                }
            }
            _ => {
                self.fail("expected a filter expression (a query, a comparison or a function call)")
            }
        }
    }

    /// An error for `=` where a comparison operator may be: nothing can follow a filter atom with
    /// `=`, so the query is certainly invalid, and `==` is probably meant.
    fn not_assignment(&self) -> Step<()> {
        if self.peek() == Some(b'=') {
            return self.fatal(
                self.pos,
                "`=` is not a comparison operator (write `==`)".to_string(),
            );
        }
        Ok(())
    }

    /// The rest of a comparison once its left side and operator are read.
    fn comparison(&mut self, lhs: Comparable, op: &'static str) -> Step<FilterAtom> {
        self.ws();
        let rhs = self.comparable()?;
        match Comparison::try_new(op, lhs, rhs) {
            Ok(comparison) => Ok(FilterAtom::cmp(Box::new(comparison))),
            Err(e) => Err(Fail::Error(e)),
        }
    }

    /// `comparison-op`, consumed when present.
    fn comp_op(&mut self) -> Option<&'static str> {
        let op = ["==", "!=", "<=", ">=", "<", ">"]
            .into_iter()
            .find(|op| self.rest().starts_with(op))?;
        self.pos += op.len();
        Some(op)
    }

    /// `comparable`: a literal, a singular query or a function call that returns a value.
    pub(super) fn comparable(&mut self) -> Step<Comparable> {
        let start = self.pos;
        match self.peek() {
            Some(b'@' | b'$') => Ok(Comparable::SingularQuery(self.singular_query()?)),
            Some(b'a'..=b'z') if self.at_function() => {
                let function = self.function()?;
                self.comparable_function(function, start)
            }
            Some(b'\'' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') => {
                Ok(Comparable::Literal(self.literal()?))
            }
            _ => self.fail(
                "expected a value to compare (a literal, a singular query or a function call)",
            ),
        }
    }

    /// RFC 9535 2.4.3: a function that gives a value cannot stand alone as a test.
    fn check_test(&self, function: &TestFunction, start: usize) -> Step<()> {
        function_types::check_test(function).or_else(|message| self.fatal(start, message))
    }

    fn comparable_function(&self, function: TestFunction, start: usize) -> Step<Comparable> {
        if function.is_comparable() {
            return Ok(Comparable::Function(function));
        }
        let name = function_types::name(&function);
        self.fatal(
            start,
            format!("`{name}()` is true or false and cannot be compared; use it alone as a test"),
        )
    }

    /// The name at the position, if it is a function name (`[a-z][a-z0-9_]*`).
    fn function_name(&self) -> &'a str {
        let rest = self.rest();
        let len = match rest.bytes().next() {
            Some(b'a'..=b'z') => rest
                .bytes()
                .take_while(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_'))
                .count(),
            _ => 0,
        };
        rest.get(..len).unwrap_or("")
    }

    /// Whether a function call starts here: a known function's name, or another name and `(`
    /// (an unknown function). Not `true`, `false` or `null`, which are literals.
    fn at_function(&self) -> bool {
        let name = self.function_name();
        !name.is_empty()
            && !self.at_keyword()
            && (arity(name).is_some() || self.rest()[name.len()..].starts_with('('))
    }

    /// Whether the input continues with `true`, `false` or `null` (a literal, even when more
    /// letters follow: those are then an error after it).
    fn at_keyword(&self) -> bool {
        ["true", "false", "null"]
            .into_iter()
            .any(|k| self.rest().starts_with(k))
    }

    /// `literal`: a number, a string, `true`, `false` or `null`.
    pub(super) fn literal(&mut self) -> Step<Literal> {
        match self.peek() {
            Some(b'\'' | b'"') => Ok(Literal::String(self.string()?)),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ if self.eat_str("true") => Ok(Literal::Bool(true)),
            _ if self.eat_str("false") => Ok(Literal::Bool(false)),
            _ if self.eat_str("null") => Ok(Literal::Null),
            _ => self.fail("expected a literal (a number, a string, `true`, `false` or `null`)"),
        }
    }

    /// `number`: (`int` / `-0`) [`.` digits] [`e` [sign] digits]; an integer unless it has a
    /// fraction or an exponent.
    fn number(&mut self) -> Step<Literal> {
        let start = self.pos;
        if self.eat_str("-0") {
            if let Some(b'0'..=b'9') = self.peek() {
                self.pos = start;
                return self.fail("an integer cannot have leading zeros");
            }
        } else {
            self.int()?;
        }
        let mut float = false;
        if self.peek() == Some(b'.')
            && matches!(self.src.as_bytes().get(self.pos + 1), Some(b'0'..=b'9'))
        {
            self.pos += 1;
            self.digits();
            float = true;
        }
        if let Some(b'e' | b'E') = self.peek() {
            let before = self.pos;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits().is_empty() {
                self.pos = before;
            } else {
                float = true;
            }
        }
        let text = self.src.get(start..self.pos).unwrap_or("");
        let literal = if float {
            text.parse().ok().map(Literal::Float)
        } else {
            text.parse().ok().map(Literal::Int)
        };
        match literal {
            Some(literal) => Ok(literal),
            None => {
                self.pos = start;
                self.fail("invalid number")
            }
        }
    }

    /// `@` or `$` and the name and index steps that follow (possibly none).
    pub(super) fn singular_query(&mut self) -> Step<SingularQuery> {
        let root = self.peek();
        self.pos += 1;
        let segments = self.singular_query_segments()?;
        Ok(if root == Some(b'$') {
            SingularQuery::Root(segments)
        } else {
            SingularQuery::Current(segments)
        })
    }

    /// `*(S (name-segment / index-segment))`, stopping before the first step that is neither.
    pub(super) fn singular_query_segments(&mut self) -> Step<Vec<SingularQuerySegment>> {
        let mut segments = Vec::new();
        loop {
            let before = self.pos;
            self.ws();
            match self.singular_segment() {
                Ok(segment) => segments.push(segment),
                Err(Fail::At(..)) => {
                    self.pos = before;
                    return Ok(segments);
                }
                Err(fatal) => return Err(fatal),
            }
        }
    }

    /// `.name`, `['name']` or `[index]`.
    fn singular_segment(&mut self) -> Step<SingularQuerySegment> {
        if self.eat(b'.') {
            return match self.member_name() {
                Some(name) => Ok(SingularQuerySegment::Name(name.trim().to_string())),
                None => self.fail("expected a name"),
            };
        }
        if self.peek() != Some(b'[') {
            return self.fail("expected `.` or `[`");
        }
        self.open()?;
        self.pos += 1;
        let result = self.singular_bracket();
        self.close();
        result
    }

    fn singular_bracket(&mut self) -> Step<SingularQuerySegment> {
        let segment = match self.peek() {
            Some(b'\'' | b'"') => SingularQuerySegment::Name(self.string()?),
            Some(b'-' | b'0'..=b'9') => SingularQuerySegment::Index(self.int()?),
            _ => return self.fail("expected a quoted name or an index"),
        };
        if !self.eat(b']') {
            return self.fail("expected `]`");
        }
        Ok(segment)
    }

    /// `test`: a relative query, an absolute query or a function call.
    fn test(&mut self) -> Step<Test> {
        match self.peek() {
            Some(b'@') => {
                self.pos += 1;
                Ok(Test::RelQuery(self.segments()?))
            }
            Some(b'$') => Ok(Test::AbsQuery(self.jp_query()?)),
            Some(b'a'..=b'z') if self.at_function() => {
                Ok(Test::Function(Box::new(self.function()?)))
            }
            _ => self.fail("expected a query (`@…` or `$…`) or a function call"),
        }
    }

    /// `function-expr`: a known function name, `(` right after it, and its one or two arguments.
    pub(super) fn function(&mut self) -> Step<TestFunction> {
        let start = self.pos;
        let name = self.function_name();
        self.pos += name.len();
        let Some(arity) = arity(name) else {
            return self.fatal(
                start,
                format!("unknown function `{name}` (the functions are length, count, value, match and search)"),
            );
        };
        if self.peek() != Some(b'(') {
            return self.fail("expected `(` right after the function name");
        }
        self.open()?;
        self.pos += 1;
        let args = self.arguments(arity);
        self.close();
        let (args, starts) = args?;
        // RFC 9535 2.4.3 first, so that its message wins over upstream's for `count(1)`.
        if let Err((index, message)) = function_types::check_arguments(name, &args) {
            return self.fatal(starts.get(index).copied().unwrap_or(start), message);
        }
        match TestFunction::try_new(name, args) {
            Ok(function) => Ok(function),
            Err(JsonPathError::InvalidJsonPath(message)) => self.fatal(start, message),
            Err(e) => Err(Fail::Error(e)),
        }
    }

    /// S argument [S `,` S argument] S `)`: the arguments and where each starts.
    fn arguments(&mut self, arity: usize) -> Step<(Vec<FnArg>, Vec<usize>)> {
        let mut args = Vec::with_capacity(arity);
        let mut starts = Vec::with_capacity(arity);
        for i in 0..arity {
            self.ws();
            if i > 0 && !self.eat(b',') {
                return self.fail("expected `,`: this function takes two arguments");
            }
            self.ws();
            starts.push(self.pos);
            args.push(self.function_argument()?);
            self.ws();
        }
        if !self.eat(b')') {
            return self.fail(if arity == 1 {
                "expected `)`: this function takes one argument"
            } else {
                "expected `)`: this function takes two arguments"
            });
        }
        Ok((args, starts))
    }

    /// A literal, else a query or function call, else a logical expression (`!…`, `(…)`).
    fn function_argument(&mut self) -> Step<FnArg> {
        match self.peek() {
            Some(b'\'' | b'"' | b'-' | b'0'..=b'9') => Ok(FnArg::Literal(self.literal()?)),
            Some(b'a'..=b'z') if self.at_keyword() => Ok(FnArg::Literal(self.literal()?)),
            Some(b'@' | b'$') => Ok(FnArg::Test(Box::new(self.test()?))),
            Some(b'a'..=b'z') if self.at_function() => Ok(FnArg::Test(Box::new(self.test()?))),
            Some(b'!' | b'(') => Ok(FnArg::Filter(self.logical_or()?)),
            _ => self.fail("expected a function argument (a literal, a query, a function call or a logical expression)"),
        }
    }
}

/// The number of arguments of a function upstream knows: RFC 9535's five and its own `in`,
/// `nin`, `none_of`, `any_of` and `subset_of`.
fn arity(name: &str) -> Option<usize> {
    match name {
        "length" | "value" | "count" => Some(1),
        "search" | "match" | "in" | "nin" | "none_of" | "any_of" | "subset_of" => Some(2),
        _ => None,
    }
}

/// RFC 9535 `name-first`: a letter, `_` or any character from U+0080 (a `char` is never a
/// surrogate).
fn is_name_first(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c >= '\u{80}'
}

/// One item as itself, several combined by `many`.
fn one_or_many(mut items: Vec<Filter>, many: fn(Vec<Filter>) -> Filter) -> Filter {
    if items.len() == 1 {
        if let Some(only) = items.pop() {
            return only;
        }
    }
    many(items)
}

#[cfg(test)]
mod tests;
