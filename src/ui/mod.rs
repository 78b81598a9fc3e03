//! The Yew user interface: a thin view over the pure-Rust core. Each piece of state has one owner
//! and changes through one reducer: the app's ([`state`]: route, attendee ID, theme, and the
//! imported flow the lab and the exercises share), the Condition lab's ([`crate::lab::LabState`],
//! with what it knows of its stored entries) and the simulator session's ([`crate::sim::Session`]).
//! Components render state and send actions; browser services (storage, history, clipboard) sit in
//! their own small modules.
//!
//! The release build renders every route's first view to HTML at build time ([`prerender`], native);
//! [`start`] hydrates it. The first view is the same in both places because it reads nothing from
//! the browser: the app's stored state (attendee ID, theme, the imported flow) comes right after,
//! in one update, before the browser paints again ([`app`]).

mod app;
mod browser;
mod clock;
mod data_panel;
pub mod exercises;
mod files;
mod flow_picture;
pub mod guide;
mod header;
mod hydration;
mod lab;
pub mod local_storage;
mod mission_picker;
pub mod missions;
mod page_preview;
#[cfg(target_arch = "wasm32")]
mod panic_banner;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
pub mod route;
pub mod shared_flow;
mod state;
mod storage_notice;

pub use app::{App, AppProps};

/// Starts the app in `<div id="app">`: hydrates the page rendered at build time for this route, or
/// renders afresh (`404.html` serves deep links with an empty `#app`), then removes the boot message.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    panic_banner::install();
    let Some(document) = browser::document() else {
        return;
    };
    let root = match document.get_element_by_id("app") {
        Some(root) => root,
        None => {
            // An `index.html` from before prerendering: the app takes the whole body.
            let Some(body) = document.body() else {
                return;
            };
            body.into()
        }
    };
    // How it started, for tests and the curious: `hydrated` or `rendered`.
    let how = if hydration::prerendered_for_this_page(&root) {
        hydration::before(&root);
        yew::Renderer::<App>::with_root(root).hydrate();
        "hydrated"
    } else {
        root.set_inner_html("");
        yew::Renderer::<App>::with_root(root).render();
        "rendered"
    };
    browser::set_root_attribute("data-start", Some(how));
    if let Some(boot) = document.get_element_by_id("boot") {
        boot.remove();
    }
    browser::set_root_attribute("data-app", Some("ready"));
}

/// Mounts the app into a given element (used by the wasm-bindgen tests).
#[cfg(target_arch = "wasm32")]
pub fn mount(root: web_sys::Element) -> yew::AppHandle<App> {
    yew::Renderer::<App>::with_root(root).render()
}

/// Mounts the app showing `missions` instead of the compiled ones (the browser tests' own missions).
#[cfg(target_arch = "wasm32")]
pub fn mount_with(
    root: web_sys::Element,
    missions: crate::missions::Registry,
) -> yew::AppHandle<App> {
    let props = AppProps {
        missions: missions::Missions(std::rc::Rc::new(missions)),
    };
    yew::Renderer::<App>::with_root_and_props(root, props).render()
}
