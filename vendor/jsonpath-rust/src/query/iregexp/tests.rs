use super::*;
use proptest::prelude::*;
use std::time::{Duration, Instant};

/// (pattern, haystack, match(), search())
const CASES: &[(&str, &str, bool, bool)] = &[
    // literals, concatenation, the empty pattern
    ("abc", "abc", true, true),
    ("abc", "xabcx", false, true),
    ("", "", true, true),
    ("", "x", false, true),
    // `^` and `$` are anchors (as the compliance suite reads them), `\^` and `[$]` literals
    ("^a$", "a", true, true),
    ("^a$", "^a$", false, false),
    ("^ab.*", "abc", true, true),
    ("^ab.*", "xab", false, false),
    (".*bc$", "abc", true, true),
    (".*bc$", "abcx", false, false),
    ("b$", "ab", false, true),
    ("b$", "ab$c", false, false),
    ("b[$]", "ab$c", false, true),
    ("\\^a", "x^a", false, true),
    ("^", "", true, true),
    ("^", "x", false, true),
    ("$", "x", false, true),
    ("^$", "", true, true),
    ("^$", "x", false, false),
    ("a^", "a", false, false),
    ("$a", "a", false, false),
    ("^^a$$", "a", true, true),
    ("(^a|b)+", "ab", true, true),
    ("(^a|b)+", "ba", false, true),
    ("(^)*a", "a", true, true),
    ("x|^a", "ba", false, false),
    ("a$|x", "ab", false, false),
    ("a$|x", "ba", false, true),
    ("[\\^$]+", "^$", true, true),
    ("\n$", "a\n", false, true),
    ("^a", "\na", false, false),
    // alternation is anchored as a whole by match()
    ("a|b", "a", true, true),
    ("a|b", "b", true, true),
    ("a|b", "ab", false, true),
    ("a|b", "xb", false, true),
    ("a|", "", true, true),
    ("|a", "a", true, true),
    ("a||b", "", true, true),
    // groups
    ("(ab)+", "ababab", true, true),
    ("(ab)+", "aba", false, true),
    ("()", "", true, true),
    ("(a|b)c", "bc", true, true),
    ("((a))", "a", true, true),
    // quantifiers and their bounds
    ("a*", "", true, true),
    ("a*", "aaaa", true, true),
    ("a+", "", false, false),
    ("a+", "aaa", true, true),
    ("a?", "", true, true),
    ("a?", "aa", false, true),
    ("a{3}", "aa", false, false),
    ("a{3}", "aaa", true, true),
    ("a{3}", "aaaa", false, true),
    ("a{2,}", "a", false, false),
    ("a{2,}", "aaaaa", true, true),
    ("a{2,3}", "a", false, false),
    ("a{2,3}", "aa", true, true),
    ("a{2,3}", "aaa", true, true),
    ("a{2,3}", "aaaa", false, true),
    ("a{0}", "", true, true),
    ("a{0}", "a", false, true),
    ("a{0,0}b", "b", true, true),
    ("a{0,1}", "a", true, true),
    ("a{1,1}", "a", true, true),
    ("(a|bc){2}", "bca", true, true),
    ("(a*)*", "aaa", true, true),
    ("(a?)+b", "b", true, true),
    // `.` is any character except \n and \r
    (".", "a", true, true),
    (".", "é", true, true),
    (".", "\u{2028}", true, true),
    (".", "\n", false, false),
    (".", "\r", false, false),
    (".", "\r\n", false, false),
    ("..", "\r\n", false, false),
    ("a.b", "a\rb", false, false),
    (".*", "ab\ncd", false, true),
    ("[.]", "x", false, false),
    ("[.]", ".", true, true),
    ("[^a]", "\n", true, true),
    // classes: ranges, negation, `-` first or last, escaped metacharacters
    ("[a-c]", "b", true, true),
    ("[a-c]", "d", false, false),
    ("[a-cx-z]+", "abyz", true, true),
    ("[^a-c]", "b", false, false),
    ("[^a-c]", "d", true, true),
    ("[-a]", "-", true, true),
    ("[a-]", "-", true, true),
    ("[^-]", "-", false, false),
    ("[-]", "-", true, true),
    ("[--]", "-", true, true),
    ("[a-b-]", "-", true, true),
    ("[\\-a]", "-", true, true),
    ("[\\]]", "]", true, true),
    ("[\\[\\]]+", "[]", true, true),
    ("[\\\\]", "\\", true, true),
    ("[\\^]", "^", true, true),
    ("[a^]", "^", true, true),
    ("[\\n-\\r]", "\u{b}", true, true),
    ("[\\t]", "\t", true, true),
    ("[ab", "ab", false, false),
    // single-character escapes
    ("\\.", ".", true, true),
    ("\\.", "a", false, false),
    ("\\*\\+\\?", "*+?", true, true),
    ("\\(\\)", "()", true, true),
    ("\\{\\}", "{}", true, true),
    ("\\|", "|", true, true),
    ("\\[\\]", "[]", true, true),
    ("\\\\", "\\", true, true),
    ("\\^", "^", true, true),
    ("\\-", "-", true, true),
    ("\\n\\r\\t", "\n\r\t", true, true),
    // general categories, major classes and their complements
    ("\\p{Lu}", "Ж", true, true),
    ("\\p{Lu}", "ж", false, false),
    ("\\P{Lu}", "ж", true, true),
    ("\\P{Lu}+", "ж1", true, true),
    ("\\p{Lu}", "жЖ", false, true),
    ("\\p{Ll}\\p{Lu}", "aB", true, true),
    ("\\p{Lt}", "ǅ", true, true),
    ("\\p{Lu}", "ǅ", false, false),
    ("\\p{Lm}\\p{Lo}", "ʰא", true, true),
    ("\\p{L}+", "aЖǅʰא", true, true),
    ("\\p{L}", "1", false, false),
    ("\\p{Mn}", "\u{301}", true, true),
    ("\\p{Mc}\\p{Me}", "\u{903}\u{20DD}", true, true),
    ("e\\p{M}", "e\u{301}", true, true),
    ("\\p{Nd}+", "12٣", true, true),
    ("\\p{Nd}", "Ⅻ", false, false),
    ("\\p{Nl}\\p{No}", "Ⅻ½", true, true),
    ("\\p{Pc}\\p{Pd}\\p{Ps}\\p{Pe}", "_-()", true, true),
    ("\\p{Pi}\\p{Pf}\\p{Po}", "«»!", true, true),
    ("\\p{P}+", "_-()«»!", true, true),
    ("\\p{Sm}\\p{Sc}\\p{Sk}\\p{So}", "+$^©", true, true),
    ("\\p{S}+", "+$^©", true, true),
    ("\\p{Cf}", "\u{200D}", true, true),
    ("\\p{Cn}", "\u{378}", true, true),
    ("\\p{Cn}", "a", false, false),
    ("\\p{C}+", "\u{7}\u{200D}\u{378}\u{E000}", true, true),
    ("\\P{C}", "\u{7}", false, false),
    ("[\\p{Lu}\\p{Nd}]+", "A1", true, true),
    ("[^\\p{L}]", "a", false, false),
    // alternating Lu/Ll runs of the table, at both ends and outside the BMP
    ("\\p{Lu}\\p{Ll}\\p{Lu}\\p{Ll}", "ĀāĮį", true, true),
    ("\\p{Lu}", "ā", false, false),
    ("\\p{Ll}\\p{Lu}", "𐐨𐐀", true, true),
    ("\\p{N}+", "12٣Ⅻ½", true, true),
    ("\\p{N}", "a", false, false),
    ("\\P{N}", "a", true, true),
    ("\\P{N}", "1", false, false),
    ("\\p{Zs}", "\u{a0}", true, true),
    ("\\p{Zs}", "\t", false, false),
    ("\\p{Z}", "\u{2029}", true, true),
    ("\\p{Zl}", "\u{2028}", true, true),
    ("\\p{Zp}", "\u{2028}", false, false),
    ("\\p{Cc}", "\u{7f}", true, true),
    ("\\p{Co}", "\u{e000}", true, true),
    ("[\\p{N}a]+", "a1", true, true),
    ("[^\\p{N}]", "1", false, false),
    ("[^\\P{N}]", "1", true, true),
    // a category and its complement: everything, so negated nothing (found by the property test)
    ("[\\P{Co}\\p{Co}]", "\u{e000}", true, true),
    ("[^\\P{Co}\\p{Co}]", "\u{e000}", false, false),
    // characters outside the BMP
    ("😀+", "😀😀", true, true),
    ("[😀-😂]", "😁", true, true),
];

