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
