//! The imported flow the Condition lab and the exercises share. The app restores it once at start
//! ([`crate::storage::your_flow::restore`], which also takes over a flow the lab's saved state held
//! before it was shared), keeps it in its state, stores it whenever it changes, and hands it to both
//! pages as this context. Only the lab changes it (load, import a case, go back to the mission).

use std::rc::Rc;

use yew::prelude::*;

use crate::lab::YourFlow;
use crate::storage::your_flow::{self as shared_flow, FLOW_KEY};
use crate::storage::YourFlowKey;
use crate::ui::local_storage::{self, LocalStorage};

/// What both pages see of the shared flow.
#[derive(Clone, PartialEq)]
pub struct SharedFlow {
    /// The attendee's imported flow (`None`: the mission flow only).
    pub flow: Option<Rc<YourFlow>>,
    /// Why the stored flow could not be restored or stored (shown by the lab).
    pub problem: Option<String>,
    /// Replaces the shared flow.
    pub set: Callback<Option<Rc<YourFlow>>>,
}

/// The flow to start with, and why a stored one is not used (what was set aside or not saved on
/// the way goes to the storage notice).
pub fn restore() -> (Option<Rc<YourFlow>>, Option<String>) {
    let restored = shared_flow::restore(&mut LocalStorage::open());
    for report in restored.reports {
        local_storage::report(report);
    }
    (restored.flow.map(Rc::new), restored.problem)
}

/// Stores the shared flow; the problem to show in the lab when that fails (the storage notice says
/// it too).
pub fn save(flow: Option<&YourFlow>) -> Option<String> {
    let source = flow.map(YourFlow::source);
    local_storage::save::<YourFlowKey>(FLOW_KEY, &source)
        .err()
        .map(|e| {
            format!(
                "Your imported flow could not be stored ({e}); it will not survive a reload. Use the lab's Export to keep it."
            )
        })
}
