//! A mission's sample responses: listed in `mission.json` (`samples`: id, title, summary, status,
//! file, exit), bodies in the mission's `samples/` folder. The Condition lab offers them as one-click
//! inputs and exercise cases name them.

use serde::{Deserialize, Serialize};

use super::error::{MissionError, MissionErrorKind};
use super::files::MissionFiles;

/// The folder of a mission holding its sample bodies.
pub const SAMPLES_FOLDER: &str = "samples";

/// A response the lab can load with one click.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sample {
    /// Stable id (saved in the lab state, used in test ids and by exercises).
    pub id: String,
    /// The button's text.
    pub title: String,
    /// What the case shows, in one sentence.
    pub summary: String,
    /// The HTTP status the sample comes with.
    pub status: i64,
    pub body: String,
    /// The mission Condition's exit for this sample (`true`, `false`, `error`): checked by the tests.
    pub expected_exit: String,
}

/// A sample as `mission.json` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleEntry {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    pub status: i64,
    /// The body's file in `samples/`.
    pub file: String,
    /// The exit the mission's Condition takes on it.
    pub exit: String,
}

/// The exits a sample may expect.
const EXITS: [&str; 3] = ["true", "false", "error"];

/// The samples `entries` list, with their bodies, and the problems of those that do not read
/// (`settings_path` is `mission.json`'s path).
pub fn read_samples(
    files: &MissionFiles,
    entries: &[SampleEntry],
    settings_path: &str,
) -> (Vec<Sample>, Vec<MissionError>) {
    let mut samples: Vec<Sample> = Vec::new();
    let mut errors = Vec::new();
    let invalid =
        |message: String| MissionError::new(MissionErrorKind::Inconsistent, settings_path, message);
    for entry in entries {
        let name = format!("{SAMPLES_FOLDER}/{}", entry.file);
        if entry.id.trim().is_empty() {
            errors.push(invalid("a sample has an empty `id`".into()));
        } else if samples.iter().any(|s| s.id == entry.id) {
            errors.push(invalid(format!("two samples have the id `{}`", entry.id)));
        } else if !(100..=599).contains(&entry.status) {
            errors.push(invalid(format!(
                "sample `{}`: `status` {} is not an HTTP status (100–599)",
                entry.id, entry.status
            )));
        } else if !EXITS.contains(&entry.exit.as_str()) {
            errors.push(invalid(format!(
                "sample `{}`: `exit` is `{}`; a Condition exit is true, false or error",
                entry.id, entry.exit
            )));
        } else {
            match files.get(&name) {
                Some(body) => samples.push(Sample {
                    id: entry.id.clone(),
                    title: entry.title.clone(),
                    summary: entry.summary.clone(),
                    status: entry.status,
                    body: body.to_owned(),
                    expected_exit: entry.exit.clone(),
                }),
                None => errors.push(
                    MissionError::new(
                        MissionErrorKind::Missing,
                        files.path_of(&name),
                        format!("sample `{}`: no such file", entry.id),
                    )
                    .with_hint(format!("put the response body in {SAMPLES_FOLDER}/")),
                ),
            }
        }
    }
    (samples, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, file: &str, status: i64, exit: &str) -> SampleEntry {
        SampleEntry {
            id: id.into(),
            title: id.into(),
            summary: String::new(),
            status,
            file: file.into(),
            exit: exit.into(),
        }
    }

    #[test]
    fn samples_take_their_bodies_from_the_folder() {
        let files = MissionFiles::new("m", "m").with("samples/a.json", "{\"a\":1}");
        let (read, errors) = read_samples(
            &files,
            &[entry("a", "a.json", 200, "true")],
            "m/mission.json",
        );
        assert!(errors.is_empty());
        assert_eq!(read[0].body, "{\"a\":1}");
        assert_eq!(read[0].expected_exit, "true");
    }

    #[test]
    fn every_problem_names_the_sample() {
        let files = MissionFiles::new("m", "m").with("samples/a.json", "{}");
        let (read, errors) = read_samples(
            &files,
            &[
                entry("a", "missing.json", 200, "true"),
                entry("b", "a.json", 42, "true"),
                entry("c", "a.json", 200, "maybe"),
                entry("d", "a.json", 200, "false"),
                entry("d", "a.json", 200, "false"),
            ],
            "m/mission.json",
        );
        assert_eq!(read.len(), 1, "the one that reads is kept");
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].starts_with("m/samples/missing.json: sample `a`: no such file"));
        assert!(messages[1].contains("`status` 42"));
        assert!(messages[2].contains("`exit` is `maybe`"));
        assert!(messages[3].contains("two samples have the id `d`"));
    }
}
