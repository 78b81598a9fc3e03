//! `ivr-collectdigits`: plays its prompt and stores the caller's digits in `<label>.DigitsEntered`;
//! too few/many digits or other keys take `invalid`. With no digits left in the inputs the run waits.

use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::{number_prop, render_prompts, tts_prompts, Ctx, Next};
use crate::error::FlowError;
use crate::runner::{Note, StepDetail};
use engine::Value;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CollectDigits {
    pub prompts: Vec<String>,
    pub min_digits: Option<u32>,
    pub max_digits: Option<u32>,
}

impl CollectDigits {
    pub fn from_properties(p: &Map<String, Json>) -> Result<CollectDigits, FlowError> {
        Ok(CollectDigits {
            prompts: tts_prompts(p)?,
            min_digits: number_prop(p, "minDigits")?,
            max_digits: number_prop(p, "maxDigits")?,
        })
    }

    pub(crate) fn execute(&self, ctx: &mut Ctx<'_>) -> Next {
        let prompt = match render_prompts(ctx, &self.prompts) {
            Ok(text) => text,
            Err(e) => {
                ctx.note(Note::from_error(&e));
                return ctx.fail();
            }
        };
        let Some(entered) = ctx.next_input() else {
            return Next::Wait { prompt };
        };
        // A leading `+` (copied from the guide's `+14085267209`) is not a key; the terminator `#` ends entry.
        let digits: String = entered
            .trim()
            .trim_start_matches('+')
            .trim_end_matches('#')
            .to_string();
        ctx.detail(StepDetail::Digits {
            prompt,
            digits: digits.clone(),
        });
        let count = u32::try_from(digits.chars().count()).unwrap_or(u32::MAX);
        let problem = if !digits.chars().all(|c| c.is_ascii_digit() || c == '*') {
            Some(format!("`{digits}` contains keys other than digits"))
        } else if self.min_digits.is_some_and(|min| count < min)
            || self.max_digits.is_some_and(|max| count > max)
        {
            Some(format!(
                "{count} digits entered; this node expects {}",
                match (self.min_digits, self.max_digits) {
                    (Some(a), Some(b)) if a == b => format!("{a}"),
                    (a, b) => format!(
                        "{} to {}",
                        a.map_or("any".into(), |v| v.to_string()),
                        b.map_or("any".into(), |v| v.to_string())
                    ),
                }
            ))
        } else {
            None
        };
        if let Some(problem) = problem {
            ctx.note(Note::info(problem));
            return Next::Exit("invalid".into());
        }
        let name = format!("{}.DigitsEntered", ctx.label);
        ctx.set(&name, Value::String(digits));
        Next::Exit("default".into())
    }
}
