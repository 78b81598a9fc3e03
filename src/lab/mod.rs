//! The Condition lab's model, in pure Rust (tested natively; the Yew page in `ui::lab` renders it).
//!
//! - [`inputs`]: what the attendee sets ([`LabInputs`]) and the mission it starts from;
//! - [`session`]: the state and its one reducer ([`LabState::apply`]) — the body is parsed once per
//!   edit of the body ([`view::Prepared`]), every other edit re-runs only the flow;
//! - [`view`]: what the page shows ([`LabView`]): verdict, path, variables, explanation, hints,
//!   request, inline errors;
//! - [`samples`], [`picture`] and [`layout`], [`yourflow`]: the sample responses, the flow picture and
//!   the attendee's own Flow Designer export, shared with the simulator ([`crate::flow_roles`]);
//! - [`saved`]: the versioned JSON document for storage and export/import (kept in `localStorage` by
//!   [`crate::storage::lab_state`], which sits above this module);
//! - [`merge`]: another tab's saved inputs merged into this tab's, per input;
//! - [`curl`]: the request as a `curl` command per API region; [`clock`]: the fixed-time field;
//! - [`reference`]: the expression reference (tags, operators, filters, methods, settings), built
//!   from the engine's tables.
//!
//! ```
//! use callback_lab::lab::{LabAction, LabInputs, LabState};
//! let state = LabState::new(LabInputs::default(), None, 1_700_000_000_000);
//! assert_eq!(state.view.verdict.text(), "True");
//! let state = state.apply(LabAction::LoadSample("already-connected".into()), 1_700_000_000_000);
//! assert_eq!(state.view.verdict.text(), "False");
//! ```

pub mod clock;
pub mod curl;
pub mod inputs;
pub mod merge;
pub mod reference;
pub mod saved;
pub mod session;
pub mod view;

// The flow that runs, its picture and the samples are shared with the simulator (one layer down).
pub use crate::flow_roles::{layout, picture, samples, yourflow};
pub use inputs::{shipped_mission_flow, FlowSource, LabInputs, MissionFlow, PathInput};
pub use samples::{Sample, SAMPLES};
pub use session::{adopt, FlowChange, LabAction, LabState, Notice};
pub use view::{BodyStatus, Check, LabView, Verdict};
pub use yourflow::{FlowLoadError, YourFlow};
