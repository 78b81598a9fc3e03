//! The simulator session (the Exercises page's state): restore with its version check, replay on
//! the flow it ran, apply, and its stored form as the storage registry keeps it. Property suites
//! run any list of actions and any stored text: never a panic, a replay gives the same center, a
//! refused action changes nothing.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::rc::Rc;

use callback_lab::flow_roles::yourflow::load;
use callback_lab::sim::{
    Action, ChosenFlow, FlowId, Session, SessionAction, StoredSession, MAX_STORED_ACTIONS,
    SESSION_VERSION,
};
use callback_lab::storage::{
    self as registry, ExerciseProgressKey, SimulatorSessionKey, EXERCISE_PROGRESS,
    SIMULATOR_SESSION,
};
use proptest::prelude::*;

fn imported(name: &str, text: &str) -> Rc<ChosenFlow> {
    Rc::new(ChosenFlow::yours(&load(text, Some(name.into())).unwrap()))
}

/// An imported flow that is not the mission's (imported once per thread: the properties run it
/// thousands of times).
fn broken_flow() -> Rc<ChosenFlow> {
    thread_local! {
        static BROKEN: Rc<ChosenFlow> = imported(
            "broken.json",
            &std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/inputs/flowcheck/false-exit-to-play-message.json"
            ))
            .unwrap(),
        );
    }
    BROKEN.with(Rc::clone)
}

#[test]
fn stored_data_of_any_shape_never_panics() {
    for text in [
        "",
        "null",
        "[]",
        "{}",
        r#"{"version":2,"actions":[]}"#,
        r#"{"version":1,"actions":[{"action":"nope"}]}"#,
        r#"{"version":1,"actions":[{"action":"press","call":18446744073709551615,"keys":"1"}]}"#,
        r#"{"version":1,"actions":[{"action":"advance-clock","ms":-9223372036854775808}]}"#,
    ] {
        let s = Session::restore(Some(text), None);
        assert!(s.notice.as_ref().is_some_and(|n| n.error), "{text}");
        assert!(s.center.is_ok());
        assert!(
            registry::decode::<ExerciseProgressKey>(EXERCISE_PROGRESS, text).is_err(),
            "{text}"
        );
    }
    let ok = serde_json::to_string(&serde_json::json!({
        "version": 1,
        "actions": [Action::PlaceCall { from: "+14085550123".into() }],
    }))
    .unwrap();
    let s = Session::restore(Some(&ok), None);
    assert!(s.notice.as_ref().is_some_and(|n| !n.error));
    assert_eq!(s.center.unwrap().interactions().len(), 1);
}

#[test]
fn a_session_on_your_flow_is_stored_with_it_and_replays_only_on_it() {
    let broken = broken_flow();
    let s = Session::new(None).apply(SessionAction::RunOn(broken.clone()));
    assert_eq!(s.flow_id(), broken.id);
    assert!(s.notice.as_ref().unwrap().text.starts_with(
        "The simulator restarted on your flow (broken.json): the clock, the agent, the calls"
    ));
    let s = s.apply(SessionAction::Do(Action::PlaceCall {
        from: "+14085550123".into(),
    }));
    let stored = s.to_json().unwrap();
    assert!(stored.contains(r#""flow":{"kind":"yours""#), "{stored}");

    // The same flow loaded: replayed on it.
    let back = Session::restore(Some(&stored), Some(broken.clone()));
    assert_eq!(back.flow_id(), broken.id);
    assert_eq!(back.center.as_ref().unwrap().interactions().len(), 1);
    let notice = back.notice.unwrap();
    assert!(!notice.error);
    assert!(
        notice.text.ends_with("on your flow (broken.json)."),
        "{}",
        notice.text
    );

    // Reset keeps the flow.
    let reset = Session::restore(Some(&stored), Some(broken.clone())).apply(SessionAction::Reset);
    assert_eq!(reset.flow_id(), broken.id);
    assert!(reset.center.unwrap().interactions().is_empty());

    // No flow loaded any more: a new session on the mission flow, saying why (not damage, so
    // nothing is set aside).
    let gone = Session::restore(Some(&stored), None);
    assert_eq!(gone.flow_id(), FlowId::Mission);
    assert!(!gone.notice.as_ref().unwrap().error);
    assert!(gone
        .notice
        .unwrap()
        .text
        .contains("ran your flow (broken.json), which is no longer loaded in the Condition lab"));

    // Another export loaded: a new session on that one.
    let other = imported(
        "other.json",
        callback_lab::flowcheck::mission(4).unwrap().reference_json,
    );
    let replaced = Session::restore(Some(&stored), Some(other.clone()));
    assert_eq!(replaced.flow_id(), other.id);
    assert!(replaced.center.unwrap().interactions().is_empty());

    // A mission session is stored exactly as before imported flows existed.
    let mission = Session::new(None).apply(SessionAction::Do(Action::AgentAvailable));
    assert!(!mission.to_json().unwrap().contains("flow"));
}

#[test]
fn the_registry_reads_what_the_session_stores_and_sets_aside_other_versions() {
    let s = Session::new(None)
        .apply(SessionAction::Do(Action::PlaceCall {
            from: "+14085550123".into(),
        }))
        .apply(SessionAction::Do(Action::AgentAvailable));
    let stored = s.stored().unwrap();
    let text = s.to_json().unwrap();
    assert_eq!(
        registry::decode::<SimulatorSessionKey>(SIMULATOR_SESSION, &text),
        Ok(stored.clone())
    );
    let restored = Session::restore_stored(Some(stored), None);
    assert_eq!(restored.center, s.center);
    // A newer version is the registry's to refuse; the model refuses it too when handed one.
    let newer = text.replace(
        &format!("\"version\":{SESSION_VERSION}"),
        &format!("\"version\":{}", SESSION_VERSION + 1),
    );
    assert!(registry::decode::<SimulatorSessionKey>(SIMULATOR_SESSION, &newer).is_err());
    let refused = Session::restore(Some(&newer), None);
    assert!(refused.notice.unwrap().text.contains("another version"));
}

#[test]
fn a_session_too_long_to_replay_starts_fresh() {
    let stored = StoredSession {
        version: SESSION_VERSION,
        actions: vec![Action::AgentAvailable; MAX_STORED_ACTIONS + 1],
        flow: FlowId::Mission,
    };
    let s = Session::restore_stored(Some(stored), None);
    assert!(s.notice.unwrap().error);
    assert!(s.center.unwrap().history().is_empty());
}

fn arb_action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::AgentAvailable),
        "[A-Za-z ]{0,8}".prop_map(|idle_code| Action::AgentNotAvailable { idle_code }),
        prop_oneof![
            Just("14085550123".to_string()),
            Just("+14085550100".to_string()),
            "[+0-9a]{0,14}"
        ]
        .prop_map(|from| Action::PlaceCall { from }),
        (
            0usize..4,
            prop_oneof![
                Just("1".to_string()),
                Just("2".to_string()),
                Just("14085267209".to_string()),
                "[0-9*#x]{0,12}"
            ]
        )
            .prop_map(|(call, keys)| Action::Press { call, keys }),
        (0usize..4).prop_map(|call| Action::HangUp { call }),
        Just(Action::AgentEndCall),
        prop_oneof![
            Just(-1i64),
            Just(0),
            Just(60_000),
            Just(15_000_001),
            Just(i64::MAX),
            any::<i64>()
        ]
        .prop_map(|ms| Action::AdvanceClock { ms }),
    ]
}

