//! The seed mission (Mission 4) rendered into the guide's model: every copy payload, steps, anchors,
//! admonitions, links, images and the closing paragraph.
#![cfg(not(target_arch = "wasm32"))]

use callback_lab::guide::{
    parse_mission, plain_text, AdmonitionKind, AttendeeId, Block, CopyKind, DiagnosticKind, Inline,
    MissionDoc, MissionProgress, ParsedMission, Severity, TextAlign,
};

const SEED: &str = include_str!("../content/missions/preventing-callback-duplication/guide.md");

fn seed() -> ParsedMission {
    parse_mission(SEED)
}

fn id(text: &str) -> AttendeeId {
    match AttendeeId::parse(text) {
        Ok(id) => id,
        Err(error) => panic!("{text}: {error}"),
    }
}

const GRAPHQL: &str =
    "query callbackSearch($from: Long!, $to: Long!, $filter: TaskDetailsFilters) {
taskDetails(from: $from, to: $to, filter: $filter) {
  tasks {
    callbackData {
      callbackRequestTime
      callbackConnectTime
      callbackNumber
      callbackStatus
      callbackOrigin
      callbackType
    }
    lastEntryPoint {
      id
      name
      }
    }
  }
}";

const VARIABLES: &str = r#"{
  "from": "{{now() | epoch(inMillis=true) - 15000000}}",
  "to": "{{now() | epoch(inMillis=true)}}",
  "filter": {
    "and": [
      {
        "callbackData": {
          "equals": {
            "callbackNumber": "{{NewNumber.DigitsEntered}}"
          }
        }
      },
      {
        "lastEntryPoint": {
          "id": {
            "equals": "{{NewPhoneContact.EntryPointId}}"
          }
        }
      }
    ]
  }
}"#;

const EXPRESSION: &str = r#"{{ callbackConnectTime == "-1" ? (callbackStatus == "Not Processed" ? (HTTPRequest_CallBackSearch.httpStatusCode == 200 ? "true" : "false") : "false") : "false" }}"#;

const TTS: &str = "The callback for provided number has been scheduled already. Please await for a callback once next agent becomes available. Thank you for your patience.";

/// Every copy payload of the seed in document order: (kind, step, text with ID 123, text without ID).
fn expected_payloads() -> Vec<(CopyKind, Option<&'static str>, String, String)> {
    use CopyKind::*;
    let fixed = |kind, step, text: &str| (kind, step, text.to_owned(), text.to_owned());
    vec![
        (
            AttendeeValue,
            None,
            "Main_Flow_123".into(),
            "Main_Flow_Your_Attendee_ID".into(),
        ),
        (
            AttendeeValue,
            Some("build-1"),
            "Main_Flow_123".into(),
            "Main_Flow_Your_Attendee_ID".into(),
        ),
        fixed(CopyStatic, Some("build-2"), "callbackStatus"),
        fixed(CopyStatic, Some("build-2"), "callbackConnectTime"),
        fixed(CopyStatic, Some("build-2"), "searchresult"),
        fixed(CopyStatic, Some("build-3"), "HTTPRequest_CallBackSearch"),
        fixed(CodeBlock, Some("build-3"), GRAPHQL),
        fixed(CodeBlock, Some("build-3"), VARIABLES),
        fixed(CopyStatic, Some("build-3"), "callbackStatus"),
        fixed(
            CopyStatic,
            Some("build-3"),
            "$.data.taskDetails.tasks[0].callbackData.callbackStatus",
        ),
        fixed(CopyStatic, Some("build-3"), "callbackConnectTime"),
        fixed(
            CopyStatic,
            Some("build-3"),
            "$.data.taskDetails.tasks[0].callbackData.callbackConnectTime",
        ),
        fixed(CopyStatic, Some("build-4"), "searchresult"),
        fixed(
            CopyStatic,
            Some("build-4"),
            "HTTPRequest_CallBackSearch.httpResponseBody",
        ),
        fixed(CodeBlock, Some("build-5"), EXPRESSION),
        fixed(CopyStatic, Some("build-6"), TTS),
        fixed(CopyStatic, Some("testing-2"), "+14085267209"),
        fixed(CopyStatic, Some("testing-4"), "+14085267209"),
    ]
}

