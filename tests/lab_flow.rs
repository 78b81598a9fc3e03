#![cfg(not(target_arch = "wasm32"))]
//! The Condition lab on the attendee's own flow: the reference export runs like the
//! mission; a broken export shows its finding and takes its own path; a bad file is a message and
//! changes nothing else; what-if edits apply to the flow that runs; the body is parsed once.

use callback_lab::flow::mission_flow;
use callback_lab::flowcheck::{export, mission, Severity};
use std::rc::Rc;

use callback_lab::lab::{yourflow, FlowChange, LabAction, LabInputs, LabState, Verdict, SAMPLES};

const NOW: i64 = 1_700_000_000_000;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/inputs/flowcheck/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn state() -> LabState {
    LabState::new(LabInputs::default(), None, NOW)
}

/// What the page does with an export: loaded, it runs (and goes to the app, which owns it);
/// refused, the lab says why and keeps its flow.
fn load(state: &LabState, text: String, name: &str) -> LabState {
    let action = match yourflow::load(&text, Some(name.to_string())) {
        Ok(flow) => LabAction::RunFlow {
            flow: Some(Rc::new(flow)),
            change: FlowChange::Loaded,
        },
        Err(error) => LabAction::FlowRefused(error),
    };
    state.apply(action, NOW)
}

fn back_to_mission(state: &LabState) -> LabState {
    state.apply(
        LabAction::RunFlow {
            flow: None,
            change: FlowChange::Mission,
        },
        NOW,
    )
}

#[test]
fn the_reference_export_runs_identically_to_the_mission_on_every_sample() {
    let reference = mission(4).unwrap().reference_json.to_string();
    let exported = export(&mission_flow().unwrap());
    for text in [reference, exported] {
        for sample in SAMPLES {
            let on_mission = state().apply(LabAction::LoadSample(sample.id.into()), NOW);
            let on_yours = load(&on_mission, text.clone(), "reference.json");
            let yours = on_yours.your_flow.as_ref().expect("loaded");
            assert!(
                yours.findings.iter().all(|f| f.severity == Severity::Note),
                "{:?}",
                yours.findings
            );
            assert_eq!(on_yours.flow_error, None);
            assert_eq!(
                on_yours.view.verdict, on_mission.view.verdict,
                "{}",
                sample.id
            );
            assert_eq!(on_yours.view.path, on_mission.view.path, "{}", sample.id);
            assert_eq!(on_yours.view.explanation, on_mission.view.explanation);
            assert_eq!(on_yours.view.next, on_mission.view.next);
            assert_eq!(on_yours.view.differences, 0);
            // Loading a flow does not parse the body again.
            assert_eq!(on_yours.parse_count, on_mission.parse_count);
        }
    }
}

#[test]
fn a_false_exit_wired_to_play_message_shows_its_finding_and_its_own_path() {
    let mission_run = state().apply(LabAction::LoadSample("already-connected".into()), NOW);
    assert_eq!(mission_run.view.verdict, Verdict::False);
    let next = mission_run.view.next.clone().expect("next");
    assert_eq!(next.label, "Callback");

    let yours = load(
        &mission_run,
        fixture("false-exit-to-play-message.json"),
        "false-exit-to-play-message.json",
    );
    let flow = yours.your_flow.as_ref().expect("loaded");
    assert_eq!(flow.title(), "your flow (false-exit-to-play-message.json)");
    assert_eq!(flow.errors(), 1);
    let finding = &flow.findings[0];
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.step, "build-5");
    assert!(
        finding
            .message
            .contains("the False exit goes to Play Message"),
        "{}",
        finding.message
    );
    assert_eq!(
        finding.anchor,
        "guide/preventing-callback-duplication#build-5"
    );
    // Same verdict, but the run goes where this flow's False exit goes.
    assert_eq!(yours.view.verdict, Verdict::False);
    assert_eq!(
        yours.view.next.as_ref().map(|n| n.label.as_str()),
        Some("PlayMessage_AlreadyScheduled")
    );
    assert_ne!(yours.view.path, mission_run.view.path);
    assert!(yours
        .notice
        .as_ref()
        .is_some_and(|n| n.text.contains("1 error")));

    // Back to the mission flow: the mission's run again.
    let back = back_to_mission(&yours);
    assert!(back.your_flow.is_none());
    assert_eq!(back.view.path, mission_run.view.path);
    assert_eq!(back.view.next, mission_run.view.next);
    assert_eq!(
        back.notice.map(|n| n.text).as_deref(),
        Some("The lab runs the mission flow again.")
    );
}

