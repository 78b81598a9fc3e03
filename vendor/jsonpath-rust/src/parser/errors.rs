use crate::query::queryable::Queryable;
use std::num::{ParseFloatError, ParseIntError};
use std::str::ParseBoolError;
use thiserror::Error;

/// This error type is used to represent errors that can occur during the parsing of JSONPath expressions.
#[derive(Error, Debug, PartialEq, Clone)]
pub enum JsonPathError {
    // Vendored change (see vendor/README.md): the parser is hand-written (`descent.rs`), so
    // upstream's variants that held pest's types (`PestError`, `UnexpectedRuleLogicError`,
    // `InvalidTopLevelRule`) are gone; a query that does not parse is a `Syntax` error.
    /// The query does not parse: what is wrong or was expected, and where (`position` is
    /// 1-based, in characters from the start of the query).
    #[error("{message} at position {position}")]
    Syntax { position: usize, message: String },
    #[error("Unexpected `none` when trying to parse logic atom: {0} within {1}")]
    UnexpectedNoneLogicError(String, String),
    #[error("Pest returned successful parsing but did not produce any output, that should be unreachable due to .pest definition file: SOI ~ chain ~ EOI")]
    UnexpectedPestOutput,
    #[error("expected a `Rule::path` but found nothing")]
    NoRulePath,
    #[error("expected a `JsonPath::Descent` but found nothing")]
    NoJsonPathDescent,
    #[error("expected a `JsonPath::Field` but found nothing")]
    NoJsonPathField,
    #[error("expected a `f64` or `i64`, but got {0}")]
    InvalidNumber(String),
    #[error("Failed to get inner pairs for {0}")]
    EmptyInner(String),
    #[error("Invalid json path: {0}")]
    InvalidJsonPath(String),
    #[error("JSONPath nesting depth exceeds the maximum of {0}")]
    MaxNestingDepthExceeded(usize),
    // Vendored change (see vendor/README.md): match()/search() share a budget per query.
    /// The query's `match()`/`search()` calls needed more than `budget` steps (the patterns' sizes
    /// × the lengths of the texts): too expensive to run.
    #[error("match()/search() in this JSONPath is too expensive: it needs more than {budget} steps (the pattern's size × the length of the text)")]
    TooExpensive { budget: u64 },
}

impl JsonPathError {
    pub fn empty(v: &str) -> Self {
        JsonPathError::EmptyInner(v.to_string())
    }
}

impl<T: Queryable> From<T> for JsonPathError {
    fn from(val: T) -> Self {
        JsonPathError::InvalidJsonPath(format!("Result '{:?}' is not a reference", val))
    }
}

impl From<&str> for JsonPathError {
    fn from(val: &str) -> Self {
        JsonPathError::EmptyInner(val.to_string())
    }
}

impl From<(ParseIntError, &str)> for JsonPathError {
    fn from((err, val): (ParseIntError, &str)) -> Self {
        JsonPathError::InvalidNumber(format!("{:?} for `{}`", err, val))
    }
}

impl From<(JsonPathError, &str)> for JsonPathError {
    fn from((err, val): (JsonPathError, &str)) -> Self {
        JsonPathError::InvalidJsonPath(format!("{:?} for `{}`", err, val))
    }
}

impl From<(ParseFloatError, &str)> for JsonPathError {
    fn from((err, val): (ParseFloatError, &str)) -> Self {
        JsonPathError::InvalidNumber(format!("{:?} for `{}`", err, val))
    }
}
impl From<ParseBoolError> for JsonPathError {
    fn from(err: ParseBoolError) -> Self {
        JsonPathError::InvalidJsonPath(format!("{:?} ", err))
    }
}
