//! The release build's pages rendered at build time (native only): every route's first view as
//! static HTML, by the same components the browser then hydrates (Yew's server-side rendering).
//! `src/bin/prerender.rs` writes them into the build's `index.html` template.

use super::app::App;
use super::browser;
use super::hydration::ROUTE_ATTRIBUTE;
use super::route::Route;

/// One prerendered page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The route's path relative to the site's base (`""`, `lab`, `guide/<slug>`).
    pub path: String,
    /// The file that serves it, relative to the build folder (`index.html`, `lab.html`): static
    /// hosts such as GitHub Pages serve `lab.html` for `/lab`.
    pub file: String,
    /// The document's title, as the app sets it for the route.
    pub title: String,
    /// `#app`'s content: the route's first view, with Yew's hydration markers.
    pub body: String,
}

/// Every route the app has a page for, from the mission registry: the pages that show the current
/// mission (the guide, the Condition lab, the Exercises), the list of missions, and each mission's
/// own guide, lab and exercises (`m/<slug>`, `m/<slug>/lab`, `m/<slug>/exercises`). A guide's
/// earlier address (`guide/<slug>`) has no page: `404.html` serves it and the app moves it to
/// `m/<slug>`.
pub fn routes() -> Vec<Route> {
    let mut routes = vec![
        Route::Guide(None),
        Route::Lab(None),
        Route::Exercises(None),
        Route::Missions,
    ];
    for mission in crate::missions::compiled().missions() {
        let slug = Some(mission.slug.to_string());
        routes.extend([
            Route::Guide(slug.clone()),
            Route::Lab(slug.clone()),
            Route::Exercises(slug),
        ]);
    }
    routes
}

/// The first view of `route` on a site served under `base` (`/callback-lab/`).
pub fn render(route: &Route, base: &str) -> Page {
    let path = route.relative_path();
    browser::server::set_location(base, &format!("{base}{path}"));
    let body = futures::executor::block_on(yew::LocalServerRenderer::<App>::new().render());
    let file = if path.is_empty() {
        "index.html".to_owned()
    } else {
        format!("{path}.html")
    };
    Page {
        title: title(route),
        path,
        file,
        body,
    }
}

/// Every route's page.
pub fn render_all(base: &str) -> Vec<Page> {
    routes().iter().map(|route| render(route, base)).collect()
}

/// The document title the app sets for `route`.
pub fn title(route: &Route) -> String {
    format!("{} · Callback Lab companion", route.title())
}

/// Where `template` (trunk's `index.html`) has the app's mount point, `<div id=app></div>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    NoMountPoint,
    NoTitle,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TemplateError::NoMountPoint => f.write_str(
                "the page has no empty `<div id=\"app\"></div>` to render into (see index.html)",
            ),
            TemplateError::NoTitle => f.write_str("the page has no <title>"),
        }
    }
}

impl std::error::Error for TemplateError {}

/// `template` with `page` inside its mount point (marked with the route it was rendered for) and
/// the page's title.
pub fn fill(template: &str, page: &Page) -> Result<String, TemplateError> {
    let mount = ["<div id=app></div>", "<div id=\"app\"></div>"]
        .into_iter()
        .find(|m| template.contains(m))
        .ok_or(TemplateError::NoMountPoint)?;
    let title_start = template.find("<title>").ok_or(TemplateError::NoTitle)?;
    let title_end = template[title_start..]
        .find("</title>")
        .map(|i| title_start + i + "</title>".len())
        .ok_or(TemplateError::NoTitle)?;
    let mut html = String::with_capacity(template.len() + page.body.len());
    html.push_str(&template[..title_start]);
    html.push_str(&format!("<title>{}</title>", escape_text(&page.title)));
    let rest = &template[title_end..];
    let filled = format!(
        "<div id=\"app\" {ROUTE_ATTRIBUTE}=\"{}\">{}</div>",
        escape_text(&page.path),
        page.body
    );
    html.push_str(&rest.replacen(mount, &filled, 1));
    Ok(html)
}

fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
