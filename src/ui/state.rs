//! The app's state and its reducer (the yew `function_todomvc` pattern): the route, the attendee
//! ID, the theme, online or not, and the imported flow, which the app alone owns (it restores and
//! stores it; the lab and the exercises get it as a context and hand changes up). The Condition
//! lab's and the simulator's states are their pages' ([`crate::lab`], [`crate::sim`]).

use std::rc::Rc;

use yew::Reducible;

use crate::guide::{AttendeeId, AttendeeIdError};
use crate::lab::YourFlow;
use crate::storage::ThemeChoice;

use super::route::Route;
use super::shared_flow::LazyFlow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn from_stored(choice: Option<ThemeChoice>) -> Theme {
        match choice {
            Some(ThemeChoice::Light) => Theme::Light,
            Some(ThemeChoice::Dark) => Theme::Dark,
            None => Theme::System,
        }
    }
    /// What is stored (`None`: nothing, the system decides).
    pub fn stored(self) -> Option<ThemeChoice> {
        match self {
            Theme::System => None,
            Theme::Light => Some(ThemeChoice::Light),
            Theme::Dark => Some(ThemeChoice::Dark),
        }
    }
    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "Theme: system",
            Theme::Light => "Theme: light",
            Theme::Dark => "Theme: dark",
        }
    }
}

/// What the attendee typed in the "Attendee ID" field. An empty field is "not set", not an error; any
/// other invalid text stays in the field (never lost) with an inline message, and is not stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendeeInput {
    pub text: String,
    parsed: Result<AttendeeId, AttendeeIdError>,
}

impl AttendeeInput {
    pub fn new(text: String) -> Self {
        let parsed = AttendeeId::parse(&text);
        AttendeeInput { text, parsed }
    }
    /// The valid ID, if the field holds one.
    pub fn id(&self) -> Option<&AttendeeId> {
        self.parsed.as_ref().ok()
    }
    /// The message to show beside the field.
    pub fn error(&self) -> Option<String> {
        match &self.parsed {
            Err(AttendeeIdError::Empty) | Ok(_) => None,
            Err(e) => Some(e.to_string()),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// `false` for the first view (what the build-time renderer wrote: nothing read from the
    /// browser), `true` once the stored state is in ([`Action::Started`]).
    pub started: bool,
    pub route: Route,
    /// The mission last named by an address (`m/<slug>`) or remembered from an earlier visit: the
    /// pages without a mission in their address show it.
    pub mission: Option<String>,
    pub attendee: AttendeeInput,
    pub theme: Theme,
    pub online: bool,
    /// The imported flow the lab and the exercises share (`None`: the mission flow only), imported
    /// when a page that shows it first asks.
    pub your_flow: LazyFlow,
    /// Why the flow could not be stored.
    pub flow_problem: Option<String>,
    /// Bumped whenever `your_flow` changes (to store it then, and only then).
    pub flow_revision: u64,
}

impl AppState {
    /// The first view of `route`: the system's theme, online, the mission flow only, and the
    /// attendee ID the page already shows before the app starts (none at build time; in the
    /// browser, `static/boot.js` shows a valid typed or stored ID). The mission is the one the
    /// address names (the remembered one comes with the stored state).
    pub fn first_view(route: Route, attendee: Option<AttendeeId>) -> AppState {
        AppState {
            started: false,
            mission: route.mission().map(str::to_owned),
            route,
            attendee: AttendeeInput::new(attendee.map(|id| id.to_string()).unwrap_or_default()),
            theme: Theme::System,
            online: true,
            your_flow: LazyFlow::ready(None),
            flow_problem: None,
            flow_revision: 0,
        }
    }
}

pub enum Action {
    /// The state read from the browser (storage, address, network) replaces the first view.
    Started(Box<AppState>),
    Navigate(Route),
    SetAttendee(String),
    CycleTheme,
    SetOnline(bool),
    /// The lab loaded, dropped or replaced the imported flow.
    SetYourFlow(Option<Rc<YourFlow>>),
    FlowProblem(Option<String>),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Started(state) => next = *state,
            Action::Navigate(route) => {
                if let Some(slug) = route.mission() {
                    next.mission = Some(slug.to_owned());
                }
                next.route = route;
            }
            Action::SetAttendee(text) => next.attendee = AttendeeInput::new(text),
            Action::CycleTheme => next.theme = self.theme.next(),
            Action::SetOnline(online) => next.online = online,
            Action::SetYourFlow(flow) => {
                // The stored flow is imported by now: the page that sets one showed it first.
                if YourFlow::same_export(self.your_flow.get().0.as_deref(), flow.as_deref()) {
                    return self;
                }
                next.your_flow = LazyFlow::ready(flow);
                next.flow_problem = None;
                next.flow_revision = self.flow_revision.wrapping_add(1);
            }
            Action::FlowProblem(problem) => next.flow_problem = problem,
        }
        Rc::new(next)
    }
}