#[test]
fn constructs() {
    for &(pattern, haystack, matches, searches) in CASES {
        match IRegexp::new(pattern) {
            Ok(re) => {
                assert_eq!(
                    re.is_match(haystack),
                    matches,
                    "match({haystack:?}, {pattern:?})"
                );
                assert_eq!(
                    re.is_match_within(haystack),
                    searches,
                    "search({haystack:?}, {pattern:?})"
                );
            }
            // A rejected pattern is false for both functions.
            Err(e) => assert!(!matches && !searches, "{pattern:?}: {e}"),
        }
    }
}

/// (pattern, error, offset)
const ERRORS: &[(&str, ErrorKind, usize)] = &[
    ("*a", ErrorKind::NothingToRepeat, 0),
    ("a**", ErrorKind::NothingToRepeat, 2),
    ("a*?", ErrorKind::NothingToRepeat, 2),
    ("a{2}*", ErrorKind::NothingToRepeat, 4),
    ("a{2}{3}", ErrorKind::Unescaped('{'), 4),
    ("(+)", ErrorKind::NothingToRepeat, 1),
    ("|?", ErrorKind::NothingToRepeat, 1),
    ("a]", ErrorKind::Unescaped(']'), 1),
    ("a}", ErrorKind::Unescaped('}'), 1),
    ("{", ErrorKind::Unescaped('{'), 0),
    ("a{", ErrorKind::InvalidQuantifier, 1),
    ("a{}", ErrorKind::InvalidQuantifier, 1),
    ("a{,2}", ErrorKind::InvalidQuantifier, 1),
    ("a{1,2", ErrorKind::InvalidQuantifier, 1),
    ("a{1 }", ErrorKind::InvalidQuantifier, 1),
    ("a{x}", ErrorKind::InvalidQuantifier, 1),
    ("a{3,2}", ErrorKind::InvalidBounds, 1),
    ("a{4294967296}", ErrorKind::InvalidBounds, 1),
    ("(a", ErrorKind::UnclosedGroup, 0),
    ("a(b(c)", ErrorKind::UnclosedGroup, 1),
    ("a)", ErrorKind::UnmatchedParen, 1),
    (")(", ErrorKind::UnmatchedParen, 0),
    ("[a", ErrorKind::UnclosedClass, 0),
    ("[a-", ErrorKind::UnclosedClass, 0),
    ("[]", ErrorKind::EmptyClass, 0),
    ("[^]", ErrorKind::EmptyClass, 0),
    ("[]a]", ErrorKind::EmptyClass, 0),
    ("[a-b-c]", ErrorKind::Unescaped('-'), 4),
    ("[a--]", ErrorKind::Unescaped('-'), 3),
    ("[---]", ErrorKind::Unescaped('-'), 2),
    ("[a[]", ErrorKind::Unescaped('['), 2),
    ("[z-a]", ErrorKind::InvalidRange, 1),
    ("[a-\\p{N}]", ErrorKind::InvalidRange, 3),
    ("[\\p{N}-a]", ErrorKind::Unescaped('-'), 6),
    ("\\", ErrorKind::TrailingBackslash, 0),
    ("\\d", ErrorKind::InvalidEscape('d'), 0),
    ("\\w", ErrorKind::InvalidEscape('w'), 0),
    ("\\s", ErrorKind::InvalidEscape('s'), 0),
    ("\\b", ErrorKind::InvalidEscape('b'), 0),
    ("(a)\\1", ErrorKind::InvalidEscape('1'), 3),
    ("\\$", ErrorKind::InvalidEscape('$'), 0),
    ("\\/", ErrorKind::InvalidEscape('/'), 0),
    ("[\\d]", ErrorKind::InvalidEscape('d'), 1),
    ("\\p", ErrorKind::InvalidEscape('p'), 0),
    ("\\pN", ErrorKind::InvalidEscape('p'), 0),
    ("\\p{N", ErrorKind::UnknownCategory(String::new()), 0),
    ("\\p{Xx}", ErrorKind::UnknownCategory(String::new()), 0),
    ("\\p{Cs}", ErrorKind::UnknownCategory(String::new()), 0),
    (
        "\\p{C}\\p{Cs}",
        ErrorKind::UnknownCategory(String::new()),
        5,
    ),
    ("\\p{}", ErrorKind::UnknownCategory(String::new()), 0),
    ("\\p{X}", ErrorKind::UnknownCategory(String::new()), 0),
    ("\\p{Lx}", ErrorKind::UnknownCategory(String::new()), 0),
    ("\\p{lu}", ErrorKind::UnknownCategory(String::new()), 0),
    ("\\p{LU}", ErrorKind::UnknownCategory(String::new()), 0),
    ("\\p{Lul}", ErrorKind::UnknownCategory(String::new()), 0),
    ("\\p{L&}", ErrorKind::UnknownCategory(String::new()), 0),
    ("\\p{Lu }", ErrorKind::UnknownCategory(String::new()), 0),
    ("[\\p{Nx}]", ErrorKind::UnknownCategory(String::new()), 1),
    (
        "\\p{IsBasicLatin}",
        ErrorKind::UnknownCategory(String::new()),
        0,
    ),
    // anchors match no character: nothing to repeat
    ("^*", ErrorKind::NothingToRepeat, 1),
    ("a$+", ErrorKind::NothingToRepeat, 2),
    ("^{2}", ErrorKind::NothingToRepeat, 1),
    ("$?", ErrorKind::NothingToRepeat, 1),
];

