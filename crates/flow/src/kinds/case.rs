//! `case-statement` (Case): renders its expression and leaves by the branch whose value equals the
//! result, or by `default` when none does.
//!
//! Export shape (2026 flows): `expression: "{{AI_Agent.StateEventName}}"`, `menuLinks: ["0", "1", …]`
//! (the exits' names) and `menuLinks_input: ["balance", "payment", …]` (each branch's value, in the
//! same order). The comparison is ours: the rendered text and the value must be equal once
//! surrounding spaces are removed, letter case included — Flow Designer does not document it.

use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::menu::menu_links;
use super::{first_text, Ctx, Next};
use crate::error::FlowError;
use crate::request::render_template;
use crate::runner::{Note, StepDetail};

/// One branch: its exit and the value that selects it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseBranch {
    pub exit: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Case {
    pub expression: String,
    pub branches: Vec<CaseBranch>,
}

impl Case {
    pub fn from_properties(p: &Map<String, Json>) -> Result<Case, FlowError> {
        let branches = menu_links(p)?
            .unwrap_or_default()
            .into_iter()
            .map(|(exit, value)| CaseBranch { exit, value })
            .collect();
        Ok(Case {
            expression: first_text(p, &["expression"])?,
            branches,
        })
    }

    /// The branch `value` selects: (exit, whether a branch matched).
    pub fn choose(&self, value: &str) -> (String, bool) {
        let value = value.trim();
        match self.branches.iter().find(|b| b.value.trim() == value) {
            Some(branch) => (branch.exit.clone(), true),
            None => ("default".to_string(), false),
        }
    }

    pub(crate) fn execute(&self, ctx: &mut Ctx<'_>) -> Next {
        let rendered =
            match render_template("Case expression", &self.expression, ctx.vars, ctx.clock) {
                Ok(r) => r.text,
                Err(e) => {
                    ctx.note(Note::from_error(&e));
                    return ctx.fail();
                }
            };
        let (exit, matched) = self.choose(&rendered);
        let note = if matched {
            format!("the expression gives `{rendered}`: the branch for that value")
        } else if self.branches.is_empty() {
            format!("the expression gives `{rendered}`; the node has no branches: `default`")
        } else {
            format!(
                "the expression gives `{rendered}`, which no branch has ({}): `default`",
                self.branches
                    .iter()
                    .map(|b| format!("`{}`", b.value))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        ctx.note(Note::info(note));
        ctx.detail(StepDetail::Case {
            expression: self.expression.clone(),
            value: rendered,
            exit: exit.clone(),
        });
        Next::Exit(exit)
    }
}
