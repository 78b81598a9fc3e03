//! The attendee ID and how it is put into the guide's values.
//!
//! Every attendee gets a 3-digit ID; the guide's placeholders, code blocks and copy payloads carry it
//! (`Main_Flow_123`, `123_Queue`). Without an ID they read [`PLACEHOLDER`] and a copy warns.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What the guide shows where the attendee ID goes while none is set.
pub const PLACEHOLDER: &str = "Your_Attendee_ID";

/// The literal spellings replaced by the ID in code, inline code and copy texts (longest first).
const LITERALS: [&str; 2] = ["<Your_Attendee_ID>", PLACEHOLDER];

/// The number of digits of an attendee ID.
pub const ATTENDEE_ID_LEN: usize = 3;

/// An attendee ID: exactly 3 ASCII digits, e.g. `007`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AttendeeId(String);

/// Why a text is not an attendee ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum AttendeeIdError {
    /// Nothing (or only spaces) was entered.
    Empty,
    /// A character that is not an ASCII digit; `position` counts characters from 1 after trimming.
    NotADigit { found: char, position: usize },
    /// Digits only, but not 3 of them.
    WrongLength { digits: usize },
}

impl fmt::Display for AttendeeIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttendeeIdError::Empty => write!(f, "Enter your {ATTENDEE_ID_LEN}-digit attendee ID."),
            AttendeeIdError::NotADigit { found, position } => write!(
                f,
                "The attendee ID has digits only: `{}` (character {position}) is not a digit.",
                found.escape_default()
            ),
            AttendeeIdError::WrongLength { digits } => write!(
                f,
                "The attendee ID has exactly {ATTENDEE_ID_LEN} digits, not {digits}."
            ),
        }
    }
}

impl std::error::Error for AttendeeIdError {}

impl AttendeeId {
    /// Parses an ID as typed: surrounding whitespace is ignored, then exactly 3 ASCII digits.
    pub fn parse(text: &str) -> Result<AttendeeId, AttendeeIdError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(AttendeeIdError::Empty);
        }
        if let Some((index, found)) = text.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
            return Err(AttendeeIdError::NotADigit {
                found,
                position: index + 1,
            });
        }
        // Only ASCII digits are left, so bytes are characters.
        if text.len() != ATTENDEE_ID_LEN {
            return Err(AttendeeIdError::WrongLength { digits: text.len() });
        }
        Ok(AttendeeId(text.to_owned()))
    }

    /// The three digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for AttendeeId {
    type Err = AttendeeIdError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        AttendeeId::parse(text)
    }
}

impl TryFrom<String> for AttendeeId {
    type Error = AttendeeIdError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        AttendeeId::parse(&text)
    }
}

impl From<AttendeeId> for String {
    fn from(id: AttendeeId) -> String {
        id.0
    }
}

impl fmt::Display for AttendeeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A text ready to be shown or copied, with the ID put in where the guide asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopyPayload {
    /// The text to show or put on the clipboard.
    pub text: String,
    /// The text needed the attendee ID but none was set: it still reads `Your_Attendee_ID`, so the UI
    /// warns when copying it.
    pub missing_attendee_id: bool,
}

impl CopyPayload {
    /// True when the text carries everything it needs.
    pub fn is_complete(&self) -> bool {
        !self.missing_attendee_id
    }
}

/// The ID's text, or [`PLACEHOLDER`] without one.
pub fn id_or_placeholder(id: Option<&AttendeeId>) -> &str {
    id.map_or(PLACEHOLDER, AttendeeId::as_str)
}

/// Replaces every literal `<Your_Attendee_ID>` and `Your_Attendee_ID` in `text` by the ID.
///
/// Without an ID the text is returned unchanged, flagged as missing the ID when a placeholder occurs.
pub fn substitute(text: &str, id: Option<&AttendeeId>) -> CopyPayload {
    let mentions_id = LITERALS.iter().any(|literal| text.contains(literal));
    match id {
        Some(id) if mentions_id => {
            let mut out = text.to_owned();
            for literal in LITERALS {
                out = out.replace(literal, id.as_str());
            }
            CopyPayload {
                text: out,
                missing_attendee_id: false,
            }
        }
        _ => CopyPayload {
            text: text.to_owned(),
            missing_attendee_id: mentions_id,
        },
    }
}

