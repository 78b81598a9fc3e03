//! The runner: pure and deterministic. Inputs are a flow, a starting node, initial variables, a
//! [`Responder`], a clock and the caller's keys; the output is a [`RunResult`] — the same facts as the
//! Debugger's "Modified Variables", plus the reasons.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use serde::{Serialize, Serializer};

use engine::{self, Clock, Diagnostic, TraceEvent, Value, Variables};

use super::error::{FlowError, FlowErrorKind};
use super::hints::{compute_hints, Hint, SearchHints};
use super::kinds::{ActivityKind, Ctx, Next};
use super::model::Flow;
use super::parse_settings::ParseSetting;
use super::request::RenderedRequest;
use super::response::{BodyJsonError, HttpReply, PreparedBody, Responder};

/// Steps a run may take before it is stopped (loops in a flow are legal: menus repeat).
pub const DEFAULT_MAX_STEPS: usize = 200;
/// Characters of a variable's text kept in a step record (full values are in the final variables).
pub const PREVIEW_CHARS: usize = 2_000;

/// What to run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunInput {
    /// Label of the node to start at; `None` = the flow's start node.
    pub start: Option<String>,
    /// Values set after the flow variables' defaults (activity outputs such as
    /// `NewNumber.DigitsEntered`, or flow variables).
    pub variables: Vec<(String, Value)>,
    /// The caller's keys, consumed in order by Menu and Collect Digits nodes.
    pub inputs: Vec<String>,
    pub max_steps: usize,
    /// What an activity the model does not simulate (an opaque node) does.
    pub unsimulated: Unsimulated,
    /// The mission's Search API facts, for the hints (`None`: the hints speak of the flow only).
    pub search: Option<SearchHints>,
}

impl Default for RunInput {
    fn default() -> Self {
        RunInput {
            start: None,
            variables: Vec::new(),
            inputs: Vec::new(),
            max_steps: DEFAULT_MAX_STEPS,
            unsimulated: Unsimulated::FollowOnlyExit,
            search: None,
        }
    }
}

/// How a run treats an activity the model does not simulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unsimulated {
    /// Leave by its only connected exit (the Condition lab: such a node rarely matters to the
    /// verdict); with several exits the run stops there.
    #[default]
    FollowOnlyExit,
    /// Stop there (the simulator: a call must not pretend to pass a node nobody ran).
    Stop,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Outcome {
    /// A Disconnect Contact (or an unknown node with nowhere to go) ended the contact.
    Ended { node: String },
    /// A Menu or Collect Digits node needs a key that the inputs do not have.
    WaitingForInput { node: String, prompt: String },
    /// The exit the node took is not connected to anything.
    DeadEnd { node: String, exit: String },
    /// The run took [`RunInput::max_steps`] steps; `cycle` is the loop it was going round when it
    /// stopped (labels, from the first node of the loop), when its last steps repeat.
    StepLimit { limit: usize, cycle: Vec<String> },
    /// The run came back to a node with nothing changed since its last visit (no variable, no key
    /// entered): it would go round `cycle` for ever (a caller waiting in a music loop, a menu with no
    /// key left that loops on itself…).
    Loop { node: String, cycle: Vec<String> },
    /// The run reached an activity the model does not simulate and could not go past it: `exits`
    /// are its connected exits (an input naming one lets the run go on), `needs` what it depends on.
    NotSimulated {
        node: String,
        activity: String,
        exits: Vec<String>,
        needs: String,
    },
}

impl Outcome {
    /// How the run ended, in words (lower-case start: callers add their own frame).
    pub fn describe(&self) -> String {
        match self {
            Outcome::Ended { node } => format!("the contact ends at {node}"),
            Outcome::WaitingForInput { node, .. } => {
                format!("the run waits for the caller's keys at {node}")
            }
            Outcome::DeadEnd { node, exit } => {
                format!("the run stops at {node}: its `{exit}` exit is not connected")
            }
            Outcome::StepLimit { limit, cycle } if cycle.is_empty() => {
                format!("the run stopped after {limit} steps")
            }
            Outcome::StepLimit { limit, cycle } => format!(
                "the run stopped after {limit} steps, going round the loop {}",
                cycle_words(cycle)
            ),
            Outcome::Loop { cycle, .. } => format!(
                "the run goes round a loop that changes nothing: {}; in Flow Designer the contact would stay in it (music while it waits for an agent, a menu repeating) until something outside the flow happens",
                cycle_words(cycle)
            ),
            Outcome::NotSimulated {
                node,
                activity,
                exits,
                needs,
            } => {
                let exits = if exits.is_empty() {
                    "none of its exits is connected".to_string()
                } else {
                    format!(
                        "give the exit it takes as an input to go on ({})",
                        exits.join(", ")
                    )
                };
                format!("the run stops at {node}: `{activity}` is not simulated (it needs {needs}); {exits}")
            }
        }
    }
}

