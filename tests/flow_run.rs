//! The mission's cases, request rendering with a fixed clock, what-if edits, loading errors and the
//! full call path through menus.
#![cfg(not(target_arch = "wasm32"))]

use std::sync::Arc;

use callback_lab::engine::{FixedClock, Value};
use callback_lab::flow::{
    mission_flow, mission_input, run, Flow, FlowErrorKind, HintKind, NodeKind, Outcome,
    PastedResponse, PreparedBody, RunInput, RunResult, StepDetail, Unreachable, MISSION_START,
};

const NOW: i64 = 1_700_000_000_000;

fn input(name: &str) -> String {
    let path = format!("{}/tests/inputs/flow/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn run_body(status: i64, body: &str) -> RunResult {
    let flow = mission_flow().expect("mission flow loads");
    let mut responder = PastedResponse::new(status, body).expect("body accepted");
    run(&flow, &mission_input(), &mut responder, &FixedClock(NOW)).expect("run starts")
}

fn has_hint(result: &RunResult, kind: HintKind) -> bool {
    result.hints.iter().any(|h| h.kind == kind)
}

const TRUE_PATH: [&str; 5] = [
    "HTTPRequest_CallBackSearch",
    "SetVariable_searchresult",
    "Condition_CallbackPending",
    "PlayMessage_AlreadyScheduled",
    "DisconnectContact_AlreadyScheduled",
];
const FALSE_PATH: [&str; 6] = [
    "HTTPRequest_CallBackSearch",
    "SetVariable_searchresult",
    "Condition_CallbackPending",
    "Callback",
    "PlayMessage_CallbackScheduled",
    "DisconnectContact",
];

#[test]
fn pending_callback_goes_true_and_plays_the_duplicate_message() {
    let r = run_body(200, &input("pending.json"));
    assert_eq!(r.exit(), "true", "{:#?}", r.condition);
    assert_eq!(r.path(), TRUE_PATH);
    assert_eq!(
        r.outcome,
        Outcome::Ended {
            node: "DisconnectContact_AlreadyScheduled".into()
        }
    );
    assert_eq!(
        r.variable_text("callbackStatus").as_deref(),
        Some("Not Processed")
    );
    assert_eq!(
        r.variable_text("callbackConnectTime").as_deref(),
        Some("-1")
    );
    assert_eq!(
        r.variable_text("HTTPRequest_CallBackSearch.httpStatusCode")
            .as_deref(),
        Some("200")
    );
    assert_eq!(r.variable_text("searchresult"), Some(input("pending.json")));
    assert!(r
        .prompts
        .iter()
        .any(|p| p.text.contains("scheduled already")));
    assert!(r.callbacks.is_empty());
    assert!(r.hints.is_empty(), "{:?}", r.hints);
}

#[test]
fn connect_time_as_a_json_string_also_goes_true() {
    let r = run_body(200, &input("pending-as-strings.json"));
    assert_eq!(r.exit(), "true");
    assert_eq!(
        r.variable_text("callbackConnectTime").as_deref(),
        Some("-1")
    );
    let http = &r.steps[0];
    let connect = http
        .modified
        .iter()
        .find(|m| m.name == "callbackConnectTime")
        .unwrap();
    assert_eq!(
        (
            connect.old.as_deref(),
            connect.new.as_str(),
            connect.value_type
        ),
        (Some(""), "-1", "STRING")
    );
}

#[test]
fn connected_callback_goes_false_and_schedules_a_new_one() {
    let r = run_body(200, &input("connected.json"));
    assert_eq!(r.exit(), "false");
    assert_eq!(r.path(), FALSE_PATH);
    assert_eq!(r.callbacks.len(), 1);
    assert_eq!(r.callbacks[0].number, "14085267209");
    assert!(r.prompts.iter().any(|p| p.text.contains("on 14085267209")));
    assert_eq!(
        r.variable_text("callbackConnectTime").as_deref(),
        Some("1699990600000")
    );
}

#[test]
fn no_task_goes_false_with_the_no_task_hint() {
    let r = run_body(200, &input("no-task.json"));
    assert_eq!(r.exit(), "false");
    assert_eq!(r.path(), FALSE_PATH);
    assert!(has_hint(&r, HintKind::NoTasks), "{:?}", r.hints);
    let hint = r
        .hints
        .iter()
        .find(|h| h.kind == HintKind::NoTasks)
        .unwrap();
    assert!(
        hint.message.contains("last 250 minutes"),
        "{}",
        hint.message
    );
    // Both parse settings matched nothing: the variables keep their defaults, and the step says so.
    assert_eq!(r.variable_text("callbackStatus").as_deref(), Some(""));
    let notes: Vec<&str> = r.steps[0]
        .notes
        .iter()
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(
        notes
            .iter()
            .filter(|m| m.contains("matched nothing"))
            .count(),
        2,
        "{notes:?}"
    );
    assert!(r.parses.iter().all(|p| p.status == "no-match"));
}

#[test]
fn statuses_401_and_500_take_the_normal_exit_and_the_condition_goes_false() {
    for (status, body) in [
        (401, input("unauthorized.json")),
        (500, input("pending.json")),
    ] {
        let r = run_body(status, &body);
        assert_eq!(
            r.steps[0].exit.as_deref(),
            Some("default"),
            "status {status}"
        );
        assert_eq!(r.exit(), "false", "status {status}");
        assert_eq!(
            r.variable_text("HTTPRequest_CallBackSearch.httpStatusCode"),
            Some(status.to_string())
        );
        assert!(
            has_hint(&r, HintKind::HttpStatus),
            "status {status}: {:?}",
            r.hints
        );
    }
}

#[test]
fn a_body_that_is_not_json_goes_false_with_a_note() {
    let r = run_body(502, &input("not-json.html"));
    assert_eq!(r.exit(), "false");
    let note = r.steps[0]
        .notes
        .iter()
        .find(|n| n.message.contains("not JSON"))
        .expect("a note on the HTTP step");
    assert!(
        note.message.contains("line 1, column 1"),
        "{}",
        note.message
    );
    assert!(r.parses.iter().all(|p| p.status == "body-not-json"));
    assert!(has_hint(&r, HintKind::NotJson));
    assert_eq!(r.response.as_ref().unwrap().status, 502);
    assert!(r.response.as_ref().unwrap().json_error.is_some());
}

#[test]
fn graphql_errors_go_false_with_the_message() {
    let r = run_body(200, &input("graphql-error.json"));
    assert_eq!(r.exit(), "false");
    let hint = r
        .hints
        .iter()
        .find(|h| h.kind == HintKind::GraphqlErrors)
        .expect("graphql hint");
    assert!(hint.message.contains("callbackConnectTme"));
}

#[test]
fn two_tasks_warn_that_tasks_0_may_not_be_the_pending_one() {
    let r = run_body(200, &input("two-tasks.json"));
    assert_eq!(r.exit(), "false");
    let hint = r
        .hints
        .iter()
        .find(|h| h.kind == HintKind::SeveralTasks)
        .expect("several-tasks hint");
    assert!(
        hint.message.contains("tasks[0]") && hint.message.contains("pending: tasks[1]"),
        "{}",
        hint.message
    );
}

#[test]
fn request_is_rendered_with_the_fixed_clock() {
    let r = run_body(200, &input("pending.json"));
    let req = r.request.expect("request rendered");
    assert_eq!(req.node, MISSION_START);
    assert_eq!(
        (
            req.method.as_str(),
            req.path.as_str(),
            req.connector.as_str()
        ),
        ("POST", "/search", "WxCC_API")
    );
    assert!(req.query.starts_with(
        "query callbackSearch($from: Long!, $to: Long!, $filter: TaskDetailsFilters)"
    ));
    let from = NOW - 15_000_000;
    assert_eq!(req.variables["from"], serde_json::json!(from.to_string()));
    assert_eq!(req.variables["to"], serde_json::json!(NOW.to_string()));
    assert_eq!(req.from.as_ref().unwrap().epoch_ms, from);
    assert_eq!(req.to.as_ref().unwrap().utc, "2023-11-14T22:13:20.000Z");
    assert_eq!(req.from.as_ref().unwrap().utc, "2023-11-14T18:03:20.000Z");
    assert_eq!(
        req.variables["filter"]["and"][0]["callbackData"]["equals"]["callbackNumber"],
        "14085267209"
    );
    assert_eq!(
        req.variables["filter"]["and"][1]["lastEntryPoint"]["id"]["equals"],
        callback_lab::flow::SAMPLE_ENTRY_POINT_ID
    );
    // The text is what is sent; it parses to the same value.
    let reparsed: serde_json::Value = serde_json::from_str(&req.variables_text).unwrap();
    assert_eq!(reparsed, req.variables);
    assert_eq!(req.graphql_body()["variables"], req.variables);
}

#[test]
fn a_render_that_breaks_the_json_is_an_error_with_its_position() {
    let flow = mission_flow().unwrap();
    let mut run_input = mission_input();
    run_input.variables[0].1 = Value::String("1408\"5267209".into());
    let mut responder = PastedResponse::new(200, input("pending.json")).unwrap();
    let r = run(&flow, &run_input, &mut responder, &FixedClock(NOW)).unwrap();
    assert_eq!(r.steps.len(), 1);
    assert_eq!(r.steps[0].exit.as_deref(), Some("error"));
    assert_eq!(
        r.outcome,
        Outcome::DeadEnd {
            node: MISSION_START.into(),
            exit: "error".into()
        }
    );
    let note = &r.steps[0].notes[0];
    assert!(
        note.message.contains("line 9, column 37"),
        "{}",
        note.message
    );
    assert!(note.excerpt.as_deref().unwrap_or("").contains('^'));
    assert_eq!(r.exit(), "error");
}

#[test]
fn an_unreachable_api_takes_the_error_exit() {
    let flow = mission_flow().unwrap();
    let r = run(&flow, &mission_input(), &mut Unreachable, &FixedClock(NOW)).unwrap();
    assert_eq!(r.steps[0].exit.as_deref(), Some("error"));
    assert_eq!(r.exit(), "error");
    assert!(r.request.is_some());
}

#[test]
fn what_if_a_path_with_wrong_letter_case() {
    let mut flow = mission_flow().unwrap();
    flow.set_parse_path(
        None,
        "callbackConnectTime",
        "$.data.taskDetails.tasks[0].callbackData.callbackconnecttime",
    )
    .unwrap();
    let mut responder = PastedResponse::new(200, input("pending.json")).unwrap();
    let r = run(&flow, &mission_input(), &mut responder, &FixedClock(NOW)).unwrap();
    assert_eq!(r.exit(), "false");
    let hint = r
        .hints
        .iter()
        .find(|h| h.kind == HintKind::LetterCase)
        .expect("letter-case hint");
    assert!(hint
        .message
        .contains("$.data.taskDetails.tasks[0].callbackData.callbackConnectTime"));
    assert!(flow.set_parse_path(None, "nope", "$.a").is_err());
}

/// RFC 9535 `match()` / `search()` filters in parse settings, run by the vendored I-Regexp matcher:
/// picking the pending task out of two instead of `tasks[0]`.
#[test]
fn what_if_the_paths_pick_the_pending_task_with_match_and_search() {
    let tasks = "$.data.taskDetails.tasks";
    let with_paths = |status_filter: &str, time_filter: &str| {
        let mut flow = mission_flow().unwrap();
        flow.set_parse_path(
            None,
            "callbackStatus",
            &format!("{tasks}[?{status_filter}].callbackData.callbackStatus"),
        )
        .unwrap();
        flow.set_parse_path(
            None,
            "callbackConnectTime",
            &format!("{tasks}[?{time_filter}].callbackData.callbackConnectTime"),
        )
        .unwrap();
        let mut responder = PastedResponse::new(200, input("two-tasks.json")).unwrap();
        run(&flow, &mission_input(), &mut responder, &FixedClock(NOW)).unwrap()
    };

    // match() is anchored on the whole status, search() finds a part of it.
    let r = with_paths(
        "match(@.callbackData.callbackStatus, 'Not Processed|Pending')",
        r"search(@.callbackData.callbackStatus, '[Nn]ot\\p{Zs}')",
    );
    assert_eq!(r.exit(), "true", "{:?}", r.hints);
    assert_eq!(
        r.variable_text("callbackStatus").as_deref(),
        Some("Not Processed")
    );
    assert_eq!(
        r.variable_text("callbackConnectTime").as_deref(),
        Some("-1")
    );

    // 'Not' is not the whole status: match() selects nothing, search() still finds the task.
    let r = with_paths(
        "match(@.callbackData.callbackStatus, 'Not')",
        "search(@.callbackData.callbackStatus, 'Not')",
    );
    assert_eq!(r.exit(), "false");
    assert!(has_hint(&r, HintKind::NoMatch), "{:?}", r.hints);
    assert_eq!(
        r.variable_text("callbackConnectTime").as_deref(),
        Some("-1")
    );

    // A pattern this build cannot run (a Unicode letter category needs tables it does not ship)
    // is false for every value, like an invalid pattern: nothing matches, nothing breaks.
    let r = with_paths(
        r"match(@.callbackData.callbackStatus, '\\p{L}+( \\p{L}+)?')",
        "search(@.callbackData.callbackStatus, '(a*)*b')",
    );
    assert_eq!(r.exit(), "false");
    assert!(has_hint(&r, HintKind::NoMatch), "{:?}", r.hints);
}

#[test]
fn what_if_the_expression_compares_with_a_number() {
    let mut flow = mission_flow().unwrap();
    flow.set_condition_expression(
        None,
        r#"{{ callbackConnectTime == -1 and callbackStatus == "Not Processed" }}"#,
    )
    .unwrap();
    let mut responder = PastedResponse::new(200, input("pending.json")).unwrap();
    let r = run(&flow, &mission_input(), &mut responder, &FixedClock(NOW)).unwrap();
    assert_eq!(r.exit(), "false");
    assert!(has_hint(&r, HintKind::WrongType), "{:?}", r.hints);
    let condition = r.condition.unwrap();
    assert_eq!(condition.result_type, Some("BOOLEAN"));
    assert!(!condition.trace.is_empty());
}

#[test]
fn an_expression_that_gives_neither_true_nor_false_takes_the_error_exit() {
    let mut flow = mission_flow().unwrap();
    flow.set_condition_expression(None, "{{ callbackStatus }}")
        .unwrap();
    let mut responder = PastedResponse::new(200, input("pending.json")).unwrap();
    let r = run(&flow, &mission_input(), &mut responder, &FixedClock(NOW)).unwrap();
    assert_eq!(r.exit(), "error");
    assert!(r.condition.as_ref().unwrap().problem.is_some());
    assert!(has_hint(&r, HintKind::ConditionResult));

    flow.set_condition_expression(None, "{{ callbackStatus == }}")
        .unwrap();
    let r = run(&flow, &mission_input(), &mut responder, &FixedClock(NOW)).unwrap();
    assert_eq!(r.exit(), "error");
    assert!(r.condition.as_ref().unwrap().error.is_some());
}

#[test]
fn a_parsed_body_is_reused_across_runs() {
    let flow = mission_flow().unwrap();
    let body = Arc::new(PreparedBody::new(input("pending.json")).unwrap());
    let mut with_200 = PastedResponse::from_prepared(200, Arc::clone(&body));
    let mut with_404 = PastedResponse::from_prepared(404, Arc::clone(&body));
    let a = run(&flow, &mission_input(), &mut with_200, &FixedClock(NOW)).unwrap();
    let b = run(&flow, &mission_input(), &mut with_404, &FixedClock(NOW)).unwrap();
    assert_eq!((a.exit(), b.exit()), ("true", "false"));
    assert_eq!(Arc::strong_count(&body), 3);
}

#[test]
fn the_whole_call_from_the_start_node() {
    let flow = mission_flow().unwrap();
    let mut responder = PastedResponse::new(200, input("pending.json")).unwrap();
    let clock = FixedClock(NOW);
    let call = |inputs: &[&str], responder: &mut PastedResponse| {
        let run_input = RunInput {
            variables: vec![(
                "NewPhoneContact.EntryPointId".into(),
                Value::String(callback_lab::flow::SAMPLE_ENTRY_POINT_ID.into()),
            )],
            inputs: inputs.iter().map(|s| s.to_string()).collect(),
            ..RunInput::default()
        };
        run(&flow, &run_input, responder, &clock).unwrap()
    };

    let r = call(&[], &mut responder);
    assert!(matches!(&r.outcome, Outcome::WaitingForInput { node, .. } if node == "WantCallback"));

    // 1 = callback, a wrong-length number, the number again, 2 = re-enter, the number, 1 = OK.
    let r = call(
        &["1", "12345", "+14085267209", "2", "14085267209", "1"],
        &mut responder,
    );
    assert_eq!(r.exit(), "true");
    assert_eq!(
        &r.path()[..10],
        [
            "NewPhoneContact",
            "WelcomePrompt",
            "QueueContact",
            "WantCallback",
            "NewNumber",
            "NewNumber",
            "VerifyNumber",
            "NewNumber",
            "VerifyNumber",
            "HTTPRequest_CallBackSearch"
        ]
    );
    assert_eq!(r.steps[4].exit.as_deref(), Some("invalid"));
    assert!(r.prompts.is_empty() || r.prompts.iter().all(|p| !p.text.contains("{{")));
    let verify = r.steps.iter().find(|s| s.label == "VerifyNumber").unwrap();
    assert!(
        matches!(&verify.detail, Some(StepDetail::Menu { prompt, .. }) if prompt.contains("You entered 14085267209"))
    );

    // Staying in the queue forever hits the step limit, and the outcome names the loop.
    let stay: Vec<&str> = std::iter::repeat_n("2", 300).collect();
    let r = call(&stay, &mut responder);
    let Outcome::StepLimit { limit: 200, cycle } = &r.outcome else {
        panic!("{:?}", r.outcome)
    };
    assert_eq!(cycle.len(), 2, "{cycle:?}");
    assert!(
        cycle.contains(&"WantCallback".to_string()) && cycle.contains(&"HoldMusic".to_string())
    );
    assert!(
        r.outcome.describe().contains("going round the loop"),
        "{}",
        r.outcome.describe()
    );
    assert_eq!(r.exit(), "error");
}

#[test]
fn unknown_start_label_is_an_error_listing_labels() {
    let flow = mission_flow().unwrap();
    let run_input = RunInput {
        start: Some("Nope".into()),
        ..RunInput::default()
    };
    let e = run(&flow, &run_input, &mut Unreachable, &FixedClock(NOW)).unwrap_err();
    assert_eq!(e.kind, FlowErrorKind::NotFound);
    assert!(e.hint.unwrap().contains("HTTPRequest_CallBackSearch"));
}

#[test]
fn the_mission_flow_is_data() {
    let flow = mission_flow().unwrap();
    assert_eq!(flow.nodes.len(), 15);
    assert_eq!(flow.variables.len(), 3);
    let http = flow.node(flow.node_index(MISSION_START).unwrap()).unwrap();
    let NodeKind::HttpRequest(settings) = &http.kind else {
        panic!("not an HTTP node")
    };
    assert_eq!(settings.parse_settings.len(), 2);
    assert_eq!(http.kind.exits(), ["default", "error"]);
    let menu = flow.node(flow.node_index("WantCallback").unwrap()).unwrap();
    assert_eq!(menu.kind.exits()[..3], ["1", "2", "3"]);
    // The flow serializes for the UI's picture.
    let json = serde_json::to_value(&flow).unwrap();
    let start = flow.start;
    assert_eq!(json["nodes"][start]["kind"]["kind"], "start");
    assert_eq!(json["nodes"][start]["label"], "NewPhoneContact");
}

#[test]
fn loading_errors_say_what_and_where() {
    let e = Flow::from_json("{ \"name\": 1 ").unwrap_err();
    assert_eq!(e.kind, FlowErrorKind::FlowFormat);
    assert!(e.location.unwrap().starts_with("line 1"));

    let e = Flow::from_json(&input("broken-link-flow.json")).unwrap_err();
    assert_eq!(e.kind, FlowErrorKind::FlowInvalid);
    assert!(e.message.contains("`zz`"));

    let dup = r#"{"process":{"activities":{"a":{"name":"X","properties":{"activityName":"start"}},"b":{"name":"X","properties":{"activityName":"disconnect-contact"}}}}}"#;
    assert_eq!(
        Flow::from_json(dup).unwrap_err().kind,
        FlowErrorKind::FlowInvalid
    );

    let bad_type = r#"{"variables":[{"name":"v","type":"NUMBER","value":""}],"process":{"activities":{"a":{"name":"S","properties":{"activityName":"start"}}}}}"#;
    let e = Flow::from_json(bad_type).unwrap_err();
    assert!(e.message.contains("NUMBER") && e.hint.is_some());

    // Flow Designer saved it, so it imports: a note says the run starts the variable empty.
    let bad_default = r#"{"variables":[{"name":"n","type":"INTEGER","value":"abc"}],"process":{"activities":{"a":{"name":"S","properties":{"activityName":"start"}}}}}"#;
    let imported = callback_lab::flow::import(bad_default).unwrap();
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.contains("`n` (INTEGER, `abc`)")),
        "{:?}",
        imported.notes
    );
    let vars = callback_lab::flow::initial_variables(&imported.flow);
    assert_eq!(vars.get("n"), Some(&callback_lab::engine::Value::Null));

    let huge = " ".repeat(5 * 1024 * 1024);
    assert_eq!(
        Flow::from_json(&huge).unwrap_err().kind,
        FlowErrorKind::TooLarge
    );
}

