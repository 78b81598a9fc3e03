//! Pebble's own tests, ported as data: every `tests/inputs/pebble/*.json` file holds cases, one
//! per Pebble assertion, each named after the Pebble test it comes from (`Class#method`).
//!
//! A case gives a `template`, optional `vars` (JSON: integers → INTEGER, fractions → DECIMAL,
//! strings → STRING, lists/maps → JSON, null → no value), optional `datetimes` (ISO text →
//! DATETIME) and `now` (epoch ms for `now()`), and either the `output` Pebble prints or the
//! `error` kind where Pebble throws (and the `line` Pebble reports, when the test checks it). Cases
//! from Pebble's documentation are named after the page (`docs/filter/date.md#…`). `pebble` notes what Pebble does where this engine
//! deliberately differs; `gap` marks an assertion that still disagrees, with why — the runner
//! checks that it still does, so a fixed gap must lose its mark. Every failing case is reported
//! by name, not only the first.
#![cfg(not(target_arch = "wasm32"))]

use callback_lab::engine::value::parse_datetime;
use callback_lab::engine::{render_str, FixedClock, Value, Variables};
use serde_json::Value as Json;
use std::path::Path;

/// The clock for cases that do not set `now`: 2024-06-01T12:00:00Z.
const NOW: i64 = 1_717_243_200_000;

struct Outcome {
    passed: usize,
    gaps: Vec<String>,
    failures: Vec<String>,
}

fn variables(case: &Json) -> Variables {
    let mut vars = Variables::new();
    if let Some(Json::Object(map)) = case.get("vars") {
        for (name, v) in map {
            vars.set(name, Value::from_json(v.clone()));
        }
    }
    if let Some(Json::Object(map)) = case.get("datetimes") {
        for (name, v) in map {
            let ms = v
                .as_str()
                .and_then(parse_datetime)
                .unwrap_or_else(|| panic!("bad datetime for {name}: {v}"));
            vars.set(name, Value::DateTime(ms));
        }
    }
    vars
}

fn run_case(case: &Json, out: &mut Outcome) {
    let name = case["case"].as_str().unwrap_or("(unnamed)");
    let template = case["template"]
        .as_str()
        .unwrap_or_else(|| panic!("{name}: no template"));
    let now = case.get("now").and_then(Json::as_i64).unwrap_or(NOW);
    let got = render_str(template, &variables(case), &FixedClock(now));
    let gap = case.get("gap").and_then(Json::as_str);
    let verdict: Result<(), String> = match (case.get("output"), case.get("error")) {
        (Some(Json::String(want)), None) => match &got {
            Ok(r) if &r.text == want => Ok(()),
            Ok(r) => Err(format!("printed {:?}, Pebble prints {want:?}", r.text)),
            Err(e) => Err(format!(
                "failed ({}: {}), Pebble prints {want:?}",
                e.kind, e.message
            )),
        },
        (None, Some(Json::String(kind))) => match &got {
            Err(e) if e.kind.name() == kind => match case.get("line").and_then(Json::as_u64) {
                Some(line) if e.line as u64 != line => Err(format!(
                    "failed on line {}, Pebble reports line {line}",
                    e.line
                )),
                _ => Ok(()),
            },
            Err(e) => Err(format!(
                "failed with {} ({}), expected {kind}",
                e.kind, e.message
            )),
            Ok(r) => Err(format!("printed {:?}, expected an error ({kind})", r.text)),
        },
        _ => panic!("{name}: give exactly one of `output` or `error`"),
    };
    match (verdict, gap) {
        (Ok(()), None) => out.passed += 1,
        (Err(why), None) => out.failures.push(format!("{name}: {why}")),
        (Err(_), Some(reason)) => out.gaps.push(format!("{name}: {reason}")),
        (Ok(()), Some(_)) => out.failures.push(format!(
            "{name}: now agrees with Pebble; remove its `gap` mark"
        )),
    }
}

#[test]
fn pebble_test_suite_cases_agree() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/inputs/pebble");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut out = Outcome {
        passed: 0,
        gaps: Vec::new(),
        failures: Vec::new(),
    };
    let mut names = std::collections::BTreeSet::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let cases: Vec<Json> =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for case in &cases {
            let name = case["case"].as_str().unwrap_or_default().to_string();
            assert!(
                name.contains('#'),
                "{}: case {name:?} must name its Pebble test (Class#method) or doc page (page.md#part)",
                file.display()
            );
            assert!(names.insert(name.clone()), "duplicate case name {name}");
            run_case(case, &mut out);
        }
    }
    let total = out.passed + out.gaps.len() + out.failures.len();
    println!(
        "{total} Pebble cases: {} agree, {} known gaps, {} failing",
        out.passed,
        out.gaps.len(),
        out.failures.len()
    );
    for g in &out.gaps {
        println!("  gap: {g}");
    }
    assert!(
        total >= 300,
        "expected the ported suite, found {total} cases"
    );
    assert!(
        out.failures.is_empty(),
        "{} of {total} cases disagree with Pebble:\n{}",
        out.failures.len(),
        out.failures.join("\n")
    );
}