/// `A → B → A`: the loop, back to its first node.
fn cycle_words(cycle: &[String]) -> String {
    let mut words: Vec<&str> = cycle.iter().map(String::as_str).collect();
    if let Some(first) = cycle.first() {
        words.push(first);
    }
    words.join(" → ")
}

/// A note on a step: what happened that the values alone do not say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub level: NoteLevel,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteLevel {
    Info,
    Warning,
    Error,
}

impl Note {
    fn with_level(level: NoteLevel, message: impl Into<String>) -> Note {
        Note {
            level,
            message: message.into(),
            excerpt: None,
            hint: None,
        }
    }
    pub fn info(message: impl Into<String>) -> Note {
        Self::with_level(NoteLevel::Info, message)
    }
    pub fn warning(message: impl Into<String>) -> Note {
        Self::with_level(NoteLevel::Warning, message)
    }
    pub fn error(message: impl Into<String>) -> Note {
        Self::with_level(NoteLevel::Error, message)
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Note {
        self.hint = Some(hint.into());
        self
    }
    pub fn with_excerpt(mut self, excerpt: impl Into<String>) -> Note {
        self.excerpt = Some(excerpt.into());
        self
    }
    pub fn from_error(e: &FlowError) -> Note {
        let message = match &e.location {
            Some(at) => format!("{at}: {}", e.message),
            None => e.message.clone(),
        };
        Note {
            level: NoteLevel::Error,
            message,
            excerpt: e.excerpt.clone(),
            hint: e.hint.clone(),
        }
    }
}

/// A variable assigned by a step, with its text before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModifiedVariable {
    pub name: String,
    /// The stored value's type (`STRING`, `INTEGER`, …, `NULL`).
    #[serde(rename = "type")]
    pub value_type: &'static str,
    /// Text before (`None` when the variable had no value yet).
    pub old: Option<String>,
    pub new: String,
    pub changed: bool,
    /// The texts were cut to [`PREVIEW_CHARS`] characters.
    pub truncated: bool,
}

impl ModifiedVariable {
    pub(crate) fn new(name: &str, old: Option<&Value>, new: &Value) -> ModifiedVariable {
        let (old_text, old_cut) = match old {
            Some(v) => {
                let (t, cut) = preview(v);
                (Some(t), cut)
            }
            None => (None, false),
        };
        let (new_text, new_cut) = preview(new);
        ModifiedVariable {
            name: name.to_string(),
            value_type: new.type_name(),
            changed: old != Some(new),
            old: old_text,
            new: new_text,
            truncated: old_cut || new_cut,
        }
    }
}

/// A value's text cut to [`PREVIEW_CHARS`], without copying a long string first.
fn preview(v: &Value) -> (String, bool) {
    let cut = |s: &str| match s.char_indices().nth(PREVIEW_CHARS) {
        Some((at, _)) => (format!("{}…", s.get(..at).unwrap_or("")), true),
        None => (s.to_string(), false),
    };
    match v {
        Value::String(s) => cut(s),
        other => cut(&other.to_text()),
    }
}

/// A Play Message's spoken text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prompt {
    pub node: String,
    pub text: String,
}

/// A callback the Callback node asked for (for the simulator).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallbackRequest {
    pub node: String,
    pub number: String,
    pub queue: String,
    /// Clock time of the request, epoch ms.
    pub requested_at: i64,
}

/// The response as the run saw it (the body itself is in `httpResponseBody`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResponseSummary {
    pub status: i64,
    pub body_bytes: usize,
    /// Why the body is not JSON, when it is not.
    pub json_error: Option<BodyJsonError>,
}

impl ResponseSummary {
    pub(crate) fn new(reply: &HttpReply) -> ResponseSummary {
        ResponseSummary {
            status: reply.status,
            body_bytes: reply.body.text().len(),
            json_error: reply.body.json_error().cloned(),
        }
    }
}

/// What one parse setting did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParseOutcome {
    pub node: String,
    pub variable: String,
    pub path: String,
    /// `matched`, `no-match`, `body-not-json`, `invalid-path`, `unknown-variable`, `too-many`,
    /// `too-expensive`, `conversion-failed`.
    pub status: &'static str,
    pub matches: usize,
    /// Type of the matched value before conversion.
    pub found_type: Option<&'static str>,
    /// A corrected path when the path matches only if letter case is ignored.
    pub case_hint: Option<String>,
    pub error: Option<String>,
}

impl ParseOutcome {
    pub(crate) fn new(node: &str, setting: &ParseSetting, status: &'static str) -> ParseOutcome {
        ParseOutcome {
            node: node.to_string(),
            variable: setting.variable.clone(),
            path: setting.path.clone(),
            status,
            matches: 0,
            found_type: None,
            case_hint: None,
            error: None,
        }
    }
}

