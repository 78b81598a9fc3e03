use super::*;
use crate::parser::{parse_json_path, pest_oracle};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use std::time::{Duration, Instant};

/// Both parsers on `query`: the same model (compared through `Debug`, which tells `-0.0` from
/// `0.0`), or both an error.
fn agree(query: &str) -> Result<(), String> {
    let ours = parse_json_path(query);
    let pest = pest_oracle::parse_json_path(query);
    match (&ours, &pest) {
        (Ok(a), Ok(b)) if format!("{a:?}") == format!("{b:?}") => Ok(()),
        (Err(_), Err(_)) => Ok(()),
        _ => Err(format!("{query:?}\n  ours: {ours:?}\n  pest: {pest:?}")),
    }
}

fn assert_agree(query: &str) {
    if let Err(e) = agree(query) {
        panic!("{e}");
    }
}

/// Queries both parsers accept, from the RFC's examples and the corners of the grammar.
const VALID: &[&str] = &[
    "$",
    "$.store.book[*].author",
    "$..author",
    "$.store.*",
    "$.store..price",
    "$..book[2]",
    "$..book[2].author",
    "$..book[2].publisher",
    "$..book[-1]",
    "$..book[0,1]",
    "$..book[:2]",
    "$..book[?@.isbn]",
    "$..book[?@.price<10]",
    "$..*",
    "$.o['j j']",
    "$.o['j j']['k.k']",
    "$.o[\"j j\"][\"k.k\"]",
    "$[\"'\"][\"@\"]",
    "$[0, 3]",
    "$[0:2, 5]",
    "$[0, 0]",
    "$[1:3]",
    "$[5:]",
    "$[1:5:2]",
    "$[5:1:-2]",
    "$[::-1]",
    "$[ : ]",
    "$[ 1 : 2 : 3 ]",
    "$[::]",
    "$[::0]",
    "$[-9007199254740991:9007199254740991]",
    "$[?@.a == 'b']",
    "$[?@.a=='b']",
    "$[?@.a]",
    "$[?!@.a]",
    "$[? @.a]",
    "$[?\n@.a]",
    "$[?(@.a)]",
    "$[?!(@.a)]",
    "$[?! (@.a) ]",
    "$[?@ .a == 1]",
    "$[?@ ['a'] == 1]",
    "$[?@.a == @.b]",
    "$[?$.a == @.b]",
    "$[?@ == $]",
    "$[?@[0] == 1]",
    "$[?@[-1] != 'x']",
    "$[?@.a && @.b || @.c]",
    "$[?@.a || @.b && @.c]",
    "$[?@.a && (@.b || @.c)]",
    "$[?@.a || @.b || @.c]",
    "$[?@.a&&@.b&&@.c]",
    "$[?(@.a == 1 || @.b == 2) && !(@.c)]",
    "$[?@.a > 1 && @.a <= 3.5e2]",
    "$[?@.a == -0]",
    "$[?@.a == -0.0]",
    "$[?@.a == 1E+5]",
    "$[?@.a == 1e400]",
    "$[?@.a == true && @.b == false || @.c == null]",
    "$[?length(@.a) == 3]",
    "$[?length(@) < 3]",
    "$[?count(@.*) == 1]",
    "$[?count(@..a) > 0]",
    "$[?value(@..a) == 1]",
    "$[?match(@.a, 'a.*')]",
    "$[?search(@.a, \"b\")]",
    "$[?!match(@.a, 'x')]",
    "$[?match(@.a, @.b)]",
    "$[?search(@.a , 'x' )]",
    "$[?length( @.a )== 1]",
    "$[?in(@.a, 'x')]",
    "$[?nin(@.a, 1)]",
    "$[?none_of(@.a, @.b)]",
    "$[?any_of(@.a, $.b)]",
    "$[?subset_of(@.a, $.b)]",
    "$[?length(value(@)) == 1]",
    "$[?length(@['a']) == 1 && length($[0].b) == 2]",
    "$[?length(length(@)) == 1]",
    "$[?length('ab') == 2]",
    "$[?match(value(@..a), 'x')]",
    "$[?search(length(@), '1')]",
    "$[?!match(@, $.p)]",
    "$[?value(@[*]) == 1 && count($..a) > 1]",
    "$[?count(@[?@.a]) > 0]",
    "$[?@.a[?@.b[?@.c]]]",
    "$[?@.a, ?@.b]",
    "$['\\b\\f\\n\\r\\t\\/\\\\\\'']",
    "$[\"\\\"\\u00e9\\u00E9\"]",
    "$['\\ud83d\\ude00']",
    "$['\\uD83D\\uDE00']",
    "$['\u{7f}☺']",
    "$.é.日本",
    "$._",
    "$.true.null.length",
    "$ .a",
    "$\n.a",
    "$.a\r\n.b",
    "$['a'] [0]",
    "$..[0]",
    "$..['a', 'b']",
    "$.a\u{a0}",
    "$[?@.\u{a0}a == 1]",
    "$[?@.a\u{3000} == 1]",
];

