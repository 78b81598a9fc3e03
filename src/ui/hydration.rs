//! Hydrating the page rendered at build time: whether `#app` holds this route's first view, what the
//! attendee typed into the "Attendee ID" field before the app started (kept, where hydration alone
//! would reset the field), and a check that the app's first view is exactly what the page showed
//! (the prerendered page, with the ID `static/boot.js` put in). A difference is logged as a
//! "hydration mismatch" warning: the attendee would see it change.

use std::cell::RefCell;

use crate::guide::AttendeeId;
use crate::storage::{AttendeeIdKey, ATTENDEE_ID};

/// The attribute the build-time renderer puts on `#app`: the route it rendered (`lab`, `` for the guide).
pub const ROUTE_ATTRIBUTE: &str = "data-route";

#[derive(Default)]
struct Before {
    /// `#app`'s markup as prerendered, without comments (Yew's component markers leave at hydration).
    markup: Option<String>,
    typed_attendee: Option<String>,
}

thread_local! {
    static BEFORE: RefCell<Before> = RefCell::new(Before::default());
}

/// Whether `root` holds the first view of the page the browser is on (not, say, `404.html`'s shell
/// serving a deep link, or the guide's page served offline for another route).
#[cfg(target_arch = "wasm32")]
pub fn prerendered_for_this_page(root: &web_sys::Element) -> bool {
    root.child_element_count() > 0
        && root
            .get_attribute(ROUTE_ATTRIBUTE)
            .is_some_and(|r| super::route::Route::from_relative(&r) == super::route::current())
}

/// Records what the page shows and holds before hydration, and takes the "Attendee ID" field over
/// from `static/boot.js`, which made it work before the app started.
#[cfg(target_arch = "wasm32")]
pub fn before(root: &web_sys::Element) {
    use wasm_bindgen::JsCast;
    if let Some(window) = super::browser::window() {
        let stop = js_sys::Reflect::get(&window, &"callbackLabPreview".into())
            .and_then(|preview| js_sys::Reflect::get(&preview, &"stop".into()))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(stop) = stop {
            let _ = stop.call0(&wasm_bindgen::JsValue::NULL);
        }
    }
    let typed = super::browser::document()
        .and_then(|d| d.get_element_by_id(super::header::ATTENDEE_FIELD_ID))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|field| field.value())
        .filter(|text| !text.is_empty());
    BEFORE.with(|b| {
        *b.borrow_mut() = Before {
            markup: Some(without_comments(&root.inner_html())),
            typed_attendee: typed,
        }
    });
}

/// The attendee ID the page shows before the app starts (`static/boot.js`: a valid ID typed into
/// the field, else a valid stored one), so that the first view matches it; none natively.
pub fn shown_attendee() -> Option<AttendeeId> {
    let typed = BEFORE.with(|b| b.borrow().typed_attendee.clone());
    typed
        .and_then(|text| AttendeeId::parse(&text).ok())
        .or_else(|| super::local_storage::peek::<AttendeeIdKey>(ATTENDEE_ID))
}

/// What the attendee typed into the "Attendee ID" field before the app started, once.
pub fn typed_attendee() -> Option<String> {
    BEFORE.with(|b| b.borrow_mut().typed_attendee.take())
}

/// Compares `#app` now (the hydrated first view, before any update) with the prerendered markup, once.
pub fn check() {
    let Some(prerendered) = BEFORE.with(|b| b.borrow_mut().markup.take()) else {
        return;
    };
    let Some(root) = super::browser::document().and_then(|d| d.get_element_by_id("app")) else {
        return;
    };
    if let Some(difference) = first_difference(&prerendered, &without_comments(&root.inner_html()))
    {
        web_sys::console::warn_1(&format!("callback-lab: hydration mismatch: {difference}").into());
    }
}

/// `html` without `<!-- … -->` comments.
pub fn without_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where two markups first differ, with a little context from each; `None` when equal.
pub fn first_difference(prerendered: &str, hydrated: &str) -> Option<String> {
    if prerendered == hydrated {
        return None;
    }
    let at = prerendered
        .char_indices()
        .zip(hydrated.chars())
        .find(|((_, a), b)| a != b)
        .map(|((i, _), _)| i)
        .unwrap_or_else(|| prerendered.len().min(hydrated.len()));
    let excerpt = |text: &str| {
        let start = text.floor_char_boundary(at.saturating_sub(60));
        let end = text.ceil_char_boundary((at + 60).min(text.len()));
        text[start..end].to_owned()
    };
    Some(format!(
        "at character {at}, prerendered “…{}…”, first view “…{}…”",
        excerpt(prerendered),
        excerpt(hydrated)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_dropped_and_text_kept() {
        assert_eq!(
            without_comments("<!--<[App]>--><p>a<!--x-->b</p><!--</[App]>-->"),
            "<p>ab</p>"
        );
        assert_eq!(without_comments("a<!-- open"), "a");
    }

    #[test]
    fn the_first_difference_is_located() {
        assert_eq!(first_difference("<p>same</p>", "<p>same</p>"), None);
        let report = first_difference("<p>Main_Flow_</p>", "<p>Main_Flow_137</p>").unwrap();
        assert!(report.starts_with("at character 13,"), "{report}");
        let report = first_difference("<p>é</p>", "<p>ü</p>").unwrap();
        assert!(report.contains("“…<p>ü</p>…”"), "{report}");
    }
}
