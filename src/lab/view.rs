//! What the Condition lab page shows, computed from the inputs and a run: plain data, no DOM.
//! The Yew layer renders these fields as they are.

use std::sync::Arc;

use crate::engine::{self, FixedClock, Template, TraceEvent, Value};
use crate::flow::{
    run, CompiledPath, FlowError, NodeKind, NoteLevel, PastedResponse, PreparedBody, RunInput,
    RunResult, TimePoint,
};

use super::curl::{curl_command, region};
use super::inputs::{shipped_mission_flow, LabInputs, MissionFlow};
use crate::flow_roles::picture::Taken;

/// Longest value text shown in a table cell (characters).
pub const CELL_CHARS: usize = 160;

/// The Condition's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    True,
    False,
    /// Why there is no True/False.
    Error(String),
}

impl Verdict {
    /// "True", "False" or "Error: …" — the text of the verdict element.
    pub fn text(&self) -> String {
        match self {
            Verdict::True => "True".to_string(),
            Verdict::False => "False".to_string(),
            Verdict::Error(why) => format!("Error: {why}"),
        }
    }
}

/// The node the Condition's exit leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextNode {
    pub label: String,
    /// The kind's name (`Play Message`).
    pub title: String,
    /// What it does in this run: the spoken text, the callback number.
    pub detail: Option<String>,
}

/// A variable a step assigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariableRow {
    pub node: String,
    pub name: String,
    pub value_type: String,
    /// `None` when it had no value before.
    pub old: Option<String>,
    pub new: String,
    pub changed: bool,
}

/// How a check of the expression went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Passed,
    Failed,
    /// A step that is neither (a branch taken, a filter applied).
    Info,
}

impl Check {
    pub fn word(self) -> &'static str {
        match self {
            Check::Passed => "passed",
            Check::Failed => "failed",
            Check::Info => "",
        }
    }
}

/// One line of the explanation: the part of the expression, both sides' values, the outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplanationLine {
    /// The part of the expression (source text).
    pub source: String,
    /// What it evaluated: `"-1" (STRING) == "-1" (STRING)`.
    pub detail: String,
    pub check: Check,
}

/// An error positioned in a text, for inline display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionedError {
    pub message: String,
    pub line: usize,
    pub column: usize,
    /// The source line with a caret under the position (and the hint), as the engine renders it.
    pub rendered: String,
    pub hint: Option<String>,
}

impl PositionedError {
    fn from_engine(e: &engine::Error) -> PositionedError {
        PositionedError {
            message: e.message.clone(),
            line: e.line,
            column: e.column,
            rendered: e.to_string(),
            hint: e.hint.clone(),
        }
    }
}

/// What the body is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyStatus {
    Empty,
    Json {
        bytes: usize,
    },
    NotJson {
        bytes: usize,
        message: String,
        line: usize,
        column: usize,
        /// The line with a caret under the column.
        excerpt: String,
        /// What it probably is instead (an HTML page, curly quotes).
        hint: Option<String>,
    },
    TooLarge {
        bytes: usize,
        message: String,
        hint: Option<String>,
    },
}

/// The request panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestView {
    pub method: String,
    pub path: String,
    pub connector: String,
    pub query: String,
    pub variables_text: String,
    pub from: Option<TimePoint>,
    pub to: Option<TimePoint>,
    /// `{"query": …, "variables": …}` as a GraphQL client sends it.
    pub body: String,
    pub curl: String,
}

/// One editable JSONPath row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathRowView {
    pub variable: String,
    pub path: String,
    pub mission_path: String,
    pub differs: bool,
    /// What the path did in this run (`matched "Not Processed" (STRING)`).
    pub outcome: Option<String>,
    pub error: Option<String>,
    pub hint: Option<String>,
}

/// A step of the run (for the node details).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepView {
    pub label: String,
    pub title: String,
    pub exit: Option<String>,
    pub next: Option<String>,
    pub modified: Vec<VariableRow>,
    pub notes: Vec<String>,
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabView {
    pub verdict: Verdict,
    /// The Condition's exit (`true`, `false`, `error`) when it ran.
    pub exit: Option<String>,
    pub next: Option<NextNode>,
    /// Labels of the nodes visited.
    pub path: Vec<String>,
    /// How the run ended, in words.
    pub ending: Option<String>,
    pub variables: Vec<VariableRow>,
    pub explanation: Vec<ExplanationLine>,
    /// The rendered result: `"false" (STRING) → exit false`.
    pub result: Option<String>,
    pub hints: Vec<String>,
    pub request: Option<RequestView>,
    pub body: BodyStatus,
    pub status_error: Option<String>,
    pub clock_error: Option<String>,
    pub expression_differs: bool,
    pub expression_error: Option<PositionedError>,
    pub expression_warnings: Vec<String>,
    pub paths: Vec<PathRowView>,
    /// How many what-if settings differ from the mission.
    pub differences: usize,
    pub steps: Vec<StepView>,
    pub taken: Taken,
}

