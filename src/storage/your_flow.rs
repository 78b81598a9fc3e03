//! The imported flow the Condition lab and the exercises share, as stored in `localStorage`.
//!
//! `callback-lab.flow` holds `{"format": "callback-lab/your-flow", "version": 1, "flow": {"name": …,
//! "text": …} | null}`; `null` says "no imported flow" explicitly, so an older copy elsewhere is not
//! picked up again. Before this entry existed the flow lived in the lab's saved state
//! (`callback-lab.lab`, `inputs.flow`): when the entry is missing, that copy is taken over (and
//! written to the new entry by the caller). The lab's state keeps its own copy until the new entry
//! is written, so no flow is lost on the way.

use serde::{Deserialize, Serialize};

use crate::flow_roles::yourflow::{self, YourFlow};
use crate::flow_roles::FlowSource;
use crate::storage::{
    self, Backend, LabStateKey, Loaded, Report, Unreadable, YourFlowKey, LAB_STATE, YOUR_FLOW,
};

/// Where the shared imported flow is kept.
pub const FLOW_KEY: &str = YOUR_FLOW;
pub const FLOW_FORMAT: &str = "callback-lab/your-flow";
pub const FLOW_VERSION: u32 = 1;

#[derive(Serialize)]
struct DocRef<'a> {
    format: &'static str,
    version: u32,
    flow: Option<&'a FlowSource>,
}

#[derive(Deserialize)]
struct Doc {
    format: String,
    version: u32,
    flow: Option<FlowSource>,
}

/// The entry for `flow` (`None`: the mission flow runs, nothing is imported).
pub fn to_json(flow: Option<&FlowSource>) -> String {
    let doc = DocRef {
        format: FLOW_FORMAT,
        version: FLOW_VERSION,
        flow,
    };
    serde_json::to_string(&doc).unwrap_or_else(|_| "{}".to_string())
}

/// Why a `callback-lab.flow` entry does not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowEntryError {
    /// Not the document's shape (serde_json's message without its position).
    Shape(String),
    OtherFormat,
    OtherVersion(u32),
}

impl std::fmt::Display for FlowEntryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FlowEntryError::Shape(message) => write!(f, "it does not read ({message})"),
            FlowEntryError::OtherFormat => write!(f, "its format is not \"{FLOW_FORMAT}\""),
            FlowEntryError::OtherVersion(v) => write!(
                f,
                "it is of another version ({v}; this companion reads {FLOW_VERSION})"
            ),
        }
    }
}

impl std::error::Error for FlowEntryError {}

/// Reads an entry written by [`to_json`].
pub fn from_json(text: &str) -> Result<Option<FlowSource>, FlowEntryError> {
    let doc: Doc = serde_json::from_str(text).map_err(|e| {
        FlowEntryError::Shape(
            e.to_string()
                .split(" at line ")
                .next()
                .unwrap_or("")
                .to_string(),
        )
    })?;
    if doc.format != FLOW_FORMAT {
        return Err(FlowEntryError::OtherFormat);
    }
    if doc.version != FLOW_VERSION {
        return Err(FlowEntryError::OtherVersion(doc.version));
    }
    Ok(doc.flow)
}

/// The flow to start with, imported again, and what the attendee must be told.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    pub flow: Option<YourFlow>,
    /// Stored data set aside or not saved on the way, for the storage notice.
    pub reports: Vec<Report>,
    /// Why a stored flow is not used, for the lab's Your flow card.
    pub problem: Option<String>,
}

/// The stored flow's export, read but not imported yet.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSource {
    pub source: Option<FlowSource>,
    /// Stored data set aside or not saved on the way, for the storage notice.
    pub reports: Vec<Report>,
    /// Why a stored flow is not used, for the lab's Your flow card.
    pub problem: Option<String>,
}

/// Restores the shared flow from `store`: [`read`], then [`adopt`].
pub fn restore(store: &mut impl Backend) -> Restored {
    let read = read(store);
    let mut restored = adopt(store, read.source);
    let mut reports = read.reports;
    reports.append(&mut restored.reports);
    restored.reports = reports;
    restored.problem = read.problem.or(restored.problem);
    restored
}

