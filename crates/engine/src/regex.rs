//! Java regular expressions, as `String.split`, `matches` and `replaceAll` read them — the common
//! part of `java.util.regex.Pattern`: literals and escapes, `.`, classes (`[a-z]`, `[^,]`, `\d`,
//! `\w`, `\s`, `\p{Alpha}`, …), groups (capturing, `(?:…)`, named), alternation, greedy and lazy
//! quantifiers (`* + ? {n,m}`), anchors (`^ $ \b \A \z \Z`), back-references, lookahead and the
//! flags `(?i)` (ASCII case, as Java's default), `(?s)`, `(?m)`. Lookbehind, class intersection
//! and possessive or atomic semantics are refused with a message (possessive quantifiers and
//! atomic groups are read as greedy and plain groups).
//!
//! A backtracking matcher over a small instruction list, with a step budget ([`Budget`]) so that
//! a pathological pattern is an error, not a hang. Positions are `char` indices.

/// A pattern that does not compile.
#[derive(Debug, Clone, PartialEq)]
pub struct RegexError {
    pub message: String,
    /// Character index in the pattern.
    pub position: usize,
    pub hint: Option<String>,
}

/// The matcher ran out of steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exhausted {
    pub steps: usize,
}

/// Steps left for matching (shared by all the matches of one call).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    left: usize,
    limit: usize,
}

/// Every group of a match, group 0 (the whole match) first: (start, end) when it took part.
pub type Groups = Vec<Option<(usize, usize)>>;

/// Steps one `split`/`matches`/`replaceAll` call may take.
pub const MAX_STEPS: usize = 2_000_000;
/// Largest compiled program (counted repetitions are expanded).
const MAX_PROGRAM: usize = 20_000;
/// Deepest group nesting in a pattern.
const MAX_NESTING: usize = 100;

impl Default for Budget {
    fn default() -> Self {
        Budget {
            left: MAX_STEPS,
            limit: MAX_STEPS,
        }
    }
}

