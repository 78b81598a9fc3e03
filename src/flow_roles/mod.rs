//! What the Condition lab and the simulator share, below both: the flow they run in the mission's
//! roles ([`MissionFlow`]: the shipped mission flow, or the attendee's imported one, [`YourFlow`]), its
//! picture ([`picture`], laid out by [`layout`]) and the mission's sample responses ([`samples`]).
//! Neither `lab` nor `sim` imports the other; both import this.

pub mod arc_str;
pub mod layout;
pub mod picture;
pub mod roles;
pub mod samples;
pub mod yourflow;

pub use roles::{shipped_mission_flow, MissionFlow, PathInput};
pub use samples::{sample, Sample, SAMPLES};
pub use yourflow::{FlowLoadError, FlowSource, YourFlow};
