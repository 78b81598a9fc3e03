//! The lab state in `localStorage`, through the storage registry: restored at start (an unreadable
//! state is set aside and reported by the storage notice, never a crash), saved after edits settle.
//! The imported flow is not part of it: the app keeps that for the lab and the exercises alike
//! ([`crate::ui::shared_flow`]).

use std::rc::Rc;

use crate::lab::{LabInputs, LabState, Notice, YourFlow};
use crate::storage::{LabStateKey, WriteError, LAB_STATE, YOUR_FLOW};
use crate::ui::local_storage;

/// The state to start with: the saved one, or the mission's defaults, running the shared flow.
pub fn restore(now_ms: i64, flow: Option<Rc<YourFlow>>) -> LabState {
    let inputs = local_storage::load::<LabStateKey>(LAB_STATE)
        .found()
        .unwrap_or_default();
    LabState::with_flow(inputs, flow, None, now_ms)
}

/// Saves `inputs`; when the body is too large for the storage quota, saves the rest and says so.
/// Other failures are shown by the storage notice.
pub fn save(inputs: &LabInputs) -> Option<Notice> {
    let mut inputs = inputs.clone();
    // The shared entry keeps the flow; until it exists (an older state not yet taken over) the
    // lab's own copy stays, so the flow is never lost on the way.
    // Only whether it exists: its value (a whole flow export) is not copied into wasm on every save.
    if local_storage::keys().iter().any(|key| key == YOUR_FLOW) {
        inputs.flow = None;
    }
    match local_storage::save::<LabStateKey>(LAB_STATE, &inputs) {
        Err(WriteError::QuotaExceeded) if !inputs.body.is_empty() => {
            let mut without_body = inputs.clone();
            without_body.body = std::sync::Arc::from("");
            local_storage::save::<LabStateKey>(LAB_STATE, &without_body).ok()?;
            Some(Notice::error(format!(
                "The response ({:.1} MB) is too large to keep across reloads; the other inputs are kept. Use Export to keep the whole case.",
                inputs.body.len() as f64 / 1_048_576.0
            )))
        }
        _ => None,
    }
}
