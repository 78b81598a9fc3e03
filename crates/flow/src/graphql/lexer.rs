//! Splits a GraphQL document into tokens with positions. Commas, white space and `#` comments are
//! insignificant, as in the GraphQL specification.

use super::error::{GraphqlError, Pos};
use super::MAX_TOKENS;

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// One of `{ } ( ) [ ] : $ ! = @ |`.
    Punct(char),
    /// `...`
    Spread,
    Name(String),
    /// An integer literal, kept as text (converted where its type is known).
    Int(String),
    Float(String),
    Str(String),
    Eof,
}

impl Tok {
    /// How graphql-java names the token in "offending token" messages.
    pub fn describe(&self) -> String {
        match self {
            Tok::Punct(c) => c.to_string(),
            Tok::Spread => "...".into(),
            Tok::Name(n) | Tok::Int(n) | Tok::Float(n) => n.clone(),
            Tok::Str(s) => format!("\"{}\"", s.chars().take(40).collect::<String>()),
            Tok::Eof => "<EOF>".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub pos: Pos,
}

struct Lexer<'a> {
    src: &'a str,
    offset: usize,
    line: usize,
    column: usize,
}

impl Lexer<'_> {
    fn pos(&self) -> Pos {
        Pos {
            offset: self.offset,
            line: self.line,
            column: self.column,
        }
    }

    fn peek(&self) -> Option<char> {
        self.src.get(self.offset..).and_then(|s| s.chars().next())
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.src.get(self.offset..).and_then(|s| s.chars().nth(n))
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.offset += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else if c == '\r' {
            // `\r\n` counts once: the `\n` starts the new line.
            if self.peek() != Some('\n') {
                self.line += 1;
                self.column = 1;
            }
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn skip_insignificant(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | '\n' | '\r' | ',' | '\u{feff}' => {
                    self.bump();
                }
                '#' => {
                    while let Some(c) = self.peek() {
                        if c == '\n' || c == '\r' {
                            break;
                        }
                        self.bump();
                    }
                }
                _ => break,
            }
        }
    }