impl Budget {
    fn tick(&mut self) -> Result<(), Exhausted> {
        match self.left.checked_sub(1) {
            Some(l) => {
                self.left = l;
                Ok(())
            }
            None => Err(Exhausted { steps: self.limit }),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Perl {
    Digit,
    Word,
    Space,
    HSpace,
    VSpace,
}

/// A named property (`\p{…}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Property {
    Letter,
    Upper,
    Lower,
    Digit,
    Number,
    AsciiAlpha,
    AsciiDigit,
    AsciiAlnum,
    AsciiUpper,
    AsciiLower,
    AsciiPunct,
    AsciiSpace,
    AsciiXDigit,
    Ascii,
    Blank,
    Cntrl,
    Graph,
    Print,
    Punctuation,
    Separator,
}

impl Property {
    fn named(name: &str) -> Option<Property> {
        let n = name
            .strip_prefix("Is")
            .or_else(|| name.strip_prefix("In"))
            .unwrap_or(name);
        Some(match n {
            "L" | "Letter" | "Alphabetic" => Property::Letter,
            "Lu" | "Uppercase" | "javaUpperCase" => Property::Upper,
            "Ll" | "Lowercase" | "javaLowerCase" => Property::Lower,
            "Nd" | "Digit" if name.starts_with("Is") || n == "Nd" => Property::Digit,
            "N" => Property::Number,
            "Alpha" => Property::AsciiAlpha,
            "Digit" => Property::AsciiDigit,
            "Alnum" => Property::AsciiAlnum,
            "Upper" => Property::AsciiUpper,
            "Lower" => Property::AsciiLower,
            "Punct" => Property::AsciiPunct,
            "Space" => Property::AsciiSpace,
            "XDigit" => Property::AsciiXDigit,
            "ASCII" => Property::Ascii,
            "Blank" => Property::Blank,
            "Cntrl" => Property::Cntrl,
            "Graph" => Property::Graph,
            "Print" => Property::Print,
            "P" | "Punctuation" => Property::Punctuation,
            "Z" | "Zs" | "Separator" => Property::Separator,
            _ => return None,
        })
    }

    fn has(self, c: char) -> bool {
        match self {
            Property::Letter => c.is_alphabetic(),
            Property::Upper => c.is_uppercase(),
            Property::Lower => c.is_lowercase(),
            // Decimal digits of any script (Nd), approximated by Unicode's numeric property.
            Property::Digit => c.is_numeric(),
            Property::Number => c.is_numeric(),
            Property::AsciiAlpha => c.is_ascii_alphabetic(),
            Property::AsciiDigit => c.is_ascii_digit(),
            Property::AsciiAlnum => c.is_ascii_alphanumeric(),
            Property::AsciiUpper => c.is_ascii_uppercase(),
            Property::AsciiLower => c.is_ascii_lowercase(),
            Property::AsciiPunct => c.is_ascii_punctuation(),
            Property::AsciiSpace => matches!(c, ' ' | '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r'),
            Property::AsciiXDigit => c.is_ascii_hexdigit(),
            Property::Ascii => c.is_ascii(),
            Property::Blank => c == ' ' || c == '\t',
            Property::Cntrl => c.is_ascii_control(),
            Property::Graph => c.is_ascii_graphic(),
            Property::Print => c.is_ascii_graphic() || c == ' ',
            Property::Punctuation => {
                c.is_ascii_punctuation()
                    || (!c.is_alphanumeric()
                        && !c.is_whitespace()
                        && !c.is_control()
                        && !c.is_ascii())
            }
            Property::Separator => c.is_whitespace() && !c.is_control(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum ClassItem {
    Range(char, char),
    Perl(Perl, bool),
    Property(Property, bool),
    Nested(Class),
}

#[derive(Debug, Clone, PartialEq)]
struct Class {
    negated: bool,
    items: Vec<ClassItem>,
}

fn perl_has(p: Perl, c: char) -> bool {
    match p {
        Perl::Digit => c.is_ascii_digit(),
        Perl::Word => c.is_ascii_alphanumeric() || c == '_',
        Perl::Space => matches!(c, ' ' | '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r'),
        Perl::HSpace => matches!(
            c,
            ' ' | '\t' | '\u{A0}' | '\u{1680}' | '\u{180E}' | '\u{2000}'
                ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
        ),
        Perl::VSpace => matches!(
            c,
            '\n' | '\u{0B}' | '\u{0C}' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'
        ),
    }
}

impl Class {
    fn has(&self, c: char, ci: bool) -> bool {
        let hit = |c: char| {
            self.items.iter().any(|item| match item {
                ClassItem::Range(a, b) => (*a..=*b).contains(&c),
                ClassItem::Perl(p, neg) => perl_has(*p, c) != *neg,
                ClassItem::Property(p, neg) => p.has(c) != *neg,
                ClassItem::Nested(inner) => inner.has(c, ci),
            })
        };
        let found = hit(c)
            || (ci
                && c.is_ascii_alphabetic()
                && (hit(c.to_ascii_lowercase()) || hit(c.to_ascii_uppercase())));
        found != self.negated
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Assertion {
    /// `^`: start of text, or of a line with `(?m)`.
    LineStart(bool),
    /// `$`: end of text (or before a final line break), or of a line with `(?m)`.
    LineEnd(bool),
    TextStart,
    TextEnd,
    /// `\Z`: end of text or before a final line break.
    TextEndBeforeBreak,
    WordBoundary(bool),
}

#[derive(Debug, Clone, PartialEq)]
enum Inst {
    Char(char, bool),
    Any(bool),
    Class(usize, bool),
    Assert(Assertion),
    /// Try the first target, on failure the second.
    Split(usize, usize),
    Jmp(usize),
    /// Records the position in a slot (captures, then loop marks).
    Save(usize),
    BackRef(usize, bool),
    /// A lookahead whose body runs from the next instruction to `end` (a `LookEnd`).
    LookStart {
        negate: bool,
        end: usize,
    },
    LookEnd,
    /// Leaves the loop (to the second target) when the position has not moved since the
    /// slot's mark: an iteration that matched nothing ends the loop, as in Java.
    Progress(usize, usize),
    Match,
}

#[derive(Debug, Clone, PartialEq)]
enum Ast {
    Empty,
    Char(char, bool),
    Any(bool),
    Class(Class, bool),
    Assert(Assertion),
    Group(Box<Ast>, Option<usize>),
    Concat(Vec<Ast>),
    Alt(Vec<Ast>),
    Repeat {
        ast: Box<Ast>,
        min: u32,
        max: Option<u32>,
        greedy: bool,
    },
    BackRef(usize, bool),
    Look(Box<Ast>, bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Flags {
    ci: bool,
    dotall: bool,
    multiline: bool,
}

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Regex {
    program: Vec<Inst>,
    classes: Vec<Class>,
    groups: usize,
    marks: usize,
}

struct Parser<'p> {
    chars: &'p [char],
    pos: usize,
    groups: usize,
    depth: usize,
}

fn err(message: impl Into<String>, position: usize) -> RegexError {
    RegexError {
        message: message.into(),
        position,
        hint: None,
    }
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn alternation(&mut self, flags: &mut Flags) -> Result<Ast, RegexError> {
        let mut alts = vec![self.concat(flags)?];
        while self.eat('|') {
            alts.push(self.concat(flags)?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Ast::Empty)
        } else {
            Ast::Alt(alts)
        })
    }

    fn concat(&mut self, flags: &mut Flags) -> Result<Ast, RegexError> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let at = self.pos;
            let atom = self.atom(flags)?;
            let atom = self.quantified(atom, at)?;
            items.push(atom);
        }
        Ok(match items.len() {
            0 => Ast::Empty,
            1 => items.pop().unwrap_or(Ast::Empty),
            _ => Ast::Concat(items),
        })
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let digits: String = self.chars.get(start..self.pos)?.iter().collect();
        digits.parse().ok()
    }

    fn quantified(&mut self, atom: Ast, at: usize) -> Result<Ast, RegexError> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                let open = self.pos;
                self.pos += 1;
                let Some(min) = self.number() else {
                    return Err(
                        err("`{` must start a repetition such as `{2}` or `{1,3}`", open)
                            .with_hint("escape it as `\\{` to match a brace"),
                    );
                };
                let max = if self.eat(',') {
                    if self.peek() == Some('}') {
                        None
                    } else {
                        Some(
                            self.number()
                                .ok_or_else(|| err("expected a number after `,`", self.pos))?,
                        )
                    }
                } else {
                    Some(min)
                };
                if !self.eat('}') {
                    return Err(err("unclosed repetition `{`", open));
                }
                if max.is_some_and(|m| m < min) {
                    return Err(err("the repetition's maximum is below its minimum", open));
                }
                if min > 1000 || max.is_some_and(|m| m > 1000) {
                    return Err(err(
                        "repetition counts above 1000 are not supported here",
                        open,
                    ));
                }
                self.pos -= 1;
                (min, max)
            }
            _ => return Ok(atom),
        };
        self.pos += 1;
        if atom == Ast::Empty {
            return Err(err("a quantifier needs something to repeat", at)
                .with_hint("escape `*`, `+`, `?` or `{` with `\\` to match it literally"));
        }
        let greedy = if self.eat('?') {
            false
        } else {
            // Possessive (`*+`) is read as greedy.
            self.eat('+');
            true
        };
        Ok(Ast::Repeat {
            ast: Box::new(atom),
            min,
            max,
            greedy,
        })
    }

    fn atom(&mut self, flags: &mut Flags) -> Result<Ast, RegexError> {
        let at = self.pos;
        let Some(c) = self.peek() else {
            return Ok(Ast::Empty);
        };
        self.pos += 1;
        Ok(match c {
            '.' => Ast::Any(flags.dotall),
            '^' => Ast::Assert(Assertion::LineStart(flags.multiline)),
            '$' => Ast::Assert(Assertion::LineEnd(flags.multiline)),
            '[' => Ast::Class(self.class(at)?, flags.ci),
            '(' => self.group(at, flags)?,
            '\\' => self.escape(at, flags)?,
            '*' | '+' | '?' => {
                return Err(
                    err(format!("dangling `{c}`: nothing before it to repeat"), at)
                        .with_hint(format!("escape it as `\\{c}` to match it literally")),
                )
            }
            '{' => {
                return Err(err("`{` must follow something to repeat", at)
                    .with_hint("escape it as `\\{` to match a brace"))
            }
            c => Ast::Char(c, flags.ci),
        })
    }

    fn group(&mut self, at: usize, flags: &mut Flags) -> Result<Ast, RegexError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(err("groups are nested too deeply", at));
        }
        let mut inner_flags = *flags;
        let kind = if self.eat('?') {
            match self.peek() {
                Some(':') | Some('>') => {
                    self.pos += 1;
                    None
                }
                Some('=') | Some('!') => {
                    let negate = self.peek() == Some('!');
                    self.pos += 1;
                    let body = self.alternation(&mut inner_flags)?;
                    self.close(at)?;
                    self.depth -= 1;
                    return Ok(Ast::Look(Box::new(body), negate));
                }
                Some('<') if matches!(self.chars.get(self.pos + 1), Some('=') | Some('!')) => {
                    return Err(err("lookbehind `(?<=…)` is not supported here", at)
                        .with_hint("match the text before and use a group instead"));
                }
                Some('<') => {
                    self.pos += 1;
                    while self.peek().is_some_and(|c| c.is_ascii_alphanumeric()) {
                        self.pos += 1;
                    }
                    if !self.eat('>') {
                        return Err(err("a named group reads `(?<name>…)`", at));
                    }
                    self.groups += 1;
                    Some(self.groups)
                }
                _ => {
                    // Inline flags: `(?i)` for the rest, `(?i:…)` for a group.
                    let mut on = true;
                    loop {
                        match self.peek() {
                            Some('i') => inner_flags.ci = on,
                            Some('s') => inner_flags.dotall = on,
                            Some('m') => inner_flags.multiline = on,
                            Some('u') | Some('U') | Some('d') => {}
                            Some('-') => on = false,
                            Some(')') => {
                                self.pos += 1;
                                *flags = inner_flags;
                                self.depth -= 1;
                                return Ok(Ast::Empty);
                            }
                            Some(':') => {
                                self.pos += 1;
                                break;
                            }
                            Some(c) => {
                                return Err(err(format!("unsupported group flag `{c}`"), self.pos)
                                    .with_hint("flags here: i (ASCII case), s (dot matches line breaks), m (multiline)"))
                            }
                            None => return Err(err("unclosed group", at)),
                        }
                        self.pos += 1;
                    }
                    None
                }
            }
        } else {
            self.groups += 1;
            Some(self.groups)
        };
        let body = self.alternation(&mut inner_flags)?;
        self.close(at)?;
        self.depth -= 1;
        Ok(Ast::Group(Box::new(body), kind))
    }

    fn close(&mut self, at: usize) -> Result<(), RegexError> {
        if self.eat(')') {
            Ok(())
        } else {
            Err(err("unclosed group `(`", at).with_hint("add `)`, or escape it as `\\(`"))
        }
    }

    /// An escape outside a class.
    fn escape(&mut self, at: usize, flags: &mut Flags) -> Result<Ast, RegexError> {
        let Some(c) = self.peek() else {
            return Err(err("a pattern cannot end with `\\`", at));
        };
        self.pos += 1;
        let class = |items: Vec<ClassItem>| {
            Ast::Class(
                Class {
                    negated: false,
                    items,
                },
                false,
            )
        };
        Ok(match c {
            'd' | 'D' => class(vec![ClassItem::Perl(Perl::Digit, c == 'D')]),
            'w' | 'W' => class(vec![ClassItem::Perl(Perl::Word, c == 'W')]),
            's' | 'S' => class(vec![ClassItem::Perl(Perl::Space, c == 'S')]),
            'h' | 'H' => class(vec![ClassItem::Perl(Perl::HSpace, c == 'H')]),
            'v' | 'V' => class(vec![ClassItem::Perl(Perl::VSpace, c == 'V')]),
            'p' | 'P' => class(vec![self.property(at, c == 'P')?]),
            'b' => Ast::Assert(Assertion::WordBoundary(true)),
            'B' => Ast::Assert(Assertion::WordBoundary(false)),
            'A' => Ast::Assert(Assertion::TextStart),
            'z' => Ast::Assert(Assertion::TextEnd),
            'Z' => Ast::Assert(Assertion::TextEndBeforeBreak),
            '1'..='9' => Ast::BackRef(c.to_digit(10).unwrap_or(1) as usize, flags.ci),
            'Q' => {
                let mut items = Vec::new();
                while let Some(q) = self.peek() {
                    if q == '\\' && self.chars.get(self.pos + 1) == Some(&'E') {
                        self.pos += 2;
                        break;
                    }
                    items.push(Ast::Char(q, flags.ci));
                    self.pos += 1;
                }
                Ast::Group(Box::new(Ast::Concat(items)), None)
            }
            _ => Ast::Char(self.escaped_char(c, at)?, flags.ci),
        })
    }

    fn property(&mut self, at: usize, negated: bool) -> Result<ClassItem, RegexError> {
        let name: String = if self.eat('{') {
            let start = self.pos;
            while self.peek().is_some_and(|c| c != '}') {
                self.pos += 1;
            }
            let name: String = self
                .chars
                .get(start..self.pos)
                .unwrap_or(&[])
                .iter()
                .collect();
            if !self.eat('}') {
                return Err(err("unclosed `\\p{`", at));
            }
            name
        } else {
            match self.peek() {
                Some(c) => {
                    self.pos += 1;
                    c.to_string()
                }
                None => return Err(err("`\\p` needs a property name", at)),
            }
        };
        match Property::named(&name) {
            Some(p) => Ok(ClassItem::Property(p, negated)),
            None => Err(err(format!("unsupported property `\\p{{{name}}}`"), at).with_hint(
                "properties here: L, Lu, Ll, N, Nd, P, Z, Alpha, Digit, Alnum, Upper, Lower, Punct, Space, XDigit, ASCII",
            )),
        }
    }

    /// A character escape (`\t`, `\x41`, `\u00e9`, `\.`), inside or outside a class.
    fn escaped_char(&mut self, c: char, at: usize) -> Result<char, RegexError> {
        let hex = |p: &mut Self, n: usize| -> Result<char, RegexError> {
            let start = p.pos;
            let digits: String = p
                .chars
                .get(start..start + n)
                .unwrap_or(&[])
                .iter()
                .collect();
            if digits.len() != n || !digits.chars().all(|d| d.is_ascii_hexdigit()) {
                return Err(err("illegal hexadecimal escape", at));
            }
            p.pos += n;
            u32::from_str_radix(&digits, 16)
                .ok()
                .and_then(char::from_u32)
                .ok_or_else(|| err("illegal hexadecimal escape", at))
        };
        Ok(match c {
            't' => '\t',
            'n' => '\n',
            'r' => '\r',
            'f' => '\u{0C}',
            'a' => '\u{07}',
            'e' => '\u{1B}',
            '0' => {
                let start = self.pos;
                while self.pos < start + 3 && self.peek().is_some_and(|d| ('0'..='7').contains(&d))
                {
                    self.pos += 1;
                }
                let digits: String = self
                    .chars
                    .get(start..self.pos)
                    .unwrap_or(&[])
                    .iter()
                    .collect();
                u32::from_str_radix(&digits, 8)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| err("illegal octal escape", at))?
            }
            'x' if self.peek() == Some('{') => {
                self.pos += 1;
                let start = self.pos;
                while self.peek().is_some_and(|d| d.is_ascii_hexdigit()) {
                    self.pos += 1;
                }
                let digits: String = self
                    .chars
                    .get(start..self.pos)
                    .unwrap_or(&[])
                    .iter()
                    .collect();
                if !self.eat('}') {
                    return Err(err("unclosed `\\x{`", at));
                }
                u32::from_str_radix(&digits, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| err("illegal hexadecimal escape", at))?
            }
            'x' => hex(self, 2)?,
            'u' => hex(self, 4)?,
            'c' => {
                let Some(x) = self.peek() else {
                    return Err(err("`\\c` needs a letter", at));
                };
                self.pos += 1;
                char::from_u32(u32::from(x) ^ 64).unwrap_or(x)
            }
            c if c.is_ascii_alphanumeric() => return Err(err(
                format!("illegal or unsupported escape `\\{c}`"),
                at,
            )
            .with_hint(
                "escape only punctuation (`\\.`, `\\|`); `\\d \\w \\s \\b` are classes and anchors",
            )),
            c => c,
        })
    }

