//! `flowlab check-flow FILE [--mission N] [--response FILE] … [--json]`: imports a Flow Designer
//! export and says what the companion understood of it (nodes by kind, what it runs and what it only
//! keeps, variables, requests), runs it from its start with `--response`, or compares it with a
//! mission with `--mission N` (the same findings as the companion, for proctors).
//!
//! Exit 0 when the flow imported (and, with `--mission`, matches: notes only), 1 on findings or a
//! file that cannot be read or imported, 2 on a usage error. With `--json`, errors too are JSON on
//! stdout: `{"error": {kind, message, location, excerpt, hint}}`.

use std::io::{Read, Write};

use serde_json::json;

use crate::engine::{Clock, FixedClock, SystemClock, Value};
use crate::flow::model::MAX_FLOW_BYTES;
use crate::flow::{
    run as run_flow, FlowError, FlowErrorKind, FlowSummary, PastedResponse, Responder, RunInput,
    RunResult, Support, Unreachable, MAX_BODY_BYTES,
};
use crate::flowcheck::{
    check_imported, import, is_mission_flow, mission, mission_labels, Imported, Severity, MISSIONS,
};

use super::run::{json_report, write_human};
use super::EXIT_USAGE;

/// The mission a described flow is compared with to say whether it is the mission's.
const DESCRIBED_MISSION: u32 = 4;

const HELP: &str = "\
usage: flowlab check-flow FILE [--json]
       flowlab check-flow FILE --response FILE|- [--status CODE] [--input KEYS]... [--var NAME=TEXT]...
                          [--now EPOCH_MS] [--json]
       flowlab check-flow FILE --mission N [--json]

Imports a Flow Designer export (FILE, or `-` for stdin) and prints what the companion understood:
its nodes by kind (which ones it runs, which ones it keeps without running them, and what those
need), its flow variables, its HTTP requests, and the nodes no path from the start reaches.

  --response FILE|-     also runs the flow from its start; every HTTP Request gets this body
  --status CODE         the HTTP status of that response (default 200)
  --input KEYS          a caller's key entry for Menu / Collect Digits nodes, in order, or the exit
                        an activity the companion does not run takes (`ESCALATE`)
  --var NAME=TEXT       sets a variable before the run (`NewPhoneContact.ANI=+14085550100`)
  --now EPOCH_MS        fixes the clock (default: the current time)
  --mission N           compares the flow with mission N's Build steps instead (flow variables, the
                        HTTP Request node and its Parse Settings, Set Variable, the Condition's
                        expression and exits, Play Message, Disconnect Contact, VerifyNumber's
                        option 1) and prints `error|note: Build step N: …` with the guide's link
  --json                one JSON object: {\"flow\":{…},\"notes\":[…],\"run\":{…}} or, with --mission,
                        {\"notes\":[…],\"findings\":[…]}; errors as {\"error\":{…}}

exit status: 0 imported (with --mission: matches, notes only), 1 errors found or FILE unreadable,
2 usage error";

#[derive(Default)]
struct Options {
    file: String,
    mission: Option<u32>,
    json: bool,
    response: Option<String>,
    status: Option<i64>,
    inputs: Vec<String>,
    vars: Vec<(String, String)>,
    now: Option<i64>,
}

fn parse_args(args: &[String]) -> Result<Option<Options>, String> {
    let mut o = Options::default();
    let mut file = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
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
            "-h" | "--help" => return Ok(None),
            "--json" if inline.is_none() => o.json = true,
            "--mission" => {
                let v = value(flag)?;
                o.mission = Some(
                    v.trim()
                        .parse()
                        .map_err(|_| format!("--mission takes a mission number, not `{v}`"))?,
                );
            }
            "--response" => o.response = Some(value(flag)?),
            "--status" => {
                let v = value(flag)?;
                o.status = Some(
                    v.trim()
                        .parse::<i64>()
                        .ok()
                        .filter(|c| (100..=599).contains(c))
                        .ok_or_else(|| {
                            format!("--status takes an HTTP status code from 100 to 599, not `{v}`")
                        })?,
                );
            }
            "--input" => o.inputs.push(value(flag)?),
            "--var" => {
                let v = value(flag)?;
                match v.split_once('=') {
                    Some((name, text)) if !name.trim().is_empty() => {
                        o.vars.push((name.trim().to_string(), text.to_string()))
                    }
                    _ => return Err(format!("--var takes NAME=VALUE, not `{v}`")),
                }
            }
            "--now" => {
                let v = value(flag)?;
                o.now = Some(
                    v.trim()
                        .parse()
                        .map_err(|_| format!("--now takes epoch milliseconds, not `{v}`"))?,
                );
            }
            f if f.starts_with('-') && f.len() > 1 => {
                return Err(format!("unknown option `{arg}`"))
            }
            _ if file.is_some() => return Err(format!("unexpected argument `{arg}` (one FILE)")),
            _ => file = Some(arg.clone()),
        }
    }
    o.file = file.ok_or("FILE is missing")?;
    if o.mission.is_some() && (o.response.is_some() || !o.inputs.is_empty()) {
        return Err("--mission compares with the mission; run the flow without it".into());
    }
    Ok(Some(o))
}

