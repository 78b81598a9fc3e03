//! Graded exercises, as data: one JSON file per exercise in the mission's `exercises/`, listed in
//! [`EXERCISE_FILES`] (a new exercise = a new file + one row). Each names its [`ExerciseKind`]; the
//! checker for a kind runs the chosen flow ([`ChosenFlow`]: the shipped mission flow or the
//! attendee's imported one) or the simulator with the user's [`Answer`], and returns a versioned,
//! serialisable [`ExerciseResult`] with an explanation. Results are kept per flow ([`Progress`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::FixedClock;
use crate::flow::{run, Flow, PastedResponse, RunResult};
use crate::flow_roles::sample;

use super::center::{Action, CenterConfig, ContactCenter, START_TIME};
use super::chosen::{ChosenFlow, FlowId};
use super::scenario;

/// The exercise files, in the order the page lists them.
pub const EXERCISE_FILES: &[(&str, &str)] = &[
    (
        "01-curly-quotes.json",
        include_str!("../../content/missions/preventing-callback-duplication/exercises/01-curly-quotes.json"),
    ),
    (
        "02-number-vs-string.json",
        include_str!("../../content/missions/preventing-callback-duplication/exercises/02-number-vs-string.json"),
    ),
    (
        "03-status-201.json",
        include_str!("../../content/missions/preventing-callback-duplication/exercises/03-status-201.json"),
    ),
    (
        "04-path-letter-case.json",
        include_str!("../../content/missions/preventing-callback-duplication/exercises/04-path-letter-case.json"),
    ),
    (
        "05-predict-two-tasks.json",
        include_str!("../../content/missions/preventing-callback-duplication/exercises/05-predict-two-tasks.json"),
    ),
    (
        "06-predict-graphql-error.json",
        include_str!("../../content/missions/preventing-callback-duplication/exercises/06-predict-graphql-error.json"),
    ),
    (
        "07-predict-500.json",
        include_str!("../../content/missions/preventing-callback-duplication/exercises/07-predict-500.json"),
    ),
    (
        "08-second-call-duplicate.json",
        include_str!("../../content/missions/preventing-callback-duplication/exercises/08-second-call-duplicate.json"),
    ),
    (
        "09-window.json",
        include_str!("../../content/missions/preventing-callback-duplication/exercises/09-window.json"),
    ),
];

/// Version of [`ExerciseResult`] and [`Progress`] as stored.
pub const RESULT_VERSION: u32 = 1;
/// Most actions a scenario answer may hold.
pub const MAX_ACTIONS: usize = 500;
/// Longest expression or path answer, in characters.
pub const MAX_ANSWER_CHARS: usize = 10_000;

pub use crate::missions::exercises::{Case, Exercise, ExerciseKind, ScenarioGoal};

/// What the user supplied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum Answer {
    Expression(String),
    Path(String),
    Choice(String),
    Actions(Vec<Action>),
}

/// How one case went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseResult {
    /// What was run against (`pending-callback (200)`).
    pub label: String,
    pub expected: String,
    pub got: String,
    pub passed: bool,
    /// Why, in words (the Condition's problem, a hint of the run, the rendered result).
    pub reason: String,
}

/// The checker's verdict, versioned for storage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExerciseResult {
    /// [`RESULT_VERSION`].
    pub version: u32,
    pub exercise: String,
    pub exercise_version: u32,
    pub passed: bool,
    pub answer: Answer,
    /// One line.
    pub summary: String,
    pub cases: Vec<CaseResult>,
    /// The exercise's explanation, when passed or when the answer was a wrong prediction.
    pub explanation: Option<String>,
    /// The imported flow the result was earned on ("your flow (x.json)"; `None`: the mission flow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<String>,
    /// When the answer failed on an imported flow: the mission checker's errors on that flow, which
    /// may be why ("Build step 5: the False exit goes to …").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flow_findings: Vec<String>,
}

