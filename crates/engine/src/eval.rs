//! Evaluator: walks the [`ast`](super::ast) against [`Variables`] and a [`Clock`], recording a
//! [`TraceEvent`] for every comparison, test, logic operator, ternary, filter and function call, and
//! warnings for things that evaluate but are probably wrong.
//!
//! Semantics follow Pebble as Flow Designer uses it:
//! - `==`/`!=`: numbers compare by value (`5 == 5.0`); anything else compares exactly with no
//!   conversion (`"200" == 200` is false, with a warning).
//! - `< > <= >=`: null on either side → false; numbers (or two date-times) are ordered; anything
//!   else is an [`ErrorKind::Ordering`] error.
//! - `+` with a string on either side concatenates; `- * / %` need numbers (integer division for
//!   two integers; integer overflow and division by zero are errors).
//! - `and`/`or`/`not` take booleans (null counts as false); the ternary uses truthiness
//!   ([`Value::is_truthy`]).

use super::ast::{Arg, BinOp, Expr, ExprKind, Ident, Node, StrPart, TernaryParts, UnaryOp};
use super::error::{
    closest_or_list, did_you_mean, Diagnostic, Error, ErrorKind, Span, WarningKind,
};
use super::filters::{self, Failure};
use super::trace::TraceEvent;
use super::value::Value;
use super::{Clock, Rendered, Template, Variables, MAX_OUTPUT_LEN, MAX_STEPS};
use std::cmp::Ordering;

/// Renders a template (see [`super::render`]).
pub fn render_template(
    t: &Template,
    vars: &Variables,
    clock: &dyn Clock,
) -> Result<Rendered, Error> {
    let mut ev = Evaluator::new(t.source(), vars, clock);
    let single = t.single_expression().is_some();
    let mut text = String::new();
    let mut value = None;
    for node in t.nodes() {
        match node {
            Node::Text { text: s, .. } => text.push_str(s),
            Node::Block { expr, span } => {
                let v = ev.eval(expr)?;
                let printed = v.to_text();
                if text.len() + printed.len() > MAX_OUTPUT_LEN {
                    return Err(ev.limit_output(*span));
                }
                if text.is_empty() {
                    // The first piece: take the printed string instead of copying it.
                    text = printed;
                } else {
                    text.push_str(&printed);
                }
                if single {
                    value = Some(v);
                }
            }
        }
    }
    let mut warnings = t.parse_warnings().to_vec();
    warnings.append(&mut ev.warnings);
    Ok(Rendered {
        text,
        value,
        trace: ev.trace,
        warnings,
    })
}

/// Evaluates one expression of `source` (e.g. from [`super::parser::parse_expression`]).
pub fn evaluate(
    expr: &Expr,
    source: &str,
    vars: &Variables,
    clock: &dyn Clock,
) -> Result<(Value, Vec<TraceEvent>, Vec<Diagnostic>), Error> {
    let mut ev = Evaluator::new(source, vars, clock);
    let v = ev.eval(expr)?;
    Ok((v, ev.trace, ev.warnings))
}

struct Evaluator<'a> {
    src: &'a str,
    vars: &'a Variables,
    clock: &'a dyn Clock,
    /// `now()` is read once per render, so `from` and `to` in one template agree.
    now: Option<i64>,
    trace: Vec<TraceEvent>,
    warnings: Vec<Diagnostic>,
    steps: usize,
}

/// Evaluation cost of holding a value (1 + about one step per KiB of text), so huge values cannot
/// make a short template run for long.
fn weight(v: &Value) -> usize {
    match v {
        Value::String(s) => 1 + s.len() / 1024,
        Value::Json(j) => 1 + json_weight(j, 0) / 1024,
        _ => 1,
    }
}

fn json_weight(j: &serde_json::Value, acc: usize) -> usize {
    if acc > MAX_STEPS * 1024 {
        return acc;
    }
    match j {
        serde_json::Value::String(s) => acc + s.len() + 2,
        serde_json::Value::Array(a) => a.iter().fold(acc + 2, |n, x| json_weight(x, n)),
        serde_json::Value::Object(o) => o
            .iter()
            .fold(acc + 2, |n, (k, x)| json_weight(x, n + k.len() + 3)),
        _ => acc + 8,
    }
}

fn is_numberish(v: &Value) -> bool {
    matches!(v, Value::Integer(_) | Value::Decimal(_))
}

