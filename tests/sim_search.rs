//! The simulated Search API: the mission's query, the window, filters, the selection, and GraphQL
//! errors with positions; arbitrary text and variables never panic.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use callback_lab::sim::graphql::GraphqlErrorKind;
use callback_lab::sim::{
    execute, AnalyzerStore, CallbackData, NamedRef, SearchApi, SearchResponse, TaskOrder,
    TaskRecord,
};
use proptest::prelude::*;
use serde_json::{json, Value as Json};

const NOW: i64 = 1_700_000_000_000;
const EP: &str = "a5c1e2f0-7b3d-4c9a-9e21-5f0d8c4b7a10";

fn input(name: &str) -> String {
    let path = format!("{}/tests/inputs/sim/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn query() -> String {
    input("mission-query.graphql")
}

fn variables() -> Json {
    serde_json::from_str(&input("mission-variables.json")).unwrap()
}

fn task(n: u64, created: i64, number: Option<&str>, connect: i64, ep: &str) -> TaskRecord {
    TaskRecord {
        id: AnalyzerStore::task_id(n),
        created_time: created,
        ended_time: Some(created + 60_000),
        channel_type: "telephony".into(),
        direction: "INBOUND".into(),
        status: "ended".into(),
        is_active: false,
        origin: "14085550123".into(),
        destination: "+12145550100".into(),
        termination_type: Some("normal".into()),
        last_entry_point: Some(NamedRef {
            id: ep.into(),
            name: "EP_Callback_Lab".into(),
        }),
        last_queue: None,
        owner: None,
        callback_data: number.map(|n| CallbackData {
            callback_request_time: created + 30_000,
            callback_connect_time: connect,
            callback_number: n.into(),
            callback_status: if connect == -1 {
                "Not Processed".into()
            } else {
                "Connected".into()
            },
            callback_origin: "flow".into(),
            callback_type: "immediate".into(),
            callback_queue_name: "<ID>_Queue".into(),
            callback_agent_name: None,
            callback_team_name: None,
            callback_retry_count: 0,
        }),
    }
}

/// Tasks 1..=5: in and out of the window, other numbers, other entry points.
fn store() -> AnalyzerStore {
    let mut s = AnalyzerStore::new();
    s.insert(task(1, NOW - 20_000_000, Some("14085267209"), -1, EP)); // before the window
    s.insert(task(
        2,
        NOW - 15_000_000,
        Some("14085267209"),
        NOW - 14_000_000,
        EP,
    )); // at `from`
    s.insert(task(3, NOW - 60_000, Some("14085267209"), -1, EP));
    s.insert(task(4, NOW - 50_000, Some("19995550000"), -1, EP));
    s.insert(task(5, NOW - 40_000, Some("14085267209"), -1, "other-ep"));
    s.insert(task(6, NOW - 30_000, None, -1, EP));
    s.insert(task(7, NOW + 1, Some("14085267209"), -1, EP)); // after `to`
    s
}

fn body(r: &SearchResponse) -> Json {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.body))
}

