//! Node kinds as a table: one enum variant and one small module per Flow Designer activity.
//!
//! [`KINDS`] is the only place that names an activity as the export does (`http-request-v2`, …):
//! [`Activity`] is the typed name, [`NodeKind`] the typed settings. To add a kind: write its module
//! (settings + `from_properties` + `execute`), add an [`Activity`] and a [`NodeKind`] variant, a row in
//! [`KINDS`] and an arm in [`NodeKind::execute`]. An activity known by name but not simulated (a
//! virtual agent, a queue lookup) is a row with no `parse`: it is kept as an [`Opaque`] node whose
//! exits the table lists.

use std::collections::VecDeque;
use std::fmt;

use serde::{Serialize, Serializer};
use serde_json::{Map, Value as Json};

use engine::{Clock, Value, Variables};

use super::error::{FlowError, FlowErrorKind};
use super::model::Flow;
use super::response::Responder;
use super::runner::{ModifiedVariable, Note, Record, Step, StepDetail, Unsimulated};

pub mod callback;
pub mod case;
pub mod collect_digits;
pub mod condition;
pub mod disconnect;
pub mod end;
pub mod http_request;
pub mod menu;
pub mod opaque;
pub mod parse;
pub mod play_message;
pub mod play_music;
pub mod queue_contact;
pub mod set_variable;
pub mod start;

pub use callback::Callback;
pub use case::{Case, CaseBranch};
pub use collect_digits::CollectDigits;
pub use condition::Condition;
pub use disconnect::Disconnect;
pub use end::End;
pub use http_request::HttpRequest;
pub use menu::{Menu, MenuOption};
pub use opaque::Opaque;
pub use parse::Parse;
pub use play_message::PlayMessage;
pub use play_music::PlayMusic;
pub use queue_contact::QueueContact;
pub use set_variable::{Assignment, SetVariable};
pub use start::Start;

/// Every activity the companion knows by name (see [`KINDS`] for the names the export uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Activity {
    Start,
    PlayMessage,
    PlayMusic,
    QueueContact,
    Menu,
    CollectDigits,
    HttpRequest,
    SetVariable,
    Condition,
    Case,
    Parse,
    Callback,
    Disconnect,
    End,
    QueueLookup,
    VirtualAgent,
    VirtualAgentVoice,
}

/// An activity's kind: one the companion knows, or any other name (kept as the export gives it).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ActivityKind {
    Known(Activity),
    Other(String),
}

impl Activity {
    /// The row of [`KINDS`] for this activity.
    pub fn info(self) -> &'static KindInfo {
        // Every variant has a row (a test checks it); the first row is a safe fallback.
        KINDS
            .iter()
            .find(|k| k.activity == self)
            .unwrap_or(&KINDS[0])
    }

    /// The activity's name in the export (`http-request-v2`).
    pub fn name(self) -> &'static str {
        self.info().activity_name
    }

    /// The activity `activityName` names, if the companion knows it.
    pub fn from_name(name: &str) -> Option<Activity> {
        KINDS
            .iter()
            .find(|k| k.activity_name == name || k.also_named.contains(&name))
            .map(|k| k.activity)
    }
}

impl ActivityKind {
    /// The name as the export writes it (`start` for the flow's entry, whatever its event).
    pub fn name(&self) -> &str {
        match self {
            ActivityKind::Known(a) => a.name(),
            ActivityKind::Other(name) => name,
        }
    }

    /// Whether this is the known activity `activity`.
    pub fn is(&self, activity: Activity) -> bool {
        *self == ActivityKind::Known(activity)
    }

    /// The kind `activityName` names.
    pub fn from_name(name: &str) -> ActivityKind {
        Activity::from_name(name)
            .map(ActivityKind::Known)
            .unwrap_or_else(|| ActivityKind::Other(name.to_string()))
    }
}

impl fmt::Display for ActivityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for ActivityKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// How the runner treats a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Support {
    /// Simulated as Flow Designer runs it (with the assumptions its module states).
    Runs,
    /// Known, kept and shown, but its outcome comes from outside (an AI agent, live queue figures):
    /// a run stops there unless the caller says which exit it takes.
    Opaque,
}

/// Reads a kind's typed settings from an activity's `properties`.
type ParseKind = fn(&Map<String, Json>) -> Result<NodeKind, FlowError>;

