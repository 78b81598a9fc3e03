//! The lab state in `localStorage`, through the storage registry ([`crate::storage::lab_state`]):
//! restored at start (what is unreadable is set aside and reported by the storage notice, never a
//! crash), saved after edits settle — the response body only when it changed, under its own key.
//! What the entries hold is part of the lab's state ([`LabState::saver`]): these are the page's
//! reducer steps that read and write the storage.
//! The imported flow is not part of it: the app keeps that for the lab and the exercises alike
//! ([`crate::ui::shared_flow`]).

use std::rc::Rc;

use crate::lab::{LabAction, LabInputs, LabState, Notice, YourFlow};
use crate::storage::lab_state::{self as stored, FromElsewhere};
use crate::storage::{format_size, YOUR_FLOW};
use crate::ui::local_storage::{self, LocalStorage};

/// The state to start with: the saved one, or the mission's defaults, running the shared flow.
pub fn restore(now_ms: i64, flow: Option<Rc<YourFlow>>) -> LabState {
    let restored = stored::restore(&mut LocalStorage::open());
    for report in restored.reports {
        local_storage::report(report);
    }
    let mut state = LabState::with_flow(restored.inputs, flow, None, now_ms);
    state.saver = restored.saver;
    state
}

/// Another tab saved the lab state: `state` with its changes merged into `mine` (`None`: there was
/// no save this tab had not seen). When both tabs changed an input, this tab keeps its own and
/// writes it now, so the storage holds what this tab shows; the notice quotes the other's.
pub fn heard_elsewhere(state: &LabState, mine: &LabInputs, now_ms: i64) -> Option<LabState> {
    let mut next = state.clone();
    let from = next.saver.sync(&mut LocalStorage::open(), mine)?;
    if !from.merged.conflicts.is_empty() {
        // The merge is this tab's inputs: saved as they are (a full storage is reported as usual).
        next = save(&next, &from.merged.inputs, now_ms);
    }
    Some(match taking(from) {
        Some(action) => next.apply(action, now_ms),
        None => next,
    })
}

/// The action that shows another tab's merged changes (`None`: nothing this tab shows changed).
fn taking(from: FromElsewhere) -> Option<LabAction> {
    let notice = from.message().map(Notice::info);
    notice.as_ref()?;
    Some(LabAction::TakeMerged {
        inputs: Box::new(from.merged.inputs),
        notice,
    })
}

/// `state` after saving `inputs` (the body only if it changed). When the body cannot be stored (a
/// full storage), the rest is saved: the storage notice reports the body, and the lab's note says
/// what it means. Another tab's save since this tab's last one is merged in first and shown.
pub fn save(state: &LabState, inputs: &LabInputs, now_ms: i64) -> LabState {
    let mut inputs = inputs.clone();
    // The shared entry keeps the flow; until it exists (an older state not yet taken over) the
    // lab's own copy stays, so the flow is never lost on the way.
    // Only whether it exists: its value (a whole flow export) is not copied into wasm on every save.
    if local_storage::keys().iter().any(|key| key == YOUR_FLOW) {
        inputs.flow = None;
    }
    let mut next = state.clone();
    let saved = next.saver.save(&mut LocalStorage::open(), &inputs);
    local_storage::record(&saved.writes);
    if let Some(action) = saved.merged.and_then(taking) {
        next = next.apply(action, now_ms);
    }
    if let Some(bytes) = saved.body_not_kept {
        next = next.apply(
            LabAction::Notify(Some(Notice::info(format!(
                "The response ({}) is not kept across reloads: there is no room for it in this browser's storage. The other inputs are kept; use Export to keep the whole case.",
                format_size(bytes)
            )))),
            now_ms,
        );
    }
    next
}
