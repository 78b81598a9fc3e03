//! Putting a text on the clipboard: the Clipboard API, else `document.execCommand('copy')` on a
//! temporary text field, else the attendee copies by hand a text the caller selects for them.
//!
//! Every browser call can be missing or throw (insecure origin, denied permission, old browser): each
//! step is checked, none is unwrapped.

use js_sys::{Function, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlDocument, HtmlElement, HtmlTextAreaElement};

use crate::ui::browser;

/// How a copy ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyOutcome {
    /// The text is on the clipboard.
    Copied,
    /// The browser refused: select the text and ask the attendee to press Ctrl+C.
    SelectToCopy,
}

/// Copies `text`; `done` is called once, now or when the browser answers.
pub fn copy_text(text: &str, done: impl FnOnce(CopyOutcome) + 'static) {
    let Some(clipboard) = async_clipboard() else {
        done(exec_command_copy(text));
        return;
    };
    let promise = clipboard.write_text(text);
    let then = Reflect::get(&promise, &JsValue::from_str("then"))
        .ok()
        .and_then(|then| then.dyn_into::<Function>().ok());
    let Some(then) = then else {
        done(exec_command_copy(text));
        return;
    };
    // One of the two callbacks runs; each takes `done` from the shared cell.
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let on_copied = {
        let done = done.clone();
        Closure::once_into_js(move |_: JsValue| {
            if let Some(done) = done.borrow_mut().take() {
                done(CopyOutcome::Copied);
            }
        })
    };
    let on_refused = {
        let text = text.to_owned();
        Closure::once_into_js(move |_: JsValue| {
            if let Some(done) = done.borrow_mut().take() {
                done(exec_command_copy(&text));
            }
        })
    };
    let _ = then.call2(&promise, &on_copied, &on_refused);
}

/// `navigator.clipboard` when it exists and has `writeText` (absent on insecure origins).
fn async_clipboard() -> Option<web_sys::Clipboard> {
    let navigator = browser::window()?.navigator();
    let clipboard = Reflect::get(&navigator, &JsValue::from_str("clipboard")).ok()?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return None;
    }
    let write_text = Reflect::get(&clipboard, &JsValue::from_str("writeText")).ok()?;
    write_text.is_function().then(|| clipboard.unchecked_into())
}

/// The old way: select the text in a temporary, off-screen text field and `execCommand('copy')`.
/// Focus goes back to where it was.
fn exec_command_copy(text: &str) -> CopyOutcome {
    let copied = (|| {
        let document = browser::document()?;
        let html_document: HtmlDocument = document.clone().dyn_into().ok()?;
        let exec = Reflect::get(&html_document, &JsValue::from_str("execCommand")).ok()?;
        if !exec.is_function() {
            return None;
        }
        let body = document.body()?;
        let previous = document.active_element();
        let field: HtmlTextAreaElement =
            document.create_element("textarea").ok()?.dyn_into().ok()?;
        field.set_value(text);
        let _ = field.set_attribute("readonly", "");
        let _ = field.set_attribute("aria-hidden", "true");
        let _ = field.set_attribute(
            "style",
            "position:fixed;top:0;left:-9999px;width:1px;height:1px;opacity:0",
        );
        body.append_child(&field).ok()?;
        field.select();
        let copied = html_document.exec_command("copy").unwrap_or(false);
        field.remove();
        if let Some(previous) = previous.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
            let _ = previous.focus();
        }
        Some(copied)
    })();
    if copied == Some(true) {
        CopyOutcome::Copied
    } else {
        CopyOutcome::SelectToCopy
    }
}

/// Selects the text of `element` so that Ctrl+C copies it.
pub fn select_contents(element: &Element) {
    let Some(window) = browser::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let Ok(Some(selection)) = window.get_selection() else {
        return;
    };
    let Ok(range) = document.create_range() else {
        return;
    };
    if range.select_node_contents(element).is_ok() {
        let _ = selection.remove_all_ranges();
        let _ = selection.add_range(&range);
    }
}