/// One row of the kinds table.
pub struct KindInfo {
    pub activity: Activity,
    /// `properties.activityName` in the export.
    pub activity_name: &'static str,
    /// Other `activityName`s that mean this activity (the start event's names over the years).
    pub also_named: &'static [&'static str],
    /// The name Flow Designer's palette shows.
    pub title: &'static str,
    /// The exits the kind can take (menus and Case nodes add one per option). For opaque kinds,
    /// the exits seen in real exports.
    pub exits: &'static [&'static str],
    pub support: Support,
    /// What a run needs from outside to go past an opaque node.
    pub needs: &'static str,
    parse: Option<ParseKind>,
}

/// Every kind the companion knows.
pub const KINDS: &[KindInfo] = &[
    KindInfo {
        activity: Activity::Start,
        activity_name: "start",
        also_named: &["NewPhoneContact", "NewContact"],
        title: "New Phone Contact",
        exits: &["out"],
        support: Support::Runs,
        needs: "",
        parse: Some(|p| Ok(NodeKind::Start(Start::from_properties(p)?))),
    },
    KindInfo {
        activity: Activity::PlayMessage,
        activity_name: "play-message",
        also_named: &[],
        title: "Play Message",
        exits: &["default", "error"],
        support: Support::Runs,
        needs: "",
        parse: Some(|p| Ok(NodeKind::PlayMessage(PlayMessage::from_properties(p)?))),
    },
    KindInfo {
        activity: Activity::PlayMusic,
        activity_name: "play-music",
        also_named: &[],
        title: "Play Music",
        exits: &["default", "error"],
        support: Support::Runs,
        needs: "",
        parse: Some(|p| Ok(NodeKind::PlayMusic(PlayMusic::from_properties(p)?))),
    },
    KindInfo {
        activity: Activity::QueueContact,
        activity_name: "queue-contact",
        also_named: &[],
        title: "Queue Contact",
        exits: &["default", "failure"],
        support: Support::Runs,
        needs: "",
        parse: Some(|p| Ok(NodeKind::QueueContact(QueueContact::from_properties(p)?))),
    },
    KindInfo {
        activity: Activity::Menu,
        activity_name: "ivr-menu",
        also_named: &[],
        title: "Menu",
        exits: &["timeout", "invalid", "error"],
        support: Support::Runs,
        needs: "",
        parse: Some(|p| Ok(NodeKind::Menu(Menu::from_properties(p)?))),
    },
    KindInfo {
        activity: Activity::CollectDigits,
        activity_name: "ivr-collectdigits",
        also_named: &[],
        title: "Collect Digits",
        exits: &["default", "timeout", "invalid", "error"],
        support: Support::Runs,
        needs: "",
        parse: Some(|p| Ok(NodeKind::CollectDigits(CollectDigits::from_properties(p)?))),
    },
    KindInfo {
        activity: Activity::HttpRequest,
        activity_name: "http-request-v2",
        also_named: &[],
        title: "HTTP Request",
        exits: &["default", "error"],
        support: Support::Runs,
        needs: "",
        parse: Some(|p| {
            Ok(NodeKind::HttpRequest(Box::new(
                HttpRequest::from_properties(p)?,
            )))
        }),
    },
    KindInfo {
        activity: Activity::SetVariable,
        activity_name: "set-variable",
        also_named: &[],
        title: "Set Variable",
        exits: &["out", "error"],
        support: Support::Runs,
        needs: "",
        parse: Some(|p| Ok(NodeKind::SetVariable(SetVariable::from_properties(p)?))),
    },
    KindInfo {
        activity: Activity::Condition,
        activity_name: "condition-activity",
        also_named: &[],
        title: "Condition",
        exits: &["true", "false", "error"],
        support: Support::Runs,
        needs: "",
        parse: Some(|p| Ok(NodeKind::Condition(Condition::from_properties(p)?))),
    },
    KindInfo {
        activity: Activity::Case,
        activity_name: "case-statement",
        also_named: &[],
        title: "Case",
        exits: &["default"],
        support: Support::Runs,
        needs: "",
        parse: Some(|p| Ok(NodeKind::Case(Case::from_properties(p)?))),
    },
    KindInfo {
        activity: Activity::Parse,
        activity_name: "parse-activity",
        also_named: &[],
        title: "Parse",
        exits: &["default", "error"],
        support: Support::Runs,
        needs: "",
        parse: Some(|p| Ok(NodeKind::Parse(Parse::from_properties(p)?))),
    },
    KindInfo {
        activity: Activity::Callback,
        activity_name: "callback",
        also_named: &[],
        title: "Callback",
        exits: &["default", "failure"],
        support: Support::Runs,
        needs: "",
        parse: Some(|p| Ok(NodeKind::Callback(Callback::from_properties(p)?))),
    },
    KindInfo {
        activity: Activity::Disconnect,
        activity_name: "disconnect-contact",
        also_named: &[],
        title: "Disconnect Contact",
        exits: &[],
        support: Support::Runs,
        needs: "",
        parse: Some(|p| Ok(NodeKind::Disconnect(Disconnect::from_properties(p)?))),
    },
    KindInfo {
        activity: Activity::End,
        activity_name: "end",
        also_named: &[],
        title: "End Flow",
        exits: &[],
        support: Support::Runs,
        needs: "",
        parse: Some(|p| Ok(NodeKind::End(End::from_properties(p)?))),
    },
    KindInfo {
        activity: Activity::QueueLookup,
        activity_name: "queue-lookup",
        also_named: &[],
        title: "Queue Lookup",
        exits: &["default", "insufficientdata", "failure"],
        support: Support::Opaque,
        needs: "the queue's live figures (position in queue, estimated wait time)",
        parse: None,
    },
    KindInfo {
        activity: Activity::VirtualAgent,
        activity_name: "ivr-virtualassistant",
        also_named: &[],
        title: "Virtual Agent",
        exits: &["ENDED", "ESCALATE", "error"],
        support: Support::Opaque,
        needs: "how the conversation with the virtual agent ends",
        parse: None,
    },
    KindInfo {
        activity: Activity::VirtualAgentVoice,
        activity_name: "ivr-virtualassistantvoice",
        also_named: &[],
        title: "Virtual Agent V2",
        exits: &["ENDED", "ESCALATE", "error"],
        support: Support::Opaque,
        needs: "how the conversation with the AI agent ends",
        parse: None,
    },
];

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
    HttpRequest(Box<HttpRequest>),
    SetVariable(SetVariable),
    Condition(Condition),
    Case(Case),
    Parse(Parse),
    Callback(Callback),
    Disconnect(Disconnect),
    End(End),
    /// An activity the model does not simulate: kept, shown, and passed through when it has one
    /// exit (or when the caller names the exit).
    Opaque(Opaque),
}

