//! The syntax tree. Every node carries the [`Span`] of the source it came from.

use super::error::Span;
use super::value::Value;
use serde::Serialize;

/// A piece of a template.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "node", rename_all = "snake_case")]
pub enum Node {
    /// Text outside blocks, kept verbatim (after whitespace control).
    Text { span: Span, text: String },
    /// A `{{ … }}` block; `span` covers the delimiters.
    Block { span: Span, expr: Expr },
    /// `{% if %}…{% elseif %}…{% else %}…{% endif %}`; `span` covers the opening tag.
    If {
        span: Span,
        branches: Vec<Branch>,
        otherwise: Option<Vec<Node>>,
    },
    /// `{% for x in items %}…{% else %}…{% endfor %}`; `span` covers the opening tag.
    For {
        span: Span,
        variable: Ident,
        iterable: Expr,
        body: Vec<Node>,
        /// Rendered when there is nothing to iterate.
        otherwise: Option<Vec<Node>>,
    },
    /// `{% set name = value %}`.
    Set {
        span: Span,
        name: Ident,
        value: Expr,
    },
}

/// One `if`/`elseif` condition and what it renders.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Branch {
    pub condition: Expr,
    pub body: Vec<Node>,
}

/// An expression with its span.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expr {
    pub span: Span,
    /// Height of the tree below (1 for a leaf); bounded by [`crate::MAX_DEPTH`].
    #[serde(skip)]
    pub depth: usize,
    pub kind: ExprKind,
}

/// A name with its span (variable path segment, filter name, argument name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A filter or function argument, positional or named (`inMillis=true`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Arg {
    pub name: Option<Ident>,
    pub value: Expr,
}

/// A part of a double-quoted string with `#{…}` interpolation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "part", rename_all = "snake_case")]
pub enum StrPart {
    Text { text: String },
    Expr { expr: Expr },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnaryOp {
    Not,
    Neg,
    Plus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BinOp {
    Or,
    And,
    Contains,
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Concat,
    /// `a..b`: the list of numbers (or letters) from `a` to `b`, both included.
    Range,
}

impl BinOp {
    /// Pebble's precedence (higher binds tighter). `is` (20) and `|` (100) are parsed separately
    /// with the same numbers.
    pub fn precedence(self) -> u8 {
        match self {
            BinOp::Or => 10,
            BinOp::And => 15,
            BinOp::Contains => 20,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Gt | BinOp::Le | BinOp::Ge => 30,
            BinOp::Add | BinOp::Sub => 40,
            BinOp::Mul | BinOp::Div | BinOp::Rem => 60,
            BinOp::Concat => 110,
            BinOp::Range => 120,
        }
    }

    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Contains => "contains",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Gt => ">",
            BinOp::Le => "<=",
            BinOp::Ge => ">=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
            BinOp::Concat => "~",
            BinOp::Range => "..",
        }
    }
}

/// Precedence of the `is` test operator.
pub const IS_PRECEDENCE: u8 = 20;
/// Precedence of the `|` filter operator.
pub const FILTER_PRECEDENCE: u8 = 100;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "expr", rename_all = "snake_case")]
pub enum ExprKind {
    /// A literal (string without interpolation, number, boolean, null).
    Literal {
        value: Value,
    },
    /// A double-quoted string with `#{…}`.
    Interpolated {
        parts: Vec<StrPart>,
    },
    /// `[a, b]`.
    List {
        items: Vec<Expr>,
    },
    /// `{"k": v}`.
    Map {
        entries: Vec<(Expr, Expr)>,
    },
    /// A dotted path `a.b.c`: resolved as the longest prefix that is a variable, then members.
    ///
    /// Stored without per-segment strings: a segment's name is the source text under its span.
    /// `full` is the joined path when it differs from the source text under the expression's span
    /// (spaces around a dot, `a . b`); `None` (the usual case) means that text is the path.
    Var {
        full: Option<String>,
        /// The first segment's span.
        head: Span,
        /// The spans of the segments after the first (empty for a plain name).
        rest: Vec<Span>,
    },
    /// `obj.name` after something that is not a plain path.
    Attr {
        object: Box<Expr>,
        name: Ident,
    },
    /// `obj[index]`.
    Index {
        object: Box<Expr>,
        index: Box<Expr>,
    },
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    /// Both operands in one allocation.
    Binary {
        op: BinOp,
        operands: Box<Operands>,
    },
    /// `value is [not] test`.
    Test {
        value: Box<Expr>,
        test: Ident,
        negated: bool,
    },
    /// `input | name(args)`.
    Filter {
        input: Box<Expr>,
        name: Ident,
        args: Vec<Arg>,
    },
    /// `name(args)`.
    Call {
        name: Ident,
        args: Vec<Arg>,
    },
    /// `object.name(args)`: a Java method called on the value (`ANI.substring(1)`).
    MethodCall {
        object: Box<Expr>,
        name: Ident,
        args: Vec<Arg>,
    },
    /// `cond ? then : otherwise` (the three parts in one allocation).
    Ternary {
        parts: Box<TernaryParts>,
    },
}

/// The operands of [`ExprKind::Binary`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operands {
    pub left: Expr,
    pub right: Expr,
}

/// The parts of [`ExprKind::Ternary`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TernaryParts {
    pub condition: Expr,
    pub then: Expr,
    pub otherwise: Expr,
}
