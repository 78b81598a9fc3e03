//! Parser: tokens → [`ast`](super::ast), with Pebble's precedence climbing.
//!
//! Precedence, highest first: unary `not`/`-`/`+` (500: `not a == b` is `(not a) == b`), `~` (110),
//! `|` filter (100), `* / %` (60), `+ -` (40), `== != < > <= >=` (30), `is`/`contains` (20), `and`
//! (15), `or` (10), all left-associative; the ternary `? :` is right-associative and only parsed at
//! the top of an expression (a block, parentheses, an argument, a branch).

use super::ast::{
    Arg, BinOp, Branch, Expr, ExprKind, Ident, Node, Operands, StrPart, TernaryParts, UnaryOp,
    FILTER_PRECEDENCE, IS_PRECEDENCE,
};
use super::error::{Diagnostic, Error, ErrorKind, Span, WarningKind};
use super::lexer::{self, RawPart, Segment, Tok, Token};
use super::value::Value;
use super::{MAX_DEPTH, MAX_SOURCE_LEN};

/// Parses a whole template.
pub fn parse_template(src: &str) -> Result<(Vec<Node>, Vec<Diagnostic>), Error> {
    if src.len() > MAX_SOURCE_LEN {
        return Err(Error::new(
            ErrorKind::LimitExceeded,
            Span::new(0, 0),
            format!(
                "the template is {} bytes long; the limit is {MAX_SOURCE_LEN}",
                src.len()
            ),
            src,
        )
        .with_hint("Flow Designer expressions are short; split the text or shorten it"));
    }
    let mut tp = TemplateParser {
        src,
        segments: lexer::tokenize_template(src)?.into_iter(),
        warnings: Vec::new(),
        open_tags: 0,
    };
    let (nodes, stop) = tp.body(&[])?;
    if let Some(stop) = stop {
        return Err(tp.unexpected(&stop, &[]));
    }
    Ok((nodes, tp.warnings))
}

/// Tags Pebble has that this engine does not run, with what to use instead.
const UNSUPPORTED_TAGS: &[(&str, &str)] = &[
    ("macro", "write the expression out where it is used"),
    ("include", "flows have no templates to include"),
    ("extends", "flows have no templates to extend"),
    ("block", "flows have no template inheritance"),
    ("embed", "flows have no templates to embed"),
    ("import", "flows have no templates to import"),
    ("from", "flows have no templates to import"),
    (
        "filter",
        "apply the filter to an expression: `{{ text | upper }}`",
    ),
    ("autoescape", "use the `escape` filter where HTML is wanted"),
    ("cache", "not needed: every render is evaluated afresh"),
    ("parallel", "not needed in a flow"),
    ("flush", "not needed in a flow"),
];

/// The tags this engine runs (for hints).
const TAGS: &[&str] = &[
    "if", "elseif", "else", "endif", "for", "endfor", "set", "verbatim",
];

/// A tag that ended a body: its name, span and tokens (the name first).
struct Stop {
    name: String,
    span: Span,
    tokens: Vec<Token>,
}

/// Builds nodes from segments; tags nest (`if`, `for`), so bodies are parsed recursively.
struct TemplateParser<'a> {
    src: &'a str,
    segments: std::vec::IntoIter<Segment>,
    warnings: Vec<Diagnostic>,
    /// Tags open around the current body, bounded by [`MAX_DEPTH`].
    open_tags: usize,
}

impl<'a> TemplateParser<'a> {
    fn err(&self, kind: ErrorKind, span: Span, msg: impl Into<String>) -> Error {
        Error::new(kind, span, msg, self.src)
    }

