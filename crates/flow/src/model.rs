//! The flow as data: typed variables with defaults, nodes (activities) with labels, kinds and settings,
//! links with named exits. Loaded from (and shaped like) Flow Designer's export JSON:
//! `{name, flowType, variables:[{name,type,value}], process:{activities:{id:{id,name,properties:{activityName,…}}},
//! links:[{sourceActivityId,targetActivityId,conditionExpr}]}}`.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value as Json};

use engine::VarType;

use super::error::{caret_excerpt, FlowError, FlowErrorKind};
use super::kinds::NodeKind;

/// Largest flow file we accept (bytes).
pub const MAX_FLOW_BYTES: usize = 4 * 1024 * 1024;
/// Most activities, links and variables a flow may have.
pub const MAX_NODES: usize = 2_000;
pub const MAX_LINKS: usize = 10_000;
pub const MAX_VARIABLES: usize = 2_000;

/// A flow variable declared in the flow's Global Flow Properties.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariableDecl {
    pub name: String,
    #[serde(rename = "type", serialize_with = "display")]
    pub var_type: VarType,
    /// The default value as Flow Designer stores it: text.
    pub default: String,
}

/// One activity of the flow.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// The activity id in the export.
    pub id: String,
    /// The activity label shown on the canvas (prefix of its output variables).
    pub label: String,
    /// The typed settings of its kind.
    pub kind: NodeKind,
    /// The activity's properties as loaded, kept for export and for what the model does not type.
    #[serde(skip)]
    pub properties: Map<String, Json>,
}

/// A connection from one node's exit to another node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub id: String,
    /// Index in [`Flow::nodes`].
    pub from: usize,
    pub to: usize,
    /// The exit name (`conditionExpr`): `out`, `default`, `true`, `false`, `error`, `1`, `2`, …
    pub exit: String,
}

/// A whole flow.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flow {
    pub name: String,
    pub flow_type: String,
    pub description: String,
    pub variables: Vec<VariableDecl>,
    pub nodes: Vec<Node>,
    pub links: Vec<Link>,
    /// Index of the start node.
    pub start: usize,
}

fn display<T: std::fmt::Display, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(value)
}

// ---- the export shape ------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawFlow {
    #[serde(default)]
    name: String,
    #[serde(default)]
    flow_type: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    variables: Vec<RawVariable>,
    process: RawProcess,
}

