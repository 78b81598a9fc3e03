//! The simulated Search API: `POST /search` with a GraphQL query and variables, executed against the
//! [`AnalyzerStore`]. Answers are shaped like the real API's:
//! `{"data":{"taskDetails":{"tasks":[…only the selected fields, in selection order…]}}}`, or
//! `{"errors":[{"message":…,"locations":[{"line":…,"column":…}],"extensions":{"classification":…}}],"data":null}`.
//!
//! Assumptions (the real API's behaviour here is not documented; shown to users as assumptions):
//! - `Long` variables accept numeric strings (`"1700000000000"`): the lab's variables template renders
//!   `from`/`to` inside quotes and the real API evidently accepts them.
//! - The window is inclusive on both ends and applies to `createdTime`.
//! - Tasks come newest first ([`TaskOrder::NewestFirst`]); [`TaskOrder::OldestFirst`] shows what
//!   `tasks[0]` would mean otherwise.
//! - GraphQL errors come with status 200; an unknown path is a 404, a method other than POST a 405.

use std::fmt::Write as _;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::flow::{
    BodyKind, HttpReply, PreparedBody, RenderedRequest, Responder, TransportFailure,
};

use super::filter::{self, Filter};
use super::graphql::{
    parse_document, Field, GraphqlError, GraphqlErrorKind, Operation, OperationKind, Pos, TypeRef,
    Value, VariableDefinition,
};
use super::schema::{
    FieldType, ObjectType, Scalar, FILTER_TYPE, INPUT_TYPES, QUERY, TASK_DETAILS_ARGS,
};
use super::store::AnalyzerStore;

/// Most errors reported for one query.
pub const MAX_ERRORS: usize = 20;

/// The order of `tasks`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskOrder {
    #[default]
    NewestFirst,
    OldestFirst,
}

/// The `from`/`to` window a query asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub from: i64,
    pub to: i64,
}

/// What the API answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResponse {
    pub status: i64,
    /// The body as sent (compact JSON).
    pub body: String,
    pub errors: Vec<GraphqlError>,
    /// The window of the (last) `taskDetails` field, when the query got that far.
    pub window: Option<Window>,
    /// Tasks in the window, before the filter.
    pub in_window: usize,
    /// Tasks returned.
    pub returned: usize,
}

impl SearchResponse {
    fn failed(errors: Vec<GraphqlError>) -> SearchResponse {
        SearchResponse {
            status: 200,
            body: errors_body(&errors),
            errors,
            window: None,
            in_window: 0,
            returned: 0,
        }
    }
}

fn json_text(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

fn errors_body(errors: &[GraphqlError]) -> String {
    let mut out = String::from("{\"errors\":[");
    for (i, e) in errors.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"message\":");
        out.push_str(&json_text(&e.message));
        if let Some(at) = e.at {
            let _ = write!(
                out,
                ",\"locations\":[{{\"line\":{},\"column\":{}}}]",
                at.line, at.column
            );
        }
        let _ = write!(
            out,
            ",\"extensions\":{{\"classification\":\"{}\"}}}}",
            e.kind.classification()
        );
    }
    out.push_str("],\"data\":null}");
    out
}

/// A coerced variable.
struct Var {
    def: VariableDefinition,
    value: Json,
    used: bool,
}

struct Ctx<'a> {
    /// Every declared variable name (also those whose value was refused).
    declared: Vec<String>,
    vars: Vec<Var>,
    errors: Vec<GraphqlError>,
    store: &'a AnalyzerStore,
}

impl Ctx<'_> {
    fn error(&mut self, kind: GraphqlErrorKind, message: String, at: Option<Pos>) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(GraphqlError::new(kind, message, at));
        }
    }

    fn var(&mut self, name: &str) -> Option<&mut Var> {
        self.vars.iter_mut().find(|v| v.def.name == name)
    }
}

