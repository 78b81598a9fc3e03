//! Hints computed from a run: the likely reasons behind a verdict, in the lab's words, for the UI to
//! show next to it. One function, one block per kind of hint ([`compute_hints`]).

use serde::{Deserialize, Serialize};

use engine::WarningKind;

use super::flat_json::Doc;
use super::response::PreparedBody;
use super::runner::Record;

/// What a hint is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HintKind {
    /// `tasks` is empty: no callback in the search window.
    NoTasks,
    /// More than one task: `tasks[0]` may not be the pending one.
    SeveralTasks,
    /// A value of the wrong type (string vs number, a failed conversion).
    WrongType,
    /// A JSONPath that would match with different letter case.
    LetterCase,
    /// A JSONPath that matched nothing (for another reason).
    NoMatch,
    /// The status code is not 200.
    HttpStatus,
    /// The Search API answered with GraphQL `errors`.
    GraphqlErrors,
    /// The body is not JSON.
    NotJson,
    /// The Condition's result is not usable (error exit).
    ConditionResult,
    /// The Condition uses a variable that is not set: Pebble reads it as empty (null).
    UnknownVariable,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hint {
    pub kind: HintKind,
    pub message: String,
}

impl Hint {
    fn new(kind: HintKind, message: impl Into<String>) -> Hint {
        Hint {
            kind,
            message: message.into(),
        }
    }
}

/// What a mission says about its Search API query, for the hints of a run (a flow alone says
/// nothing of it; the mission's folder does, in `mission.json`'s `search`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchHints {
    /// How far back the query looks (`from = now - window`), in minutes: said when the request
    /// shows no window of its own.
    pub look_back_minutes: i64,
    /// The HTTP status the mission's Condition requires to go True.
    pub condition_status: i64,
}

pub(crate) fn compute_hints(record: &Record, search: Option<&SearchHints>) -> Vec<Hint> {
    let mut hints = Vec::new();

    if let Some(response) = &record.response {
        let required = search.map(|s| s.condition_status);
        let unexpected = match required {
            Some(required) => response.status != required,
            None => !(200..300).contains(&response.status),
        };
        if unexpected {
            // With the mission's facts the request is known to be its Search API query.
            let (api, verdict) = match required {
                Some(required) => (
                    "Search API",
                    format!(": the mission's Condition requires {required}, so it goes False"),
                ),
                None => ("API", String::new()),
            };
            hints.push(Hint::new(
                HintKind::HttpStatus,
                format!(
                    "the {api} answered with status {}{verdict}{}",
                    response.status,
                    match response.status {
                        401 | 403 => " (401/403: the connector's token is missing, expired or lacks the scope)",
                        400 => " (400: the query or its variables were rejected)",
                        s if s >= 500 => " (5xx: the API failed; try again)",
                        _ => "",
                    }
                ),
            ));
        }
    }

    if let Some(body) = &record.body {
        match body.doc() {
            Err(e) => hints.push(Hint::new(
                HintKind::NotJson,
                format!(
                    "the response is not JSON ({} at line {}, column {}): no parse setting applied, so the variables keep their earlier values",
                    e.message, e.line, e.column
                ),
            )),
            Ok(doc) => body_hints(body, doc, record, search, &mut hints),
        }
    }

    for parse in &record.parses {
        match (parse.status, &parse.case_hint) {
            ("no-match", Some(fixed)) => hints.push(Hint::new(
                HintKind::LetterCase,
                format!(
                    "`{}` matches nothing because JSONPath is case-sensitive; `{fixed}` matches",
                    parse.path
                ),
            )),
            ("conversion-failed", _) => hints.push(Hint::new(
                HintKind::WrongType,
                format!(
                    "the value at `{}` cannot be stored in `{}`: {}",
                    parse.path,
                    parse.variable,
                    parse.error.as_deref().unwrap_or("wrong type")
                ),
            )),
            _ => {}
        }
    }

    if let Some(condition) = &record.condition {
        for warning in &condition.warnings {
            let kind = match warning.kind {
                WarningKind::StringNumberComparison => HintKind::WrongType,
                WarningKind::NotABoolean => HintKind::ConditionResult,
                WarningKind::UnknownVariable => HintKind::UnknownVariable,
                _ => continue,
            };
            let mut message = warning.message.clone();
            if let Some(h) = &warning.hint {
                message.push_str(&format!(" ({h})"));
            }
            hints.push(Hint::new(kind, message));
        }
        if let Some(problem) = &condition.problem {
            hints.push(Hint::new(HintKind::ConditionResult, problem.clone()));
        }
    }
    hints
}

fn body_hints(
    body: &PreparedBody,
    doc: Doc<'_>,
    record: &Record,
    search: Option<&SearchHints>,
    hints: &mut Vec<Hint>,
) {
    if let Some(errors) = doc
        .get(doc.root(), "errors")
        .filter(|e| doc.len(*e).is_some_and(|n| n > 0))
    {
        let messages: Vec<String> = doc
            .elements(errors)
            .take(3)
            .map(
                |e| match doc.get(e, "message").and_then(|m| doc.as_str(m)) {
                    Some(m) => m.chars().take(200).collect(),
                    None => doc.to_value(e).to_string().chars().take(200).collect(),
                },
            )
            .collect();
        hints.push(Hint::new(
            HintKind::GraphqlErrors,
            format!("the Search API reported errors: {}", messages.join("; ")),
        ));
    }
    let Some(tasks) = body.search_facts() else {
        return;
    };
    let window = record
        .request
        .as_ref()
        .and_then(|r| {
            Some(
                r.to.as_ref()?
                    .epoch_ms
                    .checked_sub(r.from.as_ref()?.epoch_ms)?
                    / 60_000,
            )
        })
        .or(search.map(|s| s.look_back_minutes));
    let window = match window {
        Some(minutes) => format!("in the last {minutes} minutes"),
        None => "in the search window".to_owned(),
    };
    match tasks.count {
        0 => hints.push(Hint::new(
            HintKind::NoTasks,
            format!(
                "no callback found for this number and entry point {window}: `tasks` is empty, so the parse settings match nothing and the Condition goes False"
            ),
        )),
        1 => {}
        n => {
            let pending: Vec<String> = tasks.pending.iter().map(|i| format!("tasks[{i}]")).collect();
            let more = if tasks.pending_count > tasks.pending.len() { ", …" } else { "" };
            let which = match pending.as_slice() {
                [] => "none of them is pending".to_string(),
                [one] if one == "tasks[0]" => "tasks[0] is the pending one here".to_string(),
                list => format!("pending: {}{more}", list.join(", ")),
            };
            hints.push(Hint::new(
                HintKind::SeveralTasks,
                format!(
                    "{n} tasks found: the parse settings read tasks[0], which may not be the pending callback ({which}); the order of tasks is not guaranteed"
                ),
            ));
        }
    }
    for parse in &record.parses {
        if parse.status == "no-match" && parse.case_hint.is_none() && tasks.count > 0 {
            hints.push(Hint::new(
                HintKind::NoMatch,
                format!(
                    "`{}` matches nothing in this response; `{}` keeps its earlier value",
                    parse.path, parse.variable
                ),
            ));
        }
    }
}
