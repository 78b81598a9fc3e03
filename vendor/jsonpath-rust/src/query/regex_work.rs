//! The work `match()` and `search()` may do in one query, and their compiled patterns.
//!
//! Vendored addition. Upstream compiled the pattern again for every node a filter tried, and ran it
//! without a bound: a 2 000-character pattern over a 1 MB string, or over 50 000 short strings,
//! kept the page busy for 10–20 s. Here, within one query:
//!
//! - a literal pattern is compiled once for all the nodes; a pattern read from the document once
//!   for each run of nodes with the same pattern (the last one is kept);
//! - compiling and matching share one budget of [`MAX_REGEX_WORK`] steps (a pattern costs its
//!   length and size to compile, a match one step per character and per thread examined at it, so
//!   at most the pattern's size × the text's length); when it is spent, the remaining calls are
//!   false and the query ends with [`JsonPathError::TooExpensive`].
//!
//! The evaluator passes no context from node to node (upstream's `Query::process` takes only the
//! state), so the budget and the compiled pattern live in a thread-local scope that
//! [`with_budget`] opens around one query.

// Ours, so not covered by the crate's upstream `#![allow(warnings)]`.
#![warn(warnings, clippy::all)]

use crate::parser::errors::JsonPathError;
use crate::query::iregexp::IRegexp;
use std::cell::RefCell;
use std::rc::Rc;

/// Steps of `match()`/`search()` one query may take: about 40 ms of matching in the browser on a
/// 2-core machine of the project's kind (≈ 13 ns a step; BENCHMARKS.md). A short pattern takes 2–5
/// steps a character, so that is a search through about a million characters of text in all (the
/// strings of a 1 MB response); real parse settings match a field of each task, a few thousand.
pub const MAX_REGEX_WORK: u64 = 3_000_000;