/// Executes a query with its variables (`null` = none) against the store.
pub fn execute(
    store: &AnalyzerStore,
    query: &str,
    variables: &Json,
    order: TaskOrder,
) -> SearchResponse {
    let doc = match parse_document(query) {
        Ok(doc) => doc,
        Err(e) => return SearchResponse::failed(vec![e]),
    };
    let op = match doc.operations.as_slice() {
        [op] => op,
        ops => {
            let at = ops.get(1).map(|o| o.pos);
            return SearchResponse::failed(vec![GraphqlError::new(
                GraphqlErrorKind::Unsupported,
                "Must provide operation name if query contains multiple operations.",
                at,
            )]);
        }
    };
    if op.kind != OperationKind::Query {
        let what = match op.kind {
            OperationKind::Mutation => "mutations",
            _ => "subscriptions",
        };
        return SearchResponse::failed(vec![GraphqlError::new(
            GraphqlErrorKind::Unsupported,
            format!("Schema is not configured for {what}."),
            Some(op.pos),
        )]);
    }
    let mut ctx = Ctx {
        declared: op.variables.iter().map(|v| v.name.clone()).collect(),
        vars: Vec::new(),
        errors: Vec::new(),
        store,
    };
    coerce_variables(&mut ctx, op, variables);
    validate_selection(&mut ctx, &op.selection, &QUERY, "");
    for var in &ctx.vars {
        if !var.used && ctx.errors.len() < MAX_ERRORS {
            ctx.errors.push(GraphqlError::new(
                GraphqlErrorKind::BadVariable,
                format!(
                    "Validation error of type UnusedVariable: Unused variable {}",
                    var.def.name
                ),
                Some(var.def.pos),
            ));
        }
    }
    if !ctx.errors.is_empty() {
        return SearchResponse::failed(ctx.errors);
    }
    run_query(&mut ctx, op, order)
}

// ---- variables ---------------------------------------------------------------------------------------

fn coerce_variables(ctx: &mut Ctx<'_>, op: &Operation, variables: &Json) {
    let provided = match variables {
        Json::Object(map) => Some(map),
        Json::Null => None,
        other => {
            ctx.error(
                GraphqlErrorKind::BadVariable,
                format!(
                    "the variables must be a JSON object, not {}",
                    describe_json(other)
                ),
                None,
            );
            None
        }
    };
    for def in &op.variables {
        if ctx.vars.iter().any(|v| v.def.name == def.name) {
            ctx.error(
                GraphqlErrorKind::BadVariable,
                format!(
                    "Validation error of type DuplicateVariableName: There can be only one variable named '{}'",
                    def.name
                ),
                Some(def.pos),
            );
            continue;
        }
        let base = def.ty.base();
        if !INPUT_TYPES.contains(&base) {
            ctx.error(
                GraphqlErrorKind::BadVariable,
                format!("Validation error of type UnknownType: Unknown type {base}"),
                Some(def.pos),
            );
            continue;
        }
        let given = provided.and_then(|m| m.get(&def.name));
        let value = match (given, &def.default) {
            (Some(v), _) => v.clone(),
            (None, Some(default)) => literal_json(default, &mut |_| None),
            (None, None) => Json::Null,
        };
        match coerce(&def.ty, &value, 0) {
            Ok(value) => ctx.vars.push(Var {
                def: def.clone(),
                value,
                used: false,
            }),
            Err(Coercion::Null) => ctx.error(
                GraphqlErrorKind::BadVariable,
                format!(
                    "Variable '{}' has coerced Null value for NonNull type '{}'",
                    def.name, def.ty
                ),
                Some(def.pos),
            ),
            Err(Coercion::Invalid(why)) => ctx.error(
                GraphqlErrorKind::BadVariable,
                format!("Variable '{}' has an invalid value: {why}", def.name),
                Some(def.pos),
            ),
        }
    }
}

enum Coercion {
    Null,
    Invalid(String),
}

