//! The lab's Markdown missions as a typed document the UI renders.
//!
//! Pipeline, top to bottom:
//! - [`parse`]: Markdown → [`MissionDoc`] plus [`Diagnostic`]s for `flowlab check`, in two stages:
//!   [`markdown`] renders the page as the lab's MkDocs does (Python-Markdown's algorithm and the
//!   extensions of the lab's `mkdocs.yml`) and builds the DOM a browser would ([`html`] reads the
//!   author's HTML), then [`lower`] reads the typed document off that DOM,
//! - [`model`]: the document; no node holds raw HTML, links are [`SafeHref`]s,
//! - [`attendee`]: the attendee ID and how values carry it ([`CopyPayload`]),
//! - [`progress`]: completed steps per mission, as stored in the browser.
//!
//! Rendering is one `match` per enum; values that carry the attendee ID are computed from it (an
//! example on the app's missions: `callback_lab::missions`).

pub mod admonition;
pub mod attendee;
pub mod diagnostic;
pub mod href;
pub mod html;
pub mod lower;
pub mod markdown;
pub mod model;
pub mod outline;
pub mod parse;
pub mod progress;

pub use attendee::{substitute, AttendeeId, AttendeeIdError, CopyPayload, PLACEHOLDER};
pub use diagnostic::{Diagnostic, DiagnosticKind, LineTable, Severity};
pub use href::{HrefKind, SafeHref};
pub use model::*;
pub use parse::{parse_mission, slugify, ParsedMission, Reference, STEP_SECTIONS};
pub use progress::{
    MissionProgress, ProgressChange, ProgressError, ProgressSummary, PROGRESS_VERSION,
};
