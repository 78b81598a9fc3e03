//! `mission.json`: what a mission says about itself beyond its guide — its number, how the
//! Condition lab runs its flow (start node, Condition, the caller's variables), the Search API facts
//! the lab's hints need, and its sample responses. Optional for a guide-only mission.

use serde::Deserialize;

use crate::flow::SearchHints;

use super::samples::SampleEntry;

/// The settings file of a mission folder.
pub const SETTINGS_FILE: &str = "mission.json";

/// `mission.json` as written. Unknown fields are errors, so a misspelt one is noticed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The mission's number in the lab ("Mission 4"); else read from the guide's title.
    #[serde(default)]
    pub number: Option<u32>,
    /// How the lab and the exercises run the mission's flow (needed with `flow.json`).
    #[serde(default)]
    pub lab: Option<LabSettings>,
    /// What the mission's Search API query asks for (its look-back, the status its Condition
    /// requires): the lab's hints say it.
    #[serde(default)]
    pub search: Option<SearchHints>,
    #[serde(default)]
    pub samples: Vec<SampleEntry>,
}

/// Where the lab's runs start and whose verdict counts, and the caller's variables.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabSettings {
    /// Label of the node runs start at (the HTTP Request node the lab's response answers).
    pub start: String,
    /// Label of the Condition whose verdict the lab shows and the exercises edit.
    pub condition: String,
    /// The number the caller entered (the lab's "Number" field).
    pub caller_number: CallerVariable,
    /// The entry point the call came in on (the lab's "Entry point" field).
    pub entry_point: CallerVariable,
}

/// A flow variable the caller's call sets, and the value the lab starts with.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallerVariable {
    /// `NewNumber.DigitsEntered`.
    pub variable: String,
    /// The value the lab and `flowlab run` use until the attendee types another.
    pub sample: String,
    /// Where the sample comes from, for lab authors.
    #[serde(default)]
    pub about: String,
}
