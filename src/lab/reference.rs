//! The Condition lab's expression reference: every tag, operator, filter, function, test and
//! Java method the engine runs, built from the engine's own tables so it cannot drift from them,
//! and the engine settings and assumptions the results depend on.

use crate::engine::filters::{FILTERS, FUNCTIONS, TESTS};
use crate::engine::java_string::{Receiver, METHODS};

/// One line of the reference: how it is written and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub syntax: String,
    pub doc: String,
}

/// A titled group of entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: &'static str,
    pub intro: &'static str,
    pub entries: Vec<Entry>,
}

fn entry(syntax: impl Into<String>, doc: impl Into<String>) -> Entry {
    Entry {
        syntax: syntax.into(),
        doc: doc.into(),
    }
}

const TAGS: &[(&str, &str)] = &[
    ("{{ expression }}", "prints a value (lists as [a, b], maps as {key=value}, null as nothing)"),
    ("{% if c %}…{% elseif d %}…{% else %}…{% endif %}", "renders the first branch whose condition is true"),
    ("{% for x in list %}…{% else %}…{% endfor %}", "repeats for each item (a map gives entries with .key and .value); else when empty; loop.index (from 0), loop.revindex, loop.length, loop.first, loop.last"),
    ("{% set name = value %}", "sets a variable for the rest of the template"),
    ("{% verbatim %}…{% endverbatim %}", "text kept as written, braces included"),
    ("{# comment #}", "left out of the output"),
    ("{{- … -}}, {%- … -%}, {#- … -#}", "a dash (followed by a space at the start) removes the whitespace, line breaks included, on that side"),
];

const OPERATORS: &[(&str, &str)] = &[
    ("== != equals", "numbers by value (5 == 5.0); anything else exactly, no conversion (\"200\" == 200 is false)"),
    ("< > <= >=", "numbers or date-times; null on either side is false; text is an error"),
    ("and or not", "booleans, numbers (0 is false), strings (\"\" is false, \"false\" is true) and null (false); a list or map is an error"),
    ("a ? b : c", "b when a is true (same truthiness as `and`)"),
    ("+ - * / %", "arithmetic (integer division for two integers); + with text joins text (null prints \"null\"); a list + item appends, list - item removes"),
    ("~", "joins as text (null prints nothing)"),
    ("contains", "text contains text, a list contains an item (or all items of a list), a map has a key"),
    ("is [not] test", "runs a test, e.g. `x is not empty`, `x is null`, `n is even()`"),
    ("a..b", "the numbers (or letters) from a to b, both included"),
    ("value | filter(args)", "applies a filter; filters chain"),
    ("value.method(args), value.attribute", "calls a Java method: `ANI.substring(1)`, `ANI.length`"),
    ("\"text #{expression}\"", "interpolation in double quotes"),
];

const SETTINGS: &[(&str, &str)] = &[
    ("Pebble version", "3.2.x semantics (what Flow Designer most likely runs); where 4.x differs, e.g. arithmetic on numeric text (\"10\" - 2 is 8 in 4.1.2, an error in 3.2), the 3.2 behaviour is used"),
    ("Strict variables: off", "an unknown variable prints as empty and is false in a condition (Pebble's default); the lab warns with the name and a \"did you mean\""),
    ("Newline trimming: on", "one line break right after }}, %} or #} is dropped (Pebble's default) — assumption: Flow Designer keeps the default"),
    ("Autoescaping: off", "values print as they are, not HTML-escaped (`|escape` escapes on request) — assumption: Flow Designer's fields are text, URLs and JSON, not HTML"),
    ("Locale and time zone", "English names; dates in UTC unless `timeZone` is given — assumption: Flow Designer's server runs in UTC"),
    ("Map printing", "a map prints its entries in key order; Java's HashMap prints in hash order, which can differ when a map has several keys"),
    ("split", "Pebble's split returns a Java array, which Flow Designer would print as its identity; the lab prints [a, b] and warns"),
];

