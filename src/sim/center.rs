//! The simulated contact center: a clock the user advances, one agent, a support number, calls that
//! run the flow node by node, callbacks, the Analyzer store, the Search API.
//!
//! Every change is an [`Action`]; [`ContactCenter::apply`] is the one place state changes (the UI's
//! reducer), and [`ContactCenter::history`] replayed on a new center gives the same state, so a
//! session is stored as its action list.
//!
//! Simplifications (shown to users): an agent who becomes Available is offered the oldest queued
//! contact (a pending callback or a caller still in the queue's menus) and answers it at once; a
//! callback runs no flow; the agent ends a call with [`Action::AgentEndCall`] and is Available again.

use serde::{Deserialize, Serialize};

use crate::engine::{FixedClock, Value};
use crate::flow::{
    mission_flow, run, Activity, CallbackRequest, Flow, Outcome, RunInput, Unsimulated,
    SAMPLE_ENTRY_POINT_ID,
};

use super::log::{visit_counts, CallState, EndReason, Interaction, InteractionKind, NodeVisits};
use super::search::{SearchApi, TaskOrder};
use super::store::{
    AnalyzerStore, CallbackData, NamedRef, TaskRecord, NOT_CONNECTED, STATUS_CONNECTED,
    STATUS_NOT_PROCESSED,
};

/// The clock a new center starts at: 2023-11-14T22:13:20Z (the lab's sample time).
pub const START_TIME: i64 = 1_700_000_000_000;
/// The longest single clock advance: a year.
pub const MAX_ADVANCE_MS: i64 = 366 * 24 * 3_600_000;
/// Longest key sequence one press may carry.
pub const MAX_KEYS: usize = 64;
/// Most interactions a center keeps (each action adds at most two).
pub const MAX_INTERACTIONS: usize = 10_000;
/// The Search API's look-back in the mission's variables: 250 minutes.
pub const LOOK_BACK_MS: i64 = 15_000_000;
/// The simulated tenant's organisation id (`NewPhoneContact.OrgId`, in a Search API path).
pub const SIMULATED_ORG: &str = "5f3c0d3e-0000-4000-8000-00000000ca11";

/// The fixed facts of the simulated tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CenterConfig {
    /// The number attendees call (a fictional 555 number).
    pub support_number: String,
    pub entry_point: NamedRef,
    pub queue: NamedRef,
    pub agent: NamedRef,
    pub start_time: i64,
    pub order: TaskOrder,
}

impl Default for CenterConfig {
    fn default() -> Self {
        CenterConfig {
            support_number: "+12145550100".to_string(),
            entry_point: NamedRef {
                id: SAMPLE_ENTRY_POINT_ID.to_string(),
                name: "EP_Callback_Lab".to_string(),
            },
            queue: NamedRef {
                id: "3f6b1c2d-0000-4000-8000-00000000a001".to_string(),
                name: "<ID>_Queue".to_string(),
            },
            agent: NamedRef {
                id: "7a9e2b4c-0000-4000-8000-00000000b001".to_string(),
                name: "Agent <ID>".to_string(),
            },
            start_time: START_TIME,
            order: TaskOrder::NewestFirst,
        }
    }
}

/// What the agent is doing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum AgentState {
    Available,
    /// Not Available, with the idle code picked (Meeting, Lunch, …).
    NotAvailable {
        idle_code: String,
    },
    /// On a call or callback (interaction id).
    Engaged {
        interaction: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agent {
    pub name: String,
    pub state: AgentState,
    /// Clock time of the last state change.
    pub since: i64,
}

/// Idle codes offered by the UI (any non-empty text is accepted).
pub const IDLE_CODES: &[&str] = &["Meeting", "Lunch", "Break", "Training"];

/// A user action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum Action {
    AgentAvailable,
    AgentNotAvailable {
        idle_code: String,
    },
    /// A call from `from` to the support number.
    PlaceCall {
        from: String,
    },
    /// Keys for a call waiting at a Menu (`1`) or Collect Digits node (`14085267209`).
    Press {
        call: usize,
        keys: String,
    },
    /// The caller hangs up.
    HangUp {
        call: usize,
    },
    /// The agent ends the call they are on.
    AgentEndCall,
    AdvanceClock {
        ms: i64,
    },
}

