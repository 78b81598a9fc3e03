//! The Exercises page's reducer: the simulator session model ([`crate::sim::session`]) as yew's
//! `Reducible`.

use std::rc::Rc;

use yew::Reducible;

pub use crate::sim::session::{Session, SessionAction, StoredSession, MAX_STORED_ACTIONS};
pub use crate::storage::SIMULATOR_SESSION as SESSION_KEY;

impl Reducible for Session {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}
