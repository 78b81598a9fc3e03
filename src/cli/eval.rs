//! `flowlab eval [--var NAME=TEXT]... [--vars FILE.json] [--now EPOCH_MS] [--json] [--strict] TEXT`
//!
//! Renders a Flow Designer expression or template. Warnings (an unknown variable, which Pebble
//! prints as empty, among them) go to stderr. Exit codes: 0 rendered, 1 expression error (or an
//! unreadable/invalid variables file, or with `--strict` an unknown variable), 2 usage error.

use crate::engine::{
    render, Clock, FixedClock, SystemClock, Template, Value, Variables, WarningKind,
};
use std::io::Write;

const USAGE: &str = "\
usage: flowlab eval [--var NAME=TEXT]... [--vars FILE.json] [--now EPOCH_MS] [--json] [--strict] TEXT

Renders TEXT, a Flow Designer template such as '{{ callbackStatus == \"Not Processed\" }}',
as Pebble does: `{% if %}`, `{% for %}`, `{% set %}`, filters, Java String methods
(`{{ ANI.substring(0, 3) }}`). An unknown variable prints as empty, with a warning on stderr.

options:
  --var NAME=TEXT   set the STRING variable NAME (repeatable; dotted names allowed)
  --vars FILE.json  a JSON object of name → value: integer → INTEGER, fraction → DECIMAL,
                    bool → BOOLEAN, string → STRING, object/array → JSON, null → no value
  --now EPOCH_MS    the time now() returns (default: the system clock)
  --json            print one JSON object: {\"output\": …, \"trace\": […], \"warnings\": […]}
                    or {\"error\": {…}}
  --strict          exit 1 when the template uses an unknown variable (Pebble's strict
                    variables); the output is still printed
  -h, --help        show this help

exit codes: 0 rendered, 1 expression error (or, with --strict, an unknown variable), 2 usage error";

struct Options {
    vars: Variables,
    now: Option<i64>,
    json: bool,
    strict: bool,
    text: String,
}

enum Parsed {
    Run(Options),
    Help,
    /// Usage error message.
    Usage(String),
    /// Input error (variables file), with optional line/column.
    Input(String, Option<(usize, usize)>, bool),
}

fn parse_args(args: &[String]) -> Parsed {
    let mut vars = Variables::new();
    let mut now = None;
    let mut json = args.iter().any(|a| a == "--json");
    let mut strict = false;
    let mut text: Option<String> = None;
    let mut i = 0;
    let mut only_positional = false;
    while let Some(arg) = args.get(i) {
        i += 1;
        if only_positional || !arg.starts_with("--") && arg != "-h" {
            if text.is_some() {
                return Parsed::Usage(format!(
                    "more than one TEXT argument (`{arg}`); quote the template as one argument"
                ));
            }
            text = Some(arg.clone());
            continue;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f == "--var" || f == "--vars" || f == "--now" => {
                (f, Some(v.to_string()))
            }
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            let v = args
                .get(i)
                .cloned()
                .ok_or_else(|| format!("`{name}` needs a value"))?;
            i += 1;
            Ok(v)
        };
        match flag {
            "--" => only_positional = true,
            "-h" | "--help" => return Parsed::Help,
            "--json" => json = true,
            "--strict" => strict = true,
            "--var" => {
                let v = match value("--var") {
                    Ok(v) => v,
                    Err(e) => return Parsed::Usage(e),
                };
                let Some((name, val)) = v.split_once('=') else {
                    return Parsed::Usage(format!("`--var {v}`: expected NAME=TEXT"));
                };
                if name.is_empty() {
                    return Parsed::Usage(format!("`--var {v}`: the variable name is empty"));
                }
                vars.set(name, Value::String(val.to_string()));
            }
            "--vars" => {
                let path = match value("--vars") {
                    Ok(v) => v,
                    Err(e) => return Parsed::Usage(e),
                };
                let text = match std::fs::read_to_string(&path) {
                    Ok(t) => t,
                    Err(e) => {
                        return Parsed::Input(format!("cannot read `{path}`: {e}"), None, json)
                    }
                };
                let parsed: serde_json::Value = match serde_json::from_str(&text) {
                    Ok(v) => v,
                    Err(e) => {
                        return Parsed::Input(
                            format!("`{path}` is not valid JSON: {e}"),
                            Some((e.line(), e.column())),
                            json,
                        )
                    }
                };
                let serde_json::Value::Object(map) = parsed else {
                    return Parsed::Input(
                        format!("`{path}` must hold a JSON object of name → value"),
                        None,
                        json,
                    );
                };
                for (name, v) in map {
                    vars.set(&name, Value::from_json(v));
                }
            }
            "--now" => {
                let v = match value("--now") {
                    Ok(v) => v,
                    Err(e) => return Parsed::Usage(e),
                };
                match v.trim().parse::<i64>() {
                    Ok(n) => now = Some(n),
                    Err(_) => {
                        return Parsed::Usage(format!(
                            "`--now {v}`: expected epoch milliseconds, e.g. 1717243200000"
                        ))
                    }
                }
            }
            other => return Parsed::Usage(format!("unknown option `{other}`")),
        }
    }
    match text {
        Some(text) => Parsed::Run(Options {
            vars,
            now,
            json,
            strict,
            text,
        }),
        None => Parsed::Usage("missing TEXT (the template to render)".to_string()),
    }
}

fn error_json(
    message: &str,
    line: Option<usize>,
    column: Option<usize>,
    hint: Option<&str>,
) -> String {
    serde_json::json!({
        "error": { "message": message, "line": line, "column": column, "hint": hint }
    })
    .to_string()
}

/// Runs `flowlab eval` with `args` (after `eval`).
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let opts = match parse_args(args) {
        Parsed::Run(o) => o,
        Parsed::Help => {
            let _ = writeln!(out, "{USAGE}");
            return 0;
        }
        Parsed::Usage(msg) => {
            let _ = writeln!(err, "flowlab eval: {msg}\n\n{USAGE}");
            return super::EXIT_USAGE;
        }
        Parsed::Input(msg, pos, json) => {
            if json {
                let _ = writeln!(
                    out,
                    "{}",
                    error_json(&msg, pos.map(|p| p.0), pos.map(|p| p.1), None)
                );
            } else {
                let _ = writeln!(err, "flowlab eval: {msg}");
            }
            return 1;
        }
    };
    let fixed;
    let system = SystemClock;
    let clock: &dyn Clock = match opts.now {
        Some(n) => {
            fixed = FixedClock(n);
            &fixed
        }
        None => &system,
    };
    let result = Template::parse(&opts.text).and_then(|t| render(&t, &opts.vars, clock));
    match result {
        Ok(rendered) => {
            for w in &rendered.warnings {
                let _ = writeln!(err, "{w}\n");
            }
            if opts.json {
                let warnings: Vec<serde_json::Value> = rendered
                    .warnings
                    .iter()
                    .map(|w| {
                        serde_json::json!({
                            "kind": w.kind.name(),
                            "message": w.message,
                            "line": w.line,
                            "column": w.column,
                            "hint": w.hint,
                        })
                    })
                    .collect();
                let doc = serde_json::json!({
                    "output": rendered.text,
                    "trace": rendered.trace,
                    "warnings": warnings,
                });
                let _ = writeln!(out, "{doc}");
            } else {
                let _ = writeln!(out, "{}", rendered.text);
            }
            let unknown = rendered
                .warnings
                .iter()
                .any(|w| w.kind == WarningKind::UnknownVariable);
            if opts.strict && unknown {
                let _ = writeln!(
                    err,
                    "flowlab eval: --strict: the template uses an unknown variable (see the warning above)"
                );
                return 1;
            }
            0
        }
        Err(e) => {
            if opts.json {
                let _ = writeln!(
                    out,
                    "{}",
                    error_json(&e.message, Some(e.line), Some(e.column), e.hint.as_deref())
                );
            } else {
                let _ = writeln!(err, "{e}");
            }
            1
        }
    }
}
