//! The imported flow the Condition lab and the exercises share. The app restores it once at start
//! ([`crate::lab::shared_flow::restore`], which also takes over a flow the lab's saved state held
//! before it was shared), keeps it in its state, stores it whenever it changes, and hands it to both
//! pages as this context. Only the lab changes it (load, import a case, go back to the mission).

use std::rc::Rc;

use yew::prelude::*;

use crate::lab::shared_flow::{self, FLOW_KEY};
use crate::lab::{saved, YourFlow};
use crate::ui::browser::{self, StorageError};

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

/// The flow to start with, and why a stored one is not used.
pub fn restore() -> (Option<Rc<YourFlow>>, Option<String>) {
    let entry = browser::storage_get(FLOW_KEY);
    // The lab's state is read only until the shared entry exists (once, to take its flow over).
    let lab = entry
        .is_none()
        .then(|| browser::storage_get(saved::STORAGE_KEY))
        .flatten();
    let restored = shared_flow::restore(entry.as_deref(), lab.as_deref());
    let mut problem = restored.problem;
    for (key, text) in &restored.writes {
        if let Err(e) = browser::storage_set(key, text) {
            problem.get_or_insert_with(|| failure(&e));
        }
    }
    (restored.flow.map(Rc::new), problem)
}

/// Stores the shared flow; the problem to show when that fails.
pub fn save(flow: Option<&YourFlow>) -> Option<String> {
    let source = flow.map(YourFlow::source);
    browser::storage_set(FLOW_KEY, &shared_flow::to_json(source.as_ref()))
        .err()
        .map(|e| failure(&e))
}

fn failure(e: &StorageError) -> String {
    match e {
        StorageError::Unavailable => {
            "This browser does not allow storage here: your imported flow will not survive a reload."
                .to_string()
        }
        StorageError::Rejected(why) => format!(
            "Your imported flow could not be stored ({why}); it will not survive a reload. Use the lab's Export to keep it."
        ),
    }
}
