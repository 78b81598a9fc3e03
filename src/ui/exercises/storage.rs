//! The page's `localStorage` entries, through the storage registry: the simulator session (its
//! action list) and the exercise progress (versioned [`Progress`]). Unreadable data is set aside and
//! reported by the app's storage notice; the page starts fresh, never crashes.

use std::rc::Rc;

use crate::sim::{ChosenFlow, Progress};
use crate::storage::{ExerciseProgressKey, SimulatorSessionKey, Unreadable};
use crate::ui::local_storage;

use super::session::{Session, SESSION_KEY};

/// Exercise progress, next to the guide's `callback-lab.progress.<mission>` entries.
pub const PROGRESS_KEY: &str = crate::storage::EXERCISE_PROGRESS;

/// The stored session, replayed on the flow it ran (`yours`: the imported flow loaded now).
pub fn restore_session(yours: Option<Rc<ChosenFlow>>) -> Session {
    let stored = local_storage::load::<SimulatorSessionKey>(SESSION_KEY).found();
    let session = Session::restore_stored(stored, yours);
    match &session.notice {
        // It read, but does not replay: set aside too (a center that did not start is not its
        // fault). The storage notice then says why, so the page does not say it twice.
        Some(notice) if notice.error && session.center.is_ok() => {
            local_storage::set_aside(SESSION_KEY, Unreadable::unusable(&notice.text));
            Session {
                notice: None,
                ..session
            }
        }
        _ => session,
    }
}

/// Saves the session; a failure is shown by the storage notice.
pub fn save_session(session: &Session) {
    if let Some(stored) = session.stored() {
        let _ = local_storage::save::<SimulatorSessionKey>(SESSION_KEY, &stored);
    }
}

pub fn restore_progress() -> Progress {
    local_storage::load::<ExerciseProgressKey>(PROGRESS_KEY)
        .found()
        .unwrap_or_default()
}

/// Saves the progress; a failure is shown by the storage notice.
pub fn save_progress(progress: &Progress) {
    let _ = local_storage::save::<ExerciseProgressKey>(PROGRESS_KEY, progress);
}
