//! Component tests in a real headless Chromium (wasm-bindgen-test + ChromeDriver).
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

#[path = "support/browser.rs"]
mod browser;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app into a fresh element and lets Yew render.
async fn mounted() -> web_sys::Element {
    let root = browser::new_root();
    callback_lab::ui::mount(root.clone());
    browser::settle().await;
    root
}

#[wasm_bindgen_test]
async fn shell_has_title_navigation_and_attendee_field() {
    let root = mounted().await;
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("Callback Lab companion"), "{text}");
    let links: Vec<String> = (0..3)
        .filter_map(|i| root.query_selector_all("nav a").unwrap().item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect();
    assert_eq!(links, ["Guide", "Condition lab", "Exercises"]);
    let label = root
        .query_selector("label[for=attendee-id]")
        .unwrap()
        .unwrap();
    assert_eq!(label.text_content().unwrap(), "Attendee ID");
}

#[wasm_bindgen_test]
async fn typing_a_bad_attendee_id_shows_an_inline_error() {
    let root = mounted().await;
    let input: web_sys::HtmlInputElement = root
        .query_selector("#attendee-id")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    input.set_value("12x");
    let event = web_sys::InputEvent::new("input").unwrap();
    input.dispatch_event(&event).unwrap();
    yew::platform::time::sleep(Duration::from_millis(30)).await;
    let error = root.query_selector("#attendee-id-error").unwrap();
    let message = error
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default();
    assert!(message.contains("digits only"), "error was: {message:?}");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
}
