//! `http-request-v2`: renders its request (URL and path, then the body its content type names),
//! asks the [`Responder`], stores `<label>.httpStatusCode`, `.httpResponseBody`,
//! `.httpResponseHeaders`, then applies its Parse Settings. A completed request (4xx/5xx included)
//! leaves by `default`; a request that cannot be rendered or sent leaves by `error`.
//!
//! Property names as Flow Designer writes them (real exports, 2023–2026): `httpRequestUrl` (may hold
//! `{{ }}`), `httpRequestPath` (the path when a connector is used: `connectorId`, `connectorId:name`,
//! `authenticated`), `httpRequestMethod`, `httpContentType` (`GraphQL`, `Application/JSON`, …; its
//! UI twins `httpContentType:name`… may disagree and are read only when it is missing),
//! `httpRequestBody` (a JSON or text body), `httpRequestBodyGQL` (`{"query": …, "variables": …}`,
//! the variables as text, often `" "`), `httpRequestBodyFormData`, `httpQueryParameters`,
//! `httpRequestHeaders`, `retryAttempts` / `httpResponseTimeout` (numbers or text), and the parse
//! settings `contentType: "JSON"` with `outputVariableArray`. The shape of a filled
//! `httpRequestBodyFormData` was not seen in any public export: an object of name → value or a
//! list of `{key|name, value}` is read (assumption). Older files of this companion kept the
//! GraphQL query in `httpRequestBody` and its variables in `httpGraphQLVariables`; they still read.
//!
//! [`Responder`]: crate::Responder

use std::sync::Arc;

use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::parse::{apply_rows, output_rows};
use super::{first_text, Ctx, Next};
use crate::error::{FlowError, FlowErrorKind};
use crate::graphql;
use crate::parse_settings::ParseSetting;
use crate::request::{
    epoch_field, render_json, render_template, unknown_names, BodyKind, RenderedRequest, TimePoint,
};
use crate::runner::{Note, ResponseSummary, StepDetail};
use engine::Value;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HttpRequest {
    pub connector: String,
    pub method: String,
    /// `httpRequestUrl` (empty when a connector supplies the host).
    pub url: String,
    /// `httpRequestPath` (the path behind the connector).
    pub path: String,
    /// Request content type (`GraphQL`, `Application/JSON`).
    pub content_type: String,
    pub body_kind: BodyKind,
    /// The GraphQL query.
    pub query: String,
    /// The GraphQL variables JSON template.
    pub variables: String,
    /// A JSON or text body template.
    pub body: String,
    /// Form fields (name, value template).
    pub form: Vec<(String, String)>,
    pub query_parameters: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub retry_attempts: Option<u64>,
    pub timeout_ms: Option<u64>,
    /// How the response is parsed (`JSON`).
    pub response_type: String,
    pub parse_settings: Vec<ParseSetting>,
}

/// What the content type names.
fn body_kind(content_type: &str, has_query: bool, has_body: bool, has_form: bool) -> BodyKind {
    let ct = content_type.trim().to_ascii_lowercase();
    if ct.contains("graphql") {
        BodyKind::GraphQl
    } else if ct.contains("form") {
        BodyKind::Form
    } else if ct.contains("json") {
        BodyKind::Json
    } else if !ct.is_empty() {
        BodyKind::Text
    } else if has_query {
        BodyKind::GraphQl
    } else if has_form {
        BodyKind::Form
    } else if has_body {
        BodyKind::Text
    } else {
        BodyKind::None
    }
}

/// Name → value pairs from an object (`{"k": "v"}`) or a list of `{key|name, value}`.
fn pairs(p: &Map<String, Json>, key: &str) -> Result<Vec<(String, String)>, FlowError> {
    let bad = || {
        FlowError::new(
            FlowErrorKind::FlowFormat,
            format!("`{key}` is not an object of names and values"),
        )
    };
    let text = |v: &Json| match v {
        Json::Null => Ok(String::new()),
        Json::String(s) => Ok(s.clone()),
        Json::Number(_) | Json::Bool(_) => Ok(v.to_string()),
        _ => Err(bad()),
    };
    match p.get(key) {
        None | Some(Json::Null) => Ok(Vec::new()),
        Some(Json::Object(o)) => o.iter().map(|(k, v)| Ok((k.clone(), text(v)?))).collect(),
        Some(Json::Array(rows)) => rows
            .iter()
            .map(|row| match row {
                Json::Object(o) => Ok((
                    first_text(o, &["key", "name"])?,
                    text(o.get("value").unwrap_or(&Json::Null))?,
                )),
                _ => Err(bad()),
            })
            .collect(),
        Some(_) => Err(bad()),
    }
}

