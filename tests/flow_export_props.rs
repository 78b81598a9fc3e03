//! Property tests on generated Flow Designer exports in the real shape (start by `group`, the real
//! members of each kind, numbers written as text, nulls, extra members, links with
//! `properties.value`, cycles): every one imports, exports back as the same JSON, runs without
//! panicking to an outcome, is checked and laid out; a value replaced anywhere gives a flow or a
//! message, never a panic. `scripts/fuzz.sh` runs 1 000 000 cases.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use callback_lab::engine::FixedClock;
use callback_lab::flow::{
    export, import, run, FlowSummary, Outcome, PastedResponse, RunInput, Unsimulated,
};
use callback_lab::flowcheck::{check_imported, mission};
use callback_lab::lab::picture::FlowPicture;
use proptest::prelude::*;
use serde_json::{json, Value as Json};

/// A number as Flow Designer may write it: a number or the same number as text.
fn loose_number(n: u32, as_text: bool) -> Json {
    if as_text {
        Json::String(n.to_string())
    } else {
        json!(n)
    }
}

const CONTENT_TYPES: [&str; 4] = [
    "GraphQL",
    "Application/JSON",
    "text/plain",
    "Application/x-www-form-urlencoded",
];
const OPAQUE_KINDS: [&str; 3] = [
    "ivr-virtualassistant",
    "ivr-virtualassistantvoice",
    "queue-lookup",
];

/// One activity (its JSON) and its exits, for kind number `k`.
fn activity(k: u8, label: &str, seed: u32) -> (Json, Vec<String>) {
    let text = seed.is_multiple_of(2);
    let (group, props, exits): (&str, Json, Vec<&str>) = match k % 12 {
        0 => (
            "action",
            json!({"activityName": "play-message", "activityId": "5f114466ef5cfc454fbbf131",
                   "promptsTts": [{"type": "tts", "value": format!("Hello {{{{v{}}}}}", seed % 3), "name": "x"}],
                   "prompts": null, "toggle": true}),
            vec!["default", "error"],
        ),
        1 => (
            "enum-gateway",
            json!({"activityName": "ivr-menu", "menuLinks": ["1", "2"], "menuLinks_input": ["a", "b"],
                   "entryTimeout": loose_number(3, text), "promptsTts": null,
                   "prompts": [{"type": "audioFile", "value": "menu.wav"}]}),
            vec!["1", "2", "timeout", "invalid", "error"],
        ),
        2 => (
            "action",
            json!({"activityName": "ivr-collectdigits", "minDigits": loose_number(1, text),
                   "maxDigits": loose_number(4, !text), "promptsTts": []}),
            vec!["default", "timeout", "invalid", "error"],
        ),
        3 => (
            "action",
            json!({"activityName": "http-request-v2", "activityId": "http-request-v2",
                   "authenticated": text, "connectorId": if text { json!("c1") } else { Json::Null },
                   "connectorId:name": "conn", "httpRequestUrl": if text { Json::Null } else { json!("https://{{host}}/x") },
                   "httpRequestPath": if text { json!("/search?orgId={{NewPhoneContact.OrgId}}") } else { Json::Null },
                   "httpRequestMethod": if seed.is_multiple_of(3) { "GET" } else { "POST" },
                   "httpContentType": CONTENT_TYPES[(seed % 4) as usize],
                   "httpContentType:name:name": "Application/JSON",
                   "httpRequestBody": if seed % 4 == 1 { json!("{\"a\": \"{{v0}}\", \"n\": {{v1}}}") } else { json!("text {{v2}}") },
                   "httpRequestBodyGQL": {"query": "{ taskDetails(from: {{v1}}, to: 2) { tasks { id } } }", "variables": " "},
                   "httpRequestBodyFormData": if seed % 4 == 3 { json!({"k": "{{v0}}"}) } else { Json::Null },
                   "httpRequestBodyFiles": null, "httpRequestHeaders": {}, "httpQueryParameters": {},
                   "retryAttempts": loose_number(seed % 4, text), "httpResponseTimeout": loose_number(2000, !text),
                   "contentType": "JSON",
                   "outputVariableArray": [{"outputVariable": "v0", "jsonPathExp": if text { "$.data.x" } else { "value[0].id" }},
                                           {"outputVariable": "", "jsonPathExp": ""}]}),
            vec!["default", "error"],
        ),
        4 => (
            "set-variable",
            if text {
                json!({"activityName": "set-variable", "activityId": "set-variable", "srcVariable": "v1",
                       "srcVariableType": "INTEGER", "setTo": "set-to-literal", "expr": "{{ v1 + 1 }}"})
            } else {
                json!({"activityName": "set-variable", "srcVariable": "v0", "setTo": "set-to-literal", "expr": "x",
                       "setVariablesArray": [{"srcVariable": "v0", "setTo": "set-to-literal", "expr": "x", "literal": "x"},
                                             {"srcVariable": "v2", "setTo": "set-to-variable", "expr": "{{v0}}"}]})
            },
            vec!["out", "error"],
        ),
        5 => (
            "enum-gateway",
            json!({"activityName": "condition-activity", "activityId": "condition-activity",
                   "expression": format!("{{{{ v1 > {} }}}}", seed % 5)}),
            vec!["true", "false", "error"],
        ),
        6 => (
            "enum-gateway",
            json!({"activityName": "case-statement", "expression": "{{v0}}", "menuLinks": ["0", "1", "2"],
                   "menuLinks_input": ["x", "y", "{{z}}"], "expression_name": "STRING"}),
            vec!["0", "1", "2", "default"],
        ),
        7 => (
            "action",
            json!({"activityName": "parse-activity", "inputVariable": "{{v2}}", "contentType": "JSON",
                   "outputVariableArray": [{"outputVariable": "v0", "jsonPathExp": "$.a"}]}),
            vec!["default", "error"],
        ),
        8 => (
            "enum-gateway",
            json!({"activityName": OPAQUE_KINDS[(seed % 3) as usize],
                   "connector": "x", "eventName": "", "destination": null}),
            vec![
                "ENDED",
                "ESCALATE",
                "error",
                "insufficientdata",
                "failure",
                "default",
            ],
        ),
        9 => (
            "action",
            json!({"activityName": "queue-contact", "destination": "q", "destination:name": "Q", "priority": null}),
            vec!["default", "failure"],
        ),
        10 => (
            "action",
            json!({"activityName": "play-music", "prompt": "defaultmusic_on_hold.wav", "duration": loose_number(2, text)}),
            vec!["default", "error"],
        ),
        _ => (
            if text { "terminating-action" } else { "end" },
            json!({"activityName": if text { "disconnect-contact" } else { "end" }}),
            vec![],
        ),
    };
    let mut props = props;
    if let Json::Object(p) = &mut props {
        p.insert("name".into(), json!(label));
        p.insert(
            "_renderRequestTimestamp".into(),
            json!(1_700_000_000_000u64 + u64::from(seed)),
        );
    }
    (
        json!({"id": format!("id-{label}"), "name": label, "group": group, "properties": props}),
        exits.into_iter().map(str::to_string).collect(),
    )
}

