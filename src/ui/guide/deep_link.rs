//! Deep links such as `…/guide/preventing-callback-duplication#build-3`: the page is rendered after the
//! browser looked for the fragment, so the element is brought into view and focused here.

use wasm_bindgen::JsCast;

use crate::ui::browser;

/// The decoded `#fragment` of the current URL, if any.
pub fn fragment() -> Option<String> {
    let hash = browser::window()?.location().hash().ok()?;
    let raw = hash.strip_prefix('#')?;
    if raw.is_empty() {
        return None;
    }
    let decoded = js_sys::decode_uri_component(raw)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| raw.to_owned());
    Some(decoded)
}

/// Scrolls the element the URL's fragment names into view and focuses it. Returns whether it exists.
pub fn reveal_fragment() -> bool {
    let Some(id) = fragment() else {
        return false;
    };
    let Some(element) = browser::document().and_then(|d| d.get_element_by_id(&id)) else {
        return false;
    };
    element.scroll_into_view();
    if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
        let _ = element.focus();
    }
    true
}
