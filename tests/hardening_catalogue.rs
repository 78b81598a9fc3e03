//! The catalogue of bad inputs: every parser the user can reach gets each hostile input and
//! must answer with a value or a clear message — never a panic, never a hang. Speed figures (the
//! ≤ 100 ms goal) are measured by `examples/bench_inputs.rs`, not here: the time bound below only
//! catches hangs on a noisy machine.
#![cfg(not(target_arch = "wasm32"))]

use std::time::{Duration, Instant};

use callback_lab::engine::{render_str, FixedClock, Variables};
use callback_lab::flow::{mission_flow, CompiledPath, Flow, PreparedBody};
use callback_lab::guide::{parse_mission, MissionProgress};

const HANG: Duration = Duration::from_secs(5);

/// The hostile inputs, by name.
fn catalogue() -> Vec<(&'static str, String)> {
    let deep = 100_000;
    vec![
        ("empty", String::new()),
        ("whitespace", " \n\t \r\n ".to_owned()),
        ("BOM only", "\u{feff}".to_owned()),
        ("BOM then JSON", "\u{feff}{\"data\":null}".to_owned()),
        ("lossy non-UTF-8 file", String::from_utf8_lossy(&[0xff, 0xfe, b'{', 0x80, b'}']).into_owned()),
        ("10 MB", format!("{{\"data\":\"{}\"}}", "x".repeat(10 * 1024 * 1024))),
        ("100 000-deep arrays", format!("{}{}", "[".repeat(deep), "]".repeat(deep))),
        ("100 000-deep objects", "{\"a\":".repeat(deep) + "1" + &"}".repeat(deep)),
        ("100 000-deep parentheses", format!("{{{{ {}1{} }}}}", "(".repeat(deep), ")".repeat(deep))),
        ("1 MB single string", format!("\"{}\"", "y".repeat(1024 * 1024))),
        ("NaN and Infinity", "{\"a\": NaN, \"b\": Infinity, \"c\": -Infinity}".to_owned()),
        ("huge numbers", "{\"a\": 1e999999, \"b\": 123456789012345678901234567890, \"c\": -1e-400}".to_owned()),
        ("duplicate keys", "{\"data\":1,\"data\":{\"taskDetails\":{\"tasks\":[]}}}".to_owned()),
        ("HTML error page", "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1><script>alert(1)</script></body></html>".to_owned()),
        ("truncated JSON", "{\"data\":{\"taskDetails\":{\"tasks\":[{\"callbackData\":{\"callbackStatus\":\"Not Pro".to_owned()),
        ("curly quotes", "{“data”: ‘x’}".to_owned()),
        ("100 000-character JSONPath", format!("$.{}", "a.".repeat(50_000))),
        ("100 000-character expression", format!("{{{{ {} }}}}", "a == 1 and ".repeat(9_000))),
        ("control characters", "\u{0}\u{1}\u{7f}{{\u{0}}}$[\u{0}]".to_owned()),
    ]
}

/// Runs `f` on every input; each must finish without panicking and in bounded time.
fn each<T>(what: &str, f: impl Fn(&str) -> T) {
    for (name, input) in catalogue() {
        let start = Instant::now();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            f(&input);
        }));
        assert!(outcome.is_ok(), "{what}: `{name}` panicked");
        let took = start.elapsed();
        assert!(took < HANG, "{what}: `{name}` took {took:?}");
    }
}

#[test]
fn pasted_response_bodies() {
    each("response body", |text| match PreparedBody::new(text) {
        Ok(body) => {
            if let Err(e) = body.json() {
                assert!(!e.message.is_empty(), "a JSON error says what is wrong");
                assert!(e.line >= 1, "and where");
            }
            body.text().len()
        }
        Err(e) => {
            assert!(
                e.to_string().contains("MB"),
                "too large says how large: {e}"
            );
            0
        }
    });
}

#[test]
fn a_10_mb_paste_is_refused_with_its_size_and_the_text_kept() {
    let text = "z".repeat(11 * 1024 * 1024);
    let error = PreparedBody::new(text.clone()).expect_err("over the limit");
    assert!(error.to_string().contains("limit"), "{error}");
    assert_eq!(
        text.len(),
        11 * 1024 * 1024,
        "the caller still owns what was pasted"
    );
}

#[test]
fn jsonpaths() {
    each("JSONPath", |text| match CompiledPath::compile(text) {
        Ok(path) => path.select(&serde_json::json!({"a": [1, 2]})).len(),
        Err(e) => {
            assert!(!e.to_string().is_empty());
            0
        }
    });
}

#[test]
fn expressions_and_templates() {
    let mut vars = Variables::new();
    vars.set(
        "callbackConnectTime",
        callback_lab::engine::Value::String("-1".into()),
    );
    each("expression", |text| {
        match render_str(text, &vars, &FixedClock(1_700_000_000_000)) {
            Ok(rendered) => rendered.text.len(),
            Err(e) => {
                assert!(!e.message.is_empty());
                assert!(
                    e.line >= 1 && e.column >= 1,
                    "errors have a position: {e:?}"
                );
                0
            }
        }
    });
}

#[test]
fn mission_markdown() {
    each("Markdown", |text| parse_mission(text).doc.blocks.len());
}

#[test]
fn flow_files() {
    each("flow file", |text| match Flow::from_json(text) {
        Ok(flow) => flow.nodes.len(),
        Err(e) => {
            assert!(!e.to_string().is_empty());
            0
        }
    });
    assert!(mission_flow().is_ok(), "and the shipped flow still loads");
}

#[test]
fn stored_progress() {
    each("stored progress", |text| {
        let progress = MissionProgress::load_or_new("preventing-callback-duplication", Some(text));
        progress.to_json().len()
    });
}
