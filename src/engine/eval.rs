//! Evaluator (in progress).

use super::ast::Node;
use super::{Clock, Error, Rendered, Template, Variables};

pub fn render_template(
    t: &Template,
    _vars: &Variables,
    _clock: &dyn Clock,
) -> Result<Rendered, Error> {
    let mut text = String::new();
    for n in t.nodes() {
        if let Node::Text { text: s, .. } = n {
            text.push_str(s);
        }
    }
    Ok(Rendered {
        text,
        value: None,
        trace: Vec::new(),
        warnings: t.parse_warnings().to_vec(),
    })
}
