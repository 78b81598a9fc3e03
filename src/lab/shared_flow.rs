//! The imported flow the Condition lab and the exercises share, as stored in `localStorage`.
//!
//! `callback-lab.flow` holds `{"format": "callback-lab/your-flow", "version": 1, "flow": {"name": …,
//! "text": …} | null}`; `null` says "no imported flow" explicitly, so an older copy elsewhere is not
//! picked up again. Before this entry existed the flow lived in the lab's saved state
//! (`callback-lab.lab`, `inputs.flow`): when the entry is missing, that copy is taken over (and
//! written to the new entry by the caller). The lab's state keeps its own copy until the new entry
//! is written, so no flow is lost on the way.

use serde::{Deserialize, Serialize};

use super::inputs::FlowSource;
use super::saved;
use super::yourflow::{self, YourFlow};

/// Where the shared imported flow is kept.
pub const FLOW_KEY: &str = "callback-lab.flow";
/// Where an unreadable entry is set aside (never silently dropped).
pub const FLOW_SET_ASIDE_KEY: &str = "callback-lab.flow.unreadable";
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

/// Reads an entry written by [`to_json`].
pub fn from_json(text: &str) -> Result<Option<FlowSource>, String> {
    let doc: Doc = serde_json::from_str(text).map_err(|e| {
        format!(
            "it does not read ({})",
            e.to_string().split(" at line ").next().unwrap_or("")
        )
    })?;
    if doc.format != FLOW_FORMAT {
        return Err(format!("its format is not \"{FLOW_FORMAT}\""));
    }
    if doc.version != FLOW_VERSION {
        return Err(format!(
            "it is of another version ({}; this companion reads {FLOW_VERSION})",
            doc.version
        ));
    }
    Ok(doc.flow)
}

/// What to do at start, decided from the stored entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestorePlan {
    /// The export to import again, if any.
    pub flow: Option<FlowSource>,
    /// Write [`FLOW_KEY`] with [`RestorePlan::flow`]: it was taken over from the lab's saved state.
    pub migrate: bool,
    /// [`FLOW_KEY`] does not read: set its text aside under [`FLOW_SET_ASIDE_KEY`].
    pub set_aside: bool,
    /// Why the stored entry was not used, for the attendee.
    pub problem: Option<String>,
}

/// The plan for the entry under [`FLOW_KEY`] (`flow_entry`) and the lab's saved state
/// (`lab_entry`, read only when the first is missing).
pub fn plan_restore(flow_entry: Option<&str>, lab_entry: Option<&str>) -> RestorePlan {
    match flow_entry {
        Some(text) => match from_json(text) {
            Ok(flow) => RestorePlan {
                flow,
                migrate: false,
                set_aside: false,
                problem: None,
            },
            Err(why) => RestorePlan {
                flow: None,
                migrate: false,
                set_aside: true,
                problem: Some(format!(
                    "Your saved imported flow could not be read: {why}. It was set aside under “{FLOW_SET_ASIDE_KEY}”; the mission flow runs."
                )),
            },
        },
        None => {
            // An unreadable lab state is the lab's to report; here it only has no flow to offer.
            let flow = lab_entry
                .and_then(|text| saved::from_json(text).ok())
                .and_then(|inputs| inputs.flow);
            RestorePlan {
                migrate: flow.is_some(),
                flow,
                set_aside: false,
                problem: None,
            }
        }
    }
}

/// The flow to start with, imported again, and what to store so that the next start finds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    pub flow: Option<YourFlow>,
    /// Entries to write, in order (`(key, text)`): a set-aside copy first, then [`FLOW_KEY`].
    pub writes: Vec<(&'static str, String)>,
    /// Why a stored flow is not used, for the attendee.
    pub problem: Option<String>,
}

