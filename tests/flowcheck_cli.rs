//! `flowlab export-flow` and `flowlab check-flow`, in-process through the dispatcher.
#![cfg(not(target_arch = "wasm32"))]

use callback_lab::cli;

fn flowlab(args: &[&str]) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = cli::main(&args, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

fn input(name: &str) -> String {
    format!(
        "{}/tests/inputs/flowcheck/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn export_flow_prints_the_reference() {
    let (code, out, err) = flowlab(&["export-flow"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        callback_lab::flowcheck::mission(4).unwrap().reference_json
    );
    assert_eq!(flowlab(&["export-flow", "--bogus"]).0, 2);
    assert_eq!(flowlab(&["export-flow", "--help"]).0, 0);
}

#[test]
fn check_flow_on_the_exported_flow_matches() {
    let dir = std::env::temp_dir().join(format!("flowcheck-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("exported.json");
    std::fs::write(&file, flowlab(&["export-flow"]).1).unwrap();
    let (code, out, err) = flowlab(&["check-flow", file.to_str().unwrap(), "--mission", "4"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("matches mission 4 (0 notes)"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_flow_prints_findings_with_links_and_exits_1_on_errors() {
    let (code, out, _) = flowlab(&[
        "check-flow",
        &input("jsonpath-letter-case.json"),
        "--mission",
        "4",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("error: Build step 3: the Path Expression for callbackConnectTime is `…callbackconnecttime`; expected `…callbackConnectTime`"), "{out}");
    assert!(
        out.contains("see guide/preventing-callback-duplication#build-3"),
        "{out}"
    );
    assert!(
        out.contains("1 error and 0 notes against mission 4"),
        "{out}"
    );
}

#[test]
fn notes_only_exit_0() {
    let (code, out, _) = flowlab(&[
        "check-flow",
        &input("cosmetic-label.json"),
        "--mission",
        "4",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("note: Build step 6:"), "{out}");
}

#[test]
fn json_output() {
    let (code, out, _) = flowlab(&[
        "check-flow",
        "--json",
        &input("false-exit-to-play-message.json"),
        "--mission=4",
    ]);
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let f = &doc["findings"][0];
    assert_eq!(f["severity"], "error");
    assert_eq!(f["step"], "build-5");
    assert_eq!(f["anchor"], "guide/preventing-callback-duplication#build-5");
}

#[test]
fn unreadable_or_broken_files_exit_1_with_a_message() {
    let (code, _, err) = flowlab(&["check-flow", &input("does-not-exist.json")]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot read"), "{err}");
    let not_utf8 = format!(
        "{}/tests/inputs/flow/not-utf8.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let (code, _, err) = flowlab(&["check-flow", &not_utf8]);
    assert_eq!(code, 1);
    assert!(err.contains("not UTF-8"), "{err}");
    let not_json = format!(
        "{}/tests/inputs/flow/not-json.html",
        env!("CARGO_MANIFEST_DIR")
    );
    let (code, _, err) = flowlab(&["check-flow", &not_json]);
    assert_eq!(code, 1);
    assert!(err.contains("line 1, column 1"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(flowlab(&["check-flow"]).0, 2);
    assert_eq!(flowlab(&["check-flow", "a.json", "--mission", "x"]).0, 2);
    assert_eq!(flowlab(&["check-flow", "a.json", "--mission"]).0, 2);
    let (code, _, err) = flowlab(&[
        "check-flow",
        &input("cosmetic-label.json"),
        "--mission",
        "9",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("known: 4"), "{err}");
    assert_eq!(flowlab(&["check-flow", "a.json", "--nope"]).0, 2);
    assert_eq!(flowlab(&["check-flow", "a.json", "b.json"]).0, 2);
    assert_eq!(flowlab(&["check-flow", "--help"]).0, 0);
    let (_, out, _) = flowlab(&["--help"]);
    assert!(out.contains("export-flow") && out.contains("check-flow"));
}
