//! The Condition lab's view-model: every sample's verdict, path and explanation; memoisation of the
//! body; what-if edits with positioned errors and hints; bad inputs never panic.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::sync::Arc;

use callback_lab::lab::view::{parse_status, PositionedError};
use callback_lab::lab::{
    saved, BodyStatus, Check, LabAction, LabInputs, LabState, Verdict, SAMPLES,
};
use proptest::prelude::*;

const NOW: i64 = 1_700_000_000_000;

fn state() -> LabState {
    LabState::new(LabInputs::default(), None, NOW)
}

fn with_sample(id: &str) -> LabState {
    state().apply(LabAction::LoadSample(id.into()), NOW)
}

const TRUE_TAIL: [&str; 2] = [
    "PlayMessage_AlreadyScheduled",
    "DisconnectContact_AlreadyScheduled",
];

/// What the lab shows for each sample — verdict, exit, path, why, hints, the variables set — as
/// one reviewed snapshot per sample (`tests/snapshots/lab_model__sample-<id>.snap`).
#[test]
fn every_sample_as_the_lab_shows_it() {
    for sample in SAMPLES {
        let view = &with_sample(sample.id).view;
        let mut text = format!(
            "verdict: {}\nexit: {}\npath: {}\n",
            view.verdict.text(),
            view.exit.as_deref().unwrap_or("-"),
            view.path.join(" → ")
        );
        for line in &view.explanation {
            text.push_str(&format!(
                "why: {} — {} ({:?})\n",
                line.source, line.detail, line.check
            ));
        }
        for hint in &view.hints {
            text.push_str(&format!("hint: {hint}\n"));
        }
        for v in view.variables.iter().filter(|v| v.changed) {
            text.push_str(&format!(
                "set: {}.{} = {} ({})\n",
                v.node, v.name, v.new, v.value_type
            ));
        }
        insta::assert_snapshot!(format!("sample-{}", sample.id), text);
    }
}

#[test]
fn every_sample_gives_its_expected_exit_path_and_explanation() {
    for sample in SAMPLES {
        let s = with_sample(sample.id);
        let v = &s.view;
        assert_eq!(
            v.exit.as_deref(),
            Some(sample.expected_exit),
            "{}",
            sample.id
        );
        assert_eq!(
            v.verdict.text(),
            if sample.expected_exit == "true" {
                "True"
            } else {
                "False"
            },
            "{}",
            sample.id
        );
        assert_eq!(
            v.path.first().map(String::as_str),
            Some("HTTPRequest_CallBackSearch")
        );
        assert!(v.path.iter().any(|p| p == "Condition_CallbackPending"));
        if sample.expected_exit == "true" {
            assert!(
                v.path.ends_with(&TRUE_TAIL.map(String::from)),
                "{:?}",
                v.path
            );
        } else {
            assert!(
                v.path.iter().any(|p| p == "Callback"),
                "{}: {:?}",
                sample.id,
                v.path
            );
        }
        assert!(!v.explanation.is_empty(), "{}", sample.id);
        assert!(v.result.is_some());
        assert!(v.request.is_some());
        assert!(v.taken.nodes.iter().filter(|t| **t).count() >= 5);
        assert_eq!(s.inputs.sample.as_deref(), Some(sample.id));
        assert_eq!(s.inputs.status, sample.status.to_string());
    }
}

