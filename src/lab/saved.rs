//! The lab state as a versioned JSON document, in two forms:
//!
//! - **inline** (version 1): `{"format": "callback-lab/condition-lab", "version": 1, "inputs": {…}}`
//!   with the response body in `inputs.body`. Exported to / imported from a file so a proctor and an
//!   attendee can share a case (self-contained), and how `localStorage` kept it before version 2.
//! - **apart** (version 2, what `localStorage` keeps now): the same `inputs` without `body`, and
//!   `"body": {"bytes": …, "fnv1a64": "…"}` — the response is kept under its own key (plain
//!   text) and written only when it changes; `bytes` and `fnv1a64` (its UTF-8 length and
//!   FNV-1a hash) tell whether the text found there is the one this state was saved with.
//!   `"kept": false` says the response could not be stored (the storage was full).
//!
//! `inputs.flow` (optional, `{"name": …, "text": …}`) is the attendee's imported flow export, imported
//! again on restore; a missing or unreadable one means the mission flow (older documents read as
//! before). Anything else — not JSON, another format, a newer version, fields of the wrong type — is
//! refused with a message; the caller sets the text aside instead of crashing or losing it.

use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::clock::ClockSetting;
use super::inputs::{FlowSource, LabInputs, PathInput};

pub const FORMAT: &str = "callback-lab/condition-lab";
/// The version `localStorage` keeps (the body apart).
pub const VERSION: u32 = 2;
/// The version of the inline form (exports; what `localStorage` kept before [`VERSION`]).
pub const INLINE_VERSION: u32 = 1;
/// Largest lab state file accepted for import (bytes).
pub const MAX_IMPORT_BYTES: usize = 24 * 1024 * 1024;

/// What a version-2 state says of its response body, kept apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyRef {
    /// Its length in UTF-8 bytes.
    pub bytes: usize,
    /// FNV-1a (64 bits) of those bytes; 16 hex digits in the document.
    #[serde(serialize_with = "ser_hex", deserialize_with = "de_hex")]
    pub fnv1a64: u64,
    /// `false`: it was not stored (the storage was full); the state restores without it.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub kept: bool,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

fn ser_hex<S: Serializer>(v: &u64, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(&format!("{v:016x}"))
}

fn de_hex<'de, D: Deserializer<'de>>(de: D) -> Result<u64, D::Error> {
    let text = String::deserialize(de)?;
    if text.len() != 16 {
        return Err(serde::de::Error::custom("\"fnv1a64\" is not 16 hex digits"));
    }
    u64::from_str_radix(&text, 16)
        .map_err(|_| serde::de::Error::custom("\"fnv1a64\" is not 16 hex digits"))
}

impl BodyRef {
    /// The reference of `body` (hashes it: call once per body, not per save).
    pub fn of(body: &str) -> BodyRef {
        BodyRef {
            bytes: body.len(),
            fnv1a64: fnv1a64(body.as_bytes()),
            kept: true,
        }
    }

    /// Whether `body` is the text this reference was made from.
    pub fn matches(&self, body: &str) -> bool {
        body.len() == self.bytes && fnv1a64(body.as_bytes()) == self.fnv1a64
    }
}

/// FNV-1a, 64 bits: a fixed, documented hash (std's hashers may change between Rust versions).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// A lab state as read from a document, and where its response body is.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredLab {
    /// The inputs; with [`BodyPlace::Apart`] their `body` is empty until it is read from its key.
    pub inputs: LabInputs,
    pub body: BodyPlace,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyPlace {
    /// In `inputs.body` (version 1).
    Inline,
    /// Under its own key (version 2).
    Apart(BodyRef),
}

#[derive(Serialize)]
struct InlineRef<'a> {
    format: &'static str,
    version: u32,
    inputs: &'a LabInputs,
}

#[derive(Serialize)]
struct ApartRef<'a> {
    format: &'static str,
    version: u32,
    inputs: InputsApart<'a>,
    body: &'a BodyRef,
}