/// What an action did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionReport {
    pub action: Action,
    /// Clock time after the action.
    pub at: i64,
    /// The interaction the action created or acted on.
    pub interaction: Option<usize>,
    /// What happened, in words.
    pub events: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SimErrorKind {
    NoSuchCall,
    /// The call is not waiting for keys (ended, or with the agent).
    NotWaiting,
    BadKeys,
    BadNumber,
    BadIdleCode,
    BadDuration,
    /// The agent is on no call.
    AgentNotEngaged,
    /// The agent is on a call (end it first).
    AgentEngaged,
    /// The flow could not be started.
    Flow,
    TooMany,
}

/// An action that cannot be done; the state is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimError {
    pub kind: SimErrorKind,
    pub message: String,
}

impl SimError {
    fn new(kind: SimErrorKind, message: impl Into<String>) -> SimError {
        SimError {
            kind,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SimError {}

/// A callback the Callback node scheduled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScheduledCallback {
    pub request: CallbackRequest,
    /// The inbound interaction that asked for it, and its task.
    pub interaction: usize,
    pub task_id: String,
    /// When it was connected, and the callback's interaction.
    pub delivered: Option<(i64, usize)>,
}

/// The whole simulated tenant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContactCenter {
    pub config: CenterConfig,
    flow: Flow,
    now: i64,
    agent: Agent,
    store: AnalyzerStore,
    interactions: Vec<Interaction>,
    callbacks: Vec<ScheduledCallback>,
    history: Vec<Action>,
    next_task: u64,
}

impl ContactCenter {
    /// A center running `flow`; the agent starts Not Available (as the lab's Testing asks).
    pub fn new(flow: Flow, config: CenterConfig) -> ContactCenter {
        ContactCenter {
            now: config.start_time,
            agent: Agent {
                name: config.agent.name.clone(),
                state: AgentState::NotAvailable {
                    idle_code: "Meeting".to_string(),
                },
                since: config.start_time,
            },
            config,
            flow,
            store: AnalyzerStore::new(),
            interactions: Vec::new(),
            callbacks: Vec::new(),
            history: Vec::new(),
            next_task: 1,
        }
    }

    /// A center running the shipped mission flow with the default configuration.
    pub fn mission() -> Result<ContactCenter, SimError> {
        let flow = mission_flow().map_err(|e| SimError::new(SimErrorKind::Flow, e.message))?;
        Ok(ContactCenter::new(flow, CenterConfig::default()))
    }

    /// A new center with the same flow and configuration after `actions`; on a failing action, its
    /// index and error.
    pub fn replay(
        flow: Flow,
        config: CenterConfig,
        actions: &[Action],
    ) -> Result<ContactCenter, (usize, SimError)> {
        let mut cc = ContactCenter::new(flow, config);
        for (i, action) in actions.iter().enumerate() {
            cc.apply(action.clone()).map_err(|e| (i, e))?;
        }
        Ok(cc)
    }

    // ---- reading --------------------------------------------------------------------------------

    pub fn now(&self) -> i64 {
        self.now
    }

    pub fn flow(&self) -> &Flow {
        &self.flow
    }

    pub fn agent(&self) -> &Agent {
        &self.agent
    }

    pub fn store(&self) -> &AnalyzerStore {
        &self.store
    }

    /// Actions applied so far (what to store to restore the session).
    pub fn history(&self) -> &[Action] {
        &self.history
    }

    /// Interactions in creation order.
    pub fn interactions(&self) -> &[Interaction] {
        &self.interactions
    }

    /// Interactions as the Debugger lists them: newest first.
    pub fn interactions_newest_first(&self) -> impl Iterator<Item = &Interaction> {
        self.interactions.iter().rev()
    }

