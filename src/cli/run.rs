//! `flowlab run`: runs the mission flow (or another flow file) against a Search API response and
//! prints each step, the Condition's exit and the hints.

use std::io::{Read, Write};

use serde_json::{json, Map, Value as Json};

use crate::engine::{Clock, FixedClock, SystemClock, Value};
use crate::flow::{
    run as run_flow, Activity, Flow, FlowError, Outcome, PastedResponse, Responder, RunResult,
    StepDetail, Unreachable, MAX_BODY_BYTES,
};
use crate::missions::MissionLab;

use super::mission_arg::{self, MissionArgError};
use super::EXIT_USAGE;

const HELP: &str = "\
usage: flowlab run [--mission SLUG|N] [--content DIR] [--flow FILE] [--response FILE|-]
                   [--status CODE] [--var NAME=TEXT]... [--expression TEXT]
                   [--path VARIABLE=JSONPATH]... [--now EPOCH_MS] [--json] [--start LABEL]
                   [--input KEYS]...

Runs a mission's flow from its start node (the Callback mission: HTTPRequest_CallBackSearch) against
a response and shows every step with the exit taken and the variables modified, then the
Condition's exit and hints.

{MISSION}
  --flow FILE           a flow in Flow Designer export shape (default: the mission's flow)
  --response FILE|-     the response body (`-` reads stdin); without it the request fails
  --status CODE         the HTTP status of the response (default 200)
  --var NAME=TEXT       sets a variable before the run (default: the mission's caller number and
                        entry point, e.g. NewNumber.DigitsEntered=14085267209)
  --expression TEXT     replaces the Condition's expression (what-if)
  --path VAR=JSONPATH   replaces the JSONPath of the parse setting filling VAR (what-if)
  --now EPOCH_MS        fixes the clock (default: the current time)
  --start LABEL         starts at another node (default: the mission's start node, or the flow's
                        start when it has no such node)
  --input KEYS          a caller's key entry for Menu / Collect Digits nodes, in order
  --json                prints one JSON object instead of text

exit status: 0 when the flow ran (whatever the exit), 1 when an input could not be used, 2 usage error";

#[derive(Default)]
struct Options {
    mission: Option<String>,
    content: Option<String>,
    flow: Option<String>,
    response: Option<String>,
    status: Option<i64>,
    vars: Vec<(String, String)>,
    expression: Option<String>,
    paths: Vec<(String, String)>,
    now: Option<i64>,
    start: Option<String>,
    inputs: Vec<String>,
    json: bool,
}

enum Parsed {
    Run(Box<Options>),
    Help,
}

fn parse_args(args: &[String]) -> Result<Parsed, String> {
    let mut o = Options::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        // `--flag=value` and `--flag value` are both accepted.
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            match inline.clone() {
                Some(v) => Ok(v),
                None => it
                    .next()
                    .cloned()
                    .ok_or_else(|| format!("{name} needs a value")),
            }
        };
        match flag {
            "-h" | "--help" => return Ok(Parsed::Help),
            "--json" => o.json = true,
            "--mission" => o.mission = Some(value(flag)?),
            "--content" => o.content = Some(value(flag)?),
            "--flow" => o.flow = Some(value(flag)?),
            "--response" => o.response = Some(value(flag)?),
            "--status" => {
                let v = value(flag)?;
                let code = v
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|c| (100..=599).contains(c))
                    .ok_or_else(|| {
                        format!("--status takes an HTTP status code from 100 to 599, not `{v}`")
                    })?;
                o.status = Some(code);
            }
            "--var" => o.vars.push(pair(flag, &value(flag)?)?),
            "--path" => o.paths.push(pair(flag, &value(flag)?)?),
            "--expression" => o.expression = Some(value(flag)?),
            "--now" => {
                let v = value(flag)?;
                o.now = Some(
                    v.trim()
                        .parse::<i64>()
                        .map_err(|_| format!("--now takes epoch milliseconds, not `{v}`"))?,
                );
            }
            "--start" => o.start = Some(value(flag)?),
            "--input" => o.inputs.push(value(flag)?),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(Parsed::Run(Box::new(o)))
}

