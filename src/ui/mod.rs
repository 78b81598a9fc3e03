//! The Yew user interface: a thin view over the pure-Rust core. Each piece of state has one owner
//! and changes through one reducer: the app's ([`state`]: route, attendee ID, theme, and the
//! imported flow the lab and the exercises share), the Condition lab's ([`crate::lab::LabState`],
//! with what it knows of its stored entries) and the simulator session's ([`crate::sim::Session`]).
//! Components render state and send actions; browser services (storage, history, clipboard) sit in
//! their own small modules.

mod app;
mod browser;
mod clock;
mod data_panel;
pub mod exercises;
mod files;
mod flow_picture;
pub mod guide;
mod header;
mod lab;
pub mod local_storage;
mod mission_picker;
pub mod missions;
mod panic_banner;
pub mod route;
pub mod shared_flow;
mod state;
mod storage_notice;

pub use app::{App, AppProps};

/// Mounts the app into `<body>`, replacing the static boot screen of `index.html`.
pub fn start() {
    panic_banner::install();
    let Some(document) = browser::document() else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    if let Some(boot) = document.get_element_by_id("boot") {
        boot.remove();
    }
    let root: web_sys::Element = body.into();
    yew::Renderer::<App>::with_root(root).render();
    if let Some(html) = document.document_element() {
        let _ = html.set_attribute("data-app", "ready");
    }
}

/// Mounts the app into a given element (used by the wasm-bindgen tests).
pub fn mount(root: web_sys::Element) -> yew::AppHandle<App> {
    yew::Renderer::<App>::with_root(root).render()
}

/// Mounts the app showing `missions` instead of the compiled ones (the browser tests' own missions).
pub fn mount_with(
    root: web_sys::Element,
    missions: crate::missions::Registry,
) -> yew::AppHandle<App> {
    let props = AppProps {
        missions: missions::Missions(std::rc::Rc::new(missions)),
    };
    yew::Renderer::<App>::with_root_and_props(root, props).render()
}
