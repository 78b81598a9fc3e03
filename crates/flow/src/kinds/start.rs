//! `start` (New Phone Contact): the flow's entry. Its outputs (`NewPhoneContact.ANI`,
//! `NewPhoneContact.EntryPointId`, …) come from the run's initial variables.

use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::{Ctx, Next};
use crate::error::FlowError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Start {}

impl Start {
    pub fn from_properties(_p: &Map<String, Json>) -> Result<Start, FlowError> {
        Ok(Start {})
    }

    pub(crate) fn execute(&self, _ctx: &mut Ctx<'_>) -> Next {
        Next::Exit("out".into())
    }
}
