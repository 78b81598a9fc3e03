//! Compiles the missions in: every folder of `content/missions/` is one mission (see
//! `src/missions/mod.rs`). Writes two files to `OUT_DIR`:
//! - `missions.rs`: each folder's files as `include_str!`s, read by `src/missions/compiled_folders.rs`
//!   into the registry; for the browser (`wasm32`) without the guide's Markdown;
//! - `missions.json`: each guide parsed with the `guide` crate (a build-dependency as well as a
//!   dependency), so the browser app embeds the documents and does not ship the Markdown parser.
//!
//! A folder that does not read as a mission is not a build error here: the registry reports it and
//! a test fails (`tests/missions_registry.rs`), with the file and line.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

const MISSIONS_DIR: &str = "content/missions";
/// The guide file of a mission folder (as `src/missions/files.rs` says).
const GUIDE_FILE: &str = "guide.md";
/// How deep files are read below a mission folder (as `src/missions/files.rs` reads them).
const MAX_DEPTH: usize = 2;

fn main() {
    println!("cargo:rerun-if-changed=crates/guide");
    println!("cargo:rerun-if-changed={MISSIONS_DIR}");
    let browser = env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    let Some(out_dir) = env::var_os("OUT_DIR").map(PathBuf::from) else {
        fail("OUT_DIR is not set");
    };
    let root = match env::var_os("CARGO_MANIFEST_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => fail("CARGO_MANIFEST_DIR is not set"),
    };
    let folders = match mission_folders(&root.join(MISSIONS_DIR)) {
        Ok(folders) => folders,
        Err(e) => fail(&format!("could not read {MISSIONS_DIR}: {e}")),
    };
    let mut code = String::from("&[\n");
    let mut docs = Vec::new();
    for folder in &folders {
        let (slug, files) = match folder_files(folder) {
            Ok(found) => found,
            Err(e) => fail(&format!("could not read {}: {e}", folder.display())),
        };
        let _ = writeln!(
            code,
            "    CompiledFolder {{ slug: {slug:?}, dir: {:?}, files: &[",
            format!("{MISSIONS_DIR}/{slug}")
        );
        for (name, path) in &files {
            if name == GUIDE_FILE {
                match fs::read_to_string(path) {
                    Ok(markdown) => docs.push((slug.clone(), guide::MissionDoc::parse(&markdown))),
                    Err(e) => fail(&format!("could not read {}: {e}", path.display())),
                }
                if browser {
                    continue;
                }
            }
            let _ = writeln!(
                code,
                "        ({name:?}, include_str!({:?})),",
                path.display().to_string()
            );
        }
        code.push_str("    ] },\n");
    }
    code.push(']');
    let json = match serde_json::to_string(&docs) {
        Ok(json) => json,
        Err(e) => fail(&format!("could not serialise the missions: {e}")),
    };
    for (name, text) in [("missions.rs", code), ("missions.json", json)] {
        if let Err(e) = fs::write(out_dir.join(name), text) {
            fail(&format!("could not write {name}: {e}"));
        }
    }
}

/// The mission folders, by name.
fn mission_folders(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut folders = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() && !hidden(&path) {
            folders.push(path);
        }
    }
    // Runs on the build machine: the standard sort does not reach the wasm.
    #[allow(clippy::disallowed_methods)]
    folders.sort();
    Ok(folders)
}

/// The folder's name and its files: (path inside the folder with `/`, path on disk), by name.
fn folder_files(folder: &Path) -> std::io::Result<(String, Vec<(String, PathBuf)>)> {
    let slug = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut files = Vec::new();
    collect(folder, "", 0, &mut files)?;
    #[allow(clippy::disallowed_methods)]
    files.sort();
    Ok((slug, files))
}

fn collect(
    dir: &Path,
    prefix: &str,
    depth: usize,
    files: &mut Vec<(String, PathBuf)>,
) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if hidden(&path) {
            continue;
        }
        let name = format!(
            "{prefix}{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        if path.is_dir() {
            if depth + 1 < MAX_DEPTH {
                collect(&path, &format!("{name}/"), depth + 1, files)?;
            }
        } else {
            files.push((name, path));
        }
    }
    Ok(())
}

fn hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

fn fail(message: &str) -> ! {
    println!("cargo:warning={message}");
    std::process::exit(1);
}