    fn class(&mut self, at: usize) -> Result<Class, RegexError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(err("classes are nested too deeply", at));
        }
        let negated = self.eat('^');
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                return Err(err("unclosed character class `[`", at)
                    .with_hint("add `]`, or escape it as `\\[`"));
            };
            let here = self.pos;
            self.pos += 1;
            let lo = match c {
                ']' if !first => break,
                '[' => {
                    items.push(ClassItem::Nested(self.class(here)?));
                    first = false;
                    continue;
                }
                '&' if self.peek() == Some('&') => {
                    return Err(err("class intersection `&&` is not supported here", here))
                }
                '\\' => {
                    let Some(e) = self.peek() else {
                        return Err(err("unclosed character class `[`", at));
                    };
                    self.pos += 1;
                    match e {
                        'd' | 'D' => {
                            items.push(ClassItem::Perl(Perl::Digit, e == 'D'));
                            first = false;
                            continue;
                        }
                        'w' | 'W' => {
                            items.push(ClassItem::Perl(Perl::Word, e == 'W'));
                            first = false;
                            continue;
                        }
                        's' | 'S' => {
                            items.push(ClassItem::Perl(Perl::Space, e == 'S'));
                            first = false;
                            continue;
                        }
                        'h' | 'H' => {
                            items.push(ClassItem::Perl(Perl::HSpace, e == 'H'));
                            first = false;
                            continue;
                        }
                        'v' | 'V' => {
                            items.push(ClassItem::Perl(Perl::VSpace, e == 'V'));
                            first = false;
                            continue;
                        }
                        'p' | 'P' => {
                            items.push(self.property(here, e == 'P')?);
                            first = false;
                            continue;
                        }
                        e => self.escaped_char(e, here)?,
                    }
                }
                c => c,
            };
            first = false;
            // A range `a-z` (a `-` before `]` is literal).
            if self.peek() == Some('-')
                && self
                    .chars
                    .get(self.pos + 1)
                    .is_some_and(|n| *n != ']' && *n != '[')
            {
                self.pos += 1;
                let Some(h) = self.peek() else {
                    return Err(err("unclosed character class `[`", at));
                };
                self.pos += 1;
                let hi = if h == '\\' {
                    let Some(e) = self.peek() else {
                        return Err(err("unclosed character class `[`", at));
                    };
                    self.pos += 1;
                    self.escaped_char(e, here)?
                } else {
                    h
                };
                if hi < lo {
                    return Err(err(format!("illegal range `{lo}-{hi}`"), here)
                        .with_hint("a range goes from the lower character to the higher one"));
                }
                items.push(ClassItem::Range(lo, hi));
            } else {
                items.push(ClassItem::Range(lo, lo));
            }
        }
        self.depth -= 1;
        Ok(Class { negated, items })
    }
}