/// Queries both parsers reject.
const INVALID: &[&str] = &[
    "",
    " $",
    "$ ",
    "a",
    "$a",
    "$.",
    "$..",
    "$...a",
    "$.1",
    "$.-a",
    "$. a",
    "$.. a",
    "$.\u{a0}a",
    "$.a*",
    "$.*a",
    "$[]",
    "$[0,]",
    "$[,0]",
    "$[0",
    "$['a'",
    "$['a]",
    "$[a]",
    "$[true]",
    "$[01]",
    "$[-0]",
    "$[00]",
    "$[9007199254740992]",
    "$[-9007199254740992]",
    "$[1 2]",
    "$[1:2:3:4]",
    "$[::-0]",
    "$[:01]",
    "$['\\x']",
    "$['\\\"']",
    "$[\"\\'\"]",
    "$['\\u00 41']",
    "$['\\u12']",
    "$['\\uD800']",
    "$['\\uDC00']",
    "$['\\uD800\\uD800']",
    "$['\\uD800x']",
    "$['a\tb']",
    "$['a\nb']",
    "$['\\U00e9']",
    "$[?]",
    "$[?@.a ==]",
    "$[?@.a = 1]",
    "$[?@.a === 1]",
    "$[?@.a <> 1]",
    "$[?@.a == 01]",
    "$[?@.a == -01]",
    "$[?@.a == 1.]",
    "$[?@.a == .5]",
    "$[?@.a == +1]",
    "$[?@.a == 1e]",
    "$[?@.a == 9007199254740992]",
    "$[?@.a == 9007199254740992.5]",
    "$[?@.a == t rue]",
    "$[?@.a == [1]]",
    "$[?@.a == {}]",
    "$[?@.a == @.b == 1]",
    "$[?(@.a == 1]",
    "$[?@.a == 1)]",
    "$[?!!@.a]",
    "$[?1]",
    "$[?true]",
    "$[?null]",
    "$[?'a']",
    "$[?@.* == 1]",
    "$[?@..a == 1]",
    "$[?@[*] == 1]",
    "$[?@[1:2] == 1]",
    "$[?@['a','b'] == 1]",
    "$[?@[ 0] == 1]",
    "$[?@[0 ] == 1]",
    "$[?@. a == 1]",
    "$[?@.\u{a0}a]",
    "$[?foo(@.a)]",
    "$[?length]",
    "$[?length == 1]",
    "$[?length (@.a)]",
    "$[?length(@.a, 1)]",
    "$[?length()]",
    "$[?match(@.a)]",
    "$[?match(@.a, 'x', 'y')]",
    "$[?match(@.a, 'x') == true]",
    "$[?in(@.a, 1) == true]",
    "$[?count(1) == 1]",
    "$[?count(!@.a) == 1]",
    "$[?count(@.a == 1) == 1]",
    "$[?length(1 == 1)]",
    "$[?lengthy(@)]",
    "$[?!true]",
    "$[?@.a && ]",
    "$[?@.a || ]",
    "$[?@.a &&& @.b]",
    "$[?@.a | @.b]",
    "$.a b",
    "$.a\tb",
    "$.a ",
    "$.a.b\n",
    "$[0]\n",
    "$['a'] x",
];

#[test]
fn valid_queries_parse_as_upstream_did() {
    for query in VALID {
        assert!(
            parse_json_path(query).is_ok(),
            "{query:?}: {:?}",
            parse_json_path(query)
        );
        assert_agree(query);
    }
}

#[test]
fn invalid_queries_are_rejected_as_upstream_did() {
    for query in INVALID {
        assert!(
            parse_json_path(query).is_err(),
            "{query:?}: {:?}",
            parse_json_path(query)
        );
        assert_agree(query);
    }
}

/// Accepted by upstream's grammar, where pest let white space into a shorthand name or a singular
/// query's step; errors here, as in RFC 9535 (the oracle's grammar is changed the same way).
#[test]
fn white_space_pest_let_into_names_is_an_error() {
    for query in [
        "$.a b",
        "$.a\tb",
        "$.a\r\nb",
        "$..a b",
        "$.a ",
        "$[?@.a b]",
        "$[?@.a b == 1]",
        "$[?@. a == 1]",
        "$[?@[ 0] == 1]",
        "$[?@[0 ] == 1]",
        "$[?@[ 'a' ] == 1]",
    ] {
        assert!(parse_json_path(query).is_err(), "{query:?}");
    }
}