fn pair(flag: &str, text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_string(), value.to_string()))
        }
        _ => Err(format!("{flag} takes NAME=VALUE, not `{text}`")),
    }
}

fn help() -> String {
    HELP.replace("{MISSION}", mission_arg::HELP)
}

pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let options = match parse_args(args) {
        Ok(Parsed::Help) => {
            let _ = writeln!(out, "{}", help());
            return 0;
        }
        Ok(Parsed::Run(o)) => o,
        Err(message) => {
            let _ = writeln!(err, "flowlab run: {message}\n\n{}", help());
            return EXIT_USAGE;
        }
    };
    let lab = match mission_arg::registry(options.content.as_deref())
        .and_then(|registry| mission_arg::select(&registry, options.mission.as_deref()))
        .and_then(|mission| mission_arg::lab_of(&mission).cloned())
    {
        Ok(lab) => lab,
        Err(e) => {
            let _ = writeln!(err, "flowlab run: {}", e.message());
            if matches!(e, MissionArgError::Usage(_)) {
                let _ = writeln!(err, "\n{}", help());
            }
            return e.exit_code();
        }
    };
    match execute(&options, &lab) {
        Ok(result) => {
            let written = if options.json {
                serde_json::to_writer_pretty(&mut *out, &json_report(&result))
                    .map_err(std::io::Error::from)
                    .and_then(|_| writeln!(out))
            } else {
                write_human(out, &result)
            };
            match written {
                Ok(()) => 0,
                Err(e) => {
                    let _ = writeln!(err, "flowlab run: cannot write the output: {e}");
                    1
                }
            }
        }
        Err(message) => {
            let _ = writeln!(err, "flowlab run: {message}");
            1
        }
    }
}

fn execute(o: &Options, lab: &MissionLab) -> Result<RunResult, String> {
    let mut flow = match &o.flow {
        Some(path) => Flow::from_json(&read_input(path, "flow")?).map_err(|e| in_file(path, &e))?,
        None => lab.flow.clone(),
    };
    if let Some(expression) = &o.expression {
        flow.set_condition_expression(None, expression)
            .map_err(|e| e.to_string())?;
    }
    for (variable, path) in &o.paths {
        flow.set_parse_path(None, variable, path)
            .map_err(|e| e.to_string())?;
    }

    let mut input = lab.run_input();
    if let Some(start) = &o.start {
        input.start = Some(start.clone());
    } else if input
        .start
        .as_deref()
        .is_some_and(|label| flow.node_index(label).is_none())
    {
        // Another flow than the mission's: from its own start.
        input.start = None;
    }
    input.inputs = o.inputs.clone();
    for (name, text) in &o.vars {
        let value = Value::String(text.clone());
        match input.variables.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => input.variables.push((name.clone(), value)),
        }
    }

    let mut responder: Box<dyn Responder> = match &o.response {
        Some(path) => {
            let body = read_input(path, "response")?;
            Box::new(
                PastedResponse::new(o.status.unwrap_or(200), body)
                    .map_err(|e| in_file(path, &e))?,
            )
        }
        None => Box::new(Unreachable),
    };
    let clock: Box<dyn Clock> = match o.now {
        Some(ms) => Box::new(FixedClock(ms)),
        None => Box::new(SystemClock),
    };
    let mut result =
        run_flow(&flow, &input, responder.as_mut(), clock.as_ref()).map_err(|e| e.to_string())?;
    if o.response.is_none() {
        if let Some(step) = result
            .steps
            .iter_mut()
            .find(|s| s.kind.is(Activity::HttpRequest))
        {
            step.notes.push(crate::flow::Note::info(
                "no --response given: the request fails as if the API were unreachable",
            ));
        }
    }
    Ok(result)
}

fn in_file(path: &str, e: &FlowError) -> String {
    format!("{path}: {e}")
}