#[test]
fn pending_callback_explains_three_passed_checks_and_the_next_node() {
    let s = with_sample("pending-callback");
    let v = &s.view;
    let checks: Vec<(&str, Check)> = v
        .explanation
        .iter()
        .filter(|l| l.check != Check::Info)
        .map(|l| (l.source.as_str(), l.check))
        .collect();
    assert_eq!(
        checks,
        [
            ("callbackConnectTime == \"-1\"", Check::Passed),
            ("callbackStatus == \"Not Processed\"", Check::Passed),
            (
                "HTTPRequest_CallBackSearch.httpStatusCode == 200",
                Check::Passed
            ),
        ]
    );
    assert_eq!(
        v.explanation[0].detail,
        "\"-1\" (STRING) == \"-1\" (STRING)"
    );
    let next = v.next.clone().unwrap();
    assert_eq!(next.label, "PlayMessage_AlreadyScheduled");
    assert_eq!(next.title, "Play Message");
    assert!(next.detail.unwrap().contains("scheduled already"));
    assert!(v.hints.is_empty(), "{:?}", v.hints);
    let changed: Vec<(&str, Option<&str>, &str)> = v
        .variables
        .iter()
        .filter(|r| r.name.starts_with("callback"))
        .map(|r| (r.name.as_str(), r.old.as_deref(), r.new.as_str()))
        .collect();
    assert_eq!(
        changed,
        [
            ("callbackStatus", Some(""), "Not Processed"),
            ("callbackConnectTime", Some(""), "-1")
        ]
    );
}

#[test]
fn connected_callback_fails_on_the_connect_time_and_goes_to_the_callback_node() {
    let s = with_sample("already-connected");
    let v = &s.view;
    let first = &v.explanation[0];
    assert_eq!(first.source, "callbackConnectTime == \"-1\"");
    assert_eq!(first.check, Check::Failed);
    assert!(
        first.detail.contains("\"1699990600000\" (STRING)"),
        "{}",
        first.detail
    );
    let next = v.next.clone().unwrap();
    assert_eq!(next.label, "Callback");
    assert!(next.detail.unwrap().contains("14085267209"));
}

#[test]
fn hints_name_the_reason_of_each_failing_sample() {
    let hint = |id: &str, word: &str| {
        let s = with_sample(id);
        let v = &s.view;
        assert!(
            v.hints.iter().any(|h| h.contains(word)),
            "{id}: no hint with {word:?} in {:?}",
            v.hints
        );
    };
    hint("no-task-found", "no callback found");
    hint("two-tasks", "tasks[0]");
    hint("unauthorized-401", "401");
    hint("graphql-error", "reported errors");
    hint("not-json", "not JSON");
}

#[test]
fn the_body_is_parsed_once_per_body_edit_not_per_expression_edit() {
    let s = state();
    assert_eq!(s.parse_count, 1);
    let s = s.apply(LabAction::SetExpression("{{ false }}".into()), NOW);
    let s = s.apply(LabAction::SetStatus("500".into()), NOW);
    let s = s.apply(
        LabAction::SetPath {
            index: 0,
            path: "$.x".into(),
        },
        NOW,
    );
    let s = s.apply(LabAction::SetClockFixed(true), NOW);
    let s = s.apply(LabAction::SelectNode(Some("Callback".into())), NOW);
    assert_eq!(s.parse_count, 1);
    assert_eq!(s.view.verdict, Verdict::False);
    let body = s.inputs.body.to_string();
    let s = s.apply(LabAction::EditBody(body), NOW);
    assert_eq!(s.parse_count, 1, "same text: not parsed again");
    let s = s.apply(LabAction::EditBody("{}".into()), NOW);
    assert_eq!(s.parse_count, 2);
    let s = s.apply(LabAction::LoadSample("two-tasks".into()), NOW);
    assert_eq!(s.parse_count, 3);
    assert_eq!(s.body_revision, 1);
}

