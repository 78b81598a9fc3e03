//! The evaluation trace: what the evaluator compared, which branch each ternary took, what each
//! filter got and returned — enough for the UI to say which check made a condition false.

use super::error::Span;
use super::value::Value;
use serde::Serialize;

/// One step of an evaluation, in evaluation order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum TraceEvent {
    /// A variable lookup (`value` is `None` when the variable does not exist).
    Variable {
        span: Span,
        name: String,
        value: Option<Value>,
    },
    /// `== != < > <= >= contains` with both operands.
    Compare {
        span: Span,
        op: &'static str,
        left: Value,
        right: Value,
        result: bool,
    },
    /// `is [not] null|empty|…`.
    Test {
        span: Span,
        name: &'static str,
        negated: bool,
        input: Value,
        result: bool,
    },
    /// `and` / `or`; `right` is `None` when short-circuited.
    Logic {
        span: Span,
        op: &'static str,
        left: Value,
        right: Option<Value>,
        result: bool,
    },
    /// `cond ? a : b`.
    Ternary {
        span: Span,
        condition: Value,
        took_then: bool,
    },
    /// `input | name(args)`.
    Filter {
        span: Span,
        name: &'static str,
        input: Value,
        output: Value,
    },
    /// `name(args)`.
    Function {
        span: Span,
        name: &'static str,
        output: Value,
    },
    /// `value.name(args)` or `value.name`: a Java method.
    Method {
        span: Span,
        name: String,
        input: Value,
        output: Value,
    },
    /// `{% if %}` / `{% elseif %}`: the condition and whether its body was rendered.
    If {
        span: Span,
        condition: Value,
        taken: bool,
    },
    /// `{% for %}`: how many items it looped over.
    Loop {
        span: Span,
        variable: String,
        items: usize,
    },
    /// `{% set %}`.
    Set {
        span: Span,
        name: String,
        value: Value,
    },
}

impl TraceEvent {
    /// The span of the expression the event is about.
    pub fn span(&self) -> Span {
        match self {
            TraceEvent::Variable { span, .. }
            | TraceEvent::Compare { span, .. }
            | TraceEvent::Test { span, .. }
            | TraceEvent::Logic { span, .. }
            | TraceEvent::Ternary { span, .. }
            | TraceEvent::Filter { span, .. }
            | TraceEvent::Function { span, .. }
            | TraceEvent::Method { span, .. }
            | TraceEvent::If { span, .. }
            | TraceEvent::Loop { span, .. }
            | TraceEvent::Set { span, .. } => *span,
        }
    }
}