/// Where a pattern comes from, to find it again without comparing texts.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Pattern<'p> {
    /// A string literal of the query: the same node for every candidate, so its address names it
    /// for as long as the query runs.
    Literal(&'p String),
    /// A string from the document (`match(@.a, $.p)`): compared by content.
    Text(&'p str),
}

/// A compiled pattern, or `None` when it is not an I-Regexp (then nothing matches).
type Compiled = Option<Rc<IRegexp>>;

struct Scope {
    remaining: u64,
    spent: bool,
    /// Every literal pattern of the query compiled so far, by address (a query has a few).
    literals: Vec<(*const String, Compiled)>,
    /// The last pattern read from the document (each distinct one could be kept only at the cost
    /// of memory; nodes with the same pattern usually come together).
    last_text: Option<(String, Compiled)>,
}

impl Scope {
    fn new(budget: u64) -> Scope {
        Scope {
            remaining: budget,
            spent: false,
            literals: Vec::new(),
            last_text: None,
        }
    }

    fn is_match(&mut self, pattern: Pattern<'_>, text: &str, anchored: bool) -> bool {
        if self.spent {
            return false;
        }
        let Some(compiled) = self.compiled(pattern) else {
            return false;
        };
        let Some(re) = compiled else {
            return false;
        };
        match re.is_match_bounded(text, anchored, &mut self.remaining) {
            Some(matched) => matched,
            None => {
                self.spent = true;
                false
            }
        }
    }

    /// The pattern compiled, from this query's cache or now; `None` when the budget is spent.
    fn compiled(&mut self, pattern: Pattern<'_>) -> Option<Compiled> {
        let cached = match pattern {
            Pattern::Literal(s) => self
                .literals
                .iter()
                .find(|(at, _)| std::ptr::eq(*at, s))
                .map(|(_, re)| re.clone()),
            Pattern::Text(s) => match &self.last_text {
                Some((last, re)) if last == s => Some(re.clone()),
                _ => None,
            },
        };
        if cached.is_some() {
            return cached;
        }
        let source = match pattern {
            Pattern::Literal(s) => s.as_str(),
            Pattern::Text(s) => s,
        };
        let compiled = IRegexp::new(source).ok().map(Rc::new);
        #[cfg(test)]
        COMPILES.with(|n| n.set(n.get() + 1));
        // Compiling costs the pattern's length (parsing) and its size (the program).
        if !self.spend(source.len() as u64 + compiled.as_ref().map_or(0, |re| re.size() as u64)) {
            return None;
        }
        match pattern {
            Pattern::Literal(s) => self.literals.push((s, compiled.clone())),
            Pattern::Text(s) => self.last_text = Some((s.to_owned(), compiled.clone())),
        }
        Some(compiled)
    }

    fn spend(&mut self, steps: u64) -> bool {
        match self.remaining.checked_sub(steps) {
            Some(left) => self.remaining = left,
            None => self.spent = true,
        }
        !self.spent
    }
}

thread_local! {
    static SCOPE: RefCell<Option<Scope>> = const { RefCell::new(None) };
}

#[cfg(test)]
thread_local! {
    /// Patterns compiled on this thread, for the tests.
    static COMPILES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// `match()` (`anchored`) or `search()` of `text` against `pattern`, within the current query's
/// budget (outside [`with_budget`], within a budget of its own).
pub(crate) fn is_match(pattern: Pattern<'_>, text: &str, anchored: bool) -> bool {
    SCOPE.with(|scope| match scope.borrow_mut().as_mut() {
        Some(scope) => scope.is_match(pattern, text, anchored),
        None => Scope::new(MAX_REGEX_WORK).is_match(pattern, text, anchored),
    })
}

/// Runs one query's evaluation with `budget` steps for its `match()`/`search()` calls: its result,
/// or [`JsonPathError::TooExpensive`] when they needed more.
pub(crate) fn with_budget<R>(
    budget: u64,
    evaluate: impl FnOnce() -> R,
) -> Result<R, JsonPathError> {
    /// Puts the enclosing scope back, also if `evaluate` unwinds.
    struct Restore(Option<Option<Scope>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(previous) = self.0.take() {
                SCOPE.with(|scope| *scope.borrow_mut() = previous);
            }
        }
    }
    let previous = SCOPE.with(|scope| scope.borrow_mut().replace(Scope::new(budget)));
    let mut restore = Restore(Some(previous));
    let result = evaluate();
    let ours = SCOPE.with(|scope| {
        let previous = restore.0.take().unwrap_or(None);
        std::mem::replace(&mut *scope.borrow_mut(), previous)
    });
    if ours.is_some_and(|scope| scope.spent) {
        return Err(JsonPathError::TooExpensive { budget });
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parser::parse_json_path;
    use crate::query::{js_path_process, js_path_process_within};
    use serde_json::{json, Value};

    fn compiles_during(query: &str, doc: &Value) -> (usize, usize) {
        let query = parse_json_path(query).unwrap();
        let before = COMPILES.with(|n| n.get());
        let found = js_path_process(&query, doc).unwrap().len();
        (COMPILES.with(|n| n.get()) - before, found)
    }

    #[test]
    fn a_pattern_is_compiled_once_per_query() {
        let texts: Vec<Value> = (0..1_000).map(|i| json!(format!("a{i}"))).collect();
        let doc = Value::Array(texts);
        assert_eq!(compiles_during("$[?match(@, 'a[0-9]*7')]", &doc), (1, 100));
        assert_eq!(
            compiles_during("$[?search(@, '7') && match(@, 'a1.*')]", &doc),
            (2, 20)
        );
        // Two literal patterns evaluated in turn: each change compiles, as before, but bounded.
        let pairs = json!([{"t": "ab", "p": "a."}, {"t": "ab", "p": "a."}, {"t": "xy", "p": "x."}]);
        assert_eq!(compiles_during("$[?match(@.t, @.p)]", &pairs), (2, 3));
        // A new query compiles again (the scope is per query).
        assert_eq!(compiles_during("$[?match(@.t, 'a.')]", &pairs), (1, 2));
    }

    #[test]
    fn work_beyond_the_budget_is_too_expensive_and_the_next_query_has_its_own() {
        let hostile = format!("$[?search(@, '{}c')]", "a?".repeat(300));
        let query = parse_json_path(&hostile).unwrap();
        let doc = json!(["a".repeat(10_000)]);
        // About 600 threads at each of 10 000 characters: several million steps.
        assert_eq!(
            js_path_process_within(&query, &doc, 1_000_000),
            Err(JsonPathError::TooExpensive { budget: 1_000_000 })
        );
        assert_eq!(
            js_path_process_within(&query, &doc, 100_000_000).map(|v| v.len()),
            Ok(0)
        );
        let plain = parse_json_path("$[?search(@, 'aaa')]").unwrap();
        assert_eq!(
            js_path_process_within(&plain, &doc, 1_000_000).map(|v| v.len()),
            Ok(1)
        );
        // The default budget refuses the hostile query on a 1 MB text.
        let long = json!(["a".repeat(1 << 20)]);
        assert!(matches!(
            js_path_process(&query, &long),
            Err(JsonPathError::TooExpensive {
                budget: MAX_REGEX_WORK
            })
        ));
    }

    #[test]
    fn compiling_counts_too() {
        // 10 000 different 50-character patterns, each compiled once: over a small budget.
        let pairs: Vec<Value> = (0..10_000)
            .map(|i| json!({"t": "x", "p": format!("{}{i}", "b".repeat(50))}))
            .collect();
        let doc = Value::Array(pairs);
        let query = parse_json_path("$[?match(@.t, @.p)]").unwrap();
        assert!(js_path_process_within(&query, &doc, 100_000).is_err());
        assert_eq!(
            js_path_process_within(&query, &doc, 10_000_000).map(|v| v.len()),
            Ok(0)
        );
    }

    #[test]
    fn outside_a_query_each_call_has_a_budget_of_its_own() {
        let pattern = "a?".repeat(300) + "c";
        let text = "a".repeat(1 << 20);
        assert!(!is_match(Pattern::Text(&pattern), &text, false));
        assert!(is_match(Pattern::Text("a+"), "aaa", true));
    }
}
