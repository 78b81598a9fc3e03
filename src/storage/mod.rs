//! Everything the companion keeps in the browser's `localStorage`, in one place.
//!
//! - [`keys`]: the registry — every key, what it is, its format and version, its earlier names;
//! - [`schemas`]: each key's typed codec ([`Stored`]), with migrations from older versions;
//! - [`access`]: the one read path ([`load`]: found, absent, or set aside with a reason — never a
//!   panic, never a silent overwrite) and the one write path ([`save`]: a typed [`WriteError`]);
//! - [`inventory`]: what is stored, for the "Your data" list; [`import`]: a backup's entries
//!   written through the registry;
//! - [`lab_state`]: the Condition lab's state as two entries (its inputs, and the response body
//!   written only when it changed), merged with another tab's saves; [`your_flow`]: the imported
//!   flow the lab and the exercises share;
//! - [`backend`]: the store itself ([`Backend`]: `localStorage` in the app, [`MemoryStore`] in tests).
//!
//! Pure Rust: the UI supplies the browser's storage and shows the [`Report`]s.

pub mod access;
pub mod backend;
mod envelope;
pub mod import;
pub mod inventory;
pub mod keys;
pub mod lab_state;
mod reason;
pub mod schemas;
pub mod your_flow;

pub use access::{
    decode, keep_aside, load, move_aside, save, set_aside, Kept, Loaded, Report, SetAside,
};
pub use backend::{entry_size, Backend, MemoryStore, WriteError};
pub use import::{import, ImportReport};
pub use inventory::{format_size, Inventory, Item, MoreSetAside};
pub use keys::{
    classify, KeySpec, Role, ATTENDEE_ID, CURRENT_MISSION, EXERCISE_PROGRESS,
    GUIDE_PROGRESS_PREFIX, KEYS, LAB_BODY, LAB_STATE, SIMULATOR_SESSION, THEME, YOUR_FLOW,
};
pub use reason::Unreadable;
pub use schemas::{
    AttendeeIdKey, CurrentMissionKey, ExerciseProgressKey, GuideProgressKey, LabBodyKey,
    LabStateKey, SimulatorSessionKey, Stored, ThemeChoice, ThemeKey, YourFlowKey,
};
