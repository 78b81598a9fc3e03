//! The exercise mode on the attendee's imported flow: the mission flow and its export
//! imported again behave identically on every exercise; a broken import fails the exercise it
//! breaks with the reason in the attendee's terms; an activity the simulator does not run ends the
//! call with a message; results are kept per flow.
#![cfg(not(target_arch = "wasm32"))]

use callback_lab::flow::{mission_flow, NodeKind};
use callback_lab::flowcheck::{export, mission};
use callback_lab::lab::yourflow::load;
use callback_lab::sim::{
    all_exercises, check_on, exercise, Action, Answer, CallState, CenterConfig, ChosenFlow,
    ContactCenter, EndReason, ExerciseKind, ExerciseResult, FlowId, Progress,
};

const MISSION_CONDITION: &str = r#"{{ callbackConnectTime == "-1" ? (callbackStatus == "Not Processed" ? (HTTPRequest_CallBackSearch.httpStatusCode == 200 ? "true" : "false") : "false") : "false" }}"#;
const GUIDE_CONNECT_TIME_PATH: &str =
    "$.data.taskDetails.tasks[0].callbackData.callbackConnectTime";

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/inputs/flowcheck/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn yours(text: &str, name: &str) -> ChosenFlow {
    let flow = load(text, Some(name.to_string())).unwrap_or_else(|e| panic!("{}", e.text()));
    ChosenFlow::yours(&flow)
}

fn mission_choice() -> ChosenFlow {
    ChosenFlow::mission().unwrap()
}

/// Callback requests in a row from the guide's number, numbering the calls from `first`.
fn callback_calls(first: usize, n: usize) -> Vec<Action> {
    let mut out = Vec::new();
    for call in first..first + n {
        out.push(Action::PlaceCall {
            from: "14085550123".into(),
        });
        for keys in ["1", "14085267209", "1"] {
            out.push(Action::Press {
                call,
                keys: keys.into(),
            });
        }
    }
    out
}

