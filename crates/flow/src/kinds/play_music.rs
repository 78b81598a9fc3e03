//! `play-music`: plays an audio file (music on hold), then leaves by `default`.

use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::{text_prop, Ctx, Next};
use crate::error::FlowError;
use crate::runner::StepDetail;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlayMusic {
    pub audio: String,
}

impl PlayMusic {
    pub fn from_properties(p: &Map<String, Json>) -> Result<PlayMusic, FlowError> {
        Ok(PlayMusic {
            audio: text_prop(p, "prompt")?,
        })
    }

    pub(crate) fn execute(&self, ctx: &mut Ctx<'_>) -> Next {
        ctx.detail(StepDetail::Music {
            audio: self.audio.clone(),
        });
        Next::Exit("default".into())
    }
}
