//! The lab state in `localStorage`: restored at start (an unreadable state is set aside with a
//! message, never a crash), saved after edits settle. The imported flow is not part of it: the app
//! keeps that for the lab and the exercises alike ([`crate::ui::shared_flow`]).

use std::rc::Rc;

use crate::lab::saved::{self, SET_ASIDE_KEY, STORAGE_KEY};
use crate::lab::shared_flow::FLOW_KEY;
use crate::lab::{LabInputs, LabState, Notice, YourFlow};
use crate::ui::browser::{self, StorageError};

/// The state to start with: the saved one, or the mission's defaults, running the shared flow.
pub fn restore(now_ms: i64, flow: Option<Rc<YourFlow>>) -> LabState {
    let Some(text) = browser::storage_get(STORAGE_KEY) else {
        return LabState::with_flow(LabInputs::default(), flow, None, now_ms);
    };
    match saved::from_json(&text) {
        Ok(inputs) => LabState::with_flow(inputs, flow, None, now_ms),
        Err(why) => {
            let kept = browser::storage_set(SET_ASIDE_KEY, &text).is_ok();
            browser::storage_remove(STORAGE_KEY);
            let where_ = if kept {
                format!("it was set aside in this browser's storage under “{SET_ASIDE_KEY}”")
            } else {
                "it could not be kept".to_string()
            };
            let notice = Notice::error(format!(
                "Your saved lab state could not be read: {why}. {} and the lab starts from the mission.",
                capitalise(&where_)
            ));
            LabState::with_flow(LabInputs::default(), flow, Some(notice), now_ms)
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Saves `inputs`; when the body is too large for the storage quota, saves the rest and says so.
pub fn save(inputs: &LabInputs) -> Option<Notice> {
    let mut inputs = inputs.clone();
    // The shared entry keeps the flow; until it exists (an older state not yet taken over) the
    // lab's own copy stays, so the flow is never lost on the way.
    if browser::storage_get(FLOW_KEY).is_some() {
        inputs.flow = None;
    }
    let inputs = &inputs;
    match browser::storage_set(STORAGE_KEY, &saved::to_json(inputs)) {
        Ok(()) => None,
        Err(StorageError::Unavailable) => Some(Notice::error(
            "This browser does not allow storage here, so the lab will not be kept across reloads. Use Export to keep a case.",
        )),
        Err(StorageError::Rejected(_)) => {
            let mut without_body = inputs.clone();
            without_body.body = std::sync::Arc::from("");
            let rest = browser::storage_set(STORAGE_KEY, &saved::to_json(&without_body));
            Some(Notice::error(match rest {
                Ok(()) => format!(
                    "The response ({:.1} MB) is too large to keep across reloads; the other inputs are kept. Use Export to keep the whole case.",
                    inputs.body.len() as f64 / 1_048_576.0
                ),
                Err(_) => "The browser refused to store the lab state (storage full?). Use Export to keep a case.".to_string(),
            }))
        }
    }
}