#[derive(Deserialize)]
struct RawVariable {
    name: String,
    #[serde(rename = "type")]
    var_type: String,
    #[serde(default)]
    value: Option<Json>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawProcess {
    #[serde(default)]
    start_activity_id: Option<String>,
    activities: BTreeMap<String, RawActivity>,
    #[serde(default)]
    links: Vec<RawLink>,
}

#[derive(Deserialize)]
struct RawActivity {
    #[serde(default)]
    id: Option<String>,
    name: String,
    #[serde(default)]
    properties: Map<String, Json>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawLink {
    #[serde(default)]
    id: Option<String>,
    source_activity_id: String,
    target_activity_id: String,
    #[serde(default)]
    condition_expr: Option<String>,
}

impl Flow {
    /// Loads a flow from export-shaped JSON text, checking sizes, shapes and references.
    pub fn from_json(text: &str) -> Result<Flow, FlowError> {
        if text.len() > MAX_FLOW_BYTES {
            return Err(FlowError::new(
                FlowErrorKind::TooLarge,
                format!(
                    "the flow file is larger than {} MB",
                    MAX_FLOW_BYTES / (1024 * 1024)
                ),
            ));
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let raw: RawFlow = serde_json::from_str(text).map_err(|e| {
            FlowError::new(
                FlowErrorKind::FlowFormat,
                format!("the flow is not a flow export: {}", short(&e)),
            )
            .at(format!("line {}, column {}", e.line(), e.column()))
            .with_excerpt(caret_excerpt(text, e.line(), e.column()))
        })?;
        Self::from_raw(raw)
    }

    fn from_raw(raw: RawFlow) -> Result<Flow, FlowError> {
        let invalid = |m: String| FlowError::new(FlowErrorKind::FlowInvalid, m);
        if raw.variables.len() > MAX_VARIABLES
            || raw.process.activities.len() > MAX_NODES
            || raw.process.links.len() > MAX_LINKS
        {
            return Err(FlowError::new(
                FlowErrorKind::TooLarge,
                format!("the flow has more than {MAX_NODES} activities, {MAX_LINKS} links or {MAX_VARIABLES} variables"),
            ));
        }

        let mut variables: Vec<VariableDecl> = Vec::with_capacity(raw.variables.len());
        for v in raw.variables {
            let location = format!("variable `{}`", v.name);
            if v.name.trim().is_empty() {
                return Err(invalid("a flow variable has an empty name".into()));
            }
            if variables.iter().any(|d| d.name == v.name) {
                return Err(invalid(format!(
                    "the flow variable `{}` is declared twice",
                    v.name
                )));
            }
            let var_type: VarType =
                v.var_type
                    .trim()
                    .to_ascii_uppercase()
                    .parse()
                    .map_err(|_| {
                        FlowError::new(
                            FlowErrorKind::FlowFormat,
                            format!("unknown variable type `{}`", v.var_type),
                        )
                        .at(location.clone())
                        .with_hint("types are STRING, INTEGER, DECIMAL, BOOLEAN, DATETIME, JSON")
                    })?;
            let default = match v.value {
                None | Some(Json::Null) => String::new(),
                Some(Json::String(s)) => s,
                Some(other) => other.to_string(),
            };
            if !default.is_empty() {
                var_type.parse_default(&default).map_err(|e| {
                    FlowError::new(
                        FlowErrorKind::Conversion,
                        format!("the default `{default}` is not a {var_type}: {e}"),
                    )
                    .at(location.clone())
                })?;
            }
            variables.push(VariableDecl {
                name: v.name,
                var_type,
                default,
            });
        }

        let mut nodes = Vec::with_capacity(raw.process.activities.len());
        let mut index_of: HashMap<String, usize> = HashMap::new();
        for (key, activity) in raw.process.activities {
            let id = activity.id.unwrap_or_else(|| key.clone());
            if id != key {
                return Err(invalid(format!(
                    "activity `{key}` carries a different id `{id}`"
                )));
            }
            let label = activity.name.trim().to_string();
            if label.is_empty() {
                return Err(invalid(format!("activity `{id}` has no label (name)")));
            }
            if nodes.iter().any(|n: &Node| n.label == label) {
                return Err(
                    invalid(format!("two activities are labelled `{label}`")).with_hint(
                        "labels name the activity's output variables, so they must be unique",
                    ),
                );
            }
            let kind = NodeKind::from_properties(&activity.properties)
                .map_err(|e| e.at(format!("activity `{label}`")))?;
            index_of.insert(id.clone(), nodes.len());
            nodes.push(Node {
                id,
                label,
                kind,
                properties: activity.properties,
            });
        }

        let mut links = Vec::with_capacity(raw.process.links.len());
        for (i, link) in raw.process.links.into_iter().enumerate() {
            let lookup = |id: &str| {
                index_of.get(id).copied().ok_or_else(|| {
                    invalid(format!(
                        "link {} refers to an unknown activity `{id}`",
                        i + 1
                    ))
                })
            };
            let from = lookup(&link.source_activity_id)?;
            let to = lookup(&link.target_activity_id)?;
            let exit = link.condition_expr.unwrap_or_else(|| "out".to_string());
            if links
                .iter()
                .any(|l: &Link| l.from == from && l.exit == exit)
            {
                let label = nodes.get(from).map(|n| n.label.as_str()).unwrap_or("?");
                return Err(invalid(format!(
                    "the `{exit}` exit of `{label}` is connected twice"
                )));
            }
            links.push(Link {
                id: link.id.unwrap_or_else(|| format!("link-{}", i + 1)),
                from,
                to,
                exit,
            });
        }

        let start = match raw.process.start_activity_id {
            Some(id) => *index_of
                .get(&id)
                .ok_or_else(|| invalid(format!("the start activity `{id}` does not exist")))?,
            None => {
                let mut starts = nodes
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| matches!(n.kind, NodeKind::Start(_)));
                match (starts.next(), starts.next()) {
                    (Some((i, _)), None) => i,
                    (None, _) => return Err(invalid("the flow has no start activity".into())),
                    (Some(_), Some(_)) => {
                        return Err(invalid("the flow has several start activities".into()))
                    }
                }
            }
        };

        Ok(Flow {
            name: raw.name,
            flow_type: raw.flow_type.unwrap_or_else(|| "FLOW".into()),
            description: raw.description.unwrap_or_default(),
            variables,
            nodes,
            links,
            start,
        })
    }

