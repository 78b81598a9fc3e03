//! One error type for the GraphQL subset: a kind, a message in the words graphql-java uses (the
//! library behind the Search API, as its error texts suggest), and where in the query it is.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A position in the query text: byte offset, 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Pos {
    pub offset: usize,
    pub line: usize,
    pub column: usize,
}

/// What went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GraphqlErrorKind {
    /// The text is not GraphQL (an unexpected token, an unterminated string, a curly quote, …).
    Syntax,
    /// A field the type does not have.
    UnknownField,
    /// An argument the field does not take, or a required one missing.
    BadArgument,
    /// An object field without `{ … }`, or a scalar with one.
    SubSelection,
    /// A variable that is undefined, unused, of an unknown type, or with a value of the wrong type.
    BadVariable,
    /// A filter (`TaskDetailsFilters`) this API does not accept.
    BadFilter,
    /// GraphQL the simulator does not implement (fragments, directives, mutations, several operations).
    Unsupported,
    /// Query or variables over the simulator's limits (size, nesting).
    Limit,
    /// Accepted by validation but refused while fetching (e.g. `from` after `to`).
    DataFetching,
}

impl GraphqlErrorKind {
    /// The `extensions.classification` graphql-java reports.
    pub fn classification(self) -> &'static str {
        match self {
            GraphqlErrorKind::Syntax => "InvalidSyntax",
            GraphqlErrorKind::DataFetching => "DataFetchingException",
            _ => "ValidationError",
        }
    }
}

/// An error with its position in the query (`None` for errors about the variables JSON as a whole).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphqlError {
    pub kind: GraphqlErrorKind,
    pub message: String,
    pub at: Option<Pos>,
}

impl GraphqlError {
    pub fn new(
        kind: GraphqlErrorKind,
        message: impl Into<String>,
        at: Option<Pos>,
    ) -> GraphqlError {
        GraphqlError {
            kind,
            message: message.into(),
            at,
        }
    }

    pub fn syntax(message: impl Into<String>, at: Pos) -> GraphqlError {
        GraphqlError::new(GraphqlErrorKind::Syntax, message, Some(at))
    }
}

impl fmt::Display for GraphqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some(at) => write!(
                f,
                "{} (line {}, column {})",
                self.message, at.line, at.column
            ),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for GraphqlError {}