fn describe_json(json: &Json) -> &'static str {
    match json {
        Json::Null => "null",
        Json::Bool(_) => "a 'Boolean'",
        Json::Number(_) => "a 'Number'",
        Json::String(_) => "a 'String'",
        Json::Array(_) => "a 'List'",
        Json::Object(_) => "an 'Object'",
    }
}

/// Input coercion of a variable value to its declared type.
fn coerce(ty: &TypeRef, value: &Json, depth: usize) -> Result<Json, Coercion> {
    if depth > super::graphql::MAX_DEPTH {
        return Err(Coercion::Invalid("the value nests too deep".into()));
    }
    match ty {
        TypeRef::NonNull(inner) => {
            if value.is_null() {
                Err(Coercion::Null)
            } else {
                coerce(inner, value, depth + 1)
            }
        }
        _ if value.is_null() => Ok(Json::Null),
        TypeRef::List(inner) => match value {
            Json::Array(items) => items
                .iter()
                .map(|v| coerce(inner, v, depth + 1))
                .collect::<Result<Vec<_>, _>>()
                .map(Json::Array),
            single => Ok(Json::Array(vec![coerce(inner, single, depth + 1)?])),
        },
        TypeRef::Named(name) => coerce_named(name, value).map_err(Coercion::Invalid),
    }
}

fn coerce_named(name: &str, value: &Json) -> Result<Json, String> {
    let expected = || {
        format!(
            "Expected a value that can be converted to type '{name}' but it was {}",
            describe_json(value)
        )
    };
    match name {
        "Long" | "Int" => {
            let n = match value {
                Json::Number(n) => n.as_i64(),
                // Assumption: numeric strings are accepted for Long (see the module documentation).
                Json::String(s) => s.trim().parse::<i64>().ok(),
                _ => None,
            }
            .ok_or_else(expected)?;
            if name == "Int" && i32::try_from(n).is_err() {
                return Err(format!("{n} does not fit in an 'Int' (32 bits)"));
            }
            Ok(Json::from(n))
        }
        "Float" => match value {
            Json::Number(_) => Ok(value.clone()),
            _ => Err(expected()),
        },
        "String" => match value {
            Json::String(_) => Ok(value.clone()),
            _ => Err(expected()),
        },
        "ID" => match value {
            Json::String(_) => Ok(value.clone()),
            Json::Number(n) if n.is_i64() => Ok(Json::String(n.to_string())),
            _ => Err(expected()),
        },
        "Boolean" => match value {
            Json::Bool(_) => Ok(value.clone()),
            _ => Err(expected()),
        },
        FILTER_TYPE => {
            filter::compile(value).map_err(|e| e.to_string())?;
            Ok(value.clone())
        }
        _ => Err(format!("Unknown type {name}")),
    }
}

/// A value written in the query as JSON; `var` resolves `$name` (and marks it used).
fn literal_json(value: &Value, var: &mut dyn FnMut(&str) -> Option<Json>) -> Json {
    match value {
        Value::Variable(name, _) => var(name).unwrap_or(Json::Null),
        Value::Int(text) => text
            .parse::<i64>()
            .map(Json::from)
            .unwrap_or_else(|_| Json::String(text.clone())),
        Value::Float(text) => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Json::Number)
            .unwrap_or(Json::Null),
        Value::String(s) | Value::Enum(s) => Json::String(s.clone()),
        Value::Boolean(b) => Json::Bool(*b),
        Value::Null => Json::Null,
        Value::List(items) => Json::Array(items.iter().map(|v| literal_json(v, var)).collect()),
        Value::Object(fields) => {
            // Inserted, not collected (a collected map sorts: see crate::stable_sort).
            let mut object = serde_json::Map::new();
            for (k, v) in fields {
                object.insert(k.clone(), literal_json(v, var));
            }
            Json::Object(object)
        }
    }
}

