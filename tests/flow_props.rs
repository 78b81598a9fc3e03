//! Property tests: no body, JSONPath, expression or flow file makes the runner panic.
//! `PROPTEST_CASES=100000 cargo test --release --test flow_props` runs a longer search.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use callback_lab::engine::FixedClock;
use callback_lab::flow::{
    mission_flow, mission_input, run, CompiledPath, Flow, PastedResponse, MISSION_FLOW_JSON,
};
use proptest::prelude::*;
use serde_json::Value as Json;

/// Arbitrary JSON values, biased toward the Search API's shape.
fn json_value() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number)),
        "[a-zA-Z0-9 \\-]{0,12}".prop_map(Json::String),
        Just(Json::String("Not Processed".into())),
        Just(Json::String("-1".into())),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("data".to_string()),
                        Just("taskDetails".to_string()),
                        Just("tasks".to_string()),
                        Just("callbackData".to_string()),
                        Just("callbackStatus".to_string()),
                        Just("callbackConnectTime".to_string()),
                        "[a-zA-Z]{1,6}",
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Json::Object(kv.into_iter().collect())),
        ]
    })
}

/// Path-like strings built from JSONPath's alphabet.
fn path_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[$@.\\[\\]*?()'\"0-9a-zA-Z:,<>=!&| -]{0,40}",
        "\\$(\\.[a-zA-Z]{1,8}|\\[[0-9-]{1,3}\\]|\\[\\*\\]|\\.\\.[a-z]{1,3}|\\[[0-9-]{0,2}:[0-9-]{0,2}(:[0-9-]{1,2})?\\]|\\[\\?@\\.[a-z]{1,3} ?[=<>!]=? ?[0-9'a-z]{1,3}\\]){0,6}",
        any::<String>(),
    ]
}

fn run_mission(status: i64, body: &str) {
    let flow = mission_flow().expect("mission flow");
    if let Ok(mut responder) = PastedResponse::new(status, body) {
        let result = run(
            &flow,
            &mission_input(),
            &mut responder,
            &FixedClock(1_700_000_000_000),
        )
        .expect("run");
        assert!(["true", "false", "error"].contains(&result.exit()));
        serde_json::to_string(&result).expect("result serializes");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(support::cases(256)))]

    #[test]
    fn arbitrary_text_bodies_never_panic(body in any::<String>(), status in 0i64..1000) {
        run_mission(status, &body);
    }

    #[test]
    fn arbitrary_json_bodies_never_panic(body in json_value()) {
        run_mission(200, &body.to_string());
    }

    #[test]
    fn arbitrary_paths_never_panic(path in path_text(), body in json_value()) {
        if let Ok(compiled) = CompiledPath::compile(&path) {
            let _ = compiled.apply(&body);
            let _ = compiled.case_insensitive_match(&body);
        }
        let mut flow = mission_flow().expect("mission flow");
        flow.set_parse_path(None, "callbackStatus", &path).expect("row exists");
        let mut responder = PastedResponse::new(200, body.to_string()).expect("body");
        let result = run(&flow, &mission_input(), &mut responder, &FixedClock(0)).expect("run");
        prop_assert!(["true", "false", "error"].contains(&result.exit()));
    }

    #[test]
    fn arbitrary_expressions_never_panic(expression in "[{}a-zA-Z_. =!<>?:()\"'0-9|-]{0,60}") {
        let mut flow = mission_flow().expect("mission flow");
        flow.set_condition_expression(None, &expression).expect("one condition");
        let mut responder = PastedResponse::new(200, r#"{"data":{"taskDetails":{"tasks":[]}}}"#).expect("body");
        let result = run(&flow, &mission_input(), &mut responder, &FixedClock(0)).expect("run");
        prop_assert!(["true", "false", "error"].contains(&result.exit()));
    }

    #[test]
    fn mutated_flow_files_never_panic(cut in 0usize..MISSION_FLOW_JSON.len(), insert in "[\\[\\]{}\",:0-9a-z]{0,4}") {
        let mut text = MISSION_FLOW_JSON.to_string();
        let at = (0..=cut).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        text.insert_str(at, &insert);
        if let Ok(flow) = Flow::from_json(&text) {
            let mut responder = PastedResponse::new(200, "{}").expect("body");
            let _ = run(&flow, &mission_input(), &mut responder, &FixedClock(0));
        }
    }

    #[test]
    fn arbitrary_flow_values_never_panic(value in json_value()) {
        let _ = Flow::from_json(&value.to_string());
        let wrapped = serde_json::json!({"process": {"activities": {"a": {"name": "A", "properties": value}}}});
        let _ = Flow::from_json(&wrapped.to_string());
    }
}

#[test]
fn hostile_bodies_give_notes_not_panics() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let long_string = format!("{{\"data\":\"{}\"}}", "x".repeat(1_000_000));
    for body in [
        String::new(),
        "   ".into(),
        "\u{feff}{}".into(),
        deep,
        long_string,
        "{\"a\":1".into(),
        "NaN".into(),
        "{\"n\": 1e400}".into(),
        "{\"a\":1,\"a\":2}".into(),
    ] {
        run_mission(200, &body);
    }
}

#[test]
fn hostile_paths_are_refused_quickly() {
    let long = format!("$.{}", "a.".repeat(50_000));
    assert!(CompiledPath::compile(&long).is_err());
    let nested = format!("$.{}", "[".repeat(10_000));
    assert!(CompiledPath::compile(&nested).is_err());
    assert!(CompiledPath::compile("$..a..b").is_err());
}
