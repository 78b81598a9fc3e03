//! Export of a flow in Flow Designer's export shape:
//! `{name, flowType, description, variables:[{name,type,value}], process:{startActivityId,
//! activities:{id:{id,name,properties}}, links:[{id,sourceActivityId,targetActivityId,conditionExpr}]}}`.
//!
//! Each node's properties are written as they were loaded (what-if edits included: the model keeps
//! them in step), so `import(export(flow))` gives the same model back.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value as Json};

use crate::Flow;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExportFlow<'a> {
    name: &'a str,
    flow_type: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    variables: Vec<ExportVariable<'a>>,
    process: ExportProcess<'a>,
}

#[derive(Serialize)]
struct ExportVariable<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    var_type: &'static str,
    value: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExportProcess<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_activity_id: Option<&'a str>,
    activities: BTreeMap<&'a str, ExportActivity<'a>>,
    links: Vec<ExportLink<'a>>,
}

#[derive(Serialize)]
struct ExportActivity<'a> {
    id: &'a str,
    name: &'a str,
    properties: &'a Map<String, Json>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExportLink<'a> {
    id: &'a str,
    source_activity_id: &'a str,
    target_activity_id: &'a str,
    condition_expr: &'a str,
}

/// The flow as export JSON (pretty-printed, with a final newline).
pub fn export(flow: &Flow) -> String {
    let id = |index: usize| flow.nodes.get(index).map_or("", |n| n.id.as_str());
    let doc = ExportFlow {
        name: &flow.name,
        flow_type: &flow.flow_type,
        description: &flow.description,
        variables: flow
            .variables
            .iter()
            .map(|v| ExportVariable {
                name: &v.name,
                var_type: v.var_type.name(),
                value: &v.default,
            })
            .collect(),
        process: ExportProcess {
            start_activity_id: flow.nodes.get(flow.start).map(|n| n.id.as_str()),
            activities: flow
                .nodes
                .iter()
                .map(|n| {
                    (
                        n.id.as_str(),
                        ExportActivity {
                            id: &n.id,
                            name: &n.label,
                            properties: &n.properties,
                        },
                    )
                })
                .collect(),
            links: flow
                .links
                .iter()
                .map(|l| ExportLink {
                    id: &l.id,
                    source_activity_id: id(l.from),
                    target_activity_id: id(l.to),
                    condition_expr: &l.exit,
                })
                .collect(),
        },
    };
    // Serialising plain strings and JSON values cannot fail; an empty object is the safe fallback.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}
