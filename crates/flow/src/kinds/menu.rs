//! `ivr-menu`: plays its prompt and takes the exit named by the caller's key (`1`, `2`, …); a key
//! that is not an option takes `invalid`. With no key left in the run's inputs the run waits.
//!
//! Flow Designer writes the options as `menuLinks` (the digits, which are the exits' names) and
//! `menuLinks_input` (their descriptions, in the same order); `menuOptions: [{digit, label}]` is
//! also read.

use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::{first_text, render_prompts, tts_prompts, Ctx, Next};
use crate::error::{FlowError, FlowErrorKind};
use crate::runner::{Note, StepDetail};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MenuOption {
    pub digit: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Menu {
    pub prompts: Vec<String>,
    /// Options in order (`menuOptions`, or the digits of `menuLinks`).
    pub options: Vec<MenuOption>,
}

/// `menuLinks` with their `menuLinks_input` descriptions (also the Case node's shape): the
/// entries as (link name, description) pairs; a missing description is empty.
pub(crate) fn menu_links(
    p: &Map<String, Json>,
) -> Result<Option<Vec<(String, String)>>, FlowError> {
    let list = |key: &str| -> Result<Option<Vec<String>>, FlowError> {
        match p.get(key) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::Array(items)) => items
                .iter()
                .map(|item| match item {
                    Json::String(s) => Ok(s.clone()),
                    Json::Number(n) => Ok(n.to_string()),
                    Json::Null => Ok(String::new()),
                    _ => Err(FlowError::new(
                        FlowErrorKind::FlowFormat,
                        format!("a `{key}` entry is not text"),
                    )),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(_) => Err(FlowError::new(
                FlowErrorKind::FlowFormat,
                format!("`{key}` is not a list"),
            )),
        }
    };
    let Some(links) = list("menuLinks")? else {
        return Ok(None);
    };
    let inputs = match list("menuLinks_input")? {
        Some(i) => i,
        None => list("menuLinks:input")?.unwrap_or_default(),
    };
    Ok(Some(
        links
            .into_iter()
            .enumerate()
            .map(|(i, link)| (link, inputs.get(i).cloned().unwrap_or_default()))
            .collect(),
    ))
}

impl Menu {
    pub fn from_properties(p: &Map<String, Json>) -> Result<Menu, FlowError> {
        let bad = || {
            FlowError::new(
                FlowErrorKind::FlowFormat,
                "menu options are not a list of {digit, label}",
            )
        };
        if let (None | Some(Json::Null), Some(links)) = (p.get("menuOptions"), menu_links(p)?) {
            return Ok(Menu {
                prompts: tts_prompts(p)?,
                options: links
                    .into_iter()
                    .map(|(digit, label)| MenuOption { digit, label })
                    .collect(),
            });
        }
        let options = match p.get("menuOptions") {
            None | Some(Json::Null) => Vec::new(),
            Some(Json::Array(items)) => items
                .iter()
                .map(|item| match item {
                    Json::String(d) => Ok(MenuOption {
                        digit: d.clone(),
                        label: String::new(),
                    }),
                    Json::Object(o) => Ok(MenuOption {
                        digit: first_text(o, &["digit", "key", "value"])?,
                        label: first_text(o, &["label", "name"])?,
                    }),
                    _ => Err(bad()),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(bad()),
        };
        Ok(Menu {
            prompts: tts_prompts(p)?,
            options,
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
        let Some(key) = ctx.next_input() else {
            return Next::Wait { prompt };
        };
        let key = key.trim().to_string();
        let option = self.options.iter().find(|o| o.digit == key);
        let valid = option.is_some()
            || (self.options.is_empty()
                && ctx
                    .flow
                    .links
                    .iter()
                    .any(|l| l.from == ctx.index && l.exit == key));
        let label = option.map(|o| o.label.clone()).unwrap_or_default();
        ctx.detail(StepDetail::Menu {
            prompt,
            key: key.clone(),
            option: label,
        });
        if valid {
            Next::Exit(key)
        } else {
            ctx.note(Note::info(format!("`{key}` is not an option of this menu")));
            Next::Exit("invalid".into())
        }
    }
}
