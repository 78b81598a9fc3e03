//! Exercises page components in a real headless Chromium: the simulator played by clicks (the
//! session saved as its actions and replayed), exercises checked and progress stored, corrupt
//! storage starting fresh with a message.
#![cfg(target_arch = "wasm32")]

use callback_lab::sim::Progress;
use callback_lab::ui::exercises::session::{Session, SESSION_KEY};
use callback_lab::ui::exercises::storage::PROGRESS_KEY;
use callback_lab::ui::exercises::ExercisesPage;
use callback_lab::ui::local_storage;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

#[path = "support/browser.rs"]
mod browser;

wasm_bindgen_test_configure!(run_in_browser);

use browser::{settle, storage};

/// Mounts the page into a fresh element.
async fn mounted() -> (Element, yew::AppHandle<ExercisesPage>) {
    let root = browser::new_root();
    let handle = yew::Renderer::<ExercisesPage>::with_root(root.clone()).render();
    settle().await;
    (root, handle)
}

fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default()
}

/// Clicks the first button whose text is `text`.
async fn click(root: &Element, text: &str) {
    let buttons = root.query_selector_all("button").unwrap();
    let button = (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .find(|b| b.text_content().unwrap_or_default().trim() == text)
        .unwrap_or_else(|| panic!("no button {text:?}"));
    button.dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
}

async fn send_keys(root: &Element, keys: &str) {
    let input: HtmlInputElement = root
        .query_selector("#ex-keys")
        .unwrap()
        .expect("keys field")
        .dyn_into()
        .unwrap();
    input.set_value(keys);
    input
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
    click(root, "Send keys").await;
}

async fn call_for_callback(root: &Element) {
    click(root, "Place call").await;
    click(root, "Press 1 — Callback").await;
    send_keys(root, "+14085267209").await;
    click(root, "Press 1 — Number OK").await;
}

#[wasm_bindgen_test]
async fn two_calls_by_clicks_the_duplicate_message_and_a_stored_replayable_session() {
    storage().clear().unwrap();
    let (root, handle) = mounted().await;
    assert!(text_of(&root, "#ex-agent-state").starts_with("Not Available"));
    call_for_callback(&root).await;
    let heard = text_of(&root, "[role=log]");
    assert!(
        heard.contains("Your call has been scheduled for a callback"),
        "{heard}"
    );
    assert!(heard.contains("pressed 1: Callback"), "{heard}");
    assert!(heard.contains("entered 14085267209"), "{heard}");
    call_for_callback(&root).await;
    let heard = text_of(&root, "[role=log]");
    assert!(
        heard.contains("The callback for provided number has been scheduled already"),
        "{heard}"
    );
    // The Debugger lists the second call first, with searchresult.
    let first = text_of(&root, ".ex-interaction-list li");
    assert!(first.starts_with("Interaction 2"), "{first}");
    let set = text_of(&root, "li.ex-step[data-label=SetVariable_searchresult]");
    assert!(
        set.contains("searchresult") && set.contains("Not Processed"),
        "{set}"
    );

    // The session is stored as its actions (after the last render settles, however slow the
    // machine); replayed it gives the same center.
    let mut stored = String::new();
    for _ in 0..50 {
        stored = storage().get_item(SESSION_KEY).unwrap().unwrap_or_default();
        if stored.matches(r#""action":"#).count() == 8 {
            break;
        }
        settle().await;
    }
    assert!(stored.contains(r#""action":"place-call""#), "{stored}");
    let restored = Session::restore(Some(&stored), None);
    let cc = restored.center.as_ref().unwrap();
    assert_eq!(cc.history().len(), 8);
    assert!(cc
        .interaction(2)
        .unwrap()
        .heard("PlayMessage_AlreadyScheduled"));

    // Agent Available: the callback is delivered, the task's status changes.
    click(&root, "Make Available").await;
    let tasks = text_of(&root, "#ex-tasks-table");
    assert!(
        tasks.contains("Connected") && !tasks.contains("Not Processed"),
        "{tasks}"
    );
    handle.destroy();
}

#[wasm_bindgen_test]
async fn a_scenario_exercise_checks_the_session_and_progress_is_stored() {
    storage().clear().unwrap();
    let (root, handle) = mounted().await;
    assert_eq!(text_of(&root, "#ex-progress"), "0 of 9 exercises passed");
    click(&root, "Place call").await;
    // The scenario exercise, checked too early: failed, with the reason.
    let item = root
        .query_selector("li[data-exercise=second-call-duplicate] button")
        .unwrap()
        .unwrap();
    item.dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    click(&root, "Check my simulator session").await;
    let result = text_of(&root, ".ex-result");
    assert!(result.contains("Not yet: 1 call(s) placed"), "{result}");
    assert_eq!(
        root.query_selector("li[data-exercise=second-call-duplicate]")
            .unwrap()
            .unwrap()
            .get_attribute("data-status")
            .as_deref(),
        Some("failed")
    );
    click(&root, "Reset the simulator").await;
    call_for_callback(&root).await;
    call_for_callback(&root).await;
    click(&root, "Check my simulator session").await;
    let result = text_of(&root, ".ex-result");
    assert!(result.starts_with("Passed."), "{result}");
    assert!(result.contains("Explanation:"), "{result}");
    assert_eq!(text_of(&root, "#ex-progress"), "1 of 9 exercises passed");
    let stored = storage()
        .get_item(PROGRESS_KEY)
        .unwrap()
        .expect("progress stored");
    let progress = Progress::from_json(&stored);
    let entry = progress.results.get("second-call-duplicate").unwrap();
    assert!(entry.passed);
    assert_eq!(entry.attempts, 2);
    handle.destroy();
}

#[wasm_bindgen_test]
async fn corrupt_storage_starts_fresh_with_messages_and_no_panic() {
    storage().clear().unwrap();
    local_storage::dismiss_all();
    storage().set_item(PROGRESS_KEY, "{\"version\":1,").unwrap();
    storage()
        .set_item(
            SESSION_KEY,
            r#"{"version":1,"actions":[{"action":"advance-clock","ms":0}]}"#,
        )
        .unwrap();
    let (root, handle) = mounted().await;
    // The app's storage notice gets the reports (it is not part of this page alone).
    let reports: Vec<String> = local_storage::reports()
        .iter()
        .map(|r| r.to_string())
        .collect();
    let text = reports.join("\n");
    assert!(
        text.contains("Your saved exercise progress could not be read"),
        "{text}"
    );
    assert!(text.contains("could not be replayed (action 1:"), "{text}");
    assert_eq!(text_of(&root, "#ex-progress"), "0 of 9 exercises passed");
    assert_eq!(text_of(&root, "#ex-current-call"), "No call yet");
    // Both set aside, byte for byte.
    assert!(storage().get_item(SESSION_KEY).unwrap().is_none());
    assert_eq!(
        storage()
            .get_item("callback-lab.exercises.session.unreadable")
            .unwrap()
            .as_deref(),
        Some(r#"{"version":1,"actions":[{"action":"advance-clock","ms":0}]}"#)
    );
    assert_eq!(
        storage()
            .get_item("callback-lab.progress.exercises.unreadable")
            .unwrap()
            .as_deref(),
        Some("{\"version\":1,")
    );
    handle.destroy();
    storage().clear().unwrap();
    local_storage::dismiss_all();
}
