//! The exercises: every file loads, the given text fails, the guide's answer passes, a constant
//! answer fails, predictions agree with the engine, scenarios are checked on the simulator.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use callback_lab::flow::{mission_flow, NodeKind};
use callback_lab::sim::exercise::{ExerciseKind, Progress, EXERCISE_FILES};
use callback_lab::sim::{all_exercises, check, exercise, Action, Answer, ExerciseResult};
use proptest::prelude::*;

const MISSION_CONDITION: &str = r#"{{ callbackConnectTime == "-1" ? (callbackStatus == "Not Processed" ? (HTTPRequest_CallBackSearch.httpStatusCode == 200 ? "true" : "false") : "false") : "false" }}"#;

fn guide_path(variable: &str) -> String {
    let flow = mission_flow().unwrap();
    flow.nodes
        .iter()
        .find_map(|n| match &n.kind {
            NodeKind::HttpRequest(h) => h
                .parse_settings
                .iter()
                .find(|s| s.variable == variable)
                .map(|s| s.path.clone()),
            _ => None,
        })
        .unwrap()
}

fn call(keys_after_offer: &[&str]) -> Vec<Action> {
    let mut actions = vec![Action::PlaceCall {
        from: "14085550123".into(),
    }];
    for k in keys_after_offer {
        actions.push(Action::Press {
            call: 0, // patched below
            keys: k.to_string(),
        });
    }
    actions
}

/// Actions for `n` callback requests in a row, numbering the calls from `first`.
fn callback_calls(first: usize, n: usize) -> Vec<Action> {
    let mut out = Vec::new();
    for c in first..first + n {
        for mut a in call(&["1", "14085267209", "1"]) {
            if let Action::Press { call, .. } = &mut a {
                *call = c;
            }
            out.push(a);
        }
    }
    out
}

#[test]
fn every_file_loads_with_a_unique_id_matching_its_name() {
    let all = all_exercises().unwrap_or_else(|e| panic!("{e:?}"));
    assert!(all.len() >= 6);
    assert_eq!(all.len(), EXERCISE_FILES.len());
    for (ex, (file, _)) in all.iter().zip(EXERCISE_FILES) {
        assert!(
            file.ends_with(&format!("-{}.json", ex.id)),
            "{file} holds {}",
            ex.id
        );
        assert_eq!(all.iter().filter(|e| e.id == ex.id).count(), 1);
        assert!(!ex.prompt.is_empty() && !ex.explanation.is_empty());
    }
    // Every file in the folder is listed.
    let dir = format!(
        "{}/content/missions/preventing-callback-duplication/exercises",
        env!("CARGO_MANIFEST_DIR")
    );
    let on_disk = std::fs::read_dir(dir).unwrap().count();
    assert_eq!(on_disk, EXERCISE_FILES.len());
    for kind in [
        ExerciseKind::FixExpression,
        ExerciseKind::FixPath,
        ExerciseKind::PredictExit,
        ExerciseKind::Scenario,
    ] {
        assert!(all.iter().any(|e| e.kind == kind), "{kind:?}");
    }
}