#[test]
fn errors_say_what_and_where() {
    for (pattern, want, offset) in ERRORS {
        let e = IRegexp::new(pattern).expect_err(pattern);
        // Category names are compared by variant only (the table cannot build Strings).
        let same = match (&e.kind, want) {
            (ErrorKind::UnknownCategory(_), ErrorKind::UnknownCategory(_)) => true,
            (got, want) => got == want,
        };
        assert!(same, "{pattern:?}: {e:?}, want {want:?}");
        assert_eq!(e.offset, *offset, "{pattern:?}: {e:?}");
        assert!(!e.to_string().is_empty());
    }
    let e = IRegexp::new("a\\p{Xy}").unwrap_err();
    assert_eq!(e.kind, ErrorKind::UnknownCategory("Xy".into()));
    assert_eq!(e.to_string(), "unknown Unicode category `Xy` at offset 1");
}

/// Patterns that take exponential time in a backtracking matcher, on inputs where they fail late.
#[test]
fn catastrophic_patterns_take_linear_time() {
    let long_a = "a".repeat(100_000);
    let cases: &[(&str, &str, bool)] = &[
        ("(a*)*b", &long_a, false),
        ("(a+)+b", &long_a, false),
        ("(a|a)*b", &long_a, false),
        ("(a|aa)*c", &long_a, false),
        ("(.*)*x", &long_a, false),
        ("(a*)*", &long_a, true),
        ("(a?){30}a{30}", &"a".repeat(30), true),
        ("((a*)*|b)*c", &long_a, false),
    ];
    for &(pattern, haystack, matches) in cases {
        let re = IRegexp::new(pattern).unwrap();
        let start = Instant::now();
        assert_eq!(re.is_match(haystack), matches, "{pattern}");
        assert_eq!(re.is_match_within(haystack), matches, "{pattern}");
        // Linear: a few ms in release, well under a second in debug. Exponential would never end.
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{pattern}: {:?}",
            start.elapsed()
        );
    }
}