/// A problem with the exercise files themselves (found by the tests, never by users).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExerciseFileError {
    pub file: String,
    pub message: String,
}

/// What is wrong with an exercise (its file) or with running one of its cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExerciseError {
    NeedsCases,
    PredictExitShape,
    FixPathNeedsVariable,
    ScenarioNeedsGoal,
    NoSuchSample(String),
    /// A case must name a sample or give a body, not both, not neither.
    CaseBody,
    /// The case's response could not be given to the flow (the runner's message).
    Response(String),
    /// The flow could not run (the runner's message).
    Run(String),
}

impl std::fmt::Display for ExerciseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExerciseError::NeedsCases => write!(f, "this kind needs at least one case"),
            ExerciseError::PredictExitShape => {
                write!(f, "predict-exit needs exactly one case and some choices")
            }
            ExerciseError::FixPathNeedsVariable => write!(f, "fix-path needs `variable`"),
            ExerciseError::ScenarioNeedsGoal => write!(f, "scenario needs `goal`"),
            ExerciseError::NoSuchSample(id) => write!(f, "no sample `{id}`"),
            ExerciseError::CaseBody => write!(f, "a case has either `sample` or `body`"),
            ExerciseError::Response(message) | ExerciseError::Run(message) => {
                write!(f, "{message}")
            }
        }
    }
}

impl std::error::Error for ExerciseError {}

/// Every exercise, in [`EXERCISE_FILES`] order.
pub fn all_exercises() -> Result<Vec<Exercise>, ExerciseFileError> {
    EXERCISE_FILES
        .iter()
        .map(|(file, text)| {
            let ex: Exercise = serde_json::from_str(text).map_err(|e| ExerciseFileError {
                file: (*file).to_string(),
                message: e.to_string(),
            })?;
            validate(&ex).map_err(|e| ExerciseFileError {
                file: (*file).to_string(),
                message: e.to_string(),
            })?;
            Ok(ex)
        })
        .collect()
}

/// The exercise with this id.
pub fn exercise(id: &str) -> Option<Exercise> {
    all_exercises().ok()?.into_iter().find(|e| e.id == id)
}

fn validate(ex: &Exercise) -> Result<(), ExerciseError> {
    let needs_cases = !matches!(ex.kind, ExerciseKind::Scenario);
    if needs_cases && ex.cases.is_empty() {
        return Err(ExerciseError::NeedsCases);
    }
    if ex.kind == ExerciseKind::PredictExit && (ex.cases.len() != 1 || ex.choices.is_empty()) {
        return Err(ExerciseError::PredictExitShape);
    }
    if ex.kind == ExerciseKind::FixPath && ex.variable.is_none() {
        return Err(ExerciseError::FixPathNeedsVariable);
    }
    if ex.kind == ExerciseKind::Scenario && ex.goal.is_none() {
        return Err(ExerciseError::ScenarioNeedsGoal);
    }
    for case in &ex.cases {
        case_body(case)?;
    }
    Ok(())
}

fn case_body(case: &Case) -> Result<(String, String), ExerciseError> {
    match (&case.sample, &case.body) {
        (Some(id), None) => sample(id)
            .map(|s| (format!("{id} ({})", case.status), s.body.to_string()))
            .ok_or_else(|| ExerciseError::NoSuchSample(id.clone())),
        (None, Some(body)) => Ok((format!("the given body ({})", case.status), body.clone())),
        _ => Err(ExerciseError::CaseBody),
    }
}

/// Runs `flow` (the chosen flow, maybe edited by the answer) from its HTTP node against one case.
fn run_case(
    chosen: &ChosenFlow,
    flow: &Flow,
    case: &Case,
) -> Result<(String, RunResult), ExerciseError> {
    let (label, body) = case_body(case)?;
    let mut responder =
        PastedResponse::new(case.status, body).map_err(|e| ExerciseError::Response(e.message))?;
    let result = run(
        flow,
        &chosen.case_input(),
        &mut responder,
        &FixedClock(START_TIME),
    )
    .map_err(|e| ExerciseError::Run(e.message))?;
    Ok((label, result))
}

