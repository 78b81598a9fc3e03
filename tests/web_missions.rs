//! Several missions in a real headless Chromium: the synthetic second mission of
//! `tests/fixtures/missions/` (and a guide-only one) beside the shipped ones — its guide route, the
//! mission picker, progress kept per mission, the current mission remembered, and "no flow yet" for
//! a mission with a guide only. The browser cannot read folders, so the test builds the registry
//! from the fixture files compiled into it, as `build.rs` does for the shipped missions; the app is
//! mounted with it (`ui::mount_with`).
#![cfg(target_arch = "wasm32")]

use callback_lab::guide::MissionDoc;
use callback_lab::missions::{compiled, MissionFiles, Registry, GUIDE_FILE};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

#[path = "support/browser.rs"]
mod browser;

wasm_bindgen_test_configure!(run_in_browser);

use browser::{settle, storage, wait_for, window};

const SECOND: &str = "queue-closed-announcement";
const SEED: &str = "preventing-callback-duplication";

macro_rules! fixture {
    ($mission:literal, $file:literal) => {
        (
            $file,
            include_str!(concat!("fixtures/missions/", $mission, "/", $file)),
        )
    };
}

/// The shipped missions plus the two fixture folders, read as the registry reads any folder.
fn registry() -> Registry {
    let folder = |slug: &str, files: &[(&str, &str)]| {
        let mut folder = MissionFiles::new(slug, format!("tests/fixtures/missions/{slug}"));
        for (name, text) in files {
            folder.insert(*name, *text);
        }
        // Parsed here, as build.rs parses the shipped guides: the app's wasm has no parser.
        let document = folder.get(GUIDE_FILE).map(MissionDoc::parse);
        (folder, document)
    };
    let extra = Registry::from_folders([
        folder(
            SECOND,
            &[
                fixture!("queue-closed-announcement", "guide.md"),
                fixture!("queue-closed-announcement", "mission.json"),
                fixture!("queue-closed-announcement", "flow.json"),
                fixture!("queue-closed-announcement", "checks.json"),
                fixture!("queue-closed-announcement", "samples/closed.json"),
                fixture!("queue-closed-announcement", "samples/open.json"),
                fixture!(
                    "queue-closed-announcement",
                    "exercises/01-predict-closed.json"
                ),
            ],
        ),
        folder("welcome-tour", &[fixture!("welcome-tour", "guide.md")]),
    ]);
    assert!(extra.problems().is_empty(), "{:?}", extra.problems());
    compiled().clone().merged(extra)
}

/// Mounts the app at `path` with the fixture missions.
async fn open(path: &str) -> (Element, yew::AppHandle<callback_lab::ui::App>) {
    let _ = window().history().unwrap().push_state_with_url(
        &wasm_bindgen::JsValue::NULL,
        "",
        Some(path),
    );
    let root = browser::new_root();
    let handle = callback_lab::ui::mount_with(root.clone(), registry());
    settle().await;
    (root, handle)
}

/// The mission stored as the current one, once the app has stored it: the first view knows only
/// the address, so the mission on screen is remembered when the stored state has come in (polling,
/// up to 10 s).
async fn remembered_mission() -> Option<String> {
    for _ in 0..250 {
        if let Some(slug) = storage().get_item("callback-lab.mission").unwrap() {
            return Some(slug);
        }
        settle().await;
    }
    None
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_else(|| panic!("no {selector}"))
}

