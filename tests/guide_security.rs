//! Content never becomes markup: hostile Markdown yields text, and no input panics or takes long.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{Duration, Instant};

use callback_lab::guide::outline::outline;
use callback_lab::guide::{
    all_inlines, parse_mission, Block, DiagnosticKind, HrefKind, Inline, MissionDoc, SafeHref,
};
use proptest::prelude::*;

/// Every inline node, depth first.
fn inlines(doc: &MissionDoc) -> Vec<Inline> {
    all_inlines(&doc.blocks).into_iter().cloned().collect()
}

fn only_text(markdown: &str) -> String {
    let doc = parse_mission(markdown).doc;
    let all = inlines(&doc);
    let mut text = String::new();
    for inline in &all {
        match inline {
            Inline::Text(t) => text.push_str(t),
            other => panic!("{markdown:?} produced {other:?}"),
        }
    }
    text
}

#[test]
fn script_is_text() {
    assert_eq!(
        only_text("<script>alert(1)</script>"),
        "<script>alert(1)</script>"
    );
    assert_eq!(
        only_text("Hi <script>alert(1)</script> there"),
        "Hi <script>alert(1)</script> there"
    );
}

#[test]
fn images_carry_no_attributes_but_their_path() {
    // An HTML image is a placeholder like a Markdown one: only its path and alt survive.
    for markdown in [
        "<img src=x onerror=alert(1)>",
        "a <img src=x onerror=alert(1)> b",
    ] {
        let doc = parse_mission(markdown).doc;
        let images: Vec<Inline> = inlines(&doc)
            .into_iter()
            .filter(|i| matches!(i, Inline::Image(_)))
            .collect();
        assert!(
            matches!(images.as_slice(), [Inline::Image(image)] if image.path == "x"),
            "{images:?}"
        );
        let json = serde_json::to_string(&doc).unwrap_or_default();
        assert!(!json.contains("onerror"), "{json}");
    }
    assert_eq!(
        only_text("<svg onload=alert(1)><a href=\"javascript:alert(1)\">x</a></svg>"),
        "<svg onload=alert(1)><a href=\"javascript:alert(1)\">x</a></svg>"
    );
}

#[test]
fn javascript_links_are_text() {
    for markdown in [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](<java\tscript:alert(1)>)",
        "[x](data:text/html,<script>alert(1)</script>)",
        "[x](vbscript:msgbox)",
        "[x]\n\n[x]: javascript:alert(1)",
        "<javascript:alert(1)>",
    ] {
        let text = only_text(markdown);
        assert!(!text.is_empty(), "{markdown:?}");
    }
}

#[test]
fn spans_carry_no_attributes_but_their_values() {
    let doc = parse_mission(
        "<span class=\"copy-static\" data-copy-text=\"x\" onclick=\"alert(1)\" style=\"x\"><span class=\"copy\" onmouseover=\"alert(1)\"></span></span>",
    )
    .doc;
    let json = serde_json::to_string(&doc).unwrap_or_default();
    assert!(
        !json.contains("onclick") && !json.contains("onmouseover"),
        "{json}"
    );
    assert!(matches!(inlines(&doc).as_slice(), [Inline::CopyStatic(c)] if c.text == "x"));
}

#[test]
fn html_blocks_and_comments() {
    assert_eq!(only_text("<!-- hidden -->\n\ntext"), "text");
    // Embedded media are placeholders like images: the path shown as text, never loaded.
    let doc =
        parse_mission("<iframe src=\"https://evil.example\" onload=\"alert(1)\"></iframe>").doc;
    assert!(
        matches!(inlines(&doc).as_slice(), [Inline::Image(i)] if i.path == "https://evil.example"),
        "{doc:?}"
    );
    let json = serde_json::to_string(&doc).unwrap_or_default();
    assert!(!json.contains("onload"), "{json}");
    assert_eq!(
        only_text("<style>body{display:none}</style>"),
        "<style>body{display:none}</style>"
    );
}

#[test]
fn deep_nesting_is_flattened_quickly() {
    let inputs = [
        ">".repeat(20_000) + " x",
        "*".repeat(20_000) + "x" + &"*".repeat(20_000),
        "[".repeat(20_000) + "x" + &"](y)".repeat(20_000),
        "<span class=\"copy-static\">".repeat(20_000),
        "</span>".repeat(20_000),
        (0..2_000)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect(),
        (0..200)
            .map(|i| format!("{}!!! note\n\n", "    ".repeat(i)))
            .collect(),
        "!!! note\n    ".repeat(5_000),
        "<".repeat(50_000),
        "{:".repeat(20_000),
        "Your_Attendee_ID".repeat(10_000),
        "<details>".repeat(20_000),
        "**<details><summary>x</summary>**\n\n".repeat(5_000),
        "</details>\n\n".repeat(20_000),
        "=== \"t\"\n    ".repeat(5_000),
        "???+ note\n    ".repeat(5_000),
        "[^1]".repeat(20_000) + "\n\n[^1]: x",
        "==".repeat(20_000) + &"^^".repeat(20_000),
        "++".repeat(20_000),
        ":material-x:".repeat(20_000),
        "<div markdown>\n".repeat(5_000),
        "| a | b |\n|---|---|\n".repeat(5_000),
        (0..5_000).map(|i| format!("{}. step\n\n", i % 7)).collect(),
    ];
    for input in &inputs {
        let start = Instant::now();
        let parsed = parse_mission(input);
        let _ = serde_json::to_string(&parsed);
        assert!(start.elapsed() < Duration::from_secs(5), "{:.40}", input);
    }
}

