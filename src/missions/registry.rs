//! Every mission the companion knows, in one list: the compiled-in ones, plus (natively) folders
//! read at run time.

use std::sync::{Arc, OnceLock};

use crate::guide::MissionDoc;

use super::error::{MissionError, MissionErrorKind};
use super::files::MissionFiles;
use super::mission::Mission;

/// The missions, by number then slug, and the folders that could not be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Registry {
    missions: Vec<Arc<Mission>>,
    problems: Vec<MissionError>,
}

impl Registry {
    /// Reads every folder; a folder that does not read is left out and its problems kept.
    pub fn from_folders(
        folders: impl IntoIterator<Item = (MissionFiles, Option<MissionDoc>)>,
    ) -> Registry {
        let mut registry = Registry::default();
        for (files, document) in folders {
            match Mission::read_with(&files, document) {
                Ok(mission) => registry.add(mission),
                Err(mut errors) => registry.problems.append(&mut errors),
            }
        }
        registry
    }

    /// Adds `mission`; a slug the registry has already is a problem and the mission is left out.
    pub fn add(&mut self, mission: Mission) {
        if self.find(&mission.slug).is_some() {
            self.problems.push(
                MissionError::new(
                    MissionErrorKind::Duplicate,
                    mission.guide_path.clone(),
                    format!("another mission is named `{}`", mission.slug),
                )
                .with_hint("each mission folder needs its own name"),
            );
            return;
        }
        self.missions.push(Arc::new(mission));
        crate::stable_sort::sort_by(&mut self.missions, |a, b| {
            (a.number.is_none(), a.number, &a.slug).cmp(&(b.number.is_none(), b.number, &b.slug))
        });
    }

    /// This registry with `other`'s missions and problems added.
    pub fn merged(mut self, other: Registry) -> Registry {
        for mission in other.missions {
            self.add(Arc::unwrap_or_clone(mission));
        }
        self.problems.extend(other.problems);
        self
    }

    /// Every mission, by number (unnumbered last), then slug.
    pub fn missions(&self) -> &[Arc<Mission>] {
        &self.missions
    }

    /// Folders that could not be read.
    pub fn problems(&self) -> &[MissionError] {
        &self.problems
    }

    pub fn len(&self) -> usize {
        self.missions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.missions.is_empty()
    }

    /// The mission with this slug.
    pub fn find(&self, slug: &str) -> Option<&Arc<Mission>> {
        self.missions.iter().find(|m| m.slug == slug)
    }

    /// The mission named by `key`: its slug or its number (`4`).
    pub fn select(&self, key: &str) -> Option<&Arc<Mission>> {
        self.find(key)
            .or_else(|| self.missions.iter().find(|m| m.is_named(key)))
    }

    /// The mission shown when none is named: the first one.
    pub fn first(&self) -> Option<&Arc<Mission>> {
        self.missions.first()
    }

    /// How missions are named on the command line: `4 (preventing-callback-duplication), …`.
    pub fn names(&self) -> String {
        let names: Vec<String> = self
            .missions
            .iter()
            .map(|m| match m.number {
                Some(n) => format!("{n} ({})", m.slug),
                None => m.slug.clone(),
            })
            .collect();
        if names.is_empty() {
            "none".to_owned()
        } else {
            names.join(", ")
        }
    }

    /// Reads every mission folder in `root` (a folder of mission folders, or one mission folder).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn read_dir(root: &std::path::Path) -> Registry {
        use super::files::{disk, GUIDE_FILE};
        let mut registry = Registry::default();
        let unreadable = |e: std::io::Error| {
            MissionError::new(
                MissionErrorKind::Unreadable,
                root.display().to_string(),
                format!("cannot read the folder: {e}"),
            )
        };
        let folders: Vec<std::path::PathBuf> = if root.join(GUIDE_FILE).is_file() {
            vec![root.to_path_buf()]
        } else {
            match std::fs::read_dir(root) {
                Ok(entries) => {
                    let mut dirs: Vec<_> = entries
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| p.is_dir())
                        .collect();
                    crate::stable_sort::sort_by(&mut dirs, |a, b| a.cmp(b));
                    dirs
                }
                Err(e) => {
                    registry.problems.push(unreadable(e));
                    return registry;
                }
            }
        };
        for folder in folders {
            match disk::read_folder(&folder) {
                Ok(files) => match Mission::read(&files) {
                    Ok(mission) => registry.add(mission),
                    Err(mut errors) => registry.problems.append(&mut errors),
                },
                Err(error) => registry.problems.push(error),
            }
        }
        registry
    }
}

/// The missions compiled into this build (`build.rs` lists `content/missions/*/`), read once.
pub fn compiled() -> &'static Registry {
    static COMPILED: OnceLock<Registry> = OnceLock::new();
    COMPILED.get_or_init(|| Registry::from_folders(super::compiled_folders::folders()))
}
