//! Import of a Flow Designer export (file drop or paste) into the flow model, in one pass over the
//! parsed JSON.
//!
//! What Flow Designer writes (real exports of 2023–2026) is read as it is, and every member the
//! model does not type is kept beside it, so that [`crate::export`] writes the same JSON back (up to
//! key order):
//! - the start activity is the one with `"group": "start"` (or `"activityId": "start"`), whatever
//!   its `activityName` (`NewPhoneContact`, `NewContact`); this companion's older files named it
//!   `start` and may say `startActivityId`: both still read;
//! - unknown activity kinds are kept as opaque nodes, never a failure; extra fields anywhere
//!   (`diagram`, `eventFlows`, `isCAD`, `_renderRequestTimestamp`, …) are kept;
//! - ids, labels and link exits given as numbers are read as text; `null` counts as absent;
//! - a link without `conditionExpr` leaves by its node's normal exit (`out` or `default`);
//! - an exit connected twice keeps its first connection (Flow Designer follows one); the other is
//!   reported in [`Imported::dropped_links`] and kept for export;
//! - a variable default that does not convert to its type is a note (the run starts it empty);
//! - a flow template (`{"flow": "<the export as text>", …}`, as Flow Designer's template gallery
//!   stores them) is read through to the flow inside;
//! - limits: [`MAX_FLOW_BYTES`], [`MAX_NODES`], [`MAX_LINKS`], [`MAX_VARIABLES`], and JSON nested at
//!   most 128 levels (serde_json's limit). Every step is linear in the file's size.
//!
//! Every refusal says what and where: `line L, column C` in the file, with the line shown.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::{Map, Value as Json};

use crate::error::caret_excerpt;
use crate::kinds::{Activity, NodeKind};
use crate::model::{
    Kept, Link, Node, UnusedLink, VariableDecl, MAX_FLOW_BYTES, MAX_LINKS, MAX_NODES, MAX_VARIABLES,
};
use crate::{Flow, FlowError, FlowErrorKind};
use engine::VarType;

use super::locate::{line_column, locate, JsonPath};

/// Notes that name a line each (finding a line walks the file): at most this many, then a count.
const MAX_LOCATED_NOTES: usize = 20;
/// Names listed in one note before "and N more".
const MAX_LISTED: usize = 12;

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
        )
        .with_hint("real flow exports are well under 1 MB; is this the right file?"));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(
            FlowError::new(FlowErrorKind::FlowFormat, "the file is empty")
                .with_hint("export the flow in Flow Designer and drop or paste the .json file"),
        );
    }
    let root: Json = serde_json::from_str(text).map_err(|e| json_error(text, &e, ""))?;
    let mut notes = Vec::new();
    let inner = template_flow(&root)
        .transpose()
        .map_err(|e| json_error_in_template(&e))?;
    let (root, located_text) = match inner {
        Some((flow, flow_text)) => {
            notes.push(
                "the file is a flow template; the flow inside it (its `flow`) was imported".into(),
            );
            (flow, flow_text)
        }
        None => (root, text.to_string()),
    };
    let mut reader = Reader {
        text: &located_text,
        notes,
        dropped: Vec::new(),
        located: 0,
    };
    let flow = reader.flow(root)?;
    Ok(Imported {
        flow,
        notes: reader.notes,
        dropped_links: reader.dropped,
    })
}

/// The flow inside a template file: `{"flow": "<export as JSON text>", …}` with no `process`.
fn template_flow(root: &Json) -> Option<Result<(Json, String), (String, serde_json::Error)>> {
    let obj = root.as_object()?;
    if obj.contains_key("process") {
        return None;
    }
    let text = obj.get("flow")?.as_str()?;
    Some(
        serde_json::from_str::<Json>(text)
            .map(|json| (json, text.to_string()))
            .map_err(|e| (text.to_string(), e)),
    )
}

fn json_error_in_template((text, e): &(String, serde_json::Error)) -> FlowError {
    json_error(text, e, "the template's `flow` text: ")
}

