//! `parse-activity` (Parse): applies its rows of (output variable, JSONPath) to the text of a
//! variable (`inputVariable`, e.g. a virtual agent's `AI_Agent.MetaData`), as the HTTP Request
//! node's Parse Settings do with the response body, then leaves by `default`.
//!
//! Assumptions (Flow Designer does not document them): an input variable with no value, or whose
//! text is not JSON, leaves by `error`; a content type other than JSON is not simulated (the
//! variables stay as they are).

use std::sync::Arc;

use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::{first_text, Ctx, Next};
use crate::error::{FlowError, FlowErrorKind};
use crate::parse_settings::{CompiledPath, ParseSetting, Selection};
use crate::response::PreparedBody;
use crate::runner::{Note, ParseOutcome, StepDetail};
use engine::Value;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Parse {
    /// The variable whose text is parsed (`inputVariable`, braces removed).
    pub input: String,
    /// `JSON` (the only content type simulated).
    pub content_type: String,
    pub parse_settings: Vec<ParseSetting>,
}

impl Parse {
    pub fn from_properties(p: &Map<String, Json>) -> Result<Parse, FlowError> {
        let input = first_text(p, &["inputVariable"])?;
        Ok(Parse {
            input: strip_braces(&input).to_string(),
            content_type: first_text(p, &["contentType", "contentType_name", "contentType:name"])?,
            parse_settings: output_rows(p)?,
        })
    }

    pub(crate) fn execute(&self, ctx: &mut Ctx<'_>) -> Next {
        let content_type = self.content_type.trim();
        if !(content_type.is_empty() || content_type.eq_ignore_ascii_case("json")) {
            ctx.note(Note::warning(format!(
                "parsing {content_type} is not simulated (only JSON); the output variables are unchanged"
            )));
            return Next::Exit("default".into());
        }
        let Some(value) = ctx.vars.get(&self.input) else {
            ctx.note(
                Note::error(format!("`{}` has no value to parse", self.input))
                    .with_hint("the node that sets it has not run before this one (assumption: the node then leaves by `error`)"),
            );
            return ctx.fail();
        };
        let text = match value {
            Value::String(s) => s.clone(),
            other => other.to_text(),
        };
        let body = match PreparedBody::new(text) {
            Ok(body) => Arc::new(body),
            Err(e) => {
                ctx.note(Note::from_error(&e));
                return ctx.fail();
            }
        };
        if let Some(e) = body.json_error() {
            ctx.note(
                Note::error(format!(
                    "`{}` is not JSON (line {}, column {}: {}); no row was applied (assumption: the node then leaves by `error`)",
                    self.input, e.line, e.column, e.message
                ))
                .with_excerpt(e.excerpt.clone()),
            );
            return ctx.fail();
        }
        let parses = apply_rows(ctx, &self.parse_settings, &body);
        ctx.record.parses.extend(parses.iter().cloned());
        ctx.detail(StepDetail::Parse {
            input: self.input.clone(),
            parses,
        });
        Next::Exit("default".into())
    }
}

/// `outputVariableArray: [{outputVariable, jsonPathExp}]`; rows with both fields empty (Flow
/// Designer writes one when a row was added and left blank) are skipped.
pub(crate) fn output_rows(p: &Map<String, Json>) -> Result<Vec<ParseSetting>, FlowError> {
    let bad = || {
        FlowError::new(
            FlowErrorKind::FlowFormat,
            "`outputVariableArray` is not a list of {outputVariable, jsonPathExp}",
        )
    };
    let rows = match p.get("outputVariableArray") {
        None | Some(Json::Null) => return Ok(Vec::new()),
        Some(Json::Array(rows)) => rows,
        Some(_) => return Err(bad()),
    };
    let mut settings = Vec::with_capacity(rows.len());
    for row in rows {
        let Json::Object(o) = row else {
            return Err(bad());
        };
        let setting = ParseSetting {
            variable: first_text(o, &["outputVariable"])?,
            path: first_text(o, &["jsonPathExp"])?,
        };
        if setting.variable.trim().is_empty() && setting.path.trim().is_empty() {
            continue;
        }
        settings.push(setting);
    }
    Ok(settings)
}