    fn text(&self, span: Span) -> &'a str {
        self.src.get(span.start..span.end).unwrap_or("")
    }

    /// Nodes up to (not including) a tag named in `ends`, which is returned; `None` at the end of
    /// the template.
    fn body(&mut self, ends: &[&str]) -> Result<(Vec<Node>, Option<Stop>), Error> {
        let mut nodes = Vec::new();
        while let Some(seg) = self.segments.next() {
            match seg {
                Segment::Text { span, text } => nodes.push(Node::Text { span, text }),
                Segment::Print { span, tokens } => {
                    if tokens.is_empty() {
                        return Err(self
                            .err(ErrorKind::Syntax, span, "empty `{{ }}` block")
                            .with_hint(
                            "put an expression between `{{` and `}}`, e.g. `{{ callbackStatus }}`",
                        ));
                    }
                    let expr = self.expression(tokens, span, 0)?;
                    nodes.push(Node::Block { span, expr });
                }
                Segment::Tag { span, tokens } => {
                    let Some(first) = tokens.first() else {
                        return Err(self
                            .err(ErrorKind::Syntax, span, "empty `{% %}` tag")
                            .with_hint(format!("tags are {}", tag_list())));
                    };
                    let name = if first.kind == Tok::Name {
                        self.text(first.span).to_string()
                    } else {
                        return Err(self
                            .err(
                                ErrorKind::Syntax,
                                first.span,
                                format!("expected a tag name, found {}", first.kind.describe()),
                            )
                            .with_hint(format!(
                                "tags are {}; to print a value use `{{{{ … }}}}`",
                                tag_list()
                            )));
                    };
                    if ends.contains(&name.as_str()) {
                        return Ok((nodes, Some(Stop { name, span, tokens })));
                    }
                    match name.as_str() {
                        "if" => nodes.push(self.if_tag(span, tokens)?),
                        "for" => nodes.push(self.for_tag(span, tokens)?),
                        "set" => nodes.push(self.set_tag(span, tokens)?),
                        _ => return Err(self.unexpected(&Stop { name, span, tokens }, ends)),
                    }
                }
            }
        }
        Ok((nodes, None))
    }

    /// The error for a tag where it cannot be: an end or middle tag out of place, a tag this engine
    /// does not run, or an unknown name.
    fn unexpected(&self, stop: &Stop, ends: &[&str]) -> Error {
        let name = stop.name.as_str();
        let span = stop.span;
        let expected = match ends.first() {
            Some(_) => format!(
                "; here the open tag needs {}",
                ends.iter()
                    .map(|e| format!("`{{% {e} %}}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            None => String::new(),
        };
        let opener = match name {
            "endif" | "elseif" => Some("if"),
            "endfor" => Some("for"),
            "else" => Some("if` or `for"),
            "endverbatim" => Some("verbatim"),
            _ => None,
        };
        if let Some(opener) = opener {
            return self
                .err(
                    ErrorKind::UnexpectedTag,
                    span,
                    format!("`{{% {name} %}}` without an open `{{% {opener} %}}`{expected}"),
                )
                .with_hint(format!(
                    "remove this tag, or open the block before it with `{{% {opener} … %}}`"
                ));
        }
        if let Some((_, instead)) = UNSUPPORTED_TAGS.iter().find(|(t, _)| *t == name) {
            return self
                .err(
                    ErrorKind::UnsupportedTag,
                    span,
                    format!("the `{name}` tag is not supported in flow expressions"),
                )
                .with_hint(format!("{instead}; tags here are {}", tag_list()));
        }
        let hint = match super::error::did_you_mean(name, TAGS.iter().copied()) {
            Some(t) => format!("did you mean `{t}`?"),
            None => format!("tags are {}", tag_list()),
        };
        self.err(
            ErrorKind::Syntax,
            span,
            format!("unknown tag `{name}`{expected}"),
        )
        .with_hint(hint)
    }

    /// Parses `tokens` (from a tag or block at `span`) as one whole expression.
    fn expression(&mut self, tokens: Vec<Token>, span: Span, depth: usize) -> Result<Expr, Error> {
        let mut p = Parser::new(self.src, tokens, span, depth);
        let expr = p.parse_all()?;
        self.warnings.append(&mut p.warnings);
        Ok(expr)
    }

    /// Enters a nested tag, bounded so that deep nesting is an error, not a stack overflow.
    fn enter(&mut self, span: Span) -> Result<(), Error> {
        self.open_tags += 1;
        if self.open_tags > MAX_DEPTH / 2 {
            return Err(self
                .err(
                    ErrorKind::LimitExceeded,
                    span,
                    format!("tags are nested more than {} levels deep", MAX_DEPTH / 2),
                )
                .with_hint("flatten the template: fewer `if`/`for` inside each other"));
        }
        Ok(())
    }

    /// A body that must end with one of `ends`; at the end of the template, an unclosed-tag
    /// error for the tag at `open`.
    fn body_until(
        &mut self,
        open: Span,
        tag: &str,
        ends: &[&str],
    ) -> Result<(Vec<Node>, Stop), Error> {
        let (nodes, stop) = self.body(ends)?;
        let Some(stop) = stop else {
            let last = ends.last().copied().unwrap_or("end");
            return Err(self
                .err(
                    ErrorKind::UnclosedTag,
                    open,
                    format!("`{{% {tag} %}}` is never closed: the template ends before `{{% {last} %}}`"),
                )
                .with_hint(format!("add `{{% {last} %}}` where the {tag} block ends")));
        };
        Ok((nodes, stop))
    }

    /// Checks that an end or `else` tag has nothing after its name.
    fn bare(&self, stop: &Stop) -> Result<(), Error> {
        match stop.tokens.get(1) {
            None => Ok(()),
            Some(extra) => Err(self
                .err(
                    ErrorKind::Syntax,
                    extra.span,
                    format!("`{{% {} %}}` takes nothing after its name", stop.name),
                )
                .with_hint(if stop.name == "else" {
                    "for another condition write `{% elseif condition %}`".to_string()
                } else {
                    format!("write `{{% {} %}}`", stop.name)
                })),
        }
    }

    /// The tokens after the tag name, which must hold an expression.
    fn tag_expression(
        &mut self,
        span: Span,
        name: &str,
        tokens: Vec<Token>,
    ) -> Result<Expr, Error> {
        let rest: Vec<Token> = tokens.into_iter().skip(1).collect();
        if rest.is_empty() {
            return Err(self
                .err(
                    ErrorKind::Syntax,
                    span,
                    format!("`{{% {name} %}}` needs a condition"),
                )
                .with_hint(format!(
                    "write `{{% {name} callbackStatus == \"Not Processed\" %}}`"
                )));
        }
        self.expression(rest, span, 0)
    }

    fn if_tag(&mut self, span: Span, tokens: Vec<Token>) -> Result<Node, Error> {
        self.enter(span)?;
        let mut condition = self.tag_expression(span, "if", tokens)?;
        let mut branches = Vec::new();
        let otherwise = loop {
            let (body, stop) = self.body_until(span, "if", &["elseif", "else", "endif"])?;
            branches.push(Branch { condition, body });
            match stop.name.as_str() {
                "elseif" => condition = self.tag_expression(stop.span, "elseif", stop.tokens)?,
                "else" => {
                    self.bare(&stop)?;
                    let (body, end) = self.body_until(span, "if", &["endif"])?;
                    self.bare(&end)?;
                    break Some(body);
                }
                _ => {
                    self.bare(&stop)?;
                    break None;
                }
            }
        };
        self.open_tags -= 1;
        Ok(Node::If {
            span,
            branches,
            otherwise,
        })
    }

    fn for_tag(&mut self, span: Span, tokens: Vec<Token>) -> Result<Node, Error> {
        self.enter(span)?;
        let mut it = tokens.into_iter().skip(1);
        let usage = "write `{% for item in items %}`";
        let variable = match it.next() {
            Some(Token {
                kind: Tok::Name,
                span: s,
            }) if !is_keyword(self.text(s)) => Ident {
                name: self.text(s).to_string(),
                span: s,
            },
            other => {
                let (at, found) = match &other {
                    Some(t) => (t.span, t.kind.describe().to_string()),
                    None => (span, "nothing".to_string()),
                };
                return Err(self
                    .err(
                        ErrorKind::Syntax,
                        at,
                        format!("expected a loop variable name after `for`, found {found}"),
                    )
                    .with_hint(usage));
            }
        };
        match it.next() {
            Some(t) if t.kind == Tok::Name && self.text(t.span) == "in" => {}
            other => {
                let at = other.map_or(span, |t| t.span);
                return Err(self
                    .err(
                        ErrorKind::Syntax,
                        at,
                        "expected `in` after the loop variable",
                    )
                    .with_hint(usage));
            }
        }
        let rest: Vec<Token> = it.collect();
        if rest.is_empty() {
            return Err(self
                .err(
                    ErrorKind::Syntax,
                    span,
                    "`{% for %}` needs a list to loop over",
                )
                .with_hint(usage));
        }
        let iterable = self.expression(rest, span, 0)?;
        let (body, stop) = self.body_until(span, "for", &["else", "endfor"])?;
        self.bare(&stop)?;
        let otherwise = if stop.name == "else" {
            let (body, end) = self.body_until(span, "for", &["endfor"])?;
            self.bare(&end)?;
            Some(body)
        } else {
            None
        };
        self.open_tags -= 1;
        Ok(Node::For {
            span,
            variable,
            iterable,
            body,
            otherwise,
        })
    }

    fn set_tag(&mut self, span: Span, tokens: Vec<Token>) -> Result<Node, Error> {
        let usage = "write `{% set name = value %}`";
        let mut it = tokens.into_iter().skip(1);
        let name = match it.next() {
            Some(Token {
                kind: Tok::Name,
                span: s,
            }) if !is_keyword(self.text(s)) => Ident {
                name: self.text(s).to_string(),
                span: s,
            },
            other => {
                let at = other.map_or(span, |t| t.span);
                return Err(self
                    .err(
                        ErrorKind::Syntax,
                        at,
                        "expected a variable name after `set`",
                    )
                    .with_hint(usage));
            }
        };
        match it.next() {
            Some(Token {
                kind: Tok::Assign, ..
            }) => {}
            other => {
                let at = other.map_or(span, |t| t.span);
                return Err(self
                    .err(
                        ErrorKind::Syntax,
                        at,
                        format!("expected `=` after `set {}`", name.name),
                    )
                    .with_hint(usage));
            }
        }
        let rest: Vec<Token> = it.collect();
        if rest.is_empty() {
            return Err(self
                .err(
                    ErrorKind::Syntax,
                    span,
                    format!("`set {}` needs a value after `=`", name.name),
                )
                .with_hint(usage));
        }
        let value = self.expression(rest, span, 0)?;
        Ok(Node::Set { span, name, value })
    }
}

fn tag_list() -> String {
    [
        "if … elseif … else … endif",
        "for … in … else … endfor",
        "set … = …",
        "verbatim … endverbatim",
    ]
    .iter()
    .map(|t| format!("`{{% {t} %}}`"))
    .collect::<Vec<_>>()
    .join(", ")
}

/// Words that are operators or literals, not names.
fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "and"
            | "or"
            | "not"
            | "is"
            | "contains"
            | "equals"
            | "true"
            | "false"
            | "null"
            | "none"
            | "in"
    )
}

