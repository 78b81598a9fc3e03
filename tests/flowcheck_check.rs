//! The mission checker: the canonical flow matches; each common mistake gives exactly its finding,
//! in the guide's words, with the step and the link to it.
#![cfg(not(target_arch = "wasm32"))]

use callback_lab::flow::mission_flow;
use callback_lab::flowcheck::{
    check, check_imported, export, import, mission, mission_input, Check, Finding, Severity,
    MISSIONS,
};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/inputs/flowcheck/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn findings(name: &str) -> Vec<Finding> {
    let imported = import(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    check_imported(&imported, mission(4).expect("mission 4"))
}

/// (severity, step, message) of each finding.
fn summary(name: &str) -> Vec<(Severity, String, String)> {
    findings(name)
        .into_iter()
        .map(|f| (f.severity, f.step, f.message))
        .collect()
}

fn one(severity: Severity, step: u32, message: &str) -> Vec<(Severity, String, String)> {
    vec![(
        severity,
        format!("build-{step}"),
        format!("Build step {step}: {message}"),
    )]
}

#[test]
fn the_canonical_flow_and_the_reference_match() {
    let spec = mission(4).unwrap();
    let flow = mission_flow().unwrap();
    assert_eq!(check(&flow, spec), vec![]);
    let reference = import(spec.reference_json).unwrap();
    assert_eq!(check_imported(&reference, spec), vec![]);
    assert!(reference.notes.is_empty(), "{:?}", reference.notes);
}

#[test]
fn false_exit_wired_to_play_message() {
    assert_eq!(
        summary("false-exit-to-play-message.json"),
        one(
            Severity::Error,
            5,
            "the False exit goes to Play Message `PlayMessage_AlreadyScheduled`; the guide connects it to the Callback node"
        )
    );
}

#[test]
fn parse_setting_on_the_wrong_variable() {
    assert_eq!(
        summary("parse-on-wrong-variable.json"),
        one(
            Severity::Error,
            3,
            "the Path Expression `$.data.taskDetails.tasks[0].callbackData.callbackConnectTime` fills `searchresult`; the guide puts it on `callbackConnectTime`"
        )
    );
}

#[test]
fn jsonpath_letter_case_typo() {
    let all = findings("jsonpath-letter-case.json");
    assert_eq!(
        summary("jsonpath-letter-case.json"),
        one(
            Severity::Error,
            3,
            "the Path Expression for callbackConnectTime is `…callbackconnecttime`; expected `…callbackConnectTime`"
        )
    );
    assert_eq!(
        all[0].anchor,
        "guide/preventing-callback-duplication#build-3"
    );
    assert!(all[0]
        .hint
        .as_deref()
        .unwrap_or("")
        .contains("case-sensitive"));
}

#[test]
fn connect_time_typed_integer() {
    assert_eq!(
        summary("connect-time-integer.json"),
        one(
            Severity::Error,
            2,
            "`callbackConnectTime` is typed Integer; the guide's Type is String"
        )
    );
}

#[test]
fn verify_number_still_connected_to_callback() {
    assert_eq!(
        summary("verify-still-to-callback.json"),
        one(
            Severity::Error,
            3,
            "VerifyNumber option 1 (\"Number OK\") still goes to the Callback node; the guide connects it to the HTTP Request node"
        )
    );
}

#[test]
fn verify_number_connected_twice() {
    let imported = import(&fixture("verify-connected-twice.json")).unwrap();
    assert_eq!(imported.dropped_links.len(), 1);
    assert_eq!(
        summary("verify-connected-twice.json"),
        one(
            Severity::Error,
            3,
            "VerifyNumber option 1 (\"Number OK\") is connected twice: to `HTTPRequest_CallBackSearch` and to `Callback`; the guide removes the connection to the Callback node"
        )
    );
}

#[test]
fn curly_quotes_in_the_expression() {
    assert_eq!(
        summary("curly-quotes.json"),
        one(
            Severity::Error,
            5,
            "the Expression contains curly quotes (“”); Flow Designer needs straight quotes (\")"
        )
    );
}

#[test]
fn a_cosmetic_label_difference_is_a_note_only() {
    assert_eq!(
        summary("cosmetic-label.json"),
        one(
            Severity::Note,
            6,
            "the Play Message node of step 6 is labelled `PlayMessage_Duplicate`; the reference flow labels it `PlayMessage_AlreadyScheduled` (any label works)"
        )
    );
}

#[test]
fn a_consistently_renamed_http_node_is_a_note() {
    assert_eq!(
        summary("http-renamed-consistently.json"),
        one(
            Severity::Note,
            3,
            "the HTTP Request node is labelled `HTTP_Search`; the guide's Activity Label is `HTTPRequest_CallBackSearch`"
        )
    );
    // The Condition lab starts at the renamed node.
    let flow = import(&fixture("http-renamed-consistently.json"))
        .unwrap()
        .flow;
    assert_eq!(
        mission_input(&flow, mission(4).unwrap()).start.as_deref(),
        Some("HTTP_Search")
    );
}

#[test]
fn a_renamed_http_node_the_condition_still_names_is_an_error() {
    let all = findings("http-renamed-condition-stale.json");
    assert_eq!(all.len(), 2, "{all:#?}");
    assert_eq!(all[0].severity, Severity::Note);
    assert_eq!(all[1].severity, Severity::Error);
    assert_eq!(all[1].step, "build-5");
    // The stale name is not an error in Pebble: it reads as empty, so the Condition goes false.
    assert!(
        all[1].message.starts_with(
            "Build step 5: the Expression uses `HTTPRequest_CallBackSearch.httpStatusCode`, which this flow does not set (Pebble reads it as empty), so it takes the false exit"
        ),
        "{}",
        all[1].message
    );
    assert!(all[1]
        .hint
        .as_deref()
        .unwrap_or("")
        .contains("labelled `HTTP_Search`"));
}

#[test]
fn an_equivalent_expression_is_a_note_and_a_different_one_an_error() {
    assert_eq!(
        summary("expression-equivalent.json"),
        one(
            Severity::Note,
            5,
            "the Expression is written differently from the guide's; it gives the same exit in all 27 cases tried"
        )
    );
    assert_eq!(
        summary("expression-status-as-text.json"),
        one(
            Severity::Error,
            5,
            "the Expression takes the false exit when callbackConnectTime is \"-1\", callbackStatus is \"Not Processed\" and HTTPRequest_CallBackSearch.httpStatusCode is 200; the guide's takes true"
        )
    );
}

#[test]
fn a_real_export_with_extra_fields_and_unknown_activities_matches() {
    let imported = import(&fixture("real-export-shape.json")).unwrap();
    assert_eq!(check_imported(&imported, mission(4).unwrap()), vec![]);
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.contains("`BusinessHours` (business-hours)")),
        "{:?}",
        imported.notes
    );
}