#[test]
fn every_copy_payload_with_an_id() {
    let doc = seed().doc;
    let attendee = id("123");
    let got: Vec<_> = doc
        .copy_targets(Some(&attendee))
        .into_iter()
        .map(|t| {
            assert!(t.payload.is_complete(), "{t:?}");
            (t.kind, t.step, t.payload.text)
        })
        .collect();
    let expected: Vec<_> = expected_payloads()
        .into_iter()
        .map(|(kind, step, with, _)| (kind, step.map(str::to_owned), with))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn every_copy_payload_without_an_id() {
    let doc = seed().doc;
    let got: Vec<_> = doc
        .copy_targets(None)
        .into_iter()
        .map(|t| {
            (
                t.kind,
                t.step,
                t.payload.text,
                t.payload.missing_attendee_id,
            )
        })
        .collect();
    let expected: Vec<_> = expected_payloads()
        .into_iter()
        .map(|(kind, step, _, without)| {
            let missing = kind == CopyKind::AttendeeValue;
            (kind, step.map(str::to_owned), without, missing)
        })
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn step_ids_use_the_typed_numbers_and_steps_show_mkdocs_numbers() {
    let doc = seed().doc;
    let ids: Vec<&str> = doc.steps.iter().map(|s| s.id.as_str()).collect();
    // The ids (progress keys, deep links) are the typed numbers, as before MkDocs numbering.
    assert_eq!(
        ids,
        [
            "build-1",
            "build-2",
            "build-3",
            "build-4",
            "build-5",
            "build-6",
            "build-7",
            "build-8",
            "testing-1",
            "testing-2",
            "testing-4",
            "testing-5",
            "testing-6",
            "testing-7",
            "testing-8",
            "testing-9",
            "testing-10",
            "testing-11",
        ]
    );
    assert_eq!(doc.step_count(), 18);
    // Testing is typed 1, 2, 4…: MkDocs shows the third item as 3.
    assert_eq!(doc.step("testing-4").map(|s| s.number), Some(3));
    assert_eq!(doc.step("testing-11").map(|s| s.number), Some(10));
    assert_eq!(
        doc.step("build-3").map(|s| s.section.as_str()),
        Some("build")
    );
    assert!(doc.step("testing-3").is_none());
    // Call Flow Overview and Mission Details are numbered lists too, but not steps.
    let step_items = count_step_items(&doc.blocks);
    assert_eq!(step_items, 18);
}

fn count_step_items(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| match b {
            Block::List(list) => list
                .items
                .iter()
                .map(|i| usize::from(i.step.is_some()) + count_step_items(&i.blocks))
                .sum(),
            _ => 0,
        })
        .sum()
}

#[test]
fn headings_have_anchors_and_the_title_comes_first() {
    let doc = seed().doc;
    let anchors: Vec<(u8, &str)> = doc
        .headings
        .iter()
        .map(|h| (h.level, h.id.as_str()))
        .collect();
    assert_eq!(
        anchors,
        [
            (1, "mission-4-preventing-callback-duplication"),
            (2, "story"),
            (2, "call-flow-overview"),
            (2, "mission-details"),
            (2, "build"),
            // `---` right under build step 3's image makes it a heading in MkDocs (with toc's id).
            (2, "_1"),
            (2, "testing"),
        ]
    );
    assert_eq!(
        doc.title.as_deref(),
        Some("Mission 4: Preventing Callback duplication")
    );
    assert!(doc.has_anchor("build-3") && doc.has_anchor("story") && !doc.has_anchor("nope"));
    assert_eq!(doc.front_matter.get("icon"), Some("material/medal"));
}

#[test]
fn admonitions_at_top_level_and_inside_a_quote() {
    let doc = seed().doc;
    let Some(Block::Admonition(first)) = doc.blocks.get(1) else {
        panic!(
            "the note under the title is not an admonition: {:?}",
            doc.blocks.get(1)
        );
    };
    assert_eq!(first.kind, AdmonitionKind::Note);
    assert_eq!(first.title.as_deref(), Some("Note"));
    assert!(
        matches!(first.body.as_slice(), [Block::Paragraph { content, .. }]
        if plain_text(content).starts_with("This task relies on completing Mission 3"))
    );

    // Build step 5: `> !!! Note` with indented lines, at the end of the step's quote (MkDocs puts
    // the expression's code block, a lazy continuation, in that same quote).
    let step5 = step_blocks(&doc, "build-5");
    let quoted: Vec<_> = step5
        .iter()
        .filter_map(|b| match b {
            Block::Quote(body) => match body.last() {
                Some(Block::Admonition(a)) => Some((a, body)),
                _ => None,
            },
            _ => None,
        })
        .collect();
    assert_eq!(quoted.len(), 1, "{step5:#?}");
    let (note, quote) = quoted[0];
    assert!(matches!(quote.get(quote.len() - 2), Some(Block::Code(_))));
    assert_eq!(note.kind, AdmonitionKind::Note);
    let body = match note.body.as_slice() {
        [Block::Paragraph { content, .. }] => plain_text(content),
        other => panic!("{other:?}"),
    };
    assert!(
        body.starts_with("Above expression uses nested ternary logic"),
        "{body}"
    );
    assert!(body.ends_with("callbackConnectTime is -1"), "{body}");
    assert!(!body.contains("!!!"));
}

fn step_blocks<'a>(doc: &'a MissionDoc, step: &str) -> &'a [Block] {
    for block in &doc.blocks {
        if let Block::List(list) = block {
            for item in &list.items {
                if item.step.as_ref().is_some_and(|s| s.id == step) {
                    return &item.blocks;
                }
            }
        }
    }
    panic!("no step {step}");
}

