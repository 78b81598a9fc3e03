//! The shipped mission flow and the sample inputs the CLI and the Condition lab start from.

use engine::Value;

use super::error::FlowError;
use super::hints::SearchHints;
use super::model::Flow;
use super::runner::RunInput;

/// The Callback track flow after Mission 4, in export shape.
pub const MISSION_FLOW_JSON: &str =
    include_str!("../../../content/missions/preventing-callback-duplication/flow.json");

/// Where the Condition lab starts: the mission's HTTP Request node.
pub const MISSION_START: &str = "HTTPRequest_CallBackSearch";
/// The mission's Condition node.
pub const MISSION_CONDITION: &str = "Condition_CallbackPending";
/// The number the guide asks attendees to enter (Cisco's technical support line).
pub const SAMPLE_NUMBER: &str = "14085267209";
/// A sample entry-point id (any id works against pasted responses; a real one is a UUID).
pub const SAMPLE_ENTRY_POINT_ID: &str = "a5c1e2f0-7b3d-4c9a-9e21-5f0d8c4b7a10";

/// The shipped mission flow.
pub fn mission_flow() -> Result<Flow, FlowError> {
    Flow::from_json(MISSION_FLOW_JSON)
}

/// The run the Condition lab and `flowlab run` start from: the HTTP Request node, with the guide's
/// number in `NewNumber.DigitsEntered` and a sample `NewPhoneContact.EntryPointId`.
pub fn mission_input() -> RunInput {
    RunInput {
        start: Some(MISSION_START.to_string()),
        variables: vec![
            (
                "NewNumber.DigitsEntered".to_string(),
                Value::String(SAMPLE_NUMBER.to_string()),
            ),
            (
                "NewPhoneContact.EntryPointId".to_string(),
                Value::String(SAMPLE_ENTRY_POINT_ID.to_string()),
            ),
        ],
        search: Some(SearchHints {
            look_back_minutes: 250,
            condition_status: 200,
        }),
        ..RunInput::default()
    }
}