/// (query, error message): what is wrong, and where (in characters, 1-based).
const ERRORS: &[(&str, &str)] = &[
    ("", "expected `$` (a JSONPath starts with `$`), found the end of the path at position 1"),
    ("data.x", "expected `$` (a JSONPath starts with `$`), found `d` at position 1"),
    ("$.data.task Details", "expected `.`, `..`, `[` or the end of the path, found a space at position 12"),
    ("$.a-b", "expected `.`, `..`, `[` or the end of the path, found `-` at position 4"),
    ("$.data.", "expected a name or `*` after `.`, found the end of the path at position 8"),
    ("$.tasks.0", "a name after `.` cannot start with a digit at position 9"),
    ("$.'a'", "expected a name or `*` after `.`, found `'` at position 3"),
    ("$..", "expected a name, `*` or `[` after `..`, found the end of the path at position 4"),
    ("$.\u{a0}a", "a name cannot start with U+00A0 (a space character) at position 3"),
    ("$.tasks[0", "expected `,` or `]`, found the end of the path at position 10"),
    ("$.tasks[0}", "expected `,` or `]`, found `}` at position 10"),
    ("$.tasks[first]", "expected a selector (a quoted name, `*`, an index, a slice or a `?` filter), found `f` at position 9"),
    ("$[]", "expected a selector (a quoted name, `*`, an index, a slice or a `?` filter), found `]` at position 3"),
    ("$[01]", "an integer cannot have leading zeros at position 3"),
    ("$[-0]", "`-0` is not an integer here (write `0`) at position 3"),
    ("$[9007199254740992]", "integer out of range (at most 9007199254740991 either way) at position 3"),
    ("$['abc", "expected `'` to end the string, found the end of the path at position 7"),
    ("$[\"abc", "expected `\"` to end the string, found the end of the path at position 7"),
    ("$['a\tb']", "a control character in a string must be escaped (`\\n`, `\\t`, `\\u0000` …) at position 5"),
    ("$['a\\qb']", "invalid escape: a string in '' may escape only b f n r t / \\ ' and u at position 5"),
    ("$['\\u12']", "expected four hexadecimal digits after `\\u`, found `'` at position 8"),
    ("$['\\uDC00']", "a low surrogate `\\uDC00`–`\\uDFFF` must follow a high surrogate at position 4"),
    ("$['é\\uD800']", "a high surrogate `\\uD800`–`\\uDBFF` must be followed by a low surrogate `\\uDC00`–`\\uDFFF` at position 5"),
    ("$[?@.a == ]", "expected a value to compare (a literal, a singular query or a function call), found `]` at position 11"),
    ("$[?@.a = 1]", "`=` is not a comparison operator (write `==`) at position 8"),
    ("$[?(@.a == 1]", "expected `&&`, `||` or `)`, found `]` at position 13"),
    ("$[?@.a[*] == 1]", "only a singular query (`.name`, `['name']` and `[index]` steps) can be compared at position 7"),
    ("$[?@..a == 1]", "only a singular query (`.name`, `['name']` and `[index]` steps) can be compared at position 5"),
    ("$[?@.a == x]", "expected a value to compare (a literal, a singular query or a function call), found `x` at position 11"),
    ("$[?x]", "expected a filter expression (a query, a comparison or a function call), found `x` at position 4"),
    ("$[?@.a == 'x' and @.b]", "expected `&&`, `||`, `,` or `]`, found `a` at position 15"),
    ("$[?(@.a = 'x')]", "`=` is not a comparison operator (write `==`) at position 9"),
    ("$[?length(@.a) = 1]", "`=` is not a comparison operator (write `==`) at position 16"),
    ("$[?@.a[0:1] = 1]", "`=` is not a comparison operator (write `==`) at position 13"),
    ("$[?1 = @.a]", "`=` is not a comparison operator (write `==`) at position 6"),
    ("$[?true]", "expected a comparison operator (`==`, `!=`, `<`, `<=`, `>`, `>=`) after a literal, found `]` at position 8"),
    ("$[?foo(@.a)]", "unknown function `foo` (the functions are length, count, value, match and search) at position 4"),
    ("$[?length (@.a)]", "expected `(` right after the function name, found a space at position 10"),
    ("$[?length(@.a, 1)]", "expected `)`: this function takes one argument, found `,` at position 14"),
    ("$[?match(@.a)]", "expected `,`: this function takes two arguments, found `)` at position 13"),
    ("$[?length()]", "expected a function argument (a literal, a query, a function call or a logical expression), found `)` at position 11"),
    ("$[?match(@.a, 'x') == true]", "`match()` is true or false and cannot be compared; use it alone as a test at position 4"),
    ("$[?count(1) == 1]", "`count()` takes a query (`@…` or `$…`), not a literal (RFC 9535, sections 2.4.3 and 2.4.5) at position 10"),
    ("$[?@.a &&]", "expected a filter expression (a query, a comparison or a function call), found `]` at position 10"),
    ("$\n[0}", "expected `,` or `]`, found `}` at position 5"),
];

