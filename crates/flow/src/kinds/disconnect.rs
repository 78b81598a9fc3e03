//! `disconnect-contact`: the contact ends.

use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::{Ctx, Next};
use crate::error::FlowError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Disconnect {}

impl Disconnect {
    pub fn from_properties(_p: &Map<String, Json>) -> Result<Disconnect, FlowError> {
        Ok(Disconnect {})
    }

    pub(crate) fn execute(&self, _ctx: &mut Ctx<'_>) -> Next {
        Next::End
    }
}
