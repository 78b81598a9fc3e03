//! I-Regexp (RFC 9485), the regular expressions of the RFC 9535 `match()` and `search()` functions.
//!
//! Vendored addition: replaces the `regex` crate, which was the largest part of the app's wasm.
//! I-Regexp is small on purpose (branches, groups, quantifiers, `.`, classes, escapes, Unicode
//! categories; no backreferences or lookaround), so a parser to an AST, a compiler to a Thompson NFA
//! and a Pike VM that runs all NFA threads in lock step are enough:
//!
//! - time is O(haystack chars × program size), never exponential (`(a*)*b` included);
//! - a pattern may cost at most [`MAX_PROGRAM`] compile steps and nest groups [`MAX_NESTING`] deep, so
//!   a hostile pattern can neither allocate without bound nor overflow the stack;
//! - every malformed pattern is an [`IRegexpError`], never a panic.
//!
//! `^` and `$` are anchors (start and end of the string), as the JSONPath Compliance Test Suite
//! expects and as the regexp dialects RFC 9485 section 5 maps I-Regexp to read them; RFC 9485's ABNF
//! alone would make them ordinary characters. A literal `^` is `\^`, a literal `$` is `[$]`.
//!
//! Unicode categories (`\p{..}`, `\P{..}`): every category RFC 9485 names, from one table of
//! General_Category runs ([`general_category`], generated, with its Unicode version).

// Ours, so not covered by the crate's upstream `#![allow(warnings)]`.
#![warn(warnings, clippy::all)]

use std::cell::RefCell;
use std::fmt;
use std::sync::OnceLock;

mod general_category;

/// Most compile steps a pattern may take: one per instruction emitted, per class item and per AST
/// node visited. Bounds the program (memory) and the per-character matching cost; real patterns
/// need a few dozen.
pub const MAX_PROGRAM: usize = 4_000;

/// Deepest group nesting accepted; parsing and compiling recurse once per level.
pub const MAX_NESTING: usize = 64;

/// Why a pattern is not an I-Regexp this matcher runs, and where (byte offset in the pattern; 0 for
/// [`ErrorKind::TooLarge`], which is about the whole pattern).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IRegexpError {
    pub kind: ErrorKind,
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// A metacharacter where a literal is expected (`]`, `{`, `}` outside a class; `[`, `-` inside).
    Unescaped(char),
    /// A quantifier with nothing before it (`*a`, `a**`, `(+)`).
    NothingToRepeat,
    /// `\` followed by a character I-Regexp does not define as an escape (`\d`, `\w`, `\1`).
    InvalidEscape(char),
    /// The pattern ends right after `\`.
    TrailingBackslash,
    /// `(` without `)`.
    UnclosedGroup,
    /// `)` without `(`.
    UnmatchedParen,
    /// `[` without `]`.
    UnclosedClass,
    /// `[]` or `[^]`.
    EmptyClass,
    /// A range whose end comes before its start (`[z-a]`), or an end that is not one character.
    InvalidRange,
    /// `{` not followed by `n}`, `n,}` or `n,m}`.
    InvalidQuantifier,
    /// `{n,m}` with `n > m`, or a count above `u32::MAX`.
    InvalidBounds,
    /// `\p{X}` / `\P{X}` where X is not a category RFC 9485 names.
    UnknownCategory(String),
    /// Groups nested deeper than [`MAX_NESTING`].
    TooDeep,
    /// More than [`MAX_PROGRAM`] compile steps (e.g. `(a{100}){100}`).
    TooLarge,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Unescaped(c) => write!(f, "`{c}` must be escaped here"),
            ErrorKind::NothingToRepeat => f.write_str("quantifier with nothing to repeat"),
            ErrorKind::InvalidEscape(c) => write!(f, "`\\{c}` is not an I-Regexp escape"),
            ErrorKind::TrailingBackslash => f.write_str("pattern ends with `\\`"),
            ErrorKind::UnclosedGroup => f.write_str("`(` is never closed"),
            ErrorKind::UnmatchedParen => f.write_str("`)` without `(`"),
            ErrorKind::UnclosedClass => f.write_str("`[` is never closed"),
            ErrorKind::EmptyClass => f.write_str("empty character class"),
            ErrorKind::InvalidRange => f.write_str("invalid character range"),
            ErrorKind::InvalidQuantifier => {
                f.write_str("`{` must be followed by `n}`, `n,}` or `n,m}`")
            }
            ErrorKind::InvalidBounds => f.write_str("invalid repetition bounds"),
            ErrorKind::UnknownCategory(name) => write!(f, "unknown Unicode category `{name}`"),
            ErrorKind::TooDeep => write!(f, "groups nested deeper than {MAX_NESTING}"),
            ErrorKind::TooLarge => write!(f, "pattern larger than {MAX_PROGRAM} compile steps"),
        }
    }
}

