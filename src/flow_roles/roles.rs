//! A flow in the mission's roles, as the Condition lab and the simulator run it: the shipped
//! mission flow or an attendee's imported one, with its picture, the node runs start at, the
//! Condition whose verdict counts and its what-if settings (parse settings and expression).

use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use crate::flow::{mission_flow, Flow, NodeKind, SearchHints, MISSION_CONDITION, MISSION_START};
use crate::missions::{self, Mission};

use super::picture::FlowPicture;
use super::yourflow::LAB_MISSION;

/// One editable parse setting: the variable it fills and its JSONPath.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathInput {
    pub variable: String,
    pub path: String,
}

/// A flow the lab runs (the shipped mission, or an attendee's imported flow): the flow, its picture,
/// where runs start, its Condition and its what-if settings.
#[derive(Debug, Clone, PartialEq)]
pub struct MissionFlow {
    pub flow: Flow,
    /// Shared with the page that draws it (laid out once per flow).
    pub picture: Arc<FlowPicture>,
    pub paths: Vec<PathInput>,
    pub expression: String,
    /// The label of the node runs start at (the HTTP Request node).
    pub start: String,
    /// The label of the Condition whose verdict the lab shows.
    pub condition: String,
    /// The mission's Search API facts, for the run's hints (`None` for a flow that is not the
    /// mission's: its hints speak of the flow only).
    pub search: Option<SearchHints>,
}

impl MissionFlow {
    /// The lab's view of `flow`, starting at `start`, judged at `condition`.
    pub fn of(flow: Flow, start: &str, condition: &str) -> MissionFlow {
        let paths = flow
            .nodes
            .iter()
            .find(|n| n.label == start)
            .and_then(|n| match &n.kind {
                NodeKind::HttpRequest(http) => Some(
                    http.parse_settings
                        .iter()
                        .map(|s| PathInput {
                            variable: s.variable.clone(),
                            path: s.path.clone(),
                        })
                        .collect(),
                ),
                _ => None,
            })
            .unwrap_or_default();
        let expression = flow
            .nodes
            .iter()
            .find(|n| n.label == condition)
            .and_then(|n| match &n.kind {
                NodeKind::Condition(c) => Some(c.expression.clone()),
                _ => None,
            })
            .unwrap_or_default();
        let picture = Arc::new(FlowPicture::of(&flow));
        MissionFlow {
            flow,
            picture,
            paths,
            expression,
            start: start.to_string(),
            condition: condition.to_string(),
            search: None,
        }
    }

    /// The same flow, run as the lab's mission (the hints say its Search API facts).
    pub fn as_lab_mission(mut self) -> MissionFlow {
        self.search = lab_mission_search();
        self
    }
}

/// The mission (`None` only if the shipped flow fails to load, which its tests rule out).
pub fn shipped_mission_flow() -> Option<&'static MissionFlow> {
    static MISSION: OnceLock<Option<MissionFlow>> = OnceLock::new();
    MISSION
        .get_or_init(|| {
            let flow = mission_flow().ok()?;
            Some(MissionFlow::of(flow, MISSION_START, MISSION_CONDITION).as_lab_mission())
        })
        .as_ref()
}

/// The mission the Condition lab belongs to, from the registry.
pub fn lab_mission() -> Option<&'static Arc<Mission>> {
    missions::compiled().select(&LAB_MISSION.to_string())
}

/// The lab mission's Search API facts (`mission.json`'s `search`).
fn lab_mission_search() -> Option<SearchHints> {
    lab_mission()?.lab.as_ref()?.search
}
