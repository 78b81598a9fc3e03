//! Recursive descent over the tokens, bounded by [`MAX_DEPTH`](super::MAX_DEPTH) so that deep input
//! is an error, not a stack overflow.

use super::ast::{
    Argument, Document, Field, Operation, OperationKind, TypeRef, Value, VariableDefinition,
};
use super::error::{GraphqlError, GraphqlErrorKind, Pos};
use super::lexer::{tokenize, Tok, Token};
use super::{MAX_DEPTH, MAX_QUERY_BYTES};

/// Parses a query document.
pub fn parse_document(src: &str) -> Result<Document, GraphqlError> {
    if src.len() > MAX_QUERY_BYTES {
        return Err(GraphqlError::new(
            GraphqlErrorKind::Limit,
            format!(
                "the query is {} bytes; this simulator accepts at most {MAX_QUERY_BYTES}",
                src.len()
            ),
            None,
        ));
    }
    let tokens = tokenize(src)?;
    let mut p = Parser {
        tokens,
        at: 0,
        depth: 0,
    };
    p.document()
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    depth: usize,
}

const EOF_TOKEN: Token = Token {
    tok: Tok::Eof,
    pos: Pos {
        offset: 0,
        line: 1,
        column: 1,
    },
};

impl Parser {
    fn peek(&self) -> &Token {
        // The token list always ends with `Eof` and `bump` never moves past it.
        self.tokens
            .get(self.at)
            .or_else(|| self.tokens.last())
            .unwrap_or(&EOF_TOKEN)
    }

    fn bump(&mut self) -> Token {
        let t = self.peek().clone();
        if self.at + 1 < self.tokens.len() {
            self.at += 1;
        }
        t
    }

    fn is_punct(&self, c: char) -> bool {
        self.peek().tok == Tok::Punct(c)
    }

    fn unexpected(&self, expected: &str) -> GraphqlError {
        let t = self.peek();
        GraphqlError::syntax(
            format!(
                "Invalid Syntax : offending token '{}' at line {} column {} (expected {expected})",
                t.tok.describe(),
                t.pos.line,
                t.pos.column
            ),
            t.pos,
        )
    }

    fn expect_punct(&mut self, c: char) -> Result<Pos, GraphqlError> {
        if self.is_punct(c) {
            Ok(self.bump().pos)
        } else {
            Err(self.unexpected(&format!("'{c}'")))
        }
    }

    fn name(&mut self) -> Result<(String, Pos), GraphqlError> {
        match &self.peek().tok {
            Tok::Name(n) => {
                let n = n.clone();
                Ok((n, self.bump().pos))
            }
            _ => Err(self.unexpected("a name")),
        }
    }

