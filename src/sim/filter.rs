//! `TaskDetailsFilters`: the `filter` argument of `taskDetails`, compiled from its JSON form and
//! checked against the [`schema`](super::schema), then applied to task records.
//!
//! Shapes accepted (both appear in the lab's query):
//! - `{"and": [f, …]}`, `{"or": [f, …]}`, `{"not": f}`; several keys in one object all apply (and);
//! - a scalar field with operators: `{"status": {"equals": "ended"}}`;
//! - an object field with a field inside: `{"lastEntryPoint": {"id": {"equals": "…"}}}`;
//! - an object field with an operator over its fields: `{"callbackData": {"equals": {"callbackNumber": "…"}}}`.
//!
//! Operators: `equals`, `notequals` (any scalar, or `null`), `contains` (strings, case-sensitive: an
//! assumption), `gt`, `gte`, `lt`, `lte` (numbers). `match` (a regular expression in the real API) is
//! refused: the simulator carries no regex engine. Long values may be given as numeric strings (the
//! same assumption as for the `from`/`to` variables).

use std::fmt;

use serde::Serialize;
use serde_json::Value as Json;

use super::schema::{FieldType, ObjectType, Scalar, FILTER_TYPE, TASK};

/// Deepest nesting of `and`/`or`/`not` and object fields.
pub const MAX_FILTER_DEPTH: usize = 32;
/// Most conditions in one filter.
pub const MAX_FILTER_NODES: usize = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Equals,
    NotEquals,
    Contains,
    Gt,
    Gte,
    Lt,
    Lte,
}

impl Op {
    fn parse(name: &str) -> Option<Op> {
        Some(match name {
            "equals" => Op::Equals,
            "notequals" => Op::NotEquals,
            "contains" => Op::Contains,
            "gt" => Op::Gt,
            "gte" => Op::Gte,
            "lt" => Op::Lt,
            "lte" => Op::Lte,
            _ => return None,
        })
    }

    fn is_operator_name(name: &str) -> bool {
        Op::parse(name).is_some() || name == "match"
    }
}

/// A value compared with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Operand {
    Null,
    Str(String),
    Int(i64),
    Bool(bool),
}

/// A compiled filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Filter {
    /// `{}`: every task.
    All,
    And {
        all: Vec<Filter>,
    },
    Or {
        any: Vec<Filter>,
    },
    Not {
        not: Box<Filter>,
    },
    Compare {
        /// Field names from the task down (`["callbackData", "callbackNumber"]`).
        path: Vec<&'static str>,
        op: Op,
        value: Operand,
    },
}

/// Why a `TaskDetailsFilters` value is refused, in the words the Search API's validation error uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterError {
    TooDeep,
    TooManyConditions,
    /// Not an object where a filter type is expected.
    NotAnObject {
        filter_type: String,
        found: &'static str,
    },
    /// A filter on a list field (`taskDetails` has none the mission needs).
    ListField(String),
    NotAField {
        name: String,
        of: String,
    },
    /// An operator over an object field given something else than an object of its fields.
    OperatorNeedsFields {
        op: String,
        path: String,
        found: &'static str,
    },
    /// An operator over an object field names a field that is an object itself.
    NotScalar {
        op: String,
        name: String,
    },
    /// A scalar field given something else than an object of operators.
    NeedsOperators {
        field: String,
        found: &'static str,
    },
    /// `match`: regular expressions are not simulated.
    MatchUnsupported,
    UnknownOperator {
        op: String,
        field: String,
    },
    ContainsOnString {
        field: String,
        scalar: &'static str,
    },
    NumbersOnly {
        op: String,
        field: String,
        scalar: &'static str,
    },
    /// The operand is not of the field's type.
    WrongValue {
        field: String,
        scalar: &'static str,
        op: String,
        found: &'static str,
    },
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FilterError::TooDeep => write!(f, "the filter nests deeper than {MAX_FILTER_DEPTH} levels"),
            FilterError::TooManyConditions => {
                write!(f, "the filter has more than {MAX_FILTER_NODES} conditions")
            }
            FilterError::NotAnObject { filter_type, found } => {
                write!(f, "expected an object of type {filter_type} but it was {found}")
            }
            FilterError::ListField(name) => {
                write!(f, "filters on the list '{name}' are not supported")
            }
            FilterError::NotAField { name, of } => write!(f, "'{name}' is not a field of {of}"),
            FilterError::OperatorNeedsFields { op, path, found } => write!(
                f,
                "'{op}' on {path} expects an object of its fields but it was {found}"
            ),
            FilterError::NotScalar { op, name } => {
                write!(f, "'{op}' compares scalar fields; '{name}' is an object")
            }
            FilterError::NeedsOperators { field, found } => write!(
                f,
                "'{field}' expects an object of operators such as {{\"equals\": …}} but it was {found}"
            ),
            FilterError::MatchUnsupported => write!(
                f,
                "'match' (regular expressions) is not supported by this simulator; use 'contains' or 'equals'"
            ),
            FilterError::UnknownOperator { op, field } => write!(
                f,
                "'{op}' is not a filter operator of '{field}'; use equals, notequals, contains, gt, gte, lt or lte"
            ),
            FilterError::ContainsOnString { field, scalar } => {
                write!(f, "'contains' works on String fields; '{field}' is {scalar}")
            }
            FilterError::NumbersOnly { op, field, scalar } => {
                write!(f, "'{op}' works on numbers; '{field}' is {scalar}")
            }
            FilterError::WrongValue { field, scalar, op, found } => {
                write!(f, "'{field}' is {scalar}; the value of '{op}' was {found}")
            }
        }
    }
}

