//! "Your data": export everything the companion keeps in this browser to one JSON file, and import
//! it elsewhere ([`crate::backup`]). Import is all-or-nothing and then reloads, so every page reads
//! the imported state through its own (versioned, tolerant) loader.

use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::backup::{Backup, MAX_BACKUP_BYTES};

use super::browser;
use super::files::{chosen_file, download, read_text};

#[derive(Clone, PartialEq)]
enum Report {
    None,
    Ok(String),
    Problem(String),
}

#[function_component(DataPanel)]
pub fn data_panel() -> Html {
    let report = use_state(|| Report::None);

    let on_export = {
        let report = report.clone();
        Callback::from(move |_: MouseEvent| {
            let stamp = js_sys::Date::new_0()
                .to_iso_string()
                .as_string()
                .unwrap_or_default();
            let entries = browser::storage_entries();
            let backup = Backup::of(
                entries.iter().map(|(k, v)| (k.as_str(), v.as_str())),
                &stamp,
            );
            let day = stamp.get(..10).unwrap_or("export");
            match download(
                &format!("callback-lab-data-{day}.json"),
                &backup.to_json(),
                "application/json",
            ) {
                Ok(()) => report.set(Report::Ok(format!(
                    "Exported {} item(s): attendee ID, progress, lab state and exercises.",
                    backup.entries.len()
                ))),
                Err(e) => report.set(Report::Problem(format!(
                    "The export could not be saved: {e}"
                ))),
            }
        })
    };

    let on_import = {
        let report = report.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = chosen_file(&input) else {
                return;
            };
            input.set_value("");
            let report = report.clone();
            spawn_local(async move {
                let outcome = match read_text(&file, MAX_BACKUP_BYTES).await {
                    Err(message) => Err(message),
                    Ok(text) => Backup::from_json(&text).map_err(|e| e.to_string()),
                };
                match outcome {
                    Err(message) => {
                        report.set(Report::Problem(format!("Nothing was imported. {message}")))
                    }
                    Ok(backup) => {
                        let failed: Vec<String> = backup
                            .entries
                            .iter()
                            .filter_map(|(k, v)| {
                                browser::storage_set(k, v)
                                    .err()
                                    .map(|e| format!("{k}: {e:?}"))
                            })
                            .collect();
                        if failed.is_empty() {
                            report.set(Report::Ok(format!(
                                "Imported {} item(s); reloading…",
                                backup.entries.len()
                            )));
                            if let Some(w) = browser::window() {
                                let _ = w.location().reload();
                            }
                        } else {
                            report.set(Report::Problem(format!(
                                "Some items could not be stored (browser storage full or blocked): {}",
                                failed.join(", ")
                            )));
                        }
                    }
                }
            });
        })
    };

    html! {
        <footer class="app-footer no-print">
            <section aria-labelledby="your-data-title" class="data-panel">
                <h2 id="your-data-title">{ "Your data" }</h2>
                <p>{ "Your attendee ID, progress, lab state and exercise results stay in this browser. \
                      Export them to a file to keep them or move to another browser." }</p>
                <div class="data-actions">
                    <button type="button" onclick={on_export}>{ "Export my data" }</button>
                    <label class="button file-button">
                        { "Import my data" }
                        <input type="file" accept=".json,application/json" onchange={on_import} />
                    </label>
                </div>
                // A live region without the status role: pages keep their own `status` (the verdict).
                <div aria-live="polite" class="data-report">
                    {
                        match &*report {
                            Report::None => html! {},
                            Report::Ok(text) => html! { <p class="data-ok">{ text }</p> },
                            Report::Problem(text) => html! { <p class="data-problem">{ text }</p> },
                        }
                    }
                </div>
            </section>
        </footer>
    }
}