/// Why a run's Condition took its exit, in a line.
pub(crate) fn run_reason(result: &RunResult) -> String {
    if let Some(c) = &result.condition {
        if let Some(problem) = &c.problem {
            return problem.clone();
        }
    }
    if let Some(hint) = result.hints.first() {
        return hint.message.clone();
    }
    match &result.condition {
        Some(c) => format!(
            "the expression gives {}",
            c.result.as_deref().unwrap_or("nothing")
        ),
        None => "the Condition node was not reached".to_string(),
    }
}

fn too_long(text: &str) -> bool {
    text.chars().nth(MAX_ANSWER_CHARS).is_some()
}

/// Checks an answer on the mission flow. Never fails: a wrong kind of answer is a failed result
/// that says so.
pub fn check(ex: &Exercise, answer: &Answer) -> ExerciseResult {
    match ChosenFlow::mission() {
        Ok(flow) => check_on(ex, answer, &flow),
        Err(e) => {
            let mut result = empty_result(ex, answer, None);
            result.summary = format!("the mission flow does not load: {}", e.message);
            result
        }
    }
}

fn empty_result(ex: &Exercise, answer: &Answer, flow: Option<String>) -> ExerciseResult {
    ExerciseResult {
        version: RESULT_VERSION,
        exercise: ex.id.clone(),
        exercise_version: ex.version,
        passed: false,
        answer: answer.clone(),
        summary: String::new(),
        cases: Vec::new(),
        explanation: None,
        flow,
        flow_findings: Vec::new(),
    }
}

/// Checks an answer on `flow`: the answer is applied to that flow and graded by what that flow
/// does. Never fails: a wrong kind of answer, or a flow the answer cannot be applied to, is a failed
/// result that says so.
pub fn check_on(ex: &Exercise, answer: &Answer, flow: &ChosenFlow) -> ExerciseResult {
    let yours = !flow.id.is_mission();
    let mut result = empty_result(ex, answer, yours.then(|| flow.title()));
    match (ex.kind, answer) {
        (ExerciseKind::FixExpression, Answer::Expression(text))
        | (ExerciseKind::FixPath, Answer::Path(text)) => {
            if too_long(text) {
                result.summary = format!("the answer is longer than {MAX_ANSWER_CHARS} characters");
                return result;
            }
            let mut edited = flow.flow.clone();
            let edit = if ex.kind == ExerciseKind::FixExpression {
                edited.set_condition_expression(Some(&flow.condition), text)
            } else {
                edited.set_parse_path(None, ex.variable.as_deref().unwrap_or(""), text)
            };
            match edit {
                Ok(()) => check_cases(ex, flow, &edited, &mut result),
                Err(e) if yours => {
                    result.summary = format!(
                        "the answer could not be applied to {}: {}",
                        flow.title(),
                        e.message
                    )
                }
                Err(e) => {
                    result.summary = format!("the answer could not be applied: {}", e.message)
                }
            }
        }
        (ExerciseKind::PredictExit, Answer::Choice(choice)) => {
            check_prediction(ex, choice, flow, &mut result)
        }
        (ExerciseKind::Scenario, Answer::Actions(actions)) => {
            check_scenario(ex, actions, flow, &mut result)
        }
        (kind, _) => {
            result.summary = format!(
                "this exercise ({}) takes {}",
                ex.id,
                match kind {
                    ExerciseKind::FixExpression => "an expression",
                    ExerciseKind::FixPath => "a path expression",
                    ExerciseKind::PredictExit => "a choice",
                    ExerciseKind::Scenario => "a list of simulator actions",
                }
            );
        }
    }
    if yours && !result.passed {
        // What the checker says about this flow may be why the answer did not pass.
        result.flow_findings = flow.errors.iter().map(|f| f.message.clone()).collect();
    }
    result
}