/// `{{ name }}` → `name`; plain names unchanged.
pub(crate) fn strip_braces(text: &str) -> &str {
    let t = text.trim();
    t.strip_prefix("{{")
        .and_then(|r| r.strip_suffix("}}"))
        .map(str::trim)
        .unwrap_or(t)
}

/// Applies parse rows to a JSON body (the HTTP response or a Parse node's input), storing each
/// match in its flow variable converted to the variable's type; says what each row did.
pub(crate) fn apply_rows(
    ctx: &mut Ctx<'_>,
    settings: &[ParseSetting],
    body: &PreparedBody,
) -> Vec<ParseOutcome> {
    let mut outcomes = Vec::with_capacity(settings.len());
    for setting in settings {
        let mut outcome = ParseOutcome::new(ctx.label, setting, "matched");
        let Some(decl) = ctx.flow.variable(&setting.variable) else {
            ctx.note(
                Note::error(format!(
                    "parse setting: `{}` is not a flow variable, so nothing is stored",
                    setting.variable
                ))
                .with_hint("add it under Flow Variables, or pick an existing variable"),
            );
            outcome.status = "unknown-variable";
            outcomes.push(outcome);
            continue;
        };
        let var_type = decl.var_type;
        let path = match CompiledPath::compile(&setting.path) {
            Ok(path) => path,
            Err(e) => {
                ctx.note(Note::from_error(
                    &e.at(format!("parse setting for `{}`", setting.variable)),
                ));
                outcome.status = "invalid-path";
                outcomes.push(outcome);
                continue;
            }
        };
        let value = match path.apply_prepared(body) {
            Selection::One(json) => {
                outcome.matches = 1;
                Value::from_json(json)
            }
            Selection::Many(json, n) => {
                outcome.matches = n;
                ctx.note(Note::info(format!(
                    "`{}` matched {n} values; `{}` stores them as a list",
                    setting.path, setting.variable
                )));
                Value::Json(json)
            }
            Selection::Nothing { case_hint } => {
                let kept = ctx
                    .vars
                    .get(&setting.variable)
                    .map(|v| v.describe())
                    .unwrap_or_default();
                let mut note = Note::warning(format!(
                    "`{}` matched nothing; `{}` keeps its previous value {kept} (what Flow Designer does here is not documented)",
                    setting.path, setting.variable
                ));
                if let Some(fixed) = &case_hint {
                    note = note.with_hint(format!("JSONPath is case-sensitive: `{fixed}` matches"));
                }
                ctx.note(note);
                outcome.status = "no-match";
                outcome.case_hint = case_hint;
                outcomes.push(outcome);
                continue;
            }
            Selection::TooMany(why) => {
                ctx.note(Note::warning(format!(
                    "{why}; `{}` is unchanged",
                    setting.variable
                )));
                outcome.status = "too-many";
                outcomes.push(outcome);
                continue;
            }
            Selection::TooExpensive(why) => {
                ctx.note(
                    Note::warning(format!("{why}; `{}` is unchanged", setting.variable)).with_hint(
                        "use a shorter pattern, or select fewer or shorter texts before matching",
                    ),
                );
                outcome.status = "too-expensive";
                outcome.error = Some(why);
                outcomes.push(outcome);
                continue;
            }
        };
        outcome.found_type = Some(value.type_name());
        match var_type.convert(&value) {
            Ok(converted) => ctx.set(&setting.variable, converted),
            Err(e) => {
                ctx.note(
                    Note::error(format!("parse setting for `{}`: {e}", setting.variable))
                        .with_hint(format!(
                            "the variable is {var_type}; change its type or the path"
                        )),
                );
                outcome.status = "conversion-failed";
                outcome.error = Some(e.to_string());
            }
        }
        outcomes.push(outcome);
    }
    outcomes
}
