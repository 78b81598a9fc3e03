//! The app crate's modules are layers: a module may use the modules of lower layers only (never a
//! higher one, never one beside it), so the module graph has no cycle. The crates below the app
//! (`engine`, `flow`, `guide`, `stable_sort`) are kept in order by Cargo itself; this test reads
//! every `crate::…` path in `src/` (outside comments) against the list below.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// From the bottom. Modules in one row must not use each other either.
const LAYERS: &[&[&str]] = &[
    // The workspace crates, re-exported under their names.
    &["stable_sort", "notice"],
    &["engine", "guide"],
    &["flow"],
    // The missions: each one value read from its folder, in one registry.
    &["missions"],
    // The mission checker.
    &["flowcheck"],
    // What the lab and the simulator share: the flow that runs in the mission's roles, its
    // picture, the samples.
    &["flow_roles"],
    // The two models, side by side.
    &["lab", "sim"],
    // Everything kept in the browser: it knows the documents of the models below.
    &["storage"],
    &["backup"],
    // The front ends.
    &["cli", "ui"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|row| row.contains(&module))
}

/// The top-level module a source file belongs to (`src/lab/view.rs` → `lab`, `src/backup.rs` →
/// `backup`); `None` for the crate root and the binaries.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    match first {
        "lib.rs" | "main.rs" | "bin" => None,
        name => Some(name.trim_end_matches(".rs").to_string()),
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a line, without its `//` comment (a `//` inside a string literal ends the line
/// early too, which can only hide a path, never invent one).
fn code(line: &str) -> &str {
    line.find("//").map_or(line, |at| &line[..at])
}

/// The top-level modules a piece of code names after `crate::`, braces included
/// (`crate::{lab::X, sim}` names `lab` and `sim`).
fn named_modules(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        // `callback_crate::` or `my_crate::` are other paths.
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut start = 0;
            let mut top = Vec::new();
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            top.push(&group[start..i]);
                            break;
                        }
                    }
                    ',' if depth == 1 => {
                        top.push(&group[start..i]);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            found.extend(top.iter().filter_map(|item| first_ident(item.trim())));
        } else if let Some(name) = first_ident(rest) {
            found.push(name);
        }
    }
    found
}

fn first_ident(text: &str) -> Option<String> {
    let name: String = text
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty() && name != "self").then_some(name)
}

#[test]
fn no_module_uses_a_module_of_its_own_or_a_higher_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 50, "found only {} files", files.len());
    let mut wrong = BTreeSet::new();
    let mut seen = BTreeSet::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        let Some(own) = layer_of(&module) else {
            panic!("module `{module}` ({}) is not in LAYERS", file.display());
        };
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            for used in named_modules(code(line)) {
                if used == module {
                    continue;
                }
                seen.insert((module.clone(), used.clone()));
                match layer_of(&used) {
                    Some(layer) if layer < own => {}
                    Some(_) => {
                        wrong.insert(format!(
                            "{}:{}: `{module}` uses `{used}`, which is not below it",
                            file.strip_prefix(&src).unwrap().display(),
                            n + 1
                        ));
                    }
                    None => panic!(
                        "{}:{}: `crate::{used}` is not a module in LAYERS",
                        file.display(),
                        n + 1
                    ),
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "arrows against the layers:\n{}",
        wrong.into_iter().collect::<Vec<_>>().join("\n")
    );
    // The reader works: it sees the arrows that are known to exist.
    for arrow in [
        ("lab", "flow_roles"),
        ("sim", "flow_roles"),
        ("flow_roles", "missions"),
        ("storage", "lab"),
        ("ui", "storage"),
    ] {
        let arrow = (arrow.0.to_string(), arrow.1.to_string());
        assert!(seen.contains(&arrow), "no arrow {arrow:?} seen");
    }
}

#[test]
fn the_reader_finds_plain_and_grouped_paths_and_skips_comments() {
    assert_eq!(named_modules("use crate::lab::LabState;"), ["lab"]);
    assert_eq!(
        named_modules("use crate::{lab::{self, X}, sim, self};"),
        ["lab", "sim"]
    );
    assert_eq!(
        named_modules("let x = crate::storage::load(); crate::ui::y"),
        ["storage", "ui"]
    );
    assert!(named_modules(code("// crate::ui")).is_empty());
    assert!(named_modules("callback_crate::ui").is_empty());
}
