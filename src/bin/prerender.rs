//! Build step of scripts/build-release.sh: writes every route's first view, rendered by the app's own
//! components, into the release build (after trunk, before scripts/offline-build.mjs):
//!   prerender DIST [PUBLIC_URL]
//! `DIST/index.html` (trunk's page, whose `#app` is empty) is the template. It becomes the guide's
//! page; `lab.html`, `exercises.html`, `m.html` and each mission's `m/<slug>.html`,
//! `m/<slug>/lab.html` and `m/<slug>/exercises.html` (the mission registry's) are written beside it,
//! and `404.html` keeps the empty template (any other address, `guide/<slug>` included: the app
//! renders there as before).

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dist), base) = (args.next(), args.next()) else {
        eprintln!("usage: prerender DIST [PUBLIC_URL]   (PUBLIC_URL defaults to /callback-lab/)");
        std::process::exit(2);
    };
    let base = base.unwrap_or_else(|| "/callback-lab/".to_owned());
    if let Err(e) = write_pages(std::path::Path::new(&dist), &base) {
        eprintln!("prerender: {e}");
        std::process::exit(1);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn write_pages(dist: &std::path::Path, base: &str) -> Result<(), Box<dyn std::error::Error>> {
    use callback_lab::ui::prerender::{fill, render_all};
    use std::fs;

    let index = dist.join("index.html");
    let template = fs::read_to_string(&index)
        .map_err(|e| format!("{}: {e} (run trunk first)", index.display()))?;
    fs::write(dist.join("404.html"), &template)?;
    for page in render_all(base) {
        let path = dist.join(&page.file);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder)?;
        }
        fs::write(&path, fill(&template, &page)?)?;
        println!("{:<40} {:>8} bytes", page.file, page.body.len());
    }
    Ok(())
}
