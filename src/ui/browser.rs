//! Small, failure-tolerant wrappers over the browser APIs the UI uses. Every call can fail (private
//! mode, sandboxed frames): failures are returned or ignored, never unwrapped. Storage is in
//! [`super::local_storage`].
//!
//! Natively (the build-time renderer, `super::prerender`) there is no browser: [`window`] is `None`,
//! so every wrapper does nothing, storage reads find nothing, and the page's address is the one the
//! renderer sets ([`base_href`], [`pathname`]).

use wasm_bindgen::JsValue;

/// The browser window; `None` natively, where a call into the browser would panic.
pub fn window() -> Option<web_sys::Window> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

/// The document's `<base href>` (trunk's `--public-url`), or the base the renderer is given.
pub fn base_href() -> Option<String> {
    match document() {
        Some(d) => d.query_selector("base").ok()??.get_attribute("href"),
        None => server::location().map(|(base, _)| base),
    }
}

/// The path of the page's address (`/callback-lab/lab`), or the one the renderer is given.
pub fn pathname() -> Option<String> {
    match window() {
        Some(w) => w.location().pathname().ok(),
        None => server::location().map(|(_, path)| path),
    }
}

/// `href` resolved against the absolute address `base` (the URL standard's way in the browser; at
/// build time a plain join, enough for the relative paths a guide links to).
pub fn resolve_url(href: &str, base: &str) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::Url::new_with_base(href, base)
            .ok()
            .map(|u| u.href())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let (origin_end, _) = base.match_indices('/').nth(2).unwrap_or((base.len(), ""));
        let mut segments: Vec<&str> = base.get(origin_end..)?.split('/').collect();
        segments.pop(); // the base's own file name
        for part in href.split('/') {
            match part {
                "." => {}
                ".." => {
                    if segments.len() > 1 {
                        segments.pop();
                    }
                }
                other => segments.push(other),
            }
        }
        Some(format!("{}{}", &base[..origin_end], segments.join("/")))
    }
}

/// The address of the page being rendered at build time.
pub mod server {
    use std::cell::RefCell;

    thread_local! {
        static LOCATION: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
    }

    /// Renders that follow see `base` as `<base href>` and `path` as the page's path.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn set_location(base: &str, path: &str) {
        LOCATION.with(|l| *l.borrow_mut() = Some((base.to_owned(), path.to_owned())));
    }

    pub(super) fn location() -> Option<(String, String)> {
        LOCATION.with(|l| l.borrow().clone())
    }
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
