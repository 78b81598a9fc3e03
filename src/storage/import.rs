//! Importing entries (from a backup file) through the registry: what reads is written, what does not
//! read is set aside next to the attendee's own data (never over it), keys the companion does not
//! keep are reported and not written.

use std::fmt;

use serde::Serialize;

use super::access::{keep_aside, Kept, SetAside};
use super::backend::{Backend, WriteError};
use super::keys::{classify, Format, Role};
use super::Unreadable;

/// What an import did, entry by entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Keys written (set-aside copies under the name they got here).
    pub written: Vec<String>,
    /// Entries that did not read: kept as set-aside copies, the attendee's own data untouched.
    pub set_aside: Vec<SetAside>,
    /// Keys that are not the companion's (or only an earlier version's): not written.
    pub unknown: Vec<String>,
    pub failed: Vec<(String, WriteError)>,
}

impl ImportReport {
    /// Nothing to tell beyond "imported".
    pub fn is_clean(&self) -> bool {
        self.set_aside.is_empty() && self.unknown.is_empty() && self.failed.is_empty()
    }
}

pub fn import<'a>(
    store: &mut impl Backend,
    entries: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> ImportReport {
    let mut report = ImportReport::default();
    for (key, text) in entries {
        match classify(key) {
            Role::Current(spec) => {
                let readable = if spec.format == Format::Text && text.trim().is_empty() {
                    Ok(())
                } else {
                    spec.read(key, text)
                };
                match readable {
                    Ok(()) => match store.set(key, text) {
                        Ok(()) => report.written.push(key.to_owned()),
                        Err(error) => report.failed.push((key.to_owned(), error)),
                    },
                    Err(reason) => {
                        let aside = keep_aside(store, key, text, reason);
                        if let Kept::LeftInPlace(why) = &aside.kept {
                            report
                                .failed
                                .push((key.to_owned(), WriteError::Refused(why.clone())));
                        }
                        report.set_aside.push(aside);
                    }
                }
            }
            Role::SetAside { of, spec } => {
                let reason = spec.read(of, text).err().unwrap_or_else(|| {
                    Unreadable::unusable("it was set aside in the browser it was exported from")
                });
                match keep_aside(store, of, text, reason).kept {
                    Kept::Under(aside) => report.written.push(aside),
                    Kept::LeftInPlace(why) => report
                        .failed
                        .push((key.to_owned(), WriteError::Refused(why))),
                }
            }
            Role::Former(_) | Role::Unknown => report.unknown.push(key.to_owned()),
        }
    }
    report
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Imported {} item(s).", self.written.len())?;
        for aside in &self.set_aside {
            if let Kept::Under(name) = &aside.kept {
                write!(
                    f,
                    " The {} in the file could not be read ({}); it was set aside as “{name}” and \
                     yours was kept.",
                    aside.what, aside.reason
                )?;
            }
        }
        if !self.unknown.is_empty() {
            let keys: Vec<String> = self.unknown.iter().map(|k| format!("“{k}”")).collect();
            write!(
                f,
                " Not imported, as this companion does not keep them: {}.",
                keys.join(", ")
            )?;
        }
        for (key, error) in &self.failed {
            write!(f, " “{key}” was not stored: {error}.")?;
        }
        Ok(())
    }
}