/// Accepted by upstream, but not well-typed (RFC 9535 2.4.3): each message names the rule, at the
/// function used as a test or at the argument that does not fit.
const TYPE_ERRORS: &[(&str, &str)] = &[
    ("$[?length(@.a)]", "`length()` gives a value, not true or false, so it cannot be a test on its own: compare it, e.g. `length(@.name) > 0` (RFC 9535, section 2.4.3: a function used as a test must return a logical type or nodes) at position 4"),
    ("$[?!count(@.*)]", "`count()` gives a value, not true or false, so it cannot be a test on its own: compare it, e.g. `count(@.items[*]) > 0` (RFC 9535, section 2.4.3: a function used as a test must return a logical type or nodes) at position 5"),
    ("$[?@.a && value(@.b)]", "`value()` gives a value, not true or false, so it cannot be a test on its own: compare it, e.g. `value(@..id) == 1` (RFC 9535, section 2.4.3: a function used as a test must return a logical type or nodes) at position 11"),
    ("$[?length(1)]", "`length()` gives a value, not true or false, so it cannot be a test on its own: compare it, e.g. `length(@.name) > 0` (RFC 9535, section 2.4.3: a function used as a test must return a logical type or nodes) at position 4"),
    ("$[?length(@.*) < 3]", "`length()` takes one value, not a query that can select several nodes (use only `.name`, `['name']` and `[index]` steps) (RFC 9535, sections 2.4.3 and 2.4.4) at position 11"),
    ("$[?length(@[1, 2]) < 3]", "`length()` takes one value, not a query that can select several nodes (use only `.name`, `['name']` and `[index]` steps) (RFC 9535, sections 2.4.3 and 2.4.4) at position 11"),
    ("$[?length( $..a ) < 3]", "`length()` takes one value, not a query that can select several nodes (use only `.name`, `['name']` and `[index]` steps) (RFC 9535, sections 2.4.3 and 2.4.4) at position 12"),
    ("$[?match(@.a, @.p[?@])]", "`match()` takes one value, not a query that can select several nodes (use only `.name`, `['name']` and `[index]` steps) (RFC 9535, sections 2.4.3 and 2.4.6) at position 15"),
    ("$[?search(@[0:1], 'a')]", "`search()` takes one value, not a query that can select several nodes (use only `.name`, `['name']` and `[index]` steps) (RFC 9535, sections 2.4.3 and 2.4.7) at position 11"),
    ("$[?length(!@.a) == 1]", "`length()` takes a value, not a logical expression (RFC 9535, sections 2.4.3 and 2.4.4) at position 11"),
    ("$[?length((@.a)) == 1]", "`length()` takes a value, not a logical expression (RFC 9535, sections 2.4.3 and 2.4.4) at position 11"),
    ("$[?length(match(@, 'a')) == 1]", "`length()` takes a value, not `match()`, which gives true or false (RFC 9535, sections 2.4.3 and 2.4.4) at position 11"),
    ("$[?count(count(@)) == 1]", "`count()` takes a query (`@…` or `$…`), not the result of `count()` (RFC 9535, sections 2.4.3 and 2.4.5) at position 10"),
    ("$[?value('a') == 1]", "`value()` takes a query (`@…` or `$…`), not a literal (RFC 9535, sections 2.4.3 and 2.4.8) at position 10"),
    ("$[?value(!@.a) == 1]", "`value()` takes a query (`@…` or `$…`), not a logical expression (RFC 9535, sections 2.4.3 and 2.4.8) at position 10"),
    ("$[?@[?length(@.*)]]", "`length()` takes one value, not a query that can select several nodes (use only `.name`, `['name']` and `[index]` steps) (RFC 9535, sections 2.4.3 and 2.4.4) at position 14"),
];

#[test]
fn ill_typed_functions_say_which_rule() {
    for (query, message) in TYPE_ERRORS {
        match parse_json_path(query) {
            Ok(model) => panic!("{query:?} parsed: {model:?}"),
            Err(e) => assert_eq!(e.to_string(), *message, "{query:?}"),
        }
        assert_agree(query);
    }
}

#[test]
fn errors_say_what_and_where() {
    for (query, message) in ERRORS {
        match parse_json_path(query) {
            Ok(model) => panic!("{query:?} parsed: {model:?}"),
            Err(e) => assert_eq!(e.to_string(), *message, "{query:?}"),
        }
        assert_agree(query);
    }
}

