//! What each mission expects, as data: the reference export lab authors keep next to the mission's
//! Markdown (`content/missions/<slug>/reference.json`, the expected values) plus a small table of
//! what to compare and in which Build step the guide says it. The checker ([`super::check`]) knows
//! no mission; adding one is a reference file and a row in [`MISSIONS`].

/// A node of the reference flow the checker looks for, and how the guide speaks of it.
#[derive(Debug, Clone, Copy)]
pub struct Role {
    /// Its label in the reference flow.
    pub label: &'static str,
    /// The Build step that adds (or first needs) it.
    pub step: u32,
    /// The guide's words: "the HTTP Request node".
    pub words: &'static str,
    /// The guide prescribes this label (Activity Label); a different one is still only a note when
    /// the flow uses it consistently, but the note says so.
    pub label_in_guide: bool,
}

/// A sample value for the variables an expression reads.
#[derive(Debug, Clone, Copy)]
pub enum Sample {
    Text(&'static str),
    Integer(i64),
}

/// A setting of a node compared with the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    Connector,
    Authenticated,
    Url,
    Method,
    ContentType,
    Query,
    GraphQlVariables,
    ResponseType,
}

/// One comparison. Expected values always come from the reference flow.
#[derive(Debug, Clone, Copy)]
pub enum Check {
    /// The flow variable is declared with the reference's type and default.
    Variable {
        step: u32,
        name: &'static str,
        hint: Option<&'static str>,
    },
    /// The role's node exists (same kind) and how its label compares.
    Node { role: &'static str },
    /// A setting of the role's node, named as the guide names the field.
    Setting {
        role: &'static str,
        setting: Setting,
        field: &'static str,
    },
    /// The HTTP node's Parse Settings (output variable ↔ path expression rows).
    ParseSettings { role: &'static str },
    /// The Set Variable node's assignments.
    Assignments { role: &'static str },
    /// The Condition's expression: equal text, else the same exit on every combination of samples.
    Expression {
        role: &'static str,
        samples: &'static [(&'static str, &'static [Sample])],
    },
    /// The Play Message's text-to-speech text.
    Prompt { role: &'static str },
    /// `from`'s `exit` leads to the node the reference connects it to. `before` is the role it led
    /// to before the mission (so the finding can say "still").
    Link {
        step: u32,
        from: &'static str,
        exit: &'static str,
        words: &'static str,
        before: Option<&'static str>,
    },
}

impl Check {
    /// The Build step the check belongs to.
    pub fn step(&self, roles: &[Role]) -> u32 {
        let role_step = |label: &str| {
            roles
                .iter()
                .find(|r| r.label == label)
                .map_or(0, |r| r.step)
        };
        match self {
            Check::Variable { step, .. } | Check::Link { step, .. } => *step,
            Check::Node { role }
            | Check::Setting { role, .. }
            | Check::ParseSettings { role }
            | Check::Assignments { role }
            | Check::Expression { role, .. }
            | Check::Prompt { role } => role_step(role),
        }
    }
}

/// A mission the checker knows.
#[derive(Debug, Clone, Copy)]
pub struct MissionSpec {
    pub number: u32,
    /// The guide's slug: findings link to `guide/<slug>#build-N`.
    pub slug: &'static str,
    /// The reference export.
    pub reference_json: &'static str,
    /// Where runs of the mission start (a role label), e.g. the HTTP Request node.
    pub start: &'static str,
    pub roles: &'static [Role],
    pub checks: &'static [Check],
}

const HTTP: &str = "HTTPRequest_CallBackSearch";
const SET: &str = "SetVariable_searchresult";
const CONDITION: &str = "Condition_CallbackPending";
const PLAY: &str = "PlayMessage_AlreadyScheduled";
const DISCONNECT: &str = "DisconnectContact_AlreadyScheduled";
const CALLBACK: &str = "Callback";
const VERIFY: &str = "VerifyNumber";

const STRING_HINT: &str =
    "a String keeps the Search API's -1 as the text \"-1\" that the Condition compares with \"-1\"";

/// Mission 4, Preventing Callback duplication: Build steps 2–7.
pub const MISSION_4: MissionSpec = MissionSpec {
    number: 4,
    slug: "preventing-callback-duplication",
    reference_json: include_str!(
        "../../content/missions/preventing-callback-duplication/reference.json"
    ),
    start: HTTP,
    roles: &[
        Role {
            label: VERIFY,
            step: 3,
            words: "the VerifyNumber menu",
            label_in_guide: true,
        },
        Role {
            label: HTTP,
            step: 3,
            words: "the HTTP Request node",
            label_in_guide: true,
        },
        Role {
            label: SET,
            step: 4,
            words: "the Set Variable node",
            label_in_guide: false,
        },
        Role {
            label: CONDITION,
            step: 5,
            words: "the Condition node",
            label_in_guide: false,
        },
        Role {
            label: CALLBACK,
            step: 5,
            words: "the Callback node",
            label_in_guide: false,
        },
        Role {
            label: PLAY,
            step: 6,
            words: "the Play Message node of step 6",
            label_in_guide: false,
        },
        Role {
            label: DISCONNECT,
            step: 7,
            words: "the Disconnect Contact node of step 7",
            label_in_guide: false,
        },
    ],
    checks: &[
        Check::Variable {
            step: 2,
            name: "callbackStatus",
            hint: None,
        },
        Check::Variable {
            step: 2,
            name: "callbackConnectTime",
            hint: Some(STRING_HINT),
        },
        Check::Variable {
            step: 2,
            name: "searchresult",
            hint: None,
        },
        Check::Node { role: VERIFY },
        Check::Node { role: HTTP },
        Check::Link {
            step: 3,
            from: VERIFY,
            exit: "1",
            words: "VerifyNumber option 1 (\"Number OK\")",
            before: Some(CALLBACK),
        },
        Check::Setting {
            role: HTTP,
            setting: Setting::Authenticated,
            field: "Use Authenticated Endpoint",
        },
        Check::Setting {
            role: HTTP,
            setting: Setting::Connector,
            field: "Connector",
        },
        Check::Setting {
            role: HTTP,
            setting: Setting::Url,
            field: "Path",
        },
        Check::Setting {
            role: HTTP,
            setting: Setting::Method,
            field: "Method",
        },
        Check::Setting {
            role: HTTP,
            setting: Setting::ContentType,
            field: "Content Type",
        },
        Check::Setting {
            role: HTTP,
            setting: Setting::Query,
            field: "GraphQL Query",
        },
        Check::Setting {
            role: HTTP,
            setting: Setting::GraphQlVariables,
            field: "GraphQL variables",
        },
        Check::Setting {
            role: HTTP,
            setting: Setting::ResponseType,
            field: "Parse Settings Content Type",
        },
        Check::ParseSettings { role: HTTP },
        Check::Node { role: SET },
        Check::Link {
            step: 4,
            from: HTTP,
            exit: "default",
            words: "the exit of the HTTP Request node",
            before: None,
        },
        Check::Assignments { role: SET },
        Check::Node { role: CONDITION },
        Check::Node { role: CALLBACK },
        Check::Link {
            step: 5,
            from: SET,
            exit: "out",
            words: "the exit of the Set Variable node",
            before: None,
        },
        Check::Expression {
            role: CONDITION,
            samples: &[
                (
                    "callbackConnectTime",
                    &[
                        Sample::Text("-1"),
                        Sample::Text("1700000000000"),
                        Sample::Text(""),
                    ],
                ),
                (
                    "callbackStatus",
                    &[
                        Sample::Text("Not Processed"),
                        Sample::Text("Connected"),
                        Sample::Text(""),
                    ],
                ),
                (
                    "HTTPRequest_CallBackSearch.httpStatusCode",
                    &[
                        Sample::Integer(200),
                        Sample::Integer(401),
                        Sample::Integer(500),
                    ],
                ),
            ],
        },
        Check::Link {
            step: 5,
            from: CONDITION,
            exit: "false",
            words: "the False exit",
            before: None,
        },
        Check::Node { role: PLAY },
        Check::Prompt { role: PLAY },
        Check::Link {
            step: 6,
            from: CONDITION,
            exit: "true",
            words: "the True exit",
            before: None,
        },
        Check::Node { role: DISCONNECT },
        Check::Link {
            step: 7,
            from: PLAY,
            exit: "default",
            words: "the exit of the Play Message node",
            before: None,
        },
    ],
};

/// Every mission the checker knows.
pub const MISSIONS: &[MissionSpec] = &[MISSION_4];

/// The mission numbered `number`.
pub fn mission(number: u32) -> Option<&'static MissionSpec> {
    MISSIONS.iter().find(|m| m.number == number)
}
