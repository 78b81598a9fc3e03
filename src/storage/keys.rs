//! The registry: every `localStorage` key the companion keeps, with its format and version. A key
//! that is not here is not the companion's: it is not read, written, exported or imported.
//!
//! Adding a key is one row in [`KEYS`] (with a [`Stored`](super::Stored) type for typed access).
//! Set-aside copies of a key are named `<key>.unreadable`, then `<key>.unreadable-2` … so a second
//! problem never overwrites the first copy.

use super::schemas::{
    AttendeeIdKey, CurrentMissionKey, ExerciseProgressKey, GuideProgressKey, LabBodyKey,
    LabStateKey, SimulatorSessionKey, Stored, ThemeKey, YourFlowKey,
};
use super::Unreadable;

/// The lab guide's own key for the attendee ID: plain text, shared with the guide on purpose.
pub const ATTENDEE_ID: &str = "attendeeID";
/// Light or dark (absent: follow the system).
pub const THEME: &str = "callback-lab.theme";
/// The mission last opened (its slug).
pub const CURRENT_MISSION: &str = "callback-lab.mission";
/// `callback-lab.progress.<mission slug>`: ticked steps of a mission.
pub const GUIDE_PROGRESS_PREFIX: &str = "callback-lab.progress.";
/// Results of the graded exercises.
pub const EXERCISE_PROGRESS: &str = "callback-lab.progress.exercises";
/// The exercises' simulator session (its action list).
pub const SIMULATOR_SESSION: &str = "callback-lab.exercises.session";
/// The Condition lab's inputs.
pub const LAB_STATE: &str = "callback-lab.lab";
/// The Condition lab's response body (kept apart from [`LAB_STATE`], which refers to it).
pub const LAB_BODY: &str = "callback-lab.lab.body";
/// The imported flow the lab and the exercises share.
pub const YOUR_FLOW: &str = "callback-lab.flow";

/// Every key the companion keeps. Exact keys are matched before families.
pub const KEYS: &[KeySpec] = &[
    AttendeeIdKey::SPEC,
    ThemeKey::SPEC,
    CurrentMissionKey::SPEC,
    ExerciseProgressKey::SPEC,
    SimulatorSessionKey::SPEC,
    LabStateKey::SPEC,
    LabBodyKey::SPEC,
    YourFlowKey::SPEC,
    GuideProgressKey::SPEC,
];

/// Suffix of a set-aside copy's key.
pub const SET_ASIDE_MARK: &str = ".unreadable";
/// Set-aside copies kept per key; beyond that, a new problem leaves the value in place (and says so).
pub const MAX_SET_ASIDE_PER_KEY: usize = 9;

/// Which keys a row covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPattern {
    Exact(&'static str),
    /// The prefix and a name of letters, digits, `-` and `_` (a mission slug).
    Family(&'static str),
}

impl KeyPattern {
    pub fn matches(&self, key: &str) -> bool {
        match self {
            KeyPattern::Exact(exact) => key == *exact,
            KeyPattern::Family(prefix) => key.strip_prefix(prefix).is_some_and(|name| {
                !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            }),
        }
    }
}

/// How a key's text is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text without a version (the guide's `attendeeID`, the theme). Empty text is "not set".
    Text,
    /// A JSON object with a whole-number `version` (and a `format` name when given): versions
    /// `oldest..=current` are read, older ones migrated by the key's decoder.
    Json {
        format: Option<&'static str>,
        oldest: u32,
        current: u32,
    },
}

/// What reading a value that does not read does with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenUnreadable {
    /// Moved to a set-aside key and reported: the companion's own data.
    SetAside,
    /// Left where it is, unreported, and read as absent: a key shared with another page (the
    /// guide's `attendeeID`), whose values the companion does not own.
    LeaveInPlace,
}

/// One row of the registry.
#[derive(Debug, Clone, Copy)]
pub struct KeySpec {
    pub pattern: KeyPattern,
    /// What it is, in the attendee's words ("exercise progress").
    pub what: &'static str,
    pub format: Format,
    /// Names it had in earlier versions: read once when the key itself is absent, then moved.
    pub formerly: &'static [&'static str],
    pub when_unreadable: WhenUnreadable,
    /// The key's decoder with the value dropped (the text's envelope already checked).
    check: fn(&str, &str, u32) -> Result<(), Unreadable>,
}

