//! `callback`: requests a callback to a number (rendered from `{{ }}`) in a queue. The request is
//! recorded for the simulator; the node leaves by `default`.

use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::{first_text, Ctx, Next};
use crate::error::FlowError;
use crate::request::render_template;
use crate::runner::{CallbackRequest, Note, StepDetail};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Callback {
    /// The dial number template (`{{NewNumber.DigitsEntered}}`).
    pub number: String,
    pub queue: String,
}

impl Callback {
    pub fn from_properties(p: &Map<String, Json>) -> Result<Callback, FlowError> {
        Ok(Callback {
            number: first_text(p, &["callbackDn"])?,
            queue: first_text(
                p,
                &["callbackQueue:name", "callbackQueue_name", "callbackQueue"],
            )?,
        })
    }

    pub(crate) fn execute(&self, ctx: &mut Ctx<'_>) -> Next {
        match render_template("callback number", &self.number, ctx.vars, ctx.clock) {
            Ok(rendered) => {
                let unknown = crate::request::unknown_names(&rendered);
                super::note_unknown(ctx, "callback number", &unknown);
                let request = CallbackRequest {
                    node: ctx.label.to_string(),
                    number: rendered.text.trim().to_string(),
                    queue: self.queue.clone(),
                    requested_at: ctx.clock.now_millis(),
                };
                ctx.record.callbacks.push(request.clone());
                ctx.detail(StepDetail::Callback(request));
                Next::Exit("default".into())
            }
            Err(e) => {
                ctx.note(Note::from_error(&e));
                Next::Exit("failure".into())
            }
        }
    }
}
