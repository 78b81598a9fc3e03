//! A mission folder's files as text, whether compiled in (`build.rs`) or read from a folder at run
//! time (`flowlab --content DIR`, the tests' synthetic mission): the registry reads both the same way.

use std::collections::BTreeMap;

/// The one file every mission has.
pub const GUIDE_FILE: &str = "guide.md";
/// Largest file of a mission folder the companion reads.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;
/// Most files one mission folder may hold.
pub const MAX_FILES: usize = 500;

/// The files of one mission folder: path inside the folder (`samples/a.json`) → text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MissionFiles {
    /// The folder's name: the mission's slug.
    pub slug: String,
    /// The folder as shown in messages (`content/missions/<slug>`).
    pub dir: String,
    files: BTreeMap<String, String>,
}

impl MissionFiles {
    pub fn new(slug: impl Into<String>, dir: impl Into<String>) -> MissionFiles {
        MissionFiles {
            slug: slug.into(),
            dir: dir.into(),
            files: BTreeMap::new(),
        }
    }

    /// Adds a file (`name` relative to the folder, with `/`).
    pub fn with(mut self, name: impl Into<String>, text: impl Into<String>) -> MissionFiles {
        self.files.insert(name.into(), text.into());
        self
    }

    pub fn insert(&mut self, name: impl Into<String>, text: impl Into<String>) {
        self.files.insert(name.into(), text.into());
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.files.get(name).map(String::as_str)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// The path of `name` as messages show it.
    pub fn path_of(&self, name: &str) -> String {
        format!("{}/{name}", self.dir)
    }

    /// The files directly in `folder` whose name ends with `suffix`, by name (`("01-a.json", text)`).
    pub fn in_folder<'a>(
        &'a self,
        folder: &'a str,
        suffix: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.files.iter().filter_map(move |(name, text)| {
            let file = name.strip_prefix(folder)?.strip_prefix('/')?;
            (!file.contains('/') && file.ends_with(suffix)).then_some((file, text.as_str()))
        })
    }

    /// Every file name, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

/// Reading mission folders from the file system (the CLI and the tests; the browser has them compiled in).
#[cfg(not(target_arch = "wasm32"))]
pub mod disk {
    use std::path::Path;

    use super::super::error::{MissionError, MissionErrorKind};
    use super::*;

    /// How deep files are read below a mission folder (`samples/x.json` is depth 1).
    const MAX_DEPTH: usize = 2;

    /// Reads every file of the mission folder `dir` (its name is the slug).
    pub fn read_folder(dir: &Path) -> Result<MissionFiles, MissionError> {
        let shown = dir.display().to_string();
        let slug = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut files = MissionFiles::new(slug, shown.trim_end_matches('/'));
        read_into(dir, "", 0, &mut files)?;
        Ok(files)
    }

    fn read_into(
        dir: &Path,
        prefix: &str,
        depth: usize,
        files: &mut MissionFiles,
    ) -> Result<(), MissionError> {
        let unreadable = |e: std::io::Error| {
            MissionError::new(
                MissionErrorKind::Unreadable,
                dir.display().to_string(),
                format!("cannot read the folder: {e}"),
            )
        };
        let mut entries = std::fs::read_dir(dir)
            .map_err(unreadable)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect::<Vec<_>>();
        crate::stable_sort::sort_by(&mut entries, |a, b| a.cmp(b));
        for path in entries {
            let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
                continue;
            };
            if name.starts_with('.') {
                continue;
            }
            let relative = format!("{prefix}{name}");
            if path.is_dir() {
                if depth + 1 < MAX_DEPTH {
                    read_into(&path, &format!("{relative}/"), depth + 1, files)?;
                }
                continue;
            }
            if files.files.len() >= MAX_FILES {
                return Err(MissionError::new(
                    MissionErrorKind::TooLarge,
                    files.dir.clone(),
                    format!("more than {MAX_FILES} files; a mission folder holds a guide, a flow, samples and exercises"),
                ));
            }
            files.insert(relative, read_text(&path)?);
        }
        Ok(())
    }

    /// One file as UTF-8 text, at most [`MAX_FILE_BYTES`].
    pub fn read_text(path: &Path) -> Result<String, MissionError> {
        use std::io::Read;
        let shown = path.display().to_string();
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes))
            .map_err(|e| {
                MissionError::new(
                    MissionErrorKind::Unreadable,
                    &shown,
                    format!("cannot read: {e}"),
                )
            })?;
        if bytes.len() > MAX_FILE_BYTES {
            return Err(MissionError::new(
                MissionErrorKind::TooLarge,
                &shown,
                format!("larger than {} MB", MAX_FILE_BYTES / (1024 * 1024)),
            ));
        }
        String::from_utf8(bytes).map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            let before = &e.as_bytes()[..valid];
            let line = 1 + before.iter().filter(|b| **b == b'\n').count();
            let column = 1 + before.iter().rev().take_while(|b| **b != b'\n').count();
            MissionError::new(MissionErrorKind::NotUtf8, &shown, "the file is not UTF-8")
                .at(line, column)
                .with_hint("save it as UTF-8")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_in_a_folder_by_name() {
        let files = MissionFiles::new("m", "content/missions/m")
            .with("guide.md", "# M")
            .with("exercises/02-b.json", "b")
            .with("exercises/01-a.json", "a")
            .with("exercises/notes.txt", "x")
            .with("exercises/deeper/03.json", "c");
        let listed: Vec<_> = files.in_folder("exercises", ".json").collect();
        assert_eq!(listed, [("01-a.json", "a"), ("02-b.json", "b")]);
        assert_eq!(files.path_of("guide.md"), "content/missions/m/guide.md");
        assert_eq!(files.get("guide.md"), Some("# M"));
        assert!(!files.contains("flow.json"));
    }
}