/// Parses a single expression (no `{{ }}`), e.g. for a UI field holding only the inside of a block.
pub fn parse_expression(src: &str) -> Result<Expr, Error> {
    if src.len() > MAX_SOURCE_LEN {
        return Err(Error::new(
            ErrorKind::LimitExceeded,
            Span::new(0, 0),
            format!(
                "the expression is {} bytes long; the limit is {MAX_SOURCE_LEN}",
                src.len()
            ),
            src,
        ));
    }
    let tokens = lexer::lex_range(src, 0, src.len())?;
    let mut p = Parser::new(src, tokens, Span::new(0, src.len()), 0);
    p.parse_all()
}

struct Parser<'a> {
    src: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    /// Where the token list ends (the block's closing `}}`), for "found end of block" messages.
    end: Span,
    depth: usize,
    warnings: Vec<Diagnostic>,
}

fn mk(kind: ExprKind, span: Span, depth: usize) -> Expr {
    Expr { span, depth, kind }
}

impl<'a> Parser<'a> {
    fn new(src: &'a str, tokens: Vec<Token>, block: Span, depth: usize) -> Self {
        let end = Span::new(block.end.saturating_sub(2), block.end);
        Parser {
            src,
            tokens,
            pos: 0,
            end,
            depth,
            warnings: Vec::new(),
        }
    }

