//! The typed side of each registry row: how a key's text becomes the value the app works with (and
//! back). Decoders get the version found in the text, to migrate older versions when there are any.

use std::sync::Arc;

use crate::flow_roles::FlowSource;
use crate::guide::{AttendeeId, MissionProgress, ProgressError, PROGRESS_VERSION};
use crate::lab::saved::{self, StoredLab};
use crate::sim::{Progress, StoredSession, RESULT_VERSION, SESSION_VERSION};

use super::keys::{
    Format, KeyPattern, KeySpec, ATTENDEE_ID, CURRENT_MISSION, EXERCISE_PROGRESS,
    GUIDE_PROGRESS_PREFIX, LAB_BODY, LAB_STATE, SIMULATOR_SESSION, THEME, YOUR_FLOW,
};
use super::your_flow as shared_flow;
use super::Unreadable;

/// A kind of stored data: its registry row and its codec.
pub trait Stored {
    /// What the app works with.
    type Value;
    /// Its row in [`super::KEYS`].
    const SPEC: KeySpec;
    /// Reads `text` stored under `key`, whose envelope is checked; `version` is the one it has.
    fn decode(key: &str, text: &str, version: u32) -> Result<Self::Value, Unreadable>;
    fn encode(value: &Self::Value) -> String;
}

/// `attendeeID`: the guide's own plain-text key (3 digits; surrounding spaces are tolerated). The
/// guide's page owns it too: a value that is not 3 digits is its business, left in place and read
/// as "no ID" here.
pub struct AttendeeIdKey;

impl Stored for AttendeeIdKey {
    type Value = AttendeeId;
    const SPEC: KeySpec = KeySpec::of::<Self>(
        KeyPattern::Exact(ATTENDEE_ID),
        "attendee ID",
        Format::Text,
        &[],
    )
    .shared();
    fn decode(_: &str, text: &str, _: u32) -> Result<AttendeeId, Unreadable> {
        AttendeeId::parse(text).map_err(|e| Unreadable::invalid(e.to_string()))
    }
    fn encode(value: &AttendeeId) -> String {
        value.as_str().to_owned()
    }
}

/// A theme chosen over the system's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeChoice {
    Light,
    Dark,
}

impl ThemeChoice {
    pub fn as_str(self) -> &'static str {
        match self {
            ThemeChoice::Light => "light",
            ThemeChoice::Dark => "dark",
        }
    }
}

/// `callback-lab.theme`: `light` or `dark`.
pub struct ThemeKey;

impl Stored for ThemeKey {
    type Value = ThemeChoice;
    const SPEC: KeySpec = KeySpec::of::<Self>(
        KeyPattern::Exact(THEME),
        "theme",
        Format::Text,
        &["callbackLab.theme"],
    );
    fn decode(_: &str, text: &str, _: u32) -> Result<ThemeChoice, Unreadable> {
        match text.trim() {
            "light" => Ok(ThemeChoice::Light),
            "dark" => Ok(ThemeChoice::Dark),
            other => Err(Unreadable::invalid(format!(
                "“{other}” is not a theme (light or dark)"
            ))),
        }
    }
    fn encode(value: &ThemeChoice) -> String {
        value.as_str().to_owned()
    }
}

/// `callback-lab.mission`: the slug of the mission last opened (the pages without a mission in their
/// address show it). A slug this build does not have is the page's business: it shows the list.
pub struct CurrentMissionKey;

impl Stored for CurrentMissionKey {
    type Value = String;
    const SPEC: KeySpec = KeySpec::of::<Self>(
        KeyPattern::Exact(CURRENT_MISSION),
        "current mission",
        Format::Text,
        &[],
    );
    fn decode(_: &str, text: &str, _: u32) -> Result<String, Unreadable> {
        let slug = text.trim();
        match crate::missions::slug_problem(slug) {
            None => Ok(slug.to_owned()),
            Some(problem) => Err(Unreadable::invalid(format!(
                "“{slug}” is not a mission's name: {problem}"
            ))),
        }
    }
    fn encode(value: &String) -> String {
        value.clone()
    }
}

/// `callback-lab.progress.<mission>`: the ticked steps of one mission.
pub struct GuideProgressKey;

impl GuideProgressKey {
    pub fn key(mission: &str) -> String {
        format!("{GUIDE_PROGRESS_PREFIX}{mission}")
    }
}

impl Stored for GuideProgressKey {
    type Value = MissionProgress;
    const SPEC: KeySpec = KeySpec::of::<Self>(
        KeyPattern::Family(GUIDE_PROGRESS_PREFIX),
        "guide progress",
        Format::Json {
            format: None,
            oldest: 1,
            current: PROGRESS_VERSION,
        },
        &[],
    );
    fn decode(key: &str, text: &str, _: u32) -> Result<MissionProgress, Unreadable> {
        let mission = key.strip_prefix(GUIDE_PROGRESS_PREFIX).unwrap_or(key);
        MissionProgress::from_json(mission, text).map_err(|e| match e {
            ProgressError::OtherMission(other) => {
                Unreadable::foreign(format!("it is the progress of mission “{other}”"))
            }
            ProgressError::Corrupt(message) => Unreadable::invalid(message),
            ProgressError::UnsupportedVersion(v) => Unreadable::unknown_version(v.to_string()),
        })
    }
    fn encode(value: &MissionProgress) -> String {
        value.to_json()
    }
}

