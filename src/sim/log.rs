//! The interaction log behind the Debugger and Analyze views: one [`Interaction`] per call or
//! callback, with the steps the flow took (modified variables included), the HTTP exchanges with the
//! Search API, the prompts heard; and visit counts per node for the flow picture.

use serde::Serialize;

use crate::engine::Variables;
use crate::flow::{Activity, CallbackRequest, Flow, Prompt, RunResult, Step};

use super::search::HttpExchange;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InteractionKind {
    /// A call to the support number: runs the flow.
    Inbound,
    /// A callback placed to the caller once an agent is available (runs no flow).
    Callback,
}

/// Where an interaction stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum CallState {
    /// The caller is in the flow, at a Menu or Collect Digits node.
    WaitingForInput {
        node: String,
        prompt: String,
    },
    /// Connected to the agent.
    WithAgent,
    Ended {
        how: EndReason,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum EndReason {
    /// A Disconnect Contact node ended it.
    Disconnected {
        node: String,
    },
    CallerHungUp,
    AgentEnded,
    /// The flow could not go on (an unconnected exit, a loop).
    FlowProblem {
        message: String,
    },
}

/// One call or callback as the Debugger lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interaction {
    /// 1-based, in creation order.
    pub id: usize,
    /// The Analyzer task id.
    pub task_id: String,
    pub kind: InteractionKind,
    /// The caller's number (inbound) or the number called back.
    pub number: String,
    pub started_at: i64,
    pub ended_at: Option<i64>,
    pub state: CallState,
    /// When the call entered the queue (passed a Queue Contact node), for routing order.
    pub queued_at: Option<i64>,
    /// Every node visited, in order, across the runs (a run pauses at each Menu / Collect Digits).
    pub steps: Vec<Step>,
    /// The runs, one per segment between key presses, as the runner returned them.
    pub runs: Vec<RunResult>,
    /// Requests to the Search API and its answers.
    pub exchanges: Vec<HttpExchange>,
    pub prompts: Vec<Prompt>,
    pub callbacks: Vec<CallbackRequest>,
    /// Simulator events in words ("routed to the agent", "the caller hung up").
    pub events: Vec<String>,
    /// The flow variables after the last run (the run resumes from them).
    pub variables: Variables,
}

impl Interaction {
    pub fn is_active(&self) -> bool {
        !matches!(self.state, CallState::Ended { .. })
    }

    /// Where the interaction stands, in words: "waiting for keys at NewNumber", "ended at …".
    pub fn state_words(&self) -> String {
        match &self.state {
            CallState::WaitingForInput { node, .. } => format!("waiting for keys at {node}"),
            CallState::WithAgent => "connected to the agent".to_string(),
            CallState::Ended { how } => match how {
                EndReason::Disconnected { node } => format!("ended at {node}"),
                EndReason::CallerHungUp => "ended: the caller hung up".to_string(),
                EndReason::AgentEnded => "ended by the agent".to_string(),
                EndReason::FlowProblem { message } => format!("ended: {message}"),
            },
        }
    }

    /// Labels of the nodes visited, in order.
    pub fn path(&self) -> Vec<&str> {
        self.steps.iter().map(|s| s.label.as_str()).collect()
    }

    /// Whether the caller heard a prompt of the node labelled `node`.
    pub fn heard(&self, node: &str) -> bool {
        self.prompts.iter().any(|p| p.node == node)
    }

    /// The Condition node's exits, in order.
    pub fn condition_exits(&self) -> Vec<&str> {
        self.steps
            .iter()
            .filter(|s| s.kind.is(Activity::Condition))
            .filter_map(|s| s.exit.as_deref())
            .collect()
    }
}

/// A node of the flow picture with the number of visits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeVisits {
    pub node_id: String,
    pub label: String,
    pub visits: usize,
}

/// Visits per node over the given interactions, every node of the flow in the flow's order.
pub fn visit_counts<'a>(
    flow: &Flow,
    interactions: impl IntoIterator<Item = &'a Interaction>,
) -> Vec<NodeVisits> {
    let mut counts: Vec<NodeVisits> = flow
        .nodes
        .iter()
        .map(|n| NodeVisits {
            node_id: n.id.clone(),
            label: n.label.clone(),
            visits: 0,
        })
        .collect();
    for interaction in interactions {
        for step in &interaction.steps {
            if let Some(c) = counts.iter_mut().find(|c| c.node_id == step.node_id) {
                c.visits += 1;
            }
        }
    }
    counts
}
