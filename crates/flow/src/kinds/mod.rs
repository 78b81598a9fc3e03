//! Node kinds as a table: one enum variant and one small module per Flow Designer activity.
//!
//! To add a kind: write its module (settings + `from_properties` + `execute`), add a variant, a row in
//! [`KINDS`] and an arm in [`NodeKind::execute`].

use std::collections::VecDeque;

use serde::Serialize;
use serde_json::{Map, Value as Json};

use engine::{Clock, Value, Variables};

use super::error::{FlowError, FlowErrorKind};
use super::model::Flow;
use super::response::Responder;
use super::runner::{ModifiedVariable, Note, Record, Step, StepDetail, Unsimulated};

pub mod callback;
pub mod collect_digits;
pub mod condition;
pub mod disconnect;
pub mod http_request;
pub mod menu;
pub mod opaque;
pub mod play_message;
pub mod play_music;
pub mod queue_contact;
pub mod set_variable;
pub mod start;

pub use callback::Callback;
pub use collect_digits::CollectDigits;
pub use condition::Condition;
pub use disconnect::Disconnect;
pub use http_request::HttpRequest;
pub use menu::{Menu, MenuOption};
pub use opaque::Opaque;
pub use play_message::PlayMessage;
pub use play_music::PlayMusic;
pub use queue_contact::QueueContact;
pub use set_variable::{Assignment, SetVariable};
pub use start::Start;

/// A node's kind with its typed settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum NodeKind {
    Start(Start),
    PlayMessage(PlayMessage),
    PlayMusic(PlayMusic),
    QueueContact(QueueContact),
    Menu(Menu),
    CollectDigits(CollectDigits),
    HttpRequest(HttpRequest),
    SetVariable(SetVariable),
    Condition(Condition),
    Callback(Callback),
    Disconnect(Disconnect),
    /// An activity the model does not know: kept, shown, and passed through when it has one exit.
    Opaque(Opaque),
}

/// One row of the kinds table.
pub struct KindInfo {
    /// `properties.activityName` in the export.
    pub activity_name: &'static str,
    /// The name Flow Designer's palette shows.
    pub title: &'static str,
    /// The exits the kind can take (menus add one per option).
    pub exits: &'static [&'static str],
    parse: fn(&Map<String, Json>) -> Result<NodeKind, FlowError>,
}

/// Every kind the runner executes.
pub const KINDS: &[KindInfo] = &[
    KindInfo {
        activity_name: "start",
        title: "New Phone Contact",
        exits: &["out"],
        parse: |p| Ok(NodeKind::Start(Start::from_properties(p)?)),
    },
    KindInfo {
        activity_name: "play-message",
        title: "Play Message",
        exits: &["default", "error"],
        parse: |p| Ok(NodeKind::PlayMessage(PlayMessage::from_properties(p)?)),
    },
    KindInfo {
        activity_name: "play-music",
        title: "Play Music",
        exits: &["default", "error"],
        parse: |p| Ok(NodeKind::PlayMusic(PlayMusic::from_properties(p)?)),
    },
    KindInfo {
        activity_name: "queue-contact",
        title: "Queue Contact",
        exits: &["default", "failure"],
        parse: |p| Ok(NodeKind::QueueContact(QueueContact::from_properties(p)?)),
    },
    KindInfo {
        activity_name: "ivr-menu",
        title: "Menu",
        exits: &["timeout", "invalid", "error"],
        parse: |p| Ok(NodeKind::Menu(Menu::from_properties(p)?)),
    },
    KindInfo {
        activity_name: "ivr-collectdigits",
        title: "Collect Digits",
        exits: &["default", "timeout", "invalid", "error"],
        parse: |p| Ok(NodeKind::CollectDigits(CollectDigits::from_properties(p)?)),
    },
    KindInfo {
        activity_name: "http-request-v2",
        title: "HTTP Request",
        exits: &["default", "error"],
        parse: |p| Ok(NodeKind::HttpRequest(HttpRequest::from_properties(p)?)),
    },
    KindInfo {
        activity_name: "set-variable",
        title: "Set Variable",
        exits: &["out", "error"],
        parse: |p| Ok(NodeKind::SetVariable(SetVariable::from_properties(p)?)),
    },
    KindInfo {
        activity_name: "condition-activity",
        title: "Condition",
        exits: &["true", "false", "error"],
        parse: |p| Ok(NodeKind::Condition(Condition::from_properties(p)?)),
    },
    KindInfo {
        activity_name: "callback",
        title: "Callback",
        exits: &["default", "failure"],
        parse: |p| Ok(NodeKind::Callback(Callback::from_properties(p)?)),
    },
    KindInfo {
        activity_name: "disconnect-contact",
        title: "Disconnect Contact",
        exits: &[],
        parse: |p| Ok(NodeKind::Disconnect(Disconnect::from_properties(p)?)),
    },
];

