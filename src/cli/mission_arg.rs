//! `--mission SLUG|N` and `--content DIR`, shared by the commands that run or check a mission: the
//! missions compiled in, plus the mission folders of DIR (a lab author's new mission, before it is
//! compiled in), and the one the command is about.

use std::path::Path;
use std::sync::Arc;

use crate::missions::{compiled, Mission, MissionLab, Registry};

/// Help lines for both options.
pub const HELP: &str = concat!(
    "  --mission SLUG|N      the mission: its folder name or its number (default: the only mission\n",
    "                        with a flow)\n",
    "  --content DIR         also reads the mission folders in DIR (or DIR itself when it is one):\n",
    "                        a mission not compiled in yet",
);

/// Why no mission could be used, and the exit status that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MissionArgError {
    /// No such mission, or none named when several could be meant (a usage error, exit 2).
    Usage(String),
    /// The mission exists but cannot be used, or DIR does not read (exit 1).
    Input(String),
}

impl MissionArgError {
    pub fn exit_code(&self) -> i32 {
        match self {
            MissionArgError::Usage(_) => super::EXIT_USAGE,
            MissionArgError::Input(_) => 1,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            MissionArgError::Usage(m) | MissionArgError::Input(m) => m,
        }
    }
}

/// The compiled missions, plus those of `content` when given. A folder of `content` that does not
/// read is an error with every problem (file:line: message).
pub fn registry(content: Option<&str>) -> Result<Registry, MissionArgError> {
    let Some(dir) = content else {
        return Ok(compiled().clone());
    };
    let extra = Registry::read_dir(Path::new(dir));
    if !extra.problems().is_empty() {
        let problems: Vec<String> = extra.problems().iter().map(ToString::to_string).collect();
        return Err(MissionArgError::Input(format!(
            "{dir} does not read as missions:\n  {}",
            problems.join("\n  ")
        )));
    }
    if extra.is_empty() {
        return Err(MissionArgError::Input(format!(
            "{dir} holds no mission folder (a folder with guide.md)"
        )));
    }
    Ok(compiled().clone().merged(extra))
}

/// The mission `key` names, or without a key the only mission that has a flow.
pub fn select(registry: &Registry, key: Option<&str>) -> Result<Arc<Mission>, MissionArgError> {
    if let Some(key) = key {
        return registry.select(key).cloned().ok_or_else(|| {
            MissionArgError::Usage(format!("no mission `{key}`; known: {}", registry.names()))
        });
    }
    let with_flow: Vec<&Arc<Mission>> = registry
        .missions()
        .iter()
        .filter(|m| m.lab.is_some())
        .collect();
    match with_flow.as_slice() {
        [only] => Ok(Arc::clone(only)),
        [] => Err(MissionArgError::Input("no mission has a flow".into())),
        several => Err(MissionArgError::Usage(format!(
            "{} missions have a flow: name one with --mission ({})",
            several.len(),
            several
                .iter()
                .map(|m| m.slug.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// The lab part of `mission`, or why it has none.
pub fn lab_of(mission: &Mission) -> Result<&Arc<MissionLab>, MissionArgError> {
    mission.lab.as_ref().ok_or_else(|| {
        MissionArgError::Input(format!(
            "mission `{}` has no flow yet (its folder has a guide only)",
            mission.slug
        ))
    })
}
