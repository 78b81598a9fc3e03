//! Parses the mission Markdown at build time, so the browser app embeds the documents as JSON and does
//! not ship the Markdown parser (see `guide::catalogue::document_of`). The parser is the crate's own
//! `src/guide` module, compiled here for the host.

#[allow(dead_code, unused_imports)]
#[path = "src/guide/mod.rs"]
mod guide;
// Used by src/guide (`crate::stable_sort`), so compiled here too.
#[allow(dead_code)]
#[path = "src/stable_sort.rs"]
mod stable_sort;

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=src/guide");
    println!("cargo:rerun-if-changed=src/stable_sort.rs");
    println!("cargo:rerun-if-changed=content/missions");
    println!("cargo::rustc-cfg=compiled_missions");
    let docs: Vec<(&str, guide::MissionDoc)> = guide::MISSIONS
        .iter()
        .map(|source| (source.path, guide::MissionDoc::parse(source.markdown)))
        .collect();
    let json = match serde_json::to_string(&docs) {
        Ok(json) => json,
        Err(e) => {
            println!("cargo:warning=could not serialise the missions: {e}");
            std::process::exit(1);
        }
    };
    let Some(out_dir) = env::var_os("OUT_DIR") else {
        println!("cargo:warning=OUT_DIR is not set");
        std::process::exit(1);
    };
    if let Err(e) = fs::write(Path::new(&out_dir).join("missions.json"), json) {
        println!("cargo:warning=could not write missions.json: {e}");
        std::process::exit(1);
    }
}
