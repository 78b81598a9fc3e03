//! Evaluator: walks the [`ast`](super::ast) against [`Variables`] and a [`Clock`], recording a
//! [`TraceEvent`] for every comparison, test, logic operator, ternary, tag, filter, method and
//! function call, and warnings for things that evaluate but are probably wrong.
//!
//! Semantics follow Pebble 3.2 with its default settings (strict variables off):
//! - an unknown variable is null and prints as empty, with an [`WarningKind::UnknownVariable`]
//!   warning naming it;
//! - `==`/`!=`: numbers compare by value (`5 == 5.0`); anything else compares exactly with no
//!   conversion (`"200" == 200` is false, with a warning);
//! - `< > <= >=`: null on either side → false; numbers (or two date-times) are ordered; anything
//!   else is an [`ErrorKind::Ordering`] error;
//! - `+` with a string on either side concatenates, a list on the left appends; `-` on a list
//!   removes; `- * / %` otherwise need numbers (Pebble 3.2 refuses numeric strings);
//! - `and`/`or`/`not`, the ternary and `{% if %}` use Pebble's truthiness
//!   ([`Value::truthiness`]): numbers, strings and null are accepted, lists and maps are errors;
//! - printing is Java's (`[a, b]`, `{key=value}`, [`Value::print`]).

use super::ast::{Arg, BinOp, Branch, Expr, ExprKind, Ident, Node, StrPart, TernaryParts, UnaryOp};
use super::error::{
    closest_or_list, did_you_mean, Diagnostic, Error, ErrorKind, Span, WarningKind,
};
use super::filters::{self, Env, Failure};
use super::java_string;
use super::trace::TraceEvent;
use super::value::Value;
use super::{Clock, Rendered, Template, Variables, MAX_OUTPUT_LEN, MAX_STEPS};
use std::cmp::Ordering;

