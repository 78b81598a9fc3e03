//! The lab state in `localStorage`, through the storage registry ([`crate::storage::lab_state`]): restored at
//! start (what is unreadable is set aside and reported by the storage notice, never a crash), saved
//! after edits settle — the response body only when it changed, under its own key.
//! The imported flow is not part of it: the app keeps that for the lab and the exercises alike
//! ([`crate::ui::shared_flow`]).

use std::cell::RefCell;
use std::rc::Rc;

use crate::lab::{LabAction, LabInputs, LabState, Notice, YourFlow};
use crate::storage::lab_state::{self as stored, FromElsewhere, Saver};
use crate::storage::{format_size, LAB_BODY, YOUR_FLOW};
use crate::ui::local_storage::{self, LocalStorage};

thread_local! {
    /// What the lab's entries hold (the body written last), for the next save.
    static SAVER: RefCell<Saver> = RefCell::new(Saver::default());
}

/// The state to start with: the saved one, or the mission's defaults, running the shared flow.
pub fn restore(now_ms: i64, flow: Option<Rc<YourFlow>>) -> LabState {
    let restored = stored::restore(&mut LocalStorage::open());
    for report in restored.reports {
        local_storage::report(report);
    }
    SAVER.with(|saver| *saver.borrow_mut() = restored.saver);
    LabState::with_flow(restored.inputs, flow, None, now_ms)
}

/// Another tab changed the body entry (or cleared the storage): the next save writes this page's
/// body again, so the state it writes never refers to another tab's body.
pub fn changed_elsewhere(key: Option<String>) {
    if key.is_none_or(|key| key == LAB_BODY) {
        SAVER.with(|saver| saver.borrow_mut().forget_body());
    }
}

/// Another tab saved the lab state: its changes merged into `mine`, as the action that shows them
/// (`None`: nothing this tab shows changed). When both tabs changed an input, this tab keeps its
/// own and writes it now, so the storage holds what this tab shows; the notice quotes the other's.
pub fn heard_elsewhere(mine: &LabInputs) -> Option<LabAction> {
    let from = SAVER.with(|saver| saver.borrow_mut().sync(&mut LocalStorage::open(), mine))?;
    if !from.merged.conflicts.is_empty() {
        // The merge is this tab's inputs: saved as they are (a full storage is reported as usual).
        let _ = save(&from.merged.inputs);
    }
    taking(from)
}

/// The action that shows another tab's merged changes.
fn taking(from: FromElsewhere) -> Option<LabAction> {
    let notice = from.message().map(Notice::info);
    notice.as_ref()?;
    Some(LabAction::TakeMerged {
        inputs: Box::new(from.merged.inputs),
        notice,
    })
}

/// Saves `inputs` (the body only if it changed). When the body cannot be stored (a full storage),
/// the rest is saved: the storage notice reports the body, and the lab's note says what it means.
/// Another tab's save since this tab's last one is merged in first: the actions show the merge.
pub fn save(inputs: &LabInputs) -> Vec<LabAction> {
    let mut inputs = inputs.clone();
    // The shared entry keeps the flow; until it exists (an older state not yet taken over) the
    // lab's own copy stays, so the flow is never lost on the way.
    // Only whether it exists: its value (a whole flow export) is not copied into wasm on every save.
    if local_storage::keys().iter().any(|key| key == YOUR_FLOW) {
        inputs.flow = None;
    }
    let saved = SAVER.with(|saver| saver.borrow_mut().save(&mut LocalStorage::open(), &inputs));
    local_storage::record(&saved.writes);
    let not_kept = saved.body_not_kept.map(|bytes| {
        LabAction::Notify(Some(Notice::info(format!(
            "The response ({}) is not kept across reloads: there is no room for it in this browser's storage. The other inputs are kept; use Export to keep the whole case.",
            format_size(bytes)
        ))))
    });
    saved
        .merged
        .and_then(taking)
        .into_iter()
        .chain(not_kept)
        .collect()
}