fn check_prediction(ex: &Exercise, choice: &str, flow: &ChosenFlow, result: &mut ExerciseResult) {
    let choice = choice.trim().to_ascii_lowercase();
    let Some(case) = ex.cases.first() else {
        result.summary = "this exercise has no case".into();
        return;
    };
    let (label, run) = match run_case(flow, &flow.flow, case) {
        Ok(ran) => ran,
        Err(e) => {
            result.summary = e.to_string();
            return;
        }
    };
    let got = run.exit().to_string();
    result.passed = choice == got;
    result.summary = if result.passed {
        format!("Right: the Condition takes its {got} exit.")
    } else {
        format!("Not quite: you said {choice}, the Condition takes its {got} exit.")
    };
    let mut reason = run_reason(&run);
    if !flow.id.is_mission() {
        // Graded on what this flow does; say so when the mission flow would go elsewhere.
        let on_mission = ChosenFlow::mission()
            .ok()
            .and_then(|m| run_case(&m, &m.flow, case).ok())
            .map(|(_, r)| r.exit().to_string());
        if let Some(m) = on_mission.filter(|m| *m != got) {
            reason = format!("{reason} (on your flow; the mission flow takes its {m} exit here)");
        }
    }
    result.cases.push(CaseResult {
        label,
        expected: choice,
        got,
        passed: result.passed,
        reason,
    });
    result.explanation = Some(ex.explanation.clone());
}

fn check_cases(ex: &Exercise, chosen: &ChosenFlow, flow: &Flow, result: &mut ExerciseResult) {
    for case in &ex.cases {
        match run_case(chosen, flow, case) {
            Ok((label, run)) => {
                let got = run.exit().to_string();
                let passed = got == case.exit;
                result.cases.push(CaseResult {
                    label,
                    expected: case.exit.clone(),
                    got,
                    passed,
                    reason: run_reason(&run),
                });
            }
            Err(e) => result.cases.push(CaseResult {
                label: "?".into(),
                expected: case.exit.clone(),
                got: "not run".into(),
                passed: false,
                reason: e.to_string(),
            }),
        }
    }
    let failed = result.cases.iter().filter(|c| !c.passed).count();
    result.passed = failed == 0;
    if result.passed {
        result.summary = format!(
            "Fixed: all {} cases take the right exit.",
            result.cases.len()
        );
        result.explanation = Some(ex.explanation.clone());
    } else {
        result.summary = format!(
            "{failed} of {} cases take the wrong exit.",
            result.cases.len()
        );
    }
}

fn check_scenario(
    ex: &Exercise,
    actions: &[Action],
    flow: &ChosenFlow,
    result: &mut ExerciseResult,
) {
    if actions.len() > MAX_ACTIONS {
        result.summary = format!("more than {MAX_ACTIONS} actions");
        return;
    }
    let cc = match ContactCenter::replay(flow.flow.clone(), CenterConfig::default(), actions) {
        Ok(cc) => cc,
        Err((i, e)) => {
            result.summary = format!("action {} cannot be done: {}", i + 1, e.message);
            return;
        }
    };
    let (passed, reason) = match ex.goal {
        Some(goal) => scenario::judge(goal, &cc, flow),
        None => (false, "this exercise has no goal".to_string()),
    };
    result.passed = passed;
    result.cases.push(CaseResult {
        label: format!("{} actions", actions.len()),
        expected: "goal met".into(),
        got: if passed { "goal met" } else { "not yet" }.into(),
        passed,
        reason: reason.clone(),
    });
    result.summary = if passed {
        format!("Done: {reason}.")
    } else {
        format!("Not yet: {reason}.")
    };
    if passed {
        result.explanation = Some(ex.explanation.clone());
    }
}

