//! The simulator session: one [`ContactCenter`] running the chosen flow ([`ChosenFlow`]: the mission
//! flow or the attendee's imported one), changed only through its [`Action`]s ([`Session::apply`],
//! the Exercises page's reducer), stored as its action list and the flow it ran
//! ([`StoredSession`], kept by `storage`), and replayed on load ([`Session::restore`]).
//! Beside the Condition lab's state ([`crate::lab::session`]); pure Rust, tested natively.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::{Action, CenterConfig, ChosenFlow, ContactCenter, FlowId};
use crate::notice::Notice;

/// Version of the stored session document.
pub const SESSION_VERSION: u32 = 1;
/// Most actions a stored session may hold (a longer one is not replayed).
pub const MAX_STORED_ACTIONS: usize = 2_000;

/// The stored form of a session (the document `storage` keeps under the simulator session key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSession {
    pub version: u32,
    pub actions: Vec<Action>,
    /// The flow it ran (absent in sessions stored before imported flows could run: the mission).
    #[serde(default, skip_serializing_if = "FlowId::is_mission")]
    pub flow: FlowId,
}

/// The simulator as the page holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// The flow the center runs and the exercises are checked on (`None` only when the shipped
    /// flow did not load; then `center` says why).
    pub flow: Option<Rc<ChosenFlow>>,
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
    /// A fresh center on the same flow.
    Reset,
    /// A fresh center running another flow.
    RunOn(Rc<ChosenFlow>),
}

/// The mission flow as a choice, or why it does not load.
fn mission() -> Result<Rc<ChosenFlow>, String> {
    ChosenFlow::mission()
        .map(Rc::new)
        .map_err(|e| format!("the simulator could not start: {}", e.message))
}

impl Session {
    /// A new session with a fresh center on the mission flow.
    pub fn new(notice: Option<Notice>) -> Session {
        match mission() {
            Ok(flow) => Session::on(flow, notice),
            Err(why) => Session {
                flow: None,
                center: Err(why),
                notice,
                events: Vec::new(),
                revision: 0,
            },
        }
    }

    /// A new session with a fresh center on `flow`.
    pub fn on(flow: Rc<ChosenFlow>, notice: Option<Notice>) -> Session {
        let center = ContactCenter::new(flow.flow.clone(), CenterConfig::default());
        Session {
            flow: Some(flow),
            center: Ok(Rc::new(center)),
            notice,
            events: Vec::new(),
            revision: 0,
        }
    }

    /// Which flow the session runs.
    pub fn flow_id(&self) -> FlowId {
        self.flow.as_ref().map(|f| f.id.clone()).unwrap_or_default()
    }

    /// The session stored as `text` (from [`Session::to_json`]), replayed on the flow it ran;
    /// anything unreadable or not replayable starts fresh with a message saying why. `yours` is the
    /// imported flow loaded now: a session that ran an imported flow replays only on that same one.
    pub fn restore(text: Option<&str>, yours: Option<Rc<ChosenFlow>>) -> Session {
        let Some(text) = text else {
            return Session::new(None);
        };
        match serde_json::from_str::<StoredSession>(text) {
            Ok(stored) => Session::restore_stored(Some(stored), yours),
            Err(e) => Session::new(Some(Notice::error(format!(
                "The saved simulator session could not be read ({e}); a new session starts."
            )))),
        }
    }

    /// [`Session::restore`] of a document already read (`None`: nothing stored).
    pub fn restore_stored(stored: Option<StoredSession>, yours: Option<Rc<ChosenFlow>>) -> Session {
        let Some(stored) = stored else {
            return Session::new(None);
        };
        let stored = match stored {
            s if s.version == SESSION_VERSION => s,
            s => {
                return Session::new(Some(Notice::error(format!(
                    "The saved simulator session is of another version ({}); a new session starts.",
                    s.version
                ))))
            }
        };
        if stored.actions.len() > MAX_STORED_ACTIONS {
            return Session::new(Some(Notice::error(format!(
                "The saved simulator session has more than {MAX_STORED_ACTIONS} actions; a new session starts."
            ))));
        }
        let flow = match (&stored.flow, yours) {
            (FlowId::Mission, _) => match mission() {
                Ok(flow) => flow,
                Err(why) => return Session::new(Some(Notice::error(why))),
            },
            (FlowId::Yours { .. }, Some(yours))
                if yours.id.fingerprint() == stored.flow.fingerprint() =>
            {
                yours
            }
            (FlowId::Yours { title, .. }, Some(yours)) => {
                let now = yours.title();
                // Not damage: the attendee loaded another flow, so the old session means nothing now.
                return Session::on(
                    yours,
                    Some(Notice::info(format!(
                        "The saved simulator session ran {title}, which the Condition lab has replaced; a new session starts on {now}."
                    ))),
                );
            }
            (FlowId::Yours { title, .. }, None) => {
                return Session::new(Some(Notice::info(format!(
                    "The saved simulator session ran {title}, which is no longer loaded in the Condition lab; a new session starts on the mission flow."
                ))))
            }
        };
        let on = flow.title();
        match ContactCenter::replay(flow.flow.clone(), CenterConfig::default(), &stored.actions) {
            Ok(cc) => Session {
                notice: (!stored.actions.is_empty()).then(|| {
                    Notice::info(if flow.id.is_mission() {
                        format!(
                            "Your simulator session was restored ({} actions).",
                            stored.actions.len()
                        )
                    } else {
                        format!(
                            "Your simulator session was restored ({} actions) on {on}.",
                            stored.actions.len()
                        )
                    })
                }),
                flow: Some(flow),
                center: Ok(Rc::new(cc)),
                events: Vec::new(),
                revision: 0,
            },
            Err((i, e)) => Session::on(
                flow,
                Some(Notice::error(format!(
                    "The saved simulator session could not be replayed (action {}: {}); a new session starts.",
                    i + 1,
                    e.message
                ))),
            ),
        }
    }

    /// The document to store (`None` when the center did not start: nothing to keep).
    pub fn stored(&self) -> Option<StoredSession> {
        let cc = self.center.as_ref().ok()?;
        Some(StoredSession {
            version: SESSION_VERSION,
            actions: cc.history().to_vec(),
            flow: self.flow_id(),
        })
    }

    /// The action list as stored.
    pub fn to_json(&self) -> Option<String> {
        serde_json::to_string(&self.stored()?).ok()
    }

    /// Applies one action; the session itself is unchanged by an action that cannot be done.
    pub fn apply(&self, action: SessionAction) -> Session {
        let mut next = self.clone();
        match action {
            SessionAction::Reset => {
                let notice = Some(Notice::info(
                    "A new session: the clock, the agent, the calls and the Analyzer store start over.",
                ));
                next = match &self.flow {
                    Some(flow) => Session::on(Rc::clone(flow), notice),
                    None => Session::new(notice),
                };
                next.revision = self.revision.wrapping_add(1);
            }
            SessionAction::RunOn(flow) => {
                let notice = Some(Notice::info(format!(
                    "The simulator restarted on {}: the clock, the agent, the calls and the Analyzer store start over.",
                    flow.title()
                )));
                next = Session::on(flow, notice);
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