/// Every kind of answer worth comparing for `ex`: the given text, the guide's answer, a constant,
/// every choice, a few sessions.
fn answers(ex: &callback_lab::sim::Exercise) -> Vec<Answer> {
    match ex.kind {
        ExerciseKind::FixExpression => vec![
            Answer::Expression(ex.given.clone()),
            Answer::Expression(MISSION_CONDITION.into()),
            Answer::Expression(r#"{{ "true" }}"#.into()),
            Answer::Expression("{{ oops".into()),
        ],
        ExerciseKind::FixPath => vec![
            Answer::Path(ex.given.clone()),
            Answer::Path(GUIDE_CONNECT_TIME_PATH.into()),
            Answer::Path("$.data".into()),
            Answer::Path("$[".into()),
        ],
        ExerciseKind::PredictExit => ex.choices.iter().cloned().map(Answer::Choice).collect(),
        ExerciseKind::Scenario => {
            let mut window = callback_calls(1, 1);
            window.push(Action::AdvanceClock { ms: 15_000_001 });
            window.extend(callback_calls(2, 1));
            vec![
                Answer::Actions(Vec::new()),
                Answer::Actions(callback_calls(1, 1)),
                Answer::Actions(callback_calls(1, 2)),
                Answer::Actions(window),
            ]
        }
    }
}

/// A result without the mark of the flow it was earned on.
fn unmarked(mut r: ExerciseResult) -> ExerciseResult {
    r.flow = None;
    r
}

#[test]
fn every_exercise_behaves_identically_on_the_mission_and_its_export_imported_again() {
    let on_mission = mission_choice();
    let reference = mission(4).unwrap().reference_json.to_string();
    let exported = export(&mission_flow().unwrap());
    for (text, name) in [(reference, "reference.json"), (exported, "export.json")] {
        let imported = yours(&text, name);
        assert_eq!(imported.flow, on_mission.flow, "{name}");
        assert!(imported.errors.is_empty(), "{name}: {:?}", imported.errors);
        let mut passes = 0;
        for ex in all_exercises().unwrap() {
            for answer in answers(&ex) {
                let expected = check_on(&ex, &answer, &on_mission);
                let got = check_on(&ex, &answer, &imported);
                assert_eq!(
                    got.flow.as_deref(),
                    Some(format!("your flow ({name})").as_str())
                );
                assert_eq!(expected.flow, None);
                assert_eq!(unmarked(got), expected, "{name}: {} with {answer:?}", ex.id);
                passes += usize::from(expected.passed);
            }
        }
        // The comparison covered passing and failing answers of every exercise.
        assert!(passes >= all_exercises().unwrap().len(), "{passes}");
    }
}

#[test]
fn a_false_exit_wired_to_play_message_fails_the_scenarios_and_says_why() {
    let broken = yours(
        &fixture("false-exit-to-play-message.json"),
        "false-exit-to-play-message.json",
    );
    let because = "your flow's False exit goes to Play Message `PlayMessage_AlreadyScheduled`, so no callback is scheduled";

    // Two calls: on the mission the second hears the duplicate message; here neither gets a callback.
    let ex = exercise("second-call-duplicate").unwrap();
    let two_calls = Answer::Actions(callback_calls(1, 2));
    assert!(check_on(&ex, &two_calls, &mission_choice()).passed);
    let r = check_on(&ex, &two_calls, &broken);
    assert!(!r.passed, "{r:#?}");
    assert_eq!(
        r.summary,
        format!("Not yet: the second call's Condition went false: {because}.")
    );
    assert_eq!(
        r.flow.as_deref(),
        Some("your flow (false-exit-to-play-message.json)")
    );
    // The checker's finding comes with it, in the guide's words.
    assert_eq!(r.flow_findings.len(), 1, "{:?}", r.flow_findings);
    assert!(r.flow_findings[0].starts_with("Build step 5: the False exit goes to Play Message"));

    // Past the 250-minute window: still no callback at all.
    let ex = exercise("window").unwrap();
    let mut window = callback_calls(1, 1);
    window.push(Action::AdvanceClock { ms: 15_000_001 });
    window.extend(callback_calls(2, 1));
    let window = Answer::Actions(window);
    assert!(check_on(&ex, &window, &mission_choice()).passed);
    let r = check_on(&ex, &window, &broken);
    assert!(!r.passed);
    assert_eq!(
        r.summary,
        format!("Not yet: 0 callback(s) pending, none twice for one number: {because}.")
    );

    // The exercises on the Condition itself still pass: its exits are right, only the wiring is not.
    let ex = exercise("status-201").unwrap();
    let r = check_on(&ex, &Answer::Expression(MISSION_CONDITION.into()), &broken);
    assert!(r.passed, "{r:#?}");
    assert!(r.flow_findings.is_empty());
}

#[test]
fn a_letter_case_typo_in_the_connect_time_path_fails_with_the_path_named() {
    let broken = yours(
        &fixture("jsonpath-letter-case.json"),
        "jsonpath-letter-case.json",
    );
    // The guide's expression cannot go True on this flow: callbackConnectTime is never filled.
    let ex = exercise("number-vs-string").unwrap();
    let r = check_on(&ex, &Answer::Expression(MISSION_CONDITION.into()), &broken);
    assert!(!r.passed, "{r:#?}");
    assert_eq!(r.summary, "1 of 3 cases take the wrong exit.");
    let pending = &r.cases[0];
    assert_eq!(
        (pending.expected.as_str(), pending.got.as_str()),
        ("true", "false")
    );
    assert!(
        pending.reason.contains("callbackconnecttime")
            && pending.reason.contains("callbackConnectTime"),
        "{}",
        pending.reason
    );
    assert!(
        r.flow_findings
            .iter()
            .any(|f| f.contains("callbackconnecttime")),
        "{:?}",
        r.flow_findings
    );

    // In the simulator the second call's Condition goes False, for the same reason.
    let ex = exercise("second-call-duplicate").unwrap();
    let r = check_on(&ex, &Answer::Actions(callback_calls(1, 2)), &broken);
    assert!(!r.passed);
    assert!(
        r.summary
            .starts_with("Not yet: the second call's Condition went false: "),
        "{}",
        r.summary
    );
    assert!(r.summary.contains("callbackconnecttime"), "{}", r.summary);

    // Fixing the path in the exercise that edits it passes on this flow too.
    let ex = exercise("path-letter-case").unwrap();
    let r = check_on(&ex, &Answer::Path(GUIDE_CONNECT_TIME_PATH.into()), &broken);
    assert!(r.passed, "{r:#?}");
}

#[test]
fn a_prediction_is_graded_on_the_chosen_flow_and_says_when_the_mission_differs() {
    // An attendee's Condition that always goes True.
    let mut always_true = mission_flow().unwrap();
    always_true
        .set_condition_expression(None, r#"{{ "true" }}"#)
        .unwrap();
    let flow = yours(&export(&always_true), "always-true.json");
    let mut differs = 0;
    for ex in all_exercises().unwrap() {
        if ex.kind != ExerciseKind::PredictExit {
            continue;
        }
        for choice in &ex.choices {
            let answer = Answer::Choice(choice.clone());
            let on_mission = check_on(&ex, &answer, &mission_choice());
            let on_yours = check_on(&ex, &answer, &flow);
            let case = &on_yours.cases[0];
            // Passed exactly when the choice is what this flow does.
            assert_eq!(on_yours.passed, case.got == *choice, "{}", ex.id);
            if case.got != on_mission.cases[0].got {
                differs += 1;
                assert!(
                    case.reason.contains(&format!(
                        "the mission flow takes its {} exit here",
                        on_mission.cases[0].got
                    )),
                    "{}",
                    case.reason
                );
            }
        }
    }
    // Every prediction case goes False on the mission.
    assert!(differs > 0);
}

#[test]
fn an_answer_that_cannot_be_applied_to_the_flow_says_so() {
    let flow = yours(
        &fixture("parse-on-wrong-variable.json"),
        "parse-on-wrong-variable.json",
    );
    let ex = exercise("path-letter-case").unwrap();
    let r = check_on(&ex, &Answer::Path(GUIDE_CONNECT_TIME_PATH.into()), &flow);
    assert!(!r.passed);
    assert!(
        r.summary.starts_with(
            "the answer could not be applied to your flow (parse-on-wrong-variable.json): "
        ),
        "{}",
        r.summary
    );
    assert!(!r.flow_findings.is_empty());
}

const WITH_BUSINESS_HOURS: &str = r#"{"name": "Main_Flow_123", "process": {"activities": {
    "a": {"name": "NewPhoneContact", "properties": {"activityName": "start"}},
    "b": {"name": "BusinessHours", "properties": {"activityName": "business-hours"}},
    "c": {"name": "Bye", "properties": {"activityName": "disconnect-contact"}}},
  "links": [{"sourceActivityId": "a", "targetActivityId": "b", "conditionExpr": "out"},
            {"sourceActivityId": "b", "targetActivityId": "c", "conditionExpr": "workingHours"}]}}"#;