#[test]
fn hostile_patterns_are_refused_before_allocating() {
    let too_large = [
        "(a{100}){100}".to_string(),
        "((((a{10}){10}){10}){10}){10}".to_string(),
        "((){1000}){1000}".to_string(),
        "(){4294967295}".to_string(),
        "a{4294967295}".to_string(),
        "a{1000000,}".to_string(),
        "a".repeat(MAX_PROGRAM + 1),
        format!("[{}]", "a".repeat(MAX_PROGRAM + 1)),
    ];
    for pattern in &too_large {
        let start = Instant::now();
        let e = IRegexp::new(pattern).unwrap_err();
        assert_eq!(e.kind, ErrorKind::TooLarge, "{pattern:.40}");
        assert!(start.elapsed() < Duration::from_secs(2), "{pattern:.40}");
    }
    let deep = format!("{}a{}", "(".repeat(100_000), ")".repeat(100_000));
    assert_eq!(IRegexp::new(&deep).unwrap_err().kind, ErrorKind::TooDeep);
    let ok = format!("{}a{}", "(".repeat(MAX_NESTING), ")".repeat(MAX_NESTING));
    assert!(IRegexp::new(&ok).unwrap().is_match("a"));
    assert!(IRegexp::new("a{1000}").unwrap().is_match(&"a".repeat(1000)));
}