impl KeySpec {
    pub const fn of<S: Stored>(
        pattern: KeyPattern,
        what: &'static str,
        format: Format,
        formerly: &'static [&'static str],
    ) -> KeySpec {
        KeySpec {
            pattern,
            what,
            format,
            formerly,
            when_unreadable: WhenUnreadable::SetAside,
            check: check_with::<S>,
        }
    }

    /// The same row for a key shared with another page: what does not read is left to that page.
    pub const fn shared(self) -> KeySpec {
        KeySpec {
            when_unreadable: WhenUnreadable::LeaveInPlace,
            ..self
        }
    }

    /// Whether `text` stored under `key` is readable, or why not.
    pub fn read(&self, key: &str, text: &str) -> Result<(), Unreadable> {
        let version = super::envelope::check(&self.format, text)?;
        (self.check)(key, text, version)
    }

    /// What `key` holds, for messages and the "Your data" list.
    pub fn describe(&self, key: &str) -> String {
        match self.pattern {
            KeyPattern::Exact(_) => self.what.to_owned(),
            KeyPattern::Family(prefix) => {
                format!(
                    "{} ({})",
                    self.what,
                    key.strip_prefix(prefix).unwrap_or(key)
                )
            }
        }
    }
}

fn check_with<S: Stored>(key: &str, text: &str, version: u32) -> Result<(), Unreadable> {
    S::decode(key, text, version).map(drop)
}

/// What a key is to the companion.
#[derive(Debug, Clone, Copy)]
pub enum Role<'k> {
    Current(&'static KeySpec),
    /// A set-aside copy of the key `of`.
    SetAside {
        of: &'k str,
        spec: &'static KeySpec,
    },
    /// A name an earlier version used for this kind of data.
    Former(&'static KeySpec),
    /// Not the companion's (another app's data on the origin, or a key of a newer companion).
    Unknown,
}

/// The registry row of `key`, whatever role it plays.
pub fn classify(key: &str) -> Role<'_> {
    if let Some(spec) = KEYS.iter().find(|s| s.formerly.contains(&key)) {
        return Role::Former(spec);
    }
    if let Some(spec) = current(key) {
        return Role::Current(spec);
    }
    match split_set_aside(key).and_then(|of| Some((of, current(of)?))) {
        Some((of, spec)) => Role::SetAside { of, spec },
        None => Role::Unknown,
    }
}

/// The row of a key the companion reads and writes (exact keys first, then families).
pub fn current(key: &str) -> Option<&'static KeySpec> {
    let exact = KEYS
        .iter()
        .find(|s| matches!(s.pattern, KeyPattern::Exact(_)) && s.pattern.matches(key));
    exact.or_else(|| KEYS.iter().find(|s| s.pattern.matches(key)))
}

/// The key a set-aside copy was taken from: `x` for `x.unreadable` and `x.unreadable-2`.
fn split_set_aside(key: &str) -> Option<&str> {
    let at = key.rfind(SET_ASIDE_MARK)?;
    let rest = &key[at + SET_ASIDE_MARK.len()..];
    let numbered = rest
        .strip_prefix('-')
        .is_some_and(|n| !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit()));
    (rest.is_empty() || numbered).then(|| &key[..at])
}

/// The name of the `n`-th set-aside copy of `key` (from 1).
pub fn set_aside_key(key: &str, n: usize) -> String {
    if n <= 1 {
        format!("{key}{SET_ASIDE_MARK}")
    } else {
        format!("{key}{SET_ASIDE_MARK}-{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_of_the_app_has_one_role() {
        for (key, what) in [
            ("attendeeID", "attendee ID"),
            ("callback-lab.theme", "theme"),
            ("callback-lab.mission", "current mission"),
            (
                "callback-lab.progress.preventing-callback-duplication",
                "guide progress",
            ),
            ("callback-lab.progress.exercises", "exercise progress"),
            ("callback-lab.exercises.session", "simulator session"),
            ("callback-lab.lab", "Condition lab state"),
            ("callback-lab.lab.body", "Condition lab response"),
        ] {
            let Role::Current(spec) = classify(key) else {
                panic!("{key} is not current");
            };
            assert_eq!(spec.what, what, "{key}");
            let aside = set_aside_key(key, 1);
            assert!(
                matches!(classify(&aside), Role::SetAside { of, .. } if of == key),
                "{aside}"
            );
            let aside = set_aside_key(key, MAX_SET_ASIDE_PER_KEY);
            assert!(
                matches!(classify(&aside), Role::SetAside { of, .. } if of == key),
                "{aside}"
            );
        }
        for key in [
            "",
            "callback-lab.",
            "callback-lab.progress.",
            "callback-lab.progress.a b",
            "callback-lab.lab.v2",
            "callback-lab.lab.body.v2",
            "callback-lab.lab.body.unreadable-x",
            "callback-lab.lab.unreadable-x",
            "callback-lab.lab.unreadable-",
            "callback-lab.unknown",
            ".unreadable",
            "someone-else",
        ] {
            assert!(matches!(classify(key), Role::Unknown), "{key}");
        }
        assert!(
            matches!(classify("callbackLab.lab.v1"), Role::Former(s) if s.what == "Condition lab state")
        );
        assert!(matches!(classify("callbackLab.theme"), Role::Former(s) if s.what == "theme"));
    }

    #[test]
    fn family_names_are_described_with_their_member() {
        let spec = current("callback-lab.progress.m-4").unwrap();
        assert_eq!(
            spec.describe("callback-lab.progress.m-4"),
            "guide progress (m-4)"
        );
    }
}