#[test]
fn nesting_is_limited_with_an_error_not_a_stack_overflow() {
    let deep = 100_000;
    for query in [
        format!("$[?{}@.a{}]", "(".repeat(deep), ")".repeat(deep)),
        format!("${}", "[?@".repeat(deep)),
        format!("$[?{}", "length(".repeat(deep)),
        format!("$[?{}", "!(".repeat(deep)),
        format!("$[?{}1{}]", "count(@[?".repeat(deep), "])".repeat(deep)),
    ] {
        assert!(
            matches!(
                parse_json_path(&query),
                Err(JsonPathError::MaxNestingDepthExceeded(MAX_NESTING_DEPTH))
            ),
            "{query:.20}"
        );
    }
}

/// The most brackets and parentheses open at once (the queries here have no strings).
fn nesting(query: &str) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0;
    for c in query.chars() {
        match c {
            '[' | '(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ']' | ')' => depth -= 1,
            _ => {}
        }
    }
    deepest
}

/// `query` inside `levels` more filters: `$[?@` … `]`.
fn deepen(query: &str, levels: usize) -> String {
    let segments = &query[1..];
    format!("${}{segments}{}", "[?@".repeat(levels), "]".repeat(levels))
}

/// Every kind of nesting up to the limit parses, in a thread with a bounded stack; one more level
/// is an error. At the limit the parser needs at most 235 KB of stack in an optimized build and
/// 1.2 MB in a debug build (measured; the browser's main thread has 1 MB).
#[test]
fn nesting_up_to_the_limit_parses_on_a_bounded_stack() {
    let stack = if cfg!(debug_assertions) { 2_048 } else { 512 };
    let handle = std::thread::Builder::new()
        .stack_size(stack * 1024)
        .spawn(|| {
            let levels = MAX_NESTING_DEPTH / 2 - 1;
            for query in [
                format!("$[?{}@.a{}]", "(".repeat(levels), ")".repeat(levels)),
                format!("$[?{}@.a == 1{}]", "(".repeat(levels), ")".repeat(levels)),
                format!("$[?@{} == 1]", "[0]".repeat(levels)),
                format!("${}", "[?@".repeat(levels)) + &"]".repeat(levels),
                format!(
                    "$[?{}@.a{}]",
                    "count(@[?".repeat(levels),
                    "]) > 0".repeat(levels)
                ),
                format!(
                    "$[?{}@.a{}]",
                    "value(@[?".repeat(levels),
                    "]) == 1".repeat(levels)
                ),
                // Three open per level: half as many levels (`deepen` fills up to the limit).
                format!(
                    "$[?{}@.a{}]",
                    "!(count(@[?".repeat(levels / 2),
                    "]) > 0)".repeat(levels / 2)
                ),
                format!("$[?{}@{}]", "@[?!(".repeat(levels), ")]".repeat(levels)),
            ] {
                let at_limit = deepen(&query, MAX_NESTING_DEPTH - nesting(&query));
                assert_eq!(nesting(&at_limit), MAX_NESTING_DEPTH);
                assert!(parse_json_path(&at_limit).is_ok(), "{query:.30}");
                assert!(
                    matches!(
                        parse_json_path(&deepen(&at_limit, 1)),
                        Err(JsonPathError::MaxNestingDepthExceeded(MAX_NESTING_DEPTH))
                    ),
                    "{query:.30}"
                );
            }
        })
        .expect("thread");
    handle.join().expect("no stack overflow");
}