/// The evaluation of a Condition node: its exit and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConditionReport {
    pub node: String,
    pub expression: String,
    /// `true`, `false` or `error`.
    pub exit: String,
    /// The rendered text.
    pub result: Option<String>,
    /// The rendered value's type (`STRING` for "true", `BOOLEAN` for true).
    pub result_type: Option<&'static str>,
    /// Every comparison, ternary, filter of the evaluation, in order.
    pub trace: Vec<TraceEvent>,
    pub warnings: Vec<Diagnostic>,
    /// The expression error, when it did not evaluate.
    pub error: Option<engine::Error>,
    /// Why the exit is `error`, in words.
    pub problem: Option<String>,
}

/// Kind-specific facts of a step.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum StepDetail {
    Prompt {
        text: String,
    },
    Music {
        audio: String,
    },
    Queue {
        queue: String,
    },
    Menu {
        prompt: String,
        key: String,
        option: String,
    },
    Digits {
        prompt: String,
        digits: String,
    },
    Http {
        request: Box<RenderedRequest>,
        response: Option<ResponseSummary>,
        parses: Vec<ParseOutcome>,
    },
    Condition(Box<ConditionReport>),
    Callback(CallbackRequest),
    /// A Case node: its expression's value and the branch it chose.
    Case {
        expression: String,
        value: String,
        exit: String,
    },
    /// A Parse node: the variable parsed and what each row did.
    Parse {
        input: String,
        parses: Vec<ParseOutcome>,
    },
}

/// One node visited.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub node_id: String,
    pub label: String,
    /// The activity (`http-request-v2`, …; serialized as that name).
    pub kind: ActivityKind,
    /// The exit taken (`None` when the run ended or waits here).
    pub exit: Option<String>,
    /// Label of the node the exit leads to.
    pub next: Option<String>,
    pub modified: Vec<ModifiedVariable>,
    pub notes: Vec<Note>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<StepDetail>,
}

/// Facts collected across steps.
#[derive(Debug, Clone, Default)]
pub(crate) struct Record {
    pub request: Option<RenderedRequest>,
    pub response: Option<ResponseSummary>,
    pub body: Option<Arc<PreparedBody>>,
    pub parses: Vec<ParseOutcome>,
    pub condition: Option<ConditionReport>,
    pub prompts: Vec<Prompt>,
    pub callbacks: Vec<CallbackRequest>,
}

/// A flow variable's final value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariableValue {
    pub name: String,
    #[serde(rename = "type")]
    pub value_type: &'static str,
    pub text: String,
}

/// Everything a run found out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunResult {
    pub outcome: Outcome,
    pub steps: Vec<Step>,
    /// The last Condition evaluated (the mission's verdict).
    pub condition: Option<ConditionReport>,
    /// The last request an HTTP Request node rendered.
    pub request: Option<RenderedRequest>,
    pub response: Option<ResponseSummary>,
    /// Every parse setting applied, in order.
    pub parses: Vec<ParseOutcome>,
    pub prompts: Vec<Prompt>,
    pub callbacks: Vec<CallbackRequest>,
    pub hints: Vec<Hint>,
    /// All variables at the end (flow variables and activity outputs), by name.
    #[serde(serialize_with = "variables_as_list")]
    pub variables: Variables,
}

fn variables_as_list<S: Serializer>(vars: &Variables, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(vars.iter().map(|(name, v)| VariableValue {
        name: name.to_string(),
        value_type: v.type_name(),
        text: v.to_text(),
    }))
}

impl RunResult {
    /// The Condition's exit: `true`, `false`, or `error` (also when no Condition ran).
    pub fn exit(&self) -> &str {
        self.condition.as_ref().map_or("error", |c| c.exit.as_str())
    }

    /// Labels of the nodes visited, in order.
    pub fn path(&self) -> Vec<&str> {
        self.steps.iter().map(|s| s.label.as_str()).collect()
    }

    /// The text of a variable at the end of the run.
    pub fn variable_text(&self, name: &str) -> Option<String> {
        self.variables.get(name).map(Value::to_text)
    }
}

/// The flow variables with their defaults, converted to their types.
pub fn initial_variables(flow: &Flow) -> Variables {
    let mut vars = Variables::new();
    for decl in &flow.variables {
        // Defaults were checked when the flow loaded; a failure here leaves the variable empty.
        let value = decl
            .var_type
            .parse_default(&decl.default)
            .unwrap_or(Value::Null);
        vars.set(&decl.name, value);
    }
    vars
}