/// Every category RFC 9485 names (`charProp`).
const RFC_CATEGORIES: &[&str] = &[
    "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P", "Pc",
    "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Z", "Zs", "Zl", "Zp", "S", "Sm", "Sc", "Sk", "So", "C",
    "Cc", "Cf", "Cn", "Co",
];

/// Characters whose general category Unicode 17.0 changed: (character, in 16.0, in 17.0).
const CHANGED_SINCE_16: &[(char, &str, &str)] = &[('\u{295}', "Ll", "Lo")];

/// Every category agrees with the `regex` crate's Unicode tables on every code point both know:
/// regex-syntax 0.8.12 has Unicode 16.0, the table 17.0, so characters new in 17.0 are skipped and
/// those whose category changed must have the new one.
#[test]
fn categories_agree_with_unicode_tables() {
    let all: String = (0..=0x10FFFF).filter_map(char::from_u32).collect();
    // One pass of the regex crate per category (a call per code point is slow in a debug build).
    let members = |category: &str| {
        let mut set = vec![false; 0x110000];
        let re = regex::Regex::new(&format!("\\p{{{category}}}+")).unwrap();
        for run in re.find_iter(&all) {
            run.as_str().chars().for_each(|c| set[c as usize] = true);
        }
        set
    };
    let unassigned = members("Cn");
    let ours_unassigned = Category::from_name("Cn").unwrap();
    for name in RFC_CATEGORIES {
        let ours = Category::from_name(name).unwrap();
        let theirs = members(name);
        let mut checked = 0;
        let both_know = |c: &char| !unassigned[*c as usize] && !ours_unassigned.contains(*c);
        for c in all.chars().filter(both_know) {
            if let Some((_, _, now)) = CHANGED_SINCE_16.iter().find(|(changed, ..)| *changed == c) {
                assert_eq!(ours.contains(c), now == name || now.starts_with(name));
                continue;
            }
            assert_eq!(
                ours.contains(c),
                theirs[c as usize],
                "\\p{{{name}}} on U+{:04X}",
                c as u32
            );
            checked += 1;
        }
        assert!(checked > 290_000, "{checked}");
    }
}

/// The table is the standard library's Unicode version, and agrees with the standard library's
/// character functions that are defined by general category.
#[test]
fn categories_agree_with_the_standard_library() {
    assert_eq!(general_category::UNICODE_VERSION, char::UNICODE_VERSION);
    let control = Category::from_name("Cc").unwrap();
    let numeric = Category::from_name("N").unwrap();
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        assert_eq!(
            control.contains(c),
            c.is_control(),
            "Cc on U+{:04X}",
            c as u32
        );
        assert_eq!(
            numeric.contains(c),
            c.is_numeric(),
            "N on U+{:04X}",
            c as u32
        );
    }
}

