//! The pages rendered at build time (`src/bin/prerender.rs`): every route's first view, by the app's
//! own components, natively.
#![cfg(not(target_arch = "wasm32"))]

use callback_lab::ui::prerender::{fill, render_all, routes, Page, TemplateError};

const BASE: &str = "/callback-lab/";

fn page(pages: &[Page], file: &str) -> Page {
    pages
        .iter()
        .find(|p| p.file == file)
        .unwrap_or_else(|| {
            panic!(
                "no {file} among {:?}",
                pages.iter().map(|p| &p.file).collect::<Vec<_>>()
            )
        })
        .clone()
}

#[test]
fn every_route_has_a_page_file_as_github_pages_serves_it() {
    let pages = render_all(BASE);
    let files: Vec<&str> = pages.iter().map(|p| p.file.as_str()).collect();
    // The pages of the current mission and the list, then each mission's own, from the registry.
    let mut expected: Vec<String> = ["index.html", "lab.html", "exercises.html", "m.html"]
        .map(str::to_owned)
        .to_vec();
    for mission in callback_lab::missions::compiled().missions() {
        let slug = &mission.slug;
        expected.extend([
            format!("m/{slug}.html"),
            format!("m/{slug}/lab.html"),
            format!("m/{slug}/exercises.html"),
        ]);
    }
    assert_eq!(files, expected);
    assert_eq!(pages.len(), routes().len());
    assert_eq!(
        page(&pages, "lab.html").title,
        "Condition lab · Callback Lab companion"
    );
    assert_eq!(
        page(&pages, "m/preventing-callback-duplication/exercises.html").path,
        "m/preventing-callback-duplication/exercises"
    );
}

#[test]
fn a_missions_own_pages_show_that_mission() {
    let pages = render_all(BASE);
    let guide = page(&pages, "m/preventing-callback-duplication.html").body;
    assert!(guide.contains("Mission 4: Preventing Callback duplication"));
    let lab = page(&pages, "m/preventing-callback-duplication/lab.html").body;
    assert!(lab.contains("Paste the Search API response your flow received"));
    assert!(lab.contains("class=\"needs-wasm\""));
}

#[test]
fn the_guide_page_holds_the_whole_mission() {
    let seed = std::fs::read_to_string("content/missions/preventing-callback-duplication/guide.md")
        .expect("the seed mission");
    let guide = page(&render_all(BASE), "index.html").body;
    for expected in [
        "<h1",
        "Mission 4: Preventing Callback duplication",
        // The story, a step, an admonition, a code block, an image placeholder, the last line.
        "If a caller who already has a scheduled callback contacts the contact center again",
        "class=\"admonition",
        "query callbackSearch($from: Long!, $to: Long!, $filter: TaskDetailsFilters)",
        "class=\"image-placeholder",
        "Congratulations, you have succesfully completed Preventing Callback Duplication mission!",
        // No ID yet: the placeholder, as the app shows it without one.
        "Main_Flow_Your_Attendee_ID",
    ] {
        assert!(
            guide.contains(&expected.replace('&', "&amp;")),
            "the guide page lacks {expected:?}"
        );
    }
    // Every heading of the seed is there.
    for heading in seed.lines().filter_map(|l| l.strip_prefix("## ")) {
        assert!(
            guide.contains(heading.trim()),
            "the guide page lacks the section {heading:?}"
        );
    }
    // Links go under the site's base, and the first view reads nothing from a browser.
    assert!(guide.contains("href=\"/callback-lab/lab\""));
    assert!(
        guide.contains("value=\"\""),
        "the Attendee ID field starts empty"
    );
    assert!(guide.contains("Theme: system"));
}

#[test]
fn the_lab_and_exercises_pages_explain_themselves_and_say_what_needs_webassembly() {
    let pages = render_all(BASE);
    let lab = page(&pages, "lab.html").body;
    assert!(lab.contains("Paste the Search API response your flow received"));
    assert!(lab.contains("class=\"needs-wasm\""));
    assert!(lab.contains("aria-current=\"page\""));
    let exercises = page(&pages, "exercises.html").body;
    assert!(exercises.contains("Rehearse the mission without a tenant"));
    assert!(exercises.contains("class=\"needs-wasm\""));
}

#[test]
fn the_template_gets_the_page_its_route_and_title() {
    let pages = render_all("/x/");
    let lab = page(&pages, "lab.html");
    let template = "<html><head><title>Callback Lab companion</title></head><body><div id=app></div><div id=boot></div></body></html>";
    let html = fill(template, &lab).expect("a template with a mount point");
    assert!(html.contains("<title>Condition lab · Callback Lab companion</title>"));
    assert!(html.contains("<div id=\"app\" data-route=\"lab\"><!--"));
    assert!(html.contains("href=\"/x/exercises\""));
    assert!(html.ends_with("</div><div id=boot></div></body></html>"));
    assert_eq!(
        fill("<title>t</title><body></body>", &lab),
        Err(TemplateError::NoMountPoint)
    );
    assert_eq!(
        fill("<div id=app></div>", &lab),
        Err(TemplateError::NoTitle)
    );
}
