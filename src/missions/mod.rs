//! The missions: each one folder under `content/missions/<slug>/`, read into one [`Mission`] value
//! (its guide, and when it has a flow, the lab's flow and inputs, samples, exercises, the checker's
//! table and the Search API facts), all of them in one [`Registry`].
//!
//! A mission folder:
//!
//! | file | what | needed |
//! | --- | --- | --- |
//! | `guide.md` | the lab's Markdown page | always |
//! | `mission.json` | number, the lab's run (`lab`), Search API facts (`search`), `samples` | with `flow.json` |
//! | `flow.json` | the flow after the mission (Flow Designer export) | for the lab and exercises |
//! | `reference.json` | the export the checker compares with (default: `flow.json`) | no |
//! | `checks.json` | what the checker compares ([`checks::CheckTable`]) | no |
//! | `samples/` | the sample response bodies `mission.json` lists | no |
//! | `exercises/*.json` | graded exercises, in file-name order | no |
//!
//! A mission with only `guide.md` is valid: its guide renders; the lab and the exercises say it has
//! no flow yet. The shipped missions are compiled in ([`compiled`]: `build.rs` lists the folders);
//! natively, [`Registry::read_dir`] reads a folder of mission folders the same way (the CLI's
//! `--content`, the tests' synthetic mission).

pub mod checks;
pub mod compiled_folders;
pub mod error;
pub mod exercises;
pub mod files;
mod mission;
mod registry;
pub mod samples;
pub mod settings;

pub use checks::{Check, CheckTable, Role, Setting};
pub use error::{MissionError, MissionErrorKind};
pub use exercises::{Case, Exercise, ExerciseKind, ScenarioGoal};
pub use files::{MissionFiles, GUIDE_FILE};
pub use mission::{slug_problem, Mission, MissionLab, FLOW_FILE, REFERENCE_FILE, RESERVED_SLUGS};
pub use registry::{compiled, Registry};
pub use samples::Sample;
pub use settings::{CallerVariable, LabSettings, Settings};