fn ids(r: &SearchResponse) -> Vec<String> {
    body(r)["data"]["taskDetails"]["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap_or("?").to_string())
        .collect()
}

fn id(n: u64) -> String {
    AnalyzerStore::task_id(n)
}

fn run(q: &str, v: Json) -> SearchResponse {
    execute(&store(), q, &v, TaskOrder::NewestFirst)
}

fn error_of(r: &SearchResponse) -> (&str, GraphqlErrorKind, Option<(usize, usize)>) {
    assert_eq!(r.errors.len(), 1, "{:#?}", r.errors);
    let e = &r.errors[0];
    (e.message.as_str(), e.kind, e.at.map(|p| (p.line, p.column)))
}

/// A query selecting ids with a filter variable.
const IDS: &str = "query q($from: Long!, $to: Long!, $filter: TaskDetailsFilters) { taskDetails(from: $from, to: $to, filter: $filter) { tasks { id } } }";

fn with_filter(filter: Json) -> Json {
    json!({"from": NOW - 15_000_000, "to": NOW, "filter": filter})
}

/// Every query file in `tests/inputs/sim/` against the same store, with its variables
/// (`<name>.json` beside it; the mission's when there is none): the whole answer, as the API's
/// JSON, is the file's reviewed snapshot (`tests/snapshots/sim_search__answers@<name>.graphql.snap`).
/// A new case is a new file.
#[test]
fn answers() {
    insta::glob!("inputs/sim/*.graphql", |path| {
        let q = std::fs::read_to_string(path).unwrap();
        let v = match std::fs::read_to_string(path.with_extension("json")) {
            Ok(text) => serde_json::from_str(&text).unwrap(),
            Err(_) => variables(),
        };
        let r = run(&q, v);
        insta::assert_snapshot!(serde_json::to_string_pretty(&body(&r)).unwrap());
    });
}

#[test]
fn the_mission_query_returns_the_selected_fields_newest_first() {
    let r = run(&query(), variables());
    assert_eq!(r.status, 200);
    assert!(r.errors.is_empty());
    // Tasks 2 and 3 match the number, the entry point and the window.
    assert_eq!(r.returned, 2);
    assert_eq!(r.in_window, 5);
    let b = body(&r);
    let tasks = b["data"]["taskDetails"]["tasks"].as_array().unwrap();
    assert_eq!(tasks[0]["callbackData"]["callbackConnectTime"], -1);
    assert_eq!(tasks[0]["callbackData"]["callbackStatus"], "Not Processed");
    assert_eq!(tasks[1]["callbackData"]["callbackStatus"], "Connected");
    assert_eq!(
        tasks[0]["lastEntryPoint"],
        json!({"id": EP, "name": "EP_Callback_Lab"})
    );
    // Exactly the selected fields, in the order of the query.
    assert!(r.body.starts_with(
        r#"{"data":{"taskDetails":{"tasks":[{"callbackData":{"callbackRequestTime":1699999970000,"callbackConnectTime":-1,"callbackNumber":"14085267209","callbackStatus":"Not Processed","callbackOrigin":"flow","callbackType":"immediate"},"lastEntryPoint":{"id":"#
    ), "{}", r.body);
    assert!(!r.body.contains("\"id\":\"5e1a"));

    let old = execute(&store(), &query(), &variables(), TaskOrder::OldestFirst);
    let b = body(&old);
    assert_eq!(
        b["data"]["taskDetails"]["tasks"][0]["callbackData"]["callbackStatus"],
        "Connected"
    );
}

#[test]
fn the_window_is_inclusive_and_accepts_numbers_or_numeric_strings() {
    for (from, to, expected) in [
        (json!(NOW - 15_000_000), json!(NOW), vec![6, 5, 4, 3, 2]),
        (
            json!("1699985000000"),
            json!(" 1700000000000 "),
            vec![6, 5, 4, 3, 2],
        ),
        (json!(NOW - 14_999_999), json!(NOW), vec![6, 5, 4, 3]),
        (json!(NOW - 60_000), json!(NOW - 60_000), vec![3]),
        (json!(NOW), json!(NOW + 1), vec![7]),
        (json!(0), json!(i64::MAX), vec![7, 6, 5, 4, 3, 2, 1]),
    ] {
        let r = run(IDS, json!({"from": from, "to": to}));
        let want: Vec<String> = expected.into_iter().map(id).collect();
        assert_eq!(ids(&r), want, "from {from} to {to}");
    }
    // from after to: an error from the data fetcher.
    let r = run(IDS, json!({"from": NOW, "to": NOW - 1}));
    let (message, kind, _) = error_of(&r);
    assert_eq!(kind, GraphqlErrorKind::DataFetching);
    assert!(message.contains("'from'"), "{message}");
}

#[test]
fn filters() {
    let cases: Vec<(Json, Vec<u64>)> = vec![
        (json!({}), vec![6, 5, 4, 3, 2]),
        (
            json!({"callbackData": {"equals": {"callbackNumber": "14085267209"}}}),
            vec![5, 3, 2],
        ),
        (
            json!({"callbackData": {"callbackNumber": {"equals": "14085267209"}}}),
            vec![5, 3, 2],
        ),
        (
            json!({"callbackData": {"callbackNumber": {"notequals": "14085267209"}}}),
            vec![6, 4],
        ),
        (
            json!({"lastEntryPoint": {"id": {"equals": "other-ep"}}}),
            vec![5],
        ),
        (
            json!({"callbackData": {"callbackNumber": {"contains": "999"}}}),
            vec![4],
        ),
        (
            json!({"callbackData": {"callbackConnectTime": {"gt": -1}}}),
            vec![2],
        ),
        (
            json!({"callbackData": {"callbackConnectTime": {"lte": "-1"}}}),
            vec![5, 4, 3],
        ),
        (
            json!({"createdTime": {"gte": NOW - 50_000, "lt": NOW - 30_000}}),
            vec![5, 4],
        ),
        (json!({"callbackData": {"equals": null}}), vec![6]),
        (
            json!({"not": {"callbackData": {"equals": null}}}),
            vec![5, 4, 3, 2],
        ),
        (
            json!({"or": [{"id": {"equals": id(2)}}, {"id": {"equals": id(4)}}]}),
            vec![4, 2],
        ),
        (
            json!({"and": [
                {"callbackData": {"callbackStatus": {"equals": "Not Processed"}}},
                {"not": {"lastEntryPoint": {"id": {"equals": "other-ep"}}}}
            ]}),
            vec![4, 3],
        ),
        (
            json!({"isActive": {"equals": false}, "status": {"contains": "end"}}),
            vec![6, 5, 4, 3, 2],
        ),
    ];
    let mut failures = Vec::new();
    for (filter, expected) in cases {
        let r = run(IDS, with_filter(filter.clone()));
        if !r.errors.is_empty() {
            failures.push(format!("{filter}: {:?}", r.errors));
            continue;
        }
        let want: Vec<String> = expected.into_iter().map(id).collect();
        if ids(&r) != want {
            failures.push(format!("{filter}: got {:?} want {want:?}", ids(&r)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn an_inline_filter_literal_works_like_the_variable() {
    let q = format!(
        r#"{{ taskDetails(from: {}, to: "{NOW}", filter: {{and: [{{callbackData: {{equals: {{callbackNumber: "14085267209"}}}}}}, {{lastEntryPoint: {{id: {{equals: "{EP}"}}}}}}]}}) {{ tasks {{ id }} }} }}"#,
        NOW - 15_000_000
    );
    let r = run(&q, Json::Null);
    assert_eq!(ids(&r), [id(3), id(2)]);
}

#[test]
fn aliases_typename_repeated_fields_and_page_info() {
    let q = "{ td: taskDetails(from: 0, to: 9999999999999) { __typename tasks { key: id callbackData { callbackNumber } callbackData { callbackStatus } __typename } pageInfo { hasNextPage endCursor } } }";
    let r = execute(&store(), q, &Json::Null, TaskOrder::OldestFirst);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let b = body(&r);
    assert_eq!(b["data"]["td"]["__typename"], "TaskDetails");
    let first = &b["data"]["td"]["tasks"][0];
    assert_eq!(first["key"], id(1));
    assert_eq!(first["__typename"], "Task");
    assert_eq!(
        first["callbackData"],
        json!({"callbackNumber": "14085267209", "callbackStatus": "Not Processed"})
    );
    assert_eq!(b["data"]["td"]["tasks"][5]["callbackData"], Json::Null);
    assert_eq!(
        b["data"]["td"]["pageInfo"],
        json!({"hasNextPage": false, "endCursor": null})
    );
}

#[test]
fn an_unknown_field_is_a_validation_error_with_its_location() {
    let q = query().replace("callbackConnectTime", "callbackConnectTme");
    let r = run(&q, variables());
    let (message, kind, at) = error_of(&r);
    assert_eq!(kind, GraphqlErrorKind::UnknownField);
    assert!(message.starts_with("Validation error of type FieldUndefined: Field 'callbackConnectTme' in type 'CallbackData' is undefined"), "{message}");
    assert_eq!(at, Some((6, 7)));
    let b = body(&r);
    assert_eq!(b["data"], Json::Null);
    assert_eq!(
        b["errors"][0]["locations"],
        json!([{"line": 6, "column": 7}])
    );
    assert_eq!(
        b["errors"][0]["extensions"]["classification"],
        "ValidationError"
    );
    assert!(r.body.starts_with(r#"{"errors":[{"message":"#));

    // The run hint of the flow picks the field name out of the message (as with the pasted sample).
    let flow = callback_lab::flow::mission_flow().unwrap();
    let mut bad = flow.clone();
    if let Some(node) = bad
        .nodes
        .iter_mut()
        .find(|n| n.label == "HTTPRequest_CallBackSearch")
    {
        if let callback_lab::flow::NodeKind::HttpRequest(h) = &mut node.kind {
            h.query = q.clone();
        }
    }
    let store = store();
    let mut api = SearchApi::new(&store, TaskOrder::NewestFirst, NOW);
    let result = callback_lab::flow::run(
        &bad,
        &callback_lab::flow::mission_input(),
        &mut api,
        &callback_lab::engine::FixedClock(NOW),
    )
    .unwrap();
    assert_eq!(result.exit(), "false");
    assert!(result
        .hints
        .iter()
        .any(|h| h.message.contains("callbackConnectTme")));
    assert_eq!(api.exchanges.len(), 1);
}

#[test]
fn errors_table() {
    // Each case: a query and its variables. What the simulated API answers — the error's kind, its
    // line and column, and its message as GraphQL Java words it — is the reviewed snapshot
    // `tests/snapshots/sim_search__errors_table.snap`.
    let cases: Vec<(String, Json)> = vec![
        (
            query().replacen('}', "", 1),
            variables(),
        ),
        (
            query().replace("\"", "").replace("tasks {", "tasks { callbackData(x: \u{201c}a\u{201d}) { callbackNumber }"),
            variables(),
        ),
        (
            query(),
            json!({"from": "soon", "to": NOW}),
        ),
        (
            query(),
            json!({"from": 0}),
        ),
        (
            query(),
            json!({"from": 0, "to": NOW, "filter": {"calbackData": {}}}),
        ),
        (
            query(),
            json!({"from": 0, "to": NOW, "filter": {"callbackData": {"callbackNumber": {"gt": "1"}}}}),
        ),
        (
            "{ taskDetails(from: 0, to: 1) { tasks { id } } }".into(),
            json!([1, 2]),
        ),
        (
            "query q($from: Long!, $to: Long!, $x: Int) { taskDetails(from: $from, to: $to) { tasks { id } } }".into(),
            json!({"from": 0, "to": 1}),
        ),
        (
            "query q($from: Long!) { taskDetails(from: $from, to: $to) { tasks { id } } }".into(),
            json!({"from": 0, "to": 1}),
        ),
        (
            "query q($from: Long!, $to: String!) { taskDetails(from: $from, to: $to) { tasks { id } } }".into(),
            json!({"from": 0, "to": "1"}),
        ),
        (
            "query q($from: Long!, $to: Lnog!) { taskDetails(from: $from, to: $to) { tasks { id } } }".into(),
            json!({"from": 0, "to": 1}),
        ),
        (
            "{ taskDetails(from: 0) { tasks { id } } }".into(),
            Json::Null,
        ),
        (
            "{ taskDetails(from: 0, to: 1, size: 3) { tasks { id } } }".into(),
            Json::Null,
        ),
        (
            "{ taskDetails(from: 0, to: 1) { tasks } }".into(),
            Json::Null,
        ),
        (
            "{ taskDetails(from: 0, to: 1) { tasks { id { x } } } }".into(),
            Json::Null,
        ),
        (
            "{ agents { id } }".into(),
            Json::Null,
        ),
        (
            "{ taskDetails(from: 0, to: 1) { tasks { a: id a: status } } }".into(),
            Json::Null,
        ),
        (
            "mutation { taskDetails(from: 0, to: 1) { tasks { id } } }".into(),
            Json::Null,
        ),
        (
            "{ taskDetails(from: 0, to: 1) { tasks { ...F } } }".into(),
            Json::Null,
        ),
        (
            "{ a: taskDetails(from: 0, to: 1) { tasks { id } } } { b: taskDetails(from: 0, to: 1) { tasks { id } } }".into(),
            Json::Null,
        ),
        (
            "{ taskDetails(from: \"x\", to: 1) { tasks { id } } }".into(),
            Json::Null,
        ),
        (
            "{ taskDetails(from: 0, to: 1, filter: {status: {match: \"a.*\"}}) { tasks { id } } }".into(),
            Json::Null,
        ),
        (
            format!("{}{}", "{ a ".repeat(100), "}".repeat(100)),
            Json::Null,
        ),
        (
            format!("{{ taskDetails(from: 0, to: 1) {{ tasks {{ id }} }} }} #{}", "x".repeat(70_000)),
            Json::Null,
        ),
        (
            "{ taskDetails(from: 0, to: 1) { tasks { id } } } \"open".into(),
            Json::Null,
        ),
        ("".into(), Json::Null,),
    ];
    let mut answers = Vec::new();
    for (q, v) in cases {
        let r = run(&q, v);
        assert_eq!(r.errors.len(), 1, "{q}: {:?}", r.errors);
        let (message, kind, at) = error_of(&r);
        let b = body(&r);
        assert_eq!(b["data"], Json::Null);
        assert_eq!(b["errors"][0]["message"], message);
        let shown: String = q.replace('\n', " ").chars().take(100).collect();
        let at = at.map_or("-".to_string(), |(line, column)| format!("{line}:{column}"));
        answers.push(format!("{shown}\n  {kind:?} at {at}: {message}"));
    }
    insta::assert_snapshot!(answers.join("\n"));
}

#[test]
fn several_errors_are_reported_together() {
    let q = "query q($from: Long!, $to: Long!) { taskDetails(from: $from, to: $to) { tasks { idd statuss callbackData { nope } } } }";
    let r = run(q, json!({"from": 0, "to": 1}));
    assert_eq!(r.errors.len(), 3, "{:?}", r.errors);
}

#[test]
fn other_paths_and_methods() {
    let store = store();
    let api = SearchApi::new(&store, TaskOrder::NewestFirst, NOW);
    let flow = callback_lab::flow::mission_flow().unwrap();
    let node = flow
        .nodes
        .iter()
        .find(|n| n.label == "HTTPRequest_CallBackSearch")
        .unwrap();
    let callback_lab::flow::NodeKind::HttpRequest(http) = &node.kind else {
        panic!()
    };
    let mut vars = callback_lab::flow::initial_variables(&flow);
    for (k, v) in callback_lab::flow::mission_input().variables {
        vars.set(&k, v);
    }
    let mut request = http
        .render(&node.label, &vars, &callback_lab::engine::FixedClock(NOW))
        .unwrap();
    assert_eq!(api.answer(&request).status, 200);
    request.path = "https://api.wxcc-us1.cisco.com/search".into();
    assert_eq!(api.answer(&request).status, 200);
    request.path = "/v1/tasks".into();
    assert_eq!(api.answer(&request).status, 404);
    request.path = "/search".into();
    request.method = "GET".into();
    assert_eq!(api.answer(&request).status, 405);
}

fn arb_json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::from),
        any::<f64>().prop_map(Json::from),
        "[a-zA-Z0-9 ._-]{0,12}".prop_map(Json::String),
        prop_oneof![
            Just("equals"),
            Just("notequals"),
            Just("contains"),
            Just("gt"),
            Just("lte"),
            Just("and"),
            Just("or"),
            Just("not"),
            Just("callbackData"),
            Just("callbackNumber"),
            Just("createdTime"),
            Just("-1")
        ]
        .prop_map(|s| Json::String(s.to_string())),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        let key = prop_oneof![
            Just("and".to_string()),
            Just("or".to_string()),
            Just("not".to_string()),
            Just("equals".to_string()),
            Just("gt".to_string()),
            Just("contains".to_string()),
            Just("callbackData".to_string()),
            Just("callbackNumber".to_string()),
            Just("callbackConnectTime".to_string()),
            Just("lastEntryPoint".to_string()),
            Just("id".to_string()),
            Just("createdTime".to_string()),
            "[a-z]{1,6}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
            prop::collection::btree_map(key, inner, 0..4)
                .prop_map(|m| Json::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(support::cases(512)))]

    #[test]
    fn arbitrary_text_never_panics(q in "\\PC{0,200}") {
        let r = run(&q, variables());
        prop_assert!(serde_json::from_str::<Json>(&r.body).is_ok());
    }

    #[test]
    fn graphql_shaped_text_never_panics(parts in prop::collection::vec(prop_oneof![
        Just("{"), Just("}"), Just("("), Just(")"), Just("["), Just("]"), Just(":"), Just("$"),
        Just("!"), Just("="), Just("..."), Just("@"), Just("query"), Just("taskDetails"),
        Just("tasks"), Just("callbackData"), Just("id"), Just("from"), Just("to"), Just("filter"),
        Just("Long"), Just("\"s\""), Just("12"), Just("-1.5e3"), Just("null"), Just("$from"),
        Just("\n"), Just("#c\n"), Just("\u{201c}"), Just("\"\"\"b\"\"\""),
    ], 0..60), v in arb_json()) {
        let q = parts.concat();
        let r = run(&q, v);
        prop_assert!(serde_json::from_str::<Json>(&r.body).is_ok());
    }

    #[test]
    fn arbitrary_variables_never_panic(v in arb_json(), filter in arb_json()) {
        let r = run(&query(), v);
        prop_assert!(serde_json::from_str::<Json>(&r.body).is_ok());
        let r = run(&query(), json!({"from": 0, "to": NOW, "filter": filter}));
        prop_assert!(serde_json::from_str::<Json>(&r.body).is_ok());
    }

    #[test]
    fn a_mutated_mission_query_never_panics(at in 0usize..400, insert in "\\PC{0,3}") {
        let mut q = query();
        let at = q.char_indices().nth(at).map_or(q.len(), |(i, _)| i);
        q.insert_str(at, &insert);
        let r = run(&q, variables());
        prop_assert!(serde_json::from_str::<Json>(&r.body).is_ok());
    }
}
