//! "Your data": export everything the companion keeps in this browser to one JSON file and import it
//! elsewhere ([`crate::backup`], written through the [`crate::storage`] registry), and the list of
//! what is stored — each entry with what it is and its size, the set-aside copies with why they were
//! set aside, each downloadable and deletable. After an import the page reloads, so every page reads
//! the imported state through its own loader.

use std::cell::RefCell;

use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::backup::{Backup, MAX_BACKUP_BYTES};
use crate::storage::{format_size, inventory::is_set_aside, Inventory, Item};

use super::browser;
use super::files::{chosen_file, download, read_text};
use super::local_storage::{self, LocalStorage};

#[derive(Clone, PartialEq)]
enum Report {
    None,
    Ok(String),
    Problem(String),
    /// Imported, with something to read before the reload.
    ImportedWithNotes(String),
}

fn reload() {
    if let Some(w) = browser::window() {
        let _ = w.location().reload();
    }
}

/// Set-aside copies listed one by one (with why, download and delete); the rest are counted, and
/// can be downloaded or deleted together. A backup can bring thousands: listing them all made
/// every keystroke elsewhere on the page cost hundreds of milliseconds.
const LISTED: usize = 20;

thread_local! {
    /// Opens the stored list (set by the mounted panel).
    static OPEN_LIST: RefCell<Option<Callback<()>>> = const { RefCell::new(None) };
}

/// Opens the stored list and brings "Your data" into view, its heading focused (the storage
/// notice's "Go to Your data").
pub fn reveal() {
    if let Some(open) = OPEN_LIST.with(|o| o.borrow().clone()) {
        open.emit(());
    }
    if let Some(heading) = browser::document().and_then(|d| d.get_element_by_id("your-data-title"))
    {
        heading.scroll_into_view();
        if let Ok(heading) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(heading) {
            let _ = heading.focus();
        }
    }
}

#[function_component(DataPanel)]
pub fn data_panel() -> Html {
    let report = use_state(|| Report::None);
    // `None`: open while there are a few set-aside copies, until the attendee decides; many stay
    // collapsed (the button says how many).
    let open = use_state(|| None::<bool>);
    let update = use_force_update();
    use_effect_with((), move |_| {
        let subscription =
            local_storage::subscribe(Callback::from(move |()| update.force_update()));
        move || drop(subscription)
    });
    {
        let open = open.setter();
        use_effect_with((), move |_| {
            OPEN_LIST
                .with(|o| *o.borrow_mut() = Some(Callback::from(move |()| open.set(Some(true)))));
            || OPEN_LIST.with(|o| *o.borrow_mut() = None)
        });
    }
    // Nothing is read from the storage for the first view (it is also the page rendered at build time).
    let mounted = use_state(|| false);
    {
        let mounted = mounted.setter();
        use_effect_with((), move |_| mounted.set(true));
    }
    // Keys only: cheap on every change; values are read only while the list is open.
    let set_aside_count = if *mounted {
        local_storage::keys()
            .iter()
            .filter(|k| is_set_aside(k))
            .count()
    } else {
        0
    };
    let is_open = open.unwrap_or(set_aside_count > 0 && set_aside_count <= LISTED);

    let on_export = {
        let report = report.clone();
        Callback::from(move |_: MouseEvent| {
            let stamp = js_sys::Date::new_0()
                .to_iso_string()
                .as_string()
                .unwrap_or_default();
            let entries = local_storage::entries();
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
                let backup = match read_text(&file, MAX_BACKUP_BYTES).await {
                    Err(message) => Err(message),
                    Ok(text) => Backup::from_json(&text).map_err(|e| e.to_string()),
                };
                match backup {
                    Err(message) => {
                        report.set(Report::Problem(format!("Nothing was imported. {message}")))
                    }
                    Ok(backup) => {
                        let outcome = backup.restore(&mut LocalStorage::open());
                        local_storage::changed();
                        if outcome.is_clean() {
                            report.set(Report::Ok(format!("{outcome} Reloading…")));
                            reload();
                        } else {
                            report.set(Report::ImportedWithNotes(outcome.to_string()));
                        }
                    }
                }
            });
        })
    };

    let on_toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(Some(!is_open)))
    };
    let toggle_label = match (is_open, set_aside_count) {
        (true, _) => "Hide what is stored".to_owned(),
        (false, 0) => "Show what is stored".to_owned(),
        (false, n) => format!("Show what is stored ({n} set aside)"),
    };
    let keep_open = {
        let open = open.setter();
        use_callback((), move |(), _| open.set(Some(true)))
    };

    html! {
        <footer class="app-footer no-print">
            <section aria-labelledby="your-data-title" class="data-panel">
                <h2 id="your-data-title" tabindex="-1">{ "Your data" }</h2>
                <p>{ "Your attendee ID, progress, lab state and exercise results stay in this browser. \
                      Export them to a file to keep them or move to another browser." }</p>
                <div class="data-actions">
                    <button type="button" onclick={on_export}>{ "Export my data" }</button>
                    <label class="button file-button">
                        { "Import my data" }
                        <input type="file" accept=".json,application/json" onchange={on_import} />
                    </label>
                    <button type="button" aria-expanded={is_open.to_string()} aria-controls="data-stored"
                        onclick={on_toggle}>
                        { toggle_label }
                    </button>
                </div>
                // A live region without the status role: pages keep their own `status` (the verdict).
                <div aria-live="polite" class="data-report">
                    {
                        match &*report {
                            Report::None => html! {},
                            Report::Ok(text) => html! { <p class="data-ok">{ text }</p> },
                            Report::Problem(text) => html! { <p class="data-problem">{ text }</p> },
                            Report::ImportedWithNotes(text) => html! {
                                <>
                                    <p class="data-problem">{ text }</p>
                                    <button type="button" onclick={Callback::from(|_: MouseEvent| reload())}>
                                        { "Reload to use the imported data" }
                                    </button>
                                </>
                            },
                        }
                    }
                </div>
                if is_open {
                    <StoredList report={report.setter()} {keep_open} revision={local_storage::revision()} />
                }
            </section>
        </footer>
    }
}

