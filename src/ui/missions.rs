//! The missions the app shows, given to every page as a context: the compiled-in registry, or (in
//! the browser tests) a registry built from a test's own mission folders.

use std::rc::Rc;
use std::sync::Arc;

use crate::missions::{Mission, Registry};

use super::route::Route;

#[derive(Debug, Clone)]
pub struct Missions(pub Rc<Registry>);

impl PartialEq for Missions {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Missions {
    /// The missions compiled into this build.
    pub fn compiled() -> Missions {
        Missions(Rc::new(crate::missions::compiled().clone()))
    }

    /// The mission a page shows: the one its address names, else the one last opened (`remembered`),
    /// else the only one. `None` when the address names no mission of this build, or when there are
    /// several and none was opened yet (the page lists them).
    pub fn current(&self, route: &Route, remembered: Option<&str>) -> Option<Arc<Mission>> {
        match route.mission() {
            Some(slug) => self.0.find(slug).cloned(),
            None => remembered
                .and_then(|slug| self.0.find(slug))
                .or_else(|| (self.0.len() == 1).then(|| self.0.first()).flatten())
                .cloned(),
        }
    }
}
