//! Import of an attendee's Flow Designer export (file drop or paste) into the flow model.
//!
//! Tolerant where a real export differs from our own files and the meaning is clear, strict where it
//! is not — and every refusal says what and where (`line:column` in the file, with the line shown):
//! - extra fields anywhere (real exports carry diagram coordinates, ids, `isReportable`, connector
//!   ids, …) are accepted and kept in the node's properties;
//! - unknown activity kinds are kept as opaque nodes, never a failure;
//! - ids, labels and link exits given as numbers are read as text; `null` counts as absent;
//! - a link without `conditionExpr` leaves by its node's normal exit (`out` or `default`);
//! - an exit connected twice keeps its first connection (Flow Designer follows one), and the other
//!   is reported in [`Imported::dropped_links`] so the checker can point at it;
//! - limits: [`MAX_FLOW_BYTES`], [`MAX_NODES`], [`MAX_LINKS`], [`MAX_VARIABLES`], and JSON nested at
//!   most 128 levels (serde_json's limit).
//!
//! The checked and normalised document is then loaded by [`Flow::from_json`], so an imported flow is
//! exactly the model the runner and the Condition lab use.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::{Map, Value as Json};

use crate::error::caret_excerpt;
use crate::model::{MAX_FLOW_BYTES, MAX_LINKS, MAX_NODES, MAX_VARIABLES};
use crate::{Flow, FlowError, FlowErrorKind, NodeKind};
use engine::VarType;

use super::locate::{line_column, locate, JsonPath};

/// A connection the import left out because its exit was already connected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DroppedLink {
    /// Label of the node the exit belongs to.
    pub from: String,
    pub exit: String,
    /// Label of the node the dropped connection went to.
    pub to: String,
    /// Label of the node the kept connection goes to.
    pub kept: String,
}

/// An imported flow with what the import had to interpret.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Imported {
    pub flow: Flow,
    /// What was read leniently (shown to the user, never a failure).
    pub notes: Vec<String>,
    pub dropped_links: Vec<DroppedLink>,
}

/// Reads a Flow Designer export. Never panics; every error has a message and, when it concerns a
/// place in the file, `line L, column C` and the line with a caret.
pub fn import(text: &str) -> Result<Imported, FlowError> {
    if text.len() > MAX_FLOW_BYTES {
        return Err(FlowError::new(
            FlowErrorKind::TooLarge,
            format!(
                "the file is {:.1} MB; a flow export larger than {} MB is not accepted",
                text.len() as f64 / (1024.0 * 1024.0),
                MAX_FLOW_BYTES / (1024 * 1024)
            ),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(
            FlowError::new(FlowErrorKind::FlowFormat, "the file is empty")
                .with_hint("export the flow in Flow Designer and drop or paste the .json file"),
        );
    }
    let mut root: Json = serde_json::from_str(text).map_err(|e| json_error(text, &e))?;
    let mut ctx = Normalizer {
        text,
        notes: Vec::new(),
        dropped: Vec::new(),
    };
    ctx.normalize(&mut root)?;
    let normalized = serde_json::to_string(&root).map_err(|e| {
        FlowError::new(
            FlowErrorKind::FlowFormat,
            format!("the flow could not be read: {e}"),
        )
    })?;
    let flow = Flow::from_json(&normalized).map_err(|mut e| {
        // Positions would refer to the normalised text, not the user's file.
        if e.location
            .as_deref()
            .is_some_and(|l| l.starts_with("line "))
        {
            e.location = None;
            e.excerpt = None;
        }
        e
    })?;
    Ok(Imported {
        flow,
        notes: ctx.notes,
        dropped_links: ctx.dropped,
    })
}

fn json_error(text: &str, e: &serde_json::Error) -> FlowError {
    let full = e.to_string();
    let short = full.split(" at line ").next().unwrap_or(&full);
    let message = if short.contains("recursion limit") {
        "the JSON is nested too deeply (more than 128 levels); a flow export is not".to_string()
    } else if e.is_eof() {
        format!("the file ends before the JSON does ({short}); was it cut off?")
    } else {
        format!("the file is not valid JSON: {short}")
    };
    FlowError::new(FlowErrorKind::FlowFormat, message)
        .at(format!("line {}, column {}", e.line(), e.column()))
        .with_excerpt(caret_excerpt(text, e.line(), e.column()))
}

struct Normalizer<'a> {
    text: &'a str,
    notes: Vec<String>,
    dropped: Vec<DroppedLink>,
}

fn kind_of(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "text",
        Json::Array(_) => "a list",
        Json::Object(_) => "an object",
    }
}

