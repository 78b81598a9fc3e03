//! Keeps keyboard users in place: when the control they used disappears (a menu answered, a call
//! ended), focus moves to the next sensible control instead of falling back to the page.

use wasm_bindgen::JsCast;

use crate::ui::browser;

/// Focuses the first element of `ids` that exists, but only when focus was lost (on `<body>` or
/// nowhere).
pub fn refocus_if_lost(ids: &[&str]) {
    let Some(document) = browser::document() else {
        return;
    };
    let lost = match document.active_element() {
        None => true,
        Some(active) => document
            .body()
            .is_some_and(|body| active == *body.unchecked_ref::<web_sys::Element>()),
    };
    if !lost {
        return;
    }
    for id in ids {
        if let Some(element) = document
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
            return;
        }
    }
}
