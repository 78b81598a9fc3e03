//! `cargo xtask <task>` (the alias is in `.cargo/config.toml`):
//!
//! - `fuzz`: every property suite — each `tests/*.rs` that takes its case count from
//!   `support::cases` — with `FUZZ_TARGET_CASES` cases in all per suite (default 1 000 000, split
//!   evenly over its properties), in the `speed` profile. No list to keep: a new suite is found.
//!   `bash scripts/fuzz.sh` is the same.
//!
//! The benchmarks are plain aliases (`cargo bench-engine`, `cargo bench-flow`, `cargo bench-inputs`).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("fuzz") => fuzz(&root()),
        _ => {
            eprintln!(
                "usage: cargo xtask fuzz   (FUZZ_TARGET_CASES=N: cases per suite, default 1000000)"
            );
            ExitCode::from(2)
        }
    }
}

/// The workspace root (this crate is `crates/xtask`).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The property suites: test files whose case count is the fuzz knob, sorted by name.
fn suites(root: &Path) -> Vec<(String, usize)> {
    let mut found: Vec<(String, usize)> = std::fs::read_dir(root.join("tests"))
        .map(|dir| {
            dir.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "rs"))
                .filter_map(|p| {
                    let text = std::fs::read_to_string(&p).ok()?;
                    if !text.contains("support::cases(") {
                        return None;
                    }
                    let name = p.file_stem()?.to_str()?.to_string();
                    Some((name, count_properties(&text)))
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// The property functions of a test file: `fn name(x in …` inside `proptest! { … }` blocks.
fn count_properties(src: &str) -> usize {
    let mut count = 0;
    let mut rest = src;
    while let Some(at) = rest.find("proptest!") {
        rest = &rest[at + "proptest!".len()..];
        let Some(open) = rest.trim_start().strip_prefix('{') else {
            continue;
        };
        let mut depth = 1;
        let mut end = open.len();
        for (i, c) in open.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i;
                        break;
                    }
                }
                _ => {}
            }
        }
        count += open[..end]
            .split("fn ")
            .skip(1)
            .filter(|item| is_property(item))
            .count();
        rest = &open[end..];
    }
    count
}

/// Whether an item after `fn ` is `name(` then `[mut ]input in`.
fn is_property(item: &str) -> bool {
    let Some((name, args)) = item.split_once('(') else {
        return false;
    };
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return false;
    }
    let args = args.trim_start();
    let args = args.strip_prefix("mut ").unwrap_or(args);
    let ident: String = args
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    !ident.is_empty() && args[ident.len()..].trim_start().starts_with("in ")
}

fn fuzz(root: &Path) -> ExitCode {
    let target: u64 = std::env::var("FUZZ_TARGET_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let mut failed = false;
    for (suite, properties) in suites(root) {
        let properties = properties.max(1) as u64;
        // Rounded up, so every suite runs at least the target in all.
        let cases = target.div_ceil(properties);
        println!("==> {suite}: {properties} properties x {cases} cases");
        let log = root.join("target").join(format!("fuzz-{suite}.log"));
        let start = Instant::now();
        let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(root)
            .env("FUZZ_CASES", cases.to_string())
            .args(["test", "--quiet", "--profile", "speed", "--test", &suite])
            .args(["--", "--test-threads", "2"])
            .output();
        let ok = match out {
            Ok(out) => {
                let mut text = out.stdout;
                text.extend_from_slice(&out.stderr);
                let _ = std::fs::write(&log, &text);
                if !out.status.success() {
                    let text = String::from_utf8_lossy(&text);
                    let tail: Vec<&str> = text.lines().rev().take(30).collect();
                    for line in tail.iter().rev() {
                        println!("{line}");
                    }
                }
                out.status.success()
            }
            Err(e) => {
                println!("could not run cargo: {e}");
                false
            }
        };
        if ok {
            println!(
                "{suite}: ok, {} cases in {} s",
                properties * cases,
                start.elapsed().as_secs()
            );
        } else {
            failed = true;
            println!("{suite}: FAILED (log: {})", log.display());
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_property_functions_only() {
        let src = r#"
            fn helper(x: u32) {}
            proptest! {
                #![proptest_config(ProptestConfig::with_cases(support::cases(64)))]
                #[test]
                fn one(text in "\\PC{0,8}") { if true { } }
                #[test]
                fn two(mut v in prop::collection::vec(any::<u8>(), 0..3), n in 0..5u8) {}
                fn not_a_property(x: u32) {}
            }
            proptest! { #[test] fn three(x in 0..1) {} }
        "#;
        assert_eq!(count_properties(src), 3);
    }

    #[test]
    fn finds_the_property_suites_of_the_repository() {
        let found = suites(&root());
        let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
        for suite in ["engine_props", "sim_session", "lab_storage"] {
            assert!(names.contains(&suite), "{names:?}");
        }
        assert!(found.iter().all(|(_, n)| *n > 0), "{found:?}");
    }
}