impl NodeKind {
    /// Builds the kind from an activity's `properties` (its `activityName` picks the row).
    pub fn from_properties(properties: &Map<String, Json>) -> Result<NodeKind, FlowError> {
        let name = match properties.get("activityName") {
            Some(Json::String(s)) => s.as_str(),
            Some(_) => {
                return Err(FlowError::new(
                    FlowErrorKind::FlowFormat,
                    "`activityName` is not text",
                ))
            }
            None => {
                return Err(FlowError::new(
                    FlowErrorKind::FlowFormat,
                    "the activity has no `activityName`",
                ))
            }
        };
        let info = Activity::from_name(name).map(Activity::info);
        match info.and_then(|i| i.parse) {
            Some(parse) => parse(properties),
            None => Ok(NodeKind::Opaque(Opaque::named(name))),
        }
    }

    /// The start event's settings (the start node is found by its `group`, not by its name).
    pub fn start(properties: &Map<String, Json>) -> Result<NodeKind, FlowError> {
        Ok(NodeKind::Start(Start::from_properties(properties)?))
    }

    /// Which activity this is.
    pub fn activity(&self) -> ActivityKind {
        let known = match self {
            NodeKind::Start(_) => Activity::Start,
            NodeKind::PlayMessage(_) => Activity::PlayMessage,
            NodeKind::PlayMusic(_) => Activity::PlayMusic,
            NodeKind::QueueContact(_) => Activity::QueueContact,
            NodeKind::Menu(_) => Activity::Menu,
            NodeKind::CollectDigits(_) => Activity::CollectDigits,
            NodeKind::HttpRequest(_) => Activity::HttpRequest,
            NodeKind::SetVariable(_) => Activity::SetVariable,
            NodeKind::Condition(_) => Activity::Condition,
            NodeKind::Case(_) => Activity::Case,
            NodeKind::Parse(_) => Activity::Parse,
            NodeKind::Callback(_) => Activity::Callback,
            NodeKind::Disconnect(_) => Activity::Disconnect,
            NodeKind::End(_) => Activity::End,
            NodeKind::Opaque(o) => return o.kind(),
        };
        ActivityKind::Known(known)
    }