fn picker_links(root: &Element) -> Vec<(String, String, Option<String>)> {
    let links = root.query_selector_all("nav.mission-picker a").unwrap();
    (0..links.length())
        .filter_map(|i| links.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .map(|a| {
            (
                a.text_content().unwrap_or_default(),
                a.get_attribute("href").unwrap_or_default(),
                a.get_attribute("aria-current"),
            )
        })
        .collect()
}

#[wasm_bindgen_test]
async fn the_second_mission_opens_at_its_route_with_the_picker() {
    storage().clear().unwrap();
    let (root, handle) = open(&format!("/m/{SECOND}")).await;
    wait_for(&root, "article.mission").await;
    assert_eq!(
        text(&root, "article.mission h1"),
        "Mission 12: Queue closed announcement"
    );
    let boxes = root
        .query_selector_all("li.step input[type=checkbox]")
        .unwrap();
    assert_eq!(boxes.length(), 4, "3 Build steps and 1 Testing step");
    assert_eq!(
        root.query_selector("nav.mission-picker")
            .unwrap()
            .and_then(|n| n.get_attribute("aria-label"))
            .as_deref(),
        Some("Missions")
    );
    let links = picker_links(&root);
    for (name, slug) in [
        ("Mission 4", SEED),
        ("Mission 12", SECOND),
        ("Welcome tour", "welcome-tour"),
    ] {
        let link = links
            .iter()
            .find(|(text, _, _)| text == name)
            .unwrap_or_else(|| panic!("{name} in {links:?}"));
        assert_eq!(
            link.1,
            format!("/m/{slug}"),
            "the same page of that mission"
        );
        assert_eq!(
            link.2.is_some(),
            slug == SECOND,
            "{name} is current only on its page"
        );
    }
    assert_eq!(remembered_mission().await.as_deref(), Some(SECOND));

    // Progress is kept per mission: a tick here leaves the seed's progress alone.
    root.query_selector("#done-build-1")
        .unwrap()
        .unwrap()
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle().await;
    let stored = storage()
        .get_item(&format!("callback-lab.progress.{SECOND}"))
        .unwrap()
        .unwrap_or_default();
    assert!(stored.contains("build-1"), "{stored}");
    assert_eq!(
        storage()
            .get_item(&format!("callback-lab.progress.{SEED}"))
            .unwrap(),
        None
    );
    handle.destroy();
}

#[wasm_bindgen_test]
async fn a_guide_only_mission_has_no_lab_and_no_exercises_yet() {
    storage().clear().unwrap();
    for page in ["lab", "exercises"] {
        let (root, handle) = open(&format!("/m/welcome-tour/{page}")).await;
        let status = wait_for(&root, "section.no-flow [role=status]").await;
        let said = status.text_content().unwrap_or_default();
        assert!(said.contains("Welcome tour has no flow yet"), "{said}");
        let guide = root
            .query_selector("section.no-flow a")
            .unwrap()
            .and_then(|a| a.get_attribute("href"));
        assert_eq!(guide.as_deref(), Some("/m/welcome-tour"));
        // The picker offers the same page of the others.
        let links = picker_links(&root);
        assert!(
            links
                .iter()
                .any(|(_, href, _)| href == &format!("/m/{SEED}/{page}")),
            "{links:?}"
        );
        handle.destroy();
    }
}

#[wasm_bindgen_test]
async fn pages_without_a_mission_show_the_one_last_opened_or_the_list() {
    storage().clear().unwrap();
    let (root, handle) = open("/").await;
    let list = wait_for(&root, "nav.mission-list").await;
    assert!(text(&root, "h1").contains("Mission guide"));
    assert!(list
        .text_content()
        .unwrap_or_default()
        .contains("Mission 12: Queue closed announcement"));
    handle.destroy();

    storage()
        .set_item("callback-lab.mission", "welcome-tour")
        .unwrap();
    let (root, handle) = open("/lab").await;
    let status = wait_for(&root, "section.no-flow [role=status]").await;
    assert!(status
        .text_content()
        .unwrap_or_default()
        .contains("Welcome tour"));
    handle.destroy();

    // The earlier address of a guide opens the guide's own address.
    let (root, handle) = open(&format!("/guide/{SECOND}")).await;
    wait_for(&root, "article.mission").await;
    assert_eq!(
        window().location().pathname().unwrap(),
        format!("/m/{SECOND}")
    );
    assert_eq!(remembered_mission().await.as_deref(), Some(SECOND));
    handle.destroy();
}
