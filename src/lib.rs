//! Callback Lab companion.
//!
//! The crate has a pure-Rust core that runs natively (tests, the `flowlab` CLI) and in the browser:
//! - [`engine`]: the Flow Designer expression language (Pebble-based templates),
//! - [`flow`]: the flow model and runner (HTTP Request, parse settings, Condition, …),
//! - [`guide`]: the lab's Markdown missions as a typed document.
//!
//! The Yew user interface (`ui`) is compiled for `wasm32` only and stays a thin view over the core.

pub mod engine;
pub mod flow;
pub mod flowcheck;
pub mod guide;
pub mod sim;
pub mod lab;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod ui;