/// [`LabInputs`] but the body, borrowed (a test checks that it has every other field).
#[derive(Serialize)]
struct InputsApart<'a> {
    status: &'a str,
    number: &'a str,
    entry_point: &'a str,
    clock: &'a ClockSetting,
    paths: &'a [PathInput],
    expression: &'a str,
    region: &'a str,
    sample: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    flow: &'a Option<FlowSource>,
}

impl<'a> InputsApart<'a> {
    fn of(inputs: &'a LabInputs) -> InputsApart<'a> {
        let LabInputs {
            body: _,
            status,
            number,
            entry_point,
            clock,
            paths,
            expression,
            region,
            sample,
            flow,
        } = inputs;
        InputsApart {
            status,
            number,
            entry_point,
            clock,
            paths,
            expression,
            region,
            sample,
            flow,
        }
    }
}

#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Saved {
    inputs: LabInputs,
    /// Version 2 only.
    #[serde(default)]
    body: Option<BodyRef>,
}

/// The inline document for `inputs` (an export: self-contained, the body included).
pub fn to_json(inputs: &LabInputs) -> String {
    let doc = InlineRef {
        format: FORMAT,
        version: INLINE_VERSION,
        inputs,
    };
    // Serialising plain strings and numbers cannot fail; an empty object is a safe fallback.
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string())
}

/// The version-2 document for `inputs` whose body is kept apart as `body` says (the body itself is
/// neither copied nor serialised).
pub fn to_json_apart(inputs: &LabInputs, body: &BodyRef) -> String {
    let doc = ApartRef {
        format: FORMAT,
        version: VERSION,
        inputs: InputsApart::of(inputs),
        body,
    };
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string())
}

/// The document for a [`StoredLab`]: inline or apart, as its [`BodyPlace`] says.
pub fn to_json_stored(stored: &StoredLab) -> String {
    match &stored.body {
        BodyPlace::Inline => to_json(&stored.inputs),
        BodyPlace::Apart(body) => to_json_apart(&stored.inputs, body),
    }
}

/// Why a lab state document does not read (as a file to import, or as stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabFileError {
    /// Larger than [`MAX_IMPORT_BYTES`].
    TooLarge,
    /// Not JSON: the parser's message without its position, and the position.
    NotJson {
        message: String,
        line: usize,
        column: usize,
    },
    /// JSON, but its `format` is not [`FORMAT`].
    OtherFormat,
    /// Saved by a newer lab (its version).
    NewerVersion(u64),
    /// No version, or one that is not a supported number.
    NoVersion,
    /// The inputs are not of the expected shape (the parser's message without its position).
    Inputs(String),
    /// A version-2 document without its `body` reference.
    NoBodyReference,
    /// A version-2 document (as the browser keeps it) given as a file: the response is not in it.
    WithoutResponse,
}

impl std::fmt::Display for LabFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LabFileError::TooLarge => write!(
                f,
                "the file is larger than {} MB",
                MAX_IMPORT_BYTES / (1024 * 1024)
            ),
            LabFileError::NotJson {
                message,
                line,
                column,
            } => write!(
                f,
                "it is not a lab state (not JSON: {message} at line {line}, column {column})"
            ),
            LabFileError::OtherFormat => write!(
                f,
                "it is not a lab state (its \"format\" is not \"{FORMAT}\")"
            ),
            LabFileError::NewerVersion(v) => write!(
                f,
                "it was saved by a newer version of the lab (version {v}; this one reads version {VERSION})"
            ),
            LabFileError::NoVersion => {
                write!(f, "its \"version\" is missing or not a supported number")
            }
            LabFileError::Inputs(message) => write!(f, "its inputs do not read: {message}"),
            LabFileError::NoBodyReference => write!(
                f,
                "it has no \"body\" reference (version 2 keeps the response apart)"
            ),
            LabFileError::WithoutResponse => write!(
                f,
                "it is a lab state as this browser keeps it, without its response (use the lab's \
                 Export to make a file with the whole case)"
            ),
        }
    }
}

impl std::error::Error for LabFileError {}

/// serde_json's message without its " at line L column C" tail.
fn without_position(e: &serde_json::Error) -> String {
    e.to_string()
        .split(" at line ")
        .next()
        .unwrap_or("")
        .to_string()
}