#[test]
fn unknown_activities_are_kept_and_passed_through() {
    let text = r#"{"process":{"activities":{
        "a":{"name":"Start","properties":{"activityName":"start"}},
        "b":{"name":"Biz","properties":{"activityName":"business-hours","businessHoursId":"x"}},
        "c":{"name":"End","properties":{"activityName":"disconnect-contact"}}},
      "links":[{"sourceActivityId":"a","targetActivityId":"b","conditionExpr":"out"},
               {"sourceActivityId":"b","targetActivityId":"c","conditionExpr":"workingHours"}]}}"#;
    let flow = Flow::from_json(text).unwrap();
    assert!(
        matches!(&flow.nodes[1].kind, NodeKind::Opaque(o) if o.activity_name == "business-hours")
    );
    let r = run(
        &flow,
        &RunInput::default(),
        &mut Unreachable,
        &FixedClock(NOW),
    )
    .unwrap();
    assert_eq!(r.path(), ["Start", "Biz", "End"]);
    assert_eq!(r.steps[1].exit.as_deref(), Some("workingHours"));
}

#[test]
fn too_large_bodies_are_refused_with_a_message() {
    let big = "x".repeat(callback_lab::flow::MAX_BODY_BYTES + 1);
    let e = PreparedBody::new(big).unwrap_err();
    assert_eq!(e.kind, FlowErrorKind::TooLarge);
    assert!(e.to_string().contains("limit is 10 MB"));
}

