//! Parses the mission Markdown at build time, so the browser app embeds the documents as JSON and does
//! not ship the Markdown parser (see `document_of` in `src/guide/catalogue.rs`). The parser is the
//! `guide` crate (a build-dependency as well as a dependency). Every `.md` file of `content/missions`
//! is parsed: a test checks that they are exactly the catalogue's `MISSIONS`.

use std::{env, fs, path::Path};

const MISSIONS_DIR: &str = "content/missions";

fn main() {
    println!("cargo:rerun-if-changed=crates/guide");
    println!("cargo:rerun-if-changed={MISSIONS_DIR}");
    println!("cargo::rustc-cfg=compiled_missions");
    let docs = match mission_documents() {
        Ok(docs) => docs,
        Err(e) => fail(&format!("could not read {MISSIONS_DIR}: {e}")),
    };
    let json = match serde_json::to_string(&docs) {
        Ok(json) => json,
        Err(e) => fail(&format!("could not serialise the missions: {e}")),
    };
    let Some(out_dir) = env::var_os("OUT_DIR") else {
        fail("OUT_DIR is not set");
    };
    if let Err(e) = fs::write(Path::new(&out_dir).join("missions.json"), json) {
        fail(&format!("could not write missions.json: {e}"));
    }
}

/// `(path from the repository root, document)` for every mission file, by path.
fn mission_documents() -> std::io::Result<Vec<(String, guide::MissionDoc)>> {
    let mut docs = Vec::new();
    for entry in fs::read_dir(MISSIONS_DIR)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") {
            let path = format!("{MISSIONS_DIR}/{name}");
            let markdown = fs::read_to_string(&path)?;
            docs.push((path, guide::MissionDoc::parse(&markdown)));
        }
    }
    // Runs on the build machine: the standard sort does not reach the wasm.
    #[allow(clippy::disallowed_methods)]
    docs.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(docs)
}

fn fail(message: &str) -> ! {
    println!("cargo:warning={message}");
    std::process::exit(1);
}
