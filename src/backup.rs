//! Export and import of everything the companion keeps in the browser (`localStorage`): the attendee
//! ID (under the guide's own key `attendeeID`), guide progress, the Condition lab state, exercise
//! results and the simulator session (all under `callback-lab.`), and set-aside copies. One versioned
//! JSON file, so an attendee can move to another browser and a proctor can look at exactly what an
//! attendee has. Which keys are the companion's is the [`crate::storage`] registry's answer; an
//! import is written through it ([`Backup::restore`]).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::storage::{self, Backend, ImportReport, Role};

/// The file's format version.
pub const BACKUP_VERSION: u32 = 1;
/// A backup larger than this is refused (localStorage itself holds about 5 MB).
pub const MAX_BACKUP_BYTES: usize = 8 * 1024 * 1024;
const APP: &str = "callback-lab";

/// Whether a `localStorage` key goes into a backup: the registry's keys and their set-aside copies.
pub fn is_ours(key: &str) -> bool {
    matches!(
        storage::classify(key),
        Role::Current(_) | Role::SetAside { .. }
    )
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backup {
    pub app: String,
    pub version: u32,
    /// When it was made (ISO 8601, informative only).
    #[serde(default)]
    pub exported: String,
    /// `localStorage` key → stored text, exactly as stored.
    pub entries: BTreeMap<String, String>,
}

/// Why a file is not a backup this version can import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum BackupError {
    TooLarge {
        bytes: usize,
    },
    NotJson {
        message: String,
        line: usize,
        column: usize,
    },
    NotABackup,
    NewerVersion {
        version: u32,
    },
}

impl fmt::Display for BackupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackupError::TooLarge { bytes } => write!(
                f,
                "The file is {:.1} MB; a companion backup is at most {} MB.",
                *bytes as f64 / 1_048_576.0,
                MAX_BACKUP_BYTES / 1_048_576
            ),
            BackupError::NotJson {
                message,
                line,
                column,
            } => {
                write!(
                    f,
                    "The file is not JSON (line {line}, column {column}: {message})."
                )
            }
            BackupError::NotABackup => write!(
                f,
                "This JSON is not a companion backup (made with “Export my data”). A Condition lab \
                 state is imported on the Condition lab page."
            ),
            BackupError::NewerVersion { version } => write!(
                f,
                "This backup is format {version}, made by a newer companion; reload the page to \
                 update, then import again."
            ),
        }
    }
}

impl std::error::Error for BackupError {}

impl Backup {
    /// A backup of the companion's entries among `all` (other sites' keys on the origin are left out).
    pub fn of<'a>(all: impl IntoIterator<Item = (&'a str, &'a str)>, exported: &str) -> Backup {
        // Inserted, not collected (a collected BTreeMap sorts: see crate::stable_sort).
        let mut entries = BTreeMap::new();
        for (k, v) in all.into_iter().filter(|(key, _)| is_ours(key)) {
            entries.insert(k.to_owned(), v.to_owned());
        }
        Backup {
            app: APP.to_owned(),
            version: BACKUP_VERSION,
            exported: exported.to_owned(),
            entries,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| String::from("{}"))
    }

    /// Reads a backup file; a file that is not a backup is an error and nothing is to be written.
    /// Entries are checked when they are written ([`Backup::restore`]).
    pub fn from_json(text: &str) -> Result<Backup, BackupError> {
        if text.len() > MAX_BACKUP_BYTES {
            return Err(BackupError::TooLarge { bytes: text.len() });
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| BackupError::NotJson {
                message: e
                    .to_string()
                    .split(" at line ")
                    .next()
                    .unwrap_or("")
                    .to_owned(),
                line: e.line(),
                column: e.column(),
            })?;
        if value.get("app").and_then(|a| a.as_str()) != Some(APP) {
            return Err(BackupError::NotABackup);
        }
        let version = value
            .get("version")
            .and_then(|v| v.as_u64())
            .and_then(|v| u32::try_from(v).ok())
            .ok_or(BackupError::NotABackup)?;
        if version > BACKUP_VERSION {
            return Err(BackupError::NewerVersion { version });
        }
        serde_json::from_value(value).map_err(|_| BackupError::NotABackup)
    }

    /// Writes the entries into `store` through the registry: readable data replaces the attendee's,
    /// unreadable data is set aside beside it, keys the companion does not keep are only reported.
    pub fn restore(&self, store: &mut impl Backend) -> ImportReport {
        storage::import(
            store,
            self.entries.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_only_the_companions_keys() {
        let stored = [
            ("attendeeID", "137"),
            (
                "callback-lab.progress.x",
                r#"{"version":1,"done":["build-3"]}"#,
            ),
            ("someone-else", "secret"),
        ];
        let backup = Backup::of(stored, "2026-11-25T12:00:00Z");
        assert_eq!(backup.entries.len(), 2);
        assert!(!backup.entries.contains_key("someone-else"));
        assert_eq!(Backup::from_json(&backup.to_json()), Ok(backup));
    }

    #[test]
    fn refuses_what_is_not_a_backup_with_a_reason() {
        type Expect = fn(&BackupError) -> bool;
        let cases: &[(&str, Expect)] = &[
            ("", |e| matches!(e, BackupError::NotJson { .. })),
            ("{\"app\":\"callback-lab\"", |e| {
                matches!(e, BackupError::NotJson { line: 1, .. })
            }),
            ("[1,2]", |e| *e == BackupError::NotABackup),
            ("{\"app\":\"other\",\"version\":1,\"entries\":{}}", |e| {
                *e == BackupError::NotABackup
            }),
            (
                "{\"app\":\"callback-lab\",\"version\":9,\"entries\":{}}",
                |e| *e == BackupError::NewerVersion { version: 9 },
            ),
            (
                "{\"app\":\"callback-lab\",\"version\":1,\"entries\":{\"attendeeID\":5}}",
                |e| *e == BackupError::NotABackup,
            ),
        ];
        for (text, expected) in cases {
            let error = Backup::from_json(text).expect_err(text);
            assert!(expected(&error), "{text}: {error:?}");
            assert!(!error.to_string().is_empty());
        }
    }

    #[test]
    fn too_large_is_refused_before_parsing() {
        let text = " ".repeat(MAX_BACKUP_BYTES + 1);
        assert!(matches!(
            Backup::from_json(&text),
            Err(BackupError::TooLarge { .. })
        ));
    }

    #[test]
    fn a_bom_is_accepted() {
        let text =
            "\u{feff}{\"app\":\"callback-lab\",\"version\":1,\"entries\":{\"attendeeID\":\"042\"}}";
        assert_eq!(Backup::from_json(text).map(|b| b.entries.len()), Ok(1));
    }
}
