//! The lab's state and its one reducer ([`LabState::apply`]): every change is an action; the body
//! is parsed only by actions that change it, everything else re-runs the cheap part.

use std::rc::Rc;
use std::sync::Arc;

use super::inputs::{shipped_mission_flow, LabInputs, MissionFlow};
use super::saved::Saver;
use super::view::{compute_on, LabView, Prepared};
use crate::flow_roles::sample;
use crate::flow_roles::yourflow::{self, FlowLoadError, YourFlow};
pub use crate::notice::Notice;

/// Every change the page can make.
#[derive(Debug, Clone, PartialEq)]
pub enum LabAction {
    /// Typed or pasted into the response field (the field already shows it).
    EditBody(String),
    /// Loaded from a file (the field must be updated).
    LoadBody {
        text: String,
        from: String,
    },
    LoadSample(String),
    /// A response received by "Run live": status and body replace the inputs.
    LoadResponse {
        status: i64,
        text: String,
        from: String,
    },
    SetStatus(String),
    SetNumber(String),
    SetEntryPoint(String),
    SetClockFixed(bool),
    SetFixedTime(String),
    SetPath {
        index: usize,
        path: String,
    },
    SetExpression(String),
    ResetToMission,
    SetRegion(String),
    /// Shows a node's modified variables (`None` closes them).
    SelectNode(Option<String>),
    /// Replaces every input (import, restore). The flow they name was imported by the caller
    /// ([`adopt`]) and handed to the app, which owns it: `flow` is that flow (`None`: the mission's).
    Replace {
        inputs: Box<LabInputs>,
        flow: Option<Rc<YourFlow>>,
        notice: Option<Notice>,
    },
    Notify(Option<Notice>),
    /// Another tab's saved changes merged into the inputs ([`super::merge`]): every input as
    /// merged; the flow that runs and the open node stay.
    TakeMerged {
        inputs: Box<LabInputs>,
        notice: Option<Notice>,
    },
    /// Re-runs with the current time (clock "now").
    Refresh,
    /// Runs `flow` (`None`: the mission flow): the app's imported flow, which the app owns and
    /// stores. The page loads an export ([`yourflow::load`]), hands it to the app and to the lab
    /// with this action; a change made elsewhere arrives the same way ([`FlowChange::Followed`]).
    RunFlow {
        flow: Option<Rc<YourFlow>>,
        change: FlowChange,
    },
    /// An export the attendee gave was not loaded: the lab keeps the flow it runs and says why.
    FlowRefused(FlowLoadError),
}

/// Why the flow the lab runs changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowChange {
    /// The attendee loaded this export here: the what-if settings become the flow's own.
    Loaded,
    /// The attendee went back to the mission flow here.
    Mission,
    /// The app's flow changed elsewhere: what-if rows follow it, nothing is said.
    Followed,
}

/// The flow a lab state file names, imported again ([`LabAction::Replace`] takes it): the inputs
/// (without the flow when it no longer imports), the flow, and a message when it was dropped.
pub fn adopt(mut inputs: LabInputs) -> (LabInputs, Option<Rc<YourFlow>>, Option<Notice>) {
    let Some(source) = inputs.flow.clone() else {
        return (inputs, None, None);
    };
    match yourflow::load(&source.text, source.name.clone()) {
        Ok(flow) => (inputs, Some(Rc::new(flow)), None),
        Err(error) => {
            inputs.flow = None;
            let notice = Notice::error(format!(
                "{} The lab runs the mission flow.",
                error.problem()
            ));
            (inputs, None, Some(notice))
        }
    }
}

