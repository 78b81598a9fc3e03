//! A mission's graded exercises, as data: one JSON file per exercise in the mission's
//! `exercises/` folder, in file-name order (a new exercise is a new file). How an answer is graded
//! is the simulator's business (`crate::sim::exercise`); here is what the files say, checked
//! against the mission's samples when the mission is read.

use serde::{Deserialize, Serialize};

use super::error::{MissionError, MissionErrorKind};
use super::files::MissionFiles;
use super::samples::Sample;

/// The folder of a mission holding its exercises.
pub const EXERCISES_FOLDER: &str = "exercises";

/// What the user does and how it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExerciseKind {
    /// Edit the Condition expression ([`Answer::Expression`]); every case must take its exit.
    FixExpression,
    /// Edit the parse setting's JSONPath for `variable` ([`Answer::Path`]); every case must take its exit.
    FixPath,
    /// Pick the Condition's exit for the (single) case ([`Answer::Choice`]).
    PredictExit,
    /// Play the simulator until the goal is met ([`Answer::Actions`]).
    Scenario,
}

/// A scenario's goal, checked on the simulator's state after the user's actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScenarioGoal {
    /// The second inbound call hears the duplicate message.
    SecondCallHearsDuplicate,
    /// Two callbacks to the same number are pending at once.
    TwoPendingCallbacks,
}

/// A response the flow is run against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// A sample id (`pending-callback`, …; see the mission's `samples/`), or …
    #[serde(default)]
    pub sample: Option<String>,
    /// … a body given inline.
    #[serde(default)]
    pub body: Option<String>,
    pub status: i64,
    /// The exit the Condition must take (for predict-exit: the answer, checked against the engine by
    /// the tests).
    pub exit: String,
}

/// One exercise as its file describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exercise {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub kind: ExerciseKind,
    pub prompt: String,
    /// The text the user starts editing from (fix-expression, fix-path).
    #[serde(default)]
    pub given: String,
    /// The flow variable whose parse setting is edited (fix-path).
    #[serde(default)]
    pub variable: Option<String>,
    #[serde(default)]
    pub cases: Vec<Case>,
    /// The options offered (predict-exit).
    #[serde(default)]
    pub choices: Vec<String>,
    #[serde(default)]
    pub goal: Option<ScenarioGoal>,
    #[serde(default)]
    pub hints: Vec<String>,
    /// Shown once the exercise is passed (and after a wrong prediction).
    pub explanation: String,
}

impl Exercise {
    /// What is wrong with the exercise as written (`None`: it can be graded): every kind has what
    /// it needs, and every case names a sample of the mission or gives its body.
    pub fn problem(&self, samples: &[Sample]) -> Option<String> {
        let needs_cases = !matches!(self.kind, ExerciseKind::Scenario);
        if needs_cases && self.cases.is_empty() {
            return Some("this kind needs at least one case".into());
        }
        if self.kind == ExerciseKind::PredictExit
            && (self.cases.len() != 1 || self.choices.is_empty())
        {
            return Some("predict-exit needs exactly one case and some choices".into());
        }
        if self.kind == ExerciseKind::FixPath && self.variable.is_none() {
            return Some("fix-path needs `variable`".into());
        }
        if self.kind == ExerciseKind::Scenario && self.goal.is_none() {
            return Some("scenario needs `goal`".into());
        }
        self.cases
            .iter()
            .find_map(|case| case.body_in(samples).err())
    }
}

impl Case {
    /// `(label, body)` of the response the case runs against: `pending-callback (200)` and the
    /// sample's body, or `the given body (200)` and the inline body.
    pub fn body_in(&self, samples: &[Sample]) -> Result<(String, String), String> {
        match (&self.sample, &self.body) {
            (Some(id), None) => samples
                .iter()
                .find(|s| &s.id == id)
                .map(|s| (format!("{id} ({})", self.status), s.body.clone()))
                .ok_or_else(|| format!("no sample `{id}` in this mission")),
            (None, Some(body)) => Ok((format!("the given body ({})", self.status), body.clone())),
            _ => Err("a case has either `sample` or `body`".into()),
        }
    }
}

/// Every exercise file of the mission, read and checked; ids must be unique.
pub fn read_exercises(
    files: &MissionFiles,
    samples: &[Sample],
) -> Result<Vec<Exercise>, Vec<MissionError>> {
    let mut exercises: Vec<Exercise> = Vec::new();
    let mut errors = Vec::new();
    for (name, text) in files.in_folder(EXERCISES_FOLDER, ".json") {
        let path = files.path_of(&format!("{EXERCISES_FOLDER}/{name}"));
        let exercise: Exercise = match serde_json::from_str(text) {
            Ok(exercise) => exercise,
            Err(e) => {
                errors.push(MissionError::json(&path, "the exercise", &e));
                continue;
            }
        };
        if let Some(problem) = exercise.problem(samples) {
            errors.push(MissionError::new(
                MissionErrorKind::Inconsistent,
                &path,
                problem,
            ));
        } else if exercises.iter().any(|e| e.id == exercise.id) {
            errors.push(MissionError::new(
                MissionErrorKind::Inconsistent,
                &path,
                format!("another exercise has the id `{}`", exercise.id),
            ));
        } else {
            exercises.push(exercise);
        }
    }
    if errors.is_empty() {
        Ok(exercises)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(id: &str) -> Sample {
        Sample {
            id: id.into(),
            title: id.into(),
            summary: String::new(),
            status: 200,
            body: "{}".into(),
            expected_exit: "false".into(),
        }
    }

    const PREDICT: &str = r#"{"id":"p","version":1,"title":"P","kind":"predict-exit","prompt":"?",
        "cases":[{"sample":"s","status":200,"exit":"false"}],"choices":["true","false"],"explanation":"."}"#;

    #[test]
    fn exercises_read_in_file_order_and_check_their_samples() {
        let files = MissionFiles::new("m", "m")
            .with("exercises/02.json", PREDICT.replace("\"p\"", "\"q\""))
            .with("exercises/01.json", PREDICT);
        let read = read_exercises(&files, &[sample("s")]).expect("both read");
        let ids: Vec<_> = read.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["p", "q"]);

        let errors = read_exercises(&files, &[sample("other")]).expect_err("unknown sample");
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].path, "m/exercises/01.json");
        assert!(errors[0].message.contains("no sample `s`"), "{}", errors[0]);
    }

    #[test]
    fn a_bad_file_and_a_duplicate_id_are_reported_with_their_file() {
        let files = MissionFiles::new("m", "m")
            .with("exercises/01.json", PREDICT)
            .with("exercises/02.json", PREDICT)
            .with("exercises/03.json", "{\"id\": 1}");
        let errors = read_exercises(&files, &[sample("s")]).expect_err("two problems");
        assert_eq!(errors.len(), 2);
        assert!(errors[0]
            .message
            .contains("another exercise has the id `p`"));
        assert_eq!(errors[1].path, "m/exercises/03.json");
        assert_eq!(errors[1].kind, MissionErrorKind::BadJson);
        assert_eq!(errors[1].line, Some(1));
    }
}
