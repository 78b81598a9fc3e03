//! Property tests: arbitrary input never panics and finishes; printing then re-parsing literals
//! round-trips; the limits turn huge inputs into quick errors.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use callback_lab::engine::{render_str, ErrorKind, FixedClock, Template, Value, Variables};
use proptest::prelude::*;
use std::time::{Duration, Instant};

fn vars() -> Variables {
    let mut v = Variables::new();
    v.set("callbackStatus", Value::String("Not Processed".into()));
    v.set("callbackConnectTime", Value::String("-1".into()));
    v.set(
        "HTTPRequest_CallBackSearch.httpStatusCode",
        Value::Integer(200),
    );
    v.set(
        "j",
        Value::Json(serde_json::json!({"a": [1, {"b": "x"}], "n": null})),
    );
    v.set("n", Value::Integer(3));
    v
}

const PIECES: &[&str] = &[
    "{{",
    "}}",
    "{{-",
    "-}}",
    "{#",
    "#}",
    "{%",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    ".",
    "?",
    "|",
    "~",
    "+",
    "-",
    "*",
    "/",
    "%",
    "==",
    "!=",
    "<",
    ">",
    "<=",
    ">=",
    "=",
    "!",
    "&&",
    "and",
    "or",
    "not",
    "is",
    "not",
    "null",
    "empty",
    "defined",
    "contains",
    "equals",
    "true",
    "false",
    "0",
    "1",
    "-1",
    "200",
    "1.5",
    "9223372036854775807",
    "\"",
    "'",
    "\\",
    "#{",
    "\"a\"",
    "'b'",
    "\"#{n}\"",
    "“",
    "”",
    "‘",
    "’",
    " ",
    "\n",
    "callbackStatus",
    "callbackConnectTime",
    "HTTPRequest_CallBackSearch.httpStatusCode",
    "j",
    "j.a",
    "n",
    "x",
    "now()",
    "epoch",
    "(inMillis=true)",
    "split",
    "(\",\")",
    "first",
    "last",
    "length",
    "slice",
    "(1, 2)",
    "upper",
    "default",
    "(\"d\")",
    "abs",
    "replace",
    "({\"a\": \"b\"})",
    "trim",
    "join",
    "max(1, 2)",
    "é",
    // Tags, whitespace control, methods and the filters added for Pebble conformance.
    "{% if ",
    "{% elseif ",
    "{% else %}",
    "{% endif %}",
    "{% for x in ",
    "{% endfor %}",
    "{% set y = ",
    "%}",
    "{%-",
    "-%}",
    "{% verbatim %}",
    "{% endverbatim %}",
    "{#-",
    "-#}",
    "..",
    "0..3",
    "loop.index",
    "loop.last",
    "x",
    "y",
    ".length",
    ".substring(1)",
    ".substring(1, 2)",
    ".charAt(9)",
    ".split(',')",
    ".matches('a+')",
    ".replaceAll('(a)', '$1')",
    ".size",
    ".get(0)",
    "date",
    "('yyyy-MM-dd HH:mm z', timeZone='Europe/Paris')",
    "numberformat",
    "('#,##0.00')",
    "sort",
    "rsort",
    "merge",
    "([1])",
    "escape",
    "sha256",
    "base64encode",
    "base64decode",
    "range(0, 3)",
    "range('a', 'c')",
    "is empty()",
    "水",
    "5L",
];

/// Patterns over a small alphabet in the syntax Java and the regex crate share. A repeated part
/// never matches empty: there Java ends the loop at the empty iteration while the regex crate
/// tries the next alternative (`(?:c*|[^a])*` on "c1": Java (0, 1), the crate (0, 2)).
fn regex_pattern() -> impl Strategy<Value = String> {
    let atom = prop::sample::select(vec!["a", "b", "c", ".", "[ab]", "[^a]", "\\d", "1"])
        .prop_map(|a| (a.to_string(), false));
    atom.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| {
                let empty = v.iter().all(|(_, e)| *e);
                (v.into_iter().map(|(p, _)| p).collect::<String>(), empty)
            }),
            (inner.clone(), inner.clone())
                .prop_map(|((a, x), (b, y))| (format!("{a}|{b}"), x || y)),
            inner.clone().prop_map(|(a, e)| (format!("({a})"), e)),
            inner.clone().prop_map(|(a, e)| (format!("(?:{a})"), e)),
            (
                inner,
                prop::sample::select(vec!["*", "+", "?", "{1,2}", "{2}", "*?", "+?", "??"])
            )
                .prop_map(|((a, e), q)| {
                    if e {
                        (format!("(?:{a})"), e)
                    } else {
                        let empty = !matches!(q, "+" | "{1,2}" | "{2}" | "+?");
                        (format!("(?:{a}){q}"), empty)
                    }
                }),
        ]
    })
    .prop_map(|(p, _)| p)
}

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|v| v.concat())
}

fn block_soup() -> impl Strategy<Value = String> {
    soup().prop_map(|s| format!("{{{{ {s} }}}}"))
}

