//! The mission folders `build.rs` compiled in (`OUT_DIR/missions.rs` and `missions.json`).

use crate::guide::MissionDoc;

use super::files::MissionFiles;

/// One folder as `build.rs` wrote it.
struct CompiledFolder {
    slug: &'static str,
    dir: &'static str,
    /// (path inside the folder, text); in the browser without `guide.md`.
    files: &'static [(&'static str, &'static str)],
}

const FOLDERS: &[CompiledFolder] = include!(concat!(env!("OUT_DIR"), "/missions.rs"));

/// The guides `build.rs` parsed, by slug.
pub fn compiled_documents() -> Result<Vec<(String, MissionDoc)>, serde_json::Error> {
    serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/missions.json")))
}

/// Every compiled folder; in the browser with the guide `build.rs` parsed (it has no Markdown).
pub fn folders() -> Vec<(MissionFiles, Option<MissionDoc>)> {
    #[cfg(target_arch = "wasm32")]
    let mut documents = compiled_documents().unwrap_or_default();
    FOLDERS
        .iter()
        .map(|folder| {
            let mut files = MissionFiles::new(folder.slug, folder.dir);
            for (name, text) in folder.files {
                files.insert(*name, *text);
            }
            #[cfg(target_arch = "wasm32")]
            let document = documents
                .iter()
                .position(|(slug, _)| slug == folder.slug)
                .map(|at| documents.swap_remove(at).1);
            #[cfg(not(target_arch = "wasm32"))]
            let document = None;
            (files, document)
        })
        .collect()
}

/// The slugs of the compiled folders, in `build.rs`'s order.
pub fn slugs() -> impl Iterator<Item = &'static str> {
    FOLDERS.iter().map(|f| f.slug)
}
