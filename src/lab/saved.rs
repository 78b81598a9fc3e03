//! The lab state as a versioned JSON document: kept in `localStorage` across reloads and exported to /
//! imported from a file so a proctor and an attendee can share a case.
//!
//! `{"format": "callback-lab/condition-lab", "version": 1, "inputs": {…}}`. `inputs.flow` (optional,
//! `{"name": …, "text": …}`) is the attendee's imported flow export, imported again on restore; a
//! missing or unreadable one means the mission flow (older documents read as before). Anything else — not JSON,
//! another format, a newer version, fields of the wrong type — is refused with a message; the caller
//! sets the text aside instead of crashing or losing it.

use serde::{Deserialize, Serialize};

use super::inputs::LabInputs;

pub const FORMAT: &str = "callback-lab/condition-lab";
pub const VERSION: u32 = 1;
/// The `localStorage` key of the current lab state.
pub const STORAGE_KEY: &str = "callback-lab.lab";
/// Where an unreadable saved state is set aside.
pub const SET_ASIDE_KEY: &str = "callback-lab.lab.unreadable";
/// Largest lab state file accepted for import (bytes).
pub const MAX_IMPORT_BYTES: usize = 24 * 1024 * 1024;

#[derive(Serialize)]
struct SavedRef<'a> {
    format: &'static str,
    version: u32,
    inputs: &'a LabInputs,
}

#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Saved {
    inputs: LabInputs,
}

/// The document for `inputs`.
pub fn to_json(inputs: &LabInputs) -> String {
    let doc = SavedRef {
        format: FORMAT,
        version: VERSION,
        inputs,
    };
    // Serialising plain strings and numbers cannot fail; an empty object is a safe fallback.
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string())
}

/// Reads a document written by [`to_json`] (this or an earlier version).
pub fn from_json(text: &str) -> Result<LabInputs, String> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(format!(
            "the file is larger than {} MB",
            MAX_IMPORT_BYTES / (1024 * 1024)
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header: Header = serde_json::from_str(text).map_err(|e| {
        format!(
            "it is not a lab state (not JSON: {} at line {}, column {})",
            e.to_string().split(" at line ").next().unwrap_or(""),
            e.line(),
            e.column()
        )
    })?;
    if header.format.as_ref().and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(format!(
            "it is not a lab state (its \"format\" is not \"{FORMAT}\")"
        ));
    }
    match header.version.as_ref().and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) if v > u64::from(VERSION) => {
            return Err(format!(
                "it was saved by a newer version of the lab (version {v}; this one reads version {VERSION})"
            ))
        }
        _ => return Err("its \"version\" is missing or not a supported number".to_string()),
    }
    let saved: Saved = serde_json::from_str(text).map_err(|e| {
        format!(
            "its inputs do not read: {}",
            e.to_string().split(" at line ").next().unwrap_or("")
        )
    })?;
    Ok(saved.inputs.normalised())
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
        ];
        for (text, why) in cases {
            let err = from_json(text).expect_err(text);
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