/// The whole reference, section by section.
pub fn expression_reference() -> Vec<Section> {
    let pairs = |rows: &[(&str, &str)]| rows.iter().map(|(s, d)| entry(*s, *d)).collect();
    let params = |params: &[&str], required: usize| -> String {
        if params.is_empty() {
            return String::new();
        }
        let list: Vec<String> = params
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if i < required {
                    (*p).to_string()
                } else {
                    format!("{p}?")
                }
            })
            .collect();
        format!("({})", list.join(", "))
    };
    let methods = |receiver: Receiver| {
        METHODS
            .iter()
            .filter(|m| m.receiver == receiver)
            .map(|m| entry(format!(".{}", m.usage), m.doc))
            .collect()
    };
    vec![
        Section {
            title: "Tags and blocks",
            intro: "Pebble's template syntax as Flow Designer renders every {{ }} field.",
            entries: pairs(TAGS),
        },
        Section {
            title: "Operators",
            intro: "Highest first: not and unary -, .., ~, |, * / %, + -, comparisons, is and contains, and, or, then ? :.",
            entries: pairs(OPERATORS),
        },
        Section {
            title: "Filters",
            intro: "value | name(arguments); an argument marked ? is optional, and arguments can be named: date(format='dd/MM', timeZone='Europe/Paris').",
            entries: FILTERS
                .iter()
                .map(|f| entry(format!("{}{}", f.name, params(f.params, f.required)), f.doc))
                .collect(),
        },
        Section {
            title: "Functions",
            intro: "name(arguments).",
            entries: FUNCTIONS
                .iter()
                .map(|f| {
                    let args = if f.variadic {
                        "(a, b, …)".to_string()
                    } else if f.params.is_empty() {
                        "()".to_string()
                    } else {
                        params(f.params, f.required)
                    };
                    entry(format!("{}{args}", f.name), f.doc)
                })
                .collect(),
        },
        Section {
            title: "Tests",
            intro: "value is name, value is not name; name() works too.",
            entries: TESTS.iter().map(|t| entry(t.name, t.doc)).collect(),
        },
        Section {
            title: "Java String methods",
            intro: "On STRING values, as Pebble calls Java methods: by call (ANI.length()) or as an attribute (ANI.length, ANI.empty for isEmpty()). Indices are Java's: UTF-16 units from 0; an index out of range is an error, as Java throws.",
            entries: methods(Receiver::String),
        },
        Section {
            title: "List and map methods",
            intro: "On JSON lists and maps (list.size, map.containsKey('a')).",
            entries: {
                let mut e: Vec<Entry> = methods(Receiver::List);
                e.iter_mut().for_each(|x| x.syntax = format!("list{}", x.syntax));
                let mut m: Vec<Entry> = methods(Receiver::Map);
                m.iter_mut().for_each(|x| x.syntax = format!("map{}", x.syntax));
                e.extend(m);
                e
            },
        },
        Section {
            title: "Time zones for date",
            intro: "timeZone takes a Java zone ID; these are known (today's daylight-saving rules). An unknown ID falls back to GMT, as Java does, with a warning.",
            entries: vec![entry(
                "GMT+hh:mm",
                crate::engine::date::zone_ids().collect::<Vec<_>>().join(", "),
            )],
        },
        Section {
            title: "Engine settings and assumptions",
            intro: "Pebble settings that change the output, fixed to what Flow Designer most plausibly uses; the README gives the evidence.",
            entries: pairs(SETTINGS),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_filter_function_test_and_method_is_listed() {
        let all: Vec<String> = expression_reference()
            .into_iter()
            .flat_map(|s| s.entries)
            .map(|e| e.syntax)
            .collect();
        let listed = |name: &str| all.iter().any(|s| s.contains(name));
        for f in FILTERS {
            assert!(listed(f.name), "filter {}", f.name);
        }
        for f in FUNCTIONS {
            assert!(listed(f.name), "function {}", f.name);
        }
        for t in TESTS {
            assert!(listed(t.name), "test {}", t.name);
        }
        for m in METHODS {
            assert!(listed(m.name), "method {}", m.name);
        }
        for tag in ["{% if", "{% for", "{% set", "{% verbatim"] {
            assert!(listed(tag), "{tag}");
        }
    }
}
