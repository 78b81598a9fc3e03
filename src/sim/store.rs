//! The simulated Analyzer store: one [`TaskRecord`] per call and per callback, with the fields the
//! Search API exposes (see [`schema`](super::schema)); serialised with the API's field names.

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

/// `callbackStatus` while the callback waits for an agent (documented).
pub const STATUS_NOT_PROCESSED: &str = "Not Processed";
/// `callbackStatus` once an agent is connected. Assumption: the value is not documented; the lab's
/// samples use "Connected".
pub const STATUS_CONNECTED: &str = "Connected";
/// `callbackConnectTime` while not connected (documented).
pub const NOT_CONNECTED: i64 = -1;

/// `{ id name }` of an entry point, queue or agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedRef {
    pub id: String,
    pub name: String,
}

/// `callbackData` of a task that asked for a callback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallbackData {
    pub callback_request_time: i64,
    /// [`NOT_CONNECTED`] until an agent is connected.
    pub callback_connect_time: i64,
    pub callback_number: String,
    pub callback_status: String,
    /// Assumption: "flow" for a callback requested by a flow's Callback node (as in the lab's samples).
    pub callback_origin: String,
    /// Assumption: "immediate" (as in the lab's samples).
    pub callback_type: String,
    pub callback_queue_name: String,
    pub callback_agent_name: Option<String>,
    pub callback_team_name: Option<String>,
    pub callback_retry_count: i64,
}

/// One task as the Analyzer keeps it.
///
/// Values of `status`, `direction`, `channelType` and `terminationType` are assumptions (the API
/// documents the fields, not all their values): `status` is "active" while the caller is in the
/// flow, "connected" with an agent, "ended" after, "abandoned" when the caller hung up in the flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskRecord {
    pub id: String,
    pub created_time: i64,
    pub ended_time: Option<i64>,
    pub channel_type: String,
    /// "INBOUND" for calls, "OUTBOUND" for callbacks.
    pub direction: String,
    pub status: String,
    pub is_active: bool,
    /// The caller's number (ANI) for calls; the support number for callbacks.
    pub origin: String,
    /// The support number (DNIS) for calls; the callback number for callbacks.
    pub destination: String,
    pub termination_type: Option<String>,
    pub last_entry_point: Option<NamedRef>,
    pub last_queue: Option<NamedRef>,
    pub owner: Option<NamedRef>,
    pub callback_data: Option<CallbackData>,
}

impl TaskRecord {
    /// The record as the Search API's JSON (every field; a query selects from it).
    pub fn to_json(&self) -> Json {
        serde_json::to_value(self).unwrap_or(Json::Null)
    }

    /// A callback still waiting: status "Not Processed" and connect time -1.
    pub fn has_pending_callback(&self) -> bool {
        self.callback_data.as_ref().is_some_and(|c| {
            c.callback_status == STATUS_NOT_PROCESSED && c.callback_connect_time == NOT_CONNECTED
        })
    }
}

/// The task records, in creation order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalyzerStore {
    tasks: Vec<TaskRecord>,
}

impl AnalyzerStore {
    pub fn new() -> AnalyzerStore {
        AnalyzerStore::default()
    }

    pub fn tasks(&self) -> &[TaskRecord] {
        &self.tasks
    }

    pub fn insert(&mut self, task: TaskRecord) {
        self.tasks.push(task);
    }

    /// Removes a task (undoing a call that could not start).
    pub fn remove(&mut self, id: &str) {
        self.tasks.retain(|t| t.id != id);
    }

    pub fn get(&self, id: &str) -> Option<&TaskRecord> {
        self.tasks.iter().find(|t| t.id == id)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut TaskRecord> {
        self.tasks.iter_mut().find(|t| t.id == id)
    }

    /// A deterministic id shaped like the API's UUIDs, from a sequence number.
    pub fn task_id(sequence: u64) -> String {
        format!("5e1a0000-0000-4000-8000-{sequence:012x}")
    }
}