impl fmt::Display for IRegexpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at offset {}", self.kind, self.offset)
    }
}

impl std::error::Error for IRegexpError {}

type Result<T> = std::result::Result<T, IRegexpError>;

// ---------------------------------------------------------------------------------------------------
// AST

#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    Empty,
    Literal(char),
    Class(Class),
    /// `^`: the start of the string.
    Start,
    /// `$`: the end of the string.
    End,
    Concat(Vec<Node>),
    Alternate(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
    },
}

/// `[...]`, `[^...]`, `.`, or a lone `\p{..}`: matches when any item does, inverted when `negated`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Class {
    negated: bool,
    items: Vec<ClassItem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClassItem {
    Range(char, char),
    /// `\p{..}` (`complement: false`) or `\P{..}`.
    Category {
        category: Category,
        complement: bool,
    },
}

/// The General_Category of `c`, as an index into `general_category::NAMES`.
fn general_category_of(c: char) -> u32 {
    use general_category::{ALTERNATING_FROM_LL, ALTERNATING_FROM_LU};
    let runs = category_runs();
    let c = c as u32;
    // The run holding `c`: the last whose start is at most `c` (the first run starts at U+0000).
    let run = runs
        .partition_point(|&entry| entry >> 5 <= c)
        .saturating_sub(1);
    let entry = runs.get(run).copied().unwrap_or(0);
    let (start, code) = (entry >> 5, entry & 31);
    // Lu is 0 and Ll is 1: an alternating run flips between them with each code point.
    match code {
        ALTERNATING_FROM_LU => c.saturating_sub(start) % 2,
        ALTERNATING_FROM_LL => 1 - c.saturating_sub(start) % 2,
        code => code,
    }
}

/// The runs of `general_category::RUNS` as `start << 5 | code`, sorted by start: decoded from their
/// compact form once, when a pattern first needs a category.
fn category_runs() -> &'static [u32] {
    static RUNS: OnceLock<Vec<u32>> = OnceLock::new();
    RUNS.get_or_init(|| {
        let mut runs = Vec::with_capacity(general_category::RUN_COUNT);
        let (mut start, mut value, mut shift) = (0u32, 0u32, 0u32);
        for &byte in &general_category::RUNS {
            value |= u32::from(byte & 0x7f).checked_shl(shift).unwrap_or(0);
            if byte & 0x80 != 0 {
                shift += 7;
                continue;
            }
            runs.push(start << 5 | value & 31);
            start = start.saturating_add(value >> 5);
            (value, shift) = (0, 0);
        }
        runs
    })
}

/// A set of general categories (`\p{L}` is Lu, Ll, Lt, Lm and Lo): bit `i` is
/// `general_category::NAMES[i]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Category(u32);

impl Category {
    fn contains(self, c: char) -> bool {
        self.0 & (1 << general_category_of(c)) != 0
    }