/// Upstream's PEG parsed a function call once as a comparison and again as a test, at every
/// level: 18 nested `length(@[?…])` took 30 s. Here the time is linear.
#[test]
fn nested_function_calls_take_linear_time() {
    let start = Instant::now();
    for depth in [20, 40, 63] {
        let query = format!(
            "$[?{}@{}]",
            "count(@[?".repeat(depth),
            "]) > 0".repeat(depth)
        );
        assert!(parse_json_path(&query).is_ok());
        let compared = format!(
            "$[?{}@{}]",
            "value(@[?".repeat(depth),
            "]) == 1".repeat(depth)
        );
        assert!(parse_json_path(&compared).is_ok());
        // Not well-typed at the innermost call (a value as a test): an error, as fast.
        let ill_typed = format!("$[?{}@{}]", "length(@[?".repeat(depth), "])".repeat(depth));
        assert!(parse_json_path(&ill_typed).is_err());
    }
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn long_queries_parse_in_linear_time() {
    let start = Instant::now();
    let names = format!("${}", ".abc".repeat(100_000));
    assert_eq!(
        parse_json_path(&names).map(|q| q.segments.len()),
        Ok(100_000)
    );
    let ors = format!("$[?{}@.z]", "@.a == 'x' || ".repeat(50_000));
    assert!(parse_json_path(&ors).is_ok());
    let string = format!("$['{}']", "\\u00e9".repeat(100_000));
    assert!(parse_json_path(&string).is_ok());
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn every_prefix_of_valid_queries_agrees_and_never_panics() {
    for query in VALID
        .iter()
        .chain(INVALID)
        .chain(ERRORS.iter().map(|(q, _)| q))
    {
        for (i, _) in query.char_indices() {
            assert_agree(&query[..i]);
            assert_agree(&query[i..]);
        }
    }
}

// ---- generated queries ----

/// `S`: mostly nothing, sometimes blanks, tabs and line breaks.
fn ws() -> BoxedStrategy<&'static str> {
    prop_oneof![8 => Just(""), 2 => Just(" "), 1 => Just("\t"), 1 => Just("\n"), 1 => Just(" \r\n ")]
    .boxed()
}

/// Shorthand names: ASCII, non-ASCII, with Unicode spaces (trimmed, or an error when first), and
/// words that are literals or function names elsewhere.
fn name() -> BoxedStrategy<String> {
    prop_oneof![
        6 => "[a-zA-Z_][a-zA-Z0-9_]{0,4}",
        1 => "[é日\u{10348}\u{e000}\u{ffff}][a-z0-9]{0,2}",
        1 => "[a-z]{1,2}[\u{a0}\u{3000}\u{85}\u{2028}][a-z]?",
        1 => "[\u{a0}\u{2003}][a-z]",
        1 => prop::sample::select(vec!["true", "false", "null", "length", "in", "nin", "match"])
            .prop_map(String::from),
    ]
    .boxed()
}

/// A quoted string with every kind of character and escape (some invalid: lone surrogates,
/// raw control characters, the other quote escaped).
fn string_literal() -> BoxedStrategy<String> {
    let piece = prop_oneof![
        6 => "[a-z .\\[\\]()$@?*,:=!<>&|-]{1,3}",
        1 => "[é☺\u{7f}\u{10348}\u{2028}\u{a0}]",
        2 => prop::sample::select(vec!["\\b", "\\f", "\\n", "\\r", "\\t", "\\/", "\\\\"])
            .prop_map(String::from),
        1 => "\\\\u[0-9a-fA-F]{4}",
        1 => "\\\\u[0-9a-cA-CeEfF][0-9a-fA-F]{3}",
        1 => "\\\\u[dD][89abAB][0-9a-fA-F]{2}\\\\u[dD][c-fC-F][0-9a-fA-F]{2}",
        1 => Just("Q".to_string()),
        1 => Just("O".to_string()),
        1 => Just("E".to_string()),
    ];
    (any::<bool>(), vec(piece, 0..4))
        .prop_map(|(double, pieces)| {
            let (quote, other) = if double { ('"', '\'') } else { ('\'', '"') };
            let mut s = quote.to_string();
            for piece in pieces {
                match piece.as_str() {
                    // The quote escaped, the other quote as is, the other quote escaped (invalid).
                    "Q" => s.extend(['\\', quote]),
                    "O" => s.push(other),
                    "E" => s.extend(['\\', other]),
                    text => s.push_str(text),
                }
            }
            s.push(quote);
            s
        })
        .boxed()
}

/// Integers, mostly valid; near and over the limits, with leading zeros, `-0`.
fn int() -> BoxedStrategy<String> {
    prop_oneof![
        4 => "0|-?[1-9][0-9]{0,2}",
        1 => "-?900719925474099[0-9]",
        1 => "-?[1-9][0-9]{15}",
        1 => prop::sample::select(vec!["9007199254740991", "-9007199254740991", "-0", "01", "-01", "00"])
            .prop_map(String::from),
    ]
    .boxed()
}

fn number() -> BoxedStrategy<String> {
    (
        prop_oneof![4 => int(), 1 => Just("-0".to_string())],
        prop_oneof![3 => Just(String::new()), 1 => "\\.[0-9]{1,3}"],
        prop_oneof![3 => Just(String::new()), 1 => "[eE][+-]?[0-9]{1,3}"],
    )
        .prop_map(|(i, f, e)| format!("{i}{f}{e}"))
        .boxed()
}

fn literal() -> BoxedStrategy<String> {
    prop_oneof![
        3 => number(),
        3 => string_literal(),
        1 => prop::sample::select(vec!["true", "false", "null"]).prop_map(String::from),
    ]
    .boxed()
}

/// `@` or `$` and name or index steps, now and then one that is not singular.
fn singular_query() -> BoxedStrategy<String> {
    let step = prop_oneof![
        4 => name().prop_map(|n| format!(".{n}")),
        2 => string_literal().prop_map(|s| format!("[{s}]")),
        2 => int().prop_map(|i| format!("[{i}]")),
        1 => prop::sample::select(vec!["[*]", ".*", "..a", "[1:2]", "['a','b']", "[ 0]", ". a"])
            .prop_map(String::from),
    ];
    (
        prop::sample::select(vec!["@", "$"]),
        vec((ws(), step), 0..3),
    )
        .prop_map(|(root, steps)| {
            let mut q = root.to_string();
            for (w, step) in steps {
                q.push_str(w);
                q.push_str(&step);
            }
            q
        })
        .boxed()
}

fn comp_op() -> BoxedStrategy<&'static str> {
    prop::sample::select(vec!["==", "!=", "<", "<=", ">", ">="]).boxed()
}

