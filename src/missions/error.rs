//! What can be wrong with a mission folder, said with the file (and line) it is about.

use std::fmt;

use serde::Serialize;

/// What kind of problem a mission folder has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MissionErrorKind {
    /// A file or folder could not be read.
    Unreadable,
    /// A file is not UTF-8 text.
    NotUtf8,
    /// A file is larger than the companion reads.
    TooLarge,
    /// A required file is missing (`guide.md`, a sample's body, `mission.json` beside `flow.json`).
    Missing,
    /// A JSON file does not read (syntax, or a field of the wrong shape).
    BadJson,
    /// `flow.json` or `reference.json` is not a flow the companion can run.
    BadFlow,
    /// The folder name cannot be a slug.
    BadSlug,
    /// Two missions have the same slug.
    Duplicate,
    /// The files read, but do not agree with each other (an exercise names a sample that does not
    /// exist, a check names a role the checks do not list, the start node is not in the flow…).
    Inconsistent,
}

/// One problem of a mission folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissionError {
    pub kind: MissionErrorKind,
    /// The file (or folder) it is about, as given to the loader: `content/missions/x/flow.json`.
    pub path: String,
    /// Line and column in that file, when known (from 1).
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// What to do about it, when there is something to say.
    pub hint: Option<String>,
}

impl MissionError {
    pub fn new(
        kind: MissionErrorKind,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        MissionError {
            kind,
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// A JSON file that does not read as `what`, positioned where serde_json stopped.
    pub fn json(path: &str, what: &str, error: &serde_json::Error) -> Self {
        let text = error.to_string();
        // serde_json appends " at line L column C"; the position is reported separately.
        let message = text.split(" at line ").next().unwrap_or(&text);
        MissionError::new(
            MissionErrorKind::BadJson,
            path,
            format!("{what} does not read: {message}"),
        )
        .at(error.line().max(1), error.column().max(1))
    }
}

impl fmt::Display for MissionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

impl std::error::Error for MissionError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_the_file_the_position_and_the_hint() {
        let e = MissionError::new(
            MissionErrorKind::Missing,
            "m/x/mission.json",
            "no such file",
        )
        .at(3, 7)
        .with_hint("add it");
        assert_eq!(e.to_string(), "m/x/mission.json:3:7: no such file (add it)");
        let json_error =
            serde_json::from_str::<serde_json::Value>("{\n  \"a\": ,\n}").expect_err("not JSON");
        let e = MissionError::json("m/x/checks.json", "the checks", &json_error);
        assert_eq!((e.line, e.column), (Some(2), Some(8)));
        assert!(
            e.to_string()
                .starts_with("m/x/checks.json:2:8: the checks does not read: expected value"),
            "{e}"
        );
    }
}
