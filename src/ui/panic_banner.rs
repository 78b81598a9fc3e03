//! If a panic ever happens in the WASM module, the app is dead (release builds abort). Instead of a
//! frozen page, show a banner built with plain DOM calls (Yew cannot run any more) with a copyable
//! report and a reload button. Stored data (ID, progress) lives in localStorage and survives the reload.

use std::panic::PanicHookInfo;

use wasm_bindgen::prelude::*;

use super::browser;

pub fn install() {
    // Through Yew, which would otherwise put its own hook in place when the app starts.
    yew::set_custom_panic_hook(Box::new(|info| {
        let report = report(info);
        web_sys::console::error_1(&JsValue::from_str(&format!("callback-lab panic: {report}")));
        show(&report);
    }));
}

fn report(info: &PanicHookInfo<'_>) -> String {
    let message = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    let location = info
        .location()
        .map(|l| format!("{}:{}", l.file(), l.line()))
        .unwrap_or_default();
    let page = browser::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    format!(
        "Callback Lab companion {}\n{message}\nat {location}\npage {page}",
        env!("CARGO_PKG_VERSION")
    )
}

fn show(report: &str) {
    let Some(document) = browser::document() else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    let build = || -> Result<(), JsValue> {
        let banner = document.create_element("div")?;
        banner.set_class_name("fatal-banner");
        banner.set_attribute("role", "alert")?;
        let title = document.create_element("p")?;
        title.set_text_content(Some(
            "Something went wrong inside the companion and it stopped. Your attendee ID and progress \
             are saved. Reload to continue; if it happens again, copy the report below for a proctor.",
        ));
        let pre = document.create_element("pre")?;
        pre.set_text_content(Some(report));
        let reload = document.create_element("button")?;
        reload.set_text_content(Some("Reload"));
        reload.set_attribute("type", "button")?;
        let on_reload = Closure::<dyn Fn()>::new(|| {
            if let Some(w) = browser::window() {
                let _ = w.location().reload();
            }
        });
        reload.add_event_listener_with_callback("click", on_reload.as_ref().unchecked_ref())?;
        on_reload.forget();
        banner.append_child(&title)?;
        banner.append_child(&pre)?;
        banner.append_child(&reload)?;
        body.prepend_with_node_1(&banner)?;
        Ok(())
    };
    let _ = build();
}
