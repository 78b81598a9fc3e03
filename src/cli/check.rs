//! `flowlab check [PATH…]`: reads mission Markdown as the companion does (as the lab's MkDocs renders
//! it) and reports, with file:line:column, what would not render as the author meant. Errors: what
//! breaks the page for an attendee (an unclosed `<details>`, a copy span without its text, an
//! attendee placeholder without its prefix, unsupported HTML, unsafe or missing links). Warnings:
//! what renders as in MkDocs but is probably a slip (typed list numbers MkDocs does not show, styled
//! spans, nesting the browser repairs, images shown as placeholders). A mission folder's `guide.md`
//! brings the rest of its folder along (see [`super::check_folder`]).
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

Prints `file:line:column: error|warning: message`; exits 1 when any error is found.
Warnings (images shown as placeholders, list numbers MkDocs does not show, styles
and nesting the browser repairs…) do not fail the check.";

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
            let line_start = bytes
                .iter()
                .take(valid)
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1);
            let column = 1 + String::from_utf8_lossy(bytes.get(line_start..valid).unwrap_or(&[]))
                .chars()
                .count();
            return vec![Diagnostic::at(
                line,
                column,
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
    crate::stable_sort::sort_by_key(&mut diagnostics, |d| (d.line, d.column));
    diagnostics
}

/// A relative link to a mission file (`mission-3-….md`) that exists beside this one is a link within
/// the companion; any other relative link goes to another page of the lab guide, which the companion
/// reaches through the mission's `source_url` (a warning: it does not break the page). Images are
/// reported by the parser (they are never shipped).
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
    let (kind, message) = if !file.ends_with(".md") {
        (
            DiagnosticKind::OtherPage,
            format!("relative link `{target}` goes to another page of the lab guide: the companion follows it through the mission's `source_url` (without one it shows the text only)"),
        )
    } else if !base.join(file).is_file() {
        (
            DiagnosticKind::OtherPage,
            format!("relative link `{target}`: no such mission file here, so it goes to another page of the lab guide (followed through the mission's `source_url`, else shown as text)"),
        )
    } else {
        return None;
    };
    Some(Diagnostic::at(
        reference.line,
        reference.column,
        kind,
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