#[derive(Properties, PartialEq)]
struct StoredListProps {
    report: UseStateSetter<Report>,
    /// Keeps the list open when its last set-aside copy is deleted.
    keep_open: Callback<()>,
    /// The stored data's revision: the list is read again when it changes.
    revision: u64,
}

/// What is stored, read when shown (values can be megabytes).
#[function_component(StoredList)]
fn stored_list(props: &StoredListProps) -> Html {
    let entries = local_storage::entries();
    let inventory = Inventory::listing(
        entries.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        LISTED,
    );
    let more = inventory.more_set_aside.clone();
    let text_of = move |key: &str| {
        entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    let set_aside: Vec<&Item> = inventory.set_aside().collect();
    html! {
        <div id="data-stored" class="data-stored">
            <h3 id="data-stored-title" tabindex="-1">{ "Stored in this browser" }</h3>
            <p>
                { format!("The companion uses {}", format_size(inventory.size())) }
                if inventory.others > 0 {
                    { format!("; other data of this site: {}", format_size(inventory.others_size)) }
                }
                { ". Browsers keep about 5 MB per site (sizes count characters)." }
            </p>
            if inventory.items.is_empty() {
                <p>{ "Nothing yet." }</p>
            }
            <ul class="data-items" aria-label="In use">
                { for inventory.in_use().map(|item| html! {
                    <li>
                        <span class="data-what">{ item.what.clone() }</span>
                        { " " }<code>{ item.key.clone() }</code>
                        { " " }<span class="data-size">{ format_size(item.size) }</span>
                    </li>
                }) }
            </ul>
            if !set_aside.is_empty() {
                <h4>{ "Set aside" }</h4>
                <p>{ "Data that could not be read is moved here instead of being lost. Download a copy \
                      if you want to look at it, then delete it to free space." }</p>
                <ul class="data-items data-set-aside" aria-label="Set aside">
                    { for set_aside.iter().map(|item| set_aside_item(item, text_of(&item.key), props)) }
                </ul>
            }
            if more.count > 0 {
                <MoreSetAsideCopies count={more.count} size={more.size} listed={set_aside.len()}
                    report={props.report.clone()} keep_open={props.keep_open.clone()} />
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct MoreProps {
    count: usize,
    size: usize,
    listed: usize,
    report: UseStateSetter<Report>,
    keep_open: Callback<()>,
}

/// The set-aside copies not listed: all of them downloaded as one backup file (which "Import my
/// data" reads back), or deleted together.
#[function_component(MoreSetAsideCopies)]
fn more_set_aside_copies(props: &MoreProps) -> Html {
    let on_download = {
        let report = props.report.clone();
        Callback::from(move |_: MouseEvent| {
            let stamp = js_sys::Date::new_0()
                .to_iso_string()
                .as_string()
                .unwrap_or_default();
            let entries = local_storage::entries();
            let backup = Backup::of(
                entries
                    .iter()
                    .filter(|(k, _)| is_set_aside(k))
                    .map(|(k, v)| (k.as_str(), v.as_str())),
                &stamp,
            );
            let day = stamp.get(..10).unwrap_or("export");
            if let Err(e) = download(
                &format!("callback-lab-set-aside-{day}.json"),
                &backup.to_json(),
                "application/json",
            ) {
                report.set(Report::Problem(format!(
                    "The set-aside copies could not be downloaded: {e}"
                )));
            }
        })
    };
    let on_delete = {
        let (report, keep_open) = (props.report.clone(), props.keep_open.clone());
        Callback::from(move |_: MouseEvent| {
            keep_open.emit(());
            let aside: Vec<String> = local_storage::keys()
                .into_iter()
                .filter(|k| is_set_aside(k))
                .collect();
            local_storage::remove_all(&aside);
            report.set(Report::Ok(format!(
                "Deleted {} set-aside copies.",
                aside.len()
            )));
        })
    };
    html! {
        <div class="data-more">
            <p>
                if props.listed > 0 {
                    { format!("…and {} more set-aside copies ({}), not listed one by one.",
                        props.count, format_size(props.size)) }
                } else {
                    { format!("{} set-aside copies ({}).", props.count, format_size(props.size)) }
                }
            </p>
            <div class="data-actions">
                <button type="button" onclick={on_download}>{ "Download all set-aside copies" }</button>
                <button type="button" onclick={on_delete}>{ "Delete all set-aside copies" }</button>
            </div>
        </div>
    }
}

fn set_aside_item(item: &Item, text: Option<String>, props: &StoredListProps) -> Html {
    let key = item.key.clone();
    let report = props.report.clone();
    let on_download = {
        let (key, report) = (key.clone(), report.clone());
        Callback::from(move |_: MouseEvent| {
            let outcome = download(
                &format!("{key}.txt"),
                text.as_deref().unwrap_or(""),
                "text/plain",
            );
            if let Err(e) = outcome {
                report.set(Report::Problem(format!(
                    "“{key}” could not be downloaded: {e}"
                )));
            }
        })
    };
    let on_delete = {
        let key = key.clone();
        let keep_open = props.keep_open.clone();
        Callback::from(move |_: MouseEvent| {
            keep_open.emit(());
            local_storage::remove(&key);
            report.set(Report::Ok(format!("Deleted “{key}”.")));
            // The button is gone: focus goes to the list's heading, not to the page's start.
            if let Some(heading) = browser::document()
                .and_then(|d| d.get_element_by_id("data-stored-title"))
                .and_then(|h| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(h).ok())
            {
                let _ = heading.focus();
            }
        })
    };
    html! {
        <li>
            <span class="data-what">{ item.what.clone() }</span>
            { " " }<code>{ key.clone() }</code>
            { " " }<span class="data-size">{ format_size(item.size) }</span>
            <p class="data-why">{ format!("Why: {}.", item.set_aside.clone().unwrap_or_default()) }</p>
            <div class="data-actions">
                <button type="button" onclick={on_download}>
                    { "Download" }<span class="visually-hidden">{ format!(" {key}") }</span>
                </button>
                <button type="button" onclick={on_delete}>
                    { "Delete" }<span class="visually-hidden">{ format!(" {key}") }</span>
                </button>
            </div>
        </li>
    }
}