impl RegexError {
    fn with_hint(mut self, hint: impl Into<String>) -> RegexError {
        self.hint = Some(hint.into());
        self
    }
}

struct Compiler {
    program: Vec<Inst>,
    classes: Vec<Class>,
    marks: usize,
    groups: usize,
}

impl Compiler {
    fn push(&mut self, inst: Inst) -> Result<usize, RegexError> {
        if self.program.len() >= MAX_PROGRAM {
            return Err(err(
                "the pattern is too large once its repetitions are expanded",
                0,
            ));
        }
        self.program.push(inst);
        Ok(self.program.len() - 1)
    }

    fn patch(&mut self, at: usize, inst: Inst) {
        if let Some(slot) = self.program.get_mut(at) {
            *slot = inst;
        }
    }

    fn emit(&mut self, ast: &Ast) -> Result<(), RegexError> {
        match ast {
            Ast::Empty => {}
            Ast::Char(c, ci) => {
                self.push(Inst::Char(*c, *ci))?;
            }
            Ast::Any(dotall) => {
                self.push(Inst::Any(*dotall))?;
            }
            Ast::Class(class, ci) => {
                self.classes.push(class.clone());
                self.push(Inst::Class(self.classes.len() - 1, *ci))?;
            }
            Ast::Assert(a) => {
                self.push(Inst::Assert(*a))?;
            }
            Ast::BackRef(n, ci) => {
                if *n > self.groups {
                    return Err(err(format!("back-reference \\{n} names no group"), 0));
                }
                self.push(Inst::BackRef(*n, *ci))?;
            }
            Ast::Group(inner, capture) => {
                if let Some(n) = capture {
                    self.push(Inst::Save(2 * n))?;
                    self.emit(inner)?;
                    self.push(Inst::Save(2 * n + 1))?;
                } else {
                    self.emit(inner)?;
                }
            }
            Ast::Concat(items) => {
                for item in items {
                    self.emit(item)?;
                }
            }
            Ast::Alt(alts) => {
                let mut jumps = Vec::new();
                for (i, alt) in alts.iter().enumerate() {
                    if i + 1 < alts.len() {
                        let split = self.push(Inst::Split(0, 0))?;
                        self.emit(alt)?;
                        jumps.push(self.push(Inst::Jmp(0))?);
                        let next = self.program.len();
                        self.patch(split, Inst::Split(split + 1, next));
                    } else {
                        self.emit(alt)?;
                    }
                }
                let end = self.program.len();
                for j in jumps {
                    self.patch(j, Inst::Jmp(end));
                }
            }
            Ast::Look(inner, negate) => {
                let start = self.push(Inst::LookStart {
                    negate: *negate,
                    end: 0,
                })?;
                self.emit(inner)?;
                let end = self.push(Inst::LookEnd)?;
                self.patch(
                    start,
                    Inst::LookStart {
                        negate: *negate,
                        end,
                    },
                );
            }
            Ast::Repeat {
                ast,
                min,
                max,
                greedy,
            } => {
                for _ in 0..*min {
                    self.emit(ast)?;
                }
                match max {
                    Some(max) => {
                        // Each optional copy: `Split(body, end)`.
                        let mut splits = Vec::new();
                        for _ in *min..*max {
                            splits.push(self.push(Inst::Split(0, 0))?);
                            self.emit(ast)?;
                        }
                        let end = self.program.len();
                        for s in splits {
                            let (a, b) = if *greedy { (s + 1, end) } else { (end, s + 1) };
                            self.patch(s, Inst::Split(a, b));
                        }
                    }
                    None => {
                        // loop: Split(body, out); Save(mark); body; Progress(mark); Jmp(loop)
                        let mark = 2 * (self.groups + 1) + self.marks;
                        self.marks += 1;
                        let split = self.push(Inst::Split(0, 0))?;
                        self.push(Inst::Save(mark))?;
                        self.emit(ast)?;
                        let progress = self.push(Inst::Progress(mark, 0))?;
                        self.push(Inst::Jmp(split))?;
                        let out = self.program.len();
                        self.patch(progress, Inst::Progress(mark, out));
                        let (a, b) = if *greedy {
                            (split + 1, out)
                        } else {
                            (out, split + 1)
                        };
                        self.patch(split, Inst::Split(a, b));
                    }
                }
            }
        }
        Ok(())
    }
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `pos` is at the end of the text or before a final line break.
fn at_end_before_break(text: &[char], pos: usize) -> bool {
    match text.get(pos..) {
        Some([]) => true,
        Some(['\r', '\n']) => true,
        Some([c]) => is_line_break(*c),
        _ => false,
    }
}

enum Frame {
    Try(usize, usize),
    Restore(usize, Option<usize>),
}

impl Regex {
    /// Compiles a pattern.
    pub fn new(pattern: &str) -> Result<Regex, RegexError> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut p = Parser {
            chars: &chars,
            pos: 0,
            groups: 0,
            depth: 0,
        };
        let mut flags = Flags::default();
        let ast = p.alternation(&mut flags)?;
        if p.pos < chars.len() {
            return Err(err("unmatched `)`", p.pos).with_hint("escape it as `\\)` to match it"));
        }
        let mut c = Compiler {
            program: Vec::new(),
            classes: Vec::new(),
            marks: 0,
            groups: p.groups,
        };
        c.push(Inst::Save(0))?;
        c.emit(&ast)?;
        c.push(Inst::Save(1))?;
        c.push(Inst::Match)?;
        Ok(Regex {
            program: c.program,
            classes: c.classes,
            groups: p.groups,
            marks: c.marks,
        })
    }

