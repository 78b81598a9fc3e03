//! The lab state in `localStorage`, through the storage registry: restored at start (an unreadable
//! state is set aside and reported by the storage notice, never a crash), saved after edits settle.

use crate::lab::{LabInputs, LabState, Notice};
use crate::storage::{LabStateKey, WriteError, LAB_STATE};
use crate::ui::local_storage;

/// The state to start with: the saved one, or the mission's defaults.
pub fn restore(now_ms: i64) -> LabState {
    let inputs = local_storage::load::<LabStateKey>(LAB_STATE)
        .found()
        .unwrap_or_default();
    LabState::new(inputs, None, now_ms)
}

/// Saves `inputs`; when the body is too large for the storage quota, saves the rest and says so.
/// Other failures are shown by the storage notice.
pub fn save(inputs: &LabInputs) -> Option<Notice> {
    match local_storage::save::<LabStateKey>(LAB_STATE, inputs) {
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
