//! Guide components in a real headless Chromium: hostile content renders inert, the attendee ID flows
//! through props, progress survives corrupt storage.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use callback_lab::guide::{parse_mission, AttendeeId, MissionDoc, MissionProgress};
use callback_lab::ui::guide::{MissionView, MissionViewProps};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::Element;

#[path = "support/browser.rs"]
mod browser;

wasm_bindgen_test_configure!(run_in_browser);

const MALICIOUS: &str = r#"# Hostile mission

<script>window.__pwned = "script";</script>

<img src=x onerror="window.__pwned = 'img'">

Text with <b onmouseover="window.__pwned='b'">bold</b> and <iframe src="javascript:window.__pwned='iframe'"></iframe>.

[click me](javascript:window.__pwned='link') and [tab](JaVaScRiPt:alert(1)){:target="_blank"} and [ok](https://example.com/){:target="_blank"}

[data](data:text/html,<script>alert(1)</script>) <a href="javascript:alert(1)">raw anchor</a>

![picture](javascript:alert(1))

<svg onload="window.__pwned='svg'"><script>alert(1)</script></svg>

```html
<script>window.__pwned = "code";</script>
```

## Build

1. Open <span class="attendee-id-container">Main_Flow_<span class="attendee-id-placeholder" data-prefix="Main_Flow_" onclick="window.__pwned='span'">Your_Attendee_ID</span><span class="copy" title="Click to copy!"></span></span> now.

Attribute lists only ever give `target`: [a1](https://example.com/1){:target="_blank" onclick="window.__pwned='attr'"}
[a2](https://example.com/2){: onmouseover="window.__pwned='attr2'" } [a3](https://example.com/3){:target="_blank\" onclick=\"window.__pwned='quote'"}
[a4](https://example.com/4 "title\" onmouseover=\"window.__pwned='title'") [a5](&#106;avascript:window.__pwned='entity') [a6](<java	script:alert(1)>) [a7](vbscript:msgbox(1))

<span class="copy-static" data-copy-text="x" onclick="window.__pwned='copy'">copy me</span> and <span class="attendee-id-placeholder" data-prefix='"><img src=x onerror="window.__pwned=1">' data-suffix="<script>window.__pwned=2</script>">Your_Attendee_ID</span>

![alt <img src=x onerror="window.__pwned='alt'">](../graphics/Lab2/x.gif) ![remote](https://evil.example/x.png "t\" onload=\"window.__pwned='img'")

<style>body{display:none}</style> <form action="javascript:alert(1)"><input name="q"></form> <meta http-equiv="refresh" content="0;url=javascript:alert(1)"> <base href="https://evil.example/"> <link rel="stylesheet" href="https://evil.example/x.css"> <object data="javascript:alert(1)"></object> <embed src="javascript:alert(1)"> <math><mtext><script>alert(1)</script></mtext></math>

!!! Note "<img src=x onerror=\"window.__pwned='admonition'\">"
    Body with <script>window.__pwned='body'</script>.

## Heading <img src=x onerror="window.__pwned='heading'"> {: onclick="window.__pwned='h'"}
"#;

use browser::{document, new_root, settle};

fn props(slug: &str, doc: Rc<MissionDoc>, attendee: Option<&str>) -> MissionViewProps {
    MissionViewProps {
        slug: slug.to_owned().into(),
        doc,
        attendee: attendee.map(|id| AttendeeId::parse(id).unwrap()),
        original_url: None,
        page_href: "/callback-lab/guide/test".into(),
    }
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .collect()
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn hostile_markdown_renders_inert() {
    let root = new_root();
    let doc = Rc::new(parse_mission(MALICIOUS).doc);
    let _app = yew::Renderer::<MissionView>::with_root_and_props(
        root.clone(),
        props("hostile", doc, Some("137")),
    )
    .render();
    settle().await;

    // Something was rendered: the title, the safe link, the attendee value.
    assert_eq!(text(&root, "h1"), "Hostile mission");
    assert_eq!(text(&root, ".attendee-value"), "Main_Flow_137");
    assert!(all(&root, "a[href='https://example.com/']").len() == 1);

    for tag in [
        "script",
        "img",
        "iframe",
        "svg",
        "object",
        "embed",
        "b",
        "style",
        "form",
        "meta",
        "base",
        "link",
        "math",
        "input:not([type=checkbox])",
    ] {
        assert!(all(&root, tag).is_empty(), "a <{tag}> element was rendered");
    }
    // Content never styles the page: the only style attribute is the progress bar's width.
    for element in all(&root, "[style]") {
        let style = element.get_attribute("style").unwrap_or_default();
        assert!(
            style.starts_with("width:") && style.ends_with('%'),
            "style={style:?}"
        );
    }
    // The hostile texts are shown, as text.
    let shown = root.text_content().unwrap_or_default();
    for literal in [
        "<style>body{display:none}</style>",
        "<form action=\"javascript:alert(1)\">",
        "copy me",
    ] {
        assert!(shown.contains(literal), "{literal} is not shown as text");
    }
    let elements = all(&root, "*");
    assert!(elements.len() > 20, "only {} elements", elements.len());
    for element in &elements {
        for name in element.get_attribute_names().iter() {
            let name = name.as_string().unwrap_or_default().to_ascii_lowercase();
            assert!(
                !name.starts_with("on"),
                "<{}> has the attribute {name}",
                element.tag_name()
            );
            let value = element.get_attribute(&name).unwrap_or_default();
            let squeezed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            assert!(
                !squeezed.contains("javascript:") && !squeezed.starts_with("data:"),
                "<{}> {name}={value:?}",
                element.tag_name()
            );
        }
    }
    // Every link that survived carries a safe href; new-tab links cannot reach this page.
    for link in all(&root, "a") {
        let href = link.get_attribute("href").unwrap_or_default();
        assert!(
            href.starts_with("https://") || href.starts_with("/callback-lab/guide/test#"),
            "{href}"
        );
        if link.get_attribute("target").as_deref() == Some("_blank") {
            assert_eq!(
                link.get_attribute("rel").as_deref(),
                Some("noopener noreferrer")
            );
        }
    }
    // The script in the code block is shown as text.
    assert!(text(&root, "pre code").contains("<script>"));
    let pwned = js_sys::Reflect::get(&web_sys::window().unwrap(), &JsValue::from_str("__pwned"));
    assert!(pwned.map(|v| v.is_undefined()).unwrap_or(false));
}

#[wasm_bindgen_test]
async fn attendee_values_follow_the_prop() {
    let root = new_root();
    let doc = Rc::new(parse_mission(MALICIOUS).doc);
    let mut app = yew::Renderer::<MissionView>::with_root_and_props(
        root.clone(),
        props("attendee", doc.clone(), None),
    )
    .render();
    settle().await;
    assert_eq!(text(&root, ".attendee-value"), "Main_Flow_Your_Attendee_ID");
    assert_eq!(
        text(&root, ".attendee-value-container .copy-button"),
        "Copy Main_Flow_Your_Attendee_ID"
    );

    app.update(props("attendee", doc.clone(), Some("137")));
    settle().await;
    assert_eq!(text(&root, ".attendee-value"), "Main_Flow_137");
    assert_eq!(
        text(&root, ".attendee-value-container .copy-button"),
        "Copy Main_Flow_137"
    );

    app.update(props("attendee", doc, Some("042")));
    settle().await;
    assert_eq!(text(&root, ".attendee-value"), "Main_Flow_042");
}

#[wasm_bindgen_test]
async fn the_seed_has_a_checkbox_per_step_and_survives_corrupt_progress() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let key = MissionProgress::storage_key("seed-under-test");
    storage
        .set_item(&key, "{\"version\":1,\"mission\":")
        .unwrap();

    let mission = callback_lab::missions::compiled()
        .find("preventing-callback-duplication")
        .unwrap();
    let doc = Rc::new(MissionDoc::clone(&mission.document));
    let root = new_root();
    let _app = yew::Renderer::<MissionView>::with_root_and_props(
        root.clone(),
        props("seed-under-test", doc.clone(), Some("137")),
    )
    .render();
    settle().await;

    let boxes = all(&root, "li.step input[type=checkbox]");
    assert_eq!(boxes.len(), doc.step_count());
    assert_eq!(boxes.len(), 18);
    assert!(text(&root, ".progress-summary").contains("0 of 18 steps"));
    let checkbox = root.query_selector("#done-build-3").unwrap().unwrap();
    assert_eq!(
        checkbox.get_attribute("aria-label").as_deref(),
        Some("Done: Build step 3")
    );
    assert_eq!(text(&root, "label[for=done-build-3]"), "Done");
    // Anchors: every step and every heading has its id on the page.
    for id in doc
        .steps
        .iter()
        .map(|s| &s.id)
        .chain(doc.headings.iter().map(|h| &h.id))
    {
        assert!(document().get_element_by_id(id).is_some(), "#{id}");
    }

    let build_3: web_sys::HtmlElement = root
        .query_selector("#done-build-3")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    build_3.click();
    settle().await;
    assert!(text(&root, ".progress-summary").contains("1 of 18 steps"));
    let stored = storage.get_item(&key).unwrap().unwrap_or_default();
    assert_eq!(
        MissionProgress::from_json("seed-under-test", &stored)
            .map(|p| p.completed.into_iter().collect::<Vec<_>>()),
        Ok(vec!["build-3".to_owned()])
    );
    storage.remove_item(&key).unwrap();
}

const CONSTRUCTS: &str = r#"# MkDocs constructs

=== "Windows"
    Press **Start**.

=== "macOS"
    Open *Spotlight*.

===+ "Linux"
    Open a terminal.

**<details><summary>More <span style="color: red;">[Optional]</span></summary>**

Hidden text with a note[^1].

</details>

[^1]: The note's text.
"#;

fn key(target: &Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

fn focused_id() -> String {
    document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn tabs_details_and_footnotes_work_with_the_keyboard() {
    let root = new_root();
    let doc = Rc::new(parse_mission(CONSTRUCTS).doc);
    let _app = yew::Renderer::<MissionView>::with_root_and_props(
        root.clone(),
        props("constructs", doc, None),
    )
    .render();
    settle().await;

    // Tabs: a tablist of three tabs; `===+` picked the third; only it is in the Tab order.
    let tabs = all(&root, "[role=tablist] [role=tab]");
    assert_eq!(tabs.len(), 3);
    let selected = |tabs: &[Element]| -> Vec<String> {
        tabs.iter()
            .map(|t| t.get_attribute("aria-selected").unwrap_or_default())
            .collect()
    };
    assert_eq!(selected(&tabs), ["false", "false", "true"]);
    assert_eq!(
        tabs.iter()
            .map(|t| t.get_attribute("tabindex").unwrap_or_default())
            .collect::<Vec<_>>(),
        ["-1", "-1", "0"]
    );
    let panels = all(&root, "[role=tabpanel]");
    assert_eq!(panels.len(), 3);
    let visible = |panels: &[Element]| -> Vec<bool> {
        panels.iter().map(|p| !p.has_attribute("hidden")).collect()
    };
    assert_eq!(visible(&panels), [false, false, true]);
    for (tab, panel) in tabs.iter().zip(&panels) {
        assert_eq!(tab.get_attribute("aria-controls"), Some(panel.id()));
        assert_eq!(panel.get_attribute("aria-labelledby"), Some(tab.id()));
    }
    // ArrowRight wraps to the first tab, shows it and moves the focus there; End, Home, ArrowLeft.
    let list = root.query_selector("[role=tablist]").unwrap().unwrap();
    key(&list, "ArrowRight");
    settle().await;
    assert_eq!(selected(&tabs), ["true", "false", "false"]);
    assert_eq!(visible(&panels), [true, false, false]);
    assert_eq!(focused_id(), tabs[0].id());
    assert!(text(&root, "[role=tabpanel]:not([hidden])").contains("Start"));
    key(&list, "End");
    settle().await;
    assert_eq!(selected(&tabs), ["false", "false", "true"]);
    assert_eq!(focused_id(), tabs[2].id());
    key(&list, "Home");
    settle().await;
    key(&list, "ArrowLeft");
    settle().await;
    assert_eq!(selected(&tabs), ["false", "false", "true"]);
    key(&list, "ArrowLeft");
    settle().await;
    assert_eq!(selected(&tabs), ["false", "true", "false"]);
    assert!(text(&root, "[role=tabpanel]:not([hidden])").contains("Spotlight"));

    // Details: a native <details> whose <summary> (focusable) opens it; the text is inside.
    let details: web_sys::HtmlDetailsElement = root
        .query_selector("details.details")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(!details.open());
    let summary: web_sys::HtmlElement = details
        .query_selector("summary")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(
        summary.text_content().unwrap_or_default().trim(),
        "More [Optional]"
    );
    assert!(summary.tab_index() >= 0);
    summary.click();
    settle().await;
    assert!(details.open());
    assert!(details
        .text_content()
        .unwrap_or_default()
        .contains("Hidden text"));

    // Footnotes: the reference links to the note, the note links back to the reference.
    let reference = root.query_selector(".footnote-ref a").unwrap().unwrap();
    assert_eq!(
        reference.get_attribute("href").as_deref(),
        Some("/callback-lab/guide/test#fn:1")
    );
    assert_eq!(reference.text_content().as_deref(), Some("Footnote 1"));
    assert!(document().get_element_by_id("fn:1").is_some());
    assert!(document().get_element_by_id("fnref:1").is_some());
    let back = root.query_selector(".footnote-backref").unwrap().unwrap();
    assert_eq!(
        back.get_attribute("href").as_deref(),
        Some("/callback-lab/guide/test#fnref:1")
    );
    assert!(text(&root, ".footnotes").contains("The note's text."));
}
