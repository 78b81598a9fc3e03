//! Snapshot tests of rendered errors and warnings. Each case is a file in
//! `tests/inputs/engine/errors/NAME.tmpl`; its expected rendering is an insta snapshot,
//! `tests/snapshots/engine_errors__rendered_errors@NAME.tmpl.snap`.
//! `INSTA_UPDATE=always cargo test --test engine_errors` (re)writes them; review the diff.
#![cfg(not(target_arch = "wasm32"))]

use callback_lab::engine::{render_str, FixedClock, Value, Variables};
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

/// Every case's error or output and warnings, as the attendee reads them.
#[test]
fn rendered_errors() {
    insta::glob!("inputs/engine/errors/*.tmpl", |path| {
        let src = std::fs::read_to_string(path).unwrap();
        insta::assert_snapshot!(render_case(&src));
    });
}
