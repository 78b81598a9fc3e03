//! `flowlab run`, in-process through `callback_lab::cli::main` (native only).
#![cfg(not(target_arch = "wasm32"))]

use callback_lab::cli::main as flowlab;

fn input(name: &str) -> String {
    format!("{}/tests/inputs/flow/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn cli(args: &[&str]) -> (i32, String, String) {
    let args: Vec<String> = std::iter::once("run")
        .chain(args.iter().copied())
        .map(String::from)
        .collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = flowlab(&args, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).expect("utf-8 stdout"),
        String::from_utf8(err).expect("utf-8 stderr"),
    )
}

fn cli_json(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("--json");
    let (code, out, err) = cli(&all);
    assert_eq!(code, 0, "stderr: {err}");
    serde_json::from_str(&out).expect("stdout is one JSON object")
}

const NOW: &str = "1700000000000";

#[test]
fn human_output_has_one_line_per_step_then_the_outcome() {
    let (code, out, err) = cli(&["--response", &input("pending.json"), "--now", NOW]);
    assert_eq!(code, 0, "{err}");
    let numbered: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert_eq!(numbered.len(), 5, "{out}");
    assert!(
        numbered[0].contains("HTTPRequest_CallBackSearch")
            && numbered[0].contains("default → SetVariable_searchresult")
    );
    assert!(
        out.contains("callbackStatus: \"\" → \"Not Processed\""),
        "{out}"
    );
    assert!(
        out.contains("Outcome: Condition_CallbackPending → true"),
        "{out}"
    );
    assert!(
        out.contains("from 2023-11-14T18:03:20.000Z to 2023-11-14T22:13:20.000Z"),
        "{out}"
    );
}

#[test]
fn json_output_has_the_documented_fields() {
    let v = cli_json(&["--response", &input("pending.json"), "--now", NOW]);
    assert_eq!(v["exit"], "true");
    assert_eq!(v["path"][0], "HTTPRequest_CallBackSearch");
    assert_eq!(v["path"].as_array().unwrap().len(), 5);
    assert_eq!(v["variables"]["callbackStatus"], "Not Processed");
    assert_eq!(
        v["variables"]["HTTPRequest_CallBackSearch.httpStatusCode"],
        "200"
    );
    assert_eq!(v["variables"]["NewNumber.DigitsEntered"], "14085267209");
    assert!(v["request"]["query"]
        .as_str()
        .unwrap()
        .starts_with("query callbackSearch"));
    assert_eq!(v["request"]["variables"]["from"], "1699985000000");
    assert_eq!(v["request"]["variables"]["to"], NOW);
    assert!(v["steps"].as_array().unwrap().len() == 5);
    assert_eq!(v["steps"][0]["exit"], "default");
    assert!(v["steps"][0]["modified"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["name"] == "callbackConnectTime" && m["new"] == "-1"));
    assert!(v["hints"].as_array().unwrap().is_empty());
}

#[test]
fn status_var_expression_and_path_overrides() {
    let v = cli_json(&[
        "--response",
        &input("pending.json"),
        "--now",
        NOW,
        "--status",
        "401",
    ]);
    assert_eq!(v["exit"], "false");
    assert!(v["hints"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["kind"] == "http-status"));

    let v = cli_json(&[
        "--response",
        &input("pending.json"),
        "--now",
        NOW,
        "--var",
        "NewNumber.DigitsEntered=19995550000",
    ]);
    assert_eq!(
        v["request"]["variables"]["filter"]["and"][0]["callbackData"]["equals"]["callbackNumber"],
        "19995550000"
    );

    let v = cli_json(&[
        "--response",
        &input("pending.json"),
        "--now",
        NOW,
        "--expression",
        "{{ callbackStatus == \"Processed\" }}",
    ]);
    assert_eq!(v["exit"], "false");

    let v = cli_json(&[
        "--response",
        &input("pending.json"),
        "--now",
        NOW,
        "--path",
        "callbackStatus=$.data.taskDetails.tasks[0].callbackData.callbackstatus",
    ]);
    assert_eq!(v["exit"], "false");
    assert!(v["hints"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["kind"] == "letter-case"));
}

#[test]
fn bodies_that_are_not_json_still_run() {
    let v = cli_json(&[
        "--response",
        &input("not-json.html"),
        "--status",
        "502",
        "--now",
        NOW,
    ]);
    assert_eq!(v["exit"], "false");
    assert!(v["steps"][0]["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["message"].as_str().unwrap().contains("not JSON")));
}

#[test]
fn without_a_response_the_request_fails() {
    let (code, out, _) = cli(&["--now", NOW]);
    assert_eq!(code, 0);
    assert!(out.contains("no --response given"), "{out}");
    assert!(out.contains("error"), "{out}");
}

#[test]
fn unusable_inputs_exit_1() {
    let (code, _, err) = cli(&["--response", "/nonexistent/body.json"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot read the response"), "{err}");

    let (code, _, err) = cli(&["--response", &input("not-utf8.json")]);
    assert_eq!(code, 1);
    assert!(err.contains("not UTF-8"), "{err}");

    let (code, _, err) = cli(&[
        "--flow",
        &input("broken-link-flow.json"),
        "--response",
        &input("pending.json"),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("unknown activity `zz`"), "{err}");

    let (code, _, err) = cli(&["--response", &input("pending.json"), "--path", "nope=$.a"]);
    assert_eq!(code, 1);
    assert!(err.contains("nope"), "{err}");

    let (code, _, err) = cli(&["--response", &input("pending.json"), "--start", "Nowhere"]);
    assert_eq!(code, 1);
    assert!(err.contains("Nowhere"), "{err}");
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    for args in [
        &["--bogus"][..],
        &["--status"],
        &["--status", "abc"],
        &["--status", "99"],
        &["--var", "novalue"],
        &["--path", "=x"],
        &["--now", "soon"],
    ] {
        let (code, _, err) = cli(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("usage: flowlab run"), "{args:?}");
    }
    let (code, out, _) = cli(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("--response FILE|-"));
}

#[test]
fn the_flow_file_option_runs_that_flow() {
    let flow_path = format!(
        "{}/content/missions/preventing-callback-duplication/flow.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let v = cli_json(&[
        "--flow",
        &flow_path,
        "--response",
        &input("connected.json"),
        "--now",
        NOW,
    ]);
    assert_eq!(v["exit"], "false");
    assert_eq!(v["callbacks"][0]["number"], "14085267209");
}
