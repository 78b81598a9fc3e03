//! `set-variable`: assigns one or more flow variables, each from another variable or from a `{{ }}`
//! expression, converted to the target variable's type.
//!
//! Export shape: `setVariablesArray: [{srcVariable (the target!), setTo, literal, expr}]`, with the
//! first row repeated at the top level. `setTo: "set-to-variable"` copies the variable named in
//! `literal`; other values render `expr` (or `literal`).

use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::{first_text, Ctx, Next};
use crate::error::{FlowError, FlowErrorKind};
use crate::request::render_template;
use crate::runner::Note;
use engine::{Value, VarType};

/// Where an assignment takes its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "from", content = "source", rename_all = "kebab-case")]
pub enum AssignSource {
    /// Copy another variable (`HTTPRequest_CallBackSearch.httpResponseBody`).
    Variable(String),
    /// Render a `{{ }}` template.
    Expression(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignment {
    /// The variable that receives the value.
    pub variable: String,
    pub source: AssignSource,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetVariable {
    pub assignments: Vec<Assignment>,
}

impl SetVariable {
    pub fn from_properties(p: &Map<String, Json>) -> Result<SetVariable, FlowError> {
        let rows: Vec<&Map<String, Json>> = match p.get("setVariablesArray") {
            None | Some(Json::Null) => vec![p],
            Some(Json::Array(items)) if items.is_empty() => vec![p],
            Some(Json::Array(items)) => items
                .iter()
                .map(|i| {
                    i.as_object().ok_or_else(|| {
                        FlowError::new(
                            FlowErrorKind::FlowFormat,
                            "a `setVariablesArray` entry is not an object",
                        )
                    })
                })
                .collect::<Result<_, _>>()?,
            Some(_) => {
                return Err(FlowError::new(
                    FlowErrorKind::FlowFormat,
                    "`setVariablesArray` is not a list",
                ))
            }
        };
        let mut assignments = Vec::with_capacity(rows.len());
        for row in rows {
            let variable = first_text(row, &["srcVariable"])?;
            if variable.is_empty() {
                continue;
            }
            let set_to = first_text(row, &["setTo"])?;
            let source = if set_to == "set-to-variable" {
                let name = first_text(row, &["literal", "expr"])?;
                AssignSource::Variable(strip_braces(&name).to_string())
            } else {
                AssignSource::Expression(first_text(row, &["expr", "literal"])?)
            };
            assignments.push(Assignment { variable, source });
        }
        Ok(SetVariable { assignments })
    }

    pub(crate) fn execute(&self, ctx: &mut Ctx<'_>) -> Next {
        for assignment in &self.assignments {
            if let Err(note) = assign(ctx, assignment) {
                ctx.note(note);
                return ctx.fail();
            }
        }
        Next::Exit("out".into())
    }
}

fn assign(ctx: &mut Ctx<'_>, a: &Assignment) -> Result<(), Note> {
    let decl = ctx.flow.variable(&a.variable).ok_or_else(|| {
        Note::error(format!("`{}` is not a flow variable", a.variable))
            .with_hint("Set Variable can only assign variables declared under Flow Variables")
    })?;
    let var_type = decl.var_type;
    let value = match &a.source {
        AssignSource::Variable(name) => ctx.vars.get(name).cloned().ok_or_else(|| {
            Note::error(format!("`{name}` has no value yet"))
                .with_hint("the node that sets it has not run before this one")
        })?,
        AssignSource::Expression(source) => {
            let rendered = render_template("Set Variable", source, ctx.vars, ctx.clock)
                .map_err(|e| Note::from_error(&e))?;
            let unknown = crate::request::unknown_names(&rendered);
            super::note_unknown(ctx, "Set Variable expression", &unknown);
            rendered.value.unwrap_or(Value::String(rendered.text))
        }
    };
    let converted = match (var_type, value) {
        // Text into a STRING variable is stored as is (no second copy of a large response body).
        (VarType::String, text @ Value::String(_)) => text,
        (_, value) => var_type.convert(&value).map_err(|e| {
            Note::error(format!("`{}`: {e}", a.variable))
                .with_hint(format!("`{}` is {var_type}", a.variable))
        })?,
    };
    ctx.set(&a.variable, converted);
    Ok(())
}

/// `{{ name }}` → `name`; plain names unchanged.
fn strip_braces(text: &str) -> &str {
    let t = text.trim();
    t.strip_prefix("{{")
        .and_then(|r| r.strip_suffix("}}"))
        .map(str::trim)
        .unwrap_or(t)
}