/// Runs `flow` from `input.start` until the contact ends, waits for a key, reaches an unconnected
/// exit or takes `input.max_steps` steps. Fails only when the start node does not exist.
pub fn run(
    flow: &Flow,
    input: &RunInput,
    responder: &mut dyn Responder,
    clock: &dyn Clock,
) -> Result<RunResult, FlowError> {
    let mut current = match &input.start {
        Some(label) => flow.node_index(label).ok_or_else(|| {
            FlowError::new(
                FlowErrorKind::NotFound,
                format!("no node is labelled `{label}`"),
            )
            .with_hint(format!(
                "labels: {}",
                flow.nodes
                    .iter()
                    .map(|n| n.label.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?,
        None => flow.start,
    };
    let mut vars = initial_variables(flow);
    for (name, value) in &input.variables {
        let value = match flow.variable(name) {
            Some(decl) => decl.var_type.convert(value).map_err(|e| {
                FlowError::new(
                    FlowErrorKind::Conversion,
                    format!("initial value of `{name}`: {e}"),
                )
            })?,
            None => value.clone(),
        };
        vars.set(name, value);
    }
    let mut inputs: VecDeque<String> = input.inputs.iter().cloned().collect();
    let mut record = Record::default();
    let mut steps: Vec<Step> = Vec::new();

    // Per node: the step it was last entered at, with the changes and inputs left at that moment.
    let mut visits: HashMap<usize, (usize, usize, usize)> = HashMap::new();
    let mut changes = 0usize;

    let outcome = loop {
        if steps.len() >= input.max_steps {
            break Outcome::StepLimit {
                limit: input.max_steps,
                cycle: repeating_tail(&steps),
            };
        }
        let Some(node) = flow.nodes.get(current) else {
            // Links are checked at load time; this only guards against a hand-built Flow.
            break Outcome::Ended {
                node: format!("#{current}"),
            };
        };
        let state = (steps.len(), changes, inputs.len());
        if let Some(&(since, then_changes, then_inputs)) = visits.get(&current) {
            if then_changes == changes && then_inputs == inputs.len() {
                break Outcome::Loop {
                    node: node.label.clone(),
                    cycle: steps
                        .get(since..)
                        .unwrap_or(&[])
                        .iter()
                        .map(|s| s.label.clone())
                        .collect(),
                };
            }
        }
        visits.insert(current, state);
        let mut step = Step {
            node_id: node.id.clone(),
            label: node.label.clone(),
            kind: node.kind.activity(),
            exit: None,
            next: None,
            modified: Vec::new(),
            notes: Vec::new(),
            detail: None,
        };
        let next = {
            let mut ctx = Ctx {
                flow,
                index: current,
                label: &node.label,
                vars: &mut vars,
                clock,
                unsimulated: input.unsimulated,
                responder: &mut *responder,
                inputs: &mut inputs,
                step: &mut step,
                record: &mut record,
            };
            node.kind.execute(&mut ctx)
        };
        changes += step.modified.iter().filter(|m| m.changed).count();
        match next {
            Next::Exit(exit) => {
                let target = flow.follow(current, &exit);
                step.next = target
                    .and_then(|t| flow.nodes.get(t))
                    .map(|n| n.label.clone());
                step.exit = Some(exit.clone());
                steps.push(step);
                match target {
                    Some(t) => current = t,
                    None => {
                        break Outcome::DeadEnd {
                            node: node.label.clone(),
                            exit,
                        }
                    }
                }
            }
            Next::Wait { prompt } => {
                steps.push(step);
                break Outcome::WaitingForInput {
                    node: node.label.clone(),
                    prompt,
                };
            }
            Next::End => {
                steps.push(step);
                break Outcome::Ended {
                    node: node.label.clone(),
                };
            }
            Next::NotSimulated {
                activity,
                exits,
                needs,
            } => {
                steps.push(step);
                break Outcome::NotSimulated {
                    node: node.label.clone(),
                    activity,
                    exits,
                    needs,
                };
            }
        }
    };

    let hints = compute_hints(&record, input.search.as_ref());
    Ok(RunResult {
        outcome,
        steps,
        condition: record.condition,
        request: record.request,
        response: record.response,
        parses: record.parses,
        prompts: record.prompts,
        callbacks: record.callbacks,
        hints,
        variables: vars,
    })
}

/// The loop the last steps go round: the shortest sequence of labels that the tail of the run
/// repeats at least twice (empty when it does not repeat).
fn repeating_tail(steps: &[Step]) -> Vec<String> {
    let n = steps.len();
    for period in 1..=n / 2 {
        let repeats =
            (0..period).all(
                |i| match (steps.get(n - 1 - i), steps.get(n - 1 - i - period)) {
                    (Some(a), Some(b)) => a.node_id == b.node_id,
                    _ => false,
                },
            );
        if repeats {
            return steps
                .get(n - period..)
                .unwrap_or(&[])
                .iter()
                .map(|s| s.label.clone())
                .collect();
        }
    }
    Vec::new()
}
