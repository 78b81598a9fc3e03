//! Hostile and malformed files: a message with what and where (line:column), never a panic.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use callback_lab::flow::{FlowError, FlowErrorKind};
use callback_lab::flowcheck::{check, export, import, mission};
use proptest::prelude::*;

fn err(text: &str) -> FlowError {
    match import(text) {
        Ok(_) => panic!("accepted: {}", text.chars().take(200).collect::<String>()),
        Err(e) => e,
    }
}

fn reference() -> String {
    mission(4).unwrap().reference_json.to_string()
}

/// The activity id of the reference's node labelled `label`.
fn id_of(label: &str) -> String {
    let flow = import(&reference()).unwrap().flow;
    flow.nodes[flow.node_index(label).unwrap()].id.clone()
}

#[test]
fn not_json_says_where() {
    let e = err("{\n  \"name\": \"x\",\n  oops\n}");
    assert_eq!(e.kind, FlowErrorKind::FlowFormat);
    assert!(e.message.starts_with("the file is not valid JSON"), "{e}");
    assert_eq!(e.location.as_deref(), Some("line 3, column 3"));
    assert!(e.excerpt.as_deref().unwrap_or("").contains("oops"));
    assert!(err("").message.contains("empty"));
    assert!(err("<html><body>Flow</body></html>")
        .message
        .contains("not valid JSON"));
    let cut = &reference()[..500];
    assert!(err(cut).message.contains("cut off"), "{}", err(cut));
}

#[test]
fn too_deep_and_too_large_are_refused_with_a_message() {
    let deep = format!("{}{}", "[".repeat(5_000), "]".repeat(5_000));
    assert!(
        err(&deep).message.contains("nested too deeply"),
        "{}",
        err(&deep)
    );
    let deep_inside = reference().replacen(
        "\"activityName\": \"NewPhoneContact\"",
        &format!(
            "\"activityName\": \"NewPhoneContact\", \"x\": {}1{}",
            "[".repeat(200),
            "]".repeat(200)
        ),
        1,
    );
    assert!(err(&deep_inside).message.contains("nested too deeply"));
    let huge = format!("{{\"name\": \"{}\"}}", "x".repeat(5 * 1024 * 1024));
    assert_eq!(err(&huge).kind, FlowErrorKind::TooLarge);
    let mut many = String::from("{\"process\":{\"activities\":{");
    for i in 0..2_500 {
        if i > 0 {
            many.push(',');
        }
        many.push_str(&format!(
            "\"a{i}\":{{\"name\":\"n{i}\",\"properties\":{{\"activityName\":\"start\"}}}}"
        ));
    }
    many.push_str("},\"links\":[]}}");
    let e = err(&many);
    assert_eq!(e.kind, FlowErrorKind::TooLarge, "{e}");
}