#[test]
fn a_huge_mission_parses_in_seconds_with_positioned_diagnostics() {
    let page = include_str!("../content/missions/preventing-callback-duplication/guide.md");
    let part = format!(
        "{page}\n\n<details><summary>x</summary>\n\nraw\n\n</details>\n\n<span style=\"color: red\">y</span>\n\n"
    );
    // About 4 MB: the seed 300 times, each with a raw block and a styled span, and one unclosed
    // `<details>` at the end that takes in nothing.
    let huge = part.repeat(300) + "<details>\n";
    let start = Instant::now();
    let parsed = parse_mission(&huge);
    let elapsed = start.elapsed();
    assert!(elapsed < Duration::from_secs(30), "{elapsed:?}");
    assert_eq!(parsed.doc.step_count(), 18 * 300);
    let lines = huge.lines().count() + 1;
    assert!(parsed
        .diagnostics
        .iter()
        .all(|d| d.line >= 1 && d.line <= lines && d.column >= 1));
    let unclosed: Vec<usize> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagnosticKind::UnterminatedTag)
        .map(|d| d.line)
        .collect();
    assert_eq!(unclosed, [lines - 1]);
}

fn check_invariants(markdown: &str) {
    let parsed = parse_mission(markdown);
    let doc = &parsed.doc;
    // Positions are in the file.
    let lines = markdown.split('\n').count();
    for d in &parsed.diagnostics {
        assert!(d.line >= 1 && d.line <= lines && d.column >= 1, "{d:?}");
    }
    // The browser reads the document back from JSON (embedded at build time).
    let json = serde_json::to_string(doc).unwrap_or_default();
    let back: Result<MissionDoc, _> = serde_json::from_str(&json);
    match back {
        Ok(back) => assert_eq!(&back, doc),
        Err(error) => panic!("the document does not read back from JSON: {error}"),
    }
    let _ = outline(doc);
    for block in &doc.blocks {
        if let Block::Tabs(tabs) = block {
            assert!(tabs.tabs.is_empty() || tabs.selected < tabs.tabs.len());
        }
    }
    for inline in inlines(doc) {
        match inline {
            Inline::Link(link) => {
                let again = SafeHref::parse(link.href.as_str());
                assert!(again.is_ok(), "{:?}", link.href);
                assert!(matches!(
                    link.href.kind(),
                    HrefKind::Web | HrefKind::Mail | HrefKind::Anchor | HrefKind::Relative
                ));
            }
            // Numbered from 1 (the note itself may be swallowed by broken HTML).
            Inline::FootnoteRef(reference) => {
                assert!(
                    reference.number >= 1 && !reference.anchor.is_empty(),
                    "{reference:?}"
                )
            }
            _ => {}
        }
    }
    let mut anchors: Vec<&str> = doc
        .headings
        .iter()
        .map(|h| h.id.as_str())
        .chain(doc.steps.iter().map(|s| s.id.as_str()))
        .collect();
    let count = anchors.len();
    anchors.sort_unstable();
    anchors.dedup();
    assert_eq!(anchors.len(), count, "anchors are not unique");
    let _ = doc.copy_targets(None);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: support::cases(256), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(markdown in any::<String>()) {
        let start = Instant::now();
        check_invariants(&markdown);
        prop_assert!(start.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn markdown_shaped_input_never_panics(
        parts in prop::collection::vec(
            prop_oneof![
                Just("\n".to_owned()),
                Just("\n\n".to_owned()),
                Just("    ".to_owned()),
                Just("> ".to_owned()),
                Just("1. ".to_owned()),
                Just("4. ".to_owned()),
                Just("- ".to_owned()),
                Just("## Build\n".to_owned()),
                Just("## Testing\n".to_owned()),
                Just("# T {#build-1}\n".to_owned()),
                Just("!!! Note\n".to_owned()),
                Just("???+ tip \"t\"\n".to_owned()),
                Just("```JSON\n".to_owned()),
                Just("```".to_owned()),
                Just("**".to_owned()),
                Just("`".to_owned()),
                Just("[a](".to_owned()),
                Just("](#build-1)".to_owned()),
                Just("){:target=\"_blank\"}".to_owned()),
                Just("![i](../x.gif)".to_owned()),
                Just("</br>".to_owned()),
                Just("<span class=\"attendee-id-container\">".to_owned()),
                Just("<span class=\"attendee-id-placeholder\" data-prefix=\"P_\">".to_owned()),
                Just("<span class=\"copy-static\" data-copy-text=\"x\">".to_owned()),
                Just("<span class=\"copy\">".to_owned()),
                Just("</span>".to_owned()),
                Just("<p style=\"text-align:center\">".to_owned()),
                Just("</p>".to_owned()),
                Just("<script>".to_owned()),
                Just("| a | b |\n|---|---|\n| c | d |\n".to_owned()),
                Just("---\n".to_owned()),
                Just("Your_Attendee_ID".to_owned()),
                "[a-z ]{0,8}".prop_map(|s| s),
                any::<char>().prop_map(|c| c.to_string()),
            ],
            0..80,
        )
    ) {
        let markdown: String = parts.concat();
        let start = Instant::now();
        check_invariants(&markdown);
        prop_assert!(start.elapsed() < Duration::from_secs(2));
    }

    /// The constructs of the lab's MkDocs extensions, mixed with the lab's HTML and nesting.
    #[test]
    fn mkdocs_shaped_input_never_panics(
        parts in prop::collection::vec(
            prop_oneof![
                Just("\n".to_owned()),
                Just("\n\n".to_owned()),
                Just("    ".to_owned()),
                Just("> ".to_owned()),
                Just("1. ".to_owned()),
                Just("8. ".to_owned()),
                Just("- ".to_owned()),
                Just("## Build\n".to_owned()),
                Just("### Part 2\n".to_owned()),
                Just("<details>".to_owned()),
                Just("<details open markdown>\n".to_owned()),
                Just("**<details><summary>".to_owned()),
                Just("<summary>".to_owned()),
                Just("</summary>**".to_owned()),
                Just("</details>".to_owned()),
                Just("## </details>\n".to_owned()),
                Just("??? note \"t\"\n".to_owned()),
                Just("???+ tip\n".to_owned()),
                Just("!!! warning inline end \"x\"\n".to_owned()),
                Just("=== \"Tab\"\n".to_owned()),
                Just("===+ \"B\"\n".to_owned()),
                Just("===! \"C\"\n".to_owned()),
                Just("[^1]".to_owned()),
                Just("[^1]: note\n".to_owned()),
                Just("[^x]: ".to_owned()),
                Just(":tada:".to_owned()),
                Just(":material-check:".to_owned()),
                Just(":material-nope:".to_owned()),
                Just("==".to_owned()),
                Just("^^".to_owned()),
                Just("~~".to_owned()),
                Just("~".to_owned()),
                Just("^".to_owned()),
                Just("_".to_owned()),
                Just("++ctrl+alt+del++".to_owned()),
                Just("++".to_owned()),
                Just("{: .x #y width=\"3\" }".to_owned()),
                Just("{:target=\"\\_blank\"}".to_owned()),
                Just("{{ x }}".to_owned()),
                Just("| a | `b|c` |\n|:-|-:|\n".to_owned()),
                Just("*[API]: Application\n".to_owned()),
                Just("Term\n:   Definition\n".to_owned()),
                Just("<div markdown>\n".to_owned()),
                Just("<div markdown=\"span\">".to_owned()),
                Just("</div>\n".to_owned()),
                Just("<span style=\"color: red;\">".to_owned()),
                Just("<span class=\"attendee-id-container\">".to_owned()),
                Just("<span class=\"attendee-id-placeholder\" data-prefix=\"P_\">".to_owned()),
                Just("<span class=\"copy-static\" data-copy-text=\"x\">".to_owned()),
                Just("<span class=\"copy\">".to_owned()),
                Just("</span>".to_owned()),
                Just("<p align=\"center\">".to_owned()),
                Just("<img src=\"x.gif\" width=\"9\">".to_owned()),
                Just("<br>".to_owned()),
                Just("</br>".to_owned()),
                Just("<b>".to_owned()),
                Just("</b>".to_owned()),
                Just("<!-- c -->".to_owned()),
                Just("<!--".to_owned()),
                Just("```json\n".to_owned()),
                Just("```\n".to_owned()),
                Just("![i](../x.gif){ width=\"300\" }".to_owned()),
                Just("[a](#build-1)".to_owned()),
                Just("---\n".to_owned()),
                Just("===\n".to_owned()),
                Just("Your_Attendee_ID".to_owned()),
                Just("\t".to_owned()),
                Just("\r\n".to_owned()),
                "[a-z ]{0,8}".prop_map(|s| s),
                any::<char>().prop_map(|c| c.to_string()),
            ],
            0..120,
        )
    ) {
        let markdown: String = parts.concat();
        let start = Instant::now();
        check_invariants(&markdown);
        prop_assert!(start.elapsed() < Duration::from_secs(2));
    }
}