/// The table's shape: sorted starts, known codes, and the alternating runs' assumption that Lu and
/// Ll are codes 0 and 1.
#[test]
fn general_category_table_is_well_formed() {
    use general_category::{NAMES, RUNS, RUN_COUNT};
    assert_eq!((NAMES[0], NAMES[1]), ("Lu", "Ll"));
    // The compact form ends with a complete varint, and its runs cover U+0000 to U+10FFFF.
    assert!(RUNS.last().is_some_and(|b| b & 0x80 == 0));
    let runs = category_runs();
    assert_eq!(runs.len(), RUN_COUNT);
    assert_eq!(runs[0] >> 5, 0);
    assert!(runs.windows(2).all(|w| w[0] >> 5 < w[1] >> 5));
    assert!(runs.iter().all(|e| e >> 5 <= 0x10FFFF));
    // The last run reaches U+10FFFF: U+10FFFE and U+10FFFF are noncharacters (Cn).
    assert_eq!(general_category_of('\u{10FFFF}'), 29);
    // Every name of RFC 9485 is known, and the major classes are unions of their subcategories.
    for name in RFC_CATEGORIES.iter().filter(|n| n.len() == 1) {
        let major = Category::from_name(name).unwrap();
        let subs = RFC_CATEGORIES
            .iter()
            .filter(|n| n.len() == 2 && n.starts_with(*name))
            .fold(0, |mask, n| mask | Category::from_name(n).unwrap().0);
        assert_eq!(major.0, subs, "{name}");
    }
}

// ---------------------------------------------------------------------------------------------------
// Property tests: generated I-Regexps against the `regex` crate.

/// A generated pattern, rendered both as an I-Regexp and in the `regex` crate's syntax.
#[derive(Debug, Clone)]
enum Gen {
    Literal(char),
    Dot,
    Start,
    End,
    Class(bool, Vec<GenItem>),
    Concat(Vec<Gen>),
    Alternate(Vec<Gen>),
    Repeat(Box<Gen>, Quantifier),
}

#[derive(Debug, Clone)]
enum GenItem {
    Range(char, char),
    Category(&'static str, bool),
}

#[derive(Debug, Clone, Copy)]
enum Quantifier {
    Star,
    Plus,
    Optional,
    Exactly(u32),
    AtLeast(u32),
    Between(u32, u32),
}

/// Pattern characters, metacharacters of both syntaxes included.
const PATTERN_CHARS: &[char] = &[
    'a', 'b', 'c', '-', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '\\', '^', '$',
    '\n', '\r', '1', ' ', 'é',
];
/// Haystack characters beyond `a`/`b`: metacharacters, line breaks, and members of each category
/// (all assigned before Unicode 16.0, or never: the regex crate and the table agree on them).
const HAYSTACK_CHARS: &[char] = &[
    'c', '-', '.', '*', '[', ']', '\\', '^', '$', '\n', '\r', '1', ' ', 'é', '٣', 'Ⅻ', '\u{a0}',
    '\u{2028}', '\u{2029}', '\u{e000}', '\u{7}', '😀', 'Ж', 'ж', 'ǅ', 'ʰ', 'א', '\u{301}',
    '\u{903}', '_', '(', '«', '+', '©', '\u{200d}', '\u{378}', 'Ā', 'ā',
];

impl Gen {
    fn iregexp(&self) -> String {
        let mut out = String::new();
        self.write_iregexp(&mut out);
        out
    }