    /// The node labelled `label`.
    pub fn node_index(&self, label: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.label == label)
    }

    pub fn node(&self, index: usize) -> Option<&Node> {
        self.nodes.get(index)
    }

    /// The node an exit leads to.
    pub fn follow(&self, from: usize, exit: &str) -> Option<usize> {
        self.links
            .iter()
            .find(|l| l.from == from && l.exit == exit)
            .map(|l| l.to)
    }

    /// The declared flow variable `name`.
    pub fn variable(&self, name: &str) -> Option<&VariableDecl> {
        self.variables.iter().find(|v| v.name == name)
    }

    /// What-if: replaces the expression of a Condition node (the one labelled `label`, or the only one).
    pub fn set_condition_expression(
        &mut self,
        label: Option<&str>,
        expression: &str,
    ) -> Result<(), FlowError> {
        let index = self.find_kind(label, "condition-activity", |k| {
            matches!(k, NodeKind::Condition(_))
        })?;
        if let Some(node) = self.nodes.get_mut(index) {
            if let NodeKind::Condition(condition) = &mut node.kind {
                condition.expression = expression.to_string();
            }
            node.properties
                .insert("expression".into(), Json::String(expression.to_string()));
        }
        Ok(())
    }

    /// What-if: replaces the JSONPath of the parse setting that fills `variable` (in the HTTP node
    /// labelled `label`, or the only HTTP node that has such a row).
    pub fn set_parse_path(
        &mut self,
        label: Option<&str>,
        variable: &str,
        path: &str,
    ) -> Result<(), FlowError> {
        let found = self.nodes.iter_mut().find_map(|node| {
            if label.is_some_and(|l| l != node.label) {
                return None;
            }
            let NodeKind::HttpRequest(http) = &mut node.kind else {
                return None;
            };
            let row = http
                .parse_settings
                .iter()
                .position(|s| s.variable == variable)?;
            Some((node, row))
        });
        let Some((node, row)) = found else {
            return Err(FlowError::new(
                FlowErrorKind::NotFound,
                format!("no HTTP Request node has a parse setting for `{variable}`"),
            ));
        };
        if let NodeKind::HttpRequest(http) = &mut node.kind {
            if let Some(setting) = http.parse_settings.get_mut(row) {
                setting.path = path.to_string();
            }
            if let Some(Json::Array(rows)) = node.properties.get_mut("outputVariableArray") {
                if let Some(Json::Object(r)) = rows.get_mut(row) {
                    r.insert("jsonPathExp".into(), Json::String(path.to_string()));
                }
            }
        }
        Ok(())
    }

    fn find_kind(
        &self,
        label: Option<&str>,
        activity: &str,
        is_kind: impl Fn(&NodeKind) -> bool,
    ) -> Result<usize, FlowError> {
        let mut candidates = self
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| is_kind(&n.kind) && label.is_none_or(|l| l == n.label));
        match (candidates.next(), candidates.next(), label) {
            (Some((i, _)), None, _) | (Some((i, _)), Some(_), Some(_)) => Ok(i),
            (None, _, Some(l)) => Err(FlowError::new(
                FlowErrorKind::NotFound,
                format!("no {activity} node is labelled `{l}`"),
            )),
            (None, _, None) => Err(FlowError::new(
                FlowErrorKind::NotFound,
                format!("the flow has no {activity} node"),
            )),
            (Some(_), Some(_), None) => Err(FlowError::new(
                FlowErrorKind::NotFound,
                format!("the flow has several {activity} nodes"),
            )
            .with_hint("name the node by its label")),
        }
    }
}

fn short(e: &serde_json::Error) -> String {
    let text = e.to_string();
    text.split(" at line ").next().unwrap_or(&text).to_string()
}
