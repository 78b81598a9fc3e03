//! The browser's `localStorage` as the registry's [`Backend`], and the app's only way to it: every
//! read and write of the pages goes through [`load`] and [`save`], so a value set aside or not saved
//! always reaches the storage notice ([`super::storage_notice`]) and the "Your data" list is told
//! when something changed.

use std::cell::RefCell;

use wasm_bindgen::JsValue;
use yew::Callback;

use crate::storage::{self, Backend, Loaded, Report, Stored, Unreadable, WriteError};

use super::browser;

/// `window.localStorage`, or none (private mode, blocked site data, a sandboxed frame).
pub struct LocalStorage(Option<web_sys::Storage>);

impl LocalStorage {
    pub fn open() -> LocalStorage {
        LocalStorage(browser::window().and_then(|w| w.local_storage().ok().flatten()))
    }

    fn storage(&self) -> Result<&web_sys::Storage, WriteError> {
        self.0.as_ref().ok_or(WriteError::Unavailable)
    }
}

impl Backend for LocalStorage {
    fn get(&self, key: &str) -> Result<Option<String>, WriteError> {
        self.storage()?
            .get_item(key)
            .map_err(|_| WriteError::Unavailable)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), WriteError> {
        self.storage()?
            .set_item(key, value)
            .map_err(|e| write_error(&e))
    }

    fn remove(&mut self, key: &str) -> Result<(), WriteError> {
        self.storage()?
            .remove_item(key)
            .map_err(|e| write_error(&e))
    }

    fn keys(&self) -> Vec<String> {
        let Ok(storage) = self.storage() else {
            return Vec::new();
        };
        let len = storage.length().unwrap_or(0);
        (0..len)
            .filter_map(|i| storage.key(i).ok().flatten())
            .collect()
    }
}

