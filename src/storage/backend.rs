//! Where values are kept: the browser's `localStorage` in the app ([`Backend`] is implemented in
//! `ui::local_storage`), a [`MemoryStore`] in tests. Every operation can fail; failures are typed.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

/// Why a value was not stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum WriteError {
    /// The browser's storage for this site is full (`QuotaExceededError`).
    QuotaExceeded,
    /// The browser gives no storage here (private mode, blocked cookies, a sandboxed frame).
    Unavailable,
    /// Refused for another reason; the browser's message.
    Refused(String),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::QuotaExceeded => write!(f, "this browser's storage for the site is full"),
            WriteError::Unavailable => write!(
                f,
                "this browser does not allow storage here (private window or blocked site data)"
            ),
            WriteError::Refused(message) => write!(f, "the browser refused it ({message})"),
        }
    }
}

impl std::error::Error for WriteError {}

/// A key–value store of texts with the failure modes of `localStorage`.
pub trait Backend {
    /// The stored text; `Err` only when there is no storage at all.
    fn get(&self, key: &str) -> Result<Option<String>, WriteError>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), WriteError>;
    fn remove(&mut self, key: &str) -> Result<(), WriteError>;
    /// Every key, in no particular order.
    fn keys(&self) -> Vec<String>;
}

/// Size of an entry as browsers count it against the quota: UTF-16 code units of key and value.
pub fn entry_size(key: &str, value: &str) -> usize {
    key.encode_utf16().count() + value.encode_utf16().count()
}

/// An in-memory [`Backend`] with an optional quota (in [`entry_size`] units), for tests and tools.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemoryStore {
    pub entries: BTreeMap<String, String>,
    pub quota: Option<usize>,
    /// Behaves like a browser without storage.
    pub unavailable: bool,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }
    pub fn with_quota(quota: usize) -> MemoryStore {
        MemoryStore {
            quota: Some(quota),
            ..MemoryStore::default()
        }
    }
    pub fn with<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> MemoryStore {
        MemoryStore {
            entries: entries
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            ..MemoryStore::default()
        }
    }
    pub fn used(&self) -> usize {
        self.entries.iter().map(|(k, v)| entry_size(k, v)).sum()
    }
}

impl Backend for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, WriteError> {
        if self.unavailable {
            return Err(WriteError::Unavailable);
        }
        Ok(self.entries.get(key).cloned())
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), WriteError> {
        if self.unavailable {
            return Err(WriteError::Unavailable);
        }
        if let Some(quota) = self.quota {
            let replaced = self.entries.get(key).map_or(0, |old| entry_size(key, old));
            if self.used() - replaced + entry_size(key, value) > quota {
                return Err(WriteError::QuotaExceeded);
            }
        }
        self.entries.insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), WriteError> {
        if self.unavailable {
            return Err(WriteError::Unavailable);
        }
        self.entries.remove(key);
        Ok(())
    }

    fn keys(&self) -> Vec<String> {
        self.entries.keys().cloned().collect()
    }
}
