//! The guide renders the lab's Markdown as the lab's MkDocs renders it: one fixture per construct in
//! `tests/mkdocs/` (written for this project), each with the outline MkDocs gives it
//! (`NAME.outline`, checked against the real Python-Markdown and a browser's HTML rules by
//! `scripts/mkdocs-oracle.py`) and what `flowlab check` says about it.
#![cfg(not(target_arch = "wasm32"))]

use callback_lab::guide::outline::outline;
use callback_lab::guide::{parse_mission, DiagnosticKind, Severity};

use DiagnosticKind::*;

/// `(name, Markdown, expected outline, expected diagnostics as line:column and kind)`.
type Fixture = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, DiagnosticKind)],
);

macro_rules! fixture {
    ($name:literal, [$($at:literal => $kind:ident),* $(,)?]) => {
        (
            $name,
            include_str!(concat!("mkdocs/", $name, ".md")),
            include_str!(concat!("mkdocs/", $name, ".outline")),
            &[$(($at, $kind)),*],
        )
    };
}

const FIXTURES: &[Fixture] = &[
    fixture!("admonitions", []),
    fixture!("attr_list", ["3:1" => AttributeDropped, "7:1" => ImageNotShipped, "9:1" => AttributeDropped]),
    fixture!("blockquotes", []),
    fixture!("code", []),
    fixture!("collapsible", []),
    fixture!("definitions", []),
    fixture!("details", ["3:1" => MarkdownInHtml, "9:3" => RepairedNesting, "9:41" => StyledSpan]),
    fixture!("emoji", ["3:66" => UnknownEmoji]),
    fixture!("footnotes", []),
    fixture!("headings", ["13:4" => StrayClosingTag]),
    fixture!("html_media_and_lists", [
        "10:1" => ImageNotShipped,
        "12:1" => ImageNotShipped,
        "14:20" => ImageNotShipped,
    ]),
    fixture!("images", [
        "3:1" => ImageNotShipped,
        "5:8" => ImageNotShipped,
        "7:1" => ImageNotShipped,
        "9:1" => ImageNotShipped,
    ]),
    fixture!("inline_extensions", []),
    fixture!("lists", ["7:1" => TypedNumber, "11:1" => TypedNumber, "16:1" => TypedNumber]),
    fixture!("md_in_html", ["9:1" => MarkdownInHtml]),
    fixture!("metadata", []),
    fixture!("raw_html", []),
    fixture!("setext_and_rules", ["5:5" => ImageNotShipped, "5:5" => RuleBecameHeading]),
    fixture!("spans", [
        "3:3" => StyledSpan,
        "3:51" => UnknownSpanClass,
        "5:3" => StyledSpan,
        "7:24" => RepairedNesting,
        "9:15" => StrayClosingTag,
    ]),
    fixture!("steps", ["22:1" => TypedNumber]),
    fixture!("tables", []),
    fixture!("tabs", []),
];

#[test]
fn every_fixture_renders_as_mkdocs_renders_it() {
    let mut failed = Vec::new();
    for (name, markdown, expected, _) in FIXTURES {
        let got = outline(&parse_mission(markdown).doc);
        if got != *expected {
            failed.push(format!("{name}:\n--- expected\n{expected}--- got\n{got}"));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn every_fixture_gets_the_diagnostics_it_should() {
    for (name, markdown, _, expected) in FIXTURES {
        let parsed = parse_mission(markdown);
        let got: Vec<(String, DiagnosticKind)> = parsed
            .diagnostics
            .iter()
            .map(|d| (format!("{}:{}", d.line, d.column), d.kind))
            .collect();
        let expected: Vec<(String, DiagnosticKind)> = expected
            .iter()
            .map(|(at, kind)| ((*at).to_owned(), *kind))
            .collect();
        assert_eq!(got, expected, "{name}: {:#?}", parsed.diagnostics);
        // Valid MkDocs pages: nothing in them breaks the page.
        assert!(
            parsed
                .diagnostics
                .iter()
                .all(|d| d.severity() == Severity::Warning),
            "{name}"
        );
    }
}

#[test]
fn every_fixture_file_is_listed() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/mkdocs");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter_map(|n| n.strip_suffix(".md").map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let listed: Vec<String> = FIXTURES.iter().map(|f| f.0.to_owned()).collect();
    assert_eq!(names, listed);
}

#[test]
fn steps_that_restart_under_a_sub_heading_keep_distinct_ids() {
    let doc = parse_mission(include_str!("mkdocs/steps.md")).doc;
    let steps: Vec<(&str, u64)> = doc
        .steps
        .iter()
        .map(|s| (s.id.as_str(), s.number))
        .collect();
    assert_eq!(
        steps,
        [
            ("build-1", 1),
            ("build-2", 2),
            // Part 2 restarts at 1: not a duplicate, its own ids.
            ("build-2-1", 1),
            ("build-2-2", 2),
            ("testing-1", 1),
            ("testing-2", 2),
            // Typed 2 again: shown as 3, its id from the part.
            ("testing-1-2", 3),
        ]
    );
    let mut ids: Vec<&str> = doc.steps.iter().map(|s| s.id.as_str()).collect();
    ids.extend(doc.headings.iter().map(|h| h.id.as_str()));
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "anchors are not unique");
}

#[test]
fn positions_point_at_the_construct() {
    // A styled span deep in a list item inside a quote: the column of the `<span`.
    let markdown = "1. Step\n\n    > Name: **x** <span style=\"color: red\">y</span>\n";
    let parsed = parse_mission(markdown);
    let styled: Vec<(usize, usize)> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.kind == StyledSpan)
        .map(|d| (d.line, d.column))
        .collect();
    assert_eq!(styled, [(3, 19)]);
}

#[test]
fn broken_pages_are_errors() {
    for (markdown, kind, position) in [
        // Swallows the rest of the page: in MkDocs as raw HTML, in the browser into the box.
        ("# T\n\n<details><summary>S</summary>\n\n1. a\n\n## Next\n", UnterminatedTag, (3, 1)),
        ("# T\n\n**<details><summary>S</summary>**\n\ntext\n", UnterminatedTag, (3, 3)),
        (
            "Copy <span class=\"copy-static\"><span class=\"copy\"></span></span>\n",
            EmptyCopyPayload,
            (1, 6),
        ),
        (
            "<span class=\"attendee-id-container\">Main_<span class=\"attendee-id-placeholder\">Your_Attendee_ID</span></span>\n",
            MissingAffix,
            (1, 42),
        ),
    ] {
        let parsed = parse_mission(markdown);
        let found = parsed
            .diagnostics
            .iter()
            .find(|d| d.kind == kind)
            .map(|d| (d.line, d.column, d.severity()));
        assert_eq!(
            found,
            Some((position.0, position.1, Severity::Error)),
            "{markdown:?}: {:#?}",
            parsed.diagnostics
        );
    }
}