    fn write_iregexp(&self, out: &mut String) {
        match self {
            Gen::Literal('$') => out.push_str("[$]"),
            Gen::Literal(c) => {
                if "()*+.?[\\]^{|}".contains(*c) {
                    out.push('\\');
                }
                out.push(*c);
            }
            Gen::Dot => out.push('.'),
            Gen::Start => out.push('^'),
            Gen::End => out.push('$'),
            Gen::Class(negated, items) => {
                out.push('[');
                if *negated {
                    out.push('^');
                }
                for item in items {
                    match item {
                        GenItem::Range(lo, hi) => {
                            class_char(*lo, out);
                            if lo != hi {
                                out.push('-');
                                class_char(*hi, out);
                            }
                        }
                        GenItem::Category(name, complement) => {
                            out.push_str(if *complement { "\\P{" } else { "\\p{" });
                            out.push_str(name);
                            out.push('}');
                        }
                    }
                }
                out.push(']');
            }
            Gen::Concat(nodes) => nodes.iter().for_each(|n| n.write_iregexp(out)),
            Gen::Alternate(branches) => {
                out.push('(');
                for (i, b) in branches.iter().enumerate() {
                    if i > 0 {
                        out.push('|');
                    }
                    b.write_iregexp(out);
                }
                out.push(')');
            }
            Gen::Repeat(node, q) => {
                // A quantifier applies to one atom: group anything else.
                let atom = matches!(
                    **node,
                    Gen::Literal(_) | Gen::Dot | Gen::Class(..) | Gen::Alternate(_)
                );
                if !atom {
                    out.push('(');
                }
                node.write_iregexp(out);
                if !atom {
                    out.push(')');
                }
                q.write(out);
            }
        }
    }

    fn regex(&self) -> String {
        let mut out = String::new();
        self.write_regex(&mut out);
        out
    }

    fn write_regex(&self, out: &mut String) {
        match self {
            Gen::Literal(c) => out.push_str(&format!("\\x{{{:x}}}", *c as u32)),
            Gen::Dot => out.push_str("[^\\n\\r]"),
            // Without the `m` flag, the start and the end of the haystack only.
            Gen::Start => out.push('^'),
            Gen::End => out.push('$'),
            Gen::Class(negated, items) => {
                // `[^X]` as "everything minus X": regex-syntax 0.8.12 negates a class whose ranges
                // meet across the surrogate gap wrongly (`[^\P{Co}\p{Co}]` becomes U+D7FF-U+E000
                // instead of empty); its class subtraction is right.
                out.push_str(if *negated {
                    "[\\x{0}-\\x{10FFFF}--["
                } else {
                    "["
                });
                for item in items {
                    match item {
                        GenItem::Range(lo, hi) => out
                            .push_str(&format!("\\x{{{:x}}}-\\x{{{:x}}}", *lo as u32, *hi as u32)),
                        GenItem::Category(name, complement) => {
                            out.push_str(if *complement { "\\P{" } else { "\\p{" });
                            out.push_str(name);
                            out.push('}');
                        }
                    }
                }
                out.push_str(if *negated { "]]" } else { "]" });
            }
            Gen::Concat(nodes) => {
                for n in nodes {
                    out.push_str("(?:");
                    n.write_regex(out);
                    out.push(')');
                }
            }
            Gen::Alternate(branches) => {
                out.push_str("(?:");
                for (i, b) in branches.iter().enumerate() {
                    if i > 0 {
                        out.push('|');
                    }
                    b.write_regex(out);
                }
                out.push(')');
            }
            Gen::Repeat(node, q) => {
                out.push_str("(?:");
                node.write_regex(out);
                out.push(')');
                q.write(out);
            }
        }
    }
}

fn class_char(c: char, out: &mut String) {
    match c {
        '[' | ']' | '-' | '\\' | '^' => {
            out.push('\\');
            out.push(c);
        }
        c => out.push(c),
    }
}

impl Quantifier {
    fn write(self, out: &mut String) {
        match self {
            Quantifier::Star => out.push('*'),
            Quantifier::Plus => out.push('+'),
            Quantifier::Optional => out.push('?'),
            Quantifier::Exactly(n) => out.push_str(&format!("{{{n}}}")),
            Quantifier::AtLeast(n) => out.push_str(&format!("{{{n},}}")),
            Quantifier::Between(n, m) => out.push_str(&format!("{{{n},{m}}}")),
        }
    }
}

fn pattern_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop_oneof![Just('a'), Just('b')],
        1 => proptest::sample::select(PATTERN_CHARS),
    ]
}

