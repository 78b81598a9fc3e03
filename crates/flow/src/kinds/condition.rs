//! `condition-activity`: renders its expression and leaves by `true` or `false`; an expression that
//! does not render, or renders something other than a boolean or the text "true"/"false" (exact,
//! surrounding spaces ignored: [`engine::Rendered::condition`]), leaves by `error` — the latter is our assumption, Flow Designer does
//! not document it.

use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::{first_text, Ctx, Next};
use crate::runner::{ConditionReport, Note, StepDetail};
use engine::{self, Template, Value};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Condition {
    pub expression: String,
}

impl Condition {
    pub fn from_properties(p: &Map<String, Json>) -> Result<Condition, crate::FlowError> {
        Ok(Condition {
            expression: first_text(p, &["expression"])?,
        })
    }

    /// Evaluates the expression against `vars` (what the node does, without running a flow).
    pub fn evaluate(
        &self,
        label: &str,
        vars: &engine::Variables,
        clock: &dyn engine::Clock,
    ) -> ConditionReport {
        let mut report = ConditionReport {
            node: label.to_string(),
            expression: self.expression.clone(),
            exit: "error".to_string(),
            result: None,
            result_type: None,
            trace: Vec::new(),
            warnings: Vec::new(),
            error: None,
            problem: None,
        };
        let rendered =
            Template::parse(&self.expression).and_then(|t| engine::render(&t, vars, clock));
        let rendered = match rendered {
            Ok(r) => r,
            Err(e) => {
                report.problem = Some(format!("the expression does not evaluate: {}", e.message));
                report.error = Some(e);
                return report;
            }
        };
        let value = rendered
            .value
            .clone()
            .unwrap_or_else(|| Value::String(rendered.text.clone()));
        report.result = Some(rendered.text.clone());
        report.result_type = Some(value.type_name());
        let decided = rendered.condition();
        report.trace = rendered.trace;
        report.warnings = rendered.warnings;
        match decided {
            Some(b) => report.exit = b.to_string(),
            None => {
                report.problem = Some(format!(
                    "the expression gives {} ({}), neither a boolean nor \"true\"/\"false\"; this lab treats that as the error exit (assumption)",
                    value.describe(),
                    value.type_name()
                ))
            }
        }
        report
    }

    pub(crate) fn execute(&self, ctx: &mut Ctx<'_>) -> Next {
        let report = self.evaluate(ctx.label, ctx.vars, ctx.clock);
        let unknown: Vec<String> = report
            .trace
            .iter()
            .filter_map(|e| match e {
                engine::TraceEvent::Variable {
                    name, value: None, ..
                } => Some(name.clone()),
                _ => None,
            })
            .collect();
        super::note_unknown(ctx, "expression", &unknown);
        if let Some(problem) = &report.problem {
            let mut note = Note::error(problem.clone());
            if let Some(e) = &report.error {
                note = note.with_excerpt(e.to_string());
            }
            ctx.note(note);
        }
        let exit = report.exit.clone();
        ctx.record.condition = Some(report.clone());
        ctx.detail(StepDetail::Condition(Box::new(report)));
        Next::Exit(exit)
    }
}