fn check_no_panic(src: &str) {
    let start = Instant::now();
    let r = render_str(src, &vars(), &FixedClock(0));
    // Errors carry a position inside the source.
    if let Err(e) = &r {
        assert!(
            e.span.start <= src.len() && e.span.end <= src.len() + 2,
            "{e:?}"
        );
        assert!(e.line >= 1 && e.column >= 1);
        let _ = e.to_string();
    }
    assert!(start.elapsed() < Duration::from_secs(2), "slow: {src:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: support::cases(2000), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(src in "\\PC{0,80}") {
        check_no_panic(&src);
    }

    #[test]
    fn token_soup_never_panics(src in soup()) {
        check_no_panic(&src);
    }

    #[test]
    fn block_soup_never_panics(src in block_soup()) {
        check_no_panic(&src);
    }

    #[test]
    fn integers_round_trip(i in (i64::MIN + 1)..=i64::MAX) {
        let printed = Value::Integer(i).to_text();
        let r = render_str(&format!("{{{{ {printed} }}}}"), &Variables::new(), &FixedClock(0)).unwrap();
        prop_assert_eq!(r.value, Some(Value::Integer(i)));
        prop_assert_eq!(r.text, printed);
    }

    #[test]
    fn decimals_round_trip(d in 0.001f64..1.0e7) {
        let printed = Value::Decimal(d).to_text();
        let r = render_str(&format!("{{{{ {printed} }}}}"), &Variables::new(), &FixedClock(0)).unwrap();
        prop_assert_eq!(r.value, Some(Value::Decimal(d)));
        prop_assert_eq!(r.text, printed);
    }

    #[test]
    fn strings_round_trip_in_either_quote(s in "[^\\\\]{0,40}") {
        // The only escape is a backslash before the same quote.
        for quote in ['\'', '"'] {
            if quote == '"' && s.contains("#{") {
                continue;
            }
            let escaped = s.replace(quote, &format!("\\{quote}"));
            let src = format!("{{{{ {quote}{escaped}{quote} }}}}");
            let r = render_str(&src, &Variables::new(), &FixedClock(0)).unwrap();
            prop_assert_eq!(r.value, Some(Value::String(s.clone())));
        }
    }

    #[test]
    fn booleans_and_null_round_trip(b in any::<bool>()) {
        let printed = Value::Boolean(b).to_text();
        let r = render_str(&format!("{{{{ {printed} }}}}"), &Variables::new(), &FixedClock(0)).unwrap();
        prop_assert_eq!(r.value, Some(Value::Boolean(b)));
    }

    #[test]
    fn tag_soup_never_panics(body in soup(), cond in soup()) {
        check_no_panic(&format!("{{% if {cond} %}}{body}{{% else %}}{{{{ {cond} }}}}{{% endif %}}"));
        check_no_panic(&format!("{{% for x in {cond} %}}{body}{{% endfor %}}"));
    }

    /// The Java regular expressions (`split`, `matches`) agree with the regex crate, whose
    /// leftmost-first semantics are a backtracking engine's, on the syntax both read.
    #[test]
    fn java_regex_agrees_with_the_regex_crate(pattern in regex_pattern(), text in "[abc1]{0,10}") {
        let ours = callback_lab::engine::regex::Regex::new(&pattern).unwrap();
        let theirs = regex::Regex::new(&pattern).unwrap();
        let chars: Vec<char> = text.chars().collect();
        let mut budget = callback_lab::engine::regex::Budget::default();
        let found = ours.find_at(&chars, 0, &mut budget).unwrap();
        prop_assert_eq!(found, theirs.find(&text).map(|m| (m.start(), m.end())), "{}", pattern);
        let anchored = regex::Regex::new(&format!("^(?:{pattern})$")).unwrap();
        let mut budget = callback_lab::engine::regex::Budget::default();
        prop_assert_eq!(ours.full_match(&chars, &mut budget).unwrap(), anchored.is_match(&text));
    }

    #[test]
    fn substring_is_java_substring(s in "[a-z]{0,12}", a in 0usize..14, b in 0usize..14) {
        let r = render_str(&format!("{{{{ s.substring({a}, {b}) }}}}"), &{
            let mut v = Variables::new();
            v.set("s", Value::String(s.clone()));
            v
        }, &FixedClock(0));
        match s.get(a..b) {
            Some(part) if a <= b => prop_assert_eq!(r.unwrap().text, part),
            _ => prop_assert_eq!(r.unwrap_err().kind, ErrorKind::IndexOutOfRange),
        }
    }

    /// Dates, numbers and regular expressions from any input: an answer or a positioned error.
    #[test]
    fn java_formats_never_panic(
        ms in any::<i64>(),
        d in any::<f64>(),
        text in "[-+0-9a-zA-Z :/.,']{0,24}",
        pattern in prop::sample::select(vec![
            "yyyy-MM-dd'T'HH:mm:ssZ", "yy/M/d h:mm a", "EEEE d MMMM yyyy", "D w W F u k K S z X XXX",
            "#,##0.00", "0.###E0", "$#,##0;($#,##0)", "#%", "'", "q", "\\d+", "(a|b)*c", "[^,]+",
        ]),
    ) {
        let mut v = Variables::new();
        v.set("ms", Value::Integer(ms));
        v.set("d", Value::Decimal(d));
        v.set("t", Value::String(text));
        v.set("p", Value::String(pattern.to_string()));
        for src in [
            "{{ ms | date(p) }}",
            "{{ ms | date(p, timeZone='America/New_York') }}",
            "{{ t | date(p, existingFormat=p) }}",
            "{{ d | numberformat(p) }}",
            "{{ ms | numberformat(p) }}",
            "{{ t | split(p) | length }}",
            "{{ t.matches(p) }} {{ t.replaceAll(p, '$0') }}",
            "{{ t.substring(ms % 5) }}",
        ] {
            let r = render_str(src, &v, &FixedClock(0));
            if let Err(e) = r {
                prop_assert!(e.span.end <= src.len(), "{e:?}");
            }
        }
    }

    #[test]
    fn numbers_equal_by_value(i in -1_000_000i64..1_000_000) {
        let src = format!("{{{{ {i} == {i}.0 and \"{i}\" != {i} }}}}");
        let r = render_str(&src, &Variables::new(), &FixedClock(0)).unwrap();
        prop_assert_eq!(r.text, "true");
    }
}

