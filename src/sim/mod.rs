//! The offline exercise mode's core: a simulated contact center that plays the mission's Testing
//! section on the shipped flow (or the attendee's imported one), deterministic and web-free.
//!
//! - [`center`]: the [`ContactCenter`] — a simulated clock, an agent (Available / Not Available with an
//!   idle code / Engaged), a support number, calls that run the flow node by node (menus and digits
//!   entered by the user), callbacks scheduled by the Callback node and delivered when the agent
//!   becomes Available; every change is an [`Action`], so a session is a replayable list;
//! - [`store`]: the simulated Analyzer store, one [`TaskRecord`] per call and callback;
//! - [`search`]: the simulated Search API over that store (a [`Responder`](crate::flow::Responder)
//!   for the HTTP node), built on the GraphQL subset in [`graphql`] with the [`schema`] and [`filter`];
//! - [`log`]: interactions (newest first) and node visit counts for the Debugger and Analyze views;
//! - [`exercise`]: graded exercises loaded from the mission's `exercises/*.json`, checked on a
//!   [`ChosenFlow`] ([`chosen`]: the mission flow or the attendee's imported one); [`scenario`]
//!   judges the simulator goals by what that flow did;
//! - [`session`]: the Exercises page's state — a center on the chosen flow, its one reducer
//!   ([`Session::apply`]), its stored form and its replay on load.
//!
//! ```
//! use callback_lab::sim::ContactCenter;
//! let mut cc = ContactCenter::mission().unwrap();
//! let call = cc.place_call("14085550100").unwrap();
//! for keys in ["1", "14085267209", "1"] {
//!     cc.press(call, keys).unwrap();
//! }
//! assert_eq!(cc.pending_callbacks().len(), 1);
//! // A second call to the same number hears the duplicate message.
//! let second = cc.place_call("14085550100").unwrap();
//! for keys in ["1", "14085267209", "1"] {
//!     cc.press(second, keys).unwrap();
//! }
//! assert!(cc.interaction(second).unwrap().heard("PlayMessage_AlreadyScheduled"));
//! ```

pub mod center;
pub mod chosen;
pub mod exercise;
pub mod filter;
// The GraphQL subset lives in the flow crate (the runner and the checker use it too).
pub use ::flow::graphql;
pub mod log;
pub mod scenario;
pub mod schema;
pub mod search;
pub mod session;
pub mod store;

pub use center::{
    Action, ActionReport, Agent, AgentState, CenterConfig, ContactCenter, ScheduledCallback,
    SimError, SimErrorKind, LOOK_BACK_MS,
};
pub use chosen::{ChosenFlow, FlowId};
pub use exercise::{
    all_exercises, check, check_on, exercise, Answer, CaseResult, Exercise, ExerciseKind,
    ExerciseResult, FlowResults, Progress, ScenarioGoal, RESULT_VERSION,
};
pub use log::{CallState, EndReason, Interaction, InteractionKind, NodeVisits};
pub use search::{execute, HttpExchange, SearchApi, SearchResponse, TaskOrder, Window};
pub use session::{Session, SessionAction, StoredSession, MAX_STORED_ACTIONS, SESSION_VERSION};
pub use store::{AnalyzerStore, CallbackData, NamedRef, TaskRecord};
