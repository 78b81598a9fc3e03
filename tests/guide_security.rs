//! Content never becomes markup: hostile Markdown yields text, and no input panics or takes long.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{Duration, Instant};

use callback_lab::guide::{all_inlines, parse_mission, HrefKind, Inline, MissionDoc, SafeHref};
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
    assert_eq!(
        only_text("<iframe src=\"https://evil.example\"></iframe>"),
        "<iframe src=\"https://evil.example\"></iframe>"
    );
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
    ];
    for input in &inputs {
        let start = Instant::now();
        let parsed = parse_mission(input);
        let _ = serde_json::to_string(&parsed);
        assert!(start.elapsed() < Duration::from_secs(5), "{:.40}", input);
    }
}

fn check_invariants(markdown: &str) {
    let parsed = parse_mission(markdown);
    let doc = &parsed.doc;
    for inline in inlines(doc) {
        if let Inline::Link(link) = inline {
            let again = SafeHref::parse(link.href.as_str());
            assert!(again.is_ok(), "{:?}", link.href);
            assert!(matches!(
                link.href.kind(),
                HrefKind::Web | HrefKind::Mail | HrefKind::Anchor | HrefKind::Relative
            ));
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
}
