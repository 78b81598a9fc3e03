//! "Your flow, checked": import an attendee's Flow Designer export, export the canonical mission flow
//! in the same shape, and compare a flow with a mission step by step.
//!
//! - [`import`]: tolerant import of an export (file drop or paste) into the [`Flow`] model, with
//!   `line:column` errors and size/depth limits; unknown activity kinds are kept as opaque nodes;
//! - [`export`]: a flow as export JSON (`import(export(flow))` is the same model);
//! - [`check`] / [`check_imported`]: findings in the guide's words with their Build step and a link
//!   to it; what a mission expects is data ([`mission::MISSIONS`]: a reference export plus a table);
//! - [`mission_input`]: where the Condition lab / exercise mode start on an imported flow.
//!
//! ```
//! use callback_lab::flowcheck::{check, export, import, mission, Severity};
//! let spec = mission(4).unwrap();
//! let canonical = callback_lab::flow::mission_flow().unwrap();
//! let imported = import(&export(&canonical)).unwrap();
//! assert_eq!(imported.flow, canonical);
//! assert!(check(&imported.flow, spec).iter().all(|f| f.severity == Severity::Note));
//! ```
//!
//! [`Flow`]: crate::flow::Flow

pub mod check;
pub mod mission;

// The Flow Designer export file belongs to the flow crate; kept here under the old names (each of
// `export` and `import` is both the module and its function).
pub use ::flow::{export, import, locate, DroppedLink, Imported};

pub use check::{
    check, check_imported, is_mission_flow, match_nodes, mission_input, mission_labels, reference,
    Finding, Severity,
};
pub use mission::{mission, Check, MissionSpec, Role, Sample, Setting, MISSIONS};