impl Normalizer<'_> {
    /// An error located at `path` in the user's file.
    fn err(&self, kind: FlowErrorKind, path: &JsonPath, message: impl Into<String>) -> FlowError {
        let mut e = FlowError::new(kind, message);
        match locate(self.text, path) {
            Some((line, column)) => {
                e = e
                    .at(format!("line {line}, column {column} ({path})"))
                    .with_excerpt(caret_excerpt(self.text, line, column));
            }
            None if !path.0.is_empty() => e = e.at(path.to_string()),
            None => {}
        }
        e
    }

    fn format_err(&self, path: &JsonPath, message: impl Into<String>) -> FlowError {
        self.err(FlowErrorKind::FlowFormat, path, message)
    }

    /// A text field: text kept, numbers and booleans as their text, null/absent removed.
    fn text_field(
        &mut self,
        obj: &mut Map<String, Json>,
        key: &str,
        path: &JsonPath,
    ) -> Result<Option<String>, FlowError> {
        let value = match obj.get(key) {
            None | Some(Json::Null) => {
                obj.remove(key);
                return Ok(None);
            }
            Some(Json::String(s)) => s.clone(),
            Some(v @ (Json::Number(_) | Json::Bool(_))) => v.to_string(),
            Some(other) => {
                return Err(self.format_err(
                    &path.key(key),
                    format!("`{key}` is {}; expected text", kind_of(other)),
                ))
            }
        };
        obj.insert(key.to_string(), Json::String(value.clone()));
        Ok(Some(value))
    }

    fn normalize(&mut self, root: &mut Json) -> Result<(), FlowError> {
        let top = JsonPath::root();
        let Json::Object(obj) = root else {
            return Err(self.format_err(
                &top,
                format!(
                    "the file is JSON but not a flow export: it is {}, not an object with `process`",
                    kind_of(root)
                ),
            ));
        };
        for key in ["name", "flowType", "description"] {
            self.text_field(obj, key, &top)?;
        }
        self.variables(obj)?;
        let Some(process) = obj.get_mut("process") else {
            return Err(self
                .format_err(
                    &top,
                    "the file has no `process` (the flow's activities and links)",
                )
                .with_hint(
                    "is this a Flow Designer flow export? Subflows and other files are not flows",
                ));
        };
        let ppath = top.key("process");
        let Json::Object(process) = process else {
            let found = kind_of(process);
            return Err(
                self.format_err(&ppath, format!("`process` is {found}; expected an object"))
            );
        };
        let activities = self.activities(process, &ppath)?;
        self.start(process, &ppath, &activities)?;
        self.links(process, &ppath, &activities)?;
        Ok(())
    }

    fn variables(&mut self, obj: &mut Map<String, Json>) -> Result<(), FlowError> {
        let path = JsonPath::root().key("variables");
        let list = match obj.get_mut("variables") {
            None | Some(Json::Null) => {
                obj.insert("variables".into(), Json::Array(Vec::new()));
                return Ok(());
            }
            Some(Json::Array(list)) => std::mem::take(list),
            Some(other) => {
                let found = kind_of(other);
                return Err(
                    self.format_err(&path, format!("`variables` is {found}; expected a list"))
                );
            }
        };
        if list.len() > MAX_VARIABLES {
            return Err(self.err(
                FlowErrorKind::TooLarge,
                &path,
                format!(
                    "the flow declares {} variables; at most {MAX_VARIABLES} are accepted",
                    list.len()
                ),
            ));
        }
        let mut names = HashSet::new();
        let mut out = Vec::with_capacity(list.len());
        for (i, mut var) in list.into_iter().enumerate() {
            let vpath = path.index(i);
            let Json::Object(v) = &mut var else {
                return Err(self.format_err(
                    &vpath,
                    format!(
                        "a flow variable is {}; expected an object {{name, type, value}}",
                        kind_of(&var)
                    ),
                ));
            };
            let Some(name) = self.text_field(v, "name", &vpath)? else {
                return Err(self.format_err(&vpath, "a flow variable has no `name`"));
            };
            if !names.insert(name.clone()) {
                return Err(self.err(
                    FlowErrorKind::FlowInvalid,
                    &vpath.key("name"),
                    format!("the flow variable `{name}` is declared twice"),
                ));
            }
            let Some(type_name) = self.text_field(v, "type", &vpath)? else {
                return Err(
                    self.format_err(&vpath, format!("the flow variable `{name}` has no `type`"))
                );
            };
            let var_type: VarType = type_name.parse().map_err(|_| {
                self.format_err(
                    &vpath.key("type"),
                    format!("`{name}` has the unknown type `{type_name}`"),
                )
                .with_hint("types are STRING, INTEGER, DECIMAL, BOOLEAN, DATETIME, JSON")
            })?;
            let default = match v.get("value") {
                None | Some(Json::Null) => String::new(),
                Some(Json::String(s)) => s.clone(),
                Some(other) => other.to_string(),
            };
            if !default.trim().is_empty() {
                if let Err(e) = var_type.parse_default(&default) {
                    return Err(self.err(
                        FlowErrorKind::Conversion,
                        &vpath.key("value"),
                        format!("the default `{default}` of `{name}` is not a {var_type}: {e}"),
                    ));
                }
            }
            out.push(var);
        }
        obj.insert("variables".into(), Json::Array(out));
        Ok(())
    }

    /// Checks every activity; returns id → (label, kind).
    fn activities(
        &mut self,
        process: &mut Map<String, Json>,
        ppath: &JsonPath,
    ) -> Result<HashMap<String, (String, NodeKind)>, FlowError> {
        let apath = ppath.key("activities");
        let map = match process.get_mut("activities") {
            Some(Json::Object(map)) => map,
            None | Some(Json::Null) => {
                return Err(self.format_err(ppath, "`process` has no `activities`"));
            }
            Some(other) => {
                let found = kind_of(other);
                return Err(self.format_err(
                    &apath,
                    format!("`activities` is {found}; expected an object keyed by activity id"),
                ));
            }
        };
        if map.len() > MAX_NODES {
            return Err(self.err(
                FlowErrorKind::TooLarge,
                &apath,
                format!(
                    "the flow has {} activities; at most {MAX_NODES} are accepted",
                    map.len()
                ),
            ));
        }
        let mut found = HashMap::with_capacity(map.len());
        let mut labels: HashMap<String, String> = HashMap::new();
        let mut opaque: Vec<String> = Vec::new();
        let mut entries = std::mem::take(map);
        for (key, activity) in entries.iter_mut() {
            let path = apath.key(key);
            let Json::Object(a) = activity else {
                return Err(self.format_err(
                    &path,
                    format!(
                        "activity `{key}` is {}; expected an object",
                        kind_of(activity)
                    ),
                ));
            };
            match self.text_field(a, "id", &path)? {
                Some(id) if id != *key => {
                    return Err(self.err(
                        FlowErrorKind::FlowInvalid,
                        &path.key("id"),
                        format!("activity `{key}` carries a different id `{id}`"),
                    ))
                }
                _ => {}
            }
            let label = self.text_field(a, "name", &path)?.unwrap_or_default();
            let label = label.trim().to_string();
            if label.is_empty() {
                return Err(self.err(
                    FlowErrorKind::FlowInvalid,
                    &path,
                    format!("activity `{key}` has no label (`name`)"),
                ));
            }
            a.insert("name".into(), Json::String(label.clone()));
            if let Some(other) = labels.insert(label.clone(), key.clone()) {
                return Err(self
                    .err(
                        FlowErrorKind::FlowInvalid,
                        &path.key("name"),
                        format!("activities `{other}` and `{key}` are both labelled `{label}`"),
                    )
                    .with_hint(
                        "labels name the activity's output variables, so they must be unique",
                    ));
            }
            let ppath = path.key("properties");
            let kind = match a.get("properties") {
                Some(Json::Object(props)) => NodeKind::from_properties(props),
                None | Some(Json::Null) => {
                    return Err(self.format_err(
                        &path,
                        format!("activity `{label}` has no `properties` (with its `activityName`)"),
                    ))
                }
                Some(other) => {
                    let found = kind_of(other);
                    return Err(self.format_err(
                        &ppath,
                        format!("the `properties` of `{label}` are {found}; expected an object"),
                    ));
                }
            };
            let kind = kind.map_err(|e| {
                let mut located =
                    self.err(e.kind, &ppath, format!("activity `{label}`: {}", e.message));
                if let Some(hint) = e.hint {
                    located = located.with_hint(hint);
                }
                located
            })?;
            if let NodeKind::Opaque(o) = &kind {
                opaque.push(format!("`{label}` ({})", o.activity_name));
            }
            found.insert(key.clone(), (label, kind));
        }
        if let Some(Json::Object(map)) = process.get_mut("activities") {
            *map = entries;
        }
        if !opaque.is_empty() {
            stable_sort::sort_by(&mut opaque, Ord::cmp);
            self.notes.push(format!(
                "{} activit{} kept but not simulated: {}",
                opaque.len(),
                if opaque.len() == 1 { "y is" } else { "ies are" },
                opaque.join(", ")
            ));
        }
        Ok(found)
    }

    fn start(
        &mut self,
        process: &mut Map<String, Json>,
        ppath: &JsonPath,
        activities: &HashMap<String, (String, NodeKind)>,
    ) -> Result<(), FlowError> {
        if let Some(id) = self.text_field(process, "startActivityId", ppath)? {
            if !activities.contains_key(&id) {
                return Err(self.err(
                    FlowErrorKind::FlowInvalid,
                    &ppath.key("startActivityId"),
                    format!("the start activity `{id}` does not exist"),
                ));
            }
            return Ok(());
        }
        let starts = activities
            .values()
            .filter(|(_, k)| matches!(k, NodeKind::Start(_)))
            .count();
        match starts {
            1 => Ok(()),
            0 => Err(self.err(
                FlowErrorKind::FlowInvalid,
                &ppath.key("activities"),
                "the flow has no start activity (`activityName` `start`)",
            )),
            n => Err(self.err(
                FlowErrorKind::FlowInvalid,
                &ppath.key("activities"),
                format!("the flow has {n} start activities and no `startActivityId`"),
            )),
        }
    }

    fn links(
        &mut self,
        process: &mut Map<String, Json>,
        ppath: &JsonPath,
        activities: &HashMap<String, (String, NodeKind)>,
    ) -> Result<(), FlowError> {
        let lpath = ppath.key("links");
        let list = match process.get_mut("links") {
            None | Some(Json::Null) => {
                process.insert("links".into(), Json::Array(Vec::new()));
                return Ok(());
            }
            Some(Json::Array(list)) => std::mem::take(list),
            Some(other) => {
                let found = kind_of(other);
                return Err(self.format_err(&lpath, format!("`links` is {found}; expected a list")));
            }
        };
        if list.len() > MAX_LINKS {
            return Err(self.err(
                FlowErrorKind::TooLarge,
                &lpath,
                format!(
                    "the flow has {} links; at most {MAX_LINKS} are accepted",
                    list.len()
                ),
            ));
        }
        let label = |id: &str| {
            activities
                .get(id)
                .map(|(l, _)| l.clone())
                .unwrap_or_default()
        };
        let mut seen: HashMap<(String, String), String> = HashMap::new();
        let mut out = Vec::with_capacity(list.len());
        let mut defaulted = 0usize;
        for (i, mut link) in list.into_iter().enumerate() {
            let path = lpath.index(i);
            let Json::Object(l) = &mut link else {
                return Err(self.format_err(
                    &path,
                    format!("link {} is {}; expected an object", i + 1, kind_of(&link)),
                ));
            };
            self.text_field(l, "id", &path)?;
            let mut ends = Vec::with_capacity(2);
            for key in ["sourceActivityId", "targetActivityId"] {
                let Some(id) = self.text_field(l, key, &path)? else {
                    return Err(self.format_err(&path, format!("link {} has no `{key}`", i + 1)));
                };
                if !activities.contains_key(&id) {
                    return Err(self.err(
                        FlowErrorKind::FlowInvalid,
                        &path.key(key),
                        format!("link {} refers to an unknown activity `{id}`", i + 1),
                    ));
                }
                ends.push(id);
            }
            let (source, target) = match ends.as_slice() {
                [s, t] => (s.clone(), t.clone()),
                _ => continue,
            };
            let exit = match self.text_field(l, "conditionExpr", &path)? {
                Some(e) if !e.trim().is_empty() => e.trim().to_string(),
                _ => {
                    defaulted += 1;
                    let normal = activities
                        .get(&source)
                        .and_then(|(_, k)| k.info())
                        .and_then(|info| info.exits.first())
                        .filter(|e| matches!(**e, "out" | "default"))
                        .copied()
                        .unwrap_or("out");
                    normal.to_string()
                }
            };
            l.insert("conditionExpr".into(), Json::String(exit.clone()));
            if let Some(kept) = seen.get(&(source.clone(), exit.clone())) {
                self.dropped.push(DroppedLink {
                    from: label(&source),
                    exit: exit.clone(),
                    to: label(&target),
                    kept: label(kept),
                });
                let (line, _) =
                    locate(self.text, &path).unwrap_or_else(|| line_column(self.text, 0));
                self.notes.push(format!(
                    "line {line}: the `{exit}` exit of `{}` is connected twice (to `{}` and to `{}`); Flow Designer follows one connection per exit, this companion keeps the first",
                    label(&source),
                    label(kept),
                    label(&target)
                ));
                continue;
            }
            seen.insert((source, exit), target);
            out.push(link);
        }
        if defaulted > 0 {
            self.notes.push(format!(
                "{defaulted} link{} no `conditionExpr`; read as the node's normal exit (`out` or `default`)",
                if defaulted == 1 { " has" } else { "s have" }
            ));
        }
        process.insert("links".into(), Json::Array(out));
        Ok(())
    }
}
