//! `end` (End Flow): the flow ends here; what happens to the contact is up to the channel (a
//! digital flow's conversation stays with the agent). The run ends like at Disconnect Contact.

use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::{Ctx, Next};
use crate::error::FlowError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct End {}

impl End {
    pub fn from_properties(_p: &Map<String, Json>) -> Result<End, FlowError> {
        Ok(End {})
    }

    pub(crate) fn execute(&self, _ctx: &mut Ctx<'_>) -> Next {
        Next::End
    }
}
