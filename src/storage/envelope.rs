//! The outside of a stored JSON document: is it JSON, an object, of our format, of a version this
//! companion reads? Checked the same way for every key, before the key's own decoder runs.

use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::Value;

use super::keys::Format;
use super::Unreadable;

/// Only these two fields are read; the rest is skipped without being built.
#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    format: Option<Value>,
    #[serde(default)]
    version: Option<Value>,
}

/// The version found in `text` (0 for plain text), or why the text is not readable as `format`.
pub fn check(format: &Format, text: &str) -> Result<u32, Unreadable> {
    let Format::Json {
        format: name,
        oldest,
        current,
    } = *format
    else {
        return Ok(0);
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // A struct also deserialises from a JSON array, so anything but an object is sorted out first.
    if !text.trim_start().starts_with('{') {
        return Err(match serde_json::from_str::<IgnoredAny>(text) {
            Err(e) => Unreadable::not_json(&e),
            Ok(_) => Unreadable::foreign(format!("{} instead of an object", kind_of(text))),
        });
    }
    let envelope: Envelope = serde_json::from_str(text).map_err(|e| {
        if e.is_data() {
            Unreadable::invalid_json(&e)
        } else {
            Unreadable::not_json(&e)
        }
    })?;
    if let Some(name) = name {
        match &envelope.format {
            Some(Value::String(found)) if found == name => {}
            Some(found) => {
                return Err(Unreadable::foreign(format!(
                    "its \"format\" is {found}, not \"{name}\""
                )))
            }
            None => {
                return Err(Unreadable::foreign(format!(
                    "it has no \"format\" \"{name}\""
                )))
            }
        }
    }
    let found = match &envelope.version {
        Some(Value::Number(n)) => n.as_u64(),
        _ => None,
    };
    match found {
        Some(v) if v > u64::from(current) => Err(Unreadable::NewerVersion {
            found: v,
            reads: current,
        }),
        Some(v) if v >= u64::from(oldest) => Ok(v as u32),
        _ => Err(Unreadable::unknown_version(match &envelope.version {
            None => "no \"version\"".to_owned(),
            Some(v) => format!("\"version\": {v}"),
        })),
    }
}

fn kind_of(text: &str) -> &'static str {
    match text.trim_start().chars().next() {
        Some('[') => "a JSON array",
        Some('"') => "a JSON string",
        Some('t' | 'f') => "a JSON boolean",
        Some('n') => "JSON null",
        _ => "a JSON number",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAB: Format = Format::Json {
        format: Some("f"),
        oldest: 1,
        current: 2,
    };

    #[test]
    fn each_problem_has_its_kind() {
        type Expect = fn(&Unreadable) -> bool;
        let cases: &[(&str, Expect)] = &[
            ("", |r| matches!(r, Unreadable::NotJson { line: 1, .. })),
            ("{\"format\":", |r| matches!(r, Unreadable::NotJson { .. })),
            ("<html>", |r| matches!(r, Unreadable::NotJson { .. })),
            (
                "[1]",
                |r| matches!(r, Unreadable::Foreign { found } if found.contains("array")),
            ),
            ("null", |r| matches!(r, Unreadable::Foreign { .. })),
            ("{\"format\":\"g\",\"version\":1}", |r| {
                matches!(r, Unreadable::Foreign { .. })
            }),
            ("{\"version\":1}", |r| {
                matches!(r, Unreadable::Foreign { .. })
            }),
            ("{\"format\":\"f\",\"version\":3}", |r| {
                *r == Unreadable::NewerVersion { found: 3, reads: 2 }
            }),
            ("{\"format\":\"f\",\"version\":0}", |r| {
                matches!(r, Unreadable::UnknownVersion { .. })
            }),
            ("{\"format\":\"f\",\"version\":\"1\"}", |r| {
                matches!(r, Unreadable::UnknownVersion { .. })
            }),
            ("{\"format\":\"f\",\"version\":1.5}", |r| {
                matches!(r, Unreadable::UnknownVersion { .. })
            }),
            ("{\"format\":\"f\"}", |r| {
                matches!(r, Unreadable::UnknownVersion { .. })
            }),
        ];
        for (text, expected) in cases {
            let reason = check(&LAB, text).expect_err(text);
            assert!(expected(&reason), "{text}: {reason:?}");
        }
        assert_eq!(
            check(&LAB, "\u{feff} {\"format\":\"f\",\"version\":2,\"x\":[]}"),
            Ok(2)
        );
        assert_eq!(check(&Format::Text, "anything"), Ok(0));
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = format!("{{\"a\":{}", "[".repeat(100_000));
        assert!(matches!(
            check(&LAB, &deep),
            Err(Unreadable::NotJson { .. })
        ));
        assert!(matches!(
            check(&LAB, &"[".repeat(100_000)),
            Err(Unreadable::NotJson { .. })
        ));
    }
}