    fn slots(&self) -> Vec<Option<usize>> {
        vec![None; 2 * (self.groups + 1) + self.marks]
    }

    /// Runs the program from `pc` at `pos`; the end position on success (slots filled).
    fn exec(
        &self,
        text: &[char],
        start_pc: usize,
        start: usize,
        slots: &mut [Option<usize>],
        budget: &mut Budget,
    ) -> Result<Option<usize>, Exhausted> {
        let mut stack = vec![Frame::Try(start_pc, start)];
        while let Some(frame) = stack.pop() {
            let (mut pc, mut pos) = match frame {
                Frame::Restore(slot, old) => {
                    if let Some(s) = slots.get_mut(slot) {
                        *s = old;
                    }
                    continue;
                }
                Frame::Try(pc, pos) => (pc, pos),
            };
            loop {
                budget.tick()?;
                let Some(inst) = self.program.get(pc) else {
                    break;
                };
                match inst {
                    Inst::Match | Inst::LookEnd => return Ok(Some(pos)),
                    Inst::Char(c, ci) => match text.get(pos) {
                        Some(t) if t == c || (*ci && t.eq_ignore_ascii_case(c)) => {
                            pc += 1;
                            pos += 1;
                        }
                        _ => break,
                    },
                    Inst::Any(dotall) => match text.get(pos) {
                        Some(t) if *dotall || !is_line_break(*t) => {
                            pc += 1;
                            pos += 1;
                        }
                        _ => break,
                    },
                    Inst::Class(i, ci) => match (text.get(pos), self.classes.get(*i)) {
                        (Some(t), Some(class)) if class.has(*t, *ci) => {
                            pc += 1;
                            pos += 1;
                        }
                        _ => break,
                    },
                    Inst::Assert(a) => {
                        let before = pos.checked_sub(1).and_then(|i| text.get(i)).copied();
                        let after = text.get(pos).copied();
                        let ok = match a {
                            Assertion::LineStart(false) | Assertion::TextStart => pos == 0,
                            Assertion::LineStart(true) => {
                                pos == 0
                                    || (before.is_some_and(is_line_break)
                                        && pos < text.len()
                                        && !(before == Some('\r') && after == Some('\n')))
                            }
                            Assertion::LineEnd(false) | Assertion::TextEndBeforeBreak => {
                                at_end_before_break(text, pos)
                            }
                            Assertion::LineEnd(true) => {
                                pos == text.len()
                                    || (after.is_some_and(is_line_break)
                                        && !(before == Some('\r') && after == Some('\n')))
                            }
                            Assertion::TextEnd => pos == text.len(),
                            Assertion::WordBoundary(want) => {
                                (before.is_some_and(is_word) != after.is_some_and(is_word)) == *want
                            }
                        };
                        if !ok {
                            break;
                        }
                        pc += 1;
                    }
                    Inst::Split(a, b) => {
                        stack.push(Frame::Try(*b, pos));
                        pc = *a;
                    }
                    Inst::Jmp(a) => pc = *a,
                    Inst::Save(slot) => {
                        let old = slots.get(*slot).copied().flatten();
                        stack.push(Frame::Restore(*slot, old));
                        if let Some(s) = slots.get_mut(*slot) {
                            *s = Some(pos);
                        }
                        pc += 1;
                    }
                    Inst::Progress(slot, exit) => {
                        pc = if slots.get(*slot).copied().flatten() == Some(pos) {
                            *exit
                        } else {
                            pc + 1
                        };
                    }
                    Inst::BackRef(n, ci) => {
                        let group = (
                            slots.get(2 * n).copied().flatten(),
                            slots.get(2 * n + 1).copied().flatten(),
                        );
                        match group {
                            (Some(a), Some(b)) if a <= b => {
                                let want = text.get(a..b).unwrap_or(&[]);
                                let got = text.get(pos..pos + want.len());
                                let same = got.is_some_and(|g| {
                                    g.iter()
                                        .zip(want)
                                        .all(|(x, y)| x == y || (*ci && x.eq_ignore_ascii_case(y)))
                                });
                                if !same {
                                    break;
                                }
                                pos += want.len();
                                pc += 1;
                            }
                            // A group that did not take part fails the reference (as in Java).
                            _ => break,
                        }
                    }
                    Inst::LookStart { negate, end } => {
                        let mut inner = slots.to_vec();
                        let found = self.exec(text, pc + 1, pos, &mut inner, budget)?.is_some();
                        if found == *negate {
                            break;
                        }
                        if found {
                            for (i, v) in inner.into_iter().enumerate() {
                                let old = slots.get(i).copied().flatten();
                                if old != v {
                                    stack.push(Frame::Restore(i, old));
                                    if let Some(s) = slots.get_mut(i) {
                                        *s = v;
                                    }
                                }
                            }
                        }
                        pc = end + 1;
                    }
                }
            }
        }
        Ok(None)
    }

