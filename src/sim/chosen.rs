//! Which flow the simulator and the exercises run: the shipped mission flow, or the attendee's
//! imported flow ([`YourFlow`]) with the labels of the nodes the exercises edit and start from.

use serde::{Deserialize, Serialize};

use crate::flow::{mission_flow, mission_input, Flow, FlowError, RunInput};
use crate::flow::{MISSION_CONDITION, MISSION_START};
use crate::flow_roles::YourFlow;
use crate::flowcheck::{Finding, Severity};

/// Which flow, as stored with a simulator session and with exercise results.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FlowId {
    /// The shipped mission flow.
    #[default]
    Mission,
    /// An imported export, told apart from others by its fingerprint.
    Yours { fingerprint: String, title: String },
}

impl FlowId {
    pub fn is_mission(&self) -> bool {
        *self == FlowId::Mission
    }

    /// The imported export's fingerprint (`None` for the mission flow).
    pub fn fingerprint(&self) -> Option<&str> {
        match self {
            FlowId::Mission => None,
            FlowId::Yours { fingerprint, .. } => Some(fingerprint),
        }
    }
}

/// A flow the simulator and the exercises can run.
#[derive(Debug, Clone, PartialEq)]
pub struct ChosenFlow {
    pub id: FlowId,
    pub flow: Flow,
    /// Label of the node exercise cases start at (the one that plays the mission's HTTP Request).
    pub start: String,
    /// Label of the Condition the exercises edit and judge.
    pub condition: String,
    /// The mission checker's errors on this flow (none for the mission flow).
    pub errors: Vec<Finding>,
}

impl ChosenFlow {
    /// The shipped mission flow.
    pub fn mission() -> Result<ChosenFlow, FlowError> {
        Ok(ChosenFlow {
            id: FlowId::Mission,
            flow: mission_flow()?,
            start: MISSION_START.to_string(),
            condition: MISSION_CONDITION.to_string(),
            errors: Vec::new(),
        })
    }

    /// The attendee's imported flow, with the roles the Condition lab found in it.
    pub fn yours(flow: &YourFlow) -> ChosenFlow {
        ChosenFlow {
            id: FlowId::Yours {
                fingerprint: flow.fingerprint.clone(),
                title: flow.title(),
            },
            flow: flow.lab.flow.clone(),
            start: flow.lab.start.clone(),
            condition: flow.lab.condition.clone(),
            errors: flow
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .cloned()
                .collect(),
        }
    }

    /// "the mission flow" / "your flow (name.json)".
    pub fn title(&self) -> String {
        match &self.id {
            FlowId::Mission => "the mission flow".to_string(),
            FlowId::Yours { title, .. } => title.clone(),
        }
    }

    /// "the mission flow's" / "your flow's": whose node a reason speaks of.
    pub fn whose(&self) -> &'static str {
        match self.id {
            FlowId::Mission => "the mission flow's",
            FlowId::Yours { .. } => "your flow's",
        }
    }

    /// The run an exercise case takes: the mission's sample call, from this flow's start node.
    pub fn case_input(&self) -> RunInput {
        RunInput {
            start: Some(self.start.clone()),
            ..mission_input()
        }
    }
}