impl NodeKind {
    /// Builds the kind from an activity's `properties` (its `activityName` picks the row).
    pub fn from_properties(properties: &Map<String, Json>) -> Result<NodeKind, FlowError> {
        let name = match properties.get("activityName") {
            Some(Json::String(s)) => s.as_str(),
            Some(_) => {
                return Err(FlowError::new(
                    FlowErrorKind::FlowFormat,
                    "`activityName` is not a string",
                ))
            }
            None => {
                return Err(FlowError::new(
                    FlowErrorKind::FlowFormat,
                    "the activity has no `activityName`",
                ))
            }
        };
        match KINDS.iter().find(|k| k.activity_name == name) {
            Some(info) => (info.parse)(properties),
            None => Ok(NodeKind::Opaque(Opaque {
                activity_name: name.to_string(),
            })),
        }
    }

    /// The row of [`KINDS`] for this kind (none for opaque nodes).
    pub fn info(&self) -> Option<&'static KindInfo> {
        let name = self.activity_name();
        KINDS.iter().find(|k| k.activity_name == name)
    }

    /// `activityName` as in the export.
    pub fn activity_name(&self) -> &str {
        match self {
            NodeKind::Start(_) => "start",
            NodeKind::PlayMessage(_) => "play-message",
            NodeKind::PlayMusic(_) => "play-music",
            NodeKind::QueueContact(_) => "queue-contact",
            NodeKind::Menu(_) => "ivr-menu",
            NodeKind::CollectDigits(_) => "ivr-collectdigits",
            NodeKind::HttpRequest(_) => "http-request-v2",
            NodeKind::SetVariable(_) => "set-variable",
            NodeKind::Condition(_) => "condition-activity",
            NodeKind::Callback(_) => "callback",
            NodeKind::Disconnect(_) => "disconnect-contact",
            NodeKind::Opaque(o) => &o.activity_name,
        }
    }

    /// The palette name (`HTTP Request`), or the activity name for opaque nodes.
    pub fn title(&self) -> &str {
        self.info()
            .map(|i| i.title)
            .unwrap_or_else(|| self.activity_name())
    }

    /// Every exit this node can take: menu options first, then the kind's fixed exits.
    pub fn exits(&self) -> Vec<String> {
        let mut exits: Vec<String> = match self {
            NodeKind::Menu(menu) => menu.options.iter().map(|o| o.digit.clone()).collect(),
            _ => Vec::new(),
        };
        if let Some(info) = self.info() {
            exits.extend(info.exits.iter().map(|e| e.to_string()));
        }
        exits
    }

    pub(crate) fn execute(&self, ctx: &mut Ctx<'_>) -> Next {
        match self {
            NodeKind::Start(k) => k.execute(ctx),
            NodeKind::PlayMessage(k) => k.execute(ctx),
            NodeKind::PlayMusic(k) => k.execute(ctx),
            NodeKind::QueueContact(k) => k.execute(ctx),
            NodeKind::Menu(k) => k.execute(ctx),
            NodeKind::CollectDigits(k) => k.execute(ctx),
            NodeKind::HttpRequest(k) => k.execute(ctx),
            NodeKind::SetVariable(k) => k.execute(ctx),
            NodeKind::Condition(k) => k.execute(ctx),
            NodeKind::Callback(k) => k.execute(ctx),
            NodeKind::Disconnect(k) => k.execute(ctx),
            NodeKind::Opaque(k) => k.execute(ctx),
        }
    }
}

/// What a node does next.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Next {
    /// Leave by the named exit.
    Exit(String),
    /// The caller must press keys first (no input left for a Menu or Collect Digits).
    Wait { prompt: String },
    /// The contact ends here.
    End,
    /// An activity the model does not simulate: the run cannot go on.
    NotSimulated { activity: String },
}

/// What a node sees while it runs.
pub(crate) struct Ctx<'a> {
    pub flow: &'a Flow,
    pub index: usize,
    pub label: &'a str,
    pub vars: &'a mut Variables,
    pub clock: &'a dyn Clock,
    pub unsimulated: Unsimulated,
    pub responder: &'a mut dyn Responder,
    pub inputs: &'a mut VecDeque<String>,
    pub step: &'a mut Step,
    pub record: &'a mut Record,
}