    fn enter(&mut self) -> Result<(), GraphqlError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let pos = self.peek().pos;
            return Err(GraphqlError::new(
                GraphqlErrorKind::Limit,
                format!("the query nests deeper than {MAX_DEPTH} levels"),
                Some(pos),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn document(&mut self) -> Result<Document, GraphqlError> {
        let mut operations = Vec::new();
        loop {
            let t = self.peek().clone();
            match &t.tok {
                Tok::Eof => break,
                Tok::Punct('{') => {
                    let selection = self.selection_set()?;
                    operations.push(Operation {
                        kind: OperationKind::Query,
                        name: None,
                        variables: Vec::new(),
                        selection,
                        pos: t.pos,
                    });
                }
                Tok::Name(word) => {
                    let kind = match word.as_str() {
                        "query" => OperationKind::Query,
                        "mutation" => OperationKind::Mutation,
                        "subscription" => OperationKind::Subscription,
                        "fragment" => return Err(GraphqlError::new(
                            GraphqlErrorKind::Unsupported,
                            "fragments are not supported by this simulator; write the fields out",
                            Some(t.pos),
                        )),
                        _ => return Err(self.unexpected("'query' or '{'")),
                    };
                    self.bump();
                    let name = match &self.peek().tok {
                        Tok::Name(_) => Some(self.name()?.0),
                        _ => None,
                    };
                    let variables = if self.is_punct('(') {
                        self.variable_definitions()?
                    } else {
                        Vec::new()
                    };
                    self.no_directives()?;
                    let selection = self.selection_set()?;
                    operations.push(Operation {
                        kind,
                        name,
                        variables,
                        selection,
                        pos: t.pos,
                    });
                }
                _ => return Err(self.unexpected("'query' or '{'")),
            }
        }
        if operations.is_empty() {
            return Err(self.unexpected("an operation"));
        }
        Ok(Document { operations })
    }

    fn no_directives(&self) -> Result<(), GraphqlError> {
        if self.is_punct('@') {
            return Err(GraphqlError::new(
                GraphqlErrorKind::Unsupported,
                "directives (@…) are not supported by this simulator",
                Some(self.peek().pos),
            ));
        }
        Ok(())
    }

    fn variable_definitions(&mut self) -> Result<Vec<VariableDefinition>, GraphqlError> {
        self.expect_punct('(')?;
        let mut defs = Vec::new();
        while !self.is_punct(')') {
            let pos = self.expect_punct('$')?;
            let (name, _) = self.name()?;
            self.expect_punct(':')?;
            let ty = self.type_ref()?;
            let default = if self.is_punct('=') {
                self.bump();
                Some(self.value(true)?)
            } else {
                None
            };
            self.no_directives()?;
            defs.push(VariableDefinition {
                name,
                ty,
                default,
                pos,
            });
        }
        self.bump();
        if defs.is_empty() {
            return Err(self.unexpected("a variable definition"));
        }
        Ok(defs)
    }

    fn type_ref(&mut self) -> Result<TypeRef, GraphqlError> {
        self.enter()?;
        let ty = if self.is_punct('[') {
            self.bump();
            let inner = self.type_ref()?;
            self.expect_punct(']')?;
            TypeRef::List(Box::new(inner))
        } else {
            TypeRef::Named(self.name()?.0)
        };
        let ty = if self.is_punct('!') {
            self.bump();
            TypeRef::NonNull(Box::new(ty))
        } else {
            ty
        };
        self.leave();
        Ok(ty)
    }

    fn selection_set(&mut self) -> Result<Vec<Field>, GraphqlError> {
        self.enter()?;
        self.expect_punct('{')?;
        let mut fields = Vec::new();
        while !self.is_punct('}') {
            if self.peek().tok == Tok::Spread {
                return Err(GraphqlError::new(
                    GraphqlErrorKind::Unsupported,
                    "fragments (...) are not supported by this simulator; write the fields out",
                    Some(self.peek().pos),
                ));
            }
            fields.push(self.field()?);
        }
        self.bump();
        if fields.is_empty() {
            return Err(self.unexpected("a field"));
        }
        self.leave();
        Ok(fields)
    }

    fn field(&mut self) -> Result<Field, GraphqlError> {
        let (first, pos) = self.name()?;
        let (alias, name) = if self.is_punct(':') {
            self.bump();
            (Some(first), self.name()?.0)
        } else {
            (None, first)
        };
        let arguments = if self.is_punct('(') {
            self.arguments()?
        } else {
            Vec::new()
        };
        self.no_directives()?;
        let selection = if self.is_punct('{') {
            Some(self.selection_set()?)
        } else {
            None
        };
        Ok(Field {
            alias,
            name,
            arguments,
            selection,
            pos,
        })
    }

    fn arguments(&mut self) -> Result<Vec<Argument>, GraphqlError> {
        self.expect_punct('(')?;
        let mut args = Vec::new();
        while !self.is_punct(')') {
            let (name, pos) = self.name()?;
            self.expect_punct(':')?;
            let value = self.value(false)?;
            args.push(Argument { name, value, pos });
        }
        self.bump();
        if args.is_empty() {
            return Err(self.unexpected("an argument"));
        }
        Ok(args)
    }

    /// A value; `constant` forbids variables (defaults of variable definitions).
    fn value(&mut self, constant: bool) -> Result<Value, GraphqlError> {
        self.enter()?;
        let t = self.peek().clone();
        let value = match t.tok {
            Tok::Punct('$') if !constant => {
                self.bump();
                let (name, _) = self.name()?;
                Value::Variable(name, t.pos)
            }
            Tok::Int(text) => {
                self.bump();
                Value::Int(text)
            }
            Tok::Float(text) => {
                self.bump();
                Value::Float(text)
            }
            Tok::Str(text) => {
                self.bump();
                Value::String(text)
            }
            Tok::Name(word) => {
                self.bump();
                match word.as_str() {
                    "true" => Value::Boolean(true),
                    "false" => Value::Boolean(false),
                    "null" => Value::Null,
                    _ => Value::Enum(word),
                }
            }
            Tok::Punct('[') => {
                self.bump();
                let mut items = Vec::new();
                while !self.is_punct(']') {
                    items.push(self.value(constant)?);
                }
                self.bump();
                Value::List(items)
            }
            Tok::Punct('{') => {
                self.bump();
                let mut fields = Vec::new();
                while !self.is_punct('}') {
                    let (name, _) = self.name()?;
                    self.expect_punct(':')?;
                    fields.push((name, self.value(constant)?));
                }
                self.bump();
                Value::Object(fields)
            }
            _ => return Err(self.unexpected("a value")),
        };
        self.leave();
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lab_query_parses_with_positions() {
        let doc = parse_document(
            "query callbackSearch($from: Long!, $to: Long!, $filter: TaskDetailsFilters) {\n taskDetails(from: $from, to: $to, filter: $filter) { tasks { a: id } }\n}",
        )
        .unwrap();
        let op = &doc.operations[0];
        assert_eq!(op.name.as_deref(), Some("callbackSearch"));
        assert_eq!(op.variables.len(), 3);
        assert_eq!(op.variables[0].ty.to_string(), "Long!");
        assert_eq!(
            (op.variables[2].pos.line, op.variables[2].pos.column),
            (1, 48)
        );
        let td = &op.selection[0];
        assert_eq!((td.pos.line, td.pos.column), (2, 2));
        assert_eq!(td.arguments.len(), 3);
        let tasks = &td.selection.as_ref().unwrap()[0];
        let id = &tasks.selection.as_ref().unwrap()[0];
        assert_eq!((id.alias.as_deref(), id.name.as_str()), (Some("a"), "id"));
    }

    #[test]
    fn values_and_comments() {
        let doc = parse_document(
            "# c\n{ f(a: [1, -2.5e3, \"s\\u0041\", true, null, E, {k: $v}], b: \"\"\"x\"y\"\"\") { g } }",
        )
        .unwrap();
        let args = &doc.operations[0].selection[0].arguments;
        let Value::List(items) = &args[0].value else {
            panic!("{args:?}")
        };
        assert_eq!(items[1], Value::Float("-2.5e3".into()));
        assert_eq!(items[2], Value::String("sA".into()));
        assert_eq!(items[5], Value::Enum("E".into()));
        assert_eq!(args[1].value, Value::String("x\"y".into()));
    }

    #[test]
    fn errors_have_positions() {
        let e = parse_document("{ f(a: 01) }").unwrap_err();
        assert_eq!((e.at.unwrap().line, e.at.unwrap().column), (1, 8));
        let e = parse_document("{\n  f(a: 'x') }").unwrap_err();
        assert!(e.message.contains("double quotes"), "{}", e.message);
        assert_eq!(e.at.unwrap().line, 2);
        let e = parse_document("{ f }}").unwrap_err();
        assert!(e.message.contains("'}'"), "{}", e.message);
        let e = parse_document(&"[".repeat(10)).unwrap_err();
        assert_eq!(e.kind, GraphqlErrorKind::Syntax);
        let deep = format!("{{ f(a: {}1{}) }}", "[".repeat(200), "]".repeat(200));
        assert_eq!(
            parse_document(&deep).unwrap_err().kind,
            GraphqlErrorKind::Limit
        );
        let many = format!("{{ {} }}", "f ".repeat(25_000));
        assert_eq!(
            parse_document(&many).unwrap_err().kind,
            GraphqlErrorKind::Limit
        );
    }
}
