//! Client-side routes as real paths under the site's base (`/callback-lab/lab`), so deep links work on
//! GitHub Pages through its `404.html` fallback (a copy of `index.html`).

use super::browser;

/// A page of the app. Mission pages name their mission (`m/<slug>`, `m/<slug>/lab`,
/// `m/<slug>/exercises`) or show the current one (`""`, `lab`, `exercises`: the mission last opened,
/// or the only one). `guide/<slug>`, a guide's earlier address, opens `m/<slug>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Guide(Option<String>),
    Lab(Option<String>),
    Exercises(Option<String>),
    /// The list of missions (`m`).
    Missions,
    NotFound(String),
}

/// The prefix of a mission's own pages.
const MISSION_PREFIX: &str = "m/";

impl Route {
    pub const NAV: [Route; 3] = [Route::Guide(None), Route::Lab(None), Route::Exercises(None)];

    /// Whether this route belongs to the navigation entry `nav` (any mission's guide is under "Guide").
    pub fn is_under(&self, nav: &Route) -> bool {
        matches!(
            (self, nav),
            (Route::Guide(_) | Route::Missions, Route::Guide(_))
                | (Route::Lab(_), Route::Lab(_))
                | (Route::Exercises(_), Route::Exercises(_))
        )
    }

    /// Parses a path relative to the base (no leading slash): `""`, `"lab"`, `"m/x/exercises/"`.
    pub fn from_relative(path: &str) -> Route {
        let path = path.trim_matches('/');
        if let Some(slug) = path.strip_prefix("guide/") {
            return Route::Guide(Some(slug.to_string()));
        }
        if let Some(rest) = path.strip_prefix(MISSION_PREFIX) {
            return match rest.split_once('/') {
                None => Route::Guide(Some(rest.to_string())),
                Some((slug, "lab")) => Route::Lab(Some(slug.to_string())),
                Some((slug, "exercises")) => Route::Exercises(Some(slug.to_string())),
                Some(_) => Route::NotFound(path.to_string()),
            };
        }
        match path {
            "" | "guide" => Route::Guide(None),
            "lab" => Route::Lab(None),
            "exercises" => Route::Exercises(None),
            "m" => Route::Missions,
            other => Route::NotFound(other.to_string()),
        }
    }

    pub fn relative_path(&self) -> String {
        match self {
            Route::Guide(None) => String::new(),
            Route::Guide(Some(slug)) => format!("{MISSION_PREFIX}{slug}"),
            Route::Lab(None) => "lab".to_string(),
            Route::Lab(Some(slug)) => format!("{MISSION_PREFIX}{slug}/lab"),
            Route::Exercises(None) => "exercises".to_string(),
            Route::Exercises(Some(slug)) => format!("{MISSION_PREFIX}{slug}/exercises"),
            Route::Missions => "m".to_string(),
            Route::NotFound(p) => p.clone(),
        }
    }

    /// The mission the route names, if it names one.
    pub fn mission(&self) -> Option<&str> {
        match self {
            Route::Guide(slug) | Route::Lab(slug) | Route::Exercises(slug) => slug.as_deref(),
            Route::Missions | Route::NotFound(_) => None,
        }
    }

    /// The same page of the mission `slug` (the list of missions becomes that mission's guide).
    pub fn for_mission(&self, slug: &str) -> Route {
        let slug = Some(slug.to_string());
        match self {
            Route::Lab(_) => Route::Lab(slug),
            Route::Exercises(_) => Route::Exercises(slug),
            _ => Route::Guide(slug),
        }
    }

    pub fn title(&self) -> &'static str {
        match self {
            Route::Guide(_) => "Guide",
            Route::Lab(_) => "Condition lab",
            Route::Exercises(_) => "Exercises",
            Route::Missions => "Missions",
            Route::NotFound(_) => "Not found",
        }
    }

    pub fn href(&self) -> String {
        format!("{}{}", base_path(), self.relative_path())
    }
}

/// The site's base path from `<base href>` (set by trunk's `--public-url`), always ending in `/`.
pub fn base_path() -> String {
    let href = browser::base_href().unwrap_or_else(|| "/".to_string());
    if href.ends_with('/') {
        href
    } else {
        format!("{href}/")
    }
}

/// The route of the current location.
pub fn current() -> Route {
    let path = browser::pathname().unwrap_or_default();
    let base = base_path();
    let relative = path
        .strip_prefix(&base)
        .unwrap_or(path.trim_start_matches('/'));
    let route = Route::from_relative(relative);
    if route.relative_path() != relative.trim_end_matches('/') && route.mission().is_some() {
        // An earlier address (`guide/<slug>`): the address bar shows the page's own.
        replace(&route);
    }
    route
}

/// Replaces the current history entry's path by `route`'s, keeping the `?query` and `#fragment`.
fn replace(route: &Route) {
    let Some(window) = browser::window() else {
        return;
    };
    let location = window.location();
    let search = location.search().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    if let Ok(history) = window.history() {
        let url = format!("{}{}{}", route.href(), search, hash);
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Pushes `route` with `#fragment` (or none) onto the history, keeping the `?query`.
fn push(route: &Route, fragment: Option<&str>) {
    let Some(window) = browser::window() else {
        return;
    };
    let search = window.location().search().unwrap_or_default();
    if let Ok(history) = window.history() {
        let hash = fragment.map(|f| format!("#{f}")).unwrap_or_default();
        let url = format!("{}{}{}", route.href(), search, hash);
        let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Whether a click on a link is a plain one the app may handle; modified clicks (new tab, new
/// window, another button) are left to the browser.
pub fn is_plain_click(e: &web_sys::MouseEvent) -> bool {
    !(e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key() || e.button() != 0)
}

/// The `href` of an in-app link to `route` (and `#fragment`).
pub fn link_href(route: &Route, fragment: Option<&str>) -> String {
    match fragment {
        Some(f) => format!("{}#{f}", route.href()),
        None => route.href(),
    }
}

/// Follows an in-app link without reloading the page: pushes the route and tells the app through a
/// `popstate` event, as the browser's Back button does (the app listens to it and reads the route).
/// The page that opens reveals `#fragment` itself (see `guide::deep_link::reveal_fragment`).
pub fn follow(route: Route, fragment: Option<&'static str>) -> yew::Callback<web_sys::MouseEvent> {
    yew::Callback::from(move |e: web_sys::MouseEvent| {
        if !is_plain_click(&e) {
            return;
        }
        let Some(window) = browser::window() else {
            return;
        };
        let Ok(event) = web_sys::Event::new("popstate") else {
            return;
        };
        e.prevent_default();
        push(&route, fragment);
        let _ = window.dispatch_event(&event);
    })
}
