//! Callback Lab companion.
//!
//! The crate has a pure-Rust core that runs natively (tests, the `flowlab` CLI) and in the browser:
//! - [`engine`]: the Flow Designer expression language (Pebble-based templates),
//! - [`flow`]: the flow model and runner (HTTP Request, parse settings, Condition, …),
//! - [`flowcheck`]: Flow Designer export import/export and the mission checker,
//! - [`guide`]: the lab's Markdown missions as a typed document,
//! - [`lab`]: the Condition lab's view model (inputs → run → what the page shows),
//! - [`sim`]: the simulated contact center, Analyzer store, Search API and exercises,
//! - [`storage`]: the registry of everything kept in the browser, its one read and one write path,
//! - [`backup`]: export/import of everything kept in the browser (through [`storage`]).
//!
//! The Yew user interface (`ui`) is compiled for `wasm32` only and stays a thin view over the core.

pub mod backup;
pub mod engine;
pub mod flow;
pub mod flowcheck;
pub mod guide;
pub mod lab;
pub mod sim;
pub mod stable_sort;
pub mod storage;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod ui;
