//! `flowlab run` (placeholder until its issue lands).

use std::io::Write;

pub fn run(_args: &[String], _out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let _ = writeln!(err, "flowlab run: not implemented yet");
    1
}