fn haystack() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        6 => prop_oneof![Just('a'), Just('b')],
        1 => proptest::sample::select(HAYSTACK_CHARS),
    ];
    proptest::collection::vec(c, 0..12).prop_map(|cs| cs.into_iter().collect())
}

fn class_item() -> impl Strategy<Value = GenItem> {
    prop_oneof![
        4 => (pattern_char(), pattern_char()).prop_map(|(a, b)| GenItem::Range(a.min(b), a.max(b))),
        1 => (proptest::sample::select(RFC_CATEGORIES), any::<bool>())
            .prop_map(|(name, complement)| GenItem::Category(name, complement)),
    ]
}

fn quantifier() -> impl Strategy<Value = Quantifier> {
    prop_oneof![
        Just(Quantifier::Star),
        Just(Quantifier::Plus),
        Just(Quantifier::Optional),
        (0..4u32).prop_map(Quantifier::Exactly),
        (0..3u32).prop_map(Quantifier::AtLeast),
        (0..3u32, 0..3u32).prop_map(|(a, b)| Quantifier::Between(a, a + b)),
    ]
}

fn pattern() -> impl Strategy<Value = Gen> {
    let leaf = prop_oneof![
        6 => pattern_char().prop_map(Gen::Literal),
        1 => Just(Gen::Dot),
        1 => prop_oneof![Just(Gen::Start), Just(Gen::End)],
        2 => (any::<bool>(), proptest::collection::vec(class_item(), 1..4))
            .prop_map(|(negated, items)| Gen::Class(negated, items)),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Gen::Concat),
            proptest::collection::vec(inner.clone(), 2..4).prop_map(Gen::Alternate),
            (inner, quantifier()).prop_map(|(node, q)| Gen::Repeat(Box::new(node), q)),
        ]
    })
}

proptest! {
    // FUZZ_CASES (scripts/fuzz.sh) runs more cases.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(2_000),
        ..ProptestConfig::default()
    })]

    #[test]
    fn agrees_with_the_regex_crate(gen in pattern(), haystacks in proptest::collection::vec(haystack(), 1..8), budget in 0u64..400) {
        let source = gen.iregexp();
        let ours = IRegexp::new(&source).map_err(|e| TestCaseError::fail(format!("{source:?}: {e}")))?;
        let translated = gen.regex();
        let anchored = regex::Regex::new(&format!("\\A(?:{translated})\\z")).unwrap();
        let unanchored = regex::Regex::new(&translated).unwrap();
        for h in &haystacks {
            prop_assert_eq!(ours.is_match(h), anchored.is_match(h), "match({:?}, {:?}) vs {}", h, source, anchored);
            prop_assert_eq!(ours.is_match_within(h), unanchored.is_match(h), "search({:?}, {:?}) vs {}", h, source, unanchored);
            // With a budget: the same answer, or none when the budget is too small (never a wrong one).
            for anchor in [true, false] {
                let want = if anchor { ours.is_match(h) } else { ours.is_match_within(h) };
                let mut work = budget;
                match ours.is_match_bounded(h, anchor, &mut work) {
                    Some(got) => prop_assert_eq!(got, want),
                    None => prop_assert!(work < (h.chars().count() as u64 + 1) * (ours.size() as u64 + 1)),
                }
            }
        }
    }

    /// Arbitrary text made of metacharacters: an error or a result, never a panic.
    #[test]
    fn arbitrary_patterns_never_panic(
        pattern in proptest::collection::vec(prop_oneof![
            3 => proptest::sample::select(PATTERN_CHARS),
            1 => proptest::sample::select(&['p', 'P', 'N', 'L', 'Z', 's', ',', '0', '2', '9'][..]),
        ], 0..40).prop_map(|cs| cs.into_iter().collect::<String>()),
        h in haystack(),
    ) {
        if let Ok(re) = IRegexp::new(&pattern) {
            let _ = (re.is_match(&h), re.is_match_within(&h));
        }
    }
}
