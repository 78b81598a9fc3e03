//! The flow picture's data: the flow's nodes and links laid out once ([`super::layout`]), and which
//! nodes and edges a run took (the Condition lab) or any run of a session took (the simulator's
//! Analyze view).

use std::collections::HashMap;

use crate::flow::{Flow, NodeKind, RunResult};

use super::layout::{layout, GraphEdge, GraphNode, Layout};

/// The flow as a picture (independent of any run).
#[derive(Debug, Clone, PartialEq)]
pub struct FlowPicture {
    pub name: String,
    pub nodes: Vec<GraphNode>,
    pub layout: Layout,
}

impl FlowPicture {
    pub fn of(flow: &Flow) -> FlowPicture {
        let nodes: Vec<GraphNode> = flow
            .nodes
            .iter()
            .map(|n| GraphNode {
                label: n.label.clone(),
                title: n.kind.title().to_string(),
                opaque: matches!(n.kind, NodeKind::Opaque(_)),
            })
            .collect();
        let edges: Vec<GraphEdge> = flow
            .links
            .iter()
            .map(|l| GraphEdge {
                from: l.from,
                to: l.to,
                exit: l.exit.clone(),
            })
            .collect();
        let layout = layout(&nodes, &edges, flow.start);
        FlowPicture {
            name: flow.name.clone(),
            nodes,
            layout,
        }
    }

    /// The index of the node labelled `label`.
    pub fn index_of(&self, label: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.label == label)
    }

    /// What a run took: per node whether it was visited, per edge whether it was followed.
    pub fn taken(&self, run: Option<&RunResult>) -> Taken {
        self.taken_by(run)
    }

    /// What any of `runs` took (a simulator session's calls).
    pub fn taken_by<'a>(&self, runs: impl IntoIterator<Item = &'a RunResult>) -> Taken {
        let mut taken = Taken {
            nodes: vec![false; self.nodes.len()],
            edges: vec![false; self.layout.edges.len()],
        };
        // Indexed once, so a picture of thousands of nodes costs a lookup per step.
        let index: HashMap<&str, usize> = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.label.as_str(), i))
            .collect();
        let mut edges_from: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, e) in self.layout.edges.iter().enumerate() {
            edges_from.entry(e.from).or_default().push(i);
        }
        for step in runs.into_iter().flat_map(|run| &run.steps) {
            let Some(&from) = index.get(step.label.as_str()) else {
                continue;
            };
            if let Some(slot) = taken.nodes.get_mut(from) {
                *slot = true;
            }
            let (Some(exit), Some(next)) = (&step.exit, &step.next) else {
                continue;
            };
            let to = index.get(next.as_str()).copied();
            for &i in edges_from.get(&from).map(Vec::as_slice).unwrap_or(&[]) {
                let Some(e) = self.layout.edges.get(i) else {
                    continue;
                };
                if Some(e.to) == to && e.exits.iter().any(|x| x == exit) {
                    if let Some(slot) = taken.edges.get_mut(i) {
                        *slot = true;
                    }
                }
            }
        }
        taken
    }
}

/// Which nodes and edges (indices of [`Layout::edges`]) a run took.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Taken {
    pub nodes: Vec<bool>,
    pub edges: Vec<bool>,
}
