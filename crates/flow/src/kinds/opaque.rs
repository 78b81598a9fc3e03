//! An activity the model does not know. It is kept (and exported) as it is; when run, it passes
//! through its only connected exit when the run allows that ([`Unsimulated::FollowOnlyExit`]), or
//! stops the run with a note ([`Next::NotSimulated`]).

use serde::Serialize;

use super::{Ctx, Next};
use crate::runner::{Note, Unsimulated};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Opaque {
    pub activity_name: String,
}

impl Opaque {
    pub(crate) fn execute(&self, ctx: &mut Ctx<'_>) -> Next {
        let mut exits = ctx.flow.links.iter().filter(|l| l.from == ctx.index);
        let only_exit = match (exits.next(), exits.next()) {
            (Some(link), None) => Some(link.exit.clone()),
            _ => None,
        };
        match (ctx.unsimulated, only_exit) {
            (Unsimulated::FollowOnlyExit, Some(exit)) => {
                ctx.note(Note::info(format!(
                    "`{}` is not simulated; the run follows its only exit `{exit}`",
                    self.activity_name
                )));
                Next::Exit(exit)
            }
            (Unsimulated::FollowOnlyExit, None) => {
                ctx.note(Note::warning(format!(
                    "`{}` is not simulated and has no single exit to follow; the run stops here",
                    self.activity_name
                )));
                self.stop()
            }
            (Unsimulated::Stop, _) => {
                ctx.note(Note::warning(format!(
                    "`{}` is not simulated; the run stops here",
                    self.activity_name
                )));
                self.stop()
            }
        }
    }

    fn stop(&self) -> Next {
        Next::NotSimulated {
            activity: self.activity_name.clone(),
        }
    }
}