#[test]
fn fix_exercises_fail_as_given_pass_with_the_guide_and_refuse_constants() {
    for ex in all_exercises().unwrap() {
        let (given, right, constant) = match ex.kind {
            ExerciseKind::FixExpression => (
                Answer::Expression(ex.given.clone()),
                Answer::Expression(MISSION_CONDITION.into()),
                Answer::Expression(r#"{{ "true" }}"#.into()),
            ),
            ExerciseKind::FixPath => {
                let variable = ex.variable.clone().unwrap();
                (
                    Answer::Path(ex.given.clone()),
                    Answer::Path(guide_path(&variable)),
                    Answer::Path("$.data".into()),
                )
            }
            _ => continue,
        };
        let r = check(&ex, &given);
        assert!(!r.passed, "{}: the given text passes: {r:#?}", ex.id);
        assert!(r.cases.iter().any(|c| !c.passed && !c.reason.is_empty()));
        assert!(r.explanation.is_none());
        let r = check(&ex, &right);
        assert!(r.passed, "{}: the guide's answer fails: {r:#?}", ex.id);
        assert!(r.explanation.is_some());
        assert!(!check(&ex, &constant).passed, "{}", ex.id);
    }
}

#[test]
fn the_curly_quote_exercise_explains_the_error_exit() {
    let ex = exercise("curly-quotes").unwrap();
    let r = check(&ex, &Answer::Expression(ex.given.clone()));
    let first = &r.cases[0];
    assert_eq!(
        (first.expected.as_str(), first.got.as_str()),
        ("true", "error")
    );
    assert!(first.reason.contains("quote"), "{}", first.reason);
}

#[test]
fn predictions_agree_with_the_engine() {
    for ex in all_exercises().unwrap() {
        if ex.kind != ExerciseKind::PredictExit {
            continue;
        }
        let expected = ex.cases[0].exit.clone();
        let r = check(&ex, &Answer::Choice(expected.to_uppercase()));
        assert!(r.passed, "{}: {r:#?}", ex.id);
        for choice in &ex.choices {
            if *choice != expected {
                let r = check(&ex, &Answer::Choice(choice.clone()));
                assert!(!r.passed, "{}", ex.id);
                assert!(r.summary.contains(&expected));
                assert!(r.explanation.is_some());
            }
        }
    }
}

#[test]
fn the_second_call_scenario() {
    let ex = exercise("second-call-duplicate").unwrap();
    let right = callback_calls(1, 2);
    let r = check(&ex, &Answer::Actions(right));
    assert!(r.passed, "{r:#?}");

    // One call only; or an Available agent who takes the second call.
    let r = check(&ex, &Answer::Actions(callback_calls(1, 1)));
    assert!(!r.passed);
    assert!(r.summary.contains("1 call"), "{}", r.summary);
    let mut agent_available = callback_calls(1, 1);
    agent_available.push(Action::AgentAvailable);
    agent_available.push(Action::AgentEndCall);
    agent_available.extend(callback_calls(3, 1));
    let r = check(&ex, &Answer::Actions(agent_available));
    assert!(!r.passed, "{r:#?}");

    // An action that cannot be done says which.
    let r = check(
        &ex,
        &Answer::Actions(vec![Action::Press {
            call: 4,
            keys: "1".into(),
        }]),
    );
    assert!(
        r.summary.starts_with("action 1 cannot be done"),
        "{}",
        r.summary
    );
}

#[test]
fn the_window_scenario() {
    let ex = exercise("window").unwrap();
    assert!(!check(&ex, &Answer::Actions(callback_calls(1, 2))).passed);
    let mut actions = callback_calls(1, 1);
    actions.push(Action::AdvanceClock { ms: 15_000_001 });
    actions.extend(callback_calls(2, 1));
    let r = check(&ex, &Answer::Actions(actions));
    assert!(r.passed, "{r:#?}");
    assert!(r.summary.contains("2 callbacks to 14085267209"));
}

#[test]
fn a_wrong_kind_of_answer_is_a_failed_result() {
    let ex = exercise("curly-quotes").unwrap();
    let r = check(&ex, &Answer::Choice("true".into()));
    assert!(!r.passed);
    assert!(r.summary.contains("takes an expression"));
    let ex = exercise("path-letter-case").unwrap();
    let r = check(&ex, &Answer::Path("$[".into()));
    assert!(!r.passed);
}

#[test]
fn results_and_progress_are_stored_versioned() {
    let ex = exercise("status-201").unwrap();
    let wrong = check(&ex, &Answer::Expression(ex.given.clone()));
    let right = check(&ex, &Answer::Expression(MISSION_CONDITION.into()));
    let text = serde_json::to_string(&right).unwrap();
    assert!(text.contains("\"version\":1"));
    let back: ExerciseResult = serde_json::from_str(&text).unwrap();
    assert_eq!(back, right);

    let mut progress = Progress::new();
    progress.record(wrong);
    assert!(!progress.is_passed(&ex));
    progress.record(right);
    assert!(progress.is_passed(&ex));
    let stored = progress.to_json();
    let restored = Progress::from_json(&stored);
    assert_eq!(restored, progress);
    assert_eq!(restored.results["status-201"].attempts, 2);
    // A newer exercise version does not count an old pass.
    let mut newer = ex.clone();
    newer.version += 1;
    assert!(!restored.is_passed(&newer));
    // Garbage or another version starts afresh.
    assert_eq!(Progress::from_json("{oops"), Progress::new());
    assert_eq!(
        Progress::from_json(r#"{"version":99,"results":{}}"#),
        Progress::new()
    );
}

fn arb_action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::AgentAvailable),
        "[A-Za-z ]{0,8}".prop_map(|idle_code| Action::AgentNotAvailable { idle_code }),
        "[+0-9a]{0,14}".prop_map(|from| Action::PlaceCall { from }),
        (0usize..5, "[0-9*#x]{0,12}").prop_map(|(call, keys)| Action::Press { call, keys }),
        (0usize..5).prop_map(|call| Action::HangUp { call }),
        Just(Action::AgentEndCall),
        prop_oneof![
            Just(-1i64),
            Just(0),
            Just(1),
            Just(15_000_001),
            Just(i64::MAX),
            any::<i64>()
        ]
        .prop_map(|ms| Action::AdvanceClock { ms }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(support::cases(64)))]

    #[test]
    fn arbitrary_answers_never_panic(text in "\\PC{0,80}", actions in prop::collection::vec(arb_action(), 0..30)) {
        for ex in all_exercises().unwrap() {
            let answer = match ex.kind {
                ExerciseKind::FixExpression => Answer::Expression(text.clone()),
                ExerciseKind::FixPath => Answer::Path(text.clone()),
                ExerciseKind::PredictExit => Answer::Choice(text.clone()),
                ExerciseKind::Scenario => Answer::Actions(actions.clone()),
            };
            let r = check(&ex, &answer);
            prop_assert!(!r.summary.is_empty());
        }
    }

    #[test]
    fn arbitrary_sessions_never_panic(actions in prop::collection::vec(arb_action(), 0..40)) {
        let mut cc = callback_lab::sim::ContactCenter::mission().unwrap();
        for a in actions {
            let before = cc.clone();
            if cc.apply(a).is_err() {
                prop_assert_eq!(&cc, &before);
            }
        }
        let _ = cc.visit_counts();
        prop_assert!(serde_json::to_string(&cc).is_ok());
    }
}