/// A whole export: a start, `kinds.len()` activities, links from each exit chosen by `targets`.
fn export_doc(kinds: &[(u8, u32)], targets: &[u16], flow_type: bool) -> Json {
    let start_name = if kinds.len().is_multiple_of(2) {
        "NewPhoneContact"
    } else {
        "NewContact"
    };
    let mut activities = serde_json::Map::new();
    activities.insert(
        "id-NewPhoneContact".into(),
        json!({"id": "id-NewPhoneContact", "name": "NewPhoneContact", "group": "start",
               "properties": {"activityId": "start", "activityName": start_name, "event": "NewPhoneContact",
                              "name": "NewPhoneContact", "flowType": {"eventSourceName": "WebexContactCenter"}}}),
    );
    let labels: Vec<String> = (0..kinds.len()).map(|i| format!("N{i}")).collect();
    let mut exits_of: Vec<(String, Vec<String>)> =
        vec![("NewPhoneContact".into(), vec!["out".into()])];
    for (i, &(k, seed)) in kinds.iter().enumerate() {
        let (act, exits) = activity(k, &labels[i], seed);
        activities.insert(format!("id-{}", labels[i]), act);
        exits_of.push((labels[i].clone(), exits));
    }
    let mut links = Vec::new();
    let mut t = targets.iter().cycle();
    for (from, exits) in &exits_of {
        for exit in exits {
            let pick = usize::from(*t.next().unwrap_or(&0));
            // Some exits stay unconnected.
            if pick % 5 == 4 || labels.is_empty() {
                continue;
            }
            let to = &labels[pick % labels.len()];
            links.push(
                json!({"id": format!("l-{from}-{exit}"), "sourceActivityId": format!("id-{from}"),
                              "targetActivityId": format!("id-{to}"), "conditionExpr": exit,
                              "properties": {"value": exit}}),
            );
        }
    }
    let mut doc = json!({
        "orgId": "org", "version": kinds.len() % 40 + 1, "id": "f1", "name": "Generated", "description": "",
        "comment": "",
        "variables": [
            {"name": "v0", "type": "STRING", "value": null, "isCAD": false, "desktopLabel": ""},
            {"name": "v1", "type": "INTEGER", "value": "0", "isReportable": false},
            {"name": "v2", "type": "STRING", "value": "{\"a\": 1}", "source": ""},
            {"name": "flag", "type": "BOOLEAN", "value": "False"}
        ],
        "process": {"activities": activities, "links": links},
        "diagram": {"widgets": {}, "properties": {"zoom": 100}},
        "eventFlows": {"eventsMap": {}}
    });
    if flow_type {
        doc["flowType"] = json!("FLOW");
    }
    doc
}