/// The lab's whole state.
#[derive(Debug, Clone)]
pub struct LabState {
    pub inputs: LabInputs,
    prepared: Prepared,
    /// The body text `prepared` was made from (same allocation as `inputs.body` until it changes).
    prepared_from: Arc<str>,
    pub view: Rc<LabView>,
    /// The node whose details are open.
    pub selected: Option<String>,
    pub notice: Option<Notice>,
    /// Changes when the body changed other than by typing in the field (sample, file, import).
    pub body_revision: u64,
    /// How many times a body was parsed (memoisation is tested with it).
    pub parse_count: u64,
    /// The time the view was computed for.
    pub now_ms: i64,
    /// The imported flow the view was computed with (`None`: the mission flow). Not the lab's
    /// own: the app state owns it; the lab holds the same `Rc`, handed over by
    /// [`LabAction::RunFlow`] / [`LabAction::Replace`] or at start ([`LabState::with_flow`]).
    pub your_flow: Option<Rc<YourFlow>>,
    /// Why the last export loaded was refused (cleared by a successful load or the mission flow).
    pub flow_error: Option<FlowLoadError>,
    /// What this tab knows of the stored lab state (the page's saves go through it).
    pub saver: Saver,
}

impl LabState {
    /// A state for `inputs`, parsing the body once (and importing the flow they name, if any:
    /// [`adopt`]).
    pub fn new(inputs: LabInputs, notice: Option<Notice>, now_ms: i64) -> LabState {
        let (inputs, flow, problem) = adopt(inputs);
        let mut state = Self::unrun(inputs, problem.or(notice), now_ms);
        state.your_flow = flow;
        state.follow_active_flow();
        state.run_view();
        state
    }

    /// A state for `inputs` running `your_flow`, already imported (the flow the app shares with the
    /// exercises), whatever flow `inputs` name; `None` runs the mission flow.
    pub fn with_flow(
        mut inputs: LabInputs,
        your_flow: Option<Rc<YourFlow>>,
        notice: Option<Notice>,
        now_ms: i64,
    ) -> LabState {
        inputs.flow = your_flow.as_ref().map(|f| f.source());
        let mut state = Self::unrun(inputs, notice, now_ms);
        state.your_flow = your_flow;
        state.follow_active_flow();
        state.run_view();
        state
    }

    fn unrun(inputs: LabInputs, notice: Option<Notice>, now_ms: i64) -> LabState {
        let prepared = Prepared::new(Arc::clone(&inputs.body));
        LabState {
            prepared_from: Arc::clone(&inputs.body),
            inputs,
            prepared,
            view: Rc::new(LabView::empty()),
            selected: None,
            notice,
            body_revision: 0,
            parse_count: 1,
            now_ms,
            your_flow: None,
            flow_error: None,
            saver: Saver::default(),
        }
    }

    fn run_view(&mut self) {
        self.view = Rc::new(compute_on(
            self.active_flow(),
            &self.inputs,
            &self.prepared,
            self.now_ms,
        ));
    }

    /// The what-if rows follow the flow that runs.
    fn follow_active_flow(&mut self) {
        let inputs = std::mem::take(&mut self.inputs);
        self.inputs = match self.active_flow() {
            Some(f) => inputs.normalised_for(f),
            None => inputs,
        };
    }

    /// The flow that runs: the attendee's imported flow, else the mission's.
    pub fn active_flow(&self) -> Option<&MissionFlow> {
        match &self.your_flow {
            Some(f) => Some(&f.lab),
            None => shipped_mission_flow(),
        }
    }

