//! Small, failure-tolerant wrappers over the browser APIs the UI uses. Every call can fail (private
//! mode, storage quota, sandboxed frames): failures are returned or ignored, never unwrapped.

use wasm_bindgen::JsValue;

pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

pub fn document() -> Option<web_sys::Document> {
    window()?.document()
}

fn local_storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

/// Reads a `localStorage` entry; `None` when absent or when storage is unavailable.
pub fn storage_get(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Why a value could not be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    Unavailable,
    /// Usually the quota; the browser's message is kept for the report.
    Rejected(String),
}

pub fn storage_set(key: &str, value: &str) -> Result<(), StorageError> {
    let storage = local_storage().ok_or(StorageError::Unavailable)?;
    storage
        .set_item(key, value)
        .map_err(|e| StorageError::Rejected(js_message(&e)))
}

pub fn storage_remove(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
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

/// The `?name=value` query parameter of the current URL, if any.
pub fn query_param(name: &str) -> Option<String> {
    let search = window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get(name)
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

/// Every `localStorage` entry of this origin (empty when storage is unavailable).
pub fn storage_entries() -> Vec<(String, String)> {
    let Some(storage) = local_storage() else {
        return Vec::new();
    };
    let len = storage.length().unwrap_or(0);
    (0..len)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter_map(|key| {
            let value = storage.get_item(&key).ok().flatten()?;
            Some((key, value))
        })
        .collect()
}
