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
    let href = browser::document()
        .and_then(|d| d.query_selector("base").ok().flatten())
        .and_then(|b| b.get_attribute("href"))
        .unwrap_or_else(|| "/".to_string());
    if href.ends_with('/') {
        href
    } else {
        format!("{href}/")
    }
}

/// The route of the current location.
pub fn current() -> Route {
    let path = browser::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    let base = base_path();
    let relative = path
        .strip_prefix(&base)
        .unwrap_or(path.trim_start_matches('/'));
    Route::from_relative(relative)
}

/// Pushes `route` onto the history (keeps `?query`, drops the `#fragment`).
pub fn push(route: &Route) {
    let Some(window) = browser::window() else {
        return;
    };
    let search = window.location().search().unwrap_or_default();
    if let Ok(history) = window.history() {
        let url = format!("{}{}", route.href(), search);
        let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