/// Reads a lab state file (an export): the inline form. A version-2 document (as `localStorage`
/// keeps it, without its response) is refused: it is not a whole case.
pub fn from_json(text: &str) -> Result<LabInputs, LabFileError> {
    let stored = from_json_stored(text)?;
    match stored.body {
        BodyPlace::Inline => Ok(stored.inputs),
        BodyPlace::Apart(_) => Err(LabFileError::WithoutResponse),
    }
}

/// Reads a document written by [`to_json`] or [`to_json_apart`] (this or an earlier version).
pub fn from_json_stored(text: &str) -> Result<StoredLab, LabFileError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(LabFileError::TooLarge);
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header: Header = serde_json::from_str(text).map_err(|e| LabFileError::NotJson {
        message: without_position(&e),
        line: e.line(),
        column: e.column(),
    })?;
    if header.format.as_ref().and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(LabFileError::OtherFormat);
    }
    let apart = match header.version.as_ref().and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(INLINE_VERSION) => Ok(false),
        Some(v) if v == u64::from(VERSION) => Ok(true),
        Some(v) if v > u64::from(VERSION) => Err(LabFileError::NewerVersion(v)),
        _ => Err(LabFileError::NoVersion),
    }?;
    // One document type for both versions (one parser in the wasm).
    let saved: Saved =
        serde_json::from_str(text).map_err(|e| LabFileError::Inputs(without_position(&e)))?;
    let mut inputs = saved.inputs.normalised();
    let body = match (apart, saved.body) {
        (false, _) => BodyPlace::Inline,
        (true, Some(body)) => {
            inputs.body = Arc::from("");
            BodyPlace::Apart(body)
        }
        (true, None) => return Err(LabFileError::NoBodyReference),
    };
    Ok(StoredLab { inputs, body })
}