fn assert_quick_limit(src: &str) {
    let start = Instant::now();
    let e = Template::parse(src)
        .and_then(|t| callback_lab::engine::render(&t, &vars(), &FixedClock(0)))
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::LimitExceeded, "{e}");
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn deep_parentheses_are_a_quick_error() {
    let n = 10_000;
    assert_quick_limit(&format!("{{{{ {}1{} }}}}", "(".repeat(n), ")".repeat(n)));
    assert_quick_limit(&format!("{{{{ {}1 }}}}", "not ".repeat(n)));
    assert_quick_limit(&format!("{{{{ {}1 }}}}", "-".repeat(n)));
    assert_quick_limit(&format!("{{{{ {}1{} }}}}", "[".repeat(n), "]".repeat(n)));
    assert_quick_limit(&format!("{{{{ 1{} }}}}", " + 1".repeat(n)));
    assert_quick_limit(&format!("{{{{ 1{} }}}}", " | abs".repeat(n)));
    assert_quick_limit(&format!("{{{{ true{} }}}}", " ? 1 : true".repeat(n)));
    assert_quick_limit(&format!(
        "{{{{ {}1{} }}}}",
        "\"#{".repeat(200),
        "}\"".repeat(200)
    ));
    // Tags: deep nesting, and nested loops with nothing in them.
    assert_quick_limit(&format!(
        "{}x{}",
        "{% if true %}".repeat(n),
        "{% endif %}".repeat(n)
    ));
    assert_quick_limit(
        "{% for i in 0..9999 %}{% for j in 0..9999 %}{% for k in 0..9999 %}{% endfor %}{% endfor %}{% endfor %}",
    );
    assert_quick_limit("{% for i in range(0, 1000000000) %}{% endfor %}");
    assert_quick_limit("{{ 'a'.repeat(1000000).repeat(1000000) }}");
    // Backtracking regular expressions share one budget per render, loops included.
    assert_quick_limit("{% for i in 0..9999 %}{{ 'aaaaaaaaaaab'.matches('(a+)+c') }}{% endfor %}");
    // Unclosed nest: the lexer reports it without recursion.
    let e = Template::parse(&format!("{{{{ {}1 }}}}", "(".repeat(n))).unwrap_err();
    assert_eq!(e.kind, ErrorKind::UnbalancedDelimiter);
}

#[test]
fn a_megabyte_expression_is_a_quick_error() {
    let big = format!("{{{{ \"{}\" }}}}", "a".repeat(1 << 20));
    assert_quick_limit(&big);
    assert_quick_limit(&"x".repeat(1 << 20));
}

#[test]
fn reasonable_depth_is_accepted() {
    let n = 30;
    let r = render_str(
        &format!("{{{{ {}1{} }}}}", "(".repeat(n), ")".repeat(n)),
        &Variables::new(),
        &FixedClock(0),
    )
    .unwrap();
    assert_eq!(r.text, "1");
}

#[test]
fn evaluation_steps_are_bounded() {
    let mut v = vars();
    v.set("big", Value::String("x".repeat(900_000)));
    let sum = vec!["(big | length)"; 60].join(" + ");
    let start = Instant::now();
    let e = render_str(&format!("{{{{ {sum} }}}}"), &v, &FixedClock(0)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::LimitExceeded, "{e}");
    assert!(start.elapsed() < Duration::from_secs(2));
    // Output growth is bounded too.
    let e = render_str("{{ big | replace({\"x\": \"xx\"}) }}", &v, &FixedClock(0)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::LimitExceeded);
    let e = render_str("{{ big ~ big }}", &v, &FixedClock(0)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::LimitExceeded);
}
