//! The browser app reads missions pre-parsed by build.rs; they must equal a fresh parse.
#![cfg(not(target_arch = "wasm32"))]

use callback_lab::guide::catalogue::compiled_documents;
use callback_lab::guide::{MissionDoc, MISSIONS};

#[test]
fn build_time_documents_equal_a_fresh_parse() {
    let compiled = compiled_documents().expect("build.rs wrote valid JSON");
    assert_eq!(compiled.len(), MISSIONS.len());
    for source in MISSIONS {
        let (_, doc) = compiled
            .iter()
            .find(|(path, _)| path == source.path)
            .unwrap_or_else(|| panic!("{} missing from the compiled missions", source.path));
        assert_eq!(doc, &MissionDoc::parse(source.markdown), "{}", source.path);
        assert!(doc.step_count() > 0, "{} has steps", source.path);
    }
}