/// `==` semantics.
pub fn values_equal(l: &Value, r: &Value) -> bool {
    match (l, r) {
        (Value::Integer(a), Value::Integer(b)) => a == b,
        (Value::Integer(a), Value::Decimal(b)) | (Value::Decimal(b), Value::Integer(a)) => {
            b.fract() == 0.0
                && *b >= -9.223_372_036_854_776e18
                && *b < 9.223_372_036_854_776e18
                && (*b as i64) == *a
        }
        (Value::Decimal(a), Value::Decimal(b)) => a == b,
        (Value::Null, Value::Null) => true,
        (Value::Boolean(a), Value::Boolean(b)) => a == b,
        (Value::String(a), Value::String(b)) => a == b,
        (Value::DateTime(a), Value::DateTime(b)) => a == b,
        (Value::Json(a), Value::Json(b)) => a == b,
        _ => false,
    }
}

fn compare_numbers(l: &Value, r: &Value) -> Option<Ordering> {
    match (l, r) {
        (Value::Integer(a), Value::Integer(b)) => Some(a.cmp(b)),
        (Value::DateTime(a), Value::DateTime(b)) => Some(a.cmp(b)),
        _ => l.as_f64()?.partial_cmp(&r.as_f64()?),
    }
}

impl<'a> Evaluator<'a> {
    fn new(src: &'a str, vars: &'a Variables, clock: &'a dyn Clock) -> Self {
        Evaluator {
            src,
            vars,
            clock,
            now: None,
            // Most conditions record a dozen events or fewer: one allocation instead of regrowing.
            trace: Vec::with_capacity(16),
            warnings: Vec::new(),
            steps: 0,
        }
    }

    fn err(&self, kind: ErrorKind, span: Span, msg: impl Into<String>) -> Error {
        Error::new(kind, span, msg, self.src)
    }

    fn warn(&mut self, kind: WarningKind, span: Span, msg: String, hint: Option<String>) {
        let mut d = Diagnostic::new(kind, span, msg, self.src);
        d.hint = hint;
        self.warnings.push(d);
    }

