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

/// The findings as the attendee reads them: severity, step and message, then the hint and the
/// link to the guide.
fn report(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "no findings: the flow matches the mission".to_string();
    }
    findings
        .iter()
        .map(|f| {
            let mut text = format!(
                "{:?} {}: {}\n  link: {}",
                f.severity, f.step, f.message, f.anchor
            );
            if let Some(hint) = &f.hint {
                text.push_str(&format!("\n  hint: {hint}"));
            }
            text
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every fixture — a real-shaped export with one common mistake (or none) — and its findings: one
/// reviewed snapshot per file (`tests/snapshots/flowcheck_check__findings_of_every_fixture@<file>.snap`).
/// A new mistake is a new file; `INSTA_UPDATE=always cargo test --test flowcheck_check` writes its
/// snapshot, to be reviewed.
#[test]
fn findings_of_every_fixture() {
    insta::glob!("inputs/flowcheck/*.json", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let found = match import(&text) {
            Ok(imported) => report(&check_imported(&imported, mission(4).expect("mission 4"))),
            Err(e) => format!("not imported: {e}"),
        };
        insta::assert_snapshot!(found);
    });
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
fn jsonpath_letter_case_typo() {
    let all = findings("jsonpath-letter-case.json");
    assert_eq!(all.len(), 1, "{all:#?}");
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
fn verify_number_connected_twice() {
    let imported = import(&fixture("verify-connected-twice.json")).unwrap();
    assert_eq!(imported.dropped_links.len(), 1);
    let all = findings("verify-connected-twice.json");
    assert_eq!((all.len(), all[0].severity), (1, Severity::Error));
}

#[test]
fn a_consistently_renamed_http_node_is_a_note() {
    let all = findings("http-renamed-consistently.json");
    assert_eq!((all.len(), all[0].severity), (1, Severity::Note));
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

fn one(severity: Severity, step: u32, message: &str) -> Vec<(Severity, String, String)> {
    vec![(
        severity,
        format!("build-{step}"),
        format!("Build step {step}: {message}"),
    )]
}

/// The reference with its GraphQL query replaced (the real shape: `httpRequestBodyGQL.query`).
fn reference_with_query(query: &str) -> Vec<(Severity, String, String)> {
    let spec = mission(4).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(spec.reference_json).unwrap();
    let activities = doc["process"]["activities"].as_object_mut().unwrap();
    let http = activities
        .values_mut()
        .find(|a| a["name"] == "HTTPRequest_CallBackSearch")
        .unwrap();
    http["properties"]["httpRequestBodyGQL"]["query"] = serde_json::Value::String(query.into());
    let imported = import(&doc.to_string()).unwrap();
    check_imported(&imported, spec)
        .into_iter()
        .map(|f| (f.severity, f.step, f.message))
        .collect()
}

#[test]
fn graphql_queries_are_compared_by_what_they_ask_not_how_they_are_written() {
    // The guide's query written on one line, with commas and a comment: the same query.
    let same = "# pasted from the guide\nquery callbackSearch($from: Long!, $to: Long!, $filter: TaskDetailsFilters) { taskDetails(from: $from, to: $to, filter: $filter) { tasks { callbackData { callbackRequestTime, callbackConnectTime, callbackNumber, callbackStatus, callbackOrigin, callbackType } lastEntryPoint { id name } } } }";
    assert_eq!(reference_with_query(same), vec![]);
    // A field left out: where the queries part.
    let missing = same.replace("callbackStatus, ", "");
    assert_eq!(
        reference_with_query(&missing),
        one(
            Severity::Error,
            3,
            "the GraphQL Query differs from the guide's at `…callbackOrigin callbackType} lastEntryPoint{id n…`; expected `…callbackStatus callbackOrigin callbackType} last…`"
        )
    );
    // Not GraphQL at all (a curly quote): what the parser says, with the place.
    let broken = same.replace(
        "$filter: TaskDetailsFilters",
        "$filter: “TaskDetailsFilters”",
    );
    let found = reference_with_query(&broken);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .2
            .starts_with("Build step 3: the GraphQL Query is not GraphQL the Search API reads:")
            && found[0].2.contains("(line 2, column"),
        "{found:?}"
    );
}