impl std::error::Error for FilterError {}

/// Compiles a `TaskDetailsFilters` value; the error says what is wrong, in words.
pub fn compile(json: &Json) -> Result<Filter, FilterError> {
    let mut budget = MAX_FILTER_NODES;
    compile_object(json, &TASK, &[], 0, &mut budget)
}

fn kind_of(json: &Json) -> &'static str {
    match json {
        Json::Null => "null",
        Json::Bool(_) => "a Boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a String",
        Json::Array(_) => "a list",
        Json::Object(_) => "an object",
    }
}

fn filter_type_name(ty: &ObjectType, path: &[&str]) -> String {
    if path.is_empty() {
        FILTER_TYPE.to_string()
    } else {
        format!("{}Filters", ty.name)
    }
}

fn spend(depth: usize, budget: &mut usize) -> Result<(), FilterError> {
    if depth > MAX_FILTER_DEPTH {
        return Err(FilterError::TooDeep);
    }
    if *budget == 0 {
        return Err(FilterError::TooManyConditions);
    }
    *budget -= 1;
    Ok(())
}

fn compile_object(
    json: &Json,
    ty: &'static ObjectType,
    path: &[&'static str],
    depth: usize,
    budget: &mut usize,
) -> Result<Filter, FilterError> {
    spend(depth, budget)?;
    let Json::Object(map) = json else {
        return Err(FilterError::NotAnObject {
            filter_type: filter_type_name(ty, path),
            found: kind_of(json),
        });
    };
    let mut parts = Vec::new();
    for (key, value) in map {
        let part = match key.as_str() {
            "and" | "or" => {
                let items: Vec<&Json> = match value {
                    Json::Array(items) => items.iter().collect(),
                    Json::Null => continue,
                    single => vec![single],
                };
                let compiled = items
                    .into_iter()
                    .map(|item| compile_object(item, ty, path, depth + 1, budget))
                    .collect::<Result<Vec<_>, _>>()?;
                if key == "and" {
                    Filter::And { all: compiled }
                } else {
                    Filter::Or { any: compiled }
                }
            }
            "not" => {
                if value.is_null() {
                    continue;
                }
                Filter::Not {
                    not: Box::new(compile_object(value, ty, path, depth + 1, budget)?),
                }
            }
            op if !path.is_empty() && Op::is_operator_name(op) => {
                compile_operator_over_fields(op, value, ty, path, depth + 1, budget)?
            }
            name => match ty.field(name) {
                Some(def) => {
                    let mut sub = path.to_vec();
                    sub.push(def.name);
                    match def.ty {
                        FieldType::Scalar(scalar) => {
                            compile_operators(value, scalar, &sub, depth + 1, budget)?
                        }
                        FieldType::Object(o) => compile_object(value, o, &sub, depth + 1, budget)?,
                        FieldType::List(_) => return Err(FilterError::ListField(name.to_string())),
                    }
                }
                None => {
                    return Err(FilterError::NotAField {
                        name: name.to_string(),
                        of: filter_type_name(ty, path),
                    })
                }
            },
        };
        parts.push(part);
    }
    Ok(match parts.len() {
        0 => Filter::All,
        1 => parts.pop().unwrap_or(Filter::All),
        _ => Filter::And { all: parts },
    })
}

/// `{"equals": {"callbackNumber": "…"}}` inside an object field.
fn compile_operator_over_fields(
    op: &str,
    value: &Json,
    ty: &'static ObjectType,
    path: &[&'static str],
    depth: usize,
    budget: &mut usize,
) -> Result<Filter, FilterError> {
    if value.is_null() && matches!(op, "equals" | "notequals") {
        // `{"callbackData": {"equals": null}}`: the object itself is (not) null.
        let op = if op == "equals" {
            Op::Equals
        } else {
            Op::NotEquals
        };
        return Ok(Filter::Compare {
            path: path.to_vec(),
            op,
            value: Operand::Null,
        });
    }
    let Json::Object(fields) = value else {
        return Err(FilterError::OperatorNeedsFields {
            op: op.to_string(),
            path: path.join("."),
            found: kind_of(value),
        });
    };
    let mut parts = Vec::new();
    for (name, operand) in fields {
        let Some(def) = ty.field(name) else {
            return Err(FilterError::NotAField {
                name: name.to_string(),
                of: ty.name.to_string(),
            });
        };
        let FieldType::Scalar(scalar) = def.ty else {
            return Err(FilterError::NotScalar {
                op: op.to_string(),
                name: name.to_string(),
            });
        };
        spend(depth, budget)?;
        let mut sub = path.to_vec();
        sub.push(def.name);
        parts.push(compile_compare(op, operand, scalar, sub)?);
    }
    Ok(match parts.len() {
        0 => Filter::All,
        1 => parts.pop().unwrap_or(Filter::All),
        _ => Filter::And { all: parts },
    })
}

/// `{"equals": "…", "notequals": "…"}` on a scalar field.
fn compile_operators(
    value: &Json,
    scalar: Scalar,
    path: &[&'static str],
    depth: usize,
    budget: &mut usize,
) -> Result<Filter, FilterError> {
    spend(depth, budget)?;
    let Json::Object(ops) = value else {
        return Err(FilterError::NeedsOperators {
            field: path.join("."),
            found: kind_of(value),
        });
    };
    let mut parts = Vec::new();
    for (op, operand) in ops {
        spend(depth, budget)?;
        parts.push(compile_compare(op, operand, scalar, path.to_vec())?);
    }
    Ok(match parts.len() {
        0 => Filter::All,
        1 => parts.pop().unwrap_or(Filter::All),
        _ => Filter::And { all: parts },
    })
}

fn compile_compare(
    op_name: &str,
    operand: &Json,
    scalar: Scalar,
    path: Vec<&'static str>,
) -> Result<Filter, FilterError> {
    let field = path.join(".");
    let op = match Op::parse(op_name) {
        Some(op) => op,
        None if op_name == "match" => return Err(FilterError::MatchUnsupported),
        None => {
            return Err(FilterError::UnknownOperator {
                op: op_name.to_string(),
                field,
            })
        }
    };
    let numeric = matches!(scalar, Scalar::Long | Scalar::Int);
    match op {
        Op::Contains if scalar != Scalar::String => {
            return Err(FilterError::ContainsOnString {
                field,
                scalar: scalar.name(),
            })
        }
        Op::Gt | Op::Gte | Op::Lt | Op::Lte if !numeric => {
            return Err(FilterError::NumbersOnly {
                op: op_name.to_string(),
                field,
                scalar: scalar.name(),
            })
        }
        _ => {}
    }
    let wrong = || FilterError::WrongValue {
        field: field.clone(),
        scalar: scalar.name(),
        op: op_name.to_string(),
        found: kind_of(operand),
    };
    let value = match (operand, scalar) {
        (Json::Null, _) if matches!(op, Op::Equals | Op::NotEquals) => Operand::Null,
        (Json::String(s), Scalar::String) => Operand::Str(s.clone()),
        (Json::Number(n), Scalar::Long | Scalar::Int) => {
            Operand::Int(n.as_i64().ok_or_else(wrong)?)
        }
        (Json::String(s), Scalar::Long | Scalar::Int) => {
            Operand::Int(s.trim().parse::<i64>().map_err(|_| wrong())?)
        }
        (Json::Bool(b), Scalar::Boolean) => Operand::Bool(*b),
        _ => return Err(wrong()),
    };
    Ok(Filter::Compare { path, op, value })
}

impl Filter {
    /// Whether a task (its Search API JSON) passes the filter.
    pub fn matches(&self, task: &Json) -> bool {
        match self {
            Filter::All => true,
            Filter::And { all } => all.iter().all(|f| f.matches(task)),
            Filter::Or { any } => any.iter().any(|f| f.matches(task)),
            Filter::Not { not } => !not.matches(task),
            Filter::Compare { path, op, value } => {
                let mut field = task;
                for name in path {
                    field = field.get(name).unwrap_or(&Json::Null);
                }
                compare(field, *op, value)
            }
        }
    }
}

fn equal(field: &Json, value: &Operand) -> bool {
    match (field, value) {
        (Json::Null, Operand::Null) => true,
        (Json::String(a), Operand::Str(b)) => a == b,
        (Json::Number(a), Operand::Int(b)) => a.as_i64() == Some(*b),
        (Json::Bool(a), Operand::Bool(b)) => a == b,
        _ => false,
    }
}

fn compare(field: &Json, op: Op, value: &Operand) -> bool {
    match op {
        Op::Equals => equal(field, value),
        Op::NotEquals => !equal(field, value),
        Op::Contains => match (field, value) {
            (Json::String(a), Operand::Str(b)) => a.contains(b.as_str()),
            _ => false,
        },
        Op::Gt | Op::Gte | Op::Lt | Op::Lte => {
            let (Some(a), Operand::Int(b)) = (field.as_i64(), value) else {
                return false;
            };
            match op {
                Op::Gt => a > *b,
                Op::Gte => a >= *b,
                Op::Lt => a < *b,
                _ => a <= *b,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_lab_filter_compiles_and_matches() {
        let f = compile(&json!({"and": [
            {"callbackData": {"equals": {"callbackNumber": "14085267209"}}},
            {"lastEntryPoint": {"id": {"equals": "ep"}}}
        ]}))
        .unwrap();
        let task = json!({"callbackData": {"callbackNumber": "14085267209"}, "lastEntryPoint": {"id": "ep"}});
        assert!(f.matches(&task));
        let other = json!({"callbackData": null, "lastEntryPoint": {"id": "ep"}});
        assert!(!f.matches(&other));
    }

    #[test]
    fn errors_name_the_problem() {
        let e = compile(&json!({"calbackData": {}}))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("'calbackData' is not a field of TaskDetailsFilters"),
            "{e}"
        );
        let e = compile(&json!({"status": {"gt": 3}}))
            .unwrap_err()
            .to_string();
        assert!(e.contains("works on numbers"), "{e}");
        let e = compile(&json!({"createdTime": {"gt": "soon"}}))
            .unwrap_err()
            .to_string();
        assert!(e.contains("Long"), "{e}");
        let e = compile(&json!({"status": {"match": "x.*"}}))
            .unwrap_err()
            .to_string();
        assert!(e.contains("not supported"), "{e}");
        let e = compile(&json!([])).unwrap_err().to_string();
        assert!(e.contains("expected an object"), "{e}");
    }

    #[test]
    fn numbers_strings_and_not() {
        let f = compile(&json!({"not": {"createdTime": {"lt": "100"}}})).unwrap();
        assert!(f.matches(&json!({"createdTime": 100})));
        assert!(!f.matches(&json!({"createdTime": 99})));
        let f = compile(
            &json!({"or": [{"status": {"contains": "end"}}, {"isActive": {"equals": true}}]}),
        )
        .unwrap();
        assert!(f.matches(&json!({"status": "ended", "isActive": false})));
        assert!(f.matches(&json!({"status": "active", "isActive": true})));
        assert!(!f.matches(&json!({"status": "active", "isActive": false})));
    }

    #[test]
    fn deep_filters_are_an_error() {
        let mut j = json!({});
        for _ in 0..100 {
            j = json!({ "not": j });
        }
        assert_eq!(compile(&j).unwrap_err(), FilterError::TooDeep);
    }
}
