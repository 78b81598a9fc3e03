//! An activity the model does not know. It is kept (and exported) as it is; when run, it passes
//! through its only connected exit, or stops the run with a note.

use serde::Serialize;

use super::{Ctx, Next};
use crate::flow::runner::Note;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Opaque {
    pub activity_name: String,
}

impl Opaque {
    pub(crate) fn execute(&self, ctx: &mut Ctx<'_>) -> Next {
        let mut exits = ctx.flow.links.iter().filter(|l| l.from == ctx.index);
        match (exits.next(), exits.next()) {
            (Some(link), None) => {
                let exit = link.exit.clone();
                ctx.note(Note::info(format!(
                    "`{}` is not simulated; the run follows its only exit `{exit}`",
                    self.activity_name
                )));
                Next::Exit(exit)
            }
            _ => {
                ctx.note(Note::warning(format!(
                    "`{}` is not simulated and has no single exit to follow; the run stops here",
                    self.activity_name
                )));
                Next::End
            }
        }
    }
}