    pub fn interaction(&self, id: usize) -> Option<&Interaction> {
        self.interactions.iter().find(|i| i.id == id)
    }

    /// Interactions that visited the node labelled `label`, newest first (Analyze: click a node).
    pub fn interactions_through<'a>(
        &'a self,
        label: &'a str,
    ) -> impl Iterator<Item = &'a Interaction> + 'a {
        self.interactions_newest_first()
            .filter(move |i| i.steps.iter().any(|s| s.label == label))
    }

    /// Visits per node over every interaction (the flow picture's counts).
    pub fn visit_counts(&self) -> Vec<NodeVisits> {
        visit_counts(&self.flow, &self.interactions)
    }

    pub fn callbacks(&self) -> &[ScheduledCallback] {
        &self.callbacks
    }

    /// Callbacks not yet delivered, oldest first.
    pub fn pending_callbacks(&self) -> Vec<&ScheduledCallback> {
        self.callbacks
            .iter()
            .filter(|c| c.delivered.is_none())
            .collect()
    }

    /// The newest call waiting for keys (what a keypad acts on).
    pub fn waiting_call(&self) -> Option<&Interaction> {
        self.interactions_newest_first()
            .find(|i| matches!(i.state, CallState::WaitingForInput { .. }))
    }

    // ---- acting ---------------------------------------------------------------------------------

    pub fn place_call(&mut self, from: &str) -> Result<usize, SimError> {
        let report = self.apply(Action::PlaceCall {
            from: from.to_string(),
        })?;
        Ok(report.interaction.unwrap_or(0))
    }

    pub fn press(&mut self, call: usize, keys: &str) -> Result<ActionReport, SimError> {
        self.apply(Action::Press {
            call,
            keys: keys.to_string(),
        })
    }

    pub fn hang_up(&mut self, call: usize) -> Result<ActionReport, SimError> {
        self.apply(Action::HangUp { call })
    }

    pub fn set_agent_available(&mut self) -> Result<ActionReport, SimError> {
        self.apply(Action::AgentAvailable)
    }

    pub fn set_agent_not_available(&mut self, idle_code: &str) -> Result<ActionReport, SimError> {
        self.apply(Action::AgentNotAvailable {
            idle_code: idle_code.to_string(),
        })
    }

    pub fn agent_end_call(&mut self) -> Result<ActionReport, SimError> {
        self.apply(Action::AgentEndCall)
    }

    pub fn advance(&mut self, ms: i64) -> Result<ActionReport, SimError> {
        self.apply(Action::AdvanceClock { ms })
    }

    /// Applies one action; on an error nothing changed.
    pub fn apply(&mut self, action: Action) -> Result<ActionReport, SimError> {
        let mut events = Vec::new();
        let interaction = match &action {
            Action::AgentAvailable => {
                if let AgentState::Engaged { interaction } = self.agent.state {
                    return Err(SimError::new(
                        SimErrorKind::AgentEngaged,
                        format!("the agent is on interaction {interaction}; end that call first"),
                    ));
                }
                self.set_agent(AgentState::Available);
                events.push("the agent is Available".to_string());
                self.dispatch(&mut events);
                None
            }
            Action::AgentNotAvailable { idle_code } => {
                let code = idle_code.trim();
                if code.is_empty() || code.chars().count() > 60 {
                    return Err(SimError::new(
                        SimErrorKind::BadIdleCode,
                        "pick an idle code (1 to 60 characters)",
                    ));
                }
                if let AgentState::Engaged { interaction } = self.agent.state {
                    return Err(SimError::new(
                        SimErrorKind::AgentEngaged,
                        format!("the agent is on interaction {interaction}; end that call first"),
                    ));
                }
                self.set_agent(AgentState::NotAvailable {
                    idle_code: code.to_string(),
                });
                events.push(format!("the agent is Not Available ({code})"));
                None
            }
            Action::PlaceCall { from } => Some(self.do_place_call(from, &mut events)?),
            Action::Press { call, keys } => Some(self.do_press(*call, keys, &mut events)?),
            Action::HangUp { call } => Some(self.do_hang_up(*call, &mut events)?),
            Action::AgentEndCall => {
                let AgentState::Engaged { interaction } = self.agent.state else {
                    return Err(SimError::new(
                        SimErrorKind::AgentNotEngaged,
                        "the agent is on no call",
                    ));
                };
                self.end(interaction, EndReason::AgentEnded);
                events.push(format!("the agent ended interaction {interaction}"));
                self.set_agent(AgentState::Available);
                self.dispatch(&mut events);
                Some(interaction)
            }
            Action::AdvanceClock { ms } => {
                if !(1..=MAX_ADVANCE_MS).contains(ms) {
                    return Err(SimError::new(
                        SimErrorKind::BadDuration,
                        format!("advance the clock by 1 ms to {MAX_ADVANCE_MS} ms (a year)"),
                    ));
                }
                self.now = self.now.saturating_add(*ms);
                events.push(format!("the clock moved on {}", describe_duration(*ms)));
                None
            }
        };
        self.history.push(action.clone());
        Ok(ActionReport {
            action,
            at: self.now,
            interaction,
            events,
        })
    }

