//! All UI state and the one reducer that changes it (the yew `function_todomvc` pattern).

use std::rc::Rc;

use yew::Reducible;

use super::route::Route;

/// The key the lab guide itself uses, so an ID typed there is picked up here on the same origin.
pub const ATTENDEE_KEY: &str = "attendeeID";
pub const THEME_KEY: &str = "callbackLab.theme";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn from_stored(s: Option<&str>) -> Theme {
        match s {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::System,
        }
    }
    pub fn stored(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
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

/// What the attendee typed in the "Attendee ID" field, and whether it is a valid ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendeeInput {
    pub text: String,
    pub error: Option<String>,
}

impl AttendeeInput {
    pub fn new(text: String) -> Self {
        let error = validate_attendee(&text).err();
        AttendeeInput { text, error }
    }
    /// The valid 3-digit ID, if the field holds one.
    pub fn id(&self) -> Option<&str> {
        let t = self.text.trim();
        (self.error.is_none() && !t.is_empty()).then_some(t)
    }
}

/// Exactly three digits, like the guide; empty means "not set" and is not an error.
fn validate_attendee(text: &str) -> Result<(), String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(());
    }
    if let Some(c) = t.chars().find(|c| !c.is_ascii_digit()) {
        return Err(format!("Use digits only (found “{c}”); your attendee ID has 3 digits, e.g. 137."));
    }
    if t.len() != 3 {
        return Err(format!("An attendee ID has exactly 3 digits; this has {}.", t.len()));
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub route: Route,
    pub attendee: AttendeeInput,
    pub theme: Theme,
    pub online: bool,
}

pub enum Action {
    Navigate(Route),
    SetAttendee(String),
    CycleTheme,
    SetOnline(bool),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Navigate(route) => next.route = route,
            Action::SetAttendee(text) => next.attendee = AttendeeInput::new(text),
            Action::CycleTheme => next.theme = self.theme.next(),
            Action::SetOnline(online) => next.online = online,
        }
        Rc::new(next)
    }
}
