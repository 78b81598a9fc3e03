//! What the companion understood of a flow, for people: its nodes by kind (which ones it runs,
//! which ones it only keeps), its variables, its requests, and what cannot be reached from the
//! start. `flowlab check-flow` prints it; the lab's "Your flow" card shows it.

use std::collections::{HashMap, VecDeque};

use serde::Serialize;

use crate::kinds::{NodeKind, Support};
use crate::request::BodyKind;
use crate::Flow;

/// Nodes of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindCount {
    /// `activityName` (`http-request-v2`).
    pub activity: String,
    /// The palette name (`HTTP Request`).
    pub title: String,
    pub support: Support,
    /// Labels, in the order a walk from the start meets them (unreachable nodes last).
    pub labels: Vec<String>,
}

/// A node the runner does not simulate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpaqueNode {
    pub label: String,
    pub activity: String,
    /// Its connected exits.
    pub exits: Vec<String>,
    /// What a run needs to go past it.
    pub needs: String,
}

/// A flow variable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VariableSummary {
    pub name: String,
    #[serde(rename = "type")]
    pub var_type: String,
    pub default: String,
}

/// An HTTP Request node's request, before rendering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestSummary {
    pub node: String,
    pub method: String,
    /// The path behind the connector, or the URL.
    pub target: String,
    pub connector: String,
    pub content_type: String,
    pub body_kind: BodyKind,
    /// Parse settings: (variable, JSONPath).
    pub parse_settings: Vec<(String, String)>,
}

/// The whole summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlowSummary {
    pub name: String,
    pub start: String,
    pub nodes: usize,
    pub links: usize,
    /// Kinds the runner simulates first, then the others; each by first appearance.
    pub kinds: Vec<KindCount>,
    pub opaque: Vec<OpaqueNode>,
    pub variables: Vec<VariableSummary>,
    pub requests: Vec<RequestSummary>,
    /// Labels of nodes no path from the start reaches.
    pub unreachable: Vec<String>,
}

impl FlowSummary {
    pub fn of(flow: &Flow) -> FlowSummary {
        let mut kinds: Vec<KindCount> = Vec::new();
        let mut kind_at: HashMap<String, usize> = HashMap::new();
        let mut opaque = Vec::new();
        let mut requests = Vec::new();
        let (order, reached) = walk_order(flow);
        for &i in &order {
            let Some(node) = flow.nodes.get(i) else {
                continue;
            };
            let activity = node.kind.activity_name().to_string();
            let slot = *kind_at.entry(activity.clone()).or_insert_with(|| {
                kinds.push(KindCount {
                    activity: activity.clone(),
                    title: node.kind.title().to_string(),
                    support: node.kind.support(),
                    labels: Vec::new(),
                });
                kinds.len() - 1
            });
            if let Some(k) = kinds.get_mut(slot) {
                k.labels.push(node.label.clone());
            }
            match &node.kind {
                NodeKind::Opaque(o) => opaque.push(OpaqueNode {
                    label: node.label.clone(),
                    activity: o.activity_name.clone(),
                    exits: flow.outgoing(i).map(|l| l.exit.clone()).collect(),
                    needs: o.needs().to_string(),
                }),
                NodeKind::HttpRequest(h) => requests.push(RequestSummary {
                    node: node.label.clone(),
                    method: h.method.clone(),
                    target: if h.path.trim().is_empty() {
                        h.url.clone()
                    } else {
                        h.path.clone()
                    },
                    connector: h.connector.clone(),
                    content_type: h.content_type.clone(),
                    body_kind: h.body_kind,
                    parse_settings: h
                        .parse_settings
                        .iter()
                        .map(|s| (s.variable.clone(), s.path.clone()))
                        .collect(),
                }),
                _ => {}
            }
        }
        // Simulated kinds first; within each group, first appearance.
        stable_sort::sort_by_key(&mut kinds, |k| k.support != Support::Runs);
        FlowSummary {
            name: flow.name.clone(),
            start: flow
                .nodes
                .get(flow.start)
                .map(|n| n.label.clone())
                .unwrap_or_default(),
            nodes: flow.nodes.len(),
            links: flow.links.len(),
            kinds,
            opaque,
            variables: flow
                .variables
                .iter()
                .map(|v| VariableSummary {
                    name: v.name.clone(),
                    var_type: v.var_type.name().to_string(),
                    default: v.default.clone(),
                })
                .collect(),
            requests,
            unreachable: flow
                .nodes
                .iter()
                .zip(&reached)
                .filter(|(_, r)| !**r)
                .map(|(n, _)| n.label.clone())
                .collect(),
        }
    }

    /// How many nodes the runner simulates.
    pub fn simulated(&self) -> usize {
        self.nodes - self.opaque.len()
    }
}

/// Node indices in breadth-first order from the start (links in their order), then the nodes the
/// walk does not reach in id order; and whether each node was reached. Linear in the links.
fn walk_order(flow: &Flow) -> (Vec<usize>, Vec<bool>) {
    let n = flow.nodes.len();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for link in &flow.links {
        if let Some(list) = out.get_mut(link.from) {
            list.push(link.to);
        }
    }
    let mut seen = vec![false; n];
    let mut order = Vec::with_capacity(n);
    let mut queue = VecDeque::new();
    if let Some(s) = seen.get_mut(flow.start) {
        *s = true;
        queue.push_back(flow.start);
    }
    while let Some(v) = queue.pop_front() {
        order.push(v);
        for &t in out.get(v).map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(s) = seen.get_mut(t) {
                if !*s {
                    *s = true;
                    queue.push_back(t);
                }
            }
        }
    }
    let reached = seen.clone();
    order.extend((0..n).filter(|&i| !seen.get(i).copied().unwrap_or(true)));
    (order, reached)
}
