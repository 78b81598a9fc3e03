//! Parser (in progress): for now the whole template is text.

use super::ast::Node;
use super::error::{Diagnostic, Error, ErrorKind, Span};

pub fn parse_template(src: &str) -> Result<(Vec<Node>, Vec<Diagnostic>), Error> {
    if src.len() > super::MAX_SOURCE_LEN {
        return Err(Error::new(
            ErrorKind::LimitExceeded,
            Span::new(0, 0),
            "template too long",
            src,
        ));
    }
    Ok((
        vec![Node::Text {
            span: Span::new(0, src.len()),
            text: src.to_string(),
        }],
        Vec::new(),
    ))
}