impl LabView {
    /// A view with nothing computed yet.
    pub fn empty() -> LabView {
        LabView {
            verdict: Verdict::Error("the lab is not ready".into()),
            exit: None,
            next: None,
            path: Vec::new(),
            ending: None,
            variables: Vec::new(),
            explanation: Vec::new(),
            result: None,
            hints: Vec::new(),
            request: None,
            body: BodyStatus::Empty,
            status_error: None,
            clock_error: None,
            expression_differs: false,
            expression_error: None,
            expression_warnings: Vec::new(),
            paths: Vec::new(),
            differences: 0,
            steps: Vec::new(),
            taken: Taken::default(),
        }
    }
}

/// The body, prepared once per edit of the body.
#[derive(Debug, Clone)]
pub enum Prepared {
    Ready(Arc<PreparedBody>),
    TooLarge { bytes: usize, error: FlowError },
}

impl Prepared {
    /// Parses `text` (the expensive part: once per body edit).
    pub fn new(text: impl Into<Arc<str>>) -> Prepared {
        let text = text.into();
        let bytes = text.len();
        match PreparedBody::new(text) {
            Ok(body) => Prepared::Ready(Arc::new(body)),
            Err(error) => Prepared::TooLarge { bytes, error },
        }
    }

    fn status(&self) -> BodyStatus {
        match self {
            Prepared::TooLarge { bytes, error } => BodyStatus::TooLarge {
                bytes: *bytes,
                message: error.message.clone(),
                hint: error.hint.clone(),
            },
            Prepared::Ready(body) if body.text().trim().is_empty() => BodyStatus::Empty,
            Prepared::Ready(body) => match body.json_error() {
                None => BodyStatus::Json {
                    bytes: body.text().len(),
                },
                Some(e) => BodyStatus::NotJson {
                    bytes: body.text().len(),
                    message: e.message.clone(),
                    line: e.line,
                    column: e.column,
                    excerpt: e.excerpt.clone(),
                    hint: e.hint.clone(),
                },
            },
        }
    }
}

/// Why the HTTP status field does not give a status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusError {
    Empty,
    /// A number outside 100–599.
    OutOfRange,
    /// Not a number (the text as typed, trimmed).
    NotANumber(String),
}

impl std::fmt::Display for StatusError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusError::Empty => write!(f, "enter the HTTP status, e.g. 200"),
            StatusError::OutOfRange => write!(f, "an HTTP status is a number from 100 to 599"),
            StatusError::NotANumber(text) => write!(
                f,
                "“{text}” is not a number: an HTTP status is a number such as 200"
            ),
        }
    }
}

impl std::error::Error for StatusError {}

/// Parses the HTTP status field.
pub fn parse_status(text: &str) -> Result<i64, StatusError> {
    let t = text.trim();
    match t.parse::<i64>() {
        Ok(code) if (100..=599).contains(&code) => Ok(code),
        Ok(_) => Err(StatusError::OutOfRange),
        Err(_) if t.is_empty() => Err(StatusError::Empty),
        Err(_) => Err(StatusError::NotANumber(t.to_string())),
    }
}

/// Computes the view: runs the mission flow (with the what-if edits) from the HTTP node against the
/// prepared body. Cheap for any body size: the body is parsed already.
pub fn compute(inputs: &LabInputs, body: &Prepared, now_ms: i64) -> LabView {
    compute_on(shipped_mission_flow(), inputs, body, now_ms)
}