#[test]
fn an_activity_the_simulator_does_not_run_ends_the_call_with_a_message() {
    let flow = yours(WITH_BUSINESS_HOURS, "hours.json");
    assert!(matches!(
        &flow.flow.nodes[flow.flow.node_index("BusinessHours").unwrap()].kind,
        NodeKind::Opaque(_)
    ));
    let mut cc = ContactCenter::new(flow.flow.clone(), CenterConfig::default());
    let call = cc.place_call("14085550123").unwrap();
    let i = cc.interaction(call).unwrap();
    assert_eq!(i.path(), ["NewPhoneContact", "BusinessHours"]);
    let CallState::Ended {
        how: EndReason::FlowProblem { message },
    } = &i.state
    else {
        panic!("{:?}", i.state)
    };
    assert_eq!(
        message,
        "the call reached BusinessHours, a `business-hours` activity the simulator does not run, and ends there"
    );
    assert!(i.state_words().contains("does not run"));
    // Every exercise on such a flow is a failed result with a reason, never a panic.
    for ex in all_exercises().unwrap() {
        for answer in answers(&ex) {
            let r = check_on(&ex, &answer, &flow);
            assert!(!r.summary.is_empty(), "{}", ex.id);
        }
    }
    let ex = exercise("second-call-duplicate").unwrap();
    let r = check_on(
        &ex,
        &Answer::Actions(vec![
            Action::PlaceCall { from: "1".into() },
            Action::PlaceCall { from: "2".into() },
        ]),
        &flow,
    );
    assert!(
        r.summary.contains(
            "did not reach the Condition node (call 2: ended: the call reached BusinessHours"
        ),
        "{}",
        r.summary
    );
}

