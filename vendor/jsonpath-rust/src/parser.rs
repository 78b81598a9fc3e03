#![allow(clippy::empty_docs)]
pub mod errors;
// Vendored change (see vendor/README.md): a hand-written parser instead of pest.
mod descent;
// Vendored addition: RFC 9535 function well-typedness, used by `descent`.
mod function_types;
mod macros;
pub mod model;
// Upstream's pest parser, kept only to check the new one against.
#[cfg(test)]
mod pest_oracle;
#[cfg(test)]
mod tests;

use crate::parser::errors::JsonPathError;
use crate::parser::model::JpQuery;

pub type Parsed<T> = Result<T, JsonPathError>;

/// The maximum nesting depth of parentheses and brackets accepted in a query.
///
/// Parsing is recursive, so a query that nests grouping constructs unboundedly
/// would recurse until the stack overflows and the process aborts. Real-world
/// queries nest only a handful of levels, so this limit is generous while still
/// keeping stack usage bounded.
pub const MAX_NESTING_DEPTH: usize = 128;

/// Parses a string into a [JsonPath].
///
/// # Errors
///
/// Returns a variant of [crate::JsonPathParserError] if the parsing operation failed:
/// [`JsonPathError::Syntax`] with a position for a query that does not parse,
/// [`JsonPathError::MaxNestingDepthExceeded`] for one that nests deeper than
/// [`MAX_NESTING_DEPTH`].
pub fn parse_json_path(jp_str: &str) -> Parsed<JpQuery> {
    descent::parse(jp_str)
}