/// Variables used anywhere in a value.
fn variables_in<'v>(value: &'v Value, out: &mut Vec<(&'v str, Pos)>) {
    match value {
        Value::Variable(name, pos) => out.push((name, *pos)),
        Value::List(items) => items.iter().for_each(|v| variables_in(v, out)),
        Value::Object(fields) => fields.iter().for_each(|(_, v)| variables_in(v, out)),
        _ => {}
    }
}

// ---- validation --------------------------------------------------------------------------------------

fn validate_selection(ctx: &mut Ctx<'_>, fields: &[Field], ty: &'static ObjectType, path: &str) {
    for (i, f) in fields.iter().enumerate() {
        // Two fields under one response key must be the same field.
        if let Some(other) = fields
            .iter()
            .take(i)
            .find(|g| g.response_key() == f.response_key() && g.name != f.name)
        {
            ctx.error(
                GraphqlErrorKind::UnknownField,
                format!(
                    "Validation error of type FieldsConflict: {}: {} and {} are different fields",
                    f.response_key(),
                    other.name,
                    f.name
                ),
                Some(f.pos),
            );
        }
        let here = if path.is_empty() {
            f.name.clone()
        } else {
            format!("{path}/{}", f.name)
        };
        if f.name == "__typename" {
            if f.selection.is_some() {
                ctx.error(
                    GraphqlErrorKind::SubSelection,
                    format!("Validation error of type SubSelectionNotAllowed: Sub selection not allowed on leaf type String! of field __typename @ '{here}'"),
                    Some(f.pos),
                );
            }
            continue;
        }
        let Some(def) = ty.field(&f.name) else {
            ctx.error(
                GraphqlErrorKind::UnknownField,
                format!(
                    "Validation error of type FieldUndefined: Field '{}' in type '{}' is undefined @ '{here}'",
                    f.name, ty.name
                ),
                Some(f.pos),
            );
            continue;
        };
        if std::ptr::eq(ty, &QUERY) && def.name == "taskDetails" {
            validate_task_details_args(ctx, f);
        } else if let Some(arg) = f.arguments.first() {
            ctx.error(
                GraphqlErrorKind::BadArgument,
                format!(
                    "Validation error of type UnknownArgument: Unknown field argument {} @ '{here}'",
                    arg.name
                ),
                Some(arg.pos),
            );
        }
        match (def.ty, &f.selection) {
            (FieldType::Scalar(s), Some(_)) => ctx.error(
                GraphqlErrorKind::SubSelection,
                format!(
                    "Validation error of type SubSelectionNotAllowed: Sub selection not allowed on leaf type {} of field {} @ '{here}'",
                    s.name(),
                    f.name
                ),
                Some(f.pos),
            ),
            (FieldType::Object(o) | FieldType::List(o), None) => ctx.error(
                GraphqlErrorKind::SubSelection,
                format!(
                    "Validation error of type SubSelectionRequired: Sub selection required for type {} of field {} @ '{here}'",
                    o.name, f.name
                ),
                Some(f.pos),
            ),
            (FieldType::Object(o) | FieldType::List(o), Some(sel)) => {
                validate_selection(ctx, sel, o, &here)
            }
            (FieldType::Scalar(_), None) => {}
        }
    }
}

