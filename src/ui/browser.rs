//! Small, failure-tolerant wrappers over the browser APIs the UI uses. Every call can fail (private
//! mode, sandboxed frames): failures are returned or ignored, never unwrapped. Storage is in
//! [`super::local_storage`].

use wasm_bindgen::JsValue;

pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

pub fn document() -> Option<web_sys::Document> {
    window()?.document()
}

/// The text of a thrown JS value (an `Error`'s message, or the value itself).
pub fn js_message(value: &JsValue) -> String {
    if let Some(s) = value.as_string() {
        return s;
    }
    js_sys::Reflect::get(value, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

/// Takes `?name=value` out of the current URL (history entry replaced, nothing reloaded): a link's
/// parameter is applied once, and neither in-app navigation nor a reload applies it again.
/// The other parameters and the `#fragment` stay.
pub fn take_query_param(name: &str) -> Option<String> {
    let window = window()?;
    let location = window.location();
    let params = web_sys::UrlSearchParams::new_with_str(&location.search().ok()?).ok()?;
    let value = params.get(name)?;
    params.delete(name);
    let rest = String::from(params.to_string());
    let search = if rest.is_empty() {
        String::new()
    } else {
        format!("?{rest}")
    };
    let url = format!(
        "{}{search}{}",
        location.pathname().unwrap_or_default(),
        location.hash().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
    Some(value)
}

/// Sets or removes an attribute on `<html>` (theme, ready flag).
pub fn set_root_attribute(name: &str, value: Option<&str>) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = match value {
            Some(v) => root.set_attribute(name, v),
            None => root.remove_attribute(name),
        };
    }
}
