//! Which steps of a mission an attendee has ticked, as stored in the browser between visits.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::model::MissionDoc;

/// The format of [`MissionProgress`]'s JSON; bump it when the format changes.
pub const PROGRESS_VERSION: u32 = 1;

/// The completed steps of one mission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissionProgress {
    pub version: u32,
    /// The mission's slug.
    pub mission: String,
    /// Anchors of completed steps (`build-3`).
    pub completed: BTreeSet<String>,
}

/// Why stored progress could not be read. The UI starts afresh (and may say so).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ProgressError {
    /// Not JSON of the expected shape.
    Corrupt(String),
    /// Written by a newer (or unknown) version of the companion.
    UnsupportedVersion(u32),
    /// Progress of another mission.
    OtherMission(String),
}

impl fmt::Display for ProgressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProgressError::Corrupt(reason) => write!(f, "stored progress is unreadable: {reason}"),
            ProgressError::UnsupportedVersion(version) => write!(
                f,
                "stored progress has format version {version}; this companion reads version {PROGRESS_VERSION}"
            ),
            ProgressError::OtherMission(mission) => {
                write!(f, "stored progress belongs to mission `{mission}`")
            }
        }
    }
}

impl std::error::Error for ProgressError {}

/// One change the attendee makes to a mission's progress. Progress is a set of steps, so a change
/// is applied to what is stored when it is saved, not to this page's copy: another tab's ticks stay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgressChange {
    /// The step with this anchor ticked (`true`) or unticked.
    Step { id: String, done: bool },
    /// Every step unticked.
    Reset,
}

/// "k of n steps".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ProgressSummary {
    pub done: usize,
    pub total: usize,
}

impl fmt::Display for ProgressSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = if self.total == 1 { "step" } else { "steps" };
        write!(f, "{} of {} {noun}", self.done, self.total)
    }
}

impl MissionProgress {
    /// No step done yet.
    pub fn new(mission: &str) -> MissionProgress {
        MissionProgress {
            version: PROGRESS_VERSION,
            mission: mission.to_owned(),
            completed: BTreeSet::new(),
        }
    }

    /// The `localStorage` key for a mission's progress.
    pub fn storage_key(mission: &str) -> String {
        format!("callback-lab.progress.{mission}")
    }

    /// Reads stored progress of `mission`; anything unexpected is an error, never a panic.
    pub fn from_json(mission: &str, json: &str) -> Result<MissionProgress, ProgressError> {
        let progress: MissionProgress =
            serde_json::from_str(json).map_err(|e| ProgressError::Corrupt(e.to_string()))?;
        if progress.version != PROGRESS_VERSION {
            return Err(ProgressError::UnsupportedVersion(progress.version));
        }
        if progress.mission != mission {
            return Err(ProgressError::OtherMission(progress.mission));
        }
        Ok(progress)
    }

    /// Reads stored progress, starting afresh when there is none or it is unreadable.
    pub fn load_or_new(mission: &str, stored: Option<&str>) -> MissionProgress {
        stored
            .and_then(|json| MissionProgress::from_json(mission, json).ok())
            .unwrap_or_else(|| MissionProgress::new(mission))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn is_done(&self, step: &str) -> bool {
        self.completed.contains(step)
    }

    pub fn set_done(&mut self, step: &str, done: bool) {
        if done {
            self.completed.insert(step.to_owned());
        } else {
            self.completed.remove(step);
        }
    }

    pub fn toggle(&mut self, step: &str) {
        let done = self.is_done(step);
        self.set_done(step, !done);
    }

    pub fn reset(&mut self) {
        self.completed.clear();
    }

    pub fn apply(&mut self, change: &ProgressChange) {
        match change {
            ProgressChange::Step { id, done } => self.set_done(id, *done),
            ProgressChange::Reset => self.reset(),
        }
    }

    /// Drops anchors that are no longer steps of `doc` (the mission's text changed).
    pub fn retain_known(&mut self, doc: &MissionDoc) {
        self.completed.retain(|id| doc.step(id).is_some());
    }

    /// Done steps of `doc` (anchors `doc` does not have are not counted).
    pub fn summary(&self, doc: &MissionDoc) -> ProgressSummary {
        ProgressSummary {
            done: doc.steps.iter().filter(|s| self.is_done(&s.id)).count(),
            total: doc.step_count(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut progress = MissionProgress::new("m");
        progress.set_done("build-3", true);
        progress.toggle("testing-2");
        progress.toggle("testing-2");
        progress.toggle("build-1");
        let json = progress.to_json();
        assert_eq!(
            json,
            r#"{"version":1,"mission":"m","completed":["build-1","build-3"]}"#
        );
        assert_eq!(MissionProgress::from_json("m", &json), Ok(progress.clone()));
        progress.reset();
        assert!(progress.completed.is_empty());
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        for json in [
            "",
            "null",
            "[]",
            "{",
            r#"{"version":"1"}"#,
            r#"{"version":1,"mission":"m","completed":[1]}"#,
            &"[".repeat(10_000),
        ] {
            assert!(
                matches!(
                    MissionProgress::from_json("m", json),
                    Err(ProgressError::Corrupt(_))
                ),
                "{json:.40}"
            );
        }
        assert_eq!(
            MissionProgress::from_json("m", r#"{"version":2,"mission":"m","completed":[]}"#),
            Err(ProgressError::UnsupportedVersion(2))
        );
        assert_eq!(
            MissionProgress::from_json("m", r#"{"version":1,"mission":"x","completed":[]}"#),
            Err(ProgressError::OtherMission("x".into()))
        );
        assert_eq!(
            MissionProgress::load_or_new("m", Some("garbage")),
            MissionProgress::new("m")
        );
    }

    #[test]
    fn changes_apply_to_the_stored_set() {
        // Another tab ticked build-1; this page, which did not know, ticks build-2.
        let mut stored = MissionProgress::new("m");
        stored.set_done("build-1", true);
        stored.apply(&ProgressChange::Step {
            id: "build-2".into(),
            done: true,
        });
        assert_eq!(
            stored
                .completed
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            ["build-1", "build-2"]
        );
        stored.apply(&ProgressChange::Step {
            id: "build-1".into(),
            done: false,
        });
        assert!(!stored.is_done("build-1") && stored.is_done("build-2"));
        stored.apply(&ProgressChange::Reset);
        assert!(stored.completed.is_empty());
    }

    #[test]
    fn summary_text() {
        assert_eq!(
            ProgressSummary { done: 3, total: 18 }.to_string(),
            "3 of 18 steps"
        );
        assert_eq!(
            ProgressSummary { done: 0, total: 1 }.to_string(),
            "0 of 1 step"
        );
    }
}