#[test]
fn wrong_types_name_the_field_and_its_line() {
    let r = reference();
    let start = id_of("NewPhoneContact");
    let http_props = format!(
        "(process.activities.{}.properties)",
        id_of("HTTPRequest_CallBackSearch")
    );
    // Activities are read in id order: the start node's id sorts after WelcomePrompt's.
    let welcome_name = format!("(process.activities.{start}.name)");
    let start_props = format!("(process.activities.{start}.properties)");
    let start_props_text = r.split(&format!("\"id\": \"{start}\",\n        \"name\": \"NewPhoneContact\",\n        \"properties\": "))
        .nth(1)
        .and_then(|rest| rest.split("\n        }\n      }").next())
        .map(|p| format!("{p}\n        }}"))
        .unwrap();
    let cases: Vec<(String, &str, &str)> = vec![
        (
            "[1, 2]".into(),
            "not an object with `process`",
            "line 1, column 1",
        ),
        (
            "{\"name\": \"x\"}".into(),
            "no `process`",
            "line 1, column 1",
        ),
        (
            r.replacen("\"activities\": {", "\"activities\": 7, \"x\": {", 1),
            "`activities` is a number",
            "(process.activities)",
        ),
        (
            r.replacen("\"variables\": [", "\"variables\": {\"a\": [", 1)
                .replacen("],\n  \"version\"", "]},\n  \"version\"", 1),
            "`variables` is an object; expected a list",
            "(variables)",
        ),
        (
            r.replacen("\"type\": \"STRING\"", "\"type\": \"TEXT\"", 1),
            "unknown type `TEXT`",
            "(variables[0].type)",
        ),
        (
            r.replacen(
                "\"outputVariableArray\": [",
                "\"outputVariableArray\": \"x\", \"y\": [",
                1,
            ),
            "activity `HTTPRequest_CallBackSearch`: `outputVariableArray` is not a list",
            &http_props,
        ),
        (
            r.replacen(
                &format!("\"sourceActivityId\": \"{start}\""),
                "\"sourceActivityId\": \"zz\"",
                1,
            ),
            "refers to an unknown activity `zz`",
            "(process.links[0].sourceActivityId)",
        ),
        (
            r.replacen(
                &format!("\"sourceActivityId\": \"{start}\""),
                "\"sourceActivityId\": [1]",
                1,
            ),
            "`sourceActivityId` is a list; expected text",
            "(process.links[0].sourceActivityId)",
        ),
        (
            r.replacen(
                "\"name\": \"WelcomePrompt\"",
                "\"name\": \"NewPhoneContact\"",
                1,
            ),
            "are both labelled `NewPhoneContact`",
            &welcome_name,
        ),
        (
            r.replacen(&start_props_text, "\"start\"", 1),
            "the `properties` of `NewPhoneContact` are text",
            &start_props,
        ),
    ];
    for (text, message, location) in cases {
        let e = err(&text);
        assert!(e.message.contains(message), "{message}\n  got: {e}");
        let at = e.location.clone().unwrap_or_default();
        assert!(at.contains(location), "{location}\n  got: {at}");
        if at.starts_with("line ") {
            assert!(e.excerpt.as_deref().unwrap_or("").contains('^'), "{e}");
        }
    }
}

#[test]
fn lenient_where_the_meaning_is_clear() {
    let r = reference();
    // Numbers for exits and ids, nulls for optional fields, a BOM, extra fields.
    let text = format!(
        "\u{feff}{}",
        r.replacen("\"conditionExpr\": \"1\"", "\"conditionExpr\": 1", 1)
            .replacen(
                &format!("\"id\": \"{}\"", first_link_id()),
                "\"id\": 1, \"diagram\": {\"x\": 3}",
                1,
            )
            .replacen(
                "\"flowType\": \"FLOW\"",
                "\"flowType\": null, \"version\": 3",
                1
            )
    );
    let imported = import(&text).unwrap();
    assert!(check(&imported.flow, mission(4).unwrap()).is_empty());
    assert_eq!(imported.flow.links[0].id, "1");
}

fn first_link_id() -> String {
    import(&reference()).unwrap().flow.links[0].id.clone()
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        "[a-z0-9 ]{0,8}".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("name".to_string()),
                    Just("process".to_string()),
                    Just("activities".to_string()),
                    Just("links".to_string()),
                    Just("variables".to_string()),
                    Just("properties".to_string()),
                    Just("activityName".to_string()),
                    Just("sourceActivityId".to_string()),
                    Just("conditionExpr".to_string()),
                    "[a-z]{1,4}",
                ],
                inner,
                0..5
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: support::cases(256), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        let _ = import(&text);
    }

    #[test]
    fn arbitrary_json_shapes_never_panic(doc in arb_json()) {
        let _ = import(&doc.to_string());
    }

    #[test]
    fn arbitrary_values_in_the_reference_never_panic(
        at in 0usize..4000,
        value in arb_json(),
    ) {
        // Replace a value somewhere in the reference (after a `:`) with an arbitrary one.
        let r = reference();
        let colons: Vec<usize> = r.match_indices(": ").map(|(i, _)| i).collect();
        let start = colons[at % colons.len()] + 2;
        let end = r[start..].find([',', '\n']).map_or(r.len(), |e| start + e);
        let text = format!("{}{}{}", &r[..start], value, &r[end..]);
        if let Ok(imported) = import(&text) {
            let _ = check(&imported.flow, mission(4).unwrap());
            let again = import(&export(&imported.flow)).unwrap();
            prop_assert_eq!(again.flow, imported.flow);
        }
    }

    #[test]
    fn truncated_files_give_a_position(cut in 1usize..12_000) {
        let r = reference();
        let mut at = cut.min(r.len() - 2);
        while !r.is_char_boundary(at) { at -= 1; }
        let e = import(&r[..at]).unwrap_err();
        prop_assert!(e.location.is_some(), "{}", e);
    }
}
