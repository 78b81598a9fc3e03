//! The flow as data: typed variables with defaults, nodes (activities) with labels, kinds and settings,
//! links with named exits. Loaded from (and shaped like) Flow Designer's export JSON:
//! `{name, flowType, variables:[{name,type,value}], process:{activities:{id:{id,name,group,properties:{activityName,…}}},
//! links:[{sourceActivityId,targetActivityId,conditionExpr}]}}`; everything else the export holds is
//! kept beside the model (`raw`, `document`) so that an export writes it back.

use std::sync::Arc;

use serde::{Serialize, Serializer};
use serde_json::{Map, Value as Json};

use engine::VarType;

use super::error::{FlowError, FlowErrorKind};
use super::kinds::NodeKind;

/// Largest flow file we accept (bytes).
pub const MAX_FLOW_BYTES: usize = 4 * 1024 * 1024;
/// Most activities, links and variables a flow may have.
pub const MAX_NODES: usize = 2_000;
pub const MAX_LINKS: usize = 10_000;
pub const MAX_VARIABLES: usize = 2_000;

/// Members of the export the model does not use, carried so that an export writes them back.
/// Equality ignores them: two flows are equal when their models are (an export's JSON is compared
/// as JSON where that matters). Shared, so cloning a flow (the lab does, for what-if edits) does
/// not copy a large `diagram`.
#[derive(Debug, Clone, Default)]
pub struct Kept<T>(pub Arc<T>);

impl<T> Kept<T> {
    pub fn new(value: T) -> Kept<T> {
        Kept(Arc::new(value))
    }
}

impl<T> PartialEq for Kept<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> Eq for Kept<T> {}

impl<T> std::ops::Deref for Kept<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// A flow variable declared in the flow's Global Flow Properties.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariableDecl {
    pub name: String,
    #[serde(rename = "type", serialize_with = "display")]
    pub var_type: VarType,
    /// The default value as Flow Designer stores it: text.
    pub default: String,
    /// The variable's object as the export gave it (`isCAD`, `desktopLabel`, …), written back on
    /// export so that nothing is lost.
    #[serde(skip)]
    pub raw: Kept<Map<String, Json>>,
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
    /// The activity's object without its properties (`group`, …), as the export gave it.
    #[serde(skip)]
    pub raw: Kept<Map<String, Json>>,
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
    /// The link's object as the export gave it (`properties: {value}`, …).
    #[serde(skip)]
    pub raw: Kept<Map<String, Json>>,
}

/// A link the model does not use (an exit connected a second time), kept for export at its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnusedLink {
    /// Its index in the export's `links`.
    pub index: usize,
    pub raw: Json,
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
    /// The export's other top-level members (`orgId`, `version`, `diagram`, `eventFlows`, …), and
    /// `name`, `flowType`, `description` as given: written back on export.
    #[serde(skip)]
    pub document: Kept<Map<String, Json>>,
    /// The other members of `process`.
    #[serde(skip)]
    pub process: Kept<Map<String, Json>>,
    #[serde(skip)]
    pub unused_links: Kept<Vec<UnusedLink>>,
}

fn display<T: std::fmt::Display, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(value)
}

impl Flow {
    /// Loads a flow from a Flow Designer export (see [`crate::import`], which also says what it
    /// read leniently).
    pub fn from_json(text: &str) -> Result<Flow, FlowError> {
        crate::import::import(text).map(|imported| imported.flow)
    }

    /// The links leaving `from`, in link order.
    pub fn outgoing(&self, from: usize) -> impl Iterator<Item = &Link> + '_ {
        self.links.iter().filter(move |l| l.from == from)
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
            // Blank rows are kept in the export but not in the model: find the row by its variable.
            if let Some(Json::Array(rows)) = node.properties.get_mut("outputVariableArray") {
                let same = |r: &&mut Json| {
                    r.get("outputVariable")
                        .and_then(Json::as_str)
                        .is_some_and(|v| v == variable)
                };
                if let Some(Json::Object(r)) = rows.iter_mut().find(same) {
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