    /// Parses a `charProp` of RFC 9485 (`IsCategory`): a major class (`L`) or one of its
    /// subcategories (`Lu`). `Cs` (surrogates) is not among them: no string holds one.
    fn from_name(name: &str) -> std::result::Result<Category, ErrorKind> {
        let named = |n: &str| match name.len() {
            1 => n.starts_with(name) && n != "Cs",
            _ => n == name && n != "Cs",
        };
        let mask = general_category::NAMES
            .iter()
            .enumerate()
            .filter(|(_, n)| named(n))
            .fold(0, |mask, (i, _)| mask | 1 << i);
        if mask == 0 {
            return Err(ErrorKind::UnknownCategory(name.to_string()));
        }
        Ok(Category(mask))
    }
}

impl Class {
    /// `.`: any character except line feed and carriage return (RFC 9485, section 5.3).
    fn dot() -> Class {
        Class {
            negated: true,
            items: vec![ClassItem::Range('\n', '\n'), ClassItem::Range('\r', '\r')],
        }
    }

    fn matches(&self, c: char) -> bool {
        let hit = self.items.iter().any(|item| match *item {
            ClassItem::Range(lo, hi) => (lo..=hi).contains(&c),
            ClassItem::Category {
                category,
                complement,
            } => category.contains(c) != complement,
        });
        hit != self.negated
    }
}

// ---------------------------------------------------------------------------------------------------
// Parser: RFC 9485, section 3 (ABNF), one function per rule.

struct Parser<'p> {
    src: &'p str,
    pos: usize,
    depth: usize,
}