/// A selector; `filter` builds filter expressions.
fn selector(filter: BoxedStrategy<String>) -> BoxedStrategy<String> {
    let bound = prop_oneof![2 => Just(String::new()), 1 => int()];
    let slice = (
        bound.clone(),
        ws(),
        ws(),
        bound.clone(),
        ws(),
        prop::option::of((ws(), bound)),
    )
        .prop_map(|(start, w1, w2, end, w3, step)| {
            let step = step.map_or(String::new(), |(w, s)| format!(":{w}{s}"));
            format!("{start}{w1}:{w2}{end}{w3}{step}")
        });
    prop_oneof![
        3 => string_literal(),
        1 => Just("*".to_string()),
        2 => int(),
        1 => slice,
        2 => (ws(), filter).prop_map(|(w, f)| format!("?{w}{f}")),
    ]
    .boxed()
}

/// `*(S segment)`; `filter` builds the filters inside.
fn segments(filter: BoxedStrategy<String>) -> BoxedStrategy<String> {
    let selectors = vec((ws(), selector(filter), ws()), 1..3)
        .prop_map(|sels| {
            let inner: Vec<String> = sels
                .into_iter()
                .map(|(a, s, b)| format!("{a}{s}{b}"))
                .collect();
            format!("[{}]", inner.join(","))
        })
        .boxed();
    let segment = prop_oneof![
        4 => name().prop_map(|n| format!(".{n}")),
        1 => Just(".*".to_string()),
        1 => name().prop_map(|n| format!("..{n}")),
        1 => Just("..*".to_string()),
        1 => selectors.clone().prop_map(|s| format!("..{s}")),
        4 => selectors,
    ];
    vec((ws(), segment), 0..4)
        .prop_map(|segments| {
            segments
                .into_iter()
                .map(|(w, s)| format!("{w}{s}"))
                .collect()
        })
        .boxed()
}

/// A function call: a known name (or not), one or two arguments of every kind.
fn function(filter: BoxedStrategy<String>) -> BoxedStrategy<String> {
    let names = prop::sample::select(vec![
        "length",
        "value",
        "count",
        "match",
        "search",
        "in",
        "nin",
        "none_of",
        "any_of",
        "subset_of",
        "foo",
    ]);
    let argument = prop_oneof![
        2 => literal(),
        2 => singular_query(),
        1 => segments(filter.clone()).prop_map(|s| format!("@{s}")),
        1 => (any::<bool>(), ws(), filter).prop_map(|(not, w, f)| {
            if not { format!("!{w}({f})") } else { format!("({f})") }
        }),
    ];
    (names, ws(), vec((ws(), argument, ws()), 1..3))
        .prop_map(|(name, w, args)| {
            let args: Vec<String> = args
                .into_iter()
                .map(|(a, s, b)| format!("{a}{s}{b}"))
                .collect();
            // Mostly right after the name, as the RFC requires.
            let gap = if w == "\t" { " " } else { "" };
            format!("{name}{gap}({})", args.join(","))
        })
        .boxed()
}

/// Logical expressions: comparisons, tests, `!`, parentheses, `&&` and `||`, nested.
fn filter() -> BoxedStrategy<String> {
    let comparable = prop_oneof![2 => literal(), 2 => singular_query()];
    let leaf = prop_oneof![
        3 => (comparable.clone(), ws(), comp_op(), ws(), comparable)
            .prop_map(|(a, w1, op, w2, b)| format!("{a}{w1}{op}{w2}{b}")),
        2 => (prop::sample::select(vec!["", "!", "! "]), singular_query())
            .prop_map(|(not, q)| format!("{not}{q}")),
    ];
    leaf.prop_recursive(3, 24, 3, |inner| {
        prop_oneof![
            2 => (vec((inner.clone(), ws(), ws()), 2..4), any::<bool>()).prop_map(|(items, or)| {
                let op = if or { "||" } else { "&&" };
                let mut out = String::new();
                for (i, (item, w1, w2)) in items.into_iter().enumerate() {
                    if i > 0 {
                        out.push_str(w1);
                        out.push_str(op);
                        out.push_str(w2);
                    }
                    out.push_str(&item);
                }
                out
            }),
            1 => (prop::sample::select(vec!["", "!", "! "]), ws(), inner.clone(), ws())
                .prop_map(|(not, w1, e, w2)| format!("{not}({w1}{e}{w2})")),
            2 => (prop::sample::select(vec!["", "!"]), function(inner.clone()))
                .prop_map(|(not, f)| format!("{not}{f}")),
            2 => (function(inner.clone()), ws(), comp_op(), ws(), literal())
                .prop_map(|(f, w1, op, w2, l)| format!("{f}{w1}{op}{w2}{l}")),
            2 => (prop::sample::select(vec!["@", "$", "!@"]), segments(inner))
                .prop_map(|(root, s)| format!("{root}{s}")),
        ]
    })
    .boxed()
}

