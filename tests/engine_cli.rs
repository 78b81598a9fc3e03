//! `flowlab eval`, tested in-process through `callback_lab::cli::main`.
#![cfg(not(target_arch = "wasm32"))]

use callback_lab::cli;

const CONDITION: &str = r#"{{ callbackConnectTime == "-1" ? (callbackStatus == "Not Processed" ? (HTTPRequest_CallBackSearch.httpStatusCode == 200 ? "true" : "false") : "false") : "false" }}"#;

fn run(args: &[&str]) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = cli::main(&args, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

fn vars_file(name: &str, json: &str) -> String {
    let dir = std::env::temp_dir().join(format!("engine-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, json).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn renders_text_with_a_newline() {
    assert_eq!(
        run(&["eval", "--var", "who=World", "Hello {{ who }}!"]),
        (0, "Hello World!\n".into(), String::new())
    );
    assert_eq!(
        run(&["eval", "{{ 1 + 2 }}"]),
        (0, "3\n".into(), String::new())
    );
    assert_eq!(run(&["eval", "--var=x=a=b", "{{ x }}"]).1, "a=b\n");
    assert_eq!(run(&["eval", "--", "--not-a-flag"]).1, "--not-a-flag\n");
}

#[test]
fn mission_condition_with_a_vars_file() {
    let f = vars_file(
        "true.json",
        r#"{"callbackConnectTime": "-1", "callbackStatus": "Not Processed", "HTTPRequest_CallBackSearch.httpStatusCode": 200}"#,
    );
    assert_eq!(
        run(&["eval", "--vars", &f, CONDITION]),
        (0, "true\n".into(), String::new())
    );
    // --var sets STRING variables: "200" is not the number 200, and a warning says so.
    let (code, out, err) = run(&[
        "eval",
        "--var",
        "callbackConnectTime=-1",
        "--var",
        "callbackStatus=Not Processed",
        "--var",
        "HTTPRequest_CallBackSearch.httpStatusCode=200",
        CONDITION,
    ]);
    assert_eq!((code, out.as_str()), (0, "false\n"));
    assert!(err.contains("warning[string-number-comparison]"), "{err}");
    // Later flags win: --var after --vars overrides.
    let (_, out, _) = run(&[
        "eval",
        "--vars",
        &f,
        "--var",
        "callbackStatus=Done",
        CONDITION,
    ]);
    assert_eq!(out, "false\n");
}

#[test]
fn vars_file_types() {
    let f = vars_file(
        "types.json",
        r#"{"i": 200, "d": 2.5, "b": true, "s": "x", "j": {"a": [1, 2]}, "n": null, "a.b": 1}"#,
    );
    let (code, out, _) = run(&[
        "eval", "--vars", &f,
        "{{ i == 200 }} {{ d * 2 }} {{ b and true }} {{ s }} {{ j.a[1] }} {{ n is null }} {{ a.b }}",
    ]);
    assert_eq!((code, out.as_str()), (0, "true 5.0 true x 2 true 1\n"));
}

#[test]
fn now_flag_fixes_the_clock() {
    assert_eq!(
        run(&[
            "eval",
            "--now",
            "1717243200000",
            "{{ now() | epoch(inMillis=true) - 15000000 }}"
        ])
        .1,
        "1717228200000\n"
    );
}

#[test]
fn json_output() {
    let (code, out, _) = run(&[
        "eval",
        "--json",
        "--var",
        "s=Not Processed",
        "{{ s == \"Not Processed\" }}",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let obj = v.as_object().unwrap();
    // `warnings` was added beside the original fields.
    assert_eq!(
        obj.keys().collect::<Vec<_>>(),
        vec!["output", "trace", "warnings"]
    );
    assert_eq!(v["warnings"], serde_json::json!([]));
    assert_eq!(v["output"], "true");
    let trace = v["trace"].as_array().unwrap();
    assert_eq!(trace[0]["event"], "variable");
    assert_eq!(trace[1]["event"], "compare");
    assert_eq!(trace[1]["op"], "==");
    assert_eq!(
        trace[1]["left"],
        serde_json::json!({"type": "String", "value": "Not Processed"})
    );
    assert_eq!(trace[1]["result"], true);
    assert_eq!(out.lines().count(), 1);
}

#[test]
fn json_error_output() {
    let (code, out, _) = run(&[
        "eval",
        "--json",
        "--var",
        "callbackStatus=x",
        "{{ callbackStatus | uper }}",
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v.as_object().unwrap().keys().collect::<Vec<_>>(),
        vec!["error"]
    );
    let e = &v["error"];
    let mut keys: Vec<_> = e.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(keys, vec!["column", "hint", "line", "message"]);
    assert_eq!(e["message"], "unknown filter `uper`");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(1), Some(21))
    );
    assert_eq!(e["hint"], "did you mean `upper`?");
}

#[test]
fn unknown_variable_prints_empty_with_a_warning_and_strict_exits_1() {
    let args = ["eval", "--var", "callbackStatus=x", "[{{ callbackStatu }}]"];
    let (code, out, err) = run(&args);
    assert_eq!((code, out.as_str()), (0, "[]\n"));
    assert!(err.contains("unknown variable `callbackStatu`"), "{err}");
    assert!(err.contains("did you mean `callbackStatus`?"), "{err}");
    let mut strict = args.to_vec();
    strict.insert(1, "--strict");
    let (code, out, err) = run(&strict);
    assert_eq!((code, out.as_str()), (1, "[]\n"));
    assert!(err.contains("--strict"), "{err}");
    // Known variables only: --strict changes nothing.
    let (code, _, _) = run(&["eval", "--strict", "--var", "a=1", "{{ a }}"]);
    assert_eq!(code, 0);
    let (code, out, _) = run(&["eval", "--json", "{{ nope }}"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["output"], "");
    assert_eq!(v["warnings"][0]["kind"], "unknown-variable");
    assert_eq!(v["warnings"][0]["line"], 1);
}

#[test]
fn java_methods_tags_and_date_as_the_readme_shows() {
    let (code, out, _) = run(&[
        "eval",
        "--var",
        "NewPhoneContact.ANI=+14085551234",
        "{{ NewPhoneContact.ANI.substring(2, 5) }} {{ NewPhoneContact.ANI.length }}",
    ]);
    assert_eq!((code, out.as_str()), (0, "408 12\n"));
    let (code, out, _) = run(&[
        "eval",
        "--vars",
        &vars_file(
            "readme-tasks.json",
            r#"{"tasks": [{"status": "Not Processed"}, {"status": "Done"}]}"#,
        ),
        "{% for t in tasks %}{{ loop.index }}:{{ t.status }}{% if not loop.last %}, {% endif %}{% endfor %}",
    ]);
    assert_eq!((code, out.as_str()), (0, "0:Not Processed, 1:Done\n"));
    let (code, out, _) = run(&[
        "eval",
        "--now",
        "1717243200000",
        "{{ now() | date('EEE d MMM yyyy HH:mm', timeZone='Europe/Paris') }}",
    ]);
    assert_eq!((code, out.as_str()), (0, "Sat 1 Jun 2024 14:00\n"));
}

#[test]
fn expression_error_is_rendered_on_stderr_with_exit_1() {
    let (code, out, err) = run(&["eval", "{{ a = 1 }}"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        "error[assign-instead-of-equals]: `=` is not a comparison\n --> line 1, column 6\n  |\n1 | {{ a = 1 }}\n  |      ^\n  = hint: use `==` to compare: `a == …`\n"
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["eval"],
        vec!["eval", "--bogus", "x"],
        vec!["eval", "--var"],
        vec!["eval", "--var", "novalue", "x"],
        vec!["eval", "--var", "=x", "x"],
        vec!["eval", "--now", "yesterday", "x"],
        vec!["eval", "--now"],
        vec!["eval", "a", "b"],
    ] {
        let (code, out, err) = run(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty(), "{args:?}");
        assert!(err.contains("usage: flowlab eval"), "{args:?}: {err}");
    }
    let (code, out, _) = run(&["eval", "--help"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("usage: flowlab eval"));
}

#[test]
fn bad_vars_file_is_an_input_error() {
    let (code, _, err) = run(&["eval", "--vars", "/nonexistent/vars.json", "x"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot read"), "{err}");
    let f = vars_file("bad.json", "{\"a\": }");
    let (code, out, _) = run(&["eval", "--json", "--vars", &f, "x"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["error"]["line"], 1);
    let f = vars_file("array.json", "[1]");
    let (code, _, err) = run(&["eval", "--vars", &f, "x"]);
    assert_eq!(code, 1);
    assert!(err.contains("JSON object"), "{err}");
}