/// `prefix + ID + suffix`, e.g. `Main_Flow_` + `123` + `` → `Main_Flow_123`.
pub fn compose(prefix: &str, suffix: &str, id: Option<&AttendeeId>) -> CopyPayload {
    CopyPayload {
        text: format!("{prefix}{}{suffix}", id_or_placeholder(id)),
        missing_attendee_id: id.is_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> AttendeeId {
        match AttendeeId::parse(text) {
            Ok(id) => id,
            Err(error) => panic!("{text:?}: {error}"),
        }
    }

    #[test]
    fn parses_three_digits() {
        let cases: &[(&str, Result<&str, AttendeeIdError>)] = &[
            ("123", Ok("123")),
            ("  007\n", Ok("007")),
            ("", Err(AttendeeIdError::Empty)),
            ("   ", Err(AttendeeIdError::Empty)),
            ("12", Err(AttendeeIdError::WrongLength { digits: 2 })),
            ("1234", Err(AttendeeIdError::WrongLength { digits: 4 })),
            (
                "12a",
                Err(AttendeeIdError::NotADigit {
                    found: 'a',
                    position: 3,
                }),
            ),
            (
                "1 2",
                Err(AttendeeIdError::NotADigit {
                    found: ' ',
                    position: 2,
                }),
            ),
            (
                "١٢٣",
                Err(AttendeeIdError::NotADigit {
                    found: '١',
                    position: 1,
                }),
            ),
            (
                "-12",
                Err(AttendeeIdError::NotADigit {
                    found: '-',
                    position: 1,
                }),
            ),
        ];
        for (input, expected) in cases {
            let got = AttendeeId::parse(input);
            assert_eq!(
                got.as_ref().map(AttendeeId::as_str).map_err(Clone::clone),
                expected.clone(),
                "{input:?}"
            );
        }
    }

    #[test]
    fn errors_explain_themselves() {
        assert_eq!(
            AttendeeIdError::Empty.to_string(),
            "Enter your 3-digit attendee ID."
        );
        assert!(AttendeeId::parse("1x3")
            .err()
            .is_some_and(|e| e.to_string().contains("`x` (character 2) is not a digit")));
        assert!(AttendeeId::parse("12")
            .err()
            .is_some_and(|e| e.to_string().contains("exactly 3 digits, not 2")));
    }

    #[test]
    fn serde_round_trip_validates() {
        assert_eq!(
            serde_json::to_string(&id("042")).ok().as_deref(),
            Some("\"042\"")
        );
        assert_eq!(
            serde_json::from_str::<AttendeeId>("\"042\"").ok(),
            Some(id("042"))
        );
        assert!(serde_json::from_str::<AttendeeId>("\"42\"").is_err());
    }

    #[test]
    fn substitutes_literals() {
        let with = substitute(
            "<Your_Attendee_ID>_Queue and Main_Flow_Your_Attendee_ID",
            Some(&id("123")),
        );
        assert_eq!(with.text, "123_Queue and Main_Flow_123");
        assert!(with.is_complete());

        let without = substitute("<Your_Attendee_ID>_Queue", None);
        assert_eq!(without.text, "<Your_Attendee_ID>_Queue");
        assert!(without.missing_attendee_id);

        let plain = substitute("callbackStatus", None);
        assert!(plain.is_complete());
    }

    #[test]
    fn composes_prefix_and_suffix() {
        assert_eq!(
            compose("Main_Flow_", "", Some(&id("123"))).text,
            "Main_Flow_123"
        );
        let missing = compose("", "_Queue", None);
        assert_eq!(missing.text, "Your_Attendee_ID_Queue");
        assert!(missing.missing_attendee_id);
    }
}
