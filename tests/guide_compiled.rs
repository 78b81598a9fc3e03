//! The browser app reads the guides pre-parsed by build.rs; they must equal a fresh parse.
#![cfg(not(target_arch = "wasm32"))]

use callback_lab::guide::MissionDoc;
use callback_lab::missions::compiled;
use callback_lab::missions::compiled_folders::{compiled_documents, slugs};

#[test]
fn build_time_documents_equal_a_fresh_parse() {
    let compiled_docs = compiled_documents().expect("build.rs wrote valid JSON");
    let folders: Vec<&str> = slugs().collect();
    assert_eq!(
        compiled_docs.len(),
        folders.len(),
        "one document per folder"
    );
    for mission in compiled().missions() {
        let (_, doc) = compiled_docs
            .iter()
            .find(|(slug, _)| slug == &mission.slug)
            .unwrap_or_else(|| panic!("{} missing from the compiled missions", mission.slug));
        assert_eq!(
            doc,
            &MissionDoc::parse(&mission.markdown),
            "{}",
            mission.slug
        );
        assert_eq!(doc, &*mission.document, "{}", mission.slug);
    }
}
