//! `flowlab check-flow FILE [--mission N] [--json]`: imports an attendee's Flow Designer export and
//! compares it with the mission, printing the same findings as the companion (for proctors).
//!
//! Exit 0 when the flow matches (notes only), 1 on errors or a file that cannot be read or imported,
//! 2 on a usage error.

use std::io::{Read, Write};

use crate::flow::model::MAX_FLOW_BYTES;
use crate::flowcheck::{check_imported, import, mission, Severity, MISSIONS};

use super::EXIT_USAGE;

const DEFAULT_MISSION: u32 = 4;

const HELP: &str = "\
usage: flowlab check-flow FILE [--mission N] [--json]

Imports a Flow Designer export (FILE, or `-` for stdin) and compares it with the mission's Build
steps: flow variables, the HTTP Request node and its Parse Settings, Set Variable, the Condition's
expression and exits, the Play Message and Disconnect Contact nodes, and VerifyNumber's option 1.

  --mission N   the mission to compare with (default 4)
  --json        prints {\"notes\":[…],\"findings\":[{severity,step,message,anchor,hint}]}

Prints `error|note: Build step N: …` with the guide step's link.
exit status: 0 the flow matches (notes only), 1 errors found or FILE unreadable, 2 usage error";

struct Options {
    file: String,
    mission: u32,
    json: bool,
}

fn parse_args(args: &[String]) -> Result<Option<Options>, String> {
    let mut file = None;
    let mut mission = DEFAULT_MISSION;
    let mut json = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        match flag {
            "-h" | "--help" => return Ok(None),
            "--json" if inline.is_none() => json = true,
            "--mission" => {
                let value = match inline {
                    Some(v) => v,
                    None => it.next().cloned().ok_or("--mission needs a number")?,
                };
                mission = value
                    .trim()
                    .parse()
                    .map_err(|_| format!("--mission takes a mission number, not `{value}`"))?;
            }
            f if f.starts_with('-') && f.len() > 1 => {
                return Err(format!("unknown option `{arg}`"))
            }
            _ if file.is_some() => return Err(format!("unexpected argument `{arg}` (one FILE)")),
            _ => file = Some(arg.clone()),
        }
    }
    let file = file.ok_or("FILE is missing")?;
    Ok(Some(Options {
        file,
        mission,
        json,
    }))
}

fn read_input(file: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    let limit = (MAX_FLOW_BYTES + 1) as u64;
    let read = if file == "-" {
        std::io::stdin().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    read.map_err(|e| format!("cannot read {file}: {e}"))?;
    if bytes.len() > MAX_FLOW_BYTES {
        return Err(format!(
            "{file} is larger than {} MB; a flow export is not",
            MAX_FLOW_BYTES / (1024 * 1024)
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{file} is not UTF-8 text (invalid byte at offset {}); export the flow again",
            e.utf8_error().valid_up_to()
        )
    })
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
    let Some(spec) = mission(options.mission) else {
        let known: Vec<String> = MISSIONS.iter().map(|m| m.number.to_string()).collect();
        let _ = writeln!(
            err,
            "flowlab check-flow: no reference flow for mission {}; known: {}",
            options.mission,
            known.join(", ")
        );
        return EXIT_USAGE;
    };
    let text = match read_input(&options.file) {
        Ok(t) => t,
        Err(message) => {
            let _ = writeln!(err, "flowlab check-flow: {message}");
            return 1;
        }
    };
    let imported = match import(&text) {
        Ok(i) => i,
        Err(e) => {
            let _ = writeln!(err, "flowlab check-flow: {}: {e}", options.file);
            return 1;
        }
    };
    let findings = check_imported(&imported, spec);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    if options.json {
        let doc = serde_json::json!({ "notes": imported.notes, "findings": findings });
        let _ = writeln!(out, "{doc}");
    } else {
        for note in &imported.notes {
            let _ = writeln!(out, "import: {note}");
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
                options.file,
                spec.number,
                if notes == 1 { "" } else { "s" }
            )
        } else {
            writeln!(
                out,
                "{}: {errors} error{} and {notes} note{} against mission {}",
                options.file,
                if errors == 1 { "" } else { "s" },
                if notes == 1 { "" } else { "s" },
                spec.number
            )
        };
    }
    i32::from(errors > 0)
}