    /// The row of [`KINDS`] for this kind (none for activities the companion does not know).
    pub fn info(&self) -> Option<&'static KindInfo> {
        match self.activity() {
            ActivityKind::Known(a) => Some(a.info()),
            ActivityKind::Other(_) => None,
        }
    }

    /// `activityName` as in the export (`start` for the entry).
    pub fn activity_name(&self) -> &str {
        match self {
            NodeKind::Opaque(o) => &o.activity_name,
            other => other.info().map_or("", |i| i.activity_name),
        }
    }

    /// The palette name (`HTTP Request`), or the activity name for unknown activities.
    pub fn title(&self) -> &str {
        self.info()
            .map(|i| i.title)
            .unwrap_or_else(|| self.activity_name())
    }

    /// Whether the runner simulates this node.
    pub fn support(&self) -> Support {
        match self {
            NodeKind::Opaque(_) => Support::Opaque,
            _ => Support::Runs,
        }
    }

    /// Every exit this node can take: menu and case options first, then the kind's fixed exits.
    pub fn exits(&self) -> Vec<String> {
        let mut exits: Vec<String> = match self {
            NodeKind::Menu(menu) => menu.options.iter().map(|o| o.digit.clone()).collect(),
            NodeKind::Case(case) => case.branches.iter().map(|b| b.exit.clone()).collect(),
            _ => Vec::new(),
        };
        if let Some(info) = self.info() {
            exits.extend(info.exits.iter().map(|e| e.to_string()));
        }
        exits
    }

    /// The exit a link without `conditionExpr` stands for (`out` or `default`).
    pub fn normal_exit(&self) -> &'static str {
        self.info()
            .and_then(|info| info.exits.first())
            .filter(|e| matches!(**e, "out" | "default"))
            .copied()
            .unwrap_or("out")
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
            NodeKind::Case(k) => k.execute(ctx),
            NodeKind::Parse(k) => k.execute(ctx),
            NodeKind::Callback(k) => k.execute(ctx),
            NodeKind::Disconnect(k) => k.execute(ctx),
            NodeKind::End(k) => k.execute(ctx),
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
    /// An activity the model does not simulate: the run cannot go on without being told its exit.
    NotSimulated {
        activity: String,
        /// The exits connected in the flow.
        exits: Vec<String>,
        /// What would let the run go on.
        needs: String,
    },
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

    /// The next input, without taking it.
    pub fn peek_input(&self) -> Option<&str> {
        self.inputs.front().map(String::as_str)
    }

    /// `error` when the node's error exit is connected, else the run stops here with the note already recorded.
    pub fn fail(&mut self) -> Next {
        Next::Exit("error".to_string())
    }

    /// The exits of this node that are connected, in link order.
    pub fn connected_exits(&self) -> Vec<String> {
        self.flow
            .outgoing(self.index)
            .map(|l| l.exit.clone())
            .collect()
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

/// Text-to-speech prompts (`promptsTts: [{value}]`); when a node plays audio files instead
/// (`prompts: [{type: "audioFile", value: "welcome.wav"}]`, older flows), each file as
/// `[audio: welcome.wav]` (its name may hold `{{ }}`).
pub(crate) fn tts_prompts(p: &Map<String, Json>) -> Result<Vec<String>, FlowError> {
    let entries = |key: &str, audio: bool| -> Result<Vec<String>, FlowError> {
        match p.get(key) {
            None | Some(Json::Null) => Ok(Vec::new()),
            Some(Json::Array(items)) => items
                .iter()
                .map(|item| {
                    let text = match item {
                        Json::String(s) => s.clone(),
                        Json::Object(o) => first_text(o, &["value", "name"])?,
                        _ => {
                            return Err(FlowError::new(
                                FlowErrorKind::FlowFormat,
                                format!("a `{key}` entry is not an object"),
                            ))
                        }
                    };
                    Ok(if audio {
                        format!("[audio: {text}]")
                    } else {
                        text
                    })
                })
                .collect(),
            Some(_) => Err(FlowError::new(
                FlowErrorKind::FlowFormat,
                format!("`{key}` is not a list"),
            )),
        }
    };
    let spoken = entries("promptsTts", false)?;
    if spoken.is_empty() {
        entries("prompts", true)
    } else {
        Ok(spoken)
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