#[test]
fn the_search_api_link_opens_in_a_new_tab() {
    let doc = seed().doc;
    let links = all_inlines(&doc.blocks)
        .into_iter()
        .filter_map(|i| match i {
            Inline::Link(link) => Some(link.clone()),
            _ => None,
        })
        .collect::<Vec<_>>();
    assert_eq!(links.len(), 1);
    let link = &links[0];
    assert_eq!(
        link.href.as_str(),
        "https://developer.webex.com/webex-contact-center/docs/api/v1/tasks-call-control/create-task"
    );
    assert!(link.new_tab);
    assert_eq!(plain_text(&link.content), "Search API");
    let text = plain_text(
        &all_inlines(&doc.blocks)
            .into_iter()
            .cloned()
            .collect::<Vec<_>>(),
    );
    assert!(!text.contains("{:"), "the attr-list leaked");
    assert!(!text.contains("target="), "the attr-list leaked");
    assert!(text.contains("Search API for details."));
}

#[test]
fn images_are_placeholders_and_warnings() {
    let parsed = seed();
    let images: Vec<(String, String)> = all_inlines(&parsed.doc.blocks)
        .into_iter()
        .filter_map(|i| match i {
            Inline::Image(image) => Some((image.alt.clone(), image.path.clone())),
            _ => None,
        })
        .collect();
    let paths: Vec<&str> = images.iter().map(|(_, p)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "../graphics/Lab2/L2M3-1.gif",
            "../graphics/Lab2/L2M3-2_New2.gif",
            "../graphics/Lab2/L2M3-3.gif",
            "../graphics/Lab2/L2M3-4.gif",
            "../graphics/Lab2/L2M3-5.gif",
            "../graphics/Lab2/L2M3-6.gif",
        ]
    );
    assert!(images.iter().all(|(alt, _)| alt == "profiles"));
    // Warnings only: the six images, `---` under step 3's image (a heading in MkDocs) and the
    // Testing list typed 1, 2, 4 (MkDocs shows 1, 2, 3).
    let kinds: Vec<DiagnosticKind> = parsed.diagnostics.iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds,
        [
            DiagnosticKind::ImageNotShipped,
            DiagnosticKind::RuleBecameHeading,
            DiagnosticKind::ImageNotShipped,
            DiagnosticKind::ImageNotShipped,
            DiagnosticKind::ImageNotShipped,
            DiagnosticKind::ImageNotShipped,
            DiagnosticKind::TypedNumber,
            DiagnosticKind::ImageNotShipped,
        ],
        "{:#?}",
        parsed.diagnostics
    );
    assert!(parsed
        .diagnostics
        .iter()
        .all(|d| d.severity() == Severity::Warning));
    let typed = parsed
        .diagnostics
        .iter()
        .find(|d| d.kind == DiagnosticKind::TypedNumber)
        .map(|d| (d.line, d.column));
    assert_eq!(typed, Some((221, 1)));
}

