//! `flowlab check [PATH…]`: reads mission Markdown as the companion does and reports, with file:line,
//! what would not render as the author meant: unsupported HTML, unknown admonitions, placeholders
//! without a prefix, empty copy payloads, links and images that cannot resolve. A mission folder's
//! `guide.md` brings the rest of its folder along (see [`super::check_folder`]).
//!
//! Exit 0 when there is nothing but warnings, 1 when anything is wrong, 2 on a usage error.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::guide::{parse_mission, Diagnostic, DiagnosticKind, HrefKind, Reference, Severity};

use super::EXIT_USAGE;

const DEFAULT_PATH: &str = "content/missions";

/// Directories deeper than this below a PATH are not searched.
const MAX_DIR_DEPTH: usize = 8;

const USAGE: &str = "\
usage: flowlab check [PATH…]

Checks mission Markdown files the way the companion renders them.
PATH is a mission file or a directory searched for *.md files (default: content/missions).
A mission folder's guide.md is checked with the rest of its folder: mission.json, flow.json,
reference.json, checks.json, samples/ and exercises/ must read and agree with each other.

Prints `file:line: error|warning: message`; exits 1 when any error is found.
Warnings (images shown as placeholders) do not fail the check.";

pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut paths = Vec::new();
    for arg in args {
        match arg.as_str() {
            "-h" | "--help" => {
                let _ = writeln!(out, "{USAGE}");
                return 0;
            }
            flag if flag.starts_with('-') && flag.len() > 1 => {
                let _ = writeln!(err, "flowlab check: unknown option `{flag}`\n\n{USAGE}");
                return EXIT_USAGE;
            }
            path => paths.push(PathBuf::from(path)),
        }
    }
    if paths.is_empty() {
        paths.push(PathBuf::from(DEFAULT_PATH));
    }

    let mut files = Vec::new();
    let mut failed = false;
    for path in &paths {
        if path.is_dir() {
            let before = files.len();
            collect_markdown(path, 0, &mut files);
            if files.len() == before {
                let _ = writeln!(err, "flowlab check: no .md files in {}", path.display());
                failed = true;
            }
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            let _ = writeln!(
                err,
                "flowlab check: {}: no such file or directory",
                path.display()
            );
            failed = true;
        }
    }

    let (mut errors, mut warnings) = (0usize, 0usize);
    for file in &files {
        for diagnostic in check_file(file) {
            match diagnostic.severity() {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            let _ = writeln!(out, "{}:{diagnostic}", file.display());
        }
        for error in super::check_folder::folder_errors(file) {
            errors += 1;
            super::check_folder::print(&error, out);
        }
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let _ = writeln!(
        out,
        "checked {}: {}, {}",
        plural(files.len(), "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    if failed || errors > 0 {
        1
    } else {
        0
    }
}

/// Every diagnostic of one mission file, by line.
pub fn check_file(path: &Path) -> Vec<Diagnostic> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            return vec![Diagnostic::new(
                1,
                DiagnosticKind::Unresolved,
                format!("cannot read the file: {error}"),
            )]
        }
    };
    let source = match String::from_utf8(bytes) {
        Ok(source) => source,
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let bytes = error.as_bytes();
            let line = 1 + bytes.iter().take(valid).filter(|b| **b == b'\n').count();
            return vec![Diagnostic::new(
                line,
                DiagnosticKind::MisEncoded,
                "the file is not UTF-8; save it as UTF-8",
            )];
        }
    };
    let parsed = parse_mission(&source);
    let base = path.parent().unwrap_or(Path::new("."));
    let mut diagnostics = parsed.diagnostics;
    diagnostics.extend(
        parsed
            .references
            .iter()
            .filter_map(|reference| unresolved_link(reference, base)),
    );
    crate::stable_sort::sort_by_key(&mut diagnostics, |d| d.line);
    diagnostics
}

/// A relative link must name another mission file (`mission-3-….md`) that exists beside this one;
/// images are reported by the parser (they are never shipped).
fn unresolved_link(reference: &Reference, base: &Path) -> Option<Diagnostic> {
    let href = reference.href.as_ref()?;
    if reference.image || href.kind() != HrefKind::Relative {
        return None;
    }
    let target = href.as_str();
    let file = target.split(['#', '?']).next().unwrap_or(target);
    if file.is_empty() {
        return None;
    }
    let message = if !file.ends_with(".md") {
        format!("relative link `{target}` points to a file the companion does not ship; link to a mission (.md) or use an absolute URL")
    } else if !base.join(file).is_file() {
        format!("relative link `{target}`: no such mission file")
    } else {
        return None;
    };
    Some(Diagnostic::new(
        reference.line,
        DiagnosticKind::Unresolved,
        message,
    ))
}

fn collect_markdown(dir: &Path, depth: usize, files: &mut Vec<PathBuf>) {
    if depth > MAX_DIR_DEPTH {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    crate::stable_sort::sort_by(&mut paths, |a, b| a.cmp(b));
    for path in paths {
        if path.is_dir() {
            collect_markdown(&path, depth + 1, files);
        } else if path.extension().is_some_and(|ext| ext == "md") {
            files.push(path);
        }
    }
}
