//! RFC 9535 section 2.4.3, well-typedness of function expressions: which function results may
//! stand alone as a test, and which arguments each function's parameters accept.
//!
//! Vendored addition. Upstream checked only a few of these rules (`count()` of a literal, `match()`
//! compared with `==`); the compliance suite's invalid selectors need the rest: `length(@.a)`
//! alone as a test, `length(@.*)` (a query that may select several nodes where one value is
//! expected). The functions upstream adds beyond the RFC's five (`in`, `nin`, …) keep upstream's
//! rules.

// Ours, so not covered by the crate's upstream `#![allow(warnings)]`.
#![warn(warnings, clippy::all)]

use super::model::{FnArg, Segment, Selector, Test, TestFunction};

/// The declared types of RFC 9535 section 2.4.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Declared {
    /// A JSON value or nothing.
    Value,
    /// True or false.
    Logical,
    /// A nodelist.
    Nodes,
}

/// The function's name as written in a query.
pub(super) fn name(function: &TestFunction) -> &str {
    match function {
        TestFunction::Custom(name, _) => name,
        TestFunction::Length(_) => "length",
        TestFunction::Value(_) => "value",
        TestFunction::Count(_) => "count",
        TestFunction::Search(..) => "search",
        TestFunction::Match(..) => "match",
    }
}

fn result(function: &TestFunction) -> Declared {
    match function {
        TestFunction::Length(_) | TestFunction::Count(_) | TestFunction::Value(_) => {
            Declared::Value
        }
        // Upstream's own functions answer true or false, like match() and search().
        TestFunction::Match(..) | TestFunction::Search(..) | TestFunction::Custom(..) => {
            Declared::Logical
        }
    }
}

/// The RFC section that defines the function, for messages.
fn section(name: &str) -> &'static str {
    match name {
        "length" => "2.4.4",
        "count" => "2.4.5",
        "match" => "2.4.6",
        "search" => "2.4.7",
        _ => "2.4.8",
    }
}

/// Why `function` cannot stand alone as a test (`$[?length(@.a)]`), if it cannot: its result
/// must be logical or a nodelist.
pub(super) fn check_test(function: &TestFunction) -> Result<(), String> {
    if result(function) != Declared::Value {
        return Ok(());
    }
    let name = name(function);
    let example = match name {
        "length" => "length(@.name) > 0",
        "count" => "count(@.items[*]) > 0",
        _ => "value(@..id) == 1",
    };
    Err(format!(
        "`{name}()` gives a value, not true or false, so it cannot be a test on its own: compare it, e.g. `{example}` (RFC 9535, section 2.4.3: a function used as a test must return a logical type or nodes)"
    ))
}

/// Why an argument of the function `name` is not allowed, if one is not, with the index of the
/// first such argument.
pub(super) fn check_arguments(name: &str, args: &[FnArg]) -> Result<(), (usize, String)> {
    let parameters: &[Declared] = match name {
        "length" => &[Declared::Value],
        "count" | "value" => &[Declared::Nodes],
        "match" | "search" => &[Declared::Value, Declared::Value],
        _ => return Ok(()),
    };
    for (index, (arg, parameter)) in args.iter().zip(parameters).enumerate() {
        check_argument(name, arg, *parameter).map_err(|why| (index, why))?;
    }
    Ok(())
}

fn check_argument(name: &str, arg: &FnArg, parameter: Declared) -> Result<(), String> {
    let section = section(name);
    let refused = |what: &str, wanted: &str| {
        Err(format!(
            "`{name}()` takes {wanted}, not {what} (RFC 9535, sections 2.4.3 and {section})"
        ))
    };
    match (parameter, arg) {
        (Declared::Value, FnArg::Literal(_)) => Ok(()),
        (Declared::Value, FnArg::Test(test)) => match &**test {
            Test::RelQuery(segments) | Test::AbsQuery(super::model::JpQuery { segments }) => {
                if segments.iter().all(is_singular) {
                    Ok(())
                } else {
                    refused(
                        "a query that can select several nodes (use only `.name`, `['name']` and `[index]` steps)",
                        "one value",
                    )
                }
            }
            Test::Function(inner) if result(inner) == Declared::Value => Ok(()),
            Test::Function(inner) => refused(
                &format!("`{}()`, which gives true or false", self::name(inner)),
                "a value",
            ),
        },
        (Declared::Value, FnArg::Filter(_)) => refused("a logical expression", "a value"),
        (Declared::Nodes, FnArg::Test(test)) => match &**test {
            Test::RelQuery(_) | Test::AbsQuery(_) => Ok(()),
            Test::Function(inner) => refused(
                &format!("the result of `{}()`", self::name(inner)),
                "a query (`@…` or `$…`)",
            ),
        },
        (Declared::Nodes, FnArg::Literal(_)) => refused("a literal", "a query (`@…` or `$…`)"),
        (Declared::Nodes, FnArg::Filter(_)) => {
            refused("a logical expression", "a query (`@…` or `$…`)")
        }
        // No function of RFC 9535 has a logical parameter.
        (Declared::Logical, _) => Ok(()),
    }
}

/// A step of a singular query: one name or one index.
fn is_singular(segment: &Segment) -> bool {
    matches!(
        segment,
        Segment::Selector(Selector::Name(_) | Selector::Index(_))
    )
}