#[test]
fn closing_paragraph_is_centred_with_fixed_emoji() {
    let doc = seed().doc;
    let Some(Block::Paragraph { align, content }) = doc.blocks.last() else {
        panic!("{:?}", doc.blocks.last());
    };
    assert_eq!(*align, TextAlign::Center);
    assert!(matches!(content.as_slice(), [Inline::Strong(_)]));
    let text = plain_text(content);
    assert_eq!(
        text.trim_end(),
        "Congratulations, you have succesfully completed Preventing Callback Duplication mission! 🎉🎉"
    );
    assert!(matches!(
        doc.blocks.get(doc.blocks.len().wrapping_sub(2)),
        Some(Block::Rule)
    ));
}

#[test]
fn call_flow_overview_keeps_its_line_breaks() {
    let doc = seed().doc;
    let Some(Block::List(list)) = doc.blocks.get(5) else {
        panic!("{:?}", doc.blocks.get(5));
    };
    assert_eq!(list.items.len(), 5);
    for item in &list.items {
        assert!(item.step.is_none());
        assert!(matches!(item.blocks.as_slice(), [Block::Plain(content)]
            if matches!(content.last(), Some(Inline::LineBreak))));
    }
}

#[test]
fn code_blocks_keep_their_language() {
    let doc = seed().doc;
    let languages: Vec<Option<String>> = code_blocks(&doc.blocks);
    assert_eq!(
        languages,
        [
            Some("GraphQL".into()),
            Some("JSON".into()),
            Some("JSON".into())
        ]
    );
}

fn code_blocks(blocks: &[Block]) -> Vec<Option<String>> {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Code(code) => out.push(code.language.clone()),
            Block::List(list) => list
                .items
                .iter()
                .for_each(|i| out.extend(code_blocks(&i.blocks))),
            Block::Quote(body) => out.extend(code_blocks(body)),
            Block::Admonition(a) => out.extend(code_blocks(&a.body)),
            _ => {}
        }
    }
    out
}

#[test]
fn progress_counts_the_seeds_steps() {
    let doc = seed().doc;
    let mut progress = MissionProgress::new("preventing-callback-duplication");
    assert_eq!(progress.summary(&doc).to_string(), "0 of 18 steps");
    progress.set_done("build-3", true);
    progress.set_done("testing-4", true);
    progress.set_done("testing-3", true); // not a step of the seed
    assert_eq!(progress.summary(&doc).to_string(), "2 of 18 steps");
    let stored = progress.to_json();
    let mut restored =
        MissionProgress::load_or_new("preventing-callback-duplication", Some(&stored));
    assert_eq!(restored, progress);
    restored.retain_known(&doc);
    assert!(!restored.is_done("testing-3"));
}

#[test]
fn the_registry_has_the_seed() {
    let seed = callback_lab::missions::compiled().find("preventing-callback-duplication");
    assert_eq!(seed.and_then(|m| m.number), Some(4));
    assert_eq!(
        seed.map(|m| m.title.as_str()),
        Some("Mission 4: Preventing Callback duplication")
    );
    assert_eq!(
        seed.map(|m| (*m.document).clone()),
        Some(parse_mission(SEED).doc)
    );
}

