//! The start event (New Phone Contact, or New Contact in newer flows): the flow's entry. Flow
//! Designer marks it with `"group": "start"` and `"activityId": "start"`; its `activityName` is the
//! event's name (`NewPhoneContact`, `NewContact`). Its outputs (`NewPhoneContact.ANI`,
//! `NewPhoneContact.EntryPointId`, …, prefixed by the node's label) come from the run's initial
//! variables.

use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::{first_text, Ctx, Next};
use crate::error::FlowError;

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

    pub(crate) fn execute(&self, _ctx: &mut Ctx<'_>) -> Next {
        Next::Exit("out".into())
    }
}
