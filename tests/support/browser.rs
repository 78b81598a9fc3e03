//! Shared by the browser suites (`tests/web*.rs`, `#[path = "support/browser.rs"] mod browser;`):
//! the page's storage, a fresh element to mount into, and a wait for Yew to render.
// Each suite uses a part of it.
#![allow(dead_code)]

use std::time::Duration;

pub fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

pub fn document() -> web_sys::Document {
    window().document().unwrap()
}

pub fn storage() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

/// A new empty element at the end of the body.
pub fn new_root() -> web_sys::Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

/// Lets Yew render and effects run.
pub async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(40)).await;
}

/// Waits until `selector` matches inside `root` (polling, up to 10 s: a loaded machine can take far
/// longer than one [`settle`] to render), then returns the element; panics with the selector if not.
pub async fn wait_for(root: &web_sys::Element, selector: &str) -> web_sys::Element {
    for _ in 0..250 {
        if let Ok(Some(found)) = root.query_selector(selector) {
            return found;
        }
        settle().await;
    }
    panic!("no {selector} after 10 s")
}