/// [`compute`] on `flow` (the mission, or an attendee's imported flow; `None` when the mission did
/// not load).
pub fn compute_on(
    flow: Option<&MissionFlow>,
    inputs: &LabInputs,
    body: &Prepared,
    now_ms: i64,
) -> LabView {
    let mut view = LabView {
        body: body.status(),
        differences: flow.map_or(0, |f| inputs.differences_from(f)),
        ..LabView::empty()
    };
    let Some(mission) = flow else {
        view.verdict = Verdict::Error("the mission flow did not load".into());
        return view;
    };
    view.expression_differs = inputs.expression != mission.expression;
    view.expression_error = Template::parse(&inputs.expression)
        .err()
        .map(|e| PositionedError::from_engine(&e));
    view.paths = path_rows(inputs, mission);

    let status = parse_status(&inputs.status);
    let now = inputs.clock.resolve(now_ms);
    view.status_error = status.as_ref().err().map(ToString::to_string);
    view.clock_error = now.as_ref().err().map(ToString::to_string);
    let ready = match body {
        Prepared::Ready(b) => Ok(b),
        Prepared::TooLarge { error, .. } => Err(error.message.clone()),
    };
    let (status, now, prepared) = match (status, now, ready) {
        (Ok(s), Ok(n), Ok(b)) => (s, n, b),
        (Err(e), _, _) => {
            view.verdict = Verdict::Error(format!("HTTP status: {e}"));
            return view;
        }
        (_, Err(e), _) => {
            view.verdict = Verdict::Error(format!("clock: {e}"));
            return view;
        }
        (_, _, Err(e)) => {
            view.verdict = Verdict::Error(e);
            return view;
        }
    };

    // What-if edits run on a copy; without any, on the flow itself (a large flow is not copied
    // on every keystroke).
    let edited_paths = inputs.paths != mission.paths;
    let edited_expression = inputs.expression != mission.expression;
    let mut copy = None;
    if edited_paths || edited_expression {
        let flow = copy.insert(mission.flow.clone());
        for row in &inputs.paths {
            // Rows come from the flow (normalised), so the setting exists; if not, nothing changes.
            let _ = flow.set_parse_path(Some(&mission.start), &row.variable, &row.path);
        }
        if edited_expression {
            let _ = flow.set_condition_expression(Some(&mission.condition), &inputs.expression);
        }
    }
    let flow = copy.as_ref().unwrap_or(&mission.flow);
    let mut input = RunInput {
        start: Some(mission.start.clone()),
        search: mission.search,
        ..RunInput::default()
    };
    input.variables = vec![
        (
            "NewNumber.DigitsEntered".to_string(),
            Value::String(inputs.number.clone()),
        ),
        (
            "NewPhoneContact.EntryPointId".to_string(),
            Value::String(inputs.entry_point.clone()),
        ),
    ];
    let mut responder = PastedResponse::from_prepared(status, Arc::clone(prepared));
    let result = match run(flow, &input, &mut responder, &FixedClock(now)) {
        Ok(r) => r,
        Err(e) => {
            view.verdict = Verdict::Error(e.message);
            return view;
        }
    };
    fill_from_run(&mut view, inputs, mission, &result);
    view
}