impl<'p> Parser<'p> {
    fn error<T>(&self, kind: ErrorKind, offset: usize) -> Result<T> {
        Err(IRegexpError { kind, offset })
    }

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn peek_second(&self) -> Option<char> {
        self.src[self.pos..].chars().nth(1)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.pos += c.len_utf8();
        }
        found
    }

    /// i-regexp = branch *( "|" branch )
    fn alternation(&mut self) -> Result<Node> {
        let mut branches = vec![self.branch()?];
        while self.eat('|') {
            branches.push(self.branch()?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alternate(branches)
        })
    }

    /// branch = *piece
    fn branch(&mut self) -> Result<Node> {
        let mut pieces = Vec::new();
        while !matches!(self.peek(), None | Some('|') | Some(')')) {
            pieces.push(self.piece()?);
        }
        Ok(match pieces.len() {
            0 => Node::Empty,
            1 => pieces.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(pieces),
        })
    }

    /// piece = atom [ quantifier ]
    fn piece(&mut self) -> Result<Node> {
        let bare_anchor = matches!(self.peek(), Some('^' | '$'));
        let atom = self.atom()?;
        if bare_anchor {
            // An anchor matches no character, so there is nothing to repeat (`^*`): as in
            // ECMAScript. A group may still be repeated (`(^)*`).
            if matches!(self.peek(), Some('*' | '+' | '?' | '{')) {
                return self.error(ErrorKind::NothingToRepeat, self.pos);
            }
            return Ok(atom);
        }
        let (min, max) = match self.peek() {
            Some('{') => self.range_quantifier()?,
            Some(c @ ('*' | '+' | '?')) => {
                self.bump();
                match c {
                    '*' => (0, None),
                    '+' => (1, None),
                    _ => (0, Some(1)),
                }
            }
            _ => return Ok(atom),
        };
        if matches!(self.peek(), Some('*' | '+' | '?')) {
            // A second quantifier (`a**`, lazy `a*?`) has no atom of its own.
            return self.error(ErrorKind::NothingToRepeat, self.pos);
        }
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
        })
    }

    /// range-quantifier = "{" QuantExact [ "," [ QuantExact ] ] "}", with `{` next.
    fn range_quantifier(&mut self) -> Result<(u32, Option<u32>)> {
        let start = self.pos;
        self.bump();
        let min = self.number(start)?;
        let max = if self.eat(',') {
            if self.peek() == Some('}') {
                None
            } else {
                Some(self.number(start)?)
            }
        } else {
            Some(min)
        };
        if !self.eat('}') {
            return self.error(ErrorKind::InvalidQuantifier, start);
        }
        if max.is_some_and(|max| max < min) {
            return self.error(ErrorKind::InvalidBounds, start);
        }
        Ok((min, max))
    }

    /// QuantExact = 1*%x30-39
    fn number(&mut self, quantifier: usize) -> Result<u32> {
        let mut value: Option<u32> = None;
        while let Some(digit) = self.peek().and_then(|c| c.to_digit(10)) {
            self.bump();
            match value
                .unwrap_or(0)
                .checked_mul(10)
                .and_then(|v| v.checked_add(digit))
            {
                Some(v) => value = Some(v),
                None => return self.error(ErrorKind::InvalidBounds, quantifier),
            }
        }
        match value {
            Some(v) => Ok(v),
            None => self.error(ErrorKind::InvalidQuantifier, quantifier),
        }
    }

    /// atom = NormalChar / charClass / ( "(" i-regexp ")" )
    fn atom(&mut self) -> Result<Node> {
        let start = self.pos;
        let Some(c) = self.bump() else {
            return self.error(ErrorKind::NothingToRepeat, start);
        };
        match c {
            '(' => {
                if self.depth >= MAX_NESTING {
                    return self.error(ErrorKind::TooDeep, start);
                }
                self.depth += 1;
                let inner = self.alternation()?;
                self.depth -= 1;
                if !self.eat(')') {
                    return self.error(ErrorKind::UnclosedGroup, start);
                }
                Ok(inner)
            }
            '.' => Ok(Node::Class(Class::dot())),
            '^' => Ok(Node::Start),
            '$' => Ok(Node::End),
            '[' => self.class_expr(start).map(Node::Class),
            '\\' => match self.escape(start)? {
                Escape::Char(c) => Ok(Node::Literal(c)),
                Escape::Category(item) => Ok(Node::Class(Class {
                    negated: false,
                    items: vec![item],
                })),
            },
            '*' | '+' | '?' => self.error(ErrorKind::NothingToRepeat, start),
            ']' | '{' | '}' => self.error(ErrorKind::Unescaped(c), start),
            // `)` and `|` end a branch before `atom` is called.
            c => Ok(Node::Literal(c)),
        }
    }

    /// SingleCharEsc / charClassEsc, after the `\` at `start`.
    fn escape(&mut self, start: usize) -> Result<Escape> {
        let Some(c) = self.bump() else {
            return self.error(ErrorKind::TrailingBackslash, start);
        };
        match c {
            '(' | ')' | '*' | '+' | '-' | '.' | '?' | '[' | '\\' | ']' | '^' | '{' | '|' | '}' => {
                Ok(Escape::Char(c))
            }
            'n' => Ok(Escape::Char('\n')),
            'r' => Ok(Escape::Char('\r')),
            't' => Ok(Escape::Char('\t')),
            'p' | 'P' => {
                if !self.eat('{') {
                    return self.error(ErrorKind::InvalidEscape(c), start);
                }
                let name_start = self.pos;
                let Some(len) = self.src[name_start..].find('}') else {
                    return self.error(
                        ErrorKind::UnknownCategory(self.src[name_start..].into()),
                        start,
                    );
                };
                let name = &self.src[name_start..name_start + len];
                self.pos = name_start + len + 1;
                match Category::from_name(name) {
                    Ok(category) => Ok(Escape::Category(ClassItem::Category {
                        category,
                        complement: c == 'P',
                    })),
                    Err(kind) => self.error(kind, start),
                }
            }
            c => self.error(ErrorKind::InvalidEscape(c), start),
        }
    }

    /// charClassExpr = "[" [ "^" ] ( "-" / CCE1 ) *CCE1 [ "-" ] "]", after the `[` at `start`.
    fn class_expr(&mut self, start: usize) -> Result<Class> {
        let negated = self.eat('^');
        let mut items = Vec::new();
        loop {
            let at = self.pos;
            match self.peek() {
                None => return self.error(ErrorKind::UnclosedClass, start),
                Some(']') => {
                    if items.is_empty() {
                        return self.error(ErrorKind::EmptyClass, start);
                    }
                    self.bump();
                    return Ok(Class { negated, items });
                }
                // `-` is literal only first or last.
                Some('-') => {
                    self.bump();
                    if !items.is_empty() && self.peek() != Some(']') {
                        return self.error(ErrorKind::Unescaped('-'), at);
                    }
                    items.push(ClassItem::Range('-', '-'));
                }
                Some('\\') if matches!(self.peek_second(), Some('p' | 'P')) => {
                    self.bump();
                    match self.escape(at)? {
                        Escape::Category(item) => items.push(item),
                        Escape::Char(c) => items.push(ClassItem::Range(c, c)),
                    }
                }
                Some(_) => {
                    let lo = self.class_char(start)?;
                    // CCchar "-" CCchar; a `-` right before `]` is the trailing literal instead.
                    if self.peek() == Some('-') && self.peek_second() != Some(']') {
                        self.bump();
                        let hi = self.class_char(start)?;
                        if hi < lo {
                            return self.error(ErrorKind::InvalidRange, at);
                        }
                        items.push(ClassItem::Range(lo, hi));
                    } else {
                        items.push(ClassItem::Range(lo, lo));
                    }
                }
            }
        }
    }

    /// CCchar: any character but `[`, `]`, `-`, `\`, or a SingleCharEsc.
    fn class_char(&mut self, class_start: usize) -> Result<char> {
        let at = self.pos;
        match self.bump() {
            None => self.error(ErrorKind::UnclosedClass, class_start),
            Some('\\') => match self.escape(at)? {
                Escape::Char(c) => Ok(c),
                // `[a-\p{N}]`: a range ends in one character.
                Escape::Category(_) => self.error(ErrorKind::InvalidRange, at),
            },
            Some(c @ ('[' | ']' | '-')) => self.error(ErrorKind::Unescaped(c), at),
            Some(c) => Ok(c),
        }
    }
}