/// Most imported flows whose results are kept (the most recently checked ones).
pub const MAX_FLOWS_KEPT: usize = 8;

/// Stored progress: the last result per exercise, per flow — the mission flow's in `results` (as
/// before imported flows existed), each imported flow's in `your_flows`, so a pass on one flow never
/// counts for another (versioned; kept with the guide's progress by the UI).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub version: u32,
    /// Results on the mission flow, by exercise id.
    pub results: BTreeMap<String, ProgressEntry>,
    /// Results on imported flows, the most recently checked first (at most [`MAX_FLOWS_KEPT`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub your_flows: Vec<FlowResults>,
}

/// The results on one imported flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowResults {
    pub fingerprint: String,
    /// "your flow (x.json)".
    pub title: String,
    pub results: BTreeMap<String, ProgressEntry>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress::new()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressEntry {
    pub exercise_version: u32,
    /// Passed at least once.
    pub passed: bool,
    pub attempts: u32,
    pub last: ExerciseResult,
}

impl Progress {
    pub fn new() -> Progress {
        Progress {
            version: RESULT_VERSION,
            results: BTreeMap::new(),
            your_flows: Vec::new(),
        }
    }

    /// Reads stored progress; anything unreadable or of another version starts afresh.
    pub fn from_json(text: &str) -> Progress {
        serde_json::from_str::<Progress>(text)
            .ok()
            .filter(|p| p.version == RESULT_VERSION)
            .unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Records a result on the mission flow.
    pub fn record(&mut self, result: ExerciseResult) {
        record_in(&mut self.results, result);
    }

    /// Records a result on the flow `flow`.
    pub fn record_on(&mut self, flow: &FlowId, result: ExerciseResult) {
        let FlowId::Yours { fingerprint, title } = flow else {
            return self.record(result);
        };
        let at = self
            .your_flows
            .iter()
            .position(|f| f.fingerprint == *fingerprint);
        let mut results = match at {
            Some(i) => self.your_flows.remove(i),
            None => FlowResults {
                fingerprint: fingerprint.clone(),
                title: title.clone(),
                results: BTreeMap::new(),
            },
        };
        record_in(&mut results.results, result);
        self.your_flows.insert(0, results);
        self.your_flows.truncate(MAX_FLOWS_KEPT);
    }

    /// The results on `flow` (`None`: nothing checked on it yet).
    pub fn results_on(&self, flow: &FlowId) -> Option<&BTreeMap<String, ProgressEntry>> {
        match flow {
            FlowId::Mission => Some(&self.results),
            FlowId::Yours { fingerprint, .. } => self
                .your_flows
                .iter()
                .find(|f| f.fingerprint == *fingerprint)
                .map(|f| &f.results),
        }
    }

    /// Whether the exercise (in its current version) was passed on the mission flow.
    pub fn is_passed(&self, ex: &Exercise) -> bool {
        self.is_passed_on(&FlowId::Mission, ex)
    }

    /// Whether the exercise (in its current version) was passed on `flow`.
    pub fn is_passed_on(&self, flow: &FlowId, ex: &Exercise) -> bool {
        self.results_on(flow)
            .and_then(|r| r.get(&ex.id))
            .is_some_and(|e| e.passed && e.exercise_version == ex.version)
    }
}

fn record_in(results: &mut BTreeMap<String, ProgressEntry>, result: ExerciseResult) {
    let entry = results
        .entry(result.exercise.clone())
        .or_insert_with(|| ProgressEntry {
            exercise_version: result.exercise_version,
            passed: false,
            attempts: 0,
            last: result.clone(),
        });
    if entry.exercise_version != result.exercise_version {
        // The exercise changed: its old verdict no longer applies.
        entry.passed = false;
        entry.attempts = 0;
        entry.exercise_version = result.exercise_version;
    }
    entry.passed |= result.passed;
    entry.attempts = entry.attempts.saturating_add(1);
    entry.last = result;
}
