//! "Your flow": the attendee's own Flow Designer export, imported ([`crate::flowcheck::import`]),
//! checked against the mission ([`crate::flowcheck::check_imported`]) and run by the lab instead of
//! the shipped mission flow. Any flow loads: one that is not the mission's (none of its nodes has a
//! label the guide prescribes) is run from its own start, and the mission's findings are not about
//! it.

use std::sync::Arc;

use crate::flow::{Activity, Flow, FlowSummary, NodeKind, MISSION_CONDITION, MISSION_START};
use crate::flowcheck::{self, Finding, Severity};
use crate::stable_sort;

use serde::{Deserialize, Serialize};

use super::roles::MissionFlow;

/// The mission the Condition lab belongs to (its checker table and guide page).
pub const LAB_MISSION: u32 = 4;

/// An imported flow export as the attendee gave it (kept as text: it is imported again on restore).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowSource {
    /// The file's name (`None` when pasted).
    #[serde(default)]
    pub name: Option<String>,
    #[serde(with = "super::arc_str")]
    pub text: Arc<str>,
}

/// An imported flow the lab runs, with what the import and the checker said.
#[derive(Debug, Clone, PartialEq)]
pub struct YourFlow {
    /// The file's name (`None` when pasted).
    pub name: Option<String>,
    /// What the import read leniently.
    pub notes: Vec<String>,
    /// The checker's findings, errors first (about the mission: see `mission_flow`).
    pub findings: Vec<Finding>,
    /// Whether this is the mission's flow ([`flowcheck::is_mission_flow`]).
    pub mission_flow: bool,
    /// What the companion understood of it.
    pub summary: FlowSummary,
    /// The flow as the lab runs it.
    pub lab: MissionFlow,
    /// The export as given (stored, and imported again on restore).
    pub text: Arc<str>,
    /// Identifies this export among others (exercise results are kept per flow).
    pub fingerprint: String,
}

impl YourFlow {
    /// "your flow (name)" / "your pasted flow".
    pub fn title(&self) -> String {
        match &self.name {
            Some(name) => format!("your flow ({name})"),
            None => "your flow (pasted)".to_string(),
        }
    }

    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    pub fn notes_count(&self) -> usize {
        self.findings.len() - self.errors()
    }

    /// The export as it is stored.
    pub fn source(&self) -> FlowSource {
        FlowSource {
            name: self.name.clone(),
            text: Arc::clone(&self.text),
        }
    }

    /// Whether `a` and `b` are the same export (cheap: compares fingerprints, not flows).
    pub fn same_export(a: Option<&YourFlow>, b: Option<&YourFlow>) -> bool {
        match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => a.fingerprint == b.fingerprint && a.name == b.name,
            _ => false,
        }
    }
}

/// A short, stable identity of an export's text (64-bit FNV-1a, hex). Not a security measure: it
/// only tells the attendee's successive exports apart.
pub fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Why an export was not loaded (the lab keeps running the flow it ran).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowLoadError {
    /// The file's name (`None` when pasted).
    pub name: Option<String>,
    pub message: String,
    /// `line L, column C` when the problem is at a place in the file.
    pub location: Option<String>,
    /// The line with a caret under the column.
    pub excerpt: Option<String>,
    pub hint: Option<String>,
}

impl FlowLoadError {
    /// One line: "“x.json” was not loaded: line 3, column 5: the file is not valid JSON: …. The lab
    /// still runs the flow it ran before."
    pub fn text(&self) -> String {
        format!(
            "{} The lab still runs the flow it ran before.",
            self.problem()
        )
    }

    /// What went wrong, without what the lab does about it.
    pub fn problem(&self) -> String {
        let what = match &self.name {
            Some(n) => format!("“{n}”"),
            None => "The pasted flow".to_string(),
        };
        let at = self
            .location
            .as_deref()
            .map(|l| format!("{l}: "))
            .unwrap_or_default();
        format!(
            "{what} was not loaded: {at}{}.",
            self.message.trim_end_matches('.')
        )
    }
}

/// Imports and checks `text`. Never panics: a bad file is an error with a message.
pub fn load(text: &str, name: Option<String>) -> Result<YourFlow, FlowLoadError> {
    let imported = flowcheck::import(text).map_err(|e| FlowLoadError {
        name: name.clone(),
        message: e.message,
        location: e.location,
        excerpt: e.excerpt,
        hint: e.hint,
    })?;
    let spec = flowcheck::mission(LAB_MISSION);
    let mission_flow = spec.is_some_and(|s| flowcheck::is_mission_flow(&imported.flow, s));
    let mut findings = spec
        .map(|s| flowcheck::check_imported(&imported, s))
        .unwrap_or_default();
    stable_sort::sort_by_key(&mut findings, |f| f.severity);
    let summary = FlowSummary::of(&imported.flow);
    let (start, condition) = if mission_flow {
        roles(&imported.flow)
    } else {
        own_roles(&summary)
    };
    Ok(YourFlow {
        name,
        notes: imported.notes,
        findings,
        mission_flow,
        summary,
        lab: if mission_flow {
            MissionFlow::of(imported.flow, &start, &condition).as_lab_mission()
        } else {
            MissionFlow::of(imported.flow, &start, &condition)
        },
        fingerprint: fingerprint(text),
        text: Arc::from(text),
    })
}

/// Where the lab runs a flow that is not the mission's: from its start, judged at the first
/// Condition node a walk from the start meets (none: the verdict says no Condition ran).
fn own_roles(summary: &FlowSummary) -> (String, String) {
    let condition = summary
        .kinds
        .iter()
        .find(|k| k.activity == Activity::Condition.name())
        .and_then(|k| k.labels.first())
        .cloned()
        .unwrap_or_default();
    (summary.start.clone(), condition)
}

/// The labels of the nodes that play the mission's HTTP Request and Condition in `flow` (a renamed
/// node is still found; the mission's labels when nothing matches).
fn roles(flow: &Flow) -> (String, String) {
    let Some(spec) = flowcheck::mission(LAB_MISSION) else {
        return (MISSION_START.to_string(), MISSION_CONDITION.to_string());
    };
    let start = flowcheck::mission_input(flow, spec)
        .start
        .unwrap_or_else(|| MISSION_START.to_string());
    let matched = flowcheck::reference(spec).ok().and_then(|reference| {
        let map = flowcheck::match_nodes(&reference, flow);
        reference
            .node_index(MISSION_CONDITION)
            .and_then(|r| map.get(r).copied().flatten())
            .and_then(|n| flow.nodes.get(n))
            .map(|n| n.label.clone())
    });
    let condition = matched
        .or_else(|| {
            flow.nodes
                .iter()
                .find(|n| matches!(n.kind, NodeKind::Condition(_)))
                .map(|n| n.label.clone())
        })
        .unwrap_or_else(|| MISSION_CONDITION.to_string());
    (start, condition)
}
