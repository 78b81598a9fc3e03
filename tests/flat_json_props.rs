//! The flat parse of a body (`flow::flat_json`) answers exactly as a `serde_json::Value` would:
//! the same value, the same parse-setting selections and letter-case hints, the same Search API
//! facts — on JSON texts with repeated keys, escapes, and keys that differ only in case.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use callback_lab::flow::flat_json::FlatJson;
use callback_lab::flow::{CompiledPath, PreparedBody};
use proptest::prelude::*;
use serde_json::Value as Json;

/// JSON text as written by hand: objects may repeat a key.
#[derive(Debug, Clone)]
enum Raw {
    Leaf(String),
    Array(Vec<Raw>),
    Object(Vec<(String, Raw)>),
}

impl Raw {
    fn text(&self) -> String {
        match self {
            Raw::Leaf(t) => t.clone(),
            Raw::Array(items) => format!(
                "[{}]",
                items.iter().map(Raw::text).collect::<Vec<_>>().join(", ")
            ),
            Raw::Object(members) => format!(
                "{{\n {}}}",
                members
                    .iter()
                    .map(|(k, v)| format!("{}: {}", Json::String(k.clone()), v.text()))
                    .collect::<Vec<_>>()
                    .join(",\n ")
            ),
        }
    }
}

const KEYS: &[&str] = &[
    "data",
    "taskDetails",
    "tasks",
    "callbackData",
    "callbackStatus",
    "callbackConnectTime",
    "CallbackStatus",
    "callbackstatus",
    "errors",
    "message",
    "a\"b",
    "é",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(KEYS).prop_map(str::to_string),
        "[a-zA-Z]{1,4}"
    ]
}

fn raw() -> impl Strategy<Value = Raw> {
    let leaf = prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        (-1e6f64..1e6).prop_map(|f| format!("{f:?}")),
        Just("-1".to_string()),
        Just("-1.0".to_string()),
        Just("\"-1\"".to_string()),
        Just("\" -1 \"".to_string()),
        Just("\"Not Processed\"".to_string()),
        Just("\"esc\\\"aped \\n \\u00e9\"".to_string()),
        "[a-z ]{0,6}".prop_map(|s| format!("\"{s}\"")),
    ];
    leaf.prop_map(Raw::Leaf).prop_recursive(6, 80, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Raw::Array),
            prop::collection::vec((key(), inner), 0..6).prop_map(Raw::Object),
        ]
    })
}

/// Plain paths (`.name`, `['name']`, `[index]`), the kind the flat parse answers itself.
fn plain_path() -> impl Strategy<Value = String> {
    let step = prop_oneof![
        key().prop_map(|k| {
            if k.chars().all(|c| c.is_ascii_alphabetic()) {
                format!(".{k}")
            } else {
                format!("['{}']", k.replace('\\', "\\\\").replace('\'', "\\'"))
            }
        }),
        (-3i64..4).prop_map(|i| format!("[{i}]")),
    ];
    prop::collection::vec(step, 0..6).prop_map(|steps| format!("${}", steps.concat()))
}

/// The Search API facts as they were computed on a `Value`.
fn facts_from_value(json: &Json) -> Option<(usize, Vec<usize>, usize)> {
    let tasks = json.pointer("/data/taskDetails/tasks")?.as_array()?;
    let pending: Vec<usize> = tasks
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            let Some(d) = t.get("callbackData") else {
                return false;
            };
            d.get("callbackStatus").and_then(Json::as_str) == Some("Not Processed")
                && match d.get("callbackConnectTime") {
                    Some(Json::Number(n)) => n.as_i64() == Some(-1),
                    Some(Json::String(s)) => s.trim() == "-1",
                    _ => false,
                }
        })
        .map(|(i, _)| i)
        .collect();
    Some((
        tasks.len(),
        pending.iter().copied().take(10).collect(),
        pending.len(),
    ))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(support::cases(512)))]

    #[test]
    fn same_value_as_serde_json(doc in raw()) {
        let text = doc.text();
        let expected = serde_json::from_str::<Json>(&text);
        let flat = FlatJson::parse(&text);
        match (&flat, &expected) {
            (Ok(flat), Ok(json)) => {
                let d = flat.doc(&text);
                prop_assert_eq!(&d.to_value(d.root()), json);
            }
            (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
            _ => prop_assert!(false, "one parser failed: {flat:?} vs {expected:?}"),
        }
    }

    #[test]
    fn same_selection_and_facts_as_on_a_value(doc in raw(), paths in prop::collection::vec(plain_path(), 1..4)) {
        let text = doc.text();
        let Ok(json) = serde_json::from_str::<Json>(&text) else { return Ok(()) };
        let body = PreparedBody::new(text.clone()).expect("small body");
        for path in &paths {
            let compiled = CompiledPath::compile(path).expect("plain paths compile");
            prop_assert_eq!(compiled.apply_prepared(&body), compiled.apply(&json), "{}", path);
        }
        let facts = body.search_facts().map(|f| (f.count, f.pending.clone(), f.pending_count));
        prop_assert_eq!(facts, facts_from_value(&json));
        prop_assert_eq!(body.json().ok(), Some(&json));
    }
}

#[test]
fn a_byte_order_mark_and_a_search_answer() {
    let text = "\u{feff}{\"data\":{\"taskDetails\":{\"tasks\":[{\"callbackData\":{\"callbackStatus\":\"Not Processed\",\"callbackConnectTime\":-1}}]}}}";
    let body = PreparedBody::new(text).unwrap();
    let path =
        CompiledPath::compile("$.data.taskDetails.tasks[0].callbackData.callbackStatus").unwrap();
    assert_eq!(
        path.apply_prepared(&body),
        callback_lab::flow::Selection::One(Json::from("Not Processed"))
    );
    assert_eq!(
        body.search_facts().map(|f| f.pending.clone()),
        Some(vec![0])
    );
    let case =
        CompiledPath::compile("$.data.taskdetails.tasks[0].callbackData.callbackstatus").unwrap();
    assert_eq!(
        case.apply_prepared(&body),
        callback_lab::flow::Selection::Nothing {
            case_hint: Some("$.data.taskDetails.tasks[0].callbackData.callbackStatus".into())
        }
    );
}
