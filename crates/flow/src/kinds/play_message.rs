//! `play-message`: speaks its text-to-speech prompts (`{{ }}` rendered) and records the text.

use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::{render_prompts, tts_prompts, Ctx, Next};
use crate::error::FlowError;
use crate::runner::{Note, Prompt, StepDetail};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlayMessage {
    /// Text-to-speech messages, in order.
    pub prompts: Vec<String>,
}

impl PlayMessage {
    pub fn from_properties(p: &Map<String, Json>) -> Result<PlayMessage, FlowError> {
        Ok(PlayMessage {
            prompts: tts_prompts(p)?,
        })
    }

    pub(crate) fn execute(&self, ctx: &mut Ctx<'_>) -> Next {
        match render_prompts(ctx, &self.prompts) {
            Ok(text) => {
                ctx.record.prompts.push(Prompt {
                    node: ctx.label.to_string(),
                    text: text.clone(),
                });
                ctx.detail(StepDetail::Prompt { text });
                Next::Exit("default".into())
            }
            Err(e) => {
                ctx.note(Note::from_error(&e));
                ctx.fail()
            }
        }
    }
}