    /// The state after `action`, at time `now_ms`.
    pub fn apply(&self, action: LabAction, now_ms: i64) -> LabState {
        let mut next = self.clone();
        let mut recompute = true;
        match action {
            LabAction::EditBody(text) => {
                if *text != *next.inputs.body {
                    next.inputs.body = Arc::from(text);
                    next.inputs.sample = None;
                } else {
                    recompute = false;
                }
            }
            LabAction::LoadBody { text, from } => {
                next.inputs.body = Arc::from(text);
                next.inputs.sample = None;
                next.body_revision += 1;
                next.notice = Some(Notice::info(format!("Loaded {from}.")));
            }
            LabAction::LoadSample(id) => match sample(&id) {
                Some(s) => {
                    next.inputs.body = Arc::from(s.body);
                    next.inputs.status = s.status.to_string();
                    next.inputs.sample = Some(s.id.to_string());
                    next.body_revision += 1;
                    next.notice = None;
                }
                None => recompute = false,
            },
            LabAction::LoadResponse { status, text, from } => {
                next.inputs.body = Arc::from(text);
                next.inputs.status = status.to_string();
                next.inputs.sample = None;
                next.body_revision += 1;
                next.notice = Some(Notice::info(format!(
                    "Loaded the response of {from} (status {status})."
                )));
            }
            LabAction::SetStatus(s) => next.inputs.status = s,
            LabAction::SetNumber(s) => next.inputs.number = s,
            LabAction::SetEntryPoint(s) => next.inputs.entry_point = s,
            LabAction::SetClockFixed(fixed) => next.inputs.clock.fixed = fixed,
            LabAction::SetFixedTime(s) => next.inputs.clock.fixed_text = s,
            LabAction::SetPath { index, path } => match next.inputs.paths.get_mut(index) {
                Some(row) => row.path = path,
                None => recompute = false,
            },
            LabAction::SetExpression(s) => next.inputs.expression = s,
            LabAction::ResetToMission => {
                if let Some(m) = next.active_flow().cloned() {
                    next.inputs.reset_to(&m);
                }
            }
            LabAction::SetRegion(r) => next.inputs.region = r,
            LabAction::SelectNode(label) => {
                next.selected = label;
                recompute = false;
            }
            LabAction::Replace {
                inputs,
                flow,
                notice,
            } => {
                next.inputs = *inputs;
                next.inputs.flow = flow.as_ref().map(|f| f.source());
                next.your_flow = flow;
                next.notice = notice;
                next.follow_active_flow();
                next.flow_error = None;
                next.body_revision += 1;
                next.selected = None;
            }
            LabAction::Notify(notice) => {
                next.notice = notice;
                recompute = false;
            }
            LabAction::TakeMerged { inputs, notice } => {
                let flow = next.inputs.flow.take();
                let body_changed = !Arc::ptr_eq(&inputs.body, &next.inputs.body)
                    && *inputs.body != *next.inputs.body;
                next.inputs = LabInputs { flow, ..*inputs };
                next.follow_active_flow();
                if body_changed {
                    next.body_revision += 1;
                }
                if notice.is_some() {
                    next.notice = notice;
                }
            }
            LabAction::Refresh => {}
            LabAction::RunFlow { flow, change } => {
                next.inputs.flow = flow.as_ref().map(|f| f.source());
                next.your_flow = flow;
                next.selected = None;
                match change {
                    FlowChange::Loaded | FlowChange::Mission => {
                        next.flow_error = None;
                        if let Some(m) = next.active_flow().cloned() {
                            next.inputs.reset_to(&m);
                        }
                        next.notice = Some(Notice::info(match &next.your_flow {
                            Some(flow) => format!(
                                "Loaded {}: {} error{}, {} note{} against the mission. The lab now runs it.",
                                flow.title(),
                                flow.errors(),
                                if flow.errors() == 1 { "" } else { "s" },
                                flow.notes_count(),
                                if flow.notes_count() == 1 { "" } else { "s" },
                            ),
                            None => "The lab runs the mission flow again.".to_string(),
                        }));
                    }
                    FlowChange::Followed => next.follow_active_flow(),
                }
            }
            LabAction::FlowRefused(error) => {
                next.flow_error = Some(error);
                recompute = false;
            }
        }
        if !recompute {
            return next;
        }
        if !Arc::ptr_eq(&next.inputs.body, &next.prepared_from)
            && *next.inputs.body != *next.prepared_from
        {
            next.prepared = Prepared::new(Arc::clone(&next.inputs.body));
            next.parse_count += 1;
        }
        next.prepared_from = Arc::clone(&next.inputs.body);
        next.now_ms = now_ms;
        next.view = Rc::new(compute_on(
            next.active_flow(),
            &next.inputs,
            &next.prepared,
            now_ms,
        ));
        next
    }
}
