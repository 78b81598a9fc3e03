//! Parse settings (JSONPath) in the lab: selectors RFC 9535 rejects say which rule, the lab's own
//! hints for the usual slips still come, and the compliance fixes reach the lab's selections.

use callback_lab::flow::{CompiledPath, FlowError, Selection};
use serde_json::json;

fn rejected(path: &str) -> FlowError {
    match CompiledPath::compile(path) {
        Ok(_) => panic!("{path:?} compiled"),
        Err(e) => e,
    }
}

#[test]
fn ill_typed_functions_name_the_rfc_rule() {
    for (path, rule, position) in [
        (
            "$.data[?length(@.name)]",
            "RFC 9535, section 2.4.3",
            "position 9",
        ),
        (
            "$.data[?count(@.*)]",
            "RFC 9535, section 2.4.3",
            "position 9",
        ),
        (
            "$.data[?length(@.*) > 1]",
            "RFC 9535, sections 2.4.3 and 2.4.4",
            "position 16",
        ),
        (
            "$.data[?value('x') == 1]",
            "RFC 9535, sections 2.4.3 and 2.4.8",
            "position 15",
        ),
        (
            "$.data[?match(@..n, 'a')]",
            "RFC 9535, sections 2.4.3 and 2.4.6",
            "position 15",
        ),
    ] {
        let e = rejected(path);
        assert_eq!(e.message, format!("the JSONPath `{path}` does not parse"));
        let excerpt = e.excerpt.unwrap_or_default();
        assert!(excerpt.contains(rule), "{path}: {excerpt}");
        assert!(excerpt.ends_with(position), "{path}: {excerpt}");
    }
}

#[test]
fn the_labs_hints_for_usual_slips_stay() {
    for (path, hint) in [
        (
            "$.data.tasks.0",
            "an array index goes in brackets: `$.data.tasks[0]`",
        ),
        (
            "$.data[tasks]",
            "a name in brackets needs quotes: `$.data['tasks']`",
        ),
        (
            "$.data.task Details",
            "a name with spaces needs quotes and brackets: `$.data['task Details']`",
        ),
    ] {
        let e = rejected(path);
        let got = e.hint.unwrap_or_default();
        assert!(got.starts_with(hint), "{path}: {got}");
    }
    // Without `$`, as some real exports write parse settings: read from the root, not refused.
    let rooted = CompiledPath::compile("data.tasks").expect("a path without `$` compiles");
    assert_eq!(rooted.source(), "$.data.tasks");
}

#[test]
fn fixed_selectors_select_in_the_lab() {
    let body = json!({"tasks": [
        {"n": "Alpha", "tags": [1, 5]},
        {"n": "beta", "tags": [0]},
        {"n": "Ωmega", "tags": []},
    ]});
    let select = |path: &str| CompiledPath::compile(path).unwrap().apply(&body);
    // `^` anchors, `\p{Lu}` an upper-case letter (Unicode categories).
    assert_eq!(
        select("$.tasks[?search(@.n, '^\\\\p{Lu}')].n"),
        Selection::Many(json!(["Alpha", "Ωmega"]), 2)
    );
    assert_eq!(
        select("$.tasks[?match(@.n, 'b.*a$')].n"),
        Selection::One(json!("beta"))
    );
    // A filter nested on `@`.
    assert_eq!(
        select("$.tasks[?@.tags[?@ > 1]].n"),
        Selection::One(json!("Alpha"))
    );
    // Several selectors after `..`: node by node.
    assert_eq!(
        select("$..[?@.n]['n','tags']"),
        Selection::Many(json!(["Alpha", [1, 5], "beta", [0], "Ωmega", []]), 6)
    );
}

#[test]
fn a_hostile_pattern_is_too_expensive_not_a_freeze() {
    let body = json!({"tasks": [{"n": "a".repeat(1 << 20)}]});
    let hostile = format!("$.tasks[?search(@.n, '{}c')].n", "a?".repeat(600));
    let path = CompiledPath::compile(&hostile).unwrap();
    // The work is bounded (jsonpath-rust's MAX_REGEX_WORK steps), so this answers at once.
    match path.apply(&body) {
        Selection::TooExpensive(why) => assert!(why.contains("too expensive"), "{why}"),
        other => panic!("{other:?}"),
    }
    // A plain search over the same megabyte is within the limits.
    let plain = CompiledPath::compile("$.tasks[?search(@.n, 'b')].n").unwrap();
    assert_eq!(plain.apply(&body), Selection::Nothing { case_hint: None });
}