fn arb_session_action() -> impl Strategy<Value = SessionAction> {
    prop_oneof![
        12 => arb_action().prop_map(SessionAction::Do),
        1 => Just(SessionAction::Reset),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(support::cases(64)))]

    /// Whatever the attendee does, what is stored replays to the same center, on the same flow.
    #[test]
    fn a_stored_session_replays_to_the_same_center(actions in prop::collection::vec(arb_session_action(), 0..40)) {
        let mut s = Session::new(None);
        for action in actions {
            s = s.apply(action);
        }
        let text = s.to_json().unwrap();
        let back = Session::restore(Some(&text), None);
        prop_assert_eq!(&back.center, &s.center);
        prop_assert_eq!(back.flow_id(), s.flow_id());
        prop_assert!(back.notice.as_ref().is_none_or(|n| !n.error), "{:?}", back.notice);
    }

    /// An action that cannot be done says why and changes nothing; one that can is recorded.
    #[test]
    fn a_refused_action_changes_nothing(actions in prop::collection::vec(arb_action(), 1..30)) {
        let mut s = Session::new(None);
        for action in actions {
            let next = s.apply(SessionAction::Do(action));
            if next.revision == s.revision {
                prop_assert!(next.notice.as_ref().is_some_and(|n| n.error && n.text.starts_with("Not done: ")));
                prop_assert_eq!(&next.center, &s.center);
            } else {
                let before = s.center.as_ref().unwrap().history().len();
                prop_assert_eq!(next.center.as_ref().unwrap().history().len(), before + 1);
            }
            s = next;
        }
    }

    /// Any text under the session key restores without a panic: a running center, and a message
    /// whenever it was not replayed as it was.
    #[test]
    fn any_stored_text_restores(text in prop_oneof![
        "\\PC{0,120}",
        (any::<u32>(), prop::collection::vec(arb_action(), 0..20)).prop_map(|(version, actions)| {
            serde_json::json!({"version": version % 3, "actions": actions}).to_string()
        }),
    ]) {
        let s = Session::restore(Some(&text), None);
        prop_assert!(s.center.is_ok());
        if let Ok(stored) = serde_json::from_str::<StoredSession>(&text) {
            let replayed = s.center.as_ref().unwrap().history().len();
            prop_assert!(replayed == stored.actions.len() || s.notice.as_ref().is_some_and(|n| n.error));
        } else {
            prop_assert!(s.notice.as_ref().is_some_and(|n| n.error));
        }
    }

    /// On an imported flow too: stored with its flow, replayed only on that flow.
    #[test]
    fn a_session_on_your_flow_replays_on_it(actions in prop::collection::vec(arb_action(), 0..20)) {
        let yours = broken_flow();
        let mut s = Session::new(None).apply(SessionAction::RunOn(yours.clone()));
        for action in actions {
            s = s.apply(SessionAction::Do(action));
        }
        let text = s.to_json().unwrap();
        let back = Session::restore(Some(&text), Some(yours.clone()));
        prop_assert_eq!(&back.center, &s.center);
        prop_assert_eq!(back.flow_id(), yours.id.clone());
        let elsewhere = Session::restore(Some(&text), None);
        prop_assert_eq!(elsewhere.flow_id(), FlowId::Mission);
        prop_assert!(elsewhere.center.unwrap().history().is_empty());
    }
}