/// Reads the stored export without importing it (cheap: the app does this at start on every
/// page; only a page that shows the flow imports it, with [`adopt`]). When [`FLOW_KEY`] is absent,
/// a flow the lab's saved state holds is taken over (written to [`FLOW_KEY`]). An entry that does
/// not read is set aside (never dropped), and [`FLOW_KEY`] then says "no flow" so an older copy is
/// not taken over again.
pub fn read(store: &mut impl Backend) -> StoredSource {
    let mut reports = Vec::new();
    let source = match storage::load::<YourFlowKey>(store, FLOW_KEY) {
        Loaded::Found(source) => source,
        Loaded::SetAside(aside) => {
            reports.push(Report::SetAside(aside));
            store_no_flow(store, &mut reports);
            return StoredSource {
                source: None,
                reports,
                problem: Some(
                    "Your saved imported flow could not be read and was set aside; the mission flow runs."
                        .to_string(),
                ),
            };
        }
        Loaded::Absent => {
            // A damaged lab state is set aside here and reported once; the lab then finds none.
            let taken = match storage::load::<LabStateKey>(store, LAB_STATE) {
                Loaded::Found(stored) => stored.inputs.flow,
                Loaded::SetAside(aside) => {
                    reports.push(Report::SetAside(aside));
                    None
                }
                Loaded::Absent => None,
            };
            if taken.is_some() {
                if let Err(error) = storage::save::<YourFlowKey>(store, FLOW_KEY, &taken) {
                    reports.push(Report::not_saved(FLOW_KEY, error));
                }
            }
            taken
        }
    };
    StoredSource {
        source,
        reports,
        problem: None,
    }
}

/// Imports (and checks, and lays out) a stored export. One that no longer imports is set aside,
/// [`FLOW_KEY`] then says "no flow", and the mission flow runs.
pub fn adopt(store: &mut impl Backend, source: Option<FlowSource>) -> Restored {
    let mut reports = Vec::new();
    let Some(source) = source else {
        return Restored {
            flow: None,
            reports,
            problem: None,
        };
    };
    match yourflow::load(&source.text, source.name.clone()) {
        Ok(flow) => Restored {
            flow: Some(flow),
            reports,
            problem: None,
        },
        Err(error) => {
            let problem = format!("Your saved flow no longer loads: {}", error.problem());
            if let Some(aside) = storage::set_aside(store, FLOW_KEY, Unreadable::unusable(&problem))
            {
                reports.push(Report::SetAside(aside));
            }
            store_no_flow(store, &mut reports);
            Restored {
                flow: None,
                reports,
                problem: Some(format!(
                    "{problem} It was set aside (see “Your data”); the mission flow runs."
                )),
            }
        }
    }
}