/// The DOMException's name tells a full store from the rest (Firefox once used its own name).
fn write_error(error: &JsValue) -> WriteError {
    let name = js_sys::Reflect::get(error, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    match name.as_str() {
        "QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED" => WriteError::QuotaExceeded,
        "SecurityError" => WriteError::Unavailable,
        _ => WriteError::Refused(browser::js_message(error)),
    }
}

/// Reads `key` as `S`; a value set aside is reported.
pub fn load<S: Stored>(key: &str) -> Loaded<S::Value> {
    let loaded = storage::load::<S>(&mut LocalStorage::open(), key);
    if let Loaded::SetAside(aside) = &loaded {
        report(Report::SetAside(aside.clone()));
    }
    loaded
}

/// Reads `key` as `S` without changing anything or reporting: a value that would be set aside is
/// none here (the app's first view, which must not differ from the prerendered page by a notice).
pub fn peek<S: Stored>(key: &str) -> Option<S::Value> {
    storage::load::<S>(&mut ReadOnly(LocalStorage::open()), key).found()
}

/// A storage that refuses every write.
struct ReadOnly(LocalStorage);

impl Backend for ReadOnly {
    fn get(&self, key: &str) -> Result<Option<String>, WriteError> {
        self.0.get(key)
    }
    fn set(&mut self, _: &str, _: &str) -> Result<(), WriteError> {
        Err(WriteError::Unavailable)
    }
    fn remove(&mut self, _: &str) -> Result<(), WriteError> {
        Err(WriteError::Unavailable)
    }
    fn keys(&self) -> Vec<String> {
        self.0.keys()
    }
}

/// Writes `value` as `S` under `key`; a failure is reported (and a success clears that report).
pub fn save<S: Stored>(key: &str, value: &S::Value) -> Result<(), WriteError> {
    let result = storage::save::<S>(&mut LocalStorage::open(), key, value);
    match &result {
        Ok(()) => resolve_not_saved(key),
        Err(error) => report(Report::not_saved(key, error.clone())),
    }
    result
}

/// Reports the outcome of writes made through the registry elsewhere (one save of several keys):
/// a failure is reported, a success clears that key's report; listeners are told once.
pub fn record(writes: &[(&str, Result<(), WriteError>)]) {
    HUB.with(|hub| {
        let mut hub = hub.borrow_mut();
        for (key, result) in writes {
            hub.reports
                .retain(|r| !(r.key() == *key && matches!(r, Report::NotSaved { .. })));
            if let Err(error) = result {
                hub.reports.retain(|r| r.key() != *key);
                hub.reports.push(Report::not_saved(key, error.clone()));
            }
        }
    });
    changed();
}

pub fn remove(key: &str) {
    let _ = LocalStorage::open().remove(key);
    changed();
}

/// Removes every key of `keys`; listeners are told once.
pub fn remove_all(keys: &[String]) {
    let mut store = LocalStorage::open();
    for key in keys {
        let _ = store.remove(key);
    }
    changed();
}

/// Sets aside what is stored under `key` because the page could not use it, and reports it.
pub fn set_aside(key: &str, reason: Unreadable) {
    if let Some(aside) = storage::set_aside(&mut LocalStorage::open(), key, reason) {
        report(Report::SetAside(aside));
    }
}

/// Every entry of this site's storage.
pub fn entries() -> Vec<(String, String)> {
    let store = LocalStorage::open();
    store
        .keys()
        .into_iter()
        .filter_map(|key| Some((key.clone(), store.get(&key).ok()??)))
        .collect()
}

pub fn keys() -> Vec<String> {
    LocalStorage::open().keys()
}

/// Open reports and who is listening for changes.
#[derive(Default)]
struct Hub {
    reports: Vec<Report>,
    revision: u64,
    listeners: Vec<(u64, Callback<()>)>,
    next_listener: u64,
}

thread_local! {
    static HUB: RefCell<Hub> = RefCell::new(Hub::default());
}

/// Reports not dismissed yet, oldest first.
pub fn reports() -> Vec<Report> {
    HUB.with(|hub| hub.borrow().reports.clone())
}

/// Bumped on every change of stored data or reports.
pub fn revision() -> u64 {
    HUB.with(|hub| hub.borrow().revision)
}

/// Shows `report` (replacing an earlier one about the same key).
pub fn report(report: Report) {
    HUB.with(|hub| {
        let mut hub = hub.borrow_mut();
        hub.reports.retain(|r| r.key() != report.key());
        hub.reports.push(report);
    });
    changed();
}

pub fn dismiss(key: &str) {
    HUB.with(|hub| hub.borrow_mut().reports.retain(|r| r.key() != key));
    changed();
}

/// Forgets every report (tests start from a clean page).
pub fn dismiss_all() {
    HUB.with(|hub| hub.borrow_mut().reports.clear());
    changed();
}

fn resolve_not_saved(key: &str) {
    HUB.with(|hub| {
        hub.borrow_mut()
            .reports
            .retain(|r| !(r.key() == key && matches!(r, Report::NotSaved { .. })))
    });
    changed();
}

/// Tells every listener that stored data or reports changed.
pub fn changed() {
    let listeners: Vec<Callback<()>> = HUB.with(|hub| {
        let mut hub = hub.borrow_mut();
        hub.revision = hub.revision.wrapping_add(1);
        hub.listeners.iter().map(|(_, cb)| cb.clone()).collect()
    });
    // Emitted outside the borrow: a listener may read the hub while re-rendering.
    for listener in listeners {
        listener.emit(());
    }
}

/// Listens until dropped.
pub struct Subscription(u64);

pub fn subscribe(listener: Callback<()>) -> Subscription {
    HUB.with(|hub| {
        let mut hub = hub.borrow_mut();
        let id = hub.next_listener;
        hub.next_listener += 1;
        hub.listeners.push((id, listener));
        Subscription(id)
    })
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let id = self.0;
        // `try_with`: the hub may be gone when the page itself is torn down.
        let _ = HUB.try_with(|hub| {
            if let Ok(mut hub) = hub.try_borrow_mut() {
                hub.listeners.retain(|(i, _)| *i != id);
            }
        });
    }
}