/// Restores the shared flow from the stored entries (see [`plan_restore`]). A stored export that no
/// longer imports is set aside, not dropped, and the mission flow runs.
pub fn restore(flow_entry: Option<&str>, lab_entry: Option<&str>) -> Restored {
    let plan = plan_restore(flow_entry, lab_entry);
    let mut writes = Vec::new();
    let mut problem = plan.problem;
    let mut rewrite = plan.migrate;
    if plan.set_aside {
        writes.push((
            FLOW_SET_ASIDE_KEY,
            flow_entry.unwrap_or_default().to_string(),
        ));
        rewrite = true;
    }
    let flow = match plan.flow {
        None => None,
        Some(source) => match yourflow::load(&source.text, source.name.clone()) {
            Ok(flow) => Some(flow),
            Err(error) => {
                writes.push((FLOW_SET_ASIDE_KEY, to_json(Some(&source))));
                problem = Some(format!(
                    "Your saved flow no longer loads: {} It was set aside under “{FLOW_SET_ASIDE_KEY}”; the mission flow runs.",
                    error.problem()
                ));
                rewrite = true;
                None
            }
        },
    };
    if rewrite {
        let source = flow.as_ref().map(YourFlow::source);
        writes.push((FLOW_KEY, to_json(source.as_ref())));
    }
    Restored {
        flow,
        writes,
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::LabInputs;
    use std::sync::Arc;

    fn source(name: &str) -> FlowSource {
        FlowSource {
            name: Some(name.to_string()),
            text: Arc::from("{\"process\": {}}"),
        }
    }

    fn with_flow(name: &str) -> LabInputs {
        LabInputs {
            flow: Some(source(name)),
            ..LabInputs::default()
        }
    }

    #[test]
    fn round_trips_a_flow_and_no_flow() {
        let flow = source("mine.json");
        assert_eq!(from_json(&to_json(Some(&flow))), Ok(Some(flow)));
        assert_eq!(from_json(&to_json(None)), Ok(None));
    }

    #[test]
    fn the_entry_wins_even_when_it_says_no_flow() {
        let lab = saved::to_json(&with_flow("old.json"));
        let plan = plan_restore(Some(&to_json(None)), Some(&lab));
        assert_eq!(plan.flow, None);
        assert!(!plan.migrate && !plan.set_aside && plan.problem.is_none());
        let plan = plan_restore(Some(&to_json(Some(&source("new.json")))), Some(&lab));
        assert_eq!(plan.flow, Some(source("new.json")));
    }

    #[test]
    fn a_flow_in_the_lab_state_is_taken_over_once() {
        let plan = plan_restore(None, Some(&saved::to_json(&with_flow("old.json"))));
        assert_eq!(plan.flow, Some(source("old.json")));
        assert!(plan.migrate);
        // Nothing to take over: nothing to write.
        let plan = plan_restore(None, Some(&saved::to_json(&LabInputs::default())));
        assert_eq!((plan.flow, plan.migrate), (None, false));
        let plan = plan_restore(None, Some("{not json"));
        assert_eq!((plan.flow, plan.migrate), (None, false));
        assert_eq!(plan_restore(None, None).flow, None);
    }

    #[test]
    fn restoring_imports_again_and_writes_only_what_changed() {
        let reference = crate::flowcheck::mission(4).unwrap().reference_json;
        let stored = FlowSource {
            name: Some("reference.json".into()),
            text: Arc::from(reference),
        };
        // Stored: imported again, nothing written.
        let r = restore(Some(&to_json(Some(&stored))), None);
        assert_eq!(r.flow.as_ref().map(YourFlow::source), Some(stored.clone()));
        assert_eq!((r.writes.len(), r.problem), (0, None));

        // In the lab's state only: taken over and written to the shared entry.
        let lab = LabInputs {
            flow: Some(stored.clone()),
            ..LabInputs::default()
        };
        let r = restore(None, Some(&saved::to_json(&lab)));
        assert_eq!(
            r.flow.as_ref().map(|f| f.title()).as_deref(),
            Some("your flow (reference.json)")
        );
        assert_eq!(r.writes, vec![(FLOW_KEY, to_json(Some(&stored)))]);

        // No longer imports: set aside, the entry says "no flow", the attendee is told.
        let broken = source("broken.json");
        let r = restore(Some(&to_json(Some(&broken))), None);
        assert_eq!(r.flow, None);
        assert_eq!(
            r.writes,
            vec![
                (FLOW_SET_ASIDE_KEY, to_json(Some(&broken))),
                (FLOW_KEY, to_json(None))
            ]
        );
        let problem = r.problem.unwrap();
        assert!(
            problem.starts_with("Your saved flow no longer loads: “broken.json” was not loaded: "),
            "{problem}"
        );

        // Unreadable: its text set aside as it was.
        let r = restore(Some("[1]"), None);
        assert_eq!(
            r.writes,
            vec![
                (FLOW_SET_ASIDE_KEY, "[1]".to_string()),
                (FLOW_KEY, to_json(None))
            ]
        );
        assert!(r.problem.is_some());
    }

    #[test]
    fn an_unreadable_entry_is_set_aside_with_a_reason() {
        for text in [
            "",
            "[]",
            "{\"format\": \"other\", \"version\": 1, \"flow\": null}",
            "{\"format\": \"callback-lab/your-flow\", \"version\": 2, \"flow\": null}",
            "{\"format\": \"callback-lab/your-flow\", \"version\": 1, \"flow\": 5}",
        ] {
            let plan = plan_restore(Some(text), None);
            assert!(plan.set_aside, "{text}");
            assert_eq!(plan.flow, None);
            assert!(
                plan.problem
                    .as_deref()
                    .is_some_and(|p| p.contains(FLOW_SET_ASIDE_KEY)),
                "{text}"
            );
        }
    }
}