fn store_no_flow(store: &mut impl Backend, reports: &mut Vec<Report>) {
    if let Err(error) = storage::save::<YourFlowKey>(store, FLOW_KEY, &None) {
        reports.push(Report::not_saved(FLOW_KEY, error));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::{saved, LabInputs};
    use crate::storage::{Kept, MemoryStore};
    use std::sync::Arc;

    fn source(name: &str) -> FlowSource {
        FlowSource {
            name: Some(name.to_string()),
            text: Arc::from("{\"process\": {}}"),
        }
    }

    fn reference(name: &str) -> FlowSource {
        FlowSource {
            name: Some(name.to_string()),
            text: Arc::from(crate::flowcheck::mission(4).unwrap().reference_json),
        }
    }

    fn lab_with(flow: Option<FlowSource>) -> String {
        saved::to_json(&LabInputs {
            flow,
            ..LabInputs::default()
        })
    }

    #[test]
    fn round_trips_a_flow_and_no_flow() {
        let flow = source("mine.json");
        assert_eq!(from_json(&to_json(Some(&flow))), Ok(Some(flow)));
        assert_eq!(from_json(&to_json(None)), Ok(None));
    }

    #[test]
    fn a_stored_flow_is_imported_again_and_nothing_is_written() {
        let entry = to_json(Some(&reference("reference.json")));
        let mut store = MemoryStore::with([(FLOW_KEY, entry.as_str())]);
        let r = restore(&mut store);
        assert_eq!(
            r.flow.as_ref().map(YourFlow::source),
            Some(reference("reference.json"))
        );
        assert_eq!((r.reports.len(), r.problem), (0, None));
        assert_eq!(store.get(FLOW_KEY), Ok(Some(entry)));
    }

    #[test]
    fn the_entry_wins_even_when_it_says_no_flow() {
        let lab = lab_with(Some(reference("old.json")));
        let none = to_json(None);
        let mut store = MemoryStore::with([(FLOW_KEY, none.as_str()), (LAB_STATE, lab.as_str())]);
        assert_eq!(restore(&mut store).flow, None);
    }

    #[test]
    fn a_flow_in_the_lab_state_is_taken_over_once() {
        let lab = lab_with(Some(reference("old.json")));
        let mut store = MemoryStore::with([(LAB_STATE, lab.as_str())]);
        let r = restore(&mut store);
        assert_eq!(
            r.flow.as_ref().map(|f| f.title()).as_deref(),
            Some("your flow (old.json)")
        );
        assert!(r.reports.is_empty());
        assert_eq!(
            store.get(FLOW_KEY),
            Ok(Some(to_json(Some(&reference("old.json")))))
        );
        // Nothing to take over: nothing written.
        let lab = lab_with(None);
        let mut store = MemoryStore::with([(LAB_STATE, lab.as_str())]);
        assert_eq!(restore(&mut store).flow, None);
        assert_eq!(store.get(FLOW_KEY), Ok(None));
    }

    #[test]
    fn a_damaged_lab_state_is_set_aside_and_reported_once() {
        let mut store = MemoryStore::with([(LAB_STATE, "{not json")]);
        let r = restore(&mut store);
        assert_eq!(r.flow, None);
        assert_eq!(r.reports.len(), 1);
        assert_eq!(store.get(LAB_STATE), Ok(None));
        assert_eq!(
            store.get("callback-lab.lab.unreadable"),
            Ok(Some("{not json".to_string()))
        );
    }

    #[test]
    fn an_export_that_no_longer_imports_is_set_aside_and_the_entry_says_no_flow() {
        let broken = to_json(Some(&source("broken.json")));
        let mut store = MemoryStore::with([(FLOW_KEY, broken.as_str())]);
        let r = restore(&mut store);
        assert_eq!(r.flow, None);
        let problem = r.problem.unwrap();
        assert!(
            problem.starts_with("Your saved flow no longer loads: “broken.json” was not loaded: "),
            "{problem}"
        );
        assert!(matches!(
            &r.reports[..],
            [Report::SetAside(s)] if s.kept == Kept::Under("callback-lab.flow.unreadable".into())
        ));
        assert_eq!(
            store.get("callback-lab.flow.unreadable"),
            Ok(Some(broken.clone()))
        );
        assert_eq!(store.get(FLOW_KEY), Ok(Some(to_json(None))));
    }

    #[test]
    fn an_unreadable_entry_is_set_aside_with_a_reason() {
        for text in [
            "[]",
            "{\"format\": \"other\", \"version\": 1, \"flow\": null}",
            "{\"format\": \"callback-lab/your-flow\", \"version\": 2, \"flow\": null}",
            "{\"format\": \"callback-lab/your-flow\", \"version\": 1, \"flow\": 5}",
        ] {
            let mut store = MemoryStore::with([(FLOW_KEY, text)]);
            let r = restore(&mut store);
            assert_eq!(r.flow, None, "{text}");
            assert!(r.problem.is_some(), "{text}");
            assert!(
                matches!(&r.reports[..], [Report::SetAside(_)]),
                "{text}: {:?}",
                r.reports
            );
            assert_eq!(
                store.get("callback-lab.flow.unreadable"),
                Ok(Some(text.to_string()))
            );
            assert_eq!(store.get(FLOW_KEY), Ok(Some(to_json(None))), "{text}");
        }
    }
}
