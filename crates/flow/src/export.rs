//! Export of a flow in Flow Designer's export shape:
//! `{name, flowType, description, variables:[{name,type,value,…}], process:{activities:{id:{id,name,
//! group,properties}}, links:[{id,sourceActivityId,targetActivityId,conditionExpr,…}]}, …}`.
//!
//! An imported flow is written back as it came (every member the model does not type is kept
//! beside it), with what the model changed written over it (what-if edits are made in the node's
//! properties too), so `import(export(flow))` gives the same model and a real export comes out as
//! the same JSON up to key order. A flow built in code gets the members Flow Designer writes: the
//! start node's `group`, each activity's `activityName`, links' `properties.value`.

use serde_json::{Map, Value as Json};

use crate::import::default_text;
use crate::kinds::{Activity, NodeKind};
use crate::{Flow, Node};

/// The `group` Flow Designer gives an activity of this kind.
fn group_of(kind: &NodeKind) -> &'static str {
    match kind {
        NodeKind::Start(_) => "start",
        NodeKind::Menu(_) | NodeKind::Condition(_) | NodeKind::Case(_) => "enum-gateway",
        NodeKind::SetVariable(_) => "set-variable",
        NodeKind::Disconnect(_) => "terminating-action",
        NodeKind::End(_) => "end",
        NodeKind::Opaque(o)
            if matches!(
                Activity::from_name(&o.activity_name),
                Some(Activity::VirtualAgent | Activity::VirtualAgentVoice)
            ) =>
        {
            "enum-gateway"
        }
        _ => "action",
    }
}

/// Sets `key` to `value` unless `raw` already says the same thing (so a number written as a
/// number, or a label with spaces around it, stays as the export had it).
fn set_unless_same(
    obj: &mut Map<String, Json>,
    key: &str,
    value: &str,
    same: impl Fn(&Json) -> bool,
) {
    if !obj.get(key).is_some_and(same) {
        obj.insert(key.to_string(), Json::String(value.to_string()));
    }
}

fn text_is(value: &str) -> impl Fn(&Json) -> bool + '_ {
    move |j: &Json| match j {
        Json::String(s) => s == value,
        Json::Number(_) | Json::Bool(_) => *j.to_string() == *value,
        _ => false,
    }
}

fn activity(node: &Node) -> Json {
    let fresh = node.raw.is_empty();
    let mut obj = node.raw.0.as_ref().clone();
    set_unless_same(&mut obj, "id", &node.id, text_is(&node.id));
    set_unless_same(&mut obj, "name", &node.label, |j| {
        j.as_str().is_some_and(|s| s.trim() == node.label)
    });
    if fresh {
        obj.insert("group".into(), Json::String(group_of(&node.kind).into()));
    }
    let mut properties = node.properties.clone();
    if !properties.contains_key("activityName") {
        let name = match &node.kind {
            NodeKind::Start(s) if !s.event.is_empty() && s.event != "start" => s.event.clone(),
            NodeKind::Start(_) => "NewPhoneContact".to_string(),
            other => other.activity_name().to_string(),
        };
        if matches!(node.kind, NodeKind::Start(_)) {
            properties.insert("activityId".into(), Json::String("start".into()));
            properties.insert("event".into(), Json::String(name.clone()));
        }
        properties.insert("activityName".into(), Json::String(name));
    }
    obj.insert("properties".into(), Json::Object(properties));
    Json::Object(obj)
}

/// The flow as export JSON (pretty-printed, with a final newline).
pub fn export(flow: &Flow) -> String {
    let id = |index: usize| flow.nodes.get(index).map_or("", |n| n.id.as_str());
    let mut doc = flow.document.0.as_ref().clone();
    set_unless_same(&mut doc, "name", &flow.name, text_is(&flow.name));
    if doc.contains_key("flowType") || flow.document.is_empty() || flow.flow_type != "FLOW" {
        set_unless_same(
            &mut doc,
            "flowType",
            &flow.flow_type,
            text_is(&flow.flow_type),
        );
    }
    let description_absent = doc.get("description").is_none_or(Json::is_null);
    if !(description_absent && flow.description.is_empty()) {
        set_unless_same(
            &mut doc,
            "description",
            &flow.description,
            text_is(&flow.description),
        );
    }
    let variables: Vec<Json> = flow
        .variables
        .iter()
        .map(|v| {
            let mut obj = v.raw.0.as_ref().clone();
            set_unless_same(&mut obj, "name", &v.name, text_is(&v.name));
            set_unless_same(&mut obj, "type", v.var_type.name(), |j| {
                j.as_str()
                    .and_then(|t| t.parse::<engine::VarType>().ok())
                    .is_some_and(|t| t == v.var_type)
            });
            if !obj.contains_key("value") || default_text(obj.get("value")) != v.default {
                obj.insert("value".into(), Json::String(v.default.clone()));
            }
            Json::Object(obj)
        })
        .collect();
    doc.insert("variables".into(), Json::Array(variables));

    let mut process = flow.process.0.as_ref().clone();
    let mut activities = Map::new();
    for node in &flow.nodes {
        activities.insert(node.id.clone(), activity(node));
    }
    process.insert("activities".into(), Json::Object(activities));
    let mut links: Vec<Json> = Vec::with_capacity(flow.links.len() + flow.unused_links.len());
    for l in &flow.links {
        let mut obj = l.raw.0.as_ref().clone();
        let fresh = obj.is_empty();
        set_unless_same(&mut obj, "id", &l.id, text_is(&l.id));
        set_unless_same(
            &mut obj,
            "sourceActivityId",
            id(l.from),
            text_is(id(l.from)),
        );
        set_unless_same(&mut obj, "targetActivityId", id(l.to), text_is(id(l.to)));
        set_unless_same(&mut obj, "conditionExpr", &l.exit, |j| {
            j.as_str().is_some_and(|s| s.trim() == l.exit)
        });
        if fresh {
            let mut value = Map::new();
            value.insert("value".into(), Json::String(l.exit.clone()));
            obj.insert("properties".into(), Json::Object(value));
        }
        links.push(Json::Object(obj));
    }
    // Links the model does not use go back where they were.
    for unused in flow.unused_links.iter() {
        let at = unused.index.min(links.len());
        links.insert(at, unused.raw.clone());
    }
    process.insert("links".into(), Json::Array(links));
    doc.insert("process".into(), Json::Object(process));
    // Serialising JSON values cannot fail; an empty object is the safe fallback.
    let mut text =
        serde_json::to_string_pretty(&Json::Object(doc)).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}
