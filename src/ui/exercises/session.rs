//! The simulator session: one [`ContactCenter`] changed only through its [`Action`]s (the page's
//! reducer), stored as its action list and replayed on load.

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use yew::Reducible;

use crate::sim::{Action, ContactCenter};

/// Where the session is kept (next to the guide's `callback-lab.progress.*` keys).
pub const SESSION_KEY: &str = crate::storage::SIMULATOR_SESSION;
/// Version of the stored session document.
pub const SESSION_VERSION: u32 = crate::storage::schemas::SIMULATOR_SESSION_VERSION;
/// Most actions a stored session may hold (a longer one is not replayed).
pub const MAX_STORED_ACTIONS: usize = 2_000;

/// A message shown above the simulator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
}

impl Notice {
    pub fn error(text: impl Into<String>) -> Notice {
        Notice {
            error: true,
            text: text.into(),
        }
    }
    pub fn info(text: impl Into<String>) -> Notice {
        Notice {
            error: false,
            text: text.into(),
        }
    }
}

/// The stored form of a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSession {
    pub version: u32,
    pub actions: Vec<Action>,
}

/// The simulator as the page holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// The center, or why it could not start (the shipped flow did not load).
    pub center: Result<Rc<ContactCenter>, String>,
    /// The outcome of the last action (an error leaves the center unchanged).
    pub notice: Option<Notice>,
    /// What the last action did, in words.
    pub events: Vec<String>,
    /// Bumped on every change of the center (to save after it).
    pub revision: u64,
}

/// What the page asks of the session.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionAction {
    Do(Action),
    /// A fresh center.
    Reset,
}

fn fresh() -> Result<Rc<ContactCenter>, String> {
    ContactCenter::mission()
        .map(Rc::new)
        .map_err(|e| format!("the simulator could not start: {}", e.message))
}

impl Session {
    /// A new session with a fresh center.
    pub fn new(notice: Option<Notice>) -> Session {
        Session {
            center: fresh(),
            notice,
            events: Vec::new(),
            revision: 0,
        }
    }

    /// The session stored as `text` (from [`Session::to_json`]), replayed; anything unreadable or
    /// not replayable starts fresh with a message saying why.
    pub fn restore(text: Option<&str>) -> Session {
        let Some(text) = text else {
            return Session::new(None);
        };
        let stored = match serde_json::from_str::<StoredSession>(text) {
            Ok(s) if s.version == SESSION_VERSION => s,
            Ok(s) => {
                return Session::new(Some(Notice::error(format!(
                    "The saved simulator session is of another version ({}); a new session starts.",
                    s.version
                ))))
            }
            Err(e) => {
                return Session::new(Some(Notice::error(format!(
                    "The saved simulator session could not be read ({e}); a new session starts."
                ))))
            }
        };
        if stored.actions.len() > MAX_STORED_ACTIONS {
            return Session::new(Some(Notice::error(format!(
                "The saved simulator session has more than {MAX_STORED_ACTIONS} actions; a new session starts."
            ))));
        }
        let flow = match ContactCenter::mission() {
            Ok(cc) => cc.flow().clone(),
            Err(e) => return Session::new(Some(Notice::error(e.message))),
        };
        let config = crate::sim::CenterConfig::default();
        match ContactCenter::replay(flow, config, &stored.actions) {
            Ok(cc) => Session {
                center: Ok(Rc::new(cc)),
                notice: (!stored.actions.is_empty()).then(|| {
                    Notice::info(format!(
                        "Your simulator session was restored ({} actions).",
                        stored.actions.len()
                    ))
                }),
                events: Vec::new(),
                revision: 0,
            },
            Err((i, e)) => Session::new(Some(Notice::error(format!(
                "The saved simulator session could not be replayed (action {}: {}); a new session starts.",
                i + 1,
                e.message
            )))),
        }
    }

    /// The action list as stored.
    pub fn to_json(&self) -> Option<String> {
        let cc = self.center.as_ref().ok()?;
        serde_json::to_string(&StoredSession {
            version: SESSION_VERSION,
            actions: cc.history().to_vec(),
        })
        .ok()
    }

    /// Applies one action; the session itself is unchanged by an action that cannot be done.
    pub fn apply(&self, action: SessionAction) -> Session {
        let mut next = self.clone();
        match action {
            SessionAction::Reset => {
                next = Session::new(Some(Notice::info(
                    "A new session: the clock, the agent, the calls and the Analyzer store start over.",
                )));
                next.revision = self.revision.wrapping_add(1);
            }
            SessionAction::Do(action) => {
                let Ok(cc) = &self.center else {
                    return next;
                };
                let mut cc = (**cc).clone();
                match cc.apply(action) {
                    Ok(report) => {
                        next.center = Ok(Rc::new(cc));
                        next.events = report.events;
                        next.notice = None;
                        next.revision = self.revision.wrapping_add(1);
                    }
                    Err(e) => {
                        next.notice = Some(Notice::error(format!("Not done: {}.", e.message)));
                    }
                }
            }
        }
        next
    }
}

impl Reducible for Session {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}
