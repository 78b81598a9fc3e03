//! The one read path and the one write path. Reading gives the value, "absent", or — for anything
//! that does not read — a [`SetAside`]: the text is moved to a set-aside key (never overwritten,
//! never dropped) and the caller gets a report to show. Writing gives a typed [`WriteError`].

use std::fmt;

use serde::Serialize;

use super::backend::{Backend, WriteError};
use super::envelope;
use super::keys::{self, Format, KeySpec, WhenUnreadable, MAX_SET_ASIDE_PER_KEY};
use super::schemas::Stored;
use super::Unreadable;

/// What reading a key gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded<T> {
    Found(T),
    Absent,
    /// The stored text did not read; it was set aside (or could not be: see [`Kept`]).
    SetAside(SetAside),
}

impl<T> Loaded<T> {
    pub fn found(self) -> Option<T> {
        match self {
            Loaded::Found(value) => Some(value),
            _ => None,
        }
    }
}

/// A stored value that could not be used, and where its text is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetAside {
    pub key: String,
    /// What it was ("exercise progress").
    pub what: String,
    pub reason: Unreadable,
    pub kept: Kept,
}

/// Where a set-aside text is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Kept {
    /// Moved to this key.
    Under(String),
    /// Still under its own key (so the next save replaces it), because it could not be moved.
    LeftInPlace(String),
}

/// Something about storage the attendee must be told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Report {
    SetAside(SetAside),
    NotSaved {
        key: String,
        what: String,
        error: WriteError,
    },
    /// Another entry refers to this one, which is not there (the rest was used without it).
    Missing {
        key: String,
        what: String,
        /// What was expected and what the page did without it, as a sentence.
        message: String,
    },
}

impl Report {
    pub fn not_saved(key: &str, error: WriteError) -> Report {
        Report::NotSaved {
            key: key.to_owned(),
            what: what_is(key),
            error,
        }
    }

    pub fn missing(key: &str, message: impl Into<String>) -> Report {
        Report::Missing {
            key: key.to_owned(),
            what: what_is(key),
            message: message.into(),
        }
    }

    /// The key the report is about (a newer report on the same key replaces an older one).
    pub fn key(&self) -> &str {
        match self {
            Report::SetAside(s) => &s.key,
            Report::NotSaved { key, .. } | Report::Missing { key, .. } => key,
        }
    }

    /// What the report is about ("exercise progress").
    pub fn what(&self) -> &str {
        match self {
            Report::SetAside(s) => &s.what,
            Report::NotSaved { what, .. } | Report::Missing { what, .. } => what,
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The page's own sentence says what went wrong.
            Report::SetAside(SetAside {
                what,
                reason: Unreadable::Unusable { message },
                kept: Kept::Under(aside),
                ..
            }) => write!(
                f,
                "{message} Your saved {what} was set aside as “{aside}”: download or delete it \
                 under “Your data”."
            ),
            Report::SetAside(SetAside {
                what,
                reason,
                kept: Kept::Under(aside),
                ..
            }) => write!(
                f,
                "Your saved {what} could not be read ({reason}) and was set aside as “{aside}”, so \
                 it starts fresh. Download or delete the set-aside copy under “Your data”."
            ),
            Report::SetAside(SetAside {
                key,
                what,
                reason,
                kept: Kept::LeftInPlace(why),
            }) => write!(
                f,
                "Your saved {what} could not be read ({reason}), so it starts fresh. It could not be \
                 set aside ({why}): it stays under “{key}” until the companion next saves over it. \
                 Use “Export my data” now to keep a copy."
            ),
            Report::NotSaved { what, error, .. } => {
                write!(f, "Your {what} was not saved: {error}. ")?;
                match error {
                    WriteError::QuotaExceeded => write!(
                        f,
                        "Delete set-aside items under “Your data” to make room, or use “Export my \
                         data” to keep a copy in a file."
                    ),
                    WriteError::Unavailable => write!(
                        f,
                        "It is kept on this page until you leave it; use “Export” where a page \
                         offers it to keep a copy."
                    ),
                    WriteError::Refused(_) => {
                        write!(f, "Use “Export my data” to keep a copy in a file.")
                    }
                }
            }
            Report::Missing { what, message, .. } => {
                write!(f, "Your saved {what} was not found: {message}")
            }
        }
    }
}

