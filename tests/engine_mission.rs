//! The mission's Condition expression and GraphQL variables template (Mission 4, Build steps 3 and 5).
#![cfg(not(target_arch = "wasm32"))]

use callback_lab::engine::{render, FixedClock, Template, TraceEvent, Value, VarType, Variables};

const CONDITION: &str = r#"{{ callbackConnectTime == "-1" ? (callbackStatus == "Not Processed" ? (HTTPRequest_CallBackSearch.httpStatusCode == 200 ? "true" : "false") : "false") : "false" }}"#;

const VARIABLES_TEMPLATE: &str = r#"{
  "from": "{{now() | epoch(inMillis=true) - 15000000}}",
  "to": "{{now() | epoch(inMillis=true)}}",
  "filter": {
    "and": [
      {
        "callbackData": {
          "equals": {
            "callbackNumber": "{{NewNumber.DigitsEntered}}"
          }
        }
      },
      {
        "lastEntryPoint": {
          "id": {
            "equals": "{{NewPhoneContact.EntryPointId}}"
          }
        }
      }
    ]
  }
}
"#;

const NOW: i64 = 1_717_243_200_000;

fn vars(connect: Value, status: Value, code: Value) -> Variables {
    let mut v = Variables::new();
    v.set("callbackConnectTime", connect);
    v.set("callbackStatus", status);
    v.set("HTTPRequest_CallBackSearch.httpStatusCode", code);
    v
}

#[test]
fn condition_is_true_only_for_minus_one_not_processed_and_number_200() {
    let t = Template::parse(CONDITION).unwrap();
    let connects = [
        Value::String("-1".into()),
        Value::String("1717243100000".into()),
        Value::String(String::new()),
        Value::Integer(-1),
        Value::Null,
    ];
    let statuses = [
        Value::String("Not Processed".into()),
        Value::String("Processed".into()),
        Value::String("not processed".into()),
        Value::String(String::new()),
        Value::Null,
    ];
    let codes = [
        Value::Integer(200),
        Value::Decimal(200.0),
        Value::String("200".into()),
        Value::Integer(404),
        Value::Integer(500),
        Value::Null,
    ];
    let mut trues = Vec::new();
    for c in &connects {
        for s in &statuses {
            for code in &codes {
                let r = render(
                    &t,
                    &vars(c.clone(), s.clone(), code.clone()),
                    &FixedClock(NOW),
                )
                .unwrap_or_else(|e| panic!("{c:?} {s:?} {code:?}: {e}"));
                assert!(r.text == "true" || r.text == "false");
                if r.text == "true" {
                    trues.push((c.clone(), s.clone(), code.clone()));
                }
            }
        }
    }
    // 200.0 is the number 200 too (numbers compare by value).
    assert_eq!(
        trues,
        vec![
            (
                Value::String("-1".into()),
                Value::String("Not Processed".into()),
                Value::Integer(200)
            ),
            (
                Value::String("-1".into()),
                Value::String("Not Processed".into()),
                Value::Decimal(200.0)
            ),
        ]
    );
}

#[test]
fn condition_through_parse_settings_conversion() {
    // Parse Settings store JSON number -1 into the STRING variable as "-1".
    let body = serde_json::json!({"data":{"taskDetails":{"tasks":[{"callbackData":{
        "callbackConnectTime": -1, "callbackStatus": "Not Processed"}}]}}});
    let cd = &body["data"]["taskDetails"]["tasks"][0]["callbackData"];
    let connect = VarType::String
        .convert(&Value::from_json(cd["callbackConnectTime"].clone()))
        .unwrap();
    let status = VarType::String
        .convert(&Value::from_json(cd["callbackStatus"].clone()))
        .unwrap();
    assert_eq!(connect, Value::String("-1".into()));
    let t = Template::parse(CONDITION).unwrap();
    let r = render(
        &t,
        &vars(connect, status, Value::Integer(200)),
        &FixedClock(NOW),
    )
    .unwrap();
    assert_eq!(r.text, "true");
    assert_eq!(r.value, Some(Value::String("true".into())));
    assert!(r.warnings.is_empty());
}

/// The trace tells which check made the condition false.
#[test]
fn trace_names_the_failing_check() {
    let t = Template::parse(CONDITION).unwrap();
    let cases = [
        (
            vars(
                Value::String("5".into()),
                Value::String("Not Processed".into()),
                Value::Integer(200),
            ),
            "callbackConnectTime",
        ),
        (
            vars(
                Value::String("-1".into()),
                Value::String("Done".into()),
                Value::Integer(200),
            ),
            "callbackStatus",
        ),
        (
            vars(
                Value::String("-1".into()),
                Value::String("Not Processed".into()),
                Value::String("200".into()),
            ),
            "HTTPRequest_CallBackSearch.httpStatusCode",
        ),
    ];
    for (v, culprit) in cases {
        let r = render(&t, &v, &FixedClock(NOW)).unwrap();
        assert_eq!(r.text, "false");
        let failing = r.trace.iter().find_map(|e| match e {
            TraceEvent::Compare {
                span,
                result: false,
                left,
                ..
            } => Some((*span, left.clone())),
            _ => None,
        });
        let (span, left) = failing.expect("a false comparison");
        let src = t.source().get(span.start..span.end).unwrap();
        assert!(src.starts_with(culprit), "{src} vs {culprit}");
        assert_eq!(Some(&left), v.get(culprit));
        // Exactly one comparison is false and every ternary after it takes the else branch.
        let compares: Vec<bool> = r
            .trace
            .iter()
            .filter_map(|e| match e {
                TraceEvent::Compare { result, .. } => Some(*result),
                _ => None,
            })
            .collect();
        assert_eq!(compares.iter().filter(|b| !**b).count(), 1);
        assert_eq!(compares.last(), Some(&false));
    }
    // The string "200" also gets a warning explaining why it is not equal.
    let r = render(
        &t,
        &vars(
            Value::String("-1".into()),
            Value::String("Not Processed".into()),
            Value::String("200".into()),
        ),
        &FixedClock(NOW),
    )
    .unwrap();
    assert_eq!(r.warnings.len(), 1);
    assert!(
        r.warnings[0].message.contains("STRING \"200\""),
        "{}",
        r.warnings[0].message
    );
}

#[test]
fn graphql_variables_template_renders_valid_json() {
    let mut v = Variables::new();
    v.set(
        "NewNumber.DigitsEntered",
        Value::String("14085267209".into()),
    );
    v.set(
        "NewPhoneContact.EntryPointId",
        Value::String("AXd1-entry".into()),
    );
    let t = Template::parse(VARIABLES_TEMPLATE).unwrap();
    let r = render(&t, &v, &FixedClock(NOW)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&r.text).unwrap();
    assert_eq!(json["from"], "1717228200000");
    assert_eq!(json["to"], "1717243200000");
    assert_eq!(
        json["filter"]["and"][0]["callbackData"]["equals"]["callbackNumber"],
        "14085267209"
    );
    assert_eq!(
        json["filter"]["and"][1]["lastEntryPoint"]["id"]["equals"],
        "AXd1-entry"
    );
    // Text outside the blocks is kept byte for byte.
    assert!(r.text.starts_with("{\n  \"from\": \""));
    assert!(r.text.ends_with("  }\n}\n"));
    assert_eq!(r.value, None);
}