/// `callback-lab.progress.exercises`: the graded exercises' results.
pub struct ExerciseProgressKey;

impl Stored for ExerciseProgressKey {
    type Value = Progress;
    const SPEC: KeySpec = KeySpec::of::<Self>(
        KeyPattern::Exact(EXERCISE_PROGRESS),
        "exercise progress",
        Format::Json {
            format: None,
            oldest: 1,
            current: RESULT_VERSION,
        },
        &[],
    );
    fn decode(_: &str, text: &str, _: u32) -> Result<Progress, Unreadable> {
        serde_json::from_str(text).map_err(|e| Unreadable::invalid_json(&e))
    }
    fn encode(value: &Progress) -> String {
        value.to_json()
    }
}

/// The version of the simulator session document.
pub const SIMULATOR_SESSION_VERSION: u32 = SESSION_VERSION;

/// `callback-lab.exercises.session`: the simulator's actions and the flow it ran
/// ([`StoredSession`]), replayed on load by [`crate::sim::Session::restore_stored`].
pub struct SimulatorSessionKey;

impl Stored for SimulatorSessionKey {
    type Value = StoredSession;
    const SPEC: KeySpec = KeySpec::of::<Self>(
        KeyPattern::Exact(SIMULATOR_SESSION),
        "simulator session",
        Format::Json {
            format: None,
            oldest: 1,
            current: SIMULATOR_SESSION_VERSION,
        },
        &[],
    );
    fn decode(_: &str, text: &str, _: u32) -> Result<StoredSession, Unreadable> {
        serde_json::from_str(text).map_err(|e| Unreadable::invalid_json(&e))
    }
    fn encode(value: &StoredSession) -> String {
        serde_json::to_string(value).unwrap_or_default()
    }
}

/// `callback-lab.lab`: the Condition lab's inputs ([`saved`]'s document): version 2 with the response
/// body kept apart ([`LabBodyKey`]), version 1 with it inline (read, and migrated when the lab next
/// saves). Its first name was `callbackLab.lab.v1` (and its set-aside copy `callbackLab.lab.unreadable`).
pub struct LabStateKey;

impl Stored for LabStateKey {
    type Value = StoredLab;
    const SPEC: KeySpec = KeySpec::of::<Self>(
        KeyPattern::Exact(LAB_STATE),
        "Condition lab state",
        Format::Json {
            format: Some(saved::FORMAT),
            oldest: saved::INLINE_VERSION,
            current: saved::VERSION,
        },
        &["callbackLab.lab.v1", "callbackLab.lab.unreadable"],
    );
    fn decode(_: &str, text: &str, _: u32) -> Result<StoredLab, Unreadable> {
        saved::from_json_stored(text).map_err(|e| Unreadable::invalid(e.to_string()))
    }
    fn encode(value: &StoredLab) -> String {
        saved::to_json_stored(value)
    }
}

/// `callback-lab.lab.body`: the response body of the Condition lab state, as pasted (plain text, so
/// a megabyte is stored without being serialised). Whether it is the body the state was saved with
/// is for the state to tell ([`saved::BodyRef`]): any text reads here.
pub struct LabBodyKey;

impl Stored for LabBodyKey {
    type Value = Arc<str>;
    const SPEC: KeySpec = KeySpec::of::<Self>(
        KeyPattern::Exact(LAB_BODY),
        "Condition lab response",
        Format::Text,
        &[],
    );
    fn decode(_: &str, text: &str, _: u32) -> Result<Arc<str>, Unreadable> {
        Ok(Arc::from(text))
    }
    fn encode(value: &Arc<str>) -> String {
        value.to_string()
    }
}

/// `callback-lab.flow`: the attendee's imported flow, shared by the lab and the exercises
/// ([`shared_flow`]'s document; `None`: explicitly no imported flow).
pub struct YourFlowKey;

impl Stored for YourFlowKey {
    type Value = Option<FlowSource>;
    const SPEC: KeySpec = KeySpec::of::<Self>(
        KeyPattern::Exact(YOUR_FLOW),
        "imported flow",
        Format::Json {
            format: Some(shared_flow::FLOW_FORMAT),
            oldest: 1,
            current: shared_flow::FLOW_VERSION,
        },
        &[],
    );
    fn decode(_: &str, text: &str, _: u32) -> Result<Option<FlowSource>, Unreadable> {
        shared_flow::from_json(text).map_err(|e| Unreadable::invalid(e.to_string()))
    }
    fn encode(value: &Option<FlowSource>) -> String {
        shared_flow::to_json(value.as_ref())
    }
}
