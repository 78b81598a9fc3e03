//! Snapshot tests of rendered errors and warnings. Each case is a file in
//! `tests/inputs/engine/errors/NAME.tmpl`; the expected rendering is `NAME.snap` next to it.
//! Run with `UPDATE_SNAPSHOTS=1` to (re)write the snapshots, then review the diff.
#![cfg(not(target_arch = "wasm32"))]

use callback_lab::engine::{render_str, FixedClock, Value, Variables};
use std::path::Path;

fn vars() -> Variables {
    let mut v = Variables::new();
    v.set("callbackStatus", Value::String("Not Processed".into()));
    v.set("callbackConnectTime", Value::String("-1".into()));
    v.set("searchresult", Value::String(String::new()));
    v.set(
        "HTTPRequest_CallBackSearch.httpStatusCode",
        Value::Integer(200),
    );
    v.set(
        "HTTPRequest_CallBackSearch.httpResponseBody",
        Value::String("{}".into()),
    );
    v.set(
        "NewNumber.DigitsEntered",
        Value::String("14085267209".into()),
    );
    v
}

fn render_case(src: &str) -> String {
    // A trailing newline in the case file is not part of the template.
    let src = src.strip_suffix('\n').unwrap_or(src);
    match render_str(src, &vars(), &FixedClock(1_717_243_200_000)) {
        Ok(r) => {
            let mut out = format!("output: {:?}\n", r.text);
            for w in r.warnings {
                out.push_str(&format!("{w}\n"));
            }
            out
        }
        Err(e) => format!("{e}\n"),
    }
}

#[test]
fn rendered_errors_match_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/inputs/engine/errors");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "tmpl"))
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 15,
        "expected the snapshot cases in {}",
        dir.display()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let src = std::fs::read_to_string(case).unwrap();
        let got = render_case(&src);
        let snap = case.with_extension("snap");
        if update {
            std::fs::write(&snap, &got).unwrap();
            continue;
        }
        match std::fs::read_to_string(&snap) {
            Ok(want) if want == got => {}
            Ok(want) => failures.push(format!(
                "{}:\n--- want\n{want}--- got\n{got}",
                case.display()
            )),
            Err(_) => failures.push(format!("{}: missing snapshot; got\n{got}", case.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
