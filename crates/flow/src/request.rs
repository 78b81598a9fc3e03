//! The request the HTTP Request node sends: URL and path, and the body as its content type says
//! (a GraphQL query with its variables JSON, a JSON or text body, form fields), every `{{ }}` block
//! rendered; GraphQL variables are checked to still be JSON.

use serde::Serialize;
use serde_json::Value as Json;

use engine::{self, Clock, Rendered, Template, Variables};

use super::error::{caret_excerpt, FlowError, FlowErrorKind};

/// A point in time as epoch milliseconds and as a readable UTC time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimePoint {
    pub epoch_ms: i64,
    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    pub utc: String,
}

impl TimePoint {
    pub fn new(epoch_ms: i64) -> TimePoint {
        TimePoint {
            epoch_ms,
            utc: format_utc(epoch_ms),
        }
    }
}

/// How the request's body is written (from the node's content type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum BodyKind {
    /// No body (a GET, or nothing entered).
    #[default]
    None,
    /// `{"query": …, "variables": …}` from the node's GraphQL query and variables.
    GraphQl,
    /// A JSON text (`Application/JSON`), rendered from the body template.
    Json,
    /// Any other text (`text/plain`, XML, …), rendered from the body template.
    Text,
    /// Form fields (`application/x-www-form-urlencoded`, `multipart/form-data`).
    Form,
}

/// The request as the node would send it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RenderedRequest {
    /// Label of the HTTP Request node.
    pub node: String,
    pub method: String,
    /// Connector name (`WxCC_API`) when the node uses an authenticated endpoint.
    pub connector: String,
    /// The path (`/search?orgId=…`, through the connector) or else the URL, rendered.
    pub path: String,
    /// The URL as entered (`https://{{HOSTNAME}}/x`), rendered; empty when a connector is used.
    pub url: String,
    /// Request content type (`GraphQL`, `Application/JSON`).
    pub content_type: String,
    pub body_kind: BodyKind,
    /// The GraphQL query, rendered (empty for other bodies).
    pub query: String,
    /// The GraphQL variables as JSON (`null` when the node has none).
    pub variables: Json,
    /// The rendered variables text exactly as sent.
    pub variables_text: String,
    /// A JSON or text body, rendered (empty for GraphQL and form bodies).
    pub body: String,
    /// Form fields, rendered.
    pub form: Vec<(String, String)>,
    /// Query parameters, rendered.
    pub query_parameters: Vec<(String, String)>,
    /// Headers, rendered.
    pub headers: Vec<(String, String)>,
    /// The `from` / `to` of a Search API query (its variables, or the arguments written in the
    /// query), when they are numbers or numeric strings.
    pub from: Option<TimePoint>,
    pub to: Option<TimePoint>,
}

impl RenderedRequest {
    /// The JSON body a GraphQL client sends: `{"query": …, "variables": …}`.
    pub fn graphql_body(&self) -> Json {
        serde_json::json!({ "query": self.query, "variables": self.variables })
    }

    /// The body text as sent (pretty JSON for GraphQL; form fields URL-encoded).
    pub fn body_text(&self) -> String {
        match self.body_kind {
            BodyKind::None => String::new(),
            BodyKind::GraphQl => {
                serde_json::to_string_pretty(&self.graphql_body()).unwrap_or_default()
            }
            BodyKind::Json | BodyKind::Text => self.body.clone(),
            BodyKind::Form => self
                .form
                .iter()
                .map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v)))
                .collect::<Vec<_>>()
                .join("&"),
        }
    }
}

/// `application/x-www-form-urlencoded` encoding of one name or value.
fn form_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// Parses and renders a `{{ }}` template; `what` names the setting in errors ("GraphQL variables").
pub(crate) fn render_template(
    what: &str,
    source: &str,
    vars: &Variables,
    clock: &dyn Clock,
) -> Result<Rendered, FlowError> {
    let template = Template::parse(source).map_err(|e| template_error(what, &e))?;
    engine::render(&template, vars, clock).map_err(|e| template_error(what, &e))
}

fn template_error(what: &str, e: &engine::Error) -> FlowError {
    FlowError::new(
        FlowErrorKind::Template,
        format!("the {what} template does not render"),
    )
    .with_excerpt(e.to_string())
}

/// The variables a render used that are not set (Pebble printed them as empty).
pub(crate) fn unknown_names(r: &Rendered) -> Vec<String> {
    let mut names = Vec::new();
    for e in &r.trace {
        if let engine::TraceEvent::Variable {
            name, value: None, ..
        } = e
        {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    names
}

/// Renders a JSON template and checks that the result is still JSON; also returns the unknown
/// variables it printed as empty.
pub(crate) fn render_json(
    what: &str,
    source: &str,
    vars: &Variables,
    clock: &dyn Clock,
) -> Result<(String, Json, Vec<String>), FlowError> {
    if source.trim().is_empty() {
        return Ok((String::new(), Json::Null, Vec::new()));
    }
    let rendered = render_template(what, source, vars, clock)?;
    let unknown = unknown_names(&rendered);
    let text = rendered.text;
    match serde_json::from_str::<Json>(&text) {
        Ok(json) => Ok((text, json, unknown)),
        Err(e) => Err(FlowError::new(
            FlowErrorKind::RenderedJson,
            format!("the rendered {what} are not valid JSON: {}", e.to_string().split(" at line ").next().unwrap_or("")),
        )
        .at(format!("line {}, column {}", e.line(), e.column()))
        .with_excerpt(caret_excerpt(&text, e.line(), e.column()))
        .with_hint("a value rendered into a JSON string must not contain a `\"` or a line break; keep every `{{ }}` inside the quotes of a JSON string")),
    }
}

/// Reads `from`/`to` style fields: a JSON integer or a string holding one.
pub(crate) fn epoch_field(variables: &Json, name: &str) -> Option<TimePoint> {
    let value = variables.get(name)?;
    let ms = match value {
        Json::Number(n) => n.as_i64()?,
        Json::String(s) => s.trim().parse::<i64>().ok()?,
        _ => return None,
    };
    Some(TimePoint::new(ms))
}

/// Formats epoch milliseconds as an ISO 8601 UTC time (proleptic Gregorian calendar).
pub fn format_utc(epoch_ms: i64) -> String {
    let days = epoch_ms.div_euclid(86_400_000);
    let ms_of_day = epoch_ms.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    let (h, m, s, ms) = (
        ms_of_day / 3_600_000,
        ms_of_day / 60_000 % 60,
        ms_of_day / 1000 % 60,
        ms_of_day % 1000,
    );
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{ms:03}Z")
}

/// Days since 1970-01-01 to (year, month, day); H. Hinnant's algorithm.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_formatting() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_utc(1_700_000_000_000), "2023-11-14T22:13:20.000Z");
        assert_eq!(format_utc(-1), "1969-12-31T23:59:59.999Z");
        // Extremes do not overflow.
        let _ = format_utc(i64::MAX);
        let _ = format_utc(i64::MIN);
    }
}
