//! Export → import gives the same model, the reference file is the export's output, and the
//! imported flow runs the mission's cases exactly as the canonical one.
#![cfg(not(target_arch = "wasm32"))]

use callback_lab::engine::FixedClock;
use callback_lab::flow::{mission_flow, mission_input, run, Flow, NodeKind, PastedResponse};
use callback_lab::flowcheck::{export, import, mission};

const NOW: i64 = 1_700_000_000_000;

fn body(name: &str) -> String {
    let path = format!("{}/tests/inputs/flow/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn export_then_import_is_the_same_model() {
    let flow = mission_flow().unwrap();
    let imported = import(&export(&flow)).unwrap();
    assert_eq!(imported.flow, flow);
    assert!(imported.notes.is_empty() && imported.dropped_links.is_empty());
    // And export is stable: exporting the imported flow gives the same text.
    assert_eq!(export(&imported.flow), export(&flow));
}

#[test]
fn the_reference_file_is_the_export_output() {
    let exported = export(&mission_flow().unwrap());
    assert_eq!(
        mission(4).unwrap().reference_json,
        exported,
        "content/missions/preventing-callback-duplication/reference.json drifted: regenerate it with `flowlab export-flow`"
    );
}

#[test]
fn what_if_edits_survive_the_round_trip() {
    let mut flow = mission_flow().unwrap();
    flow.set_condition_expression(None, "{{ callbackStatus == \"Not Processed\" }}")
        .unwrap();
    flow.set_parse_path(
        None,
        "callbackStatus",
        "$.data.taskDetails.tasks[1].callbackData.callbackStatus",
    )
    .unwrap();
    assert_eq!(import(&export(&flow)).unwrap().flow, flow);
}

fn run_case(flow: &Flow, status: i64, name: &str) -> callback_lab::flow::RunResult {
    let mut responder = PastedResponse::new(status, body(name)).unwrap();
    run(flow, &mission_input(), &mut responder, &FixedClock(NOW)).unwrap()
}

#[test]
fn the_imported_flow_runs_the_mission_cases_identically() {
    let canonical = mission_flow().unwrap();
    let imported = import(&export(&canonical)).unwrap().flow;
    for (status, name) in [
        (200, "pending.json"),
        (200, "pending-as-strings.json"),
        (200, "connected.json"),
        (200, "no-task.json"),
        (200, "two-tasks.json"),
        (200, "graphql-error.json"),
        (401, "unauthorized.json"),
        (200, "not-json.html"),
    ] {
        let a = run_case(&canonical, status, name);
        let b = run_case(&imported, status, name);
        assert_eq!(a, b, "{name}");
    }
    assert_eq!(run_case(&imported, 200, "pending.json").exit(), "true");
    assert_eq!(run_case(&imported, 200, "connected.json").exit(), "false");
}

#[test]
fn a_real_shaped_export_runs_the_mission_cases_like_the_canonical_flow() {
    let path = format!(
        "{}/tests/inputs/flowcheck/real-export-shape.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap();
    let imported = import(&text).unwrap().flow;
    let canonical = mission_flow().unwrap();
    for name in ["pending.json", "connected.json", "no-task.json"] {
        let a = run_case(&canonical, 200, name);
        let b = run_case(&imported, 200, name);
        assert_eq!(a.exit(), b.exit(), "{name}");
        assert_eq!(a.path(), b.path(), "{name}");
        assert_eq!(a.prompts, b.prompts, "{name}");
    }
    // The unknown activity is kept as an opaque node and exported back as it came.
    let node = imported
        .nodes
        .iter()
        .find(|n| n.label == "BusinessHours")
        .unwrap();
    assert!(matches!(&node.kind, NodeKind::Opaque(o) if o.activity_name == "business-hours"));
    let again = import(&export(&imported)).unwrap().flow;
    assert_eq!(again, imported);
}
