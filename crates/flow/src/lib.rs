//! The flow model and runner.
//!
//! - [`model`]: a flow as data (typed variables with defaults, nodes with labels and settings, links
//!   with named exits), loaded from JSON shaped like Flow Designer's export;
//! - [`kinds`]: one module per node kind (HTTP Request, Set Variable, Condition, Menu, …);
//! - [`parse_settings`]: JSONPath parse settings (jsonpath-rust, parsed once per path);
//! - [`response`]: where the HTTP node's answer comes from ([`Responder`]) and a body parsed once
//!   ([`PreparedBody`]) so the Condition lab can re-run on every keystroke without re-parsing;
//! - [`runner`]: the pure, deterministic run and its [`RunResult`]; [`hints`]: reasons in the lab's words;
//! - [`import`] / [`export`]: a Flow Designer export file into the model and back (with [`locate`]:
//!   `line:column` of a path in the file).
//!
//! ```
//! use engine::FixedClock;
//! use flow::{mission_flow, mission_input, run, PastedResponse};
//! let flow = mission_flow().unwrap();
//! let body = r#"{"data":{"taskDetails":{"tasks":[{"callbackData":{"callbackStatus":"Not Processed","callbackConnectTime":-1}}]}}}"#;
//! let mut responder = PastedResponse::new(200, body).unwrap();
//! let result = run(&flow, &mission_input(), &mut responder, &FixedClock(1_700_000_000_000)).unwrap();
//! assert_eq!(result.exit(), "true");
//! ```

pub mod error;
pub mod export;
pub mod flat_json;
pub mod graphql;
pub mod hints;
pub mod import;
pub mod kinds;
pub mod locate;
pub mod mission;
pub mod model;
pub mod parse_settings;
pub mod request;
pub mod response;
pub mod runner;
pub mod summary;

pub use error::{FlowError, FlowErrorKind};
pub use export::export;
pub use hints::{Hint, HintKind, SearchHints};
pub use import::{import, DroppedLink, Imported};
pub use kinds::{Activity, ActivityKind, NodeKind, Support};
pub use mission::{
    mission_flow, mission_input, MISSION_CONDITION, MISSION_FLOW_JSON, MISSION_START,
    SAMPLE_ENTRY_POINT_ID, SAMPLE_NUMBER,
};
pub use model::{Flow, Kept, Link, Node, UnusedLink, VariableDecl};
pub use parse_settings::{CompiledPath, ParseSetting, Selection};
pub use request::{format_utc, BodyKind, RenderedRequest, TimePoint};
pub use response::{
    HttpReply, PastedResponse, PreparedBody, Responder, TransportFailure, Unreachable,
    MAX_BODY_BYTES,
};
pub use runner::{
    initial_variables, run, CallbackRequest, ConditionReport, ModifiedVariable, Note, NoteLevel,
    Outcome, ParseOutcome, Prompt, ResponseSummary, RunInput, RunResult, Step, StepDetail,
    Unsimulated,
};
pub use summary::FlowSummary;
