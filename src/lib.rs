//! Callback Lab companion.
//!
//! The crate has a pure-Rust core that runs natively (tests, the `flowlab` CLI) and in the browser.
//! The lower layers are crates of their own (README "Layers"), re-exported here under their module
//! names so `callback_lab::engine::…` and `crate::flow::…` read as before:
//! - [`engine`] (crate `engine`): the Flow Designer expression language (Pebble-based templates),
//! - [`flow`] (crate `flow`): the flow model and runner (HTTP Request, parse settings, Condition, …)
//!   and Flow Designer export import/export,
//! - [`guide`] (crate `guide`): the lab's Markdown missions as a typed document,
//! - [`stable_sort`] (crate `stable_sort`): one stable sort for every layer.
//!
//! The app's own modules:
//! - [`missions`]: every mission as one value (its folder under `content/missions/`), in one registry,
//! - [`flowcheck`]: the mission checker (and the flow crate's import/export under their old names),
//! - [`flow_roles`]: what the lab and the simulator share: the flow that runs (the mission's or the
//!   attendee's imported one), its picture and the sample responses,
//! - [`lab`]: the Condition lab's view model (inputs → run → what the page shows),
//! - [`sim`]: the simulated contact center, Analyzer store, Search API and exercises,
//! - [`notice`]: the one message type the pages show above their content,
//! - [`storage`]: the registry of everything kept in the browser, its one read and one write path,
//! - [`backup`]: export/import of everything kept in the browser (through [`storage`]).
//!
//! The Yew user interface (`ui`) stays a thin view over the core. It runs in the browser (`wasm32`),
//! and natively only to render the pages' first view at build time (`src/bin/prerender.rs`).

pub use ::engine;
pub use ::flow;
pub use ::stable_sort;

pub mod backup;
pub mod flow_roles;
pub mod flowcheck;
pub mod guide;
pub mod lab;
pub mod missions;
pub mod notice;
pub mod sim;
pub mod storage;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

pub mod ui;