fn fill_from_run(
    view: &mut LabView,
    inputs: &LabInputs,
    mission: &MissionFlow,
    result: &RunResult,
) {
    view.path = result.path().iter().map(|s| s.to_string()).collect();
    view.taken = mission.picture.taken(Some(result));
    view.ending = Some(capitalize(&result.outcome.describe()) + ".");
    view.hints = result.hints.iter().map(|h| h.message.clone()).collect();
    view.steps = result
        .steps
        .iter()
        .map(|s| StepView {
            label: s.label.clone(),
            title: mission
                .flow
                .node_index(&s.label)
                .and_then(|i| mission.flow.node(i))
                .map_or_else(|| s.kind.to_string(), |n| n.kind.title().to_string()),
            exit: s.exit.clone(),
            next: s.next.clone(),
            modified: s
                .modified
                .iter()
                .map(|m| VariableRow {
                    node: s.label.clone(),
                    name: m.name.clone(),
                    value_type: m.value_type.to_string(),
                    old: m.old.as_deref().map(cell),
                    new: cell(&m.new),
                    changed: m.changed,
                })
                .collect(),
            notes: s
                .notes
                .iter()
                .map(|n| {
                    let level = match n.level {
                        NoteLevel::Info => "note",
                        NoteLevel::Warning => "warning",
                        NoteLevel::Error => "error",
                    };
                    match &n.hint {
                        Some(h) => format!("{level}: {} (hint: {h})", n.message),
                        None => format!("{level}: {}", n.message),
                    }
                })
                .collect(),
        })
        .collect();
    view.variables = view.steps.iter().flat_map(|s| s.modified.clone()).collect();

    if let Some(request) = &result.request {
        view.request = Some(RequestView {
            method: request.method.clone(),
            path: request.path.clone(),
            connector: request.connector.clone(),
            query: request.query.clone(),
            variables_text: request.variables_text.clone(),
            from: request.from.clone(),
            to: request.to.clone(),
            body: serde_json::to_string_pretty(&request.graphql_body()).unwrap_or_default(),
            curl: curl_command(request, region(&inputs.region)),
        });
    }

    // Path rows: what each parse setting did.
    for row in view.paths.iter_mut() {
        let Some(parse) = result.parses.iter().find(|p| p.variable == row.variable) else {
            continue;
        };
        let value = view
            .variables
            .iter()
            .rev()
            .find(|v| v.node == mission.start && v.name == row.variable);
        row.outcome = Some(match parse.status {
            "matched" => match value {
                Some(v) => format!(
                    "matched {} → {} = {} ({})",
                    plural(parse.matches, "value"),
                    row.variable,
                    quoted(&v.new),
                    v.value_type
                ),
                None => format!("matched {}", plural(parse.matches, "value")),
            },
            "no-match" => format!("matched nothing: {} keeps its previous value", row.variable),
            "body-not-json" => "not applied: the body is not JSON".to_string(),
            other => other.replace('-', " "),
        });
        if row.hint.is_none() {
            row.hint = parse
                .case_hint
                .as_ref()
                .map(|fixed| format!("JSONPath is case-sensitive: {fixed} matches"));
        }
        if row.error.is_none() {
            row.error = parse.error.clone();
        }
    }

    let Some(condition) = &result.condition else {
        let why = result
            .steps
            .iter()
            .flat_map(|s| &s.notes)
            .find(|n| n.level == NoteLevel::Error)
            .map(|n| n.message.clone())
            .unwrap_or_else(|| {
                format!(
                    "the run did not reach the Condition. {}",
                    view.ending.clone().unwrap_or_default()
                )
            });
        view.verdict = Verdict::Error(why);
        return;
    };
    view.exit = Some(condition.exit.clone());
    view.verdict = match condition.exit.as_str() {
        "true" => Verdict::True,
        "false" => Verdict::False,
        _ => Verdict::Error(
            condition
                .problem
                .clone()
                .unwrap_or_else(|| "the Condition took its error exit".to_string()),
        ),
    };
    if let Some(e) = &condition.error {
        view.expression_error = Some(PositionedError::from_engine(e));
    }
    view.expression_warnings = condition
        .warnings
        .iter()
        .map(|w| match &w.hint {
            Some(h) => format!("{} (line {}, column {}; {h})", w.message, w.line, w.column),
            None => format!("{} (line {}, column {})", w.message, w.line, w.column),
        })
        .collect();
    view.explanation = explain(&condition.expression, &condition.trace);
    if let (Some(text), Some(ty)) = (&condition.result, condition.result_type) {
        view.result = Some(format!(
            "the expression gives {} ({ty}) → exit {}",
            quoted(text),
            condition.exit
        ));
    }
    let step = result
        .steps
        .iter()
        .find(|s| s.label == condition.node && s.exit.is_some());
    view.next = step.and_then(|s| s.next.clone()).map(|label| {
        let node = mission
            .flow
            .node_index(&label)
            .and_then(|i| mission.flow.node(i));
        let title = node.map_or_else(String::new, |n| n.kind.title().to_string());
        let detail = match node.map(|n| &n.kind) {
            Some(NodeKind::PlayMessage(_)) => result
                .prompts
                .iter()
                .find(|p| p.node == label)
                .map(|p| format!("says “{}”", p.text)),
            Some(NodeKind::Callback(_)) => result
                .callbacks
                .iter()
                .find(|c| c.node == label)
                .map(|c| format!("schedules a callback to {} in queue {}", c.number, c.queue)),
            _ => None,
        };
        NextNode {
            label,
            title,
            detail,
        }
    });
}