/// A whole number given as a number or as text; anything else is ignored (display only).
fn lenient_number(p: &Map<String, Json>, key: &str) -> Option<u64> {
    match p.get(key)? {
        Json::Number(n) => n.as_u64(),
        Json::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The GraphQL query and variables: `httpRequestBodyGQL` as `{query, variables}` (variables as
/// text or as JSON) or as the query text; else the older `httpRequestBody` + `httpGraphQLVariables`.
fn graphql_parts(p: &Map<String, Json>) -> Result<Option<(String, String)>, FlowError> {
    match p.get("httpRequestBodyGQL") {
        None | Some(Json::Null) => {}
        Some(Json::String(query)) => return Ok(Some((query.clone(), String::new()))),
        Some(Json::Object(o)) => {
            let query = first_text(o, &["query"])?;
            let variables = match o.get("variables") {
                None | Some(Json::Null) => String::new(),
                Some(Json::String(s)) => s.clone(),
                Some(other) => other.to_string(),
            };
            return Ok(Some((query, variables)));
        }
        Some(_) => {
            return Err(FlowError::new(
                FlowErrorKind::FlowFormat,
                "`httpRequestBodyGQL` is neither an object {query, variables} nor text",
            ))
        }
    }
    if p.contains_key("httpGraphQLVariables") {
        return Ok(Some((
            first_text(p, &["httpRequestBody"])?,
            first_text(p, &["httpGraphQLVariables"])?,
        )));
    }
    Ok(None)
}

impl HttpRequest {
    pub fn from_properties(p: &Map<String, Json>) -> Result<HttpRequest, FlowError> {
        let content_type = first_text(
            p,
            &[
                "httpContentType",
                "httpContentType:name",
                "httpContentType_name",
            ],
        )?;
        let body = first_text(p, &["httpRequestBody"])?;
        let form = pairs(p, "httpRequestBodyFormData")?;
        let gql = graphql_parts(p)?;
        let has_query = gql.as_ref().is_some_and(|(q, _)| !q.trim().is_empty());
        let mut kind = body_kind(
            &content_type,
            has_query,
            !body.trim().is_empty(),
            !form.is_empty(),
        );
        let (query, variables) = match (kind, gql) {
            (BodyKind::GraphQl, Some(parts)) => parts,
            // The older shape of this companion: a GraphQL content type with the query as the body.
            (BodyKind::GraphQl, None) => (body.clone(), String::new()),
            _ => (String::new(), String::new()),
        };
        let method = first_text(
            p,
            &[
                "httpRequestMethod",
                "httpRequestMethod:name",
                "httpRequestMethod_name",
            ],
        )?;
        // Nothing to send: a GET, or a JSON/text content type with an empty body.
        let nothing = match kind {
            BodyKind::Json | BodyKind::Text => body.trim().is_empty(),
            BodyKind::Form => form.is_empty(),
            BodyKind::GraphQl | BodyKind::None => false,
        };
        if nothing || (method.trim().eq_ignore_ascii_case("GET") && kind != BodyKind::GraphQl) {
            kind = BodyKind::None;
        }
        Ok(HttpRequest {
            connector: first_text(p, &["connectorId:name", "connectorId_name", "connectorId"])?,
            method,
            url: first_text(p, &["httpRequestUrl"])?,
            path: first_text(p, &["httpRequestPath"])?,
            content_type,
            body_kind: kind,
            query,
            variables,
            body: if matches!(kind, BodyKind::Json | BodyKind::Text) {
                body
            } else {
                String::new()
            },
            form,
            query_parameters: pairs(p, "httpQueryParameters")?,
            headers: pairs(p, "httpRequestHeaders")?,
            retry_attempts: lenient_number(p, "retryAttempts"),
            timeout_ms: lenient_number(p, "httpResponseTimeout"),
            response_type: first_text(p, &["contentType", "contentType_name", "contentType:name"])?,
            parse_settings: output_rows(p)?,
        })
    }

    /// Renders the request with the current variables and clock; warnings (a JSON body that does
    /// not read as JSON once rendered) go to `notes`.
    pub fn render(
        &self,
        label: &str,
        vars: &engine::Variables,
        clock: &dyn engine::Clock,
    ) -> Result<RenderedRequest, FlowError> {
        self.render_noting(label, vars, clock, &mut Vec::new())
            .map(|(r, _)| r)
    }

    /// [`Self::render`], and the variables it printed as empty because they are not set.
    fn render_noting(
        &self,
        label: &str,
        vars: &engine::Variables,
        clock: &dyn engine::Clock,
        notes: &mut Vec<Note>,
    ) -> Result<(RenderedRequest, Vec<String>), FlowError> {
        // Every template of the request adds the unset variables it printed, each named once.
        let unknown = std::cell::RefCell::new(Vec::<String>::new());
        let add_unknown = |names: Vec<String>| {
            let mut seen = unknown.borrow_mut();
            for name in names {
                if !seen.contains(&name) {
                    seen.push(name);
                }
            }
        };
        let template = |what: &str, source: &str| -> Result<String, FlowError> {
            let rendered = render_template(what, source, vars, clock)?;
            add_unknown(unknown_names(&rendered));
            Ok(rendered.text)
        };
        let text = |what: &str, source: &str| -> Result<String, FlowError> {
            if source.contains("{{") || source.contains("{%") {
                template(what, source)
            } else {
                Ok(source.to_string())
            }
        };
        let rendered_pairs = |what: &str, list: &[(String, String)]| {
            list.iter()
                .map(|(k, v)| Ok((k.clone(), text(what, v)?)))
                .collect::<Result<Vec<_>, FlowError>>()
        };
        let url = text("URL", &self.url)?;
        let path = text("path", &self.path)?;
        let mut request = RenderedRequest {
            node: label.to_string(),
            method: self.method.clone(),
            connector: self.connector.clone(),
            path: if path.trim().is_empty() {
                url.clone()
            } else {
                path
            },
            url,
            content_type: self.content_type.clone(),
            body_kind: self.body_kind,
            query: String::new(),
            variables: Json::Null,
            variables_text: String::new(),
            body: String::new(),
            form: Vec::new(),
            query_parameters: rendered_pairs("query parameter", &self.query_parameters)?,
            headers: rendered_pairs("header", &self.headers)?,
            from: None,
            to: None,
        };
        match self.body_kind {
            BodyKind::None => {}
            BodyKind::GraphQl => {
                request.query = template("GraphQL query", &self.query)?;
                let (variables_text, variables, more) =
                    render_json("GraphQL variables", &self.variables, vars, clock)?;
                add_unknown(more);
                request.from = epoch_field(&variables, "from")
                    .or_else(|| query_argument(&request.query, "from"));
                request.to =
                    epoch_field(&variables, "to").or_else(|| query_argument(&request.query, "to"));
                request.variables = variables;
                request.variables_text = variables_text;
            }
            BodyKind::Json => {
                request.body = template("request body", &self.body)?;
                if let Err(e) = serde_json::from_str::<Json>(&request.body) {
                    notes.push(
                        Note::warning(format!(
                            "the rendered body is not valid JSON (line {}, column {}); it is sent as it is",
                            e.line(),
                            e.column()
                        ))
                        .with_hint("a value rendered into a JSON string must not contain a `\"` or a line break"),
                    );
                }
            }
            BodyKind::Text => {
                request.body = template("request body", &self.body)?;
            }
            BodyKind::Form => request.form = rendered_pairs("form field", &self.form)?,
        }
        Ok((request, unknown.into_inner()))
    }

    pub(crate) fn execute(&self, ctx: &mut Ctx<'_>) -> Next {
        let mut notes = Vec::new();
        let rendered = self.render_noting(ctx.label, ctx.vars, ctx.clock, &mut notes);
        for note in notes {
            ctx.note(note);
        }
        let request = match rendered {
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

        let parses = if self.parse_settings.is_empty() {
            Vec::new()
        } else if let Some(e) = reply.body.json_error() {
            ctx.note(
                Note::warning(format!(
                    "the response body is not JSON (line {}, column {}: {}); no parse setting was applied",
                    e.line, e.column, e.message
                ))
                .with_excerpt(e.excerpt.clone()),
            );
            self.parse_settings
                .iter()
                .map(|s| crate::runner::ParseOutcome::new(ctx.label, s, "body-not-json"))
                .collect()
        } else {
            apply_rows(ctx, &self.parse_settings, &reply.body)
        };
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
}

/// A `from`/`to` written as an argument in the query itself (`taskDetails(from: 1700…, …)`, as
/// real flows do with `{{ }}`), read with the GraphQL parser.
fn query_argument(query: &str, name: &str) -> Option<TimePoint> {
    let document = graphql::parse_document(query).ok()?;
    let mut fields: Vec<&graphql::Field> = document
        .operations
        .iter()
        .flat_map(|op| op.selection.iter())
        .collect();
    while let Some(field) = fields.pop() {
        if let Some(arg) = field.arguments.iter().find(|a| a.name == name) {
            let ms = match &arg.value {
                graphql::Value::Int(text) | graphql::Value::String(text) => {
                    text.trim().parse::<i64>().ok()
                }
                _ => None,
            };
            if let Some(ms) = ms {
                return Some(TimePoint::new(ms));
            }
        }
        fields.extend(field.selection.iter().flatten());
    }
    None
}
