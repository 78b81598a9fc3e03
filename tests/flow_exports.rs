//! Flow Designer exports as Flow Designer writes them (fixtures of our own in the shape of real
//! exports, `tests/inputs/exports/`): each imports, exports back as the same JSON, and runs as far
//! as its nodes allow. One test per fact of the export format.
#![cfg(not(target_arch = "wasm32"))]

use callback_lab::engine::{FixedClock, Value};
use callback_lab::flow::{
    export, import, run, Activity, ActivityKind, BodyKind, Flow, FlowErrorKind, FlowSummary,
    NodeKind, Outcome, PastedResponse, RunInput, RunResult, StepDetail, Support, Unreachable,
};
use serde_json::Value as Json;

const NOW: i64 = 1_700_000_000_000;

fn text(name: &str) -> String {
    let path = format!("{}/tests/inputs/exports/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn flow(name: &str) -> Flow {
    import(&text(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .flow
}

fn node<'a>(flow: &'a Flow, label: &str) -> &'a NodeKind {
    &flow.nodes[flow
        .node_index(label)
        .unwrap_or_else(|| panic!("no {label}"))]
    .kind
}

fn run_with(flow: &Flow, inputs: &[&str], vars: &[(&str, &str)], body: Option<&str>) -> RunResult {
    let input = RunInput {
        inputs: inputs.iter().map(|s| s.to_string()).collect(),
        variables: vars
            .iter()
            .map(|(n, v)| (n.to_string(), Value::String(v.to_string())))
            .collect(),
        ..RunInput::default()
    };
    match body {
        Some(body) => {
            let mut responder = PastedResponse::new(200, body).unwrap();
            run(flow, &input, &mut responder, &FixedClock(NOW)).unwrap()
        }
        None => run(flow, &input, &mut Unreachable, &FixedClock(NOW)).unwrap(),
    }
}

const FIXTURES: &[&str] = &[
    "voice-start-by-group.json",
    "http-graphql-in-body-gql.json",
    "http-json-body-and-get.json",
    "http-form-body.json",
    "ai-agent-case-parse.json",
    "older-voice-flow.json",
];

#[test]
fn every_fixture_exports_back_as_the_same_json() {
    for name in FIXTURES {
        let original: Json = serde_json::from_str(&text(name)).unwrap();
        let exported: Json = serde_json::from_str(&export(&flow(name))).unwrap();
        assert_eq!(
            exported, original,
            "{name}: import → export lost or changed something"
        );
    }
}

#[test]
fn the_start_is_found_by_its_group_whatever_its_name() {
    for (name, activity) in [
        ("voice-start-by-group.json", "NewPhoneContact"),
        ("ai-agent-case-parse.json", "NewContact"),
    ] {
        let f = flow(name);
        let start = &f.nodes[f.start];
        assert!(matches!(start.kind, NodeKind::Start(_)), "{name}");
        assert_eq!(start.properties["activityName"], activity);
        assert_eq!(start.raw.0["group"], "start");
        assert_eq!(start.kind.activity(), ActivityKind::Known(Activity::Start));
    }
    // Nothing marked as the start: a message that says what is missing, with its place.
    let no_start = text("voice-start-by-group.json")
        .replace("\"group\": \"start\"", "\"group\": \"action\"")
        .replace("\"activityId\": \"start\"", "\"activityId\": \"x\"")
        .replace(
            "\"activityName\": \"NewPhoneContact\"",
            "\"activityName\": \"other\"",
        );
    let e = import(&no_start).unwrap_err();
    assert_eq!(e.kind, FlowErrorKind::FlowInvalid);
    assert!(e.message.contains("no start activity"), "{e}");
    assert!(e.location.unwrap().starts_with("line "));
}

#[test]
fn unknown_members_are_kept_top_level_and_in_event_flows() {
    let f = flow("voice-start-by-group.json");
    for key in [
        "orgId",
        "version",
        "id",
        "comment",
        "diagram",
        "flowId",
        "eventFlows",
    ] {
        assert!(f.document.0.contains_key(key), "{key}");
    }
    let imported = import(&text("voice-start-by-group.json")).unwrap();
    assert!(imported.notes.is_empty(), "{:?}", imported.notes);
}

#[test]
fn a_missing_flow_type_stays_missing_and_version_is_a_revision_count() {
    let f = flow("older-voice-flow.json");
    assert!(!f.document.0.contains_key("flowType"));
    assert_eq!(f.flow_type, "FLOW");
    assert_eq!(f.document.0["version"], 7);
    let exported: Json = serde_json::from_str(&export(&f)).unwrap();
    assert!(exported.get("flowType").is_none());
}

#[test]
fn graphql_lives_in_http_request_body_gql_with_variables_as_text() {
    let f = flow("http-graphql-in-body-gql.json");
    let NodeKind::HttpRequest(h) = node(&f, "SearchTasks") else {
        panic!("not HTTP")
    };
    assert_eq!(h.body_kind, BodyKind::GraphQl);
    // The base member wins over its UI twin that says Application/JSON.
    assert_eq!(h.content_type, "GraphQL");
    assert!(h.query.contains("taskDetails(") && h.variables.trim().is_empty());
    assert_eq!(
        (h.path.as_str(), h.url.as_str()),
        ("/search?orgId={{NewPhoneContact.OrgId}}", "")
    );
    assert_eq!(
        (h.connector.as_str(), h.method.as_str()),
        ("webexCC", "POST")
    );
    assert_eq!((h.retry_attempts, h.timeout_ms), (Some(3), Some(2000)));
    // The empty parse row is not a setting.
    assert_eq!(h.parse_settings.len(), 1);

    let body = r#"{"data":{"taskDetails":{"tasks":[{"id":"t1","callbackData":{"callbackStatus":"Not Processed"}}]}}}"#;
    let r = run_with(
        &f,
        &[],
        &[("NewPhoneContact.ANI", "+14085550100")],
        Some(body),
    );
    let request = r.request.as_ref().unwrap();
    // `{{ }}` in the path and in the query's arguments are rendered; from/to read from the query.
    assert_eq!(
        request.path,
        "/search?orgId=00000000-0000-4000-8000-000000000000"
    );
    assert!(
        request.query.contains("from: 1699913600000"),
        "{}",
        request.query
    );
    assert!(request.query.contains("equals: \"+14085550100\""));
    assert_eq!(request.from.as_ref().unwrap().epoch_ms, NOW - 86_400_000);
    assert_eq!(request.to.as_ref().unwrap().epoch_ms, NOW);
    assert_eq!(request.variables, Json::Null);
    assert_eq!(
        r.variable_text("pendingStatus").as_deref(),
        Some("Not Processed")
    );
    assert_eq!(r.exit(), "true");
    assert_eq!(r.outcome, Outcome::Ended { node: "Bye".into() });
}

#[test]
fn a_json_body_and_a_url_with_templates_are_rendered_and_sent() {
    let f = flow("http-json-body-and-get.json");
    let NodeKind::HttpRequest(post) = node(&f, "CreateTicket") else {
        panic!()
    };
    assert_eq!(post.body_kind, BodyKind::Json);
    assert_eq!(post.url, "https://{{crmHost}}/api/tickets");
    // Numbers given as text.
    assert_eq!(
        (post.retry_attempts, post.timeout_ms),
        (Some(1), Some(2000))
    );
    let NodeKind::HttpRequest(get) = node(&f, "LookupCustomer") else {
        panic!()
    };
    assert_eq!(get.body_kind, BodyKind::None, "a GET sends no body");

    let body = r#"{"ticket":{"id":"T-42"},"value":[{"fullname":"Ada Lovelace"}]}"#;
    let r = run_with(
        &f,
        &[],
        &[("NewPhoneContact.ANI", "+14085550100")],
        Some(body),
    );
    let http: Vec<_> = r
        .steps
        .iter()
        .filter_map(|s| match &s.detail {
            Some(StepDetail::Http { request, .. }) => Some(request),
            _ => None,
        })
        .collect();
    assert_eq!(http.len(), 2);
    assert_eq!(http[0].path, "https://crm.example.com/api/tickets");
    let sent: Json = serde_json::from_str(&http[0].body).expect("the rendered JSON body parses");
    assert_eq!(sent["caller"], "+14085550100");
    assert_eq!(sent["priority"], 2);
    assert_eq!(
        http[0].headers,
        [("X-Caller".to_string(), "+14085550100".to_string())]
    );
    assert_eq!(
        http[0].query_parameters,
        [("source".to_string(), "ivr".to_string())]
    );
    assert_eq!(http[1].method, "GET");
    assert!(http[1].path.contains("contains(telephone1,'+14085550100')"));
    // No step complains about a GraphQL template for these bodies.
    assert!(r
        .steps
        .iter()
        .flat_map(|s| &s.notes)
        .all(|n| !n.message.contains("GraphQL")));
    // `value[0].fullname` (no `$`) is read from the root.
    assert_eq!(
        r.variable_text("customerName").as_deref(),
        Some("Ada Lovelace")
    );
    assert_eq!(
        r.prompts[0].text,
        "Hello Ada Lovelace, your ticket is T-42."
    );
}

#[test]
fn form_fields_are_rendered_and_encoded() {
    let f = flow("http-form-body.json");
    let r = run_with(&f, &[], &[("NewPhoneContact.ANI", "+1 408")], Some("{}"));
    let request = r.request.unwrap();
    assert_eq!(request.body_kind, BodyKind::Form);
    assert_eq!(
        request.form,
        [
            ("caller".to_string(), "+1 408".to_string()),
            ("reason".to_string(), "callback request".to_string())
        ]
    );
    assert_eq!(
        request.body_text(),
        "caller=%2B1+408&reason=callback+request"
    );
}

#[test]
fn the_older_set_variable_row_and_the_array_both_assign() {
    let f = flow("http-graphql-in-body-gql.json");
    let NodeKind::SetVariable(one) = node(&f, "CurrentTime") else {
        panic!()
    };
    assert_eq!(one.assignments.len(), 1);
    let f = flow("ai-agent-case-parse.json");
    let NodeKind::SetVariable(two) = node(&f, "ReplyToAgent") else {
        panic!()
    };
    assert_eq!(two.assignments.len(), 2);
}

#[test]
fn link_exits_of_every_kind_seen_are_read() {
    let mut exits: Vec<String> = Vec::new();
    for name in FIXTURES {
        exits.extend(flow(name).links.iter().map(|l| l.exit.clone()));
    }
    for exit in [
        "out",
        "default",
        "true",
        "false",
        "timeout",
        "invalid",
        "error",
        "failure",
        "insufficientdata",
        "ENDED",
        "ESCALATE",
        "0",
        "1",
        "2",
        "4",
        "5",
        "8",
    ] {
        assert!(exits.iter().any(|e| e == exit), "no `{exit}` link");
    }
    // HTTP Request nodes leave by `default`.
    let f = flow("http-json-body-and-get.json");
    let http = f.node_index("CreateTicket").unwrap();
    assert_eq!(
        f.outgoing(http)
            .map(|l| l.exit.as_str())
            .collect::<Vec<_>>(),
        ["default"]
    );
}

#[test]
fn case_and_parse_nodes_run_as_flow_designer_does() {
    let f = flow("ai-agent-case-parse.json");
    let NodeKind::Case(case) = node(&f, "EventDecider") else {
        panic!()
    };
    assert_eq!(case.branches.len(), 9);
    assert_eq!(case.choose("make_payment"), ("1".to_string(), true));
    assert_eq!(
        case.choose("something else"),
        ("default".to_string(), false)
    );

    let meta = r#"{"accountId":"A-7","balance":{"due":12.5}}"#;
    let r = run_with(
        &f,
        &["ENDED"],
        &[
            ("AI_Agent.StateEventName", "lookup_balance"),
            ("AI_Agent.MetaData", meta),
        ],
        None,
    );
    assert_eq!(
        r.path(),
        [
            "NewPhoneContact",
            "AI_Agent",
            "EventDecider",
            "ParseAccount",
            "ReplyToAgent",
            "AI_Agent"
        ]
    );
    assert_eq!(r.steps[2].exit.as_deref(), Some("0"));
    assert!(
        matches!(&r.steps[2].detail, Some(StepDetail::Case { value, .. }) if value == "lookup_balance")
    );
    assert_eq!(r.variable_text("accountId").as_deref(), Some("A-7"));
    assert_eq!(r.variables.get("amountDue"), Some(&Value::Decimal(12.5)));
    assert_eq!(
        r.variable_text("eventData").as_deref(),
        Some(r#"{"due":"12.5"}"#)
    );

    // A value no branch has: `default`.
    let r = run_with(
        &f,
        &["ENDED"],
        &[("AI_Agent.StateEventName", "other")],
        None,
    );
    assert_eq!(r.steps[2].exit.as_deref(), Some("default"));
    assert_eq!(
        r.outcome,
        Outcome::Ended {
            node: "Goodbye".into()
        }
    );

    // Parse on a variable that is not JSON: the node's `error` exit (not connected here).
    let r = run_with(
        &f,
        &["ENDED"],
        &[
            ("AI_Agent.StateEventName", "lookup_balance"),
            ("AI_Agent.MetaData", "oops"),
        ],
        None,
    );
    assert_eq!(
        r.outcome,
        Outcome::DeadEnd {
            node: "ParseAccount".into(),
            exit: "error".into()
        }
    );
}

#[test]
fn virtual_agents_and_queue_lookups_stay_opaque_and_say_what_they_need() {
    let f = flow("ai-agent-case-parse.json");
    let r = run_with(&f, &[], &[], None);
    let Outcome::NotSimulated {
        node,
        activity,
        exits,
        needs,
    } = &r.outcome
    else {
        panic!("{:?}", r.outcome)
    };
    assert_eq!(
        (node.as_str(), activity.as_str()),
        ("AI_Agent", "ivr-virtualassistantvoice")
    );
    assert_eq!(exits, &["ENDED", "ESCALATE"]);
    assert!(needs.contains("AI agent"));
    assert!(r.outcome.describe().contains("ENDED, ESCALATE"));

    let f = flow("older-voice-flow.json");
    let r = run_with(&f, &["1", "123456"], &[], None);
    assert!(
        matches!(&r.outcome, Outcome::NotSimulated { node, exits, .. }
        if node == "SalesLookup" && exits == &["default", "insufficientdata", "failure"])
    );
    // Naming the exit lets the run go on.
    let r = run_with(&f, &["2", "error"], &[], None);
    assert_eq!(
        r.path(),
        ["NewPhoneContact", "Menu_Main", "Bot", "Busy", "EndFlow"]
    );
    assert_eq!(
        r.outcome,
        Outcome::Ended {
            node: "EndFlow".into()
        }
    );

    let summary = FlowSummary::of(&f);
    assert_eq!(summary.opaque.len(), 2);
    assert!(summary
        .kinds
        .iter()
        .any(|k| k.activity == "queue-lookup" && k.support == Support::Opaque));
    assert_eq!(summary.simulated(), 7);
}

#[test]
fn end_ends_and_a_loop_that_changes_nothing_is_reported_as_a_loop() {
    let f = flow("older-voice-flow.json");
    assert!(matches!(node(&f, "EndFlow"), NodeKind::End(_)));
    let r = run_with(&f, &["2", "ENDED"], &[], None);
    assert_eq!(
        r.outcome,
        Outcome::Ended {
            node: "EndFlow".into()
        }
    );

    // Queue, then music that loops on itself: the run reports the loop at once.
    let r = run_with(&f, &["2", "ESCALATE"], &[], None);
    let Outcome::Loop { node, cycle } = &r.outcome else {
        panic!("{:?}", r.outcome)
    };
    assert_eq!(
        (node.as_str(), cycle.as_slice()),
        ("Hold_Sales", &["Hold_Sales".to_string()][..])
    );
    assert!(r.steps.len() < 10);
    assert!(r.outcome.describe().contains("Hold_Sales → Hold_Sales"));
}

#[test]
fn older_flows_read_audio_prompts_text_digits_and_capitalised_booleans() {
    let f = flow("older-voice-flow.json");
    let NodeKind::Menu(menu) = node(&f, "Menu_Main") else {
        panic!()
    };
    assert_eq!(menu.options[1].label, "Bot");
    assert_eq!(menu.prompts, ["[audio: menu_{{lang}}.wav]"]);
    let NodeKind::CollectDigits(digits) = node(&f, "Account") else {
        panic!()
    };
    assert_eq!((digits.min_digits, digits.max_digits), (Some(6), Some(6)));
    let vars = callback_lab::flow::initial_variables(&f);
    assert_eq!(vars.get("toSales"), Some(&Value::Boolean(false)));
    assert_eq!(vars.get("true"), Some(&Value::String("True".into())));
    let r = run_with(&f, &["2", "error"], &[], None);
    assert!(r.steps[1].detail.as_ref().is_some_and(
        |d| matches!(d, StepDetail::Menu { prompt, .. } if prompt == "[audio: menu_EN.wav]")
    ));
}

#[test]
fn a_flow_template_is_read_through_to_its_flow() {
    let imported = import(&text("template-wrapper.json")).unwrap();
    assert_eq!(imported.flow, flow("voice-start-by-group.json"));
    assert!(imported.notes[0].contains("flow template"));
    // A template whose flow text is broken: where in that text.
    let broken = text("template-wrapper.json").replace("\\\"process\\\":{", "\\\"process\\\":{,");
    let e = import(&broken).unwrap_err();
    assert!(e.message.starts_with("the template's `flow` text"), "{e}");
    assert!(e.location.unwrap().starts_with("line 1, column"));
}

#[test]
fn kinds_are_named_once_in_the_table() {
    use callback_lab::flow::kinds::KINDS;
    for row in KINDS {
        assert_eq!(row.activity.info().activity_name, row.activity_name);
        assert_eq!(Activity::from_name(row.activity_name), Some(row.activity));
    }
    let names: std::collections::HashSet<_> = KINDS.iter().map(|k| k.activity_name).collect();
    assert_eq!(names.len(), KINDS.len(), "an activity name twice");
    assert_eq!(Activity::from_name("NewContact"), Some(Activity::Start));
    assert_eq!(
        ActivityKind::from_name("wait-activity"),
        ActivityKind::Other("wait-activity".into())
    );
}
