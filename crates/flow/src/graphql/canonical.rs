//! A document written one way only, for comparing two queries by their meaning: no comments, no
//! positions, no optional commas or spaces (`query q($from:Long!){taskDetails(from:$from){tasks{id
//! name}}}`). Two queries the parser reads into the same tree have the same canonical text.

use super::ast::{Document, Field, Operation, OperationKind, Value, VariableDefinition};

/// The canonical text of `document`.
pub fn canonical(document: &Document) -> String {
    let mut out = String::new();
    for (i, op) in document.operations.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        operation(&mut out, op);
    }
    out
}

fn operation(out: &mut String, op: &Operation) {
    let keyword = match op.kind {
        OperationKind::Query => "query",
        OperationKind::Mutation => "mutation",
        OperationKind::Subscription => "subscription",
    };
    // `{ … }` and `query { … }` are the same operation.
    let named = op.name.is_some() || !op.variables.is_empty() || op.kind != OperationKind::Query;
    if named {
        out.push_str(keyword);
        if let Some(name) = &op.name {
            out.push(' ');
            out.push_str(name);
        }
        if !op.variables.is_empty() {
            out.push('(');
            for (i, v) in op.variables.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                variable(out, v);
            }
            out.push(')');
        }
    }
    selection(out, &op.selection);
}

fn variable(out: &mut String, v: &VariableDefinition) {
    out.push('$');
    out.push_str(&v.name);
    out.push(':');
    out.push_str(&v.ty.to_string());
    if let Some(default) = &v.default {
        out.push('=');
        value(out, default);
    }
}

fn selection(out: &mut String, fields: &[Field]) {
    out.push('{');
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        field(out, f);
    }
    out.push('}');
}

fn field(out: &mut String, f: &Field) {
    if let Some(alias) = &f.alias {
        out.push_str(alias);
        out.push(':');
    }
    out.push_str(&f.name);
    if !f.arguments.is_empty() {
        out.push('(');
        for (i, a) in f.arguments.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&a.name);
            out.push(':');
            value(out, &a.value);
        }
        out.push(')');
    }
    if let Some(inner) = &f.selection {
        selection(out, inner);
    }
}

fn value(out: &mut String, v: &Value) {
    match v {
        Value::Variable(name, _) => {
            out.push('$');
            out.push_str(name);
        }
        Value::Int(t) | Value::Float(t) | Value::Enum(t) => out.push_str(t),
        Value::String(s) => out.push_str(&serde_json::Value::String(s.clone()).to_string()),
        Value::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                value(out, item);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, (k, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(k);
                out.push(':');
                value(out, item);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_document;
    use super::*;

    fn canon(text: &str) -> String {
        canonical(&parse_document(text).unwrap())
    }

    #[test]
    fn layout_commas_and_comments_do_not_count() {
        let a = canon("query q($from: Long!, $to: Long!) {\n  taskDetails(from: $from, to: $to) {\n    tasks { id   name }\n  }\n}");
        let b = canon("# the lab's query\nquery q($from:Long! $to:Long!){taskDetails(from:$from to:$to){tasks{id,name}}}");
        assert_eq!(a, b);
        assert_eq!(
            a,
            "query q($from:Long!,$to:Long!){taskDetails(from:$from,to:$to){tasks{id name}}}"
        );
        assert_eq!(canon("{ a }"), canon("query { a }"));
    }

    #[test]
    fn meaning_counts() {
        assert_ne!(canon("{ a { b } }"), canon("{ a { c } }"));
        assert_ne!(canon("{ a(x: \"1\") }"), canon("{ a(x: 1) }"));
        assert_ne!(canon("{ a b }"), canon("{ b a }"));
        assert_eq!(canon("{ a(s: \"x y\") }"), "{a(s:\"x y\")}");
    }
}
