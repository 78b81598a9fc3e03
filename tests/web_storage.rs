//! The browser's `localStorage` behind the storage registry, in a real headless Chromium: a full
//! storage is `QuotaExceeded` (not a generic refusal) and reaches the storage notice; damaged data is
//! set aside and listed by the app.
#![cfg(target_arch = "wasm32")]

use callback_lab::storage::{Backend, ThemeChoice, ThemeKey, WriteError, THEME};
use callback_lab::ui::local_storage::{self, LocalStorage};
use wasm_bindgen_test::*;
use web_sys::Element;

#[path = "support/browser.rs"]
mod browser;

wasm_bindgen_test_configure!(run_in_browser);

use browser::{settle, storage};

/// Fills the storage to its last character with one entry under `key`.
fn fill(key: &str) {
    let (mut lo, mut hi) = (0usize, 12_000_000usize);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if storage().set_item(key, &"x".repeat(mid)).is_ok() {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    storage().set_item(key, &"x".repeat(lo)).unwrap();
}

async fn mounted() -> (Element, yew::AppHandle<callback_lab::ui::App>) {
    let root = browser::new_root();
    let handle = callback_lab::ui::mount(root.clone());
    settle().await;
    (root, handle)
}

#[wasm_bindgen_test]
async fn a_full_storage_is_quota_exceeded_and_reported() {
    storage().clear().unwrap();
    local_storage::dismiss_all();
    fill("callback-lab.lab.unreadable");
    let mut store = LocalStorage::open();
    assert_eq!(
        store.set("callback-lab.theme", "dark"),
        Err(WriteError::QuotaExceeded)
    );
    assert_eq!(
        local_storage::save::<ThemeKey>(THEME, &ThemeChoice::Dark),
        Err(WriteError::QuotaExceeded)
    );
    let reports: Vec<String> = local_storage::reports()
        .iter()
        .map(|r| r.to_string())
        .collect();
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert!(
        reports[0]
            .starts_with("Your theme was not saved: this browser's storage for the site is full."),
        "{reports:?}"
    );
    // Room again: the save goes through and the report is resolved.
    storage()
        .remove_item("callback-lab.lab.unreadable")
        .unwrap();
    assert_eq!(
        local_storage::save::<ThemeKey>(THEME, &ThemeChoice::Dark),
        Ok(())
    );
    assert!(local_storage::reports().is_empty());
    storage().clear().unwrap();
}

#[wasm_bindgen_test]
async fn damaged_data_is_set_aside_and_shown_in_one_alert() {
    storage().clear().unwrap();
    local_storage::dismiss_all();
    // The guide's own key: a value that is not 3 digits is the guide's business, left as it is.
    storage().set_item("attendeeID", "<b>1</b>").unwrap();
    storage()
        .set_item("callback-lab.theme", "<b>dark</b>")
        .unwrap();
    let (root, handle) = mounted().await;
    // The stored state is read once the first view is up (it may be a prerendered page's).
    browser::wait_for(&root, ".storage-notice").await;
    let alerts = root.query_selector_all("[role=alert]").unwrap();
    assert_eq!(alerts.length(), 1);
    let text = root
        .query_selector(".storage-notice")
        .unwrap()
        .and_then(|n| n.text_content())
        .unwrap_or_default();
    assert!(
        text.contains("Your saved theme could not be read"),
        "{text}"
    );
    assert!(text.contains("“callback-lab.theme.unreadable”"), "{text}");
    assert!(!text.contains("attendee ID"), "{text}");
    assert_eq!(
        storage()
            .get_item("callback-lab.theme.unreadable")
            .unwrap()
            .as_deref(),
        Some("<b>dark</b>")
    );
    assert_eq!(storage().get_item("callback-lab.theme").unwrap(), None);
    assert_eq!(
        storage().get_item("attendeeID").unwrap().as_deref(),
        Some("<b>1</b>")
    );
    assert_eq!(storage().get_item("attendeeID.unreadable").unwrap(), None);
    // Shown as text, never as markup.
    assert!(root.query_selector(".storage-notice b").unwrap().is_none());
    handle.destroy();
    storage().clear().unwrap();
    local_storage::dismiss_all();
}