fn json_error(text: &str, e: &serde_json::Error, prefix: &str) -> FlowError {
    let full = e.to_string();
    let short = full.split(" at line ").next().unwrap_or(&full);
    let message = if short.contains("recursion limit") {
        "the JSON is nested too deeply (more than 128 levels); a flow export is not".to_string()
    } else if e.is_eof() {
        format!("the file ends before the JSON does ({short}); was it cut off?")
    } else {
        format!("the file is not valid JSON: {short}")
    };
    FlowError::new(FlowErrorKind::FlowFormat, format!("{prefix}{message}"))
        .at(format!("line {}, column {}", e.line(), e.column()))
        .with_excerpt(caret_excerpt(text, e.line(), e.column()))
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

/// `a, b, c and 4 more`.
fn listed(items: &[String]) -> String {
    let shown = items.iter().take(MAX_LISTED).cloned().collect::<Vec<_>>();
    match items.len().saturating_sub(MAX_LISTED) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

struct Reader<'a> {
    /// The text positions refer to.
    text: &'a str,
    notes: Vec<String>,
    dropped: Vec<DroppedLink>,
    /// Notes that named a line so far.
    located: usize,
}

impl Reader<'_> {
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

    /// `line N: ` for a note about `path`, for the first [`MAX_LOCATED_NOTES`] notes.
    fn line_prefix(&mut self, path: &JsonPath) -> String {
        if self.located >= MAX_LOCATED_NOTES {
            return String::new();
        }
        self.located += 1;
        let (line, _) = locate(self.text, path).unwrap_or_else(|| line_column(self.text, 0));
        format!("line {line}: ")
    }

    /// A text member: text kept, numbers and booleans as their text, null/absent as `None`.
    fn text(
        &self,
        obj: &Map<String, Json>,
        key: &str,
        path: &JsonPath,
    ) -> Result<Option<String>, FlowError> {
        match obj.get(key) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.clone())),
            Some(v @ (Json::Number(_) | Json::Bool(_))) => Ok(Some(v.to_string())),
            Some(other) => Err(self.format_err(
                &path.key(key),
                format!("`{key}` is {}; expected text", kind_of(other)),
            )),
        }
    }

    fn flow(&mut self, root: Json) -> Result<Flow, FlowError> {
        let top = JsonPath::root();
        let Json::Object(mut document) = root else {
            return Err(self.format_err(
                &top,
                format!(
                    "the file is JSON but not a flow export: it is {}, not an object with `process`",
                    kind_of(&root)
                ),
            ));
        };
        let name = self.text(&document, "name", &top)?.unwrap_or_default();
        let flow_type = self.text(&document, "flowType", &top)?;
        let description = self
            .text(&document, "description", &top)?
            .unwrap_or_default();
        let variables = self.variables(document.remove("variables"))?;
        let Some(process) = document.remove("process") else {
            let hint = if document.contains_key("nodes") && document.contains_key("edges") {
                "this looks like a flow in the Flow API's `nodes`/`edges` form; export the flow from Flow Designer (⋯ → Export) instead"
            } else {
                "is this a Flow Designer flow export? Subflows and other files are not flows"
            };
            return Err(self
                .format_err(
                    &top,
                    "the file has no `process` (the flow's activities and links)",
                )
                .with_hint(hint));
        };
        let ppath = top.key("process");
        let Json::Object(mut process) = process else {
            let found = kind_of(&process);
            return Err(
                self.format_err(&ppath, format!("`process` is {found}; expected an object"))
            );
        };
        let (nodes, index_of) = self.activities(process.remove("activities"), &ppath)?;
        let start = self.start(&process, &ppath, &nodes, &index_of)?;
        let (links, unused_links) =
            self.links(process.remove("links"), &ppath, &nodes, &index_of)?;
        self.event_flows(&document);
        Ok(Flow {
            name,
            flow_type: flow_type.unwrap_or_else(|| "FLOW".into()),
            description,
            variables,
            nodes,
            links,
            start,
            document: Kept::new(document),
            process: Kept::new(process),
            unused_links: Kept::new(unused_links),
        })
    }

    fn variables(&mut self, list: Option<Json>) -> Result<Vec<VariableDecl>, FlowError> {
        let path = JsonPath::root().key("variables");
        let list = match list {
            None | Some(Json::Null) => return Ok(Vec::new()),
            Some(Json::Array(list)) => list,
            Some(other) => {
                let found = kind_of(&other);
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
        let mut names = HashSet::with_capacity(list.len());
        let mut out = Vec::with_capacity(list.len());
        let mut unusable = Vec::new();
        for (i, var) in list.into_iter().enumerate() {
            let vpath = path.index(i);
            let Json::Object(v) = var else {
                return Err(self.format_err(
                    &vpath,
                    format!(
                        "a flow variable is {}; expected an object {{name, type, value}}",
                        kind_of(&var)
                    ),
                ));
            };
            let name = match self.text(&v, "name", &vpath)? {
                Some(n) if !n.trim().is_empty() => n,
                _ => return Err(self.format_err(&vpath, "a flow variable has no `name`")),
            };
            if !names.insert(name.clone()) {
                return Err(self.err(
                    FlowErrorKind::FlowInvalid,
                    &vpath.key("name"),
                    format!("the flow variable `{name}` is declared twice"),
                ));
            }
            let Some(type_name) = self.text(&v, "type", &vpath)? else {
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
            let default = default_text(v.get("value"));
            if !default.trim().is_empty() && var_type.parse_default(&default).is_err() {
                unusable.push(format!("`{name}` ({var_type}, `{default}`)"));
            }
            out.push(VariableDecl {
                name,
                var_type,
                default,
                raw: Kept::new(v),
            });
        }
        if !unusable.is_empty() {
            self.notes.push(format!(
                "{} default value{} do{} not convert to the variable's type, so a run starts {} empty: {}",
                unusable.len(),
                if unusable.len() == 1 { "" } else { "s" },
                if unusable.len() == 1 { "es" } else { "" },
                if unusable.len() == 1 { "it" } else { "them" },
                listed(&unusable)
            ));
        }
        Ok(out)
    }

    /// Every activity, in id order; and id → index.
    fn activities(
        &mut self,
        map: Option<Json>,
        ppath: &JsonPath,
    ) -> Result<(Vec<Node>, HashMap<String, usize>), FlowError> {
        let apath = ppath.key("activities");
        let map = match map {
            Some(Json::Object(map)) => map,
            None | Some(Json::Null) => {
                return Err(self.format_err(ppath, "`process` has no `activities`"));
            }
            Some(other) => {
                let found = kind_of(&other);
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
        let mut nodes = Vec::with_capacity(map.len());
        let mut index_of = HashMap::with_capacity(map.len());
        let mut labels: HashMap<String, String> = HashMap::with_capacity(map.len());
        let mut opaque: Vec<String> = Vec::new();
        for (key, activity) in map {
            let path = apath.key(&key);
            let Json::Object(mut a) = activity else {
                return Err(self.format_err(
                    &path,
                    format!(
                        "activity `{key}` is {}; expected an object",
                        kind_of(&activity)
                    ),
                ));
            };
            if let Some(id) = self.text(&a, "id", &path)? {
                if id != key {
                    return Err(self.err(
                        FlowErrorKind::FlowInvalid,
                        &path.key("id"),
                        format!("activity `{key}` carries a different id `{id}`"),
                    ));
                }
            }
            let label = self
                .text(&a, "name", &path)?
                .unwrap_or_default()
                .trim()
                .to_string();
            if label.is_empty() {
                return Err(self.err(
                    FlowErrorKind::FlowInvalid,
                    &path,
                    format!("activity `{key}` has no label (`name`)"),
                ));
            }
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
            let props_path = path.key("properties");
            let properties = match a.remove("properties") {
                Some(Json::Object(props)) => props,
                None | Some(Json::Null) => {
                    return Err(self.format_err(
                        &path,
                        format!("activity `{label}` has no `properties` (with its `activityName`)"),
                    ))
                }
                Some(other) => {
                    let found = kind_of(&other);
                    return Err(self.format_err(
                        &props_path,
                        format!("the `properties` of `{label}` are {found}; expected an object"),
                    ));
                }
            };
            let group = self.text(&a, "group", &path)?;
            let kind = if is_start(group.as_deref(), &properties) {
                NodeKind::start(&properties)
            } else {
                NodeKind::from_properties(&properties)
            };
            let kind = kind.map_err(|e| {
                let mut located = self.err(
                    e.kind,
                    &props_path,
                    format!("activity `{label}`: {}", e.message),
                );
                if let Some(hint) = e.hint {
                    located = located.with_hint(hint);
                }
                located
            })?;
            if let NodeKind::Opaque(o) = &kind {
                opaque.push(format!("`{label}` ({})", o.activity_name));
            }
            index_of.insert(key.clone(), nodes.len());
            nodes.push(Node {
                id: key,
                label,
                kind,
                properties,
                raw: Kept::new(a),
            });
        }
        if !opaque.is_empty() {
            stable_sort::sort_by(&mut opaque, Ord::cmp);
            self.notes.push(format!(
                "{} activit{} kept but not simulated: {}",
                opaque.len(),
                if opaque.len() == 1 { "y is" } else { "ies are" },
                listed(&opaque)
            ));
        }
        Ok((nodes, index_of))
    }

    fn start(
        &mut self,
        process: &Map<String, Json>,
        ppath: &JsonPath,
        nodes: &[Node],
        index_of: &HashMap<String, usize>,
    ) -> Result<usize, FlowError> {
        if let Some(id) = self.text(process, "startActivityId", ppath)? {
            return index_of.get(&id).copied().ok_or_else(|| {
                self.err(
                    FlowErrorKind::FlowInvalid,
                    &ppath.key("startActivityId"),
                    format!("the start activity `{id}` does not exist"),
                )
            });
        }
        let starts: Vec<usize> = nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| matches!(n.kind, NodeKind::Start(_)))
            .map(|(i, _)| i)
            .collect();
        match starts.as_slice() {
            [one] => Ok(*one),
            [] => Err(self
                .err(
                    FlowErrorKind::FlowInvalid,
                    &ppath.key("activities"),
                    "the flow has no start activity (none has `\"group\": \"start\"`)",
                )
                .with_hint(
                    "a Flow Designer flow starts with its event activity (New Phone Contact or New Contact); is this a subflow or an event flow?",
                )),
            several => {
                let labels: Vec<String> = several
                    .iter()
                    .filter_map(|&i| nodes.get(i))
                    .map(|n| format!("`{}`", n.label))
                    .collect();
                Err(self.err(
                    FlowErrorKind::FlowInvalid,
                    &ppath.key("activities"),
                    format!(
                        "the flow has {} start activities: {}",
                        several.len(),
                        listed(&labels)
                    ),
                ))
            }
        }
    }

    fn links(
        &mut self,
        list: Option<Json>,
        ppath: &JsonPath,
        nodes: &[Node],
        index_of: &HashMap<String, usize>,
    ) -> Result<(Vec<Link>, Vec<UnusedLink>), FlowError> {
        let lpath = ppath.key("links");
        let list = match list {
            None | Some(Json::Null) => return Ok((Vec::new(), Vec::new())),
            Some(Json::Array(list)) => list,
            Some(other) => {
                let found = kind_of(&other);
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
        let label = |i: usize| nodes.get(i).map(|n| n.label.clone()).unwrap_or_default();
        let mut seen: HashMap<(usize, String), usize> = HashMap::with_capacity(list.len());
        let mut links = Vec::with_capacity(list.len());
        let mut unused = Vec::new();
        let mut defaulted = 0usize;
        let mut twice = 0usize;
        for (i, link) in list.into_iter().enumerate() {
            let path = lpath.index(i);
            let Json::Object(l) = link else {
                return Err(self.format_err(
                    &path,
                    format!("link {} is {}; expected an object", i + 1, kind_of(&link)),
                ));
            };
            let id = self
                .text(&l, "id", &path)?
                .unwrap_or_else(|| format!("link-{}", i + 1));
            let mut ends = [0usize; 2];
            for (slot, key) in ends
                .iter_mut()
                .zip(["sourceActivityId", "targetActivityId"])
            {
                let Some(activity) = self.text(&l, key, &path)? else {
                    return Err(self.format_err(&path, format!("link {} has no `{key}`", i + 1)));
                };
                *slot = *index_of.get(&activity).ok_or_else(|| {
                    self.err(
                        FlowErrorKind::FlowInvalid,
                        &path.key(key),
                        format!("link {} refers to an unknown activity `{activity}`", i + 1),
                    )
                })?;
            }
            let [from, to] = ends;
            let exit = match self.text(&l, "conditionExpr", &path)? {
                Some(e) if !e.trim().is_empty() => e.trim().to_string(),
                _ => {
                    defaulted += 1;
                    nodes
                        .get(from)
                        .map_or("out", |n| n.kind.normal_exit())
                        .to_string()
                }
            };
            if let Some(&kept) = seen.get(&(from, exit.clone())) {
                twice += 1;
                self.dropped.push(DroppedLink {
                    from: label(from),
                    exit: exit.clone(),
                    to: label(to),
                    kept: label(kept),
                });
                if twice <= MAX_LOCATED_NOTES {
                    let at = self.line_prefix(&path);
                    self.notes.push(format!(
                        "{at}the `{exit}` exit of `{}` is connected twice (to `{}` and to `{}`); Flow Designer follows one connection per exit, this companion keeps the first",
                        label(from),
                        label(kept),
                        label(to)
                    ));
                }
                unused.push(UnusedLink {
                    index: i,
                    raw: Json::Object(l),
                });
                continue;
            }
            seen.insert((from, exit.clone()), to);
            links.push(Link {
                id,
                from,
                to,
                exit,
                raw: Kept::new(l),
            });
        }
        if twice > MAX_LOCATED_NOTES {
            self.notes.push(format!(
                "{} more exits are connected twice; the first connection of each is kept",
                twice - MAX_LOCATED_NOTES
            ));
        }
        if defaulted > 0 {
            self.notes.push(format!(
                "{defaulted} link{} no `conditionExpr`; read as the node's normal exit (`out` or `default`)",
                if defaulted == 1 { " has" } else { "s have" }
            ));
        }
        Ok((links, unused))
    }

    /// Says that event handlers (`eventFlows`: global error handling, …) are kept, not run.
    fn event_flows(&mut self, document: &Map<String, Json>) {
        let Some(Json::Object(events)) =
            document.get("eventFlows").and_then(|e| e.get("eventsMap"))
        else {
            return;
        };
        let with_links: Vec<String> = events
            .iter()
            .filter(|(_, event)| {
                event
                    .get("process")
                    .and_then(|p| p.get("links"))
                    .and_then(Json::as_array)
                    .is_some_and(|l| !l.is_empty())
            })
            .map(|(name, _)| format!("`{name}`"))
            .collect();
        if !with_links.is_empty() {
            self.notes.push(format!(
                "the flow's event handlers ({}) are kept but not simulated",
                listed(&with_links)
            ));
        }
    }
}

/// The start event: `group` `start` (Flow Designer), `activityId` `start`, or an `activityName`
/// the kinds table knows for it (`NewPhoneContact`, `NewContact`, and this companion's `start`).
fn is_start(group: Option<&str>, properties: &Map<String, Json>) -> bool {
    let text = |key: &str| properties.get(key).and_then(Json::as_str);
    group == Some("start")
        || text("activityId") == Some("start")
        || text("activityName").and_then(Activity::from_name) == Some(Activity::Start)
}

/// A variable's `value` as the text Flow Designer stores (`null` is empty).
pub(crate) fn default_text(value: Option<&Json>) -> String {
    match value {
        None | Some(Json::Null) => String::new(),
        Some(Json::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}