#[test]
fn a_saved_session_replays_on_the_chosen_flow() {
    let actions = callback_calls(1, 2);
    let on_mission =
        ContactCenter::replay(mission_flow().unwrap(), CenterConfig::default(), &actions).unwrap();
    let reference = yours(mission(4).unwrap().reference_json, "reference.json");
    let on_reference =
        ContactCenter::replay(reference.flow.clone(), CenterConfig::default(), &actions).unwrap();
    assert_eq!(on_reference.interactions(), on_mission.interactions());
    assert_eq!(on_reference.history(), actions.as_slice());

    let broken = yours(
        &fixture("false-exit-to-play-message.json"),
        "false-exit-to-play-message.json",
    );
    let on_broken =
        ContactCenter::replay(broken.flow.clone(), CenterConfig::default(), &actions).unwrap();
    assert_eq!(on_mission.pending_callbacks().len(), 1);
    assert!(on_broken.pending_callbacks().is_empty());
    assert_eq!(on_broken.flow(), &broken.flow);
}

#[test]
fn results_are_kept_per_flow_and_old_progress_still_reads() {
    let ex = exercise("status-201").unwrap();
    let right = Answer::Expression(MISSION_CONDITION.into());
    let flow = yours(
        &fixture("false-exit-to-play-message.json"),
        "false-exit-to-play-message.json",
    );
    let mut progress = Progress::new();
    progress.record_on(&flow.id, check_on(&ex, &right, &flow));
    assert!(progress.is_passed_on(&flow.id, &ex));
    assert!(
        !progress.is_passed(&ex),
        "a pass on your flow is not a pass on the mission"
    );
    let other = FlowId::Yours {
        fingerprint: "another".into(),
        title: "your flow (other.json)".into(),
    };
    assert!(!progress.is_passed_on(&other, &ex));
    assert_eq!(progress.results_on(&other), None);
    progress.record_on(&FlowId::Mission, check_on(&ex, &right, &mission_choice()));
    assert!(progress.is_passed(&ex));

    let restored = Progress::from_json(&progress.to_json());
    assert_eq!(restored, progress);
    let stored = restored.results_on(&flow.id).unwrap();
    assert_eq!(
        stored["status-201"].last.flow.as_deref(),
        Some("your flow (false-exit-to-play-message.json)")
    );

    // Only the most recently checked flows are kept.
    for n in 0..20 {
        let id = FlowId::Yours {
            fingerprint: format!("f{n}"),
            title: format!("your flow ({n}.json)"),
        };
        progress.record_on(&id, check_on(&ex, &right, &flow));
    }
    assert_eq!(
        progress.your_flows.len(),
        callback_lab::sim::exercise::MAX_FLOWS_KEPT
    );
    assert_eq!(progress.your_flows[0].fingerprint, "f19");
    assert!(
        progress.is_passed(&ex),
        "the mission's results are never dropped"
    );

    // Progress and results stored before imported flows existed read as the mission's.
    let old_result = r#"{"version":1,"exercise":"status-201","exercise_version":1,"passed":true,
        "answer":{"kind":"expression","value":"x"},"summary":"Fixed.","cases":[],"explanation":null}"#;
    let old = format!(
        r#"{{"version":1,"results":{{"status-201":{{"exercise_version":1,"passed":true,"attempts":1,"last":{old_result}}}}}}}"#
    );
    let read = Progress::from_json(&old);
    assert!(read.is_passed(&ex));
    assert!(read.your_flows.is_empty());
    assert_eq!(read.results["status-201"].last.flow, None);
    // A mission-only progress is stored exactly as before.
    assert!(!Progress::new().to_json().contains("your_flows"));
}
