//! The flow module's one error type: what went wrong, where (a node, a setting, a position), and a hint.

use std::fmt;

use serde::Serialize;

/// What kind of problem a [`FlowError`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FlowErrorKind {
    /// The flow file is not JSON, or not shaped like a flow export.
    FlowFormat,
    /// The flow is JSON of the right shape but inconsistent (unknown node in a link, duplicate label…).
    FlowInvalid,
    /// An input is larger than the limit we accept.
    TooLarge,
    /// A JSONPath (parse setting) does not parse or is too costly.
    JsonPath,
    /// A `{{ }}` template or expression does not parse or does not evaluate.
    Template,
    /// A rendered request body is not valid JSON.
    RenderedJson,
    /// A value does not convert to the type of the variable it is assigned to.
    Conversion,
    /// A named node or variable does not exist.
    NotFound,
}

/// An error with a message in the lab's words, an optional location and an optional hint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlowError {
    pub kind: FlowErrorKind,
    pub message: String,
    /// Where: a node label, a setting, `line:column` in a rendered text…
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// A rendered excerpt with a caret under the position, when there is a position.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl FlowError {
    pub fn new(kind: FlowErrorKind, message: impl Into<String>) -> Self {
        FlowError {
            kind,
            message: message.into(),
            location: None,
            excerpt: None,
            hint: None,
        }
    }

    pub fn at(mut self, location: impl Into<String>) -> Self {
        self.location = Some(location.into());
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_excerpt(mut self, excerpt: impl Into<String>) -> Self {
        self.excerpt = Some(excerpt.into());
        self
    }
}

impl fmt::Display for FlowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(excerpt) = &self.excerpt {
            write!(f, "\n{excerpt}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\nhint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FlowError {}

/// The line of `text` holding 1-based `line`, with a caret under 1-based `column` (in characters).
pub(crate) fn caret_excerpt(text: &str, line: usize, column: usize) -> String {
    let source = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    // Keep long lines readable: show at most 60 characters either side of the column.
    let chars: Vec<char> = source.chars().collect();
    let col = column.saturating_sub(1).min(chars.len());
    let start = col.saturating_sub(60);
    let end = (col + 60).min(chars.len());
    let shown: String = chars.get(start..end).unwrap_or(&[]).iter().collect();
    let prefix = if start > 0 { "…" } else { "" };
    let pad = " ".repeat(col - start + prefix.chars().count());
    format!("{line:>4} | {prefix}{shown}\n     | {pad}^")
}
