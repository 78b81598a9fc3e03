//! Hostile flow files: very large, very many nodes, link cycles everywhere, wrong types. Each gives a
//! flow or a message (with its place in the file), never a panic. How long they take is measured by
//! `scripts/bench-large-flow.sh`, not here.
#![cfg(not(target_arch = "wasm32"))]

use callback_lab::engine::FixedClock;
use callback_lab::flow::model::{MAX_LINKS, MAX_NODES};
use callback_lab::flow::{import, run, FlowErrorKind, FlowSummary, Outcome, RunInput, Unreachable};
use callback_lab::flowcheck::{check_imported, mission};
use callback_lab::lab::picture::FlowPicture;

/// A real-shaped export with `nodes` menus, each linking its five exits to other menus (every node
/// on a cycle), and the start.
fn cyclic_export(nodes: usize, links_per_node: usize) -> String {
    let mut activities = vec![r#""s":{"id":"s","name":"NewPhoneContact","group":"start","properties":{"activityId":"start","activityName":"NewPhoneContact","event":"NewPhoneContact"}}"#.to_string()];
    let mut links = vec![format!(
        r#"{{"id":"ls","sourceActivityId":"s","targetActivityId":"a0","conditionExpr":"out","properties":{{"value":"out"}}}}"#
    )];
    let exits = ["1", "2", "3", "timeout", "invalid", "error"];
    for i in 0..nodes {
        activities.push(format!(
            r#""a{i}":{{"id":"a{i}","name":"Menu_{i}","group":"enum-gateway","properties":{{"activityName":"ivr-menu","menuLinks":["1","2","3"],"menuLinks_input":["a","b","c"]}}}}"#
        ));
        for (k, exit) in exits.iter().enumerate().take(links_per_node) {
            let to = (i * 7 + k * 13 + 1) % nodes;
            links.push(format!(
                r#"{{"id":"l{i}-{k}","sourceActivityId":"a{i}","targetActivityId":"a{to}","conditionExpr":"{exit}","properties":{{"value":"{exit}"}}}}"#
            ));
        }
    }
    format!(
        r#"{{"name":"Cycles","version":3,"variables":[],"process":{{"activities":{{{}}},"links":[{}]}}}}"#,
        activities.join(","),
        links.join(",")
    )
}

#[test]
fn a_fifty_megabyte_file_is_refused_by_its_size_with_a_message() {
    let huge = format!(
        "{{\"name\":\"x\",\"description\":\"{}\"}}",
        "x".repeat(50 * 1024 * 1024)
    );
    let e = import(&huge).unwrap_err();
    assert_eq!(e.kind, FlowErrorKind::TooLarge);
    assert!(e.message.contains("50.0 MB"), "{e}");
    assert!(e.hint.is_some());
}

#[test]
fn a_hundred_thousand_nodes_are_refused_with_the_limit() {
    // Small enough in bytes to be parsed, too many activities.
    let mut text = String::from(r#"{"process":{"activities":{"#);
    for i in 0..100_000 {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(r#""{i}":{{}}"#));
    }
    text.push_str("}}}");
    assert!(text.len() < 4 * 1024 * 1024);
    let e = import(&text).unwrap_err();
    assert_eq!(e.kind, FlowErrorKind::TooLarge);
    assert!(e.message.contains("100000 activities"), "{e}");
    assert!(e.message.contains(&MAX_NODES.to_string()));
    assert!(e.location.unwrap().contains("(process.activities)"));
}

#[test]
fn too_many_links_are_refused_with_the_limit() {
    let text = cyclic_export(1_999, 6);
    let e = import(&text).unwrap_err();
    assert_eq!(e.kind, FlowErrorKind::TooLarge);
    assert!(e.message.contains("11995 links"), "{e}");
    assert!(
        e.message
            .contains(&format!("at most {MAX_LINKS} are accepted")),
        "{e}"
    );
}

#[test]
fn a_flow_at_the_limits_with_cycles_everywhere_imports_runs_checks_and_lays_out() {
    let text = cyclic_export(MAX_NODES - 1, 5);
    let imported = import(&text).unwrap();
    let flow = &imported.flow;
    assert_eq!(flow.nodes.len(), MAX_NODES);
    assert_eq!(flow.links.len(), 1 + (MAX_NODES - 1) * 5);
    // A menu with no key: the run waits; with keys it goes round and stops at the cap or the loop.
    let keys: Vec<String> = std::iter::repeat_n("1".to_string(), 500).collect();
    let input = RunInput {
        inputs: keys,
        ..RunInput::default()
    };
    let r = run(flow, &input, &mut Unreachable, &FixedClock(0)).unwrap();
    assert!(matches!(
        r.outcome,
        Outcome::StepLimit { .. } | Outcome::Loop { .. }
    ));
    let findings = check_imported(&imported, mission(4).unwrap());
    assert!(!findings.is_empty());
    let picture = FlowPicture::of(flow);
    assert_eq!(picture.layout.nodes.len(), MAX_NODES);
    assert!(picture.layout.width.is_finite() && picture.layout.height.is_finite());
    assert!(FlowSummary::of(flow).unreachable.len() < MAX_NODES);
}

#[test]
fn every_exit_connected_twice_is_kept_once_and_the_notes_stay_short() {
    // Each menu's `1` exit connected twice: thousands of dropped links, a bounded list of notes.
    let mut text = cyclic_export(1_500, 2);
    text = text.replace("\"conditionExpr\":\"2\"", "\"conditionExpr\":\"1\"");
    let imported = import(&text).unwrap();
    assert_eq!(imported.dropped_links.len(), 1_500);
    assert!(imported.notes.len() <= 22, "{}", imported.notes.len());
    assert!(imported
        .notes
        .iter()
        .any(|n| n.contains("more exits are connected twice")));
    // Kept for export, at their places.
    let exported = callback_lab::flow::export(&imported.flow);
    let back: serde_json::Value = serde_json::from_str(&exported).unwrap();
    let original: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(back, original);
}

#[test]
fn wrong_types_anywhere_name_the_member_and_its_line() {
    let base = cyclic_export(3, 2);
    for (from, to, expected) in [
        (
            r#""variables":[]"#,
            r#""variables":"x""#,
            "`variables` is text; expected a list",
        ),
        (
            r#""group":"start""#,
            r#""group":["start"]"#,
            "`group` is a list; expected text",
        ),
        (
            r#""menuLinks":["1","2","3"]"#,
            r#""menuLinks":{"1":"a"}"#,
            "`menuLinks` is not a list",
        ),
        (
            r#""menuLinks_input":["a","b","c"]"#,
            r#""menuLinks_input":[{"x":1}]"#,
            "a `menuLinks_input` entry is not text",
        ),
        (
            r#""conditionExpr":"out""#,
            r#""conditionExpr":{"v":1}"#,
            "`conditionExpr` is an object",
        ),
        (
            r#""links":["#,
            r#""links":7,"x":["#,
            "`links` is a number; expected a list",
        ),
    ] {
        let text = base.replacen(from, to, 1);
        assert_ne!(text, base, "{from}");
        let e = import(&text).unwrap_err();
        assert!(e.message.contains(expected), "{expected}\n  got: {e}");
        assert!(
            e.location
                .as_deref()
                .unwrap_or("")
                .starts_with("line 1, column "),
            "{e}"
        );
    }
}
