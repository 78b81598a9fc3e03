//! The `flowlab` command line. Each subcommand is one module with the same shape, so it can be tested
//! in-process: `run(args, stdout, stderr) -> exit code` (0 ok, 1 input/evaluation error, 2 usage error).

use std::io::Write;

pub mod check;
pub mod check_flow;
pub mod check_folder;
pub mod eval;
pub mod export_flow;
pub mod mission_arg;
pub mod run;

/// Exit code for a usage error (unknown flag, missing argument).
pub const EXIT_USAGE: i32 = 2;

const USAGE: &str = "\
usage: flowlab <command> [options]

commands:
  eval   render a Flow Designer expression or template
  run    run the mission flow against a Search API response
  check  check mission Markdown files for lab authors
  export-flow  print the canonical mission flow as a Flow Designer export
  check-flow   compare a Flow Designer export with a mission's Build steps

`flowlab <command> --help` describes a command's options.";

/// Dispatches `args` (without the program name) to a subcommand.
pub fn main(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let Some((command, rest)) = args.split_first() else {
        let _ = writeln!(err, "{USAGE}");
        return EXIT_USAGE;
    };
    match command.as_str() {
        "eval" => eval::run(rest, out, err),
        "run" => run::run(rest, out, err),
        "check" => check::run(rest, out, err),
        "export-flow" => export_flow::run(rest, out, err),
        "check-flow" => check_flow::run(rest, out, err),
        "-h" | "--help" | "help" => {
            let _ = writeln!(out, "{USAGE}");
            0
        }
        other => {
            let _ = writeln!(err, "flowlab: unknown command `{other}`\n\n{USAGE}");
            EXIT_USAGE
        }
    }
}
