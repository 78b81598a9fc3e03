//! `queue-contact`: puts the contact in a queue. The runner does not model agents (the exercise mode
//! does): it records the queue and continues by `default` into the in-queue treatment (an assumption:
//! Flow Designer continues the flow while the contact waits).

use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::{first_text, Ctx, Next};
use crate::error::FlowError;
use crate::runner::StepDetail;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueueContact {
    pub queue: String,
}

impl QueueContact {
    pub fn from_properties(p: &Map<String, Json>) -> Result<QueueContact, FlowError> {
        Ok(QueueContact {
            queue: first_text(
                p,
                &["queueId:name", "destination:name", "queueId", "destination"],
            )?,
        })
    }

    pub(crate) fn execute(&self, ctx: &mut Ctx<'_>) -> Next {
        ctx.detail(StepDetail::Queue {
            queue: self.queue.clone(),
        });
        Next::Exit("default".into())
    }
}
