//! README "Adding content", proven: a second mission folder written for the tests
//! (`tests/fixtures/missions/queue-closed-announcement/`, with a flow, samples, an exercise and
//! checks) and a guide-only one (`welcome-tour/`) read as missions, pass `flowlab check`, and run
//! with `flowlab run --mission`. The browser side (their guide route, the picker, "no flow yet") is
//! `tests/web_missions.rs`. The shipped content does not change for it.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use callback_lab::missions::{compiled, MissionErrorKind, Registry};

const FIXTURES: &str = "tests/fixtures/missions";
const SECOND: &str = "queue-closed-announcement";

fn flowlab(args: &[&str]) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = callback_lab::cli::main(&args, &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

fn fixtures() -> Registry {
    Registry::read_dir(Path::new(FIXTURES))
}

#[test]
fn the_folders_read_as_missions_beside_the_shipped_ones() {
    let extra = fixtures();
    assert!(extra.problems().is_empty(), "{:?}", extra.problems());
    let second = extra.find(SECOND).expect("the second mission");
    assert_eq!(second.number, Some(12), "from its title");
    assert_eq!(second.title, "Mission 12: Queue closed announcement");
    let lab = second.lab.as_ref().expect("it has a flow");
    assert_eq!(lab.settings.start, "HTTPRequest_QueueState");
    let samples: Vec<&str> = lab.samples.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(samples, ["closed", "open"]);
    assert_eq!(lab.exercises.len(), 1);
    assert!(lab.checks.is_some());
    let tour = extra.find("welcome-tour").expect("the guide-only mission");
    assert!(tour.lab.is_none());
    assert_eq!(tour.number, None);

    let all = compiled().clone().merged(extra.clone());
    assert!(all.problems().is_empty());
    for mission in compiled().missions().iter().chain(extra.missions()) {
        assert!(all.find(&mission.slug).is_some(), "{}", mission.slug);
    }
    // Numbered missions first, by number; a mission without a number last.
    assert_eq!(
        all.missions().last().map(|m| m.slug.as_str()),
        Some("welcome-tour")
    );
    assert_eq!(all.select("12").map(|m| m.slug.as_str()), Some(SECOND));
}

#[test]
fn flowlab_check_passes_both_folders() {
    let (code, out, err) = flowlab(&["check", FIXTURES]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out.lines().last(),
        Some("checked 2 files: 0 errors, 0 warnings"),
        "{out}"
    );
}

#[test]
fn flowlab_run_runs_the_second_mission_by_slug_and_by_number() {
    let closed = format!("{FIXTURES}/{SECOND}/samples/closed.json");
    let open = format!("{FIXTURES}/{SECOND}/samples/open.json");
    for (mission, response, exit) in [(SECOND, &closed, "true"), ("12", &open, "false")] {
        let (code, out, err) = flowlab(&[
            "run",
            "--content",
            FIXTURES,
            "--mission",
            mission,
            "--response",
            response,
            "--json",
        ]);
        assert_eq!(code, 0, "{err}");
        let report: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        assert_eq!(report["condition"]["exit"], exit, "{mission}");
        assert_eq!(report["condition"]["node"], "Condition_QueueClosed");
        assert_eq!(
            report["path"][0], "HTTPRequest_QueueState",
            "starts where mission.json says"
        );
    }
    // Several missions have a flow now: one must be named.
    let (code, _, err) = flowlab(&["run", "--content", FIXTURES, "--response", &closed]);
    assert_eq!(code, 2);
    assert!(err.contains("name one with --mission"), "{err}");
}

#[test]
fn a_guide_only_mission_has_no_flow_to_run() {
    let (code, _, err) = flowlab(&["run", "--content", FIXTURES, "--mission", "welcome-tour"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("mission `welcome-tour` has no flow yet"),
        "{err}"
    );
}

/// A copy of the second mission in a fresh temporary folder, changed by `edit`.
fn broken_copy(name: &str, edit: impl Fn(&Path)) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("flowlab-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let target = dir.join(SECOND);
    for sub in ["", "samples", "exercises"] {
        std::fs::create_dir_all(target.join(sub)).unwrap();
        let from = Path::new(FIXTURES).join(SECOND).join(sub);
        for entry in std::fs::read_dir(&from).unwrap().flatten() {
            if entry.path().is_file() {
                std::fs::copy(entry.path(), target.join(sub).join(entry.file_name())).unwrap();
            }
        }
    }
    edit(&target);
    dir
}

#[test]
fn a_broken_folder_is_reported_with_its_files_and_lines() {
    let dir = broken_copy("broken", |mission| {
        std::fs::remove_file(mission.join("samples/open.json")).unwrap();
        let settings = std::fs::read_to_string(mission.join("mission.json")).unwrap();
        std::fs::write(
            mission.join("mission.json"),
            settings.replace(
                "\"condition\": \"Condition_QueueClosed\"",
                "\"condition\": \"Condition_Nope\"",
            ),
        )
        .unwrap();
        std::fs::write(mission.join("checks.json"), "{\n  \"roles\": [,\n}").unwrap();
    });
    let registry = Registry::read_dir(&dir);
    let kinds: Vec<MissionErrorKind> = registry.problems().iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [
            MissionErrorKind::Inconsistent,
            MissionErrorKind::BadJson,
            MissionErrorKind::Missing
        ],
        "{:?}",
        registry.problems()
    );
    let (code, out, _) = flowlab(&["check", dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    let shown = dir.join(SECOND).display().to_string();
    for expected in [
        format!("{shown}/mission.json: error: lab `condition` is `Condition_Nope`, which is not a node of flow.json"),
        format!("{shown}/checks.json:2:13: error: the checks does not read: expected value"),
        format!("{shown}/samples/open.json: error: sample `open`: no such file (hint: put the response body in samples/)"),
    ] {
        assert!(out.contains(&expected), "{expected}\nin\n{out}");
    }
    let (code, _, err) = flowlab(&["run", "--content", dir.to_str().unwrap(), "--mission", "12"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("does not read as missions"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_checked_step_of_the_second_mission_is_an_anchor_of_its_guide() {
    let extra = fixtures();
    let mission = extra.find(SECOND).expect("read");
    let table = mission
        .lab
        .as_ref()
        .and_then(|l| l.checks.as_ref())
        .expect("checks");
    let anchors: Vec<&str> = mission
        .document
        .steps
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    for check in &table.checks {
        let step = format!("build-{}", check.step(&table.roles));
        assert!(anchors.contains(&step.as_str()), "{step} in {anchors:?}");
    }
}

#[test]
fn the_hints_say_a_missions_search_facts_only_for_that_mission() {
    use callback_lab::engine::FixedClock;
    use callback_lab::flow::{run, HintKind, PastedResponse};
    let status_hint = |lab: &callback_lab::missions::MissionLab| {
        let mut responder = PastedResponse::new(401, "{}".to_owned()).unwrap();
        let result = run(&lab.flow, &lab.run_input(), &mut responder, &FixedClock(0)).unwrap();
        result
            .hints
            .iter()
            .find(|h| h.kind == HintKind::HttpStatus)
            .map(|h| h.message.clone())
            .unwrap_or_default()
    };
    let extra = fixtures();
    let second = extra.find(SECOND).and_then(|m| m.lab.clone()).expect("lab");
    assert!(second.search.is_none());
    let said = status_hint(&second);
    assert!(
        said.starts_with("the API answered with status 401"),
        "{said}"
    );
    assert!(!said.contains("requires"), "{said}");
    for mission in compiled().missions() {
        let Some(lab) = &mission.lab else { continue };
        let Some(search) = lab.search else { continue };
        let said = status_hint(lab);
        assert!(
            said.contains(&format!(
                "the mission's Condition requires {}",
                search.condition_status
            )),
            "{said}"
        );
    }
}

#[test]
fn flowlab_export_flow_prints_the_second_missions_flow() {
    let (code, out, err) = flowlab(&["export-flow", "--content", FIXTURES, "--mission", SECOND]);
    assert_eq!(code, 0, "{err}");
    let extra = fixtures();
    let lab = extra.find(SECOND).and_then(|m| m.lab.clone()).expect("lab");
    let imported = callback_lab::flowcheck::import(&out).expect("an export the import reads");
    assert_eq!(imported.flow, lab.flow);
    let (code, _, err) = flowlab(&[
        "export-flow",
        "--content",
        FIXTURES,
        "--mission",
        "welcome-tour",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("no flow yet"), "{err}");
}
