//! Where the HTTP Request node gets its answer: a [`Responder`] (pasted text now, the simulated Search API
//! later), and a [`PreparedBody`] that parses a body once (into a [`FlatJson`]) so a run can be
//! repeated cheaply.

use std::sync::{Arc, OnceLock};

use serde::Serialize;
use serde_json::Value as Json;

use super::error::{caret_excerpt, FlowError, FlowErrorKind};
use super::flat_json::{At, Doc, FlatJson};
use super::request::RenderedRequest;

/// Largest response body we accept (bytes): a 10 MB paste is the documented worst case.
pub const MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

/// Why a body is not usable as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BodyJsonError {
    pub message: String,
    pub line: usize,
    pub column: usize,
    /// The line of the body with a caret under the position.
    pub excerpt: String,
    /// What the attendee probably pasted instead of the API's JSON, and what to do.
    pub hint: Option<String>,
}

/// A response body, kept as text and parsed as JSON once.
#[derive(Debug, Clone)]
pub struct PreparedBody {
    /// Shared with the caller (the lab keeps the same text as its input: no copy of a large body).
    text: Arc<str>,
    /// Where the JSON starts in `text` (after a byte order mark).
    start: usize,
    parsed: Result<FlatJson, BodyJsonError>,
    /// The whole body as a `Value`, built on first use (only the full JSONPath engine needs it).
    json: OnceLock<Json>,
    /// Facts about `data.taskDetails.tasks`, computed on first use and kept with the body.
    search: OnceLock<Option<SearchFacts>>,
}

impl PartialEq for PreparedBody {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

/// What a Search API answer holds, for hints: computed once per body, not once per run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchFacts {
    /// Length of `data.taskDetails.tasks`.
    pub count: usize,
    /// Indices of pending callbacks (status `Not Processed`, connect time -1), at most
    /// [`SearchFacts::PENDING_LISTED`].
    pub pending: Vec<usize>,
    pub pending_count: usize,
}

impl SearchFacts {
    pub const PENDING_LISTED: usize = 10;

    fn of(doc: Doc<'_>) -> Option<SearchFacts> {
        let data = doc.get(doc.root(), "data")?;
        let tasks = doc.get(doc.get(data, "taskDetails")?, "tasks")?;
        let mut facts = SearchFacts {
            count: doc.len(tasks)?,
            pending: Vec::new(),
            pending_count: 0,
        };
        for (i, task) in doc.elements(tasks).enumerate() {
            if is_pending(doc, task) {
                facts.pending_count += 1;
                if facts.pending.len() < Self::PENDING_LISTED {
                    facts.pending.push(i);
                }
            }
        }
        Some(facts)
    }
}

/// A task whose callback is still pending: status `Not Processed` and connect time -1.
fn is_pending(doc: Doc<'_>, task: At) -> bool {
    let Some(data) = doc.get(task, "callbackData") else {
        return false;
    };
    let status_pending =
        doc.get(data, "callbackStatus").and_then(|s| doc.as_str(s)) == Some("Not Processed");
    let not_connected = doc.get(data, "callbackConnectTime").is_some_and(|t| {
        doc.as_i64(t) == Some(-1) || doc.as_str(t).is_some_and(|s| s.trim() == "-1")
    });
    status_pending && not_connected
}

impl PreparedBody {
    /// Parses `text` as JSON (a body that is not JSON is fine: the run records a note).
    /// Fails only when the body is larger than [`MAX_BODY_BYTES`].
    pub fn new(text: impl Into<Arc<str>>) -> Result<PreparedBody, FlowError> {
        let text: Arc<str> = text.into();
        if text.len() > MAX_BODY_BYTES {
            return Err(FlowError::new(
                FlowErrorKind::TooLarge,
                format!(
                    "the response body is {:.1} MB; the limit is {} MB",
                    text.len() as f64 / 1_048_576.0,
                    MAX_BODY_BYTES / 1_048_576
                ),
            )
            .with_hint("paste the part of the response that holds `data.taskDetails.tasks`"));
        }
        let start = if text.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        };
        let source = text.get(start..).unwrap_or("");
        let parsed = FlatJson::parse(source).map_err(|e| BodyJsonError {
            message: describe_json_error(&e),
            line: e.line(),
            column: e.column(),
            excerpt: caret_excerpt(source, e.line(), e.column()),
            hint: not_json_hint(source, e.line(), e.column()),
        });
        Ok(PreparedBody {
            text,
            start,
            parsed,
            json: OnceLock::new(),
            search: OnceLock::new(),
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The parsed body, or why it is not JSON.
    pub fn doc(&self) -> Result<Doc<'_>, &BodyJsonError> {
        match &self.parsed {
            Ok(flat) => Ok(flat.doc(self.text.get(self.start..).unwrap_or(""))),
            Err(e) => Err(e),
        }
    }

    /// Why the body is not JSON, if it is not.
    pub fn json_error(&self) -> Option<&BodyJsonError> {
        self.parsed.as_ref().err()
    }

    /// The whole body as a `Value` (built on first call: prefer [`PreparedBody::doc`]).
    pub fn json(&self) -> Result<&Json, &BodyJsonError> {
        let doc = self.doc()?;
        Ok(self.json.get_or_init(|| doc.to_value(doc.root())))
    }

    /// The Search API facts of this body (`None` when it has no `data.taskDetails.tasks` list).
    pub fn search_facts(&self) -> Option<&SearchFacts> {
        self.search
            .get_or_init(|| self.doc().ok().and_then(SearchFacts::of))
            .as_ref()
    }
}

fn describe_json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    // serde_json appends " at line L column C"; we report the position separately.
    let message = text.split(" at line ").next().unwrap_or(&text);
    match e.classify() {
        serde_json::error::Category::Eof => format!("the body ends too early ({message})"),
        _ => message.to_string(),
    }
}

