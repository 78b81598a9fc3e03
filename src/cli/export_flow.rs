//! `flowlab export-flow [--mission SLUG|N] [--content DIR]`: prints a mission's flow in Flow
//! Designer's export shape (the content of the mission folder's `reference.json` when the reference
//! is the flow itself).

use std::io::Write;

use crate::flowcheck::export;

use super::mission_arg::{self, MissionArgError};
use super::EXIT_USAGE;

const HELP: &str = "\
usage: flowlab export-flow [--mission SLUG|N] [--content DIR]

Prints a mission's flow (the Callback track after Mission 4 unless another mission is named) as a
Flow Designer export JSON: the reference file lab authors keep in the mission's folder, and a file
that `flowlab check-flow` and the companion's import accept.

{MISSION}

exit status: 0 printed, 1 the mission has no flow or DIR does not read, 2 usage error";

fn help() -> String {
    HELP.replace("{MISSION}", mission_arg::HELP)
}

pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let (mut mission, mut content) = (None, None);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let slot = match flag {
            "-h" | "--help" => {
                let _ = writeln!(out, "{}", help());
                return 0;
            }
            "--mission" => &mut mission,
            "--content" => &mut content,
            _ => {
                let _ = writeln!(
                    err,
                    "flowlab export-flow: unexpected argument `{arg}`\n\n{}",
                    help()
                );
                return EXIT_USAGE;
            }
        };
        match inline.or_else(|| it.next().cloned()) {
            Some(value) => *slot = Some(value),
            None => {
                let _ = writeln!(
                    err,
                    "flowlab export-flow: {flag} needs a value\n\n{}",
                    help()
                );
                return EXIT_USAGE;
            }
        }
    }
    let lab = mission_arg::registry(content.as_deref())
        .and_then(|registry| mission_arg::select(&registry, mission.as_deref()))
        .and_then(|mission| mission_arg::lab_of(&mission).cloned());
    match lab {
        Ok(lab) => {
            if write!(out, "{}", export(&lab.flow)).is_err() {
                return 1;
            }
            0
        }
        Err(e) => {
            let _ = writeln!(err, "flowlab export-flow: {}", e.message());
            if matches!(e, MissionArgError::Usage(_)) {
                let _ = writeln!(err, "\n{}", help());
            }
            e.exit_code()
        }
    }
}