/// The explanation of a Condition evaluation, one line per check, in evaluation order.
pub fn explain(expression: &str, trace: &[TraceEvent]) -> Vec<ExplanationLine> {
    let src = |span: engine::Span| snippet(expression.get(span.start..span.end).unwrap_or(""));
    let typed = |v: &Value| format!("{} ({})", v.describe(), v.type_name());
    trace
        .iter()
        .filter_map(|event| {
            let line = match event {
                TraceEvent::Compare {
                    span,
                    op,
                    left,
                    right,
                    result,
                } => ExplanationLine {
                    source: src(*span),
                    detail: format!("{} {op} {}", typed(left), typed(right)),
                    check: pass(*result),
                },
                TraceEvent::Test {
                    span,
                    name,
                    negated,
                    input,
                    result,
                } => ExplanationLine {
                    source: src(*span),
                    detail: format!(
                        "{} is {}{name}",
                        typed(input),
                        if *negated { "not " } else { "" }
                    ),
                    check: pass(*result),
                },
                TraceEvent::Logic {
                    span,
                    op,
                    left,
                    right,
                    result,
                } => ExplanationLine {
                    source: src(*span),
                    detail: match right {
                        Some(r) => format!("{} {op} {}", typed(left), typed(r)),
                        None => format!("{} {op} … (not needed)", typed(left)),
                    },
                    check: pass(*result),
                },
                TraceEvent::Ternary {
                    span,
                    condition,
                    took_then,
                } => ExplanationLine {
                    source: src(*span),
                    detail: format!(
                        "condition is {} → takes the {} branch",
                        typed(condition),
                        if *took_then {
                            "first (?)"
                        } else {
                            "second (:)"
                        }
                    ),
                    check: Check::Info,
                },
                TraceEvent::Filter {
                    span,
                    name,
                    input,
                    output,
                } => ExplanationLine {
                    source: src(*span),
                    detail: format!("{} | {name} → {}", typed(input), typed(output)),
                    check: Check::Info,
                },
                TraceEvent::Function { span, name, output } => ExplanationLine {
                    source: src(*span),
                    detail: format!("{name}() → {}", typed(output)),
                    check: Check::Info,
                },
                TraceEvent::Method {
                    span,
                    name,
                    input,
                    output,
                } => ExplanationLine {
                    source: src(*span),
                    detail: format!("{}.{name} → {}", typed(input), typed(output)),
                    check: Check::Info,
                },
                TraceEvent::If {
                    span,
                    condition,
                    taken,
                } => ExplanationLine {
                    source: src(*span),
                    detail: format!(
                        "condition is {} → {}",
                        typed(condition),
                        if *taken {
                            "renders this branch"
                        } else {
                            "skips this branch"
                        }
                    ),
                    check: Check::Info,
                },
                TraceEvent::Loop {
                    span,
                    variable,
                    items,
                } => ExplanationLine {
                    source: src(*span),
                    detail: format!("loops {} over {}", plural(*items, "time"), variable),
                    check: Check::Info,
                },
                TraceEvent::Set { span, name, value } => ExplanationLine {
                    source: src(*span),
                    detail: format!("{name} = {}", typed(value)),
                    check: Check::Info,
                },
                TraceEvent::Variable { .. } => return None,
            };
            Some(line)
        })
        .collect()
}

fn pass(result: bool) -> Check {
    if result {
        Check::Passed
    } else {
        Check::Failed
    }
}

/// An expression part on one line, at most 90 characters.
fn snippet(s: &str) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 90 {
        let mut cut: String = one_line.chars().take(89).collect();
        cut.push('…');
        cut
    } else {
        one_line
    }
}

/// A value's text cut for a table cell.
fn cell(s: &str) -> String {
    match s.char_indices().nth(CELL_CHARS) {
        Some((at, _)) => format!("{}…", s.get(..at).unwrap_or("")),
        None => s.to_string(),
    }
}

fn quoted(s: &str) -> String {
    format!("“{}”", cell(s))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn path_rows(inputs: &LabInputs, mission: &MissionFlow) -> Vec<PathRowView> {
    inputs
        .paths
        .iter()
        .map(|row| {
            let mission_path = mission
                .paths
                .iter()
                .find(|m| m.variable == row.variable)
                .map(|m| m.path.clone())
                .unwrap_or_default();
            let (error, hint) = match CompiledPath::compile(&row.path) {
                Ok(_) => (None, None),
                Err(e) => {
                    let message = match &e.excerpt {
                        Some(x) => format!("{}: {x}", e.message),
                        None => e.message.clone(),
                    };
                    (Some(message), e.hint.clone())
                }
            };
            PathRowView {
                variable: row.variable.clone(),
                differs: row.path != mission_path,
                path: row.path.clone(),
                mission_path,
                outcome: None,
                error,
                hint,
            }
        })
        .collect()
}

/// The sentence with its first letter upper-case.
fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
