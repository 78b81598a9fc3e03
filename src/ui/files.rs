//! Files in and out of the app (Condition lab, "Your data"): reading a dropped or picked file as UTF-8 text (bytes checked in
//! Rust, so a non-UTF-8 file is reported instead of silently mangled), and saving a text as a
//! download. Every browser call can fail; failures become messages.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, File, HtmlAnchorElement, Url};

use crate::ui::browser;

/// Reads `file` as UTF-8 text, refusing files larger than `max_bytes`.
pub async fn read_text(file: &File, max_bytes: usize) -> Result<String, String> {
    let name = file.name();
    let size = file.size();
    if size > max_bytes as f64 {
        return Err(format!(
            "“{name}” is {:.1} MB; the lab reads files up to {} MB",
            size / 1_048_576.0,
            max_bytes / 1_048_576
        ));
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("“{name}” could not be read: {}", browser::js_message(&e)))?;
    let bytes = Uint8Array::new(&buffer).to_vec();
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "“{name}” is not UTF-8 text (invalid byte at position {}); nothing was changed. Save the file as UTF-8 (JSON is UTF-8) and try again",
            e.utf8_error().valid_up_to()
        )
    })
}

/// A drop-zone `ondrop` handler that hands the first dropped file to `load` (and keeps the browser
/// from opening it); pair it with [`allow_drop`] as `ondragover`.
pub fn drop_handler(load: yew::Callback<File>) -> yew::Callback<web_sys::DragEvent> {
    yew::Callback::from(move |e: web_sys::DragEvent| {
        if let Some(file) = dropped_file(&e) {
            e.prevent_default();
            load.emit(file);
        }
    })
}

/// The `ondragover` handler that makes an element a drop zone.
pub fn allow_drop() -> yew::Callback<web_sys::DragEvent> {
    yew::Callback::from(|e: web_sys::DragEvent| e.prevent_default())
}

/// The first file of a drop, if any.
pub fn dropped_file(event: &web_sys::DragEvent) -> Option<File> {
    event.data_transfer()?.files()?.get(0)
}

/// An `<input type=file>` `onchange` handler that hands the chosen file to `load`, then clears the
/// input so choosing the same file again loads it again.
pub fn file_input_handler(load: yew::Callback<File>) -> yew::Callback<web_sys::Event> {
    yew::Callback::from(move |e: web_sys::Event| {
        use yew::TargetCast;
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        if let Some(file) = chosen_file(&input) {
            load.emit(file);
        }
        input.set_value("");
    })
}

/// The first file chosen in an `<input type=file>`.
pub fn chosen_file(input: &web_sys::HtmlInputElement) -> Option<File> {
    input.files()?.get(0)
}

/// Offers `text` as a download named `file_name`.
pub fn download(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    let fail = |e: wasm_bindgen::JsValue| browser::js_message(&e);
    let parts = Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = browser::document().ok_or("no document")?;
    let anchor: HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "no anchor element".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // Revoking at once can cancel the download in some browsers: give it time.
    yew::platform::spawn_local(async move {
        yew::platform::time::sleep(std::time::Duration::from_secs(30)).await;
        let _ = Url::revoke_object_url(&url);
    });
    Ok(())
}