/// What `key` holds, in the attendee's words.
pub fn what_is(key: &str) -> String {
    keys::current(key).map_or_else(|| key.to_owned(), |spec| spec.describe(key))
}

/// Reads `text` stored under `key` as `S`.
pub fn decode<S: Stored>(key: &str, text: &str) -> Result<S::Value, Unreadable> {
    let version = envelope::check(&S::SPEC.format, text)?;
    S::decode(key, text, version)
}

/// Reads `key` as `S`. An earlier name of the key is moved to it first; anything that does not
/// read is set aside (or, for a key shared with another page, left in place and read as absent).
pub fn load<S: Stored>(store: &mut impl Backend, key: &str) -> Loaded<S::Value> {
    if !S::SPEC.pattern.matches(key) {
        return Loaded::Absent;
    }
    let text = match store.get(key) {
        Ok(Some(text)) => text,
        // No storage: the first save reports it.
        Err(_) => return Loaded::Absent,
        Ok(None) => match migrate(store, &S::SPEC, key) {
            Some(text) => text,
            None => return Loaded::Absent,
        },
    };
    if S::SPEC.format == Format::Text && text.trim().is_empty() {
        // How the guide clears its ID.
        return Loaded::Absent;
    }
    match decode::<S>(key, &text) {
        Ok(value) => Loaded::Found(value),
        Err(_) if S::SPEC.when_unreadable == WhenUnreadable::LeaveInPlace => Loaded::Absent,
        Err(reason) => Loaded::SetAside(move_aside(store, key, &text, reason)),
    }
}

/// The text under an earlier name of `key`, moved to `key` (left where it was if it cannot be).
fn migrate(store: &mut impl Backend, spec: &KeySpec, key: &str) -> Option<String> {
    let (former, text) = spec
        .formerly
        .iter()
        .find_map(|former| Some((*former, store.get(former).ok()??)))?;
    if store.set(key, &text).is_ok() {
        let _ = store.remove(former);
    }
    Some(text)
}

/// Writes `value` as `S` under `key`.
pub fn save<S: Stored>(
    store: &mut impl Backend,
    key: &str,
    value: &S::Value,
) -> Result<(), WriteError> {
    if !S::SPEC.pattern.matches(key) {
        // A programming error, reported rather than written under a key nobody reads.
        return Err(WriteError::Refused(format!(
            "“{key}” is not a key of the {}",
            S::SPEC.what
        )));
    }
    store.set(key, &S::encode(value))
}

/// Sets aside what is stored under `key` because the app could not use it (`None`: nothing there).
pub fn set_aside(store: &mut impl Backend, key: &str, reason: Unreadable) -> Option<SetAside> {
    let text = store.get(key).ok()??;
    Some(move_aside(store, key, &text, reason))
}

/// Moves `text` from `key` to its first free set-aside key (an identical copy already set aside counts).
pub fn move_aside(store: &mut impl Backend, key: &str, text: &str, reason: Unreadable) -> SetAside {
    let set_aside = keep_aside(store, key, text, reason);
    if matches!(set_aside.kept, Kept::Under(_)) {
        let _ = store.remove(key);
    }
    set_aside
}

/// Copies `text` to the first free set-aside key of `key`, leaving `key` as it is.
pub fn keep_aside(store: &mut impl Backend, key: &str, text: &str, reason: Unreadable) -> SetAside {
    let kept = match free_set_aside_key(store, key, text) {
        None => Kept::LeftInPlace(format!(
            "{MAX_SET_ASIDE_PER_KEY} set-aside copies of it exist already"
        )),
        Some((aside, true)) => Kept::Under(aside),
        Some((aside, false)) => match store.set(&aside, text) {
            Ok(()) => Kept::Under(aside),
            Err(error) => Kept::LeftInPlace(error.to_string()),
        },
    };
    SetAside {
        key: key.to_owned(),
        what: what_is(key),
        reason,
        kept,
    }
}

/// The first set-aside key of `key` that is free (`false`) or already holds `text` (`true`).
pub fn free_set_aside_key(store: &impl Backend, key: &str, text: &str) -> Option<(String, bool)> {
    (1..=MAX_SET_ASIDE_PER_KEY).find_map(|n| {
        let aside = keys::set_aside_key(key, n);
        match store.get(&aside) {
            Ok(None) => Some((aside, false)),
            Ok(Some(existing)) if existing == text => Some((aside, true)),
            _ => None,
        }
    })
}