    fn err(&self, kind: ErrorKind, span: Span, msg: impl Into<String>) -> Error {
        Error::new(kind, span, msg, self.src)
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn peek_kind(&self) -> Option<&Tok> {
        self.peek().map(|t| &t.kind)
    }

    fn peek_at(&self, n: usize) -> Option<&Token> {
        self.tokens.get(self.pos + n)
    }

    fn text(&self, span: Span) -> &'a str {
        self.src.get(span.start..span.end).unwrap_or("")
    }

    fn peek_name(&self) -> Option<&'a str> {
        match self.peek() {
            Some(Token {
                kind: Tok::Name,
                span,
            }) => Some(self.text(*span)),
            _ => None,
        }
    }

    /// Takes the current token (the parser never looks back, so it leaves a cheap placeholder).
    fn bump(&mut self) -> Option<Token> {
        let slot = self.tokens.get_mut(self.pos)?;
        self.pos += 1;
        let kind = std::mem::replace(&mut slot.kind, Tok::Comma);
        Some(Token {
            kind,
            span: slot.span,
        })
    }

    fn here(&self) -> Span {
        self.peek().map_or(self.end, |t| t.span)
    }

    fn found(&self) -> String {
        match self.peek() {
            None => "the end of the expression".to_string(),
            Some(t) if t.kind == Tok::Name => format!("`{}`", self.text(t.span)),
            Some(t) => t.kind.describe().to_string(),
        }
    }

    fn expect(&mut self, kind: &Tok, what: &str) -> Result<Token, Error> {
        match self.peek() {
            // `expect` is only used with payload-free kinds: comparing the variant is enough.
            Some(t) if std::mem::discriminant(&t.kind) == std::mem::discriminant(kind) => {
                Ok(self.bump().unwrap_or_else(unreachable_token))
            }
            _ => Err(self.err(
                ErrorKind::Syntax,
                self.here(),
                format!("expected {what}, found {}", self.found()),
            )),
        }
    }

    fn enter(&mut self, span: Span) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self
                .err(
                    ErrorKind::LimitExceeded,
                    span,
                    format!("the expression is nested more than {MAX_DEPTH} levels deep"),
                )
                .with_hint("simplify the expression (fewer nested parentheses or operators)"));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Checks the height of a new node over children of the given heights.
    fn height(&self, span: Span, children: &[usize]) -> Result<usize, Error> {
        let depth = 1 + children.iter().copied().max().unwrap_or(0);
        if depth > MAX_DEPTH {
            return Err(self
                .err(
                    ErrorKind::LimitExceeded,
                    span,
                    format!("the expression is nested more than {MAX_DEPTH} levels deep"),
                )
                .with_hint("split the expression into several Set Variable steps"));
        }
        Ok(depth)
    }

    /// The whole token list as one expression.
    fn parse_all(&mut self) -> Result<Expr, Error> {
        let expr = self.parse_expression()?;
        if let Some(t) = self.peek() {
            let span = t.span;
            return Err(match &t.kind {
                Tok::Colon => self
                    .err(ErrorKind::Syntax, span, "`:` without a `?` before it")
                    .with_hint("a ternary reads `condition ? value_if_true : value_if_false`"),
                Tok::RParen | Tok::RBracket | Tok::RBrace => self.err(
                    ErrorKind::UnbalancedDelimiter,
                    span,
                    format!("unexpected {}", t.kind.describe()),
                ),
                _ => self
                    .err(
                        ErrorKind::Syntax,
                        span,
                        format!(
                            "expected an operator or the end of the expression, found {}",
                            self.found()
                        ),
                    )
                    .with_hint("two values need an operator between them, e.g. `==`, `and`, `~`"),
            });
        }
        Ok(expr)
    }

    /// expression := binary(0) [ `?` expression `:` expression ]
    fn parse_expression(&mut self) -> Result<Expr, Error> {
        self.enter(self.here())?;
        let cond = self.parse_binary(0)?;
        let result = if matches!(self.peek_kind(), Some(Tok::Question)) {
            let q = self.bump().map_or(self.end, |t| t.span);
            let then = self.parse_expression()?;
            if !matches!(self.peek_kind(), Some(Tok::Colon)) {
                return Err(self
                    .err(
                        ErrorKind::TernaryWithoutColon,
                        q,
                        format!("`?` without `:` (found {})", self.found()),
                    )
                    .with_hint("a ternary needs both branches: `condition ? value_if_true : value_if_false`"));
            }
            self.bump();
            let otherwise = self.parse_expression()?;
            let span = cond.span.to(otherwise.span);
            let d = self.height(span, &[cond.depth, then.depth, otherwise.depth])?;
            let kind = ExprKind::Ternary {
                parts: Box::new(TernaryParts {
                    condition: cond,
                    then,
                    otherwise,
                }),
            };
            mk(kind, span, d)
        } else {
            cond
        };
        self.leave();
        Ok(result)
    }

    fn binary_op(&self) -> Option<(BinOp, u8)> {
        let t = self.peek()?;
        let op = match &t.kind {
            Tok::Name => match self.text(t.span) {
                "or" => BinOp::Or,
                "and" => BinOp::And,
                "contains" => BinOp::Contains,
                "equals" => BinOp::Eq,
                _ => return None,
            },
            Tok::EqEq => BinOp::Eq,
            Tok::NotEq => BinOp::Ne,
            Tok::Lt => BinOp::Lt,
            Tok::Gt => BinOp::Gt,
            Tok::Le => BinOp::Le,
            Tok::Ge => BinOp::Ge,
            Tok::Plus => BinOp::Add,
            Tok::Minus => BinOp::Sub,
            Tok::Star => BinOp::Mul,
            Tok::Slash => BinOp::Div,
            Tok::Percent => BinOp::Rem,
            Tok::Tilde => BinOp::Concat,
            Tok::Range => BinOp::Range,
            _ => return None,
        };
        Some((op, op.precedence()))
    }

    fn parse_binary(&mut self, min_prec: u8) -> Result<Expr, Error> {
        let mut left = self.parse_unary()?;
        while let Some(tok) = self.peek() {
            let tok_span = tok.span;
            if matches!(tok.kind, Tok::Assign) {
                let lhs = self.text(left.span).to_string();
                return Err(self
                    .err(
                        ErrorKind::AssignInsteadOfEquals,
                        tok_span,
                        "`=` is not a comparison",
                    )
                    .with_hint(format!("use `==` to compare: `{lhs} == …`")));
            }
            if matches!(tok.kind, Tok::Pipe) {
                if FILTER_PRECEDENCE < min_prec {
                    break;
                }
                self.bump();
                left = self.parse_filter(left)?;
                continue;
            }
            if self.peek_name() == Some("is") {
                if IS_PRECEDENCE < min_prec {
                    break;
                }
                self.bump();
                left = self.parse_test(left)?;
                continue;
            }
            let Some((op, prec)) = self.binary_op() else {
                break;
            };
            if prec < min_prec {
                break;
            }
            self.bump();
            self.warn_not_precedence(&left, op, tok_span);
            self.enter(tok_span)?;
            let right = self.parse_binary(prec + 1)?;
            self.leave();
            let span = left.span.to(right.span);
            let node = {
                let d = self.height(span, &[left.depth, right.depth])?;
                Ok::<Expr, Error>(mk(
                    ExprKind::Binary {
                        op,
                        operands: Box::new(Operands { left, right }),
                    },
                    span,
                    d,
                ))
            }?;
            left = node;
        }
        Ok(left)
    }

    fn warn_not_precedence(&mut self, left: &Expr, op: BinOp, op_span: Span) {
        let comparison = matches!(
            op,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Gt | BinOp::Le | BinOp::Ge | BinOp::Contains
        );
        if let ExprKind::Unary {
            op: UnaryOp::Not,
            operand,
        } = &left.kind
        {
            if comparison {
                let a = self.text(operand.span);
                let sym = self.text(op_span);
                self.warnings.push(
                    Diagnostic::new(
                        WarningKind::NotPrecedence,
                        left.span,
                        format!("`not` applies to `{a}` only: this reads `(not {a}) {sym} …`"),
                        self.src,
                    )
                    .with_hint(format!(
                        "`not` binds tighter than `{sym}`; write `not ({a} {sym} …)` to negate the comparison"
                    )),
                );
            }
        }
    }

    fn parse_unary(&mut self) -> Result<Expr, Error> {
        let Some(t) = self.peek() else {
            return Err(self.err(
                ErrorKind::Syntax,
                self.end,
                "expected a value, found the end of the expression",
            ));
        };
        let start = t.span;
        let op = match (&t.kind, self.peek_name()) {
            (_, Some("not")) => Some(UnaryOp::Not),
            (Tok::Minus, _) => Some(UnaryOp::Neg),
            (Tok::Plus, _) => Some(UnaryOp::Plus),
            _ => None,
        };
        let Some(op) = op else {
            return self.parse_postfix();
        };
        self.bump();
        self.enter(start)?;
        // Pebble: the operand is parsed at the unary operator's precedence (500), so no binary
        // operator joins it.
        let operand = self.parse_binary(200)?;
        self.leave();
        let span = start.to(operand.span);
        {
            let d = self.height(span, &[operand.depth])?;
            Ok::<Expr, Error>(mk(
                ExprKind::Unary {
                    op,
                    operand: Box::new(operand),
                },
                span,
                d,
            ))
        }
    }

    fn parse_postfix(&mut self) -> Result<Expr, Error> {
        let mut expr = self.parse_primary()?;
        loop {
            match self.peek_kind() {
                Some(Tok::Dot) => {
                    let dot = self.bump().map_or(self.end, |t| t.span);
                    match self.peek().cloned() {
                        Some(Token {
                            kind: Tok::Name,
                            span,
                        }) if matches!(self.peek_at(1).map(|t| &t.kind), Some(Tok::LParen)) => {
                            self.bump();
                            let name = Ident {
                                name: self.text(span).to_string(),
                                span,
                            };
                            let (args, close) = self.parse_args()?;
                            let full = expr.span.to(close);
                            let mut heights = vec![expr.depth];
                            heights.extend(args.iter().map(|a| a.value.depth));
                            let d = self.height(full, &heights)?;
                            expr = mk(
                                ExprKind::MethodCall {
                                    object: Box::new(expr),
                                    name,
                                    args,
                                },
                                full,
                                d,
                            );
                        }
                        Some(Token {
                            kind: Tok::Name,
                            span,
                        }) => {
                            self.bump();
                            let full = expr.span.to(span);
                            if let ExprKind::Var {
                                full: path, rest, ..
                            } = &mut expr.kind
                            {
                                // Contiguous `a.b`: the source text under the span is the path.
                                let contiguous = path.is_none()
                                    && dot.start == expr.span.end
                                    && span.start == dot.end;
                                if !contiguous {
                                    let mut joined = match path.take() {
                                        Some(p) => p,
                                        None => self.text(expr.span).to_string(),
                                    };
                                    joined.push('.');
                                    joined.push_str(self.text(span));
                                    *path = Some(joined);
                                }
                                rest.push(span);
                                expr.span = full;
                            } else {
                                let name = Ident {
                                    name: self.text(span).to_string(),
                                    span,
                                };
                                expr = {
                                    let d = self.height(full, &[expr.depth])?;
                                    Ok::<Expr, Error>(mk(
                                        ExprKind::Attr {
                                            object: Box::new(expr),
                                            name,
                                        },
                                        full,
                                        d,
                                    ))
                                }?;
                            }
                        }
                        Some(Token {
                            kind: Tok::Int(i),
                            span,
                        }) => {
                            self.bump();
                            let index = mk(
                                ExprKind::Literal {
                                    value: Value::Integer(i),
                                },
                                span,
                                1,
                            );
                            let full = expr.span.to(span);
                            expr = {
                                let d = self.height(full, &[expr.depth])?;
                                Ok::<Expr, Error>(mk(
                                    ExprKind::Index {
                                        object: Box::new(expr),
                                        index: Box::new(index),
                                    },
                                    full,
                                    d,
                                ))
                            }?;
                        }
                        _ => {
                            return Err(self
                                .err(
                                    ErrorKind::Syntax,
                                    self.here(),
                                    format!("expected a name after `.`, found {}", self.found()),
                                )
                                .with_hint(format!(
                                    "remove the `.` at column {}",
                                    super::error::locate(self.src, dot.start).1
                                )));
                        }
                    }
                }
                Some(Tok::LBracket) => {
                    let open = self.bump().map_or(self.end, |t| t.span);
                    self.enter(open)?;
                    let index = self.parse_expression()?;
                    self.leave();
                    let close = self.expect(&Tok::RBracket, "`]`")?;
                    let full = expr.span.to(close.span);
                    expr = {
                        let d = self.height(full, &[expr.depth, index.depth])?;
                        Ok::<Expr, Error>(mk(
                            ExprKind::Index {
                                object: Box::new(expr),
                                index: Box::new(index),
                            },
                            full,
                            d,
                        ))
                    }?;
                }
                Some(Tok::LParen) => {
                    return Err(self
                        .err(
                            ErrorKind::Syntax,
                            self.here(),
                            "only a function name can be called",
                        )
                        .with_hint(
                            "functions are `now()`, `range(…)`, `min(…)`, `max(…)`; methods are called on a value, `ANI.substring(1)`; filters go after `|`",
                        ));
                }
                _ => break,
            }
        }
        Ok(expr)
    }

    fn parse_primary(&mut self) -> Result<Expr, Error> {
        let Some(tok) = self.bump() else {
            return Err(self
                .err(
                    ErrorKind::Syntax,
                    self.end,
                    "expected a value, found the end of the expression",
                )
                .with_hint("an operator needs a value on both sides"));
        };
        let span = tok.span;
        match tok.kind {
            Tok::Str(s) => Ok(mk(
                ExprKind::Literal {
                    value: Value::String(s),
                },
                span,
                1,
            )),
            Tok::Int(i) => Ok(mk(
                ExprKind::Literal {
                    value: Value::Integer(i),
                },
                span,
                1,
            )),
            Tok::Dec(d) => Ok(mk(
                ExprKind::Literal {
                    value: Value::Decimal(d),
                },
                span,
                1,
            )),
            Tok::Interp(parts) => self.parse_interpolation(parts, span),
            Tok::LParen => {
                self.enter(span)?;
                let inner = self.parse_expression()?;
                self.leave();
                match self.peek_kind() {
                    Some(Tok::RParen) => {
                        self.bump();
                        Ok(inner)
                    }
                    _ => Err(self
                        .err(
                            ErrorKind::Syntax,
                            self.here(),
                            format!("expected `)`, found {}", self.found()),
                        )
                        .with_hint(format!(
                            "the `(` at column {} is still open here",
                            super::error::locate(self.src, span.start).1
                        ))),
                }
            }
            Tok::LBracket => {
                self.enter(span)?;
                let mut items = Vec::new();
                if !matches!(self.peek_kind(), Some(Tok::RBracket)) {
                    loop {
                        items.push(self.parse_expression()?);
                        if matches!(self.peek_kind(), Some(Tok::Comma)) {
                            self.bump();
                            continue;
                        }
                        break;
                    }
                }
                let close = self.expect(&Tok::RBracket, "`,` or `]`")?;
                self.leave();
                let refs: Vec<&Expr> = items.iter().collect();
                let depth = 1 + refs.iter().map(|e| e.depth).max().unwrap_or(0);
                Ok(mk(ExprKind::List { items }, span.to(close.span), depth))
            }
            Tok::LBrace => {
                self.enter(span)?;
                let mut entries = Vec::new();
                if !matches!(self.peek_kind(), Some(Tok::RBrace)) {
                    loop {
                        let key = self.parse_expression()?;
                        self.expect(&Tok::Colon, "`:` after a map key")?;
                        let value = self.parse_expression()?;
                        entries.push((key, value));
                        if matches!(self.peek_kind(), Some(Tok::Comma)) {
                            self.bump();
                            continue;
                        }
                        break;
                    }
                }
                let close = self.expect(&Tok::RBrace, "`,` or `}`")?;
                self.leave();
                let depth = 1 + entries
                    .iter()
                    .map(|(k, v)| k.depth.max(v.depth))
                    .max()
                    .unwrap_or(0);
                Ok(mk(ExprKind::Map { entries }, span.to(close.span), depth))
            }
            Tok::Name => {
                let name = self.text(span);
                match name {
                    "true" => {
                        return Ok(mk(
                            ExprKind::Literal {
                                value: Value::Boolean(true),
                            },
                            span,
                            1,
                        ))
                    }
                    "false" => {
                        return Ok(mk(
                            ExprKind::Literal {
                                value: Value::Boolean(false),
                            },
                            span,
                            1,
                        ))
                    }
                    "null" | "none" => {
                        return Ok(mk(ExprKind::Literal { value: Value::Null }, span, 1))
                    }
                    "and" | "or" | "is" | "contains" | "equals" | "not" => {
                        return Err(self.err(
                            ErrorKind::Syntax,
                            span,
                            format!("expected a value, found the operator `{name}`"),
                        ));
                    }
                    _ => {}
                }
                if matches!(self.peek_kind(), Some(Tok::LParen)) {
                    let ident = Ident {
                        name: name.to_string(),
                        span,
                    };
                    let (args, close) = self.parse_args()?;
                    let depth = 1 + args.iter().map(|a| a.value.depth).max().unwrap_or(0);
                    return Ok(mk(
                        ExprKind::Call { name: ident, args },
                        span.to(close),
                        depth,
                    ));
                }
                Ok(mk(
                    ExprKind::Var {
                        full: None,
                        head: span,
                        rest: Vec::new(),
                    },
                    span,
                    1,
                ))
            }
            Tok::Assign => Err(self
                .err(
                    ErrorKind::AssignInsteadOfEquals,
                    span,
                    "`=` is not a comparison",
                )
                .with_hint("use `==` to compare")),
            other => Err(self.err(
                ErrorKind::Syntax,
                span,
                format!("expected a value, found {}", other.describe()),
            )),
        }
    }

    fn parse_interpolation(&mut self, raw: Vec<RawPart>, span: Span) -> Result<Expr, Error> {
        let mut parts = Vec::new();
        let mut depth = 1;
        for part in raw {
            match part {
                RawPart::Text(text) => parts.push(StrPart::Text { text }),
                RawPart::Expr(inner) => {
                    let tokens = lexer::lex_range(self.src, inner.start, inner.end)?;
                    if tokens.is_empty() {
                        return Err(self
                            .err(
                                ErrorKind::Syntax,
                                Span::new(inner.start.saturating_sub(2), inner.end + 1),
                                "empty `#{}`",
                            )
                            .with_hint("put an expression inside `#{…}`, or remove it"));
                    }
                    let mut sub = Parser::new(
                        self.src,
                        tokens,
                        Span::new(inner.end, inner.end + 2),
                        // Each interpolation nests a whole parser: count it as three levels.
                        self.depth + 3,
                    );
                    sub.end = Span::new(inner.end, inner.end + 1);
                    let expr = sub.parse_all()?;
                    self.warnings.append(&mut sub.warnings);
                    depth = depth.max(expr.depth + 3);
                    parts.push(StrPart::Expr { expr });
                }
            }
        }
        Ok(mk(ExprKind::Interpolated { parts }, span, depth))
    }

    /// `(` [arg {`,` arg}] `)`, with `name=value` for named arguments.
    fn parse_args(&mut self) -> Result<(Vec<Arg>, Span), Error> {
        let open = self.expect(&Tok::LParen, "`(`")?.span;
        self.enter(open)?;
        let mut args = Vec::new();
        if !matches!(self.peek_kind(), Some(Tok::RParen)) {
            loop {
                let named = matches!(
                    (self.peek(), self.peek_at(1)),
                    (
                        Some(Token {
                            kind: Tok::Name,
                            ..
                        }),
                        Some(Token {
                            kind: Tok::Assign,
                            ..
                        })
                    )
                );
                let name = if named {
                    let t = self.bump().map_or(self.end, |t| t.span);
                    self.bump();
                    Some(Ident {
                        name: self.text(t).to_string(),
                        span: t,
                    })
                } else {
                    None
                };
                let value = self.parse_expression()?;
                if name.is_none() {
                    if let Some(named) = args.iter().find_map(|a: &Arg| a.name.as_ref()) {
                        return Err(self
                            .err(
                                ErrorKind::Syntax,
                                value.span,
                                "a positional argument cannot follow a named one",
                            )
                            .with_hint(format!(
                                "put positional arguments first, or name this one too (`{}` is named)",
                                named.name
                            )));
                    }
                }
                args.push(Arg { name, value });
                if matches!(self.peek_kind(), Some(Tok::Comma)) {
                    self.bump();
                    continue;
                }
                break;
            }
        }
        let close = self.expect(&Tok::RParen, "`,` or `)`")?.span;
        self.leave();
        Ok((args, close))
    }

    /// After `|`: a filter name and optional arguments.
    fn parse_filter(&mut self, input: Expr) -> Result<Expr, Error> {
        let Some(Token {
            kind: Tok::Name,
            span,
        }) = self.peek().cloned()
        else {
            return Err(self
                .err(ErrorKind::Syntax, self.here(), format!("expected a filter name after `|`, found {}", self.found()))
                .with_hint("filters are written `value | name` or `value | name(arguments)`; `or` is written `or`"));
        };
        self.bump();
        let name = Ident {
            name: self.text(span).to_string(),
            span,
        };
        let (args, end) = if matches!(self.peek_kind(), Some(Tok::LParen)) {
            self.parse_args()?
        } else {
            (Vec::new(), span)
        };
        let full = input.span.to(end);
        let mut depth = input.depth;
        for a in &args {
            depth = depth.max(a.value.depth);
        }
        if depth + 1 > MAX_DEPTH {
            return Err(self.err(
                ErrorKind::LimitExceeded,
                full,
                format!("the expression is nested more than {MAX_DEPTH} levels deep"),
            ));
        }
        Ok(mk(
            ExprKind::Filter {
                input: Box::new(input),
                name,
                args,
            },
            full,
            depth + 1,
        ))
    }

    /// After `is`: [`not`] test-name.
    fn parse_test(&mut self, value: Expr) -> Result<Expr, Error> {
        let negated = self.peek_name() == Some("not");
        if negated {
            self.bump();
        }
        let Some(Token {
            kind: Tok::Name,
            span,
        }) = self.peek().cloned()
        else {
            return Err(self
                .err(ErrorKind::Syntax, self.here(), format!("expected a test name after `is`, found {}", self.found()))
                .with_hint("tests are `is null`, `is empty`, `is defined`, `is not null`, …; to compare values use `==`"));
        };
        self.bump();
        let test = Ident {
            name: self.text(span).to_string(),
            span,
        };
        let mut full = value.span.to(span);
        // Pebble accepts `is empty()` as well as `is empty`; no core test takes arguments.
        if matches!(self.peek_kind(), Some(Tok::LParen)) {
            let (args, close) = self.parse_args()?;
            if let Some(a) = args.first() {
                return Err(self
                    .err(
                        ErrorKind::BadArguments,
                        a.value.span,
                        format!("the `{}` test takes no arguments", test.name),
                    )
                    .with_hint(format!("write `is {}` or `is {}()`", test.name, test.name)));
            }
            full = full.to(close);
        }
        {
            let d = self.height(full, &[value.depth])?;
            Ok::<Expr, Error>(mk(
                ExprKind::Test {
                    value: Box::new(value),
                    test,
                    negated,
                },
                full,
                d,
            ))
        }
    }
}

#[cold]
fn unreachable_token() -> Token {
    Token {
        kind: Tok::Comma,
        span: Span::default(),
    }
}