#[test]
fn every_broken_fixture_loads_or_is_refused_without_panicking() {
    let dir = format!("{}/tests/inputs/flowcheck", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    assert!(names.len() >= 10);
    for name in names {
        let s = load(&state(), fixture(&name), &name);
        match (&s.your_flow, &s.flow_error) {
            (Some(flow), None) => {
                assert!(!matches!(s.view.verdict, Verdict::Error(ref e) if e.is_empty()));
                for f in &flow.findings {
                    assert!(f.anchor.starts_with("guide/"), "{name}: {f:?}");
                    assert!(f.message.starts_with("Build step"), "{name}: {f:?}");
                }
            }
            (None, Some(e)) => assert!(!e.message.is_empty(), "{name}"),
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn malformed_text_is_a_message_with_line_and_column_and_changes_nothing_else() {
    let before = state()
        .apply(LabAction::LoadSample("already-connected".into()), NOW)
        .apply(LabAction::SetExpression("{{ true }}".into()), NOW);
    let cases = [
        ("{\n  \"name\": \"x\",\n  \"process\": {\n", "line"),
        ("{\"a\": 1,,}", "line 1, column"),
        ("", "empty"),
        ("[1, 2, 3]", ""),
        ("\"just a string\"", ""),
    ];
    for (text, expected) in cases {
        let after = load(&before, text.to_string(), "bad.json");
        let error = after
            .flow_error
            .as_ref()
            .unwrap_or_else(|| panic!("{text:?}"));
        assert!(
            error.text().contains(expected),
            "{text:?}: {}",
            error.text()
        );
        assert!(error.text().starts_with("“bad.json” was not loaded: "));
        assert!(after.your_flow.is_none());
        assert_eq!(after.inputs, before.inputs);
        assert_eq!(after.view, before.view);
        assert_eq!(after.notice, before.notice);
        assert_eq!(after.parse_count, before.parse_count);
    }
    // A syntax error has its position and the line with a caret.
    let after = load(&before, "{\n  \"name\": x\n}".into(), "bad.json");
    let error = after.flow_error.unwrap();
    assert_eq!(error.location.as_deref(), Some("line 2, column 11"));
    assert!(error.excerpt.unwrap_or_default().contains('^'));

    // A huge file: refused with its size, no panic.
    let huge = format!("{{\"name\": \"{}\"}}", "x".repeat(40 * 1024 * 1024));
    let after = load(&before, huge, "huge.json");
    assert!(after.flow_error.unwrap().text().contains("MB"));

    // A refused file keeps an imported flow running.
    let yours = load(
        &before,
        fixture("false-exit-to-play-message.json"),
        "f.json",
    );
    let still = load(&yours, "nope".into(), "bad.json");
    assert!(still.your_flow.is_some());
    assert_eq!(still.view, yours.view);
    // A good load clears the error.
    let good = load(&still, fixture("cosmetic-label.json"), "c.json");
    assert!(good.flow_error.is_none());
}

#[test]
fn what_if_edits_apply_to_the_imported_flow_and_reset_to_it() {
    let s = state().apply(LabAction::LoadSample("pending-callback".into()), NOW);
    let yours = load(&s, fixture("false-exit-to-play-message.json"), "f.json");
    assert_eq!(yours.view.verdict, Verdict::True);
    assert_eq!(yours.view.differences, 0);
    let edited = yours.apply(LabAction::SetExpression("{{ false }}".into()), NOW);
    assert_eq!(edited.view.verdict, Verdict::False);
    assert_eq!(edited.view.differences, 1);
    assert!(edited.your_flow.is_some());
    // This flow's False exit goes to Play Message.
    assert_eq!(
        edited.view.next.as_ref().map(|n| n.label.as_str()),
        Some("PlayMessage_AlreadyScheduled")
    );
    let reset = edited.apply(LabAction::ResetToMission, NOW);
    assert_eq!(reset.view.verdict, Verdict::True);
    assert_eq!(reset.view.differences, 0);
    assert!(reset.your_flow.is_some());

    // Loading a flow starts the what-if from that flow's settings.
    let fresh = load(&edited, fixture("jsonpath-letter-case.json"), "j.json");
    let flow = fresh.your_flow.as_ref().unwrap();
    assert_eq!(fresh.inputs.expression, flow.lab.expression);
    assert_eq!(fresh.inputs.paths, flow.lab.paths);
    assert_eq!(fresh.view.differences, 0);
    assert!(fresh
        .view
        .paths
        .iter()
        .any(|p| p.path.contains("callbackconnecttime")));
}

#[test]
fn the_imported_flow_is_kept_in_the_saved_state_and_restored() {
    use callback_lab::lab::saved;
    let s = state().apply(LabAction::LoadSample("already-connected".into()), NOW);
    let yours = load(&s, fixture("false-exit-to-play-message.json"), "f.json")
        .apply(LabAction::SetExpression("{{ true }}".into()), NOW);
    let text = saved::to_json(&yours.inputs);
    assert!(text.contains("\"version\": 1"));
    let restored = LabState::new(saved::from_json(&text).unwrap(), None, NOW);
    let flow = restored.your_flow.as_ref().expect("restored flow");
    assert_eq!(flow.title(), "your flow (f.json)");
    assert_eq!(flow.errors(), 1);
    assert_eq!(restored.view, yours.view);
    assert_eq!(restored.inputs, yours.inputs);
    assert_eq!(restored.parse_count, 1);

    // Back to the mission: nothing about the flow is saved any more.
    let back = back_to_mission(&yours);
    assert!(!saved::to_json(&back.inputs).contains("\"flow\""));

    // Importing a case without a flow runs the mission again.
    let replaced = yours.apply(
        LabAction::Replace {
            inputs: Box::new(LabInputs::default()),
            flow: None,
            notice: None,
        },
        NOW,
    );
    assert!(replaced.your_flow.is_none());
    assert_eq!(replaced.view.differences, 0);
}

#[test]
fn a_saved_flow_that_does_not_read_is_dropped_with_a_message_not_an_error() {
    use callback_lab::lab::saved;
    // A wrong type: the rest of the state still reads.
    let text = r#"{"format": "callback-lab/condition-lab", "version": 1,
        "inputs": {"status": "500", "flow": 5}}"#;
    let inputs = saved::from_json(text).unwrap();
    assert_eq!(inputs.status, "500");
    assert_eq!(inputs.flow, None);
    // A flow text that no longer imports: the mission runs, and the notice says why.
    let text = r#"{"format": "callback-lab/condition-lab", "version": 1,
        "inputs": {"flow": {"name": "old.json", "text": "{ nope"}}}"#;
    let restored = LabState::new(saved::from_json(text).unwrap(), None, NOW);
    assert!(restored.your_flow.is_none());
    assert_eq!(restored.inputs.flow, None);
    let notice = restored.notice.expect("notice");
    assert!(notice.error);
    assert!(
        notice
            .text
            .starts_with("“old.json” was not loaded: line 1, column"),
        "{}",
        notice.text
    );
    assert!(notice.text.ends_with("The lab runs the mission flow."));
    assert_eq!(restored.view.verdict, Verdict::True);
}

#[test]
fn the_shared_flow_runs_as_given_whatever_flow_the_saved_inputs_name() {
    let s = state().apply(LabAction::LoadSample("already-connected".into()), NOW);
    let on_broken = load(&s, fixture("false-exit-to-play-message.json"), "f.json");
    let shared = Rc::new(
        yourflow::load(
            &fixture("false-exit-to-play-message.json"),
            Some("f.json".into()),
        )
        .unwrap(),
    );
    // The saved inputs of an older version still name another flow: the shared one runs.
    let mut inputs = s.inputs.clone();
    inputs.flow = Some(
        yourflow::load(&fixture("cosmetic-label.json"), Some("old.json".into()))
            .unwrap()
            .source(),
    );
    let restored = LabState::with_flow(inputs, Some(Rc::clone(&shared)), None, NOW);
    assert!(Rc::ptr_eq(restored.your_flow.as_ref().unwrap(), &shared));
    assert_eq!(restored.inputs.flow, Some(shared.source()));
    assert_eq!(restored.view, on_broken.view);
    // No shared flow: the mission runs, the inputs name none.
    let mission = LabState::with_flow(restored.inputs.clone(), None, None, NOW);
    assert!(mission.your_flow.is_none() && mission.inputs.flow.is_none());
    assert_eq!(mission.view, s.view);
}

#[test]
fn a_flow_changed_elsewhere_is_followed_without_resetting_the_what_if() {
    let s = state()
        .apply(LabAction::LoadSample("pending-callback".into()), NOW)
        .apply(LabAction::SetExpression("{{ false }}".into()), NOW);
    let flow = Rc::new(
        yourflow::load(
            &fixture("false-exit-to-play-message.json"),
            Some("f.json".into()),
        )
        .unwrap(),
    );
    let followed = s.apply(
        LabAction::RunFlow {
            flow: Some(Rc::clone(&flow)),
            change: FlowChange::Followed,
        },
        NOW,
    );
    // The app's flow, the same allocation: the lab holds it, it does not own a copy.
    assert!(Rc::ptr_eq(followed.your_flow.as_ref().unwrap(), &flow));
    assert_eq!(followed.inputs.flow, Some(flow.source()));
    assert_eq!(followed.inputs.expression, "{{ false }}");
    assert_eq!(followed.notice, s.notice);
    assert_eq!(followed.view.verdict, Verdict::False);
    // The body is not parsed again.
    assert_eq!(followed.parse_count, s.parse_count);
}