impl Ctx<'_> {
    /// Assigns a variable and records the change for the step (old and new text).
    pub fn set(&mut self, name: &str, value: Value) {
        let old = self.vars.get(name);
        let change = ModifiedVariable::new(name, old, &value);
        self.vars.set(name, value);
        self.step.modified.push(change);
    }

    pub fn note(&mut self, note: Note) {
        self.step.notes.push(note);
    }

    pub fn detail(&mut self, detail: StepDetail) {
        self.step.detail = Some(detail);
    }

    /// The next key sequence the caller entered, if any.
    pub fn next_input(&mut self) -> Option<String> {
        self.inputs.pop_front()
    }

    /// `error` when the node's error exit is connected, else the run stops here with the note already recorded.
    pub fn fail(&mut self) -> Next {
        Next::Exit("error".to_string())
    }
}

// ---- helpers for reading export properties ---------------------------------------------------------

/// A string property (missing → empty).
pub(crate) fn text_prop(p: &Map<String, Json>, key: &str) -> Result<String, FlowError> {
    match p.get(key) {
        None | Some(Json::Null) => Ok(String::new()),
        Some(Json::String(s)) => Ok(s.clone()),
        Some(Json::Number(n)) => Ok(n.to_string()),
        Some(Json::Bool(b)) => Ok(b.to_string()),
        Some(_) => Err(FlowError::new(
            FlowErrorKind::FlowFormat,
            format!("`{key}` is not text"),
        )),
    }
}

/// The first non-empty of several string properties.
pub(crate) fn first_text(p: &Map<String, Json>, keys: &[&str]) -> Result<String, FlowError> {
    for key in keys {
        let value = text_prop(p, key)?;
        if !value.is_empty() {
            return Ok(value);
        }
    }
    Ok(String::new())
}

/// A whole-number property given as a number or as text.
pub(crate) fn number_prop(p: &Map<String, Json>, key: &str) -> Result<Option<u32>, FlowError> {
    let bad = || {
        FlowError::new(
            FlowErrorKind::FlowFormat,
            format!("`{key}` is not a small whole number"),
        )
    };
    match p.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::Number(n)) => n
            .as_u64()
            .and_then(|v| u32::try_from(v).ok())
            .map(Some)
            .ok_or_else(bad),
        Some(Json::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Json::String(s)) => s.trim().parse::<u32>().map(Some).map_err(|_| bad()),
        Some(_) => Err(bad()),
    }
}

/// Text-to-speech prompts (`promptsTts: [{value}]`).
pub(crate) fn tts_prompts(p: &Map<String, Json>) -> Result<Vec<String>, FlowError> {
    match p.get("promptsTts") {
        None | Some(Json::Null) => Ok(Vec::new()),
        Some(Json::Array(items)) => items
            .iter()
            .map(|item| match item {
                Json::String(s) => Ok(s.clone()),
                Json::Object(o) => first_text(o, &["value", "name"]),
                _ => Err(FlowError::new(
                    FlowErrorKind::FlowFormat,
                    "a `promptsTts` entry is not an object",
                )),
            })
            .collect(),
        Some(_) => Err(FlowError::new(
            FlowErrorKind::FlowFormat,
            "`promptsTts` is not a list",
        )),
    }
}

/// Renders prompts with the flow variables; a prompt that does not render is noted and fails the node.
pub(crate) fn render_prompts(ctx: &mut Ctx<'_>, prompts: &[String]) -> Result<String, FlowError> {
    let mut spoken = Vec::with_capacity(prompts.len());
    for prompt in prompts {
        let rendered = super::request::render_template("prompt", prompt, ctx.vars, ctx.clock)?;
        note_unknown(ctx, "prompt", &super::request::unknown_names(&rendered));
        spoken.push(rendered.text);
    }
    Ok(spoken.join(" "))
}

/// Notes the variables a render printed as empty because they are not set (Pebble's default).
pub(crate) fn note_unknown(ctx: &mut Ctx<'_>, what: &str, names: &[String]) {
    for name in names {
        ctx.note(
            Note::warning(format!(
                "the {what} uses `{name}`, which is not set: Pebble prints it as empty"
            ))
            .with_hint("check the spelling, or set the variable before this node"),
        );
    }
}
