//! The Webex Flow Designer expression language (Pebble-based templates).
//!
//! The pipeline reads top to bottom: [`lexer`] splits a template into text and `{{ … }}` blocks and
//! tokens, [`parser`] builds an [`ast`] with a [`Span`] on every node, [`eval`] walks it against
//! [`Variables`] and a [`Clock`], calling the flat tables in [`filters`]. Every stage reports the one
//! [`Error`] type.
//!
//! ```
//! use engine::{render, FixedClock, Template, Value, Variables};
//! let t = Template::parse(r#"{{ code == 200 ? "ok" : "no" }}"#).unwrap();
//! let mut vars = Variables::new();
//! vars.set("code", Value::Integer(200));
//! let out = render(&t, &vars, &FixedClock(0)).unwrap();
//! assert_eq!(out.text, "ok");
//! ```
//!
//! # Unknown variables
//! As Pebble does by default (strict variables off), an unknown variable is null: it prints as
//! empty and is false in a condition. The evaluator adds an [`WarningKind::UnknownVariable`]
//! warning naming it (with a "did you mean" hint against the names in [`Variables`]), since in a
//! flow, where every variable is declared, an unknown name is almost always a typo. `default`
//! (`{{ x | default("none") }}`) and the tests `defined`, `null` and `empty` expect absence and do
//! not warn.
//!
//! # Settings
//! Pebble's engine settings that change output are fixed to what Flow Designer most plausibly
//! uses (see the README, "Engine settings"): newline trimming on (Pebble's default), HTML
//! autoescaping off, strict variables off, English locale, UTC.

#![forbid(unsafe_code)]

pub mod ast;
pub mod date;
pub mod digest;
pub mod error;
pub mod eval;
pub mod filters;
pub mod java_string;
pub mod lexer;
pub mod number_format;
pub mod parser;
pub mod regex;
pub mod trace;
pub mod value;

use serde::Serialize;
use std::collections::BTreeMap;

pub use error::{Diagnostic, Error, ErrorKind, Span, WarningKind};
pub use trace::TraceEvent;
pub use value::{ConvertError, Value, VarType};

/// Longest accepted template, in bytes.
pub const MAX_SOURCE_LEN: usize = 100_000;
/// Deepest accepted expression nesting, counted in parser levels: an operator or a unary operator
/// is one level, a parenthesis, list or argument list two, a `#{…}` interpolation four (about 30
/// nested parentheses). Bounds recursion so that deep input is an error, not a stack overflow.
pub const MAX_DEPTH: usize = 64;
/// Most evaluation steps (nodes visited, filter work) for one render.
pub const MAX_STEPS: usize = 100_000;
/// Longest string a render may build, in bytes.
pub const MAX_OUTPUT_LEN: usize = 1_000_000;

/// Flow variables by full (possibly dotted) name, e.g. `NewNumber.DigitsEntered`,
/// `HTTPRequest_CallBackSearch.httpStatusCode`.
///
/// In an expression, `a.b.c` resolves to the longest dotted prefix that is a variable name, then
/// member/index access into JSON values for the rest.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Variables {
    vars: BTreeMap<String, Value>,
}

impl Variables {
    pub fn new() -> Self {
        Variables::default()
    }

    /// Sets (or replaces) a variable.
    pub fn set(&mut self, name: &str, v: Value) {
        if let Some(slot) = self.vars.get_mut(name) {
            *slot = v;
        } else {
            self.vars.insert(name.to_string(), v);
        }
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.vars.get(name)
    }

    /// Removes a variable, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.vars.remove(name)
    }

    /// Variables in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.vars.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn len(&self) -> usize {
        self.vars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.vars.is_empty()
    }
}

/// Where `now()` gets the time.
pub trait Clock {
    /// Milliseconds since the Unix epoch.
    fn now_millis(&self) -> i64;
}

/// A clock stopped at the given epoch milliseconds (tests, exercise mode, `flowlab eval --now`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FixedClock(pub i64);

impl Clock for FixedClock {
    fn now_millis(&self) -> i64 {
        self.0
    }
}

/// The real time from `std::time`, natively. Not on wasm32, where `SystemTime::now` panics: the
/// browser app has its own clock on `Date.now()` (the engine has no web dependency).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SystemClock;

#[cfg(not(target_arch = "wasm32"))]
impl Clock for SystemClock {
    fn now_millis(&self) -> i64 {
        use std::time::{SystemTime, UNIX_EPOCH};
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
            Err(e) => -i64::try_from(e.duration().as_millis()).unwrap_or(i64::MAX),
        }
    }
}

/// A parsed template: text kept verbatim and `{{ … }}` blocks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Template {
    source: String,
    nodes: Vec<ast::Node>,
    warnings: Vec<Diagnostic>,
}

impl Template {
    /// Parses a template. Fails on the first syntax error.
    pub fn parse(src: &str) -> Result<Template, Error> {
        let (nodes, warnings) = parser::parse_template(src)?;
        Ok(Template {
            source: src.to_string(),
            nodes,
            warnings,
        })
    }

    /// The source text.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The parsed nodes.
    pub fn nodes(&self) -> &[ast::Node] {
        &self.nodes
    }

    /// Warnings found while parsing (e.g. `not a == b`); also included in every [`Rendered`].
    pub fn parse_warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The single `{{ }}` block's expression, when the template is exactly one block (text around
    /// it may only be whitespace).
    pub fn single_expression(&self) -> Option<&ast::Expr> {
        let mut found = None;
        for node in &self.nodes {
            match node {
                ast::Node::Text { text, .. } if text.trim().is_empty() => {}
                ast::Node::Block { expr, .. } if found.is_none() => found = Some(expr),
                _ => return None,
            }
        }
        found
    }
}

/// The result of rendering.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rendered {
    /// The rendered text.
    pub text: String,
    /// The value when the template is exactly one `{{ }}` block (text around it may only be
    /// whitespace): a Condition node needs to tell a Boolean from the string "true".
    pub value: Option<Value>,
    /// What the evaluation did, in order.
    pub trace: Vec<TraceEvent>,
    /// Things that evaluated but are probably not what was meant.
    pub warnings: Vec<Diagnostic>,
}

impl Rendered {
    /// The Condition node's reading of the result: a Boolean, or the text "true"/"false" (exact,
    /// trimmed). `None` for anything else, which this model treats as the node's error exit (an
    /// assumption: Flow Designer does not document it).
    pub fn condition(&self) -> Option<bool> {
        match &self.value {
            Some(Value::Boolean(b)) => Some(*b),
            _ => match self.text.trim() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
        }
    }
}

/// Renders a template against variables and a clock.
pub fn render(t: &Template, vars: &Variables, clock: &dyn Clock) -> Result<Rendered, Error> {
    eval::render_template(t, vars, clock)
}

/// Parses and renders in one call.
pub fn render_str(src: &str, vars: &Variables, clock: &dyn Clock) -> Result<Rendered, Error> {
    render(&Template::parse(src)?, vars, clock)
}