    /// The first match at or after `from`, with every group (group 0 is the whole match).
    pub fn captures_at(
        &self,
        text: &[char],
        from: usize,
        budget: &mut Budget,
    ) -> Result<Option<Groups>, Exhausted> {
        for start in from..=text.len() {
            let mut slots = self.slots();
            if self.exec(text, 0, start, &mut slots, budget)?.is_some() {
                let groups = (0..=self.groups)
                    .map(|g| {
                        match (
                            slots.get(2 * g).copied().flatten(),
                            slots.get(2 * g + 1).copied().flatten(),
                        ) {
                            (Some(a), Some(b)) if a <= b => Some((a, b)),
                            _ => None,
                        }
                    })
                    .collect();
                return Ok(Some(groups));
            }
        }
        Ok(None)
    }

    /// The first match at or after `from`: its start and end.
    pub fn find_at(
        &self,
        text: &[char],
        from: usize,
        budget: &mut Budget,
    ) -> Result<Option<(usize, usize)>, Exhausted> {
        Ok(self
            .captures_at(text, from, budget)?
            .and_then(|g| g.first().copied().flatten()))
    }

    /// Whether the whole text matches (Java's `matches`).
    pub fn full_match(&self, text: &[char], budget: &mut Budget) -> Result<bool, Exhausted> {
        // Anchor at both ends: try the program at 0 and accept only an end at the text's end,
        // backtracking through the other ways to match.
        let anchored = Regex {
            program: {
                let mut p = self.program.clone();
                let n = p.len();
                // Replace the final `Match` by an end-of-text check before it.
                if let Some(last) = p.get_mut(n - 1) {
                    *last = Inst::Assert(Assertion::TextEnd);
                }
                p.push(Inst::Match);
                p
            },
            classes: self.classes.clone(),
            groups: self.groups,
            marks: self.marks,
        };
        let mut slots = anchored.slots();
        Ok(anchored.exec(text, 0, 0, &mut slots, budget)?.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(p: &str, t: &str) -> Option<(usize, usize)> {
        let text: Vec<char> = t.chars().collect();
        Regex::new(p)
            .unwrap()
            .find_at(&text, 0, &mut Budget::default())
            .unwrap()
    }

    fn full(p: &str, t: &str) -> bool {
        let text: Vec<char> = t.chars().collect();
        Regex::new(p)
            .unwrap()
            .full_match(&text, &mut Budget::default())
            .unwrap()
    }

    #[test]
    fn literals_classes_and_quantifiers() {
        assert_eq!(find(",", "a,b"), Some((1, 2)));
        assert_eq!(find("\\|", "a|b"), Some((1, 2)));
        assert_eq!(find("\\s+", "a  b"), Some((1, 3)));
        assert_eq!(find("[0-9]{3}", "ab1234"), Some((2, 5)));
        assert_eq!(find("a.*?b", "aXbYb"), Some((0, 3)));
        assert_eq!(find("a.*b", "aXbYb"), Some((0, 5)));
        assert!(full("\\d{3}-\\d{4}", "555-1234"));
        assert!(!full("\\d{3}", "1234"));
        assert!(full("(?i)abc", "ABC"));
        assert!(full("(a|b)*c", "ababc"));
        assert!(full("(\\w+)@\\1", "ab@ab"));
        assert!(!full("(\\w+)@\\1", "ab@ac"));
        assert!(full("a(?=b)b", "ab"));
        assert!(full("[^,]+", "abc"));
    }

    #[test]
    fn empty_loops_end() {
        assert!(full("(a*)*b", "aab"));
        assert!(!full("(a*)*b", "aac"));
        // Java ends a loop at an iteration that matched nothing, before trying other
        // alternatives of that iteration (java.util.regex.Pattern.Loop).
        assert_eq!(find("(?:c*|[^a])*", "c1"), Some((0, 1)));
    }

    #[test]
    fn anchors() {
        assert_eq!(find("^a", "ba"), None);
        assert_eq!(find("a$", "ba\n"), Some((1, 2)));
        assert_eq!(find("\\bcat\\b", "a cat!"), Some((2, 5)));
    }

    #[test]
    fn pathological_patterns_run_out_of_budget_instead_of_hanging() {
        let text: Vec<char> = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab".chars().collect();
        let re = Regex::new("(a+)+c").unwrap();
        assert!(re.find_at(&text, 0, &mut Budget::default()).is_err());
    }

    #[test]
    fn bad_patterns_say_where() {
        for p in ["(", "[a", "*a", "a{", "\\k", "(?<=a)b", "a)"] {
            assert!(Regex::new(p).is_err(), "{p}");
        }
    }
}