#[test]
fn missing_nodes_settings_and_variables_are_errors_in_the_guide_words() {
    let spec = mission(4).unwrap();
    let mut flow = mission_flow().unwrap();
    flow.variables.retain(|v| v.name != "searchresult");
    if let Some(v) = flow
        .variables
        .iter_mut()
        .find(|v| v.name == "callbackStatus")
    {
        v.name = "callbackstatus".into();
    }
    let text = export(&flow)
        .replace("\"/search\"", "\"/Search\"")
        .replace(
            "\"httpRequestMethod\": \"POST\"",
            "\"httpRequestMethod\": \"GET\"",
        )
        .replace("- 15000000", "- 1500000");
    let found = check(&import(&text).unwrap().flow, spec);
    let messages: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
    for expected in [
        "Build step 2: the flow variable is named `callbackstatus`; the guide names it `callbackStatus`",
        "Build step 2: the flow variable `searchresult` is missing; the guide adds it with Type String and an empty Default Value",
        "Build step 3: the Path is `/Search`; expected `/search`",
        "Build step 3: the Method is `GET`; expected `POST`",
        "Build step 3: the GraphQL variables differ at `from`: `\"{{now() | epoch(inMillis=true) - 1500000}}\"`; expected `\"{{now() | epoch(inMillis=true) - 15000000}}\"`",
    ] {
        assert!(messages.contains(&expected), "{expected}\nin {messages:#?}");
    }
    assert!(found.iter().all(|f| f.severity == Severity::Error));
}

#[test]
fn every_step_of_the_table_is_an_anchor_of_the_guide() {
    for spec in MISSIONS {
        let mission = callback_lab::missions::compiled()
            .find(spec.slug)
            .expect("the mission's guide exists");
        let doc = &mission.document;
        let anchors: Vec<String> = doc.steps.iter().map(|s| s.id.clone()).collect();
        for item in spec.checks {
            let step = format!("build-{}", item.step(spec.roles));
            assert!(anchors.contains(&step), "{step} not in {anchors:?}");
        }
        // Every role and every variable the table names is in the reference flow.
        let reference = callback_lab::flowcheck::reference(spec).unwrap();
        for role in spec.roles {
            assert!(reference.node_index(role.label).is_some(), "{}", role.label);
        }
        for item in spec.checks {
            if let Check::Variable { name, .. } = item {
                assert!(reference.variable(name).is_some(), "{name}");
            }
        }
    }
}
