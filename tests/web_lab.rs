//! The Condition lab page in a real headless Chromium: verdict, samples, typing in the response
//! field, the flow picture's node details, and an unreadable saved state set aside.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use callback_lab::storage::{LAB_BODY as BODY_KEY, LAB_STATE as STORAGE_KEY};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

#[path = "support/browser.rs"]
mod browser;

wasm_bindgen_test_configure!(run_in_browser);

use browser::{settle as tick, storage, window};

/// Mounts the whole app on the lab route into a fresh element.
async fn lab() -> (Element, yew::AppHandle<callback_lab::ui::App>) {
    let _ = window().history().unwrap().push_state_with_url(
        &wasm_bindgen::JsValue::NULL,
        "",
        Some("/lab"),
    );
    let root = browser::new_root();
    let handle = callback_lab::ui::mount(root.clone());
    tick().await;
    (root, handle)
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

fn click(root: &Element, selector: &str) {
    find(root, selector)
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

#[wasm_bindgen_test]
async fn verdict_is_a_status_and_follows_the_samples() {
    storage().clear().unwrap();
    let (root, handle) = lab().await;
    let verdict = find(&root, "#lab-verdict");
    assert_eq!(verdict.get_attribute("role").as_deref(), Some("status"));
    assert_eq!(text(&root, "#lab-verdict"), "True");
    let label = find(&root, "label[for=lab-body]");
    assert_eq!(label.text_content().unwrap(), "Search API response");
    click(&root, "button[data-sample=already-connected]");
    tick().await;
    assert_eq!(text(&root, "#lab-verdict"), "False");
    let field: HtmlTextAreaElement = find(&root, "#lab-body").dyn_into().unwrap();
    assert!(
        field.value().contains("\"Connected\""),
        "the field shows the sample"
    );
    let why = text(&root, ".lab-explanation");
    assert!(why.contains("callbackConnectTime == \"-1\""), "{why}");
    assert!(why.contains("failed"), "{why}");
    handle.destroy();
}

#[wasm_bindgen_test]
async fn typing_bad_json_keeps_the_text_and_shows_the_position() {
    storage().clear().unwrap();
    let (root, handle) = lab().await;
    let field: HtmlTextAreaElement = find(&root, "#lab-body").dyn_into().unwrap();
    field.set_value("{\"data\": nope}");
    field
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    tick().await;
    let status = text(&root, "#lab-body-status");
    assert!(status.contains("Not JSON at line 1, column 11"), "{status}");
    assert_eq!(field.value(), "{\"data\": nope}", "never lost");
    assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(text(&root, "#lab-verdict"), "False");
    handle.destroy();
}

#[wasm_bindgen_test]
async fn a_node_of_the_picture_opens_its_modified_variables() {
    storage().clear().unwrap();
    let (root, handle) = lab().await;
    let taken = root
        .query_selector_all(".flow-node.taken")
        .unwrap()
        .length();
    assert_eq!(taken, 5);
    let node = find(&root, "g.flow-node[data-label=SetVariable_searchresult]");
    assert_eq!(node.get_attribute("role").as_deref(), Some("button"));
    let event = web_sys::MouseEvent::new("click").unwrap();
    node.dispatch_event(&event).unwrap();
    tick().await;
    let details = text(&root, "#lab-node-details");
    assert!(details.contains("searchresult"), "{details}");
    assert_eq!(node.get_attribute("aria-pressed").as_deref(), Some("true"));
    handle.destroy();
}

#[wasm_bindgen_test]
async fn an_unreadable_saved_state_is_set_aside_with_a_message() {
    storage().clear().unwrap();
    callback_lab::ui::local_storage::dismiss_all();
    storage().set_item(STORAGE_KEY, "{not json").unwrap();
    let (root, handle) = lab().await;
    let alert = browser::wait_for(&root, "[role=alert]")
        .await
        .text_content()
        .unwrap_or_default();
    assert!(alert.contains("could not be read"), "{alert}");
    assert_eq!(
        storage()
            .get_item("callback-lab.lab.unreadable")
            .unwrap()
            .as_deref(),
        Some("{not json")
    );
    assert_eq!(text(&root, "#lab-verdict"), "True");
    handle.destroy();
    storage().clear().unwrap();
    callback_lab::ui::local_storage::dismiss_all();
}

/// Waits for the autosave (400 ms after edits settle).
async fn saved() {
    yew::platform::time::sleep(Duration::from_millis(600)).await;
}

fn set_value(root: &Element, selector: &str, value: &str) {
    let field: web_sys::HtmlInputElement = find(root, selector).dyn_into().unwrap();
    field.set_value(value);
    field
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn the_body_is_kept_under_its_own_key_and_restored() {
    storage().clear().unwrap();
    callback_lab::ui::local_storage::dismiss_all();
    let (root, handle) = lab().await;
    click(&root, "button[data-sample=already-connected]");
    tick().await;
    set_value(&root, "#lab-status", "201");
    saved().await;
    let body = storage()
        .get_item(BODY_KEY)
        .unwrap()
        .expect("the body entry");
    assert!(body.contains("\"Connected\""), "{body}");
    let state = storage().get_item(STORAGE_KEY).unwrap().unwrap();
    assert!(state.contains("\"version\": 2"), "{state}");
    assert!(
        !state.contains("Connected"),
        "the state has no body: {state}"
    );
    handle.destroy();

    // Another mount (a reload): the body is back in the field, with the other inputs.
    let (root, handle) = lab().await;
    let field: HtmlTextAreaElement = find(&root, "#lab-body").dyn_into().unwrap();
    assert_eq!(field.value(), body);
    let status: web_sys::HtmlInputElement = find(&root, "#lab-status").dyn_into().unwrap();
    assert_eq!(status.value(), "201");
    assert!(root.query_selector("[role=alert]").unwrap().is_none());
    // An edit that keeps the body leaves its entry alone (another tab's text would stay).
    storage().set_item(BODY_KEY, &format!("{body} ")).unwrap();
    set_value(&root, "#lab-status", "202");
    saved().await;
    assert_eq!(
        storage().get_item(BODY_KEY).unwrap(),
        Some(format!("{body} "))
    );
    assert!(storage()
        .get_item(STORAGE_KEY)
        .unwrap()
        .unwrap()
        .contains("\"202\""));
    handle.destroy();
    storage().clear().unwrap();
    callback_lab::ui::local_storage::dismiss_all();
}

#[wasm_bindgen_test]
async fn a_body_that_does_not_match_its_state_is_set_aside_and_the_rest_restores() {
    storage().clear().unwrap();
    callback_lab::ui::local_storage::dismiss_all();
    let (root, handle) = lab().await;
    set_value(&root, "#lab-status", "418");
    saved().await;
    handle.destroy();
    storage()
        .set_item(BODY_KEY, "{\"someone\": \"else\"}")
        .unwrap();

    let (root, handle) = lab().await;
    let alert = browser::wait_for(&root, "[role=alert]")
        .await
        .text_content()
        .unwrap_or_default();
    assert!(
        alert.contains("Your saved Condition lab response could not be read (it does not go with the rest of the saved data"),
        "{alert}"
    );
    assert!(
        alert.contains("“callback-lab.lab.body.unreadable”"),
        "{alert}"
    );
    assert_eq!(
        storage()
            .get_item("callback-lab.lab.body.unreadable")
            .unwrap()
            .as_deref(),
        Some("{\"someone\": \"else\"}")
    );
    let status: web_sys::HtmlInputElement = find(&root, "#lab-status").dyn_into().unwrap();
    assert_eq!(status.value(), "418");
    let field: HtmlTextAreaElement = find(&root, "#lab-body").dyn_into().unwrap();
    assert_eq!(field.value(), "");
    handle.destroy();
    storage().clear().unwrap();
    callback_lab::ui::local_storage::dismiss_all();
}

#[wasm_bindgen_test]
async fn a_misspelt_variable_warns_with_its_name_and_the_reference_lists_what_runs() {
    storage().clear().unwrap();
    let (root, handle) = lab().await;
    // Pebble prints an unknown variable as empty: the verdict is False, with a named warning.
    set_expression(
        &root,
        "{{ callbackConectTime == \"-1\" and callbackStatus == \"Not Processed\" }}",
    );
    tick().await;
    assert_eq!(text(&root, "#lab-verdict"), "False");
    let note = text(&root, "#lab-expression-note");
    assert!(
        note.contains("unknown variable `callbackConectTime`"),
        "{note}"
    );
    assert!(note.contains("callbackConnectTime"), "{note}");
    // A Java String method and a tag evaluate.
    set_expression(
        &root,
        "{% if callbackStatus.startsWith('Not') %}true{% else %}false{% endif %}",
    );
    tick().await;
    assert_eq!(text(&root, "#lab-verdict"), "True");
    // The reference is a closed <details> listing tags, filters and Java methods.
    let reference = find(&root, "details#lab-reference");
    assert!(!reference.has_attribute("open"));
    let listed = reference.text_content().unwrap_or_default();
    for item in [
        "{% for x in list %}",
        "numberformat",
        ".substring(begin[, end])",
        "Autoescaping: off",
    ] {
        assert!(listed.contains(item), "{item} not in the reference");
    }
    handle.destroy();
}

fn set_expression(root: &Element, value: &str) {
    let field: HtmlTextAreaElement = find(root, "#lab-expression").dyn_into().unwrap();
    field.set_value(value);
    field
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
}