fn validate_task_details_args(ctx: &mut Ctx<'_>, f: &Field) {
    for (i, arg) in f.arguments.iter().enumerate() {
        if f.arguments.iter().take(i).any(|a| a.name == arg.name) {
            ctx.error(
                GraphqlErrorKind::BadArgument,
                format!("Validation error of type DuplicateArgumentNames: There can be only one argument named '{}'", arg.name),
                Some(arg.pos),
            );
            continue;
        }
        let Some(def) = TASK_DETAILS_ARGS.iter().find(|a| a.name == arg.name) else {
            ctx.error(
                GraphqlErrorKind::BadArgument,
                format!(
                    "Validation error of type UnknownArgument: Unknown field argument {} @ 'taskDetails'",
                    arg.name
                ),
                Some(arg.pos),
            );
            continue;
        };
        let expected = if def.required {
            format!("{}!", def.ty)
        } else {
            def.ty.to_string()
        };
        // Variables in the value: defined, of the argument's type (a whole-value variable only).
        let mut used = Vec::new();
        variables_in(&arg.value, &mut used);
        for (name, pos) in used {
            match ctx.var(name) {
                Some(var) => {
                    var.used = true;
                    if let Value::Variable(..) = arg.value {
                        let var_ty = var.def.ty.clone();
                        let has_default = var.def.default.is_some();
                        let compatible = var_ty.base() == def.ty
                            && !matches!(var_ty, TypeRef::List(_))
                            && (!def.required || var_ty.is_non_null() || has_default);
                        if !compatible {
                            ctx.error(
                                GraphqlErrorKind::BadVariable,
                                format!("Validation error of type VariableTypeMismatch: Variable type '{var_ty}' doesn't match expected type '{expected}' @ 'taskDetails'"),
                                Some(pos),
                            );
                        }
                    }
                }
                None => {
                    // A variable that failed coercion is already reported; only undeclared ones here.
                    if !ctx.declared.iter().any(|d| d == name) {
                        ctx.error(
                            GraphqlErrorKind::BadVariable,
                            format!("Validation error of type UndefinedVariable: Undefined variable {name}"),
                            Some(pos),
                        );
                    }
                }
            }
        }
        // A literal (not a lone variable): check it against the type now.
        if !matches!(arg.value, Value::Variable(..)) {
            let vars = &ctx.vars;
            let json = literal_json(&arg.value, &mut |n| {
                vars.iter()
                    .find(|v| v.def.name == n)
                    .map(|v| v.value.clone())
            });
            let ty = if def.required {
                TypeRef::NonNull(Box::new(TypeRef::Named(def.ty.to_string())))
            } else {
                TypeRef::Named(def.ty.to_string())
            };
            let problem = match coerce(&ty, &json, 0) {
                Ok(_) => None,
                Err(Coercion::Null) => Some(format!(
                    "argument '{}' of type '{expected}' may not be null",
                    arg.name
                )),
                Err(Coercion::Invalid(why)) => Some(format!(
                    "argument '{}' with value '{}' is not a valid '{}': {why}",
                    arg.name,
                    short(&json),
                    def.ty
                )),
            };
            if let Some(problem) = problem {
                ctx.error(
                    GraphqlErrorKind::BadArgument,
                    format!("Validation error of type WrongType: {problem} @ 'taskDetails'"),
                    Some(arg.pos),
                );
            }
        }
    }
    for def in TASK_DETAILS_ARGS.iter().filter(|d| d.required) {
        if !f.arguments.iter().any(|a| a.name == def.name) {
            ctx.error(
                GraphqlErrorKind::BadArgument,
                format!(
                    "Validation error of type MissingFieldArgument: Missing field argument {} @ 'taskDetails'",
                    def.name
                ),
                Some(f.pos),
            );
        }
    }
}

fn short(json: &Json) -> String {
    let text = json.to_string();
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", text.get(..at).unwrap_or("")),
        None => text,
    }
}

// ---- execution ---------------------------------------------------------------------------------------

/// Fields grouped by response key, in first-seen order (GraphQL's field collection).
fn group<'f>(fields: &[&'f Field]) -> Vec<(&'f str, Vec<&'f Field>)> {
    let mut groups: Vec<(&str, Vec<&Field>)> = Vec::new();
    for f in fields {
        match groups.iter_mut().find(|(k, _)| *k == f.response_key()) {
            Some((_, list)) => list.push(f),
            None => groups.push((f.response_key(), vec![f])),
        }
    }
    groups
}

fn sub_fields<'f>(fields: &[&'f Field]) -> Vec<&'f Field> {
    fields
        .iter()
        .filter_map(|f| f.selection.as_ref())
        .flatten()
        .collect()
}

