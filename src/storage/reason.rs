//! Why a stored value was set aside instead of being used.

use std::fmt;

use serde::Serialize;

/// Longest piece of stored text or parser message quoted in a reason (stored values can be megabytes).
const QUOTE_CHARS: usize = 120;

/// Why a stored value cannot be used. Each kind is a different story for the attendee: a damaged
/// value, someone else's data under our key, data from a newer companion, or one we cannot place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Unreadable {
    /// Not JSON at all (truncated, edited by hand, another program's text).
    NotJson {
        line: usize,
        column: usize,
        message: String,
    },
    /// JSON, but not the companion's data of this kind (another format, another mission's progress,
    /// an array instead of an object).
    Foreign { found: String },
    /// Saved by a newer companion than this one.
    NewerVersion { found: u64, reads: u32 },
    /// A version that is missing, not a whole number, or older than anything this companion reads.
    UnknownVersion { found: String },
    /// The right kind of data with values that do not read (a wrong type, a 4-digit ID, a theme
    /// that does not exist).
    Invalid { message: String },
    /// It read, but the companion could not use it (a simulator session that no longer replays).
    Unusable { message: String },
    /// It read, but it is not what the entry that refers to it expects (a response body of another
    /// lab state: another tab's, a partial import, a save cut short), or nothing refers to it.
    Mismatch { found: String },
}

impl Unreadable {
    pub fn not_json(error: &serde_json::Error) -> Unreadable {
        Unreadable::NotJson {
            line: error.line(),
            column: error.column(),
            message: clip(error.to_string().split(" at line ").next().unwrap_or("")),
        }
    }
    pub fn foreign(found: impl AsRef<str>) -> Unreadable {
        Unreadable::Foreign {
            found: clip(found.as_ref()),
        }
    }
    pub fn unknown_version(found: impl AsRef<str>) -> Unreadable {
        Unreadable::UnknownVersion {
            found: clip(found.as_ref()),
        }
    }
    pub fn invalid(message: impl AsRef<str>) -> Unreadable {
        Unreadable::Invalid {
            message: clip(message.as_ref()),
        }
    }
    /// A serde error on a value whose JSON syntax was fine.
    pub fn invalid_json(error: &serde_json::Error) -> Unreadable {
        Unreadable::invalid(error.to_string().split(" at line ").next().unwrap_or(""))
    }
    pub fn unusable(message: impl AsRef<str>) -> Unreadable {
        Unreadable::Unusable {
            message: clip(message.as_ref()),
        }
    }
    pub fn mismatch(found: impl AsRef<str>) -> Unreadable {
        Unreadable::Mismatch {
            found: clip(found.as_ref()),
        }
    }
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unreadable::NotJson {
                line,
                column,
                message,
            } => write!(
                f,
                "it is not JSON: {message} at line {line}, column {column}"
            ),
            Unreadable::Foreign { found } => {
                write!(f, "it is not the companion's data of this kind: {found}")
            }
            Unreadable::NewerVersion { found, reads } => write!(
                f,
                "it was saved by a newer version of the companion (format {found}; this one reads \
                 format {reads}); reload the page to update"
            ),
            Unreadable::UnknownVersion { found } => {
                write!(f, "its format version is missing or unknown ({found})")
            }
            Unreadable::Invalid { message } => write!(f, "its values do not read: {message}"),
            Unreadable::Unusable { message } => write!(f, "it could not be used: {message}"),
            Unreadable::Mismatch { found } => {
                write!(f, "it does not go with the rest of the saved data: {found}")
            }
        }
    }
}

impl std::error::Error for Unreadable {}

/// `text` cut to [`QUOTE_CHARS`] characters (with `…`), so a reason stays one readable line.
pub fn clip(text: &str) -> String {
    match text.char_indices().nth(QUOTE_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_short_whatever_they_quote() {
        let huge = "x".repeat(1_000_000);
        for reason in [
            Unreadable::foreign(&huge),
            Unreadable::invalid(&huge),
            Unreadable::unknown_version(&huge),
            Unreadable::unusable(&huge),
            Unreadable::mismatch(&huge),
        ] {
            assert!(reason.to_string().chars().count() < 300, "{reason:.80}");
        }
        assert_eq!(
            clip("é".repeat(200).as_str()).chars().count(),
            QUOTE_CHARS + 1
        );
    }
}