/// Most items a `for` loop or a range may produce.
pub const MAX_ITEMS: usize = 10_000;

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
    if single {
        for node in t.nodes() {
            match node {
                Node::Text { text: s, .. } => text.push_str(s),
                Node::Block { expr, span } => {
                    let v = ev.eval(expr)?;
                    ev.warn_printed_array(expr);
                    let printed = v.print();
                    if text.len() + printed.len() > MAX_OUTPUT_LEN {
                        return Err(ev.limit_output(*span));
                    }
                    text.push_str(&printed);
                    value = Some(v);
                }
                _ => {}
            }
        }
    } else {
        ev.render_nodes(t.nodes(), &mut text)?;
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
    /// Variables made by `{% set %}` and `{% for %}`, innermost scope last; the first scope holds
    /// the template's own `set`s, which shadow flow variables.
    scopes: Vec<Vec<(String, Value)>>,
    /// Unknown names already warned about (one warning per name).
    unknown: Vec<String>,
    /// Regular-expression steps left for this render (split, matches, replaceAll).
    regex_budget: super::regex::Budget,
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

/// Java's `equals` between list items: same type and value (`1` is not `1.0`).
fn java_equals(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    match (a, b) {
        (serde_json::Value::Number(x), serde_json::Value::Number(y)) => {
            (x.is_f64() == y.is_f64()) && x.as_f64() == y.as_f64()
        }
        _ => a == b,
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
            scopes: vec![Vec::new()],
            unknown: Vec::new(),
            regex_budget: super::regex::Budget::default(),
            // Most conditions record a dozen events or fewer: one allocation instead of regrowing.
            trace: Vec::with_capacity(16),
            warnings: Vec::new(),
            steps: 0,
        }
    }

    fn now_ms(&mut self) -> i64 {
        match self.now {
            Some(n) => n,
            None => {
                let n = self.clock.now_millis();
                self.now = Some(n);
                n
            }
        }
    }

    /// Renders nodes (the tags' bodies included) onto `out`.
    fn render_nodes(&mut self, nodes: &[Node], out: &mut String) -> Result<(), Error> {
        for node in nodes {
            match node {
                Node::Text { text, span } => {
                    self.charge(1 + text.len() / 1024, *span)?;
                    if out.len() + text.len() > MAX_OUTPUT_LEN {
                        return Err(self.limit_output(*span));
                    }
                    out.push_str(text);
                }
                Node::Block { expr, span } => {
                    let v = self.eval(expr)?;
                    self.warn_printed_array(expr);
                    let printed = v.print();
                    if out.len() + printed.len() > MAX_OUTPUT_LEN {
                        return Err(self.limit_output(*span));
                    }
                    out.push_str(&printed);
                }
                Node::If {
                    span,
                    branches,
                    otherwise,
                } => self.render_if(*span, branches, otherwise.as_deref(), out)?,
                Node::For {
                    span,
                    variable,
                    iterable,
                    body,
                    otherwise,
                } => self.render_for(*span, variable, iterable, body, otherwise.as_deref(), out)?,
                Node::Set { span, name, value } => {
                    let v = self.eval(value)?;
                    self.trace.push(TraceEvent::Set {
                        span: *span,
                        name: name.name.clone(),
                        value: v.clone(),
                    });
                    self.assign(&name.name, v);
                }
            }
        }
        Ok(())
    }

    fn render_if(
        &mut self,
        span: Span,
        branches: &[Branch],
        otherwise: Option<&[Node]>,
        out: &mut String,
    ) -> Result<(), Error> {
        for (i, branch) in branches.iter().enumerate() {
            let c = self.eval(&branch.condition)?;
            let taken = self.truth(
                &c,
                if i == 0 { "if" } else { "elseif" },
                branch.condition.span,
            )?;
            self.trace.push(TraceEvent::If {
                span: branch.condition.span,
                condition: c,
                taken,
            });
            if taken {
                return self.render_nodes(&branch.body, out);
            }
        }
        let _ = span;
        match otherwise {
            Some(body) => self.render_nodes(body, out),
            None => Ok(()),
        }
    }

    fn render_for(
        &mut self,
        span: Span,
        variable: &Ident,
        iterable: &Expr,
        body: &[Node],
        otherwise: Option<&[Node]>,
        out: &mut String,
    ) -> Result<(), Error> {
        let v = self.eval(iterable)?;
        let items: Vec<Value> = match &v {
            Value::Null => Vec::new(),
            Value::Json(serde_json::Value::Array(a)) => {
                a.iter().map(Value::from_json_ref).collect()
            }
            // Iterating a map gives its entries, each with `key` and `value`.
            Value::Json(serde_json::Value::Object(o)) => o
                .iter()
                .map(|(k, x)| {
                    let mut entry = serde_json::Map::new();
                    entry.insert("key".to_string(), serde_json::Value::String(k.clone()));
                    entry.insert("value".to_string(), x.clone());
                    Value::Json(serde_json::Value::Object(entry))
                })
                .collect(),
            other => {
                let hint = match other {
                    Value::String(_) => "a string is not a list: split it first, e.g. `{% for part in text | split(',') %}`",
                    _ => "loop over a list, a map or a range such as `0..5`",
                };
                return Err(self
                    .err(
                        ErrorKind::TypeMismatch,
                        iterable.span,
                        format!(
                            "`for` needs a list or a map, found {} {}",
                            other.type_name(),
                            other.describe()
                        ),
                    )
                    .with_hint(hint));
            }
        };
        if items.len() > MAX_ITEMS {
            return Err(self
                .err(
                    ErrorKind::LimitExceeded,
                    iterable.span,
                    format!(
                        "the loop has {} items; the limit is {MAX_ITEMS}",
                        items.len()
                    ),
                )
                .with_hint("loop over a shorter list"));
        }
        self.trace.push(TraceEvent::Loop {
            span,
            variable: variable.name.clone(),
            items: items.len(),
        });
        if items.is_empty() {
            return match otherwise {
                Some(b) => self.render_nodes(b, out),
                None => Ok(()),
            };
        }
        let length = items.len();
        self.scopes.push(Vec::with_capacity(2));
        let mut result = Ok(());
        for (index, item) in items.into_iter().enumerate() {
            // Every iteration costs a step, so nested loops with empty bodies still end quickly.
            if let Err(e) = self.charge(1, span) {
                result = Err(e);
                break;
            }
            let mut lp = serde_json::Map::new();
            let int = |n: usize| serde_json::Value::from(i64::try_from(n).unwrap_or(i64::MAX));
            lp.insert("index".into(), int(index));
            lp.insert("revindex".into(), int(length - index - 1));
            lp.insert("length".into(), int(length));
            lp.insert("first".into(), serde_json::Value::Bool(index == 0));
            lp.insert("last".into(), serde_json::Value::Bool(index + 1 == length));
            // One scope for the whole loop (Pebble's): a `set` inside it lasts from one item to
            // the next and ends with the loop.
            if let Some(scope) = self.scopes.last_mut() {
                let lp = Value::Json(serde_json::Value::Object(lp));
                for (name, value) in [(variable.name.as_str(), item), ("loop", lp)] {
                    match scope.iter_mut().find(|(k, _)| k == name) {
                        Some(slot) => slot.1 = value,
                        None => scope.push((name.to_string(), value)),
                    }
                }
            }
            result = self.render_nodes(body, out);
            if result.is_err() {
                break;
            }
        }
        self.scopes.pop();
        result
    }

    /// `{% set %}`: updates the innermost scope that has the name, else sets it in the innermost
    /// scope (Pebble's `ScopeChain.set`), so a `set` inside a loop can add to a total outside it.
    fn assign(&mut self, name: &str, v: Value) {
        for scope in self.scopes.iter_mut().rev() {
            if let Some(slot) = scope.iter_mut().find(|(k, _)| k == name) {
                slot.1 = v;
                return;
            }
        }
        let flow_var = self.vars.get(name).is_some();
        let target = if flow_var {
            self.scopes.first_mut()
        } else {
            self.scopes.last_mut()
        };
        if let Some(scope) = target {
            scope.push((name.to_string(), v));
        }
    }

    fn local(&self, name: &str) -> Option<&Value> {
        self.scopes
            .iter()
            .rev()
            .find_map(|s| s.iter().find(|(k, _)| k == name).map(|(_, v)| v))
    }

    /// Pebble's truthiness for `and`, `or`, `not`, the ternary and `if`; lists, maps and
    /// date-times are refused as Pebble refuses them.
    fn truth(&self, v: &Value, op: &str, span: Span) -> Result<bool, Error> {
        v.truthiness().ok_or_else(|| {
            self.err(
                ErrorKind::TypeMismatch,
                span,
                format!(
                    "`{op}` cannot use {} {} as a condition",
                    v.type_name(),
                    v.describe()
                ),
            )
            .with_hint(
                "Pebble accepts booleans, numbers, strings and null here; test a list or map with `is empty` or `| length > 0`",
            )
        })
    }

    /// Pebble's `split` returns a Java array, which Pebble prints as its identity
    /// (`[Ljava.lang.String;@…`): say so when a split result is printed as it is.
    fn warn_printed_array(&mut self, expr: &Expr) {
        if let ExprKind::Filter { name, .. } = &expr.kind {
            if name.name == "split" {
                self.warn(
                    WarningKind::Assumption,
                    expr.span,
                    "Pebble's `split` returns a Java array, which prints as its identity (`[Ljava.lang.String;@…`), not as a list".to_string(),
                    Some("this companion prints `[a, b]`; to be sure of the output in Flow Designer, `join` the parts or pick one with `[0]`".to_string()),
                );
            }
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
                            out.push_str(&v.print());
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
                    let key = self.eval(k)?.print();
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
            ExprKind::MethodCall { object, name, args } => {
                let v = self.eval(object)?;
                let mut values = Vec::with_capacity(args.len());
                for a in args {
                    if let Some(n) = &a.name {
                        return Err(self
                            .err(
                                ErrorKind::BadArguments,
                                n.span,
                                format!("Java methods take no named arguments (`{}=`)", n.name),
                            )
                            .with_hint(format!("write `.{}(value)`", name.name)));
                    }
                    values.push((self.eval(&a.value)?, a.value.span));
                }
                self.method(v, name, &values, object.span, e.span)
            }
            ExprKind::Ternary { parts } => {
                let TernaryParts {
                    condition,
                    then,
                    otherwise,
                } = &**parts;
                let c = self.eval(condition)?;
                let took_then = self.truth(&c, "?", condition.span)?;
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
        // A `set` or loop variable shadows flow variables (its first segment is its whole name).
        let head_name = full.split('.').next().unwrap_or(full);
        let vars: &'a Variables = self.vars;
        // Flow variables are borrowed (a response body can be large); `set`/loop values are cloned.
        let found: Option<std::borrow::Cow<'a, Value>> = match self.local(head_name) {
            Some(v) => {
                used = 1;
                Some(std::borrow::Cow::Owned(v.clone()))
            }
            None => loop {
                let prefix = full.get(..end).unwrap_or("");
                if let Some(v) = vars.get(prefix) {
                    break Some(std::borrow::Cow::Borrowed(v));
                }
                match prefix.rfind('.') {
                    Some(i) if used > 1 => {
                        end = i;
                        used -= 1;
                    }
                    _ => break None,
                }
            },
        };
        let Some(base_value) = found else {
            self.trace.push(TraceEvent::Variable {
                span,
                name: full.to_string(),
                value: None,
            });
            self.warn_unknown_variable(full, span);
            return Ok(Value::Null);
        };
        let base: &Value = &base_value;
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

    /// Pebble prints an unknown variable as empty; warn once per name, with a "did you mean".
    fn warn_unknown_variable(&mut self, full: &str, span: Span) {
        if self.unknown.iter().any(|n| n == full) {
            return;
        }
        self.unknown.push(full.to_string());
        let e = self.unknown_variable(full, span);
        self.warn(
            WarningKind::UnknownVariable,
            span,
            format!("unknown variable `{full}`: Pebble prints it as empty (null)"),
            e.hint,
        );
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
                Ok(_) => {
                    self.warn(
                        WarningKind::MissingMember,
                        whole,
                        format!(
                            "index {} is outside `{obj}` (length {}): the value is null",
                            name.name,
                            a.len()
                        ),
                        None,
                    );
                    Ok(Value::Null)
                }
                // `list.size` reads like Pebble's bean access: the method without arguments.
                Err(_) => self.method(
                    Value::Json(serde_json::Value::Array(a)),
                    name,
                    &[],
                    obj_span,
                    whole,
                ),
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
            // `ANI.length`: Pebble resolves an attribute of a Java object as its method
            // (`length()`, `isEmpty()` for `empty`, …).
            v @ Value::String(_) if java_string::string_attribute(&name.name) => {
                self.method(v, name, &[], obj_span, whole)
            }
            Value::String(_) => {
                let hint = match java_string::closest_string_method(&name.name) {
                    Some(m) => format!("did you mean `.{m}`? A STRING's attributes are its Java methods"),
                    None => "text is not parsed as JSON: extract fields with Parse Settings (a JSONPath such as `$.data.…`), or store the body in a JSON variable".to_string(),
                };
                Err(self
                    .err(
                        ErrorKind::UnknownMethod,
                        name.span,
                        format!(
                            "`{obj}` is a STRING: it has no attribute or method `{}`",
                            name.name
                        ),
                    )
                    .with_hint(hint))
            }
            other => Err(self.err(
                ErrorKind::TypeMismatch,
                name.span,
                format!(
                    "`{obj}` is {} {}; it has no member `{}`",
                    other.type_name(),
                    other.describe(),
                    name.name
                ),
            )),
        }
    }

    /// `value.name(args)`: a Java method of a STRING, a list or a map.
    fn method(
        &mut self,
        v: Value,
        name: &Ident,
        args: &[(Value, Span)],
        obj_span: Span,
        span: Span,
    ) -> Result<Value, Error> {
        self.charge(weight(&v), span)?;
        let values: Vec<Value> = args.iter().map(|(v, _)| v.clone()).collect();
        let result = match &v {
            Value::String(s) => java_string::call(s, &name.name, &values, &mut self.regex_budget),
            Value::Json(serde_json::Value::Array(a)) => {
                java_string::call_list(a, &name.name, &values)
            }
            Value::Json(serde_json::Value::Object(o)) => {
                java_string::call_map(o, &name.name, &values)
            }
            Value::Null => {
                self.warn(
                    WarningKind::MissingMember,
                    span,
                    format!(
                        "`{}` is null, so `.{}(…)` gives null too",
                        self.text(obj_span),
                        name.name
                    ),
                    None,
                );
                return Ok(Value::Null);
            }
            other => Err(Failure::new(
                ErrorKind::UnknownMethod,
                format!(
                    "{} {} has no method `{}`",
                    other.type_name(),
                    other.describe(),
                    name.name
                ),
            )
            .hint("Java methods are called on STRING values (`ANI.length()`), lists and maps")),
        };
        let out = result.map_err(|f| {
            // Argument errors point at the argument, the rest at the method's name.
            let at = match f.argument {
                Some(i) => args.get(i).map_or(name.span, |(_, s)| *s),
                None => name.span,
            };
            self.fail(f, at)
        })?;
        self.charge(weight(&out), span)?;
        self.trace.push(TraceEvent::Method {
            span,
            name: name.name.clone(),
            input: v,
            output: out.clone(),
        });
        Ok(out)
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
            (Value::Json(serde_json::Value::Object(_)), Value::Null) => {
                self.warn(
                    WarningKind::MissingMember,
                    whole,
                    format!("the key for `{obj}` is null: the value is null"),
                    None,
                );
                Ok(Value::Null)
            }
            // Map keys are text here; a number or boolean key is looked up by its printed form.
            (Value::Json(serde_json::Value::Object(mut o)), key)
                if !matches!(key, Value::Json(_) | Value::DateTime(_)) =>
            {
                let k = &key.print();
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

    fn unary(&mut self, op: UnaryOp, operand: &Expr, span: Span) -> Result<Value, Error> {
        let v = self.eval(operand)?;
        match op {
            UnaryOp::Not => Ok(Value::Boolean(!self.truth(&v, "not", operand.span)?)),
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
                let (a, b) = (l.print(), r.print());
                self.check_len(a.len() + b.len(), span)?;
                self.charge((a.len() + b.len()) / 1024, span)?;
                Ok(Value::String(a + &b))
            }
            // Java's `String.valueOf`: a null beside a string prints as "null" with `+`.
            BinOp::Add if matches!(l, Value::String(_)) || matches!(r, Value::String(_)) => {
                let text = |v: &Value| match v {
                    Value::Null => "null".to_string(),
                    other => other.print(),
                };
                let (a, b) = (text(&l), text(&r));
                self.check_len(a.len() + b.len(), span)?;
                self.charge((a.len() + b.len()) / 1024, span)?;
                Ok(Value::String(a + &b))
            }
            BinOp::Add | BinOp::Sub if matches!(l, Value::Json(serde_json::Value::Array(_))) => {
                self.charge(weight(&l) + weight(&r), span)?;
                let Value::Json(serde_json::Value::Array(mut items)) = l else {
                    return Ok(Value::Null);
                };
                let (other, collection) = match r {
                    Value::Json(serde_json::Value::Array(more)) => (more, true),
                    one => (vec![one.to_json()], false),
                };
                if op == BinOp::Add {
                    // Pebble's `addToList`: a list adds all its items, anything else is one item.
                    items.extend(other);
                } else if collection {
                    // `removeAll`: every occurrence of every item.
                    items.retain(|x| !other.iter().any(|o| java_equals(x, o)));
                } else if let Some(o) = other.first() {
                    // `remove(Object)`: the first occurrence only.
                    if let Some(i) = items.iter().position(|x| java_equals(x, o)) {
                        items.remove(i);
                    }
                }
                Ok(Value::Json(serde_json::Value::Array(items)))
            }
            BinOp::Range => {
                let out = filters::range_values(&l, &r, None).map_err(|f| self.fail(f, span))?;
                self.charge(weight(&out), span)?;
                Ok(out)
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
                        // Java doubles: `1.0 / 0` is Infinity and `1.0 % 0` NaN, as Pebble prints.
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
        let lb = self.truth(&l, sym, left.span)?;
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
        let rb = self.truth(&r, sym, right.span)?;
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
    /// Evaluates where absence is expected (`default`, `is defined`, `is null`, `is empty`): an
    /// unknown variable is null without a warning.
    fn eval_lenient(&mut self, e: &Expr) -> Result<Value, Error> {
        let (warned, named) = (self.warnings.len(), self.unknown.len());
        let v = self.eval(e)?;
        let mut i = warned;
        while i < self.warnings.len() {
            if self
                .warnings
                .get(i)
                .is_some_and(|w| w.kind == WarningKind::UnknownVariable)
            {
                self.warnings.remove(i);
            } else {
                i += 1;
            }
        }
        self.unknown.truncate(named);
        Ok(v)
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
        let input = if matches!(t.name, "defined" | "null" | "empty") {
            self.eval_lenient(value)?
        } else {
            self.eval(value)?
        };
        let result = (t.run)(&input).map_err(|f| self.fail(f, span))? != negated;
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
            self.eval_lenient(input)?
        } else {
            self.eval(input)?
        };
        let bound = self.bind(f.name, f.params, f.required, false, args, name.span)?;
        self.charge(weight(&v), span)?;
        let mut env = Env::new(self.now_ms());
        env.budget = self.regex_budget;
        let result = (f.run)(&v, &bound, &mut env);
        self.regex_budget = env.budget;
        let out = result.map_err(|e| {
            // An argument's error points at that argument.
            let at = e
                .argument
                .and_then(|i| args.get(i))
                .map_or(span, |a| a.value.span);
            self.fail(e, at)
        })?;
        for note in env.notes {
            self.warn(WarningKind::Assumption, span, note.message, note.hint);
        }
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
        let now = self.now_ms();
        let out = (f.run)(&bound, now).map_err(|e| {
            let at = e
                .argument
                .and_then(|i| args.get(i))
                .map_or(span, |a| a.value.span);
            self.fail(e, at)
        })?;
        self.charge(weight(&out), span)?;
        self.trace.push(TraceEvent::Function {
            span,
            name: f.name,
            output: out.clone(),
        });
        Ok(out)
    }
}