fn arg_json(ctx: &Ctx<'_>, f: &Field, name: &str) -> Json {
    match f.arguments.iter().find(|a| a.name == name) {
        Some(arg) => literal_json(&arg.value, &mut |n| {
            ctx.vars
                .iter()
                .find(|v| v.def.name == n)
                .map(|v| v.value.clone())
        }),
        None => Json::Null,
    }
}

fn as_long(json: &Json) -> Option<i64> {
    match json {
        Json::Number(n) => n.as_i64(),
        Json::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn run_query(ctx: &mut Ctx<'_>, op: &Operation, order: TaskOrder) -> SearchResponse {
    let root: Vec<&Field> = op.selection.iter().collect();
    let mut out = String::from("{\"data\":{");
    let mut window = None;
    let (mut in_window, mut returned) = (0, 0);
    for (i, (key, fields)) in group(&root).into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&json_text(key));
        out.push(':');
        let Some(first) = fields.first() else {
            out.push_str("null");
            continue;
        };
        if first.name == "__typename" {
            out.push_str("\"Query\"");
            continue;
        }
        // The only root field is taskDetails (validated).
        let (Some(from), Some(to)) = (
            as_long(&arg_json(ctx, first, "from")),
            as_long(&arg_json(ctx, first, "to")),
        ) else {
            return SearchResponse::failed(vec![GraphqlError::new(
                GraphqlErrorKind::DataFetching,
                "Exception while fetching data (/taskDetails) : 'from' and 'to' must be epoch milliseconds",
                Some(first.pos),
            )]);
        };
        if from > to {
            return SearchResponse::failed(vec![GraphqlError::new(
                GraphqlErrorKind::DataFetching,
                format!("Exception while fetching data (/taskDetails) : 'from' ({from}) is after 'to' ({to})"),
                Some(first.pos),
            )]);
        }
        let filter = match arg_json(ctx, first, "filter") {
            Json::Null => Filter::All,
            json => match filter::compile(&json) {
                Ok(f) => f,
                Err(why) => {
                    return SearchResponse::failed(vec![GraphqlError::new(
                        GraphqlErrorKind::BadFilter,
                        format!("Validation error of type WrongType: argument 'filter': {why}"),
                        Some(first.pos),
                    )])
                }
            },
        };
        window = Some(Window { from, to });
        let mut tasks: Vec<Json> = Vec::new();
        in_window = 0;
        for task in ctx.store.tasks() {
            if task.created_time < from || task.created_time > to {
                continue;
            }
            in_window += 1;
            let json = task.to_json();
            if filter.matches(&json) {
                tasks.push(json);
            }
        }
        if order == TaskOrder::NewestFirst {
            // Stable: records created at the same millisecond keep their creation order reversed.
            tasks.reverse();
        }
        returned = tasks.len();
        let value = serde_json::json!({
            "tasks": tasks,
            "pageInfo": { "hasNextPage": false, "endCursor": null },
        });
        let Some(FieldType::Object(ty)) = QUERY.field(&first.name).map(|d| d.ty) else {
            out.push_str("null");
            continue;
        };
        write_object(&mut out, &value, &sub_fields(&fields), ty);
    }
    out.push_str("}}");
    SearchResponse {
        status: 200,
        body: out,
        errors: Vec::new(),
        window,
        in_window,
        returned,
    }
}