#[test]
fn substitution_in_code_inline_code_and_copy_static() {
    let markdown = "\
## Build

1. Queue `<Your_Attendee_ID>_Queue`<span class=\"copy-static\" data-copy-text=\"<Your_Attendee_ID>_Queue\"><span class=\"copy\"></span></span>

    ```json
    {\"queue\": \"<Your_Attendee_ID>_Queue\", \"flow\": \"Main_Flow_Your_Attendee_ID\"}
    ```

2. Channel <span class=\"attendee-id-container\"><span class=\"attendee-id-placeholder\" data-prefix=\"\" data-suffix=\"_Channel\">Your_Attendee_ID</span>_Channel<span class=\"copy\"></span></span> and plain <Your_Attendee_ID>_EP.
";
    let parsed = parse_mission(markdown);
    assert_eq!(parsed.diagnostics, []);
    let attendee = id("042");
    let with: Vec<(String, bool)> = parsed
        .doc
        .copy_targets(Some(&attendee))
        .into_iter()
        .map(|t| (t.payload.text, t.payload.missing_attendee_id))
        .collect();
    assert_eq!(
        with,
        [
            ("042_Queue".to_owned(), false),
            (
                r#"{"queue": "042_Queue", "flow": "Main_Flow_042"}"#.to_owned(),
                false
            ),
            ("042_Channel".to_owned(), false),
        ]
    );
    let without: Vec<bool> = parsed
        .doc
        .copy_targets(None)
        .into_iter()
        .map(|t| t.payload.missing_attendee_id)
        .collect();
    assert_eq!(without, [true, true, true]);

    let inlines = all_inlines(&parsed.doc.blocks);
    let code: Vec<String> = inlines
        .iter()
        .filter_map(|i| match i {
            Inline::Code(text) => Some(callback_lab::guide::inline_code(text, Some(&attendee))),
            _ => None,
        })
        .collect();
    assert_eq!(code, ["042_Queue"]);
    // Plain text mentioning the placeholder becomes an (uncopyable) attendee value.
    let values: Vec<String> = inlines
        .iter()
        .filter_map(|i| match i {
            Inline::AttendeeValue(v) => {
                Some(format!("{}|{}", v.payload(Some(&attendee)).text, v.copy))
            }
            _ => None,
        })
        .collect();
    assert_eq!(values, ["042_Channel|true", "042|false"]);
}

/// Every inline node, depth first.
fn all_inlines(blocks: &[Block]) -> Vec<&Inline> {
    fn inlines<'a>(content: &'a [Inline], out: &mut Vec<&'a Inline>) {
        for inline in content {
            out.push(inline);
            match inline {
                Inline::Strong(c)
                | Inline::Emphasis(c)
                | Inline::Strikethrough(c)
                | Inline::Mark(c)
                | Inline::Insert(c)
                | Inline::Superscript(c)
                | Inline::Subscript(c) => inlines(c, out),
                Inline::Link(link) => inlines(&link.content, out),
                _ => {}
            }
        }
    }
    fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a Inline>) {
        for block in blocks {
            match block {
                Block::Heading { content, .. }
                | Block::Paragraph { content, .. }
                | Block::Plain(content) => inlines(content, out),
                Block::List(list) => list.items.iter().for_each(|i| walk(&i.blocks, out)),
                Block::Quote(body) => walk(body, out),
                Block::Admonition(a) => walk(&a.body, out),
                Block::Details(d) => {
                    inlines(&d.summary, out);
                    walk(&d.body, out);
                }
                Block::Tabs(tabs) => tabs.tabs.iter().for_each(|t| walk(&t.body, out)),
                Block::Footnotes(notes) => notes.iter().for_each(|n| walk(&n.body, out)),
                Block::Definitions(items) => items.iter().for_each(|i| walk(&i.body, out)),
                Block::Table(t) => t
                    .head
                    .iter()
                    .chain(t.rows.iter().flatten())
                    .for_each(|c| inlines(c, out)),
                Block::Code(_) | Block::Rule => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(blocks, &mut out);
    out
}
