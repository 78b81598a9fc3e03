//! Client-side routes as real paths under the site's base (`/callback-lab/lab`), so deep links work on
//! GitHub Pages through its `404.html` fallback (a copy of `index.html`).

use super::browser;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The guide; `Some(slug)` opens one mission (`guide/<slug>`), `None` the first one.
    Guide(Option<String>),
    Lab,
    Exercises,
    NotFound(String),
}

impl Route {
    pub const NAV: [Route; 3] = [Route::Guide(None), Route::Lab, Route::Exercises];

    /// Whether this route belongs to the navigation entry `nav` (any mission is under "Guide").
    pub fn is_under(&self, nav: &Route) -> bool {
        matches!((self, nav), (Route::Guide(_), Route::Guide(_))) || self == nav
    }

    /// Parses a path relative to the base (no leading slash): `""`, `"lab"`, `"exercises/"`.
    pub fn from_relative(path: &str) -> Route {
        let path = path.trim_matches('/');
        if let Some(slug) = path.strip_prefix("guide/") {
            return Route::Guide(Some(slug.to_string()));
        }
        match path {
            "" | "guide" => Route::Guide(None),
            "lab" => Route::Lab,
            "exercises" => Route::Exercises,
            other => Route::NotFound(other.to_string()),
        }
    }

    pub fn relative_path(&self) -> String {
        match self {
            Route::Guide(None) => String::new(),
            Route::Guide(Some(slug)) => format!("guide/{slug}"),
            Route::Lab => "lab".to_string(),
            Route::Exercises => "exercises".to_string(),
            Route::NotFound(p) => p.clone(),
        }
    }

    pub fn title(&self) -> &'static str {
        match self {
            Route::Guide(_) => "Guide",
            Route::Lab => "Condition lab",
            Route::Exercises => "Exercises",
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
    Route::from_relative(relative)
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
