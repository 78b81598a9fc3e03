//! What the attendee sets in the Condition lab, and the mission it starts from.

use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize};

use crate::flow::{SAMPLE_ENTRY_POINT_ID, SAMPLE_NUMBER};
use crate::flow_roles::SAMPLES;
pub use crate::flow_roles::{shipped_mission_flow, FlowSource, MissionFlow, PathInput};

use super::clock::ClockSetting;

/// Everything the lab's result depends on (and what is saved, exported and imported).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LabInputs {
    /// The pasted response body (shared: it can be megabytes).
    #[serde(with = "crate::flow_roles::arc_str")]
    pub body: Arc<str>,
    /// The HTTP status as typed.
    pub status: String,
    /// `NewNumber.DigitsEntered`.
    pub number: String,
    /// `NewPhoneContact.EntryPointId`.
    pub entry_point: String,
    pub clock: ClockSetting,
    /// The HTTP node's parse settings (what-if).
    pub paths: Vec<PathInput>,
    /// The Condition expression (what-if).
    pub expression: String,
    /// API region of the curl command.
    pub region: String,
    /// The sample last loaded, if the body has not been edited since.
    pub sample: Option<String>,
    /// The attendee's imported flow export the lab runs (`None`: the mission flow). Optional in the
    /// saved document; an unreadable value there is dropped, not an error.
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de_lenient_flow"
    )]
    pub flow: Option<FlowSource>,
}

fn de_lenient_flow<'de, D: Deserializer<'de>>(de: D) -> Result<Option<FlowSource>, D::Error> {
    let value = serde_json::Value::deserialize(de)?;
    Ok(serde_json::from_value(value).ok())
}

impl Default for LabInputs {
    fn default() -> Self {
        let mission = shipped_mission_flow();
        let first = SAMPLES.first();
        LabInputs {
            body: Arc::from(first.map_or("", |s| s.body)),
            status: first.map_or(200, |s| s.status).to_string(),
            number: SAMPLE_NUMBER.to_string(),
            entry_point: SAMPLE_ENTRY_POINT_ID.to_string(),
            clock: ClockSetting::default(),
            paths: mission.map(|m| m.paths.clone()).unwrap_or_default(),
            expression: mission.map(|m| m.expression.clone()).unwrap_or_default(),
            region: "us1".to_string(),
            sample: first.map(|s| s.id.to_string()),
            flow: None,
        }
    }
}

impl LabInputs {
    /// Keeps one path row per mission parse setting, in the mission's order: saved rows for other
    /// variables are dropped, missing ones take the mission's path.
    pub fn normalised(self) -> LabInputs {
        match shipped_mission_flow() {
            Some(m) => self.normalised_for(m),
            None => self,
        }
    }

    /// [`LabInputs::normalised`] for the flow that runs (the mission or an imported flow).
    pub fn normalised_for(mut self, flow: &MissionFlow) -> LabInputs {
        self.paths = flow
            .paths
            .iter()
            .map(|row| {
                self.paths
                    .iter()
                    .find(|p| p.variable == row.variable)
                    .cloned()
                    .unwrap_or_else(|| row.clone())
            })
            .collect();
        self
    }

    /// How many what-if settings differ from the mission.
    pub fn differences(&self) -> usize {
        shipped_mission_flow().map_or(0, |m| self.differences_from(m))
    }

    /// How many what-if settings differ from `flow` (the flow that runs).
    pub fn differences_from(&self, flow: &MissionFlow) -> usize {
        let paths = self
            .paths
            .iter()
            .zip(&flow.paths)
            .filter(|(a, b)| a.path != b.path)
            .count();
        paths + usize::from(self.expression != flow.expression)
    }

    /// Sets the what-if settings to `flow`'s own.
    pub fn reset_to(&mut self, flow: &MissionFlow) {
        self.paths = flow.paths.clone();
        self.expression = flow.expression.clone();
    }
}