    fn text(&self, span: Span) -> &'a str {
        self.src.get(span.start..span.end).unwrap_or("")
    }

    fn fail(&self, f: Failure, span: Span) -> Error {
        let mut e = self.err(f.kind, span, f.message);
        e.hint = f.hint;
        e
    }

    fn limit_output(&self, span: Span) -> Error {
        self.err(
            ErrorKind::LimitExceeded,
            span,
            format!("the result would be longer than {MAX_OUTPUT_LEN} bytes"),
        )
    }

    fn charge(&mut self, cost: usize, span: Span) -> Result<(), Error> {
        self.steps = self.steps.saturating_add(cost);
        if self.steps > MAX_STEPS {
            return Err(self
                .err(
                    ErrorKind::LimitExceeded,
                    span,
                    format!("evaluation took more than {MAX_STEPS} steps"),
                )
                .with_hint("the expression or the values it works on are too large"));
        }
        Ok(())
    }

    fn check_len(&self, len: usize, span: Span) -> Result<(), Error> {
        if len > MAX_OUTPUT_LEN {
            Err(self.limit_output(span))
        } else {
            Ok(())
        }
    }

    fn eval(&mut self, e: &Expr) -> Result<Value, Error> {
        self.charge(1, e.span)?;
        match &e.kind {
            ExprKind::Literal { value } => Ok(value.clone()),
            ExprKind::Interpolated { parts } => {
                let mut out = String::new();
                for part in parts {
                    match part {
                        StrPart::Text { text } => out.push_str(text),
                        StrPart::Expr { expr } => {
                            let v = self.eval(expr)?;
                            out.push_str(&v.to_text());
                        }
                    }
                    self.check_len(out.len(), e.span)?;
                }
                Ok(Value::String(out))
            }
            ExprKind::List { items } => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(self.eval(item)?.to_json());
                }
                Ok(Value::Json(serde_json::Value::Array(out)))
            }
            ExprKind::Map { entries } => {
                let mut out = serde_json::Map::new();
                for (k, v) in entries {
                    let key = self.eval(k)?.to_text();
                    let value = self.eval(v)?.to_json();
                    out.insert(key, value);
                }
                Ok(Value::Json(serde_json::Value::Object(out)))
            }
            ExprKind::Var { full, head, rest } => {
                self.variable(full.as_deref(), *head, rest, e.span)
            }
            ExprKind::Attr { object, name } => {
                let v = self.eval(object)?;
                self.member(v, name, object.span)
            }
            ExprKind::Index { object, index } => {
                let v = self.eval(object)?;
                let i = self.eval(index)?;
                self.index(v, i, object.span, index.span)
            }
            ExprKind::Unary { op, operand } => self.unary(*op, operand, e.span),
            ExprKind::Binary { op, operands } => {
                self.binary(*op, &operands.left, &operands.right, e.span)
            }
            ExprKind::Test {
                value,
                test,
                negated,
            } => self.test(value, test, *negated, e.span),
            ExprKind::Filter { input, name, args } => self.filter(input, name, args, e.span),
            ExprKind::Call { name, args } => self.call(name, args, e.span),
            ExprKind::Ternary { parts } => {
                let TernaryParts {
                    condition,
                    then,
                    otherwise,
                } = &**parts;
                let c = self.eval(condition)?;
                let took_then = c.is_truthy();
                self.trace.push(TraceEvent::Ternary {
                    span: e.span,
                    condition: c,
                    took_then,
                });
                if took_then {
                    self.eval(then)
                } else {
                    self.eval(otherwise)
                }
            }
        }
    }

    /// Longest dotted prefix that is a variable, then members of its JSON value.
    ///
    /// `full` is the joined path (the source text under `span` when `None`), `head` the first
    /// segment's span and `rest` the spans of the others. Looks names up by slices of the path:
    /// no string is built per lookup.
    fn variable(
        &mut self,
        full: Option<&str>,
        head: Span,
        rest: &[Span],
        span: Span,
    ) -> Result<Value, Error> {
        let full: &str = match full {
            Some(f) => f,
            None => self.text(span),
        };
        let seg_span = |i: usize| -> Span {
            if i == 0 {
                head
            } else {
                rest.get(i - 1).copied().unwrap_or(head)
            }
        };
        let mut end = full.len();
        let mut used = rest.len() + 1;
        let found = loop {
            let prefix = full.get(..end).unwrap_or("");
            if let Some(v) = self.vars.get(prefix) {
                break Some(v);
            }
            match prefix.rfind('.') {
                Some(i) if used > 1 => {
                    end = i;
                    used -= 1;
                }
                _ => break None,
            }
        };
        let Some(base) = found else {
            self.trace.push(TraceEvent::Variable {
                span,
                name: full.to_string(),
                value: None,
            });
            return Err(self.unknown_variable(full, span));
        };
        self.charge(weight(base), span)?;
        let var_span = head.to(seg_span(used - 1));
        // The segments after the variable: (name, span).
        let members = full
            .split('.')
            .zip((0..=rest.len()).map(seg_span))
            .skip(used);
        let has_members = used <= rest.len();
        // Navigate JSON by reference, cloning only the result.
        let mut consumed = 0;
        let mut obj_span = var_span;
        let mut value = match base {
            Value::Json(j) if has_members => {
                let mut cur = j;
                for (name, seg) in members.clone() {
                    let next = match cur {
                        serde_json::Value::Object(o) => o.get(name),
                        serde_json::Value::Array(a) => {
                            name.parse::<usize>().ok().and_then(|i| a.get(i))
                        }
                        _ => None,
                    };
                    match next {
                        Some(n) => {
                            cur = n;
                            consumed += 1;
                            obj_span = var_span.to(seg);
                        }
                        None => break,
                    }
                }
                Value::from_json_ref(cur)
            }
            other => other.clone(),
        };
        // The path is split only when there are members: a plain name costs nothing here.
        if has_members {
            for (name, seg) in members.skip(consumed) {
                let ident = Ident {
                    name: name.to_string(),
                    span: seg,
                };
                value = self.member(value, &ident, obj_span)?;
                obj_span = obj_span.to(seg);
            }
        }
        self.trace.push(TraceEvent::Variable {
            span,
            name: full.to_string(),
            value: Some(value.clone()),
        });
        Ok(value)
    }

    fn unknown_variable(&self, full: &str, span: Span) -> Error {
        let names = self.vars.iter().map(|(k, _)| k);
        let suggestion = did_you_mean(full, names).or_else(|| {
            // `NewNumber.DigitEntered`: compare with the same number of segments.
            let head = full.split('.').next().unwrap_or(full);
            did_you_mean(head, self.vars.iter().map(|(k, _)| k))
        });
        let hint = match suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None if self.vars.is_empty() => "no variables are set".to_string(),
            None => {
                let mut list: Vec<&str> = self.vars.iter().map(|(k, _)| k).take(8).collect();
                if self.vars.len() > 8 {
                    list.push("…");
                }
                format!("flow variables: {}", list.join(", "))
            }
        };
        self.err(
            ErrorKind::UnknownVariable,
            span,
            format!("unknown variable `{full}`"),
        )
        .with_hint(hint)
    }

    fn member(&mut self, v: Value, name: &Ident, obj_span: Span) -> Result<Value, Error> {
        let whole = obj_span.to(name.span);
        let obj = self.text(obj_span).to_string();
        match v {
            Value::Json(serde_json::Value::Object(mut o)) => match o.remove(&name.name) {
                Some(x) => Ok(Value::from_json(x)),
                None => {
                    let keys: Vec<&str> = o.keys().map(String::as_str).collect();
                    let hint = did_you_mean(&name.name, keys.iter().copied())
                        .map(|s| format!("did you mean `{s}`?"));
                    self.warn(
                        WarningKind::MissingMember,
                        whole,
                        format!("`{obj}` has no member `{}`: the value is null", name.name),
                        hint,
                    );
                    Ok(Value::Null)
                }
            },
            Value::Json(serde_json::Value::Array(mut a)) => match name.name.parse::<usize>() {
                Ok(i) if i < a.len() => Ok(Value::from_json(a.swap_remove(i))),
                _ => Err(self
                    .err(
                        ErrorKind::TypeMismatch,
                        name.span,
                        format!("`{obj}` is a list; it has no member `{}`", name.name),
                    )
                    .with_hint("use an index, e.g. `[0]` for the first item")),
            },
            Value::Null => {
                self.warn(
                    WarningKind::MissingMember,
                    whole,
                    format!("`{obj}` is null, so `.{}` is null too", name.name),
                    None,
                );
                Ok(Value::Null)
            }
            Value::String(_) => Err(self
                .err(
                    ErrorKind::TypeMismatch,
                    name.span,
                    format!("`{obj}` is a STRING, so `.{}` cannot look inside it", name.name),
                )
                .with_hint("text is not parsed as JSON: extract fields with Parse Settings (a JSONPath such as `$.data.…`), or store the body in a JSON variable")),
            other => Err(self.err(
                ErrorKind::TypeMismatch,
                name.span,
                format!("`{obj}` is {} {}; it has no member `{}`", other.type_name(), other.describe(), name.name),
            )),
        }
    }

    fn index(
        &mut self,
        v: Value,
        i: Value,
        obj_span: Span,
        idx_span: Span,
    ) -> Result<Value, Error> {
        let whole = obj_span.to(idx_span);
        let obj = self.text(obj_span).to_string();
        match (v, &i) {
            (Value::Json(serde_json::Value::Array(mut a)), Value::Integer(n)) => {
                match usize::try_from(*n).ok().filter(|n| *n < a.len()) {
                    Some(k) => Ok(Value::from_json(a.swap_remove(k))),
                    None => {
                        self.warn(
                            WarningKind::MissingMember,
                            whole,
                            format!(
                                "index {n} is outside `{obj}` (length {}): the value is null",
                                a.len()
                            ),
                            None,
                        );
                        Ok(Value::Null)
                    }
                }
            }
            (Value::Json(serde_json::Value::Object(mut o)), Value::String(k)) => {
                match o.remove(k) {
                    Some(x) => Ok(Value::from_json(x)),
                    None => {
                        self.warn(
                            WarningKind::MissingMember,
                            whole,
                            format!("`{obj}` has no member \"{k}\": the value is null"),
                            None,
                        );
                        Ok(Value::Null)
                    }
                }
            }
            (Value::Null, _) => {
                self.warn(
                    WarningKind::MissingMember,
                    whole,
                    format!("`{obj}` is null, so indexing it gives null"),
                    None,
                );
                Ok(Value::Null)
            }
            (Value::String(_), _) => Err(self
                .err(
                    ErrorKind::TypeMismatch,
                    idx_span,
                    format!("`{obj}` is a STRING and cannot be indexed"),
                )
                .with_hint(
                    "use `| slice(from, to)` for part of a string, or Parse Settings for JSON text",
                )),
            (other, _) => Err(self.err(
                ErrorKind::TypeMismatch,
                idx_span,
                format!(
                    "cannot index {} `{obj}` with {} {}",
                    other.type_name(),
                    i.type_name(),
                    i.describe()
                ),
            )),
        }
    }

    fn to_bool(&self, v: &Value, op: &str, span: Span) -> Result<bool, Error> {
        match v {
            Value::Boolean(b) => Ok(*b),
            Value::Null => Ok(false),
            other => {
                let hint = match other {
                    Value::String(s) if s == "true" || s == "false" => {
                        format!("this is the STRING \"{s}\", not a boolean; compare it: `… == \"{s}\"`")
                    }
                    _ if op == "not" => "`not` applies to the value right after it: `not a == b` means `(not a) == b`; write `not (a == b)`".to_string(),
                    _ => "compare explicitly, e.g. `x == 200` or `x is not empty`".to_string(),
                };
                Err(self
                    .err(
                        ErrorKind::TypeMismatch,
                        span,
                        format!(
                            "`{op}` needs a boolean, found {} {}",
                            other.type_name(),
                            other.describe()
                        ),
                    )
                    .with_hint(hint))
            }
        }
    }

    fn unary(&mut self, op: UnaryOp, operand: &Expr, span: Span) -> Result<Value, Error> {
        let v = self.eval(operand)?;
        match op {
            UnaryOp::Not => Ok(Value::Boolean(!self.to_bool(&v, "not", operand.span)?)),
            UnaryOp::Neg => match v {
                Value::Integer(i) => i.checked_neg().map(Value::Integer).ok_or_else(|| {
                    self.err(
                        ErrorKind::Overflow,
                        span,
                        "negation does not fit in 64 bits",
                    )
                }),
                Value::Decimal(d) => Ok(Value::Decimal(-d)),
                other => Err(self.arith_type_error("-", &other, None, span)),
            },
            UnaryOp::Plus => match v {
                Value::Integer(_) | Value::Decimal(_) => Ok(v),
                other => Err(self.arith_type_error("+", &other, None, span)),
            },
        }
    }

    fn arith_type_error(&self, op: &str, l: &Value, r: Option<&Value>, span: Span) -> Error {
        let msg = match r {
            Some(r) => format!(
                "`{op}` needs numbers, found {} {} and {} {}",
                l.type_name(),
                l.describe(),
                r.type_name(),
                r.describe()
            ),
            None => format!(
                "`{op}` needs a number, found {} {}",
                l.type_name(),
                l.describe()
            ),
        };
        let numeric_text =
            |v: &Value| matches!(v, Value::String(s) if s.trim().parse::<f64>().is_ok());
        let mut e = self.err(ErrorKind::TypeMismatch, span, msg);
        if numeric_text(l) || r.is_some_and(numeric_text) {
            e = e.with_hint("a STRING holding digits is still text: store it in an INTEGER or DECIMAL variable to do arithmetic");
        } else if matches!(l, Value::DateTime(_))
            || r.is_some_and(|r| matches!(r, Value::DateTime(_)))
        {
            e = e.with_hint("turn a date-time into a number first: `now() | epoch(inMillis=true)`");
        }
        e
    }

    fn binary(&mut self, op: BinOp, left: &Expr, right: &Expr, span: Span) -> Result<Value, Error> {
        match op {
            BinOp::And | BinOp::Or => return self.logic(op, left, right, span),
            _ => {}
        }
        let l = self.eval(left)?;
        let r = self.eval(right)?;
        match op {
            BinOp::Eq | BinOp::Ne => {
                let eq = values_equal(&l, &r);
                self.warn_type_mismatch(&l, &r, left, right, span);
                let result = if op == BinOp::Eq { eq } else { !eq };
                self.trace.push(TraceEvent::Compare {
                    span,
                    op: op.symbol(),
                    left: l,
                    right: r,
                    result,
                });
                Ok(Value::Boolean(result))
            }
            BinOp::Lt | BinOp::Gt | BinOp::Le | BinOp::Ge => {
                let result = if matches!(l, Value::Null) || matches!(r, Value::Null) {
                    false
                } else {
                    let Some(ord) = compare_numbers(&l, &r).filter(|_| {
                        (is_numberish(&l) && is_numberish(&r))
                            || matches!((&l, &r), (Value::DateTime(_), Value::DateTime(_)))
                    }) else {
                        return Err(self.ordering_error(op, &l, &r, left, right, span));
                    };
                    match op {
                        BinOp::Lt => ord == Ordering::Less,
                        BinOp::Gt => ord == Ordering::Greater,
                        BinOp::Le => ord != Ordering::Greater,
                        _ => ord != Ordering::Less,
                    }
                };
                self.trace.push(TraceEvent::Compare {
                    span,
                    op: op.symbol(),
                    left: l,
                    right: r,
                    result,
                });
                Ok(Value::Boolean(result))
            }
            BinOp::Contains => {
                let result = self.contains(&l, &r, left.span)?;
                self.trace.push(TraceEvent::Compare {
                    span,
                    op: "contains",
                    left: l,
                    right: r,
                    result,
                });
                Ok(Value::Boolean(result))
            }
            BinOp::Concat => {
                let (a, b) = (l.to_text(), r.to_text());
                self.check_len(a.len() + b.len(), span)?;
                self.charge((a.len() + b.len()) / 1024, span)?;
                Ok(Value::String(a + &b))
            }
            BinOp::Add if matches!(l, Value::String(_)) || matches!(r, Value::String(_)) => {
                let (a, b) = (l.to_text(), r.to_text());
                self.check_len(a.len() + b.len(), span)?;
                self.charge((a.len() + b.len()) / 1024, span)?;
                Ok(Value::String(a + &b))
            }
            _ => self.arithmetic(op, l, r, span),
        }
    }

    fn arithmetic(&self, op: BinOp, l: Value, r: Value, span: Span) -> Result<Value, Error> {
        let sym = op.symbol();
        let overflow = || {
            self.err(
                ErrorKind::Overflow,
                span,
                format!("`{sym}` overflows 64-bit integers"),
            )
        };
        let by_zero = || {
            self.err(ErrorKind::DivisionByZero, span, format!("`{sym}` by zero"))
                .with_hint("check the divisor first, e.g. `d == 0 ? 0 : n / d`")
        };
        match (&l, &r) {
            (Value::Integer(a), Value::Integer(b)) => {
                let (a, b) = (*a, *b);
                let v = match op {
                    BinOp::Add => a.checked_add(b),
                    BinOp::Sub => a.checked_sub(b),
                    BinOp::Mul => a.checked_mul(b),
                    BinOp::Div | BinOp::Rem if b == 0 => return Err(by_zero()),
                    BinOp::Div => a.checked_div(b),
                    _ => a.checked_rem(b),
                };
                v.map(Value::Integer).ok_or_else(overflow)
            }
            _ => match (l.as_f64(), r.as_f64()) {
                (Some(a), Some(b)) => {
                    let v = match op {
                        BinOp::Add => a + b,
                        BinOp::Sub => a - b,
                        BinOp::Mul => a * b,
                        BinOp::Div | BinOp::Rem if b == 0.0 => return Err(by_zero()),
                        BinOp::Div => a / b,
                        _ => a % b,
                    };
                    Ok(Value::Decimal(v))
                }
                _ => Err(self.arith_type_error(sym, &l, Some(&r), span)),
            },
        }
    }

    fn warn_type_mismatch(&mut self, l: &Value, r: &Value, left: &Expr, right: &Expr, span: Span) {
        let scalar_kind = |v: &Value| match v {
            Value::String(_) => Some("s"),
            Value::Integer(_) | Value::Decimal(_) => Some("n"),
            Value::Boolean(_) => Some("b"),
            _ => None,
        };
        let (Some(a), Some(b)) = (scalar_kind(l), scalar_kind(r)) else {
            return;
        };
        if a == b {
            return;
        }
        let (lt, rt) = (self.text(left.span), self.text(right.span));
        let hint = match (l, r) {
            (Value::String(s), n) | (n, Value::String(s))
                if n.is_number() || matches!(n, Value::Boolean(_)) =>
            {
                let (str_side, other_side) = if matches!(l, Value::String(_)) {
                    (lt, rt)
                } else {
                    (rt, lt)
                };
                if s.trim() == n.to_text() {
                    format!(
                        "`{str_side}` is text; compare it with text: `{str_side} == \"{}\"`, or store it in an {} variable",
                        n.to_text(),
                        if matches!(n, Value::Boolean(_)) { "BOOLEAN" } else { "INTEGER" }
                    )
                } else {
                    format!(
                        "`{str_side}` is a STRING and `{other_side}` is {}: they are never equal",
                        n.type_name()
                    )
                }
            }
            _ => "values of different types are never equal".to_string(),
        };
        self.warn(
            WarningKind::StringNumberComparison,
            span,
            format!(
                "comparing {} {} with {} {}: different types are never equal (no conversion)",
                l.type_name(),
                l.describe(),
                r.type_name(),
                r.describe()
            ),
            Some(hint),
        );
    }

    fn ordering_error(
        &self,
        op: BinOp,
        l: &Value,
        r: &Value,
        left: &Expr,
        right: &Expr,
        span: Span,
    ) -> Error {
        let bad = if is_numberish(l) || matches!(l, Value::DateTime(_)) {
            (r, right)
        } else {
            (l, left)
        };
        let shown = self.text(bad.1.span);
        let hint = match bad.0 {
            Value::String(s) if s.trim().parse::<f64>().is_ok() => format!(
                "`{shown}` is a STRING holding a number; store it in an INTEGER or DECIMAL variable to order it, or compare text with `==`"
            ),
            Value::String(_) => "strings cannot be ordered; compare them with `==` or `contains`".to_string(),
            Value::DateTime(_) => "compare epoch numbers: `now() | epoch(inMillis=true)`".to_string(),
            _ => format!("`{}` orders numbers (or two date-times) only", op.symbol()),
        };
        self.err(
            ErrorKind::Ordering,
            span,
            format!(
                "cannot order {} {} and {} {} with `{}`",
                l.type_name(),
                l.describe(),
                r.type_name(),
                r.describe(),
                op.symbol()
            ),
        )
        .with_hint(hint)
    }

    fn contains(&self, l: &Value, r: &Value, span: Span) -> Result<bool, Error> {
        Ok(match l {
            Value::Null => false,
            Value::String(s) => match r {
                Value::Null => false,
                other => s.contains(other.to_text().as_str()),
            },
            Value::Json(serde_json::Value::Array(items)) => {
                let has = |x: &Value| {
                    items
                        .iter()
                        .any(|i| values_equal(&Value::from_json_ref(i), x))
                };
                match r {
                    Value::Json(serde_json::Value::Array(wanted)) => {
                        wanted.iter().all(|w| has(&Value::from_json_ref(w)))
                    }
                    other => has(other),
                }
            }
            Value::Json(serde_json::Value::Object(o)) => o.contains_key(r.to_text().as_str()),
            other => {
                return Err(self
                    .err(
                        ErrorKind::TypeMismatch,
                        span,
                        format!(
                            "`contains` needs a string, list or map on the left, found {} {}",
                            other.type_name(),
                            other.describe()
                        ),
                    )
                    .with_hint("for numbers compare with `==`"))
            }
        })
    }

    fn logic(&mut self, op: BinOp, left: &Expr, right: &Expr, span: Span) -> Result<Value, Error> {
        let sym = op.symbol();
        let l = self.eval(left)?;
        let lb = self.to_bool(&l, sym, left.span)?;
        let short = if op == BinOp::And { !lb } else { lb };
        if short {
            self.trace.push(TraceEvent::Logic {
                span,
                op: sym,
                left: l,
                right: None,
                result: lb,
            });
            return Ok(Value::Boolean(lb));
        }
        let r = self.eval(right)?;
        let rb = self.to_bool(&r, sym, right.span)?;
        self.trace.push(TraceEvent::Logic {
            span,
            op: sym,
            left: l,
            right: Some(r),
            result: rb,
        });
        Ok(Value::Boolean(rb))
    }

    /// Evaluates, turning an unknown variable into `None` (for `default` and `is defined`).
    fn eval_lenient(&mut self, e: &Expr) -> Result<Option<Value>, Error> {
        match self.eval(e) {
            Ok(v) => Ok(Some(v)),
            Err(err)
                if err.kind == ErrorKind::UnknownVariable
                    && matches!(
                        e.kind,
                        ExprKind::Var { .. } | ExprKind::Attr { .. } | ExprKind::Index { .. }
                    ) =>
            {
                Ok(None)
            }
            Err(err) => Err(err),
        }
    }

    fn test(
        &mut self,
        value: &Expr,
        test: &Ident,
        negated: bool,
        span: Span,
    ) -> Result<Value, Error> {
        let Some(t) = filters::test(&test.name) else {
            let hint = match closest_or_list(&test.name, filters::TESTS.iter().map(|t| t.name), "")
            {
                Ok(closest) => closest,
                Err(list) => format!("tests: {list}; to compare values use `==`"),
            };
            return Err(self
                .err(
                    ErrorKind::UnknownTest,
                    test.span,
                    format!("unknown test `{}`", test.name),
                )
                .with_hint(hint));
        };
        let (input, result) = if t.name == "defined" {
            match self.eval_lenient(value)? {
                Some(v) => (v, true),
                None => (Value::Null, false),
            }
        } else {
            let v = self.eval(value)?;
            let r = (t.run)(&v);
            (v, r)
        };
        let result = result != negated;
        self.trace.push(TraceEvent::Test {
            span,
            name: t.name,
            negated,
            input,
            result,
        });
        Ok(Value::Boolean(result))
    }

    /// Evaluates and binds arguments to parameter slots.
    fn bind(
        &mut self,
        what: &str,
        params: &[&str],
        required: usize,
        variadic: bool,
        args: &[Arg],
        call_span: Span,
    ) -> Result<Vec<Option<Value>>, Error> {
        let mut slots: Vec<Option<Value>> = if variadic {
            Vec::new()
        } else {
            vec![None; params.len()]
        };
        let mut positional = 0;
        for a in args {
            let v = self.eval(&a.value)?;
            match &a.name {
                None => {
                    if variadic {
                        slots.push(Some(v));
                    } else {
                        let Some(slot) = slots.get_mut(positional) else {
                            return Err(self
                                .err(
                                    ErrorKind::BadArguments,
                                    a.value.span,
                                    format!(
                                        "`{what}` takes at most {} argument{}",
                                        params.len(),
                                        if params.len() == 1 { "" } else { "s" }
                                    ),
                                )
                                .with_hint(if params.is_empty() {
                                    format!("write `{what}` without arguments")
                                } else {
                                    format!("parameters: {}", params.join(", "))
                                }));
                        };
                        *slot = Some(v);
                    }
                    positional += 1;
                }
                Some(name) => {
                    let idx = if variadic {
                        None
                    } else {
                        params.iter().position(|p| *p == name.name)
                    };
                    let Some(idx) = idx else {
                        let hint = match did_you_mean(&name.name, params.iter().copied()) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None if params.is_empty() => {
                                format!("`{what}` takes no named arguments")
                            }
                            None => format!("parameters: {}", params.join(", ")),
                        };
                        return Err(self
                            .err(
                                ErrorKind::BadArguments,
                                name.span,
                                format!("`{what}` has no parameter `{}`", name.name),
                            )
                            .with_hint(hint));
                    };
                    if let Some(slot) = slots.get_mut(idx) {
                        if slot.is_some() {
                            return Err(self.err(
                                ErrorKind::BadArguments,
                                name.span,
                                format!("`{}` is given twice", name.name),
                            ));
                        }
                        *slot = Some(v);
                    }
                }
            }
        }
        let given = if variadic {
            slots.len()
        } else {
            slots.iter().take(required).filter(|s| s.is_some()).count()
        };
        if given < required {
            let missing = params.get(given).copied().unwrap_or("an argument");
            return Err(self
                .err(
                    ErrorKind::BadArguments,
                    call_span,
                    format!("`{what}` needs `{missing}`"),
                )
                .with_hint(if params.is_empty() {
                    format!("`{what}` needs at least {required} argument(s)")
                } else {
                    format!(
                        "write `{what}({})`",
                        params
                            .iter()
                            .take(required.max(1))
                            .copied()
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }));
        }
        Ok(slots)
    }

    fn filter(
        &mut self,
        input: &Expr,
        name: &Ident,
        args: &[Arg],
        span: Span,
    ) -> Result<Value, Error> {
        let Some(f) = filters::filter(&name.name) else {
            let hint =
                match closest_or_list(&name.name, filters::FILTERS.iter().map(|f| f.name), "") {
                    Ok(closest) => closest,
                    Err(_) if filters::function(&name.name).is_some() => {
                        format!("`{}` is a function: write `{}()`", name.name, name.name)
                    }
                    Err(list) => format!("filters: {list}"),
                };
            return Err(self
                .err(
                    ErrorKind::UnknownFilter,
                    name.span,
                    format!("unknown filter `{}`", name.name),
                )
                .with_hint(hint));
        };
        let v = if f.name == "default" {
            self.eval_lenient(input)?.unwrap_or(Value::Null)
        } else {
            self.eval(input)?
        };
        let bound = self.bind(f.name, f.params, f.required, false, args, name.span)?;
        self.charge(weight(&v), span)?;
        let out = (f.run)(&v, &bound).map_err(|e| self.fail(e, span))?;
        self.charge(weight(&out), span)?;
        self.trace.push(TraceEvent::Filter {
            span,
            name: f.name,
            input: v,
            output: out.clone(),
        });
        Ok(out)
    }

    fn call(&mut self, name: &Ident, args: &[Arg], span: Span) -> Result<Value, Error> {
        let Some(f) = filters::function(&name.name) else {
            let hint = if filters::filter(&name.name).is_some() {
                format!("`{0}` is a filter: write `value | {0}`", name.name)
            } else if self.vars.get(&name.name).is_some() {
                format!("`{}` is a variable: remove the parentheses", name.name)
            } else {
                let names = filters::FUNCTIONS.iter().map(|f| f.name);
                closest_or_list(&name.name, names, "()")
                    .unwrap_or_else(|list| format!("functions: {list}"))
            };
            return Err(self
                .err(
                    ErrorKind::UnknownFunction,
                    name.span,
                    format!("unknown function `{}`", name.name),
                )
                .with_hint(hint));
        };
        let bound = self.bind(f.name, f.params, f.required, f.variadic, args, name.span)?;
        let now = match self.now {
            Some(n) => n,
            None => {
                let n = self.clock.now_millis();
                self.now = Some(n);
                n
            }
        };
        let out = (f.run)(&bound, now).map_err(|e| self.fail(e, span))?;
        self.trace.push(TraceEvent::Function {
            span,
            name: f.name,
            output: out.clone(),
        });
        Ok(out)
    }
}
