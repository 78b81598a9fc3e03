//! The imported flow the Condition lab and the exercises share. The app reads the stored export at
//! start ([`crate::storage::your_flow::read`], which also takes over a flow the lab's saved state held
//! before it was shared) but does not import it: the first page that shows the flow (the lab, the
//! exercises) imports, checks and lays it out, once ([`LazyFlow::get`]); the guide's pages never do.
//! The app keeps it in its state, stores it whenever it changes, and hands it to both pages as this
//! context. Only the lab changes it (load, import a case, go back to the mission).

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use yew::prelude::*;

use crate::flow_roles::{FlowSource, YourFlow};
use crate::storage::your_flow::{self as shared_flow, FLOW_KEY};
use crate::storage::YourFlowKey;
use crate::ui::local_storage::{self, LocalStorage};

enum Lazy {
    /// Read from storage, not imported yet (with why a stored entry was not usable).
    Stored {
        source: Option<FlowSource>,
        problem: Option<String>,
    },
    Ready {
        flow: Option<Rc<YourFlow>>,
        problem: Option<String>,
    },
}

/// The shared flow, imported on first use. Clones share the one import.
#[derive(Clone)]
pub struct LazyFlow(Rc<RefCell<Lazy>>);

impl LazyFlow {
    /// The stored export, read (and a damaged entry set aside and reported) but not imported.
    pub fn stored() -> LazyFlow {
        let read = shared_flow::read(&mut LocalStorage::open());
        for report in read.reports {
            local_storage::report(report);
        }
        LazyFlow(Rc::new(RefCell::new(Lazy::Stored {
            source: read.source,
            problem: read.problem,
        })))
    }

    /// A flow the session set (`None`: the mission flow).
    pub fn ready(flow: Option<Rc<YourFlow>>) -> LazyFlow {
        LazyFlow(Rc::new(RefCell::new(Lazy::Ready {
            flow,
            problem: None,
        })))
    }

    /// The flow, importing the stored export the first time; and why a stored flow is not used.
    pub fn get(&self) -> (Option<Rc<YourFlow>>, Option<String>) {
        let pending = match &*self.0.borrow() {
            Lazy::Ready { flow, problem } => return (flow.clone(), problem.clone()),
            Lazy::Stored { source, problem } => (source.clone(), problem.clone()),
        };
        let (source, read_problem) = pending;
        let restored = shared_flow::adopt(&mut LocalStorage::open(), source);
        for report in restored.reports {
            local_storage::report(report);
        }
        let flow = restored.flow.map(Rc::new);
        let problem = read_problem.or(restored.problem);
        *self.0.borrow_mut() = Lazy::Ready {
            flow: flow.clone(),
            problem: problem.clone(),
        };
        (flow, problem)
    }

    /// Whether the stored export is still waiting for a page to import it.
    pub fn is_pending(&self) -> bool {
        matches!(&*self.0.borrow(), Lazy::Stored { .. })
    }
}

impl PartialEq for LazyFlow {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for LazyFlow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &*self.0.borrow() {
            Lazy::Stored { source, .. } => {
                format!(
                    "stored ({} bytes)",
                    source.as_ref().map_or(0, |s| s.text.len())
                )
            }
            Lazy::Ready { flow, .. } => match flow {
                Some(f) => format!("ready: {}", f.title()),
                None => "ready: the mission flow".to_string(),
            },
        };
        write!(f, "LazyFlow({state})")
    }
}

/// What both pages see of the shared flow.
#[derive(Clone, PartialEq)]
pub struct SharedFlow {
    /// The attendee's imported flow (`None` once imported: the mission flow only).
    pub flow: LazyFlow,
    /// Why the flow could not be stored (shown by the lab).
    pub problem: Option<String>,
    /// Replaces the shared flow.
    pub set: Callback<Option<Rc<YourFlow>>>,
}

impl SharedFlow {
    /// The flow (imported now if it was not yet) and why a stored or stored-again flow is not used.
    pub fn get(&self) -> (Option<Rc<YourFlow>>, Option<String>) {
        let (flow, problem) = self.flow.get();
        (flow, self.problem.clone().or(problem))
    }
}

/// Stores the shared flow; the problem to show in the lab when that fails (the storage notice says
/// it too).
pub fn save(flow: Option<&YourFlow>) -> Option<String> {
    let source = flow.map(YourFlow::source);
    local_storage::save::<YourFlowKey>(FLOW_KEY, &source)
        .err()
        .map(|e| {
            format!(
                "Your imported flow could not be stored ({e}); it will not survive a reload. Use the lab's Export to keep it."
            )
        })
}
