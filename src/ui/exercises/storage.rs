//! The page's `localStorage` entries: the simulator session (its action list) and the exercise
//! progress (versioned [`Progress`]). Unreadable data starts fresh with a message, never a crash.

use std::rc::Rc;

use crate::sim::{ChosenFlow, Progress, RESULT_VERSION};
use crate::ui::browser::{self, StorageError};

use super::session::{Notice, Session, SESSION_KEY};

/// Exercise progress, next to the guide's `callback-lab.progress.<mission>` entries.
pub const PROGRESS_KEY: &str = "callback-lab.progress.exercises";
/// Where unreadable progress is set aside (so nothing is silently lost).
pub const PROGRESS_SET_ASIDE_KEY: &str = "callback-lab.progress.exercises.unreadable";

/// The stored session, replayed on the flow it ran (`yours`: the imported flow loaded now).
pub fn restore_session(yours: Option<Rc<ChosenFlow>>) -> Session {
    let stored = browser::storage_get(SESSION_KEY);
    let session = Session::restore(stored.as_deref(), yours);
    if session.notice.as_ref().is_some_and(|n| n.error) {
        browser::storage_remove(SESSION_KEY);
    }
    session
}

pub fn save_session(session: &Session) -> Option<Notice> {
    let text = session.to_json()?;
    match browser::storage_set(SESSION_KEY, &text) {
        Ok(()) => None,
        Err(StorageError::Unavailable) => Some(Notice::error(
            "This browser does not allow storage here: the simulator session will not survive a reload.",
        )),
        Err(StorageError::Rejected(why)) => Some(Notice::error(format!(
            "The simulator session could not be saved ({why})."
        ))),
    }
}

/// Reads stored progress, or why it could not be read (and a fresh start).
pub fn parse_progress(text: Option<&str>) -> (Progress, Option<String>) {
    let Some(text) = text else {
        return (Progress::new(), None);
    };
    match serde_json::from_str::<Progress>(text) {
        Ok(p) if p.version == RESULT_VERSION => (p, None),
        Ok(p) => (
            Progress::new(),
            Some(format!(
                "Your saved exercise progress is of another version ({}), so it starts fresh.",
                p.version
            )),
        ),
        Err(e) => (
            Progress::new(),
            Some(format!(
                "Your saved exercise progress could not be read ({e}), so it starts fresh."
            )),
        ),
    }
}

pub fn restore_progress() -> (Progress, Option<String>) {
    let stored = browser::storage_get(PROGRESS_KEY);
    let (progress, problem) = parse_progress(stored.as_deref());
    if let (Some(text), Some(_)) = (&stored, &problem) {
        let _ = browser::storage_set(PROGRESS_SET_ASIDE_KEY, text);
        browser::storage_remove(PROGRESS_KEY);
    }
    (progress, problem)
}

pub fn save_progress(progress: &Progress) -> Option<String> {
    match browser::storage_set(PROGRESS_KEY, &progress.to_json()) {
        Ok(()) => None,
        Err(StorageError::Unavailable) => Some(
            "This browser does not allow storage here: your progress will not survive a reload."
                .to_string(),
        ),
        Err(StorageError::Rejected(why)) => {
            Some(format!("Your progress could not be saved ({why})."))
        }
    }
}