    // ---- internals ------------------------------------------------------------------------------

    fn set_agent(&mut self, state: AgentState) {
        self.agent.state = state;
        self.agent.since = self.now;
    }

    fn new_task_id(&mut self) -> String {
        let id = AnalyzerStore::task_id(self.next_task);
        self.next_task += 1;
        id
    }

    fn position(&self, call: usize) -> Result<usize, SimError> {
        self.interactions
            .iter()
            .position(|i| i.id == call)
            .ok_or_else(|| {
                SimError::new(SimErrorKind::NoSuchCall, format!("there is no call {call}"))
            })
    }

    fn do_place_call(&mut self, from: &str, events: &mut Vec<String>) -> Result<usize, SimError> {
        let from = from.trim();
        let digits = from.strip_prefix('+').unwrap_or(from);
        if digits.is_empty() || digits.len() > 20 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(SimError::new(
                SimErrorKind::BadNumber,
                "the caller's number is 1 to 20 digits, with an optional leading +",
            ));
        }
        if self.interactions.len() >= MAX_INTERACTIONS {
            return Err(SimError::new(
                SimErrorKind::TooMany,
                "this session has too many interactions; start a new one",
            ));
        }
        let id = self.interactions.len() + 1;
        let task_id = self.new_task_id();
        self.store.insert(TaskRecord {
            id: task_id.clone(),
            created_time: self.now,
            ended_time: None,
            channel_type: "telephony".into(),
            direction: "INBOUND".into(),
            status: "active".into(),
            is_active: true,
            origin: from.to_string(),
            destination: self.config.support_number.clone(),
            termination_type: None,
            last_entry_point: Some(self.config.entry_point.clone()),
            last_queue: None,
            owner: None,
            callback_data: None,
        });
        self.interactions.push(Interaction {
            id,
            task_id: task_id.clone(),
            kind: InteractionKind::Inbound,
            number: from.to_string(),
            started_at: self.now,
            ended_at: None,
            state: CallState::WaitingForInput {
                node: String::new(),
                prompt: String::new(),
            },
            queued_at: None,
            steps: Vec::new(),
            runs: Vec::new(),
            exchanges: Vec::new(),
            prompts: Vec::new(),
            callbacks: Vec::new(),
            events: Vec::new(),
            variables: Default::default(),
        });
        events.push(format!(
            "call {id} from {from} to {}",
            self.config.support_number
        ));
        // The start event's outputs carry its label (`NewPhoneContact`, `NewContact`, …).
        let event = self
            .flow
            .node(self.flow.start)
            .map_or("NewPhoneContact", |n| n.label.as_str());
        let variables = vec![
            (format!("{event}.ANI"), Value::String(from.to_string())),
            (
                format!("{event}.DNIS"),
                Value::String(self.config.support_number.clone()),
            ),
            (
                format!("{event}.EntryPointId"),
                Value::String(self.config.entry_point.id.clone()),
            ),
            (
                format!("{event}.OrgId"),
                Value::String(SIMULATED_ORG.into()),
            ),
            (format!("{event}.InteractionId"), Value::String(task_id)),
        ];
        if let Err(e) = self.run_segment(id, None, variables, Vec::new(), events) {
            // Undo: the state must not change on an error.
            self.interactions.pop();
            self.store
                .remove(&AnalyzerStore::task_id(self.next_task - 1));
            self.next_task -= 1;
            return Err(e);
        }
        Ok(id)
    }

    fn do_press(
        &mut self,
        call: usize,
        keys: &str,
        events: &mut Vec<String>,
    ) -> Result<usize, SimError> {
        let at = self.position(call)?;
        let keys = keys.trim();
        if keys.is_empty()
            || keys.chars().count() > MAX_KEYS
            || !keys
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '*' | '#' | '+'))
        {
            return Err(SimError::new(
                SimErrorKind::BadKeys,
                format!("press 1 to {MAX_KEYS} keys: digits, * and #"),
            ));
        }
        let Some(interaction) = self.interactions.get(at) else {
            return Err(SimError::new(
                SimErrorKind::NoSuchCall,
                format!("there is no call {call}"),
            ));
        };
        let CallState::WaitingForInput { node, .. } = &interaction.state else {
            return Err(SimError::new(
                SimErrorKind::NotWaiting,
                format!("call {call} is not waiting for keys"),
            ));
        };
        let start = Some(node.clone());
        let variables = interaction
            .variables
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        events.push(format!("call {call}: the caller pressed {keys}"));
        self.run_segment(call, start, variables, vec![keys.to_string()], events)?;
        Ok(call)
    }

    fn do_hang_up(&mut self, call: usize, events: &mut Vec<String>) -> Result<usize, SimError> {
        let at = self.position(call)?;
        let state = self.interactions.get(at).map(|i| i.state.clone());
        match state {
            Some(CallState::WaitingForInput { .. }) => {
                self.end(call, EndReason::CallerHungUp);
                if let Some(task) = self.task_of(call) {
                    task.status = "abandoned".into();
                }
                events.push(format!("call {call}: the caller hung up"));
            }
            Some(CallState::WithAgent) => {
                self.end(call, EndReason::CallerHungUp);
                events.push(format!("call {call}: the caller hung up"));
                self.set_agent(AgentState::Available);
                self.dispatch(events);
            }
            _ => {
                return Err(SimError::new(
                    SimErrorKind::NotWaiting,
                    format!("call {call} has already ended"),
                ))
            }
        }
        Ok(call)
    }

    fn task_of(&mut self, call: usize) -> Option<&mut TaskRecord> {
        let task_id = self.interaction(call)?.task_id.clone();
        self.store.get_mut(&task_id)
    }

    fn end(&mut self, call: usize, how: EndReason) {
        let now = self.now;
        if let Some(i) = self.interactions.iter_mut().find(|i| i.id == call) {
            i.state = CallState::Ended { how };
            i.ended_at = Some(now);
        }
        if let Some(task) = self.task_of(call) {
            task.status = "ended".into();
            task.is_active = false;
            task.ended_time = Some(now);
            task.termination_type = Some("normal".into());
        }
    }

    /// Runs the flow for `call` from `start` (the start node when `None`) until it waits or ends.
    fn run_segment(
        &mut self,
        call: usize,
        start: Option<String>,
        variables: Vec<(String, Value)>,
        inputs: Vec<String>,
        events: &mut Vec<String>,
    ) -> Result<(), SimError> {
        let input = RunInput {
            start,
            variables,
            inputs,
            // A call must not pretend to pass an activity nobody ran.
            unsimulated: Unsimulated::Stop,
            ..RunInput::default()
        };
        let clock = FixedClock(self.now);
        let mut api = SearchApi::new(&self.store, self.config.order, self.now);
        let result = run(&self.flow, &input, &mut api, &clock)
            .map_err(|e| SimError::new(SimErrorKind::Flow, e.message))?;
        let exchanges = api.exchanges;
        let now = self.now;
        let queue = self.config.queue.clone();
        let at = self.position(call)?;
        let Some(interaction) = self.interactions.get_mut(at) else {
            return Err(SimError::new(
                SimErrorKind::NoSuchCall,
                format!("there is no call {call}"),
            ));
        };
        // The node the previous run waited at runs again with the key: keep one step for it.
        if matches!(interaction.state, CallState::WaitingForInput { .. })
            && interaction.steps.last().is_some_and(|s| s.exit.is_none())
        {
            interaction.steps.pop();
        }
        let queued_now = interaction.queued_at.is_none()
            && result
                .steps
                .iter()
                .any(|s| s.kind.is(Activity::QueueContact));
        if queued_now {
            interaction.queued_at = Some(now);
        }
        interaction.steps.extend(result.steps.iter().cloned());
        interaction.prompts.extend(result.prompts.iter().cloned());
        interaction.exchanges.extend(exchanges);
        interaction
            .callbacks
            .extend(result.callbacks.iter().cloned());
        interaction.variables = result.variables.clone();
        for prompt in &result.prompts {
            events.push(format!("call {call} hears: {}", prompt.text));
        }
        let ended = match &result.outcome {
            Outcome::WaitingForInput { node, prompt } => {
                events.push(format!("call {call} waits at {node}: {prompt}"));
                interaction.state = CallState::WaitingForInput {
                    node: node.clone(),
                    prompt: prompt.clone(),
                };
                None
            }
            Outcome::Ended { node } => Some(EndReason::Disconnected { node: node.clone() }),
            Outcome::DeadEnd { node, exit } => Some(EndReason::FlowProblem {
                message: format!(
                    "the `{exit}` exit of {node} is not connected: the call is dropped"
                ),
            }),
            Outcome::StepLimit { .. } | Outcome::Loop { .. } => Some(EndReason::FlowProblem {
                message: format!("{}: the call is dropped", result.outcome.describe()),
            }),
            Outcome::NotSimulated { node, activity, .. } => Some(EndReason::FlowProblem {
                message: format!(
                    "the call reached {node}, a `{activity}` activity the simulator does not run, and ends there"
                ),
            }),
        };
        let task_id = interaction.task_id.clone();
        let requests = result.callbacks.clone();
        interaction.runs.push(result);
        if queued_now {
            if let Some(task) = self.store.get_mut(&task_id) {
                task.last_queue = Some(queue.clone());
            }
        }
        for request in requests {
            events.push(format!(
                "call {call}: a callback to {} is scheduled in {}",
                request.number, request.queue
            ));
            if let Some(task) = self.store.get_mut(&task_id) {
                task.callback_data = Some(CallbackData {
                    callback_request_time: request.requested_at,
                    callback_connect_time: NOT_CONNECTED,
                    callback_number: request.number.clone(),
                    callback_status: STATUS_NOT_PROCESSED.to_string(),
                    callback_origin: "flow".into(),
                    callback_type: "immediate".into(),
                    callback_queue_name: request.queue.clone(),
                    callback_agent_name: None,
                    callback_team_name: None,
                    callback_retry_count: 0,
                });
            }
            self.callbacks.push(ScheduledCallback {
                request,
                interaction: call,
                task_id: task_id.clone(),
                delivered: None,
            });
        }
        if let Some(how) = ended {
            let words = match &how {
                EndReason::Disconnected { node } => format!("call {call} ended at {node}"),
                EndReason::FlowProblem { message } => format!("call {call}: {message}"),
                _ => format!("call {call} ended"),
            };
            events.push(words.clone());
            if let Some(i) = self.interactions.get_mut(at) {
                i.events.push(words);
            }
            self.end(call, how);
        }
        self.dispatch(events);
        Ok(())
    }

    /// Offers the oldest queued contact to an Available agent.
    fn dispatch(&mut self, events: &mut Vec<String>) {
        if self.agent.state != AgentState::Available {
            return;
        }
        let callback = self
            .callbacks
            .iter()
            .position(|c| c.delivered.is_none())
            .and_then(|i| self.callbacks.get(i).map(|c| (i, c.request.requested_at)));
        let caller = self
            .interactions
            .iter()
            .filter(|i| matches!(i.state, CallState::WaitingForInput { .. }))
            .filter_map(|i| i.queued_at.map(|t| (i.id, t)))
            .min_by_key(|(_, t)| *t);
        match (callback, caller) {
            (Some((index, cb_time)), Some((_, call_time))) if cb_time <= call_time => {
                self.deliver_callback(index, events)
            }
            (Some((index, _)), None) => self.deliver_callback(index, events),
            (_, Some((call, _))) => {
                let agent = self.config.agent.clone();
                if let Some(i) = self.interactions.iter_mut().find(|i| i.id == call) {
                    i.state = CallState::WithAgent;
                    i.events.push("routed to the agent from the queue".into());
                }
                if let Some(task) = self.task_of(call) {
                    task.status = "connected".into();
                    task.owner = Some(agent);
                }
                events.push(format!("call {call} is routed to the agent"));
                self.set_agent(AgentState::Engaged { interaction: call });
            }
            (None, None) => {}
        }
    }

    fn deliver_callback(&mut self, index: usize, events: &mut Vec<String>) {
        let Some(cb) = self.callbacks.get(index).cloned() else {
            return;
        };
        let now = self.now;
        let id = self.interactions.len() + 1;
        let task_id = self.new_task_id();
        let agent = self.config.agent.clone();
        self.store.insert(TaskRecord {
            id: task_id.clone(),
            created_time: now,
            ended_time: None,
            channel_type: "telephony".into(),
            direction: "OUTBOUND".into(),
            status: "connected".into(),
            is_active: true,
            origin: self.config.support_number.clone(),
            destination: cb.request.number.clone(),
            termination_type: None,
            last_entry_point: None,
            last_queue: Some(self.config.queue.clone()),
            owner: Some(agent.clone()),
            callback_data: None,
        });
        if let Some(original) = self.store.get_mut(&cb.task_id) {
            if let Some(data) = original.callback_data.as_mut() {
                data.callback_connect_time = now;
                data.callback_status = STATUS_CONNECTED.to_string();
                data.callback_agent_name = Some(agent.name.clone());
            }
        }
        if let Some(c) = self.callbacks.get_mut(index) {
            c.delivered = Some((now, id));
        }
        self.interactions.push(Interaction {
            id,
            task_id,
            kind: InteractionKind::Callback,
            number: cb.request.number.clone(),
            started_at: now,
            ended_at: None,
            state: CallState::WithAgent,
            queued_at: Some(cb.request.requested_at),
            steps: Vec::new(),
            runs: Vec::new(),
            exchanges: Vec::new(),
            prompts: Vec::new(),
            callbacks: Vec::new(),
            events: vec![format!(
                "callback for call {} to {}, answered by the agent",
                cb.interaction, cb.request.number
            )],
            variables: Default::default(),
        });
        events.push(format!(
            "the agent is reserved and connected: callback {id} to {} (asked for by call {})",
            cb.request.number, cb.interaction
        ));
        self.set_agent(AgentState::Engaged { interaction: id });
    }
}

/// `90 min`, `4 h 10 min`, `2 d 1 h`, `1 500 ms`.
pub fn describe_duration(ms: i64) -> String {
    if ms % 60_000 != 0 {
        return if ms % 1000 == 0 {
            format!("{} s", ms / 1000)
        } else {
            format!("{ms} ms")
        };
    }
    let minutes = ms / 60_000;
    let (d, h, m) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    let mut parts = Vec::new();
    if d > 0 {
        parts.push(format!("{d} d"));
    }
    if h > 0 {
        parts.push(format!("{h} h"));
    }
    if m > 0 || parts.is_empty() {
        parts.push(format!("{m} min"));
    }
    parts.join(" ")
}