enum Escape {
    Char(char),
    Category(ClassItem),
}

fn parse(pattern: &str) -> Result<Node> {
    let mut parser = Parser {
        src: pattern,
        pos: 0,
        depth: 0,
    };
    let node = parser.alternation()?;
    if parser.pos < pattern.len() {
        // `alternation` stops only at the end or at a `)` that no group opened.
        return parser.error(ErrorKind::UnmatchedParen, parser.pos);
    }
    Ok(node)
}

// ---------------------------------------------------------------------------------------------------
// Compiler: AST to a Thompson NFA program.

#[derive(Debug, Clone)]
enum Inst {
    Char(char),
    Class(Class),
    /// Continue only at the start of the string.
    AssertStart,
    /// Continue only at the end of the string.
    AssertEnd,
    /// Continue at both targets.
    Split(usize, usize),
    Jump(usize),
    Match,
}

struct Compiler {
    prog: Vec<Inst>,
    steps: usize,
}

impl Compiler {
    fn spend(&mut self, steps: usize) -> Result<()> {
        self.steps = self.steps.saturating_add(steps);
        if self.steps > MAX_PROGRAM {
            return Err(IRegexpError {
                kind: ErrorKind::TooLarge,
                offset: 0,
            });
        }
        Ok(())
    }

    fn emit(&mut self, inst: Inst) -> Result<usize> {
        self.spend(1)?;
        self.prog.push(inst);
        Ok(self.prog.len() - 1)
    }

    fn patch(&mut self, at: usize, inst: Inst) {
        if let Some(slot) = self.prog.get_mut(at) {
            *slot = inst;
        }
    }

    fn node(&mut self, node: &Node) -> Result<()> {
        // Visits count too, so that repeating empty nodes (`((){1000}){1000}`) is bounded as well.
        self.spend(1)?;
        match node {
            Node::Empty => {}
            Node::Literal(c) => {
                self.emit(Inst::Char(*c))?;
            }
            Node::Class(class) => {
                self.spend(class.items.len())?;
                self.emit(Inst::Class(class.clone()))?;
            }
            Node::Start => {
                self.emit(Inst::AssertStart)?;
            }
            Node::End => {
                self.emit(Inst::AssertEnd)?;
            }
            Node::Concat(nodes) => {
                for n in nodes {
                    self.node(n)?;
                }
            }
            Node::Alternate(branches) => {
                let mut to_end = Vec::new();
                let (last, rest) = branches.split_last().unwrap_or((&Node::Empty, &[]));
                for branch in rest {
                    let split = self.emit(Inst::Split(0, 0))?;
                    self.node(branch)?;
                    to_end.push(self.emit(Inst::Jump(0))?);
                    let next = self.prog.len();
                    self.patch(split, Inst::Split(split + 1, next));
                }
                self.node(last)?;
                let end = self.prog.len();
                for jump in to_end {
                    self.patch(jump, Inst::Jump(end));
                }
            }
            Node::Repeat { node, min, max } => self.repeat(node, *min, *max)?,
        }
        Ok(())
    }