    fn name(&mut self) -> String {
        let mut name = String::new();
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == '_' {
                name.push(c);
                self.bump();
            } else {
                break;
            }
        }
        name
    }

    fn digits(&mut self, into: &mut String) -> usize {
        let mut n = 0;
        while let Some(c) = self.peek().filter(char::is_ascii_digit) {
            into.push(c);
            self.bump();
            n += 1;
        }
        n
    }

    fn number(&mut self, start: Pos) -> Result<Tok, GraphqlError> {
        let mut text = String::new();
        if self.peek() == Some('-') {
            text.push('-');
            self.bump();
        }
        let int_start = self.pos();
        if self.digits(&mut text) == 0 {
            return Err(GraphqlError::syntax(
                format!(
                    "Invalid Syntax : offending token '{}' at line {} column {}",
                    text, start.line, start.column
                ),
                start,
            ));
        }
        let int_digits = text.trim_start_matches('-');
        if int_digits.len() > 1 && int_digits.starts_with('0') {
            return Err(GraphqlError::syntax(
                format!(
                    "Invalid Syntax : a number may not start with 0 at line {} column {}",
                    int_start.line, int_start.column
                ),
                int_start,
            ));
        }
        let mut float = false;
        if self.peek() == Some('.') && self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) {
            float = true;
            text.push('.');
            self.bump();
            self.digits(&mut text);
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let sign = self.peek_at(1);
            let digit_at = if matches!(sign, Some('+' | '-')) {
                2
            } else {
                1
            };
            if self.peek_at(digit_at).is_some_and(|c| c.is_ascii_digit()) {
                float = true;
                for _ in 0..digit_at {
                    if let Some(c) = self.bump() {
                        text.push(c);
                    }
                }
                self.digits(&mut text);
            }
        }
        if let Some(c) = self.peek() {
            if c.is_ascii_alphabetic() || c == '_' || c == '.' {
                let at = self.pos();
                return Err(GraphqlError::syntax(
                    format!(
                        "Invalid Syntax : offending token '{c}' right after the number {text} at line {} column {}",
                        at.line, at.column
                    ),
                    at,
                ));
            }
        }
        Ok(if float {
            Tok::Float(text)
        } else {
            Tok::Int(text)
        })
    }

    fn string(&mut self, start: Pos) -> Result<Tok, GraphqlError> {
        let unterminated = |at: Pos| {
            GraphqlError::syntax(
                format!(
                    "Invalid Syntax : the string starting at line {} column {} has no closing quote",
                    at.line, at.column
                ),
                at,
            )
        };
        if self
            .src
            .get(self.offset..)
            .is_some_and(|s| s.starts_with("\"\"\""))
        {
            for _ in 0..3 {
                self.bump();
            }
            let mut text = String::new();
            loop {
                let rest = self.src.get(self.offset..).unwrap_or("");
                if rest.starts_with("\"\"\"") {
                    for _ in 0..3 {
                        self.bump();
                    }
                    return Ok(Tok::Str(text));
                }
                if rest.starts_with("\\\"\"\"") {
                    for _ in 0..4 {
                        self.bump();
                    }
                    text.push_str("\"\"\"");
                    continue;
                }
                match self.bump() {
                    Some(c) => text.push(c),
                    None => return Err(unterminated(start)),
                }
            }
        }
        self.bump();
        let mut text = String::new();
        loop {
            let at = self.pos();
            match self.bump() {
                None | Some('\n' | '\r') => return Err(unterminated(start)),
                Some('"') => return Ok(Tok::Str(text)),
                Some('\\') => {
                    let escaped = match self.bump() {
                        Some('"') => '"',
                        Some('\\') => '\\',
                        Some('/') => '/',
                        Some('b') => '\u{8}',
                        Some('f') => '\u{c}',
                        Some('n') => '\n',
                        Some('r') => '\r',
                        Some('t') => '\t',
                        Some('u') => {
                            let mut hex = String::new();
                            for _ in 0..4 {
                                match self.peek().filter(char::is_ascii_hexdigit) {
                                    Some(c) => {
                                        hex.push(c);
                                        self.bump();
                                    }
                                    None => break,
                                }
                            }
                            match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                                Some(c) if hex.len() == 4 => c,
                                _ => {
                                    return Err(GraphqlError::syntax(
                                        format!(
                                            "Invalid Syntax : bad unicode escape \\u{hex} at line {} column {}",
                                            at.line, at.column
                                        ),
                                        at,
                                    ))
                                }
                            }
                        }
                        other => {
                            return Err(GraphqlError::syntax(
                                format!(
                                    "Invalid Syntax : bad escape \\{} at line {} column {}",
                                    other.map(String::from).unwrap_or_default(),
                                    at.line,
                                    at.column
                                ),
                                at,
                            ))
                        }
                    };
                    text.push(escaped);
                }
                Some(c) => text.push(c),
            }
        }
    }
}

/// Tokens of `src`, ending with [`Tok::Eof`].
pub fn tokenize(src: &str) -> Result<Vec<Token>, GraphqlError> {
    let mut lx = Lexer {
        src,
        offset: 0,
        line: 1,
        column: 1,
    };
    let mut tokens = Vec::new();
    loop {
        lx.skip_insignificant();
        let pos = lx.pos();
        if tokens.len() >= MAX_TOKENS {
            return Err(GraphqlError::new(
                super::GraphqlErrorKind::Limit,
                format!("the query has more than {MAX_TOKENS} tokens"),
                Some(pos),
            ));
        }
        let Some(c) = lx.peek() else {
            tokens.push(Token { tok: Tok::Eof, pos });
            return Ok(tokens);
        };
        let tok = match c {
            '{' | '}' | '(' | ')' | '[' | ']' | ':' | '$' | '!' | '=' | '@' | '|' | '&' => {
                lx.bump();
                Tok::Punct(c)
            }
            '.' => {
                if lx
                    .src
                    .get(lx.offset..)
                    .is_some_and(|s| s.starts_with("..."))
                {
                    for _ in 0..3 {
                        lx.bump();
                    }
                    Tok::Spread
                } else {
                    return Err(offending(c, pos));
                }
            }
            '"' => lx.string(pos)?,
            '-' | '0'..='9' => lx.number(pos)?,
            c if c.is_ascii_alphabetic() || c == '_' => Tok::Name(lx.name()),
            other => return Err(offending(other, pos)),
        };
        tokens.push(Token { tok, pos });
    }
}

fn offending(c: char, pos: Pos) -> GraphqlError {
    let hint = match c {
        '\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}' => {
            " (a typographic quote: GraphQL strings use straight double quotes \")"
        }
        '\'' => " (GraphQL strings use double quotes \")",
        _ => "",
    };
    GraphqlError::syntax(
        format!(
            "Invalid Syntax : offending token '{c}' at line {} column {}{hint}",
            pos.line, pos.column
        ),
        pos,
    )
}