/// A file name for an export: `condition-lab-<sample>.json` or `condition-lab-case.json`.
pub fn export_file_name(inputs: &LabInputs) -> String {
    let what = inputs
        .sample
        .as_deref()
        .filter(|s| s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or("case");
    format!("condition-lab-{what}.json")
}

/// What this tab knows of the lab's entries in the storage, so that a save writes the body entry
/// only when the body changed and merges another tab's save first. Part of the lab's state
/// ([`super::LabState::saver`]); the saving itself is the storage layer's
/// ([`crate::storage::lab_state`], which sits above the lab and adds `save` and `sync`).
#[derive(Debug, Clone, Default)]
pub struct Saver {
    /// What the body entry holds (`None`: not known, as after a version-1 restore: write it).
    pub(crate) written: Option<Written>,
    /// What the state entry held when this tab last read or wrote it (`None`: nothing).
    pub(crate) known: Option<Known>,
}

/// A state text and the inputs it holds (its body included): the base of a merge.
#[derive(Debug, Clone)]
pub(crate) struct Known {
    pub(crate) text: String,
    pub(crate) inputs: LabInputs,
}

#[derive(Debug, Clone)]
pub(crate) struct Written {
    /// The body last written (or restored): kept so that an unchanged body is a pointer compare.
    pub(crate) body: Arc<str>,
    /// What the state says of it (`kept: false`: the write failed, and is tried again).
    pub(crate) reference: BodyRef,
}

impl Saver {
    /// Someone else (another tab) wrote the body entry: what it holds is no longer known, so the
    /// next save writes the body again (with the state that refers to it).
    pub fn forget_body(&mut self) {
        self.written = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn round_trips_every_field() {
        let mut inputs = LabInputs {
            body: Arc::from("{\"a\": \"’ünïcode’\"}\n"),
            status: "401".into(),
            number: "123".into(),
            clock: crate::lab::clock::ClockSetting {
                fixed: true,
                fixed_text: "1700000000000".into(),
            },
            expression: "{{ true }}".into(),
            region: "eu2".into(),
            sample: None,
            ..LabInputs::default()
        };
        if let Some(p) = inputs.paths.first_mut() {
            p.path = "$.x".into();
        }
        let text = to_json(&inputs);
        assert_eq!(from_json(&text), Ok(inputs));
    }

    #[test]
    fn the_body_apart_is_a_reference_and_reads_back_without_it() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        let inputs = LabInputs {
            body: Arc::from("{\"marker\": \"in the body only\"}"),
            expression: "{{ false }}".into(),
            flow: Some(FlowSource {
                name: Some("mine.json".into()),
                text: Arc::from("{}"),
            }),
            ..LabInputs::default()
        };
        let reference = BodyRef::of(&inputs.body);
        let text = to_json_apart(&inputs, &reference);
        assert!(text.contains("\"version\": 2"), "{text}");
        // Every field of the inputs but the body, as the inline form writes them.
        let apart: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut inline = serde_json::to_value(&inputs).unwrap();
        inline.as_object_mut().unwrap().remove("body");
        assert_eq!(apart["inputs"], inline);
        assert!(!text.contains("marker"), "no body in it: {text}");
        let read = from_json_stored(&text).unwrap();
        assert_eq!(read.body, BodyPlace::Apart(reference.clone()));
        assert!(reference.matches(&inputs.body));
        assert!(!reference.matches(&format!("{} ", inputs.body)));
        assert_eq!(
            read.inputs,
            LabInputs {
                body: Arc::from(""),
                ..inputs.clone()
            }
        );
        let not_kept = BodyRef {
            kept: false,
            ..reference
        };
        let text = to_json_apart(&inputs, &not_kept);
        assert!(text.contains("\"kept\": false"), "{text}");
        assert_eq!(
            from_json_stored(&text).map(|s| s.body),
            Ok(BodyPlace::Apart(not_kept))
        );
        // Version 1 reads with its body inline; an export is version 1.
        let text = to_json(&inputs);
        assert!(text.contains("\"version\": 1"));
        assert_eq!(
            from_json_stored(&text),
            Ok(StoredLab {
                inputs,
                body: BodyPlace::Inline
            })
        );
    }

    #[test]
    fn refuses_what_is_not_a_lab_state_with_a_reason() {
        let cases = [
            ("", "not JSON"),
            ("{", "not JSON"),
            ("[]", "not a lab state"),
            ("{\"format\": \"other\", \"version\": 1}", "not a lab state"),
            (
                "{\"format\": \"callback-lab/condition-lab\", \"version\": 99, \"inputs\": {}}",
                "newer version",
            ),
            (
                "{\"format\": \"callback-lab/condition-lab\", \"version\": \"1\"}",
                "version",
            ),
            (
                "{\"format\": \"callback-lab/condition-lab\", \"version\": 1, \"inputs\": {\"status\": 5}}",
                "inputs do not read",
            ),
            (
                "{\"format\": \"callback-lab/condition-lab\", \"version\": 1}",
                "inputs do not read",
            ),
            (
                "{\"format\": \"callback-lab/condition-lab\", \"version\": 2, \"inputs\": {}, \"body\": {\"bytes\": 2, \"fnv1a64\": \"08f44b07b5901a25\"}}",
                "without its response",
            ),
        ];
        for (text, why) in cases {
            let err = from_json(text).expect_err(text).to_string();
            assert!(err.contains(why), "{text}: {err}");
        }
    }

    #[test]
    fn missing_fields_take_defaults_and_paths_follow_the_mission() {
        let text = r#"{"format": "callback-lab/condition-lab", "version": 1,
            "inputs": {"status": "500", "paths": [{"variable": "nope", "path": "$.x"},
                {"variable": "callbackStatus", "path": "$.y"}]}}"#;
        let inputs = from_json(text).unwrap();
        assert_eq!(inputs.status, "500");
        let vars: Vec<&str> = inputs.paths.iter().map(|p| p.variable.as_str()).collect();
        assert_eq!(vars, ["callbackStatus", "callbackConnectTime"]);
        assert_eq!(inputs.paths[0].path, "$.y");
        assert_eq!(inputs.differences(), 1);
        assert_eq!(inputs.number, LabInputs::default().number);
    }

    #[test]
    fn file_names_are_safe() {
        let mut inputs = LabInputs::default();
        assert_eq!(
            export_file_name(&inputs),
            "condition-lab-pending-callback.json"
        );
        inputs.sample = Some("../x".into());
        assert_eq!(export_file_name(&inputs), "condition-lab-case.json");
    }
}