/// Reads a file (or stdin for `-`) as UTF-8 text, refusing anything larger than [`MAX_BODY_BYTES`].
fn read_input(path: &str, what: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    let limit = MAX_BODY_BYTES as u64 + 1;
    let read = if path == "-" {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    let name = if path == "-" { "stdin" } else { path };
    read.map_err(|e| format!("cannot read the {what} {name}: {e}"))?;
    if bytes.len() > MAX_BODY_BYTES {
        return Err(format!(
            "the {what} {name} is larger than {} MB",
            MAX_BODY_BYTES / (1024 * 1024)
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "the {what} {name} is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

// ---- output ----------------------------------------------------------------------------------------

pub(super) fn json_report(result: &RunResult) -> Json {
    let variables: Map<String, Json> = result
        .variables
        .iter()
        .map(|(name, value)| (name.to_string(), Json::String(value.to_text())))
        .collect();
    json!({
        "exit": result.exit(),
        "path": result.path(),
        "variables": variables,
        "steps": result.steps,
        "request": result.request,
        "hints": result.hints,
        "outcome": result.outcome,
        "condition": result.condition,
        "response": result.response,
        "parses": result.parses,
        "prompts": result.prompts,
        "callbacks": result.callbacks,
    })
}

fn short(text: &str) -> String {
    let one_line = text.replace('\n', "⏎");
    match one_line.char_indices().nth(80) {
        Some((at, _)) => format!("\"{}…\"", one_line.get(..at).unwrap_or("")),
        None => format!("\"{one_line}\""),
    }
}

pub(super) fn write_human(out: &mut dyn Write, result: &RunResult) -> std::io::Result<()> {
    for (i, step) in result.steps.iter().enumerate() {
        let exit = match (&step.exit, &step.next) {
            (Some(exit), Some(next)) => format!("{exit} → {next}"),
            (Some(exit), None) => format!("{exit} → (not connected)"),
            (None, _) => "(stops here)".to_string(),
        };
        writeln!(out, "{:>2}. {} [{}] {exit}", i + 1, step.label, step.kind)?;
        match &step.detail {
            Some(StepDetail::Http { request, .. }) => {
                let window = match (&request.from, &request.to) {
                    (Some(f), Some(t)) => format!(" from {} to {}", f.utc, t.utc),
                    _ => String::new(),
                };
                writeln!(
                    out,
                    "      request: {} {}{window}",
                    request.method, request.path
                )?;
            }
            Some(StepDetail::Prompt { text }) => writeln!(out, "      says: {}", short(text))?,
            Some(StepDetail::Callback(cb)) => {
                writeln!(out, "      callback to {} in queue {}", cb.number, cb.queue)?
            }
            Some(StepDetail::Condition(c)) => {
                if let Some(r) = &c.result {
                    writeln!(
                        out,
                        "      expression gives {} ({})",
                        short(r),
                        c.result_type.unwrap_or("?")
                    )?;
                }
            }
            _ => {}
        }
        for m in &step.modified {
            let old = m.old.as_deref().map_or("(unset)".to_string(), short);
            writeln!(
                out,
                "      {}: {old} → {} ({})",
                m.name,
                short(&m.new),
                m.value_type
            )?;
        }
        for note in &step.notes {
            writeln!(out, "      {:?}: {}", note.level, note.message)?;
            if let Some(hint) = &note.hint {
                writeln!(out, "        hint: {hint}")?;
            }
        }
    }
    let ending = match &result.outcome {
        Outcome::WaitingForInput { node, .. } => {
            format!("the run waits for the caller's keys at {node} (use --input)")
        }
        other => other.describe(),
    };
    match &result.condition {
        Some(c) => writeln!(out, "Outcome: {} → {}; {ending}", c.node, c.exit)?,
        None => writeln!(out, "Outcome: {ending} (no Condition ran)")?,
    }
    if !result.hints.is_empty() {
        writeln!(out, "Hints:")?;
        for hint in &result.hints {
            writeln!(out, "  - {}", hint.message)?;
        }
    }
    Ok(())
}