/// The usual reasons a paste is not JSON: an HTML page instead of the API's answer, or quotes that a
/// chat or a document turned curly (or single quotes typed by hand) where the error points.
fn not_json_hint(source: &str, line: usize, column: usize) -> Option<String> {
    if source.trim_start().starts_with('<') {
        return Some(
            "this is an HTML page (a login, proxy or error page), not the Search API's JSON: check the URL, the region and the token"
                .to_string(),
        );
    }
    // serde_json's column counts characters from 1 and points at (or just past) the culprit.
    let text = source.lines().nth(line.checked_sub(1)?)?;
    let near: Vec<char> = text
        .chars()
        .skip(column.saturating_sub(2))
        .take(2)
        .collect();
    if near
        .iter()
        .any(|c| matches!(c, '“' | '”' | '‘' | '’' | '„' | '«' | '»'))
    {
        Some("curly quotes (“ ”) come from copying out of a chat or a document; JSON needs straight double quotes \"".to_string())
    } else if near.contains(&'\'') {
        Some("JSON strings and keys take double quotes \", not single quotes '".to_string())
    } else {
        None
    }
}

/// A completed HTTP exchange as the HTTP Request node sees it (4xx/5xx included).
#[derive(Debug, Clone, PartialEq)]
pub struct HttpReply {
    pub status: i64,
    pub headers: Vec<(String, String)>,
    /// Shared, so a responder can hand out the same parsed body to every run.
    pub body: Arc<PreparedBody>,
}

/// A request that did not complete (no connection, timeout): the node leaves by its `error` exit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransportFailure {
    pub message: String,
}

/// Answers the HTTP Request node.
pub trait Responder {
    fn respond(&mut self, request: &RenderedRequest) -> Result<HttpReply, TransportFailure>;
}

/// A fixed answer, e.g. a response pasted by the attendee: parsed once, answered to every request.
#[derive(Debug, Clone, PartialEq)]
pub struct PastedResponse {
    reply: HttpReply,
}

impl PastedResponse {
    /// A reply with `status` and `body` (parsed now) and a JSON content type header.
    pub fn new(status: i64, body: impl Into<Arc<str>>) -> Result<PastedResponse, FlowError> {
        Ok(Self::from_prepared(
            status,
            Arc::new(PreparedBody::new(body)?),
        ))
    }

    /// A reply sharing an already parsed body (the lab reuses it while only the status changes).
    pub fn from_prepared(status: i64, body: Arc<PreparedBody>) -> PastedResponse {
        PastedResponse {
            reply: HttpReply {
                status,
                headers: vec![("content-type".to_string(), "application/json".to_string())],
                body,
            },
        }
    }

    pub fn reply(&self) -> &HttpReply {
        &self.reply
    }
}

impl Responder for PastedResponse {
    fn respond(&mut self, _request: &RenderedRequest) -> Result<HttpReply, TransportFailure> {
        Ok(self.reply.clone())
    }
}

/// A responder whose every request fails (to see the `error` exit).
#[derive(Debug, Clone, Default)]
pub struct Unreachable;

impl Responder for Unreachable {
    fn respond(&mut self, _request: &RenderedRequest) -> Result<HttpReply, TransportFailure> {
        Err(TransportFailure {
            message: "no connection to the API host".to_string(),
        })
    }
}

impl<F> Responder for F
where
    F: FnMut(&RenderedRequest) -> Result<HttpReply, TransportFailure>,
{
    fn respond(&mut self, request: &RenderedRequest) -> Result<HttpReply, TransportFailure> {
        self(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint_of(body: &str) -> Option<String> {
        PreparedBody::new(body.to_string())
            .ok()?
            .json_error()?
            .hint
            .clone()
    }

    #[test]
    fn a_not_json_paste_says_what_it_probably_is() {
        let curly = hint_of("{ “data”: {} }").unwrap();
        assert!(curly.starts_with("curly quotes"), "{curly}");
        let curly_value = hint_of("{\"data\": ”x”}").unwrap();
        assert!(curly_value.starts_with("curly quotes"), "{curly_value}");
        let single = hint_of("{'data': {}}").unwrap();
        assert!(single.contains("double quotes"), "{single}");
        let html = hint_of("\n  <html><body>502 Bad Gateway</body></html>").unwrap();
        assert!(html.starts_with("this is an HTML page"), "{html}");
        assert_eq!(hint_of("{\"data\": [1, 2,]}"), None);
        assert_eq!(hint_of("{\"data\": {}}"), None);
    }
}