    fn repeat(&mut self, node: &Node, min: u32, max: Option<u32>) -> Result<()> {
        match max {
            None if min == 0 => {
                // loop: Split(body, out); body; Jump(loop); out:
                let split = self.emit(Inst::Split(0, 0))?;
                self.node(node)?;
                self.emit(Inst::Jump(split))?;
                let out = self.prog.len();
                self.patch(split, Inst::Split(split + 1, out));
            }
            None => {
                // min - 1 copies, then body; Split(body, out)
                for _ in 1..min {
                    self.node(node)?;
                }
                let body = self.prog.len();
                self.node(node)?;
                let split = self.emit(Inst::Split(body, 0))?;
                self.patch(split, Inst::Split(body, split + 1));
            }
            Some(max) => {
                for _ in 0..min {
                    self.node(node)?;
                }
                // Each optional copy may skip straight to the end: x{1,3} = x (x (x)?)?.
                let mut skips = Vec::new();
                for _ in min..max {
                    skips.push(self.emit(Inst::Split(0, 0))?);
                    self.node(node)?;
                }
                let end = self.prog.len();
                for split in skips {
                    self.patch(split, Inst::Split(split + 1, end));
                }
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------------
// Matcher: Pike VM (all threads advance together over the haystack's characters).

/// A compiled I-Regexp.
#[derive(Debug, Clone)]
pub struct IRegexp {
    prog: Vec<Inst>,
    /// The matcher's thread lists, kept from one haystack to the next: a filter matches one pattern
    /// against many short strings, where allocating them each time cost more than matching.
    scratch: RefCell<Option<Scratch>>,
}

#[derive(Debug, Clone)]
struct Scratch {
    current: Threads,
    next: Threads,
    stack: Vec<usize>,
}

impl IRegexp {
    pub fn new(pattern: &str) -> Result<IRegexp> {
        let ast = parse(pattern)?;
        let mut compiler = Compiler {
            prog: Vec::new(),
            steps: 0,
        };
        compiler.node(&ast)?;
        compiler.emit(Inst::Match)?;
        Ok(IRegexp {
            prog: compiler.prog,
            scratch: RefCell::new(None),
        })
    }

    /// Whether the whole of `haystack` matches (RFC 9535 `match()`), however long it takes.
    #[cfg(test)]
    pub fn is_match(&self, haystack: &str) -> bool {
        let mut unbounded = u64::MAX;
        self.run(haystack, true, &mut unbounded).unwrap_or(false)
    }

    /// Whether some substring of `haystack` matches (RFC 9535 `search()`), however long it takes.
    #[cfg(test)]
    pub fn is_match_within(&self, haystack: &str) -> bool {
        let mut unbounded = u64::MAX;
        self.run(haystack, false, &mut unbounded).unwrap_or(false)
    }

    /// [`IRegexp::is_match`] (`anchored`) or [`IRegexp::is_match_within`] doing at most `work` steps
    /// (one per haystack character and per thread examined at it, at most the program's size), and
    /// taking the steps done from `work`: `None` when they would be more.
    pub fn is_match_bounded(&self, haystack: &str, anchored: bool, work: &mut u64) -> Option<bool> {
        self.run(haystack, anchored, work)
    }

    /// The number of instructions: the most threads that can be alive at one character.
    pub fn size(&self) -> usize {
        self.prog.len()
    }

    fn run(&self, haystack: &str, anchored: bool, work: &mut u64) -> Option<bool> {
        let size = self.prog.len();
        let mut scratch = self.scratch.take().unwrap_or_else(|| Scratch {
            current: Threads::new(size),
            next: Threads::new(size),
            stack: Vec::new(),
        });
        scratch.current.clear();
        let result = self.run_with(haystack, anchored, work, &mut scratch);
        self.scratch.replace(Some(scratch));
        result
    }

    fn run_with(
        &self,
        haystack: &str,
        anchored: bool,
        work: &mut u64,
        Scratch {
            current,
            next,
            stack,
        }: &mut Scratch,
    ) -> Option<bool> {
        // `new` ends every program with its only `Match`, and every jump target and `pc + 1` after
        // a `Char`/`Class`/assertion is within the program: the indexing below cannot fail.
        let matched = self.prog.len().saturating_sub(1);
        let mut chars = haystack.chars().peekable();
        let mut at = Position {
            start: true,
            end: chars.peek().is_none(),
        };
        self.add(current, 0, at, stack);
        while let Some(c) = chars.next() {
            if !anchored && current.contains(matched) {
                return Some(true);
            }
            if anchored && current.is_empty() {
                return Some(false);
            }
            // The work at this character: the threads examined (the closure that built them is
            // at most as large).
            *work = work.checked_sub(1 + current.dense.len() as u64)?;
            at = Position {
                start: false,
                end: chars.peek().is_none(),
            };
            next.clear();
            for &pc in &current.dense {
                let advances = match &self.prog[pc] {
                    Inst::Char(want) => *want == c,
                    Inst::Class(class) => class.matches(c),
                    Inst::AssertStart
                    | Inst::AssertEnd
                    | Inst::Split(..)
                    | Inst::Jump(_)
                    | Inst::Match => false,
                };
                if advances {
                    self.add(next, pc + 1, at, stack);
                }
            }
            std::mem::swap(current, next);
            if !anchored {
                // A match may also start at the next position.
                self.add(current, 0, at, stack);
            }
        }
        Some(current.contains(matched))
    }

    /// Adds `pc` and everything reachable from it at position `at` without consuming a character.
    fn add(&self, threads: &mut Threads, pc: usize, at: Position, stack: &mut Vec<usize>) {
        stack.push(pc);
        while let Some(pc) = stack.pop() {
            if threads.contains(pc) {
                continue;
            }
            threads.insert(pc);
            match self.prog[pc] {
                Inst::Jump(to) => stack.push(to),
                Inst::Split(a, b) => {
                    stack.push(b);
                    stack.push(a);
                }
                Inst::AssertStart if at.start => stack.push(pc + 1),
                Inst::AssertEnd if at.end => stack.push(pc + 1),
                Inst::AssertStart | Inst::AssertEnd => {}
                Inst::Char(_) | Inst::Class(_) | Inst::Match => {}
            }
        }
    }
}

/// Where in the haystack the threads stand, for the anchors.
#[derive(Clone, Copy)]
struct Position {
    start: bool,
    end: bool,
}

/// A set of program counters with O(1) insert, lookup and clear (a sparse set).
#[derive(Debug, Clone)]
struct Threads {
    dense: Vec<usize>,
    sparse: Vec<usize>,
}

impl Threads {
    fn new(capacity: usize) -> Threads {
        Threads {
            dense: Vec::with_capacity(capacity),
            sparse: vec![0; capacity],
        }
    }

    fn contains(&self, pc: usize) -> bool {
        self.sparse
            .get(pc)
            .and_then(|&i| self.dense.get(i))
            .is_some_and(|&at| at == pc)
    }

    fn insert(&mut self, pc: usize) {
        if let Some(slot) = self.sparse.get_mut(pc) {
            *slot = self.dense.len();
            self.dense.push(pc);
        }
    }

    fn is_empty(&self) -> bool {
        self.dense.is_empty()
    }

    fn clear(&mut self) {
        self.dense.clear();
    }
}

#[cfg(test)]
mod tests;