/// Writes the selected fields of `value` (of type `ty`) as JSON, in selection order.
fn write_object(out: &mut String, value: &Json, fields: &[&Field], ty: &'static ObjectType) {
    if !value.is_object() {
        out.push_str("null");
        return;
    }
    out.push('{');
    for (i, (key, group)) in group(fields).into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&json_text(key));
        out.push(':');
        let Some(first) = group.first() else {
            out.push_str("null");
            continue;
        };
        if first.name == "__typename" {
            out.push_str(&json_text(ty.name));
            continue;
        }
        let field_value = value.get(&first.name).unwrap_or(&Json::Null);
        match ty.field(&first.name).map(|d| d.ty) {
            Some(FieldType::Scalar(s)) => write_scalar(out, field_value, s),
            Some(FieldType::Object(o)) => write_object(out, field_value, &sub_fields(&group), o),
            Some(FieldType::List(o)) => match field_value {
                Json::Array(items) => {
                    let subs = sub_fields(&group);
                    out.push('[');
                    for (j, item) in items.iter().enumerate() {
                        if j > 0 {
                            out.push(',');
                        }
                        write_object(out, item, &subs, o);
                    }
                    out.push(']');
                }
                _ => out.push_str("null"),
            },
            None => out.push_str("null"),
        }
    }
    out.push('}');
}

fn write_scalar(out: &mut String, value: &Json, _scalar: Scalar) {
    match value {
        Json::Object(_) | Json::Array(_) => out.push_str("null"),
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

// ---- the HTTP side -----------------------------------------------------------------------------------

/// One request the flow sent and what the API answered (for the Debugger view).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HttpExchange {
    /// Clock time of the request, epoch ms.
    pub at: i64,
    pub request: RenderedRequest,
    pub response: SearchResponse,
}

/// The Search API as the HTTP Request node's [`Responder`]: reads the store, records every exchange.
pub struct SearchApi<'a> {
    pub store: &'a AnalyzerStore,
    pub order: TaskOrder,
    /// Clock time of the run, epoch ms.
    pub now: i64,
    pub exchanges: Vec<HttpExchange>,
}

impl<'a> SearchApi<'a> {
    pub fn new(store: &'a AnalyzerStore, order: TaskOrder, now: i64) -> SearchApi<'a> {
        SearchApi {
            store,
            order,
            now,
            exchanges: Vec::new(),
        }
    }

    /// What the API answers a request (without recording it).
    pub fn answer(&self, request: &RenderedRequest) -> SearchResponse {
        let path = request.path.trim();
        let path = path.split('?').next().unwrap_or(path).trim_end_matches('/');
        if !path.ends_with("/search") {
            return SearchResponse {
                status: 404,
                body: format!(
                    "{{\"error\":{{\"message\":{}}}}}",
                    json_text(&format!("no resource at {}", request.path))
                ),
                errors: Vec::new(),
                window: None,
                in_window: 0,
                returned: 0,
            };
        }
        if !request.method.trim().eq_ignore_ascii_case("POST") {
            return SearchResponse {
                status: 405,
                body: "{\"error\":{\"message\":\"/search takes POST\"}}".to_string(),
                errors: Vec::new(),
                window: None,
                in_window: 0,
                returned: 0,
            };
        }
        if request.body_kind != BodyKind::GraphQl {
            return SearchResponse {
                status: 400,
                body: format!(
                    "{{\"errors\":[{{\"message\":{}}}],\"data\":null}}",
                    json_text(&format!(
                        "/search takes a GraphQL body (Content Type GraphQL); this request's Content Type is `{}`",
                        request.content_type
                    ))
                ),
                errors: Vec::new(),
                window: None,
                in_window: 0,
                returned: 0,
            };
        }
        execute(self.store, &request.query, &request.variables, self.order)
    }
}

impl Responder for SearchApi<'_> {
    fn respond(&mut self, request: &RenderedRequest) -> Result<HttpReply, TransportFailure> {
        let response = self.answer(request);
        let body = PreparedBody::new(response.body.clone()).map_err(|e| TransportFailure {
            message: e.message.clone(),
        })?;
        let reply = HttpReply {
            status: response.status,
            headers: vec![("content-type".to_string(), "application/json".to_string())],
            body: Arc::new(body),
        };
        self.exchanges.push(HttpExchange {
            at: self.now,
            request: request.clone(),
            response,
        });
        Ok(reply)
    }
}