fn arb_export() -> impl Strategy<Value = Json> {
    (
        prop::collection::vec((any::<u8>(), any::<u32>()), 0..24),
        prop::collection::vec(any::<u16>(), 1..64),
        any::<bool>(),
    )
        .prop_map(|(kinds, targets, flow_type)| export_doc(&kinds, &targets, flow_type))
}

fn arb_leaf() -> impl Strategy<Value = Json> {
    prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        "[a-z0-9{} $.\\[\\]]{0,12}".prop_map(Json::String),
        Just(json!([])),
        Just(json!({})),
        Just(json!([{"x": 1}])),
    ]
}

/// Replaces the `n`-th value of `doc` (depth-first) with `value`.
fn replace_nth(doc: &mut Json, n: &mut usize, value: &Json) -> bool {
    if *n == 0 {
        *doc = value.clone();
        return true;
    }
    *n -= 1;
    match doc {
        Json::Array(items) => items.iter_mut().any(|i| replace_nth(i, n, value)),
        Json::Object(members) => members.values_mut().any(|v| replace_nth(v, n, value)),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: support::cases(192), ..ProptestConfig::default() })]

    #[test]
    fn generated_exports_import_and_export_back_as_the_same_json(doc in arb_export()) {
        let text = if doc["version"].as_u64().unwrap_or(0) % 2 == 0 {
            serde_json::to_string_pretty(&doc).unwrap()
        } else {
            doc.to_string()
        };
        let imported = import(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let exported = export(&imported.flow);
        let back: Json = serde_json::from_str(&exported).unwrap();
        prop_assert_eq!(&back, &doc);
        let again = import(&exported).unwrap();
        prop_assert_eq!(again.flow, imported.flow);
    }

    #[test]
    fn generated_exports_run_check_and_lay_out_without_panicking(
        doc in arb_export(),
        inputs in prop::collection::vec(prop_oneof![Just("1"), Just("2"), Just("1234"), Just("ENDED"), Just("default")], 0..6),
        body in prop_oneof![Just("{\"data\":{\"x\":\"y\"},\"a\":[1]}"), Just("not json"), Just("{\"value\":[{\"id\":7}]}")],
        stop in any::<bool>(),
    ) {
        let imported = import(&doc.to_string()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let flow = &imported.flow;
        let input = RunInput {
            inputs: inputs.iter().map(|s| s.to_string()).collect(),
            max_steps: 60,
            unsimulated: if stop { Unsimulated::Stop } else { Unsimulated::FollowOnlyExit },
            ..RunInput::default()
        };
        let mut responder = PastedResponse::new(200, body).unwrap();
        let result = run(flow, &input, &mut responder, &FixedClock(1_700_000_000_000)).unwrap();
        prop_assert!(result.steps.len() <= 60);
        if let Outcome::Loop { cycle, .. } = &result.outcome {
            prop_assert!(!cycle.is_empty());
        }
        prop_assert!(!result.outcome.describe().is_empty());
        let _ = check_imported(&imported, mission(4).unwrap());
        let picture = FlowPicture::of(flow);
        prop_assert_eq!(picture.layout.nodes.len(), flow.nodes.len());
        let summary = FlowSummary::of(flow);
        prop_assert_eq!(summary.kinds.iter().map(|k| k.labels.len()).sum::<usize>(), flow.nodes.len());
    }

    #[test]
    fn a_value_replaced_anywhere_gives_a_flow_or_a_message(
        doc in arb_export(),
        at in 0usize..400,
        value in arb_leaf(),
    ) {
        let mut doc = doc;
        let mut n = at;
        replace_nth(&mut doc, &mut n, &value);
        match import(&doc.to_string()) {
            Ok(imported) => {
                let again = import(&export(&imported.flow)).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(again.flow, imported.flow);
            }
            Err(e) => prop_assert!(!e.message.is_empty()),
        }
    }
}
