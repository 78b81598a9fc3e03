//! The part of the Search API schema the simulator serves, as tables: object types with their fields,
//! and the arguments of `taskDetails`.
//!
//! Field names come from the domain notes (`callbackData { … }`, `lastEntryPoint { id name }`) and the
//! Search API documentation; the type names (`Task`, `CallbackData`, `EntryPoint`, …) follow the
//! error texts the real API returns (`Field 'x' in type 'CallbackData' is undefined`) where one is
//! known, and are assumptions elsewhere. The JSON of a [`TaskRecord`](super::store::TaskRecord) uses the
//! same names, so a field here is a key there.

/// A scalar type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    String,
    /// 64-bit integer (epoch milliseconds).
    Long,
    Int,
    Boolean,
}

impl Scalar {
    pub fn name(self) -> &'static str {
        match self {
            Scalar::String => "String",
            Scalar::Long => "Long",
            Scalar::Int => "Int",
            Scalar::Boolean => "Boolean",
        }
    }
}

/// A field's type.
#[derive(Debug, Clone, Copy)]
pub enum FieldType {
    Scalar(Scalar),
    Object(&'static ObjectType),
    List(&'static ObjectType),
}

impl FieldType {
    /// The type as GraphQL writes it.
    pub fn name(self) -> String {
        match self {
            FieldType::Scalar(s) => s.name().to_string(),
            FieldType::Object(o) => o.name.to_string(),
            FieldType::List(o) => format!("[{}]", o.name),
        }
    }
}

#[derive(Debug)]
pub struct FieldDef {
    pub name: &'static str,
    pub ty: FieldType,
}

#[derive(Debug)]
pub struct ObjectType {
    pub name: &'static str,
    pub fields: &'static [FieldDef],
}

impl ObjectType {
    pub fn field(&self, name: &str) -> Option<&'static FieldDef> {
        // `fields` is `&'static`, so the element is too.
        let fields: &'static [FieldDef] = self.fields;
        fields.iter().find(|f| f.name == name)
    }
}

const fn scalar(name: &'static str, s: Scalar) -> FieldDef {
    FieldDef {
        name,
        ty: FieldType::Scalar(s),
    }
}

const fn object(name: &'static str, o: &'static ObjectType) -> FieldDef {
    FieldDef {
        name,
        ty: FieldType::Object(o),
    }
}

pub static CALLBACK_DATA: ObjectType = ObjectType {
    name: "CallbackData",
    fields: &[
        scalar("callbackRequestTime", Scalar::Long),
        scalar("callbackConnectTime", Scalar::Long),
        scalar("callbackNumber", Scalar::String),
        scalar("callbackStatus", Scalar::String),
        scalar("callbackOrigin", Scalar::String),
        scalar("callbackType", Scalar::String),
        scalar("callbackQueueName", Scalar::String),
        scalar("callbackAgentName", Scalar::String),
        scalar("callbackTeamName", Scalar::String),
        scalar("callbackRetryCount", Scalar::Int),
    ],
};

pub static ENTRY_POINT: ObjectType = ObjectType {
    name: "EntryPoint",
    fields: &[scalar("id", Scalar::String), scalar("name", Scalar::String)],
};

pub static QUEUE: ObjectType = ObjectType {
    name: "Queue",
    fields: &[scalar("id", Scalar::String), scalar("name", Scalar::String)],
};

pub static AGENT: ObjectType = ObjectType {
    name: "Agent",
    fields: &[scalar("id", Scalar::String), scalar("name", Scalar::String)],
};

pub static TASK: ObjectType = ObjectType {
    name: "Task",
    fields: &[
        scalar("id", Scalar::String),
        scalar("createdTime", Scalar::Long),
        scalar("endedTime", Scalar::Long),
        scalar("channelType", Scalar::String),
        scalar("direction", Scalar::String),
        scalar("status", Scalar::String),
        scalar("isActive", Scalar::Boolean),
        scalar("origin", Scalar::String),
        scalar("destination", Scalar::String),
        scalar("terminationType", Scalar::String),
        object("lastEntryPoint", &ENTRY_POINT),
        object("lastQueue", &QUEUE),
        object("owner", &AGENT),
        object("callbackData", &CALLBACK_DATA),
    ],
};

pub static PAGE_INFO: ObjectType = ObjectType {
    name: "PageInfo",
    fields: &[
        scalar("hasNextPage", Scalar::Boolean),
        scalar("endCursor", Scalar::String),
    ],
};

pub static TASK_DETAILS: ObjectType = ObjectType {
    name: "TaskDetails",
    fields: &[
        FieldDef {
            name: "tasks",
            ty: FieldType::List(&TASK),
        },
        object("pageInfo", &PAGE_INFO),
    ],
};

pub static QUERY: ObjectType = ObjectType {
    name: "Query",
    fields: &[object("taskDetails", &TASK_DETAILS)],
};

/// The input type of `taskDetails(filter:)`.
pub const FILTER_TYPE: &str = "TaskDetailsFilters";

/// An argument of `taskDetails`.
#[derive(Debug, Clone, Copy)]
pub struct ArgDef {
    pub name: &'static str,
    /// A scalar name or [`FILTER_TYPE`].
    pub ty: &'static str,
    pub required: bool,
}

pub const TASK_DETAILS_ARGS: &[ArgDef] = &[
    ArgDef {
        name: "from",
        ty: "Long",
        required: true,
    },
    ArgDef {
        name: "to",
        ty: "Long",
        required: true,
    },
    ArgDef {
        name: "filter",
        ty: FILTER_TYPE,
        required: false,
    },
];

/// Input type names a variable may be declared with.
pub const INPUT_TYPES: &[&str] = &[
    "Long",
    "Int",
    "String",
    "Boolean",
    "Float",
    "ID",
    FILTER_TYPE,
];
