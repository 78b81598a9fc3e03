//! `http-request-v2`: renders its request (GraphQL query + variables JSON), asks the [`Responder`],
//! stores `<label>.httpStatusCode`, `.httpResponseBody`, `.httpResponseHeaders`, then applies its Parse
//! Settings. A completed request (4xx/5xx included) leaves by `default`; a request that cannot be
//! rendered or sent leaves by `error`.
//!
//! Property names: `httpRequestUrl`, `httpRequestMethod`, `httpContentType`, `connectorId:name`,
//! `contentType` and `outputVariableArray` follow the export; the GraphQL query is read from
//! `httpRequestBody` and its variables from `httpGraphQLVariables` (assumed names — the export of a
//! GraphQL body has not been seen yet).
//!
//! [`Responder`]: crate::Responder

use std::sync::Arc;

use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::{first_text, Ctx, Next};
use crate::error::{FlowError, FlowErrorKind};
use crate::parse_settings::{CompiledPath, ParseSetting, Selection};
use crate::request::{epoch_field, render_json, render_template, unknown_names, RenderedRequest};
use crate::response::HttpReply;
use crate::runner::{Note, ParseOutcome, ResponseSummary, StepDetail};
use engine::Value;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HttpRequest {
    pub connector: String,
    pub method: String,
    pub url: String,
    /// Request content type (`GraphQL`).
    pub content_type: String,
    /// The GraphQL query (or the body for other content types).
    pub query: String,
    /// The GraphQL variables JSON template.
    pub variables: String,
    /// How the response is parsed (`JSON`).
    pub response_type: String,
    pub parse_settings: Vec<ParseSetting>,
}

impl HttpRequest {
    pub fn from_properties(p: &Map<String, Json>) -> Result<HttpRequest, FlowError> {
        let bad = || {
            FlowError::new(
                FlowErrorKind::FlowFormat,
                "`outputVariableArray` is not a list of {outputVariable, jsonPathExp}",
            )
        };
        let parse_settings = match p.get("outputVariableArray") {
            None | Some(Json::Null) => Vec::new(),
            Some(Json::Array(rows)) => rows
                .iter()
                .map(|row| match row {
                    Json::Object(o) => Ok(ParseSetting {
                        variable: first_text(o, &["outputVariable"])?,
                        path: first_text(o, &["jsonPathExp"])?,
                    }),
                    _ => Err(bad()),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(bad()),
        };
        Ok(HttpRequest {
            connector: first_text(p, &["connectorId:name", "connectorId_name", "connectorId"])?,
            method: first_text(
                p,
                &[
                    "httpRequestMethod:name",
                    "httpRequestMethod_name",
                    "httpRequestMethod",
                ],
            )?,
            url: first_text(p, &["httpRequestUrl"])?,
            content_type: first_text(
                p,
                &[
                    "httpContentType:name",
                    "httpContentType_name",
                    "httpContentType",
                ],
            )?,
            query: first_text(p, &["httpRequestBody"])?,
            variables: first_text(p, &["httpGraphQLVariables"])?,
            response_type: first_text(p, &["contentType_name", "contentType"])?,
            parse_settings,
        })
    }

    /// Renders the request with the current variables and clock.
    pub fn render(
        &self,
        label: &str,
        vars: &engine::Variables,
        clock: &dyn engine::Clock,
    ) -> Result<RenderedRequest, FlowError> {
        self.render_noting(label, vars, clock).map(|(r, _)| r)
    }

    /// [`Self::render`], and the variables it printed as empty because they are not set.
    fn render_noting(
        &self,
        label: &str,
        vars: &engine::Variables,
        clock: &dyn engine::Clock,
    ) -> Result<(RenderedRequest, Vec<String>), FlowError> {
        let query = render_template("GraphQL query", &self.query, vars, clock)?;
        let mut unknown = unknown_names(&query);
        let query = query.text;
        let (variables_text, variables, more) =
            render_json("GraphQL variables", &self.variables, vars, clock)?;
        unknown.extend(more);
        let request = RenderedRequest {
            node: label.to_string(),
            method: self.method.clone(),
            connector: self.connector.clone(),
            path: self.url.clone(),
            content_type: self.content_type.clone(),
            query,
            from: epoch_field(&variables, "from"),
            to: epoch_field(&variables, "to"),
            variables,
            variables_text,
        };
        Ok((request, unknown))
    }

    pub(crate) fn execute(&self, ctx: &mut Ctx<'_>) -> Next {
        let request = match self.render_noting(ctx.label, ctx.vars, ctx.clock) {
            Ok((request, unknown)) => {
                super::note_unknown(ctx, "request", &unknown);
                request
            }
            Err(e) => {
                ctx.note(Note::from_error(&e));
                return ctx.fail();
            }
        };
        ctx.record.request = Some(request.clone());
        let reply = ctx.responder.respond(&request);
        let reply = match reply {
            Ok(reply) => reply,
            Err(failure) => {
                ctx.note(Note::error(format!(
                    "the request did not complete: {}",
                    failure.message
                )));
                ctx.detail(StepDetail::Http {
                    request: Box::new(request),
                    response: None,
                    parses: Vec::new(),
                });
                return ctx.fail();
            }
        };
        let label = ctx.label;
        ctx.set(
            &format!("{label}.httpStatusCode"),
            Value::Integer(reply.status),
        );
        ctx.set(
            &format!("{label}.httpResponseBody"),
            Value::String(reply.body.text().to_string()),
        );
        // Inserted, not collected: collecting into a map (a BTreeMap) sorts with its own copy of the
        // standard stable sort, ~3 KB of wasm per call site (see the stable_sort crate).
        let mut headers = Map::new();
        for (k, v) in &reply.headers {
            headers.insert(k.clone(), Json::String(v.clone()));
        }
        ctx.set(
            &format!("{label}.httpResponseHeaders"),
            Value::Json(Json::Object(headers)),
        );
        if !(200..300).contains(&reply.status) {
            ctx.note(Note::info(format!(
                "status {}: the request completed, so the node still leaves by its normal exit",
                reply.status
            )));
        }

        let parses = self.apply_parse_settings(ctx, &reply);
        let summary = ResponseSummary::new(&reply);
        ctx.record.response = Some(summary.clone());
        ctx.record.body = Some(Arc::clone(&reply.body));
        ctx.record.parses.extend(parses.iter().cloned());
        ctx.detail(StepDetail::Http {
            request: Box::new(request),
            response: Some(summary),
            parses,
        });
        Next::Exit("default".into())
    }

    fn apply_parse_settings(&self, ctx: &mut Ctx<'_>, reply: &HttpReply) -> Vec<ParseOutcome> {
        if self.parse_settings.is_empty() {
            return Vec::new();
        }
        if let Some(e) = reply.body.json_error() {
            ctx.note(
                Note::warning(format!(
                    "the response body is not JSON (line {}, column {}: {}); no parse setting was applied",
                    e.line, e.column, e.message
                ))
                .with_excerpt(e.excerpt.clone()),
            );
            return self
                .parse_settings
                .iter()
                .map(|s| ParseOutcome::new(ctx.label, s, "body-not-json"))
                .collect();
        }
        let mut outcomes = Vec::with_capacity(self.parse_settings.len());
        for setting in &self.parse_settings {
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
            let value = match path.apply_prepared(&reply.body) {
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
                        note = note
                            .with_hint(format!("JSONPath is case-sensitive: `{fixed}` matches"));
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
                        Note::warning(format!("{why}; `{}` is unchanged", setting.variable))
                            .with_hint("use a shorter pattern, or select fewer or shorter texts before matching"),
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
}
