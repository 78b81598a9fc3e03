//! Tables of cases per operator and rule of the expression language (domain notes, "The expression
//! language" and "Flow Designer semantics"). Each row: template, expected output or error kind.
#![cfg(not(target_arch = "wasm32"))]

use callback_lab::engine::{
    render, render_str, ErrorKind, FixedClock, Template, TraceEvent, Value, VarType, Variables,
    WarningKind,
};

/// 2024-06-01T12:00:00Z
const NOW: i64 = 1_717_243_200_000;

fn vars() -> Variables {
    let mut v = Variables::new();
    v.set("callbackStatus", Value::String("Not Processed".into()));
    v.set("callbackConnectTime", Value::String("-1".into()));
    v.set(
        "HTTPRequest_CallBackSearch.httpStatusCode",
        Value::Integer(200),
    );
    v.set(
        "HTTPRequest_CallBackSearch.httpResponseBody",
        Value::String(r#"{"data":{}}"#.into()),
    );
    v.set(
        "NewNumber.DigitsEntered",
        Value::String("14085267209".into()),
    );
    v.set("NewPhoneContact.EntryPointId", Value::String("ep-1".into()));
    v.set("count", Value::Integer(7));
    v.set("ratio", Value::Decimal(2.5));
    v.set("flag", Value::Boolean(true));
    v.set("nothing", Value::Null);
    v.set("empty", Value::String(String::new()));
    v.set("blank", Value::String("   ".into()));
    v.set(
        "resp",
        Value::Json(serde_json::json!({
            "data": {"taskDetails": {"tasks": [{"callbackData": {"callbackStatus": "Not Processed", "callbackConnectTime": -1}}]}},
            "list": [1, 2, 3],
            "map": {"a": 1}
        })),
    );
    // Longest-prefix lookup: both `obj` (JSON) and `obj.b` exist.
    v.set("obj", Value::Json(serde_json::json!({"b": 1, "c": 3})));
    v.set("obj.b", Value::Integer(2));
    v
}

fn eval(src: &str) -> Result<String, ErrorKind> {
    render_str(src, &vars(), &FixedClock(NOW))
        .map(|r| r.text)
        .map_err(|e| e.kind)
}

fn check(table: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for (src, want) in table {
        match eval(src) {
            Ok(got) if got == *want => {}
            other => failures.push(format!("{src:?}: want {want:?}, got {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn check_err(table: &[(&str, ErrorKind)]) {
    let mut failures = Vec::new();
    for (src, want) in table {
        match eval(src) {
            Err(k) if k == *want => {}
            other => failures.push(format!("{src:?}: want error {want:?}, got {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn warnings(src: &str) -> Vec<WarningKind> {
    render_str(src, &vars(), &FixedClock(NOW))
        .map(|r| r.warnings.iter().map(|w| w.kind).collect())
        .unwrap_or_default()
}

#[test]
fn templates_keep_text_outside_blocks() {
    check(&[
        ("plain text", "plain text"),
        ("", ""),
        ("a {{ 1 }} b {{ 2 }} c", "a 1 b 2 c"),
        ("{ \"k\": \"{{ count }}\" }", "{ \"k\": \"7\" }"),
        ("}} stray close", "}} stray close"),
        ("{{1}}{{2}}", "12"),
        // One line break right after `}}` is dropped (newline trimming).
        ("line1\n{{ count }}\nline3", "line1\n7line3"),
        ("line1\n{{ count }}\n\nline3", "line1\n7\nline3"),
        ("a {# comment #}b", "a b"),
        ("a   {{- 1 -}}   b", "a1b"),
        ("{{ \"}}\" }}", "}}"),
        ("{{ {'a': {'b': 1}} }}", "{a={b=1}}"),
    ]);
}

#[test]
fn literals() {
    check(&[
        ("{{ 42 }}", "42"),
        ("{{ 9223372036854775807 }}", "9223372036854775807"),
        ("{{ -9223372036854775807 }}", "-9223372036854775807"),
        ("{{ 1.5 }}", "1.5"),
        ("{{ 2.0 }}", "2.0"),
        ("{{ 0.25 }}", "0.25"),
        ("{{ -5 }}", "-5"),
        ("{{ - 5 }}", "-5"),
        ("{{ +5 }}", "5"),
        ("{{ true }}", "true"),
        ("{{ false }}", "false"),
        ("{{ null }}", ""),
        ("{{ none }}", ""),
        ("{{ [1, 'a', true] }}", "[1, a, true]"),
        ("{{ [null, 1.5, [2]] }}", "[null, 1.5, [2]]"),
        ("{{ [] }}", "[]"),
    ]);
    check_err(&[
        ("{{ 9223372036854775808 }}", ErrorKind::InvalidNumber),
        ("{{ 1e5 }}", ErrorKind::Syntax),
        ("{{ 12abc }}", ErrorKind::Syntax),
        ("{{ -9223372036854775808 }}", ErrorKind::InvalidNumber),
    ]);
}

#[test]
fn strings_quotes_escapes_and_interpolation() {
    check(&[
        (r#"{{ "double" }}"#, "double"),
        ("{{ 'single' }}", "single"),
        (r#"{{ "say \"hi\"" }}"#, r#"say "hi""#),
        (r"{{ 'it\'s' }}", "it's"),
        // Only a backslash before the same quote is an escape; others stay as written.
        (r"{{ 'a\nb' }}", r"a\nb"),
        (r#"{{ "a\'b" }}"#, r"a\'b"),
        (r#"{{ 'a\"b' }}"#, r#"a\"b"#),
        (r#"{{ "1 + 1 = #{1 + 1}" }}"#, "1 + 1 = 2"),
        (
            r#"{{ "status: #{callbackStatus}!" }}"#,
            "status: Not Processed!",
        ),
        (r#"{{ "x#{ "y" }z" }}"#, "xyz"),
        (r##"{{ "#{count}#{count}" }}"##, "77"),
        // No interpolation in single quotes.
        ("{{ '#{count}' }}", "#{count}"),
        (r#"{{ "a # b" }}"#, "a # b"),
        (
            r#"{{ "“curly” inside is fine" }}"#,
            "“curly” inside is fine",
        ),
        ("{{ 'multi\nline' }}", "multi\nline"),
    ]);
    check_err(&[
        (r#"{{ "abc }}"#, ErrorKind::UnterminatedString),
        (r#"{{ "a #{count" }}"#, ErrorKind::UnbalancedDelimiter),
        (r##"{{ "#{}" }}"##, ErrorKind::Syntax),
    ]);
}

#[test]
fn variables_dotted_names_and_json_members() {
    check(&[
        ("{{ callbackStatus }}", "Not Processed"),
        ("{{ HTTPRequest_CallBackSearch.httpStatusCode }}", "200"),
        ("{{ NewNumber.DigitsEntered }}", "14085267209"),
        ("{{ nothing }}", ""),
        (
            "{{ resp.data.taskDetails.tasks[0].callbackData.callbackStatus }}",
            "Not Processed",
        ),
        (
            "{{ resp.data.taskDetails.tasks[0].callbackData.callbackConnectTime }}",
            "-1",
        ),
        ("{{ resp.list[1] }}", "2"),
        ("{{ resp.list.2 }}", "3"),
        ("{{ resp['map']['a'] }}", "1"),
        // Lists and maps print the Java way.
        ("{{ resp.map }}", "{a=1}"),
        ("{{ resp.list }}", "[1, 2, 3]"),
        // Longest dotted prefix wins: `obj.b` is a variable.
        ("{{ obj.b }}", "2"),
        ("{{ obj.c }}", "3"),
        // Missing JSON members are null (printed empty), with a warning.
        ("{{ resp.data.nope }}", ""),
        ("{{ resp.list[10] }}", ""),
        ("{{ resp.data.nope.deeper }}", ""),
    ]);
    // Unknown variables print as empty (with a warning, see below).
    check(&[
        ("{{ callbackStatu }}", ""),
        ("{{ NewNumber.DigitEntered }}", ""),
    ]);
    check_err(&[
        (
            "{{ HTTPRequest_CallBackSearch.httpResponseBody.data }}",
            ErrorKind::UnknownMethod,
        ),
        ("{{ callbackStatus[0] }}", ErrorKind::TypeMismatch),
        ("{{ count.x }}", ErrorKind::TypeMismatch),
    ]);
    assert_eq!(
        warnings("{{ resp.data.nope }}"),
        vec![WarningKind::MissingMember]
    );
}

/// Pebble prints an unknown variable as empty; the warning names it, with "did you mean".
fn unknown_warning(src: &str, vars: &Variables) -> callback_lab::engine::Diagnostic {
    let r = render_str(src, vars, &FixedClock(NOW)).unwrap();
    assert_eq!(r.text, "", "{src}");
    let mut w: Vec<_> = r
        .warnings
        .into_iter()
        .filter(|w| w.kind == WarningKind::UnknownVariable)
        .collect();
    assert_eq!(w.len(), 1, "{src}");
    w.remove(0)
}

#[test]
fn unknown_variable_prints_empty_with_a_did_you_mean_warning() {
    let w = unknown_warning("{{ calbackStatus }}", &vars());
    assert!(w.message.contains("`calbackStatus`"), "{}", w.message);
    assert_eq!(w.hint.as_deref(), Some("did you mean `callbackStatus`?"));
    assert_eq!((w.line, w.column), (1, 4));
    let w = unknown_warning("{{ NewNumber.DigitEntered }}", &vars());
    assert_eq!(
        w.hint.as_deref(),
        Some("did you mean `NewNumber.DigitsEntered`?")
    );
    let w = unknown_warning("{{ zzz }}", &Variables::new());
    assert_eq!(w.hint.as_deref(), Some("no variables are set"));
    // One warning per name, however often it is used; none where absence is expected.
    let r = render_str("{{ zz }}{{ zz ~ zz }}", &vars(), &FixedClock(NOW)).unwrap();
    assert_eq!(r.warnings.len(), 1);
    for src in [
        "{{ zz | default('d') }}",
        "{{ zz is defined }}",
        "{{ zz is null }}",
        "{{ zz is empty }}",
    ] {
        let r = render_str(src, &vars(), &FixedClock(NOW)).unwrap();
        assert!(r.warnings.is_empty(), "{src}: {:?}", r.warnings);
    }
    // An unknown variable is null: false in a condition, so the condition decides, with a warning.
    let r = render_str(
        "{{ calbackStatus == \"Not Processed\" }}",
        &vars(),
        &FixedClock(NOW),
    )
    .unwrap();
    assert_eq!(r.condition(), Some(false));
    assert_eq!(
        r.warnings.first().map(|w| w.kind),
        Some(WarningKind::UnknownVariable)
    );
}

#[test]
fn equality_numbers_by_value_everything_else_exact() {
    check(&[
        ("{{ 5 == 5 }}", "true"),
        ("{{ 5 == 5.0 }}", "true"),
        ("{{ 5.0 == 5 }}", "true"),
        ("{{ 5 == 5.5 }}", "false"),
        ("{{ \"200\" == 200 }}", "false"),
        ("{{ \"-1\" == -1 }}", "false"),
        ("{{ 200 == \"200\" }}", "false"),
        ("{{ \"-1\" == \"-1\" }}", "true"),
        ("{{ \"a\" == \"A\" }}", "false"),
        ("{{ true == \"true\" }}", "false"),
        ("{{ true == true }}", "true"),
        ("{{ null == null }}", "true"),
        ("{{ nothing == null }}", "true"),
        ("{{ nothing == \"\" }}", "false"),
        ("{{ 0 == false }}", "false"),
        ("{{ 5 equals 5 }}", "true"),
        ("{{ 5 != 5 }}", "false"),
        ("{{ \"200\" != 200 }}", "true"),
        ("{{ \"a\" != \"b\" }}", "true"),
        ("{{ null != null }}", "false"),
        (
            "{{ HTTPRequest_CallBackSearch.httpStatusCode == 200 }}",
            "true",
        ),
        (
            "{{ HTTPRequest_CallBackSearch.httpStatusCode == 200.0 }}",
            "true",
        ),
        (
            "{{ HTTPRequest_CallBackSearch.httpStatusCode == \"200\" }}",
            "false",
        ),
        ("{{ callbackConnectTime == -1 }}", "false"),
        ("{{ callbackConnectTime == \"-1\" }}", "true"),
        ("{{ resp.map == {'a': 1} }}", "true"),
        ("{{ [1, 2] == [1, 2] }}", "true"),
    ]);
}

#[test]
fn string_number_comparison_warns() {
    for src in [
        "{{ \"200\" == 200 }}",
        "{{ callbackConnectTime == -1 }}",
        "{{ 200 != \"200\" }}",
        "{{ true == \"true\" }}",
    ] {
        assert_eq!(
            warnings(src),
            vec![WarningKind::StringNumberComparison],
            "{src}"
        );
    }
    for src in [
        "{{ 200 == 200.0 }}",
        "{{ \"a\" == \"b\" }}",
        "{{ null == 1 }}",
    ] {
        assert!(warnings(src).is_empty(), "{src}");
    }
}

#[test]
fn ordering_null_is_false_non_numbers_are_errors() {
    check(&[
        ("{{ 1 < 2 }}", "true"),
        ("{{ 2 < 1 }}", "false"),
        ("{{ 1 < 2.5 }}", "true"),
        ("{{ 2 > 1 }}", "true"),
        ("{{ 2 <= 2.0 }}", "true"),
        ("{{ 2 >= 3 }}", "false"),
        ("{{ -1 < 0 }}", "true"),
        ("{{ null < 1 }}", "false"),
        ("{{ 1 < null }}", "false"),
        ("{{ null >= null }}", "false"),
        ("{{ nothing > 0 }}", "false"),
        ("{{ now() > now() }}", "false"),
        ("{{ now() >= now() }}", "true"),
    ]);
    check_err(&[
        ("{{ \"a\" < 1 }}", ErrorKind::Ordering),
        ("{{ \"1\" < 2 }}", ErrorKind::Ordering),
        ("{{ \"a\" < \"b\" }}", ErrorKind::Ordering),
        ("{{ callbackConnectTime < 0 }}", ErrorKind::Ordering),
        ("{{ true > false }}", ErrorKind::Ordering),
        ("{{ now() > 5 }}", ErrorKind::Ordering),
    ]);
}

#[test]
fn arithmetic_and_concatenation() {
    check(&[
        ("{{ 1 + 2 }}", "3"),
        ("{{ 1 + 2.5 }}", "3.5"),
        ("{{ 10 - 3 - 2 }}", "5"),
        ("{{ 2 * 3 }}", "6"),
        ("{{ 7 / 2 }}", "3"),
        ("{{ -7 / 2 }}", "-3"),
        ("{{ 7 / 2.0 }}", "3.5"),
        ("{{ 7 % 3 }}", "1"),
        ("{{ 7.5 % 2 }}", "1.5"),
        ("{{ ratio * 2 }}", "5.0"),
        ("{{ \"a\" + 1 }}", "a1"),
        ("{{ 1 + \"a\" }}", "1a"),
        ("{{ \"a\" + \"b\" }}", "ab"),
        // Java's String.valueOf: null beside a string is "null" with `+`, empty with `~`.
        ("{{ \"a\" + null }}", "anull"),
        ("{{ \"a\" ~ null }}", "a"),
        ("{{ \"a\" ~ 1 }}", "a1"),
        ("{{ 1 ~ 2 }}", "12"),
        ("{{ null ~ \"x\" ~ true }}", "xtrue"),
        ("{{ -count }}", "-7"),
        ("{{ 15000000 / 60000 }}", "250"),
        // Java doubles: division by zero is Infinity or NaN, as Pebble prints them.
        ("{{ 1.0 / 0 }}", "Infinity"),
        ("{{ -1.0 / 0 }}", "-Infinity"),
        ("{{ 1.5 % 0 }}", "NaN"),
        // A list on the left of `+`/`-` adds or removes items (Pebble's list overloading).
        ("{{ [1, 2] + 3 }}", "[1, 2, 3]"),
        ("{{ [1, 2, 1] - 1 }}", "[2, 1]"),
        ("{{ [1, 2, 1] - [1] }}", "[2]"),
    ]);
    check_err(&[
        ("{{ \"5\" - 1 }}", ErrorKind::TypeMismatch),
        ("{{ true + 1 }}", ErrorKind::TypeMismatch),
        ("{{ null + 1 }}", ErrorKind::TypeMismatch),
        ("{{ \"a\" * 2 }}", ErrorKind::TypeMismatch),
        ("{{ -\"a\" }}", ErrorKind::TypeMismatch),
        ("{{ 1 / 0 }}", ErrorKind::DivisionByZero),
        ("{{ 1 % 0 }}", ErrorKind::DivisionByZero),
        ("{{ 1 % 0 }}", ErrorKind::DivisionByZero),
        ("{{ 9223372036854775807 + 1 }}", ErrorKind::Overflow),
        ("{{ 9223372036854775807 * 2 }}", ErrorKind::Overflow),
        ("{{ now() - 1 }}", ErrorKind::TypeMismatch),
    ]);
}

#[test]
fn logic_and_not() {
    check(&[
        ("{{ true and true }}", "true"),
        ("{{ true and false }}", "false"),
        ("{{ false or true }}", "true"),
        ("{{ false or false }}", "false"),
        ("{{ null or true }}", "true"),
        ("{{ not true }}", "false"),
        ("{{ not nothing }}", "true"),
        ("{{ not not true }}", "true"),
        // Short-circuit: the right side is not evaluated (it would be an error).
        ("{{ false and \"x\" < 1 }}", "false"),
        ("{{ true or \"x\" < 1 }}", "true"),
    ]);
    // Pebble's truthiness: numbers (≠ 0), strings (non-empty, so "false" is true) and null are
    // accepted; lists and maps are refused as Pebble refuses them.
    check(&[
        ("{{ \"true\" and true }}", "true"),
        ("{{ \"false\" and true }}", "true"),
        ("{{ \"\" or false }}", "false"),
        ("{{ 1 or false }}", "true"),
        ("{{ 0 and true }}", "false"),
        ("{{ not \"x\" }}", "false"),
        ("{{ not 0 }}", "true"),
    ]);
    check_err(&[
        ("{{ resp.list and true }}", ErrorKind::TypeMismatch),
        ("{{ not resp }}", ErrorKind::TypeMismatch),
    ]);
}

#[test]
fn precedence_and_associativity() {
    check(&[
        // * over +
        ("{{ 2 + 3 * 4 }}", "14"),
        ("{{ (2 + 3) * 4 }}", "20"),
        // + over comparisons
        ("{{ 1 + 1 == 2 }}", "true"),
        // | over + : 1 + ((-2) | abs)
        ("{{ 1 + -2 | abs }}", "3"),
        ("{{ (1 + -2) | abs }}", "1"),
        // | over - : the mission's `now() | epoch(inMillis=true) - 15000000`
        (
            "{{ now() | epoch(inMillis=true) - 15000000 }}",
            "1717228200000",
        ),
        // ~ over | : ("a" ~ "b") | upper
        ("{{ \"a\" ~ \"b\" | upper }}", "AB"),
        // ~ over + : 1 + (2 ~ 3) = 1 + "23" = "123"
        ("{{ 1 + 2 ~ 3 }}", "123"),
        // comparisons over is: (2 > 1) is not null
        ("{{ 2 > 1 is not null }}", "true"),
        // after a test the loop goes on: ((2 > 1) is null) == false
        ("{{ 2 > 1 is null == false }}", "true"),
        // comparisons over contains
        ("{{ \"abc\" contains \"b\" and true }}", "true"),
        // and over or
        ("{{ true or false and false }}", "true"),
        ("{{ (true or false) and false }}", "false"),
        // ternary is the lowest and right-associative
        ("{{ false or true ? \"y\" : \"n\" }}", "y"),
        ("{{ true ? \"a\" : false ? \"b\" : \"c\" }}", "a"),
        ("{{ false ? \"a\" : false ? \"b\" : \"c\" }}", "c"),
        ("{{ false ? \"a\" : true ? \"b\" : \"c\" }}", "b"),
        ("{{ 1 == 1 ? 2 + 3 : 0 }}", "5"),
        // unary minus binds tighter than *
        ("{{ -2 * 3 }}", "-6"),
        ("{{ - 2 + 3 }}", "1"),
        // not (a == b) with parentheses
        ("{{ not (callbackStatus == \"x\") }}", "true"),
        // left associativity of - and /
        ("{{ 100 / 10 / 5 }}", "2"),
        ("{{ 2 * 3 % 4 }}", "2"),
    ]);
    // `not a == b` is `(not a) == b`: with a string `a`, `(not "Not Processed") == "x"`, so false.
    check(&[("{{ not callbackStatus == \"x\" }}", "false")]);
    assert_eq!(
        warnings("{{ not flag == false }}"),
        vec![WarningKind::NotPrecedence]
    );
    assert!(warnings("{{ not (flag == false) }}").is_empty());
}

#[test]
fn ternary_truthiness() {
    check(&[
        ("{{ true ? 1 : 2 }}", "1"),
        ("{{ false ? 1 : 2 }}", "2"),
        ("{{ null ? 1 : 2 }}", "2"),
        ("{{ nothing ? 1 : 2 }}", "2"),
        ("{{ 0 ? 1 : 2 }}", "2"),
        ("{{ -1 ? 1 : 2 }}", "1"),
        ("{{ 0.0 ? 1 : 2 }}", "2"),
        ("{{ 0.5 ? 1 : 2 }}", "1"),
        ("{{ \"\" ? 1 : 2 }}", "2"),
        ("{{ \"false\" ? 1 : 2 }}", "1"),
        ("{{ \" \" ? 1 : 2 }}", "1"),
    ]);
    check_err(&[
        // Pebble casts the condition to Boolean: a list or map is a ClassCastException.
        ("{{ [] ? 1 : 2 }}", ErrorKind::TypeMismatch),
        ("{{ resp ? 1 : 2 }}", ErrorKind::TypeMismatch),
        ("{{ true ? 1 }}", ErrorKind::TernaryWithoutColon),
        ("{{ true ? 1 2 }}", ErrorKind::TernaryWithoutColon),
        ("{{ 1 : 2 }}", ErrorKind::Syntax),
    ]);
}

#[test]
fn is_tests_and_contains() {
    check(&[
        ("{{ null is null }}", "true"),
        ("{{ nothing is null }}", "true"),
        ("{{ callbackStatus is null }}", "false"),
        ("{{ callbackStatus is not null }}", "true"),
        ("{{ empty is empty }}", "true"),
        ("{{ blank is empty }}", "true"),
        ("{{ nothing is empty }}", "true"),
        ("{{ callbackStatus is empty }}", "false"),
        ("{{ callbackStatus is not empty }}", "true"),
        ("{{ [] is empty }}", "true"),
        ("{{ resp.list is empty }}", "false"),
        ("{{ 0 is empty }}", "false"),
        ("{{ 4 is even }}", "true"),
        ("{{ 3 is odd }}", "true"),
        ("{{ resp.map is map }}", "true"),
        ("{{ resp.list is iterable }}", "true"),
        ("{{ callbackStatus is defined }}", "true"),
        ("{{ undefinedThing is defined }}", "false"),
        ("{{ undefinedThing is not defined }}", "true"),
        ("{{ \"abc\" contains \"b\" }}", "true"),
        ("{{ \"abc\" contains \"d\" }}", "false"),
        ("{{ callbackStatus contains \"Processed\" }}", "true"),
        ("{{ NewNumber.DigitsEntered contains 408 }}", "true"),
        ("{{ resp.list contains 2 }}", "true"),
        ("{{ resp.list contains \"2\" }}", "false"),
        ("{{ resp.list contains [1, 3] }}", "true"),
        ("{{ resp.map contains \"a\" }}", "true"),
        ("{{ null contains \"a\" }}", "false"),
        ("{{ \"a,b\" | split(\",\") contains \"b\" }}", "true"),
    ]);
    check_err(&[
        ("{{ 1 contains 1 }}", ErrorKind::TypeMismatch),
        ("{{ 1 is nul }}", ErrorKind::UnknownTest),
        ("{{ 1 is }}", ErrorKind::Syntax),
    ]);
}

#[test]
fn filters_and_functions() {
    check(&[
        ("{{ \"a,b,c\" | split(\",\") }}", "[a, b, c]"),
        ("{{ \"a,b,c\" | split(\",\") | first }}", "a"),
        ("{{ \"a,b,c\" | split(\",\") | last }}", "c"),
        ("{{ \"a,b,c\" | split(\",\") | length }}", "3"),
        ("{{ \"a,b,,\" | split(\",\") | length }}", "2"),
        ("{{ \"a,b,c\" | split(\",\", 2) }}", "[a, b,c]"),
        // The delimiter is a Java regular expression: `.` matches every character.
        ("{{ \"a.b\" | split(\".\") | length }}", "0"),
        ("{{ \"a.b\" | split(\"\\.\") | last }}", "b"),
        (
            "{{ \"a1b22c\" | split(\"[0-9]+\") | join(\"-\") }}",
            "a-b-c",
        ),
        ("{{ \"abc\" | first }}", "a"),
        ("{{ \"abc\" | last }}", "c"),
        ("{{ \"\" | first }}", ""),
        ("{{ \"hello\" | length }}", "5"),
        ("{{ \"héllo\" | length }}", "5"),
        ("{{ nothing | length }}", "0"),
        ("{{ resp.list | length }}", "3"),
        ("{{ \"hello\" | slice(1, 3) }}", "el"),
        ("{{ \"hello\" | slice(2) }}", "llo"),
        ("{{ \"hello\" | slice(fromIndex=1, toIndex=2) }}", "e"),
        ("{{ resp.list | slice(1) }}", "[2, 3]"),
        ("{{ \"Not Processed\" | upper }}", "NOT PROCESSED"),
        ("{{ \"Not Processed\" | lower }}", "not processed"),
        ("{{ \"  x  \" | trim }}", "x"),
        ("{{ nothing | default(\"none\") }}", "none"),
        ("{{ empty | default(\"none\") }}", "none"),
        ("{{ blank | default(\"none\") }}", "none"),
        ("{{ callbackStatus | default(\"none\") }}", "Not Processed"),
        ("{{ undefinedThing | default(\"none\") }}", "none"),
        ("{{ -5 | abs }}", "5"),
        ("{{ -2.5 | abs }}", "2.5"),
        ("{{ \"a-b-c\" | replace({\"-\": \"+\"}) }}", "a+b+c"),
        ("{{ \"a-b\" | replace(\"-\", \"\") }}", "ab"),
        ("{{ now() }}", "2024-06-01T12:00:00.000Z"),
        ("{{ now() | epoch }}", "1717243200"),
        ("{{ now() | epoch(inMillis=true) }}", "1717243200000"),
        ("{{ now() | epoch(inMillis=false) }}", "1717243200"),
        ("{{ now() | epoch(true) }}", "1717243200000"),
        (
            "{{ \"2024-06-01T12:00:00Z\" | epoch(inMillis=true) }}",
            "1717243200000",
        ),
        ("{{ resp.list | join(\"-\") }}", "1-2-3"),
        ("{{ \"abc\" | reverse }}", "cba"),
        ("{{ \"hello world\" | capitalize }}", "Hello world"),
        ("{{ \"hello world\" | title }}", "Hello World"),
        ("{{ \"a b&c\" | urlencode }}", "a+b%26c"),
        ("{{ \"abcdefgh\" | abbreviate(6) }}", "abc..."),
        ("{{ max(1, 5, 3) }}", "5"),
        ("{{ min(4, 2.5) }}", "2.5"),
    ]);
    check_err(&[
        ("{{ \"x\" | uper }}", ErrorKind::UnknownFilter),
        ("{{ \"x\" | now }}", ErrorKind::UnknownFilter),
        ("{{ nope() }}", ErrorKind::UnknownFunction),
        ("{{ upper(\"x\") }}", ErrorKind::UnknownFunction),
        ("{{ \"hello\" | slice(0, 10) }}", ErrorKind::BadArguments),
        ("{{ \"hello\" | slice(3, 1) }}", ErrorKind::BadArguments),
        ("{{ \"hello\" | split }}", ErrorKind::BadArguments),
        ("{{ now() | epoch(inMilis=true) }}", ErrorKind::BadArguments),
        (
            "{{ now() | epoch(inMillis=true, inMillis=true) }}",
            ErrorKind::BadArguments,
        ),
        ("{{ \"x\" | upper(1) }}", ErrorKind::BadArguments),
        ("{{ now(1) }}", ErrorKind::BadArguments),
        ("{{ \"x\" | abs }}", ErrorKind::TypeMismatch),
        ("{{ 5 | length }}", ErrorKind::TypeMismatch),
        ("{{ 5 | epoch }}", ErrorKind::TypeMismatch),
        ("{{ \"x\" | }}", ErrorKind::Syntax),
    ]);
    let e = render_str(
        "{{ now() | epoch(inMilis=true) }}",
        &vars(),
        &FixedClock(NOW),
    )
    .unwrap_err();
    assert_eq!(e.hint.as_deref(), Some("did you mean `inMillis`?"));
}

#[test]
fn look_back_is_250_minutes() {
    let r = render_str(
        "{{ now() | epoch(inMillis=true) - 15000000 }}|{{ now() | epoch(inMillis=true) }}",
        &vars(),
        &FixedClock(NOW),
    )
    .unwrap();
    let (from, to) = r.text.split_once('|').unwrap();
    let (from, to): (i64, i64) = (from.parse().unwrap(), to.parse().unwrap());
    assert_eq!(to - from, 250 * 60 * 1000);
    assert_eq!(to, NOW);
}

#[test]
fn syntax_errors_have_their_kinds() {
    check_err(&[
        (
            "{{ callbackStatus = \"x\" }}",
            ErrorKind::AssignInsteadOfEquals,
        ),
        ("{{ = 1 }}", ErrorKind::AssignInsteadOfEquals),
        ("{{ callbackStatus == “x” }}", ErrorKind::CurlyQuote),
        ("{{ callbackStatus == ‘x’ }}", ErrorKind::CurlyQuote),
        ("{{ (1 + 2 }}", ErrorKind::UnbalancedDelimiter),
        ("{{ 1 + 2) }}", ErrorKind::UnbalancedDelimiter),
        ("{{ [1, 2 }}", ErrorKind::UnbalancedDelimiter),
        ("{{ (1 ] }}", ErrorKind::UnbalancedDelimiter),
        ("{{ 1 + 2", ErrorKind::UnterminatedBlock),
        ("{{ (1 + 2", ErrorKind::UnterminatedBlock),
        ("{# never closed", ErrorKind::UnterminatedBlock),
        ("{% if x %}", ErrorKind::UnclosedTag),
        ("{% endif %}", ErrorKind::UnexpectedTag),
        ("{% macro m() %}", ErrorKind::UnsupportedTag),
        ("{{ }}", ErrorKind::Syntax),
        ("{{ 1 2 }}", ErrorKind::Syntax),
        ("{{ 1 + }}", ErrorKind::Syntax),
        ("{{ a && b }}", ErrorKind::Syntax),
        ("{{ a || b }}", ErrorKind::Syntax),
        ("{{ !flag }}", ErrorKind::Syntax),
        ("{{ and }}", ErrorKind::Syntax),
        ("{{ 1 . }}", ErrorKind::Syntax),
        ("{{ @ }}", ErrorKind::Syntax),
    ]);
}

#[test]
fn value_printing() {
    assert_eq!(Value::Null.to_text(), "");
    assert_eq!(Value::Boolean(true).to_text(), "true");
    assert_eq!(Value::Boolean(false).to_text(), "false");
    assert_eq!(Value::Integer(-1).to_text(), "-1");
    assert_eq!(Value::Decimal(2.0).to_text(), "2.0");
    assert_eq!(Value::Decimal(0.1).to_text(), "0.1");
    assert_eq!(Value::Decimal(1e7).to_text(), "1.0E7");
    assert_eq!(Value::Decimal(1.5e-4).to_text(), "1.5E-4");
    assert_eq!(Value::DateTime(0).to_text(), "1970-01-01T00:00:00.000Z");
    assert_eq!(
        Value::Json(serde_json::json!({"a": [1, "x"]})).to_text(),
        r#"{"a":[1,"x"]}"#
    );
    assert_eq!(Value::String("x".into()).type_name(), "STRING");
    assert_eq!(Value::Integer(1).type_name(), "INTEGER");
    assert_eq!(Value::Null.type_name(), "NULL");
}

#[test]
fn variable_types_and_conversion() {
    let table: &[(VarType, Value, Result<Value, ()>)] = &[
        (
            VarType::String,
            Value::Json(serde_json::json!(-1)),
            Ok(Value::String("-1".into())),
        ),
        (
            VarType::String,
            Value::Integer(-1),
            Ok(Value::String("-1".into())),
        ),
        (
            VarType::String,
            Value::Boolean(true),
            Ok(Value::String("true".into())),
        ),
        (
            VarType::String,
            Value::Json(serde_json::json!({"a":1})),
            Ok(Value::String(r#"{"a":1}"#.into())),
        ),
        (VarType::String, Value::Null, Ok(Value::Null)),
        (
            VarType::Integer,
            Value::String("200".into()),
            Ok(Value::Integer(200)),
        ),
        (
            VarType::Integer,
            Value::String(" -1 ".into()),
            Ok(Value::Integer(-1)),
        ),
        (VarType::Integer, Value::Decimal(3.0), Ok(Value::Integer(3))),
        (VarType::Integer, Value::Decimal(3.5), Err(())),
        (VarType::Integer, Value::String("abc".into()), Err(())),
        (VarType::Integer, Value::Boolean(true), Err(())),
        (
            VarType::Decimal,
            Value::String("2.5".into()),
            Ok(Value::Decimal(2.5)),
        ),
        (VarType::Decimal, Value::Integer(2), Ok(Value::Decimal(2.0))),
        (VarType::Decimal, Value::String("NaN".into()), Err(())),
        (
            VarType::Boolean,
            Value::String("TRUE".into()),
            Ok(Value::Boolean(true)),
        ),
        (
            VarType::Boolean,
            Value::String("false".into()),
            Ok(Value::Boolean(false)),
        ),
        (VarType::Boolean, Value::String("yes".into()), Err(())),
        (VarType::Boolean, Value::Integer(1), Err(())),
        (
            VarType::DateTime,
            Value::String("1717243200000".into()),
            Ok(Value::DateTime(NOW)),
        ),
        (
            VarType::DateTime,
            Value::String("2024-06-01T12:00:00.000Z".into()),
            Ok(Value::DateTime(NOW)),
        ),
        (
            VarType::DateTime,
            Value::String("2024-06-01T14:00:00+02:00".into()),
            Ok(Value::DateTime(NOW)),
        ),
        (
            VarType::DateTime,
            Value::Integer(NOW),
            Ok(Value::DateTime(NOW)),
        ),
        (VarType::DateTime, Value::String("June".into()), Err(())),
        (
            VarType::Json,
            Value::String(r#"{"a":1}"#.into()),
            Ok(Value::Json(serde_json::json!({"a":1}))),
        ),
        (VarType::Json, Value::String("{".into()), Err(())),
        (VarType::Json, Value::Integer(1), Ok(Value::Integer(1))),
    ];
    let mut failures = Vec::new();
    for (t, v, want) in table {
        let got = t.convert(v).map_err(|_| ());
        if &got != want {
            failures.push(format!("{t} <- {v:?}: want {want:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn defaults_are_stored_as_text() {
    assert_eq!(
        VarType::String.parse_default(""),
        Ok(Value::String(String::new()))
    );
    assert_eq!(VarType::Integer.parse_default(""), Ok(Value::Null));
    assert_eq!(
        VarType::Integer.parse_default("200"),
        Ok(Value::Integer(200))
    );
    assert_eq!(
        VarType::Boolean.parse_default("true"),
        Ok(Value::Boolean(true))
    );
    assert_eq!(
        VarType::Decimal.parse_default("0.5"),
        Ok(Value::Decimal(0.5))
    );
    assert_eq!(
        VarType::Json.parse_default("[1]"),
        Ok(Value::Json(serde_json::json!([1])))
    );
    assert!(VarType::Integer.parse_default("x").is_err());
    for t in VarType::ALL {
        assert_eq!(t.to_string().parse::<VarType>(), Ok(t));
        assert_eq!(t.to_string(), t.to_string().to_uppercase());
    }
    assert_eq!("datetime".parse::<VarType>(), Ok(VarType::DateTime));
    assert!("TEXT".parse::<VarType>().is_err());
}

#[test]
fn single_block_value_keeps_the_type() {
    let v = vars();
    let c = FixedClock(NOW);
    let r = render_str(
        "{{ HTTPRequest_CallBackSearch.httpStatusCode == 200 }}",
        &v,
        &c,
    )
    .unwrap();
    assert_eq!(r.value, Some(Value::Boolean(true)));
    let r = render_str("{{ 1 == 1 ? \"true\" : \"false\" }}", &v, &c).unwrap();
    assert_eq!(r.value, Some(Value::String("true".into())));
    // Newline trimming (Pebble's default) drops the line break right after `}}`.
    let r = render_str("  {{ count }}\n", &v, &c).unwrap();
    assert_eq!(r.value, Some(Value::Integer(7)));
    assert_eq!(r.text, "  7");
    let r = render_str("x{{ count }}", &v, &c).unwrap();
    assert_eq!(r.value, None);
    let r = render_str("{{ 1 }}{{ 2 }}", &v, &c).unwrap();
    assert_eq!(r.value, None);
}

#[test]
fn now_is_read_once_per_render_from_the_injected_clock() {
    let t = Template::parse("{{ now() | epoch(inMillis=true) }}").unwrap();
    let a = render(&t, &Variables::new(), &FixedClock(1)).unwrap();
    let b = render(&t, &Variables::new(), &FixedClock(2)).unwrap();
    assert_eq!((a.text.as_str(), b.text.as_str()), ("1", "2"));
    assert!(matches!(
        a.trace.as_slice(),
        [TraceEvent::Function { .. }, TraceEvent::Filter { .. }]
    ));
}

#[test]
fn trace_records_filters_with_input_and_output() {
    let r = render_str("{{ \" x \" | trim | upper }}", &vars(), &FixedClock(NOW)).unwrap();
    let filters: Vec<(String, Value, Value)> = r
        .trace
        .iter()
        .filter_map(|e| match e {
            TraceEvent::Filter {
                name,
                input,
                output,
                ..
            } => Some((name.to_string(), input.clone(), output.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        filters,
        vec![
            (
                "trim".into(),
                Value::String(" x ".into()),
                Value::String("x".into())
            ),
            (
                "upper".into(),
                Value::String("x".into()),
                Value::String("X".into())
            ),
        ]
    );
}

#[test]
fn condition_reading() {
    let c = FixedClock(NOW);
    let read = |src: &str| render_str(src, &vars(), &c).unwrap().condition();
    assert_eq!(read("{{ count == 7 }}"), Some(true));
    assert_eq!(read("{{ flag }}"), Some(true));
    assert_eq!(read("{{ 1 == 2 ? \"true\" : \"false\" }}"), Some(false));
    assert_eq!(read("{{ \"TRUE\" }}"), None);
    assert_eq!(read("{{ count }}"), None);
    assert_eq!(read("{{ nothing }}"), None);
}

/// Java's String (and List/Map) methods, called as Pebble calls them: the cases in
/// `tests/inputs/engine/java_methods.json` come from the JDK's `String` documentation examples
/// and Java's rules (UTF-16 indices, exceptions as errors).
#[test]
fn java_methods_as_the_jdk_documents_them() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/inputs/engine/java_methods.json"
    );
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(cases.len() >= 50);
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["case"].as_str().unwrap();
        let mut v = Variables::new();
        if let Some(serde_json::Value::Object(m)) = case.get("vars") {
            for (k, x) in m {
                v.set(k, Value::from_json(x.clone()));
            }
        }
        let got = render_str(case["template"].as_str().unwrap(), &v, &FixedClock(NOW));
        let ok = match (&got, case.get("output"), case.get("error")) {
            (Ok(r), Some(want), None) => want.as_str() == Some(r.text.as_str()),
            (Err(e), None, Some(kind)) => kind.as_str() == Some(e.kind.name()),
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{name}: got {:?}",
                got.map(|r| r.text).map_err(|e| e.to_string())
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn tags_scopes_and_loops() {
    check(&[
        // A `set` inside a loop lasts from one item to the next (one scope per loop) …
        (
            "{% for i in 0..2 %}{% if i == 0 %}{% set x = 'a' %}{% endif %}{{ x }}{% endfor %}",
            "aaa",
        ),
        // … and ends with it, unless the name exists outside.
        (
            "{% for i in 0..1 %}{% set y = i %}{% endfor %}[{{ y }}]",
            "[]",
        ),
        (
            "{% set n = 0 %}{% for i in 1..3 %}{% set n = n + i %}{% endfor %}{{ n }}",
            "6",
        ),
        // A `set` shadows a flow variable for the rest of the template only.
        ("{% set count = 1 %}{{ count }}", "1"),
        // Map entries iterate in key order, with key and value.
        (
            "{% for e in resp.map %}{{ e.key }}={{ e.value }}{% endfor %}",
            "a=1",
        ),
        (
            "{% if 0 %}a{% elseif '' %}b{% elseif 'x' %}c{% else %}d{% endif %}",
            "c",
        ),
        ("{%- if true -%}\n  x\n{%- endif -%}", "x"),
    ]);
    check_err(&[
        (
            "{% for x in callbackStatus %}{% endfor %}",
            ErrorKind::TypeMismatch,
        ),
        ("{% if resp.list %}x{% endif %}", ErrorKind::TypeMismatch),
        ("{% for x in resp.list %}", ErrorKind::UnclosedTag),
        (
            "{% if true %}{% else %}{% else %}{% endif %}",
            ErrorKind::UnexpectedTag,
        ),
        ("{% set = 1 %}", ErrorKind::Syntax),
        ("{% set x 1 %}", ErrorKind::Syntax),
        ("{% endif x %}", ErrorKind::UnexpectedTag),
    ]);
}
