//! The start event (New Phone Contact, or New Contact in newer flows): the flow's entry. Flow
//! Designer marks it with `"group": "start"` and `"activityId": "start"`; its `activityName` is the
//! event's name (`NewPhoneContact`, `NewContact`). Its outputs (`NewPhoneContact.ANI`, `.DNIS`,
//! `.EntryPointId`, `.OrgId`, `.InteractionId`, prefixed by the node's label) come from the run's
//! initial variables; an output the run was not given gets a sample value, and the step says so.

use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::{first_text, Ctx, Next};
use crate::error::FlowError;
use crate::mission::SAMPLE_ENTRY_POINT_ID;
use crate::runner::Note;
use engine::Value;

/// The start event's outputs this companion knows, with the sample a run uses when not given one.
pub const START_OUTPUTS: &[(&str, &str)] = &[
    ("ANI", "+14085550100"),
    ("DNIS", "+18005550100"),
    ("EntryPointId", SAMPLE_ENTRY_POINT_ID),
    ("OrgId", "00000000-0000-4000-8000-000000000000"),
    ("InteractionId", "00000000-0000-4000-8000-000000000001"),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Start {
    /// The event that starts the flow (`NewPhoneContact`), when the export names it.
    pub event: String,
}

impl Start {
    pub fn from_properties(p: &Map<String, Json>) -> Result<Start, FlowError> {
        Ok(Start {
            event: first_text(p, &["event", "activityName"])?,
        })
    }

    pub(crate) fn execute(&self, ctx: &mut Ctx<'_>) -> Next {
        let mut sampled = Vec::new();
        for (output, sample) in START_OUTPUTS {
            let name = format!("{}.{output}", ctx.label);
            if ctx.vars.get(&name).is_none() {
                ctx.set(&name, Value::String(sample.to_string()));
                sampled.push(name);
            }
        }
        if !sampled.is_empty() {
            ctx.note(Note::info(format!(
                "sample values for the event's outputs the run was not given: {}",
                sampled.join(", ")
            )));
        }
        Next::Exit("out".into())
    }
}
