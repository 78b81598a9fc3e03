//! `flowlab export-flow`: prints the canonical mission flow in Flow Designer's export shape (the
//! content of `content/flows/mission-N-reference.json`).

use std::io::Write;

use crate::flow::mission_flow;
use crate::flowcheck::export;

use super::EXIT_USAGE;

const HELP: &str = "\
usage: flowlab export-flow

Prints the canonical mission flow (the Callback track after Mission 4) as a Flow Designer export
JSON: the reference file lab authors keep next to the mission's Markdown, and a file that
`flowlab check-flow` and the companion's import accept.

exit status: 0 printed, 1 the shipped flow does not load, 2 usage error";

pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    if let Some(arg) = args.first() {
        if matches!(arg.as_str(), "-h" | "--help") {
            let _ = writeln!(out, "{HELP}");
            return 0;
        }
        let _ = writeln!(
            err,
            "flowlab export-flow: unexpected argument `{arg}`\n\n{HELP}"
        );
        return EXIT_USAGE;
    }
    match mission_flow() {
        Ok(flow) => {
            if write!(out, "{}", export(&flow)).is_err() {
                return 1;
            }
            0
        }
        Err(e) => {
            let _ = writeln!(
                err,
                "flowlab export-flow: the shipped flow does not load: {e}"
            );
            1
        }
    }
}