/// Reads FILE (or stdin) as UTF-8, refusing more than `limit` bytes before reading them all.
fn read_input(file: &str, what: &str, limit: usize) -> Result<String, FlowError> {
    let mut bytes = Vec::new();
    let read = if file == "-" {
        std::io::stdin()
            .take(limit as u64 + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file).and_then(|f| f.take(limit as u64 + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| {
        FlowError::new(
            FlowErrorKind::NotFound,
            format!("cannot read the {what} {file}: {e}"),
        )
    })?;
    if bytes.len() > limit {
        return Err(FlowError::new(
            FlowErrorKind::TooLarge,
            format!(
                "the {what} {file} is larger than {} MB",
                limit / (1024 * 1024)
            ),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        FlowError::new(
            FlowErrorKind::FlowFormat,
            format!(
                "the {what} {file} is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
        .with_hint("export the flow again")
    })
}

/// Prints `e` as the command's failure (JSON on stdout with --json) and returns exit 1.
fn fail(o: &Options, e: &FlowError, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    if o.json {
        let _ = writeln!(out, "{}", json!({ "file": o.file, "error": e }));
    } else {
        let _ = writeln!(err, "flowlab check-flow: {}: {e}", o.file);
    }
    1
}

pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let options = match parse_args(args) {
        Ok(Some(o)) => o,
        Ok(None) => {
            let _ = writeln!(out, "{HELP}");
            return 0;
        }
        Err(message) => {
            let _ = writeln!(err, "flowlab check-flow: {message}\n\n{HELP}");
            return EXIT_USAGE;
        }
    };
    let text = match read_input(&options.file, "flow", MAX_FLOW_BYTES) {
        Ok(t) => t,
        Err(e) => return fail(&options, &e, out, err),
    };
    let imported = match import(&text) {
        Ok(i) => i,
        Err(e) => return fail(&options, &e, out, err),
    };
    match options.mission {
        Some(number) => check_mission(&options, number, &imported, out, err),
        None => describe(&options, &imported, out, err),
    }
}

fn check_mission(
    o: &Options,
    number: u32,
    imported: &Imported,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Some(spec) = mission(number) else {
        let known: Vec<String> = MISSIONS.iter().map(|m| m.number.to_string()).collect();
        let _ = writeln!(
            err,
            "flowlab check-flow: no reference flow for mission {number}; known: {}",
            known.join(", ")
        );
        return EXIT_USAGE;
    };
    let findings = check_imported(imported, spec);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let mission_flow = is_mission_flow(&imported.flow, spec);
    if o.json {
        let doc = json!({
            "notes": imported.notes,
            "findings": findings,
            "missionFlow": mission_flow,
        });
        let _ = writeln!(out, "{doc}");
        return i32::from(errors > 0);
    }
    for note in &imported.notes {
        let _ = writeln!(out, "import: {note}");
    }
    if !mission_flow {
        let _ = writeln!(
            out,
            "not the mission's flow: no node is labelled {} as in the guide; the findings below compare it anyway",
            mission_labels(spec)
        );
    }
    for f in &findings {
        let severity = match f.severity {
            Severity::Error => "error",
            Severity::Note => "note",
        };
        let _ = writeln!(out, "{severity}: {}\n  see {}", f.message, f.anchor);
        if let Some(hint) = &f.hint {
            let _ = writeln!(out, "  hint: {hint}");
        }
    }
    let notes = findings.len() - errors;
    let _ = if errors == 0 {
        writeln!(
            out,
            "{}: matches mission {} ({notes} note{})",
            o.file,
            spec.number,
            if notes == 1 { "" } else { "s" }
        )
    } else {
        writeln!(
            out,
            "{}: {errors} error{} and {notes} note{} against mission {}",
            o.file,
            if errors == 1 { "" } else { "s" },
            if notes == 1 { "" } else { "s" },
            spec.number
        )
    };
    i32::from(errors > 0)
}

fn describe(o: &Options, imported: &Imported, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let summary = FlowSummary::of(&imported.flow);
    let run = if o.response.is_some() || !o.inputs.is_empty() {
        match run_from_start(o, imported) {
            Ok(result) => Some(result),
            Err(e) => return fail(o, &e, out, err),
        }
    } else {
        None
    };
    let spec = mission(DESCRIBED_MISSION);
    let mission_flow = spec.is_some_and(|spec| is_mission_flow(&imported.flow, spec));
    if o.json {
        let doc = json!({
            "flow": summary,
            "notes": imported.notes,
            "missionFlow": mission_flow,
            "run": run.as_ref().map(json_report),
        });
        let _ = writeln!(out, "{doc}");
        return 0;
    }
    let written =
        write_summary(out, o, imported, &summary, mission_flow).and_then(|_| match &run {
            Some(result) => {
                writeln!(out, "\nRun from {}:", summary.start)?;
                write_human(out, result)
            }
            None => Ok(()),
        });
    match written {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(err, "flowlab check-flow: cannot write the output: {e}");
            1
        }
    }
}

fn write_summary(
    out: &mut dyn Write,
    o: &Options,
    imported: &Imported,
    s: &FlowSummary,
    mission_flow: bool,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{}: “{}”, {} activities and {} links, starting at {}",
        o.file, s.name, s.nodes, s.links, s.start
    )?;
    writeln!(
        out,
        "The companion runs {} of the {} activities.",
        s.simulated(),
        s.nodes
    )?;
    for k in &s.kinds {
        let tag = match k.support {
            Support::Runs => "runs",
            Support::Opaque => "kept, not run",
        };
        writeln!(
            out,
            "  {} ({}, {tag}) ×{}: {}",
            k.title,
            k.activity,
            k.labels.len(),
            listed(&k.labels)
        )?;
    }
    if !s.opaque.is_empty() {
        writeln!(
            out,
            "Not simulated (a run stops there unless an --input names the exit):"
        )?;
        for n in &s.opaque {
            let exits = if n.exits.is_empty() {
                "no exit connected".to_string()
            } else {
                format!("exits {}", n.exits.join(", "))
            };
            writeln!(
                out,
                "  {} ({}): {exits}; needs {}",
                n.label, n.activity, n.needs
            )?;
        }
    }
    if s.variables.is_empty() {
        writeln!(out, "Flow variables: none")?;
    } else {
        writeln!(out, "Flow variables ({}):", s.variables.len())?;
        for v in &s.variables {
            let default = if v.default.is_empty() {
                String::new()
            } else {
                format!(" = {:?}", v.default)
            };
            writeln!(out, "  {} {}{default}", v.name, v.var_type)?;
        }
    }
    for r in &s.requests {
        let through = if r.connector.is_empty() {
            String::new()
        } else {
            format!(" through {}", r.connector)
        };
        writeln!(
            out,
            "Request {}: {} {}{through} ({}), {} parse setting{}",
            r.node,
            r.method,
            r.target,
            if r.content_type.is_empty() {
                "no content type"
            } else {
                &r.content_type
            },
            r.parse_settings.len(),
            if r.parse_settings.len() == 1 { "" } else { "s" }
        )?;
    }
    if !s.unreachable.is_empty() {
        writeln!(
            out,
            "Not reachable from {}: {}",
            s.start,
            listed(&s.unreachable)
        )?;
    }
    for note in &imported.notes {
        writeln!(out, "import: {note}")?;
    }
    let labels = mission(DESCRIBED_MISSION)
        .map(mission_labels)
        .unwrap_or_default();
    if mission_flow {
        writeln!(
            out,
            "This looks like the mission's flow: compare it with `--mission {DESCRIBED_MISSION}`."
        )?;
    } else {
        writeln!(
            out,
            "This is not the mission's flow (no node is labelled {labels} as in the guide)."
        )?;
    }
    Ok(())
}

/// `a, b, c and 4 more`.
fn listed(labels: &[String]) -> String {
    const SHOWN: usize = 8;
    let shown = labels
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    match labels.len().saturating_sub(SHOWN) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

fn run_from_start(o: &Options, imported: &Imported) -> Result<RunResult, FlowError> {
    let mut responder: Box<dyn Responder> = match &o.response {
        Some(path) => {
            let body = read_input(path, "response", MAX_BODY_BYTES)?;
            Box::new(PastedResponse::new(o.status.unwrap_or(200), body)?)
        }
        None => Box::new(Unreachable),
    };
    let clock: Box<dyn Clock> = match o.now {
        Some(ms) => Box::new(FixedClock(ms)),
        None => Box::new(SystemClock),
    };
    let input = RunInput {
        variables: o
            .vars
            .iter()
            .map(|(n, v)| (n.clone(), Value::String(v.clone())))
            .collect(),
        inputs: o.inputs.clone(),
        ..RunInput::default()
    };
    run_flow(&imported.flow, &input, responder.as_mut(), clock.as_ref())
}