#[test]
fn malformed_json_keeps_the_text_and_reports_line_column_and_caret() {
    let text = "{\n  \"data\": {\n    \"taskDetails\": nope\n  }\n}";
    let s = state().apply(LabAction::EditBody(text.into()), NOW);
    assert_eq!(&*s.inputs.body, text, "the pasted text is never lost");
    assert_eq!(s.inputs.sample, None);
    match &s.view.body {
        BodyStatus::NotJson {
            line,
            column,
            excerpt,
            ..
        } => {
            assert_eq!((*line, *column), (3, 21));
            assert!(
                excerpt.contains("nope") && excerpt.contains('^'),
                "{excerpt}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.view.verdict, Verdict::False);
}

#[test]
fn a_body_over_ten_megabytes_is_refused_with_a_clear_message_but_kept() {
    let big = format!("[{}0]", "0,".repeat(5_300_000));
    let s = state().apply(LabAction::EditBody(big.clone()), NOW);
    assert_eq!(s.inputs.body.len(), big.len());
    match &s.view.body {
        BodyStatus::TooLarge { message, .. } => assert!(message.contains("limit is 10 MB")),
        other => panic!("{other:?}"),
    }
    assert!(s
        .view
        .verdict
        .text()
        .starts_with("Error: the response body is 10.1 MB"));
    // Back to a small body: the lab works again.
    let s = s.apply(LabAction::LoadSample("pending-callback".into()), NOW);
    assert_eq!(s.view.verdict, Verdict::True);
}

#[test]
fn a_curly_quote_in_the_expression_gives_a_positioned_error_and_the_hint() {
    let expr = "{{ callbackStatus == \u{201c}Not Processed\u{201d} }}";
    let s = state().apply(LabAction::SetExpression(expr.into()), NOW);
    let PositionedError {
        line,
        column,
        rendered,
        hint,
        ..
    } = s.view.expression_error.clone().expect("an error");
    assert_eq!((line, column), (1, 22));
    assert!(rendered.contains('^'), "{rendered}");
    assert!(hint.unwrap().contains("typographic quote"));
    assert!(s.view.verdict.text().starts_with("Error: "));
    assert!(s.view.expression_differs);
    assert_eq!(s.view.differences, 1);
}

#[test]
fn what_if_paths_show_their_outcome_errors_and_reset_to_mission() {
    let s = state();
    assert!(s.view.paths.iter().all(|p| !p.differs));
    assert!(s.view.paths[0]
        .outcome
        .as_deref()
        .unwrap()
        .contains("callbackStatus = “Not Processed” (STRING)"));
    let s = s.apply(
        LabAction::SetPath {
            index: 0,
            path: "$.data.taskDetails.tasks[1].callbackData.callbackStatus".into(),
        },
        NOW,
    );
    assert!(s.view.paths[0].differs);
    assert!(s.view.paths[0]
        .outcome
        .as_deref()
        .unwrap()
        .contains("matched nothing"));
    assert_eq!(s.view.verdict, Verdict::False);
    let s = s.apply(
        LabAction::SetPath {
            index: 1,
            path: "data.tasks[".into(),
        },
        NOW,
    );
    assert!(s.view.paths[1].error.is_some());
    assert!(s.view.paths[1]
        .hint
        .as_deref()
        .unwrap()
        .contains("close it"));
    let s = s.apply(
        LabAction::SetPath {
            index: 1,
            path: "$.Data.taskDetails.tasks[0].callbackData.callbackConnectTime".into(),
        },
        NOW,
    );
    assert!(s.view.paths[1]
        .hint
        .as_deref()
        .unwrap()
        .contains("case-sensitive"));
    assert_eq!(s.view.differences, 2);
    let s = s.apply(LabAction::ResetToMission, NOW);
    assert_eq!(s.view.differences, 0);
    assert_eq!(s.view.verdict, Verdict::True);
    // A row that does not exist changes nothing.
    let s2 = s.apply(
        LabAction::SetPath {
            index: 9,
            path: "$".into(),
        },
        NOW,
    );
    assert_eq!(s2.inputs, s.inputs);
}

#[test]
fn the_request_uses_number_entry_point_and_clock() {
    let s = state()
        .apply(LabAction::SetNumber("15551234567".into()), NOW)
        .apply(LabAction::SetEntryPoint("ep-1".into()), NOW)
        .apply(LabAction::SetClockFixed(true), NOW)
        .apply(LabAction::SetFixedTime("2023-11-14T22:13:20Z".into()), 5)
        .apply(LabAction::SetRegion("anz1".into()), 5);
    let r = s.view.request.clone().unwrap();
    assert!(r.variables_text.contains("\"15551234567\""));
    assert!(r.variables_text.contains("\"ep-1\""));
    assert_eq!(r.to.as_ref().unwrap().epoch_ms, NOW);
    assert_eq!(r.from.as_ref().unwrap().epoch_ms, NOW - 15_000_000);
    assert_eq!(r.to.unwrap().utc, "2023-11-14T22:13:20.000Z");
    assert!(r.query.contains("taskDetails"));
    assert!(r.curl.contains("api.wxcc-anz1.cisco.com"));
    assert!(r.body.contains("\"variables\""));
    // The real clock: the time passed to apply.
    let s = s.apply(LabAction::SetClockFixed(false), 86_400_000);
    assert_eq!(
        s.view.request.clone().unwrap().to.unwrap().epoch_ms,
        86_400_000
    );
}

#[test]
fn bad_status_clock_or_number_give_an_error_verdict_not_a_crash() {
    let s = state().apply(LabAction::SetStatus("abc".into()), NOW);
    assert!(s.view.status_error.is_some());
    assert!(s.view.verdict.text().starts_with("Error: HTTP status"));
    assert_eq!(parse_status(" 404 "), Ok(404));
    assert!(parse_status("99").is_err());
    let s = state()
        .apply(LabAction::SetClockFixed(true), NOW)
        .apply(LabAction::SetFixedTime("tomorrow".into()), NOW);
    assert!(s.view.clock_error.is_some());
    assert!(s.view.verdict.text().starts_with("Error: clock"));
    // A quote in the number breaks the rendered JSON: the HTTP node fails, said in words.
    let s = state().apply(LabAction::SetNumber("1\"2".into()), NOW);
    assert!(
        matches!(s.view.verdict, Verdict::Error(_)),
        "{:?}",
        s.view.verdict
    );
}

#[test]
fn selecting_a_node_and_notices_do_not_rerun() {
    let s = state();
    let s2 = s.apply(LabAction::SelectNode(Some("Callback".into())), NOW + 1);
    assert!(std::rc::Rc::ptr_eq(&s.view, &s2.view));
    assert_eq!(s2.selected.as_deref(), Some("Callback"));
    let step = s2
        .view
        .steps
        .iter()
        .find(|st| st.label == "HTTPRequest_CallBackSearch")
        .unwrap();
    assert!(step.modified.iter().any(|m| m.name == "callbackStatus"));
}

#[test]
fn import_replaces_inputs_and_keeps_a_notice() {
    let inputs = LabInputs {
        body: Arc::from(SAMPLES[1].body),
        expression: "{{ true }}".into(),
        ..LabInputs::default()
    };
    let text = saved::to_json(&inputs);
    let read = saved::from_json(&text).unwrap();
    let s = state().apply(
        LabAction::Replace {
            inputs: Box::new(read),
            flow: None,
            notice: Some(callback_lab::lab::Notice::info("Imported")),
        },
        NOW,
    );
    assert_eq!(s.view.verdict, Verdict::True);
    assert_eq!(s.body_revision, 1);
    assert_eq!(s.notice.as_ref().map(|n| n.text.as_str()), Some("Imported"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(support::cases(64)))]
    #[test]
    fn no_input_panics(
        body in ".{0,200}",
        status in ".{0,6}",
        expr in ".{0,80}",
        path in ".{0,40}",
        time in ".{0,25}",
    ) {
        let s = state()
            .apply(LabAction::EditBody(body), NOW)
            .apply(LabAction::SetStatus(status), NOW)
            .apply(LabAction::SetExpression(expr), NOW)
            .apply(LabAction::SetPath { index: 0, path }, NOW)
            .apply(LabAction::SetClockFixed(true), NOW)
            .apply(LabAction::SetFixedTime(time), NOW);
        let _ = s.view.verdict.text();
        let _ = saved::from_json(&saved::to_json(&s.inputs)).unwrap();
    }
}

#[test]
fn a_live_response_replaces_status_and_body() {
    let s = state().apply(
        LabAction::LoadResponse {
            status: 401,
            text: SAMPLES[4].body.to_string(),
            from: "the live Search API".into(),
        },
        NOW,
    );
    assert_eq!(s.inputs.status, "401");
    assert_eq!(s.body_revision, 1);
    assert_eq!(s.inputs.sample, None);
    assert_eq!(s.view.verdict, Verdict::False);
    assert!(s.notice.unwrap().text.contains("status 401"));
}