fn query() -> BoxedStrategy<String> {
    segments(filter()).prop_map(|s| format!("${s}")).boxed()
}

/// Up to three edits (insert, delete, replace) with characters that matter to the grammar.
fn mutated() -> BoxedStrategy<String> {
    let alphabet = prop::sample::select(
        "$@.[]*?()'\"0-9a:,<>=!&| \t\n\\-eu_é\u{a0}\u{0}"
            .chars()
            .collect::<Vec<_>>(),
    );
    let edit = (0usize..3, any::<prop::sample::Index>(), alphabet);
    (query(), vec(edit, 1..4))
        .prop_map(|(query, edits)| {
            let mut chars: Vec<char> = query.chars().collect();
            for (kind, at, c) in edits {
                let i = at.index(chars.len() + 1);
                match kind {
                    0 => chars.insert(i, c),
                    1 if i < chars.len() => {
                        chars.remove(i);
                    }
                    _ if i < chars.len() => chars[i] = c,
                    _ => chars.push(c),
                }
            }
            chars.into_iter().collect()
        })
        .boxed()
}

fn cases() -> u32 {
    // FUZZ_CASES (scripts/fuzz.sh) runs more cases.
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        ..ProptestConfig::default()
    })]

    #[test]
    fn agrees_with_pest_on_generated_queries(query in query()) {
        agree(&query).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn agrees_with_pest_on_mutated_queries(query in mutated()) {
        agree(&query).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn agrees_with_pest_on_arbitrary_text(
        text in prop_oneof![
            "\\$[$@.\\[\\]*?()'\"0-9a-z:,<>=!&| \t\n\\\\-]{0,30}",
            "[$@.\\[\\]*?()'\"0-9a-z:,<>=!&| \t\n\\\\-]{0,30}",
            any::<String>().prop_map(|s| format!("${s}")),
            any::<String>(),
        ]
    ) {
        agree(&text).map_err(TestCaseError::fail)?;
    }
}

/// The generator is worth its cases: most generated queries are valid.
#[test]
fn most_generated_queries_are_valid() {
    let mut runner = TestRunner::deterministic();
    let strategy = query();
    let total = 2_000;
    let valid = (0..total)
        .filter(|_| {
            let query = strategy.new_tree(&mut runner).expect("a query").current();
            parse_json_path(&query).is_ok()
        })
        .count();
    println!("{valid} of {total} generated queries are valid");
    assert!(
        valid * 2 > total,
        "only {valid} of {total} generated queries are valid"
    );
}

/// Not a test: the parser benchmark of `cargo bench-jsonpath` (ignored by `cargo test`).
/// Parses every selector of the JSONPath Compliance Test Suite with both parsers, alternating
/// rounds, and prints the median time of each and their ratio (times only compared within one run).
#[test]
#[ignore = "benchmark: cargo bench-jsonpath"]
fn parser_speed_against_pest() {
    let dir = std::env::var_os("JSONPATH_CTS_DIR").map_or_else(
        || {
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/conformance/jsonpath-cts")
        },
        std::path::PathBuf::from,
    );
    let text = std::fs::read_to_string(dir.join("cts.json")).expect("cts.json (JSONPATH_CTS_DIR)");
    let suite: serde_json::Value = serde_json::from_str(&text).expect("cts.json is JSON");
    let selectors: Vec<String> = suite["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .filter_map(|case| case["selector"].as_str().map(str::to_owned))
        .collect();
    let time = |parse: fn(&str) -> crate::parser::Parsed<crate::parser::model::JpQuery>| {
        let start = Instant::now();
        for _ in 0..20 {
            for selector in &selectors {
                std::hint::black_box(parse(std::hint::black_box(selector)).is_ok());
            }
        }
        start.elapsed()
    };
    let (mut ours, mut pest) = (Vec::new(), Vec::new());
    for _ in 0..15 {
        ours.push(time(parse_json_path));
        pest.push(time(pest_oracle::parse_json_path));
    }
    ours.sort();
    pest.sort();
    let (ours, pest) = (ours[ours.len() / 2], pest[pest.len() / 2]);
    let per = |d: Duration| d.as_secs_f64() * 1e6 / (20 * selectors.len()) as f64;
    println!(
        "{} selectors of the compliance suite, median of 15 rounds of 20 parses each:\n  descent (ours): {:.2} µs per selector\n  pest (upstream): {:.2} µs per selector\n  ours is {:.1}x faster",
        selectors.len(),
        per(ours),
        per(pest),
        pest.as_secs_f64() / ours.as_secs_f64()
    );
}