#[test]
fn a_misspelt_variable_reads_as_empty_with_a_warning_as_pebble_does() {
    let mut flow = mission_flow().unwrap();
    flow.set_condition_expression(
        None,
        r#"{{ callbackConectTime == "-1" and callbackStatus == "Not Processed" }}"#,
    )
    .unwrap();
    let mut responder = PastedResponse::new(200, input("pending.json")).unwrap();
    let r = run(&flow, &mission_input(), &mut responder, &FixedClock(NOW)).unwrap();
    // Pebble (strict variables off) prints the unknown name as empty: the Condition goes false.
    assert_eq!(r.exit(), "false");
    let condition = r.condition.as_ref().unwrap();
    assert!(condition.error.is_none());
    let warning = condition
        .warnings
        .iter()
        .find(|w| w.kind == callback_lab::engine::WarningKind::UnknownVariable)
        .expect("an unknown-variable warning");
    assert!(warning.message.contains("`callbackConectTime`"));
    assert_eq!(
        warning.hint.as_deref(),
        Some("did you mean `callbackConnectTime`?")
    );
    // A hint says so (the exercises give the first hint as the reason).
    assert!(has_hint(&r, HintKind::UnknownVariable), "{:?}", r.hints);
    // The step that evaluated it says so too (the simulator and debugger show step notes).
    let step = r
        .steps
        .iter()
        .find(|s| s.label == "Condition_CallbackPending")
        .unwrap();
    assert!(step
        .notes
        .iter()
        .any(|n| n.message.contains("`callbackConectTime`")));
}
