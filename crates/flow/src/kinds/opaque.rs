//! An activity the model does not simulate: one it does not know (kept and exported as it came), or
//! one it knows but whose outcome comes from outside the flow (a virtual agent's conversation, a
//! queue's live figures). When run, it leaves by the exit the caller names in the run's inputs,
//! or by its only connected exit, when the run allows that ([`Unsimulated::FollowOnlyExit`]); otherwise
//! the run stops there ([`Next::NotSimulated`]) and says which exits it has and what it would need.

use serde::Serialize;

use super::{Activity, ActivityKind, Ctx, Next, Support};
use crate::runner::{Note, Unsimulated};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Opaque {
    /// `activityName` as the export gives it.
    pub activity_name: String,
}

impl Opaque {
    pub fn named(activity_name: &str) -> Opaque {
        Opaque {
            activity_name: activity_name.to_string(),
        }
    }

    /// The activity, known by name or not.
    pub fn kind(&self) -> ActivityKind {
        ActivityKind::from_name(&self.activity_name)
    }

    /// What a run would need to go past this node.
    pub fn needs(&self) -> &'static str {
        match Activity::from_name(&self.activity_name).map(Activity::info) {
            Some(info) if info.support == Support::Opaque => info.needs,
            _ => "what this activity does (the companion does not know it)",
        }
    }

    pub(crate) fn execute(&self, ctx: &mut Ctx<'_>) -> Next {
        let exits = ctx.connected_exits();
        let named = |key: &str| exits.iter().find(|e| e.as_str() == key.trim()).cloned();
        let may_follow = ctx.unsimulated == Unsimulated::FollowOnlyExit;
        if let Some(exit) = ctx.peek_input().and_then(named).filter(|_| may_follow) {
            ctx.next_input();
            ctx.note(Note::info(format!(
                "`{}` is not simulated; the run takes its `{exit}` exit, as the input says",
                self.activity_name
            )));
            return Next::Exit(exit);
        }
        let only = match exits.as_slice() {
            [only] => Some(only.clone()),
            _ => None,
        };
        match (ctx.unsimulated, only) {
            (Unsimulated::FollowOnlyExit, Some(exit)) => {
                ctx.note(Note::info(format!(
                    "`{}` is not simulated; the run follows its only exit `{exit}`",
                    self.activity_name
                )));
                Next::Exit(exit)
            }
            _ => {
                let hint = if exits.is_empty() {
                    "none of its exits is connected".to_string()
                } else {
                    format!(
                        "to go on, give the exit it takes as an input: {}",
                        exits
                            .iter()
                            .map(|e| format!("`{e}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                ctx.note(
                    Note::warning(format!(
                        "`{}` is not simulated: it needs {}; the run stops here",
                        self.activity_name,
                        self.needs()
                    ))
                    .with_hint(hint),
                );
                Next::NotSimulated {
                    activity: self.activity_name.clone(),
                    exits,
                    needs: self.needs().to_string(),
                }
            }
        }
    }
}
